//! `merge_plan`: who is merged into whom, and which notes a merge touches, found through the
//! index's maps (the notes linking the merged person, and those whose tasks link or @mention
//! them), so that the host reads only those notes and nobody scans the vault. The edits
//! themselves are computed on each note's current text by [`crate::merge`].

use super::Index;
use crate::merge::{note_edits, NoteMerge, Rename};

/// Why two people cannot be merged. `Display` is the sentence the user sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// No person answers to `query` (`which` is `KEEP` or `MERGED`).
    Unknown { which: &'static str, query: String },
    /// `query` names a note that is not a person.
    NotAPerson { which: &'static str, path: String },
    /// Both name the same person.
    Same { path: String },
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Unknown { which, query } => write!(f, "{which}: no person is called `{query}`."),
            MergeError::NotAPerson { which, path } => write!(f, "{which}: `{path}` is not a person's note."),
            MergeError::Same { path } => write!(f, "KEEP and MERGED are the same person ({path})."),
        }
    }
}

impl std::error::Error for MergeError {}

/// A merge to make: the two people, the rename every note's edits follow, and the notes whose
/// current texts the host must hand to [`MergePlan::edits`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergePlan {
    pub rename: Rename,
    /// The kept person's name (its note's base name) and the merged one's.
    pub kept_name: String,
    pub merged_name: String,
    /// The kept note first, then every other note that links the merged person or whose tasks
    /// do (by link or @handle), by path; the merged note last.
    pub paths: Vec<String>,
    /// The last contact property of the settings.
    pub last_contact_key: String,
}

impl MergePlan {
    /// The edits of the note at `path` with its current `text`; the kept note's need the merged
    /// note's current text too.
    pub fn edits(&self, path: &str, text: &str, merged_text: &str) -> NoteMerge {
        note_edits(&self.rename, path, text, merged_text, &self.last_contact_key)
    }
}

impl Index {
    /// The plan to merge the person `merged` into the person `keep`, each named as
    /// `tasks --person` takes a name: a name, alias, @handle or path.
    pub fn merge_plan(&self, keep: &str, merged: &str) -> Result<MergePlan, MergeError> {
        let kept_path = self.person_for("KEEP", keep)?;
        let merged_path = self.person_for("MERGED", merged)?;
        if kept_path == merged_path {
            return Err(MergeError::Same { path: kept_path.to_string() });
        }
        let Some(rename) = self.merge_rename(kept_path, merged_path) else {
            return Err(MergeError::Unknown { which: "MERGED", query: merged.to_string() });
        };
        let name = |path: &str| self.slot_at(path).map_or_else(String::new, |s| s.derived.name.clone());
        let (kept_name, merged_name) = (name(kept_path), name(merged_path));
        let mut paths: Vec<String> =
            self.linked_notes(merged_path).unwrap_or_default().into_iter().map(|l| l.path.to_string()).collect();
        // Tasks of any status: links inside open or closed tasks, and @handles.
        for slot in self.slots.iter().flatten() {
            let reaches = slot.note.tasks.iter().any(|t| {
                t.fields.links.iter().any(|l| rename.links_merged(l, &slot.path))
                    || t.fields.handles.iter().any(|h| rename.is_merged_handle(h))
            });
            if reaches {
                paths.push(slot.path.clone());
            }
        }
        paths.retain(|p| p != kept_path && p != merged_path);
        paths.sort();
        paths.dedup();
        paths.insert(0, kept_path.to_string());
        paths.push(merged_path.to_string());
        Ok(MergePlan {
            kept_name,
            merged_name,
            rename,
            paths,
            last_contact_key: self.settings.config.last_contact_property.clone(),
        })
    }

    /// The rename of a merge of the person at `merged_path` into the person at `kept_path`, by
    /// exact paths (what the plugin recomputes each note's edits with); `None` unless both are
    /// people and differ.
    pub fn merge_rename(&self, kept_path: &str, merged_path: &str) -> Option<Rename> {
        let person = |path: &str| self.slot_at(path).and_then(|s| Some((&s.derived.name, s.derived.person.as_ref()?)));
        let ((kept_name, kept), (_, merged)) = (person(kept_path)?, person(merged_path)?);
        (kept_path != merged_path).then(|| Rename {
            merged_path: merged_path.to_string(),
            kept_path: kept_path.to_string(),
            merged_handles: merged.handles.clone(),
            kept_handle: kept.handles.first().cloned().unwrap_or_else(|| kept_name.split_whitespace().collect()),
        })
    }

    fn person_for(&self, which: &'static str, query: &str) -> Result<&str, MergeError> {
        if let Some(path) = self.find_person(query) {
            return Ok(path);
        }
        let q = query.trim();
        for path in [q.to_string(), format!("{q}.md")] {
            if self.slot_at(&path).is_some() {
                return Err(MergeError::NotAPerson { which, path });
            }
        }
        Err(MergeError::Unknown { which, query: q.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;

    fn index() -> Index {
        let mut index = Index::new(Settings::default());
        index.upsert("People/Kofi Boateng.md", "---\ntype: people\n---\n# Kofi Boateng\n");
        index.upsert("People/Kofi B.md", "---\ntype: people\naliases: [KB]\n---\n# Kofi B\n");
        index.upsert("Meetings/2026-11-02 Fair.md", "Met [[Kofi B]].\n");
        index.upsert("Daily/2026-11-03.md", "- [x] called @KofiB\n- [-] cancelled [[KB]]\n");
        index.upsert("Notes/Other.md", "Nothing about them.\n");
        index
    }

    #[test]
    fn a_plan_lists_the_notes_that_reach_the_merged_person() {
        let index = index();
        let plan = index.merge_plan("Kofi Boateng", "@KofiB").expect("a plan");
        assert_eq!(
            plan.paths,
            ["People/Kofi Boateng.md", "Daily/2026-11-03.md", "Meetings/2026-11-02 Fair.md", "People/Kofi B.md"]
        );
        assert_eq!(plan.rename.kept_handle, "KofiBoateng");
        let edits = plan.edits("Daily/2026-11-03.md", "- [x] called @KofiB\n", "");
        assert_eq!(edits.edits.len(), 1);
    }

    #[test]
    fn unknown_same_and_not_a_person_are_refused() {
        let index = index();
        assert_eq!(
            index.merge_plan("Nobody", "Kofi B"),
            Err(MergeError::Unknown { which: "KEEP", query: "Nobody".into() })
        );
        assert_eq!(
            index.merge_plan("KB", "People/Kofi B.md"),
            Err(MergeError::Same { path: "People/Kofi B.md".into() })
        );
        assert_eq!(
            index.merge_plan("Kofi B", "Notes/Other"),
            Err(MergeError::NotAPerson { which: "MERGED", path: "Notes/Other.md".into() })
        );
    }
}
