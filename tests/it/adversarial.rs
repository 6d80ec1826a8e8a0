//! The adversarial corpus of issue 5: hostile or odd notes, each with a defined outcome (a
//! diagnostic, a limit, or the correct answer) reached within a bounded time and memory.
//! Fixtures under tests/data/adversarial/ say in a comment what they test and what to expect;
//! inputs too big to keep as files are built here.

use crate::support;

use rapport::body::{MAX_TASKS_PER_NOTE, MAX_TASK_LINE_BYTES};
use rapport::edit::{self, MAX_FIX_ROUNDS};
use rapport::note::MAX_BODY_BYTES;
use rapport::split::MAX_FRONTMATTER_BYTES;
use rapport::{Date, Index, Note, Settings};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::today;

/// Counts the bytes this thread has allocated and not freed, and the peak, so a test can
/// bound the memory one call takes (tests run on threads of their own).
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn count(grow: usize, shrink: usize) {
    let _ = LIVE.try_with(|live| {
        let now = (live.get() + grow).saturating_sub(shrink);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size(), 0);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size(), 0);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(0, layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size, layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Time for any one input here, in a debug build on a shared 2-core machine. Each runs in
/// well under a second; quadratic behaviour on these sizes would take minutes.
const TIME_BUDGET: Duration = Duration::from_secs(15);

/// Runs `f`, returning its result, how long it took and the most memory it held at once.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let started = Instant::now();
    let out = f();
    let elapsed = started.elapsed();
    (out, elapsed, PEAK.with(Cell::get).saturating_sub(base))
}

const MIB: usize = 1024 * 1024;

fn within(what: &str, elapsed: Duration, peak: usize, memory: usize) {
    assert!(elapsed < TIME_BUDGET, "{what}: {elapsed:?}");
    assert!(peak < memory, "{what}: {} KiB at once, budget {} KiB", peak / 1024, memory / 1024);
}

fn codes(path: &str, text: &str) -> Vec<&'static str> {
    edit::diagnose(path, text, &Settings::default(), today()).iter().map(|d| d.code.as_str()).collect()
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/adversarial")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The `path:` and `expect:` a fixture's comment states.
fn stated(text: &str, key: &str) -> String {
    let at = text.find(&format!("{key}: ")).map(|i| i + key.len() + 2);
    let rest = at.map_or("", |i| &text[i..]);
    rest.split(['\n', '\r']).next().unwrap_or("").trim_end_matches("-->").trim().to_string()
}

/// Every fixture file: the diagnostics its comment states, in order; the invariants of every
/// note (positions, fixes, edits); within the time budget and 64 MiB.
#[test]
fn every_fixture_gets_the_outcome_its_comment_states() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixture_dir()).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") {
            continue;
        }
        let text = fixture(&name);
        let (path, expect) = (stated(&text, "path"), stated(&text, "expect"));
        assert!(!path.is_empty() && !expect.is_empty(), "{name} states no path or expect");
        let (got, elapsed, peak) = measure(|| codes(&path, &text));
        within(&name, elapsed, peak, 64 * MIB);
        let want: Vec<&str> = if expect == "none" { Vec::new() } else { expect.split(", ").collect() };
        assert_eq!(got, want, "{name}");
        assert_eq!(support::check_note(&path, &text, &Settings::default()), Ok(()), "{name}");
        assert_eq!(support::check_edits(&text), Ok(()), "{name}");
        seen += 1;
    }
    assert_eq!(seen, 8, "fixture count");
}

#[test]
fn billion_laughs_is_one_yaml_error_in_little_time_and_memory() {
    let text = fixture("billion-laughs.md");
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("billion laughs", elapsed, peak, 2 * MIB);
    assert!(!note.props.parsed);
    assert_eq!(note.text_diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["yaml-syntax"]);
    assert!(
        note.text_diagnostics[0].message.contains("recursion limit")
            || note.text_diagnostics[0].message.contains("alias"),
        "{}",
        note.text_diagnostics[0].message
    );
}

