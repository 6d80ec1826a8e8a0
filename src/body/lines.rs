//! The body read line by line, for notes built only of what personal notes mostly hold: ATX
//! headings, bullet and ordered lists (tasks among them), paragraphs, blank lines, fenced code
//! and pipe tables at the top level, with inline code spans and wikilinks. It answers exactly what
//! [`crate::body::cmark::read_with_parser`] (pulldown-cmark) answers for such a note, several times
//! faster, and gives up (`None`) at the first line or inline construct it does not model, so
//! that the note is read by pulldown-cmark instead. The property tests and the `note` fuzz
//! target compare the two on generated notes.
//!
//! Given up on: block quotes, HTML, tables other than `| a | b |` rows of one width after a
//! blank line or heading (with plain, emphasised or linked cells, no escapes or code), setext
//! headings and thematic breaks, indented
//! code, headings or fences inside list items, empty list items, a list marker followed by a
//! tab or by five spaces or more, an ordered item that could not interrupt the paragraph
//! before it, link reference definitions, inline links and images, autolinks and inline HTML,
//! backslash escapes, a wikilink inside brackets or not closed on its line, a heading with
//! inline markup, NUL bytes, vertical tabs, form feeds and lone carriage returns.

use super::scan::{bytes_under, code_spans, find_any, lines_from, list_marker, word_at, Pairs};
use super::{push_contact_row, read_item_line, section_is, Body, FoundLink, TaskReading};
use std::ops::Range;
use std::sync::Arc;

/// An open list item: where its line starts and the column its content starts at.
struct Item {
    line: usize,
    content: usize,
    /// `b'-'`, `b'*'` or `b'+'` for a bullet; `b'.'` or `b')'` for an ordered item.
    kind: u8,
}

/// The line's indentation in columns (tabs to the next multiple of four) and its byte length.
fn indentation(line: &[u8]) -> (usize, usize) {
    let mut col = 0;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => return (col, i),
        }
    }
    (col, line.len())
}

/// Lines made only of `-`, `*`, `_`, `=`, `|`, `:` and blanks: thematic breaks, setext
/// underlines, table delimiter rows, and empty bullet items. All are given up on.
fn is_rule_like(content: &[u8]) -> bool {
    content.iter().all(|b| matches!(b, b'-' | b'*' | b'_' | b'=' | b'|' | b':' | b' ' | b'\t'))
}

/// An opening code fence: its character and length; `None` when `content` opens none.
fn fence(content: &[u8]) -> Option<(u8, usize)> {
    let c = *content.first().filter(|c| matches!(c, b'`' | b'~'))?;
    let len = content.iter().take_while(|&&b| b == c).count();
    (len >= 3).then_some((c, len))
}

/// An ATX heading's title: `#` to `######` then a blank or the end of the line.
fn heading(content: &[u8]) -> Option<&[u8]> {
    let level = content.iter().take_while(|&&b| b == b'#').count();
    let after = content.get(level..)?;
    ((1..=6).contains(&level) && after.first().is_none_or(|b| matches!(b, b' ' | b'\t'))).then_some(after)
}

/// `[label]: ...` at the start of a paragraph may define a link reference.
fn may_define_link(content: &[u8]) -> bool {
    content.starts_with(b"[") && content.windows(2).any(|w| w == b"]:")
}

/// Whether `bytes` hold what the scanner leaves to pulldown-cmark: a carriage return not before a
/// line feed, or a NUL, vertical tab or form feed (pulldown-cmark counts the last two as white
/// space where CommonMark does not, after a heading's `#` for one). One pass, eight bytes at a
/// time: only words holding a byte under 0x0E (line feeds and tabs among them) are looked into.
fn has_unscannable_byte(bytes: &[u8]) -> bool {
    let unscannable = |i: usize| match bytes.get(i) {
        Some(0 | 0x0B | 0x0C) => true,
        Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    };
    let mut at = 0;
    while let Some(word) = word_at(bytes, at) {
        if bytes_under(word, 0x0E) != 0 && (at..at + 8).any(unscannable) {
            return true;
        }
        at += 8;
    }
    (at..bytes.len()).any(unscannable)
}

