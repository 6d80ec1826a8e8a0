//! Merging one person into another, as edits on the notes' current texts: the kept note gains
//! what the merged one knows ([`kept_edits`]), and every link to the merged note and every
//! `@handle` of the merged person, in any note, is pointed at the kept one ([`rewrite_links`]).
//! Pure text in, [`TextEdit`]s out; the CLI and the plugin read and write the notes, and move
//! the merged note to the trash.
//!
//! The rules (README, "Merging people"):
//! - Properties. The kept note gains the merged note's name and aliases as aliases, and its tags
//!   (in the kept tag list's own form) except `needs-review` and `type/…`, which say how the
//!   merged note was made or recognised, not who the person is. `last_contact` becomes the newer
//!   of the two and `created` the older (the older is the truer). A key only the merged note has
//!   is copied as written, except `auto_created` (never added to a note made by hand) and
//!   `title` (the merged title names the merged note). A key both have with different values
//!   stays as the kept note has it, and the merged value is listed in `conflicts`.
//! - The body, section by section (by heading, any level, compared without regard to case):
//!   each line of a merged section that the kept section of the same heading lacks is added to
//!   it (dated Recent Context lines in date order, newest first; others after the section's last
//!   line); a section the kept note lacks is added whole at its end; text before the first
//!   heading (and under a level-1 title) goes to the kept note's text before its first heading.
//!   A fenced code block is one unit. Rows of a table are matched by their first cell: a kept
//!   cell that is empty or `_Unknown_` takes the merged value, two different values go to
//!   `conflicts`. The merged note's level-1 title heading is not copied (its name becomes an
//!   alias; a title that says something else is listed in `conflicts`). Lines compare with list markers and trailing space ignored, after the merged
//!   note's own links were rewritten.
//!
//! Every edit is read back before it is offered: properties that would not read as intended
//! and lines that would not be found in the result are left out and listed in `conflicts`, so no
//! line of either note is lost.

use crate::body::scan::{code_spans, in_code, lines_from};
use crate::body::TaskReading;
use crate::date::Date;
use crate::diagnostic::{Code, TextEdit};
use crate::frontmatter::{self, Value};
use crate::note::{basename, link_key, resolve_relative, tag_words, Note};
use crate::split::split;
use crate::writeback::{newline_of, Outline};
use std::ops::Range;

/// Who is merged into whom: the two notes' vault-relative paths and the handles involved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The merged note's path (`People/Kofi B.md`): links to it are rewritten.
    pub merged_path: String,
    /// The kept note's path: links are rewritten to it.
    pub kept_path: String,
    /// The merged person's handles without `@` (name and aliases without spaces, and without
    /// punctuation), compared without regard to case.
    pub merged_handles: Vec<String>,
    /// The handle `@OldHandle` becomes, without `@`: the kept person's first.
    pub kept_handle: String,
}

/// One edit of a note, with the sentence that says what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeEdit {
    pub description: String,
    pub edit: TextEdit,
}

/// A value of the merged note that the kept note does not take: the kept note's value (when it
/// has one) stays, and this says what the merged note had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The property (`company`), or the section and field (`Contact Information: Email`), or
    /// the section a line could not be added to.
    pub field: String,
    /// The kept note's value as written, when it has one.
    pub kept: Option<String>,
    /// The merged note's value (or line) as written.
    pub merged: String,
}

/// What merging does to one note.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoteMerge {
    /// In text order, not overlapping.
    pub edits: Vec<MergeEdit>,
    pub conflicts: Vec<Conflict>,
}

impl Rename {
    fn kept_name(&self) -> &str {
        basename(&self.kept_path)
    }

    fn merged_name(&self) -> &str {
        basename(&self.merged_path)
    }

    /// Whether a link target written in the note at `from` points at the merged note: its name
    /// or its path, as the index resolves links.
    pub fn links_merged(&self, target: &str, from: &str) -> bool {
        self.is_merged(target, from)
    }

    fn is_merged(&self, target: &str, from: &str) -> bool {
        let key = link_key(&resolve_relative(target, from));
        !key.is_empty() && (key == self.merged_name().to_lowercase() || key == link_key(&self.merged_path))
    }

    /// Whether `handle` (without `@`) is one of the merged person's.
    pub fn is_merged_handle(&self, handle: &str) -> bool {
        self.merged_handles.iter().any(|h| h.eq_ignore_ascii_case(handle) || h.to_lowercase() == handle.to_lowercase())
    }
}

/// The edits that make every note the merged one and its handles reach reach the kept one. For a
/// note other than the two, [`rewrite_links`]; for the kept note, its links and what it gains
/// from `merged_text` ([`kept_edits`]); for the merged note itself, nothing (it goes to the
/// trash). `key` is the last contact property.
pub fn note_edits(rename: &Rename, path: &str, text: &str, merged_text: &str, key: &str) -> NoteMerge {
    if path == rename.merged_path {
        NoteMerge::default()
    } else if path == rename.kept_path {
        kept_edits(rename, text, merged_text, key)
    } else {
        NoteMerge { edits: rewrite_links(rename, path, text), conflicts: Vec::new() }
    }
}

