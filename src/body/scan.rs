//! Byte scanners shared by the readers: lines, bytes eight at a time, code spans, brackets, fences.

use std::ops::Range;

/// Lines of `text` from `start`: (line range without its ending, range including the ending).
pub fn lines_from(text: &str, start: usize) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let line_start = pos;
        let end = memchr_newline(bytes, pos).map_or(bytes.len(), |i| i + 1);
        pos = end;
        let mut content_end = end;
        if content_end > line_start && bytes[content_end - 1] == b'\n' {
            content_end -= 1;
        }
        if content_end > line_start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        Some((line_start..content_end, line_start..end))
    })
}

const LOW_ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `at` as one little-endian word, when there are eight.
#[inline]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// `b` in every byte of a word.
#[inline]
pub(crate) const fn splat(b: u8) -> u64 {
    LOW_ONES * b as u64
}

/// The high bit of every byte of `word` that is under `n` (at most 0x80). A byte above such a
/// byte may be flagged too (the subtraction borrows), so the lowest flag is always exact.
#[inline]
pub(crate) fn bytes_under(word: u64, n: u8) -> u64 {
    word.wrapping_sub(LOW_ONES * u64::from(n)) & !word & HIGH_BITS
}

/// Where the first of `needles` at or after `from` is, eight bytes at a time: the lowest byte
/// flagged in a word is always a true one (see [`bytes_under`]; a needle's false flags lie above
/// a true one of its own).
#[inline]
pub(crate) fn find_any<const N: usize>(bytes: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    let mut at = from;
    while let Some(word) = word_at(bytes, at) {
        let hits = needles.iter().fold(0, |hits, &b| hits | bytes_under(word ^ splat(b), 1));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes.get(at..)?.iter().position(|b| needles.contains(b)).map(|i| i + at)
}

/// Where the first `\n` at or after `from` is.
pub(crate) fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    find_byte(bytes, from, b'\n')
}

/// Where the first `needle` at or after `from` is, eight bytes at a time.
pub(crate) fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    find_any(bytes, from, [needle])
}

/// A table of the bytes a scanning loop stops at, built at compile time: `set[b as usize]`.
pub(crate) const fn byte_set(bytes: &[u8], non_ascii: bool) -> [bool; 256] {
    let mut table = [non_ascii; 256];
    let mut i = 0;
    while i < 128 {
        table[i] = false;
        i += 1;
    }
    let mut j = 0;
    while j < bytes.len() {
        table[bytes[j] as usize] = true;
        j += 1;
    }
    table
}

/// Positions paired with positions (a code span's start with where scanning resumes, an opening
/// bracket with its closer), sorted by the first, looked up by binary search. A task line has a
/// handful; a vector sorted once costs less than hashing each one.
#[derive(Default)]
pub(crate) struct Pairs(Vec<(usize, usize)>);

impl Pairs {
    pub(crate) fn get(&self, at: usize) -> Option<usize> {
        self.0.binary_search_by_key(&at, |&(from, _)| from).ok().and_then(|i| self.0.get(i)).map(|&(_, to)| to)
    }
}

/// Where inline code spans run: for each backtick run, the offset where scanning resumes (after
/// the closing run of a code span, or after the run itself when nothing closes it).
///
/// Each run is paired with the next run of the same length, found by one backward pass, so a
/// line full of unmatched backticks costs linear time.
pub(crate) fn code_spans(text: &str) -> Pairs {
    let bytes = text.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(start) = find_byte(bytes, at, b'`') {
        let len = bytes.iter().skip(start).take_while(|&&b| b == b'`').count();
        runs.push((start, len));
        at = start + len;
    }
    if runs.is_empty() {
        return Pairs::default();
    }
    // The latest run seen of each length, indexed by length (no run is longer than the line).
    let longest = runs.iter().map(|&(_, len)| len).max().unwrap_or(0);
    let mut latest: Vec<Option<usize>> = vec![None; longest + 1];
    let mut next_same_len: Vec<Option<usize>> = vec![None; runs.len()];
    for (index, &(_, len)) in runs.iter().enumerate().rev() {
        if let (Some(slot), Some(seen)) = (next_same_len.get_mut(index), latest.get_mut(len)) {
            *slot = *seen;
            *seen = Some(index);
        }
    }
    let mut resume = Vec::with_capacity(runs.len());
    let mut index = 0;
    while let Some(&(start, len)) = runs.get(index) {
        // A backslash before the run escapes its first backtick, so it opens nothing.
        let escaped = start > 0 && bytes.get(start - 1) == Some(&b'\\');
        let closer = next_same_len.get(index).copied().flatten().filter(|_| !escaped);
        match closer.and_then(|c| runs.get(c).map(|&(s, l)| (c, s + l))) {
            Some((close_index, end)) => {
                resume.push((start, end));
                index = close_index + 1;
            }
            None => {
                resume.push((start, start + len));
                index += 1;
            }
        }
    }
    // Runs are visited in text order, so `resume` is sorted already.
    Pairs(resume)
}

