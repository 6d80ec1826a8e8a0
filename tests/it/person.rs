//! `rapport person` through the binary: the contract of issue 17 on `examples/vault` (as
//! `examples/vault-expectations.md` says, "The person profile") and on small fixture vaults.

use serde_json::Value;
use std::path::Path;

const TODAY: &str = "2026-11-26";

fn rapport(dir: &Path, args: &[&str]) -> (i32, Value, String, String) {
    let (code, stdout, stderr) = crate::support::run_rapport(dir, args);
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (code, json, stdout, stderr)
}

fn example(args: &[&str]) -> (i32, Value, String, String) {
    rapport(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// The keys of the pretty-printed objects at `indent` spaces, in the order the output has them
/// (serde_json's `Value` sorts them).
fn ordered_keys(stdout: &str, indent: usize) -> Vec<&str> {
    let lead = " ".repeat(indent);
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix(lead.as_str()).filter(|r| r.starts_with('"')))
        .filter_map(|r| r.get(1..)?.split('"').next())
        .collect()
}

fn paths(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| a.iter().map(|l| l["path"].as_str().unwrap_or("?").to_string()).collect())
        .unwrap_or_default()
}

/// A vault of `files` (path, text) in a fresh folder under the target directory.
fn vault(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("person-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("a folder is made");
        std::fs::write(file, text).expect("a note is written");
    }
    dir
}