/// Reads the body from `start`; `None` when the note holds something this reader leaves to
/// pulldown-cmark.
pub fn read(text: &str, start: usize, reading: TaskReading) -> Option<Body> {
    let bytes = text.as_bytes();
    let body_bytes = bytes.get(start..)?;
    if has_unscannable_byte(body_bytes) {
        return None;
    }
    let mut body = Body::default();
    let mut section: Option<Arc<str>> = None;
    let mut items: Vec<Item> = Vec::new();
    // The open paragraph: where its text starts, and where its last line ends. Its inline
    // constructs are read when it closes, since a code span can run over several lines.
    let mut paragraph: Option<(usize, usize)> = None;
    let mut fenced: Option<(u8, usize)> = None;
    let mut lines = lines_from(text, start).peekable();
    while let Some((line, _)) = lines.next() {
        let raw = &bytes[line.clone()];
        let (col, ws) = indentation(raw);
        let content = &raw[ws..];
        if let Some((c, len)) = fenced {
            let run = content.iter().take_while(|&&b| b == c).count();
            if col <= 3 && run >= len && content[run..].iter().all(|b| matches!(b, b' ' | b'\t')) {
                fenced = None;
            }
            continue;
        }
        if content.is_empty() {
            if let Some((from, to)) = paragraph.take() {
                inline(text, from, to, &mut body.links)?;
            }
            continue;
        }
        if is_rule_like(content) {
            return None;
        }
        // The open items whose content this line's indentation reaches, and the column of the
        // innermost of them: where a block on this line would go. Content columns grow with
        // depth (an item's marker sits at or past its parent's content), so this is a binary
        // search, and a list nested thousands deep costs each line only its logarithm.
        let matched = items.partition_point(|i| i.content <= col);
        let container = matched.checked_sub(1).and_then(|i| items.get(i)).map_or(0, |i| i.content);
        let relative = col - container;
        let marker = if relative <= 3 { list_marker(content) } else { None };
        if let Some((_, len, _)) = marker {
            match content.get(len) {
                Some(b' ') => {}
                // An empty item, or a marker then a tab.
                Some(b'\t') | None => return None,
                Some(_) => {}
            }
        }
        let item = marker.filter(|(_, len, _)| content.get(*len) == Some(&b' '));
        let starts_block = relative <= 3
            && (item.is_some()
                || heading(content).is_some()
                || fence(content).is_some()
                || matches!(content[0], b'>' | b'<'));
        if let Some((_, to)) = paragraph.as_mut() {
            if !starts_block {
                // The open paragraph goes on, lazily or not.
                *to = line.end;
                continue;
            }
        }
        if relative > 3 || matches!(content[0], b'>' | b'<') {
            return None; // indented code, a block quote, HTML
        }
        if let Some((kind, len, number)) = item {
            let after = &content[len..];
            let spaces = after.iter().take_while(|&&b| b == b' ').count();
            let rest = &after[spaces..];
            if spaces >= 5 || rest.first().is_none_or(|&b| b == b'\t') {
                return None;
            }
            // The first item of a list interrupts a paragraph only if it is a bullet or starts
            // at 1; a later item of the list the paragraph is in always can.
            if paragraph.is_some()
                && number.is_some_and(|n| n != 1)
                && items.get(matched).is_none_or(|i| i.kind != kind)
            {
                return None;
            }
            if list_marker(rest).is_some()
                || heading(rest).is_some()
                || fence(rest).is_some()
                || matches!(rest[0], b'>' | b'<')
                || may_define_link(rest)
            {
                return None;
            }
            // A checkbox alone may leave the item without a paragraph (pulldown-cmark takes
            // `[ ]`, `[x]` as a task marker), which changes what the next lines are.
            if rest.len() >= 3
                && rest[0] == b'['
                && rest[2] == b']'
                && rest[3..].iter().all(|b| matches!(b, b' ' | b'\t'))
            {
                return None;
            }
            if let Some((from, to)) = paragraph.take() {
                inline(text, from, to, &mut body.links)?;
            }
            items.truncate(matched);
            read_item_line(&mut body, text, line.start, items.last().map(|i| i.line), &section, reading);
            items.push(Item { line: line.start, content: col + len + spaces, kind });
            paragraph = Some((line.start + ws + len + spaces, line.end));
            continue;
        }
        if let Some((from, to)) = paragraph.take() {
            inline(text, from, to, &mut body.links)?;
        }
        items.truncate(matched);
        // A pipe table at the top level, after a blank line or a heading: its header row, its
        // delimiter row, and rows up to a blank line.
        if items.is_empty() && ws == 0 && content[0] == b'|' {
            let delimiter = lines.peek().and_then(|(next, _)| delimiter_cells(&bytes[next.clone()]));
            if let Some(columns) = delimiter {
                lines.next();
                let contact = section_is(&section, "contact information");
                table_row(text, line.clone(), columns, contact, &mut body)?;
                while let Some((row, _)) = lines.peek().cloned() {
                    if bytes[row.clone()].iter().all(|&b| b == b' ') {
                        break;
                    }
                    lines.next();
                    table_row(text, row, columns, contact, &mut body)?;
                }
                continue;
            }
        }
        if let Some((c, len)) = fence(content) {
            if !items.is_empty() || (c == b'`' && content[len..].contains(&b'`')) {
                return None;
            }
            fenced = Some((c, len));
            continue;
        }
        if let Some(after) = heading(content) {
            if !items.is_empty() {
                return None;
            }
            // Tabs are left to pulldown-cmark, which keeps a trailing one in the title.
            let title = std::str::from_utf8(after).ok()?.trim_matches(' ');
            if title.bytes().any(|b| {
                matches!(b, b'#' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'~' | b'\t')
            }) {
                return None;
            }
            section = Some(Arc::from(title));
            continue;
        }
        if may_define_link(content) {
            return None;
        }
        paragraph = Some((line.start + ws, line.end));
    }
    if let Some((from, to)) = paragraph.take() {
        inline(text, from, to, &mut body.links)?;
    }
    Some(body)
}

