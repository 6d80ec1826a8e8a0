//! Properties of the migration off Dataview (issue 17, section 4): it touches only the Dataview
//! blocks it replaces, a second run changes nothing, and each migrated block answers what the
//! Dataview query meant on the vault. The last is checked against a small evaluator of the three
//! queries written here (Dataview's meaning: a substring of the task's text; the notes in the FROM
//! folders whose outlinks hold the person), on generated vaults where the two should agree: names
//! that are not inside other words, and links to people only outside open tasks in project
//! folders.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use rapport::migrate::{plan, plan_note, BlockKind, MigrationPlan};
use rapport::{Index, Settings};
use std::collections::BTreeSet;

fn config() -> Config {
    Config { cases: support::proptest_cases(128), failure_persistence: None, ..Config::default() }
}

/// `text` with the plan's edits applied, back to front.
fn applied(text: &str, plan: &MigrationPlan) -> String {
    let mut out = text.to_string();
    for b in plan.blocks.iter().rev() {
        out = b.edit.apply(&out).expect("an edit fits its text");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Notes with blocks of every kind, well-formed and not

/// A query of one of the three shapes, in a variant seen in the wild, or of another shape.
fn query() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["Ada Brennan", "Ada Brennan", "Ada B", "Addie", "Ben Ortiz"]);
    let handle = prop::sample::select(vec!["@AdaBrennan", "@AdaBrennan", "@AdaB", "@BenOrtiz"]);
    let q = prop::sample::select(vec!["\"", "'"]);
    let kw = prop::sample::select(vec![
        ("TASK", "WHERE", "AND", "FROM", "SORT"),
        ("task", "where", "and", "from", "sort"),
        ("Task", "Where", "&", "From", "Sort"),
    ]);
    let not = prop::sample::select(vec![
        "!completed",
        "!completed",
        "completed = false",
        "!(completed)",
        "completed",
        "completed = true",
    ]);
    let tail = prop::sample::select(vec![
        "",
        "",
        "",
        " SORT due ASC",
        " LIMIT 3",
        " GROUP BY file.link",
        " AND due",
        " OR due",
        "\nSORT due DESC, file.name",
    ]);
    let from = prop::sample::select(vec![
        "",
        "",
        "",
        "FROM \"\"\n",
        "FROM \"\"\n",
        "FROM \"Work/Projects\" OR 'Personal/Projects'\n",
        "FROM #project\n",
        "FROM [[Ada Brennan]]\n",
    ]);
    prop_oneof![
        4 => (kw.clone(), not.clone(), name, q.clone(), any::<bool>(), tail.clone(), from.clone()).prop_map(
            |((t, w, a, f, s), not, name, q, swap, tail, from)| {
                let (l, r) = (not.to_string(), format!("contains(text, {q}{name}{q})"));
                let (l, r) = if swap { (r, l) } else { (l, r) };
                format!("{t}\n{}{w} {l} {a} {r}{}\n", from.replace("FROM", f), tail.replace("SORT", s))
            }
        ),
        4 => (kw, not, handle, q.clone(), any::<bool>(), tail.clone(), from).prop_map(
            |((t, w, a, _, _), not, h, q, swap, tail, from)| {
                let (l, r) = (format!("contains(text, {q}{h}{q})"), not.to_string());
                let (l, r) = if swap { (r, l) } else { (l, r) };
                format!("{t}\n{from}{w} {l}\n  {a} {r}{tail}\n")
            }
        ),
        3 => (
            q,
            prop::sample::select(vec!["LIST", "list"]),
            prop::sample::select(vec!["\"Work/Projects\"", "\"A\" OR \"B/C\"", "\"\"", "#tag"]),
            tail
        )
            .prop_map(|(_, l, f, tail)| format!(
                "{l}\nFROM {f}\nWHERE contains(file.outlinks, this.file.link){tail}\n"
            )),
        1 => Just("TABLE file.mtime\nFROM \"People\"\n".to_string()),
        1 => "[ -~\n]{0,40}",
    ]
}

