//! `rapport duplicates` through the binary: the contract of issue 18 (section 2) on
//! `examples/vault` (as `examples/vault-expectations.md` says, "Duplicate people") and on small
//! vaults, one per rule and per thing that is no rule.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn rapport(dir: &Path, args: &[&str]) -> (i32, Value, String, String) {
    let (code, stdout, stderr) = crate::support::run_rapport(dir, args);
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (code, json, stdout, stderr)
}

/// A vault of `files` (path, text) in a fresh folder under the target directory.
fn vault(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("duplicates-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("in a folder")).expect("folder made");
        std::fs::write(file, text).expect("written");
    }
    dir
}

/// Each group as its paths, then its reasons.
fn groups(json: &Value) -> Vec<(Vec<String>, Vec<String>)> {
    let strings = |v: &Value, key: Option<&str>| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|x| key.map_or(x, |k| &x[k]).as_str().unwrap_or("?").to_string()).collect())
            .unwrap_or_default()
    };
    json["groups"]
        .as_array()
        .map(|gs| gs.iter().map(|g| (strings(&g["people"], Some("path")), strings(&g["reasons"], None))).collect())
        .unwrap_or_default()
}

/// The groups of a small vault, by `--format json`.
fn duplicates_of(name: &str, files: &[(&str, &str)]) -> Vec<(Vec<String>, Vec<String>)> {
    let dir = vault(name, files);
    let (code, json, out, err) = rapport(&dir, &["duplicates", ".", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(json.is_object(), "{out}");
    groups(&json)
}

const PERSON: &str = "---\ntype: people\n---\n";

fn with_email(email: &str) -> String {
    format!("---\ntype: people\n---\n## Contact Information\n\n| Field | Value |\n|---|---|\n| **Email** | {email} |\n")
}

#[test]
fn the_example_vault_answers_as_its_expectations_say() {
    let (code, json, stdout, err) =
        rapport(Path::new(env!("CARGO_MANIFEST_DIR")), &["duplicates", "examples/vault", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let object_keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert_eq!(object_keys(&json), ["groups"]);
    // The fields in the contract's order (serde_json's `Value` sorts keys, so read the text).
    let people_at = stdout.find("\"people\"").expect("a group");
    let reasons_at = stdout.find("\"reasons\"").expect("a group");
    assert!(people_at < reasons_at, "{stdout}");
    let path_at = stdout.find("\"path\"").expect("a person");
    let name_at = stdout.find("\"name\"").expect("a person");
    assert!(path_at < name_at, "{stdout}");
    for g in json["groups"].as_array().into_iter().flatten() {
        assert_eq!(object_keys(g), ["people", "reasons"]);
        for p in g["people"].as_array().into_iter().flatten() {
            assert_eq!(object_keys(p), ["name", "path"]);
        }
    }
    let got: Vec<Vec<String>> = groups(&json).into_iter().map(|(paths, _)| paths).collect();
    let want: Vec<Vec<&str>> = vec![
        vec!["People/Gideon Aske.md", "People/Gideon.md"],
        vec!["People/Ines Duvallier.md", "People/Inès Duvallier.md"],
        vec!["People/Kofi B.md", "People/Kofi Boateng.md"],
        vec!["People/Nadia Farrow.md", "People/nadia.farrow@acme-robotics.example.md"],
        vec!["People/Priya Lakshmi Venkataraman.md", "People/Priya Venkataraman.md"],
        vec!["People/Yasmin Haddad.md", "People/ياسمين حداد.md"],
    ];
    assert_eq!(got, want);
    let reasons: Vec<String> = groups(&json).into_iter().flat_map(|(_, r)| r).collect();
    for (n, words) in [
        "linked from People/Felix Brandt.md",
        "apart from case, accents, spacing or punctuation",
        "first name and last initial",
        "the same email, nadia.farrow@acme-robotics.example",
        "without the middle name Lakshmi",
        "is an alias of Yasmin Haddad",
    ]
    .iter()
    .enumerate()
    {
        assert!(reasons.get(n).is_some_and(|r| r.contains(words)), "reason {n}: {words} in {reasons:?}");
    }
    assert!(!stdout.contains("Felix Amankwah"), "a shared first name is no reason");
    assert!(!stdout.contains("Marguerite Pike"), "not a person under the default settings");
}

#[test]
fn the_text_answer_names_each_group_its_people_and_reasons() {
    let (code, _, text, err) = rapport(Path::new(env!("CARGO_MANIFEST_DIR")), &["duplicates", "examples/vault"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains(
            "2 people may be one:\n  Kofi B (People/Kofi B.md)\n  Kofi Boateng (People/Kofi Boateng.md)\n  - Kofi B is Kofi Boateng's first name and last initial\n"
        ),
        "{text}"
    );
    assert_eq!(text.matches("may be one:").count(), 6, "{text}");
    let dir = vault("none", &[("People/Ada Brennan.md", PERSON), ("People/Ada Lovell.md", PERSON)]);
    let (code, _, text, err) = rapport(&dir, &["duplicates", "."]);
    assert_eq!((code, text.as_str()), (0, "No duplicate people found.\n"), "{err}");
}

#[test]
fn each_rule_joins_two_people() {
    // (vault, its notes, the one reason)
    type Case = (&'static str, Vec<(&'static str, String)>, &'static str);
    let cases: Vec<Case> = vec![
        (
            "equal",
            vec![("People/Zoë O'Hara.md", PERSON.into()), ("Other/zoe ohara.md", PERSON.into())],
            "zoe ohara and Zoë O'Hara are the same name apart from case, accents, spacing or punctuation",
        ),
        (
            "alias",
            vec![
                ("People/Theo Marchetti.md", "---\ntype: people\naliases: [Teddy]\n---\n".into()),
                ("People/Teddy.md", PERSON.into()),
            ],
            "Teddy is an alias of Theo Marchetti",
        ),
        (
            "email",
            vec![("People/Nadia Farrow.md", with_email("NADIA@acme.example")), ("People/n.md", with_email("nadia@acme.example"))],
            "Nadia Farrow and n give the same email, nadia@acme.example",
        ),
        (
            "initial",
            vec![("People/Kushal D..md", PERSON.into()), ("People/Kushal Desai.md", PERSON.into())],
            "Kushal D. is Kushal Desai's first name and last initial",
        ),
        (
            "middle",
            vec![("People/Ana Maria Silva.md", PERSON.into()), ("People/Ana Silva.md", PERSON.into())],
            "Ana Silva is Ana Maria Silva without the middle name Maria",
        ),
        (
            "first-name",
            vec![
                ("People/Kushal.md", PERSON.into()),
                ("People/Kushal Desai.md", PERSON.into()),
                ("Meetings/2026-11-02 Standup.md", "With [[Kushal]] and [[Kushal Desai|KD]].\n".into()),
            ],
            "Kushal is a first name only Kushal Desai has in the vault, and both are linked from Meetings/2026-11-02 Standup.md",
        ),
    ];
    for (name, files, reason) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let got = duplicates_of(name, &files);
        assert_eq!(got.len(), 1, "{name}: {got:?}");
        assert_eq!(got[0].0.len(), 2, "{name}: {got:?}");
        assert_eq!(got[0].1, [reason], "{name}");
    }
}

#[test]
fn no_rule_joins_a_shared_first_name_a_longer_name_or_unknown_emails() {
    let unknown = with_email("_Unknown_");
    let empty = with_email("");
    let got = duplicates_of(
        "none-at-all",
        &[
            ("People/Felix Amankwah.md", &unknown),
            ("People/Felix Brandt.md", &unknown),
            ("People/Ann.md", &empty),
            ("People/Anna.md", &empty),
            ("People/Ann Lee.md", PERSON),
            ("People/Anna Lee.md", PERSON),
            // A single first name two people have: which one is unknown, even linked together.
            ("People/Sam.md", PERSON),
            ("People/Sam Okafor.md", PERSON),
            ("People/Sam Reyes.md", PERSON),
            ("Meetings/m.md", "[[Sam]] [[Sam Okafor]] [[Sam Reyes]]\n"),
            // The same name in a note that is no person.
            ("Notes/Felix Amankwah.md", "# Felix Amankwah\n"),
        ],
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn groups_are_transitive_with_every_reason() {
    let got = duplicates_of(
        "transitive",
        &[
            ("People/Kushal Desai.md", "---\ntype: people\naliases: [KD]\n---\n"),
            ("People/Kushal D..md", PERSON),
            ("People/KD.md", PERSON),
            ("People/kushal-desai.md", PERSON),
        ],
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["People/KD.md", "People/Kushal D..md", "People/Kushal Desai.md", "People/kushal-desai.md"]);
    assert_eq!(got[0].1.len(), 3, "alias, initial and equal names: {:?}", got[0].1);
}

#[test]
fn a_missing_vault_is_a_usage_error() {
    let (code, _, _, err) = rapport(Path::new(env!("CARGO_MANIFEST_DIR")), &["duplicates", "no/such/vault"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a folder"), "{err}");
}
