//! `rapport log` through the binary on temporary copies of `tests/data/log/` (see its README):
//! the JSON contract, byte-for-byte results, idempotence and the error exits.

use serde_json::Value;
use std::path::{Path, PathBuf};

use crate::support::{files, fresh_copy, run_rapport};

const MEETING: &str = "Meetings/2026-11-24 - Vendor panel.md";
const TODAY: &str = "2026-11-26";

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/log")
}

/// A fresh copy of the fixture vault in a temporary folder of its own.
fn copy_vault(name: &str) -> PathBuf {
    fresh_copy(&data().join("vault"), &format!("log-{name}"))
}

fn rapport(vault: &Path, args: &[&str]) -> (i32, String, String) {
    let command = [std::ffi::OsStr::new("log"), vault.as_os_str()];
    run_rapport(Path::new(env!("CARGO_MANIFEST_DIR")), command.into_iter().chain(args.iter().map(std::ffi::OsStr::new)))
}

fn log_json(vault: &Path, extra: &[&str]) -> Value {
    let mut args = vec![MEETING, "--today", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = rapport(vault, &args);
    assert_eq!(code, 0, "{err}");
    // The fields come in the contract's order (serde_json's map would sort them).
    let at = |key: &str| out.find(&format!("\"{key}\":"));
    let order = ["note", "date", "people", "path", "name", "edits", "description", "from", "to", "insert", "skipped"];
    let found: Vec<usize> = order.iter().filter_map(|k| at(k)).collect();
    assert!(found.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(
        out.trim_end().ends_with(&format!("\"written\": {}\n}}", extra.contains(&"--write")))
            || out.contains("\"written\": false"),
        "{out}"
    );
    serde_json::from_str(&out).unwrap_or(Value::Null)
}

/// `text` with the JSON edits applied, their offsets read as UTF-16 code units.
fn apply_utf16(text: &str, edits: &[Value]) -> String {
    let mut units: Vec<u16> = text.encode_utf16().collect();
    for e in edits.iter().rev() {
        let from = e["from"].as_u64().unwrap_or(0) as usize;
        let to = e["to"].as_u64().unwrap_or(0) as usize;
        let insert: Vec<u16> = e["insert"].as_str().unwrap_or("").encode_utf16().collect();
        units.splice(from..to, insert);
    }
    String::from_utf16_lossy(&units)
}

fn expected(rel: &str) -> Vec<u8> {
    let changed = data().join("expected").join(rel);
    std::fs::read(if changed.exists() { changed } else { data().join("vault").join(rel) }).expect("a fixture")
}

#[test]
fn the_preview_is_the_contract_and_writes_nothing() {
    let vault = copy_vault("preview");
    let before = files(&vault);
    let json = log_json(&vault, &[]);
    let mut keys: Vec<&str> = json.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    keys.sort();
    assert_eq!(keys, ["date", "note", "people", "written"]);
    assert_eq!(json["note"], MEETING);
    assert_eq!(json["date"], "2026-11-24");
    assert_eq!(json["written"], false);
    let people = json["people"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = people.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["Ada Brennan", "Bo Kim", "Cy Dune", "Di Eve"], "linked outside open tasks, by name");
    for p in &people {
        let mut keys: Vec<&str> = p.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        keys.sort();
        assert_eq!(keys, ["edits", "name", "path", "skipped"]);
        let path = p["path"].as_str().unwrap_or("");
        let text = String::from_utf8(expected_original(path)).unwrap_or_default();
        let edits = p["edits"].as_array().cloned().unwrap_or_default();
        let mut at = 0;
        for e in &edits {
            let mut keys: Vec<&str> = e.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
            keys.sort();
            assert_eq!(keys, ["description", "from", "insert", "to"]);
            assert!(
                e["from"].as_u64() >= Some(at) && e["to"].as_u64() >= e["from"].as_u64(),
                "in text order, not overlapping: {edits:?}"
            );
            at = e["to"].as_u64().unwrap_or(0);
        }
        assert_eq!(
            apply_utf16(&text, &edits).as_bytes(),
            expected(path),
            "{path}: the edits, in UTF-16, give the expected note"
        );
    }
    assert_eq!(people[0]["edits"][0]["description"], "Set `last_contact` to 2026-11-24");
    assert_eq!(people[2]["edits"], Value::Array(Vec::new()), "Cy Dune is up to date");
    assert_eq!(people[2]["skipped"], Value::Null);
    assert_eq!(
        people[3]["skipped"],
        "`last_contact` not set: it holds a list, not a date; Rapport will not overwrite it."
    );
    assert_eq!(files(&vault), before, "nothing written without --write");
    let _ = std::fs::remove_dir_all(&vault);
}

fn expected_original(rel: &str) -> Vec<u8> {
    std::fs::read(data().join("vault").join(rel)).expect("a fixture")
}

#[test]
fn write_changes_exactly_the_expected_bytes_and_a_second_run_nothing() {
    let vault = copy_vault("write");
    let json = log_json(&vault, &["--write"]);
    assert_eq!(json["written"], true);
    for (rel, bytes) in files(&vault) {
        assert_eq!(bytes, expected(&rel), "{rel} byte for byte");
    }
    assert!(
        data().join("expected/People/Bo Kim.md").exists() && data().join("expected/People/Ada Brennan.md").exists()
    );
    let after = files(&vault);
    let again = log_json(&vault, &["--write"]);
    assert_eq!(again["written"], false, "a second run writes nothing");
    for p in again["people"].as_array().cloned().unwrap_or_default() {
        assert_eq!(p["edits"], Value::Array(Vec::new()), "{}", p["name"]);
    }
    assert_eq!(files(&vault), after);
    let _ = std::fs::remove_dir_all(&vault);
}

#[test]
fn the_summary_and_the_text_format() {
    let vault = copy_vault("text");
    let (code, out, err) = rapport(&vault, &[MEETING, "--today", TODAY, "--summary", "Pricing\nand terms"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "Meetings/2026-11-24 - Vendor panel.md (2026-11-24): 4 linked people\nSummary: Pricing and terms\n"
        ),
        "{out}"
    );
    assert!(out.contains("\nAda Brennan (People/Ada Brennan.md)\n  add    - 2026-11-24: [[2026-11-24 - Vendor panel]] - Pricing and terms\n  set    last contact 2026-11-24\n"), "{out}");
    assert!(out.contains("\nCy Dune (People/Cy Dune.md)\n  already up to date\n"), "{out}");
    assert!(out.ends_with("\n3 notes to change; nothing written (add --write to write them).\n"), "{out}");
    let _ = std::fs::remove_dir_all(&vault);
}

#[test]
fn a_note_after_today_logs_nothing_for_anyone() {
    let vault = copy_vault("future");
    let (code, out, err) =
        rapport(&vault, &["Meetings/2026-12-01 - Later.md", "--today", TODAY, "--write", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!(json["written"], false);
    assert_eq!(json["people"][0]["name"], "Ada Brennan");
    assert_eq!(json["people"][0]["edits"], Value::Array(Vec::new()));
    assert_eq!(
        json["people"][0]["skipped"],
        "The note is dated 2026-12-01, after today (2026-11-26): it is not a contact yet."
    );
    let _ = std::fs::remove_dir_all(&vault);
}

#[test]
fn an_unknown_or_undated_note_is_a_usage_error() {
    let vault = copy_vault("errors");
    let (code, out, err) = rapport(&vault, &["Meetings/Nope.md", "--format", "json"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("rapport: no note `Meetings/Nope.md` in the vault"), "{err}");
    let (code, _, err) = rapport(&vault, &["People/Ada Brennan.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("`People/Ada Brennan.md` is not a dated note"), "{err}");
    // The `.md` may be left out.
    let (code, out, err) = rapport(&vault, &["Meetings/2026-11-24 - Vendor panel", "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Meetings/2026-11-24 - Vendor panel.md (2026-11-24)"), "{out}");
    let _ = std::fs::remove_dir_all(&vault);
}

/// What `examples/vault-expectations.md` ("Meeting write-back") says `log` answers for the hiring
/// loop debrief: Adaeze's line and date, Soren's new section before `## Profile`, Theo's line
/// without his newer date; and with `--write`, a second run has nothing to do.
#[test]
fn the_example_vault_logs_the_hiring_loop_debrief() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/vault");
    let vault = fresh_copy(&example, "log-example");
    let note = "Meetings/2026-11-19 - Hiring loop debrief.md";
    let line = "- 2026-11-19: [[2026-11-19 - Hiring loop debrief]] - Hiring loop debrief";
    let (code, out, err) = rapport(&vault, &[note, "--today", TODAY, "--write", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    let names: Vec<&str> = json["people"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["Adaeze Okonkwo", "Soren Vale", "Theo Marchetti"]);
    assert_eq!(json["written"], true);
    let read = |rel: &str| std::fs::read_to_string(vault.join(rel)).unwrap_or_default();
    let original = |rel: &str| std::fs::read_to_string(example.join(rel)).unwrap_or_default();
    let adaeze = "People/Adaeze Okonkwo.md";
    assert_eq!(
        read(adaeze),
        original(adaeze)
            .replace("last_contact: '2026-07-08'", "last_contact: '2026-11-19'")
            .replace("## Recent Context\n\n- 2026-07-08", &format!("## Recent Context\n\n{line}\n- 2026-07-08"))
    );
    let soren = "People/Soren Vale.md";
    assert_eq!(
        read(soren),
        original(soren).replace("## Profile", &format!("## Recent Context\n\n{line}\n\n## Profile"))
    );
    let theo = "People/Theo Marchetti.md";
    let theo_before = original(theo);
    let theo_after = read(theo);
    assert!(theo_after.contains(&format!("{line}\n")) && theo_after.len() == theo_before.len() + line.len() + 1);
    assert!(theo_before.contains("last_contact: 2026-11-20") && theo_after.contains("last_contact: 2026-11-20"));
    for (rel, bytes) in files(&vault) {
        if ![adaeze, soren, theo].contains(&rel.as_str()) {
            assert_eq!(Some(bytes), std::fs::read(example.join(&rel)).ok(), "{rel} untouched");
        }
    }
    let (_, again, _) = rapport(&vault, &[note, "--today", TODAY, "--format", "json"]);
    assert!(!again.contains("\"description\""), "a second run has nothing to do: {again}");
    let _ = std::fs::remove_dir_all(&vault);
}
