//! One note: what its text says (parsed once per change) and what that means at its path under
//! the current settings (derived again on rename or a settings change, without the text).

use crate::body::{self, TaskReading};
use crate::config::{in_folder, Settings};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, LineIndex, TextEdit};
use crate::frontmatter::{self, Properties, Value};
use crate::schema::{self, yaml_scalar, Context, NotFuture};
use crate::split::{split, Frontmatter};
use crate::task::{StatusKind, TaskLine};
use std::ops::Range;
use std::sync::Arc;

/// A body larger than this is not read (a `note-too-large` diagnostic says so); the frontmatter
/// still is, so a person stays a person. Notes people write are kilobytes; multi-megabyte notes
/// are pasted logs or exports, and reading one would stall every update of the index.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// A task with its place in the note.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// 1-based line.
    pub line: u32,
    /// Line of the enclosing list item, when nested.
    pub parent_line: Option<u32>,
    /// Nearest heading above (shared by the tasks under it).
    pub section: Option<Arc<str>>,
    /// The raw line without its indentation.
    pub text: String,
    pub fields: TaskLine,
}

/// Everything read from a note's text; independent of its path and of the settings.
///
/// Lists that never change after the parse are boxed slices and texts boxed `str`s: the index
/// holds one `Note` per note and is held to twice the vault's text (docs/BENCHMARKS.md), and a
/// box is 16 bytes where a `Vec` or `String` is 24.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Note {
    /// The text up to the end of the frontmatter block: diagnostics and edits point into it, so
    /// it is all that re-validation after a rename or a settings change needs.
    pub head: String,
    pub bom: usize,
    pub frontmatter: Option<Frontmatter>,
    /// Problems of the text itself (split and YAML), located.
    pub text_diagnostics: Box<[Diagnostic]>,
    pub props: Properties,
    pub tasks: Vec<Task>,
    /// Wikilink targets outside tasks that are not done (body and frontmatter), as written.
    pub links: Box<[String]>,
    /// The dated items of `## Recent Context`, newest first (items of one day in file order).
    pub recent_context: Box<[ContextLine]>,
    /// `Company` of the `## Contact Information` table, when known.
    pub table_company: Option<Box<str>>,
    /// `Email` of the `## Contact Information` table, when known: trimmed, a `mailto:` or `<>`
    /// around it removed, as written otherwise (what `duplicates` compares, ignoring case).
    pub table_email: Option<Box<str>>,
    /// `#tags` in the body outside code, tasks and comments, without the `#`.
    pub body_tags: Box<[String]>,
    /// Dataview inline fields of the body (outside code, tasks and comments), in order.
    pub fields: Box<[InlineField]>,
    /// Size of the text in bytes.
    pub bytes: usize,
    /// Diagnostics of task lines (`invalid-task-date`), located, each with its line from the
    /// list marker on: they hold only where that line is a task under the settings' global
    /// filter, which `derive` decides (the note keeps the line even when its tasks are not read).
    pub task_diagnostics: Box<[(Diagnostic, String)]>,
    /// What the review queue lists of a note its frontmatter queues (`auto_created: true` or the
    /// `needs-review` tag in its tags property); `None` for every other note, which keeps the
    /// cost of the facts to one pointer per note.
    pub review: Option<Box<ReviewFacts>>,
}

/// The review queue's facts that need the note's text (see [`Note::review`]): names only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewFacts {
    /// `auto_created: true` (or the string `true`).
    pub auto_created: bool,
    /// The tags property (`tags` or `tag`, any list form) holds `needs-review` (any case, with or
    /// without `#`): what "Mark reviewed" removes. A `#needs-review` in the body does not count.
    pub needs_review: bool,
    /// What a reviewer would fill in, one name per line: the Contact Information table's fields
    /// whose value is `_Unknown_` or empty, as written without `**`, in table order; then the
    /// `##` sections holding only a template prompt, by heading ([`prompt_sections`]). One text
    /// rather than a list of strings: a vault of tool-made notes holds a dozen names per person,
    /// and the index counts its bytes (see [`ReviewFacts::missing`]).
    ///
    /// [`prompt_sections`]: crate::body::prompts::prompt_sections
    pub missing_lines: Box<str>,
}

impl ReviewFacts {
    /// The names of [`ReviewFacts::missing_lines`], in order.
    pub fn missing(&self) -> impl Iterator<Item = &str> {
        self.missing_lines.split('\n').filter(|name| !name.is_empty())
    }
}

/// Whether `auto_created` says true: `true`, or the string `true` in any case.
fn auto_created(props: &Properties) -> bool {
    match props.get("auto_created") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Whether the tags property (`tags` or `tag`) holds `needs-review`, read as "Mark reviewed"
/// reads it (`edit::mark_reviewed`): each item split on commas and spaces, `#` dropped, any case.
fn needs_review_property(props: &Properties) -> bool {
    ["tags", "tag"]
        .iter()
        .filter_map(|k| props.get(k))
        .flat_map(|v| v.string_items())
        .any(|t| t.split([',', ' ']).any(|x| x.trim().trim_start_matches('#').eq_ignore_ascii_case("needs-review")))
}

/// A dated item of a note's `## Recent Context` section, as the person profile shows it. Kept
/// for every note that has the section (parsing knows no path, and few notes but people's have
/// one), which costs the text of those lines only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextLine {
    pub date: Date,
    /// 1-based line.
    pub line: u32,
    /// The line as written from its list marker on, without trailing space.
    pub text: String,
}

/// A Dataview inline field of the body (`date:: 2023-03-01`, `[with:: [[Ada Brennan]]]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InlineField {
    /// The key as written.
    pub key: String,
    /// The value as written, trimmed.
    pub value: String,
    /// Link targets inside the value, as written.
    pub links: Vec<String>,
}