/// The same bomb padded with 60k plain values, which raises serde_yaml's own repetition limit
/// (100 alias jumps per event) far enough to expand to gigabytes; the value budget
/// (`YAML_VALUE_SLACK` beyond one value per byte) stops it.
#[test]
fn padded_alias_bomb_is_cut_off_by_the_value_budget() {
    let text = fixture("billion-laughs.md").replacen(
        "---\n<!--",
        &format!("pad: [{}]\n---\n<!--", vec!["1"; 60_000].join(",")),
        1,
    );
    assert!(text.len() > 120_000 && text.len() < rapport::split::MAX_FRONTMATTER_BYTES);
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("padded alias bomb", elapsed, peak, 64 * MIB);
    assert_eq!(note.text_diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["yaml-syntax"]);
    assert!(note.text_diagnostics[0].message.contains("alias bomb"), "{}", note.text_diagnostics[0].message);
}

#[test]
fn deep_yaml_nesting_is_an_error_at_its_key_and_the_other_keys_are_salvaged() {
    let text = fixture("deep-yaml-nesting.md");
    let note = Note::parse(&text);
    let d = &note.text_diagnostics[0];
    assert_eq!((d.code.as_str(), d.field.as_deref(), d.start.line), ("yaml-syntax", Some("deep"), 4));
    assert_eq!((note.props.str("type"), note.props.str("title")), (Some("people"), Some("Ada Brennan")));
}