/// The cells of a table row `| a | b |` (starting and ending with a pipe, nothing indented),
/// as byte ranges between the pipes; `None` for any other line, and for a row with a backslash
/// or a backtick (escaped pipes and code spans change where cells end).
fn row_cells(bytes: &[u8], line: &Range<usize>) -> Option<Vec<Range<usize>>> {
    let row = bytes.get(line.clone())?;
    let end = row.iter().rposition(|&b| b != b' ')? + 1;
    if row.first() != Some(&b'|')
        || end < 2
        || row[end - 1] != b'|'
        || row.iter().any(|&b| matches!(b, b'\\' | b'`' | b'\t'))
    {
        return None;
    }
    let mut cells = Vec::new();
    let mut from = 1;
    for (i, &b) in row.iter().enumerate().take(end).skip(1) {
        if b == b'|' {
            cells.push(line.start + from..line.start + i);
            from = i + 1;
        }
    }
    Some(cells)
}

/// How many columns a delimiter row `|---|:--:|` declares; `None` when the line is not one.
fn delimiter_cells(row: &[u8]) -> Option<usize> {
    let cells = row_cells(row, &(0..row.len()))?;
    let dashes = |cell: &[u8]| {
        let c = cell.strip_prefix(b":").unwrap_or(cell);
        let c = c.strip_suffix(b":").unwrap_or(c);
        !c.is_empty() && c.iter().all(|&b| b == b'-')
    };
    cells.iter().all(|c| dashes(row[c.clone()].trim_ascii())).then_some(cells.len())
}

/// The text of a Contact Information cell as pulldown-cmark's events give it, for the forms
/// written there: plain text, or plain text in `**`, `__`, `*` or `_`; `None` for anything else.
fn cell_text(cell: &str) -> Option<&str> {
    let plain = |s: &str| {
        !s.is_empty()
            && !s
                .bytes()
                .any(|b| matches!(b, b'*' | b'_' | b'~' | b'&' | b'<' | b'>' | b'[' | b']' | b'!' | b'\\' | b'`'))
    };
    let cell = cell.trim_matches(' ');
    if cell.is_empty() || plain(cell) {
        return Some(cell);
    }
    for mark in ["**", "__", "*", "_"] {
        if let Some(inner) = cell.strip_prefix(mark).and_then(|c| c.strip_suffix(mark)) {
            // Emphasis needs letters or digits against its delimiters on the inside.
            let edges = inner.chars().next().is_some_and(char::is_alphanumeric)
                && inner.chars().next_back().is_some_and(char::is_alphanumeric);
            return (edges && plain(inner)).then_some(inner);
        }
    }
    None
}

