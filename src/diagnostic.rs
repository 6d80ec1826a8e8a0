//! Diagnostics, text edits and the byte-offset to line/column mapping they are reported with.

use serde::Serialize;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Declares [`Code`] with its variants, [`Code::ALL`] and [`Code::as_str`] from one list, so
/// that a new code cannot be left out of either.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// What a diagnostic is about: a stable kebab-case code (`as_str`) that tools and users
        /// may match on. README.md's "Diagnostic codes" lists exactly [`Code::ALL`] (a test
        /// checks it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order README.md lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users, the JSON answers and the README write it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }
        }
    };
}

codes! {
    /// The frontmatter is not valid YAML, so Obsidian reads none of its properties.
    YamlSyntax => "yaml-syntax",
    /// A `---` opens the frontmatter but no closing `---` line follows.
    UnterminatedFrontmatter => "unterminated-frontmatter",
    /// Blank lines come before the properties block, so Obsidian reads it as text.
    FrontmatterNotFirst => "frontmatter-not-first",
    /// The frontmatter is past [`MAX_FRONTMATTER_BYTES`](crate::split::MAX_FRONTMATTER_BYTES);
    /// its properties were ignored.
    FrontmatterTooLarge => "frontmatter-too-large",
    /// The frontmatter is YAML but not a mapping of `key: value` properties.
    FrontmatterNotAMapping => "frontmatter-not-a-mapping",
    /// A property is set twice, which makes YAML reject the whole block.
    DuplicateKey => "duplicate-key",
    /// An unquoted `[[link]]` value, which YAML reads as a nested list; the fix quotes it.
    UnquotedWikilink => "unquoted-wikilink",
    /// A field the schema requires for the note's type is absent.
    MissingRequiredField => "missing-required-field",
    /// A field's value is not of the kind its schema type asks for.
    WrongType => "wrong-type",
    /// A date field names a day not on the calendar (`2026-02-30`).
    ImpossibleDate => "impossible-date",
    /// A date field written in another form than `YYYY-MM-DD`, which Obsidian does not read as a
    /// date.
    NonIsoDate => "non-iso-date",
    /// A date field that must not lie after today (the last contact) does.
    FutureDate => "future-date",
    /// The last contact property is older than a contact Recent Context or a linked note shows.
    LastContactBehindEvidence => "last-contact-behind-evidence",
    /// `title` differs from the file name, which links and mentions use.
    TitleMismatch => "title-mismatch",
    /// `type` and the `type/…` tags disagree.
    TypeTagMismatch => "type-tag-mismatch",
    /// An enum field holds a value its schema does not allow.
    InvalidValue => "invalid-value",
    /// A field's value does not match its schema's pattern.
    PatternMismatch => "pattern-mismatch",
    /// `cadence` is not a cadence form Rapport reads.
    InvalidCadence => "invalid-cadence",
    /// The body is past [`MAX_BODY_BYTES`](crate::note::MAX_BODY_BYTES); its tasks, links and
    /// Recent Context were not read.
    NoteTooLarge => "note-too-large",
    /// Task lines past [`MAX_TASK_LINE_BYTES`](crate::body::MAX_TASK_LINE_BYTES), which were not
    /// read as tasks.
    TaskLineTooLong => "task-line-too-long",
    /// The note has more than [`MAX_TASKS_PER_NOTE`](crate::body::MAX_TASKS_PER_NOTE) tasks; the
    /// rest were not read.
    TooManyTasks => "too-many-tasks",
    /// A task's date field names a day not on the calendar.
    InvalidTaskDate => "invalid-task-date",
    /// `tags: #a #b` is a YAML comment, so the note has no tags; the fix writes a list.
    TagsInComment => "tags-in-comment",
    /// Two property names that differ only in case, which Obsidian reads as one property.
    PropertySpelledTwice => "property-spelled-twice",
    /// The file is not UTF-8 (the CLI only: the plugin reads it as the editor shows it).
    NotUtf8 => "not-utf8",
    /// A problem in a schema itself, reported against the schema's text.
    SchemaInvalid => "schema-invalid",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialized as its kebab-case string, so answers carry the code exactly as documented.
impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A code equals its kebab-case string, so that tests and callers holding the written form
/// (a JSON answer, the README) can compare with it.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

/// A place in a note: 1-based line, 1-based column in UTF-16 code units (what editors and JS
/// count), and the 0-based UTF-16 offset from the start of the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset_utf16: u32,
}

/// Replace the bytes `range` of a text with `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub insert: String,
}

