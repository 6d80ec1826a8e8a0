//! The CLI over `examples/vault` answers as `examples/vault-expectations.md` says, in the JSON
//! contract scripts depend on (issue 2): `check`, `stale` and `tasks`, with their exit codes.

use serde_json::Value;
use std::process::Command;

const TODAY: &str = "2026-11-26";

fn rapport(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the rapport binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    k.sort();
    k
}

#[test]
fn stale_lists_every_person_most_overdue_first() {
    let (code, json, err) = rapport(&["stale", "examples/vault", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json["today"], TODAY);
    let contacts = json["contacts"].as_array().cloned().unwrap_or_default();
    // (name, status, effective last contact, evidence, days, cadence days, score to 4 places)
    type Row =
        (&'static str, &'static str, Option<&'static str>, Option<&'static str>, Option<i64>, Option<i64>, Option<f64>);
    let expected: &[Row] = &[
        ("Gideon Aske", "stale", Some("2024-06-14"), Some("frontmatter"), Some(895), Some(90), Some(9.9444)),
        ("Lena Kowalczyk", "stale", Some("2025-02-28"), Some("recent-context"), Some(636), Some(90), Some(7.0667)),
        ("Omar Castellane", "stale", Some("2025-10-31"), Some("frontmatter"), Some(391), Some(90), Some(4.3444)),
        ("Priya Venkataraman", "overdue", Some("2026-11-04"), Some("frontmatter"), Some(22), Some(14), Some(1.5714)),
        ("Tobias Wren", "overdue", Some("2026-08-03"), Some("frontmatter"), Some(115), Some(90), Some(1.2778)),
        ("Theo Marchetti", "due", Some("2026-11-20"), Some("frontmatter"), Some(6), Some(7), Some(0.8571)),
        ("Raphael Lindqvist", "due", Some("2026-11-02"), Some("frontmatter"), Some(24), Some(30), Some(0.8)),
        // The duplicates' notes (issue 18): no last contact, the default cadence.
        ("Felix Brandt", "never", None, None, None, Some(90), None),
        ("Gideon", "never", None, None, None, Some(90), None),
        ("Ines Duvallier", "never", None, None, None, Some(90), None),
        ("Kofi B", "never", None, None, None, Some(90), None),
        ("nadia.farrow@acme-robotics.example", "never", None, None, None, Some(90), None),
        ("Priya Lakshmi Venkataraman", "never", None, None, None, Some(90), None),
        ("Rosalind Achterberg", "never", None, None, None, Some(14), None),
        ("ياسمين حداد", "never", None, None, None, Some(90), None),
        ("Dr. Maeve O'Neil", "ok", Some("2026-02-14"), Some("frontmatter"), Some(285), Some(365), Some(0.7808)),
        ("Ingrid Solberg", "ok", Some("2026-09-30"), Some("frontmatter"), Some(57), Some(90), Some(0.6333)),
        ("Beatrix Quell", "ok", Some("2026-10-01"), Some("recent-context"), Some(56), Some(90), Some(0.6222)),
        ("Mirela Stan", "ok", Some("2026-10-02"), Some("frontmatter"), Some(55), Some(90), Some(0.6111)),
        ("Felix Amankwah", "ok", Some("2026-10-05"), Some("frontmatter"), Some(52), Some(90), Some(0.5778)),
        ("Kofi Boateng", "ok", Some("2026-10-15"), Some("frontmatter"), Some(42), Some(90), Some(0.4667)),
        ("Nadia Farrow", "ok", Some("2026-11-12"), Some("frontmatter"), Some(14), Some(30), Some(0.4667)),
        ("Hugo Barros", "ok", Some("2026-10-28"), Some("frontmatter"), Some(29), Some(90), Some(0.3222)),
        ("Callum Whitford", "ok", Some("2026-11-18"), Some("recent-context"), Some(8), Some(30), Some(0.2667)),
        ("Anselm Ferreira", "ok", Some("2026-11-06"), Some("frontmatter"), Some(20), Some(90), Some(0.2222)),
        ("Adaeze Okonkwo", "ok", Some("2026-11-19"), Some("linked-note"), Some(7), Some(90), Some(0.0778)),
        ("Soren Vale", "ok", Some("2026-11-19"), Some("frontmatter"), Some(7), Some(90), Some(0.0778)),
        ("Inès Duvallier", "snoozed", Some("2026-05-02"), Some("frontmatter"), Some(208), Some(90), Some(2.3111)),
        ("Yasmin Haddad", "paused", Some("2025-12-01"), Some("frontmatter"), Some(360), None, None),
    ];
    let names: Vec<&str> = contacts.iter().filter_map(|c| c["name"].as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(names, want, "order of stale()");
    for (c, (name, status, last, evidence, days, cadence, score)) in contacts.iter().zip(expected) {
        assert_eq!(
            keys(c),
            [
                "cadence_days",
                "days_since",
                "evidence",
                "last_contact",
                "name",
                "open_tasks",
                "path",
                "reason",
                "score",
                "status"
            ]
        );
        assert_eq!(c["path"], format!("People/{name}.md"));
        assert_eq!(c["status"], *status, "{name}");
        assert_eq!(c["last_contact"].as_str(), *last, "{name}");
        assert_eq!(c["evidence"].as_str(), *evidence, "{name}");
        assert_eq!(c["days_since"].as_i64(), *days, "{name}");
        assert_eq!(c["cadence_days"].as_i64(), *cadence, "{name}");
        match (c["score"].as_f64(), score) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 0.001, "{name}: score {got} vs {want}"),
            (got, want) => assert_eq!(got, *want, "{name}"),
        }
        assert!(c["reason"].as_str().is_some_and(|r| r.len() > 10 && !r.contains('\n')), "{name}: one-line reason");
    }
    let open = |name: &str| contacts.iter().find(|c| c["name"] == name).and_then(|c| c["open_tasks"].as_i64());
    for (name, n) in [
        ("Nadia Farrow", 4),
        ("Theo Marchetti", 6),
        ("Adaeze Okonkwo", 6),
        ("Dr. Maeve O'Neil", 3),
        ("Raphael Lindqvist", 3),
        ("Priya Venkataraman", 3),
        ("Gideon Aske", 2),
        ("Rosalind Achterberg", 1),
        ("Inès Duvallier", 1),
        ("Yasmin Haddad", 2),
        ("Callum Whitford", 3),
        ("Hugo Barros", 0),
        // A single first name is a whole-name mention: Gideon Aske's two tasks name "Gideon".
        ("Gideon", 2),
        // Yasmin Haddad's alias as a note of its own: the task naming it in Arabic.
        ("ياسمين حداد", 1),
    ] {
        assert_eq!(open(name), Some(n), "open tasks of {name}");
    }
}

