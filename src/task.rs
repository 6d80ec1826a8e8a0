//! One markdown task line read into its status, dates, priority, links, tags, handles and ids.

use crate::body::scan::{byte_set, code_spans, find_byte, link_destination, list_marker, match_brackets, Pairs};
use crate::date::{Date, DateParse};
use std::ops::Range;

/// How far into a bracket the `::` of a dataview field is looked for. Keys are short words, and
/// the bound keeps every bracket constant-cost, so deeply nested brackets stay linear.
const MAX_DATAVIEW_KEY_BYTES: usize = 64;

/// Length of `YYYY-MM-DD`.
const ISO_DATE_LEN: usize = 10;

/// Emoji may be written with a presentation selector (U+FE0F, sometimes U+FE0E) after them.
const VARIATION_SELECTORS: [char; 2] = ['\u{FE0E}', '\u{FE0F}'];

/// Joins emoji into one glyph (👩‍💻); an emoji on either side of it belongs to that glyph.
const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// What may stand between a field emoji and its value: editors and phones insert no-break spaces.
const FIELD_SEPARATORS: [char; 4] = [' ', '\t', '\u{A0}', '\u{202F}'];

/// Characters that end an email's local part; an `@` after them is an address, not a handle.
pub(crate) const EMAIL_LOCAL_PUNCTUATION: [char; 4] = ['_', '.', '+', '-'];

/// Tasks plugin priority, highest first (so the derived order sorts urgent tasks first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    Highest,
    High,
    Medium,
    Low,
    Lowest,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Highest => "highest",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
            Priority::Lowest => "lowest",
        }
    }

    /// The priority a dataview value names (`[priority:: high]`), in any letter case.
    pub fn from_name(name: &str) -> Option<Priority> {
        match name.trim().to_ascii_lowercase().as_str() {
            "highest" => Some(Priority::Highest),
            "high" => Some(Priority::High),
            "medium" => Some(Priority::Medium),
            "low" => Some(Priority::Low),
            "lowest" => Some(Priority::Lowest),
            _ => None,
        }
    }

    /// The Tasks plugin emoji for this priority, for writing it back.
    pub fn emoji(self) -> char {
        match self {
            Priority::Highest => '🔺',
            Priority::High => '⏫',
            Priority::Medium => '🔼',
            Priority::Low => '🔽',
            Priority::Lowest => '⏬',
        }
    }
}

/// What a checkbox symbol means. Custom symbols are `Other`, and the symbol itself is kept in
/// [`TaskLine::status`] so that nothing is lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Todo,
    InProgress,
    Done,
    Cancelled,
    Other,
}

impl StatusKind {
    pub fn from_symbol(c: char) -> StatusKind {
        match c {
            ' ' => StatusKind::Todo,
            '/' => StatusKind::InProgress,
            'x' | 'X' => StatusKind::Done,
            '-' => StatusKind::Cancelled,
            _ => StatusKind::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::Todo => "todo",
            StatusKind::InProgress => "in-progress",
            StatusKind::Done => "done",
            StatusKind::Cancelled => "cancelled",
            StatusKind::Other => "other",
        }
    }

    /// Whether the task still asks for work. Unknown custom statuses count as open, because
    /// hiding a task the user still has to do is worse than showing one too many.
    pub fn is_open(self) -> bool {
        matches!(self, StatusKind::Todo | StatusKind::InProgress | StatusKind::Other)
    }
}

/// The Tasks plugin's `🏁` field: what becomes of a task once it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnCompletion {
    Keep,
    Delete,
}

impl OnCompletion {
    pub fn as_str(self) -> &'static str {
        match self {
            OnCompletion::Keep => "keep",
            OnCompletion::Delete => "delete",
        }
    }

    fn from_name(name: &str) -> Option<OnCompletion> {
        match name.to_ascii_lowercase().as_str() {
            "keep" => Some(OnCompletion::Keep),
            "delete" => Some(OnCompletion::Delete),
            _ => None,
        }
    }
}

/// A recurrence rule the Tasks plugin can read starts with `every` (`every week`, `every 2
/// months on the 15th`); it shows no recurrence for anything else (`🔁 weekly`), so neither does
/// Rapport. Rules it reads that Rapport cannot compute are still kept, as written.
fn is_recurrence_rule(rule: &str) -> bool {
    let mut words = rule.split_whitespace();
    words.next().is_some_and(|w| w.eq_ignore_ascii_case("every")) && words.next().is_some()
}

/// Which metadata syntax a task line uses, so that edits can answer in the same syntax.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    Emoji,
    Dataview,
    #[default]
    None,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Emoji => "emoji",
            Format::Dataview => "dataview",
            Format::None => "none",
        }
    }
}

/// Everything one task line says. Byte offsets are into the line as given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskLine {
    /// Bytes of leading whitespace and blockquote markers before the list marker.
    pub indent: usize,
    /// The checkbox symbol as written.
    pub status: char,
    /// Byte offset of the status symbol, for toggling it in place.
    pub status_byte: usize,
    /// The text without metadata fields and block id, whitespace collapsed. Tags, links and
    /// handles stay in it, as do fields that could not be read (nothing is dropped silently).
    pub description: String,
    pub due: Option<Date>,
    pub scheduled: Option<Date>,
    pub start: Option<Date>,
    pub created: Option<Date>,
    pub done: Option<Date>,
    pub cancelled: Option<Date>,
    pub priority: Option<Priority>,
    pub recurrence: Option<String>,
    /// What to do with the task once done, from `🏁 keep|delete` or `[onCompletion:: …]`:
    /// `keep` or `delete`, as the Tasks plugin writes it.
    pub on_completion: Option<OnCompletion>,
    pub id: Option<String>,
    pub depends_on: Vec<String>,
    /// Tags without the `#`.
    pub tags: Vec<String>,
    /// Wikilink and embed targets as written, before any `|` alias or `#` heading.
    pub links: Vec<String>,
    /// `@` handles without the `@`.
    pub handles: Vec<String>,
    /// `Emoji` when any emoji field was read, else `Dataview` when any dataview field was read.
    /// Unknown dataview keys and fields that could not be read do not count.
    pub format: Format,
    /// A trailing `^block-id`, without the caret.
    pub block_id: Option<String>,
    /// Date fields written with a day that is not on the calendar (`📅 2024-02-31`), one bit per
    /// field (see [`TaskLine::invalid_dates`]). The Tasks plugin shows such a date as invalid and
    /// sorts the task first, as action is required; its text is not part of the description.
    pub invalid: u8,
    /// Where a new trailing field such as ` ✅ 2026-11-26` goes: after the last visible text,
    /// before a trailing block id (which must stay last to keep working), before a `\r`.
    pub metadata_end: usize,
}

impl TaskLine {
    pub fn status_kind(&self) -> StatusKind {
        StatusKind::from_symbol(self.status)
    }

    /// The names of the date fields written with an impossible day (`due`, `scheduled`, …).
    pub fn invalid_dates(&self) -> impl Iterator<Item = &'static str> + '_ {
        DateField::ALL.into_iter().filter(|f| self.invalid & f.bit() != 0).map(DateField::as_str)
    }

    /// Whether the due date was written with an impossible day.
    pub fn due_is_invalid(&self) -> bool {
        self.invalid & DateField::Due.bit() != 0
    }

    fn date_mut(&mut self, field: DateField) -> &mut Option<Date> {
        match field {
            DateField::Due => &mut self.due,
            DateField::Scheduled => &mut self.scheduled,
            DateField::Start => &mut self.start,
            DateField::Created => &mut self.created,
            DateField::Done => &mut self.done,
            DateField::Cancelled => &mut self.cancelled,
        }
    }
}

