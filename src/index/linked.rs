//! The notes that link a note (a person's linked notes) and those of them that are projects: what
//! the person profile lists and a ```` ```rapport ```` `projects` block shows, answered from the
//! `linked_notes` map, never by visiting the vault's notes.

use super::{Index, NoteId, PersonTasks, Slot};
use crate::config::{in_folder, in_project_folder};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::note::{link_key, ContextLine, Derived, Note};
use crate::staleness::StaleContact;

/// The key a link key is filed under in the `linked_notes` map: its hash.
pub(super) fn link_hash(key: &str) -> u64 {
    super::words::word_key(key)
}

/// A note that links another: its path, title, `type` and day.
#[derive(Clone, Debug, PartialEq)]
pub struct Linked<'a> {
    pub path: &'a str,
    /// The `title` property, else the file's base name.
    pub title: &'a str,
    /// The `type` property as text (a list's items joined by `, `), or `None`.
    pub kind: Option<String>,
    /// The day the note is about, or `None`.
    pub date: Option<Date>,
}

/// What a meeting's prep shows of one person: their contact, open tasks both ways and Recent
/// Context.
#[derive(Clone, Debug)]
pub struct Card<'a> {
    pub path: &'a str,
    pub derived: &'a Derived,
    pub contact: Option<StaleContact>,
    /// `None` when the index files no tasks.
    pub tasks: Option<PersonTasks<'a>>,
    /// The note's dated Recent Context lines, newest first.
    pub recent_context: &'a [ContextLine],
}

/// Everything the person profile shows: the card, the person's projects and linked notes, and
/// the note's diagnostics.
#[derive(Clone, Debug)]
pub struct Profile<'a> {
    pub card: Card<'a>,
    pub projects: Vec<Linked<'a>>,
    pub linked_from: Vec<Linked<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The project folders of the settings and `type: project`: what makes a linked note a project
/// when a block names no folders.
fn is_project(path: &str, note: &Note, folders: &[String]) -> bool {
    note.has_type("project") || folders.iter().any(|f| in_project_folder(path, f))
}

