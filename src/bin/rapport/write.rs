//! Writing a note back: the CLI's only write path, shared by every command that changes notes.
//!
//! A note is replaced whole and atomically: the new text goes to a temporary file beside it, which
//! is flushed to disk and then renamed over the note, so a crash or a full disk leaves either the
//! old note or the new one, never half of either. Before the rename the note is read again: if it
//! no longer holds the text the edits were computed on (an editor or a sync saved it meanwhile),
//! nothing is written and the caller says so.

use rapport::TextEdit;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a note was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The note changed between the read and the write.
    Changed,
    /// The file system refused: the message says what and where.
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str("the note changed while Rapport was writing it; run the command again"),
            WriteError::Io(message) => f.write_str(message),
        }
    }
}

/// `text` with `edits` applied: byte ranges of `text`, in text order and not overlapping, on
/// character boundaries (what the core computes); `None` when they are not, so nothing is ever
/// written from edits that do not fit the text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.insert.len()).sum::<usize>());
    let mut at = 0usize;
    for edit in edits {
        let (from, to) = (edit.range.start, edit.range.end);
        if from < at || to < from || !text.is_char_boundary(from) || !text.is_char_boundary(to) || to > text.len() {
            return None;
        }
        out.push_str(&text[at..from]);
        out.push_str(&edit.insert);
        at = to;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Replaces the note at `path`, which held `expected` when it was read, with `text`: atomically,
/// and only if it still holds `expected`. Keeps the file's permissions.
pub fn replace_note(path: &Path, expected: &str, text: &str) -> Result<(), WriteError> {
    let io = |what: &str, e: std::io::Error| WriteError::Io(format!("cannot {what} {}: {e}", path.display()));
    let temp = temp_path(path);
    let result = (|| {
        let mut file = fs::File::create(&temp).map_err(|e| io("write beside", e))?;
        file.write_all(text.as_bytes()).map_err(|e| io("write beside", e))?;
        file.sync_all().map_err(|e| io("write beside", e))?;
        if let Ok(meta) = fs::metadata(path) {
            // Best effort: a file system without permissions (FAT on a phone's card) has none to keep.
            let _ = fs::set_permissions(&temp, meta.permissions());
        }
        let now = fs::read(path).map_err(|e| io("read", e))?;
        if now != expected.as_bytes() {
            return Err(WriteError::Changed);
        }
        fs::rename(&temp, path).map_err(|e| io("replace", e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A hidden file beside `path` (a dot name, so neither Obsidian nor the CLI reads it as a note).
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "note".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.rapport-{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(from: usize, to: usize, insert: &str) -> TextEdit {
        TextEdit::new(from..to, insert)
    }

    #[test]
    fn edits_apply_in_order() {
        let text = "é😀ab\n";
        assert_eq!(apply_edits(text, &[edit(6, 7, "X")]).unwrap(), "é😀Xb\n");
        assert_eq!(apply_edits(text, &[edit(0, 0, "["), edit(9, 9, "]")]).unwrap(), "[é😀ab\n]");
        assert_eq!(apply_edits(text, &[]).unwrap(), text);
    }

    #[test]
    fn edits_that_do_not_fit_are_refused() {
        let text = "é😀ab\n";
        assert_eq!(apply_edits(text, &[edit(1, 1, "x")]), None, "inside a character");
        assert_eq!(apply_edits(text, &[edit(10, 10, "x")]), None, "past the end");
        assert_eq!(apply_edits(text, &[edit(6, 7, "x"), edit(2, 6, "y")]), None, "out of order");
        assert_eq!(apply_edits(text, &[edit(7, 6, "x")]), None, "backwards");
    }

    #[test]
    fn a_note_is_replaced_only_if_unchanged() {
        let dir = std::env::temp_dir().join(format!("rapport-write-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let note = dir.join("Ada.md");
        fs::write(&note, "old\n").unwrap();
        replace_note(&note, "old\n", "new\n").unwrap();
        assert_eq!(fs::read_to_string(&note).unwrap(), "new\n");
        assert!(matches!(replace_note(&note, "old\n", "newer\n"), Err(WriteError::Changed)));
        assert_eq!(fs::read_to_string(&note).unwrap(), "new\n", "left as it was");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("Ada.md")], "no temporary file left");
        fs::remove_dir_all(&dir).unwrap();
    }
}
