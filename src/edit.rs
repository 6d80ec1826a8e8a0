//! Edits the plugin writes: each is computed on the note's current text as one [`TextEdit`]
//! that touches only its target, so every other byte of the note stays as it was.

use crate::body::scan::lines_from;
use crate::config::Settings;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, LineIndex, TextEdit};
use crate::frontmatter;
use crate::note::{ContactEvidence, Note};
use crate::split::split;
use crate::task::{parse_task_line, Format, StatusKind};

/// Why an edit was refused: the note is not in a state Rapport can edit safely, or it changed
/// since it was read. `Display` is the sentence the user is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditRefusal {
    /// The frontmatter has no closing `---`.
    Unterminated,
    /// `key` holds a nested value (a list or a mapping on the lines below it).
    Nested { key: String },
    /// `key`'s value is written over several lines (a block scalar, an open quote, continuations).
    Multiline { key: String },
    /// The frontmatter is not `key: value` lines that `key` could be added to.
    NotAppendable { key: String },
    /// Setting `key` would change how the rest of the frontmatter reads (or `key` would not read
    /// back as the date).
    WouldChangeOthers { key: String },
    /// The note has no line `line` any more.
    NoLine { line: u32 },
    /// Line `line` is no longer a task.
    NotATask { line: u32 },
    /// The task on line `line` is not the one the caller saw.
    TaskChanged { line: u32 },
    /// The task on line `line` is already closed (done, cancelled…).
    AlreadyClosed { line: u32, status: StatusKind },
    /// `tag` could not be removed from the tags property alone (a form Rapport does not edit,
    /// YAML that does not parse, or a result that would read otherwise).
    TagNotRemovable { tag: String },
}

impl std::fmt::Display for EditRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditRefusal::Unterminated => {
                f.write_str("The frontmatter has no closing `---`; fix it before Rapport edits this note.")
            }
            EditRefusal::Nested { key } => write!(f, "`{key}` holds a nested value; Rapport will not overwrite it."),
            EditRefusal::Multiline { key } => {
                write!(f, "`{key}` holds a value written over several lines; Rapport will not overwrite it.")
            }
            EditRefusal::NotAppendable { key } => {
                write!(f, "The frontmatter is not written as `key: value` lines that Rapport can add `{key}` to; add it by hand.")
            }
            EditRefusal::WouldChangeOthers { key } => {
                write!(f, "Rapport could not set `{key}` without changing how the rest of the frontmatter reads; set it by hand.")
            }
            EditRefusal::NoLine { line } => write!(f, "The note has no line {line}; it changed since it was read."),
            EditRefusal::NotATask { line } => {
                write!(f, "Line {line} is no longer a task; the note changed since it was read.")
            }
            EditRefusal::TaskChanged { line } => {
                write!(f, "The task on line {line} changed since it was read; refresh and try again.")
            }
            EditRefusal::AlreadyClosed { line, status } => {
                write!(f, "The task on line {line} is already {}.", status.as_str())
            }
            EditRefusal::TagNotRemovable { tag } => {
                write!(f, "Rapport could not remove the `{tag}` tag without changing how the rest of the frontmatter reads; remove it by hand.")
            }
        }
    }
}

impl std::error::Error for EditRefusal {}

/// How many fixes `fix_all` applies at most: each fix removes a diagnostic, so a note needs
/// as many rounds as it has fixable problems; the bound stops a fix that would not converge.
pub const MAX_FIX_ROUNDS: usize = 64;

/// Sets the date property `key` to `date`: replaces the value alone, keeping its quoting; adds
/// the key (quoted like `created` or the date property `like`, else single-quoted) if missing;
/// adds a frontmatter block if the note has none. `Ok(None)` when the value is already `date`.
pub fn set_date(text: &str, key: &str, like: &str, date: Date) -> Result<Option<TextEdit>, EditRefusal> {
    let edit = date_edit(text, key, like, date)?;
    if let Some(edit) = &edit {
        check_date_edit(text, edit, key, date)?;
    }
    Ok(edit)
}

/// The frontmatter's properties as YAML reads them, when it parses.
fn parsed_properties(text: &str) -> Option<frontmatter::Properties> {
    let block = split(text).frontmatter?;
    let (props, _) = frontmatter::read(text, &block);
    props.parsed.then_some(props)
}

