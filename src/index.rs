//! The vault index: notes by path plus inverted maps (link target, @handle, word) so that queries
//! and one-note updates never rescan the vault.

use crate::config::Settings;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::note::{link_key, Derived, Note, Task};
use crate::staleness::{self, Assessment, Evidence, Source, StaleContact};
use crate::task::{Priority, StatusKind};
use std::collections::HashMap;

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
    note: Note,
    derived: Derived,
    /// Entries this note added to the inverted maps.
    entries: usize,
}

/// A task of the index with the path of its note.
#[derive(Clone, Copy, Debug)]
pub struct TaskAt<'a> {
    pub path: &'a str,
    pub task: &'a Task,
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

#[derive(Default)]
pub struct Index {
    settings: Settings,
    slots: Vec<Option<Slot>>,
    free: Vec<NoteId>,
    by_path: HashMap<String, NoteId>,
    next_generation: u32,
    /// Dated notes linking a key outside open tasks: evidence of contact.
    link_notes: HashMap<String, Vec<Ref>>,
    /// Open tasks linking a key.
    link_tasks: HashMap<String, Vec<Ref>>,
    /// Open tasks carrying a lower-cased @handle.
    handle_tasks: HashMap<String, Vec<Ref>>,
    /// Open tasks containing a lower-cased word, for whole-name mentions.
    word_tasks: HashMap<String, Vec<Ref>>,
    live_entries: usize,
    dead_entries: usize,
}

/// Lower-cased words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
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