/// What a note is at its path under the settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Derived {
    /// The file's base name: what links and @handles are built from, whatever `title` says.
    pub name: String,
    pub person: Option<Person>,
    /// The day the note is about: its file name in a dated-note pattern (`YYYY-MM-DD …`), else
    /// a date property (`date`): see [`Config::date_file_formats`](crate::config::Config::date_file_formats),
    /// [`Config::date_properties`](crate::config::Config::date_properties).
    pub date: Option<Date>,
    /// Every diagnostic that does not depend on today, located.
    pub diagnostics: Vec<Diagnostic>,
    pub not_future: Vec<NotFuture>,
    /// Lower-cased link keys (see [`link_key`]) of the links outside tasks that are not done
    /// that are contact: for a dated note that lists its participants, only theirs.
    pub link_keys: Vec<String>,
    /// The link keys of the note's other links outside tasks that are not done (those a dated
    /// note's participants leave out), sorted; empty when every link is contact. With
    /// `link_keys`, every note the note links ([`Derived::linked_keys`]).
    pub other_link_keys: Vec<String>,
    /// Indices into `Note::tasks` of the checkbox lines that are not tasks under the settings
    /// (they lack the global filter), ascending; empty when there is no filter.
    pub non_tasks: Vec<u32>,
}

impl Derived {
    /// The keys of every link outside tasks that are not done: what the note links, contact or not.
    pub fn linked_keys(&self) -> impl Iterator<Item = &String> {
        self.link_keys.iter().chain(&self.other_link_keys)
    }
}

/// What a people note says about the person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub aliases: Vec<String>,
    /// `@` handles as written for display, e.g. `AdaBrennan`.
    pub handles: Vec<String>,
    pub tags: Vec<String>,
    pub company: Option<String>,
    pub cadence: Option<Value>,
    pub last_contact: Option<Date>,
    pub snooze_until: Option<Date>,
    /// Lower-cased keys a link to this person can use: base name, path without `.md`, title, aliases.
    pub keys: Vec<String>,
    /// Lower-cased names that count as a plain-text mention: the name and every alias of two
    /// words or more (a one-word alias such as `Dee` is too common to mean the person).
    pub mention_names: Vec<String>,
    /// `auto_created: true`: the note was made by a tool, not by hand.
    pub auto_created: bool,
    /// The note has the `needs-review` tag (any case).
    pub needs_review: bool,
}

/// The newest contact found outside the frontmatter, as [`Note::dated_diagnostics`] is given it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactEvidence<'a> {
    /// Not computed by the caller: the note's own Recent Context is the evidence (a note
    /// diagnosed on its own, without the index).
    OwnRecentContext,
    /// Computed by the caller (the index adds linked notes): the newest contact's date and
    /// where it was seen, for the message; `None` when there is none.
    Computed(Option<(Date, &'a str)>),
}

/// The file name without folders and `.md`.
/// The tags a `tags`/`tag` property value holds, as Obsidian splits them: each text item split
/// at commas and spaces, without `#`, empty words left out.
pub(crate) fn tag_words(v: &Value) -> Vec<String> {
    v.string_items()
        .iter()
        .flat_map(|t| t.split([',', ' ']).map(|x| x.trim().trim_start_matches('#').to_string()))
        .filter(|x| !x.is_empty())
        .collect()
}

pub fn basename(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// The key a link target resolves by: without heading or block reference, alias, `.md`,
/// leading `./` or `/`, lower-cased.
pub fn link_key(target: &str) -> String {
    // `#` and `|` are ASCII, so the byte where the first of them is found is a char boundary.
    let end = target.bytes().position(|b| b == b'#' || b == b'|').unwrap_or(target.len());
    let mut t = target.get(..end).unwrap_or("").trim();
    while let Some(rest) = t.strip_prefix("./") {
        t = rest;
    }
    let t = t.trim_start_matches('/');
    let t = t.strip_suffix(".md").unwrap_or(t);
    if t.is_ascii() {
        // The common case: ASCII lower-cases byte by byte, and a backslash is rare.
        let key = t.to_ascii_lowercase();
        if key.bytes().any(|b| b == b'\\') {
            key.replace('\\', "/")
        } else {
            key
        }
    } else {
        t.replace('\\', "/").to_lowercase()
    }
}

/// Whether `tag` is the people tag `rule` or under it (`people/friend` is under `people`), or
/// matches it as a glob (`people/*`). Tags are compared without regard to case, as in Obsidian.
fn tag_matches(rule: &str, tag: &str) -> bool {
    let rule = rule.trim_start_matches('#');
    if rule.contains(['*', '?', '[']) {
        return crate::schema::glob_match(&rule.to_lowercase(), &tag.to_lowercase());
    }
    // Obsidian compares tags as it compares property names: without regard to case.
    let same = crate::frontmatter::same_property;
    same(rule, tag)
        || tag.get(..rule.len()).is_some_and(|head| same(head, rule)) && tag.as_bytes().get(rule.len()) == Some(&b'/')
}

/// A link target relative to the note's folder (`../People/Cy Dune.md`, from a markdown link) as
/// a path from the vault's root; any other target as written.
pub(crate) fn resolve_relative<'t>(target: &'t str, path: &str) -> std::borrow::Cow<'t, str> {
    if !target.starts_with("../") {
        return std::borrow::Cow::Borrowed(target);
    }
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            _ => parts.push(part),
        }
    }
    std::borrow::Cow::Owned(parts.join("/"))
}

/// A date as people mean it: ISO, or another form that names one day without ambiguity
/// (`10/31/2025`). The `non-iso-date` diagnostic still asks for ISO.
pub(crate) fn readable_date(text: &str) -> Option<Date> {
    match crate::date::parse(text) {
        crate::date::DateParse::Iso(d) | crate::date::DateParse::Loose { date: d, ambiguous: false } => Some(d),
        _ => None,
    }
}