/// The text with `edits` applied (in order, not overlapping); `None` when they do not fit.
pub fn apply(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in edits {
        let (from, to) = (e.range.start, e.range.end);
        if from < at || to < from || to > text.len() || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
            return None;
        }
        out.push_str(text.get(at..from)?);
        out.push_str(&e.insert);
        at = to;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Links and handles

/// Every link to the merged note in `text` (the note at `path`) pointed at the kept note, reading
/// as before, and every `@handle` of the merged person made the kept person's. Links are those
/// the parsers read: wikilinks and embeds, markdown links to notes (`<…>`, `%20`, relative),
/// in the body (tasks and tables included) and in frontmatter values; none inside code, `%%` or
/// HTML comments. Handles are read in task lines, as the index files them.
pub fn rewrite_links(rename: &Rename, path: &str, text: &str) -> Vec<MergeEdit> {
    let s = split(text);
    let mut edits: Vec<MergeEdit> = Vec::new();
    // Frontmatter values: wikilinks inside the block.
    if let Some(block) = &s.frontmatter {
        let yaml = text.get(block.yaml.clone()).unwrap_or("");
        let mut from = 0;
        while let Some(open) = yaml.get(from..).and_then(|r| r.find("[[")) {
            let at = block.yaml.start + from + open;
            match wikilink_edit(rename, path, text, at, false) {
                Some((edit, end)) => {
                    from = end - block.yaml.start;
                    edits.push(edit);
                }
                None => from += open + 2,
            }
        }
    }
    if text.len() - s.body_start > crate::note::MAX_BODY_BYTES {
        return edits;
    }
    let body = crate::body::read(text, s.body_start, TaskReading::Parsed);
    for link in &body.links {
        let at = link.offset;
        let rest = text.get(at..).unwrap_or("");
        let found = if rest.starts_with("![[") || rest.starts_with("[[") {
            wikilink_edit(rename, path, text, at, in_table_row(text, at))
        } else {
            markdown_link_edit(rename, path, text, at)
        };
        if let Some((edit, _)) = found {
            edits.push(edit);
        }
    }
    for task in &body.tasks {
        if task.parsed.handles.iter().any(|h| rename.is_merged_handle(h)) {
            edits.extend(handle_edits(rename, text, task.line_range.clone()));
        }
        // A link in a task line is in `body.links` when the body reader reads the line; the
        // task reader reads markdown links the body's passes read too, so nothing more here.
    }
    edits.sort_by_key(|e| (e.edit.range.start, e.edit.range.end));
    edits.dedup_by(|b, a| a.edit.range == b.edit.range);
    // Overlapping edits cannot both be applied; a link inside another's text is not one.
    let mut kept: Vec<MergeEdit> = Vec::with_capacity(edits.len());
    for e in edits {
        if kept.last().is_none_or(|last| last.edit.range.end <= e.edit.range.start) {
            kept.push(e);
        }
    }
    kept
}

/// Whether the line holding `at` is a table row (starts with `|`), where a link's `|` is
/// written `\|`.
fn in_table_row(text: &str, at: usize) -> bool {
    let start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    text.get(start..at).is_some_and(|l| l.trim_start().starts_with('|'))
}

/// The wikilink (or embed) starting at `at` (its `[[` or `![[`), rewritten when it points at the
/// merged note, and where it ends.
fn wikilink_edit(rename: &Rename, path: &str, text: &str, at: usize, table: bool) -> Option<(MergeEdit, usize)> {
    let rest = text.get(at..)?;
    let embed = rest.starts_with('!');
    let open = at + if embed { 3 } else { 2 };
    let after = text.get(open..)?;
    let line_end = after.find(['\n', '\r']).unwrap_or(after.len());
    let close = after.get(..line_end)?.find("]]")?;
    let inner = after.get(..close)?;
    let end = open + close + 2;
    let target_end = inner.find(['#', '|']).unwrap_or(inner.len());
    let target_raw = inner.get(..target_end)?;
    // In a table the alias pipe is escaped: `[[Name\|shown]]`; the backslash is not the name's.
    let target = target_raw.trim_end_matches('\\');
    let escaped_pipe = target.len() < target_raw.len();
    if target.trim().is_empty() || !rename.is_merged(target.trim(), path) {
        return None;
    }
    let after_target = inner.get(target_end..)?;
    let (sub, display) = match after_target.find('|') {
        Some(p) => (after_target.get(..p)?, Some(after_target.get(p + 1..)?)),
        None => (after_target, None),
    };
    let escaped_pipe = escaped_pipe || sub.ends_with('\\');
    let sub = sub.trim_end_matches('\\');
    let new_target = kept_target(rename, target.trim());
    let pipe = if escaped_pipe || table { "\\|" } else { "|" };
    let new_inner = match (embed, display) {
        (_, Some(d)) => format!("{new_target}{sub}{pipe}{d}"),
        (true, None) => format!("{new_target}{sub}"),
        // Shown as Obsidian shows the link: the name, and a heading after ` > `.
        (false, None) => {
            let shown = match sub.strip_prefix('#') {
                Some(h) if !h.is_empty() => format!("{} > {}", target.trim(), h.replace('#', " > ")),
                _ => target.trim().to_string(),
            };
            format!("{new_target}{sub}{pipe}{shown}")
        }
    };
    let old = text.get(at..end)?;
    let new = format!("{}[[{new_inner}]]", if embed { "!" } else { "" });
    let description = format!("Link `{old}` becomes `{new}`");
    Some((MergeEdit { description, edit: TextEdit::new(at..end, new) }, end))
}

/// The kept note's link target in the form `target` used: its path when `target` was a path
/// (with `.md` when it had it), else its name.
fn kept_target(rename: &Rename, target: &str) -> String {
    let kept = rename.kept_path.strip_suffix(".md").unwrap_or(&rename.kept_path);
    let ext = if target.to_ascii_lowercase().ends_with(".md") { ".md" } else { "" };
    if target.contains('/') || target.contains('\\') {
        format!("{kept}{ext}")
    } else {
        format!("{}{ext}", rename.kept_name())
    }
}

/// The markdown link whose `[` is at `at`, its destination rewritten when it points at the
/// merged note (the text shown stays as written).
fn markdown_link_edit(rename: &Rename, path: &str, text: &str, at: usize) -> Option<(MergeEdit, usize)> {
    let rest = text.get(at..)?;
    let line = rest.get(..rest.find(['\n', '\r']).unwrap_or(rest.len()))?;
    let bytes = line.as_bytes();
    // The `]` closing the text: brackets nest, escapes and code spans do not count.
    let spans = code_spans(line);
    let (mut depth, mut i) = (0usize, 0usize);
    let close = loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'`' => i = spans.get(i).unwrap_or(i + 1),
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break i;
                }
                i += 1;
            }
            _ => i += 1,
        }
    };
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let dest_from = close + 2;
    let (target, link_end) = crate::body::scan::link_destination(line, dest_from)?;
    if !rename.is_merged(&target, path) {
        return None;
    }
    let inside = line.get(dest_from..link_end.checked_sub(1)?)?;
    let (raw_start, raw) = match inside.strip_prefix('<') {
        Some(r) => (dest_from + 1, r.get(..r.find('>')?)?),
        None => {
            let lead = inside.len() - inside.trim_start().len();
            let d = inside.trim_start();
            let d = d.split(" \"").next().unwrap_or(d).trim_end();
            (dest_from + lead, d)
        }
    };
    let encoded = raw.contains("%20");
    let decoded_last = target.rsplit('/').next().unwrap_or(&target);
    let ext = if decoded_last.to_ascii_lowercase().ends_with(".md") { ".md" } else { "" };
    let same_folder = folder(&rename.kept_path) == folder(&rename.merged_path);
    let new_path = if same_folder {
        // The folder part as written (relative or not), the file name replaced.
        let head = raw.rfind('/').and_then(|p| raw.get(..=p)).unwrap_or("");
        format!("{head}{}{ext}", encode(rename.kept_name(), encoded))
    } else {
        let kept = rename.kept_path.strip_suffix(".md").unwrap_or(&rename.kept_path);
        format!("{}{ext}", encode(kept, encoded))
    };
    let range = at + raw_start..at + raw_start + raw.len();
    let old = text.get(range.clone())?;
    let description = format!("Link to `{old}` goes to `{new_path}`");
    Some((MergeEdit { description, edit: TextEdit::new(range, new_path) }, at + link_end))
}

fn folder(path: &str) -> &str {
    path.rfind('/').and_then(|i| path.get(..i)).unwrap_or("")
}

