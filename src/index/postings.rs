//! The entries of the inverted maps, and where lists of them meet.

use super::NoteId;

/// An entry of an inverted map. Entries are never removed on update: each carries the
/// generation of its note, and an entry whose generation is no longer the note's is skipped.
/// This keeps an update proportional to the note, not to how popular its words or links are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Ref {
    pub(super) note: NoteId,
    pub(super) generation: u32,
    pub(super) task: u32,
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
