//! The markdown body: tasks, wikilinks, `## Recent Context` dates and the contact table, read
//! with pulldown-cmark so that nothing inside code blocks counts.

use crate::date::Date;
use crate::split::lines_from;
use crate::task::{parse_task_line, recognise_task_line, TaskLine};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

/// A task line longer than this is not read as a task (a `task-line-too-long` diagnostic says
/// so). Typed tasks are a few hundred bytes; the bound keeps each task's copies of its text
/// (raw line, description, fields) small however long a pasted line is.
pub const MAX_TASK_LINE_BYTES: usize = 8 * 1024;

/// Tasks past this many in one note are not read (a `too-many-tasks` diagnostic says so). The
/// busiest real task lists hold a few thousand; the bound caps what one note adds to the index.
pub const MAX_TASKS_PER_NOTE: usize = 10_000;

/// How much of each task line a reader reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tasks {
    /// Every task line is parsed: description, dates, priority, links, handles, tags.
    #[default]
    Read,
    /// Task lines are found (where they are, their indent and status, which says whether links
    /// inside them are evidence of contact) but their text is not read: what diagnostics need.
    Recognised,
}

/// Lines skipped by a limit: how many, and the first one (for the diagnostic to point at).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    pub count: usize,
    pub first: Option<Range<usize>>,
}

impl Skipped {
    fn add(&mut self, line: Range<usize>) {
        self.count += 1;
        self.first.get_or_insert(line);
    }
}

/// A task as found in the body: where it is and what its line says.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundTask {
    /// Byte range of the whole line (without its line ending) in the note.
    pub line_range: Range<usize>,
    /// Byte offset where the line of the enclosing list item starts, if the task is nested.
    pub parent_offset: Option<usize>,
    /// Text of the nearest heading above, shared by the tasks under it.
    pub section: Option<Arc<str>>,
    pub parsed: TaskLine,
}

/// A wikilink in the body, outside code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundLink {
    pub target: String,
    pub offset: usize,
}

/// A Dataview inline field in the body (`key:: value` on its own line, `[key:: value]` or
/// `(key:: value)` in the text), outside code, comments and task lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundField {
    /// The key as written, without `**`/`_` emphasis around it and trimmed.
    pub key: String,
    /// Byte range of the value in the note, trimmed.
    pub value: Range<usize>,
    /// Where the field starts.
    pub offset: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    pub tasks: Vec<FoundTask>,
    pub links: Vec<FoundLink>,
    /// Dates that start the items of a `Recent Context` section, with where each item's line starts.
    pub recent_context: Vec<(Date, usize)>,
    /// Two-column rows of the `Contact Information` table: (field, value), `**` and `_Unknown_`
    /// already removed (an unknown value is empty).
    pub contact_table: Vec<(String, String)>,
    /// `#tags` in the text outside code and task lines, without the `#`, with where each starts.
    pub tags: Vec<(String, usize)>,
    /// Dataview inline fields outside code and task lines (a task's fields are the task's).
    pub fields: Vec<FoundField>,
    /// Task lines longer than [`MAX_TASK_LINE_BYTES`], not read.
    pub long_task_lines: Skipped,
    /// Tasks past [`MAX_TASKS_PER_NOTE`], not read.
    pub tasks_over_limit: Skipped,
}

/// Adds a two-cell row of the Contact Information table: trimmed, `Unknown` read as no value.
pub(crate) fn push_contact_row(body: &mut Body, field: &str, value: &str) {
    let value = value.trim();
    let value = if value.eq_ignore_ascii_case("unknown") { "" } else { value };
    body.contact_table.push((field.trim().to_string(), value.to_string()));
}

pub(crate) fn section_is(section: &Option<Arc<str>>, name: &str) -> bool {
    section.as_deref().is_some_and(|s| s.trim().eq_ignore_ascii_case(name))
}

/// Start of the line containing byte `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The date a Recent Context item starts with: `2025-10-31: ...`, `**2025-10-31** ...`,
/// `[[2025-10-31]] ...`.
fn leading_date(item: &str) -> Option<Date> {
    let rest = item.trim_start().trim_start_matches(['*', '_', '[']);
    Date::parse_iso(rest.get(..10)?)
}

