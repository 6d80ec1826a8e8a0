//! Vaults in the shapes the wild has them (`tests/data/wild/<case>/`, each with a `CASE.txt`
//! saying what it shows and what Rapport answers), read through the CLI as a user would.

use serde_json::Value;
use std::process::Command;

const TODAY: &str = "2026-11-26";

/// Runs `rapport <command> tests/data/wild/<case> --today TODAY --format json [extra]`.
fn rapport(command: &str, case: &str, extra: &[&str]) -> (i32, Value) {
    let vault = format!("tests/data/wild/{case}");
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([command, vault.as_str(), "--today", TODAY, "--format", "json"])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the rapport binary runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

/// Each person's (name, last contact, evidence) as `stale` reports them, sorted by name.
fn contacts(case: &str) -> Vec<(String, Option<String>, Option<String>)> {
    contacts_with(case, &[])
}

/// [`contacts`] with more arguments (`--config`).
fn contacts_with(case: &str, extra: &[&str]) -> Vec<(String, Option<String>, Option<String>)> {
    let (code, json) = rapport("stale", case, extra);
    assert_eq!(code, 0, "stale on {case}: {json}");
    let mut rows: Vec<_> = json["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let s = |k: &str| c[k].as_str().map(str::to_string);
            (s("name").unwrap_or_default(), s("last_contact"), s("evidence"))
        })
        .collect();
    rows.sort();
    rows
}

