//! Meeting write-back: what logging a dated note does to the note of each person it links. One
//! line in the person's Recent Context (`- YYYY-MM-DD: [[NOTE]] - SUMMARY`, in date order) and
//! the last contact property moved forward, each computed on the person note's current text as
//! [`TextEdit`]s that touch only their target. Pure text in, edits out: the CLI and the plugin
//! read and write the notes.

use crate::date::Date;
use crate::diagnostic::{Code, TextEdit};
use crate::edit::set_date;
use crate::frontmatter::Value;
use crate::note::{basename, link_key, Note};
use crate::split::split;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A summary longer than this many characters is cut at a word and ends with `...`; the limit
/// counts the `...`, so a Recent Context line stays one readable line.
pub const MAX_SUMMARY_CHARS: usize = 100;

/// The section the line goes in, and the one a new section goes after when a note lacks it: the
/// people template's order (`## Topics Discussed`, then `## Recent Context`).
const RECENT_CONTEXT: &str = "recent context";
const TOPICS_DISCUSSED: &str = "topics discussed";

/// What one person gets when a note is logged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonLog {
    /// In text order, not overlapping; empty when the note is already logged (or nothing may be).
    pub edits: Vec<LogEdit>,
    /// The Recent Context line added (without its line ending), when one is.
    pub line: Option<String>,
    /// The last contact property's new date, when it moves.
    pub last_contact: Option<Date>,
    /// Why something was left out: the whole log (a note dated after today), or only the date
    /// (a frontmatter that cannot be edited safely), in which case `edits` still holds the line.
    pub skipped: Option<String>,
}

/// One edit of a person note, with the sentence that says what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEdit {
    pub description: String,
    pub edit: TextEdit,
}

/// What is being logged: the dated note, its day and its summary.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// The note's vault-relative path (`Meetings/2026-11-24 - Vendor panel.md`), which the line
    /// links; `None` for a contact with no note (the plugin's form on a people note), whose line
    /// is the date and the summary.
    pub path: Option<&'a str>,
    pub date: Date,
    /// One line, already cut (see [`summary`]); empty for none.
    pub summary: &'a str,
}

/// The reason nothing is logged for a note dated after `today`, or `None` when it may be.
pub fn not_yet(date: Date, today: Date) -> Option<String> {
    (date > today).then(|| format!("The note is dated {date}, after today ({today}): it is not a contact yet."))
}

/// The summary of the note at `path` with text `text`: `given` (the caller's), else its
/// `summary` property, else its first level-1 heading, else the title part of its file name
/// (`2026-11-24 - Vendor panel` → `Vendor panel`; a daily note's name has none). One line (line
/// breaks become spaces), at most [`MAX_SUMMARY_CHARS`] characters.
pub fn summary(given: Option<&str>, text: &str, path: &str) -> String {
    let one_line =
        |s: &str| s.split(['\r', '\n']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    let nonempty = |s: String| (!s.is_empty()).then_some(s);
    let chosen = given
        .map(one_line)
        .and_then(nonempty)
        .or_else(|| Note::parse_with(text, crate::body::TaskReading::Recognised).props.str("summary").map(one_line))
        .and_then(nonempty)
        // A heading that repeats the file's name (`# 2026-11-24`) says nothing the link does not.
        .or_else(|| first_title(text).map(|h| one_line(&h)).filter(|h| !h.is_empty() && h != basename(path)))
        .unwrap_or_else(|| one_line(title_part(basename(path))));
    cut(&chosen, MAX_SUMMARY_CHARS)
}

/// The title part of a dated note's base name: what follows `YYYY-MM-DD` and a separator
/// (` - `, ` `, `_`); the whole name when it does not start with a date.
fn title_part(base: &str) -> &str {
    match base.get(..10).and_then(Date::parse_iso) {
        Some(_) => base.get(10..).unwrap_or("").trim_start_matches([' ', '-', '–', '—', '_']).trim_end(),
        None => base.trim(),
    }
}

/// `s` cut to at most `max` characters: whole when it fits, else at the last space before
/// `max - 3` characters (or there, for one long word) with `...` appended.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(3);
    let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    let head = &s[..end];
    // A cut where a space follows is already at a word's end.
    let at_word = s[end..].starts_with(char::is_whitespace);
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if !at_word && !head[..space].trim().is_empty() => &head[..space],
        _ => head,
    };
    format!("{}...", head.trim_end())
}

/// The first level-1 heading's text as written (inline markup kept), outside code and comments.
fn first_title(text: &str) -> Option<String> {
    let start = split(text).body_start;
    let outline = Outline::read(text, start);
    let h = outline.headings.iter().find(|h| h.level == 1)?;
    let line = text.get(h.line.clone())?.trim_end();
    let inner = line.trim_start().trim_start_matches('#');
    // An ATX heading's optional closing `#`s are not part of its text.
    let inner = inner.trim_end();
    let inner = match inner.trim_end_matches('#') {
        rest if rest.ends_with([' ', '\t']) || rest.is_empty() => rest,
        _ => inner,
    };
    Some(inner.trim().to_string())
}