/// Refuses an edit after which the frontmatter would not read as before with `key` set to
/// `date`: YAML has corners (a quote left open to the end of the block, a duplicate key that
/// takes the lines after it) where a line that looks right is read otherwise. A note whose
/// YAML does not parse is edited as written; there is nothing to compare.
fn check_date_edit(text: &str, edit: &TextEdit, key: &str, date: Date) -> Result<(), EditRefusal> {
    let Some(before) = parsed_properties(text) else { return Ok(()) };
    let refused = || EditRefusal::WouldChangeOthers { key: key.to_string() };
    let new = edit.apply(text).ok_or_else(refused)?;
    let after = parsed_properties(&new).ok_or_else(refused)?;
    let others = |p: &frontmatter::Properties| {
        p.values.iter().filter(|(k, _)| !frontmatter::same_property(k, key)).cloned().collect::<Vec<_>>()
    };
    if after.str(key).and_then(Date::parse_iso) != Some(date) || others(&after) != others(&before) {
        return Err(refused());
    }
    Ok(())
}

fn date_edit(text: &str, key: &str, like: &str, date: Date) -> Result<Option<TextEdit>, EditRefusal> {
    let value = date.to_string();
    let s = split(text);
    if s.diagnostics.iter().any(|d| d.code == Code::UnterminatedFrontmatter) {
        return Err(EditRefusal::Unterminated);
    }
    let Some(block) = s.frontmatter else {
        return Ok(Some(TextEdit::new(s.bom..s.bom, format!("---\n{key}: '{value}'\n---\n"))));
    };
    let entries = frontmatter::scan_entries(text, &block.yaml);
    // The property in whatever case it is written (`Last_Contact`), as Obsidian reads it.
    if let Some(e) = entries.iter().find(|e| frontmatter::same_property(&e.key, key)) {
        if e.scalar.span.is_empty() {
            // `key:` with no value, possibly followed by a block on later lines.
            if e.full.end > e.line.end + 2 && !text[e.line.end..e.full.end].trim().is_empty() {
                return Err(EditRefusal::Nested { key: key.to_string() });
            }
            return Ok(Some(TextEdit::new(e.scalar.span.clone(), format!(" '{value}'"))));
        }
        // A block scalar, an open quote or continuation lines: replacing the first line's token
        // would splice the date into the rest of the value.
        if !e.inline {
            return Err(EditRefusal::Multiline { key: key.to_string() });
        }
        if text[e.scalar.inner.clone()] == value {
            return Ok(None);
        }
        return Ok(Some(TextEdit::new(e.scalar.inner.clone(), value)));
    }
    if !frontmatter::appendable(text, &block, &entries) {
        return Err(EditRefusal::NotAppendable { key: key.to_string() });
    }
    let quote = entries
        .iter()
        .find(|e| frontmatter::same_property(&e.key, "created") || frontmatter::same_property(&e.key, like))
        .map_or(Some('\''), |e| e.scalar.quote);
    let rendered = match quote {
        Some(q) => format!("{q}{value}{q}"),
        None => value,
    };
    Ok(Some(TextEdit::new(block.insert_at..block.insert_at, format!("{key}: {rendered}{}", block.newline))))
}

/// "Mark contacted today": the last contact property (`key`, `last_contact` by default) becomes
/// `today`.
pub fn mark_contacted(text: &str, key: &str, today: Date) -> Result<Option<TextEdit>, EditRefusal> {
    set_date(text, key, key, today)
}

/// "Snooze": `snooze_until` becomes `until`, quoted like the last contact property `key`.
pub fn snooze(text: &str, key: &str, until: Date) -> Result<Option<TextEdit>, EditRefusal> {
    set_date(text, "snooze_until", key, until)
}

/// The tag "Mark reviewed" removes (compared as Obsidian compares tags: without case).
pub const NEEDS_REVIEW: &str = "needs-review";

/// The frontmatter keys Obsidian reads tags from; the core reads both (see `Note::tags`), so a
/// note queued for review through either can be marked reviewed.
const TAG_KEYS: [&str; 2] = ["tags", "tag"];

/// How many occurrences of the tag one call removes at most (a list may repeat it); the bound
/// stops a rewrite that would not converge.
const MAX_TAG_REMOVALS: usize = 16;

