//! `rapport review` through the binary: the contract of issue 18 (section 1) byte for byte on a
//! small vault (`tests/data/review/`, whose README says what each note shows) and on
//! `examples/vault` (as `examples/vault-expectations.md` says, "The review queue").

use serde_json::Value;
use std::path::Path;

fn rapport(args: &[&str]) -> (i32, String, String) {
    crate::support::run_rapport(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn expected(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/review/expected").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `rapport review` with `args` and compares its output with the file `want`.
fn check(args: &[&str], want: &str) {
    let mut all = vec!["review"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = rapport(&all);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, expected(want), "rapport {}", all.join(" "));
}

const VAULT: &str = "tests/data/review/vault";
const NOT_PEOPLE: &str = "tests/data/review/not-people.json";

#[test]
fn the_small_vault_answers_byte_for_byte() {
    check(&[VAULT, "--today", "2026-04-01", "--format", "json"], "vault.json");
    check(&[VAULT, "--today", "2026-04-01", "--format", "json", "--config", NOT_PEOPLE], "vault-not-people.json");
    check(&[VAULT, "--today", "2026-04-01", "--format", "text", "--config", NOT_PEOPLE], "vault-not-people.txt");
}

#[test]
fn the_example_vault_answers_byte_for_byte() {
    check(&["examples/vault", "--today", "2026-11-26", "--format", "json"], "examples-vault.json");
    check(&["examples/vault", "--today", "2026-11-26", "--format", "text"], "examples-vault.txt");
}

/// The fields in the contract's order, whatever the expected files say (serde_json's `Value`
/// sorts keys, so the text is read).
#[test]
fn fields_come_in_the_contracts_order() {
    let (code, stdout, stderr) = rapport(&["review", "examples/vault", "--today", "2026-11-26", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let person = ["path", "name", "auto_created", "needs_review", "created", "missing", "mentions", "first_seen"];
    let at: Vec<usize> =
        person.iter().map(|k| stdout.find(&format!("\"{k}\"")).unwrap_or_else(|| panic!("{k} in {stdout}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert_eq!(keys(&json), ["people"]);
    let people = json["people"].as_array().cloned().unwrap_or_default();
    assert!(!people.is_empty());
    let mut duplicates = 0;
    for p in &people {
        let mut want: Vec<&str> = person.to_vec();
        want.push("duplicates");
        want.sort_unstable();
        assert_eq!(keys(p), want);
        for d in p["duplicates"].as_array().into_iter().flatten() {
            assert_eq!(keys(d), ["name", "path", "reason"]);
            duplicates += 1;
        }
        if let Some(f) = p["first_seen"].as_object() {
            assert_eq!(f.keys().collect::<Vec<_>>(), ["date", "path"]);
        }
    }
    assert!(duplicates > 0);
    // Most mentioned first, then by name.
    let order: Vec<(i64, String)> = people
        .iter()
        .map(|p| (-p["mentions"].as_i64().unwrap_or(0), p["name"].as_str().unwrap_or("").to_lowercase()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn a_wrong_not_people_setting_is_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-config");
    std::fs::create_dir_all(&dir).expect("folder made");
    let config = dir.join("config.json");
    std::fs::write(&config, r#"{"notPeople": "People/Acme.md"}"#).expect("written");
    let (code, _, stderr) = rapport(&["review", VAULT, "--config", config.to_str().unwrap_or("?")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("notPeople"), "{stderr}");
    std::fs::write(&config, r#"{"notPeople": ["People/Acme.md"], "notPerson": []}"#).expect("written");
    let (code, _, stderr) = rapport(&["review", VAULT, "--config", config.to_str().unwrap_or("?")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown key `notPerson`"), "{stderr}");
}

/// Not a person everywhere: the person the setting names leaves the stale list and the
/// duplicates too, and stays a note whose links count.
#[test]
fn not_people_are_people_nowhere() {
    let stale = |config: &[&str]| {
        let mut args = vec!["stale", VAULT, "--today", "2026-04-01", "--format", "json"];
        args.extend_from_slice(config);
        let (code, stdout, stderr) = rapport(&args);
        assert_eq!(code, 0, "{stderr}");
        stdout.contains("People/Acme.md")
    };
    assert!(stale(&[]));
    assert!(!stale(&["--config", NOT_PEOPLE]));
    // No people schema either: without the setting, Acme lacks the `title` people need.
    let check = |config: &[&str]| {
        let mut args = vec!["check", VAULT, "--today", "2026-04-01"];
        args.extend_from_slice(config);
        rapport(&args).1.contains("People/Acme.md")
    };
    assert!(check(&[]));
    assert!(!check(&["--config", NOT_PEOPLE]));
    let (code, stdout, stderr) = rapport(&["person", VAULT, "People/Acme.md", "--config", NOT_PEOPLE]);
    assert_ne!(code, 0, "{stdout}");
    assert!(!stderr.is_empty());
}
