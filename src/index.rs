//! The vault index: notes by path plus inverted maps (link target, @handle, word) so that queries
//! and one-note updates never rescan the vault.

use crate::body::TaskReading;
use crate::config::Settings;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::note::{link_key, Derived, Note, Person, Task};
use crate::staleness::{self, Assessment, Evidence, Source, StaleContact};
use crate::task::{Priority, StatusKind};
use std::cell::RefCell;
use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// The index's maps hash with [`KeyHasher`]: their keys are short words, link keys and ids.
type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A multiply-and-fold hasher, several times cheaper than the standard SipHash on the short keys
/// the index files every word of every open task under. SipHash's defence against crafted
/// collisions needs secret random keys, which wasm32-unknown-unknown does not have (its keys are
/// fixed), so the plugin never had that defence; a note's size and task count are bounded
/// (`MAX_BODY_BYTES`, `MAX_TASKS_PER_NOTE`), which bounds what one note can file.
#[derive(Clone, Copy, Default)]
struct KeyHasher(u64);

impl KeyHasher {
    /// An odd constant with bits spread across the word (the golden ratio's fraction).
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(Self::MULTIPLIER);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// The product's high bits are its best mixed; the table takes its buckets from the low bits
    /// and its tags from the top seven, so the high half is folded into the low half.
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

type NoteId = u32;

/// An entry of an inverted map. Entries are never removed on update: each carries the
/// generation of its note, and an entry whose generation is no longer the note's is skipped.
/// This keeps an update proportional to the note, not to how popular its words or links are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Ref {
    note: NoteId,
    generation: u32,
    task: u32,
}

/// Compact the inverted maps once dead entries outnumber live ones by this many.
const COMPACT_SLACK: usize = 4096;

struct Slot {
    path: String,
    generation: u32,
    /// Names this version of the note for callers that keep what they were handed (see
    /// [`TaskAt::key`]); from the process-wide counter, so no two versions of any note share one.
    serial: u64,
    note: Note,
    derived: Derived,
    /// Entries this note added to the inverted maps.
    entries: usize,
    /// The settings it was derived under ([`Index::begin_settings`] counts them).
    epoch: u32,
    /// For a person, how many open tasks concern them (what `tasks_for_person` returns, counted),
    /// kept current as notes come and go so that `stale` never gathers tasks per person.
    open_tasks: usize,
}

/// A task of the index with the path of its note.
#[derive(Clone, Copy, Debug)]
pub struct TaskAt<'a> {
    pub path: &'a str,
    pub task: &'a Task,
    /// Names this task of this version of its note, path included: two `TaskAt`s with one key
    /// are equal, whenever they were asked for, so a caller may keep what it built from one.
    pub key: (u64, u32),
}

/// The note's tasks under the settings it was derived with, each with its index in `note.tasks`:
/// checkbox lines without the global filter ([`Derived::non_tasks`]) are left out.
fn tasks_of<'n>(note: &'n Note, derived: &'n Derived) -> impl Iterator<Item = (u32, &'n Task)> + 'n {
    (0..).zip(&note.tasks).filter(|(i, _)| derived.non_tasks.binary_search(i).is_err())
}

/// Open tasks that concern a person.
#[derive(Clone, Debug)]
pub struct PersonTasks<'a> {
    pub path: &'a str,
    pub name: &'a str,
    /// Link, alias link or whole-name mention, and not owned.
    pub mentions: Vec<TaskAt<'a>>,
    /// Carrying one of the person's @handles.
    pub owned: Vec<TaskAt<'a>>,
}

/// A diagnostic with the path of its note.
#[derive(Clone, Debug)]
pub struct DiagnosticAt<'a> {
    pub path: &'a str,
    pub diagnostic: std::borrow::Cow<'a, Diagnostic>,
}

/// A person's contact as a `stale` query computed it, for the slot generation it was computed on.
struct CachedContact {
    generation: u32,
    contact: Rc<StaleContact>,
    lower_name: String,
    /// Unique to this assessment in this process (see [`Index::stale_serials`]).
    serial: u64,
}

/// Serials of assessed contacts and of note versions: from one counter for the whole process,
/// so that no two share one, whichever index made them.
static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What earlier `stale` queries computed, kept until something it rests on changes, so that the
/// query after a one-note update assesses only the people that update touched. A contact rests
/// on its own note, on `today` and the settings, on its open-task count and on the dated notes
/// linking one of its keys; `put` and `take` drop the contacts of the people whose count or
/// linking notes they change.
#[derive(Default)]
struct ContactCache {
    today: Option<Date>,
    /// By note id.
    entries: Vec<Option<CachedContact>>,
    /// The last answer's order (note ids), while no contact in it changed and no person came
    /// or went.
    sorted: Option<Vec<NoteId>>,
}

impl ContactCache {
    fn forget(&mut self, id: NoteId) {
        if let Some(e) = self.entries.get_mut(id as usize) {
            *e = None;
        }
        self.sorted = None;
    }

    fn clear(&mut self) {
        *self = ContactCache::default();
    }
}

/// What an index files: everything, or only what diagnostics rest on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every query answers.
    #[default]
    Everything,
    /// No open task is filed (no task maps, no open-task counts) and notes are read without
    /// their tasks' text ([`TaskReading::Recognised`]): `diagnostics` and `all_diagnostics` answer as
    /// with `Everything`, `tasks_for_person` answers `None`, `all_tasks` nothing, and contacts
    /// count no open tasks. What the CLI's `check` builds.
    Diagnostics,
}

impl Scope {
    /// How much of each task line a note read for this index needs.
    pub fn tasks(self) -> TaskReading {
        match self {
            Scope::Everything => TaskReading::Parsed,
            Scope::Diagnostics => TaskReading::Recognised,
        }
    }
}