/// A fenced block: backticks or tildes, 3 or 4 of them, indented 0 to 4 spaces, `dataview` in
/// any case or another language, closed or not.
fn block() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["```", "~~~", "````"]),
        0usize..5,
        prop::sample::select(vec![
            "dataview",
            "dataview",
            "dataview",
            "DataView",
            "dataview extra",
            "dataviewjs",
            "",
            "js",
        ]),
        query(),
        prop::sample::select(vec![true, true, true, true, true, true, true, false]),
    )
        .prop_map(|(fence, indent, info, q, closed)| {
            let pad = " ".repeat(indent);
            let body: String = q.lines().map(|l| format!("{pad}{l}\n")).collect();
            let close = if closed { format!("{pad}{fence}\n") } else { String::new() };
            format!("{pad}{fence}{info}\n{body}{close}")
        })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => block(),
        1 => Just("\n".to_string()),
        1 => Just("## Open Tasks\n".to_string()),
        1 => Just("- [ ] Call Ada Brennan 📅 2026-12-01\n".to_string()),
        1 => Just("- item\n\n".to_string()),
        1 => Just("> quoted\n".to_string()),
        1 => Just("%%\n".to_string()),
        1 => Just("<div>\n".to_string()),
        1 => Just("😀 é\n".to_string()),
        1 => "[ -~]{0,20}\n",
        1 => "\\PC{0,12}\n",
    ]
}

fn people_note() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..8), any::<bool>(), any::<bool>()).prop_map(|(lines, crlf, bom)| {
        let text = format!("---\ntype: people\naliases: [Ada B, Addie]\n---\n# Ada Brennan\n{}", lines.concat());
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        if bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    })
}

proptest! {
    #![proptest_config(config())]

    /// `support::check_migration`: only whole Dataview blocks change, and a second run changes nothing.
    #[test]
    fn migrate_touches_only_its_blocks_and_is_idempotent(text in people_note()) {
        support::check_migration(&text).map_err(TestCaseError::fail)?;
    }
}

/// The same on every note of the example vault, the wild vaults and the hostile notes, each read
/// as Ada Brennan's people note (with its frontmatter when it has none of its own).
#[test]
fn migrate_keeps_its_promises_on_every_fixture() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack =
        vec![root.join("examples/vault"), root.join("tests/data/wild"), root.join("tests/data/adversarial")];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            for text in [text.clone(), format!("---\ntype: people\n---\n{text}")] {
                support::check_migration(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            seen += 1;
        }
    }
    assert!(seen > 50, "the fixtures were read ({seen})");
}

// ---------------------------------------------------------------------------------------------
// What a migrated block answers, against what the Dataview query meant

/// People whose names are in no other word of the vault.
const PEOPLE: [(&str, &str); 3] =
    [("Ada Brennan", "AdaBrennan"), ("Ben Ortiz", "BenOrtiz"), ("Cleo Marsh", "CleoMarsh")];

/// Folders of the generated notes: two project folders (one with a subfolder), a folder whose
/// name starts like one of them, and folders of notes that link people in open tasks too.
const FOLDERS: [&str; 6] =
    ["Work/Projects", "Work/Projects/Archive", "Personal/Projects", "Work/Projects Old", "Notes", "Daily"];

/// A generated note: its path and its lines, each a task (`Some(open)`) or not (`None`).
#[derive(Clone, Debug)]
struct GenNote {
    path: String,
    lines: Vec<(Option<bool>, String)>,
}

impl GenNote {
    fn text(&self) -> String {
        self.lines.iter().map(|(_, l)| format!("{l}\n")).collect()
    }
}

/// A line: a task naming, linking or assigning one person (or nobody), or a paragraph that links
/// one. In the project folders no open task links anyone, since Dataview's outlinks take links
/// in tasks and Rapport's linked notes do not.
fn gen_line(project: bool) -> impl Strategy<Value = (Option<bool>, String)> {
    (0usize..3, 0u8..5, prop::sample::select(vec![' ', 'x', '/']), any::<bool>()).prop_map(
        move |(who, how, status, task)| {
            let (name, handle) = PEOPLE[who];
            let mention = match how {
                0 => name.to_string(),
                1 if !project => format!("[[{name}]]"),
                1 => name.to_string(),
                2 => format!("@{handle}"),
                3 => "the team".to_string(),
                _ => format!("{name}'s deck"),
            };
            if task {
                (Some(status != 'x'), format!("- [{status}] Send {mention} the notes"))
            } else {
                (None, format!("Met [[{name}]] about {}.", if how == 3 { "plans" } else { "the budget" }))
            }
        },
    )
}

fn gen_note(i: usize) -> impl Strategy<Value = GenNote> {
    prop::sample::select(FOLDERS.to_vec()).prop_flat_map(move |folder| {
        let project = folder.contains("Projects");
        prop::collection::vec(gen_line(project), 0..5)
            .prop_map(move |lines| GenNote { path: format!("{folder}/N{i}.md"), lines })
    })
}