impl Index {
    /// Every note linking the note at `path` (a person by any of their keys: name, path, title
    /// or alias; another note by its name or path), outside tasks that are not done, frontmatter
    /// included; the note itself left out. Newest first (dated notes before undated), then by
    /// title. `None` when the index does not hold `path`.
    pub fn linked_notes(&self, path: &str) -> Option<Vec<Linked<'_>>> {
        self.linked_where(path, |_| true)
    }

    /// The projects among the notes linking the note at `path`, in the order of
    /// [`Index::linked_notes`]. Without `from`: the notes with `type: project` or in a project
    /// folder of the settings ([`Config::project_folders`](crate::config::Config::project_folders)).
    /// With `from`: the notes in one of those vault-relative folders or their subfolders,
    /// whatever their type, as Dataview's `FROM "A" OR "B" WHERE contains(file.outlinks,
    /// this.file.link)` lists them.
    pub fn projects(&self, path: &str, from: Option<&[String]>) -> Option<Vec<Linked<'_>>> {
        let folders = &self.settings.config.project_folders;
        self.linked_where(path, |s| match from {
            Some(from) => from.iter().any(|f| in_folder(&s.path, f)),
            None => is_project(&s.path, &s.note, folders),
        })
    }

    /// The notes linking the note at `path` that `keep` takes, in the order of
    /// [`Index::linked_notes`]: only those are described and sorted.
    fn linked_where(&self, path: &str, keep: impl Fn(&Slot) -> bool) -> Option<Vec<Linked<'_>>> {
        let own = self.slot_at(path)?;
        let ids = self.linking_ids(own);
        let mut linked: Vec<Linked> = ids
            .into_iter()
            .filter_map(|id| self.slots.get(id as usize)?.as_ref())
            .filter(|slot| !std::ptr::eq(*slot, own) && keep(slot))
            .map(linked)
            .collect();
        // Newest first, undated last, then by title regardless of case; the path decides ties.
        linked.sort_by_cached_key(|l| {
            (std::cmp::Reverse((l.date.is_some(), l.date)), l.title.to_lowercase(), l.title, l.path)
        });
        Some(linked)
    }

    /// The notes linking the note `own` (see [`Index::linked_notes`]), by id, sorted, once each;
    /// `own` itself may be among them.
    pub(super) fn linking_ids(&self, own: &Slot) -> Vec<NoteId> {
        let keys: Vec<String> = match &own.derived.person {
            Some(person) => person.keys.clone(),
            None => {
                let mut keys = vec![own.derived.name.to_lowercase(), link_key(&own.path)];
                keys.dedup();
                keys
            }
        };
        // A note linking by several keys (name and alias) is filed under each: once here. A note
        // whose key only shares the hash is not one of them.
        let links = |slot: &Slot, key: &String| {
            slot.derived.link_keys.binary_search(key).is_ok() || slot.derived.other_link_keys.binary_search(key).is_ok()
        };
        // The dated notes whose contact this key is are in `link_notes` (by the key itself); every
        // other linking note is in `linked_notes`.
        let mut ids: Vec<NoteId> = keys
            .iter()
            .flat_map(|k| {
                let contact =
                    self.link_notes.get(k.as_str()).iter().map(|&(_, r)| r).filter(|r| self.slot(r).is_some());
                let other = self
                    .live_refs(&self.linked_notes, &link_hash(k))
                    .filter(move |r| self.slot(r).is_some_and(|s| links(s, k)));
                contact.chain(other)
            })
            .map(|r| r.note)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The card of the person at `path` on `today`; `None` when it is not a person.
    pub fn card(&self, path: &str, today: Date) -> Option<Card<'_>> {
        let slot = self.slot_at(path)?;
        slot.derived.person.as_ref()?;
        Some(Card {
            path: &slot.path,
            derived: &slot.derived,
            contact: self.contact(path, today),
            tasks: self.tasks_for_person(path),
            recent_context: &slot.note.recent_context,
        })
    }

    /// The profile of the person at `path` on `today`; `None` when it is not a person. Its
    /// projects are those of the settings' project folders (see [`Index::projects`]).
    pub fn profile(&self, path: &str, today: Date) -> Option<Profile<'_>> {
        let card = self.card(path, today)?;
        let linked_from = self.linked_notes(path)?;
        let folders = &self.settings.config.project_folders;
        let projects = linked_from
            .iter()
            .filter(|l| self.slot_at(l.path).is_some_and(|s| is_project(l.path, &s.note, folders)))
            .cloned()
            .collect();
        Some(Profile { card, projects, linked_from, diagnostics: self.diagnostics(path, today) })
    }

    /// The cards of the people the note at `path` links ([`Index::people_linked_by`]), by name.
    pub fn meeting_prep(&self, path: &str, today: Date) -> Vec<Card<'_>> {
        self.people_linked_by(path).into_iter().filter_map(|p| self.card(p, today)).collect()
    }

    /// The people the note at `path` links (by any of their keys, outside tasks that are not
    /// done, frontmatter included), by name: whom a meeting note's prep is about. The note
    /// itself is left out; empty when the index does not hold `path`.
    pub fn people_linked_by(&self, path: &str) -> Vec<&str> {
        let Some(own) = self.slot_at(path) else { return Vec::new() };
        let mut ids: Vec<NoteId> =
            own.derived.linked_keys().flat_map(|k| self.people_by_key.get(k).into_iter().flatten().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut people: Vec<&Slot> = ids
            .into_iter()
            .filter_map(|id| self.slots.get(id as usize)?.as_ref())
            .filter(|s| s.derived.person.is_some() && !std::ptr::eq(*s, own))
            .collect();
        people.sort_by(|a, b| {
            a.derived.name.to_lowercase().cmp(&b.derived.name.to_lowercase()).then_with(|| a.path.cmp(&b.path))
        });
        people.into_iter().map(|s| s.path.as_str()).collect()
    }
}