#[test]
fn the_profile_has_the_contract_fields_in_order() {
    let (code, json, stdout, err) =
        example(&["person", "examples/vault", "Theo Marchetti", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        ordered_keys(&stdout, 2),
        ["person", "contact", "mentions", "owned", "projects", "linked_from", "recent_context", "diagnostics"]
    );
    let person = stdout.split("\"contact\"").next().unwrap_or_default();
    assert_eq!(
        ordered_keys(person, 4),
        ["path", "name", "aliases", "handles", "company", "tags", "auto_created", "needs_review"]
    );
    let linked = stdout.split("\"linked_from\"").nth(1).and_then(|s| s.split("\"recent_context\"").next());
    let keys = ordered_keys(linked.unwrap_or_default(), 6);
    assert_eq!(keys.get(..4), Some(&["path", "title", "type", "date"][..]));
    assert_eq!(json["person"]["path"], "People/Theo Marchetti.md");
    assert_eq!(json["person"]["aliases"], serde_json::json!(["Teddy Marchetti"]));
    assert_eq!(json["person"]["auto_created"], false);
    assert_eq!(json["person"]["needs_review"], false);
    // CONTACT is the person's row of `stale`, TASK as in `tasks --person`.
    let (_, stale, _, _) = example(&["stale", "examples/vault", "--today", TODAY, "--format", "json"]);
    let row = stale["contacts"].as_array().and_then(|c| c.iter().find(|c| c["name"] == "Theo Marchetti")).cloned();
    assert_eq!(Some(json["contact"].clone()), row);
    let (_, tasks, _, _) = example(&["tasks", "examples/vault", "--person", "Theo Marchetti", "--format", "json"]);
    assert_eq!(json["mentions"], tasks["mentions"]);
    assert_eq!(json["owned"], tasks["owned"]);
    assert_eq!(json["mentions"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        paths(&json["linked_from"]),
        [
            "Meetings/2026-11-20 - Weekly 1-1 with Theo.md",
            "Meetings/2026-11-19 - Hiring loop debrief.md",
            "Meetings/2026-11-12 - Acme renewal kickoff.md",
            "Projects/Acme Pricing.md",
            "Notes/Orion Budget.md",
        ]
    );
    assert_eq!(json["linked_from"][1]["type"], "meeting");
    assert_eq!(json["linked_from"][0]["type"], Value::Null);
    assert_eq!(json["linked_from"][0]["date"], "2026-11-20");
    assert_eq!(json["linked_from"][4]["title"], "Orion budget 2027");
    assert_eq!(json["linked_from"][4]["type"], "project, finance");
    assert_eq!(json["linked_from"][4]["date"], Value::Null);
    assert_eq!(paths(&json["projects"]), ["Projects/Acme Pricing.md", "Notes/Orion Budget.md"]);
    let context: Vec<(String, u64)> = json["recent_context"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["date"].as_str().unwrap_or("").to_string(), c["line"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(context, [("2026-11-20".to_string(), 77), ("2026-11-12".to_string(), 78)]);
    assert_eq!(
        json["recent_context"][0]["text"],
        "- 2026-11-20: [[2026-11-20 - Weekly 1-1 with Theo]] - promotion packet and on-call swap..."
    );
    assert_eq!(json["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_link_inside_an_open_task_is_no_link_and_names_are_found_as_by_tasks() {
    let (code, json, _, err) =
        example(&["person", "examples/vault", "@NadiaFarrow", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json["person"]["name"], "Nadia Farrow");
    assert_eq!(json["person"]["auto_created"], true);
    assert_eq!(
        paths(&json["linked_from"]),
        [
            "Meetings/2026-11-12 - Acme renewal kickoff.md",
            "Meetings/2026-10-20 - Acme quarterly business review.md",
            "Projects/Acme Pricing.md"
        ]
    );
    assert_eq!(paths(&json["projects"]), ["Projects/Acme Pricing.md"]);
    // The profile's diagnostics are `check`'s for this note.
    let (_, adaeze, _, _) = example(&["person", "examples/vault", "Dee Okonkwo", "--today", TODAY, "--format", "json"]);
    let (_, check, _, _) = example(&["check", "examples/vault", "--today", TODAY, "--format", "json"]);
    let mine: Vec<Value> = check["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["path"] == "People/Adaeze Okonkwo.md")
        .cloned()
        .collect();
    assert!(!mine.is_empty(), "Adaeze's note has a problem in the example vault");
    assert_eq!(adaeze["diagnostics"], Value::Array(mine));
    let (code, _, _, err) = example(&["person", "examples/vault", "Nobody Known"]);
    assert_eq!(code, 2);
    assert!(err.contains("no person named"), "{err}");
}

#[test]
fn projects_follow_type_and_folder_settings_and_every_link_counts() {
    let dir = vault(
        "projects",
        &[
            ("People/Ada Brennan.md", "---\ntype: people\naliases: [Addy]\ntags: [needs-review]\n---\n## Recent Context\n- 2026-11-02: [[2026-11-02 - Sync]] - first\n- 2026-11-10: later, written below\n"),
            ("Work/Projects/Atlas.md", "Lead: [[Addy]]\n"),
            ("Areas/Beacon.md", "---\ntype: Project\n---\n"),
            ("Areas/Comet.md", "---\ntype: [idea, project]\nowner: '[[Ada Brennan]]'\n---\n"),
            ("Areas/Plan.md", "- [ ] ask [[Ada Brennan]]\n"),
            ("Meetings/2026-11-20 - Sync.md", "---\nattendees: ['[[Bo Tran]]']\n---\nAbout [[Ada Brennan#Work|Ada]].\n"),
            ("config.json", "{\"participantsProperties\": [\"attendees\"], \"projectFolders\": [\"Work/Projects\"]}"),
        ],
    );
    let (code, json, _, err) = rapport(&dir, &["person", ".", "Ada Brennan", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json["person"]["needs_review"], true);
    assert_eq!(json["contact"]["last_contact"], "2026-11-20", "without participants, the meeting is contact");
    let linked = ["Meetings/2026-11-20 - Sync.md", "Work/Projects/Atlas.md", "Areas/Comet.md"];
    assert_eq!(paths(&json["linked_from"]), linked);
    assert_eq!(paths(&json["projects"]), ["Work/Projects/Atlas.md", "Areas/Comet.md"], "by folder name or type");
    let dates: Vec<&str> =
        json["recent_context"].as_array().into_iter().flatten().filter_map(|c| c["date"].as_str()).collect();
    assert_eq!(dates, ["2026-11-10", "2026-11-02"], "newest first, not in file order");
    // A project folder by path; the meeting lists participants, and Ada is not one of them: it
    // is no contact with her, but it links her all the same.
    let (_, json, _, _) =
        rapport(&dir, &["person", ".", "Ada Brennan", "--config", "config.json", "--today", TODAY, "--format", "json"]);
    assert_eq!(paths(&json["linked_from"]), linked);
    assert_eq!(paths(&json["projects"]), ["Work/Projects/Atlas.md", "Areas/Comet.md"]);
    assert_eq!(json["contact"]["last_contact"], "2026-11-10", "not a participant: the meeting is no contact");
    std::fs::write(dir.join("config.json"), "{\"projectFolders\": []}").expect("written");
    let (_, json, _, _) =
        rapport(&dir, &["person", ".", "Ada Brennan", "--config", "config.json", "--today", TODAY, "--format", "json"]);
    assert_eq!(paths(&json["projects"]), ["Areas/Comet.md"], "by type alone");
}

#[test]
fn the_text_profile_reads_as_one_page() {
    let (code, _, text, err) = example(&["person", "examples/vault", "Teddy Marchetti", "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with("Theo Marchetti (People/Theo Marchetti.md)\n"), "{text}");
    for heading in [
        "Contact on 2026-11-26: due",
        "Open tasks that mention them (3):",
        "Tasks they own (3):",
        "Projects (2):",
        "Linked from (5):",
        "Recent Context (2):",
    ] {
        assert!(text.contains(heading), "{heading} in\n{text}");
    }
    assert!(text.contains("Notes/Orion Budget.md"), "{text}");
}