#[derive(Default)]
pub struct Index {
    settings: Settings,
    scope: Scope,
    slots: Vec<Option<Slot>>,
    free: Vec<NoteId>,
    by_path: HashMap<String, NoteId>,
    next_generation: u32,
    /// Dated notes linking a key outside tasks that are not done: evidence of contact.
    /// Each entry carries the note's date, so that the stale query skips older notes without
    /// visiting them.
    link_notes: HashMap<String, Vec<(Date, Ref)>>,
    /// Open tasks linking a key.
    link_tasks: HashMap<String, Vec<Ref>>,
    /// Open tasks carrying a lower-cased @handle.
    handle_tasks: HashMap<String, Vec<Ref>>,
    /// Open tasks with an ASCII description, under each lower-cased word they contain, for
    /// whole-name mentions. Keyed by [`word_key`]: words that share a key share a list, and
    /// every candidate found through it is checked against the text.
    word_tasks: HashMap<u64, Vec<Ref>>,
    /// The same for the open tasks whose description is not ASCII: the only ones a whole-name
    /// mention can match without every word of the name among the task's words (Unicode
    /// lower-casing and letters), so `concerning` takes them all as candidates.
    non_ascii_word_tasks: HashMap<u64, Vec<Ref>>,
    /// Who a task can concern: people by link key, by lower-cased @handle, and by the longest
    /// word of each name that counts as a mention. Used to adjust `open_tasks` of the people a
    /// task concerns when its note changes.
    people_by_key: HashMap<String, Vec<NoteId>>,
    people_by_handle: HashMap<String, Vec<NoteId>>,
    people_by_word: HashMap<u64, Vec<NoteId>>,
    live_entries: usize,
    dead_entries: usize,
    /// Compact once dead entries outnumber live ones by this many: `COMPACT_SLACK`, or less
    /// in the checks, so that short update sequences compact too.
    compact_slack: usize,
    /// Behind a `RefCell` because `stale` answers through `&self`; only `stale` borrows it, and
    /// never while calling out.
    contacts: RefCell<ContactCache>,
    /// Counts settings changes: each slot records the one it was derived under.
    epoch: u32,
    /// Paths that may still be derived under earlier settings, for [`Index::rederive`].
    rederive: Vec<String>,
}

/// `text` lower-cased, borrowed when that changes nothing (ASCII without capitals: most words).
fn lower(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(text)
    } else if text.is_ascii() {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Lower-cased words of `text`: runs of letters and digits.
fn words(text: &str) -> Words<'_> {
    Words { text, at: 0, ascii: text.is_ascii(), lowered: true }
}

/// [`word_key`]s of the words of `text`, ASCII words lower-cased on the stack instead of copied.
fn word_keys(text: &str) -> impl Iterator<Item = u64> + '_ {
    Words { text, at: 0, ascii: text.is_ascii(), lowered: false }.map(|w| key_of_word(&w))
}

/// The iterator of [`words`]. In ASCII the letters and digits are the ASCII ones, and the text
/// is walked byte by byte; otherwise char by char.
struct Words<'a> {
    text: &'a str,
    at: usize,
    ascii: bool,
    /// Whether ASCII words come lower-cased (otherwise as written, for [`key_of_word`]).
    lowered: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = Cow<'a, str>;

    fn next(&mut self) -> Option<Cow<'a, str>> {
        let rest = self.text.get(self.at..)?;
        let (start, end) = if self.ascii {
            let bytes = rest.as_bytes();
            let start = bytes.iter().position(u8::is_ascii_alphanumeric)?;
            let len = bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - start);
            (start, start + len)
        } else {
            let start = rest.find(char::is_alphanumeric)?;
            let end = rest[start..].find(|c: char| !c.is_alphanumeric()).map_or(rest.len(), |n| start + n);
            (start, end)
        };
        let word = rest.get(start..end)?;
        self.at += end;
        Some(if self.ascii && !self.lowered { Cow::Borrowed(word) } else { lower(word) })
    }
}

/// The key a lower-cased word is filed under in the word maps: its text hashed, so that no map
/// holds the words themselves. Words may share a key; what is found through one is always
/// checked against the text (`mentions_whole`), so sharing only adds a candidate.
fn word_key(lowered: &str) -> u64 {
    key_of_bytes(lowered.as_bytes())
}

fn key_of_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = KeyHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// [`word_key`] of a word as written: a short ASCII word is lower-cased on the stack.
fn key_of_word(word: &str) -> u64 {
    let mut stack = [0u8; 64];
    match stack.get_mut(..word.len()) {
        Some(low) if word.is_ascii() => {
            low.copy_from_slice(word.as_bytes());
            low.make_ascii_lowercase();
            key_of_bytes(low)
        }
        _ => word_key(&lower(word)),
    }
}

/// The word of a mention name that finds candidate tasks in the word index: its longest.
fn longest_word(name: &str) -> Option<Cow<'_, str>> {
    words(name).max_by_key(|w| w.len())
}

/// The entries in every one of `lists`, each in put order (by generation, then task, as the
/// maps keep them): the shortest list is walked, and each entry looked for in the others by a
/// binary search over what remains of them, so the cost follows the shortest list.
fn intersect(mut lists: Vec<&[Ref]>) -> Vec<Ref> {
    lists.sort_by_key(|l| l.len());
    let Some((shortest, others)) = lists.split_first_mut() else { return Vec::new() };
    let order = |r: &Ref| (r.generation, r.task);
    let mut out = Vec::new();
    'entries: for r in shortest.iter() {
        for other in others.iter_mut() {
            let at = other.partition_point(|x| order(x) < order(r));
            *other = &other[at..];
            if other.first() != Some(r) {
                continue 'entries;
            }
        }
        out.push(*r);
    }
    out
}

/// Adds `id` under `key`, or takes it out (dropping the key once nobody is under it).
fn file_person<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<NoteId>>, key: K, id: NoteId, add: bool) {
    if add {
        let ids = map.entry(key).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    } else if let Some(ids) = map.get_mut(&key) {
        ids.retain(|&i| i != id);
        if ids.is_empty() {
            map.remove(&key);
        }
    }
}