#[derive(Clone, Copy)]
enum DateField {
    Due,
    Scheduled,
    Start,
    Created,
    Done,
    Cancelled,
}

impl DateField {
    const ALL: [DateField; 6] = [
        DateField::Due,
        DateField::Scheduled,
        DateField::Start,
        DateField::Created,
        DateField::Done,
        DateField::Cancelled,
    ];

    fn bit(self) -> u8 {
        1 << self as u8
    }

    fn as_str(self) -> &'static str {
        match self {
            DateField::Due => "due",
            DateField::Scheduled => "scheduled",
            DateField::Start => "start",
            DateField::Created => "created",
            DateField::Done => "done",
            DateField::Cancelled => "cancelled",
        }
    }
}

/// Records an impossible day for `field` when the task has no date there yet (a second field of
/// a kind is refused, as [`fill`] refuses it). True when recorded.
fn mark_invalid(task: &mut TaskLine, field: DateField) -> bool {
    if task.date_mut(field).is_some() || task.invalid & field.bit() != 0 {
        return false;
    }
    task.invalid |= field.bit();
    true
}

/// `YYYY-MM-DD` in shape, whatever the numbers: the only form a task date may take.
fn iso_shaped(text: &[u8]) -> bool {
    text.len() == ISO_DATE_LEN
        && text.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// `YYYY-MM-DD` in shape but no day on the calendar (`2024-02-31`).
fn impossible_iso(text: &str) -> bool {
    iso_shaped(text.as_bytes()) && crate::date::parse(text) == DateParse::Impossible
}

/// Whether `text` holds an ISO-shaped date that is not a day (`2024-02-31`): a byte scan, so
/// that readers that do not parse task lines can still tell which lines need it. A line it
/// misses has no invalid date field; one it finds may still have none (the date is not a field).
pub fn has_impossible_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(dash) = find_byte(bytes, at, b'-') {
        at = dash + 1;
        if dash >= 4 && text.get(dash - 4..dash + 6).is_some_and(impossible_iso) {
            return true;
        }
    }
    false
}

#[derive(Clone, Copy)]
enum Field {
    Date(DateField),
    Priority(Priority),
    Recurrence,
    OnCompletion,
    Id,
    DependsOn,
}

/// The Tasks plugin field an emoji starts, including the alternates the plugin also accepts.
fn emoji_field(c: char) -> Option<Field> {
    Some(match c {
        '📅' | '📆' | '🗓' => Field::Date(DateField::Due),
        '⏳' | '⌛' => Field::Date(DateField::Scheduled),
        '🛫' => Field::Date(DateField::Start),
        '➕' => Field::Date(DateField::Created),
        '✅' => Field::Date(DateField::Done),
        '❌' => Field::Date(DateField::Cancelled),
        '🔺' => Field::Priority(Priority::Highest),
        '⏫' => Field::Priority(Priority::High),
        '🔼' => Field::Priority(Priority::Medium),
        '🔽' => Field::Priority(Priority::Low),
        '⏬' => Field::Priority(Priority::Lowest),
        '🔁' => Field::Recurrence,
        '🏁' => Field::OnCompletion,
        '🆔' => Field::Id,
        '⛔' => Field::DependsOn,
        _ => return None,
    })
}

/// Reads one line as a task: a list item (`-`, `*`, `+`, `1.`, `1)`) whose text starts with a
/// one-character checkbox. Returns `None` for anything else. Never panics, and runs in time
/// linear in the line's length.
pub fn parse_task_line(line: &str) -> Option<TaskLine> {
    let (head, content) = task_head(line)?;
    let body = content.get(head.body_start..)?;
    let (text, block_id) = split_block_id(body);
    let mut task = TaskLine {
        indent: head.indent,
        status: head.status,
        status_byte: head.status_byte,
        block_id,
        metadata_end: head.body_start + text.len(),
        ..TaskLine::default()
    };
    let mut scanner = Scanner::new(text);
    scanner.run(&mut task);
    task.description = describe(text, &scanner.removed);
    task.format = if scanner.emoji_fields {
        Format::Emoji
    } else if scanner.dataview_fields {
        Format::Dataview
    } else {
        Format::None
    };
    Some(task)
}

/// Whether `line` is a task, as [`parse_task_line`] decides, without reading its text: the
/// `TaskLine` has its indent and status, and nothing else (no description, no fields). For
/// readers that only need to know where the tasks are and which are open.
pub fn recognise_task_line(line: &str) -> Option<TaskLine> {
    let (head, _) = task_head(line)?;
    Some(TaskLine { indent: head.indent, status: head.status, status_byte: head.status_byte, ..TaskLine::default() })
}

/// Whether the task line `line` carries the Tasks plugin's global filter `filter`: its text after
/// the checkbox (fields and block id included) contains it, as a plain, case-sensitive substring,
/// which is how the Tasks plugin matches it (`#task` is also found in `#tasks` and `#task/home`).
/// An empty filter is carried by every task line; a line that is no task carries none.
pub fn carries_filter(line: &str, filter: &str) -> bool {
    if filter.is_empty() {
        return true;
    }
    task_head(line).and_then(|(head, content)| content.get(head.body_start..)).is_some_and(|body| body.contains(filter))
}

/// What makes a line a task: list marker, checkbox and status.
struct TaskHead {
    indent: usize,
    status: char,
    status_byte: usize,
    /// Where the text after the checkbox starts.
    body_start: usize,
}

/// The head of a task line, and the line's content (without its line ending).
fn task_head(line: &str) -> Option<(TaskHead, &str)> {
    let content = line.strip_suffix('\n').unwrap_or(line);
    // A carriage return ends a line wherever it is (CommonMark and the editor break there too):
    // what follows a lone one is not part of this task, however the caller cut the line.
    let content = find_byte(content.as_bytes(), 0, b'\r').and_then(|cr| content.get(..cr)).unwrap_or(content);
    let bytes = content.as_bytes();

    let indent = bytes.iter().take_while(|&&b| matches!(b, b' ' | b'\t' | b'>')).count();
    let (_, marker, _) = list_marker(bytes.get(indent..)?)?;
    let mut at = indent + marker;
    let spaces = bytes.iter().skip(at).take_while(|&&b| matches!(b, b' ' | b'\t')).count();
    if spaces == 0 {
        return None;
    }
    at += spaces;
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    let status_byte = at + 1;
    let status = content.get(status_byte..)?.chars().next()?;
    let close = status_byte + status.len_utf8();
    if bytes.get(close) != Some(&b']') {
        return None;
    }
    let body_start = close + 1;
    if !matches!(bytes.get(body_start), None | Some(b' ' | b'\t')) {
        return None;
    }
    Some((TaskHead { indent, status, status_byte, body_start }, content))
}

/// Splits a trailing ` ^block-id` off the text after the checkbox. The text returned also loses
/// trailing blanks, so its end is where new metadata belongs.
fn split_block_id(body: &str) -> (&str, Option<String>) {
    let blanks: &[char] = &[' ', '\t'];
    let trimmed = body.trim_end_matches(blanks);
    // Most lines have no `^` at all.
    if !trimmed.as_bytes().contains(&b'^') {
        return (trimmed, None);
    }
    // Obsidian only takes a block id that is the last word, after a blank.
    let Some(blank) = trimmed.rfind(blanks) else {
        return (trimmed, None);
    };
    let token = trimmed.get(blank + 1..).unwrap_or("");
    match token.strip_prefix('^') {
        Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            let before = trimmed.get(..blank).unwrap_or("").trim_end_matches(blanks);
            (before, Some(id.to_string()))
        }
        _ => (trimmed, None),
    }
}