/// A path as a markdown destination: spaces as `%20` when the link wrote them so.
fn encode(path: &str, percent: bool) -> String {
    if percent {
        path.replace('%', "%25").replace(' ', "%20")
    } else {
        path.to_string()
    }
}

/// The `@handles` of the merged person on the task line `line`, as the task reader reads them
/// (not in code spans or comments, not an email address), made the kept person's handle.
fn handle_edits(rename: &Rename, text: &str, line: Range<usize>) -> Vec<MergeEdit> {
    let Some(l) = text.get(line.clone()) else { return Vec::new() };
    let spans = code_spans(l);
    let mut out = Vec::new();
    let mut at = 0;
    let bytes = l.as_bytes();
    while at < l.len() {
        let Some(&b) = bytes.get(at) else { break };
        match b {
            b'`' => {
                at = spans.get(at).unwrap_or(at + 1);
                continue;
            }
            b'%' | b'<' => {
                let rest = l.get(at..).unwrap_or("");
                let pair = if rest.starts_with("%%") {
                    Some(("%%", "%%"))
                } else if rest.starts_with("<!--") {
                    Some(("<!--", "-->"))
                } else {
                    None
                };
                if let Some((open, close)) = pair {
                    let inner = rest.get(open.len()..).unwrap_or("");
                    at += open.len() + inner.find(close).map_or(inner.len(), |e| e + close.len());
                    continue;
                }
            }
            b'\\' => {
                at += 2;
                continue;
            }
            b'@' => {
                let before = l.get(..at).and_then(|t| t.chars().next_back());
                let email =
                    before.is_some_and(|c| c.is_alphanumeric() || crate::task::EMAIL_LOCAL_PUNCTUATION.contains(&c));
                let first = l.get(at + 1..).and_then(|t| t.chars().next());
                if !email && first.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    let rest = l.get(at + 1..).unwrap_or("");
                    let run = rest
                        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\'')))
                        .unwrap_or(rest.len());
                    let name = rest.get(..run).unwrap_or("").trim_end_matches(['.', '\'', '-']);
                    // The kept person's own handle (an alias they share) stays as written.
                    if !name.is_empty()
                        && rename.is_merged_handle(name)
                        && !name.eq_ignore_ascii_case(&rename.kept_handle)
                    {
                        let range = line.start + at + 1..line.start + at + 1 + name.len();
                        out.push(MergeEdit {
                            description: format!("`@{name}` becomes `@{}`", rename.kept_handle),
                            edit: TextEdit::new(range, rename.kept_handle.clone()),
                        });
                    }
                    at += 1 + run;
                    continue;
                }
            }
            _ => {}
        }
        at += l.get(at..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The kept note

/// The edits that give the kept note (`kept_text`) what the merged note (`merged_text`) knows,
/// with its own links to the merged note rewritten; `key` is the last contact property. See the
/// module's rules.
pub fn kept_edits(rename: &Rename, kept_text: &str, merged_text: &str, key: &str) -> NoteMerge {
    let mut merge = NoteMerge::default();
    // The merged note's lines as they will read in the kept note: its links rewritten.
    let own = rewrite_links(rename, &rename.merged_path, merged_text);
    let own_edits: Vec<TextEdit> = own.iter().map(|e| e.edit.clone()).collect();
    let merged = apply(merged_text, &own_edits).unwrap_or_else(|| merged_text.to_string());
    let links = rewrite_links(rename, &rename.kept_path, kept_text);
    let nl = match split(kept_text).frontmatter {
        Some(b) => b.newline,
        None => newline_of(kept_text),
    };
    let mut added: Vec<MergeEdit> = Vec::new();
    properties(rename, kept_text, &merged, key, nl, &mut added, &mut merge.conflicts);
    body(rename, kept_text, &merged, nl, &mut added, &mut merge.conflicts);
    // Link rewrites and additions together; an addition that would overlap a rewrite (none of
    // the forms above does) is left out and its text listed.
    let mut all = links;
    for a in added {
        let overlaps = all.iter().any(|l| {
            let (x, y) = (&l.edit.range, &a.edit.range);
            x.start < y.end && y.start < x.end
        });
        if overlaps {
            merge.conflicts.push(Conflict { field: a.description.clone(), kept: None, merged: a.edit.insert.clone() });
        } else {
            all.push(a);
        }
    }
    all.sort_by_key(|e| (e.edit.range.start, e.edit.range.end));
    // Two insertions at one place become one, so that their order cannot be misread.
    let mut joined: Vec<MergeEdit> = Vec::with_capacity(all.len());
    for e in all {
        match joined.last_mut() {
            Some(last) if last.edit.range == e.edit.range && e.edit.range.is_empty() => {
                last.edit.insert.push_str(&e.edit.insert);
                last.description = format!("{}; {}", last.description, e.description);
            }
            _ => joined.push(e),
        }
    }
    merge.edits = joined;
    merge
}

fn strip_link(s: &str) -> String {
    let s = s.trim();
    let inner = s.strip_prefix("[[").and_then(|x| x.strip_suffix("]]")).unwrap_or(s);
    inner.rsplit('|').next().unwrap_or(inner).trim().to_string()
}

fn readable_date(v: Option<&Value>) -> Option<Date> {
    match crate::date::parse(v?.as_str()?.trim()) {
        crate::date::DateParse::Iso(d) | crate::date::DateParse::Loose { date: d, ambiguous: false } => Some(d),
        _ => None,
    }
}

/// A value as written after its key (the entry's lines without the key), for `conflicts`.
fn written_value(text: &str, e: &frontmatter::Entry) -> String {
    let whole = text.get(e.full.clone()).unwrap_or("");
    let after_key = text.get(e.key_span.end..e.full.end).unwrap_or(whole);
    let v = after_key.trim_start_matches(['"', '\'']).trim_start();
    let v = v.strip_prefix(':').unwrap_or(v);
    v.trim().to_string()
}

const ALIAS_KEYS: [&str; 2] = ["aliases", "alias"];
const TAG_KEYS: [&str; 2] = ["tags", "tag"];

/// What the kept note's properties gain (see the module's rules), checked by reading the result
/// back: when it does not read as intended, nothing is edited and everything goes to `conflicts`.
fn properties(
    rename: &Rename,
    kept: &str,
    merged: &str,
    key: &str,
    nl: &str,
    out: &mut Vec<MergeEdit>,
    conflicts: &mut Vec<Conflict>,
) {
    let k = Note::parse_with(kept, TaskReading::Recognised);
    let m = Note::parse_with(merged, TaskReading::Recognised);
    let same = frontmatter::same_property;
    // Aliases: the merged name, then its aliases, that the kept note does not have.
    let kept_aliases: Vec<String> = ALIAS_KEYS
        .iter()
        .filter_map(|a| k.props.get(a))
        .flat_map(|v| v.string_items())
        .map(|a| strip_link(&a))
        .collect();
    let mut aliases: Vec<String> = Vec::new();
    let merged_aliases =
        ALIAS_KEYS.iter().filter_map(|a| m.props.get(a)).flat_map(|v| v.string_items()).map(|a| strip_link(&a));
    for a in std::iter::once(rename.merged_name().to_string()).chain(merged_aliases) {
        let known = |x: &String| x.to_lowercase() == a.to_lowercase();
        if a.is_empty()
            || a.to_lowercase() == rename.kept_name().to_lowercase()
            || kept_aliases.iter().any(known)
            || aliases.iter().any(known)
        {
            continue;
        }
        aliases.push(a);
    }
    // Tags: those the kept note lacks, but for the review and recognition tags.
    let kept_tags: Vec<String> = k.tags();
    let mut tags: Vec<String> = Vec::new();
    for t in TAG_KEYS.iter().filter_map(|t| m.props.get(t)).flat_map(tag_words) {
        let lower = t.to_lowercase();
        if lower == "needs-review"
            || lower.starts_with("type/")
            || kept_tags.iter().chain(&tags).any(|x| x.to_lowercase() == lower)
        {
            continue;
        }
        tags.push(t);
    }
    // Dates.
    let (kept_last, merged_last) = (readable_date(k.props.get(key)), readable_date(m.props.get(key)));
    let last = match (kept_last, merged_last) {
        (Some(a), Some(b)) if b > a => Some(b),
        (None, Some(b)) if k.props.get(key).and_then(Value::as_str).is_none_or(|s| s.trim().is_empty()) => Some(b),
        _ => None,
    };
    let (kept_created, merged_created) = (readable_date(k.props.get("created")), readable_date(m.props.get("created")));
    let created = match (kept_created, merged_created) {
        (Some(a), Some(b)) if b < a => Some(b),
        _ => None,
    };
    // Keys only the merged note has (copied as written), and values that differ (conflicts).
    let handled = |name: &str| {
        ALIAS_KEYS.iter().chain(&TAG_KEYS).any(|x| same(x, name))
            || same(name, key)
            || same(name, "auto_created")
            || (same(name, "created") && (created.is_some() || kept_created.is_some()))
    };
    let mut copied: Vec<(String, String)> = Vec::new();
    for e in &m.props.entries {
        let Some(value) = m.props.get(&e.key) else { continue };
        let kept_value = k.props.get(&e.key);
        let conflict = |kept_written: Option<String>| Conflict {
            field: e.key.clone(),
            kept: kept_written,
            merged: written_value(merged, e),
        };
        if same(&e.key, key) {
            // A last contact the kept note holds as something other than a date stays.
            if last.is_none() && merged_last.is_some_and(|b| kept_last.is_none_or(|a| b > a)) {
                conflicts.push(conflict(k.props.entry(key).map(|ke| written_value(kept, ke))));
            }
            continue;
        }
        if handled(&e.key) || copied.iter().any(|(c, _)| same(c, &e.key)) {
            continue;
        }
        // A title that is the merged note's name says nothing its new alias does not.
        if same(&e.key, "title") && m.props.str("title") == Some(rename.merged_name()) {
            continue;
        }
        match kept_value {
            None if same(&e.key, "title") => conflicts.push(conflict(None)),
            None => {
                let whole = merged.get(e.full.clone()).unwrap_or("").trim_end_matches(['\r', '\n']);
                let lines: Vec<&str> = whole.lines().collect();
                copied.push((e.key.clone(), lines.join(nl)));
            }
            Some(v) if v == value => {}
            Some(v) if matches!(v, Value::Null) || v.as_str().is_some_and(|s| s.trim().is_empty()) => {
                conflicts.push(conflict(k.props.entry(&e.key).map(|ke| written_value(kept, ke))));
            }
            Some(_) => conflicts.push(conflict(k.props.entry(&e.key).map(|ke| written_value(kept, ke)))),
        }
    }
    if aliases.is_empty() && tags.is_empty() && last.is_none() && created.is_none() && copied.is_empty() {
        return;
    }
    let mut edits: Vec<MergeEdit> = Vec::new();
    let s = split(kept);
    let block = s.frontmatter.clone();
    let unterminated =
        s.diagnostics.iter().any(|d| d.code == Code::UnterminatedFrontmatter || d.code == Code::FrontmatterNotFirst);
    let mut appended: Vec<String> = Vec::new();
    let mut appended_what: Vec<String> = Vec::new();
    let mut failed = unterminated || (block.is_some() && !k.props.parsed);
    if !failed {
        for (list_keys, items, what) in [(&ALIAS_KEYS, &aliases, "alias"), (&TAG_KEYS, &tags, "tag")] {
            if items.is_empty() {
                continue;
            }
            let entry = list_keys.iter().find_map(|x| k.props.entry(x));
            let plural = match (items.len(), what) {
                (1, _) => "",
                (_, "tag") => "s",
                _ => "es",
            };
            let listed: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
            let described = format!("Add {what}{plural} {}", listed.join(", "));
            match entry {
                None => {
                    let mut entry_text = format!("{}:", list_keys.first().unwrap_or(&"aliases"));
                    let indent = block.as_ref().and_then(|b| kept.get(b.yaml.clone())).map_or("  ", list_indent);
                    for i in items {
                        entry_text.push_str(nl);
                        entry_text.push_str(indent);
                        entry_text.push_str("- ");
                        entry_text.push_str(&list_item(i, false));
                    }
                    appended.push(entry_text);
                    appended_what.push(described);
                }
                Some(e) => match add_items(kept, e, items, what == "tag", nl) {
                    Some(edit) => edits.push(MergeEdit { description: described, edit }),
                    None => failed = true,
                },
            }
        }
        for (date_key, date) in [(key, last), ("created", created)] {
            let Some(date) = date else { continue };
            match k.props.entry(date_key) {
                Some(_) => match crate::edit::set_date(kept, date_key, date_key, date) {
                    Ok(Some(edit)) => {
                        edits.push(MergeEdit { description: format!("Set `{date_key}` to {date}"), edit })
                    }
                    Ok(None) => {}
                    Err(_) => failed = true,
                },
                None => {
                    appended.push(format!("{date_key}: '{date}'"));
                    appended_what.push(format!("Set `{date_key}` to {date}"));
                }
            }
        }
        for (name, entry) in &copied {
            appended.push(entry.clone());
            appended_what.push(format!("Add property `{name}`"));
        }
    }
    if !failed && !appended.is_empty() {
        let text: String = appended.iter().map(|a| format!("{a}{nl}")).collect();
        let edit = match &block {
            Some(b) if k.props.appendable || k.props.entries.is_empty() => {
                // The closing fence's line: what comes before it must end its line.
                let before = kept.get(..b.insert_at).unwrap_or("");
                let lead = if before.ends_with('\n') { "" } else { nl };
                Some(TextEdit::new(b.insert_at..b.insert_at, format!("{lead}{text}")))
            }
            Some(_) => None,
            None => Some(TextEdit::new(s.bom..s.bom, format!("---{nl}{text}---{nl}"))),
        };
        match edit {
            Some(edit) => edits.push(MergeEdit { description: appended_what.join("; "), edit }),
            None => failed = true,
        }
    }
    edits.sort_by_key(|e| (e.edit.range.start, e.edit.range.end));
    // Read back: every value the kept note had is still there (lists may have grown, the two
    // dates may have moved), and every value added reads as intended.
    if !failed {
        let plain: Vec<TextEdit> = edits.iter().map(|e| e.edit.clone()).collect();
        let after = apply(kept, &plain).map(|t| Note::parse_with(&t, TaskReading::Recognised).props);
        let ok = after.as_ref().is_some_and(|a| {
            a.parsed
                && k.props.values.iter().all(|(name, v)| {
                    let now = a.get(name);
                    if ALIAS_KEYS.iter().chain(&TAG_KEYS).any(|x| same(x, name))
                        || same(name, key)
                        || same(name, "created")
                    {
                        return now.is_some();
                    }
                    now == Some(v)
                })
                && copied.iter().all(|(name, _)| a.get(name) == m.props.get(name))
                && last.is_none_or(|d| readable_date(a.get(key)) == Some(d))
                && created.is_none_or(|d| readable_date(a.get("created")) == Some(d))
                && {
                    let now: Vec<String> = ALIAS_KEYS
                        .iter()
                        .filter_map(|x| a.get(x))
                        .flat_map(|v| v.string_items())
                        .map(|x| strip_link(&x).to_lowercase())
                        .collect();
                    aliases.iter().chain(&kept_aliases).all(|x| now.contains(&x.to_lowercase()))
                }
                && {
                    let now: Vec<String> = TAG_KEYS
                        .iter()
                        .filter_map(|x| a.get(x))
                        .flat_map(tag_words)
                        .map(|x| x.to_lowercase())
                        .collect();
                    tags.iter().all(|x| now.contains(&x.to_lowercase()))
                }
        });
        failed = !ok;
    }
    if failed {
        if !aliases.is_empty() {
            conflicts.push(Conflict { field: "aliases".into(), kept: None, merged: aliases.join(", ") });
        }
        if !tags.is_empty() {
            conflicts.push(Conflict { field: "tags".into(), kept: None, merged: tags.join(", ") });
        }
        for (name, date) in [(key, last), ("created", created)] {
            if let Some(d) = date {
                conflicts.push(Conflict { field: name.to_string(), kept: None, merged: d.to_string() });
            }
        }
        for (name, entry) in &copied {
            conflicts.push(Conflict { field: name.clone(), kept: None, merged: entry.clone() });
        }
        return;
    }
    out.extend(edits);
}

/// An item of a list as YAML writes it: plain when that reads as the same text (in a flow list,
/// no commas or brackets either), else single-quoted.
fn list_item(item: &str, flow: bool) -> String {
    let plain = crate::schema::yaml_scalar(item);
    if flow && plain == item && item.contains([',', '[', ']', '{', '}', '#']) {
        return format!("'{}'", item.replace('\'', "''"));
    }
    plain
}

/// `items` added to the list property `e` in its own form: a block list gains item lines in the
/// indentation and marker of its first, a flow list `, item` before its `]`, an empty value a
/// block list, a string of tags its words with its separator, any other one text a flow list
/// of it and the items. `None` for a multi-line value, which the caller reports instead.
fn add_items(text: &str, e: &frontmatter::Entry, items: &[String], tags: bool, nl: &str) -> Option<TextEdit> {
    let value = text.get(e.scalar.span.clone())?;
    if e.scalar.quote.is_none() && value.starts_with('[') {
        // A flow list on the key's line.
        if !e.inline || !value.trim_end().ends_with(']') {
            return None;
        }
        let close = e.scalar.span.start + value.trim_end().len() - 1;
        let inner = text.get(e.scalar.span.start + 1..close)?;
        let lead = if inner.trim().is_empty() { "" } else { ", " };
        let new: Vec<String> = items.iter().map(|i| list_item(i, true)).collect();
        return Some(TextEdit::new(close..close, format!("{lead}{}", new.join(", "))));
    }
    if e.scalar.span.is_empty() {
        // A block list below the key (or nothing).
        let below = text.get(e.line.end..e.full.end)?;
        let mut indent = "  ".to_string();
        let mut last_end = e.line.end;
        let mut any = false;
        for (line, _) in lines_from(text.get(..e.full.end)?, e.line.end) {
            let l = text.get(line.clone())?;
            let trimmed = l.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let rest = trimmed.strip_prefix('-')?;
            if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
                return None;
            }
            if !any {
                indent = l.get(..l.len() - trimmed.len())?.to_string();
            }
            any = true;
            last_end = line.end;
        }
        if !any && !below.trim().is_empty() {
            return None;
        }
        let new: String = items.iter().map(|i| format!("{nl}{indent}- {}", list_item(i, false))).collect();
        return Some(TextEdit::new(last_end..last_end, new));
    }
    if !e.inline {
        return None;
    }
    if !tags || e.scalar.quote.is_some() {
        // One text: a flow list of it, as written, and the items.
        let new: Vec<String> = items.iter().map(|i| list_item(i, true)).collect();
        return Some(TextEdit::new(e.scalar.span.clone(), format!("[{value}, {}]", new.join(", "))));
    }
    // One string of tags: the words added with the separator it uses.
    let sep = if value.contains(',') { ", " } else { " " };
    let words: Vec<&str> = items.iter().map(String::as_str).collect();
    if words.iter().any(|w| w.contains([' ', ',', '#', ':', '\'', '"'])) {
        return None;
    }
    let end = e.scalar.span.end;
    Some(TextEdit::new(end..end, format!("{sep}{}", words.join(sep))))
}

