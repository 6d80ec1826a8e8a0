//! Property tests of the core's invariants (issue 5) over generated note-shaped text: no panic
//! on any input; every diagnostic inside the file; every fix removes its diagnostic and adds
//! none; edits change only their target; an index kept up to date equals a fresh one.
//! The checks themselves live in tests/it/support.rs, shared with the fuzz targets.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rapport::task::parse_task_line;
use rapport::{edit, Index, Note, Settings};
use support::{today, Op, FRAGMENTS, PATHS};

/// Cases per property: enough to meet every generator branch many times, few enough that
/// `cargo test` stays quick in a debug build. Failures are turned into named tests in
/// tests/it/regressions.rs, so none are persisted. `PROPTEST_CASES` sets more for long release runs.
fn config() -> Config {
    Config { cases: support::proptest_cases(256), failure_persistence: None, ..Config::default() }
}

/// Dates as vaults hold them: ISO (quoted or not), impossible, US and named-month forms,
/// unpadded, out of range, future, and not dates at all.
fn date_value() -> impl Strategy<Value = String> {
    (2019i32..2029, 0u32..14, 0u32..33, 0u8..8).prop_map(|(y, m, d, style)| match style {
        0 => format!("{y}-{m:02}-{d:02}"),
        1 => format!("'{y}-{m:02}-{d:02}'"),
        2 => format!("\"{y}-{m:02}-{d:02}\" # note"),
        3 => format!("{m}/{d}/{y}"),
        4 => format!("{} {d}, {y}", ["Jan", "Feb", "Mar", "Oct", "Sept", "Nov", "Dec"][(m % 7) as usize]),
        5 => format!("{y}-{m}-{d}"),
        6 => format!("{d}.{m}.{y}"),
        _ => "soon".to_string(),
    })
}

/// Values for frontmatter keys: well-formed and not, with quoting, links, lists, block scalars
/// and open quotes.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => date_value(),
        1 => Just("people".to_string()),
        1 => Just("Ada Brennan".to_string()),
        1 => Just("'Dr. O''Neil (Jr.)'".to_string()),
        1 => Just("[[Acme]]".to_string()),
        1 => Just("\"[[Acme]]\"".to_string()),
        1 => Just("[type/people, needs-review]".to_string()),
        1 => Just("\n  - type/people\n  - company/acme".to_string()),
        1 => Just("yes".to_string()),
        1 => Just("true".to_string()),
        1 => Just("monthly".to_string()),
        1 => Just("14d".to_string()),
        1 => Just("sometimes".to_string()),
        1 => prop::sample::select(vec!["meeting", "Active", "active", "'on hold'", "[work, Family]", "3.5", "Lead", "lead", "[\"[[Ada Brennan]]\", Bo]", "[\"[[People]]\"]", "\"[[Kinds/Person|friend]]\""]).prop_map(str::to_string),
        1 => Just(String::new()),
        1 => Just("|\n  block".to_string()),
        1 => Just("'open".to_string()),
        1 => Just("[unclosed".to_string()),
        2 => "[ -~]{0,12}",
        1 => "\\PC{0,8}",
    ]
}

fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "type",
        "title",
        "created",
        "last_contact",
        "cadence",
        "snooze_until",
        "auto_created",
        "tags",
        "aliases",
        "company",
        "date",
        "other",
        "status",
        "rating",
        "circles",
        "labels",
        "role",
        "attendees",
        "project",
        "categories",
        // Spellings Obsidian reads as the same properties.
        "Date",
        "Last_Contact",
        "TAGS",
        "Type",
    ])
}

fn frontmatter_line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (key(), value()).prop_map(|(k, v)| format!("{k}: {v}")),
        2 => Just("type: people".to_string()),
        1 => Just("type: project".to_string()),
        1 => Just("# comment".to_string()),
        1 => Just("tags: #people #person".to_string()),
        1 => Just("  indented: 1".to_string()),
        1 => Just(String::new()),
    ]
}