/// The text with the removed spans cut out (each replaced by a space, so that the words on
/// either side never fuse) and whitespace collapsed.
fn describe(text: &str, removed: &[Range<usize>]) -> String {
    // The text between the removed spans, its words joined by single spaces, in one pass and
    // one allocation (a removed span separates words as a space does).
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in removed {
        push_words(&mut out, text.get(at..span.start).unwrap_or(""));
        at = span.end;
    }
    push_words(&mut out, text.get(at..).unwrap_or(""));
    // Kept for the task's lifetime: no spare capacity (shrinking is in place).
    out.shrink_to_fit();
    out
}

/// Appends the words of `text` to `out`, each after a single space unless `out` is empty.
fn push_words(out: &mut String, text: &str) {
    let mut push = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    if !text.is_ascii() {
        text.split_whitespace().for_each(push);
        return;
    }
    // In ASCII, Unicode's white space is tab, line feed, vertical tab, form feed, carriage
    // return and space; split on bytes (any ASCII offset is a char boundary).
    let bytes = text.as_bytes();
    let blank = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let mut at = 0;
    while at < bytes.len() {
        let start = at + bytes[at..].iter().take_while(|&&b| blank(b)).count();
        let end = start + bytes[start..].iter().take_while(|&&b| !blank(b)).count();
        if start < end {
            push(text.get(start..end).unwrap_or(""));
        }
        at = end;
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_words(&mut out, text);
    out.shrink_to_fit();
    out
}

/// Tasks plugin ids and dependency ids: ASCII letters, digits, `-` and `_`.
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn is_task_id(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_id_char)
}

/// Stores `value` in an empty slot. A second field of the same kind is refused, so that it stays
/// in the description instead of silently overwriting or vanishing.
fn fill<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    match (slot.is_none(), value) {
        (true, Some(value)) => {
            *slot = Some(value);
            true
        }
        _ => false,
    }
}

/// The bytes [`Scanner::run`] acts on: code, escapes, links and fields in brackets, a link's
/// destination, URLs, tags, handles, comments, and every byte of a non-ASCII character (field
/// emoji among them). Every other ASCII byte is passed over.
const TASK_SPECIAL: [bool; 256] = byte_set(b"`\\[(]:#@%<", true);