#[test]
fn check_reports_each_broken_note_once_with_its_code_line_and_fix() {
    let (code, json, err) = rapport(&["check", "examples/vault", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 1, "errors make `check` exit 1: {err}");
    assert_eq!(json["notes"], 49, ".obsidian, .trash and non-markdown files are skipped");
    let diags = json["diagnostics"].as_array().cloned().unwrap_or_default();
    let got: Vec<(String, i64, String, String, Option<String>)> = diags
        .iter()
        .map(|d| {
            assert_eq!(keys(d), ["code", "column", "field", "fix", "line", "message", "path", "severity"]);
            (
                d["path"].as_str().unwrap_or("").trim_start_matches("People/").trim_end_matches(".md").to_string(),
                d["line"].as_i64().unwrap_or(0),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["code"].as_str().unwrap_or("").to_string(),
                d["field"].as_str().map(str::to_string),
            )
        })
        .collect();
    let want: Vec<(&str, i64, &str, &str, Option<&str>)> = vec![
        ("Adaeze Okonkwo", 5, "warning", "last-contact-behind-evidence", Some("last_contact")),
        ("Anselm Ferreira", 6, "error", "wrong-type", Some("auto_created")),
        ("Beatrix Quell", 5, "warning", "future-date", Some("last_contact")),
        ("Callum Whitford", 5, "warning", "last-contact-behind-evidence", Some("last_contact")),
        ("Felix Amankwah", 3, "warning", "title-mismatch", Some("title")),
        ("Hugo Barros", 9, "error", "missing-required-field", Some("title")),
        ("Ingrid Solberg", 8, "warning", "type-tag-mismatch", Some("tags")),
        ("Kofi Boateng", 7, "error", "unquoted-wikilink", Some("company")),
        ("Lena Kowalczyk", 5, "error", "impossible-date", Some("last_contact")),
        ("Marguerite Pike", 1, "error", "unterminated-frontmatter", None),
        ("Mirela Stan", 7, "error", "duplicate-key", Some("last_contact")),
        ("Omar Castellane", 5, "warning", "non-iso-date", Some("last_contact")),
        ("Tobias Wren", 3, "error", "yaml-syntax", Some("title")),
    ];
    let got_ref: Vec<(&str, i64, &str, &str, Option<&str>)> =
        got.iter().map(|(p, l, s, c, f)| (p.as_str(), *l, s.as_str(), c.as_str(), f.as_deref())).collect();
    assert_eq!(got_ref, want);

    // Each fix, applied to the file, gives the expected text and makes its diagnostic go away.
    let fixes: &[(&str, &str, &str)] = &[
        ("Omar Castellane", "last_contact: 10/31/2025", "last_contact: 2025-10-31"),
        ("Kofi Boateng", "company: [[Acme Robotics]]", "company: \"[[Acme Robotics]]\""),
        ("Hugo Barros", "", "title: Hugo Barros\n---"),
        ("Callum Whitford", "'2026-09-15'", "'2026-11-18'"),
        ("Beatrix Quell", "2027-03-01", "2026-10-01"),
        ("Felix Amankwah", "title: Felix Amankwa\n", "title: Felix Amankwah\n"),
    ];
    for (name, before, after) in fixes {
        let d = diags.iter().find(|d| d["path"] == format!("People/{name}.md")).cloned().unwrap_or(Value::Null);
        let fix = &d["fix"];
        assert!(fix.is_object(), "{name} has a fix");
        let text = std::fs::read_to_string(format!("examples/vault/People/{name}.md")).unwrap_or_default();
        let units: Vec<u16> = text.encode_utf16().collect();
        let (from, to) = (fix["from"].as_u64().unwrap_or(0) as usize, fix["to"].as_u64().unwrap_or(0) as usize);
        assert!(from <= to && to <= units.len(), "{name}: fix range inside the file");
        let fixed = format!(
            "{}{}{}",
            String::from_utf16_lossy(&units[..from]),
            fix["insert"].as_str().unwrap_or(""),
            String::from_utf16_lossy(&units[to..])
        );
        assert!(fixed.contains(after), "{name}: fixed text has {after:?}");
        if !before.is_empty() {
            assert!(!fixed.contains(before) || before.contains(after), "{name}: {before:?} replaced");
        }
        let index = rapport::Settings::default();
        let remaining = rapport::edit::diagnose(
            &format!("People/{name}.md"),
            &fixed,
            &index,
            rapport::Date::parse_iso(TODAY).unwrap_or(rapport::Date { year: 2026, month: 11, day: 26 }),
        );
        assert!(!remaining.iter().any(|r| d["code"] == r.code.as_str()), "{name}: {:?} gone after its fix", d["code"]);
    }
    for name in ["Tobias Wren", "Marguerite Pike", "Lena Kowalczyk", "Ingrid Solberg", "Anselm Ferreira"] {
        let d = diags.iter().find(|d| d["path"] == format!("People/{name}.md")).cloned().unwrap_or(Value::Null);
        assert!(d["fix"].is_null(), "{name} has no mechanical fix");
    }
}

fn task_places(list: &Value) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .map(|a| a.iter().map(|t| format!("{}:{}", t["path"].as_str().unwrap_or(""), t["line"])).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn tasks_for_people_split_mentions_and_owned() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "Nadia Farrow",
            &["Meetings/2026-11-12 - Acme renewal kickoff.md:20", "Projects/Acme Renewal.md:16"],
            &["Daily/2026-11-23.md:6", "Meetings/2026-10-20 - Acme quarterly business review.md:22"],
        ),
        (
            "Theo Marchetti",
            &["Daily/2026-11-26.md:6", "Daily/2026-11-26.md:7", "Meetings/2026-11-20 - Weekly 1-1 with Theo.md:16"],
            &[
                "Meetings/2026-11-12 - Acme renewal kickoff.md:21",
                "Meetings/2026-11-20 - Weekly 1-1 with Theo.md:18",
                "Projects/Acme Renewal.md:18",
            ],
        ),
        (
            "Adaeze Okonkwo",
            &[
                "Daily/2026-11-24.md:7",
                "Meetings/2026-11-19 - Hiring loop debrief.md:17",
                "Projects/Hiring Q4.md:6",
                "Projects/Hiring Q4.md:8",
            ],
            &["Meetings/2026-11-19 - Hiring loop debrief.md:18", "Projects/Hiring Q4.md:7"],
        ),
        (
            "Dr. Maeve O'Neil",
            &["Meetings/2026-02-14 - Research advisory board.md:19", "Projects/Orion Storage.md:21"],
            &["Projects/Hiring Q4.md:10"],
        ),
        (
            "Raphael Lindqvist",
            &["Daily/2026-11-21.md:7", "Projects/Orion Storage.md:18"],
            &["Projects/Orion Storage.md:17"],
        ),
        ("Yasmin Haddad", &["Daily/2026-11-25.md:4", "Daily/2026-11-25.md:5"], &[]),
    ];
    for (name, mentions, owned) in cases {
        let (code, json, err) = rapport(&["tasks", "examples/vault", "--person", name, "--format", "json"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(json["person"]["name"], *name);
        assert_eq!(json["person"]["path"], format!("People/{name}.md"));
        assert_eq!(task_places(&json["mentions"]), *mentions, "mentions of {name}");
        assert_eq!(task_places(&json["owned"]), *owned, "owned by {name}");
        // Sorted by due date, none last.
        for list in [&json["mentions"], &json["owned"]] {
            let dues: Vec<Option<&str>> =
                list.as_array().map(|a| a.iter().map(|t| t["due"].as_str()).collect()).unwrap_or_default();
            let mut sorted = dues.clone();
            sorted.sort_by_key(|d| (d.is_none(), *d));
            assert_eq!(dues, sorted, "{name}: due order");
        }
    }
    // A person can be named by alias or handle too.
    let (_, by_alias, _) = rapport(&["tasks", "examples/vault", "--person", "Rafe Lindqvist", "--format", "json"]);
    assert_eq!(by_alias["person"]["name"], "Raphael Lindqvist");
    let (code, _, err) = rapport(&["tasks", "examples/vault", "--person", "Nobody Known"]);
    assert_eq!(code, 2);
    assert!(err.contains("no person named"), "{err}");
}

#[test]
fn all_tasks_carry_the_contract_fields() {
    let (code, json, err) = rapport(&["tasks", "examples/vault", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let tasks = json["tasks"].as_array().cloned().unwrap_or_default();
    assert_eq!(tasks.len(), 63);
    let count = |s: &str| tasks.iter().filter(|t| t["status"] == s).count();
    assert_eq!((count(" "), count("/"), count("?"), count("x"), count("X"), count("-")), (45, 3, 2, 9, 1, 3));
    for t in &tasks {
        assert_eq!(
            keys(t),
            [
                "cancelled",
                "created",
                "depends_on",
                "description",
                "done",
                "due",
                "id",
                "invalid_dates",
                "line",
                "on_completion",
                "path",
                "priority",
                "recurrence",
                "scheduled",
                "start",
                "status",
                "tags",
                "text"
            ]
        );
        assert!(!t["path"].as_str().unwrap_or("People/").starts_with("People/"), "no task in a people note: {t}");
    }
    let find = |path: &str, line: i64| {
        tasks.iter().find(|t| t["path"] == path && t["line"] == line).cloned().unwrap_or(Value::Null)
    };
    let t = find("Meetings/2026-11-20 - Weekly 1-1 with Theo.md", 17);
    assert_eq!(
        (t["priority"].as_str(), t["due"].as_str(), t["id"].as_str()),
        (Some("high"), Some("2026-12-04"), Some("promo1"))
    );
    let t = find("Meetings/2026-11-20 - Weekly 1-1 with Theo.md", 18);
    assert_eq!(t["depends_on"], serde_json::json!(["promo1"]));
    let t = find("Meetings/2026-11-20 - Weekly 1-1 with Theo.md", 16);
    assert_eq!(t["recurrence"], "every week");
    let t = find("Meetings/2026-11-18 - Platform roadmap sync.md", 13);
    assert_eq!(t["due"], "2026-12-05", "parenthesised dataview field");
    let t = find("Projects/Orion Storage.md", 20);
    assert_eq!((t["status"].as_str(), t["done"].as_str()), (Some("x"), Some("2026-11-02")));
    let t = find("Daily/2026-11-25.md", 6);
    assert_eq!(t["cancelled"], "2026-11-25");
    let t = find("Daily/2026-11-23.md", 4);
    assert!(t.is_object(), "the tab-indented task is found on its own line");
    assert!(find("Meetings/2026-11-24 - Vendor panel.md", 11).is_null(), "code blocks hold no tasks");
}

#[test]
fn usage_and_io_errors_exit_2_and_text_output_reads_as_a_table() {
    assert_eq!(rapport(&["stale"]).0, 2);
    assert_eq!(rapport(&["frobnicate", "examples/vault"]).0, 2);
    assert_eq!(rapport(&["stale", "examples/vault", "--today", "2026-02-30"]).0, 2);
    assert_eq!(rapport(&["stale", "examples/vault", "--format", "xml"]).0, 2);
    assert_eq!(rapport(&["check", "no/such/vault"]).0, 2);
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["stale", "examples/vault", "--today", TODAY])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("STATUS") && l.contains("NAME") && l.contains("REASON")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("stale") && l.contains("Gideon Aske")), "{text}");
}