/// "Mark reviewed": removes the `needs-review` tag (any case, with or without `#`) from the
/// `tags`/`tag` property and nothing else, whatever form the property has: a block list (the
/// item's line goes), a flow list (the item and one comma go), one string (`tags: needs-review`
/// becomes `tags:`, an empty property, so that no key disappears and every other line reads as
/// before) or a string of several tags (`a needs-review`, `a, needs-review`: the word and one
/// separator go). A `#needs-review` in the body is not touched. The edit is read back: the
/// frontmatter must parse to the same properties, the tags lacking only `needs-review`.
/// `Ok(None)` when the property holds no such tag.
pub fn mark_reviewed(text: &str) -> Result<Option<TextEdit>, EditRefusal> {
    let s = split(text);
    if s.diagnostics.iter().any(|d| d.code == Code::UnterminatedFrontmatter) {
        return Err(EditRefusal::Unterminated);
    }
    let Some(block) = s.frontmatter else { return Ok(None) };
    let (before, _) = frontmatter::read(text, &block);
    let refused = || EditRefusal::TagNotRemovable { tag: NEEDS_REVIEW.to_string() };
    let mut new = text.to_string();
    // The bytes before `lo` and the last `tail` bytes are untouched by every cut, so they are the
    // same in `text` and `new`: the edit is what lies between (the cut itself when there is one).
    let (mut lo, mut tail) = (text.len(), text.len());
    for key in TAG_KEYS {
        for _ in 0..MAX_TAG_REMOVALS {
            let Some(block) = split(&new).frontmatter else { break };
            let entries = frontmatter::scan_entries(&new, &block.yaml);
            let Some(e) = entries.iter().find(|e| frontmatter::same_property(&e.key, key)) else { break };
            let Some(cut) = tag_cut(&new, e) else { break };
            lo = lo.min(cut.range.start);
            tail = tail.min(new.len() - cut.range.end);
            new.replace_range(cut.range, &cut.insert);
        }
    }
    let has_tag = |p: &frontmatter::Properties| property_tags(p).iter().any(|t| is_needs_review(t));
    if new == text {
        // The properties name the tag where Rapport found none to cut: a form it does not edit.
        return if before.parsed && has_tag(&before) { Err(refused()) } else { Ok(None) };
    }
    // Only what parses can be read back; a note whose YAML does not is left to the user.
    if !before.parsed {
        return Err(refused());
    }
    let after = parsed_properties(&new).ok_or_else(refused)?;
    let others = |p: &frontmatter::Properties| {
        p.values
            .iter()
            .filter(|(k, _)| !TAG_KEYS.iter().any(|t| frontmatter::same_property(k, t)))
            .cloned()
            .collect::<Vec<_>>()
    };
    let expected: Vec<String> = property_tags(&before).into_iter().filter(|t| !is_needs_review(t)).collect();
    if others(&after) != others(&before) || property_tags(&after) != expected {
        return Err(refused());
    }
    let insert = new.get(lo..new.len().saturating_sub(tail)).ok_or_else(refused)?;
    Ok(Some(TextEdit::new(lo..text.len().saturating_sub(tail), insert)))
}

fn is_needs_review(word: &str) -> bool {
    word.trim().trim_start_matches('#').eq_ignore_ascii_case(NEEDS_REVIEW)
}

/// The tags of the `tags` and `tag` properties, split and stripped as `Note::tags` reads them.
fn property_tags(p: &frontmatter::Properties) -> Vec<String> {
    TAG_KEYS.iter().filter_map(|k| p.get(k)).flat_map(crate::note::tag_words).collect()
}

/// One replacement in the note's text.
struct Cut {
    range: std::ops::Range<usize>,
    insert: String,
}

impl Cut {
    fn delete(range: std::ops::Range<usize>) -> Cut {
        Cut { range, insert: String::new() }
    }
}

/// The first occurrence of the tag in the entry `e`'s value, as the cut that removes it.
fn tag_cut(text: &str, e: &frontmatter::Entry) -> Option<Cut> {
    let value = text.get(e.scalar.span.clone())?;
    if e.scalar.quote.is_none() && value.starts_with('[') {
        return flow_cut(text, e.scalar.span.start, e.full.end);
    }
    if e.scalar.span.is_empty() {
        return block_list_cut(text, e.line.end, e.full.end);
    }
    if !e.inline {
        return None;
    }
    // One string: the whole value goes with the spaces before it (`tags: needs-review` becomes
    // `tags:`), else the word and one separator.
    let colon_end = text.get(..e.scalar.span.start)?.trim_end().len();
    item_cut(text, e.scalar.inner.clone(), colon_end..e.scalar.span.end)
}

/// For an item (a string) whose text is at `inner`: when the whole item is the tag, the cut
/// of `whole`; when one of its words is, the cut of that word and one separator.
fn item_cut(text: &str, inner: std::ops::Range<usize>, whole: std::ops::Range<usize>) -> Option<Cut> {
    let item = text.get(inner.clone())?;
    // Escapes would make the written text differ from the string; no tag has them.
    if item.contains(['\\', '\'', '"']) {
        return None;
    }
    let words: Vec<(usize, usize)> = word_spans(item);
    let at = words.iter().position(|&(s, e)| is_needs_review(&item[s..e]))?;
    if words.len() == 1 {
        return Some(Cut::delete(whole));
    }
    let (start, end) = words[at];
    let local = match (words.get(at + 1), at.checked_sub(1).and_then(|p| words.get(p))) {
        (Some(&(next, _)), _) => start..next,
        (None, Some(&(_, prev_end))) => prev_end..end,
        (None, None) => start..end,
    };
    Some(Cut::delete(inner.start + local.start..inner.start + local.end))
}