/// The Recent Context line for `entry`, without its line ending.
pub fn line_for(entry: &Entry) -> String {
    match (entry.path.map(basename), entry.summary) {
        (Some(base), "") => format!("- {}: [[{base}]]", entry.date),
        (Some(base), s) => format!("- {}: [[{base}]] - {s}", entry.date),
        (None, s) => format!("- {}: {s}", entry.date).trim_end().to_string(),
    }
}

/// The edits that log `entry` in the person note `text`, whose last contact property is `key`.
/// See the module's documentation; `today` decides whether the note is a contact at all.
pub fn person_edits(text: &str, entry: &Entry, key: &str, today: Date) -> PersonLog {
    if let Some(reason) = not_yet(entry.date, today) {
        return PersonLog { skipped: Some(reason), ..PersonLog::default() };
    }
    let mut log = PersonLog::default();
    let s = split(text);
    let nl = s.frontmatter.as_ref().map_or_else(|| newline_of(text), |b| b.newline);
    let outline = Outline::read(text, s.body_start);
    // The date first: where both insert at one place (a note with no frontmatter and no text),
    // the new frontmatter goes first, and the sort below keeps that order.
    match date_edit(text, key, entry.date, nl) {
        Ok(Some(edit)) => {
            log.edits.push(LogEdit { description: format!("Set `{key}` to {}", entry.date), edit });
            log.last_contact = Some(entry.date);
        }
        Ok(None) => {}
        Err(reason) => log.skipped = Some(format!("`{key}` not set: {reason}")),
    }
    let line = line_for(entry);
    if let Some(insert) = line_edit(text, &outline, entry, &line, nl) {
        if reads_back(text, &insert, entry, &line, nl) {
            log.edits.push(LogEdit { description: format!("Add to Recent Context: {line}"), edit: insert });
            log.line = Some(line);
        } else {
            let reason = "the line was not added: where it would go, it would not read as a Recent Context line (the note ends inside a code block or a comment that is never closed?); close it, then log again.";
            log.skipped = Some(match log.skipped.take() {
                Some(date) => format!("{date} And {reason}"),
                None => format!("Recent Context: {reason}"),
            });
        }
    }
    log.edits.sort_by_key(|e| (e.edit.range.start, e.edit.range.end));
    // Two insertions at one place (a note with neither frontmatter nor text) become one edit, so
    // that no two edits share a position and their order cannot be misread.
    if let [a, b] = log.edits.as_slice() {
        if a.edit.range == b.edit.range && a.edit.range.is_empty() {
            let edit = TextEdit::new(a.edit.range.clone(), format!("{}{}", a.edit.insert, b.edit.insert));
            log.edits = vec![LogEdit { description: format!("{}; {}", a.description, b.description), edit }];
        }
    }
    log
}

/// Whether the note with `insert` applied reads as logged: its Recent Context holds the line
/// (so a second run adds nothing). An insertion that lands where the note swallows it (inside a
/// code block or a comment left open at its end) does not, and is not offered.
fn reads_back(text: &str, insert: &TextEdit, entry: &Entry, line: &str, nl: &str) -> bool {
    let (Some(before), Some(after)) = (text.get(..insert.range.start), text.get(insert.range.end..)) else {
        return false;
    };
    let written = format!("{before}{}{after}", insert.insert);
    let outline = Outline::read(&written, split(&written).body_start);
    line_edit(&written, &outline, entry, line, nl).is_none()
}

/// The line ending the note uses: that of its first line, `\n` when it has none.
pub(crate) fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// Sets the last contact `key` to `date` when the note's is older or missing; never backwards.
/// A value that is not a date is left for the person to fix (it may be a note they wrote there).
fn date_edit(text: &str, key: &str, date: Date, nl: &str) -> Result<Option<TextEdit>, String> {
    let s = split(text);
    if s.diagnostics.iter().any(|d| d.code == Code::FrontmatterNotFirst) {
        return Err("blank lines come before the properties block; remove them so that Obsidian reads it.".into());
    }
    let note = Note::parse_with(text, crate::body::TaskReading::Recognised);
    match note.props.get(key) {
        Some(Value::Null) | None => {}
        Some(value) => match value.as_str().map(str::trim) {
            Some("") => {}
            Some(current) => match crate::date::parse(current) {
                crate::date::DateParse::Iso(d) | crate::date::DateParse::Loose { date: d, ambiguous: false } => {
                    if d >= date {
                        return Ok(None);
                    }
                }
                _ => {
                    return Err(format!(
                        "it holds `{current}`, which is not a date Rapport can compare; set it by hand."
                    ))
                }
            },
            None => {
                return Err(format!("it holds {}, not a date; Rapport will not overwrite it.", value.kind()));
            }
        },
    }
    if s.frontmatter.is_none() && s.diagnostics.iter().all(|d| d.code != Code::UnterminatedFrontmatter) {
        // A new block in the note's own line endings (`set_date` writes `\n`).
        return Ok(Some(TextEdit::new(s.bom..s.bom, format!("---{nl}{key}: '{date}'{nl}---{nl}"))));
    }
    set_date(text, key, key, date).map_err(|e| e.to_string())
}