/// Whether `haystack` contains `needle` (both lower-cased) as a whole name: not inside a longer
/// word on either side.
pub fn contains_whole(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let starts_alnum = needle.chars().next().is_some_and(char::is_alphanumeric);
    let ends_alnum = needle.chars().next_back().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let at = from + i;
        let end = at + needle.len();
        let before_ok = !starts_alnum || !haystack[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let after_ok = !ends_alnum || !haystack[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return true;
        }
        from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// `contains_whole` for an ASCII haystack in any letter case and a lower-cased needle, without
/// lower-casing the haystack first.
fn contains_whole_ascii(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (Some(&first), Some(&last)) = (n.first(), n.last()) else { return false };
    if !needle.is_ascii() || n.len() > h.len() {
        return false;
    }
    let (starts_alnum, ends_alnum) = (first.is_ascii_alphanumeric(), last.is_ascii_alphanumeric());
    // Only positions holding the needle's first letter (in either case) are compared further.
    (0..=h.len() - n.len()).filter(|&at| h[at].to_ascii_lowercase() == first).any(|at| {
        let end = at + n.len();
        h[at..end].eq_ignore_ascii_case(n)
            && (!starts_alnum || at == 0 || !h[at - 1].is_ascii_alphanumeric())
            && (!ends_alnum || end == h.len() || !h[end].is_ascii_alphanumeric())
    })
}

/// Whether a task description mentions `name` (lower-cased) as a whole name, that is
/// `contains_whole(&description.to_lowercase(), name)`. An ASCII description is compared in
/// place: lower-casing ASCII changes no length and no letter into a non-letter, so the answer is
/// the same, without an allocation per candidate task.
fn mentions_whole(description: &str, name: &str) -> bool {
    if description.is_ascii() {
        contains_whole_ascii(description, name)
    } else {
        contains_whole(&description.to_lowercase(), name)
    }
}

fn priority_rank(p: Option<Priority>) -> u8 {
    // The Tasks plugin ranks a task without priority between medium and low.
    match p {
        Some(Priority::Highest) => 0,
        Some(Priority::High) => 1,
        Some(Priority::Medium) => 2,
        None => 3,
        Some(Priority::Low) => 4,
        Some(Priority::Lowest) => 5,
    }
}

/// An impossible due date first (action is required, as the Tasks plugin says), then due date
/// (none last), then priority, then path and line.
pub fn sort_tasks(tasks: &mut [TaskAt]) {
    tasks.sort_by(|a, b| {
        let due = |t: &TaskAt| (!t.task.fields.due_is_invalid(), t.task.fields.due.is_none(), t.task.fields.due);
        due(a)
            .cmp(&due(b))
            .then(priority_rank(a.task.fields.priority).cmp(&priority_rank(b.task.fields.priority)))
            .then_with(|| a.path.cmp(b.path))
            .then(a.task.line.cmp(&b.task.line))
    });
}

fn is_open(task: &Task) -> bool {
    StatusKind::from_symbol(task.fields.status).is_open()
}

/// What an open task is filed under in the inverted maps: link keys, lower-cased handles and
/// lower-cased words, each sorted and without repeats.
struct TaskKeys<'a> {
    links: Vec<String>,
    handles: Vec<Cow<'a, str>>,
    /// [`word_key`]s of the words.
    words: Vec<u64>,
}

fn task_keys(task: &Task) -> TaskKeys<'_> {
    fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
        v.sort_unstable();
        v.dedup();
        v
    }
    TaskKeys {
        links: sorted(task.fields.links.iter().map(|l| link_key(l)).collect()),
        handles: sorted(task.fields.handles.iter().map(|h| lower(h)).collect()),
        words: sorted(word_keys(&task.fields.description).collect()),
    }
}

impl Index {
    pub fn new(settings: Settings) -> Index {
        Index::with_scope(settings, Scope::Everything)
    }

    /// An index that files only what `scope` needs.
    pub fn with_scope(settings: Settings, scope: Scope) -> Index {
        Index { settings, scope, compact_slack: COMPACT_SLACK, ..Index::default() }
    }