fn linked(slot: &Slot) -> Linked<'_> {
    let kind = slot.note.props.get("type").map(|v| v.string_items().join(", ")).filter(|t| !t.is_empty());
    Linked {
        path: &slot.path,
        title: slot.note.props.str("title").unwrap_or(&slot.derived.name),
        kind,
        date: slot.derived.date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Settings};

    fn check(index: &Index, path: &str, from: Option<&[String]>, expect: &str) {
        let show = |l: Vec<Linked>| {
            l.iter()
                .map(|l| {
                    format!(
                        "{} [{}] {}",
                        l.path,
                        l.kind.as_deref().unwrap_or("-"),
                        l.date.map_or("-".into(), |d| d.to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        // `linked:` asks for every linked note, else the projects.
        let (got, expect) = match expect.strip_prefix("linked:") {
            Some(rest) => (show(index.linked_notes(path).unwrap_or_default()), rest),
            None => (show(index.projects(path, from).unwrap_or_default()), expect),
        };
        assert_eq!(got, expect.trim(), "{path} {from:?}");
    }

    fn vault() -> Index {
        let mut index = Index::new(Settings::new(Config::default()).unwrap_or_default());
        index.upsert("People/Ada Brennan.md", "---\ntype: people\naliases: [Addy]\n---\nSee [[Ada Brennan]].\n");
        index.upsert("Projects/Atlas.md", "---\ntype: project\n---\nWith [[Ada Brennan]] and [[Addy]].\n");
        index.upsert("Work/Projects/Beacon.md", "Lead: [[People/Ada Brennan|Ada]]\n");
        index.upsert("Notes/Comet.md", "---\ntype: [idea, Project]\ntitle: A comet\n---\n[[Addy]]\n");
        index.upsert("Notes/Plan.md", "- [ ] ask [[Ada Brennan]]\n- [x] met [[Ada Brennan]]\n");
        index.upsert("Notes/Open.md", "- [ ] ask [[Ada Brennan]]\n");
        index.upsert("2026-11-02 - Sync.md", "---\nattendees: ['[[Ada Brennan]]']\n---\n");
        index.upsert("2026-11-05.md", "Met [[ada brennan#Work]].\n");
        index
    }

    #[test]
    fn linked_notes_newest_first_then_by_title() {
        let index = vault();
        check(
            &index,
            "People/Ada Brennan.md",
            None,
            "linked:
2026-11-05.md [-] 2026-11-05
2026-11-02 - Sync.md [-] 2026-11-02
Notes/Comet.md [idea, Project] -
Projects/Atlas.md [project] -
Work/Projects/Beacon.md [-] -
Notes/Plan.md [-] -",
        );
    }

    #[test]
    fn projects_by_type_or_folder_or_from() {
        let mut index = vault();
        check(
            &index,
            "People/Ada Brennan.md",
            None,
            "Notes/Comet.md [idea, Project] -\nProjects/Atlas.md [project] -\nWork/Projects/Beacon.md [-] -",
        );
        let from = ["Work/Projects".to_string(), "Notes/".to_string()];
        check(
            &index,
            "People/Ada Brennan.md",
            Some(&from),
            "Notes/Comet.md [idea, Project] -\nWork/Projects/Beacon.md [-] -\nNotes/Plan.md [-] -",
        );
        // A project that stops linking leaves; a renamed one follows its new folder.
        index.upsert("Projects/Atlas.md", "---\ntype: project\n---\nNobody.\n");
        index.rename("Work/Projects/Beacon.md", "Archive/Beacon.md");
        check(&index, "People/Ada Brennan.md", None, "Notes/Comet.md [idea, Project] -");
        let config = Config { project_folders: vec!["Archive".into()], ..Config::default() };
        index.set_settings(Settings::new(config).unwrap_or_default());
        check(&index, "People/Ada Brennan.md", None, "Notes/Comet.md [idea, Project] -\nArchive/Beacon.md [-] -");
        assert_eq!(index.projects("Nobody.md", None), None);
    }

    #[test]
    fn participants_leave_every_link_linked() {
        let config = Config { participants_properties: vec!["attendees".into()], ..Config::default() };
        let mut index = Index::new(Settings::new(config).unwrap_or_default());
        index.upsert("People/Ada Brennan.md", "---\ntype: people\n---\n");
        index.upsert("People/Bo Tran.md", "---\ntype: people\n---\n");
        index.upsert("2026-11-02 - Sync.md", "---\nattendees: ['[[Ada Brennan]]']\n---\nAbout [[Bo Tran]].\n");
        check(&index, "People/Bo Tran.md", None, "linked:\n2026-11-02 - Sync.md [-] 2026-11-02");
        check(&index, "People/Ada Brennan.md", None, "linked:\n2026-11-02 - Sync.md [-] 2026-11-02");
        assert_eq!(index.people_linked_by("2026-11-02 - Sync.md"), ["People/Ada Brennan.md", "People/Bo Tran.md"]);
        assert_eq!(index.people_linked_by("People/Bo Tran.md"), Vec::<&str>::new());
    }
}