/// The (path, code) of every diagnostic `check` reports.
fn diagnostics(case: &str) -> Vec<(String, String)> {
    let (_, json) = rapport("check", case, &[]);
    json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (d["path"].as_str().unwrap_or_default().to_string(), d["code"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

fn row(name: &str, date: &str, evidence: &str) -> (String, Option<String>, Option<String>) {
    (name.to_string(), Some(date.to_string()), Some(evidence.to_string()))
}

#[test]
fn cancelled_and_open_tasks_are_plans_not_contacts() {
    assert_eq!(
        contacts("cancelled-plans"),
        vec![row("Bram Okafor", "2026-11-21", "linked-note"), row("Orla Penhallow", "2026-09-01", "frontmatter")]
    );
    assert_eq!(
        diagnostics("cancelled-plans"),
        vec![("People/Bram Okafor.md".to_string(), "last-contact-behind-evidence".to_string())]
    );
}

/// Each task's (description, tags) as `tasks` reports them, in the vault's order.
fn tasks(case: &str) -> Vec<(String, Vec<String>)> {
    let (code, json) = rapport("tasks", case, &[]);
    assert_eq!(code, 0, "tasks on {case}: {json}");
    json["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let tags =
                t["tags"].as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect();
            (t["description"].as_str().unwrap_or_default().to_string(), tags)
        })
        .collect()
}

#[test]
fn comments_hide_tasks_links_and_tags() {
    assert_eq!(
        contacts("comments"),
        vec![row("Sefa Lindgren", "2026-10-02", "frontmatter"), row("Wren Halloway", "2026-11-18", "linked-note")]
    );
    assert_eq!(
        tasks("comments"),
        vec![
            ("Send [[Wren Halloway]] the notes #follow-up <!-- #draft -->".to_string(), vec!["follow-up".to_string()]),
            (r"Book the room \[\[#ops\]\]".to_string(), vec!["ops".to_string()]),
        ]
    );
}

#[test]
fn an_empty_block_is_valid_and_a_late_block_is_flagged() {
    let (_, json) = rapport("check", "frontmatter-shapes", &[]);
    let found: Vec<(String, i64, String)> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_i64().unwrap_or(0),
                d["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(found, vec![("People/Lio Brandt.md".to_string(), 2, "frontmatter-not-first".to_string())]);
    let fix = &json["diagnostics"][0]["fix"];
    assert_eq!((fix["from"].as_i64(), fix["to"].as_i64(), fix["insert"].as_str()), (Some(0), Some(1), Some("")));
    let names: Vec<String> = contacts("frontmatter-shapes").into_iter().map(|c| c.0).collect();
    assert_eq!(names, vec!["Mara Quist".to_string()]);
}

#[test]
fn date_time_values_and_daily_note_links_are_days() {
    assert_eq!(
        contacts("date-forms"),
        vec![
            row("Ines Marr", "2026-11-01", "frontmatter"),
            row("Kai Moor", "2026-11-03", "frontmatter"),
            row("Tamsin Rook", "2026-11-12", "linked-note"),
            row("Ula Venn", "2026-11-05", "frontmatter"),
        ]
    );
    assert_eq!(
        diagnostics("date-forms"),
        vec![("People/Tamsin Rook.md".to_string(), "last-contact-behind-evidence".to_string())]
    );
}

#[test]
fn an_impossible_task_date_is_invalid_sorted_first_and_flagged() {
    let (code, json) = rapport("tasks", "invalid-task-date", &[]);
    assert_eq!(code, 0);
    let rows: Vec<(i64, String, bool, Vec<String>)> = json["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let invalid = t["invalid_dates"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            (
                t["line"].as_i64().unwrap_or(0),
                t["description"].as_str().unwrap_or_default().to_string(),
                t["due"].is_null(),
                invalid,
            )
        })
        .collect();
    let due = vec!["due".to_string()];
    assert_eq!(
        rows,
        vec![
            (4, "Pay the venue".to_string(), true, due.clone()),
            (6, "Send invites".to_string(), true, due),
            (3, "Book the bus".to_string(), false, vec![]),
            (5, "Write the agenda".to_string(), true, vec![]),
        ]
    );
    let (_, json) = rapport("check", "invalid-task-date", &[]);
    let lines: Vec<(i64, &str)> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["line"].as_i64().unwrap_or(0), d["code"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(lines, vec![(4, "invalid-task-date"), (6, "invalid-task-date")]);
}

#[test]
fn task_fields_are_read_as_the_tasks_plugin_reads_them() {
    let (code, json) = rapport("tasks", "tasks-fields", &[]);
    assert_eq!(code, 0);
    let s = |v: &Value| v.as_str().map(str::to_string);
    // (line, description, recurrence, on_completion, dependencies)
    type Row = (i64, Option<String>, Option<String>, Option<String>, usize);
    let rows: Vec<Row> = json["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            (
                t["line"].as_i64().unwrap_or(0),
                s(&t["description"]),
                s(&t["recurrence"]),
                s(&t["on_completion"]),
                t["depends_on"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    let o = |x: &str| Some(x.to_string());
    assert_eq!(
        rows,
        vec![
            (4, o("Renew the passport"), None, o("keep"), 0),
            (3, o("Water the ferns"), o("every week"), o("delete"), 0),
            (5, o("Stretch 🔁 daily"), None, None, 0),
            (6, o("Pack [dependson:: trip1]"), None, None, 0),
            (7, o("Book the train"), None, None, 1),
        ]
    );
}

#[test]
fn hashtags_after_tags_are_a_comment_with_a_fix() {
    let (_, json) = rapport("check", "tags-comment", &[]);
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["path"].as_str(), d["line"].as_i64(), d["code"].as_str()),
        (Some("People/Nell Corvo.md"), Some(2), Some("tags-in-comment"))
    );
    let fix = &d["fix"];
    assert_eq!(
        (fix["from"].as_i64(), fix["to"].as_i64(), fix["insert"].as_str()),
        (Some(10), Some(25), Some("[people, person]"))
    );
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1));
}