/// The insertion of `line` into the Recent Context section, or `None` when the section already
/// links the note.
fn line_edit(text: &str, outline: &Outline, entry: &Entry, line: &str, nl: &str) -> Option<TextEdit> {
    let Some(section) = outline.section(RECENT_CONTEXT) else {
        return Some(new_section(text, outline, line, nl));
    };
    let heading = outline.headings.get(section)?;
    let whole = heading.line.end..outline.section_end(section, true, text.len());
    match entry.path {
        Some(path) => {
            let keys = [link_key(basename(path)), link_key(path)];
            if outline.links.iter().any(|(at, target)| whole.contains(at) && keys.contains(&link_key(target))) {
                return None;
            }
        }
        // Without a note to link, the same line (marker aside) already there is the entry.
        None => {
            let same = |i: &Item| {
                let item = text.get(i.line..).and_then(|t| t.lines().next()).unwrap_or("").trim();
                item.get(1..).is_some_and(|rest| rest.trim() == line.get(2..).unwrap_or(""))
            };
            if outline.items.iter().any(|i| whole.contains(&i.line) && same(i)) {
                return None;
            }
        }
    }
    // The items directly under the heading, before any subheading.
    let direct = heading.line.end..outline.section_end(section, false, text.len());
    let items: Vec<&Item> = outline.items.iter().filter(|i| direct.contains(&i.line)).collect();
    let dated: Vec<(&Item, Date)> = items.iter().filter_map(|i| Some((*i, item_date(text, i.line)?))).collect();
    // Newest first; a line of the same day goes after those already there, which keep their place.
    if let Some((older, _)) = dated.iter().find(|(_, d)| *d < entry.date) {
        let prefix = marker_prefix(text, older.line);
        return Some(TextEdit::new(older.line..older.line, format!("{prefix}{}{nl}", &line[2..])));
    }
    if let Some((last, _)) = dated.last() {
        let prefix = marker_prefix(text, last.line);
        let (end, ends_line) = content_end(text, last.line..last.end);
        let at = outline.outside_comments(text, end);
        let ends_line = ends_line || at < end;
        let lead = if ends_line { "" } else { nl };
        return Some(TextEdit::new(at..at, format!("{lead}{prefix}{}{}", &line[2..], if ends_line { nl } else { "" })));
    }
    // No dated line yet: after the section's last text, a blank line after the heading.
    let (end, ends_line) = content_end(text, heading.line.end..direct.end);
    let at = outline.outside_comments(text, end).max(heading.line.end);
    let ends_line = ends_line || at < end;
    let after_heading = at <= heading.line.end;
    let last_is_item = items.last().is_some_and(|i| content_end(text, i.line..i.end).0 == at);
    let mut insert = String::new();
    if !ends_line {
        insert.push_str(nl);
    }
    if after_heading || !last_is_item {
        insert.push_str(nl);
    }
    insert.push_str(line);
    insert.push_str(nl);
    // A heading or text right below gets the blank line it had.
    if text.get(at..).is_some_and(|rest| !rest.is_empty() && !rest.starts_with(['\r', '\n'])) {
        insert.push_str(nl);
    }
    Some(TextEdit::new(at..at, insert))
}

/// A new `## Recent Context` section holding `line`: before the heading that follows the
/// `Topics Discussed` section when the note has one, else at the end.
fn new_section(text: &str, outline: &Outline, line: &str, nl: &str) -> TextEdit {
    let block = |lead: &str, tail: &str| format!("{lead}## Recent Context{nl}{nl}{line}{nl}{tail}");
    let before = outline
        .section(TOPICS_DISCUSSED)
        .and_then(|i| Some((i, outline.headings.get(i)?.level)))
        .and_then(|(i, level)| outline.headings.iter().skip(i + 1).find(|h| h.level <= level))
        .map(|h| h.line.start);
    let end = text.len();
    let at = outline.outside_comments(text, before.unwrap_or(end));
    if at < end {
        // A byte order mark alone before is no text to set the heading apart from.
        let lead = if ends_with_blank_line(text[..at].trim_start_matches('\u{feff}')) { "" } else { nl };
        return TextEdit::new(at..at, block(lead, nl));
    }
    let lead = if text.trim_start_matches('\u{feff}').is_empty() || ends_with_blank_line(text) {
        ""
    } else if text.ends_with('\n') {
        nl
    } else {
        // The last line has no ending: one, then the blank line.
        return TextEdit::new(end..end, block(&format!("{nl}{nl}"), ""));
    };
    TextEdit::new(end..end, block(lead, ""))
}

