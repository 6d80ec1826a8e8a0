//! Who a dated note is contact with, for meeting write-back (`crate::writeback` computes the
//! edits): the people its link keys designate, found through the people filed by key.

use super::Index;
use crate::date::Date;
use crate::note::Derived;

/// A dated note and the people it links, each once, by name.
#[derive(Clone, Debug)]
pub struct LogTargets<'a> {
    pub path: &'a str,
    pub date: Date,
    /// Path and derivation of each person, by name (case aside) then path; never the note itself.
    pub people: Vec<(&'a str, &'a Derived)>,
}

/// Why a note cannot be logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogTargetError {
    /// No note at this path in the index (or one in an excluded folder).
    NoNote { path: String },
    /// The note has no date: not a meeting note, a daily note nor a note with a date property.
    NotDated { path: String },
}

impl std::fmt::Display for LogTargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogTargetError::NoNote { path } => write!(f, "no note `{path}` in the vault"),
            LogTargetError::NotDated { path } => write!(
                f,
                "`{path}` is not a dated note: name it `YYYY-MM-DD - Title.md` or `YYYY-MM-DD.md`, or give it a `date` property"
            ),
        }
    }
}

impl std::error::Error for LogTargetError {}

impl Index {
    /// The people the dated note at `path` is contact with: those its links outside open tasks
    /// designate (only the participants, when it lists them in a participants property).
    pub fn log_targets(&self, path: &str) -> Result<LogTargets<'_>, LogTargetError> {
        let id = *self.by_path.get(path).ok_or_else(|| LogTargetError::NoNote { path: path.to_string() })?;
        let slot = self
            .slots
            .get(id as usize)
            .and_then(Option::as_ref)
            .ok_or_else(|| LogTargetError::NoNote { path: path.to_string() })?;
        let date = slot.derived.date.ok_or_else(|| LogTargetError::NotDated { path: path.to_string() })?;
        let mut ids: Vec<u32> = slot
            .derived
            .link_keys
            .iter()
            .flat_map(|k| self.people_by_key.get(k).into_iter().flatten().copied())
            .filter(|&p| p != id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut people: Vec<(&str, &Derived)> = ids
            .into_iter()
            .filter_map(|p| self.slots.get(p as usize)?.as_ref())
            .filter(|s| s.derived.person.is_some())
            .map(|s| (s.path.as_str(), &s.derived))
            .collect();
        people.sort_by(|a, b| a.1.name.to_lowercase().cmp(&b.1.name.to_lowercase()).then(a.0.cmp(b.0)));
        Ok(LogTargets { path: &slot.path, date, people })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Settings};

    fn index(notes: &[(&str, &str)], config: Config) -> Index {
        let mut index = Index::new(Settings::new(config).unwrap_or_default());
        for (path, text) in notes {
            index.upsert(path, text);
        }
        index
    }

    fn people(index: &Index, path: &str) -> Result<Vec<String>, LogTargetError> {
        index.log_targets(path).map(|t| t.people.iter().map(|(p, _)| p.to_string()).collect())
    }

    const PEOPLE: [(&str, &str); 3] = [
        ("People/Bo Kim.md", "---\ntype: people\naliases: [Bo]\n---\n"),
        ("People/ada.md", "---\ntype: people\n---\nSee [[Bo Kim]].\n"),
        ("People/Cy Dune.md", "---\ntype: people\n---\n"),
    ];

    #[test]
    fn the_people_a_dated_note_links_each_once_by_name() {
        let mut notes = PEOPLE.to_vec();
        notes.push((
            "Meetings/2026-11-24 - Panel.md",
            "With [[Bo]], [[People/Bo Kim|Bo]], [[ada]] and [[Nobody]].\n- [ ] ask [[Cy Dune]]\n",
        ));
        let index = index(&notes, Config::default());
        assert_eq!(
            people(&index, "Meetings/2026-11-24 - Panel.md"),
            Ok(vec!["People/ada.md".into(), "People/Bo Kim.md".into()])
        );
        let targets = index.log_targets("Meetings/2026-11-24 - Panel.md");
        assert_eq!(targets.map(|t| t.date.to_string()).ok().as_deref(), Some("2026-11-24"));
    }

    #[test]
    fn participants_alone_when_the_note_lists_them() {
        let mut notes = PEOPLE.to_vec();
        notes.push(("Daily/2026-11-24.md", "---\nattendees: ['[[Cy Dune]]']\n---\nTalked about [[Bo Kim]].\n"));
        let config = Config { participants_properties: vec!["attendees".into()], ..Config::default() };
        let index = index(&notes, config);
        assert_eq!(people(&index, "Daily/2026-11-24.md"), Ok(vec!["People/Cy Dune.md".into()]));
    }

    #[test]
    fn a_person_note_with_a_date_does_not_log_itself() {
        let notes =
            [("People/Bo Kim.md", "---\ntype: people\ndate: 2026-11-24\n---\n[[Bo Kim]] and [[Cy Dune]]\n"), PEOPLE[2]];
        let index = index(&notes, Config::default());
        assert_eq!(people(&index, "People/Bo Kim.md"), Ok(vec!["People/Cy Dune.md".into()]));
    }

    #[test]
    fn an_unknown_or_undated_note_is_an_error() {
        let index = index(&PEOPLE, Config::default());
        assert_eq!(people(&index, "Nope.md"), Err(LogTargetError::NoNote { path: "Nope.md".into() }));
        assert_eq!(
            people(&index, "People/Cy Dune.md"),
            Err(LogTargetError::NotDated { path: "People/Cy Dune.md".into() })
        );
        assert_eq!(
            LogTargetError::NotDated { path: "a.md".into() }.to_string(),
            "`a.md` is not a dated note: name it `YYYY-MM-DD - Title.md` or `YYYY-MM-DD.md`, or give it a `date` property"
        );
    }
}
