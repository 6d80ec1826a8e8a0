//! The review queue (issue 18, section 1): the people a tool made or tagged for review, with
//! what a reviewer would fill in, how often the vault names them, where they were first seen and
//! whom they may duplicate. Answered from the slots and the maps: the text-dependent facts were
//! read when the note was parsed ([`ReviewFacts`](crate::note::ReviewFacts)), the mentions come
//! from the linked-notes and task maps, so no note's text is read again.

use super::hasher::HashMap;
use super::{Index, NoteId, Slot};
use crate::date::Date;

/// A note where a queued person was first seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstSeen<'a> {
    pub path: &'a str,
    pub date: Date,
}

/// Another person a queued person may be, and why (the pair's reasons joined by `; `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewDuplicate<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub reason: String,
}

/// One person of the review queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewPerson<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub auto_created: bool,
    pub needs_review: bool,
    /// The `created` property's day, read as the date properties are; `None` when it has none.
    pub created: Option<Date>,
    /// What a reviewer would fill in: the last contact property when the frontmatter has no
    /// readable date there, then the contact table's unknown fields, then the sections holding
    /// only their template prompt.
    pub missing: Vec<String>,
    /// How many notes link or name the person ([`Index::mentioning_notes`]).
    pub mentions: usize,
    /// The oldest dated note among them (the smaller path on a tie).
    pub first_seen: Option<FirstSeen<'a>>,
    /// The other people this one may be, by path.
    pub duplicates: Vec<ReviewDuplicate<'a>>,
}

