//! Who an open task concerns and which open tasks concern a person: one rule, seen from each side.

use super::postings::{intersect, Postings, Ref};
use super::update::TaskKeys;
use super::whole_name::mentions_whole;
use super::words::{key_of_word, longest_word, word_key, words};
use super::{Index, NoteId};
use crate::note::Person;
use std::borrow::Cow;

impl Index {
    /// The people an open task concerns, by the rules of [`Index::tasks_for_person`] seen from
    /// the task's side: a link to one of their keys, one of their handles, or one of their
    /// mention names as a whole name (found through the name's longest word, as there).
    pub(super) fn people_concerned_by(&self, keys: &TaskKeys, description: &str) -> Vec<NoteId> {
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
                    if person.mention_names.iter().any(|n| {
                        has_words(n)
                            && longest_word(n).map(|l| word_key(&l)) == Some(*w)
                            && mentions_whole(description, n)
                    }) {
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

    /// The live open tasks a person owns and, apart from those, the ones that mention them.
    pub(super) fn owned_and_mentioning_tasks<'a>(&'a self, person: &Person) -> (Vec<Ref>, Vec<Ref>) {
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
                let list = |map: &'a Postings<u64>, word: &str| map.get(&word_key(word));
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
}