// ---------------------------------------------------------------------------------------------
// The body

/// A section of a body: its heading (none for the text before the first heading), the heading's
/// line, and its content up to the next heading of any level.
struct Section {
    key: String,
    /// The heading's text as written.
    name: String,
    heading: Option<Range<usize>>,
    content: Range<usize>,
}

/// The sections of `text`'s body. A level-1 heading first in the body is the note's title: its
/// content is the lead's, and its line no section's.
fn sections(text: &str) -> (Vec<Section>, Option<Range<usize>>) {
    let start = split(text).body_start;
    let outline = Outline::read(text, start);
    let mut out = Vec::new();
    let first = outline.headings.first();
    let lead_end = first.map_or(text.len(), |h| h.line.start);
    let title = first.filter(|h| h.level == 1).map(|h| h.line.clone());
    let mut lead: Vec<Range<usize>> = Vec::with_capacity(2);
    lead.push(start.min(text.len())..lead_end);
    let skip = usize::from(title.is_some());
    if let Some(t) = &title {
        let end = outline.headings.get(1).map_or(text.len(), |h| h.line.start);
        lead.push(t.end..end);
    }
    for (r, i) in lead.into_iter().zip(0..) {
        let key = if i == 0 { String::new() } else { "\u{0}title".into() };
        out.push(Section { key, name: String::new(), heading: None, content: r });
    }
    for (i, h) in outline.headings.iter().enumerate().skip(skip) {
        let end = outline.headings.get(i + 1).map_or(text.len(), |n| n.line.start);
        let (key, name) = (h.text.trim().to_lowercase(), h.text.trim().to_string());
        out.push(Section { key, name, heading: Some(h.line.clone()), content: h.line.end..end });
    }
    (out, title)
}