    /// Compacts the inverted maps once dead entries outnumber live ones by `slack` (for the
    /// property tests and fuzzing, whose update sequences are too short to reach
    /// `COMPACT_SLACK`). Kept by [`Index::clear`].
    #[doc(hidden)]
    pub fn set_compact_slack(&mut self, slack: usize) {
        self.compact_slack = slack;
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// Whether open tasks are filed (see [`Scope`]).
    fn files_tasks(&self) -> bool {
        self.scope == Scope::Everything
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Replaces the settings and re-derives every note from what was read (no text needed).
    /// Notes in newly excluded folders are dropped; notes in folders no longer excluded must be
    /// upserted again by the caller, since their text was never read.
    pub fn set_settings(&mut self, settings: Settings) {
        self.begin_settings(settings);
        self.rederive(usize::MAX);
    }

    /// Replaces the settings and leaves the notes to [`Index::rederive`], so that a caller with
    /// a UI to keep responsive re-derives them a slice at a time (a 10,000-note vault takes a
    /// fifth of a second in one go on a desktop, about a second on a phone). Until `rederive`
    /// answers 0 the index is not ready: each note answers as derived under the settings it was
    /// last derived under, so answers mix old and new. Updates meanwhile derive under the new
    /// settings; nothing else changes the rules (notes in folders no longer excluded must be
    /// upserted again, as with `set_settings`).
    pub fn begin_settings(&mut self, settings: Settings) {
        self.settings = settings;
        self.epoch = self.epoch.wrapping_add(1);
        self.contacts.get_mut().clear();
        self.rederive = self.slots.iter().flatten().map(|s| s.path.clone()).collect();
    }

    /// Re-derives up to `max_notes` notes under the settings [`Index::begin_settings`] set (a
    /// note in a newly excluded folder is dropped), and answers how many may be left: 0 once
    /// every note answers under the new settings, exactly as an index built afresh with them.
    pub fn rederive(&mut self, max_notes: usize) -> usize {
        let started = !self.rederive.is_empty();
        let mut done = 0;
        while done < max_notes {
            let Some(path) = self.rederive.pop() else { break };
            // Gone, or put again since (an update, a rename): already under the new settings.
            if self.slot_at(&path).is_none_or(|s| s.epoch == self.epoch) {
                continue;
            }
            done += 1;
            if self.settings.is_excluded(&path) {
                self.remove(&path);
            } else if let Some(slot) = self.take(&path) {
                self.put(path, slot.note, None);
            }
        }
        if started && self.rederive.is_empty() {
            // Contacts assessed between two slices rested on a mix of derivations.
            self.contacts.get_mut().clear();
        }
        self.rederive.len()
    }

    /// How many notes [`Index::rederive`] may still have to re-derive: 0 when the index is ready.
    pub fn rederive_pending(&self) -> usize {
        self.rederive.len()
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().flatten().map(|s| s.path.as_str())
    }

    /// Adds or replaces a note. Notes under excluded folders are ignored.
    pub fn upsert(&mut self, path: &str, text: &str) {
        if self.settings.is_excluded(path) {
            self.remove(path);
            return;
        }
        self.take(path);
        self.put(path.to_string(), Note::parse_with(text, self.scope.tasks()), None);
    }

    /// Adds or replaces a note already parsed and derived for `path` under these settings (the
    /// CLI derives on its reader threads too). The caller must derive with [`Index::settings`].
    pub fn upsert_derived(&mut self, path: &str, note: Note, derived: Derived) {
        self.take(path);
        self.put(path.to_string(), note, Some(derived));
    }

    /// Drops a note; whether the index held it as part of the vault. A note in a folder that
    /// settings being applied exclude (not re-derived yet) is no longer part of it: false.
    pub fn remove(&mut self, path: &str) -> bool {
        self.take(path).is_some() && !self.settings.is_excluded(path)
    }

    /// Moves a note: its text is unchanged, only what depends on the path is derived again.
    /// False when the index did not hold the note as part of the vault (never had it, or it lies
    /// in a folder that settings being applied exclude): the caller then reads it afresh.
    pub fn rename(&mut self, old: &str, new: &str) -> bool {
        let part_of_vault = !self.settings.is_excluded(old);
        let Some(slot) = self.take(old) else { return false };
        // What the index held under the new path is replaced by the note moved there, even when
        // that path is excluded (a note there not yet dropped by settings being applied).
        self.take(new);
        if !self.settings.is_excluded(new) {
            self.put(new.to_string(), slot.note, None);
        }
        part_of_vault
    }

    pub fn clear(&mut self) {
        let settings = std::mem::take(&mut self.settings);
        let slack = self.compact_slack;
        *self = Index::with_scope(settings, self.scope);
        self.compact_slack = slack;
    }

    fn take(&mut self, path: &str) -> Option<Slot> {
        let id = self.by_path.remove(path)?;
        let slot = self.slots.get_mut(id as usize)?.take()?;
        self.free.push(id);
        if let Some(person) = &slot.derived.person {
            self.file_person(id, person, false);
            self.contacts.get_mut().forget(id);
        }
        self.forget_linked_contacts(&slot.derived);
        let files_tasks = self.files_tasks();
        for (_, task) in tasks_of(&slot.note, &slot.derived).filter(|(_, t)| files_tasks && is_open(t)) {
            let keys = task_keys(task);
            for p in self.concerned(&keys, &task.fields.description) {
                self.contacts.get_mut().forget(p);
                if let Some(Some(s)) = self.slots.get_mut(p as usize) {
                    // Saturating: while `rederive` re-derives notes one by one, a count made
                    // under the old settings may meet a decrement under the new; the person's
                    // own re-derivation then counts afresh.
                    s.open_tasks = s.open_tasks.saturating_sub(1);
                }
            }
        }
        self.live_entries -= slot.entries;
        self.dead_entries += slot.entries;
        if self.dead_entries > self.live_entries + self.compact_slack {
            self.compact();
        }
        Some(slot)
    }

    fn put(&mut self, path: String, note: Note, derived: Option<Derived>) {
        let derived = derived.unwrap_or_else(|| note.derive(&path, &self.settings));
        self.next_generation = self.next_generation.wrapping_add(1);
        let generation = self.next_generation;
        let id = match self.free.pop() {
            Some(id) => id,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as NoteId
            }
        };
        let mut entries = 0;
        if let Some(date) = derived.date {
            for key in &derived.link_keys {
                self.link_notes.entry(key.clone()).or_default().push((date, Ref { note: id, generation, task: 0 }));
                entries += 1;
            }
        }
        // Most keys are in the map already: a new one is the only one that needs its own string.
        let mut push = |map: &mut HashMap<String, Vec<Ref>>, key: &str, task: u32| {
            let r = Ref { note: id, generation, task };
            match map.get_mut(key) {
                Some(refs) => refs.push(r),
                None => {
                    map.insert(key.to_string(), vec![r]);
                }
            }
            entries += 1;
        };
        // Tasks of this note concern these people (one entry per task and person); their
        // counts go up once the slot is in place.
        let mut concerned: Vec<NoteId> = Vec::new();
        let mut word_entries = 0;
        let files_tasks = self.files_tasks();
        for (i, task) in tasks_of(&note, &derived).filter(|(_, t)| files_tasks && is_open(t)) {
            let keys = task_keys(task);
            concerned.extend(self.concerned(&keys, &task.fields.description));
            for k in &keys.links {
                push(&mut self.link_tasks, k, i);
            }
            for h in &keys.handles {
                push(&mut self.handle_tasks, h, i);
            }
            let words = if task.fields.description.is_ascii() { &mut self.word_tasks } else { &mut self.non_ascii_word_tasks };
            for &w in &keys.words {
                words.entry(w).or_default().push(Ref { note: id, generation, task: i });
            }
            word_entries += keys.words.len();
        }
        let entries = entries + word_entries;
        self.live_entries += entries;
        self.by_path.insert(path.clone(), id);
        let person = derived.person.clone();
        let serial = NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.slots[id as usize] = Some(Slot { path, generation, serial, note, derived, entries, epoch: self.epoch, open_tasks: 0 });
        for p in concerned {
            self.contacts.get_mut().forget(p);
            if let Some(Some(s)) = self.slots.get_mut(p as usize) {
                s.open_tasks += 1;
            }
        }
        if let Some(Some(slot)) = self.slots.get(id as usize) {
            self.forget_linked_contacts(&slot.derived);
        }
        if let Some(person) = person {
            self.contacts.get_mut().forget(id);
            self.file_person(id, &person, true);
            if files_tasks {
                let (owned, mentions) = self.concerning(&person);
                if let Some(Some(s)) = self.slots.get_mut(id as usize) {
                    s.open_tasks = owned.len() + mentions.len();
                }
            }
        }
    }

    /// Drops the cached contacts of the people a note is evidence for: a dated note linking them.
    fn forget_linked_contacts(&self, derived: &Derived) {
        if derived.date.is_none() {
            return;
        }
        let mut cache = self.contacts.borrow_mut();
        for key in &derived.link_keys {
            for &p in self.people_by_key.get(key).into_iter().flatten() {
                cache.forget(p);
            }
        }
    }

    /// Files the person of note `id` under what can point at them, or takes them out.
    fn file_person(&mut self, id: NoteId, person: &Person, add: bool) {
        for key in &person.keys {
            file_person(&mut self.people_by_key, key.clone(), id, add);
        }
        for h in &person.handles {
            file_person(&mut self.people_by_handle, h.to_lowercase(), id, add);
        }
        for word in person.mention_names.iter().filter_map(|n| longest_word(n)) {
            file_person(&mut self.people_by_word, word_key(&word), id, add);
        }
    }

    /// The people an open task concerns, by the rules of [`Index::tasks_for_person`] seen from
    /// the task's side: a link to one of their keys, one of their handles, or one of their
    /// mention names as a whole name (found through the name's longest word, as there).
    fn concerned(&self, keys: &TaskKeys, description: &str) -> Vec<NoteId> {
        let mut people: Vec<NoteId> = Vec::new();
        for k in &keys.links {
            people.extend(self.people_by_key.get(k).into_iter().flatten());
        }
        for h in &keys.handles {
            people.extend(self.people_by_handle.get(&**h).into_iter().flatten());
        }
        if self.settings.config.whole_name_matching {
            // In ASCII, a whole-name mention puts every word of the name among the task's words;
            // checking that first rejects the many people who share a surname without a search.
            let ascii = description.is_ascii();
            let has_words = |name: &str| {
                !(ascii && name.is_ascii())
                    || name
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter(|x| !x.is_empty())
                        .all(|x| keys.words.binary_search(&key_of_word(x)).is_ok())
            };
            for w in &keys.words {
                let Some(ids) = self.people_by_word.get(w) else { continue };
                for &id in ids {
                    let Some(Some(slot)) = self.slots.get(id as usize) else { continue };
                    let Some(person) = &slot.derived.person else { continue };
                    if person.mention_names.iter().any(|n| has_words(n) && longest_word(n).map(|l| word_key(&l)) == Some(*w) && mentions_whole(description, n)) {
                        people.push(id);
                    }
                }
            }
        }
        // Only filed people with a slot count; the note being put is not in place yet and
        // counts its own tasks afresh.
        people.retain(|&id| matches!(self.slots.get(id as usize), Some(Some(_))));
        people.sort_unstable();
        people.dedup();
        people
    }

    fn compact(&mut self) {
        let slots = &self.slots;
        let live = |r: &Ref| slots.get(r.note as usize).and_then(Option::as_ref).is_some_and(|s| s.generation == r.generation);
        self.link_notes.retain(|_, refs| {
            refs.retain(|(_, r)| live(r));
            !refs.is_empty()
        });
        for map in [&mut self.link_tasks, &mut self.handle_tasks] {
            map.retain(|_, refs| {
                refs.retain(live);
                !refs.is_empty()
            });
        }
        for map in [&mut self.word_tasks, &mut self.non_ascii_word_tasks] {
            map.retain(|_, refs| {
                refs.retain(live);
                !refs.is_empty()
            });
        }
        self.dead_entries = 0;
    }

    fn slot(&self, r: &Ref) -> Option<&Slot> {
        self.slots.get(r.note as usize)?.as_ref().filter(|s| s.generation == r.generation)
    }

    fn slot_at(&self, path: &str) -> Option<&Slot> {
        self.slots.get(*self.by_path.get(path)? as usize)?.as_ref()
    }

    fn task_at(&self, r: &Ref) -> Option<TaskAt<'_>> {
        let slot = self.slot(r)?;
        Some(TaskAt { path: &slot.path, task: slot.note.tasks.get(r.task as usize)?, key: (slot.serial, r.task) })
    }