/// One row of a table with `columns` columns: its wikilinks, and under Contact Information its
/// (field, value) pair. `None` (leave the note to pulldown-cmark) for a row it does not model:
/// another number of cells, escapes, code, or cell text it cannot read.
fn table_row(text: &str, line: Range<usize>, columns: usize, contact: bool, body: &mut Body) -> Option<()> {
    let cells = row_cells(text.as_bytes(), &line)?;
    if cells.len() != columns {
        return None;
    }
    for c in &cells {
        inline(text, c.start, c.end, &mut body.links)?;
    }
    if contact {
        let texts = cells.iter().map(|c| text.get(c.clone()).and_then(cell_text)).collect::<Option<Vec<&str>>>()?;
        if let [field, value] = texts.as_slice() {
            push_contact_row(body, field, value);
        }
    }
    Some(())
}

/// Where the next byte `inline` acts on (a backtick, backslash, `<`, `[` or `]`) at or after
/// `from` is.
fn next_inline_special(bytes: &[u8], from: usize) -> Option<usize> {
    find_any(bytes, from, [b'`', b'\\', b'<', b'[', b']'])
}

/// Wikilinks in the paragraph text `text[from..to]`, outside code spans; `None` at anything
/// whose reading depends on more of CommonMark than that.
fn inline(text: &str, from: usize, to: usize, links: &mut Vec<FoundLink>) -> Option<()> {
    let source = text.get(from..to)?;
    let bytes = source.as_bytes();
    // Code spans are paired at the first backtick: most paragraphs have none.
    let mut code: Option<Pairs> = None;
    let mut at = 0;
    let mut depth = 0usize;
    while let Some(next) = next_inline_special(bytes, at) {
        at = next;
        let b = bytes[at];
        match b {
            b'`' => at = code.get_or_insert_with(|| code_spans(source)).get(at).unwrap_or(at + 1),
            b'\\' | b'<' => return None,
            b'[' if bytes.get(at + 1) == Some(&b'[') => {
                if depth > 0 || bytes.get(at + 2) == Some(&b'[') {
                    return None;
                }
                let inner_start = at + 2;
                let close = inner_start
                    + bytes[inner_start..]
                        .iter()
                        .position(|&b| matches!(b, b']' | b'[' | b'\n' | b'\r' | b'`' | b'<' | b'&' | b'\\'))?;
                if bytes[close] != b']' || bytes.get(close + 1) != Some(&b']') || close == inner_start {
                    return None;
                }
                let inner = source.get(inner_start..close)?;
                let pipes = inner.bytes().filter(|&b| b == b'|').count();
                let target = inner.get(..inner.bytes().position(|b| b == b'|').unwrap_or(inner.len())).unwrap_or("");
                if target.trim() != target || target.is_empty() || pipes > 1 {
                    return None;
                }
                // An embed `![[...]]` starts at its `!`.
                let start = if at > 0 && bytes[at - 1] == b'!' { at - 1 } else { at };
                links.push(FoundLink { target: target.to_string(), offset: from + start });
                at = close + 2;
            }
            b'[' => {
                depth += 1;
                at += 1;
            }
            b']' => {
                if matches!(bytes.get(at + 1), Some(b'(' | b'[' | b':')) {
                    return None;
                }
                depth = depth.saturating_sub(1);
                at += 1;
            }
            _ => at += 1,
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time search finds what a byte loop finds, at every start, with the bytes it
    /// looks for next to one another and next to bytes one off them.
    #[test]
    fn next_inline_special_agrees_with_a_byte_loop() {
        let alphabet =
            [b'a', b'`', b'\\', b'<', b'[', b']', b'_', b'^', b'\\' + 1, b'=', b';', b'\n', 0x80, 0xFF, 0xDB];
        for bytes in crate::body::scan::byte_strings(&alphabet) {
            for from in 0..=bytes.len() {
                let want = bytes[from..].iter().position(|b| b"`\\<[]".contains(b)).map(|i| i + from);
                assert_eq!(next_inline_special(&bytes, from), want, "{bytes:?} from {from}");
            }
        }
    }
}
