//! `rapport migrate` through the binary, on temporary copies: the JSON contract (issue 17,
//! section 4), the notes byte for byte after `--write`, a second run that finds nothing, and a
//! note that cannot be written.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{copy_dir, files};

fn run(vault: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("migrate")
        .arg(vault)
        .args(extra)
        .output()
        .expect("the rapport binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn json(vault: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(vault, &args);
    (code, serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}")))
}

/// A fresh folder for one test.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rapport-migrate-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// `text` with the blocks of `path` applied at their UTF-16 offsets, as a script would.
fn apply_utf16(text: &str, blocks: &[&Value]) -> String {
    let mut units: Vec<u16> = text.encode_utf16().collect();
    for b in blocks.iter().rev() {
        let (from, to) = (b["from"].as_u64().unwrap() as usize, b["to"].as_u64().unwrap() as usize);
        units.splice(from..to, b["insert"].as_str().unwrap().encode_utf16());
    }
    String::from_utf16(&units).unwrap()
}

const ADA: &str = "---\ntype: people\naliases: [Ada B]\n---\n# Ada Brennan\n";

fn small_vault(name: &str) -> PathBuf {
    let vault = temp(name);
    fs::create_dir_all(vault.join("People")).unwrap();
    fs::create_dir_all(vault.join("Notes")).unwrap();
    let ada = format!(
        "{ADA}\n😀 Projects\n\n```dataview\nLIST\nFROM \"Work/Projects\" OR \"Personal/Projects\"\nWHERE contains(file.outlinks, this.file.link)\n```\n\n\
         ## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\nWHERE !completed AND contains(text, \"Ada Brennan\")\nSORT due ASC\n```\n\n\
         ## Tasks They Own\n\n```dataview\nTASK\nWHERE contains(text, \"@AdaBrennan\") AND !completed\nSORT due ASC\n```\n\n\
         ## Other\n\n```dataview\nTABLE file.mtime FROM \"Work\"\n```\n"
    );
    fs::write(vault.join("People/Ada Brennan.md"), ada).unwrap();
    // CRLF, a BOM, tildes, an indented fence, lower-case keywords and single quotes.
    let ben = "\u{feff}---\r\ntype: people\r\n---\r\n   ~~~~ DataView\r\n   task where contains(text, '@BenOrtiz')\r\n   and completed = false\r\n   ~~~~~\r\nend\r\n";
    fs::write(vault.join("People/Ben Ortiz.md"), ben).unwrap();
    // Not a person: its block is not Rapport's to touch, and is not listed.
    let note = "```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n";
    fs::write(vault.join("Notes/Plan.md"), note).unwrap();
    vault
}

const ADA_AFTER: &str = "---\ntype: people\naliases: [Ada B]\n---\n# Ada Brennan\n\n😀 Projects\n\n```rapport\nprojects\nfrom: Work/Projects, Personal/Projects\n```\n\n\
## Open Tasks\n\n```rapport\ntasks\n```\n\n\
## Tasks They Own\n\n```rapport\nowned\n```\n\n\
## Other\n\n```dataview\nTABLE file.mtime FROM \"Work\"\n```\n";

const BEN_AFTER: &str = "\u{feff}---\r\ntype: people\r\n---\r\n   ~~~~rapport\r\n   owned\r\n   ~~~~~\r\nend\r\n";

#[test]
fn the_plan_is_the_contract_and_writes_nothing() {
    let vault = small_vault("plan");
    let before = files(&vault);
    let (code, stdout, stderr) = run(&vault, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    // Field names in the contract's order.
    let order = ["\"notes\"", "\"blocks\"", "\"skipped\"", "\"written\"", "\"failed\""];
    let at: Vec<usize> = order.iter().map(|k| stdout.find(k).unwrap_or(usize::MAX)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{stdout}");
    let block_order = ["\"path\"", "\"line\"", "\"kind\"", "\"from\"", "\"to\"", "\"insert\""];
    let first = &stdout[stdout.find("\"blocks\"").unwrap()..];
    let at: Vec<usize> = block_order.iter().map(|k| first.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{stdout}");

    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["notes"], 3);
    assert_eq!(v["written"], false);
    assert_eq!(v["failed"], Value::Array(vec![]));
    let rows: Vec<(String, u64, String)> = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["path"].as_str().unwrap().into(), b["line"].as_u64().unwrap(), b["kind"].as_str().unwrap().into()))
        .collect();
    let row = |p: &str, l: u64, k: &str| (p.to_string(), l, k.to_string());
    assert_eq!(
        rows,
        vec![
            row("People/Ada Brennan.md", 9, "projects"),
            row("People/Ada Brennan.md", 17, "tasks"),
            row("People/Ada Brennan.md", 26, "owned"),
            row("People/Ben Ortiz.md", 4, "owned"),
        ]
    );
    assert_eq!(
        v["skipped"],
        serde_json::json!([{"path": "People/Ada Brennan.md", "line": 34, "reason": "A TABLE query: a rapport block shows no table."}])
    );
    // The offsets are UTF-16 (the emoji counts two) and give the written text when applied.
    let ada_text = fs::read_to_string(vault.join("People/Ada Brennan.md")).unwrap();
    let ada: Vec<&Value> =
        v["blocks"].as_array().unwrap().iter().filter(|b| b["path"] == "People/Ada Brennan.md").collect();
    assert_eq!(apply_utf16(&ada_text, &ada), ADA_AFTER);
    assert_eq!(files(&vault), before, "nothing written without --write");
    fs::remove_dir_all(&vault).unwrap();
}

#[test]
fn write_changes_the_blocks_only_and_a_second_run_finds_nothing() {
    let vault = small_vault("write");
    let before = files(&vault);
    let (code, v) = json(&vault, &["--write"]);
    assert_eq!(code, 0);
    assert_eq!(v["written"], true);
    assert_eq!(v["blocks"].as_array().unwrap().len(), 4);
    assert_eq!(fs::read_to_string(vault.join("People/Ada Brennan.md")).unwrap(), ADA_AFTER);
    assert_eq!(fs::read_to_string(vault.join("People/Ben Ortiz.md")).unwrap(), BEN_AFTER);
    let after = files(&vault);
    assert_eq!(after.len(), before.len(), "no temporary file left");
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if !path.starts_with("People/") {
            assert_eq!(old, new, "{path} untouched");
        }
    }
    let (code, again) = json(&vault, &["--write"]);
    assert_eq!(code, 0);
    assert_eq!((again["blocks"].as_array().unwrap().len(), again["written"].as_bool()), (0, Some(false)));
    assert_eq!(again["skipped"].as_array().unwrap().len(), 1, "the TABLE is still reported");
    assert_eq!(files(&vault), after, "the second run wrote nothing");
    fs::remove_dir_all(&vault).unwrap();
}