#[test]
fn markdown_links_are_links_in_every_form() {
    assert_eq!(
        contacts("markdown-links"),
        vec![
            row("Ada Quill", "2026-11-20", "linked-note"),
            row("Cyd Marlo", "2026-11-20", "linked-note"),
            row("Dina Stroud", "2026-11-20", "linked-note"),
            ("Ewan Tarrow".to_string(), None, None),
        ]
    );
    let (code, json) = rapport("tasks", "markdown-links", &["--person", "Ewan Tarrow"]);
    assert_eq!(code, 0);
    let mentions: Vec<&str> = json["mentions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["line"].as_i64().map(|_| t["path"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(mentions, vec!["Meetings/2026/2026-11-20 - Sync.md"]);
}

#[test]
fn people_recognised_by_folder_or_tag_need_no_type_or_title() {
    let config = "tests/data/wild/recognised-by-folder/config.json";
    let (code, json) = rapport("check", "recognised-by-folder", &["--config", config]);
    assert_eq!(code, 1, "one error: {json}");
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["path"].as_str().unwrap_or_default(), d["code"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        vec![("Contacts/Rhea Voss.md", "missing-required-field"), ("People/Tess Arden.md", "title-mismatch")]
    );
}

#[test]
fn property_names_are_read_in_any_case() {
    assert_eq!(
        contacts("property-case"),
        vec![row("Pia Lund", "2024-06-18", "linked-note"), row("Ravi Osei", "2024-05-02", "frontmatter")]
    );
    assert_eq!(
        diagnostics("property-case"),
        vec![
            ("People/Pia Lund.md".to_string(), "last-contact-behind-evidence".to_string()),
            ("People/Ravi Osei.md".to_string(), "property-spelled-twice".to_string()),
        ]
    );
    let (code, json) = rapport("tasks", "property-case", &["--person", "Rav"]);
    assert_eq!(code, 0);
    assert_eq!(json["person"]["name"], "Ravi Osei");
    assert_eq!(json["mentions"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_config_key_rapport_does_not_know_or_a_wrong_type_is_an_error_naming_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "stale",
            "tests/data/wild/config-typo",
            "--config",
            "tests/data/wild/config-typo/config.json",
            "--format",
            "json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the rapport binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unknown key `peopleFolder` (did you mean `peopleFolders`?)"), "{err}");
    assert!(err.contains("`thresholds.due` should be a number, not text"), "{err}");
    let (code, json) = rapport("stale", "config-typo", &["--config", "tests/data/wild/config-typo/good.json"]);
    assert_eq!(code, 0);
    assert_eq!(json["contacts"][0]["name"], "Oren Vale");
}

#[test]
fn body_tags_nested_tags_and_globs_mark_people() {
    let config = "tests/data/wild/tags-as-obsidian/config.json";
    let (code, json) = rapport("stale", "tags-as-obsidian", &["--config", config]);
    assert_eq!(code, 0);
    let mut names: Vec<&str> =
        json["contacts"].as_array().into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["Bea Korr", "Cato Reyes", "Dov Imre"]);
}