/// Wikilink targets inside a frontmatter value (`attendees: ["[[Ada Brennan]]"]`).
fn value_links(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(open) = rest.find("[[") {
                let after = &rest[open + 2..];
                let Some(close) = after.find("]]") else { break };
                let inner = &after[..close];
                out.push(inner.split('|').next().unwrap_or(inner).to_string());
                rest = &after[close + 2..];
            }
        }
        Value::List(items) => items.iter().for_each(|i| value_links(i, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, i)| value_links(i, out)),
        _ => {}
    }
}

/// The name a property value gives, for recognising people and choosing the schema: a link's
/// target file name (`"[[Categories/People|the team]]"` names `People`, as the link goes to the
/// note `People`), or the text as written.
fn link_name(s: &str) -> &str {
    let s = s.trim();
    let Some(inner) = s.strip_prefix("[[").and_then(|x| x.strip_suffix("]]")) else { return s };
    // `|` and `#` are ASCII, so the byte where the first of them is found is a char boundary.
    let target = inner.get(..inner.find(['|', '#']).unwrap_or(inner.len())).unwrap_or("").trim();
    let file = target.rsplit(['/', '\\']).next().unwrap_or(target);
    file.strip_suffix(".md").unwrap_or(file).trim()
}

/// The names a value gives (see [`link_name`]): one for text or a link, one per item of a list
/// (`type: ["[[Authors]]", "[[Musicians]]"]`); none for other values.
fn value_names(v: &Value) -> impl Iterator<Item = &str> {
    let items = match v {
        Value::List(items) => items.as_slice(),
        one => std::slice::from_ref(one),
    };
    items.iter().filter_map(Value::as_str).map(link_name).filter(|n| !n.is_empty())
}

fn strip_link(s: &str) -> String {
    let s = s.trim();
    let inner = s.strip_prefix("[[").and_then(|x| x.strip_suffix("]]")).unwrap_or(s);
    let shown = inner.rsplit('|').next().unwrap_or(inner);
    shown.trim().to_string()
}

/// An Email cell's address: a markdown link `[a](mailto:a)` or `<a>` gives what it shows.
fn email_of(cell: &str) -> String {
    let s = cell.trim();
    let s = match s.strip_prefix('[').and_then(|x| x.split_once("](")) {
        Some((shown, _)) => shown,
        None => s,
    };
    let s = s.trim_start_matches('<').trim_end_matches('>');
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    s.trim().to_string()
}

impl Note {
    /// Reads a note. Never fails and never panics: problems become diagnostics.
    pub fn parse(text: &str) -> Note {
        Note::parse_with(text, TaskReading::Parsed)
    }