/// The backticked words of README.md's first paragraph under `### Diagnostic codes` (a note in
/// parentheses may follow a code).
fn readme_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md reads");
    let section = readme.split_once("### Diagnostic codes").expect("README.md has a `### Diagnostic codes` section").1;
    let list = section.trim_start().split("\n\n").next().unwrap_or_default();
    list.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_readme_lists_every_diagnostic_code_and_no_other() {
    let mut listed = readme_codes();
    let count = listed.len();
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), count, "README.md lists a diagnostic code twice");
    let mut codes: Vec<String> = rapport::Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    codes.sort();
    assert_eq!(listed, codes, "README.md's `### Diagnostic codes` and `Code::ALL` differ");
    for c in rapport::Code::ALL {
        let kebab = !c.as_str().is_empty()
            && c.as_str()
                .split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert!(kebab, "{c} is not kebab-case");
    }
}

/// `rapport ARGS` run in the crate's root: exit code, stdout and stderr as text.
fn run_text(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn each_command_has_its_own_help_and_a_usage_error_names_the_argument() {
    for (command, flags) in
        [("check", ["--format", "--config", "--today"]), ("stale", ["--format", "--config", "--today"])]
    {
        let (code, help, err) = run_text(&[command, "--help"]);
        assert_eq!(code, 0, "{err}");
        assert!(help.contains(&format!("Usage: rapport {command} ")) && !help.contains("--person"), "{help}");
        assert!(flags.iter().all(|f| help.contains(f)), "{help}");
    }
    let (code, help, err) = run_text(&["tasks", "--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(help.contains("Usage: rapport tasks ") && help.contains("--person <NAME>"), "{help}");
    assert_eq!(run_text(&["--version"]).0, 0);

    let (code, _, err) = run_text(&["stale", "examples/vault", "--bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("'--bogus'") && err.contains("Usage: rapport stale "), "{err}");
    let (code, _, err) = run_text(&["stale", "examples/vault", "--today", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("'2026-02-30'") && err.contains("--today"), "{err}");
    let (code, _, err) = run_text(&["stale", "examples/vault", "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("'xml'") && err.contains("--format") && err.contains("json"), "{err}");
}

#[test]
fn options_go_before_or_after_the_command_and_the_vault() {
    let after = run_text(&["stale", "examples/vault", "--today", TODAY, "--format", "json"]);
    assert_eq!(after.0, 0, "{}", after.2);
    assert_eq!(run_text(&["--today", TODAY, "--format", "json", "stale", "examples/vault"]), after);
    assert_eq!(run_text(&["stale", "--format=json", "examples/vault", "--today", TODAY]), after);
    let person = run_text(&["tasks", "examples/vault", "--person", "Theo Marchetti", "--format", "json"]);
    assert_eq!(person.0, 0, "{}", person.2);
    assert_eq!(run_text(&["--person", "Theo Marchetti", "tasks", "examples/vault", "--format", "json"]), person);
    assert_eq!(run_text(&["--person", "Theo Marchetti", "stale", "examples/vault"]).0, 2);
}

#[test]
fn completions_are_a_script_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script, err) = run_text(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.contains("rapport") && script.contains("person"), "{shell}: {script}");
    }
    assert_eq!(run_text(&["completions", "cmd"]).0, 2);
}

/// README's "The command line" shows `rapport --help` as the binary prints it.
#[test]
fn the_readme_shows_the_help_the_binary_prints() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let shown =
        readme.split_once("$ rapport --help\n").and_then(|(_, rest)| rest.split_once("```")).map(|(help, _)| help);
    let (code, help, err) = run_text(&["--help"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(shown, Some(help.as_str()), "paste `rapport --help` into README.md");
}
