//! Fuzz target: a note's text through splitting, YAML, the schema (the built-in one or a user's
//! one with every field type), the body and every fix and
//! edit, checked against the invariants in tests/it/support.rs (spans inside the text, fixes that
//! remove their diagnostic and nothing else, edits that touch only their target, and the line
//! scanner reading the body as pulldown-cmark does whenever it reads it, and the simple frontmatter
//! reader reading the YAML as serde_yaml does whenever it reads it), and the migration off Dataview
//! replacing whole Dataview blocks only, once.
#![no_main]

// Each target uses some of the shared checks, the test crate all of them.
#[allow(dead_code)]
#[path = "../../tests/it/support.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use rapport::Settings;
use std::sync::OnceLock;

static SETTINGS: OnceLock<[Settings; 2]> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The path and the schema vary with the input, so person, dated and plain notes are all
    // exercised, against the built-in schema and a user's one using every field type.
    let path = support::PATHS[text.len() % support::PATHS.len()];
    let settings = SETTINGS.get_or_init(|| [Settings::default(), support::user_schema_settings()]);
    let settings = &settings[text.len() / support::PATHS.len() % 2];
    if let Err(e) = support::check_note(path, text, settings) {
        panic!("{e}");
    }
    if let Err(e) = support::check_edits(text) {
        panic!("{e}");
    }
    if let Err(e) = support::check_linescan(text) {
        panic!("{e}");
    }
    if let Err(e) = support::check_simple_yaml(text) {
        panic!("{e}");
    }
    if let Err(e) = support::check_migration(text) {
        panic!("{e}");
    }
});
