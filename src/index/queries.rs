//! The answers the index gives besides staleness: notes, people, tasks and diagnostics.

use super::postings::Ref;
use super::{DiagnosticAt, Index, PersonTasks, Slot, TaskAt};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::note::{link_key, ContactEvidence, Derived, Note};
use crate::staleness::Source;
use crate::task::Priority;

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

impl Index {
    pub fn note(&self, path: &str) -> Option<(&Note, &Derived)> {
        self.slot_at(path).map(|s| (&s.note, &s.derived))
    }

    /// Every person, by name.
    pub fn people(&self) -> Vec<(&str, &Derived)> {
        let mut people: Vec<(&str, &Derived)> = self
            .slots
            .iter()
            .flatten()
            .filter(|s| s.derived.person.is_some())
            .map(|s| (s.path.as_str(), &s.derived))
            .collect();
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
                *path == q
                    || p.is_some_and(|p| p.keys.contains(&key) || p.handles.iter().any(|h| h.eq_ignore_ascii_case(q)))
            })
            .map(|(path, _)| path)
            .min()
    }

    /// Open tasks concerning the person at `path`; `None` when it is not a person, or when the
    /// index files no tasks ([`Scope::Diagnostics`](super::Scope::Diagnostics)).
    pub fn tasks_for_person(&self, path: &str) -> Option<PersonTasks<'_>> {
        if !self.files_tasks() {
            return None;
        }
        let slot = self.slot_at(path)?;
        let person = slot.derived.person.as_ref()?;
        let (owned, mentions) = self.owned_and_mentioning_tasks(person);
        let resolve = |refs: Vec<Ref>| -> Vec<TaskAt> {
            let mut tasks: Vec<TaskAt> = refs.iter().filter_map(|r| self.task_at(r)).collect();
            sort_tasks(&mut tasks);
            tasks
        };
        Some(PersonTasks {
            path: &slot.path,
            name: &slot.derived.name,
            mentions: resolve(mentions),
            owned: resolve(owned),
        })
    }

    /// Every task of the vault, open or not, in task order.
    pub fn all_tasks(&self) -> Vec<TaskAt<'_>> {
        let mut tasks: Vec<TaskAt> = self
            .slots
            .iter()
            .flatten()
            .flat_map(|s| {
                super::tasks_of(&s.note, &s.derived).map(move |(i, task)| TaskAt {
                    path: &s.path,
                    task,
                    key: (s.serial, i),
                })
            })
            .collect();
        sort_tasks(&mut tasks);
        tasks
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
        slot.note.dated_diagnostics(
            &slot.derived,
            today,
            ContactEvidence::Computed(described),
            &self.settings.config.last_contact_property,
        )
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
            let mut mine: Vec<DiagnosticAt> = s
                .derived
                .diagnostics
                .iter()
                .map(|d| DiagnosticAt { path: &s.path, diagnostic: std::borrow::Cow::Borrowed(d) })
                .collect();
            mine.extend(
                dated.into_iter().map(|d| DiagnosticAt { path: &s.path, diagnostic: std::borrow::Cow::Owned(d) }),
            );
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