impl Index {
    /// Every person whose frontmatter says `auto_created: true` or whose tags property holds
    /// `needs-review`, most mentioned first, then by name (ignoring case), then by path.
    /// `today` is not used by any fact yet; it is taken so that the answer can grow facts that
    /// depend on the day without changing its callers.
    pub fn review_queue(&self, _today: Date) -> Vec<ReviewPerson<'_>> {
        let queued: Vec<&Slot> =
            self.slots.iter().flatten().filter(|s| s.derived.person.is_some() && s.note.review.is_some()).collect();
        if queued.is_empty() {
            return Vec::new();
        }
        let mut duplicates: HashMap<&str, Vec<ReviewDuplicate>> = HashMap::default();
        for pair in self.duplicate_pairs() {
            let reason = pair.reasons.join("; ");
            // Only the queued people's lists are read; the others cost a short list each.
            for (of, other) in [(&pair.a, &pair.b), (&pair.b, &pair.a)] {
                let entry = ReviewDuplicate { path: other.path, name: other.name, reason: reason.clone() };
                duplicates.entry(of.path).or_default().push(entry);
            }
        }
        let mut people: Vec<ReviewPerson> = queued
            .into_iter()
            .filter_map(|slot| {
                let person = slot.derived.person.as_ref()?;
                let facts = slot.note.review.as_deref()?;
                let mut missing = Vec::new();
                if person.last_contact.is_none() {
                    missing.push(self.settings.config.last_contact_property.clone());
                }
                missing.extend(facts.missing().map(str::to_string));
                let mentioning = self.mentioning_ids(slot);
                let first_seen = mentioning
                    .iter()
                    .filter_map(|&id| {
                        let s = self.slots.get(id as usize)?.as_ref()?;
                        Some((s.derived.date?, s.path.as_str()))
                    })
                    .min()
                    .map(|(date, path)| FirstSeen { path, date });
                let mut dups = duplicates.remove(slot.path.as_str()).unwrap_or_default();
                dups.sort_by(|a, b| a.path.cmp(b.path));
                Some(ReviewPerson {
                    path: &slot.path,
                    name: &slot.derived.name,
                    auto_created: facts.auto_created,
                    needs_review: facts.needs_review,
                    created: slot.note.props.str("created").and_then(crate::note::readable_date),
                    missing,
                    mentions: mentioning.len(),
                    first_seen,
                    duplicates: dups,
                })
            })
            .collect();
        people.sort_by_cached_key(|p| (std::cmp::Reverse(p.mentions), p.name.to_lowercase(), p.name, p.path));
        people
    }

    /// The notes that link or name the person at `path`, the note itself left out, by path:
    /// every note linking them outside tasks that are not done ([`Index::linked_notes`]), and
    /// every note with an open task that links them, names them in full (when whole-name
    /// matching is on) or carries their @handle ([`Index::tasks_for_person`]). A plain-text
    /// mention outside an open task is not counted: finding it would mean reading every note's
    /// text, which the index does not keep.
    pub fn mentioning_notes(&self, path: &str) -> Vec<&str> {
        let Some(own) = self.slot_at(path) else { return Vec::new() };
        let mut paths: Vec<&str> = self
            .mentioning_ids(own)
            .into_iter()
            .filter_map(|id| Some(self.slots.get(id as usize)?.as_ref()?.path.as_str()))
            .collect();
        paths.sort_unstable();
        paths
    }

    /// The ids of [`Index::mentioning_notes`], sorted, `own` left out: straight from the maps,
    /// without describing or sorting the notes and tasks as `linked_notes` and
    /// `tasks_for_person` do (what keeps the queue fast at 10k notes).
    fn mentioning_ids(&self, own: &Slot) -> Vec<NoteId> {
        let mut ids = self.linking_ids(own);
        if let (true, Some(person)) = (self.files_tasks(), own.derived.person.as_ref()) {
            let (owned, mentions) = self.owned_and_mentioning_tasks(person);
            ids.extend(owned.iter().chain(&mentions).filter(|r| self.slot(r).is_some()).map(|r| r.note));
            ids.sort_unstable();
            ids.dedup();
        }
        let own_id = self.by_path.get(own.path.as_str()).copied();
        ids.retain(|&id| Some(id) != own_id);
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Settings};

    fn index(notes: &[(&str, &str)]) -> Index {
        let mut index = Index::new(Settings::new(Config::default()).unwrap_or_default());
        for (path, text) in notes {
            index.upsert(path, text);
        }
        index
    }

    fn today() -> Date {
        Date::parse_iso("2026-12-01").expect("a date")
    }

    /// The queue as one line per person: path, mentions, missing, first seen, duplicates.
    fn show(index: &Index) -> String {
        index
            .review_queue(today())
            .iter()
            .map(|p| {
                let seen = p.first_seen.as_ref().map_or("-".to_string(), |f| format!("{}@{}", f.path, f.date));
                let dups: Vec<String> = p.duplicates.iter().map(|d| format!("{} ({})", d.path, d.reason)).collect();
                format!(
                    "{} a={} r={} c={} m={} [{}] {} {{{}}}",
                    p.path,
                    p.auto_created,
                    p.needs_review,
                    p.created.map_or("-".into(), |d| d.to_string()),
                    p.mentions,
                    p.missing.join(", "),
                    seen,
                    dups.join("; ")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    const TABLE: &str = "## Contact Information\n\n| Field | Value |\n|---|---|\n| **Role** | Pilot |\n| **Email** | _Unknown_ |\n| **Phone** |  |\n| **Location** | Unknown |\n";

    #[test]
    fn missing_names_the_last_contact_unknown_fields_and_prompt_sections() {
        let text = format!(
            "---\ntype: people\nauto_created: true\n---\n{TABLE}\n## Relationship\n\n_How do you work with this person?_\n\n## Projects\n_Which?_\n```dataview\nLIST\n```\n## Key Facts\n- Flies gliders.\n"
        );
        let index = index(&[("People/Ada Brennan.md", &text)]);
        assert_eq!(
            show(&index),
            "People/Ada Brennan.md a=true r=false c=- m=0 [last_contact, Email, Phone, Location, Relationship] - {}"
        );
    }

    #[test]
    fn nothing_is_missing_from_a_filled_note() {
        let text = "---\ntype: people\ntags: [needs-review]\nlast_contact: 2026-01-02\ncreated: '2025-12-30'\n---\n## Contact Information\n| Field | Value |\n|---|---|\n| **Email** | ada@example.com |\n\n## Relationship\nWe fly together.\n";
        let index = index(&[("People/Ada Brennan.md", text)]);
        assert_eq!(show(&index), "People/Ada Brennan.md a=false r=true c=2025-12-30 m=0 [] - {}");
    }

    #[test]
    fn created_is_read_as_the_date_properties_are() {
        let person = |created: &str| format!("---\ntype: people\nauto_created: true\ncreated: {created}\n---\n");
        let index = index(&[
            ("People/A.md", &person("2026-01-03")),
            ("People/B.md", &person("2026-01-04T10:30:00")),
            ("People/C.md", &person("\"[[2026-01-05]]\"")),
            ("People/D.md", &person("03/01/2026")),
            ("People/E.md", &person("soon")),
        ]);
        let created: Vec<Option<String>> =
            index.review_queue(today()).iter().map(|p| p.created.map(|d| d.to_string())).collect();
        let day = |d: &str| Some(d.to_string());
        // An ambiguous day (3 January or 1 March) is no day, as for the last contact.
        assert_eq!(created, [day("2026-01-03"), day("2026-01-04"), day("2026-01-05"), None, None]);
    }

    #[test]
    fn the_last_contact_property_of_the_settings_is_the_one_named() {
        let config = Config { last_contact_property: "last_contacted".into(), ..Config::default() };
        let mut index = Index::new(Settings::new(config).unwrap_or_default());
        index.upsert("People/Ada Brennan.md", "---\ntype: people\nauto_created: true\nlast_contact: 2026-01-02\n---\n");
        assert_eq!(show(&index), "People/Ada Brennan.md a=true r=false c=- m=0 [last_contacted] - {}");
    }

    #[test]
    fn only_the_frontmatter_queues_a_person() {
        let index = index(&[
            ("People/A.md", "---\ntype: people\ntags: '#Needs-Review, x'\n---\n"),
            ("People/B.md", "---\ntype: people\ntag:\n  - needs-review\n---\n"),
            ("People/C.md", "---\ntype: people\n---\n#needs-review in the body\n"),
            ("People/D.md", "---\ntype: people\nauto_created: false\n---\n"),
            ("People/E.md", "---\ntype: people\nauto_created: 'TRUE'\n---\n"),
            ("Notes/F.md", "---\nauto_created: true\n---\nNot a person.\n"),
        ]);
        let paths: Vec<&str> = index.review_queue(today()).iter().map(|p| p.path).collect();
        assert_eq!(paths, ["People/A.md", "People/B.md", "People/E.md"]);
    }

    #[test]
    fn most_mentioned_first_then_by_name() {
        let person = "---\ntype: people\nauto_created: true\nlast_contact: 2026-01-01\n---\n";
        let index = index(&[
            ("People/bo Tran.md", person),
            ("People/Ada Brennan.md", person),
            ("People/Cy Dune.md", person),
            ("2026-03-01.md", "Met [[Cy Dune]] and [[Ada Brennan]].\n"),
            ("2026-02-01 - Sync.md", "With [[Cy Dune]].\n"),
            ("Notes/Plan.md", "- [ ] ask Cy Dune\n- [ ] @CyDune to call\n"),
            // A done task is not open: its link counts as a link.
            ("Notes/Done.md", "- [x] ask [[Cy Dune]]\n"),
        ]);
        assert_eq!(
            show(&index),
            "People/Cy Dune.md a=true r=false c=- m=4 [] 2026-02-01 - Sync.md@2026-02-01 {}
People/Ada Brennan.md a=true r=false c=- m=1 [] 2026-03-01.md@2026-03-01 {}
People/bo Tran.md a=true r=false c=- m=0 [] - {}"
        );
    }

    #[test]
    fn duplicates_give_the_pair_reasons_of_each_other_person() {
        let queued = "---\ntype: people\nauto_created: true\nlast_contact: 2026-01-01\n---\n";
        let index = index(&[
            ("People/Kofi B.md", queued),
            ("People/Kofi Boateng.md", "---\ntype: people\naliases: [Kofi B]\n---\n"),
            ("People/Kofi Boateng-Mensah.md", "---\ntype: people\n---\n"),
            ("People/Other.md", queued),
        ]);
        let queue = index.review_queue(today());
        let kofi = queue.iter().find(|p| p.path == "People/Kofi B.md").map(|p| &p.duplicates);
        let reasons: Vec<(&str, &str)> = kofi.into_iter().flatten().map(|d| (d.path, d.reason.as_str())).collect();
        assert_eq!(
            reasons,
            [
                ("People/Kofi Boateng-Mensah.md", "Kofi B is Kofi Boateng-Mensah's first name and last initial"),
                (
                    "People/Kofi Boateng.md",
                    "Kofi B is an alias of Kofi Boateng; Kofi B is Kofi Boateng's first name and last initial"
                ),
            ]
        );
        let other = queue.iter().find(|p| p.path == "People/Other.md").map(|p| p.duplicates.len());
        assert_eq!(other, Some(0));
    }

    #[test]
    fn not_people_leave_the_queue() {
        let config = Config { not_people: vec!["People/Acme.md".into()], ..Config::default() };
        let mut index = Index::new(Settings::new(config).unwrap_or_default());
        index.upsert("People/Acme.md", "---\ntype: people\nauto_created: true\n---\n");
        index.upsert("People/Ada Brennan.md", "---\ntype: people\nauto_created: true\n---\n");
        let paths: Vec<&str> = index.review_queue(today()).iter().map(|p| p.path).collect();
        assert_eq!(paths, ["People/Ada Brennan.md"]);
        assert!(index.stale(today()).iter().all(|c| c.path != "People/Acme.md"));
        // Nor is the people schema checked on it: `title` is required of people alone.
        let codes = |path: &str| -> Vec<String> {
            index.diagnostics(path, today()).iter().map(|d| d.code.to_string()).collect()
        };
        assert_eq!(codes("People/Acme.md"), Vec::<String>::new());
        assert!(codes("People/Ada Brennan.md").contains(&"missing-required-field".to_string()));
    }
}