/// One piece of a task's text after the checkbox.
fn task_part() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z]{1,8}",
        1 => prop::sample::select(vec!["Ada Brennan", "Bo Tran", "Dr. O'Neil (Jr.)", "C++ Guild", "رنا حداد"]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["[[Ada Brennan]]", "[[People/Bo Tran|Bo]]", "[[Ada Brennan#Notes]]", "[[C++ Guild]]", "[[Archive/Ada Brennan]]"]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["@AdaBrennan", "@BoTran", "@CGuild", "@رناحداد", "ada@example.com"]).prop_map(str::to_string),
        1 => (prop::sample::select(vec!["📅", "⏳", "🛫", "➕", "✅", "❌", "📅\u{FE0F}"]), prop::sample::select(vec![" ", "", "\u{A0}"]), date_value())
            .prop_map(|(e, sep, d)| format!("{e}{sep}{}", d.trim_matches(['\'', '"']))),
        1 => (prop::sample::select(vec!["due", "scheduled", "start", "created", "completion", "priority", "repeat", "id"]), date_value(), any::<bool>())
            .prop_map(|(k, v, square)| if square { format!("[{k}:: {v}]") } else { format!("({k}:: {v})") }),
        1 => prop::sample::select(vec!["🔺", "⏫", "🔼", "🔽", "⏬", "🔁 every week", "🔁 every month when done", "🆔 abc1", "⛔ abc1,def2", "#work", "^blk-1", "`code 📅 2026-01-01`", "👩\u{200D}💻", "\u{200F}"]).prop_map(str::to_string),
        // What Obsidian reads differently from plain text: comments, markdown links, impossible
        // dates, the Tasks plugin's other fields, tags after escaped brackets.
        1 => prop::sample::select(vec!["%%", "%% [[Bo Tran]] #x %%", "<!-- #draft -->", "[Ada](People/Ada%20Brennan.md)", "[Bo](../People/Bo Tran.md)", "[Cy](<People/C++ Guild.md>)", "📅 2024-02-31", "[due:: 2023-02-29]", "🏁 delete", "[onCompletion:: keep]", "🔁 weekly", "\\[\\[#Tag\\]\\]"]).prop_map(str::to_string),
    ]
}

fn task_line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "  ", "\t", "    ", "> "]),
        prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) "]),
        prop::sample::select(vec![' ', ' ', 'x', 'X', '/', '-', '?', '✓']),
        prop::collection::vec(task_part(), 0..6),
    )
        .prop_map(|(indent, marker, status, parts)| format!("{indent}{marker}[{status}] {}", parts.join(" ")))
}

fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => task_line(),
        1 => prop::sample::select(vec!["## Recent Context", "## Contact Information", "# Ada Brennan", "## Open Tasks"]).prop_map(str::to_string),
        1 => date_value().prop_map(|d| format!("- {}: [[2026-11-01 - Sync]] call", d.trim_matches(['\'', '"']))),
        1 => Just("| **Company** | [[Acme]] |".to_string()),
        1 => prop::collection::vec(task_part(), 0..5).prop_map(|p| p.join(" ")),
        1 => Just("```".to_string()),
        1 => Just("---".to_string()),
        1 => prop::sample::select(vec!["%%", "#people", "Met [Ada](People/Ada%20Brennan.md) #people/friend", "%% - [ ] hidden [[Ada Brennan]] %%"]).prop_map(str::to_string),
        1 => Just(String::new()),
    ]
}

/// A note: optional BOM, optional (possibly unterminated) frontmatter, a body, with `\n`,
/// `\r\n` or a mix of line endings.
fn note_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        // 0: no frontmatter; 1: unterminated; 2, 3: closed; 4: closed after a blank first line.
        0u8..5,
        prop::collection::vec(frontmatter_line(), 0..8),
        prop::collection::vec(body_line(), 0..10),
        prop::collection::vec(prop::sample::select(vec!["\n", "\n", "\r\n"]), 1..4),
    )
        .prop_map(|(bom, fm, keys, body, endings)| {
            let mut lines: Vec<String> = Vec::new();
            if fm == 4 {
                lines.push(String::new());
            }
            if fm > 0 {
                lines.push("---".into());
                lines.extend(keys);
                if fm > 1 {
                    lines.push("---".into());
                }
            }
            lines.extend(body);
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            for (i, line) in lines.iter().enumerate() {
                text.push_str(line);
                text.push_str(endings[i % endings.len()]);
            }
            text
        })
}

