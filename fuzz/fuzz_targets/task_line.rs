//! Fuzz target: one line through the task parser, then completed as a one-line note: offsets on
//! char boundaries inside the line, recognised as a task exactly when it is read as one, and a
//! completion that touches only the task.
#![no_main]

// Each target uses some of the shared checks, the test crate all of them.
#[allow(dead_code)]
#[path = "../../tests/it/support.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use rapport::task::parse_task_line;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    if let Some(task) = parse_task_line(line) {
        assert!(line.is_char_boundary(task.status_byte) && task.status_byte < line.len(), "status_byte of {line:?}");
        assert_eq!(line[task.status_byte..].chars().next(), Some(task.status), "status of {line:?}");
        assert!(
            task.metadata_end <= line.len() && line.is_char_boundary(task.metadata_end),
            "metadata_end of {line:?}"
        );
        assert!(task.metadata_end > task.status_byte, "metadata_end before the status in {line:?}");
        assert!(task.indent < task.status_byte, "indent of {line:?}");
    }
    let recognised = rapport::task::recognise_task_line(line).map(|t| (t.indent, t.status, t.status_byte));
    assert_eq!(recognised, parse_task_line(line).map(|t| (t.indent, t.status, t.status_byte)), "recognising {line:?}");
    // As the only line of a note (a line break inside makes it several lines, which is fine).
    if let Err(e) = support::check_edits(line) {
        panic!("{e}");
    }
});