/// Pairs of `[`/`]` and of `(`/`)` outside code spans and escapes, by one stack pass each, so
/// that finding the end of a link or field never rescans the line.
pub(crate) fn match_brackets(text: &str, code: &Pairs) -> (Pairs, Pairs) {
    let bytes = text.as_bytes();
    let (mut square, mut round) = (Vec::new(), Vec::new());
    let (mut open_square, mut open_round) = (Vec::new(), Vec::new());
    let mut at = 0;
    // Every other byte is passed over, eight at a time.
    while let Some(next) = find_any(bytes, at, [b'`', b'\\', b'[', b']', b'(', b')']) {
        at = next;
        let b = bytes[at];
        match b {
            b'`' => {
                at = code.get(at).unwrap_or(at + 1);
                continue;
            }
            b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => {
                at += 2;
                continue;
            }
            b'[' => open_square.push(at),
            b']' => {
                if let Some(open) = open_square.pop() {
                    square.push((open, at));
                }
            }
            b'(' => open_round.push(at),
            b')' => {
                if let Some(open) = open_round.pop() {
                    round.push((open, at));
                }
            }
            _ => {}
        }
        at += 1;
    }
    // Pairs are found at their closers; lookups go by the opener.
    square.sort_unstable();
    round.sort_unstable();
    (Pairs(square), Pairs(round))
}

/// CommonMark allows at most nine digits in an ordered list marker; longer runs are plain text.
pub(crate) const MAX_ORDERED_MARKER_DIGITS: usize = 9;

/// A list marker at the start of `rest`: its kind, its byte length, and for an ordered marker
/// its number.
#[inline]
pub(crate) fn list_marker(rest: &[u8]) -> Option<(u8, usize, Option<u64>)> {
    match rest.first()? {
        b @ (b'-' | b'*' | b'+') => Some((*b, 1, None)),
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > MAX_ORDERED_MARKER_DIGITS {
                return None;
            }
            let delimiter = *rest.get(digits).filter(|b| matches!(b, b'.' | b')'))?;
            let number = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
            Some((delimiter, digits + 1, Some(number)))
        }
        _ => None,
    }
}

/// Whether line `l` is code: a fence line, or inside the fenced block `fence` (the fence that
/// opened it: its byte and its length), which the line may open or close. A fence may sit in a
/// list item or a quote: its indent and markers do not matter.
pub(crate) fn in_code(l: &str, fence: &mut Option<(u8, usize)>) -> bool {
    let content = l.trim_start_matches([' ', '\t', '>']);
    let marker = content.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
    let run = marker.map_or(0, |m| content.bytes().take_while(|&b| b == m).count());
    if let Some(m) = marker.filter(|_| run >= 3) {
        match *fence {
            Some((f, len)) if f == m && run >= len && content[run..].trim().is_empty() => *fence = None,
            None if m == b'~' || !content[run..].contains('`') => *fence = Some((m, run)),
            _ => {}
        }
        return true;
    }
    fence.is_some()
}

/// The destination of a markdown link whose `(` ends just before `from`, percent-decoded, and
/// where the link ends; `None` when it is no link to a note (a URL, an anchor, unclosed).
pub(crate) fn link_destination(line: &str, from: usize) -> Option<(String, usize)> {
    let rest = line.get(from..)?;
    let (raw, end) = if let Some(inner) = rest.strip_prefix('<') {
        let close = inner.find('>')?;
        if !inner[close + 1..].trim_start().starts_with(')') && !inner[close + 1..].trim_start().starts_with('"') {
            return None;
        }
        let after = from + 1 + close + 1;
        (&inner[..close], after + line[after..].find(')')? + 1)
    } else {
        // Balanced parentheses, as in `Notes (2024).md`.
        let mut depth = 0usize;
        let close = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 0 => return true,
                    ')' => depth -= 1,
                    _ => {}
                }
                false
            })?
            .0;
        // A title after the destination (`"…"`) is not part of it.
        let dest = rest[..close].split(" \"").next().unwrap_or("").trim();
        (dest, from + close + 1)
    };
    // A note's path has none of the characters Obsidian forbids in file names; a URL, `mailto:`
    // or a Dataview field (`due:: x`) has a colon.
    let target = percent_decode(raw.trim());
    if target.is_empty() || target.starts_with('#') || target.contains([':', '|', '*', '"', '?', '<', '>']) {
        return None;
    }
    Some((target, end))
}

/// `%20` and the other `%XX` escapes decoded as UTF-8; the text as written when they do not decode.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Byte strings for the tests of word-at-a-time searches: 200 of each length from 0 to 39 bytes,
/// drawn from `alphabet`, the same on every run.
#[cfg(test)]
pub(crate) fn byte_strings(alphabet: &[u8]) -> Vec<Vec<u8>> {
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..40)
        .flat_map(|len| std::iter::repeat_n(len, 200))
        .map(|len| (0..len).map(|_| alphabet[next() % alphabet.len()]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time searches agree with a byte loop at every start, on bytes around the
    /// ones they look for (0x0A, 0x0D, 0x0E, 0x80, 0xFF and their neighbours).
    #[test]
    fn word_searches_agree_with_a_byte_loop() {
        let alphabet = [b'a', b'\n', b'\t', b'\r', 0x0B, 0x0E, 0x0D, 0x00, 0x80, 0xFF, 0x09, 0x7F];
        for bytes in byte_strings(&alphabet) {
            let len = bytes.len();
            for from in 0..=len {
                for needle in [b'\n', b'\r', 0x80] {
                    let want = bytes[from..].iter().position(|&b| b == needle).map(|i| i + from);
                    assert_eq!(find_byte(&bytes, from, needle), want, "{needle} in {bytes:?} from {from}");
                }
            }
            for at in 0..len.saturating_sub(7) {
                let word = word_at(&bytes, at).unwrap_or_default();
                let lowest =
                    (bytes_under(word, 0x0E) != 0).then(|| (bytes_under(word, 0x0E).trailing_zeros() / 8) as usize);
                assert_eq!(lowest, bytes[at..at + 8].iter().position(|&b| b < 0x0E), "{bytes:?} at {at}");
            }
        }
    }
}
