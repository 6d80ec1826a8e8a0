//! Fuzz target: a note's text through splitting, YAML, the schema, the body and every fix and
//! edit, checked against the invariants in tests/support (spans inside the text, fixes that
//! remove their diagnostic and nothing else, edits that touch only their target, and the line
//! scanner reading the body as pulldown-cmark does whenever it reads it, and the simple frontmatter
//! reader reading the YAML as serde_yaml does whenever it reads it).
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use rapport::Settings;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The path varies with the input, so person, dated and plain notes are all exercised.
    let path = support::PATHS[text.len() % support::PATHS.len()];
    let settings = Settings::default();
    if let Err(e) = support::check_note(path, text, &settings) {
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
});
