//! The hasher of the index's maps: their keys are short words, link keys and ids.

use std::hash::{BuildHasherDefault, Hasher};

/// The index's maps hash with [`KeyHasher`]: their keys are short words, link keys and ids.
pub(super) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A multiply-and-fold hasher, several times cheaper than the standard SipHash on the short keys
/// the index files every word of every open task under. SipHash's defence against crafted
/// collisions needs secret random keys, which wasm32-unknown-unknown does not have (its keys are
/// fixed), so the plugin never had that defence; a note's size and task count are bounded
/// (`MAX_BODY_BYTES`, `MAX_TASKS_PER_NOTE`), which bounds what one note can file.
#[derive(Clone, Copy, Default)]
pub(super) struct KeyHasher(u64);

impl KeyHasher {
    /// An odd constant with bits spread across the word (the golden ratio's fraction).
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(Self::MULTIPLIER);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// The product's high bits are its best mixed; the table takes its buckets from the low bits
    /// and its tags from the top seven, so the high half is folded into the low half.
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key hasher tells apart keys that differ only in length or in a zero byte, and spreads
    /// similar words over the low bits the table picks buckets with.
    #[test]
    fn key_hasher_separates_and_spreads_keys() {
        use std::hash::BuildHasher;
        let hash = |s: &str| BuildHasherDefault::<KeyHasher>::default().hash_one(s);
        let keys = ["", "a", "a\0", "ab", "ab\0", "abcdefgh", "abcdefgh\0", "abcdefghi", "ba"];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a:?} and {b:?}");
            }
        }
        let buckets: std::collections::HashSet<u64> = (0..4096).map(|i| hash(&format!("word{i}")) & 4095).collect();
        assert!(buckets.len() > 2400, "4096 words fell in {} of 4096 buckets", buckets.len());
        let tags: std::collections::HashSet<u64> = (0..4096).map(|i| hash(&format!("word{i}")) >> 57).collect();
        assert_eq!(tags.len(), 128, "the top seven bits take every value");
    }
}