#[test]
fn the_example_vault_migrates_as_its_expectations_say() {
    let vault = temp("example");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/vault"), &vault);
    let (code, v) = json(&vault, &[]);
    assert_eq!(code, 0);
    assert_eq!(v["notes"], 49);
    let blocks = v["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 65);
    let count = |kind: &str| blocks.iter().filter(|b| b["kind"] == kind).count();
    assert_eq!((count("projects"), count("tasks"), count("owned")), (22, 21, 22));
    assert_eq!(
        v["skipped"],
        serde_json::json!([{"path": "People/Hugo Barros.md", "line": 47,
            "reason": "The WHERE has the condition `due`, which a rapport block cannot say."}])
    );
    let kofi: Vec<(&str, &str)> = blocks
        .iter()
        .filter(|b| b["path"] == "People/Kofi Boateng.md")
        .map(|b| (b["kind"].as_str().unwrap(), b["insert"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kofi,
        vec![
            ("projects", "```rapport\nprojects\nfrom: Projects, Meetings\n```"),
            ("tasks", "```rapport\ntasks\n```"),
            ("owned", "```rapport\nowned\n```"),
        ]
    );
    let mirela = blocks.iter().find(|b| b["path"] == "People/Mirela Stan.md" && b["kind"] == "owned").unwrap();
    assert_eq!(mirela["insert"], "~~~rapport\nowned\n~~~");

    let before = files(&vault);
    let (code, w) = json(&vault, &["--write"]);
    assert_eq!((code, &w["written"]), (0, &Value::Bool(true)));
    for ((path, old), (_, new)) in before.iter().zip(&files(&vault)) {
        let old = String::from_utf8(old.clone()).unwrap();
        let mine: Vec<&Value> = blocks.iter().filter(|b| b["path"] == path.as_str()).collect();
        assert_eq!(String::from_utf8(new.clone()).unwrap(), apply_utf16(&old, &mine), "{path}");
    }
    let (_, again) = json(&vault, &[]);
    assert_eq!(again["blocks"].as_array().unwrap().len(), 0);
    fs::remove_dir_all(&vault).unwrap();
}

#[test]
fn a_note_that_cannot_be_written_is_reported_and_the_others_are_written() {
    let vault = small_vault("fail");
    // The temporary file beside a note adds its name to the note's: past the file system's
    // 255 bytes it cannot be created, even for root, so the write fails where it should.
    let long = "Q".repeat(236);
    let text =
        format!("---\ntype: people\n---\n```dataview\nTASK WHERE !completed AND contains(text, \"{long}\")\n```\n");
    let path = vault.join(format!("People/{long}.md"));
    fs::write(&path, &text).unwrap();
    let (code, v) = json(&vault, &["--write"]);
    assert_eq!(code, 2);
    assert_eq!(v["written"], true);
    let failed = v["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["path"], format!("People/{long}.md"));
    assert!(failed[0]["reason"].as_str().unwrap().starts_with("cannot write beside"), "{failed:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "left as it was");
    assert_eq!(fs::read_to_string(vault.join("People/Ada Brennan.md")).unwrap(), ADA_AFTER);
    fs::remove_dir_all(&vault).unwrap();
}

#[test]
fn the_text_preview_says_what_it_would_do() {
    let vault = small_vault("text");
    let (code, stdout, _) = run(&vault, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("People/Ada Brennan.md:9: dataview → rapport `projects`\n    ```rapport\n    projects\n    from: Work/Projects, Personal/Projects\n    ```\n"), "{stdout}");
    assert!(
        stdout.contains("    ```rapport\n    owned\n    ```\nPeople/Ada Brennan.md:34: left as it is: A TABLE query"),
        "{stdout}"
    );
    assert!(
        stdout.contains("left as it is: A TABLE query: a rapport block shows no table.\nPeople/Ben Ortiz.md:4:"),
        "{stdout}"
    );
    assert!(stdout.ends_with("4 blocks in 2 people notes (3 notes read), 1 left as it is. Nothing written: run again with --write to migrate them.\n"), "{stdout}");
    fs::remove_dir_all(&vault).unwrap();
}
