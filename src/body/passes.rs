//! What Obsidian reads that the line readers leave out: markdown links, tags, fields, comments.

use super::scan::{code_spans, find_any, in_code, lines_from, link_destination, list_marker};
use super::{FoundField, FoundLink};
use std::ops::Range;

/// Markdown links to notes in the body from `start`, outside code: `[Ada](People/Ada%20Brennan.md)`,
/// `[Cy](../People/Cy Dune.md)` (Obsidian takes spaces where CommonMark does not),
/// `[Di](<People/Di Eve.md>)`. Obsidian's metadata cache lists them as links, percent-decoded;
/// the target is kept as written otherwise (a relative one is resolved where the note's path is
/// known). Embeds (`![..](..)`), URLs, `mailto:`, same-note anchors and anything with a character
/// a file name cannot hold are not links to notes.
pub(crate) fn markdown_links(text: &str, start: usize, out: &mut Vec<FoundLink>) {
    let mut fence = None;
    for (line, _) in lines_from(text, start) {
        let l = &text[line.clone()];
        if in_code(l, &mut fence) || !l.contains("](") {
            continue;
        }
        let spans = code_spans(l);
        let bytes = l.as_bytes();
        // The last `[` since a code span, and whether it opens an embed (`![`).
        let mut open: Option<(usize, bool)> = None;
        let mut at = 0;
        while let Some(next) = find_any(bytes, at, [b'`', b'[', b']', b'\\']) {
            at = next;
            match bytes[at] {
                b'`' => {
                    at = spans.get(at).unwrap_or(at + 1);
                    open = None;
                    continue;
                }
                b'\\' => {
                    at += 2;
                    continue;
                }
                b'[' => open = Some((at, at > 0 && bytes[at - 1] == b'!')),
                _ => {
                    if let (Some((from, embed)), Some(b'(')) = (open.take(), bytes.get(at + 1)) {
                        if let Some((target, end)) = link_destination(l, at + 2) {
                            if !embed {
                                out.push(FoundLink { target, offset: line.start + from });
                            }
                            at = end;
                            continue;
                        }
                    }
                }
            }
            at += 1;
        }
    }
}

/// The lines of the body from `start` that are neither code nor task lines (`task_lines`: where
/// they start, in order) and that `wanted` keeps: where the passes over prose look.
fn prose_lines<'a>(
    text: &'a str,
    start: usize,
    task_lines: &'a [usize],
    wanted: impl Fn(&str) -> bool + 'a,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut fence = None;
    let mut tasks = task_lines.iter().peekable();
    lines_from(text, start).map(|(line, _)| line).filter(move |line| {
        let l = &text[line.clone()];
        // Code is passed to `in_code` whatever `wanted` says: it follows the fences.
        if in_code(l, &mut fence) || !wanted(l) {
            return false;
        }
        while tasks.next_if(|&&t| t < line.start).is_some() {}
        tasks.peek() != Some(&&line.start)
    })
}

/// How many `#tags` one note's text gives at most: a note is a person by a tag or two, and a
/// pasted list of thousands adds nothing but memory.
const MAX_BODY_TAGS: usize = 64;

/// `#tags` in the body from `start`, outside code and task lines (`task_lines`: where they start,
/// in order), as Obsidian's metadata cache lists them: `#` after white space or at a line's start
/// (`a#b`, a URL's `#fragment` and `[[Note#heading]]` are none), then letters, digits, `_`, `-`
/// and `/`, not digits alone. A heading's `# ` is no tag. A task's tags are the task's: a daily
/// note whose task says `#people` is not a person.
pub(crate) fn hashtags(text: &str, start: usize, task_lines: &[usize], out: &mut Vec<(String, usize)>) {
    for line in prose_lines(text, start, task_lines, |l| l.contains('#')) {
        let l = &text[line.clone()];
        let spans = code_spans(l);
        let bytes = l.as_bytes();
        let mut at = 0;
        while let Some(next) = find_any(bytes, at, [b'`', b'#']) {
            at = next;
            if bytes[at] == b'`' {
                at = spans.get(at).unwrap_or(at + 1);
                continue;
            }
            let after_space = at == 0 || l[..at].ends_with(|c: char| c.is_whitespace());
            let rest = &l[at + 1..];
            let len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))).unwrap_or(rest.len());
            let name = &rest[..len];
            if after_space && !name.is_empty() && !name.bytes().all(|b| b.is_ascii_digit()) && out.len() < MAX_BODY_TAGS
            {
                out.push((name.to_string(), line.start + at));
            }
            at += 1 + len;
        }
    }
}

/// Lines longer than this hold no inline field Rapport reads: fields are a few words, and the
/// bound keeps a pasted line of brackets from costing more than a glance.
const MAX_FIELD_LINE_BYTES: usize = 4 * 1024;

/// How many inline fields one note's text gives at most: a meeting note has a handful, and a
/// pasted table of thousands adds nothing but memory.
const MAX_BODY_FIELDS: usize = 64;

/// A Dataview field key as written before `::`: emphasis around it dropped, trimmed; `None` when
/// it cannot be a key (empty, or holding a bracket, a colon or a backtick).
fn field_key(raw: &str) -> Option<&str> {
    let key = raw.trim().trim_matches(['*', '_']).trim();
    (!key.is_empty() && !key.contains(['[', ']', '(', ')', ':', '`'])).then_some(key)
}