#[test]
fn the_vaults_conventions_are_settings() {
    let config = ["--config", "tests/data/wild/vault-conventions/rapport.config.json"];
    let never = |name: &str| (name.to_string(), None, None);
    assert_eq!(
        contacts_with("vault-conventions", &config),
        vec![
            row("Hedda Quaye", "2026-10-20", "linked-note"),
            row("Milo Ferrant", "2026-11-18", "linked-note"),
            row("Nell Avery", "2026-08-01", "frontmatter"),
            row("Oskar Pell", "2026-11-04", "linked-note"),
            row("Pia Lindqvist", "2026-09-14", "frontmatter"),
            row("Tomasz Wren", "2026-11-10", "linked-note"),
        ]
    );
    // The defaults read the vault as before: `date` alone dates a note, every link is contact.
    assert_eq!(
        contacts("vault-conventions"),
        vec![
            never("Hedda Quaye"),
            row("Milo Ferrant", "2026-11-18", "linked-note"),
            row("Nell Avery", "2026-11-18", "linked-note"),
            never("Oskar Pell"),
            never("Pia Lindqvist"),
            never("Tomasz Wren"),
        ]
    );
    // `check` speaks of the property under the vault's name, and its fix writes that one.
    let (code, json) = rapport("check", "vault-conventions", &config);
    assert_eq!(code, 0, "{json}");
    let tomasz: Vec<&Value> =
        json["diagnostics"].as_array().into_iter().flatten().filter(|d| d["path"] == "People/Tomasz Wren.md").collect();
    assert_eq!(tomasz.len(), 1, "{json}");
    assert_eq!(tomasz[0]["code"], "last-contact-behind-evidence");
    assert_eq!(tomasz[0]["field"], "last_contacted");
    assert_eq!(tomasz[0]["fix"]["description"], "Set `last_contacted` to 2026-11-10", "{json}");
    assert_eq!(tomasz[0]["fix"]["insert"], "2026-11-10", "{json}");
    let (_, stale) = rapport("stale", "vault-conventions", &config);
    let pia = stale["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["name"] == "Pia Lindqvist")
        .cloned()
        .unwrap_or_default();
    assert!(pia["reason"].as_str().unwrap_or_default().contains("(last_contacted, 2026-09-14)"), "{pia}");
}

#[test]
fn a_category_link_or_a_list_type_marks_people() {
    let config = "tests/data/wild/people-by-category/config.json";
    let (code, json) = rapport("stale", "people-by-category", &["--config", config]);
    assert_eq!(code, 0);
    let mut rows: Vec<(&str, Option<&str>)> = json["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["name"].as_str().unwrap_or_default(), c["last_contact"].as_str()))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            ("Ines Calder", Some("2026-11-12")),
            ("Lena Okoro", None),
            ("Oskar Brandvold", Some("2026-10-04")),
            ("Theo Marsh", None)
        ]
    );
    let (code, json) = rapport("check", "people-by-category", &["--config", config]);
    assert_eq!(code, 1, "the unquoted link is an error: {json}");
    let found: Vec<(&str, i64, &str)> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default(),
                d["line"].as_i64().unwrap_or(0),
                d["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("References/Ines Calder.md", 9, "last-contact-behind-evidence"),
            ("References/Lena Okoro.md", 2, "unquoted-wikilink")
        ]
    );
    let names: Vec<String> = contacts("people-by-category").into_iter().map(|c| c.0).collect();
    assert_eq!(names, vec!["Theo Marsh".to_string()], "by default only `type` marks people");
}