/// Fragments of real notes run together in any order, with bits of arbitrary text.
fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(FRAGMENTS.to_vec()).prop_map(str::to_string), 1 => "\\PC{0,6}"],
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![note_text(), fragment_soup(), any::<String>()]
}

fn any_path() -> impl Strategy<Value = &'static str> {
    prop::sample::select(PATHS.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..PATHS.len(), prop_oneof![3 => note_text(), 1 => fragment_soup()]).prop_map(|(p, t)| Op::Upsert(p, t)),
        2 => (0..PATHS.len()).prop_map(Op::Remove),
        2 => (0..PATHS.len(), 0..PATHS.len()).prop_map(|(a, b)| Op::Rename(a, b)),
        1 => (0..support::SETTINGS_VARIANTS).prop_map(Op::Settings),
        1 => (0..support::SETTINGS_VARIANTS).prop_map(Op::SettingsStepped),
        2 => (1usize..4).prop_map(Op::Rederive),
        1 => (0u16..400).prop_map(Op::Day),
        1 => Just(Op::Clear),
    ]
}

/// The user schema the checks use reaches the validation the built-in one leaves out: enum
/// values with their case fix, list values, patterns, numbers, links and a second note type.
#[test]
fn the_user_schema_reaches_every_field_type() {
    let settings = support::user_schema_settings();
    let person = "---\ntype: people\ntitle: Ada Brennan\nstatus: Active\ncircles: [work, golf]\nrole: lead\nrating: high\ncompany: Acme\nlabels: [solo]\n---\n";
    let found: Vec<(&str, Option<String>, bool)> = edit::diagnose("People/Ada Brennan.md", person, &settings, today())
        .into_iter()
        .map(|d| (d.code.as_str(), d.field, d.fix.is_some()))
        .collect();
    for want in [
        ("invalid-value", Some("status".to_string()), true),
        ("invalid-value", Some("circles".to_string()), false),
        ("pattern-mismatch", Some("role".to_string()), false),
        ("wrong-type", Some("rating".to_string()), false),
        ("wrong-type", Some("company".to_string()), false),
        ("pattern-mismatch", Some("labels".to_string()), false),
    ] {
        assert!(found.contains(&want), "{want:?} not among {found:?}");
    }
    let meeting = edit::diagnose(
        "Meetings/2026-11-21 - Sync.md",
        "---\ntype: meeting\ndate: 2026-11-21\n---\n",
        &settings,
        today(),
    );
    assert!(
        meeting.iter().any(|d| d.code == "missing-required-field" && d.field.as_deref() == Some("project")),
        "{meeting:?}"
    );
    assert!(support::check_note("People/Ada Brennan.md", person, &settings).is_ok());
}

/// Settings applied a note at a time, with updates between the slices (a task mentioning a
/// person not yet re-derived, a rename, a remove, a second change before the first is done),
/// end as a fresh index with the last settings; and the index says it is not ready until then.
#[test]
fn a_stepped_rederivation_answers_as_a_fresh_index() {
    let ada = "---\ntype: people\ntags: [vip]\nlast_contact: 2026-10-01\n---\n## Recent Context\n- 2026-11-02: call\n";
    let bo = "---\ntype: person\naliases: [Bo]\n---\n- [ ] lunch with @BoTran\n";
    let daily = "- [ ] send the deck to [[Ada Brennan]] and Bo Tran\n- [ ] ask @AdaBrennan\n";
    let meeting = "---\ndate: 2026-11-21\n---\nWith [[Bo Tran]] and [[Ada Brennan]].\n";
    let ops = vec![
        Op::Upsert(0, ada.into()),
        Op::Upsert(1, ada.into()),
        Op::Upsert(2, bo.into()),
        Op::Upsert(6, daily.into()),
        Op::Upsert(7, meeting.into()),
        Op::SettingsStepped(3),
        Op::Rederive(1),
        Op::Upsert(9, "- [ ] Ada Brennan and [[Bo Tran]] again\n".into()),
        Op::Rederive(1),
        Op::Rename(6, 8),
        Op::SettingsStepped(2),
        Op::Rederive(2),
        Op::Remove(2),
        Op::Rederive(1),
        Op::Rederive(3),
        Op::Upsert(2, bo.into()),
        Op::SettingsStepped(4),
        Op::Rederive(2),
        Op::Day(40),
        Op::Rederive(9),
    ];
    assert_eq!(support::check_index_ops(&ops), Ok(()));
    let mut index = Index::new(Settings::default());
    for (p, text) in [(0, ada), (2, bo), (6, daily)] {
        index.upsert(PATHS[p], text);
    }
    index.begin_settings(support::settings_variant(1));
    assert_eq!(index.rederive_pending(), 3);
    assert_eq!(index.rederive(1), 2);
    index.upsert(PATHS[2], bo);
    assert_eq!(index.rederive(1), 0, "the note put again since is not derived twice");
}