/// Each person's note, with one block of each shape for them (the query written with a
/// variant), and the vault's other notes. The FROM names project folders only: elsewhere open
/// tasks link people, which Dataview's outlinks count and Rapport's linked notes do not (README,
/// "Migrating off Dataview").
fn gen_vault() -> impl Strategy<Value = (Vec<String>, Vec<GenNote>)> {
    let folders = prop::sample::subsequence(vec!["Work/Projects", "Work/Projects/Archive", "Personal/Projects"], 1..3);
    let notes = (0usize..10).prop_flat_map(|n| (0..n).map(gen_note).collect::<Vec<_>>());
    (folders, notes).prop_map(|(f, notes)| (f.into_iter().map(str::to_string).collect(), notes))
}

fn person_note(name: &str, handle: &str, folders: &[String]) -> String {
    let from = folders.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(" or ");
    format!(
        "---\ntype: people\n---\n# {name}\n\n```dataview\nlist from {from}\nwhere contains(file.outlinks, this.file.link)\n```\n\n\
         ```dataview\nTASK\nFROM \"\"\nWHERE !completed AND contains(text, \"{name}\")\nSORT due ASC\n```\n\n\
         ~~~dataview\ntask where contains(text, '@{handle}') and completed = false\n~~~\n"
    )
}

/// Dataview's answer to `TASK WHERE !completed AND contains(text, "NEEDLE")`: open tasks whose
/// text holds the needle, anywhere (a substring test).
fn dataview_tasks(notes: &[GenNote], needle: &str) -> BTreeSet<(String, u32)> {
    let mut out = BTreeSet::new();
    for n in notes {
        for (i, (task, line)) in n.lines.iter().enumerate() {
            if *task == Some(true) && line.contains(needle) {
                out.insert((n.path.clone(), i as u32 + 1));
            }
        }
    }
    out
}

/// Dataview's answer to `LIST FROM "A" OR "B" WHERE contains(file.outlinks, this.file.link)`:
/// the notes in those folders or below whose text links the person by name.
fn dataview_projects(notes: &[GenNote], folders: &[String], name: &str) -> BTreeSet<String> {
    notes
        .iter()
        .filter(|n| folders.iter().any(|f| n.path.starts_with(&format!("{f}/"))))
        .filter(|n| n.text().contains(&format!("[[{name}]]")))
        .map(|n| n.path.clone())
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Each person's three blocks migrate (tasks, owned, projects with the FROM's folders), and
    /// the three blocks list exactly what the Dataview queries listed: the tasks and owned blocks
    /// through `Index::tasks_for_person`, the projects block through `Index::projects` with the
    /// folders its `from:` line names.
    #[test]
    fn migrated_blocks_answer_what_the_queries_meant((folders, notes) in gen_vault()) {
        let settings = Settings::default();
        let mut index = Index::new(settings.clone());
        for n in &notes {
            index.upsert(&n.path, &n.text());
        }
        let people: Vec<(String, String)> =
            PEOPLE.iter().map(|(name, handle)| (format!("People/{name}.md"), person_note(name, handle, &folders))).collect();
        for (path, text) in &people {
            index.upsert(path, text);
        }
        for ((path, text), (name, handle)) in people.iter().zip(PEOPLE) {
            let plan = plan_note(path, text, &settings).expect("a person");
            prop_assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
            let kinds: Vec<BlockKind> = plan.blocks.iter().map(|b| b.kind).collect();
            prop_assert_eq!(kinds, vec![BlockKind::Projects, BlockKind::Tasks, BlockKind::Owned]);
            prop_assert_eq!(&plan.blocks[0].folders, &folders);

            let answer = index.tasks_for_person(path).expect("a person");
            let set = |tasks: &[rapport::TaskAt]| tasks.iter().map(|t| (t.path.to_string(), t.task.line)).collect::<BTreeSet<_>>();
            prop_assert_eq!(set(&answer.mentions), dataview_tasks(&notes, name), "tasks of {}", name);
            prop_assert_eq!(set(&answer.owned), dataview_tasks(&notes, &format!("@{handle}")), "owned of {}", handle);

            // The projects block answers `Index::projects` with the folders of its `from:` line.
            let listed = index.projects(path, Some(&plan.blocks[0].folders)).expect("a person");
            let linked: BTreeSet<String> = listed.iter().map(|l| l.path.to_string()).collect();
            prop_assert_eq!(linked.len(), listed.len(), "each note once");
            prop_assert_eq!(linked, dataview_projects(&notes, &folders, name), "projects of {}", name);
        }
        // Migrated, the people notes hold no Dataview block of these shapes.
        for (path, text) in &people {
            let migration = plan_note(path, text, &settings).expect("a person");
            let after = applied(text, &migration);
            prop_assert!(plan_note(path, &after, &settings).expect("a person").is_empty());
            prop_assert!(plan(&after, "x", &Default::default()).blocks.is_empty());
        }
    }
}
