//! Putting notes in and taking them out: the inverted maps, the open-task counts and the kept
//! contacts follow each change, and a settings change re-derives the notes a slice at a time.

use super::hasher::HashMap;
use super::postings::{Postings, Ref};
use super::words::{longest_word, lower, word_key, word_keys};
use super::{tasks_of, Index, NoteId, Slot, NEXT_SERIAL};
use crate::config::Settings;
use crate::note::{link_key, Derived, Note, Person, Task};
use crate::task::StatusKind;
use std::borrow::Cow;

/// Compact the inverted maps once dead entries outnumber live ones by this many.
pub(super) const COMPACT_SLACK: usize = 4096;

/// How many inverted maps a compaction goes through ([`Index::compact_map`]).
const MAPS: usize = 6;

/// A compaction under way while settings are applied: the next map, and the dead entries
/// counted when it began.
#[derive(Clone, Copy, Debug)]
pub(super) struct Compaction {
    next: usize,
    dead: usize,
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

fn is_open(task: &Task) -> bool {
    StatusKind::from_symbol(task.fields.status).is_open()
}

/// What an open task is filed under in the inverted maps: link keys, lower-cased handles and
/// lower-cased words, each sorted and without repeats.
pub(super) struct TaskKeys<'a> {
    pub(super) links: Vec<String>,
    pub(super) handles: Vec<Cow<'a, str>>,
    /// [`word_key`]s of the words.
    pub(super) words: Vec<u64>,
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
    /// Compacts the inverted maps once dead entries outnumber live ones by `slack` (for the
    /// property tests and fuzzing, whose update sequences are too short to reach
    /// `COMPACT_SLACK`). Kept by [`Index::clear`].
    #[doc(hidden)]
    pub fn set_compact_slack(&mut self, slack: usize) {
        self.compact_slack = slack;
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
        self.compact_step();
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
            for p in self.people_concerned_by(&keys, &task.fields.description) {
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
            match self.compacting {
                // Settings being applied a slice at a time: each `rederive` call compacts one
                // map, so that no slice compacts them all (at 10k notes that is ten times a
                // slice's usual work).
                None if !self.rederive.is_empty() => {
                    self.compacting = Some(Compaction { next: 0, dead: self.dead_entries });
                }
                None => self.compact(),
                // One begun during the slices that have ended since: finished now.
                Some(_) if self.rederive.is_empty() => self.compact(),
                Some(_) => {}
            }
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
                self.link_notes.push(key.clone(), (date, Ref { note: id, generation, task: 0 }));
                entries += 1;
            }
        }
        // A dated note's contact keys are in `link_notes` already: only its other links go here.
        let dated = derived.date.is_some();
        let linked = derived.linked_keys().skip(if dated { derived.link_keys.len() } else { 0 });
        for key in linked {
            self.linked_notes.push(super::linked::link_hash(key), Ref { note: id, generation, task: 0 });
            entries += 1;
        }
        // Most keys are in the map already: a new one is the only one that needs its own string.
        let mut push = |map: &mut Postings<String>, key: &str, task: u32| {
            map.push_borrowed(key, Ref { note: id, generation, task });
            entries += 1;
        };
        // Tasks of this note concern these people (one entry per task and person); their
        // counts go up once the slot is in place.
        let mut people_concerned: Vec<NoteId> = Vec::new();
        let mut word_entries = 0;
        let files_tasks = self.files_tasks();
        for (i, task) in tasks_of(&note, &derived).filter(|(_, t)| files_tasks && is_open(t)) {
            let keys = task_keys(task);
            people_concerned.extend(self.people_concerned_by(&keys, &task.fields.description));
            for k in &keys.links {
                push(&mut self.link_tasks, k, i);
            }
            for h in &keys.handles {
                push(&mut self.handle_tasks, h, i);
            }
            let words =
                if task.fields.description.is_ascii() { &mut self.word_tasks } else { &mut self.non_ascii_word_tasks };
            for &w in &keys.words {
                words.push(w, Ref { note: id, generation, task: i });
            }
            word_entries += keys.words.len();
        }
        let entries = entries + word_entries;
        self.live_entries += entries;
        self.by_path.insert(path.clone(), id);
        let person = derived.person.clone();
        let serial = NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.slots[id as usize] =
            Some(Slot { path, generation, serial, note, derived, entries, epoch: self.epoch, open_tasks: 0 });
        for p in people_concerned {
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
                let (owned, mentions) = self.owned_and_mentioning_tasks(&person);
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

    /// Drops the dead entries of every map.
    fn compact(&mut self) {
        for map in 0..MAPS {
            self.compact_map(map);
        }
        self.dead_entries = 0;
        self.compacting = None;
    }

    /// Compacts the next map of a compaction begun during `rederive`, if one is under way. The
    /// entries counted dead when it began are gone once the last map is done; those that died
    /// meanwhile are counted still, which only brings the next compaction forward. Entries
    /// found through a map not yet compacted are skipped by their generation, as always.
    fn compact_step(&mut self) {
        let Some(Compaction { next, dead }) = self.compacting else { return };
        self.compact_map(next);
        if next + 1 < MAPS {
            self.compacting = Some(Compaction { next: next + 1, dead });
        } else {
            self.dead_entries = self.dead_entries.saturating_sub(dead);
            self.compacting = None;
        }
    }

    /// Drops the dead entries of one inverted map, `map` < [`MAPS`].
    fn compact_map(&mut self, map: usize) {
        let slots = &self.slots;
        let live =
            |r: &Ref| slots.get(r.note as usize).and_then(Option::as_ref).is_some_and(|s| s.generation == r.generation);
        match map {
            0 => self.link_notes.compact(live),
            1 => self.link_tasks.compact(live),
            2 => self.handle_tasks.compact(live),
            3 => self.linked_notes.compact(live),
            4 => self.word_tasks.compact(live),
            _ => self.non_ascii_word_tasks.compact(live),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    /// Every person's kept count of open tasks equals what `tasks_for_person` gathers.
    fn check_counts(index: &Index) {
        let today = Date::parse_iso("2026-11-26").unwrap();
        for (path, _) in index.people() {
            let t = index.tasks_for_person(path).unwrap();
            let counted = index.contact(path, today).unwrap().open_tasks;
            assert_eq!(counted, t.mentions.len() + t.owned.len(), "{path}");
        }
    }

    /// While settings are applied in slices, a compaction goes one map per `rederive` call and
    /// ends with the dead entries it began with gone; the answers stay those of a fresh index.
    #[test]
    fn a_compaction_during_slices_goes_one_map_per_call() {
        let notes: Vec<(String, String)> = (0..40)
            .map(|i| {
                let text = format!("---\ntype: people\n---\n- [ ] call [[P{}]] @P{i} about plans\n", (i + 1) % 40);
                (format!("People/P{i}.md"), text)
            })
            .collect();
        let mut index = Index::new(Settings::default());
        index.set_compact_slack(0);
        for (path, text) in &notes {
            index.upsert(path, text);
        }
        // Half the notes put again: as many dead entries as half the live ones, so the slices
        // cross the threshold half way.
        for (path, text) in notes.iter().step_by(2) {
            index.upsert(path, text);
        }
        let other = Settings::new(crate::config::Config { default_cadence: "weekly".into(), ..Default::default() })
            .unwrap_or_default();
        index.begin_settings(other.clone());
        let mut steps = Vec::new();
        while index.rederive(1) > 0 {
            steps.push(index.compacting.map(|c| c.next));
        }
        let begun = steps.iter().position(Option::is_some).expect("a compaction began during the slices");
        let expected: Vec<Option<usize>> = (0..MAPS).map(Some).collect();
        assert_eq!(steps[begun..begun + MAPS], expected[..], "one map a call, from the first: {steps:?}");
        assert!(index.dead_entries < index.live_entries, "the dead entries it began with are gone");
        let mut fresh = Index::new(other);
        for (path, text) in &notes {
            fresh.upsert(path, text);
        }
        let today = Date::parse_iso("2026-11-26").unwrap();
        let answer = |i: &Index| {
            format!("{:?}", i.stale(today).iter().map(|c| (c.path.clone(), c.open_tasks)).collect::<Vec<_>>())
        };
        assert_eq!(answer(&index), answer(&fresh));
        check_counts(&index);
    }

    #[test]
    fn open_task_counts_follow_every_change() {
        let mut index = Index::new(Settings::default());
        let ada = "---\ntype: people\naliases: [Ada B, Addy Brennan]\n---\n- [ ] note to self about Ada Brennan\n";
        index.upsert(
            "Daily/2026-11-20.md",
            "- [ ] call [[Ada Brennan]] and Bo Tran\n- [ ] @AdaBrennan sends the deck\n- [x] done with Ada Brennan\n",
        );
        check_counts(&index);
        index.upsert("People/Ada Brennan.md", ada);
        index.upsert("People/Bo Tran.md", "---\ntype: people\n---\n");
        check_counts(&index);
        index.upsert(
            "Daily/2026-11-21.md",
            "- [ ] ask Addy Brennan, @BoTran and [[Ada Brennan|Ada]] @AdaBrennan\n\t- [/] Bo Tran again\n",
        );
        check_counts(&index);
        index.upsert("Daily/2026-11-20.md", "- [x] call [[Ada Brennan]] and Bo Tran\n");
        check_counts(&index);
        // Descriptions and names beyond ASCII take the full comparison.
        index.upsert(
            "Daily/2026-11-22.md",
            "- [ ] Café with Ada Brennan ☕\n- [ ] lunch with Inès Duvallier\n- [ ] Ada met Brennan\n",
        );
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
        assert_eq!(
            index.contact("People/Ada Brennan.md", Date::parse_iso("2026-11-26").unwrap()).unwrap().open_tasks,
            0
        );
    }
}
