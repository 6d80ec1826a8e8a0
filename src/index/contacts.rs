//! The stale query: each person's evidence of contact and assessment, and the contacts kept
//! between queries until an update touches what they rest on.

use super::{Index, NoteId, Slot, NEXT_SERIAL};
use crate::date::Date;
use crate::staleness::{self, Assessment, Evidence, Source, StaleContact};
use std::rc::Rc;

/// A person's contact as a `stale` query computed it, for the slot generation it was computed on.
struct CachedContact {
    generation: u32,
    contact: Rc<StaleContact>,
    lower_name: String,
    /// Unique to this assessment in this process (see [`Index::stale_serials`]).
    serial: u64,
}

/// What earlier `stale` queries computed, kept until something it rests on changes, so that the
/// query after a one-note update assesses only the people that update touched. A contact rests
/// on its own note, on `today` and the settings, on its open-task count and on the dated notes
/// linking one of its keys; `put` and `take` drop the contacts of the people whose count or
/// linking notes they change.
#[derive(Default)]
pub(super) struct ContactCache {
    today: Option<Date>,
    /// By note id.
    entries: Vec<Option<CachedContact>>,
    /// The last answer's order (note ids), while no contact in it changed and no person came
    /// or went.
    sorted: Option<Vec<NoteId>>,
}

impl ContactCache {
    pub(super) fn forget(&mut self, id: NoteId) {
        if let Some(e) = self.entries.get_mut(id as usize) {
            *e = None;
        }
        self.sorted = None;
    }

    pub(super) fn clear(&mut self) {
        *self = ContactCache::default();
    }
}

impl Index {
    /// The newest evidence of contact with the person in `slot`, on or before `today`; with
    /// `frontmatter` false, only what the body and other notes show.
    pub(super) fn evidence(&self, slot: &Slot, today: Date, frontmatter: bool) -> Option<Evidence> {
        let person = slot.derived.person.as_ref()?;
        let evidence = &self.settings.config.evidence;
        let mut best = person.last_contact.filter(|d| frontmatter && *d <= today).map(|date| Evidence {
            date,
            source: Source::Frontmatter,
            path: None,
        });
        if evidence.recent_context {
            let recent = slot.note.recent_contact(today).map(|date| Evidence {
                date,
                source: Source::RecentContext,
                path: None,
            });
            best = staleness::newest(best, recent);
        }
        if evidence.linked_notes {
            // The newest linking note, its path copied once at the end: a popular person is
            // linked from thousands of notes.
            let mut linked: Option<(Date, &Slot)> = None;
            for key in &person.keys {
                for &(date, r) in self.link_notes.get(key) {
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
        let a = Assessment {
            path: &slot.path,
            name: &slot.derived.name,
            person,
            evidence: self.evidence(slot, today, true),
            open_tasks,
        };
        Some(staleness::assess(a, &self.settings, today))
    }

    /// Every person with their staleness, most overdue first.
    /// Contacts no update has touched since an earlier query on the same `today` are reused.
    pub fn stale(&self, today: Date) -> Vec<Rc<StaleContact>> {
        let mut cache = self.contacts.borrow_mut();
        let cache = self.refresh_contacts(&mut cache, today);
        cache
            .sorted
            .iter()
            .flatten()
            .filter_map(|&id| Some(Rc::clone(&cache.entries.get(id as usize)?.as_ref()?.contact)))
            .collect()
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::hasher::HashMap;

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
}