#[test]
fn deep_body_nesting_is_read_in_linear_time() {
    let quoted = fixture("deep-body-nesting.md");
    assert_eq!(Note::parse(&quoted).tasks.len(), 1);
    // 1000 list items, each nested in the one before, then a task at the bottom (1 MB).
    let mut text: String = (0..1000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
    text.push_str(&format!("{}- [ ] nested task for [[Ada Brennan]]\n", "  ".repeat(1000)));
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("1000 nested items", elapsed, peak, 16 * MIB);
    // pulldown-cmark reads the innermost line as an indented code block past its nesting
    // depth, or as the task; either way the result is defined and nothing is lost silently.
    assert!(note.tasks.len() <= 1, "{:?}", note.tasks.len());
}

/// A 20 MB note: its frontmatter is read (the person stays a person), its body is over
/// `MAX_BODY_BYTES` and is not, which a `note-too-large` diagnostic says.
#[test]
fn twenty_megabyte_note_is_a_person_with_a_note_too_large_warning() {
    let line = "- [ ] call [[Ada Brennan]] about the 2026 renewal 📅 2026-11-30 @AdaBrennan #work\n";
    let text = format!(
        "---\ntype: people\ntitle: Ada Brennan\nlast_contact: 2026-11-01\n---\n{}",
        line.repeat(20 * MIB / line.len())
    );
    assert!(text.len() >= 20 * MIB - line.len());
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("20 MB note", elapsed, peak, 4 * MIB);
    assert!(note.tasks.is_empty());
    let d = &note.text_diagnostics[0];
    assert_eq!((d.code.as_str(), d.start.line), ("note-too-large", 6));
    let mut index = Index::new(Settings::default());
    let ((), elapsed, peak) = measure(|| index.upsert("People/Ada Brennan.md", &text));
    within("20 MB upsert", elapsed, peak, 4 * MIB);
    let contact = index.contact("People/Ada Brennan.md", today()).map(|c| (c.last_contact, c.open_tasks));
    assert_eq!(contact, Some((Date::parse_iso("2026-11-01"), 0)));
}

/// Just under `MAX_BODY_BYTES` the whole body is read, down to a task on its last line.
#[test]
fn body_at_the_size_limit_is_read_to_its_last_line() {
    let filler = "Notes from the offsite, nothing to do here.\n";
    let task = "- [ ] last task for [[Ada Brennan]]\n";
    let mut text = filler.repeat((MAX_BODY_BYTES - task.len()) / filler.len());
    text.push_str(&" ".repeat(MAX_BODY_BYTES - task.len() - text.len()));
    text.push('\n');
    text.push_str(task);
    let over = format!("{text} ");
    assert_eq!((text.len(), over.len()), (MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 2));
    let body_only = &text[1..];
    assert_eq!(body_only.len(), MAX_BODY_BYTES);
    // pulldown-cmark's tree of a 190k-line paragraph is about three times the text.
    let (note, elapsed, peak) = measure(|| Note::parse(body_only));
    within("8 MiB body", elapsed, peak, 4 * MAX_BODY_BYTES);
    assert_eq!(note.tasks.len(), 1);
    assert!(note.text_diagnostics.is_empty());
    assert_eq!(codes("Inbox.md", &over), ["note-too-large"]);
}

/// Lines of 100k characters: a task line over `MAX_TASK_LINE_BYTES` is reported and not read;
/// one at the limit is a task; a prose line and a frontmatter value of that length are read.
#[test]
fn hundred_thousand_character_lines() {
    let long_task = format!("- [ ] {} [[Ada Brennan]]\n", "word ".repeat(20_000));
    let text = format!("intro\n{long_task}- [ ] short one\n");
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("100k-character task line", elapsed, peak, 2 * MIB);
    assert_eq!(note.tasks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["- [ ] short one"]);
    let d = &note.text_diagnostics[0];
    assert_eq!((d.code.as_str(), d.start.line, d.start.column), ("task-line-too-long", 2, 1));
    assert!(d.message.starts_with("1 task line"), "{}", d.message);

    let at_limit = format!("- [ ] {}", "é".repeat((MAX_TASK_LINE_BYTES - 6) / 2));
    assert_eq!(at_limit.len(), MAX_TASK_LINE_BYTES);
    assert_eq!(Note::parse(&at_limit).tasks.len(), 1);
    // Over the limit in the middle of a character: still one defined outcome, no panic.
    let over = format!("{at_limit}é");
    assert_eq!(codes("Inbox.md", &over), ["task-line-too-long"]);

    // A 100k-character line of prose in a meeting note still links the person.
    let mut index = Index::new(Settings::default());
    index.upsert("People/Ada Brennan.md", "---\ntype: people\ntitle: Ada Brennan\n---\n");
    index.upsert("Meetings/2026-11-20 - Sync.md", &format!("{} [[Ada Brennan]]\n", "talk ".repeat(20_000)));
    let evidence = index.contact("People/Ada Brennan.md", today()).and_then(|c| c.evidence_path);
    assert_eq!(evidence.as_deref(), Some("Meetings/2026-11-20 - Sync.md"));

    // A 100k-character title is read, and its mismatch fixed.
    let title = "Ada ".repeat(25_000).trim_end().to_string();
    let text = format!("---\ntype: people\ntitle: {title}\n---\n");
    let (fixed, applied) = edit::fix_all("People/Ada Brennan.md", &text, &Settings::default(), today());
    assert_eq!((fixed.as_str(), applied), ("---\ntype: people\ntitle: Ada Brennan\n---\n", 1));
}

/// Lines made of inline-field openers (`[a:: [a:: …`, `(((…::`, code spans before `::`) are read
/// in linear time, and a note of thousands of fields keeps a bounded number.
#[test]
fn inline_field_lines_of_brackets() {
    let line = |unit: &str| format!("{}\n", unit.repeat(4_000 / unit.len()));
    let mut text = String::new();
    for unit in ["[a:: ", "(", "[", "`x` [b", "[c:: d] ", "a:: "] {
        for _ in 0..250 {
            text.push_str(&line(unit));
        }
        text.push_str(&format!("{}::\n", unit.repeat(4_000 / unit.len())));
    }
    // The markdown reader's own cost on brackets is the baseline: the field pass adds little.
    let (_, base_elapsed, base_peak) = measure(|| Note::parse(&text.replace("::", ": ")));
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("inline-field brackets", elapsed, peak, base_peak + 2 * MIB);
    assert!(
        elapsed < base_elapsed * 3 + Duration::from_millis(500),
        "{elapsed:?} against {base_elapsed:?} without fields"
    );
    assert!(note.fields.len() <= 64, "{}", note.fields.len());
    assert!(note.fields.iter().any(|f| f.key == "c" && f.value == "d"), "the closed fields are read");
}

/// Past `MAX_TASKS_PER_NOTE` tasks are not read, and the first one not read is pointed at.
#[test]
fn tasks_past_the_per_note_limit_are_reported_not_read() {
    let text = "- [ ] follow up with [[Ada Brennan]]\n".repeat(MAX_TASKS_PER_NOTE + 5);
    let (note, elapsed, peak) = measure(|| Note::parse(&text));
    within("10k tasks", elapsed, peak, 64 * MIB);
    assert_eq!(note.tasks.len(), MAX_TASKS_PER_NOTE);
    let d = &note.text_diagnostics[0];
    assert_eq!((d.code.as_str(), d.start.line), ("too-many-tasks", MAX_TASKS_PER_NOTE as u32 + 1));
    assert!(d.message.contains("not the 5 from here on"), "{}", d.message);
}

/// Frontmatter up to `MAX_FRONTMATTER_BYTES` is parsed; one byte more is reported and skipped.
#[test]
fn frontmatter_size_limit() {
    let block = |size: usize| {
        let head = "type: people\ntitle: Ada Brennan\nnotes: ";
        format!("---\n{head}{}\n---\nbody\n", "x".repeat(size - head.len() - 1))
    };
    let at = block(MAX_FRONTMATTER_BYTES);
    let (note, elapsed, peak) = measure(|| Note::parse(&at));
    within("256 KiB frontmatter", elapsed, peak, 16 * MIB);
    assert_eq!(note.props.str("title"), Some("Ada Brennan"));
    assert_eq!(codes("People/Ada Brennan.md", &at), Vec::<&str>::new());
    assert_eq!(codes("People/Ada Brennan.md", &block(MAX_FRONTMATTER_BYTES + 1)), ["frontmatter-too-large"]);
}

/// `fix_all` applies at most `MAX_FIX_ROUNDS` fixes; what is left stays reported.
#[test]
fn fix_all_stops_after_its_round_limit() {
    let text = format!("---\ntype: people\ntitle: Ada Brennan\n{}---\n", "tags: [a]\n".repeat(MAX_FIX_ROUNDS + 11));
    let (fixed, applied) = edit::fix_all("People/Ada Brennan.md", &text, &Settings::default(), today());
    assert_eq!(applied, MAX_FIX_ROUNDS);
    assert_eq!(codes("People/Ada Brennan.md", &fixed), vec!["duplicate-key"; 10]);
}

/// Invalid UTF-8 never reaches the core: the CLI reports the file as `not-utf8` (an error, so
/// `check` exits 1) and checks the rest of the vault.
#[test]
fn invalid_utf8_is_reported_by_the_cli_as_not_utf8() {
    let dir = std::env::temp_dir().join(format!("rapport-adversarial-{}", std::process::id()));
    let people = dir.join("People");
    std::fs::create_dir_all(&people).expect("temp dir");
    std::fs::write(
        people.join("Ada Brennan.md"),
        "---\ntype: people\ntitle: Ada Brennan\nlast_contact: 2026-11-01\n---\n",
    )
    .expect("write");
    std::fs::write(people.join("Bo Tran.md"), b"---\ntype: people\ntitle: Bo \xff\xfe Tran\n---\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["check", &dir.to_string_lossy(), "--today", "2026-11-26", "--format", "json"])
        .output()
        .expect("the rapport binary runs");
    let _ = std::fs::remove_dir_all(&dir);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json["notes"], 2);
    let found: Vec<(String, String, u64)> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["code"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(found, [("People/Bo Tran.md".to_string(), "not-utf8".to_string(), 1)]);
}

#[test]
fn nul_bytes_make_the_yaml_invalid_and_leave_tasks_readable() {
    let text = fixture("nul-bytes.md");
    let note = Note::parse(&text);
    assert_eq!(note.text_diagnostics[0].field.as_deref(), Some("title"));
    assert_eq!(note.tasks.len(), 1);
    assert_eq!(note.tasks[0].fields.due, Date::parse_iso("2026-11-30"));
}

/// With a BOM and CRLF, positions skip nothing but count the BOM as no column, and every edit
/// keeps the BOM and writes CRLF.
#[test]
fn bom_and_crlf_survive_every_edit_byte_for_byte() {
    let text = fixture("bom-crlf.md");
    let d = edit::diagnose("People/Ada Brennan.md", &text, &Settings::default(), today());
    assert_eq!((d[0].code.as_str(), d[0].start.line, d[0].start.column), ("non-iso-date", 4, 15));
    let (fixed, _) = edit::fix_all("People/Ada Brennan.md", &text, &Settings::default(), today());
    assert_eq!(fixed, text.replace("10/31/2025", "2025-10-31"));
    let contacted = edit::mark_contacted(&text, "last_contact", today()).ok().flatten().and_then(|e| e.apply(&text));
    assert_eq!(contacted, Some(text.replace("10/31/2025", "2026-11-26")));
    let snoozed = edit::snooze(&text, "last_contact", today()).ok().flatten().and_then(|e| e.apply(&text));
    // Unquoted, like the note's other date.
    assert_eq!(snoozed, Some(text.replace("---\r\n<!--", "snooze_until: 2026-11-26\r\n---\r\n<!--")));
    let task = Note::parse(&text).tasks.remove(0);
    let done = edit::complete_task(&text, task.line, &task.text, today()).ok().and_then(|e| e.apply(&text));
    assert_eq!(
        done,
        Some(text.replace(
            "- [ ] call [[Ada Brennan]] 📅 2026-11-30\r\n",
            "- [x] call [[Ada Brennan]] 📅 2026-11-30 ✅ 2026-11-26\r\n"
        ))
    );
}

#[test]
fn mixed_line_endings_and_a_lone_carriage_return() {
    let text = fixture("mixed-line-endings.md");
    let d = edit::diagnose("People/Ada Brennan.md", &text, &Settings::default(), today());
    assert_eq!((d[0].code.as_str(), d[0].start.line), ("impossible-date", 4));
    let tasks: Vec<String> = Note::parse(&text).tasks.iter().map(|t| t.fields.description.clone()).collect();
    assert_eq!(tasks, ["first [[Ada Brennan]]", "second", "third"]);
}

#[test]
fn dashes_in_the_body_are_not_frontmatter() {
    let text = fixture("dashes-in-body.md");
    let note = Note::parse(&text);
    assert_eq!(note.props.str("last_contact"), Some("2026-11-01"));
    assert_eq!(
        note.tasks.iter().map(|t| t.fields.description.as_str()).collect::<Vec<_>>(),
        ["before the break", "after the fake block"]
    );
    // Without a block at the top, a later `---` pair is body text too.
    let body_only = "Intro\n---\ntype: people\n---\n";
    assert!(Note::parse(body_only).frontmatter.is_none());
}

#[test]
fn emoji_sequences_and_no_break_spaces() {
    let text = fixture("emoji-zwj-nbsp.md");
    let d = edit::diagnose("People/Ada Brennan.md", &text, &Settings::default(), today());
    // `title: "Ada Brennan 👩‍💻"`: the emoji (two UTF-16 units each, and the joiner) are
    // counted as editors count them.
    assert_eq!((d[0].code.as_str(), d[0].start.line, d[0].start.column, d[0].end.column), ("title-mismatch", 3, 8, 27));
    let tasks = Note::parse(&text).tasks;
    let (first, second) = (&tasks[0].fields, &tasks[1].fields);
    assert_eq!((first.due, first.priority.map(|p| p.as_str())), (Date::parse_iso("2026-11-30"), Some("high")));
    assert_eq!((second.done, second.tags.clone()), (None, vec!["team".to_string()]));
}

/// Reads the small vault under tests/data/adversarial/vault into an index.
fn vault_index() -> Index {
    let root = fixture_dir().join("vault");
    let mut index = Index::new(Settings::default());
    for folder in ["People", "Archive", "Daily"] {
        for entry in std::fs::read_dir(root.join(folder)).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            index.upsert(&format!("{folder}/{name}"), &text);
        }
    }
    index
}

/// Task lines (1-based, in Daily/2026-11-20.md) that mention and that are owned by a person.
fn task_lines(index: &Index, path: &str) -> (Vec<u32>, Vec<u32>) {
    let tasks = index.tasks_for_person(path).unwrap_or_else(|| panic!("{path} is a person"));
    (tasks.mentions.iter().map(|t| t.task.line).collect(), tasks.owned.iter().map(|t| t.task.line).collect())
}

/// Names are matched literally: a right-to-left name, `.`, `'`, `(`, `)` and `+` in names
/// never act as pattern characters; two people with one title both count every task naming it.
#[test]
fn odd_names_are_matched_literally() {
    let index = vault_index();
    assert_eq!(support::check_counts(&index), Ok(()));
    assert_eq!(index.people().len(), 5);
    // Link, plain-text mention; @handle.
    assert_eq!(task_lines(&index, "People/رنا حداد.md"), (vec![2, 3], vec![4]));
    // `Dr. O'Neil (Jr.)` literally (line 5), not `DrX O'Neil (Jr.)` (a regex `.` would match X).
    assert_eq!(task_lines(&index, "People/Dr. O'Neil (Jr.).md"), (vec![5], vec![7]));
    // `C++ Guild` (line 8), not `C++ Guilds` or `CGuild`.
    assert_eq!(task_lines(&index, "People/C++ Guild.md"), (vec![8], vec![]));
    // [[Ada Brennan]] (line 10) may mean either; a path names one.
    // Two people named Ada Brennan: every task naming the name concerns both, a qualified link
    // included, since its text names them too (a link's text counts as a plain-text mention).
    assert_eq!(task_lines(&index, "People/Ada Brennan.md"), (vec![10, 11, 12], vec![]));
    assert_eq!(task_lines(&index, "Archive/Ada Brennan.md"), (vec![10, 11, 12], vec![]));
    assert_eq!(index.find_person("Ada Brennan"), Some("Archive/Ada Brennan.md"));
    assert_eq!(index.find_person("@DrONeilJr"), Some("People/Dr. O'Neil (Jr.).md"));
    assert_eq!(index.find_person("c++ guild"), Some("People/C++ Guild.md"));
    let stale: Vec<String> = index.stale(today()).iter().map(|c| format!("{} {}", c.path, c.status.as_str())).collect();
    assert_eq!(stale.len(), 5, "{stale:?}");
    assert!(index.all_diagnostics(today()).is_empty());
}

/// A person renamed while tasks link the old name: the title still names them, so links to it
/// still count, and a `title-mismatch` with a fix says the title is behind; once the title is
/// fixed, only the other Ada Brennan is named by the old name.
#[test]
fn person_renamed_while_tasks_link_the_old_name() {
    let mut index = vault_index();
    let (old, new) = ("People/Ada Brennan.md", "People/Ada Quill.md");
    assert!(index.rename(old, new));
    assert_eq!(support::check_counts(&index), Ok(()));
    assert!(index.tasks_for_person(old).is_none());
    // [[Ada Brennan]] matches the title; [[People/Ada Brennan|Ada]] named the old path.
    assert_eq!(task_lines(&index, new), (vec![10], vec![]));
    let d = index.diagnostics(new, today());
    assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["title-mismatch"]);
    let text = std::fs::read_to_string(fixture_dir().join("vault/People/Ada Brennan.md")).unwrap_or_default();
    let fixed = d[0].fix.as_ref().and_then(|f| f.edit.apply(&text)).unwrap_or_default();
    assert!(fixed.contains("title: Ada Quill\n"), "{fixed}");
    index.upsert(new, &fixed);
    assert_eq!(support::check_counts(&index), Ok(()));
    assert_eq!(task_lines(&index, new), (vec![], vec![]));
    assert_eq!(task_lines(&index, "Archive/Ada Brennan.md"), (vec![10, 11, 12], vec![]));
    assert!(index.diagnostics(new, today()).is_empty());
    // Obsidian updates the links on rename: the daily note changes and the tasks follow.
    let daily = std::fs::read_to_string(fixture_dir().join("vault/Daily/2026-11-20.md")).unwrap_or_default();
    index.upsert("Daily/2026-11-20.md", &daily.replace("[[People/Ada Brennan|Ada]]", "[[People/Ada Quill|Ada]]"));
    assert_eq!(support::check_counts(&index), Ok(()));
    assert_eq!(task_lines(&index, new), (vec![12], vec![]));
}
