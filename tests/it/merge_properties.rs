//! Property tests of `merge` over generated vaults: the edits fit and change only what they say
//! (a note other than the kept one keeps every line that does not reach the merged person), no
//! line of either note is lost, no link or @handle of the merged person is left, and the merged
//! vault, indexed again, answers every task and contact query of the two people under the kept one.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rapport::merge::apply;
use rapport::note::link_key;
use rapport::{Index, Note, Settings, TextEdit};
use std::collections::BTreeSet;

fn config() -> Config {
    Config { cases: support::proptest_cases(64), failure_persistence: None, ..Config::default() }
}

const KEPT: &str = "People/Kofi Boateng.md";
const MERGED: &str = "People/Kofi B.md";

fn pick(options: &[&str]) -> impl Strategy<Value = String> {
    prop::sample::select(options.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

/// A person note: `type: people` with variants of every property a merge reads, then sections.
fn person(merged: bool) -> impl Strategy<Value = String> {
    let aliases =
        pick(&["", "aliases: [KB]\n", "aliases:\n  - KB\n", "aliases: KB\n", "aliases: []\n", "aliases:\n  - Kofi\n"]);
    let tags = pick(&[
        "",
        "tags: [person]\n",
        "tags:\n  - person\n",
        "tags: person friend\n",
        "tags: \"person\"\n",
        "tags: [person, needs-review, market]\n",
        "tags:\n  - needs-review\n  - type/people\n",
    ]);
    let last = pick(&[
        "",
        "last_contact: '2026-10-01'\n",
        "last_contact: 2026-11-05\n",
        "last_contact: soon\n",
        "last_contact:\n",
    ]);
    let others = pick(&[
        "",
        "company: Acme\n",
        "company: Beta\n",
        "created: 2025-01-01\n",
        "created: 2024-06-01\nbirthday: 1988-04-09\n",
        "auto_created: true\n",
        "cadence: monthly\n",
    ]);
    let pieces = prop::collection::vec(
        pick(&[
            "# Title",
            "# Kofi B",
            "Met at the fair.",
            "## Recent Context\n\n- 2026-11-02: [[2026-11-02 Fair]] - stall\n- 2026-08-14: lunch",
            "## Recent Context\n- 2026-09-20: coffee with [[Kofi B]]\n* 2026-08-14: lunch",
            "## Recent Context",
            "## Key Facts\n\n- Has two kids.\n  - twins",
            "## Key Facts\n- Runs the co-op.",
            "## Key Decisions\n\n- 2026-10-10: chose the red stall",
            "## Contact Information\n\n| Field | Value |\n|-------|-------|\n| Email | _Unknown_ |\n| Phone | 555 |",
            "## Contact Information\n\n| Field | Value |\n|---|---|\n| Email | kofi@example.org |",
            "## Relationship\n\nFriend of [[Ama Mensah]].",
            "## Notes\n\n```\ncode [[Kofi B]]\n## not a heading\n```",
            "%% a comment [[Kofi B]] %%",
            "See [[Kofi B#Key Facts]] and [x](People/Kofi%20B.md).",
        ]),
        0..6,
    );
    (aliases, tags, last, others, pieces, any::<bool>(), any::<bool>()).prop_map(
        move |(aliases, tags, last, others, pieces, crlf, final_nl)| {
            let mut text = format!("---\ntype: people\n{aliases}{tags}{last}{others}---\n");
            if merged {
                text = text.replace("Acme", "Beta");
            }
            text.push_str(&pieces.join("\n\n"));
            if final_nl {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        },
    )
}

/// A note reaching the two people in every form: links, embeds, tasks, tables, handles, and
/// text that is no link.
fn other_note() -> impl Strategy<Value = String> {
    let line = pick(&[
        "Walked with [[Kofi B]].",
        "Asked [[Kofi B|him]] and [[Kofi Boateng]].",
        "![[Kofi B]]",
        "See [[Kofi B#Key Facts]].",
        "Path [[People/Kofi B]].",
        "[x](People/Kofi%20B.md) and [y](<People/Kofi B.md>)",
        "[up](../People/Kofi%20B.md)",
        "- [ ] call @KofiB 📅 2026-12-01",
        "- [ ] ask [[Kofi B]] about stalls",
        "- [ ] talk to Kofi B about the co-op",
        "- [ ] ping @Kofi and @KofiBoateng",
        "- [x] thanked @KofiB ✅ 2026-11-03",
        "- [ ] mail kofi@example.org about `@KofiB`",
        "| Who | What |\n|---|---|\n| [[Kofi B\\|K]] | stall |\n| [[Kofi B]] | x |",
        "`[[Kofi B]]` and %% [[Kofi B]] %%",
        "<!-- [[Kofi B]] -->",
        "```\n[[Kofi B]] @KofiB\n```",
        "Nothing about them.",
    ]);
    (prop::collection::vec(line, 0..6), any::<bool>()).prop_map(|(lines, front)| {
        let mut text = if front { "---\nwith: \"[[Kofi B]]\"\n---\n".to_string() } else { String::new() };
        text.push_str(&lines.join("\n"));
        text.push('\n');
        text
    })
}

fn vault() -> impl Strategy<Value = Vec<(String, String)>> {
    (person(false), person(true), prop::collection::vec(other_note(), 1..5)).prop_map(|(kept, merged, others)| {
        let mut notes = vec![(KEPT.to_string(), kept), (MERGED.to_string(), merged)];
        for (i, text) in others.into_iter().enumerate() {
            let path =
                if i % 2 == 0 { format!("Meetings/2026-11-0{}.md", i + 1) } else { format!("Notes/Note {i}.md") };
            notes.push((path, text));
        }
        notes.push(("People/Ama Mensah.md".into(), "---\ntype: people\n---\n# Ama Mensah\n".into()));
        notes
    })
}

fn index(notes: &[(String, String)]) -> Index {
    let mut index = Index::new(Settings::default());
    for (path, text) in notes {
        index.upsert(path, text);
    }
    index
}

/// The open tasks concerning a person, owned or mentioning, as (path, line).
fn tasks_of(index: &Index, path: &str) -> BTreeSet<(String, u32)> {
    index.tasks_for_person(path).map_or_else(BTreeSet::new, |t| {
        t.owned.iter().chain(&t.mentions).map(|t| (t.path.to_string(), t.task.line)).collect()
    })
}

/// A line as the merge compares it: trailing space off, a list marker made `-`.
fn norm(line: &str) -> String {
    let t = line.trim();
    match t.as_bytes() {
        [b'*' | b'+', b' ', ..] => format!("-{}", &t[1..]),
        _ => t.to_string(),
    }
}

fn check(notes: &[(String, String)]) -> Result<(), TestCaseError> {
    let before = index(notes);
    let plan = before.merge_plan("Kofi Boateng", "Kofi B").map_err(|e| TestCaseError::fail(e.to_string()))?;
    let text_of = |p: &str| notes.iter().find(|(q, _)| q == p).map(|(_, t)| t.clone()).unwrap_or_default();
    let merged_text = text_of(MERGED);
    let mut after: Vec<(String, String)> = Vec::new();
    let mut conflicts = Vec::new();
    for (path, text) in notes {
        if path == MERGED {
            continue;
        }
        let m = plan.edits(path, text, &merged_text);
        let edits: Vec<TextEdit> = m.edits.iter().map(|e| e.edit.clone()).collect();
        let new = apply(text, &edits).ok_or_else(|| TestCaseError::fail(format!("edits do not fit {path}")))?;
        if !m.edits.is_empty() {
            prop_assert!(plan.paths.contains(path), "{path} changes but the plan does not list it");
        }
        if path != KEPT {
            // Only what reaches the merged person changes: the lines stay, those without it as they were.
            let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (text.lines().collect(), new.lines().collect());
            prop_assert_eq!(old_lines.len(), new_lines.len());
            for (o, n) in old_lines.iter().zip(&new_lines) {
                if !o.contains("Kofi B") && !o.contains("@Kofi") && !o.contains("Kofi%20B") {
                    prop_assert_eq!(o, n);
                }
            }
        }
        conflicts.extend(m.conflicts);
        after.push((path.clone(), new));
    }
    let kept_new = after.iter().find(|(p, _)| p == KEPT).map(|(_, t)| t.clone()).unwrap_or_default();
    let kept_old = text_of(KEPT);
    let said: String = conflicts.iter().map(|c| format!("{} {:?} {}\n", c.field, c.kept, c.merged)).collect();
    // No line of the kept note is lost: each is still there, or an edit replaced part of it
    // (a property's value, an `_Unknown_` cell, a link).
    let kept_edits = plan.edits(KEPT, &kept_old, &merged_text);
    let new_lines: BTreeSet<String> = kept_new.lines().map(norm).collect();
    let mut at = 0;
    for line in kept_old.split_inclusive('\n') {
        let range = at..at + line.len();
        at += line.len();
        let touched = kept_edits.edits.iter().any(|e| e.edit.range.start < range.end && range.start < e.edit.range.end);
        prop_assert!(touched || new_lines.contains(&norm(line)), "kept line {line:?} lost:\n{kept_new}");
    }
    // No line of the merged note's body is lost: in the kept note (links rewritten), or a
    // table row the kept table has (filled or in conflicts), or said in `conflicts`.
    let own: Vec<TextEdit> =
        rapport::merge::rewrite_links(&plan.rename, MERGED, &merged_text).into_iter().map(|e| e.edit).collect();
    let merged_rewritten = apply(&merged_text, &own).unwrap_or_default();
    let body = support::body(&merged_rewritten);
    let kept_rows: Vec<String> = kept_new
        .lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .map(|l| l.trim().trim_start_matches('|').split('|').next().unwrap_or("").trim().to_lowercase())
        .collect();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        // The title heading: the merged name (an alias now), or listed in the conflicts.
        if line.trim() == "# Kofi B" {
            continue;
        }
        let n = norm(line);
        let row = line
            .trim_start()
            .starts_with('|')
            .then(|| line.trim().trim_start_matches('|').split('|').next().unwrap_or("").trim().to_lowercase());
        let separator = line.trim().chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        prop_assert!(
            new_lines.contains(&n)
                || said.contains(line.trim())
                || row.is_some_and(|r| separator || kept_rows.contains(&r)),
            "merged line {line:?} lost:\n{kept_new}\nconflicts:\n{said}"
        );
    }
    // No link or handle of the merged person is left.
    for (path, text) in &after {
        let note = Note::parse(text);
        let links = note.links.iter().chain(note.tasks.iter().flat_map(|t| &t.fields.links));
        for l in links {
            let key = link_key(l.trim_start_matches("../"));
            prop_assert!(key != "kofi b" && key != "people/kofi b", "{path} still links {l}:\n{text}");
        }
        for h in note.tasks.iter().flat_map(|t| &t.fields.handles) {
            prop_assert!(!plan.rename.is_merged_handle(h), "{path} still has @{h}:\n{text}");
        }
    }
    // The merged vault answers for both under the kept one.
    let merged_index = index(&after);
    let mut want = tasks_of(&before, KEPT);
    want.extend(tasks_of(&before, MERGED));
    prop_assert_eq!(tasks_of(&merged_index, KEPT), want);
    let today = support::today();
    let contact =
        |index: &Index, path: &str| index.stale(today).iter().find(|c| c.path == path).and_then(|c| c.last_contact);
    let newer = contact(&before, KEPT).max(contact(&before, MERGED));
    // A kept last contact that is no date stays as written (a note the user wrote there), and
    // the merged date is in `conflicts` instead.
    if !conflicts.iter().any(|c| c.field == "last_contact") {
        prop_assert_eq!(contact(&merged_index, KEPT), newer, "{}", kept_new);
    }
    Ok(())
}

/// Text that is mostly what notes hold: fences, headings, tables, links, handles, quotes, CRLF.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            pick(&[
                "---\n",
                "\n",
                "\r\n",
                "# ",
                "## Recent Context\n",
                "| a | b |\n",
                "|---|---|\n",
                "```\n",
                "%%",
                "<!--",
                "-->"
            ]),
            pick(&[
                "[[Kofi B",
                "]]",
                "[[Kofi B|x]]",
                "\\|",
                "@KofiB",
                "![[",
                "](People/Kofi%20B.md)",
                "[x",
                "(<",
                ">)",
                "- [ ] ",
                "- 2026-11-02: "
            ]),
            pick(&["aliases: ", "tags: [", "last_contact: ", "created: ", "'", "\"", "é", "🌊", "\u{feff}", "  - "]),
            "[a-zA-Z :#|\\[\\]-]{0,8}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the two notes hold, a merge answers edits that fit, and never panics.
    #[test]
    fn merge_never_panics_and_its_edits_fit(kept in any_text(), merged in any_text(), other in any_text()) {
        let rename = rapport::merge::Rename {
            merged_path: MERGED.into(),
            kept_path: KEPT.into(),
            merged_handles: vec!["KofiB".into(), "Kofi".into()],
            kept_handle: "KofiBoateng".into(),
        };
        for (path, text) in [(KEPT, &kept), ("Notes/Other.md", &other)] {
            let m = rapport::merge::note_edits(&rename, path, text, &merged, "last_contact");
            let edits: Vec<TextEdit> = m.edits.iter().map(|e| e.edit.clone()).collect();
            prop_assert!(apply(text, &edits).is_some(), "{path}: {:?}", m.edits);
        }
    }

    #[test]
    fn merge_changes_only_what_it_says_loses_nothing_and_answers_for_both(notes in vault()) {
        check(&notes)?;
    }
}