/// Reads what a list item's line holds: a task (within the limits), or a Recent Context date.
/// `ls` is where the line starts, `parent` where the enclosing item's line starts.
pub(crate) fn read_item_line(body: &mut Body, text: &str, ls: usize, parent: Option<usize>, section: &Option<Arc<str>>, tasks: Tasks) {
    let line = lines_from(text, ls).next().map(|(l, _)| l).unwrap_or(ls..ls);
    let line_text = &text[line.clone()];
    let mut head = MAX_TASK_LINE_BYTES.min(line_text.len());
    while !line_text.is_char_boundary(head) {
        head -= 1;
    }
    // A long line's start says whether it is a task; the rest is not read.
    let long_task = line_text.len() > MAX_TASK_LINE_BYTES && recognise_task_line(&line_text[..head]).is_some();
    if long_task {
        body.long_task_lines.add(line.clone());
    }
    let parsed = match tasks {
        _ if line_text.len() > MAX_TASK_LINE_BYTES => None,
        Tasks::Read => parse_task_line(line_text),
        // A line with an impossible date is read whole: its diagnostic rests on the fields.
        Tasks::Recognised if crate::task::has_impossible_date(line_text) => parse_task_line(line_text),
        Tasks::Recognised => recognise_task_line(line_text),
    };
    if let Some(parsed) = parsed {
        if body.tasks.len() < MAX_TASKS_PER_NOTE {
            body.tasks.push(FoundTask { line_range: line, parent_offset: parent, section: section.clone(), parsed });
        } else {
            body.tasks_over_limit.add(line);
        }
    } else if !long_task && section_is(section, "recent context") {
        let item = line_text.trim_start().trim_start_matches(['>', ' ']);
        let after_marker = item.get(1..).unwrap_or("");
        if let Some(date) = leading_date(after_marker) {
            body.recent_context.push((date, ls));
        }
    }
}

/// Reads the body starting at `start` of `text`. Offsets in the result are into `text`.
///
/// Most notes hold only headings, lists, paragraphs and fenced code, which
/// [`crate::linescan`] reads line by line; a note with anything else (tables, quotes, HTML,
/// setext headings, indented code, ...) is read by pulldown-cmark.
pub fn read(text: &str, start: usize, tasks: Tasks) -> Body {
    let mut body = crate::linescan::read(text, start, tasks).unwrap_or_else(|| read_with_parser(text, start, tasks));
    let seen = Marks::find(text.as_bytes().get(start..).unwrap_or_default());
    if seen.links {
        markdown_links(text, start, &mut body.links);
    }
    if seen.tags || seen.fields {
        let task_lines: Vec<usize> = body.tasks.iter().map(|t| t.line_range.start).collect();
        if seen.tags {
            hashtags(text, start, &task_lines, &mut body.tags);
        }
        if seen.fields {
            inline_fields(text, start, &task_lines, &mut body.fields);
        }
    }
    if seen.comments {
        let hidden = comments(text, start);
        if !hidden.is_empty() {
            body.hide(&hidden);
        }
    }
    body
}

/// Which of the constructs the line readers leave to later passes a body may hold: `%%` (a
/// comment), `](` (a markdown link), a `#` that could start a tag and `::` (an inline field).
/// Found in one pass over the bytes, so that a note without them (most notes) costs no more passes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Marks {
    comments: bool,
    links: bool,
    tags: bool,
    fields: bool,
}

impl Marks {
    fn find(bytes: &[u8]) -> Marks {
        let mut seen = Marks::default();
        let mut at = 0;
        while let Some(next) = crate::split::find_any(bytes, at, [b'%', b'(', b'#', b':']) {
            at = next;
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + 1).copied();
            match bytes[at] {
                b'%' => seen.comments |= after == Some(b'%'),
                b'(' => seen.links |= before == Some(b']'),
                b':' => seen.fields |= after == Some(b':'),
                _ => seen.tags |= before.is_none_or(|b| b.is_ascii_whitespace()) && after.is_some_and(|b| !b.is_ascii_whitespace() && b != b'#'),
            }
            if seen.comments && seen.links && seen.tags && seen.fields {
                break;
            }
            at += 1;
        }
        seen
    }
}

