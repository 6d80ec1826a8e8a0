//! The markdown body and what it yields: tasks, wikilinks, Recent Context dates, the contact
//! table, tags and inline fields, none inside code or comments. Most notes are read by the line
//! reader (`lines`), the others by pulldown-cmark (`cmark`); the `passes` read what both leave out.

pub mod cmark;
pub mod lines;
pub(crate) mod passes;
pub mod prompts;
pub(crate) mod scan;

use crate::date::Date;
use crate::task::{parse_task_line, recognise_task_line, TaskLine};
use passes::{comments, hashtags, inline_fields, markdown_links};
use scan::lines_from;
use std::ops::Range;
use std::sync::Arc;

/// A task line longer than this is not read as a task (a `task-line-too-long` diagnostic says
/// so). Typed tasks are a few hundred bytes; the bound keeps each task's copies of its text
/// (raw line, description, fields) small however long a pasted line is.
pub const MAX_TASK_LINE_BYTES: usize = 8 * 1024;

/// Tasks past this many in one note are not read (a `too-many-tasks` diagnostic says so). The
/// busiest real task lists hold a few thousand; the bound caps what one note adds to the index.
pub const MAX_TASKS_PER_NOTE: usize = 10_000;

/// How much of each task line a reader reads: parsed whole ([`parse_task_line`]) or only
/// recognised as a task ([`recognise_task_line`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TaskReading {
    /// Every task line is parsed: description, dates, priority, links, handles, tags.
    #[default]
    Parsed,
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

/// The date a Recent Context item starts with: `2025-10-31: ...`, `**2025-10-31** ...`,
/// `[[2025-10-31]] ...`.
pub(crate) fn leading_date(item: &str) -> Option<Date> {
    let rest = item.trim_start().trim_start_matches(['*', '_', '[']);
    Date::parse_iso(rest.get(..10)?)
}

/// Reads what a list item's line holds: a task (within the limits), or a Recent Context date.
/// `line_start` is where the item's line starts, `parent` where the enclosing item's line starts.
pub(crate) fn read_item_line(
    body: &mut Body,
    text: &str,
    line_start: usize,
    parent: Option<usize>,
    section: &Option<Arc<str>>,
    reading: TaskReading,
) {
    let line = lines_from(text, line_start).next().map(|(l, _)| l).unwrap_or(line_start..line_start);
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
    let parsed = match reading {
        _ if line_text.len() > MAX_TASK_LINE_BYTES => None,
        TaskReading::Parsed => parse_task_line(line_text),
        // A line with an impossible date is read whole: its diagnostic rests on the fields.
        TaskReading::Recognised if crate::task::has_impossible_date(line_text) => parse_task_line(line_text),
        TaskReading::Recognised => recognise_task_line(line_text),
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
            body.recent_context.push((date, line_start));
        }
    }
}

/// The `%% %%` comments of the body from `start` (see `passes::comments`), for the writers that
/// must not take a heading inside one for a section.
pub(crate) fn comment_ranges(text: &str, start: usize) -> Vec<Range<usize>> {
    comments(text, start)
}

/// Reads the body starting at `start` of `text`. Offsets in the result are into `text`.
///
/// Most notes hold only headings, lists, paragraphs, fenced code and simple pipe tables, which
/// [`lines`] reads line by line; a note with anything else (quotes, HTML, setext headings,
/// indented code, inline links, ...) is read by pulldown-cmark ([`cmark`]).
pub fn read(text: &str, start: usize, reading: TaskReading) -> Body {
    let mut body = lines::read(text, start, reading).unwrap_or_else(|| cmark::read_with_parser(text, start, reading));
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
        while let Some(next) = scan::find_any(bytes, at, [b'%', b'(', b'#', b':']) {
            at = next;
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + 1).copied();
            match bytes[at] {
                b'%' => seen.comments |= after == Some(b'%'),
                b'(' => seen.links |= before == Some(b']'),
                b':' => seen.fields |= after == Some(b':'),
                _ => {
                    seen.tags |= before.is_none_or(|b| b.is_ascii_whitespace())
                        && after.is_some_and(|b| !b.is_ascii_whitespace() && b != b'#')
                }
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
        self.recent_context.retain(|(_, at)| !inside(*at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let body = read(text, 0, TaskReading::Parsed);
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
    fn a_table_link_with_an_escaped_pipe_names_its_target() {
        check(
            "| a | b |\n|---|---|\n| [[Kofi B\\|K]] | x |\n",
            r#"
link "Kofi B""#,
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
            read(text, 0, TaskReading::Parsed)
                .fields
                .iter()
                .map(|f| format!("{}={}", f.key, &text[f.value.clone()]))
                .collect::<Vec<_>>()
                .join(" | ")
        };
        assert_eq!(
            fields("date:: 2023-03-01\n**Day**:: 2023-03-02 \n- where:: office\n> mood:: fine\n"),
            "date=2023-03-01 | Day=2023-03-02 | where=office | mood=fine"
        );
        // Ordered list markers as CommonMark reads them: ten digits are no marker.
        assert_eq!(fields("1. who:: Ada\n2) room:: 4\n1234567890. n:: x\n"), "who=Ada | room=4 | 1234567890. n=x");
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
        let tags = |text: &str| {
            read(text, 0, TaskReading::Parsed).tags.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" ")
        };
        assert_eq!(
            tags("#people\nMet at the fair. #people/friend #café\n- [ ] call #work\n- a list item #list\n"),
            "people people/friend café list"
        );
        // Headings, a#b, anchors, URLs, digits alone, code and comments give none.
        assert_eq!(
            tags(
                "# Title\n## Sub\na#b [[Note#h]] https://x.org/#frag #123\n`#code`\n```\n#fenced\n```\n%% #hidden %%\n"
            ),
            ""
        );
    }

    #[test]
    fn dataview_blocks_are_code() {
        check(
            "## Open Tasks\n\n```dataview\nTASK\nWHERE contains(text, \"[[Ada]]\")\n```\n- [ ] real\n",
            r#"task "- [ ] real" parent=None section=Some("Open Tasks")"#,
        );
    }
}