/// Whether `text` ends with an empty line (or is empty): a heading placed after it is set apart.
fn ends_with_blank_line(text: &str) -> bool {
    let t = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t));
    match t {
        None => text.is_empty(),
        Some(t) => t.is_empty() || t.ends_with('\n') || t.trim_end_matches([' ', '\t']).ends_with('\n'),
    }
}

/// The end of the last non-blank line of `range` (after its line ending), and whether that line
/// has one (the last line of a note may not).
fn content_end(text: &str, range: Range<usize>) -> (usize, bool) {
    let part = text.get(range.clone()).unwrap_or("");
    let trimmed = part.trim_end();
    if trimmed.is_empty() {
        return (range.start, range.start == 0 || text[..range.start].ends_with('\n'));
    }
    let last = range.start + trimmed.len();
    match text[last..].find('\n') {
        Some(i) => (last + i + 1, true),
        None => (text.len(), false),
    }
}

/// The date a Recent Context item's line starts with, read as the body reader reads it.
fn item_date(text: &str, line_start: usize) -> Option<Date> {
    let line = text.get(line_start..)?.lines().next()?;
    let item = line.trim_start().trim_start_matches(['>', ' ']);
    crate::body::leading_date(item.get(1..)?)
}

/// The indentation and list marker of the item on the line at `line_start` (`- `, `* `), so the
/// new line continues the same list; `- ` for a marker that is not a bullet.
fn marker_prefix(text: &str, line_start: usize) -> String {
    let line = text.get(line_start..).and_then(|t| t.lines().next()).unwrap_or("");
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    match rest.as_bytes() {
        [m @ (b'-' | b'*' | b'+'), b' ', ..] => format!("{}{} ", &line[..indent], *m as char),
        _ => "- ".to_string(),
    }
}

/// A heading of the body, outside code and comments.
#[derive(Debug)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) text: String,
    /// Its whole line (or lines, for a setext heading), line ending included.
    pub(crate) line: Range<usize>,
}

/// A top-level list item: where its first line starts and where it ends.
#[derive(Debug)]
struct Item {
    line: usize,
    end: usize,
}

/// The headings, top-level list items and wikilinks of a body, as pulldown-cmark reads them (so
/// a `## ` line inside fenced code is no heading), without those inside `%% %%` comments.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub(crate) headings: Vec<Heading>,
    items: Vec<Item>,
    links: Vec<(usize, String)>,
    /// The `%% %%` comments, sorted.
    hidden: Vec<Range<usize>>,
    /// Where the body starts (after the frontmatter, or a byte order mark): nothing goes before.
    start: usize,
}

impl Outline {
    pub(crate) fn read(text: &str, start: usize) -> Outline {
        let mut outline = Outline { start, ..Outline::default() };
        let Some(source) = text.get(start..) else { return outline };
        let options = Options::ENABLE_WIKILINKS | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
        let mut heading: Option<(u8, String, usize)> = None;
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
            let (from, to) = (start + range.start, start + range.end);
            match event {
                Event::Start(Tag::Heading { level, .. }) => heading = Some((level_number(level), String::new(), from)),
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, h, _)) = heading.as_mut() {
                        h.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, h, at)) = heading.take() {
                        let line = line_start(text, at)..line_end(text, to);
                        outline.headings.push(Heading { level, text: h, line });
                    }
                }
                Event::Start(Tag::Item) => {
                    depth += 1;
                    if depth == 1 {
                        // An item can start at the line break before its marker.
                        let at = from + text[from..].bytes().take_while(|b| *b == b'\n' || *b == b'\r').count();
                        outline.items.push(Item { line: line_start(text, at).max(start), end: to.max(at) });
                    }
                }
                Event::End(TagEnd::Item) => depth = depth.saturating_sub(1),
                Event::Start(Tag::Link { link_type: pulldown_cmark::LinkType::WikiLink { .. }, dest_url, .. })
                | Event::Start(Tag::Image { link_type: pulldown_cmark::LinkType::WikiLink { .. }, dest_url, .. }) => {
                    outline.links.push((from, dest_url.to_string()))
                }
                _ => {}
            }
        }
        let hidden = crate::body::comment_ranges(text, start);
        outline.hidden = hidden.clone();
        if !hidden.is_empty() {
            let inside = |at: usize| hidden.iter().any(|r| r.contains(&at));
            outline.headings.retain(|h| !inside(h.line.start));
            outline.items.retain(|i| !inside(i.line));
            outline.links.retain(|(at, _)| !inside(*at));
        }
        outline
    }

    /// `at`, or where the line of the comment around it starts: a line inserted inside a comment
    /// would be hidden (a list item's text runs on into a `%%` line below it, and a comment left
    /// open runs to the end of the note).
    pub(crate) fn outside_comments(&self, text: &str, at: usize) -> usize {
        let inside = |r: &Range<usize>| {
            let closed = r.len() >= 4 && text.get(r.clone()).is_some_and(|c| c.ends_with("%%"));
            r.start < at && (at < r.end || (at == r.end && !closed))
        };
        match self.hidden.iter().find(|r| inside(r)) {
            // A comment on the body's first line starts where the body does (after a byte order mark).
            Some(r) => line_start(text, r.start).max(self.start),
            None => at,
        }
    }

    /// The first heading named `name` (any level, any case).
    fn section(&self, name: &str) -> Option<usize> {
        self.headings.iter().position(|h| h.text.trim().eq_ignore_ascii_case(name))
    }

    /// Where heading `i`'s section ends: at the next heading of its level or above (with
    /// `nested`), or at the next heading of any level (without).
    fn section_end(&self, i: usize, nested: bool, len: usize) -> usize {
        let Some(h) = self.headings.get(i) else { return len };
        self.headings
            .iter()
            .skip(i + 1)
            .find(|next| !nested || next.level <= h.level)
            .map_or(len, |next| next.line.start)
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1)
}

