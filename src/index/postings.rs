//! The inverted maps' type (`Postings`), their entries, and where lists of entries meet.

use super::hasher::HashMap;
use super::NoteId;
use crate::date::Date;
use std::borrow::Borrow;
use std::hash::Hash;

/// An entry of an inverted map. Entries are never removed on update: each carries the
/// generation of its note, and an entry whose generation is no longer the note's is skipped.
/// This keeps an update proportional to the note, not to how popular its words or links are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Ref {
    pub(super) note: NoteId,
    pub(super) generation: u32,
    pub(super) task: u32,
}

/// What a list of [`Postings`] holds: a [`Ref`], or a `Ref` with what a query reads without
/// visiting its note.
pub(super) trait Posting: Copy {
    fn at(&self) -> &Ref;
}

impl Posting for Ref {
    #[inline]
    fn at(&self) -> &Ref {
        self
    }
}

/// A dated note's entry carries the note's date (see `Index::link_notes`).
impl Posting for (Date, Ref) {
    #[inline]
    fn at(&self) -> &Ref {
        &self.1
    }
}

/// One inverted map: under each key, the entries filed there, in put order (by generation,
/// then task). Entries are only ever pushed; the dead ones are skipped by whoever reads a list
/// and dropped in bulk by [`Postings::compact`].
pub(super) struct Postings<K, E = Ref> {
    lists: HashMap<K, Vec<E>>,
}

impl<K, E> Default for Postings<K, E> {
    fn default() -> Self {
        Postings { lists: HashMap::default() }
    }
}

impl<K: Hash + Eq, E: Posting> Postings<K, E> {
    /// The entries under `key`, dead ones included, in put order.
    #[inline]
    pub(super) fn get<Q>(&self, key: &Q) -> &[E]
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lists.get(key).map_or(&[][..], Vec::as_slice)
    }

    /// Files `entry` under `key`.
    #[inline]
    pub(super) fn push(&mut self, key: K, entry: E) {
        self.lists.entry(key).or_default().push(entry);
    }

    /// Files `entry` under `key`, for keys that are most often in the map already: a new one is
    /// the only one that needs its own copy (its own string).
    #[inline]
    pub(super) fn push_borrowed<Q>(&mut self, key: &Q, entry: E)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        match self.lists.get_mut(key) {
            Some(list) => list.push(entry),
            None => {
                self.lists.insert(key.to_owned(), vec![entry]);
            }
        }
    }

    /// Drops the entries that are no longer `live`, and the keys left with none.
    pub(super) fn compact(&mut self, live: impl Fn(&Ref) -> bool) {
        self.lists.retain(|_, list| {
            list.retain(|e| live(e.at()));
            !list.is_empty()
        });
    }
}

/// The entries in every one of `lists`, each in put order (by generation, then task, as the
/// maps keep them): the shortest list is walked, and each entry looked for in the others by a
/// binary search over what remains of them, so the cost follows the shortest list.
pub(super) fn intersect(mut lists: Vec<&[Ref]>) -> Vec<Ref> {
    lists.sort_by_key(|l| l.len());
    let Some((shortest, others)) = lists.split_first_mut() else { return Vec::new() };
    let order = |r: &Ref| (r.generation, r.task);
    let mut out = Vec::new();
    'entries: for r in shortest.iter() {
        for other in others.iter_mut() {
            let at = other.partition_point(|x| order(x) < order(r));
            *other = &other[at..];
            if other.first() != Some(r) {
                continue 'entries;
            }
        }
        out.push(*r);
    }
    out
}