    /// [`Note::parse`], reading task lines as `reading` says. With [`TaskReading::Recognised`] the note
    /// has no `tasks` (everything else is as `parse` reads it): what diagnostics rest on.
    pub fn parse_with(text: &str, reading: TaskReading) -> Note {
        let s = split(text);
        let mut diagnostics = s.diagnostics;
        let props = match &s.frontmatter {
            Some(block) => {
                let (props, d) = frontmatter::read(text, block);
                diagnostics.extend(d);
                props
            }
            None => Properties::default(),
        };
        let head_end = if s.frontmatter.is_some() { s.body_start } else { s.bom };
        // Diagnostics of an unterminated block point at its first line, which must stay readable.
        let head_end = diagnostics.iter().map(|d| d.span.end).fold(head_end, usize::max).min(text.len());
        let head = text[..head_end].to_string();
        if !diagnostics.is_empty() {
            let index = LineIndex::new(&head);
            for d in &mut diagnostics {
                index.locate(d);
            }
        }

        let body_bytes = text.len() - s.body_start;
        let body =
            if body_bytes > MAX_BODY_BYTES { body::Body::default() } else { body::read(text, s.body_start, reading) };
        let mut body_diagnostics = Vec::new();
        if body_bytes > MAX_BODY_BYTES {
            body_diagnostics.push(Diagnostic::warning(
                Code::NoteTooLarge,
                s.body_start..s.body_start,
                format!(
                    "The note's body is {} KiB; Rapport reads at most {} KiB, so its tasks, links and Recent Context were not read (its properties were).",
                    body_bytes / 1024,
                    MAX_BODY_BYTES / 1024
                ),
            ));
        }
        if let Some(first) = body.long_task_lines.first.clone() {
            body_diagnostics.push(Diagnostic::warning(
                Code::TaskLineTooLong,
                first,
                format!(
                    "{} task line(s) here and below are longer than {} bytes, so Rapport did not read them as tasks.",
                    body.long_task_lines.count,
                    body::MAX_TASK_LINE_BYTES
                ),
            ));
        }
        if let Some(first) = body.tasks_over_limit.first.clone() {
            body_diagnostics.push(Diagnostic::warning(
                Code::TooManyTasks,
                first,
                format!(
                    "The note has more than {} tasks; Rapport read the first {} and not the {} from here on.",
                    body::MAX_TASKS_PER_NOTE,
                    body::MAX_TASKS_PER_NOTE,
                    body.tasks_over_limit.count
                ),
            ));
        }
        let mut task_diagnostics = Vec::new();
        for task in body.tasks.iter().filter(|t| t.parsed.invalid != 0) {
            let fields: Vec<&str> = task.parsed.invalid_dates().collect();
            let d = Diagnostic::warning(
                Code::InvalidTaskDate,
                task.line_range.clone(),
                format!(
                    "This task's {} date is not a day on the calendar: the Tasks plugin shows it as an invalid date, and Rapport lists the task first until the date is corrected.",
                    fields.join(" and ")
                ),
            );
            let line = text.get(task.line_range.clone()).unwrap_or_default();
            task_diagnostics.push((d, line.get(task.parsed.indent..).unwrap_or(line).trim_end().to_string()));
        }
        let end = body_diagnostics.iter().chain(task_diagnostics.iter().map(|(d, _)| d)).map(|d| d.span.end).max();
        if let Some(end) = end {
            // Located here, with the text: `head` ends before them.
            let index = LineIndex::new(&text[..end]);
            for mut d in body_diagnostics {
                index.locate(&mut d);
                diagnostics.push(d);
            }
            task_diagnostics.iter_mut().for_each(|(d, _)| index.locate(d));
        }
        // Only a done task records a meeting: an open task is a plan, a cancelled one a plan
        // that did not happen, so a link inside either is not evidence of contact.
        let plan_ranges: Vec<Range<usize>> = body
            .tasks
            .iter()
            .filter(|t| StatusKind::from_symbol(t.parsed.status) != StatusKind::Done)
            .map(|t| t.line_range.clone())
            .collect();
        let found = if reading == TaskReading::Parsed { body.tasks } else { Vec::new() };
        // Lines of the offsets tasks need, counted in one pass: a table of every line start
        // would cost memory in proportion to the note's lines, however few its tasks.
        let mut offsets: Vec<usize> = found
            .iter()
            .flat_map(|t| std::iter::once(t.line_range.start).chain(t.parent_offset))
            .chain(body.recent_context.iter().map(|(_, at)| *at))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut lines = Vec::with_capacity(offsets.len());
        let (mut pos, mut line) = (0, 1u32);
        for &offset in &offsets {
            line += text.as_bytes()[pos..offset].iter().filter(|&&b| b == b'\n').count() as u32;
            pos = offset;
            lines.push(line);
        }
        let line_of = |offset: usize| offsets.binary_search(&offset).map_or(0, |i| lines[i]);

        // Without a `filter` in the chain: `collect` then sizes the vector exactly, and the index
        // keeps it as it is (a doubling vector wasted 3 MB of a 10k-note index).
        let tasks: Vec<Task> = found
            .into_iter()
            .map(|t| {
                let raw = &text[t.line_range.clone()];
                Task {
                    line: line_of(t.line_range.start),
                    parent_line: t.parent_offset.map(line_of),
                    section: t.section,
                    text: raw.get(t.parsed.indent..).unwrap_or(raw).trim_end().to_string(),
                    fields: t.parsed,
                }
            })
            .collect();

        let fields: Vec<InlineField> = body
            .fields
            .iter()
            .map(|f| InlineField {
                key: f.key.clone(),
                value: text.get(f.value.clone()).unwrap_or_default().to_string(),
                links: body.links.iter().filter(|l| f.value.contains(&l.offset)).map(|l| l.target.clone()).collect(),
            })
            .collect();
        // A link inside a task that is not done is a plan, not a contact.
        let mut links: Vec<String> = body
            .links
            .into_iter()
            .filter(|l| {
                let i = plan_ranges.partition_point(|r| r.end < l.offset);
                plan_ranges.get(i).is_none_or(|r| r.start > l.offset)
            })
            .map(|l| l.target)
            .collect();
        for (_, v) in &props.values {
            value_links(v, &mut links);
        }

        let mut recent_context: Vec<ContextLine> = body
            .recent_context
            .iter()
            .map(|&(date, at)| {
                let line = text.get(at..).and_then(|rest| rest.lines().next()).unwrap_or_default();
                ContextLine {
                    date,
                    line: line_of(at),
                    text: line.trim_start_matches([' ', '\t', '>']).trim_end().to_string(),
                }
            })
            .collect();
        recent_context.sort_by(|a, b| b.date.cmp(&a.date).then(a.line.cmp(&b.line)));
        let table_company = body
            .contact_table
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case("company") && !v.is_empty())
            .map(|(_, v)| strip_link(v).into_boxed_str());
        let table_email = body
            .contact_table
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case("email") && !v.is_empty())
            .map(|(_, v)| email_of(v))
            .filter(|e| !e.is_empty())
            .map(String::into_boxed_str);
        let (auto, tagged) = (auto_created(&props), needs_review_property(&props));
        let review = (auto || tagged).then(|| {
            Box::new(ReviewFacts {
                auto_created: auto,
                needs_review: tagged,
                missing_lines: {
                    let fields = body.contact_table.iter().filter(|(_, v)| v.is_empty()).map(|(k, _)| k.clone());
                    let sections = if body_bytes > MAX_BODY_BYTES {
                        Vec::new()
                    } else {
                        crate::body::prompts::prompt_sections(text, s.body_start)
                    };
                    // A name is one line of the note, so it holds no line break to split on.
                    let names: Vec<String> = fields.chain(sections).filter(|k| !k.is_empty()).collect();
                    names.join("\n").into_boxed_str()
                },
            })
        });
        let mut body_tags: Vec<String> = body.tags.into_iter().map(|(t, _)| t).collect();
        body_tags.sort_unstable();
        body_tags.dedup();

        Note {
            head,
            bom: s.bom,
            frontmatter: s.frontmatter,
            text_diagnostics: diagnostics.into(),
            props,
            tasks,
            links: links.into(),
            recent_context: recent_context.into(),
            table_company,
            table_email,
            body_tags: body_tags.into(),
            fields: fields.into(),
            bytes: text.len(),
            task_diagnostics: task_diagnostics.into(),
            review,
        }
    }

    /// Whether the note's `type` property names `name` (compared case-insensitively), alone,
    /// as a link or in a list.
    pub fn has_type(&self, name: &str) -> bool {
        self.props.get("type").is_some_and(|v| value_names(v).any(|t| t.eq_ignore_ascii_case(name)))
    }

    /// Tags without `#`, from `tags` (list or single string) and `tag`, then those in the body.
    pub fn tags(&self) -> Vec<String> {
        let mut tags = self.body_tags.to_vec();
        for key in ["tags", "tag"] {
            if let Some(v) = self.props.get(key) {
                tags.extend(tag_words(v));
            }
        }
        tags
    }

    /// The settings' `people_properties` whose value names one of the `people_types` (as text, a
    /// link or a list of either): what makes the note a person by its own properties.
    fn marked_by<'s>(&self, settings: &'s Settings) -> Vec<&'s str> {
        let c = &settings.config;
        let people_type = |name: &str| c.people_types.iter().any(|p| frontmatter::same_property(p.trim(), name));
        c.people_properties
            .iter()
            .map(|p| p.trim())
            .filter(|p| self.props.get(p).is_some_and(|v| value_names(v).any(people_type)))
            .collect()
    }

    fn is_person(&self, path: &str, tags: &[String], marked_by: &[&str], settings: &Settings) -> bool {
        let c = &settings.config;
        if c.not_people.iter().any(|p| p == path) {
            return false;
        }
        !marked_by.is_empty()
            || tags.iter().any(|t| c.people_tags.iter().any(|rule| tag_matches(rule, t)))
            || c.people_folders.iter().any(|f| in_folder(path, f))
    }

    /// The value of property `key`: the frontmatter's, else the first inline field of that name
    /// (both compared as Obsidian compares property names).
    fn property_text(&self, key: &str) -> Option<&str> {
        self.props
            .str(key)
            .or_else(|| self.fields.iter().find(|f| frontmatter::same_property(&f.key, key)).map(|f| f.value.as_str()))
    }

    /// The day the note is about: its file name in one of the dated-note patterns, else the
    /// first of the date properties that holds a date.
    fn date(&self, base: &str, settings: &Settings) -> Option<Date> {
        settings.name_formats.iter().find_map(|f| f.date(base)).or_else(|| {
            settings.config.date_properties.iter().find_map(|key| {
                let d = self.property_text(key)?;
                readable_date(d).or_else(|| Date::parse_iso(d.get(..10).unwrap_or(d)))
            })
        })
    }

    /// The links of the first participants property (frontmatter or inline field) that names
    /// anyone; `None` when no such property names anyone.
    fn participants(&self, settings: &Settings) -> Option<Vec<String>> {
        settings.config.participants_properties.iter().find_map(|key| {
            let mut links = Vec::new();
            match self.props.get(key) {
                Some(v) => value_links(v, &mut links),
                None => {
                    for f in self.fields.iter().filter(|f| frontmatter::same_property(&f.key, key)) {
                        links.extend(f.links.iter().cloned());
                    }
                }
            }
            (!links.is_empty()).then_some(links)
        })
    }

    /// What this note is at `path` under `settings`.
    pub fn derive(&self, path: &str, settings: &Settings) -> Derived {
        let base = basename(path);
        let tags = self.tags();
        let name = base.to_string();
        let marked_by = self.marked_by(settings);
        let is_person = self.is_person(path, &tags, &marked_by, settings);
        let date = self.date(base, settings);
        let mut diagnostics = self.text_diagnostics.to_vec();
        diagnostics
            .extend(self.task_diagnostics.iter().filter(|(_, line)| settings.is_task(line)).map(|(d, _)| d.clone()));
        let mut extra = Vec::new();

        // `type` selects the schema: a person's is `people`; any other note's is the first name its
        // `type` gives (text, link or list item) that the schema defines, but never `people` for a
        // note the settings say is not a person (`not_people`), whatever its `type` says.
        let not_person = settings.config.not_people.iter().any(|p| p == path);
        let type_name = if is_person {
            Some("people")
        } else {
            self.props.get("type").and_then(|v| {
                value_names(v)
                    .find(|t| settings.schema.get(t).is_some() && !(not_person && t.eq_ignore_ascii_case("people")))
            })
        };
        let schema = type_name.and_then(|t| settings.schema.get(t));
        let by_type = !is_person || marked_by.iter().any(|p| frontmatter::same_property(p, "type"));
        let cx = Context {
            text: &self.head,
            block: self.frontmatter.as_ref(),
            start: self.bom,
            basename: base,
            type_name: type_name.unwrap_or(""),
            by_type,
            marked_by: &marked_by,
        };
        let mut not_future = Vec::new();
        if let Some(schema) = schema {
            let (d, nf) = schema::validate(schema, &self.props, &cx);
            extra.extend(d);
            not_future = nf;
        }
        if is_person {
            if let (Some(title), Some(entry)) = (self.props.str("title"), self.props.entry("title")) {
                if title != base && !entry.scalar.span.is_empty() {
                    // A title written over several lines has no token to replace: no fix.
                    let edit = entry.inline_scalar().map(|scalar| {
                        if scalar.quote.is_some() && !base.contains(['\'', '"', '\\']) {
                            TextEdit::new(scalar.inner.clone(), base)
                        } else {
                            TextEdit::new(scalar.span.clone(), yaml_scalar(base))
                        }
                    });
                    let d = Diagnostic::warning(
                        Code::TitleMismatch,
                        entry.scalar.span.clone(),
                        format!("`title` is `{title}` but the file is `{base}`; links and mentions use the file name."),
                    )
                    .field("title");
                    extra.push(match edit {
                        Some(edit) => d.with_fix(format!("Set `title` to `{base}`"), edit),
                        None => d,
                    });
                }
            }
        }
        let type_value = self.props.get("type").filter(|v| value_names(v).next().is_some());
        if let (Some(type_value), Some(entry)) = (type_value, self.props.entry("type")) {
            let c = &settings.config;
            let synonyms = |a: &str, b: &str| {
                a.eq_ignore_ascii_case(b)
                    || (c.people_types.iter().any(|p| p.eq_ignore_ascii_case(a))
                        && c.people_types.iter().any(|p| p.eq_ignore_ascii_case(b)))
            };
            let type_tags: Vec<&str> = tags.iter().filter_map(|tag| tag.strip_prefix("type/")).collect();
            if !type_tags.is_empty() && !type_tags.iter().any(|tt| value_names(type_value).any(|t| synonyms(tt, t))) {
                let type_names: Vec<&str> = value_names(type_value).collect();
                // Point at the offending tag where it is written, else at the `tags` key.
                let tags_entry = self.props.entry("tags").or_else(|| self.props.entry("tag"));
                let span = tags_entry.map_or(entry.scalar.span.clone(), |e| {
                    let needle = format!("type/{}", type_tags[0]);
                    match self.head.get(e.full.clone()).and_then(|w| w.find(&needle)) {
                        Some(i) => e.full.start + i..e.full.start + i + needle.len(),
                        None => e.key_span.clone(),
                    }
                });
                extra.push(
                    Diagnostic::warning(
                        Code::TypeTagMismatch,
                        span,
                        format!(
                            "`type` is `{}` but the tags say `type/{}`; one of them is wrong.",
                            type_names.join("`, `"),
                            type_tags.join("`, `type/")
                        ),
                    )
                    .field("tags"),
                );
            }
        }
        if !extra.is_empty() {
            let index = LineIndex::new(&self.head);
            for mut d in extra {
                index.locate(&mut d);
                diagnostics.push(d);
            }
        }
        diagnostics.sort_by_key(|d| (d.span.start, d.severity));
        if self.props.left_open {
            // A quote or bracket written or deleted may close what is left open and change how
            // the rest of the block reads (see `Properties::left_open`).
            let closing = |s: &str| s.contains(['\'', '"', '[', ']', '{', '}']);
            for d in &mut diagnostics {
                if d.fix
                    .as_ref()
                    .is_some_and(|f| closing(&f.edit.insert) || self.head.get(f.edit.range.clone()).is_none_or(closing))
                {
                    d.fix = None;
                }
            }
        }

        let person = is_person.then(|| {
            let aliases: Vec<String> = ["aliases", "alias"]
                .iter()
                .filter_map(|k| self.props.get(k))
                .flat_map(|v| v.string_items())
                .map(|a| strip_link(&a))
                .collect();
            let mut handles: Vec<String> = Vec::new();
            for n in std::iter::once(&name).chain(aliases.iter()) {
                let squeezed: String = n.split_whitespace().collect();
                let alnum: String = n.chars().filter(|c| c.is_alphanumeric()).collect();
                for h in [squeezed, alnum] {
                    if !h.is_empty() && !handles.iter().any(|x| x.eq_ignore_ascii_case(&h)) {
                        handles.push(h);
                    }
                }
            }
            let mut keys = vec![base.to_lowercase(), link_key(path)];
            keys.extend(self.props.str("title").map(str::to_lowercase));
            keys.extend(aliases.iter().map(|a| a.to_lowercase()));
            keys.sort();
            keys.dedup();
            let mut mention_names = vec![name.to_lowercase()];
            mention_names
                .extend(aliases.iter().filter(|a| a.split_whitespace().count() >= 2).map(|a| a.to_lowercase()));
            mention_names.dedup();
            let company = self
                .table_company
                .as_deref()
                .map(str::to_string)
                .or_else(|| self.props.str("company").map(strip_link))
                .or_else(|| tags.iter().find_map(|t| t.strip_prefix("company/")).map(str::to_string))
                .filter(|c| !c.is_empty());
            let auto_created = auto_created(&self.props);
            let needs_review = tags.iter().any(|t| t.eq_ignore_ascii_case("needs-review"));
            Person {
                auto_created,
                needs_review,
                aliases,
                handles,
                company,
                cadence: self.props.get("cadence").cloned(),
                last_contact: self.props.str(&settings.config.last_contact_property).and_then(readable_date),
                snooze_until: self.props.str("snooze_until").and_then(Date::parse_iso),
                keys,
                mention_names,
                tags,
            }
        });
        // A dated note that lists its participants is contact with them alone.
        let participants = date.and_then(|_| self.participants(settings));
        let contacts: &[String] = participants.as_deref().unwrap_or(&self.links);
        let keys_of = |links: &[String]| {
            let mut keys: Vec<String> =
                links.iter().map(|l| link_key(&resolve_relative(l, path))).filter(|k| !k.is_empty()).collect();
            keys.sort();
            keys.dedup();
            keys
        };
        let link_keys = keys_of(contacts);
        let other_link_keys = match participants {
            Some(_) => keys_of(&self.links).into_iter().filter(|k| link_keys.binary_search(k).is_err()).collect(),
            None => Vec::new(),
        };
        // Checkbox lines without the global filter stay in the note (a later filter may make them
        // tasks) but are not tasks now.
        let non_tasks = if settings.task_global_filter().is_empty() {
            Vec::new()
        } else {
            (0..).zip(&self.tasks).filter(|(_, t)| !settings.is_task(&t.text)).map(|(i, _)| i).collect()
        };
        Derived { name, person, date, diagnostics, not_future, link_keys, other_link_keys, non_tasks }
    }

    /// The newest `Recent Context` date on or before `today`.
    pub fn recent_contact(&self, today: Date) -> Option<Date> {
        self.recent_context.iter().map(|c| c.date).find(|d| *d <= today)
    }

    /// Diagnostics that depend on today: future dates, and a `last_contact` behind the evidence.
    /// `evidence` is the newest contact found outside the frontmatter (the index adds linked
    /// notes), or the note's own Recent Context ([`ContactEvidence::OwnRecentContext`]).
    /// `key` is the last contact property (`lastContactProperty`).
    pub fn dated_diagnostics(
        &self,
        derived: &Derived,
        today: Date,
        evidence: ContactEvidence,
        key: &str,
    ) -> Vec<Diagnostic> {
        let newest = match evidence {
            ContactEvidence::Computed(e) => e,
            ContactEvidence::OwnRecentContext => self.recent_contact(today).map(|d| (d, "Recent Context")),
        };
        let mut out: Vec<Diagnostic> = derived
            .not_future
            .iter()
            .filter_map(|c| {
                c.check(today, newest.filter(|_| crate::frontmatter::same_property(&c.field, key)).map(|(d, _)| d))
            })
            .collect();
        if let (Some(person), Some((recent, source))) = (&derived.person, newest) {
            let entry = self.props.entry(key);
            match (person.last_contact, entry) {
                (Some(last), Some(e)) if last < recent && last <= today && !e.scalar.inner.is_empty() => {
                    let d = Diagnostic::warning(
                        Code::LastContactBehindEvidence,
                        e.scalar.span.clone(),
                        format!("`{key}` is {last}, but {source} shows a contact on {recent}."),
                    )
                    .field(key);
                    // A value over several lines has no token to replace: no fix.
                    out.push(match e.inline_scalar() {
                        Some(s) => d.with_fix(
                            format!("Set `{key}` to {recent}"),
                            TextEdit::new(s.inner.clone(), recent.to_string()),
                        ),
                        None => d,
                    })
                }
                (None, None) if self.props.parsed => {
                    let cx = Context {
                        text: &self.head,
                        block: self.frontmatter.as_ref(),
                        start: self.bom,
                        basename: "",
                        type_name: "",
                        by_type: true,
                        marked_by: &[],
                    };
                    let at = self.frontmatter.as_ref().map_or(self.bom, |b| b.insert_at);
                    let d = Diagnostic::warning(
                        Code::LastContactBehindEvidence,
                        at..at,
                        format!("`{key}` is missing, but {source} shows a contact on {recent}."),
                    )
                    .field(key);
                    // A block a key cannot be added to gets no fix (see `frontmatter::appendable`).
                    out.push(if self.props.appendable {
                        d.with_fix(format!("Add `{key}: '{recent}'`"), cx.insert_key(key, &format!("'{recent}'")))
                    } else {
                        d
                    })
                }
                _ => {}
            }
        }
        if !out.is_empty() {
            let index = LineIndex::new(&self.head);
            out.iter_mut().for_each(|d| index.locate(d));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// `link_key` in its plain form, without the fast path for ASCII.
    fn plain_link_key(target: &str) -> String {
        let t = target.split(['#', '|']).next().unwrap_or("").trim();
        let t = t.trim_start_matches("./").trim_start_matches('/');
        let t = t.strip_suffix(".md").unwrap_or(t);
        t.replace('\\', "/").to_lowercase()
    }

    #[test]
    fn recent_context_lines_as_written_newest_first() {
        let text = "---\ntype: people\n---\n## Recent Context\n\n- 2026-10-01: old\n  - 2026-11-20: [[2026-11-20 - Sync]] - deck  \n- undated\n- 2026-11-20 second that day\n\n## Other\n- 2026-12-01 not context\n";
        let lines: Vec<String> =
            Note::parse(text).recent_context.iter().map(|c| format!("{} {} {}", c.date, c.line, c.text)).collect();
        assert_eq!(
            lines,
            [
                "2026-11-20 7 - 2026-11-20: [[2026-11-20 - Sync]] - deck",
                "2026-11-20 9 - 2026-11-20 second that day",
                "2026-10-01 6 - 2026-10-01: old"
            ]
        );
    }

    #[test]
    fn participants_are_the_contacts_of_a_dated_note() {
        let settings = Settings::new(Config {
            participants_properties: vec!["attendees".into(), "with".into()],
            ..Config::default()
        })
        .unwrap_or_default();
        let keys = |text: &str, path: &str| Note::parse(text).derive(path, &settings).link_keys.join(", ");
        let listed = "---\nAttendees: [\"[[Ada Brennan]]\"]\n---\nAsk [[Cy Dune]] later.\n";
        assert_eq!(keys(listed, "2026-11-02 Sync.md"), "ada brennan");
        // Undated, the note is no contact at all; its links stay links.
        assert_eq!(keys(listed, "Sync.md"), "ada brennan, cy dune");
        assert_eq!(keys("[with:: [[Ada Brennan]]] about [[Cy Dune]]\n", "2026-11-02.md"), "ada brennan");
        // A participants field that names nobody leaves every link as contact.
        assert_eq!(
            keys("---\nattendees: []\n---\n[[Ada Brennan]] [[Cy Dune]]\n", "2026-11-02.md"),
            "ada brennan, cy dune"
        );
        assert_eq!(keys("with:: someone\n[[Ada Brennan]]\n", "2026-11-02.md"), "ada brennan");
        // Without the setting, every link of the dated note counts.
        assert_eq!(
            Note::parse(listed).derive("2026-11-02 Sync.md", &Settings::default()).link_keys.join(", "),
            "ada brennan, cy dune"
        );
    }

    #[test]
    fn date_properties_and_inline_fields_date_a_note() {
        let settings =
            Settings::new(Config { date_properties: vec!["date".into(), "Creation-Date".into()], ..Config::default() })
                .unwrap_or_default();
        let date = |text: &str, path: &str| Note::parse(text).derive(path, &settings).date.map(|d| d.to_string());
        assert_eq!(date("---\ncreation-date: 2026-10-20\n---\n", "Plan.md").as_deref(), Some("2026-10-20"));
        assert_eq!(
            date("---\ndate: 2026-10-21\ncreation-date: 2026-10-20\n---\n", "Plan.md").as_deref(),
            Some("2026-10-21")
        );
        assert_eq!(date("Notes [date:: 2026-10-22]\n", "Plan.md").as_deref(), Some("2026-10-22"));
        assert_eq!(date("- [ ] call [date:: 2026-10-22]\n", "Plan.md"), None, "a task's field is the task's");
        assert_eq!(
            date("---\ndate: 2026-10-21\n---\n", "2026-10-01 Plan.md").as_deref(),
            Some("2026-10-01"),
            "the file name first"
        );
        assert_eq!(date("---\ndate: 2026-10-21\n---\n", "Diary-20261001.md").as_deref(), Some("2026-10-21"));
    }

    #[test]
    fn link_keys_drop_headings_aliases_prefixes_and_case() {
        let parts = [
            "",
            "Ada Brennan",
            " ",
            "./",
            "/",
            ".md",
            "#Notes",
            "|Ada",
            "People\\Bo",
            "ÉLODIE",
            "İ",
            "a.MD",
            "#",
            "|",
            "./././x",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let target = format!("{a}{b}{c}");
                    assert_eq!(link_key(&target), plain_link_key(&target), "{target:?}");
                }
            }
        }
        assert_eq!(link_key(" ./People/Ada Brennan.md#Notes|Ada"), "people/ada brennan");
    }

    /// Settings with these `people_properties` and, when given, this user schema.
    fn settings(properties: &[&str], schema: Option<&str>) -> Settings {
        let config = crate::config::Config {
            people_properties: properties.iter().map(|p| p.to_string()).collect(),
            schema: schema.map(str::to_string),
            ..Default::default()
        };
        Settings::new(config).unwrap_or_default()
    }

    /// Whether the frontmatter `yaml` makes `Notes/Ada Quill.md` a person, and the codes of its
    /// diagnostics.
    fn check(yaml: &str, settings: &Settings) -> (bool, Vec<String>) {
        let d = Note::parse(&format!("---\n{yaml}---\n")).derive("Notes/Ada Quill.md", settings);
        (d.person.is_some(), d.diagnostics.iter().map(|d| d.code.to_string()).collect())
    }

    #[test]
    fn a_list_a_link_or_another_property_marks_a_person() {
        let type_only = settings(&["type"], None);
        let person = |yaml: &str, s: &Settings| check(yaml, s).0;
        for yaml in [
            "type: [people]\n",
            "type: [meeting, Person]\n",
            "type:\n  - \"[[People]]\"\n",
            "type: \"[[People]]\"\n",
            "type: \"[[Categories/People|the team]]\"\n",
            "type: \"[[People.md#Friends]]\"\n",
            "Type: \"[[person]]\"\n",
        ] {
            assert!(person(yaml, &type_only), "{yaml}");
        }
        // A link names its target, not what it shows; text is not read as a path.
        for yaml in [
            "type: \"[[Meetings|people]]\"\n",
            "type: Categories/People\n",
            "type: \"[[#People]]\"\n",
            "type: {people: 1}\n",
            "type: [[[People]]]\n",
        ] {
            assert!(!person(yaml, &type_only), "{yaml}");
        }
        let categories = "categories:\n  - \"[[People]]\"\n";
        assert!(!person(categories, &type_only));
        let both = settings(&["type", "categories"], None);
        assert!(person(categories, &both));
        assert!(person("Categories: \"[[Folder/People|p]]\"\n", &both));
        assert!(!person("categories: [\"[[Places]]\"]\n", &both));
        assert!(!person("type: people\n", &settings(&[], None)), "no property marks people");
        assert!(!person("type: people\n", &settings(&["categories"], None)));
    }

    #[test]
    fn an_unquoted_link_marks_a_person_and_is_still_flagged() {
        let both = settings(&["type", "categories"], None);
        assert_eq!(check("categories: [[People]]\n", &both), (true, vec!["unquoted-wikilink".to_string()]));
        assert_eq!(check("categories:\n  - [[People]]\n", &both), (true, vec!["unquoted-wikilink".to_string()]));
    }

    #[test]
    fn the_shape_that_marks_a_person_is_not_flagged() {
        let none: Vec<String> = Vec::new();
        // The built-in schema: a list `type`, as Obsidian's own vault writes it.
        let type_only = settings(&["type"], None);
        assert_eq!(check("type: [\"[[People]]\"]\ntitle: Ada Quill\n", &type_only), (true, none.clone()));
        // Marked by `categories`: `type` and `title` may be left out, and a `type` naming a kind
        // of person (a list of links) is not wrong.
        let both = settings(&["type", "categories"], None);
        assert_eq!(check("categories: [\"[[People]]\"]\ntype: [\"[[Authors]]\"]\n", &both), (true, none.clone()));
        // A user schema written for text: the list or link that marked the note is not checked
        // against it; plain text still is.
        let schema = "types:\n  people:\n    fields:\n      type:\n        type: enum\n        values: [people]\n      categories:\n        type: string\n";
        let strict = settings(&["type", "categories"], Some(schema));
        assert_eq!(check("type: [person]\ncategories: \"[[People]]\"\n", &strict), (true, none.clone()));
        assert_eq!(check("categories: [\"[[People]]\"]\n", &strict), (true, none));
        assert_eq!(check("type: person\n", &strict), (true, vec!["invalid-value".to_string()]));
        assert_eq!(
            check("categories: \"[[People]]\"\ntype: [x]\n", &strict),
            (true, vec!["wrong-type".to_string()]),
            "not what marked it"
        );
    }

    #[test]
    fn a_list_or_link_type_selects_its_schema_and_meets_its_tags() {
        let schema = "types:\n  meeting:\n    fields:\n      date:\n        type: date\n        required: true\n";
        let s = settings(&["type"], Some(schema));
        let missing = vec!["missing-required-field".to_string()];
        assert_eq!(check("type: [\"[[meeting]]\"]\n", &s), (false, missing.clone()));
        assert_eq!(check("type: \"[[Kinds/meeting|Meeting]]\"\n", &s), (false, missing.clone()));
        assert_eq!(check("type: [call, meeting]\n", &s), (false, missing));
        let builtin = settings(&["type"], None);
        // A person by the `type/people` tag, whose `type` says otherwise.
        let mismatch = (true, vec!["type-tag-mismatch".to_string()]);
        assert_eq!(check("type: [\"[[Meeting]]\"]\ntags: [type/people]\n", &builtin), mismatch);
        assert_eq!(
            check("type: [\"[[People]]\"]\ntags: [type/person]\ntitle: Ada Quill\n", &builtin),
            (true, Vec::new())
        );
    }
}