impl TextEdit {
    pub fn new(range: Range<usize>, insert: impl Into<String>) -> TextEdit {
        TextEdit { range, insert: insert.into() }
    }

    /// The text with this edit applied. Returns `None` if the range does not fit the text.
    pub fn apply(&self, text: &str) -> Option<String> {
        let head = text.get(..self.range.start)?;
        let tail = text.get(self.range.end..)?;
        Some([head, &self.insert, tail].concat())
    }
}

/// A mechanical fix: one edit of the note the diagnostic was found in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub edit: TextEdit,
    /// The edit's range in UTF-16 offsets, filled in by [`LineIndex::locate`].
    pub from_utf16: u32,
    pub to_utf16: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What it is about, e.g. [`Code::MissingRequiredField`].
    pub code: Code,
    pub severity: Severity,
    pub field: Option<String>,
    pub message: String,
    /// Byte range in the note's text.
    pub span: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            field: None,
            message: message.into(),
            span,
            start: Position::default(),
            end: Position::default(),
            fix: None,
        }
    }

    pub fn error(code: Code, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn warning(code: Code, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, span, message)
    }

    pub fn info(code: Code, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Info, span, message)
    }

    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    pub fn with_fix(mut self, description: impl Into<String>, edit: TextEdit) -> Diagnostic {
        self.fix = Some(Fix { description: description.into(), edit, from_utf16: 0, to_utf16: 0 });
        self
    }
}

/// Maps byte offsets of one text to lines, UTF-16 columns and UTF-16 offsets.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// UTF-16 offset where each line starts.
    line_starts_utf16: Vec<u32>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        let mut line_starts_utf16 = vec![0];
        let mut utf16 = 0u32;
        for (i, c) in text.char_indices() {
            utf16 += c.len_utf16() as u32;
            if c == '\n' {
                line_starts.push(i + 1);
                line_starts_utf16.push(utf16);
            }
        }
        LineIndex { text, line_starts, line_starts_utf16 }
    }

    /// The position of byte `offset`, clamped into the text and onto a char boundary.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col: u32 = self.text[start..offset].chars().map(|c| c.len_utf16() as u32).sum();
        Position { line: line as u32 + 1, column: col + 1, offset_utf16: self.line_starts_utf16[line] + col }
    }

    /// 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset.min(self.text.len())) as u32
    }

    /// Byte range of 1-based `line`, without its line ending.
    pub fn line_range(&self, line: u32) -> Option<Range<usize>> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(i)?;
        let mut end = self.line_starts.get(i + 1).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some(start..end)
    }

    /// Fills in the positions of diagnostics found in this text.
    pub fn locate(&self, diagnostic: &mut Diagnostic) {
        diagnostic.start = self.position(diagnostic.span.start);
        diagnostic.end = self.position(diagnostic.span.end);
        if let Some(fix) = &mut diagnostic.fix {
            fix.from_utf16 = self.position(fix.edit.range.start).offset_utf16;
            fix.to_utf16 = self.position(fix.edit.range.end).offset_utf16;
        }
    }
}

/// UTF-16 offset of byte `offset` in `text` (clamped), for edits handed to JavaScript.
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_and_lines() {
        let text = "ab\r\n😀x\nlast";
        let index = LineIndex::new(text);
        let check = |offset: usize, expect: (u32, u32, u32)| {
            let p = index.position(offset);
            assert_eq!((p.line, p.column, p.offset_utf16), expect, "offset {offset}");
        };
        check(0, (1, 1, 0));
        check(2, (1, 3, 2));
        check(4, (2, 1, 4));
        check(8, (2, 3, 6)); // after the emoji: two UTF-16 units
        check(9, (2, 4, 7));
        check(10, (3, 1, 8));
        check(6, (2, 1, 4)); // inside the emoji: clamped back to its start
        check(999, (3, 5, 12));
        assert_eq!(index.line_range(1), Some(0..2));
        assert_eq!(index.line_range(2), Some(4..9));
        assert_eq!(index.line_range(3), Some(10..14));
        assert_eq!(index.line_range(4), None);
        assert_eq!(index.line_range(0), None);
        assert_eq!(utf16_offset(text, 9), 7);
    }

    #[test]
    fn edit_applies_or_refuses() {
        let edit = TextEdit::new(1..2, "XY");
        assert_eq!(edit.apply("abc").as_deref(), Some("aXYc"));
        assert_eq!(TextEdit::new(2..9, "").apply("abc"), None);
        assert_eq!(TextEdit::new(1..2, "").apply("é"), None);
    }
}