/// Dataview inline fields in the body from `start`, outside code and task lines (`task_lines`:
/// where they start, in order): `key:: value` as a line of its own (after a list marker or a
/// quote's `>` too), running to the end of the line, and `[key:: value]` / `(key:: value)` in the
/// text, running to the bracket that closes it (`[with:: [[Ada]], [[Cy]]]`). A bracketed field
/// left unclosed ends the search for bracketed fields on its line. Each line is read left to
/// right once (a line of brackets costs its length).
pub(crate) fn inline_fields(text: &str, start: usize, task_lines: &[usize], out: &mut Vec<FoundField>) {
    let trimmed = |from: usize, to: usize| {
        let v = &text[from..to];
        let lead = v.len() - v.trim_start().len();
        from + lead..from + v.trim_end().len()
    };
    for line in prose_lines(text, start, task_lines, |l| l.contains("::") && l.len() <= MAX_FIELD_LINE_BYTES) {
        let l = &text[line.clone()];
        let spans = code_spans(l);
        let bytes = l.as_bytes();
        let mut found_bracketed = false;
        // The first `::` after the last place searched: kept while `at` is before it, so the line
        // is searched once, left to right.
        let mut next_sep: Option<usize> = None;
        let mut at = 0;
        while let Some(next) = find_any(bytes, at, [b'`', b'[', b'(']) {
            at = next;
            if bytes[at] == b'`' {
                at = spans.get(at).unwrap_or(at + 1);
                continue;
            }
            let sep = match next_sep {
                Some(sep) if sep > at => sep,
                _ => match l[at + 1..].find("::") {
                    Some(i) => at + 1 + i,
                    None => break,
                },
            };
            next_sep = Some(sep);
            let inner = &l[at + 1..sep];
            // A code span before the `::` is passed over first.
            if let Some(tick) = inner.find('`') {
                at += 1 + tick;
                continue;
            }
            // Only the last bracket before this `::` can open its field (a key holds no bracket).
            if let Some(last) = inner.rfind(['[', '(']) {
                at += 1 + last;
            }
            // `[[g:: h]]` is a link, not a field.
            if bytes[at] == b'[' && (bytes.get(at + 1) == Some(&b'[') || (at > 0 && bytes[at - 1] == b'[')) {
                at = sep + 2;
                continue;
            }
            let (open, close) = if bytes[at] == b'[' { (b'[', b']') } else { (b'(', b')') };
            let Some(key) = field_key(&l[at + 1..sep]) else {
                at = sep + 2;
                continue;
            };
            let mut depth = 0usize;
            let end = bytes[sep + 2..].iter().position(|&b| {
                if b == open {
                    depth += 1;
                } else if b == close {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                }
                false
            });
            // Unclosed: the rest of the line is not searched again (that would cost a pass to the
            // end of the line for each bracket).
            let Some(end) = end.map(|e| sep + 2 + e) else { break };
            if out.len() < MAX_BODY_FIELDS {
                out.push(FoundField {
                    key: key.to_string(),
                    value: trimmed(line.start + sep + 2, line.start + end),
                    offset: line.start + at,
                });
            }
            found_bracketed = true;
            at = end + 1;
        }
        if found_bracketed {
            continue;
        }
        // A line of its own: `key:: value`, after a quote's `>` and a list marker.
        let content = l.trim_start_matches([' ', '\t', '>']);
        let content = match list_marker(content.as_bytes()) {
            Some((_, len, _)) if content[len..].starts_with(' ') => &content[len + 1..],
            _ => content,
        };
        let from = l.len() - content.len();
        if let Some(sep) = content.find("::") {
            if let Some(key) =
                field_key(&content[..sep]).filter(|_| spans.get(from).is_none() && !content[..sep].contains('`'))
            {
                if out.len() < MAX_BODY_FIELDS {
                    out.push(FoundField {
                        key: key.to_string(),
                        value: trimmed(line.start + from + sep + 2, line.end),
                        offset: line.start + from,
                    });
                }
            }
        }
    }
}

/// Obsidian's comments in the body from `start`: `%%` opens one and the next `%%` closes it, on
/// the same line or lines below; one left open runs to the end of the note. Inside a comment
/// nothing is a task, a link or a tag for Obsidian (its metadata cache leaves them out), so
/// Rapport leaves them out too. `%%` inside fenced code or a code span is text, as in Obsidian.
/// Sorted, disjoint byte ranges, each from its opening `%%` to the end of its closing one.
pub(crate) fn comments(text: &str, start: usize) -> Vec<Range<usize>> {
    let mut hidden = Vec::new();
    let mut open: Option<usize> = None;
    // The fence that opened the code block we are in: its byte and its length.
    let mut fence: Option<(u8, usize)> = None;
    for (line, _) in lines_from(text, start) {
        let l = &text[line.clone()];
        if open.is_none() && in_code(l, &mut fence) {
            continue;
        }
        let spans = code_spans(l);
        let bytes = l.as_bytes();
        let mut at = 0;
        while let Some(next) = find_any(bytes, at, [b'`', b'%']) {
            at = next;
            if bytes[at] == b'`' {
                // Outside a comment a code span is literal; inside one, backticks mean nothing.
                at = if open.is_none() { spans.get(at).unwrap_or(at + 1) } else { at + 1 };
            } else if bytes.get(at + 1) == Some(&b'%') {
                match open.take() {
                    None => open = Some(line.start + at),
                    Some(from) => hidden.push(from..line.start + at + 2),
                }
                at += 2;
            } else {
                at += 1;
            }
        }
    }
    if let Some(from) = open {
        hidden.push(from..text.len());
    }
    hidden
}