/// The end of the line on which the range ending at `to` ends, line ending included.
fn line_end(text: &str, to: usize) -> usize {
    let last = to.saturating_sub(1);
    if text.as_bytes().get(last) == Some(&b'\n') {
        return last + 1;
    }
    text.get(last..).and_then(|t| t.find('\n')).map_or(text.len(), |i| last + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse_iso(s).unwrap_or(Date { year: 2000, month: 1, day: 1 })
    }

    const NOTE: &str = "Meetings/2026-11-24 - Vendor panel.md";

    /// The person note `text` after logging the vendor panel of 2026-11-24 (summary `Pricing`),
    /// with the reason when something was skipped.
    fn log(text: &str) -> String {
        log_with(text, NOTE, "Pricing")
    }

    fn log_with(text: &str, path: &str, summary: &str) -> String {
        let date = day(path.rsplit('/').next().and_then(|n| n.get(..10)).unwrap_or(""));
        let entry = Entry { path: Some(path), date, summary };
        let result = person_edits(text, &entry, "last_contact", day("2026-11-26"));
        let mut at = 0;
        let mut out = String::new();
        for e in &result.edits {
            assert!(e.edit.range.start >= at, "edits in order, not overlapping: {:?}", result.edits);
            out.push_str(&text[at..e.edit.range.start]);
            out.push_str(&e.edit.insert);
            at = e.edit.range.end;
        }
        out.push_str(&text[at..]);
        if let Some(reason) = result.skipped {
            out.push_str(&format!("<skipped: {reason}>"));
        }
        out
    }

    #[test]
    fn the_line_goes_in_date_order_newest_first() {
        let text = "---\nlast_contact: '2026-11-20'\n---\n## Recent Context\n\n- 2026-11-25: [[A]] - later\n- 2026-11-20: [[B]] - earlier\n";
        assert_eq!(
            log(text),
            "---\nlast_contact: '2026-11-24'\n---\n## Recent Context\n\n- 2026-11-25: [[A]] - later\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n- 2026-11-20: [[B]] - earlier\n"
        );
        // Newest of all: first; oldest of all: after the last, its children included.
        let text = "## Recent Context\n- 2026-11-01: [[A]]\n  - detail\n\n## Next\n";
        assert_eq!(
            log(text),
            "---\nlast_contact: '2026-11-24'\n---\n## Recent Context\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n- 2026-11-01: [[A]]\n  - detail\n\n## Next\n"
        );
        let text =
            "---\nlast_contact: 2026-11-25\n---\n## Recent Context\n* 2026-11-25: [[A]]\n  * detail\n\n## Next\n";
        assert_eq!(
            log(text),
            "---\nlast_contact: 2026-11-25\n---\n## Recent Context\n* 2026-11-25: [[A]]\n  * detail\n* 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n\n## Next\n"
        );
    }

    #[test]
    fn a_line_of_the_same_day_goes_after_those_already_there() {
        let text = "---\nlast_contact: 2026-11-24\n---\n## Recent Context\n- 2026-11-24: [[A]]\n- 2026-11-24: [[B]]\n- 2026-11-02: [[C]]\n";
        assert_eq!(
            log(text),
            "---\nlast_contact: 2026-11-24\n---\n## Recent Context\n- 2026-11-24: [[A]]\n- 2026-11-24: [[B]]\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n- 2026-11-02: [[C]]\n"
        );
    }

    #[test]
    fn crlf_notes_keep_their_line_endings() {
        let text = "---\r\nlast_contact: '2026-01-01'\r\n---\r\n## Recent Context\r\n\r\n- 2026-01-01: [[A]]\r\n";
        assert_eq!(
            log(text),
            "---\r\nlast_contact: '2026-11-24'\r\n---\r\n## Recent Context\r\n\r\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\r\n- 2026-01-01: [[A]]\r\n"
        );
        let text = "# Bo\r\n";
        assert_eq!(
            log(text),
            "---\r\nlast_contact: '2026-11-24'\r\n---\r\n# Bo\r\n\r\n## Recent Context\r\n\r\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\r\n"
        );
    }

    #[test]
    fn a_note_without_the_section_gets_one_after_topics_discussed() {
        let text =
            "---\nlast_contact: '2026-01-01'\n---\n# Bo\n\n## Topics Discussed\n\nStorage\n\n## Key Facts\n\n- tall\n";
        assert_eq!(
            log(text),
            "---\nlast_contact: '2026-11-24'\n---\n# Bo\n\n## Topics Discussed\n\nStorage\n\n## Recent Context\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n\n## Key Facts\n\n- tall\n"
        );
        // A subheading belongs to Topics Discussed; no blank line before the next heading: one added.
        let text = "---\nlast_contact: '2026-01-01'\n---\n## Topics Discussed\n### Storage\nx\n## Key Facts\n";
        assert_eq!(
            log(text),
            "---\nlast_contact: '2026-11-24'\n---\n## Topics Discussed\n### Storage\nx\n\n## Recent Context\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n\n## Key Facts\n"
        );
    }

    #[test]
    fn without_topics_discussed_the_section_goes_at_the_end() {
        let fm = "---\nlast_contact: '2026-12-01'\n---\n";
        let section = "## Recent Context\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n";
        assert_eq!(log(&format!("{fm}# Bo\n")), format!("{fm}# Bo\n\n{section}"));
        assert_eq!(log(&format!("{fm}# Bo\n\n")), format!("{fm}# Bo\n\n{section}"));
        assert_eq!(log(&format!("{fm}# Bo")), format!("{fm}# Bo\n\n{section}"));
        assert_eq!(log(fm), format!("{fm}\n{section}"));
        // Neither frontmatter nor text: one edit holding both (after a byte order mark).
        assert_eq!(log(""), format!("---\nlast_contact: '2026-11-24'\n---\n{section}"));
        assert_eq!(log("\u{feff}"), format!("\u{feff}---\nlast_contact: '2026-11-24'\n---\n{section}"));
    }

    /// Found by a fuzzing run: a note that ends inside a fence or an HTML comment never closed
    /// swallows a section added at its end, and each run would add it again. The line is not
    /// offered (the date still moves), and the reason says what to do.
    #[test]
    fn a_line_the_note_would_swallow_is_not_offered() {
        let fm = "---\nlast_contact: '2026-11-01'\n---\n";
        for tail in ["```\nsome code\n", "~~~ dataview\n", "<!-- a comment\n"] {
            let text = format!("{fm}# Bo\n\n{tail}");
            let entry = Entry { path: Some(NOTE), date: day("2026-11-24"), summary: "Pricing" };
            let result = person_edits(&text, &entry, "last_contact", day("2026-11-26"));
            assert_eq!(result.line, None, "{tail:?}");
            assert_eq!(result.edits.len(), 1, "the date alone: {:?}", result.edits);
            assert_eq!(result.last_contact, Some(day("2026-11-24")));
            assert!(result.skipped.as_deref().is_some_and(|r| r.contains("never closed")), "{:?}", result.skipped);
            assert!(log(&text).starts_with(&text.replace("2026-11-01", "2026-11-24")), "{tail:?}");
        }
    }

    #[test]
    fn the_section_is_found_at_any_level_and_case_but_not_in_code_or_comments() {
        let fm = "---\nlast_contact: '2026-12-01'\n---\n";
        assert_eq!(
            log(&format!("{fm}### Recent context\n- 2026-01-01: x\n")),
            format!("{fm}### Recent context\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n- 2026-01-01: x\n")
        );
        let fenced = format!("{fm}```\n## Recent Context\n- 2026-01-01: x\n```\n");
        assert_eq!(
            log(&fenced),
            format!("{fenced}\n## Recent Context\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n")
        );
        let commented = format!("{fm}%%\n## Recent Context\n- 2026-01-01: x\n%%\n");
        assert_eq!(
            log(&commented),
            format!("{commented}\n## Recent Context\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n")
        );
    }

    #[test]
    fn a_line_never_lands_inside_a_comment() {
        let fm = "---\nlast_contact: '2026-12-01'\n---\n";
        let line = "- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n";
        // The item's text runs on into the `%%` lines below it: after the comment when it closes,
        // before it when it is left open.
        assert_eq!(
            log(&format!("{fm}## Recent Context\n- 2026-11-25: x\n%%\nhidden\n%%\n")),
            format!("{fm}## Recent Context\n- 2026-11-25: x\n%%\nhidden\n%%\n{line}")
        );
        assert_eq!(
            log(&format!("{fm}## Recent Context\n- 2026-11-25: x\n%%\nhidden\n")),
            format!("{fm}## Recent Context\n- 2026-11-25: x\n{line}%%\nhidden\n")
        );
        // A comment left open runs to the end: the new section goes before it, after a byte order mark.
        assert_eq!(
            log("\u{feff}%% draft\n"),
            format!("\u{feff}---\nlast_contact: '2026-11-24'\n---\n## Recent Context\n\n{line}\n%% draft\n")
        );
        assert_eq!(
            log(&format!("{fm}# Bo\n\n%% draft\nmore")),
            format!("{fm}# Bo\n\n## Recent Context\n\n{line}\n%% draft\nmore")
        );
    }

    #[test]
    fn an_empty_or_undated_section_gets_the_line_after_its_text() {
        let fm = "---\nlast_contact: '2026-12-01'\n---\n";
        let line = "- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n";
        assert_eq!(log(&format!("{fm}## Recent Context\n")), format!("{fm}## Recent Context\n\n{line}"));
        assert_eq!(
            log(&format!("{fm}## Recent Context\n\n## Next\n")),
            format!("{fm}## Recent Context\n\n{line}\n## Next\n")
        );
        assert_eq!(
            log(&format!("{fm}## Recent Context\n\n- undated\n\n## Next\n")),
            format!("{fm}## Recent Context\n\n- undated\n{line}\n## Next\n")
        );
        assert_eq!(
            log(&format!("{fm}## Recent Context\n_Meetings:_\n## Next")),
            format!("{fm}## Recent Context\n_Meetings:_\n\n{line}\n## Next")
        );
        assert_eq!(log(&format!("{fm}## Recent Context")), format!("{fm}## Recent Context\n\n{line}"));
    }

    #[test]
    fn a_section_that_links_the_note_gets_no_line() {
        let fm = "---\nlast_contact: '2026-12-01'\n---\n";
        for link in [
            "[[2026-11-24 - Vendor panel]]",
            "[[2026-11-24 - vendor panel|the panel]]",
            "[[Meetings/2026-11-24 - Vendor panel.md#Pricing]]",
            "![[2026-11-24 - Vendor panel]]",
        ] {
            let text = format!("{fm}## Recent Context\n- 2026-11-20: x\n  - see {link}\n");
            assert_eq!(log(&text), text, "{link}");
        }
        // Elsewhere in the note, or in a comment, it does not count.
        let text = format!(
            "{fm}Met at [[2026-11-24 - Vendor panel]].\n## Recent Context\n%% [[2026-11-24 - Vendor panel]] %%\n"
        );
        assert_eq!(
            log(&text),
            format!("{fm}Met at [[2026-11-24 - Vendor panel]].\n## Recent Context\n%% [[2026-11-24 - Vendor panel]] %%\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n")
        );
    }

    #[test]
    fn logging_twice_changes_nothing_the_second_time() {
        for text in [
            "",
            "# Bo",
            "---\nlast_contact: 2026-01-01\n---\n## Topics Discussed\nx\n## Other\n",
            "---\r\ntitle: Bo\r\n---\r\n## Recent Context\r\n- 2026-11-25: y\r\n",
        ] {
            let once = log(text);
            assert_eq!(log(&once), once, "{text:?}");
        }
    }

    #[test]
    fn last_contact_moves_forward_only_and_keeps_its_quoting() {
        let rc = "## Recent Context\n- 2026-11-24: [[2026-11-24 - Vendor panel]]\n";
        let check = |fm: &str, expect: &str| assert_eq!(log(&format!("{fm}{rc}")), format!("{expect}{rc}"), "{fm}");
        check("---\nlast_contact: \"2026-01-01\"\n---\n", "---\nlast_contact: \"2026-11-24\"\n---\n");
        check("---\nlast_contact: 2026-01-01 # met\n---\n", "---\nlast_contact: 2026-11-24 # met\n---\n");
        check("---\nlast_contact: 11/25/2026\n---\n", "---\nlast_contact: 11/25/2026\n---\n");
        check("---\nlast_contact: 2026-11-24\n---\n", "---\nlast_contact: 2026-11-24\n---\n");
        check("---\nLast_Contact: 2026-11-01\n---\n", "---\nLast_Contact: 2026-11-24\n---\n");
        check("---\nlast_contact:\n---\n", "---\nlast_contact: '2026-11-24'\n---\n");
        // Missing: added at the end of the block, quoted like `created`.
        check(
            "---\ntype: people\ncreated: 2026-01-01\n---\n",
            "---\ntype: people\ncreated: 2026-01-01\nlast_contact: 2026-11-24\n---\n",
        );
        check("---\ntype: people\n---\n", "---\ntype: people\nlast_contact: '2026-11-24'\n---\n");
        check("", "---\nlast_contact: '2026-11-24'\n---\n");
        check("\u{feff}", "\u{feff}---\nlast_contact: '2026-11-24'\n---\n");
    }

    #[test]
    fn a_frontmatter_that_cannot_be_edited_safely_gets_the_line_and_a_reason() {
        let line = "## Recent Context\n\n- 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing\n";
        let check = |fm: &str, reason: &str| {
            let got = log(&format!("{fm}# Bo\n"));
            assert_eq!(got, format!("{fm}# Bo\n\n{line}<skipped: `last_contact` not set: {reason}>"), "{fm}");
        };
        check(
            "---\nlast_contact:\n  - 2026-01-01\n---\n",
            "it holds a list, not a date; Rapport will not overwrite it.",
        );
        check(
            "---\nlast_contact: soon\n---\n",
            "it holds `soon`, which is not a date Rapport can compare; set it by hand.",
        );
        check(
            "---\nlast_contact: >\n  2026-01-01\n---\n",
            "`last_contact` holds a value written over several lines; Rapport will not overwrite it.",
        );
        check(
            "\n---\ntype: people\n---\n",
            "blank lines come before the properties block; remove them so that Obsidian reads it.",
        );
    }

    #[test]
    fn a_contact_without_a_note_is_the_date_and_the_summary_once() {
        let text = "---\nlast_contact: '2026-01-01'\n---\n## Recent Context\n- 2026-11-25: [[A]]\n";
        let entry = Entry { path: None, date: day("2026-11-24"), summary: "Coffee, talked about the move" };
        let log = person_edits(text, &entry, "last_contact", day("2026-11-26"));
        let mut after = text.to_string();
        for e in log.edits.iter().rev() {
            after = e.edit.apply(&after).unwrap_or_default();
        }
        assert_eq!(
            after,
            "---\nlast_contact: '2026-11-24'\n---\n## Recent Context\n- 2026-11-25: [[A]]\n- 2026-11-24: Coffee, talked about the move\n"
        );
        assert_eq!(person_edits(&after, &entry, "last_contact", day("2026-11-26")).edits, Vec::new());
    }

    #[test]
    fn a_note_dated_after_today_logs_nothing() {
        let text = "## Recent Context\n";
        assert_eq!(
            log_with(text, "Meetings/2026-11-30 - Later.md", "x"),
            format!(
                "{text}<skipped: The note is dated 2026-11-30, after today (2026-11-26): it is not a contact yet.>"
            )
        );
    }

    #[test]
    fn the_summary_comes_from_the_caller_the_property_the_title_or_the_name() {
        let path = "Meetings/2026-11-24 - Vendor panel.md";
        let text = "---\nsummary: \"Pricing,\\nthen terms\"\n---\n# Panel #\n";
        assert_eq!(summary(Some(" given\nhere "), text, path), "given here");
        assert_eq!(summary(Some(" "), text, path), "Pricing, then terms");
        assert_eq!(summary(None, "---\nsummary: ''\n---\n```\n# code\n```\n# Panel #\n## Sub\n", path), "Panel");
        assert_eq!(summary(None, "# [[Ada]] and C# ##\n", path), "[[Ada]] and C#");
        assert_eq!(summary(None, "%%\n# hidden\n%%\n", path), "Vendor panel");
        assert_eq!(summary(None, "", "Daily/2026-11-24.md"), "");
        assert_eq!(summary(None, "# 2026-11-24\n", "Daily/2026-11-24.md"), "");
        assert_eq!(summary(None, "", "Coffee with Bo.md"), "Coffee with Bo");
    }

    #[test]
    fn a_long_summary_is_cut_at_a_word_and_counts_its_dots() {
        let word = "abcdefghi ";
        let long = word.repeat(12);
        let got = cut(long.trim(), MAX_SUMMARY_CHARS);
        assert_eq!(got, format!("{}...", word.repeat(9).trim_end()));
        assert!(got.chars().count() <= MAX_SUMMARY_CHARS);
        // Exactly the limit is kept whole; characters, not bytes, are counted.
        let hundred = "é".repeat(100);
        assert_eq!(cut(&hundred, MAX_SUMMARY_CHARS), hundred);
        let more = "é".repeat(101);
        assert_eq!(cut(&more, MAX_SUMMARY_CHARS), format!("{}...", "é".repeat(97)));
        // A word that ends exactly at the cut is kept.
        assert_eq!(
            cut(&format!("{}{}", "x".repeat(97), " yy zz"), MAX_SUMMARY_CHARS),
            format!("{}...", "x".repeat(97))
        );
    }
}