impl Body {
    /// Drops what lies inside `hidden` (sorted, disjoint byte ranges): a task whose line starts
    /// there, a link, a Recent Context line.
    fn hide(&mut self, hidden: &[Range<usize>]) {
        let inside = |offset: usize| {
            let i = hidden.partition_point(|r| r.end <= offset);
            hidden.get(i).is_some_and(|r| r.start <= offset)
        };
        self.tasks.retain(|t| !inside(t.line_range.start));
        self.links.retain(|l| !inside(l.offset));
        self.tags.retain(|(_, at)| !inside(*at));
        self.fields.retain(|f| !inside(f.offset));
        self.recent_context.retain(|(_, ls)| !inside(*ls));
    }
}

/// Whether line `l` is code: a fence line, or inside the fenced block `fence` (the fence that
/// opened it: its byte and its length), which the line may open or close. A fence may sit in a
/// list item or a quote: its indent and markers do not matter.
fn in_code(l: &str, fence: &mut Option<(u8, usize)>) -> bool {
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
        let spans = crate::task::code_spans(l);
        let bytes = l.as_bytes();
        // The last `[` since a code span, and whether it opens an embed (`![`).
        let mut open: Option<(usize, bool)> = None;
        let mut at = 0;
        while let Some(next) = crate::split::find_any(bytes, at, [b'`', b'[', b']', b'\\']) {
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
        let close = rest.char_indices().find(|&(_, c)| {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => return true,
                ')' => depth -= 1,
                _ => {}
            }
            false
        })?.0;
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

/// The lines of the body from `start` that are neither code nor task lines (`task_lines`: where
/// they start, in order) and that `wanted` keeps: where the passes over prose look.
fn prose_lines<'a>(text: &'a str, start: usize, task_lines: &'a [usize], wanted: impl Fn(&str) -> bool + 'a) -> impl Iterator<Item = Range<usize>> + 'a {
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
        let spans = crate::task::code_spans(l);
        let bytes = l.as_bytes();
        let mut at = 0;
        while let Some(next) = crate::split::find_any(bytes, at, [b'`', b'#']) {
            at = next;
            if bytes[at] == b'`' {
                at = spans.get(at).unwrap_or(at + 1);
                continue;
            }
            let after_space = at == 0 || l[..at].ends_with(|c: char| c.is_whitespace());
            let rest = &l[at + 1..];
            let len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))).unwrap_or(rest.len());
            let name = &rest[..len];
            if after_space && !name.is_empty() && !name.bytes().all(|b| b.is_ascii_digit()) && out.len() < MAX_BODY_TAGS {
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
        let spans = crate::task::code_spans(l);
        let bytes = l.as_bytes();
        let mut found_bracketed = false;
        // The first `::` after the last place searched: kept while `at` is before it, so the line
        // is searched once, left to right.
        let mut next_sep: Option<usize> = None;
        let mut at = 0;
        while let Some(next) = crate::split::find_any(bytes, at, [b'`', b'[', b'(']) {
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
                out.push(FoundField { key: key.to_string(), value: trimmed(line.start + sep + 2, line.start + end), offset: line.start + at });
            }
            found_bracketed = true;
            at = end + 1;
        }
        if found_bracketed {
            continue;
        }
        // A line of its own: `key:: value`, after a quote's `>` and a list marker.
        let content = l.trim_start_matches([' ', '\t', '>']);
        let content = content
            .strip_prefix("- ")
            .or_else(|| content.strip_prefix("* "))
            .or_else(|| content.strip_prefix("+ "))
            .or_else(|| {
                let digits = content.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0).then(|| content[digits..].strip_prefix(". ").or_else(|| content[digits..].strip_prefix(") "))).flatten()
            })
            .unwrap_or(content);
        let from = l.len() - content.len();
        if let Some(sep) = content.find("::") {
            if let Some(key) = field_key(&content[..sep]).filter(|_| spans.get(from).is_none() && !content[..sep].contains('`')) {
                if out.len() < MAX_BODY_FIELDS {
                    out.push(FoundField { key: key.to_string(), value: trimmed(line.start + from + sep + 2, line.end), offset: line.start + from });
                }
            }
        }
    }
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
        let spans = crate::task::code_spans(l);
        let bytes = l.as_bytes();
        let mut at = 0;
        while let Some(next) = crate::split::find_any(bytes, at, [b'`', b'%']) {
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

/// Reads the body with pulldown-cmark: every construct of CommonMark and the GFM tables.
pub fn read_with_parser(text: &str, start: usize, tasks: Tasks) -> Body {
    let mut body = Body::default();
    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_WIKILINKS | Options::ENABLE_TABLES;
    let source = &text[start..];
    let mut section: Option<Arc<str>> = None;
    let mut heading: Option<String> = None;
    // Where the lines of the list items we are inside start, innermost last.
    let mut items: Vec<usize> = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    // Where the last item's line starts, and how far the text was searched for it: items come in
    // text order, so each line start is found by searching only the text since the last item.
    // The body starts a line; a byte order mark before it belongs to no line of the body.
    let mut scanned = (start, start);
    let mut last_line: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let at = start + range.start;
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => section = heading.take().map(Arc::from),
            Event::Start(Tag::Item) => {
                // pulldown-cmark starts a tab-indented nested item at the line break before it.
                let at = at + text[at..].bytes().take_while(|b| *b == b'\n' || *b == b'\r').count();
                let ls = match text.get(scanned.0..at) {
                    Some(since) => since.rfind('\n').map_or(scanned.1, |i| scanned.0 + i + 1),
                    None => line_start(text, at).max(start),
                };
                scanned = (at, ls);
                // Several items can start on one line (`- - [ ] a`, or a lone `\r` that
                // pulldown-cmark breaks on); the line is read once, for the first of them.
                if last_line == Some(ls) {
                    items.push(ls);
                    continue;
                }
                last_line = Some(ls);
                read_item_line(&mut body, text, ls, items.last().copied(), &section, tasks);
                items.push(ls);
            }
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. })
            | Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                body.links.push(FoundLink { target: dest_url.to_string(), offset: at });
            }
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) if section_is(&section, "contact information") => {
                row = Some(Vec::new());
            }
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                if let Some(cells) = row.take() {
                    if let [field, value] = cells.as_slice() {
                        push_contact_row(&mut body, field, value);
                    }
                }
            }
            Event::Start(Tag::TableCell) if row.is_some() => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.push(c);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let body = read(text, 0, Tasks::Read);
        let mut out = String::new();
        for t in &body.tasks {
            out.push_str(&format!(
                "task {:?} parent={:?} section={:?}\n",
                &text[t.line_range.clone()],
                t.parent_offset.map(|p| &text[p..p + 3]),
                t.section
            ));
        }
        for l in &body.links {
            out.push_str(&format!("link {:?}\n", l.target));
        }
        for (d, _) in &body.recent_context {
            out.push_str(&format!("contact {d}\n"));
        }
        for (k, v) in &body.contact_table {
            out.push_str(&format!("row {k:?}={v:?}\n"));
        }
        assert_eq!(out.trim_end(), expect.trim());
    }

    #[test]
    fn tasks_nesting_sections_and_code() {
        check(
            "# Top\n- [ ] one [[Ada Brennan]]\n  - [x] child\n\n## Later\n```\n- [ ] in code [[Nope]]\n```\n1. [/] numbered\n> - [-] quoted\n",
            r#"
task "- [ ] one [[Ada Brennan]]" parent=None section=Some("Top")
task "  - [x] child" parent=Some("- [") section=Some("Top")
task "1. [/] numbered" parent=None section=Some("Later")
task "> - [-] quoted" parent=None section=Some("Later")
link "Ada Brennan""#,
        );
    }

    #[test]
    fn recent_context_and_contact_table() {
        check(
            "## Contact Information\n\n| Field | Value |\n|---|---|\n| **Company** | Northwind |\n| **Email** | _Unknown_ |\n\n## Recent Context\n\n- 2025-10-31: [[2025-10-31 - Sizing]] - call\n- **2025-09-30** talk\n- undated\n\n## Other\n- 2024-01-01 not context\n",
            r#"
link "2025-10-31 - Sizing"
contact 2025-10-31
contact 2025-09-30
row "Field"="Value"
row "Company"="Northwind"
row "Email"="""#,
        );
    }

    #[test]
    fn tab_indented_items_are_found_on_their_own_line() {
        check(
            "- [ ] a\n\t- [ ] b\n\t\t- [ ] c\n",
            r#"
task "- [ ] a" parent=None section=None
task "\t- [ ] b" parent=Some("- [") section=None
task "\t\t- [ ] c" parent=Some("\t- ") section=None"#,
        );
    }

    #[test]
    fn comments_hide_tasks_links_and_recent_context() {
        check(
            "## Recent Context\n- 2026-01-02: met [[Ada Brennan]] %%and [[Bo Kim]]%%\n%%\n- 2026-01-01: [[Cy Dune]]\n- [ ] hidden task\n%%\n- [ ] kept %% [[Di Eve]] %%\n",
            r#"
task "- [ ] kept %% [[Di Eve]] %%" parent=None section=Some("Recent Context")
link "Ada Brennan"
contact 2026-01-02"#,
        );
        // Not closed: the rest of the note is a comment.
        check("- [ ] seen\n%% draft\n- [ ] hidden [[Bo Kim]]\n", r#"task "- [ ] seen" parent=None section=None"#);
        // In fenced code and code spans `%%` is text, so nothing opens there.
        check(
            "```\n%%\n```\n- [ ] a `%%` b [[Ada Brennan]]\n> ~~~\n> %%\n> ~~~\n- [ ] c\n",
            r#"
task "- [ ] a `%%` b [[Ada Brennan]]" parent=None section=None
task "- [ ] c" parent=None section=None
link "Ada Brennan""#,
        );
    }

    #[test]
    fn markdown_links_to_notes_are_links() {
        check(
            "- met [Ada](People/Ada%20Brennan.md) and [Cy](../People/Cy Dune.md)\n- [Di](<People/Di Eve.md>) [Ed](Ed%20Fox \"title\") [N](Notes (2024).md)\n",
            r#"
link "People/Ada Brennan.md"
link "../People/Cy Dune.md"
link "People/Di Eve.md"
link "Ed Fox"
link "Notes (2024).md""#,
        );
        // URLs, anchors, mail, embeds, code and escaped brackets are not links to notes.
        check(
            "[w](https://x.org/a b) [h](#Top) [m](mailto:a@b.c) ![i](pic.png) `[c](Code.md)` \\[e](E.md)\n```\n[f](F.md)\n```\n[ok](Ok.md)\n",
            r#"link "Ok.md""#,
        );
    }

    #[test]
    fn inline_fields_outside_code_tasks_and_comments() {
        let fields = |text: &str| {
            read(text, 0, Tasks::Read).fields.iter().map(|f| format!("{}={}", f.key, &text[f.value.clone()])).collect::<Vec<_>>().join(" | ")
        };
        assert_eq!(fields("date:: 2023-03-01\n**Day**:: 2023-03-02 \n- where:: office\n> mood:: fine\n"), "date=2023-03-01 | Day=2023-03-02 | where=office | mood=fine");
        assert_eq!(
            fields("Met [with:: [[Ada Brennan]], [[Cy Dune]]] and (topic:: plans (draft)) today.\n"),
            "with=[[Ada Brennan]], [[Cy Dune]] | topic=plans (draft)"
        );
        // A task's fields are the task's; code, comments, links and URLs hold none.
        assert_eq!(fields("- [ ] call [due:: 2023-03-01]\n`a:: b`\n```\nc:: d\n```\n%% e:: f %%\n[[g:: h]]\nhttps://x.org\n[a] b\n"), "");
        // An unclosed bracket is no field.
        assert_eq!(fields("[with:: [[Ada]]\n"), "");
    }

    #[test]
    fn hashtags_in_the_text_are_tags() {
        let tags = |text: &str| read(text, 0, Tasks::Read).tags.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" ");
        assert_eq!(tags("#people\nMet at the fair. #people/friend #café\n- [ ] call #work\n- a list item #list\n"), "people people/friend café list");
        // Headings, a#b, anchors, URLs, digits alone, code and comments give none.
        assert_eq!(tags("# Title\n## Sub\na#b [[Note#h]] https://x.org/#frag #123\n`#code`\n```\n#fenced\n```\n%% #hidden %%\n"), "");
    }

    #[test]
    fn dataview_blocks_are_code() {
        check("## Open Tasks\n\n```dataview\nTASK\nWHERE contains(text, \"[[Ada]]\")\n```\n- [ ] real\n", r#"task "- [ ] real" parent=None section=Some("Open Tasks")"#);
    }
}
