//! The words of a text and the keys the word maps file them under.

use super::hasher::KeyHasher;
use std::borrow::Cow;
use std::hash::Hasher;

/// `text` lower-cased, borrowed when that changes nothing (ASCII without capitals: most words).
pub(super) fn lower(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(text)
    } else if text.is_ascii() {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Lower-cased words of `text`: runs of letters and digits.
pub(super) fn words(text: &str) -> Words<'_> {
    Words { text, at: 0, ascii: text.is_ascii(), lowered: true }
}

/// [`word_key`]s of the words of `text`, ASCII words lower-cased on the stack instead of copied.
pub(super) fn word_keys(text: &str) -> impl Iterator<Item = u64> + '_ {
    Words { text, at: 0, ascii: text.is_ascii(), lowered: false }.map(|w| key_of_word(&w))
}

/// The iterator of [`words`]. In ASCII the letters and digits are the ASCII ones, and the text
/// is walked byte by byte; otherwise char by char.
pub(super) struct Words<'a> {
    text: &'a str,
    at: usize,
    ascii: bool,
    /// Whether ASCII words come lower-cased (otherwise as written, for [`key_of_word`]).
    lowered: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = Cow<'a, str>;

    fn next(&mut self) -> Option<Cow<'a, str>> {
        let rest = self.text.get(self.at..)?;
        let (start, end) = if self.ascii {
            let bytes = rest.as_bytes();
            let start = bytes.iter().position(u8::is_ascii_alphanumeric)?;
            let len = bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - start);
            (start, start + len)
        } else {
            let start = rest.find(char::is_alphanumeric)?;
            let end = rest[start..].find(|c: char| !c.is_alphanumeric()).map_or(rest.len(), |n| start + n);
            (start, end)
        };
        let word = rest.get(start..end)?;
        self.at += end;
        Some(if self.ascii && !self.lowered { Cow::Borrowed(word) } else { lower(word) })
    }
}

/// The key a lower-cased word is filed under in the word maps: its text hashed, so that no map
/// holds the words themselves. Words may share a key; what is found through one is always
/// checked against the text (`mentions_whole`), so sharing only adds a candidate.
pub(super) fn word_key(lowered: &str) -> u64 {
    key_of_bytes(lowered.as_bytes())
}

fn key_of_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = KeyHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// [`word_key`] of a word as written: a short ASCII word is lower-cased on the stack.
pub(super) fn key_of_word(word: &str) -> u64 {
    let mut stack = [0u8; 64];
    match stack.get_mut(..word.len()) {
        Some(low) if word.is_ascii() => {
            low.copy_from_slice(word.as_bytes());
            low.make_ascii_lowercase();
            key_of_bytes(low)
        }
        _ => word_key(&lower(word)),
    }
}

/// The word of a mention name that finds candidate tasks in the word index: its longest.
pub(super) fn longest_word(name: &str) -> Option<Cow<'_, str>> {
    words(name).max_by_key(|w| w.len())
}