/// A unit of a section's content: a line, or a whole fenced code block; with its range.
fn units(text: &str, content: &Range<usize>) -> Vec<Range<usize>> {
    let Some(part) = text.get(..content.end) else { return Vec::new() };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut fence = None;
    let mut open: Option<usize> = None;
    for (line, _) in lines_from(part, content.start) {
        let l = text.get(line.clone()).unwrap_or("");
        let was = fence.is_some();
        let code = in_code(l, &mut fence);
        match (was, code, fence.is_some()) {
            // Opens a block.
            (false, true, true) => open = Some(line.start),
            // Closes one.
            (true, true, false) => {
                out.push(open.take().unwrap_or(line.start)..line.end);
            }
            (true, _, _) | (false, true, false) => {
                if !was && !l.trim().is_empty() {
                    out.push(line.clone());
                }
            }
            (false, false, _) => {
                if !l.trim().is_empty() {
                    out.push(line.clone());
                }
            }
        }
    }
    if let Some(o) = open {
        // A block never closed runs to the section's end.
        out.push(o..content.end);
    }
    out
}

/// How a unit compares: each line without trailing space, a list marker made `-`.
fn unit_key(text: &str) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim_end();
            let indent = t.len() - t.trim_start().len();
            let rest = t.trim_start();
            let rest = match rest.as_bytes() {
                [b'*' | b'+', b' ', ..] => format!("-{}", rest.get(1..).unwrap_or("")),
                _ => rest.to_string(),
            };
            format!("{}{rest}", t.get(..indent).unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A table row's cells, trimmed (`| **Email** | a@b |` → `Email`, `a@b`); `None` for a line that
/// is not a row.
fn row_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn is_separator(cells: &[String]) -> bool {
    !cells.is_empty() && cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

fn field_of(cell: &str) -> String {
    cell.trim().trim_matches(['*', '_']).trim().to_lowercase()
}

fn unknown(cell: &str) -> bool {
    let c = cell.trim().trim_matches(['*', '_']).trim();
    c.is_empty() || c.eq_ignore_ascii_case("unknown")
}

/// The Recent Context date a unit starts with, when it is a list item.
fn unit_date(text: &str) -> Option<Date> {
    let item = text.trim_start().trim_start_matches(['>', ' ']);
    crate::body::leading_date(item.get(1..)?)
}

fn body(
    rename: &Rename,
    kept: &str,
    merged: &str,
    nl: &str,
    added: &mut Vec<MergeEdit>,
    conflicts: &mut Vec<Conflict>,
) {
    let mut out: Vec<MergeEdit> = Vec::new();
    // The kept rows already filled, with the value: a second merged row of that field is a duplicate or a conflict.
    let mut filled: Vec<(usize, String)> = Vec::new();
    let (kept_sections, _) = sections(kept);
    let (merged_sections, merged_title) = sections(merged);
    // The merged note's title heading is not copied; one that says more than its name (now an
    // alias) is listed.
    if let Some(line) = merged_title.and_then(|r| merged.get(r)) {
        let shown = line.trim().trim_start_matches('#').trim();
        let known = [rename.merged_name(), rename.kept_name()];
        if !known.iter().any(|n| n.eq_ignore_ascii_case(shown) || n.to_lowercase() == shown.to_lowercase()) {
            conflicts.push(Conflict { field: "title heading".into(), kept: None, merged: line.trim().to_string() });
        }
    }
    let kept_outline = Outline::read(kept, split(kept).body_start);
    // A kept line compares as it will read once its links are rewritten.
    let normal = |t: &str| {
        let edits: Vec<TextEdit> = rewrite_links(rename, &rename.kept_path, t).into_iter().map(|e| e.edit).collect();
        unit_key(&apply(t, &edits).unwrap_or_else(|| t.to_string()))
    };
    let mut new_sections = String::new();
    let mut new_section_names = Vec::new();
    let mut inserts: Vec<(usize, String, String, bool)> = Vec::new();
    for ms in &merged_sections {
        let m_units = units(merged, &ms.content);
        let is_lead = ms.heading.is_none();
        let target = if is_lead {
            kept_sections.iter().find(|k| k.key.is_empty())
        } else {
            kept_sections.iter().find(|k| k.key == ms.key)
        };
        let Some(ks) = target else {
            // A section the kept note lacks: whole, as written (an empty one too: its heading is a line).
            let whole = ms.heading.as_ref().map_or(ms.content.start, |h| h.start)..ms.content.end;
            let t = merged.get(whole).unwrap_or("").trim_end();
            let lines: Vec<&str> = t.lines().collect();
            new_sections.push_str(&lines.join(nl));
            new_sections.push_str(nl);
            new_sections.push_str(nl);
            new_section_names.push(ms.key.clone());
            continue;
        };
        // The title's content compares with the kept lead and its title's content together.
        let kept_ranges: Vec<Range<usize>> = if is_lead {
            kept_sections.iter().filter(|k| k.heading.is_none()).map(|k| k.content.clone()).collect()
        } else {
            vec![ks.content.clone()]
        };
        let k_units: Vec<Range<usize>> = kept_ranges.iter().flat_map(|r| units(kept, r)).collect();
        let k_keys: Vec<String> = k_units.iter().map(|u| normal(kept.get(u.clone()).unwrap_or(""))).collect();
        let k_rows: Vec<(usize, Vec<String>)> = k_units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| Some((i, row_cells(kept.get(u.clone())?)?)))
            .filter(|(_, c)| c.len() >= 2)
            .collect();
        let mut lacking: Vec<&str> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for u in &m_units {
            let t = merged.get(u.clone()).unwrap_or("");
            let key = unit_key(t);
            if k_keys.contains(&key) || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            // A table row: by its first cell.
            if let Some(cells) = row_cells(t).filter(|c| c.len() >= 2) {
                if is_separator(&cells) && k_rows.iter().any(|(_, c)| is_separator(c)) {
                    continue;
                }
                let field = field_of(cells.first().map_or("", String::as_str));
                if let Some((i, kc)) = k_rows.iter().find(|(_, c)| c.first().is_some_and(|f| field_of(f) == field)) {
                    let (kv, mv) = (kc.get(1).map_or("", String::as_str), cells.get(1).map_or("", String::as_str));
                    let more = cells.len() > 2 || kc.len() > 2;
                    if unknown(mv) || kv == mv {
                        continue;
                    }
                    let label = format!(
                        "{}: {}",
                        section_label(ms),
                        cells.first().map_or("", |f| f.trim_matches(['*', '_']).trim())
                    );
                    let unit = k_units.get(*i).map_or(0, |u| u.start);
                    if let Some((_, v)) = filled.iter().find(|(u, _)| *u == unit) {
                        if v != mv {
                            conflicts.push(Conflict { field: label, kept: Some(v.clone()), merged: mv.to_string() });
                        }
                        continue;
                    }
                    if unknown(kv) && !more {
                        if let Some(edit) = cell_edit(kept, k_units.get(*i), mv) {
                            filled.push((unit, mv.to_string()));
                            out.push(MergeEdit { description: format!("Fill {label} with `{mv}`"), edit });
                            continue;
                        }
                    }
                    conflicts.push(Conflict { field: label, kept: Some(kv.to_string()), merged: mv.to_string() });
                    continue;
                }
            }
            lacking.push(t);
        }
        if lacking.is_empty() {
            continue;
        }
        let label = section_label(ms);
        let last_kept = kept_ranges.last().cloned().unwrap_or(ks.content.clone());
        let dated = ms.key == "recent context";
        let direct: Vec<(Range<usize>, Option<Date>)> = units(kept, &last_kept)
            .into_iter()
            .map(|u| {
                let d = kept.get(u.clone()).and_then(unit_date);
                (u, d)
            })
            .collect();
        for t in lacking {
            let lines: Vec<&str> = t.lines().collect();
            let text = lines.join(nl);
            let date = if dated { unit_date(t) } else { None };
            // Newest first: before the first kept line dated older, else after the section's last line.
            let before_older = date.and_then(|d| direct.iter().find(|(_, kd)| kd.is_some_and(|kd| kd < d)));
            let at = match before_older {
                Some((u, _)) => kept_outline.outside_comments(kept, u.start),
                None => {
                    let end = direct.last().map_or(last_kept.start, |(u, _)| u.end);
                    let at = kept_outline.outside_comments(kept, end);
                    if at < end || kept.get(..end).is_some_and(|b| b.is_empty() || b.ends_with('\n')) {
                        at
                    } else {
                        // `end` is inside a line (a unit's end): after that line's ending, or at the
                        // end of a last line without one (a line ending goes first then).
                        let rest = kept.get(end..).unwrap_or("");
                        rest.find('\n').map_or(kept.len(), |i| end + i + 1)
                    }
                }
            };
            inserts.push((at, text, label.clone(), direct.is_empty() && before_older.is_none()));
        }
    }
    // Group the insertions by place, in the order found.
    let mut by_place: Vec<(usize, String, Vec<String>, bool)> = Vec::new();
    for (at, text, label, empty) in inserts {
        let line = format!("{text}{nl}");
        let said = format!("{label}: {}", first_line(&text));
        match by_place.iter_mut().find(|(a, _, _, _)| *a == at) {
            Some((_, t, lines, _)) => {
                t.push_str(&line);
                lines.push(said);
            }
            None => by_place.push((at, line, vec![said], empty)),
        }
    }
    let body_start = split(kept).body_start;
    for (at, mut text, lines, empty) in by_place {
        if empty {
            // A section with no line yet: a blank line after its heading, and before a heading
            // or text right below.
            let after = kept.get(at..).unwrap_or("");
            if !after.is_empty() && !after.starts_with(['\r', '\n']) {
                text.push_str(nl);
            }
            if at != 0 && at != body_start {
                text.insert_str(0, nl);
            }
        }
        // After a last line without its line ending, one first.
        if at == kept.len() && !kept.is_empty() && !kept.ends_with('\n') {
            text.insert_str(0, nl);
        }
        let description = if lines.len() == 1 {
            format!("Add to {}", lines.join(""))
        } else {
            format!("Add {} lines: {}", lines.len(), lines.join("; "))
        };
        out.push(MergeEdit { description, edit: TextEdit::new(at..at, text) });
    }
    if !new_sections.is_empty() {
        let end = kept.len();
        let blank_end = kept.ends_with("\n\n") || kept.ends_with("\r\n\r\n");
        let lead = if kept.trim_start_matches('\u{feff}').is_empty() || blank_end {
            String::new()
        } else if kept.ends_with('\n') {
            nl.to_string()
        } else {
            format!("{nl}{nl}")
        };
        let body = new_sections.trim_end_matches(['\r', '\n']).to_string();
        let names: Vec<String> =
            merged_sections.iter().filter(|s| new_section_names.contains(&s.key)).map(section_label).collect();
        out.push(MergeEdit {
            description: format!("Add section{} {}", if names.len() == 1 { "" } else { "s" }, names.join(", ")),
            edit: TextEdit::new(end..end, format!("{lead}{body}{nl}")),
        });
    }
    out.sort_by_key(|e| (e.edit.range.start, e.edit.range.end));
    // The additions must fit the text together; when they do not, they are listed instead.
    let plain: Vec<TextEdit> = out.iter().map(|e| e.edit.clone()).collect();
    if apply(kept, &plain).is_none() {
        for e in out.drain(..) {
            conflicts.push(Conflict { field: e.description, kept: None, merged: e.edit.insert });
        }
    }
    added.extend(out);
}

fn first_line(t: &str) -> &str {
    t.lines().next().unwrap_or("").trim()
}

fn section_label(s: &Section) -> String {
    match s.heading {
        None => "the text before the first heading".to_string(),
        Some(_) => format!("`{}`", s.name),
    }
}

/// The indentation of the first block-list item in a frontmatter's YAML (`- a` under a key),
/// so that a list the merge adds looks like the note's own; two spaces when it has none.
fn list_indent(yaml: &str) -> &str {
    yaml.lines()
        .map(|l| l.trim_end_matches('\r'))
        .find_map(|l| {
            let rest = l.trim_start_matches(' ');
            (rest == "-" || rest.starts_with("- ")).then(|| &l[..l.len() - rest.len()])
        })
        .unwrap_or("  ")
}

/// The edit that writes `value` in the second cell of the row `unit` (empty or `_Unknown_`):
/// the value replaces the cell's text, and an empty cell (`|  |`) is written ` value `.
fn cell_edit(text: &str, unit: Option<&Range<usize>>, value: &str) -> Option<TextEdit> {
    let u = unit?;
    let line = text.get(u.clone())?;
    let first = line.find('|')?;
    let second = first + 1 + line.get(first + 1..)?.find('|')?;
    let after = line.get(second + 1..)?;
    let third = after.find('|').map_or(line.trim_end().len(), |i| second + 1 + i);
    let cell = line.get(second + 1..third)?;
    let lead = cell.len() - cell.trim_start().len();
    let inner = cell.trim();
    if inner.is_empty() {
        let from = u.start + second + 1;
        return Some(TextEdit::new(from..from + cell.len(), format!(" {value} ")));
    }
    let from = u.start + second + 1 + lead;
    Some(TextEdit::new(from..from + inner.len(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename() -> Rename {
        Rename {
            merged_path: "People/Kofi B.md".into(),
            kept_path: "People/Kofi Boateng.md".into(),
            merged_handles: vec!["KofiB".into()],
            kept_handle: "KofiBoateng".into(),
        }
    }

    fn rewritten(path: &str, text: &str) -> String {
        let edits: Vec<TextEdit> = rewrite_links(&rename(), path, text).into_iter().map(|e| e.edit).collect();
        apply(text, &edits).unwrap_or_default()
    }

    #[test]
    fn every_link_form_reads_the_same() {
        let cases = [
            ("met [[Kofi B]].\n", "met [[Kofi Boateng|Kofi B]].\n"),
            ("met [[Kofi B|him]].\n", "met [[Kofi Boateng|him]].\n"),
            ("met [[People/Kofi B]].\n", "met [[People/Kofi Boateng|People/Kofi B]].\n"),
            ("![[Kofi B]]\n", "![[Kofi Boateng]]\n"),
            ("see [[Kofi B#Key Facts]]\n", "see [[Kofi Boateng#Key Facts|Kofi B > Key Facts]]\n"),
            ("see [[Kofi B#^abc|x]]\n", "see [[Kofi Boateng#^abc|x]]\n"),
            (
                "[x](People/Kofi%20B.md) and [y](<People/Kofi B.md>)\n",
                "[x](People/Kofi%20Boateng.md) and [y](<People/Kofi Boateng.md>)\n",
            ),
            ("[x](../People/Kofi B.md)\n", "[x](../People/Kofi Boateng.md)\n"),
            (
                "| a | [[Kofi B]] |\n|---|---|\n| b | [[Kofi B\\|K]] |\n",
                "| a | [[Kofi Boateng\\|Kofi B]] |\n|---|---|\n| b | [[Kofi Boateng\\|K]] |\n",
            ),
            ("- [ ] call @KofiB about [[Kofi B]]\n", "- [ ] call @KofiBoateng about [[Kofi Boateng|Kofi B]]\n"),
            (
                "`[[Kofi B]]` %% [[Kofi B]] %%\n```\n[[Kofi B]]\n```\n",
                "`[[Kofi B]]` %% [[Kofi B]] %%\n```\n[[Kofi B]]\n```\n",
            ),
            ("- [ ] mail kofib@KofiB.com `@KofiB`\n", "- [ ] mail kofib@KofiB.com `@KofiB`\n"),
            ("[[Kofi Ba]] [[Kofi B.png]]\n", "[[Kofi Ba]] [[Kofi B.png]]\n"),
            ("---\nwith: \"[[Kofi B]]\"\n---\n", "---\nwith: \"[[Kofi Boateng|Kofi B]]\"\n---\n"),
        ];
        for (text, want) in cases {
            assert_eq!(rewritten("Meetings/2026-11-24.md", text), want, "{text}");
        }
    }

    #[test]
    fn the_kept_note_gains_what_the_merged_one_knows() {
        let kept = "---\naliases: [KB]\ntags:\n  - person\nlast_contact: '2026-10-01'\ncompany: Acme\n---\n# Kofi Boateng\n\n## Contact Information\n\n| Field | Value |\n|---|---|\n| Email | _Unknown_ |\n\n## Recent Context\n\n- 2026-10-01: [[Call]]\n- 2026-08-01: lunch\n";
        let merged = "---\naliases: [Kofi]\ntags: [person, needs-review, friend]\nlast_contact: 2026-11-02\ncompany: Beta\ncadence: monthly\nauto_created: true\n---\n# Kofi B\n\nMet at the fair.\n\n## Contact Information\n\n| Field | Value |\n|-------|-------|\n| Email | kofi@example.org |\n\n## Recent Context\n\n- 2026-11-02: [[Fair]]\n- 2026-09-01: coffee with [[Kofi B]]\n- 2026-08-01: lunch\n\n## Key Facts\n\n- likes tea\n";
        let m = kept_edits(&rename(), kept, merged, "last_contact");
        let edits: Vec<TextEdit> = m.edits.iter().map(|e| e.edit.clone()).collect();
        let got = apply(kept, &edits).unwrap_or_default();
        let want = "---\naliases: [KB, Kofi B, Kofi]\ntags:\n  - person\n  - friend\nlast_contact: '2026-11-02'\ncompany: Acme\ncadence: monthly\n---\n# Kofi Boateng\n\nMet at the fair.\n\n## Contact Information\n\n| Field | Value |\n|---|---|\n| Email | kofi@example.org |\n\n## Recent Context\n\n- 2026-11-02: [[Fair]]\n- 2026-10-01: [[Call]]\n- 2026-09-01: coffee with [[Kofi Boateng|Kofi B]]\n- 2026-08-01: lunch\n\n## Key Facts\n\n- likes tea\n";
        assert_eq!(got, want, "{:#?}", m);
        assert_eq!(
            m.conflicts,
            vec![Conflict { field: "company".into(), kept: Some("Acme".into()), merged: "Beta".into() }]
        );
    }

    /// As a tool writes them: an empty cell is `|  |`, and block lists sit at the key's column.
    #[test]
    fn an_empty_cell_is_filled_and_a_new_list_looks_like_the_notes_own() {
        let kept = "---
tags:
- person
---
# Kofi Boateng

## Contact Information

| Field | Value |
|---|---|
| **Role** |  |
| **Company** ||
| **Email** | _Unknown_ |
";
        let merged = "---
tags: [person]
---
# Kofi B

## Contact Information

| Field | Value |
|---|---|
| **Role** | Stall keeper |
| **Company** | Harbour Co-op |
| **Email** | _Unknown_ |
";
        let m = kept_edits(&rename(), kept, merged, "last_contact");
        let edits: Vec<TextEdit> = m.edits.iter().map(|e| e.edit.clone()).collect();
        let want = "---
tags:
- person
aliases:
- Kofi B
---
# Kofi Boateng

## Contact Information

| Field | Value |
|---|---|
| **Role** | Stall keeper |
| **Company** | Harbour Co-op |
| **Email** | _Unknown_ |
";
        assert_eq!(apply(kept, &edits).unwrap_or_default(), want, "{m:#?}");
        assert_eq!(
            list_indent(
                "a: 1
b:
    - x
"
            ),
            "    "
        );
        assert_eq!(
            list_indent(
                "a: [x]
"
            ),
            "  "
        );
    }
}
