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
    /// Stable kebab-case code, e.g. `missing-required-field`.
    pub code: &'static str,
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
    pub fn new(code: &'static str, severity: Severity, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
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

    pub fn error(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn warning(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, span, message)
    }

    pub fn info(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
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
        Position {
            line: line as u32 + 1,
            column: col + 1,
            offset_utf16: self.line_starts_utf16[line] + col,
        }
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