/// The names `stale` lists, sorted, and each one's open tasks.
fn people_and_tasks(case: &str, extra: &[&str]) -> Vec<(String, i64)> {
    let (code, json) = rapport("stale", case, extra);
    assert_eq!(code, 0, "stale on {case}: {json}");
    let mut rows: Vec<(String, i64)> = json["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["name"].as_str().unwrap_or_default().to_string(), c["open_tasks"].as_i64().unwrap_or(-1)))
        .collect();
    rows.sort();
    rows
}

#[test]
fn templates_folders_of_obsidian_and_templater_are_left_out() {
    assert_eq!(people_and_tasks("templates-folder", &[]), vec![("Hana Veld".to_string(), 1)]);
    assert_eq!(diagnostics("templates-folder"), vec![]);
    let keep = ["--config", "tests/data/wild/templates-folder/keep-templates.json"];
    assert_eq!(
        people_and_tasks("templates-folder", &keep),
        vec![("Hana Veld".to_string(), 2), ("Person".to_string(), 0), ("Person".to_string(), 0)]
    );
    let (code, json) = rapport("check", "templates-folder", &keep);
    assert_eq!(code, 1, "{json}");
    let mut paths: Vec<&str> =
        json["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["path"].as_str()).collect();
    paths.dedup();
    assert_eq!(paths, vec!["Meta/Templater/Person.md", "Templates/Person.md"]);
}

#[test]
fn only_lines_with_the_tasks_global_filter_are_tasks() {
    let descriptions = |extra: &[&str]| -> Vec<(i64, String)> {
        let (code, json) = rapport("tasks", "tasks-global-filter", extra);
        assert_eq!(code, 0, "{json}");
        json["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| (t["line"].as_i64().unwrap_or(0), t["description"].as_str().unwrap_or_default().to_string()))
            .collect()
    };
    assert_eq!(
        descriptions(&[]),
        vec![
            (7, "#task Pay the first rent".to_string()),
            (3, "#task Book the van with [[Ines Okoro]]".to_string()),
            (5, "Call the landlord #tasks/home".to_string()),
        ]
    );
    let mentions: Vec<i64> = {
        let (_, json) = rapport("tasks", "tasks-global-filter", &["--person", "Ines Okoro"]);
        json["mentions"].as_array().into_iter().flatten().filter_map(|t| t["line"].as_i64()).collect()
    };
    assert_eq!(mentions, vec![3]);
    assert_eq!(contacts("tasks-global-filter"), vec![row("Ines Okoro", "2026-11-02", "frontmatter")]);
    assert_eq!(people_and_tasks("tasks-global-filter", &[]), vec![("Ines Okoro".to_string(), 1)]);
    let lines = |extra: &[&str]| -> Vec<(i64, String)> {
        let (_, json) = rapport("check", "tasks-global-filter", extra);
        json["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| (d["line"].as_i64().unwrap_or(0), d["code"].as_str().unwrap_or_default().to_string()))
            .collect()
    };
    assert_eq!(lines(&[]), vec![(7, "invalid-task-date".to_string())]);
    // A config file's filter wins over the vault's Tasks settings: "" makes every checkbox a task.
    let every = ["--config", "tests/data/wild/tasks-global-filter/every-checkbox.json"];
    assert_eq!(descriptions(&every).len(), 7);
    assert_eq!(people_and_tasks("tasks-global-filter", &every), vec![("Ines Okoro".to_string(), 3)]);
    assert_eq!(lines(&every), vec![(6, "invalid-task-date".to_string()), (7, "invalid-task-date".to_string())]);
}

#[test]
fn a_disabled_tasks_plugin_filters_nothing() {
    let names: Vec<String> = tasks("tasks-plugin-disabled").into_iter().map(|t| t.0).collect();
    assert_eq!(names, vec!["#task Prune the apple tree".to_string(), "Sow the beans".to_string()]);
}

#[test]
fn daily_notes_in_the_vaults_own_formats_are_dated() {
    let never = |name: &str| (name.to_string(), None, None);
    assert_eq!(
        contacts("daily-notes-format"),
        vec![
            row("Bram Oduya", "2026-11-18", "linked-note"),
            row("Ilse Marrow", "2026-11-10", "linked-note"),
            never("Suvi Lahtinen"),
        ]
    );
    // The same notes where the Daily notes plugin says a format Rapport cannot read as a
    // pattern, and Periodic Notes' daily notes are off: nobody is dated by those names, and the
    // CLI says why on stderr.
    let vault = std::env::temp_dir().join(format!("rapport-wild-daily-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&vault);
    for dir in ["People", "Journal", "Log", ".obsidian/plugins/periodic-notes"] {
        std::fs::create_dir_all(vault.join(dir)).expect("a temp dir");
    }
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wild/daily-notes-format");
    for note in ["People/Ilse Marrow.md", "People/Bram Oduya.md", "Journal/10-11-2026 Tuesday.md", "Log/2026.11.18.md"]
    {
        std::fs::copy(from.join(note), vault.join(note)).expect("a copy");
    }
    std::fs::write(vault.join(".obsidian/daily-notes.json"), r#"{"format": "D MMMM YYYY"}"#).expect("written");
    std::fs::write(
        vault.join(".obsidian/plugins/periodic-notes/data.json"),
        r#"{"daily": {"format": "YYYY.MM.DD", "enabled": false}}"#,
    )
    .expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["stale"])
        .arg(&vault)
        .args(["--today", TODAY, "--format", "json"])
        .output()
        .expect("the rapport binary runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let _ = std::fs::remove_dir_all(&vault);
    let dates: Vec<(&str, &Value)> = json["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["name"].as_str().unwrap_or_default(), &c["last_contact"]))
        .collect();
    assert_eq!(dates, vec![("Ilse Marrow", &Value::from("2026-09-01")), ("Bram Oduya", &Value::Null)], "{json}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`D MMMM YYYY`") && stderr.contains("dateFileFormats"), "{stderr}");
}

#[test]
fn people_a_tool_wrote_are_reviewed_and_merged_as_they_are() {
    let (code, json) = rapport("review", "auto-created-people", &[]);
    assert_eq!(code, 0, "{json}");
    let people = json["people"].as_array().cloned().unwrap_or_default();
    let of = |name: &str| people.iter().find(|p| p["name"] == name).cloned().unwrap_or_default();
    let missing = |name: &str| of(name)["missing"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        missing("Marit Oosterhuis"),
        ["Role", "Company", "Department", "Email", "Phone", "LinkedIn", "Location", "Relationship", "Background"]
    );
    assert_eq!(missing("Mar Oosterhuis"), Vec::<Value>::new());
    for name in ["Marit Oosterhuis", "Mar Oosterhuis"] {
        assert_eq!(of(name)["mentions"], 1, "{json}");
        assert_eq!(of(name)["first_seen"]["date"], "2025-11-18", "{json}");
    }
    let (_, groups) = rapport("duplicates", "auto-created-people", &[]);
    assert_eq!(groups["groups"], Value::Array(Vec::new()));

    // The merge, written on a copy.
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wild/auto-created-people");
    let vault = crate::support::fresh_copy(&from, "wild-merge");
    let notes =
        ["People/Marit Oosterhuis.md", "People/Mar Oosterhuis.md", "Meetings/2025-11-18 - Second site budget.md"];
    let read = |root: &std::path::Path, note: &str| std::fs::read_to_string(root.join(note)).unwrap_or_default();
    let (kept_before, merged_before) = (read(&from, notes[0]), read(&from, notes[1]));
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("merge")
        .arg(&vault)
        .args(["Marit Oosterhuis", "Mar Oosterhuis", "--write", "--format", "json"])
        .output()
        .expect("the rapport binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let kept = read(&vault, notes[0]);
    let meeting = read(&vault, notes[2]);
    let trashed = read(&vault, ".trash/People/Mar Oosterhuis.md");
    let _ = std::fs::remove_dir_all(&vault);
    assert_eq!(trashed, merged_before, "the merged note is in the trash as it was");
    for line in [
        "created: '2025-11-20'",
        "last_contact: '2025-11-18'",
        "- company/northwind",
        "aliases:\n- Mar Oosterhuis\n---",
        "| **Role** | Archive lead |",
        "| **Company** | Northwind |",
        "| **Email** | mar.oosterhuis@northwind.example |",
        "- Has a standing Thursday slot for vendors.",
        "## Recent Context\n\n- 2025-11-18: [[2025-11-18 - Second site budget]]",
    ] {
        assert!(kept.contains(line), "{line:?} in\n{kept}");
    }
    // Nothing of either note is lost: every body line of the kept note is still there, and every
    // body line of the merged note but its title is there or was written into a cell above.
    let body = |text: &str| text.splitn(3, "---\n").nth(2).unwrap_or("").to_string();
    for line in body(&kept_before).lines().filter(|l| !l.trim().is_empty()) {
        let filled = ["| **Role** |  |", "| **Company** |  |", "| **Email** | _Unknown_ |"].contains(&line);
        assert!(filled || kept.lines().any(|k| k == line), "kept line {line:?} lost:\n{kept}");
    }
    for line in body(&merged_before).lines().filter(|l| !l.trim().is_empty() && *l != "# Mar Oosterhuis") {
        assert!(kept.lines().any(|k| k == line), "merged line {line:?} lost:\n{kept}");
    }
    assert_eq!(
        meeting,
        "---\ndate: 2025-11-18\n---\n# Second site budget\n\nAttendees: [[Marit Oosterhuis|Mar Oosterhuis]], [[Marit Oosterhuis|Marit]]\n\n- [ ] @MaritOosterhuis to send the split by Friday 📅 2025-11-21\n- [ ] Check the quote with [[Marit Oosterhuis#Contact Information|Mar]]\n"
    );
}