proptest! {
    #![proptest_config(config())]

    /// Parsing, deriving, diagnosing, fixing, editing and indexing any text returns.
    #[test]
    fn no_panic_on_any_input(text in any_text(), path in any_path()) {
        let settings = Settings::default();
        let note = Note::parse(&text);
        let derived = note.derive(path, &settings);
        let _ = note.dated_diagnostics(&derived, today(), rapport::note::ContactEvidence::OwnRecentContext, "last_contact");
        let _ = edit::fix_all(path, &text, &settings, today());
        let _ = edit::mark_contacted(&text, "last_contact", today());
        for line in 0..text.lines().count() as u32 + 2 {
            let _ = edit::complete_task(&text, line, text.lines().nth(line.saturating_sub(1) as usize).unwrap_or(""), today());
        }
        let mut index = Index::new(settings);
        index.upsert(path, &text);
        let _ = (index.stale(today()), index.all_tasks(), index.all_diagnostics(today()), index.find_person(&text));
    }

    /// Every diagnostic's span, line, UTF-16 column and fix offsets lie inside the text.
    #[test]
    fn every_diagnostic_lies_inside_the_file(text in any_text(), path in any_path()) {
        for d in edit::diagnose(path, &text, &Settings::default(), today()) {
            prop_assert_eq!(support::check_diagnostic(&text, &d), Ok(()));
        }
    }

    /// Applying a fix removes its diagnostic, adds none, stays in the frontmatter; `fix_all`
    /// leaves the body as it was and nothing fixable behind.
    #[test]
    fn fixes_remove_their_diagnostic_and_nothing_else(text in prop_oneof![3 => note_text(), 1 => fragment_soup()], path in any_path(), user_schema in any::<bool>()) {
        let settings = if user_schema { support::user_schema_settings() } else { Settings::default() };
        prop_assert_eq!(support::check_note(path, &text, &settings), Ok(()));
    }

    /// Mark contacted, snooze and completing a task change only their target.
    #[test]
    fn edits_change_only_their_target(text in prop_oneof![3 => note_text(), 1 => fragment_soup()]) {
        prop_assert_eq!(support::check_edits(&text), Ok(()));
    }

    /// A task line's offsets are char boundaries inside it, in order.
    #[test]
    fn task_line_offsets_lie_inside_the_line(line in prop_oneof![3 => task_line(), 1 => any::<String>()]) {
        if let Some(task) = parse_task_line(&line) {
            prop_assert!(task.indent < task.status_byte && task.status_byte < task.metadata_end);
            prop_assert!(line.is_char_boundary(task.status_byte) && line.is_char_boundary(task.metadata_end));
            prop_assert!(task.metadata_end <= line.len());
            prop_assert_eq!(line[task.status_byte..].chars().next(), Some(task.status));
        }
        // Recognising a line as a task agrees with reading it, without its text.
        let recognised = rapport::task::recognise_task_line(&line);
        let read = parse_task_line(&line).map(|t| (t.indent, t.status, t.status_byte));
        prop_assert_eq!(recognised.map(|t| (t.indent, t.status, t.status_byte)), read);
    }

    /// After any sequence of upserts, removes, renames, settings changes (at once, or re-derived
    /// a few notes at a time with other updates and queries between the slices), query days and
    /// clears the index answers as a fresh index built from the files under the settings of the
    /// moment whenever no re-derivation is pending:
    /// stale() and the contacts shown by serial after every step; people, every person's tasks,
    /// all tasks, all diagnostics and each person's kept count of open tasks at the end.
    #[test]
    fn index_updates_equal_a_fresh_build(ops in prop::collection::vec(op(), 0..16)) {
        prop_assert_eq!(support::check_index_ops(&ops), Ok(()));
    }
}
