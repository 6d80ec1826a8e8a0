//! `rapport merge` through the binary on temporary copies of `tests/data/merge/` (see its
//! README): the JSON contract in its order, the preview changing nothing, `--write` byte for
//! byte with the merged note in `.trash/`, a second run, and the refusals.

use std::path::{Path, PathBuf};

use crate::support::{files, fresh_copy, run_rapport};

const KEEP: &str = "Kofi Boateng";
const MERGED: &str = "Kofi B";

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/merge")
}

/// A fresh copy of the fixture vault in a temporary folder of its own.
fn copy_vault(name: &str) -> PathBuf {
    fresh_copy(&data().join("vault"), &format!("merge-{name}"))
}

fn rapport(vault: &Path, args: &[&str]) -> (i32, String, String) {
    let command = [std::ffi::OsStr::new("merge"), vault.as_os_str()];
    run_rapport(Path::new(env!("CARGO_MANIFEST_DIR")), command.into_iter().chain(args.iter().map(std::ffi::OsStr::new)))
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(data().join("expected").join(name)).expect("an expected answer")
}

#[test]
fn the_preview_is_the_contract_and_changes_nothing() {
    let vault = copy_vault("preview");
    let before = files(&vault);
    let (code, out, err) = rapport(&vault, &[KEEP, MERGED, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("preview.json"));
    // The fields in the contract's order (serde_json's map would sort them).
    let order = [
        "\"kept\":",
        "\"merged\":",
        "\"edits\":",
        "\"path\":",
        "\"description\":",
        "\"from\":",
        "\"to\":",
        "\"insert\":",
        "\"conflicts\":",
        "\"trash\":",
        "\"written\": false",
    ];
    let at: Vec<usize> = order.iter().map(|k| out.find(k).unwrap_or_else(|| panic!("{k} in {out}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{out}");
    let (code, out, _) = rapport(&vault, &[KEEP, MERGED]);
    assert_eq!(code, 0);
    assert_eq!(out, expected("preview.txt"));
    assert_eq!(files(&vault), before, "nothing written without --write");
    // Every edit's offsets are UTF-16 units of the file as read (as `check`'s fixes): applied
    // there, note by note from the last edit back, they give the notes `--write` writes.
    let json: serde_json::Value = serde_json::from_str(&expected("preview.json")).expect("JSON");
    let mut notes: std::collections::BTreeMap<String, Vec<u16>> = std::collections::BTreeMap::new();
    for e in json["edits"].as_array().expect("edits").iter().rev() {
        let path = e["path"].as_str().expect("a path");
        let units = notes
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read_to_string(vault.join(path)).expect("the note").encode_utf16().collect());
        let (from, to) = (e["from"].as_u64().expect("from") as usize, e["to"].as_u64().expect("to") as usize);
        assert!(from <= to && to <= units.len(), "{e}");
        let insert: Vec<u16> = e["insert"].as_str().expect("an insert").encode_utf16().collect();
        units.splice(from..to, insert);
    }
    assert!(notes.keys().any(|p| p.contains("Kofi Boateng")), "the kept note is edited: {notes:?}");
    for (path, units) in notes {
        let written = std::fs::read_to_string(data().join("expected/written").join(&path)).expect("a written note");
        assert_eq!(String::from_utf16(&units).expect("UTF-16"), written, "{path}");
    }
    std::fs::remove_dir_all(&vault).ok();
}

#[test]
fn write_changes_the_notes_byte_for_byte_and_trashes_the_merged_one() {
    let vault = copy_vault("write");
    let (code, out, err) = rapport(&vault, &["@KofiB", "--format", "json", "--write", "People/Kofi B.md"]);
    // KEEP given by @handle resolves to Kofi B: the arguments are KEEP then MERGED.
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("KEEP and MERGED are the same person (People/Kofi B.md)"), "{err}");
    let (code, out, err) = rapport(&vault, &["KB", "People/Kofi B.md", "--format", "json", "--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("preview.json").replace("\"written\": false", "\"written\": true"));
    assert_eq!(files(&vault), files(&data().join("expected/written")));
    // A second run: the merged name is now an alias of the kept person, so both name one person.
    let (code, out, err) = rapport(&vault, &[KEEP, MERGED, "--write"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "rapport: KEEP and MERGED are the same person (People/Kofi Boateng.md).\n");
    assert_eq!(files(&vault), files(&data().join("expected/written")), "nothing left to do");
    std::fs::remove_dir_all(&vault).ok();
}

#[test]
fn a_taken_trash_name_gets_a_number() {
    let vault = copy_vault("trash");
    std::fs::create_dir_all(vault.join(".trash/People")).expect("a trash folder");
    std::fs::write(vault.join(".trash/People/Kofi B.md"), "an older one\n").expect("a file");
    let (code, out, err) = rapport(&vault, &[KEEP, MERGED, "--format", "json", "--write"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"trash\": \".trash/People/Kofi B 1.md\""), "{out}");
    assert_eq!(std::fs::read_to_string(vault.join(".trash/People/Kofi B.md")).ok().as_deref(), Some("an older one\n"));
    assert!(vault.join(".trash/People/Kofi B 1.md").is_file());
    std::fs::remove_dir_all(&vault).ok();
}

#[test]
fn unknown_same_and_not_a_person_exit_2_and_change_nothing() {
    let vault = copy_vault("refused");
    let before = files(&vault);
    let cases = [
        (["Nobody", MERGED], "rapport: KEEP: no person is called `Nobody`.\n"),
        ([KEEP, "Nobody"], "rapport: MERGED: no person is called `Nobody`.\n"),
        ([KEEP, "@KofiBoateng"], "rapport: KEEP and MERGED are the same person (People/Kofi Boateng.md).\n"),
        ([KEEP, "Projects/Stall.md"], "rapport: MERGED: `Projects/Stall.md` is not a person's note.\n"),
    ];
    for (args, message) in cases {
        let (code, out, err) = rapport(&vault, &[args[0], args[1], "--write"]);
        assert_eq!((code, out.as_str(), err.as_str()), (2, "", message), "{args:?}");
    }
    assert_eq!(files(&vault), before);
    std::fs::remove_dir_all(&vault).ok();
}