    fn live_refs<'a, K, Q>(&'a self, map: &'a HashMap<K, Vec<Ref>>, key: &Q) -> impl Iterator<Item = Ref> + 'a
    where
        K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        map.get(key).into_iter().flatten().copied().filter(|r| self.slot(r).is_some())
    }

    pub fn note(&self, path: &str) -> Option<(&Note, &Derived)> {
        self.slot_at(path).map(|s| (&s.note, &s.derived))
    }

    /// Every person, by name.
    pub fn people(&self) -> Vec<(&str, &Derived)> {
        let mut people: Vec<(&str, &Derived)> =
            self.slots.iter().flatten().filter(|s| s.derived.person.is_some()).map(|s| (s.path.as_str(), &s.derived)).collect();
        people.sort_by(|a, b| a.1.name.to_lowercase().cmp(&b.1.name.to_lowercase()).then(a.0.cmp(b.0)));
        people
    }

    /// The person a name, alias, handle or path designates; the first by path when several do.
    pub fn find_person(&self, query: &str) -> Option<&str> {
        let q = query.trim().trim_start_matches('@');
        let key = link_key(q.trim_start_matches("[[").trim_end_matches("]]"));
        self.people()
            .into_iter()
            .filter(|(path, d)| {
                let p = d.person.as_ref();
                *path == q || p.is_some_and(|p| p.keys.contains(&key) || p.handles.iter().any(|h| h.eq_ignore_ascii_case(q)))
            })
            .map(|(path, _)| path)
            .min()
    }

    /// Open tasks concerning the person at `path`; `None` when it is not a person, or when the
    /// index files no tasks ([`Scope::Diagnostics`]).
    pub fn tasks_for_person(&self, path: &str) -> Option<PersonTasks<'_>> {
        if !self.files_tasks() {
            return None;
        }
        let slot = self.slot_at(path)?;
        let person = slot.derived.person.as_ref()?;
        let (owned, mentions) = self.concerning(person);
        let resolve = |refs: Vec<Ref>| -> Vec<TaskAt> {
            let mut tasks: Vec<TaskAt> = refs.iter().filter_map(|r| self.task_at(r)).collect();
            sort_tasks(&mut tasks);
            tasks
        };
        Some(PersonTasks { path: &slot.path, name: &slot.derived.name, mentions: resolve(mentions), owned: resolve(owned) })
    }

    /// The live open tasks a person owns and, apart from those, the ones that mention them.
    fn concerning<'a>(&'a self, person: &Person) -> (Vec<Ref>, Vec<Ref>) {
        let mut owned: Vec<Ref> = Vec::new();
        for h in &person.handles {
            owned.extend(self.live_refs(&self.handle_tasks, &h.to_lowercase()));
        }
        let mut mentions: Vec<Ref> = Vec::new();
        for key in &person.keys {
            mentions.extend(self.live_refs(&self.link_tasks, key));
        }
        if self.settings.config.whole_name_matching {
            for name in &person.mention_names {
                // Candidates: the tasks under every word of the name, and the non-ASCII tasks
                // under its longest word; each is then checked as a whole name.
                let Some(word) = longest_word(name) else { continue };
                let list = |map: &'a HashMap<u64, Vec<Ref>>, word: &str| map.get(&word_key(word)).map_or(&[][..], Vec::as_slice);
                // An ASCII task that mentions an ASCII name has every word of the name among its
                // words, so it is in the list of each: the candidates are where the lists meet,
                // and the many tasks of other people who share a word of the name (a surname, a
                // first name) are passed over without visiting them.
                let ascii: Cow<[Ref]> = if name.is_ascii() {
                    Cow::Owned(intersect(words(name).map(|w| list(&self.word_tasks, &w)).collect()))
                } else {
                    Cow::Borrowed(list(&self.word_tasks, &word))
                };
                for &r in ascii.iter().chain(list(&self.non_ascii_word_tasks, &word)) {
                    if let Some(t) = self.task_at(&r) {
                        if mentions_whole(&t.task.fields.description, name) {
                            mentions.push(r);
                        }
                    }
                }
            }
        }
        let key = |r: &Ref| (r.note, r.task);
        owned.sort_by_key(key);
        owned.dedup_by_key(|r| key(r));
        mentions.sort_by_key(key);
        mentions.dedup_by_key(|r| key(r));
        mentions.retain(|m| owned.binary_search_by_key(&key(m), key).is_err());
        (owned, mentions)
    }

    /// Every task of the vault, open or not, in task order.
    pub fn all_tasks(&self) -> Vec<TaskAt<'_>> {
        let mut tasks: Vec<TaskAt> =
            self.slots.iter().flatten().flat_map(|s| tasks_of(&s.note, &s.derived).map(move |(i, task)| TaskAt { path: &s.path, task, key: (s.serial, i) })).collect();
        sort_tasks(&mut tasks);
        tasks
    }

    /// The newest evidence of contact with the person in `slot`, on or before `today`; with
    /// `frontmatter` false, only what the body and other notes show.
    fn evidence(&self, slot: &Slot, today: Date, frontmatter: bool) -> Option<Evidence> {
        let person = slot.derived.person.as_ref()?;
        let evidence = &self.settings.config.evidence;
        let mut best = person
            .last_contact
            .filter(|d| frontmatter && *d <= today)
            .map(|date| Evidence { date, source: Source::Frontmatter, path: None });
        if evidence.recent_context {
            let recent = slot.note.recent_contact(today).map(|date| Evidence { date, source: Source::RecentContext, path: None });
            best = staleness::newest(best, recent);
        }
        if evidence.linked_notes {
            // The newest linking note, its path copied once at the end: a popular person is
            // linked from thousands of notes.
            let mut linked: Option<(Date, &Slot)> = None;
            for key in &person.keys {
                for &(date, r) in self.link_notes.get(key).into_iter().flatten() {
                    let older = linked.is_some_and(|(d, _)| date < d) || best.as_ref().is_some_and(|b| date <= b.date);
                    if date > today || older {
                        continue;
                    }
                    let Some(other) = self.slot(&r) else { continue };
                    // Of notes linking on one day, the first by path: the same answer however
                    // the index was built, not whichever note was indexed first.
                    let tie_lost = linked.is_some_and(|(d, o)| d == date && o.path <= other.path);
                    if !std::ptr::eq(other, slot) && !tie_lost {
                        linked = Some((date, other));
                    }
                }
            }
            if let Some((date, other)) = linked {
                best = Some(Evidence { date, source: Source::LinkedNote, path: Some(other.path.clone()) });
            }
        }
        best
    }

    fn assess(&self, slot: &Slot, today: Date) -> Option<StaleContact> {
        let person = slot.derived.person.as_ref()?;
        let open_tasks = slot.open_tasks;
        let a = Assessment { path: &slot.path, name: &slot.derived.name, person, evidence: self.evidence(slot, today, true), open_tasks };
        Some(staleness::assess(a, &self.settings, today))
    }

    /// Every person with their staleness, most overdue first.
    /// Contacts no update has touched since an earlier query on the same `today` are reused.
    pub fn stale(&self, today: Date) -> Vec<Rc<StaleContact>> {
        let mut cache = self.contacts.borrow_mut();
        let cache = self.refresh_contacts(&mut cache, today);
        cache.sorted.iter().flatten().filter_map(|&id| Some(Rc::clone(&cache.entries.get(id as usize)?.as_ref()?.contact))).collect()
    }

    /// [`Index::stale`] for a caller that keeps the contacts it was given (the WebAssembly API
    /// keeps the JS objects it made): each contact in order as its serial, which changes
    /// whenever the contact is assessed again, with the contact only when `known(serial)` is false.
    pub fn stale_serials(&self, today: Date, known: impl Fn(u64) -> bool) -> Vec<(u64, Option<Rc<StaleContact>>)> {
        let mut cache = self.contacts.borrow_mut();
        let cache = self.refresh_contacts(&mut cache, today);
        let mut out = Vec::new();
        for &id in cache.sorted.iter().flatten() {
            let Some(Some(entry)) = cache.entries.get(id as usize) else { continue };
            out.push((entry.serial, (!known(entry.serial)).then(|| Rc::clone(&entry.contact))));
        }
        out
    }

    /// Brings the kept contacts up to date for `today`: assesses the people whose contact was
    /// dropped, and sorts again if any was.
    fn refresh_contacts<'c>(&self, cache: &'c mut ContactCache, today: Date) -> &'c mut ContactCache {
        if cache.today != Some(today) {
            cache.clear();
            cache.today = Some(today);
        }
        if cache.sorted.is_some() {
            return cache;
        }
        cache.entries.resize_with(self.slots.len(), || None);
        for (slot, entry) in self.slots.iter().zip(cache.entries.iter_mut()) {
            match slot {
                None => *entry = None,
                Some(slot) if entry.as_ref().is_none_or(|e| e.generation != slot.generation) => {
                    *entry = self.assess(slot, today).map(|c| CachedContact {
                        generation: slot.generation,
                        lower_name: c.name.to_lowercase(),
                        contact: Rc::new(c),
                        serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                    });
                }
                Some(_) => {}
            }
        }
        let mut people: Vec<(NoteId, &CachedContact)> =
            cache.entries.iter().enumerate().filter_map(|(id, e)| Some((id as NoteId, e.as_ref()?))).collect();
        people.sort_by(|(_, a), (_, b)| staleness::order(&a.contact, &a.lower_name, &b.contact, &b.lower_name));
        cache.sorted = Some(people.into_iter().map(|(id, _)| id).collect());
        cache
    }

    /// Drops what earlier `stale` queries computed, so that the next one assesses everybody (for
    /// benchmarks of a first query).
    #[doc(hidden)]
    pub fn forget_stale_cache(&self) {
        self.contacts.borrow_mut().clear();
    }

    /// The staleness of one person.
    pub fn contact(&self, path: &str, today: Date) -> Option<StaleContact> {
        self.slot_at(path).and_then(|s| self.assess(s, today))
    }

    /// The diagnostics of a note that depend on today and on other notes.
    fn dated_diagnostics(&self, slot: &Slot, today: Date) -> Vec<Diagnostic> {
        let evidence = self.evidence(slot, today, false);
        let described = evidence.as_ref().map(|e| {
            let what = match e.source {
                Source::LinkedNote => "a linked note",
                _ => "Recent Context",
            };
            (e.date, what)
        });
        slot.note.dated_diagnostics(&slot.derived, today, Some(described), &self.settings.config.last_contact_property)
    }

    /// Diagnostics of one note on `today`, in file order.
    pub fn diagnostics(&self, path: &str, today: Date) -> Vec<Diagnostic> {
        let Some(slot) = self.slot_at(path) else { return Vec::new() };
        let mut all = slot.derived.diagnostics.clone();
        all.extend(self.dated_diagnostics(slot, today));
        all.sort_by_key(|d| (d.span.start, d.severity));
        all
    }

    /// Diagnostics of every note, by path then position.
    pub fn all_diagnostics(&self, today: Date) -> Vec<DiagnosticAt<'_>> {
        let mut slots: Vec<&Slot> = self.slots.iter().flatten().collect();
        slots.sort_by(|a, b| a.path.cmp(&b.path));
        let mut out = Vec::new();
        for s in slots {
            let dated = self.dated_diagnostics(s, today);
            if s.derived.diagnostics.is_empty() && dated.is_empty() {
                continue;
            }
            let mut mine: Vec<DiagnosticAt> = s.derived.diagnostics.iter().map(|d| DiagnosticAt { path: &s.path, diagnostic: std::borrow::Cow::Borrowed(d) }).collect();
            mine.extend(dated.into_iter().map(|d| DiagnosticAt { path: &s.path, diagnostic: std::borrow::Cow::Owned(d) }));
            mine.sort_by_key(|d| (d.diagnostic.span.start, d.diagnostic.severity));
            out.extend(mine);
        }
        out
    }

    /// Total bytes of the indexed notes' text.
    pub fn text_bytes(&self) -> usize {
        self.slots.iter().flatten().map(|s| s.note.bytes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key hasher tells apart keys that differ only in length or in a zero byte, and spreads
    /// similar words over the low bits the table picks buckets with.
    #[test]
    fn key_hasher_separates_and_spreads_keys() {
        use std::hash::BuildHasher;
        let hash = |s: &str| BuildHasherDefault::<KeyHasher>::default().hash_one(s);
        let keys = ["", "a", "a\0", "ab", "ab\0", "abcdefgh", "abcdefgh\0", "abcdefghi", "ba"];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a:?} and {b:?}");
            }
        }
        let buckets: std::collections::HashSet<u64> = (0..4096).map(|i| hash(&format!("word{i}")) & 4095).collect();
        assert!(buckets.len() > 2400, "4096 words fell in {} of 4096 buckets", buckets.len());
        let tags: std::collections::HashSet<u64> = (0..4096).map(|i| hash(&format!("word{i}")) >> 57).collect();
        assert_eq!(tags.len(), 128, "the top seven bits take every value");
    }

    /// Every person's kept count of open tasks equals what `tasks_for_person` gathers.
    fn check_counts(index: &Index) {
        let today = Date::parse_iso("2026-11-26").unwrap();
        for (path, _) in index.people() {
            let t = index.tasks_for_person(path).unwrap();
            let counted = index.contact(path, today).unwrap().open_tasks;
            assert_eq!(counted, t.mentions.len() + t.owned.len(), "{path}");
        }
    }

    #[test]
    fn open_task_counts_follow_every_change() {
        let mut index = Index::new(Settings::default());
        let ada = "---\ntype: people\naliases: [Ada B, Addy Brennan]\n---\n- [ ] note to self about Ada Brennan\n";
        index.upsert("Daily/2026-11-20.md", "- [ ] call [[Ada Brennan]] and Bo Tran\n- [ ] @AdaBrennan sends the deck\n- [x] done with Ada Brennan\n");
        check_counts(&index);
        index.upsert("People/Ada Brennan.md", ada);
        index.upsert("People/Bo Tran.md", "---\ntype: people\n---\n");
        check_counts(&index);
        index.upsert("Daily/2026-11-21.md", "- [ ] ask Addy Brennan, @BoTran and [[Ada Brennan|Ada]] @AdaBrennan\n\t- [/] Bo Tran again\n");
        check_counts(&index);
        index.upsert("Daily/2026-11-20.md", "- [x] call [[Ada Brennan]] and Bo Tran\n");
        check_counts(&index);
        // Descriptions and names beyond ASCII take the full comparison.
        index.upsert("Daily/2026-11-22.md", "- [ ] Café with Ada Brennan ☕\n- [ ] lunch with Inès Duvallier\n- [ ] Ada met Brennan\n");
        index.upsert("People/Inès Duvallier.md", "---\ntype: people\n---\n");
        check_counts(&index);
        let ada = index.tasks_for_person("People/Ada Brennan.md").unwrap();
        assert!(ada.mentions.iter().any(|t| t.task.fields.description.starts_with("Café")));
        assert!(!ada.mentions.iter().any(|t| t.task.fields.description == "Ada met Brennan"));
        assert_eq!(index.tasks_for_person("People/Inès Duvallier.md").unwrap().mentions.len(), 1);
        index.remove("Daily/2026-11-22.md");
        check_counts(&index);
        index.rename("People/Ada Brennan.md", "People/Ada Quill.md");
        check_counts(&index);
        index.rename("People/Ada Quill.md", "People/Ada Brennan.md");
        index.upsert("People/Ada Brennan.md", "---\ntype: people\n---\n");
        check_counts(&index);
        let mut config = index.settings().config.clone();
        config.whole_name_matching = false;
        index.set_settings(Settings::new(config.clone()).unwrap());
        check_counts(&index);
        config.whole_name_matching = true;
        index.set_settings(Settings::new(config).unwrap());
        check_counts(&index);
        index.remove("People/Bo Tran.md");
        index.remove("Daily/2026-11-21.md");
        check_counts(&index);
        assert_eq!(index.contact("People/Ada Brennan.md", Date::parse_iso("2026-11-26").unwrap()).unwrap().open_tasks, 0);
    }

    /// The contacts `stale` keeps between queries follow a new `today` and new settings.
    #[test]
    fn stale_answers_follow_today_and_settings() {
        let notes = [
            ("People/Ada Brennan.md", "---\ntype: people\nlast_contact: 2026-09-01\ncadence: monthly\n---\n"),
            ("People/Bo Tran.md", "---\ntype: people\ntags: [company/acme]\n---\n"),
            ("Meetings/2026-10-01 - Sync.md", "With [[Bo Tran]].\n- [ ] send [[Ada Brennan]] the notes\n"),
        ];
        let build = |settings: Settings| {
            let mut index = Index::new(settings);
            for (path, text) in notes {
                index.upsert(path, text);
            }
            index
        };
        let day = |d: &str| Date::parse_iso(d).unwrap();
        let mut index = build(Settings::default());
        let first = index.stale(day("2026-11-26"));
        assert_eq!(index.stale(day("2026-11-26")), first);
        let later = index.stale(day("2027-03-01"));
        assert_ne!(later, first);
        assert_eq!(later, build(Settings::default()).stale(day("2027-03-01")));
        let mut config = index.settings().config.clone();
        config.default_cadence = "weekly".into();
        config.evidence.linked_notes = false;
        let settings = Settings::new(config).unwrap();
        index.set_settings(settings.clone());
        let changed = index.stale(day("2027-03-01"));
        assert_ne!(changed, later);
        assert_eq!(changed, build(settings).stale(day("2027-03-01")));
        // A caller that keeps what it was given (as the WebAssembly class does) is given only new
        // assessments, and rebuilds exactly the list asked for whole.
        let mut kept: HashMap<u64, Rc<StaleContact>> = HashMap::default();
        let mut answer = |index: &Index| {
            let order = index.stale_serials(day("2027-03-01"), |serial| kept.contains_key(&serial));
            let sent = order.iter().filter(|(_, contact)| contact.is_some()).count();
            let mut now = HashMap::default();
            let mut all = Vec::new();
            for (serial, contact) in order {
                let contact = contact.or_else(|| kept.get(&serial).cloned()).unwrap();
                all.push(Rc::clone(&contact));
                now.insert(serial, contact);
            }
            kept = now;
            (all, sent)
        };
        let whole = |index: &Index| index.stale(day("2027-03-01"));
        assert_eq!(answer(&index), (whole(&index), 2), "the first answer sends everybody");
        assert_eq!(answer(&index), (whole(&index), 0), "nothing changed: nothing sent");
        index.upsert("People/Ada Brennan.md", "---\ntype: people\nlast_contact: 2027-02-27\n---\n");
        let (contacts, sent) = answer(&index);
        assert_eq!((&contacts, sent), (&whole(&index), 1), "only Ada was assessed again");
        assert!(contacts.iter().any(|c| c.last_contact == Some(day("2027-02-27"))));
        index.remove("People/Bo Tran.md");
        assert_eq!(answer(&index), (whole(&index), 0));
    }

    #[test]
    fn ascii_descriptions_are_matched_in_place_with_the_same_answers() {
        let haystacks = ["Call Ada Brennan today", "ADA BRENNANSON", "xAda Brennan", "(Ada Brennan)", "Ada", "", "c++ Guild meeting", "Ada  Brennan", "ada brennan"];
        let needles = ["ada brennan", "ada", "c++ guild", "(ada", "brennan)", "", "éada", "a"];
        for h in haystacks {
            for n in needles {
                assert_eq!(mentions_whole(h, n), contains_whole(&h.to_lowercase(), n), "{h:?} {n:?}");
            }
        }
        assert!(mentions_whole("Ask ÉADA BRENNAN", "éada brennan"));
    }

    #[test]
    fn whole_names() {
        let check = |h: &str, n: &str, expect: bool| assert_eq!(contains_whole(h, n), expect, "{h:?} {n:?}");
        check("call ada brennan today", "ada brennan", true);
        check("ada brennanson", "ada brennan", false);
        check("xada brennan", "ada brennan", false);
        check("ada brennan's deck", "ada brennan", true);
        check("(ada brennan)", "ada brennan", true);
        check("ask dr. o'neil (jr.) now", "dr. o'neil (jr.)", true);
        check("c++ guild meeting", "c++ guild", true);
        check("c++ guilds", "c++ guild", false);
        check("ada ada brennan", "ada brennan", true);
        check("", "ada", false);
        check("ada", "", false);
        check("éada brennan", "ada brennan", false);
    }
}