/// The words of a tag string, as `Note::tags` splits it (on commas and spaces).
fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let sep = matches!(c, ',' | ' ' | '\t');
        match (sep, start) {
            (true, Some(st)) => {
                spans.push((st, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        spans.push((st, s.len()));
    }
    spans
}

/// The tag in a block list on the lines `from..end`: an item that is the tag loses its whole
/// line (so no empty item or blank line is left); an item of several words loses the word.
fn block_list_cut(text: &str, from: usize, end: usize) -> Option<Cut> {
    for (line, full) in lines_from(text.get(..end)?, from) {
        let content = text.get(line.clone())?;
        let trimmed = content.trim_start();
        let Some(rest) = trimmed.strip_prefix('-') else { continue };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let start = line.end - rest.len();
        let scalar = frontmatter::scalar_at(text, start, line.end);
        if scalar.span.is_empty() {
            continue;
        }
        if let Some(cut) = item_cut(text, scalar.inner.clone(), full.clone()) {
            return Some(cut);
        }
    }
    None
}

/// The tag in a flow list opening at `open` (its `[`): an item that is the tag goes with the
/// comma after it (before it when last), so no empty item or dangling comma is left.
fn flow_cut(text: &str, open: usize, end: usize) -> Option<Cut> {
    let bytes = text.as_bytes().get(..end)?;
    // (scalar span, inner) of each item, in order.
    let mut items: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut i = open + 1;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        match bytes.get(i)? {
            b']' => break,
            b'[' | b'{' | b'#' => return None,
            b'\'' | b'"' => {
                let q = bytes[i];
                let close = (i + 1..bytes.len()).find(|&j| bytes[j] == q)?;
                items.push((i..close + 1, i + 1..close));
                i = close + 1;
            }
            _ => {
                let stop = (i..bytes.len()).find(|&j| matches!(bytes[j], b',' | b']' | b'\n' | b'\r'))?;
                let item_end = i + text.get(i..stop)?.trim_end().len();
                items.push((i..item_end, i..item_end));
                i = stop;
            }
        }
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        match bytes.get(i)? {
            b',' => i += 1,
            b']' => break,
            _ => return None,
        }
    }
    for (n, (span, inner)) in items.iter().enumerate() {
        let whole = match (items.get(n + 1), n.checked_sub(1).and_then(|p| items.get(p))) {
            (Some((next, _)), _) => span.start..next.start,
            (None, Some((prev, _))) => prev.end..span.end,
            (None, None) => span.clone(),
        };
        if let Some(cut) = item_cut(text, inner.clone(), whole) {
            return Some(cut);
        }
    }
    None
}

/// Completes the open task on 1-based `line`, whose text (without indentation) must still be
/// `expected`: the checkbox becomes `x` and a done date is added in the task's own format
/// (`✅ YYYY-MM-DD` for the Tasks emoji format, `[completion:: YYYY-MM-DD]` for Dataview). A
/// recurring task (`🔁 every week`) gets its next occurrence on the line above, with its dates
/// moved as the Tasks plugin does; the edit then spans both lines.
pub fn complete_task(text: &str, line: u32, expected: &str, today: Date) -> Result<TextEdit, EditRefusal> {
    let index = LineIndex::new(text);
    let mut range = index.line_range(line).ok_or(EditRefusal::NoLine { line })?;
    // A byte order mark is not part of the first line's text.
    if range.start == 0 && text.starts_with('\u{feff}') {
        range.start = '\u{feff}'.len_utf8();
    }
    let line_text = &text[range.clone()];
    let task = parse_task_line(line_text).ok_or(EditRefusal::NotATask { line })?;
    let current = line_text.get(task.indent..).unwrap_or(line_text).trim_end();
    if current != expected.trim_end() {
        return Err(EditRefusal::TaskChanged { line });
    }
    if !StatusKind::from_symbol(task.status).is_open() {
        return Err(EditRefusal::AlreadyClosed { line, status: StatusKind::from_symbol(task.status) });
    }
    let status_at = range.start + task.status_byte;
    let status_end = status_at + task.status.len_utf8();
    let meta_at = (range.start + task.metadata_end).clamp(status_end, range.end);
    let suffix = match task.format {
        Format::Emoji => format!(" ✅ {today}"),
        Format::Dataview => format!(" [completion:: {today}]"),
        Format::None => String::new(),
    };
    let between = &text[status_end..meta_at];
    let before_space = between.trim_end();
    let trailing = &between[before_space.len()..];
    let completed = format!("x{before_space}{suffix}{trailing}");
    match next_occurrence(line_text, &task, today) {
        Some(next) => {
            let eol = if text[range.end..].starts_with("\r\n") { "\r\n" } else { "\n" };
            let prefix = &text[range.start..status_at];
            Ok(TextEdit::new(range.start..meta_at, format!("{next}{eol}{prefix}{completed}")))
        }
        None => Ok(TextEdit::new(status_at..meta_at, completed)),
    }
}

/// The line of a recurring task's next occurrence: status open, due/scheduled/start moved by
/// the rule (the others keep their distance to the reference date, as in the Tasks plugin).
fn next_occurrence(line: &str, task: &crate::task::TaskLine, today: Date) -> Option<String> {
    let rule = task.recurrence.as_deref()?;
    let reference = task.due.or(task.scheduled).or(task.start);
    let shift = match reference {
        Some(r) => crate::recurrence::next(rule, r, today)?.days_since(r),
        None => return None,
    };
    // Every occurrence of a moved date, found first and replaced in one pass, so a moved date
    // that equals another field's old date is not moved twice.
    let mut hits: Vec<(usize, Date)> = Vec::new();
    for old in [task.due, task.scheduled, task.start].into_iter().flatten() {
        let needle = old.to_string();
        let mut from = task.status_byte;
        while let Some(i) = line.get(from..).and_then(|rest| rest.find(&needle)) {
            hits.push((from + i, old));
            from += i + needle.len();
        }
    }
    hits.sort_by_key(|(at, _)| *at);
    hits.dedup_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    for (at, old) in hits {
        if at < pos {
            continue;
        }
        out.push_str(&line[pos..at]);
        out.push_str(&old.add_days(shift).to_string());
        pos = at + 10;
    }
    out.push_str(&line[pos..]);
    let status_end = task.status_byte + task.status.len_utf8();
    Some(format!("{} {}", &out[..task.status_byte], &out[status_end..]).trim_end().to_string())
}

/// All diagnostics of `text` as the note at `path`, without indexing it.
pub fn diagnose(path: &str, text: &str, settings: &Settings, today: Date) -> Vec<Diagnostic> {
    let note = Note::parse(text);
    let derived = note.derive(path, settings);
    let mut all = derived.diagnostics.clone();
    all.extend(note.dated_diagnostics(
        &derived,
        today,
        ContactEvidence::OwnRecentContext,
        &settings.config.last_contact_property,
    ));
    all.sort_by_key(|d| (d.span.start, d.severity));
    all
}

/// Applies every mechanical fix, one at a time (each changes the offsets of the next), until
/// none is left. Returns the new text and how many fixes were applied.
pub fn fix_all(path: &str, text: &str, settings: &Settings, today: Date) -> (String, usize) {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_FIX_ROUNDS {
        let next = diagnose(path, &current, settings, today)
            .into_iter()
            .filter_map(|d| d.fix)
            .find_map(|f| f.edit.apply(&current).filter(|t| *t != current));
        match next {
            Some(t) => {
                current = t;
                applied += 1;
            }
            None => break,
        }
    }
    (current, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 26).unwrap_or(Date { year: 2026, month: 11, day: 26 })
    }

    /// The read-back behind every date edit, reached directly: the edits `date_edit` computes
    /// today are refused earlier where YAML would read them otherwise, so this is the net.
    #[test]
    fn a_date_edit_is_read_back_before_it_is_offered() {
        let date = today();
        let text = "---\ntype: people\nlast_contact: '2026-01-05'\n---\n";
        let at = text.find("'2026-01-05'").unwrap_or(0);
        let good = TextEdit::new(at..at + 12, "'2026-11-26'");
        assert_eq!(check_date_edit(text, &good, "last_contact", date), Ok(()));
        // Sets another value, changes another property, or breaks the YAML: each is refused.
        let wrong_date = TextEdit::new(at..at + 12, "'2026-11-25'");
        let other_key = TextEdit::new(4..16, "type: person");
        let broken = TextEdit::new(at..at + 12, "'2026-11-26");
        for edit in [wrong_date, other_key, broken] {
            assert!(
                check_date_edit(text, &edit, "last_contact", date)
                    .is_err_and(|e| e == EditRefusal::WouldChangeOthers { key: "last_contact".into() }),
                "{edit:?}"
            );
        }
    }

    fn apply(text: &str, edit: Result<Option<TextEdit>, EditRefusal>) -> String {
        match edit {
            Ok(Some(e)) => e.apply(text).unwrap_or_else(|| "<edit out of range>".into()),
            Ok(None) => "<no change>".into(),
            Err(e) => format!("<error: {e}>"),
        }
    }

    fn check_contacted(text: &str, expect: &str) {
        assert_eq!(apply(text, mark_contacted(text, "last_contact", today())), expect);
    }

    #[test]
    fn the_property_is_edited_in_the_case_it_is_written() {
        check_contacted("---\nLast_Contact: 2026-01-05\n---\n", "---\nLast_Contact: 2026-11-26\n---\n");
        check_contacted(
            "---\nCreated: \"2026-01-05\"\n---\n",
            "---\nCreated: \"2026-01-05\"\nlast_contact: \"2026-11-26\"\n---\n",
        );
    }

    #[test]
    fn mark_contacted_changes_one_value_and_keeps_quoting() {
        check_contacted(
            "---\nlast_contact: '2025-10-31'\ntags: [a]\n---\nx",
            "---\nlast_contact: '2026-11-26'\ntags: [a]\n---\nx",
        );
        check_contacted(
            "---\nlast_contact: \"2025-10-31\" # met\n---\n",
            "---\nlast_contact: \"2026-11-26\" # met\n---\n",
        );
        check_contacted("---\nlast_contact: 2025-10-31\n---\n", "---\nlast_contact: 2026-11-26\n---\n");
        check_contacted("---\nlast_contact: 10/31/2025\n---\n", "---\nlast_contact: 2026-11-26\n---\n");
        check_contacted("---\nlast_contact:\n---\n", "---\nlast_contact: '2026-11-26'\n---\n");
        check_contacted("---\ncreated: 2026-01-03\n---\n", "---\ncreated: 2026-01-03\nlast_contact: 2026-11-26\n---\n");
        check_contacted(
            "---\ncreated: '2026-01-03'\n---\n",
            "---\ncreated: '2026-01-03'\nlast_contact: '2026-11-26'\n---\n",
        );
        check_contacted(
            "\u{feff}---\r\ntitle: A\r\n---\r\nbody\r\n",
            "\u{feff}---\r\ntitle: A\r\nlast_contact: '2026-11-26'\r\n---\r\nbody\r\n",
        );
        check_contacted("just a body\n", "---\nlast_contact: '2026-11-26'\n---\njust a body\n");
        check_contacted("---\nlast_contact: '2026-11-26'\n---\n", "<no change>");
        assert!(apply("---\nlast_contact: x\n", mark_contacted("---\nlast_contact: x\n", "last_contact", today()))
            .starts_with("<error"));
    }

    fn check_reviewed(text: &str, expect: &str) {
        assert_eq!(apply(text, mark_reviewed(text)), expect, "{text:?}");
        if expect.starts_with('<') {
            return;
        }
        assert_eq!(mark_reviewed(expect), Ok(None), "a second call on {expect:?}");
    }

    #[test]
    fn mark_reviewed_removes_a_block_list_item_and_its_line() {
        check_reviewed("---\ntags:\n- a\n- needs-review\n---\nx", "---\ntags:\n- a\n---\nx");
        check_reviewed("---\ntags:\n  - needs-review\n  - a\nname: A\n---\n", "---\ntags:\n  - a\nname: A\n---\n");
        check_reviewed("---\ntags:\n- a # one\n- needs-review # auto\n- b\n---\n", "---\ntags:\n- a # one\n- b\n---\n");
        check_reviewed("---\ntags:\n- 'needs-review'\n---\n", "---\ntags:\n---\n");
        check_reviewed("---\ntags:\r\n  - a\r\n  - \"Needs-Review\"\r\n---\r\n", "---\ntags:\r\n  - a\r\n---\r\n");
        check_reviewed("---\ntags:\n- a needs-review\n---\n", "---\ntags:\n- a\n---\n");
    }

    #[test]
    fn mark_reviewed_removes_a_flow_list_item_and_one_comma() {
        check_reviewed("---\ntags: [a, needs-review, b]\n---\n", "---\ntags: [a, b]\n---\n");
        check_reviewed("---\ntags: [a,needs-review,b]\n---\n", "---\ntags: [a,b]\n---\n");
        check_reviewed("---\ntags: [a, needs-review]\n---\n", "---\ntags: [a]\n---\n");
        check_reviewed("---\ntags: [needs-review, a]\n---\n", "---\ntags: [a]\n---\n");
        check_reviewed("---\ntags: [needs-review]\n---\n", "---\ntags: []\n---\n");
        check_reviewed("---\ntags: [a, \"needs-review\"] # auto\n---\n", "---\ntags: [a] # auto\n---\n");
        check_reviewed("---\ntags: ['#Needs-Review', a]\r\n---\r\n", "---\ntags: [a]\r\n---\r\n");
        check_reviewed("---\ntags: [a,\n  needs-review,\n  b]\n---\n", "---\ntags: [a,\n  b]\n---\n");
        check_reviewed("---\ntags: [needs-review, a, needs-review]\n---\n", "---\ntags: [a]\n---\n");
    }

    /// `tags: needs-review` becomes `tags:`: the property stays, empty, so no key disappears and
    /// every other line reads as before (removing the line would also take a comment on it).
    #[test]
    fn mark_reviewed_empties_a_one_string_property() {
        check_reviewed("---\nname: A\ntags: needs-review\nage: 3\n---\n", "---\nname: A\ntags:\nage: 3\n---\n");
        check_reviewed("---\ntags: 'needs-review'\n---\n", "---\ntags:\n---\n");
        check_reviewed("---\ntags: \"#needs-review\" # auto\n---\n", "---\ntags: # auto\n---\n");
        check_reviewed("---\nTags: NEEDS-REVIEW\r\n---\r\n", "---\nTags:\r\n---\r\n");
        check_reviewed("---\ntag: needs-review\n---\n", "---\ntag:\n---\n");
    }

    #[test]
    fn mark_reviewed_removes_one_word_of_a_string_of_tags() {
        check_reviewed("---\ntags: a needs-review\n---\n", "---\ntags: a\n---\n");
        check_reviewed("---\ntags: a, needs-review, b\n---\n", "---\ntags: a, b\n---\n");
        check_reviewed("---\ntags: needs-review a\n---\n", "---\ntags: a\n---\n");
        check_reviewed("---\ntags: \"a #needs-review\"\n---\n", "---\ntags: \"a\"\n---\n");
    }

    #[test]
    fn mark_reviewed_leaves_the_body_and_notes_without_the_tag() {
        // The body's inline tag is the user's text; only the property is Rapport's to edit.
        check_reviewed("---\ntags: [a, needs-review]\n---\n#needs-review\n", "---\ntags: [a]\n---\n#needs-review\n");
        check_reviewed("---\ntags: [a]\n---\n#needs-review\n", "<no change>");
        check_reviewed("---\ntags: [needs-reviewed, review]\n---\n", "<no change>");
        check_reviewed("---\ntags: #needs-review\n---\n", "<no change>");
        check_reviewed("---\nname: needs-review\n---\n", "<no change>");
        check_reviewed("no frontmatter #needs-review\n", "<no change>");
        assert_eq!(mark_reviewed("---\ntags: [needs-review]\n"), Err(EditRefusal::Unterminated));
    }

    #[test]
    fn mark_reviewed_refuses_what_it_cannot_read_back() {
        let refused = || Err(EditRefusal::TagNotRemovable { tag: "needs-review".into() });
        // Forms Rapport does not edit (a block scalar, a string over two lines), and YAML that
        // does not parse.
        assert_eq!(mark_reviewed("---\ntags: >\n  needs-review\n---\n"), refused());
        assert_eq!(mark_reviewed("---\ntags: a\n  needs-review\n---\n"), refused());
        // A nested list is no tag to Obsidian or the core: nothing to do.
        assert_eq!(mark_reviewed("---\ntags: [[needs-review], a]\n---\n"), Ok(None));
        assert_eq!(mark_reviewed("---\ntags: [needs-review, a]\nb: [\n---\n"), refused());
    }

    #[test]
    fn refusals_say_what_the_user_is_shown() {
        let key = || "last_contact".to_string();
        let check = |refusal: EditRefusal, expect: &str| assert_eq!(refusal.to_string(), expect);
        check(
            EditRefusal::Unterminated,
            "The frontmatter has no closing `---`; fix it before Rapport edits this note.",
        );
        check(
            EditRefusal::Nested { key: key() },
            "`last_contact` holds a nested value; Rapport will not overwrite it.",
        );
        check(
            EditRefusal::Multiline { key: key() },
            "`last_contact` holds a value written over several lines; Rapport will not overwrite it.",
        );
        check(
            EditRefusal::NotAppendable { key: key() },
            "The frontmatter is not written as `key: value` lines that Rapport can add `last_contact` to; add it by hand.",
        );
        check(
            EditRefusal::WouldChangeOthers { key: key() },
            "Rapport could not set `last_contact` without changing how the rest of the frontmatter reads; set it by hand.",
        );
        check(
            EditRefusal::TagNotRemovable { tag: "needs-review".into() },
            "Rapport could not remove the `needs-review` tag without changing how the rest of the frontmatter reads; remove it by hand.",
        );
        check(EditRefusal::NoLine { line: 9 }, "The note has no line 9; it changed since it was read.");
        check(EditRefusal::NotATask { line: 2 }, "Line 2 is no longer a task; the note changed since it was read.");
        check(
            EditRefusal::TaskChanged { line: 2 },
            "The task on line 2 changed since it was read; refresh and try again.",
        );
        check(
            EditRefusal::AlreadyClosed { line: 2, status: StatusKind::Cancelled },
            "The task on line 2 is already cancelled.",
        );
        assert_eq!(mark_contacted("---\nlast_contact: x\n", "last_contact", today()), Err(EditRefusal::Unterminated));
        assert_eq!(complete_task("- [ ] a\n", 3, "- [ ] a", today()), Err(EditRefusal::NoLine { line: 3 }));
    }

    fn check_complete(text: &str, line: u32, expected: &str, expect: &str) {
        let got = match complete_task(text, line, expected, today()) {
            Ok(e) => e.apply(text).unwrap_or_else(|| "<edit out of range>".into()),
            Err(e) => format!("<error: {e}>"),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn completing_a_task_touches_only_its_line() {
        check_complete(
            "a\n- [ ] call 📅 2026-12-01\nb\n",
            2,
            "- [ ] call 📅 2026-12-01",
            "a\n- [x] call 📅 2026-12-01 ✅ 2026-11-26\nb\n",
        );
        check_complete(
            "  - [/] draft [due:: 2026-12-01]\r\n",
            1,
            "- [/] draft [due:: 2026-12-01]",
            "  - [x] draft [due:: 2026-12-01] [completion:: 2026-11-26]\r\n",
        );
        check_complete("- [ ] plain\n", 1, "- [ ] plain", "- [x] plain\n");
        check_complete("- [ ] with id 🔼 ^abc\n", 1, "- [ ] with id 🔼 ^abc", "- [x] with id 🔼 ✅ 2026-11-26 ^abc\n");
        check_complete(
            "- [ ] moved\n",
            1,
            "- [ ] other",
            "<error: The task on line 1 changed since it was read; refresh and try again.>",
        );
        check_complete("- [x] done\n", 1, "- [x] done", "<error: The task on line 1 is already done.>");
        check_complete("text\n", 1, "text", "<error: Line 1 is no longer a task; the note changed since it was read.>");
        check_complete("text\n", 9, "x", "<error: The note has no line 9; it changed since it was read.>");
        // Recurring: the next occurrence goes above, dates moved by the rule, the rest kept.
        check_complete(
            "# Tasks\n\t- [ ] Weekly sync 🔁 every week ⏳ 2026-11-26 📅 2026-11-27\r\nnext\r\n",
            2,
            "- [ ] Weekly sync 🔁 every week ⏳ 2026-11-26 📅 2026-11-27",
            "# Tasks\n\t- [ ] Weekly sync 🔁 every week ⏳ 2026-12-03 📅 2026-12-04\r\n\t- [x] Weekly sync 🔁 every week ⏳ 2026-11-26 📅 2026-11-27 ✅ 2026-11-26\r\nnext\r\n",
        );
        check_complete(
            "- [/] Pay rent [repeat:: every month] [due:: 2026-01-31]",
            1,
            "- [/] Pay rent [repeat:: every month] [due:: 2026-01-31]",
            "- [ ] Pay rent [repeat:: every month] [due:: 2026-02-28]\n- [x] Pay rent [repeat:: every month] [due:: 2026-01-31] [completion:: 2026-11-26]",
        );
        // A rule Rapport does not understand completes the task without guessing a next date.
        check_complete(
            "- [ ] Odd 🔁 every blue moon 📅 2026-11-27\n",
            1,
            "- [ ] Odd 🔁 every blue moon 📅 2026-11-27",
            "- [x] Odd 🔁 every blue moon 📅 2026-11-27 ✅ 2026-11-26\n",
        );
    }

    #[test]
    fn fix_all_applies_every_fix() {
        let settings = Settings::default();
        let text = "---\ntype: people\ntitle: Wrong Name\nlast_contact: 10/31/2025\ncompany: [[Acme]]\ncompany: again\n---\n## Recent Context\n- 2026-01-05: call\n";
        let (fixed, applied) = fix_all("People/Nadia Farrow.md", text, &settings, today());
        assert_eq!(applied, 5, "{fixed}");
        assert_eq!(fixed, "---\ntype: people\ntitle: Nadia Farrow\nlast_contact: 2026-01-05\ncompany: \"[[Acme]]\"\n---\n## Recent Context\n- 2026-01-05: call\n");
        assert!(diagnose("People/Nadia Farrow.md", &fixed, &settings, today()).is_empty());
    }
}