/// One left-to-right pass over the text after the checkbox. Every step moves forward, and every
/// jump target was precomputed, so the whole pass is linear.
struct Scanner<'a> {
    text: &'a str,
    code: Pairs,
    square: Pairs,
    round: Pairs,
    /// Byte ranges of metadata, in order and disjoint, to cut from the description.
    removed: Vec<Range<usize>>,
    emoji_fields: bool,
    dataview_fields: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        let code = code_spans(text);
        let (square, round) = match_brackets(text, &code);
        Scanner { text, code, square, round, removed: Vec::new(), emoji_fields: false, dataview_fields: false }
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..)?.chars().next()
    }

    fn char_before(&self, at: usize) -> Option<char> {
        self.text.get(..at)?.chars().next_back()
    }

    /// The end of the run of characters from `at` that satisfy `keep`.
    fn run_end(&self, at: usize, keep: impl Fn(char) -> bool) -> usize {
        let rest = self.text.get(at..).unwrap_or("");
        at + rest.find(|c: char| !keep(c)).unwrap_or(rest.len())
    }

    fn run(&mut self, task: &mut TaskLine) {
        let bytes = self.text.as_bytes();
        let mut at = 0;
        while at < self.text.len() {
            // Plain ASCII text means nothing here: pass over it in one tight loop.
            match bytes.get(at..).and_then(|rest| rest.iter().position(|&b| TASK_SPECIAL[b as usize])) {
                Some(skip) => at += skip,
                None => break,
            }
            let Some(c) = self.char_at(at) else {
                // Not on a char boundary; no jump should land here, but never stop early.
                at += 1;
                continue;
            };
            let after = at + c.len_utf8();
            let next = match c {
                // Code is literal: nothing inside it is metadata, a tag, a link or a handle.
                '`' => self.code.get(at).unwrap_or(after),
                // Nor is a comment, Obsidian's `%%…%%` or HTML's `<!-- … -->`: Obsidian reads no
                // tag or link inside one. It stays in the description, as written.
                '%' | '<' => self.comment_end(at).unwrap_or(after),
                '\\' => match self.char_at(after) {
                    Some(escaped) if escaped.is_ascii_punctuation() => after + 1,
                    _ => after,
                },
                '[' => self.wikilink(at, task).or_else(|| self.dataview(at, true, task)).unwrap_or(after),
                '(' => self.dataview(at, false, task).unwrap_or(after),
                // A markdown link: its destination is a note (a link, as Obsidian lists it) or a
                // URL, whose `#` and `@` mean nothing here.
                ']' if self.char_at(after) == Some('(') => match link_destination(self.text, after + 1) {
                    Some((target, end)) => {
                        task.links.push(target);
                        end
                    }
                    None => self.round.get(after).map_or(after, |close| close + 1),
                },
                ':' => self.bare_url(at).unwrap_or(after),
                '#' => self.tag(at, task).unwrap_or(after),
                '@' => self.handle(at, task).unwrap_or(after),
                _ => match emoji_field(c) {
                    Some(field) => self.emoji_field(at, c, field, task).unwrap_or(after),
                    None => after,
                },
            };
            at = next.max(after);
        }
    }

    /// Where a comment opened at `at` ends: after its closer, or at the end of the line when it
    /// is not closed there (it goes on below, where the body's reader hides whole lines).
    fn comment_end(&self, at: usize) -> Option<usize> {
        let rest = self.text.get(at..)?;
        let (open, close) = if rest.starts_with("%%") {
            ("%%", "%%")
        } else if rest.starts_with("<!--") {
            ("<!--", "-->")
        } else {
            return None;
        };
        let inner = &rest[open.len()..];
        Some(at + open.len() + inner.find(close).map_or(inner.len(), |end| end + close.len()))
    }

    /// `[[target]]`, `[[target|alias]]`, `[[target#heading]]`; an embed's `!` needs nothing more.
    fn wikilink(&self, open: usize, task: &mut TaskLine) -> Option<usize> {
        if self.char_at(open + 1) != Some('[') {
            return None;
        }
        let inner_close = self.square.get(open + 1)?;
        let outer_close = self.square.get(open)?;
        if outer_close != inner_close + 1 {
            return None;
        }
        let inner = self.text.get(open + 2..inner_close)?;
        let target = inner.split(['|', '#']).next().unwrap_or("");
        // Inside tables the alias pipe is escaped as `\|`; the backslash is not part of the name.
        let target = target.trim().trim_end_matches('\\').trim_end();
        // `[[#heading]]` points into the same note, which is no link to another note.
        if !target.is_empty() {
            task.links.push(target.to_string());
        }
        Some(outer_close + 1)
    }

    /// `[key:: value]` or `(key:: value)` with a key the Tasks plugin knows and a value it can
    /// read. Anything else is left to the description, unknown keys included.
    fn dataview(&mut self, open: usize, square: bool, task: &mut TaskLine) -> Option<usize> {
        let pairs = if square { &self.square } else { &self.round };
        let close = pairs.get(open)?;
        let inner = self.text.get(open + 1..close)?;
        let bytes = inner.as_bytes();
        let limit = bytes.len().min(MAX_DATAVIEW_KEY_BYTES + 2);
        let colons = (0..limit).find(|&i| bytes.get(i) == Some(&b':') && bytes.get(i + 1) == Some(&b':'))?;
        let key = inner.get(..colons)?;
        if key.contains(['[', ']', '(', ')']) {
            return None;
        }
        let value = inner.get(colons + 2..)?.trim();
        let date = |task: &mut TaskLine, field: DateField| match Date::parse_iso(value) {
            Some(date) if task.invalid & field.bit() == 0 => fill(task.date_mut(field), Some(date)),
            Some(_) => false,
            None if impossible_iso(value) => mark_invalid(task, field),
            None => false,
        };
        // The keys as the Tasks plugin documents and matches them: case matters (`dependsOn`).
        let read = match key.trim() {
            "due" => date(task, DateField::Due),
            "scheduled" => date(task, DateField::Scheduled),
            "start" => date(task, DateField::Start),
            "created" => date(task, DateField::Created),
            "completion" => date(task, DateField::Done),
            "cancelled" => date(task, DateField::Cancelled),
            "priority" => fill(&mut task.priority, Priority::from_name(value)),
            "repeat" => {
                let rule = Some(collapse_whitespace(value)).filter(|r| is_recurrence_rule(r));
                fill(&mut task.recurrence, rule)
            }
            "onCompletion" => fill(&mut task.on_completion, OnCompletion::from_name(value)),
            "id" => fill(&mut task.id, Some(value.to_string()).filter(|v| is_task_id(v))),
            "dependsOn" => {
                let ids: Vec<String> = value.split(',').map(|id| id.trim().to_string()).collect();
                let valid = task.depends_on.is_empty() && ids.iter().all(|id| is_task_id(id));
                if valid {
                    task.depends_on = ids;
                }
                valid
            }
            _ => false,
        };
        if !read {
            return None;
        }
        self.dataview_fields = true;
        self.removed.push(open..close + 1);
        Some(close + 1)
    }

    /// `scheme://...` up to the next whitespace: a URL's `#fragment` and `/@user` are not
    /// tags or handles.
    fn bare_url(&self, colon: usize) -> Option<usize> {
        let rest = self.text.get(colon..)?;
        if !rest.starts_with("://") || !self.char_before(colon).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(colon + rest.find(char::is_whitespace).unwrap_or(rest.len()))
    }

    /// `#tag` or `#tag/sub` after whitespace (so `a#b` and `[[note#heading]]` are not tags), or
    /// after an escaped bracket: `\[\[#tag\]\]` is text, not a link, and Obsidian reads its tag.
    /// Obsidian does not count a digit-only word (`#123`) as a tag.
    fn tag(&self, hash: usize, task: &mut TaskLine) -> Option<usize> {
        let escaped_bracket = self.text.get(..hash).is_some_and(|before| before.ends_with("\\["));
        if !self.char_before(hash).is_none_or(char::is_whitespace) && !escaped_bracket {
            return None;
        }
        let end = self.run_end(hash + 1, |c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'));
        let name = self.text.get(hash + 1..end)?;
        if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        task.tags.push(name.to_string());
        Some(end)
    }

    /// `@AdaBrennan`, `@Ada.Brennan`, `@Seán-O'Neil`; not the `@` of an email address.
    fn handle(&self, at: usize, task: &mut TaskLine) -> Option<usize> {
        let before = self.char_before(at);
        if before.is_some_and(|c| c.is_alphanumeric() || EMAIL_LOCAL_PUNCTUATION.contains(&c)) {
            return None;
        }
        // A handle starts with a name character; `@.` or `@'` is punctuation, not a person.
        if !self.char_at(at + 1).is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let end = self.run_end(at + 1, |c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\''));
        let name = self.text.get(at + 1..end)?.trim_end_matches(['.', '\'', '-']);
        if name.is_empty() {
            return None;
        }
        task.handles.push(name.to_string());
        Some(end)
    }

    /// A Tasks plugin emoji field starting at `start` with the emoji `emoji`. Returns where
    /// scanning resumes, or `None` (leaving the emoji as text) when the field cannot be read.
    fn emoji_field(&mut self, start: usize, emoji: char, field: Field, task: &mut TaskLine) -> Option<usize> {
        if self.char_before(start) == Some(ZERO_WIDTH_JOINER) {
            return None;
        }
        let mut emoji_end = start + emoji.len_utf8();
        if let Some(selector) = self.char_at(emoji_end).filter(|c| VARIATION_SELECTORS.contains(c)) {
            emoji_end += selector.len_utf8();
        }
        if self.char_at(emoji_end) == Some(ZERO_WIDTH_JOINER) {
            return None;
        }
        let value = self.run_end(emoji_end, |c| FIELD_SEPARATORS.contains(&c));
        let end = match field {
            Field::Priority(priority) => {
                if !fill(&mut task.priority, Some(priority)) {
                    return None;
                }
                emoji_end
            }
            Field::Date(which) => {
                let written = self.text.get(value..value + ISO_DATE_LEN)?;
                let end = value + ISO_DATE_LEN;
                // `📅 2026-01-011` or `📅 2026-01-01T10:00` is not a plain date.
                if self.char_at(end).is_some_and(char::is_alphanumeric) {
                    return None;
                }
                let read = match crate::date::parse(written) {
                    DateParse::Iso(date) if task.invalid & which.bit() == 0 => fill(task.date_mut(which), Some(date)),
                    DateParse::Impossible if iso_shaped(written.as_bytes()) => mark_invalid(task, which),
                    _ => false,
                };
                if !read {
                    return None;
                }
                end
            }
            Field::Recurrence => {
                // The Tasks plugin's rule alphabet (letters, digits, spaces, `,`, `!`), so the rule
                // ends at the next emoji field, tag, link, handle or bracket.
                let run = self
                    .run_end(value, |c| c.is_alphanumeric() || FIELD_SEPARATORS.contains(&c) || matches!(c, ',' | '!'));
                let rule = self.text.get(value..run)?.trim_end();
                if !is_recurrence_rule(rule) || !fill(&mut task.recurrence, Some(collapse_whitespace(rule))) {
                    return None;
                }
                value + rule.len()
            }
            Field::OnCompletion => {
                let end = self.run_end(value, |c| c.is_ascii_alphabetic());
                if !fill(&mut task.on_completion, OnCompletion::from_name(self.text.get(value..end)?)) {
                    return None;
                }
                end
            }
            Field::Id => {
                let end = self.run_end(value, is_id_char);
                let id = self.text.get(value..end)?;
                if id.is_empty() || !fill(&mut task.id, Some(id.to_string())) {
                    return None;
                }
                end
            }
            Field::DependsOn => {
                let (ids, end) = self.id_list(value);
                if ids.is_empty() || !task.depends_on.is_empty() {
                    return None;
                }
                task.depends_on = ids;
                end
            }
        };
        self.emoji_fields = true;
        self.removed.push(start..end);
        Some(end)
    }

    /// `id1,id2` or `id1, id2` from `at`, and where the last id ends (a trailing comma stays text).
    fn id_list(&self, at: usize) -> (Vec<String>, usize) {
        let mut ids = Vec::new();
        let mut from = at;
        let mut end = at;
        loop {
            let id_end = self.run_end(from, is_id_char);
            let Some(id) = self.text.get(from..id_end).filter(|id| !id.is_empty()) else {
                break;
            };
            ids.push(id.to_string());
            end = id_end;
            let comma = self.run_end(id_end, |c| c == ' ' || c == '\u{A0}');
            if self.char_at(comma) != Some(',') {
                break;
            }
            from = self.run_end(comma + 1, |c| c == ' ' || c == '\u{A0}');
        }
        (ids, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path of `push_words` splits exactly where `split_whitespace` does: every string
    /// of up to four characters over white space at the edges of ASCII's and a few others.
    #[test]
    fn ascii_words_split_as_unicode_white_space_does() {
        let alphabet = ['a', ' ', '\t', '\n', '\u{0B}', '\u{0C}', '\r', '\u{1C}', '\u{1F}', '\u{85}', 'é'];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                strings.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            strings.extend(longer);
        }
        for s in &strings {
            let mut got = String::from("x");
            push_words(&mut got, s);
            let want = std::iter::once("x").chain(s.split_whitespace()).collect::<Vec<_>>().join(" ");
            assert_eq!(got, want, "{s:?}");
        }
    }

    /// A compact rendering: status and format always, every other field only when set.
    fn render(task: &TaskLine) -> String {
        let mut out = vec![format!("status=[{}]", task.status)];
        if task.indent > 0 {
            out.push(format!("indent={}", task.indent));
        }
        let invalid: Vec<&str> = task.invalid_dates().collect();
        if !invalid.is_empty() {
            out.push(format!("invalid=[{}]", invalid.join(",")));
        }
        let dates = [
            ("due", task.due),
            ("scheduled", task.scheduled),
            ("start", task.start),
            ("created", task.created),
            ("done", task.done),
            ("cancelled", task.cancelled),
        ];
        for (name, date) in dates {
            if let Some(date) = date {
                out.push(format!("{name}={date}"));
            }
        }
        if let Some(priority) = task.priority {
            out.push(format!("prio={}", priority.as_str()));
        }
        if let Some(rule) = &task.recurrence {
            out.push(format!("repeat={rule:?}"));
        }
        if let Some(then) = task.on_completion {
            out.push(format!("completion={}", then.as_str()));
        }
        if let Some(id) = &task.id {
            out.push(format!("id={id}"));
        }
        let lists =
            [("depends", &task.depends_on), ("tags", &task.tags), ("links", &task.links), ("handles", &task.handles)];
        out.push(format!("desc=\"{}\"", task.description));
        for (name, list) in lists {
            if !list.is_empty() {
                out.push(format!("{name}=[{}]", list.join(",")));
            }
        }
        if let Some(block) = &task.block_id {
            out.push(format!("block={block}"));
        }
        out.push(format!("format={}", task.format.as_str()));
        out.join(" ")
    }

    fn check(line: &str, expect: &str) {
        let got = parse_task_line(line).map_or("none".to_string(), |task| render(&task));
        assert_eq!(got, expect, "line {line:?}");
    }

    #[test]
    fn statuses() {
        check("- [ ] Call Ada", r##"status=[ ] desc="Call Ada" format=none"##);
        check("- [x] Call Ada", r##"status=[x] desc="Call Ada" format=none"##);
        check("- [X] Call Ada", r##"status=[X] desc="Call Ada" format=none"##);
        check("- [/] Call Ada", r##"status=[/] desc="Call Ada" format=none"##);
        check("- [-] Call Ada", r##"status=[-] desc="Call Ada" format=none"##);
        check("- [?] Call Ada", r##"status=[?] desc="Call Ada" format=none"##);
        check("- [>] Call Ada", r##"status=[>] desc="Call Ada" format=none"##);
        check("- [✓] Call Ada", r##"status=[✓] desc="Call Ada" format=none"##);
        check("- [ ]", r##"status=[ ] desc="" format=none"##);
        check("- [x]\tTabbed", r##"status=[x] desc="Tabbed" format=none"##);
    }

    #[test]
    fn status_kinds() {
        let kinds: Vec<String> = [' ', '/', 'x', 'X', '-', '?']
            .into_iter()
            .map(|c| {
                let kind = StatusKind::from_symbol(c);
                format!("{}:{}", kind.as_str(), kind.is_open())
            })
            .collect();
        assert_eq!(kinds.join(" "), "todo:true in-progress:true done:false done:false cancelled:false other:true");
    }

    #[test]
    fn markers_and_indent() {
        check("* [ ] a", r##"status=[ ] desc="a" format=none"##);
        check("+ [ ] a", r##"status=[ ] desc="a" format=none"##);
        check("1. [ ] a", r##"status=[ ] desc="a" format=none"##);
        check("12) [ ] a", r##"status=[ ] desc="a" format=none"##);
        check("-   [ ] a", r##"status=[ ] desc="a" format=none"##);
        check("    - [ ] nested", r##"status=[ ] indent=4 desc="nested" format=none"##);
        check("\t\t- [ ] tabs", r##"status=[ ] indent=2 desc="tabs" format=none"##);
        check("> - [ ] quoted", r##"status=[ ] indent=2 desc="quoted" format=none"##);
        check("> > - [x] deeper", r##"status=[x] indent=4 desc="deeper" format=none"##);
    }

    #[test]
    fn global_filter_is_a_substring_of_the_text_after_the_checkbox() {
        assert!(carries_filter("- [ ] anything", ""));
        assert!(carries_filter("- [ ] #task call Ada", "#task"));
        assert!(carries_filter("> 1. [x] call Ada #tasks", "#task"));
        assert!(carries_filter("- [ ] call Ada 📅 2026-01-02 #task ^id-1", "#task"));
        assert!(!carries_filter("- [ ] #Task call Ada", "#task"));
        assert!(!carries_filter("- [ ] call Ada", "#task"));
        // The marker and the checkbox are not the text: a filter found only there is not carried.
        assert!(!carries_filter("- [ ] call Ada", "- ["));
        assert!(!carries_filter("- [ ] call Ada\r#task", "#task"));
        assert!(!carries_filter("#task", "#task"));
    }

    #[test]
    fn not_tasks() {
        check("- [ ]x", "none");
        check("-[ ] a", "none");
        check("[ ] a", "none");
        check("- [  ] a", "none");
        check("- [] a", "none");
        check("- a", "none");
        check("- [x", "none");
        check("- [", "none");
        check("-", "none");
        check("", "none");
        check("a - [ ] b", "none");
        check("1234567890. [ ] too many digits", "none");
        check("1 [ ] no dot", "none");
        check("- ✅ a decision, not a task", "none");
    }

    #[test]
    fn comments_hide_tags_links_handles_and_fields() {
        check(
            "- [ ] Call [[Ada Brennan]] %%not [[Bo Kim]] #later @BoKim 📅 2026-01-01%% #work",
            r##"status=[ ] desc="Call [[Ada Brennan]] %%not [[Bo Kim]] #later @BoKim 📅 2026-01-01%% #work" tags=[work] links=[Ada Brennan] format=none"##,
        );
        check(
            "- [ ] Plan <!-- #draft [[Bo Kim]] --> #work",
            r##"status=[ ] desc="Plan <!-- #draft [[Bo Kim]] --> #work" tags=[work] format=none"##,
        );
        // Not closed on the line: the comment runs to its end (and on into the lines below).
        check(
            "- [ ] Plan #work %% #draft [[Bo Kim]]",
            r##"status=[ ] desc="Plan #work %% #draft [[Bo Kim]]" tags=[work] format=none"##,
        );
        // One `%` or `<` opens nothing.
        check("- [ ] 50% off <b> #work", r##"status=[ ] desc="50% off <b> #work" tags=[work] format=none"##);
        // In a code span, `%%` is text.
        check("- [ ] `%%` then #work", r##"status=[ ] desc="`%%` then #work" tags=[work] format=none"##);
    }

    #[test]
    fn impossible_dates_are_invalid_fields_not_text() {
        check("- [ ] Pay 📅 2024-02-31", r##"status=[ ] invalid=[due] desc="Pay" format=emoji"##);
        check(
            "- [ ] Pay [due:: 2024-02-31] [scheduled:: 2024-13-01]",
            r##"status=[ ] invalid=[due,scheduled] desc="Pay" format=dataview"##,
        );
        // A second due field, valid or not, is refused as any second field is.
        check(
            "- [ ] Pay 📅 2024-02-31 📅 2024-03-01",
            r##"status=[ ] invalid=[due] desc="Pay 📅 2024-03-01" format=emoji"##,
        );
        check(
            "- [ ] Pay 📅 2024-03-01 📅 2024-02-31",
            r##"status=[ ] due=2024-03-01 desc="Pay 📅 2024-02-31" format=emoji"##,
        );
        // Not ISO-shaped: no date at all, left in the text.
        check("- [ ] Pay 📅 2024/02/31", r##"status=[ ] desc="Pay 📅 2024/02/31" format=none"##);
        check(
            "- [ ] Pay (due:: 10/32/2019) [due:: 2019-1-100]",
            r##"status=[ ] desc="Pay (due:: 10/32/2019) [due:: 2019-1-100]" format=none"##,
        );
        assert!(has_impossible_date("- [ ] a 📅 2024-02-31"));
        assert!(has_impossible_date("x 2023-02-29"));
        assert!(!has_impossible_date("- [ ] a 📅 2024-02-29 and 12-34-56 and 2024-1-1"));
    }

    #[test]
    fn on_completion_and_recurrence_as_the_tasks_plugin_reads_them() {
        check(
            "- [ ] Water plants 🔁 every week 🏁 delete",
            r##"status=[ ] repeat="every week" completion=delete desc="Water plants" format=emoji"##,
        );
        check(
            "- [ ] a [onCompletion:: keep] [repeat:: every month]",
            r##"status=[ ] repeat="every month" completion=keep desc="a" format=dataview"##,
        );
        check("- [ ] a 🏁 archive", r##"status=[ ] desc="a 🏁 archive" format=none"##);
        // A rule that does not start with `every` is no recurrence for the Tasks plugin.
        check("- [ ] a 🔁 weekly", r##"status=[ ] desc="a 🔁 weekly" format=none"##);
        check("- [ ] a [repeat:: monthly]", r##"status=[ ] desc="a [repeat:: monthly]" format=none"##);
        check("- [ ] a 🔁 every", r##"status=[ ] desc="a 🔁 every" format=none"##);
        check("- [ ] a [dependsOn:: x1, y_2]", r##"status=[ ] desc="a" depends=[x1,y_2] format=dataview"##);
    }

    #[test]
    fn a_tag_after_escaped_brackets_is_a_tag() {
        check(r"- [ ] \[\[#Tag\]\] here", r##"status=[ ] desc="\[\[#Tag\]\] here" tags=[Tag] format=none"##);
        check("- [ ] a[#no", r##"status=[ ] desc="a[#no" format=none"##);
    }

    #[test]
    fn line_endings() {
        check("- [ ] Call Ada\r", r##"status=[ ] desc="Call Ada" format=none"##);
        check("- [ ] Call 📅 2026-01-01\r\n", r##"status=[ ] due=2026-01-01 desc="Call" format=emoji"##);
        check("- [ ]\r", r##"status=[ ] desc="" format=none"##);
    }

    #[test]
    fn emoji_dates() {
        check("- [ ] a 📅 2026-01-02", r##"status=[ ] due=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a ⏳ 2026-01-02", r##"status=[ ] scheduled=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a 🛫 2026-01-02", r##"status=[ ] start=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a ➕ 2026-01-02", r##"status=[ ] created=2026-01-02 desc="a" format=emoji"##);
        check("- [x] a ✅ 2026-01-02", r##"status=[x] done=2026-01-02 desc="a" format=emoji"##);
        check("- [-] a ❌ 2026-01-02", r##"status=[-] cancelled=2026-01-02 desc="a" format=emoji"##);
        check(
            "- [ ] a ➕ 2025-12-01 🛫 2025-12-02 ⏳ 2025-12-03 📅 2025-12-04",
            r##"status=[ ] due=2025-12-04 scheduled=2025-12-03 start=2025-12-02 created=2025-12-01 desc="a" format=emoji"##,
        );
        check("- [ ] in the 📅 2026-01-02 middle", r##"status=[ ] due=2026-01-02 desc="in the middle" format=emoji"##);
    }

    #[test]
    fn emoji_spelling() {
        check("- [ ] a 📅2026-01-02", r##"status=[ ] due=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a 📅\u{FE0F} 2026-01-02", r##"status=[ ] due=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a ✅\u{FE0F}2026-01-02", r##"status=[ ] done=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a 📅\u{A0}2026-01-02", r##"status=[ ] due=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a\u{A0}⏫\u{A0}b", r##"status=[ ] prio=high desc="a b" format=emoji"##);
        check("- [ ] a 📆 2026-01-02", r##"status=[ ] due=2026-01-02 desc="a" format=emoji"##);
        check("- [ ] a⏳2026-01-02", r##"status=[ ] scheduled=2026-01-02 desc="a" format=emoji"##);
    }

    #[test]
    fn unreadable_fields_stay_in_the_description() {
        // An impossible day is an invalid field (see `impossible_dates_are_invalid_fields_not_text`).
        check("- [ ] a 📅 2026-02-30", r##"status=[ ] invalid=[due] desc="a" format=emoji"##);
        check("- [ ] a 📅 soon", r##"status=[ ] desc="a 📅 soon" format=none"##);
        check("- [ ] a 📅", r##"status=[ ] desc="a 📅" format=none"##);
        check("- [ ] a 📅 2026-01-011", r##"status=[ ] desc="a 📅 2026-01-011" format=none"##);
        check("- [ ] a 📅 2026-1-2", r##"status=[ ] desc="a 📅 2026-1-2" format=none"##);
        check("- [x] ✅ shipped", r##"status=[x] desc="✅ shipped" format=none"##);
        check("- [ ] 🔁 ⏫", r##"status=[ ] prio=high desc="🔁" format=emoji"##);
        check("- [ ] 🆔 !", r##"status=[ ] desc="🆔 !" format=none"##);
        check("- [ ] ⛔ ,", r##"status=[ ] desc="⛔ ," format=none"##);
        // A second field of one kind is kept as text, not dropped.
        check(
            "- [ ] a 📅 2026-01-01 📅 2026-02-02",
            r##"status=[ ] due=2026-01-01 desc="a 📅 2026-02-02" format=emoji"##,
        );
        check("- [ ] a 🔼 🔽", r##"status=[ ] prio=medium desc="a 🔽" format=emoji"##);
    }

    #[test]
    fn priorities() {
        check("- [ ] a 🔺", r##"status=[ ] prio=highest desc="a" format=emoji"##);
        check("- [ ] a ⏫", r##"status=[ ] prio=high desc="a" format=emoji"##);
        check("- [ ] a 🔼", r##"status=[ ] prio=medium desc="a" format=emoji"##);
        check("- [ ] a 🔽", r##"status=[ ] prio=low desc="a" format=emoji"##);
        check("- [ ] a ⏬\u{FE0F}", r##"status=[ ] prio=lowest desc="a" format=emoji"##);
        assert!(Priority::Highest < Priority::Lowest);
        assert_eq!(Priority::from_name(" High "), Some(Priority::High));
        assert_eq!(
            parse_task_line(&format!("- [ ] {}", Priority::Low.emoji())).and_then(|t| t.priority),
            Some(Priority::Low)
        );
    }

    #[test]
    fn recurrence_ids_and_dependencies() {
        check(
            "- [ ] Review 🔁 every week 📅 2026-01-05",
            r##"status=[ ] due=2026-01-05 repeat="every week" desc="Review" format=emoji"##,
        );
        check(
            "- [ ] Review 🔁 every 2 weeks on Monday, Friday #work",
            r##"status=[ ] repeat="every 2 weeks on Monday, Friday" desc="Review #work" tags=[work] format=emoji"##,
        );
        check(
            "- [ ] Review 🔁\u{A0}every\u{A0}month when done",
            r##"status=[ ] repeat="every month when done" desc="Review" format=emoji"##,
        );
        check("- [ ] a 🆔 abc123", r##"status=[ ] id=abc123 desc="a" format=emoji"##);
        check("- [ ] a 🆔 abc_1-2 b", r##"status=[ ] id=abc_1-2 desc="a b" format=emoji"##);
        check("- [ ] a ⛔ id1,id2", r##"status=[ ] desc="a" depends=[id1,id2] format=emoji"##);
        check("- [ ] a ⛔ id1 , id2, id3 ⏫", r##"status=[ ] prio=high desc="a" depends=[id1,id2,id3] format=emoji"##);
        check("- [ ] a ⛔ id1,", r##"status=[ ] desc="a ," depends=[id1] format=emoji"##);
    }

    #[test]
    fn dataview_fields() {
        check("- [ ] a [due:: 2025-11-20]", r##"status=[ ] due=2025-11-20 desc="a" format=dataview"##);
        check("- [ ] a (due:: 2025-11-20)", r##"status=[ ] due=2025-11-20 desc="a" format=dataview"##);
        check("- [ ] a [scheduled:: 2025-11-20]", r##"status=[ ] scheduled=2025-11-20 desc="a" format=dataview"##);
        check("- [ ] a [start:: 2025-11-20]", r##"status=[ ] start=2025-11-20 desc="a" format=dataview"##);
        check("- [ ] a [created:: 2025-11-20]", r##"status=[ ] created=2025-11-20 desc="a" format=dataview"##);
        check("- [x] a [completion:: 2025-11-20]", r##"status=[x] done=2025-11-20 desc="a" format=dataview"##);
        check("- [-] a [cancelled:: 2025-11-20]", r##"status=[-] cancelled=2025-11-20 desc="a" format=dataview"##);
        check("- [ ] a [priority:: high]", r##"status=[ ] prio=high desc="a" format=dataview"##);
        check("- [ ] a [priority:: Lowest]", r##"status=[ ] prio=lowest desc="a" format=dataview"##);
        check("- [ ] a [repeat:: every  week]", r##"status=[ ] repeat="every week" desc="a" format=dataview"##);
        check("- [ ] a [id:: abc123]", r##"status=[ ] id=abc123 desc="a" format=dataview"##);
        check("- [ ] a [dependsOn:: x1, y2]", r##"status=[ ] desc="a" depends=[x1,y2] format=dataview"##);
        // Keys are matched as the Tasks plugin matches them: case matters.
        check("- [ ] a [DUE:: 2025-11-20]", r##"status=[ ] desc="a [DUE:: 2025-11-20]" format=none"##);
        check("- [ ] a [dependson:: x1]", r##"status=[ ] desc="a [dependson:: x1]" format=none"##);
        check("- [ ] a[due::2025-11-20]b", r##"status=[ ] due=2025-11-20 desc="a b" format=dataview"##);
    }

    #[test]
    fn dataview_fields_that_stay() {
        check("- [ ] a [project:: Rapport]", r##"status=[ ] desc="a [project:: Rapport]" format=none"##);
        check(
            "- [ ] a [who:: [[Ada Brennan]]]",
            r##"status=[ ] desc="a [who:: [[Ada Brennan]]]" links=[Ada Brennan] format=none"##,
        );
        check("- [ ] a [due:: tomorrow]", r##"status=[ ] desc="a [due:: tomorrow]" format=none"##);
        check("- [ ] a [priority:: urgent]", r##"status=[ ] desc="a [priority:: urgent]" format=none"##);
        check("- [ ] a [due:: 2025-11-20", r##"status=[ ] desc="a [due:: 2025-11-20" format=none"##);
        check("- [ ] see [notes](due:: x) here", r##"status=[ ] desc="see [notes](due:: x) here" format=none"##);
    }

    #[test]
    fn mixed_formats() {
        check(
            "- [ ] a [due:: 2025-11-20] ⏫ [priority:: low]",
            r##"status=[ ] due=2025-11-20 prio=high desc="a [priority:: low]" format=emoji"##,
        );
        check(
            "- [ ] a (scheduled:: 2025-11-20) 📅 2025-11-21",
            r##"status=[ ] due=2025-11-21 scheduled=2025-11-20 desc="a" format=emoji"##,
        );
    }

    #[test]
    fn tags() {
        check(
            "- [ ] a #work #work/sub #a_b-c",
            r##"status=[ ] desc="a #work #work/sub #a_b-c" tags=[work,work/sub,a_b-c] format=none"##,
        );
        check("- [ ] issue #123 and #1a", r##"status=[ ] desc="issue #123 and #1a" tags=[1a] format=none"##);
        check("- [ ] a#b and # alone", r##"status=[ ] desc="a#b and # alone" format=none"##);
        check("- [ ] `#code` \\#escaped", r##"status=[ ] desc="`#code` \#escaped" format=none"##);
        check("- [ ] #café, #日本", r##"status=[ ] desc="#café, #日本" tags=[café,日本] format=none"##);
        check("- [ ] #work📅 2026-01-01", r##"status=[ ] due=2026-01-01 desc="#work" tags=[work] format=emoji"##);
    }

    #[test]
    fn links() {
        check(
            "- [ ] Call [[People/Ada Brennan|Ada]] re [[Plan#Budget]]",
            r##"status=[ ] desc="Call [[People/Ada Brennan|Ada]] re [[Plan#Budget]]" links=[People/Ada Brennan,Plan] format=none"##,
        );
        check(
            "- [ ] see ![[diagram.png]]",
            r##"status=[ ] desc="see ![[diagram.png]]" links=[diagram.png] format=none"##,
        );
        check(
            "- [ ] | [[Ada Brennan\\|Ada]] |",
            r##"status=[ ] desc="| [[Ada Brennan\|Ada]] |" links=[Ada Brennan] format=none"##,
        );
        check(
            "- [ ] [[#Heading]] [[Ada #tag]]",
            r##"status=[ ] desc="[[#Heading]] [[Ada #tag]]" links=[Ada] format=none"##,
        );
        check(
            "- [ ] [[Ada 📅 2026-01-01]]",
            r##"status=[ ] desc="[[Ada 📅 2026-01-01]]" links=[Ada 📅 2026-01-01] format=none"##,
        );
        check("- [ ] [[unclosed and [[Ada]]", r##"status=[ ] desc="[[unclosed and [[Ada]]" links=[Ada] format=none"##);
        check("- [ ] `[[code]]`", r##"status=[ ] desc="`[[code]]`" format=none"##);
    }

    #[test]
    fn handles() {
        check(
            "- [ ] @AdaBrennan to reply",
            r##"status=[ ] desc="@AdaBrennan to reply" handles=[AdaBrennan] format=none"##,
        );
        check(
            "- [ ] ask (@Ada.Brennan).",
            r##"status=[ ] desc="ask (@Ada.Brennan)." handles=[Ada.Brennan] format=none"##,
        );
        check("- [ ] ask @Ada.", r##"status=[ ] desc="ask @Ada." handles=[Ada] format=none"##);
        check("- [ ] ask @O'Neil-", r##"status=[ ] desc="ask @O'Neil-" handles=[O'Neil] format=none"##);
        check("- [ ] ask @Zoë_K", r##"status=[ ] desc="ask @Zoë_K" handles=[Zoë_K] format=none"##);
        check(
            "- [ ] mail ada@example.com or a.b_@x.org",
            r##"status=[ ] desc="mail ada@example.com or a.b_@x.org" format=none"##,
        );
        check("- [ ] @ alone, @. and @'x'", r##"status=[ ] desc="@ alone, @. and @'x'" format=none"##);
        check(
            "- [ ] read https://medium.com/@ada/post#part and [x](https://x.org/@b)",
            r##"status=[ ] desc="read https://medium.com/@ada/post#part and [x](https://x.org/@b)" format=none"##,
        );
    }

    #[test]
    fn block_ids() {
        check("- [ ] a ^abc-123", r##"status=[ ] desc="a" block=abc-123 format=none"##);
        check("- [ ] a 📅 2026-01-01 ^abc  ", r##"status=[ ] due=2026-01-01 desc="a" block=abc format=emoji"##);
        check("- [ ] ^abc", r##"status=[ ] desc="" block=abc format=none"##);
        check("- [ ] a^abc", r##"status=[ ] desc="a^abc" format=none"##);
        check("- [ ] a ^ab_c", r##"status=[ ] desc="a ^ab_c" format=none"##);
        check("- [ ] a ^abc b", r##"status=[ ] desc="a ^abc b" format=none"##);
    }

    #[test]
    fn text_left_untouched() {
        // A field emoji inside a ZWJ sequence is part of that glyph, not a field.
        check(
            "- [ ] 👩\u{200D}💻 pair with 👩\u{200D}✅ 2026-01-01",
            "status=[ ] desc=\"👩\u{200D}💻 pair with 👩\u{200D}✅ 2026-01-01\" format=none",
        );
        check("- [ ] 🏳\u{FE0F}\u{200D}🌈 ⏫", "status=[ ] prio=high desc=\"🏳\u{FE0F}\u{200D}🌈\" format=emoji");
        check(
            "- [ ] اتصل بـ @Ada حول العقد 📅 2026-01-01 #عمل",
            r##"status=[ ] due=2026-01-01 desc="اتصل بـ @Ada حول العقد #عمل" tags=[عمل] handles=[Ada] format=emoji"##,
        );
        check(
            "- [ ] \u{202B}שלום\u{202C} עם @Dana",
            "status=[ ] desc=\"\u{202B}שלום\u{202C} עם @Dana\" handles=[Dana] format=none",
        );
        check(
            "- [ ] `📅 2026-01-01` and `` `⏫` ``",
            r##"status=[ ] desc="`📅 2026-01-01` and `` `⏫` ``" format=none"##,
        );
        check("- [ ] `unclosed 📅 2026-01-01", r##"status=[ ] due=2026-01-01 desc="`unclosed" format=emoji"##);
        check("- [ ] a    b\t c", r##"status=[ ] desc="a b c" format=none"##);
    }

    #[test]
    fn metadata_end_is_where_new_fields_go() {
        let insert = |line: &str| -> String {
            let Some(task) = parse_task_line(line) else {
                return "not a task".to_string();
            };
            let (head, tail) = (line.get(..task.metadata_end), line.get(task.metadata_end..));
            match (head, tail) {
                (Some(head), Some(tail)) => format!("{head} ✅ 2026-11-26{tail}"),
                _ => "offset off a char boundary".to_string(),
            }
        };
        assert_eq!(insert("- [ ] a"), "- [ ] a ✅ 2026-11-26");
        assert_eq!(insert("- [ ] a\r"), "- [ ] a ✅ 2026-11-26\r");
        assert_eq!(insert("- [ ] a ^id-1"), "- [ ] a ✅ 2026-11-26 ^id-1");
        assert_eq!(insert("- [ ] a 📅 2026-01-01 ^id\r\n"), "- [ ] a 📅 2026-01-01 ✅ 2026-11-26 ^id\r\n");
        assert_eq!(insert("- [ ] a  "), "- [ ] a ✅ 2026-11-26  ");
        assert_eq!(insert("- [ ]"), "- [ ] ✅ 2026-11-26");
        assert_eq!(insert("- [ ] ^id"), "- [ ] ✅ 2026-11-26 ^id");
        assert_eq!(insert("- [ ] Ünïcödé"), "- [ ] Ünïcödé ✅ 2026-11-26");
        let task = parse_task_line(&insert("- [x] a 🔼 ^id")).unwrap_or_default();
        assert_eq!(render(&task), r##"status=[x] done=2026-11-26 prio=medium desc="a" block=id format=emoji"##);
    }

    #[test]
    fn status_byte_points_at_the_symbol() {
        for (line, expect) in [("- [x] a", 3), ("  > 10. [✓] a", 9), ("\t* [ ]", 4)] {
            let task = parse_task_line(line).unwrap_or_default();
            assert_eq!(task.status_byte, expect, "line {line:?}");
            assert_eq!(line.get(task.status_byte..).and_then(|s| s.chars().next()), Some(task.status));
        }
    }

    /// Every prefix of awkward lines, cut at every char boundary, parses without panicking and
    /// with offsets that are char boundaries inside the line.
    #[test]
    fn no_panic_on_truncated_lines() {
        let lines = [
            "  > 1) [✓] 👩\u{200D}💻 [[Ada|A]] @Zoë 📅\u{FE0F}\u{A0}2026-01-01 [due:: 2026-01-02] (id:: a1) ⛔ a,b #tag ^blk\r\n",
            "- [é] `co`de` [[x\\|y]] 🔁 every week ✅2026-13-01 ❌ 2026-01-01T1 https://x.y/@z [a](b) \\[ ^",
            "- [ ] ((([[[```]]])))) 🆔 ⛔ , 🔺⏫🔼🔽⏬ #123 a@b @-. ^-",
        ];
        for line in lines {
            for (cut, _) in line.char_indices().chain([(line.len(), ' ')]) {
                let prefix = line.get(..cut).unwrap_or("");
                for candidate in [prefix, line.get(cut..).unwrap_or("")] {
                    if let Some(task) = parse_task_line(candidate) {
                        assert!(candidate.is_char_boundary(task.status_byte), "{candidate:?}");
                        assert!(task.metadata_end <= candidate.len(), "{candidate:?}");
                        assert!(candidate.is_char_boundary(task.metadata_end), "{candidate:?}");
                        assert!(task.metadata_end > task.status_byte, "{candidate:?}");
                    }
                }
            }
        }
    }

    /// Lines of 100k characters built to defeat naive rescanning; quadratic code would take
    /// minutes here.
    #[test]
    fn long_lines_are_linear() {
        const LONG: usize = 100_000;
        let patterns = ["[a:: ", "[[", "(", "`", "``` ", "](", "@a.", "#a", "🔁 a ", "⛔ a,", "📅 ", "x", " "];
        for pattern in patterns {
            let line = format!("- [ ] {}", pattern.repeat(LONG / pattern.chars().count()));
            let task = parse_task_line(&line);
            assert!(task.is_some(), "pattern {pattern:?}");
        }
        let nested = format!("- [ ] {}{}", "[a:: ".repeat(20_000), "]".repeat(20_000));
        assert!(parse_task_line(&nested).is_some());
    }
}