/// Due date (none last), then priority, then path and line.
pub fn sort_tasks(tasks: &mut [TaskAt]) {
    tasks.sort_by(|a, b| {
        let due = |t: &TaskAt| (t.task.fields.due.is_none(), t.task.fields.due);
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

impl Index {
    pub fn new(settings: Settings) -> Index {
        Index { settings, ..Index::default() }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Replaces the settings and re-derives every note from what was read (no text needed).
    /// Notes in newly excluded folders are dropped; notes in folders no longer excluded must be
    /// upserted again by the caller, since their text was never read.
    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
        let paths: Vec<String> = self.by_path.keys().cloned().collect();
        for path in paths {
            if self.settings.is_excluded(&path) {
                self.remove(&path);
            } else if let Some(slot) = self.take(&path) {
                self.put(path, slot.note);
            }
        }
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
        self.upsert_parsed(path, Note::parse(text));
    }

    /// Adds or replaces a note already parsed (the CLI parses on several threads).
    pub fn upsert_parsed(&mut self, path: &str, note: Note) {
        self.take(path);
        self.put(path.to_string(), note);
    }

    pub fn remove(&mut self, path: &str) -> bool {
        self.take(path).is_some()
    }

    /// Moves a note: its text is unchanged, only what depends on the path is derived again.
    pub fn rename(&mut self, old: &str, new: &str) -> bool {
        match self.take(old) {
            Some(slot) if !self.settings.is_excluded(new) => {
                self.take(new);
                self.put(new.to_string(), slot.note);
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    pub fn clear(&mut self) {
        let settings = std::mem::take(&mut self.settings);
        *self = Index::new(settings);
    }

    fn take(&mut self, path: &str) -> Option<Slot> {
        let id = self.by_path.remove(path)?;
        let slot = self.slots.get_mut(id as usize)?.take()?;
        self.free.push(id);
        self.live_entries -= slot.entries;
        self.dead_entries += slot.entries;
        if self.dead_entries > self.live_entries + COMPACT_SLACK {
            self.compact();
        }
        Some(slot)
    }

    fn put(&mut self, path: String, note: Note) {
        let derived = note.derive(&path, &self.settings);
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
        let mut push = |map: &mut HashMap<String, Vec<Ref>>, key: String, task: u32| {
            map.entry(key).or_default().push(Ref { note: id, generation, task });
            entries += 1;
        };
        if derived.date.is_some() {
            for key in &derived.link_keys {
                push(&mut self.link_notes, key.clone(), 0);
            }
        }
        for (i, task) in note.tasks.iter().enumerate().filter(|(_, t)| is_open(t)) {
            let i = i as u32;
            let mut keys: Vec<String> = task.fields.links.iter().map(|l| link_key(l)).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                push(&mut self.link_tasks, k, i);
            }
            let mut handles: Vec<String> = task.fields.handles.iter().map(|h| h.to_lowercase()).collect();
            handles.sort();
            handles.dedup();
            for h in handles {
                push(&mut self.handle_tasks, h, i);
            }
            let mut ws: Vec<String> = words(&task.fields.description).collect();
            ws.sort();
            ws.dedup();
            for w in ws {
                push(&mut self.word_tasks, w, i);
            }
        }
        self.live_entries += entries;
        self.by_path.insert(path.clone(), id);
        self.slots[id as usize] = Some(Slot { path, generation, note, derived, entries });
    }

    fn compact(&mut self) {
        let slots = &self.slots;
        let live = |r: &Ref| slots.get(r.note as usize).and_then(Option::as_ref).is_some_and(|s| s.generation == r.generation);
        for map in [&mut self.link_notes, &mut self.link_tasks, &mut self.handle_tasks, &mut self.word_tasks] {
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
        Some(TaskAt { path: &slot.path, task: slot.note.tasks.get(r.task as usize)? })
    }

    fn live_refs<'a>(&'a self, map: &'a HashMap<String, Vec<Ref>>, key: &str) -> impl Iterator<Item = Ref> + 'a {
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

    /// Open tasks concerning the person at `path`; `None` when it is not a person.
    pub fn tasks_for_person(&self, path: &str) -> Option<PersonTasks<'_>> {
        let slot = self.slot_at(path)?;
        let person = slot.derived.person.as_ref()?;
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
                // Candidates come from the name's longest word; each is then checked as a whole name.
                let Some(word) = words(name).max_by_key(|w| w.len()) else { continue };
                for r in self.live_refs(&self.word_tasks, &word) {
                    if let Some(t) = self.task_at(&r) {
                        if contains_whole(&t.task.fields.description.to_lowercase(), name) {
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
        let resolve = |refs: Vec<Ref>| -> Vec<TaskAt> {
            let mut tasks: Vec<TaskAt> = refs.iter().filter_map(|r| self.task_at(r)).collect();
            sort_tasks(&mut tasks);
            tasks
        };
        Some(PersonTasks { path: &slot.path, name: &slot.derived.name, mentions: resolve(mentions), owned: resolve(owned) })
    }

    /// Every task of the vault, open or not, in task order.
    pub fn all_tasks(&self) -> Vec<TaskAt<'_>> {
        let mut tasks: Vec<TaskAt> =
            self.slots.iter().flatten().flat_map(|s| s.note.tasks.iter().map(move |task| TaskAt { path: &s.path, task })).collect();
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
            for key in &person.keys {
                for r in self.live_refs(&self.link_notes, key) {
                    let Some(other) = self.slot(&r) else { continue };
                    if other.path == slot.path {
                        continue;
                    }
                    if let Some(date) = other.derived.date.filter(|d| *d <= today) {
                        if best.as_ref().is_none_or(|b| date > b.date) {
                            best = Some(Evidence { date, source: Source::LinkedNote, path: Some(other.path.clone()) });
                        }
                    }
                }
            }
        }
        best
    }

    fn assess(&self, slot: &Slot, today: Date) -> Option<StaleContact> {
        let person = slot.derived.person.as_ref()?;
        let open_tasks = self.tasks_for_person(&slot.path).map_or(0, |t| t.mentions.len() + t.owned.len());
        let a = Assessment { path: &slot.path, name: &slot.derived.name, person, evidence: self.evidence(slot, today, true), open_tasks };
        Some(staleness::assess(a, &self.settings, today))
    }

    /// Every person with their staleness, most overdue first.
    pub fn stale(&self, today: Date) -> Vec<StaleContact> {
        let mut contacts: Vec<StaleContact> = self.slots.iter().flatten().filter_map(|s| self.assess(s, today)).collect();
        staleness::sort(&mut contacts);
        contacts
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
        slot.note.dated_diagnostics(&slot.derived, today, Some(described))
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
