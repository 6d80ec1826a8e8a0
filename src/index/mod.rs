//! The vault index: notes by path plus inverted maps (link target, @handle, word) so that queries
//! and one-note updates never rescan the vault.
//!
//! One file per concern: `update` puts notes in and takes them out, `concern` says who a task
//! concerns, `contacts` answers and keeps the stale query, `queries` the other answers; beneath
//! them `postings` (the maps' type and entries), `words` (word keys), `whole_name` and `hasher`.

mod concern;
mod contacts;
mod duplicates;
mod hasher;
mod linked;
mod merge;
mod postings;
mod queries;
mod review;
mod update;
mod whole_name;
mod words;
mod writeback;

pub use writeback::{LogTargetError, LogTargets};

pub use duplicates::{DuplicateGroup, DuplicatePair, DuplicatePerson};
pub use linked::{Card, Linked, Profile};
pub use merge::{MergeError, MergePlan};
pub use queries::sort_tasks;
pub use review::{FirstSeen, ReviewDuplicate, ReviewPerson};
pub use whole_name::contains_whole;

use crate::body::TaskReading;
use crate::config::Settings;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::note::{Derived, Note, Task};
use contacts::ContactCache;
use hasher::HashMap;
use postings::{Postings, Ref};
use std::cell::RefCell;
use update::COMPACT_SLACK;

type NoteId = u32;

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

/// Serials of assessed contacts and of note versions: from one counter for the whole process,
/// so that no two share one, whichever index made them.
static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

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
    link_notes: Postings<String, (Date, Ref)>,
    /// With `link_notes`, every note linking a key outside tasks that are not done, dated or not,
    /// contact or not ([`Derived::linked_keys`]): a person's linked notes and projects. Holds what
    /// `link_notes` does not: every link of an undated note, and a dated note's links that are not
    /// contact (beside its participants), so that no link is filed twice. Keyed by the key's hash
    /// ([`linked::link_hash`]), which keeps no string per key (most keys are meetings' names,
    /// linked from Recent Context); each candidate is checked against the note's keys.
    linked_notes: Postings<u64>,
    /// Open tasks linking a key.
    link_tasks: Postings<String>,
    /// Open tasks carrying a lower-cased @handle.
    handle_tasks: Postings<String>,
    /// Open tasks with an ASCII description, under each lower-cased word they contain, for
    /// whole-name mentions. Keyed by [`word_key`](words::word_key): words that share a key share
    /// a list, and every candidate found through it is checked against the text.
    word_tasks: Postings<u64>,
    /// The same for the open tasks whose description is not ASCII: the only ones a whole-name
    /// mention can match without every word of the name among the task's words (Unicode
    /// lower-casing and letters), so `owned_and_mentioning_tasks` takes them all as candidates.
    non_ascii_word_tasks: Postings<u64>,
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
    /// A compaction begun while settings are applied in slices: one map per `rederive` call
    /// (see `Index::compact_step`).
    compacting: Option<update::Compaction>,
}

impl Index {
    pub fn new(settings: Settings) -> Index {
        Index::with_scope(settings, Scope::Everything)
    }

    /// An index that files only what `scope` needs.
    pub fn with_scope(settings: Settings, scope: Scope) -> Index {
        Index { settings, scope, compact_slack: COMPACT_SLACK, ..Index::default() }
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

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().flatten().map(|s| s.path.as_str())
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

    fn live_refs<'a, K, Q>(&'a self, map: &'a Postings<K>, key: &Q) -> impl Iterator<Item = Ref> + 'a
    where
        K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        map.get(key).iter().copied().filter(|r| self.slot(r).is_some())
    }
}
