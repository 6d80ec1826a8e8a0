//! Invariants every note, edit and index must keep, and note-shaped fragments to build inputs
//! from. Shared by the property tests, the adversarial corpus and the fuzz targets (which include
//! this file by path), so that a fuzzer finding and a failing property are the same check.

use rapport::body::TaskReading;
use rapport::diagnostic::Diagnostic;
use rapport::edit::{self, MAX_FIX_ROUNDS};
use rapport::split::split;
use rapport::task::StatusKind;
use rapport::view::StaleContactView;
use rapport::{Date, Index, Note, Scope, Settings, StaleContact};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Cases per property: `default`, or `PROPTEST_CASES` when set (for long release runs).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// The day every check judges by.
pub fn today() -> Date {
    Date::new(2026, 11, 26).unwrap_or(Date { year: 2026, month: 11, day: 26 })
}

/// Paths the generators use: people (two with the same base name in different folders, names
/// with regex metacharacters, a right-to-left name), dated notes that count as evidence (two
/// on one day, so ties must break the same way however the index was built), and an undated
/// note.
pub const PATHS: &[&str] = &[
    "People/Ada Brennan.md",
    "Archive/Ada Brennan.md",
    "People/Bo Tran.md",
    "People/Dr. O'Neil (Jr.).md",
    "People/C++ Guild.md",
    "People/رنا حداد.md",
    "Daily/2026-11-20.md",
    "Meetings/2026-11-21 - Sync.md",
    "Meetings/2026-11-20 - Standup.md",
    "Inbox.md",
];

/// A user's schema: the built-in one plus every field type and option it leaves out (enum
/// values with their case fix, numbers, links, patterns, list values, a required link) and a
/// second note type, so that checks and fuzzing validate notes against those too. Appended to
/// the built-in schema, whose last lines are people fields.
pub const USER_SCHEMA_ADDITIONS: &str = "      company:
        type: link
      rating:
        type: number
      status:
        type: enum
        values: [active, dormant, On Hold]
      circles:
        type: list
        values: [work, family]
      labels:
        type: list
        pattern: \"*/*\"
      role:
        type: string
        pattern: \"[A-Z]*\"
  meeting:
    fields:
      date:
        type: date
        required: true
      attendees:
        type: list
        pattern: \"[[]*]\"
      project:
        type: link
        required: true
";

/// Settings with the built-in schema and [`USER_SCHEMA_ADDITIONS`].
pub fn user_schema_settings() -> Settings {
    let schema = format!("{}{USER_SCHEMA_ADDITIONS}", rapport::schema::BUILTIN_SCHEMA);
    let config = rapport::Config { schema: Some(schema), ..rapport::Config::default() };
    match Settings::new(config) {
        Ok(settings) => settings,
        Err(problems) => panic!("the user schema is invalid: {problems:?}"),
    }
}

/// Pieces of real notes: frontmatter keys of the people schema with valid, invalid and loose
/// values, tasks in both metadata formats, links, handles, code, line endings, BOM, NUL, emoji
/// sequences, no-break spaces and right-to-left text.
pub const FRAGMENTS: &[&str] = &[
    "---\n",
    "---\r\n",
    "\u{feff}",
    "type: people\n",
    "type: person\n",
    "type: meeting\n",
    "type: [people]\n",
    "type:\n  - \"[[People]]\"\n",
    "categories: [\"[[Categories/People|people]]\"]\n",
    "categories: [[People]]\n",
    "title: Ada Brennan\n",
    "title: 'Bo Tran'\n",
    "title: \"Dr. O'Neil (Jr.)\"\n",
    "title: |\n  Ada Brennan\n",
    "title: Ada\n  Brennan\n",
    "title:\n",
    "created: 2026-01-03\n",
    "created: '2026-01-03'\n",
    "last_contact: 2026-10-31\n",
    "last_contact: '2025-02-30'\n",
    "last_contact: 10/31/2025\n",
    "last_contact: \"2027-01-01\" # planned\n",
    "last_contact: Oct 31, 2025\n",
    "last_contact: >\n  2026-01-05\n",
    "last_contact:\n",
    "cadence: monthly\n",
    "cadence: 14d\n",
    "cadence: sometimes\n",
    "cadence: 30\n",
    "snooze_until: 2026-12-01\n",
    "auto_created: yes\n",
    "auto_created: true\n",
    "tags: [type/people, needs-review]\n",
    "tags:\n  - type/people\n  - company/acme\n",
    "tags: type/meeting\n",
    "aliases: [Ada B, Addy Brennan]\n",
    "aliases:\n  - [[Ada Brennan]]\n",
    "company: [[Acme]]\n",
    "company: \"[[Acme]]\"\n",
    "date: 2026-11-20\n",
    "a: &a [x, y]\nb: [*a, *a]\n",
    "key: [unclosed\n",
    "  nested: 1\n",
    "# comment\n",
    "title: 'unclosed\n",
    "...\n",
    "{flow: map}\n",
    "# Ada Brennan\n",
    "## Recent Context\n",
    "- 2026-11-01: [[2026-11-01 - Sync]] call\n",
    "## Contact Information\n| Field | Value |\n|---|---|\n| **Company** | [[Acme]] |\n",
    "- [ ] call [[Ada Brennan]] 📅 2026-11-28\n",
    "- [ ] @AdaBrennan sends the deck ⏫\n",
    "- [x] done with Ada Brennan ✅ 2026-11-20\n",
    "\t- [/] nested [due:: 2026-12-01]\n",
    "- [ ] weekly 🔁 every week ⏳ 2026-11-26 📅 2026-11-27\n",
    "- [ ] pay [repeat:: every month] [due:: 2026-01-31]\n",
    "  - [-] cancelled ❌ 2026-11-02 ^blk-1\n",
    "1. [?] custom status C++ Guild\n",
    "> - [ ] quoted Bo Tran\n",
    "- - [ ] two markers\n",
    "```\n- [ ] in code [[Ada Brennan]]\n```\n",
    "```dataview\nTASK\n```\n",
    "[[People/Bo Tran|Bo]] ",
    "[[Ada Brennan#Notes]] ",
    "Dr. O'Neil (Jr.) ",
    "C++ Guild ",
    "رنا حداد ",
    "@BoTran ",
    "@رناحداد ",
    "\r\n",
    "\n",
    "\r",
    " ",
    "📅\u{FE0F}\u{A0}2026-11-30 ",
    "👩\u{200D}💻 ",
    "\u{200F}",
    "\0",
    "é",
    "`code` ",
    "[[",
    "]]",
    "- [ ] ",
    ":: ",
    "- [ ] #work call Bo Tran 📅 2026-02-30\n",
    "- [ ] pay #task 📅 2026-02-31\n",
];

/// Line, UTF-16 column (both 1-based) and UTF-16 offset of byte `offset`, counted here without
/// the core's `LineIndex`, so the two can be compared.
pub fn position(text: &str, offset: usize) -> (u32, u32, u32) {
    let (mut line, mut column, mut utf16) = (1u32, 0u32, 0u32);
    for c in text[..offset].chars() {
        let units = c.len_utf16() as u32;
        utf16 += units;
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += units;
        }
    }
    (line, column + 1, utf16)
}

fn in_text(text: &str, at: usize) -> bool {
    at <= text.len() && text.is_char_boundary(at)
}

/// The span, positions and fix range of `d` lie inside `text`, on char boundaries, and its line,
/// column and UTF-16 offsets are those of its span.
pub fn check_diagnostic(text: &str, d: &Diagnostic) -> Result<(), String> {
    let at = |what: &str| format!("{what} of {} {:?} in {text:?}", d.code, d.span);
    if d.span.start > d.span.end || !in_text(text, d.span.start) || !in_text(text, d.span.end) {
        return Err(at("span outside the text or off a char boundary"));
    }
    let start = (d.start.line, d.start.column, d.start.offset_utf16);
    let end = (d.end.line, d.end.column, d.end.offset_utf16);
    if start != position(text, d.span.start) || end != position(text, d.span.end) {
        return Err(at(&format!("positions {start:?}..{end:?} are not those")));
    }
    if let Some(fix) = &d.fix {
        let r = &fix.edit.range;
        if r.start > r.end || !in_text(text, r.start) || !in_text(text, r.end) {
            return Err(at(&format!("fix range {r:?} outside the text")));
        }
        if (fix.from_utf16, fix.to_utf16) != (position(text, r.start).2, position(text, r.end).2) {
            return Err(at("fix UTF-16 offsets"));
        }
    }
    Ok(())
}

/// How many diagnostics of each (code, field) a note has: what "the same diagnostic" means
/// across an edit, since spans move.
fn census(diagnostics: &[Diagnostic]) -> BTreeMap<(rapport::Code, Option<String>), usize> {
    let mut out = BTreeMap::new();
    for d in diagnostics {
        *out.entry((d.code, d.field.clone())).or_insert(0) += 1;
    }
    out
}

/// Where a fix may write: inside the frontmatter up to its closing fence, or, with no
/// frontmatter, exactly at the start (a new block).
fn fix_area(text: &str) -> std::ops::Range<usize> {
    let s = split(text);
    match s.frontmatter {
        Some(f) => 0..f.insert_at,
        None => s.bom..s.bom,
    }
}

/// The body of a note: everything after the frontmatter block.
pub fn body(text: &str) -> &str {
    &text[split(text).body_start..]
}

/// Every diagnostic of the note lies inside it; every fix applies, stays inside the frontmatter,
/// removes its diagnostic and introduces no new one; `fix_all` leaves the body alone and nothing
/// fixable behind.
pub fn check_note(path: &str, text: &str, settings: &Settings) -> Result<(), String> {
    let today = today();
    let note = Note::parse(text);
    let derived = note.derive(path, settings);
    for d in derived.diagnostics.iter().chain(
        note.dated_diagnostics(
            &derived,
            today,
            rapport::note::ContactEvidence::OwnRecentContext,
            &settings.config.last_contact_property,
        )
        .iter(),
    ) {
        check_diagnostic(text, d)?;
    }
    let before = edit::diagnose(path, text, settings, today);
    let area = fix_area(text);
    // A properties block after blank lines: its fix removes those lines and nothing else. The
    // block is then the frontmatter, and its own problems are reported from then on.
    let late = |d: &Diagnostic| d.code == "frontmatter-not-first";
    for d in &before {
        check_diagnostic(text, d)?;
        let Some(fix) = &d.fix else { continue };
        let r = &fix.edit.range;
        if late(d) {
            let removed = text.get(r.clone()).unwrap_or("x");
            if r.start != split(text).bom
                || !fix.edit.insert.is_empty()
                || !removed.trim().is_empty()
                || !text[r.end..].starts_with("---")
            {
                return Err(format!(
                    "fix of {} writes {r:?} {:?}, not just the blank lines before the block, in {text:?}",
                    d.code, fix.edit.insert
                ));
            }
        } else if r.start < area.start || r.end > area.end {
            return Err(format!("fix of {} writes {r:?}, outside the frontmatter {area:?}, in {text:?}", d.code));
        }
        let Some(after_text) = fix.edit.apply(text) else {
            return Err(format!("fix of {} does not apply to {text:?}", d.code));
        };
        if after_text == text {
            return Err(format!("fix of {} changes nothing in {text:?}", d.code));
        }
        let after = edit::diagnose(path, &after_text, settings, today);
        let (was, is) = (census(&before), census(&after));
        let key = (d.code, d.field.clone());
        if is.get(&key).copied().unwrap_or(0) >= was.get(&key).copied().unwrap_or(0) {
            return Err(format!("fix of {} {:?} left it in place: {text:?} became {after_text:?}", d.code, d.field));
        }
        for (k, n) in is.iter().filter(|_| !late(d)) {
            if *n > was.get(k).copied().unwrap_or(0) {
                return Err(format!("fix of {} introduced {k:?}: {text:?} became {after_text:?}", d.code));
            }
        }
    }
    let (fixed, applied) = edit::fix_all(path, text, settings, today);
    // With a late block, the body is what follows the block once its blank lines are gone.
    let unmoved = match before.iter().find(|d| late(d)).and_then(|d| d.fix.as_ref()) {
        Some(fix) => fix.edit.apply(text).unwrap_or_else(|| text.to_string()),
        None => text.to_string(),
    };
    if body(&fixed) != body(&unmoved) {
        return Err(format!("fix_all changed the body of {text:?}: {fixed:?}"));
    }
    if applied < MAX_FIX_ROUNDS {
        let left = edit::diagnose(path, &fixed, settings, today);
        for d in &left {
            check_diagnostic(&fixed, d)?;
            if d.fix.as_ref().and_then(|f| f.edit.apply(&fixed)).is_some_and(|t| t != fixed) {
                return Err(format!("fix_all left the fixable {} in {fixed:?}", d.code));
            }
        }
    }
    Ok(())
}

/// Tasks as the note's reader sees them, without line numbers (which move when lines are added).
fn task_texts(note: &Note) -> Vec<String> {
    note.tasks.iter().map(|t| format!("{:?} {:?}", t.text, t.fields)).collect()
}

/// `mark_contacted` and `snooze` change their property and nothing else; completing each open
/// task changes that task's line (and adds the next occurrence above a recurring one) and
/// nothing else.
pub fn check_edits(text: &str) -> Result<(), String> {
    let today = today();
    let before = Note::parse(text);
    let until = Date::new(2026, 12, 24).unwrap_or(today);
    for (key, result) in [
        ("last_contact", edit::mark_contacted(text, "last_contact", today)),
        ("snooze_until", edit::snooze(text, "last_contact", until)),
    ] {
        let want = if key == "last_contact" { today } else { until };
        let edit = match result {
            Ok(Some(e)) => e,
            Ok(None) => {
                if before.props.str(key).and_then(Date::parse_iso) != Some(want) {
                    return Err(format!("{key} edit said `no change` on {text:?}"));
                }
                continue;
            }
            Err(_) => continue,
        };
        let Some(new) = edit.apply(text) else {
            return Err(format!("{key} edit {edit:?} does not apply to {text:?}"));
        };
        if body(&new) != body(text) {
            return Err(format!("{key} edit changed the body: {text:?} became {new:?}"));
        }
        let after = Note::parse(&new);
        if task_texts(&after) != task_texts(&before) {
            return Err(format!("{key} edit changed tasks: {text:?} became {new:?}"));
        }
        if before.props.parsed {
            if !after.props.parsed {
                return Err(format!("{key} edit broke the YAML: {text:?} became {new:?}"));
            }
            if after.props.str(key).and_then(Date::parse_iso) != Some(want) {
                return Err(format!("{key} edit did not set {want}: {text:?} became {new:?}"));
            }
            let others = |n: &Note| {
                n.props
                    .values
                    .iter()
                    .filter(|(k, _)| !rapport::frontmatter::same_property(k, key))
                    .cloned()
                    .collect::<Vec<_>>()
            };
            if others(&after) != others(&before) {
                return Err(format!("{key} edit changed other properties: {text:?} became {new:?}"));
            }
        }
    }
    for task in before.tasks.iter().filter(|t| StatusKind::from_symbol(t.fields.status).is_open()) {
        let edit = edit::complete_task(text, task.line, &task.text, today)
            .map_err(|e| format!("completing line {} of {text:?}: {e}", task.line))?;
        let Some(new) = edit.apply(text) else {
            return Err(format!("completion {edit:?} does not apply to {text:?}"));
        };
        let line_start = text.split_inclusive('\n').take(task.line as usize - 1).map(str::len).sum::<usize>();
        let line_end = line_start + text[line_start..].find(['\n']).unwrap_or(text.len() - line_start);
        if edit.range.start < line_start || edit.range.end > line_end {
            return Err(format!("completing line {} writes {:?} outside it in {text:?}", task.line, edit.range));
        }
        // pulldown-cmark ends an item whose only content is a checkbox it knows (`- [x] `) but
        // not one it does not (`- [/] `), so completing an empty custom-status task can change
        // how the lines below it nest. The bytes are still untouched (checked above); the
        // reading of other tasks is compared only for tasks with text.
        if task.fields.description.is_empty() {
            continue;
        }
        // A task line that leaves a `%%` comment open comments out every line below it, as in
        // Obsidian; its next occurrence, copied above it, then hides the completed line. The
        // bytes are checked above; the reading is compared only where no comment is left open.
        if task.text.matches("%%").count() % 2 == 1 {
            continue;
        }
        let after = Note::parse(&new);
        let recurring = after.tasks.len() == before.tasks.len() + 1;
        let shift = u32::from(recurring);
        let done = after.tasks.iter().find(|t| t.line == task.line + shift);
        if done.is_none_or(|t| t.fields.status != 'x') {
            return Err(format!("line {} is not done after completing it: {text:?} became {new:?}", task.line));
        }
        let others = |n: &Note, skip: &[u32]| -> Vec<String> {
            n.tasks.iter().filter(|t| !skip.contains(&t.line)).map(|t| format!("{:?}", t.text)).collect()
        };
        let skip_after: Vec<u32> = if recurring { vec![task.line, task.line + 1] } else { vec![task.line] };
        if others(&after, &skip_after) != others(&before, &[task.line]) {
            return Err(format!("completing line {} changed other tasks: {text:?} became {new:?}", task.line));
        }
    }
    Ok(())
}

/// What an index answers, as comparable text: people, staleness, every task, each person's
/// tasks, every diagnostic.
pub fn index_state(index: &Index) -> String {
    let today = today();
    let mut out = String::new();
    let mut paths: Vec<&str> = index.paths().collect();
    paths.sort_unstable();
    out.push_str(&format!("paths {paths:?} bytes {}\n", index.text_bytes()));
    for (path, derived) in index.people() {
        out.push_str(&format!("person {path} {derived:?}\n"));
        if let Some(t) = index.tasks_for_person(path) {
            let lines =
                |v: &[rapport::TaskAt]| v.iter().map(|t| format!("{}:{}", t.path, t.task.line)).collect::<Vec<_>>();
            out.push_str(&format!("  mentions {:?} owned {:?}\n", lines(&t.mentions), lines(&t.owned)));
        }
    }
    for c in index.stale(today) {
        out.push_str(&format!("stale {c:?}\n"));
    }
    for t in index.all_tasks() {
        out.push_str(&format!("task {} {:?}\n", t.path, t.task));
    }
    for d in index.all_diagnostics(today) {
        out.push_str(&format!("diagnostic {} {:?}\n", d.path, d.diagnostic));
    }
    out
}

/// A task key names one task of one version of its note: whenever it is handed out again (by
/// `all_tasks` or `tasks_for_person`, after any updates), the task and its path are the same,
/// which is what lets the wasm layer hand out the object it built the first time.
pub fn check_task_keys(index: &Index, seen: &mut HashMap<(u64, u32), String>) -> Result<(), String> {
    let mut now = HashMap::new();
    let mut given: Vec<rapport::TaskAt> = index.all_tasks();
    for t in &given {
        if now.insert(t.key, ()).is_some() {
            return Err(format!("two tasks share the key {:?}", t.key));
        }
    }
    for (path, _) in index.people() {
        if let Some(t) = index.tasks_for_person(path) {
            given.extend(t.mentions.iter().chain(&t.owned).copied());
        }
    }
    for t in given {
        let view = format!("{} {:?}", t.path, t.task);
        let before = seen.entry(t.key).or_insert_with(|| view.clone());
        if *before != view {
            return Err(format!("the task key {:?} named {before} and now names {view}", t.key));
        }
    }
    Ok(())
}

/// Each person's kept count of open tasks is what `tasks_for_person` gathers.
pub fn check_counts(index: &Index) -> Result<(), String> {
    for (path, _) in index.people() {
        let tasks = index.tasks_for_person(path).ok_or_else(|| format!("{path} has no tasks view"))?;
        let counted = index.contact(path, today()).map_or(0, |c| c.open_tasks);
        if counted != tasks.mentions.len() + tasks.owned.len() {
            return Err(format!(
                "{path}: open_tasks {counted} but {} tasks concern them",
                tasks.mentions.len() + tasks.owned.len()
            ));
        }
    }
    Ok(())
}

/// With whole-name matching on, every open task whose text names a person as a whole name (by a
/// plain scan of every task, not through the index's word lists) is among the tasks the index
/// gives for them.
pub fn check_mentions_by_scan(index: &Index) -> Result<(), String> {
    if !index.settings().config.whole_name_matching {
        return Ok(());
    }
    let open: Vec<rapport::TaskAt> =
        index.all_tasks().into_iter().filter(|t| StatusKind::from_symbol(t.task.fields.status).is_open()).collect();
    for (path, derived) in index.people() {
        let Some(person) = &derived.person else { continue };
        let tasks = index.tasks_for_person(path).ok_or_else(|| format!("{path} has no tasks view"))?;
        for t in &open {
            let text = t.task.fields.description.to_lowercase();
            let named = person.mention_names.iter().any(|n| rapport::index::contains_whole(&text, n));
            if named && !tasks.mentions.iter().chain(&tasks.owned).any(|g| g.key == t.key) {
                return Err(format!(
                    "{path}: the open task {:?} of {} names them but is not among their tasks",
                    t.task.fields.description, t.path
                ));
            }
        }
    }
    Ok(())
}

/// One change to a vault.
#[derive(Clone, Debug)]
pub enum Op {
    Upsert(usize, String),
    Remove(usize),
    Rename(usize, usize),
    /// The settings change to `settings_variant(n)` (the plugin's settings tab).
    Settings(usize),
    /// The same change left to `rederive` (`begin_settings`): until `Rederive` steps have done
    /// every note, the updates and queries that follow meet an index of mixed derivations.
    SettingsStepped(usize),
    /// `rederive(n)`: up to n notes re-derived under the settings of the moment.
    Rederive(usize),
    /// The queries that follow ask about `today() + n` days.
    Day(u16),
    /// Every note is dropped (the plugin rebuilding after a trap).
    Clear,
}

/// How many settings variants `settings_variant` has.
pub const SETTINGS_VARIANTS: usize = 5;

/// Settings a user may switch between: people by type, by folder, by tag or by category;
/// exclusions; tag cadences; evidence and whole-name matching off; other thresholds; a task
/// global filter of the config's or the vault's; a templates folder left out.
pub fn settings_variant(n: usize) -> Settings {
    use rapport::config::{Config, CountedEvidence, TagCadence, Thresholds};
    let base = Config::default();
    let config = match n % SETTINGS_VARIANTS {
        0 => base,
        1 => Config { people_types: Vec::new(), people_folders: vec!["People".into()], ..base },
        2 => Config {
            whole_name_matching: false,
            evidence: CountedEvidence { recent_context: false, linked_notes: true },
            task_global_filter: Some("#work".into()),
            ..base
        },
        3 => Config {
            excluded_folders: vec!["Archive".into(), "Meetings/".into()],
            people_tags: vec!["team".into(), "type/people".into()],
            people_properties: vec!["type".into(), "categories".into()],
            tag_cadences: vec![
                TagCadence { tag: "#vip".into(), cadence: "weekly".into() },
                TagCadence { tag: "type/*".into(), cadence: "2w".into() },
            ],
            default_cadence: "monthly".into(),
            ..base
        },
        _ => Config {
            evidence: CountedEvidence { recent_context: true, linked_notes: false },
            thresholds: Thresholds { due: 0.5, overdue: 1.5, stale: 3.0 },
            ..base
        },
    };
    // The vault's own settings: a templates folder (left out unless the config says otherwise)
    // and a Tasks global filter (which variant 2's own filter overrides).
    let vault = rapport::VaultSettings {
        template_folders: vec!["Daily".into()],
        task_global_filter: "#task".into(),
        ..Default::default()
    };
    match Settings::new(config) {
        Ok(settings) if n % SETTINGS_VARIANTS == 4 => settings.with_vault(vault),
        Ok(settings) if n % SETTINGS_VARIANTS == 1 => {
            settings.with_vault(rapport::VaultSettings { template_folders: Vec::new(), ..vault })
        }
        Ok(settings) => settings,
        Err(problems) => panic!("settings variant {n} is invalid: {problems:?}"),
    }
}

/// Applies `ops` to an index and to a plain map of files; after every step the index must
/// answer as a fresh index built from the files with the settings of the moment, and at the end
/// its whole state must equal the fresh index's. The index compacts its maps eagerly here, so
/// that short sequences compact too.
pub fn check_index_ops(ops: &[Op]) -> Result<(), String> {
    let mut settings = Settings::default();
    let mut index = Index::new(settings.clone());
    index.set_compact_slack(2);
    let mut files: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seen_keys = HashMap::new();
    let mut day = today();
    // What the plugin keeps: each contact's JSON by serial.
    let mut shown: HashMap<u64, String> = HashMap::new();
    for op in ops {
        match op {
            Op::Upsert(p, text) => {
                let path = PATHS[p % PATHS.len()];
                index.upsert(path, text);
                files.insert(path, text);
            }
            Op::Remove(p) => {
                let path = PATHS[p % PATHS.len()];
                let excluded = settings.is_excluded(path);
                if index.remove(path) != (files.remove(path).is_some() && !excluded) {
                    return Err(format!("remove({path}) disagrees with the files after {ops:?}"));
                }
            }
            Op::Rename(from, to) => {
                let (from, to) = (PATHS[from % PATHS.len()], PATHS[to % PATHS.len()]);
                let moved = files.remove(from);
                let indexed = moved.is_some() && !settings.is_excluded(from);
                if index.rename(from, to) != indexed {
                    return Err(format!("rename({from}, {to}) disagrees with the files after {ops:?}"));
                }
                if let Some(text) = moved {
                    // As the plugin does: a note the core did not have under its old path (an
                    // excluded folder) is read under its new one.
                    if !indexed {
                        index.upsert(to, text);
                    }
                    files.insert(to, text);
                }
            }
            Op::Settings(n) | Op::SettingsStepped(n) => {
                settings = settings_variant(*n);
                if matches!(op, Op::Settings(_)) {
                    index.set_settings(settings.clone());
                } else {
                    index.begin_settings(settings.clone());
                }
                // Notes of a folder the old settings excluded come back as the plugin sends them.
                for (path, text) in &files {
                    if !settings.is_excluded(path) && index.note(path).is_none() {
                        index.upsert(path, text);
                    }
                }
            }
            Op::Rederive(n) => {
                let before = index.rederive_pending();
                let after = index.rederive(*n);
                if after > before || (*n > 0 && before > 0 && after == before) {
                    return Err(format!("rederive({n}) went from {before} to {after} pending after {ops:?}"));
                }
            }
            Op::Day(n) => day = today().add_days(i64::from(*n)),
            Op::Clear => {
                index.clear();
                files.clear();
            }
        }
        if index.rederive_pending() > 0 {
            // Not ready: the answers mix two derivations and are not checked, but they are asked
            // for, so that what the queries keep (contacts by serial) must not outlive the mix.
            query_while_rederiving(&index, day, &mut shown);
            continue;
        }
        check_step(&index, &settings, &files, day, &mut seen_keys, &mut shown)
            .map_err(|e| format!("{e} after {ops:?}"))?;
    }
    if index.rederive(usize::MAX) != 0 {
        return Err(format!("rederive(all) left notes pending after {ops:?}"));
    }
    check_step(&index, &settings, &files, day, &mut seen_keys, &mut shown).map_err(|e| format!("{e} after {ops:?}"))?;
    let fresh = fresh_index(&settings, Scope::Everything, &files);
    // An index that files no tasks gives the same diagnostics.
    let light = fresh_index(&settings, Scope::Diagnostics, &files);
    let all = |ix: &Index| {
        ix.all_diagnostics(today()).iter().map(|d| format!("{} {:?}", d.path, d.diagnostic)).collect::<Vec<_>>()
    };
    if all(&light) != all(&fresh) {
        return Err(format!(
            "diagnostics of an index without tasks differ after {ops:?}:\n{:#?}\n{:#?}",
            all(&light),
            all(&fresh)
        ));
    }
    let (got, want) = (index_state(&index), index_state(&fresh));
    if got != want {
        let diff = got.lines().zip(want.lines()).find(|(a, b)| a != b);
        return Err(format!(
            "index after {ops:?} differs from a fresh one: {diff:?}\n--- updated\n{got}\n--- fresh\n{want}"
        ));
    }
    Ok(())
}

/// The checks after each step of [`check_index_ops`] on a ready index: kept counts, mentions,
/// task keys, and the stale query (as a list and as the plugin shows it by serial) against a
/// fresh index. The stale query runs after every step so that contacts it keeps from one query
/// to the next must be dropped by exactly the updates that change them.
fn check_step(
    index: &Index,
    settings: &Settings,
    files: &BTreeMap<&str, &str>,
    day: Date,
    seen_keys: &mut HashMap<(u64, u32), String>,
    shown: &mut HashMap<u64, String>,
) -> Result<(), String> {
    check_counts(index)?;
    check_mentions_by_scan(index)?;
    check_task_keys(index, seen_keys)?;
    let now = fresh_index(settings, Scope::Everything, files);
    let (got, want) = (index.stale(day), now.stale(day));
    if got != want {
        return Err(format!("stale({day}) differs from a fresh index's:\n{got:#?}\n{want:#?}"));
    }
    let (got, want) = (linked_state(index, day), linked_state(&now, day));
    if got != want {
        return Err(format!("linked notes or projects differ from a fresh index's:\n{got}\n{want}"));
    }
    check_shown(index, &now, day, shown)
}

/// Every query, on an index between two `rederive` slices; what `stale_serials` sends is kept
/// as the plugin keeps it.
fn query_while_rederiving(index: &Index, day: Date, shown: &mut HashMap<u64, String>) {
    for (serial, contact) in index.stale_serials(day, |serial| shown.contains_key(&serial)) {
        if let Some(contact) = contact {
            shown.insert(serial, shown_json(&contact));
        }
    }
    for (path, _) in index.people() {
        let _ = (index.tasks_for_person(path), index.contact(path, day), index.diagnostics(path, day));
    }
    let _ = (index.all_tasks(), index.all_diagnostics(day));
}

/// A new index of `files` under `settings`, filing what `scope` needs.
fn fresh_index(settings: &Settings, scope: Scope, files: &BTreeMap<&str, &str>) -> Index {
    let mut index = Index::with_scope(settings.clone(), scope);
    for (path, text) in files {
        index.upsert(path, text);
    }
    index
}

/// A contact as the plugin receives it.
fn shown_json(contact: &StaleContact) -> String {
    serde_json::to_string(&StaleContactView::from(contact)).unwrap_or_default()
}

/// The stale query as the plugin makes it: it keeps each contact's JSON by serial and is sent
/// contacts only for serials it does not know. What it then shows must be what a fresh index says.
fn check_shown(index: &Index, fresh: &Index, day: Date, shown: &mut HashMap<u64, String>) -> Result<(), String> {
    let order = index.stale_serials(day, |serial| shown.contains_key(&serial));
    let mut got = Vec::with_capacity(order.len());
    for (serial, contact) in order {
        match contact {
            Some(contact) => {
                let json = shown_json(&contact);
                if shown.insert(serial, json.clone()).is_some() {
                    return Err(format!("stale_serials sent the contact of serial {serial} again"));
                }
                got.push(json);
            }
            None => got.push(
                shown
                    .get(&serial)
                    .cloned()
                    .ok_or_else(|| format!("stale_serials sent no contact for the unknown serial {serial}"))?,
            ),
        }
    }
    let want: Vec<String> = fresh.stale(day).iter().map(|c| shown_json(c)).collect();
    if got != want {
        return Err(format!("the contacts shown by serial on {day} differ from a fresh index's:\n{got:#?}\n{want:#?}"));
    }
    Ok(())
}

/// The line scanner answers as pulldown-cmark does whenever it answers: the same tasks (lines,
/// parents, sections), links, Recent Context dates and limits. `Ok(true)` when it answered,
/// `Ok(false)` when it left the note to pulldown-cmark.
pub fn check_linescan(text: &str) -> Result<bool, String> {
    let start = split(text).body_start;
    let Some(fast) = rapport::body::lines::read(text, start, TaskReading::Parsed) else { return Ok(false) };
    let slow = rapport::body::cmark::read_with_parser(text, start, TaskReading::Parsed);
    if fast != slow {
        return Err(format!("the line scanner reads {text:?} as\n{fast:#?}\nbut pulldown-cmark as\n{slow:#?}"));
    }
    check_recognised(text, start)?;
    Ok(true)
}

/// Both body readers, with task lines only recognised, find what they find when reading them,
/// each task reduced to its indent and status.
pub fn check_recognised(text: &str, start: usize) -> Result<(), String> {
    let reduce = |mut body: rapport::body::Body| {
        for t in &mut body.tasks {
            t.parsed = rapport::task::TaskLine {
                indent: t.parsed.indent,
                status: t.parsed.status,
                status_byte: t.parsed.status_byte,
                ..Default::default()
            };
        }
        body
    };
    let fast = (
        rapport::body::lines::read(text, start, TaskReading::Recognised),
        rapport::body::lines::read(text, start, TaskReading::Parsed).map(reduce),
    );
    let slow = (
        rapport::body::cmark::read_with_parser(text, start, TaskReading::Recognised),
        reduce(rapport::body::cmark::read_with_parser(text, start, TaskReading::Parsed)),
    );
    if fast.0 != fast.1 || slow.0 != slow.1 {
        return Err(format!(
            "recognising the tasks of {text:?} finds other lines than reading them:\n{fast:#?}\n{slow:#?}"
        ));
    }
    Ok(())
}

/// The frontmatter reader's own path for simple blocks answers as serde_yaml does whenever it
/// answers. `Ok(true)` when it answered, `Ok(false)` when it left the block to serde_yaml.
pub fn check_simple_yaml(text: &str) -> Result<bool, String> {
    let Some(block) = split(text).frontmatter else { return Ok(false) };
    let Some(simple) = rapport::frontmatter::simple_block_values(text, &block) else { return Ok(false) };
    match rapport::frontmatter::parse_yaml(&text[block.yaml.clone()]) {
        Ok(yaml) if yaml == simple => Ok(true),
        other => Err(format!("the simple YAML reader reads {text:?} as\n{simple:?}\nbut serde_yaml as\n{other:?}")),
    }
}

/// Migration off Dataview (issue 17): every edit of the plan of the people note `text` replaces
/// one whole Dataview block, from the start of its opening line to the end of its closing fence,
/// with a rapport block that keeps the fence, its indentation and the line endings; every byte
/// outside the blocks stays; the UTF-16 offsets agree with the bytes; and a second run replaces
/// nothing and skips what the first skipped. A text that is no person under the default
/// settings has nothing to check.
pub fn check_migration(text: &str) -> Result<(), String> {
    use rapport::migrate::{plan_note, MigrationPlan};
    let settings = Settings::default();
    let Some(first) = plan_note("People/Ada Brennan.md", text, &settings) else { return Ok(()) };
    let fail = |what: &str| Err(format!("migration: {what} in {text:?}"));
    let mut at = 0;
    let mut after = String::with_capacity(text.len());
    for b in &first.blocks {
        let range = b.edit.range.clone();
        let (Some(before), Some(old)) = (text.get(at..range.start), text.get(range.clone())) else {
            return fail("edits out of order, overlapping or off a character");
        };
        if !(range.start == 0 || text[..range.start].ends_with(['\n', '\u{feff}'])) {
            return fail("an edit that does not start a line");
        }
        let opening = old.lines().next().unwrap_or_default().trim_start_matches(' ');
        let fence: String = opening.chars().take_while(|&c| c == '`' || c == '~').collect();
        let closing = old.lines().last().unwrap_or_default().trim();
        let new = &b.edit.insert;
        if fence.len() < 3
            || !opening[fence.len()..].trim().to_ascii_lowercase().starts_with("dataview")
            || !(closing.starts_with(&fence[..3]) && closing.len() >= fence.len())
        {
            return fail(&format!("an edit of {old:?}, which is no Dataview block"));
        }
        if !new.lines().next().unwrap_or_default().trim_start().ends_with(&format!("{fence}rapport"))
            || new.lines().nth(1).map(str::trim) != Some(b.kind.as_str())
            || new.lines().last() != old.lines().last()
            || new.contains("\r\n") != old.contains("\r\n")
        {
            return fail(&format!("{old:?} replaced by {new:?}"));
        }
        if b.from_utf16 as usize != text[..range.start].encode_utf16().count()
            || b.to_utf16 as usize != text[..range.end].encode_utf16().count()
        {
            return fail("UTF-16 offsets that are not the bytes'");
        }
        after.push_str(before);
        after.push_str(new);
        at = range.end;
    }
    after.push_str(&text[at..]);
    let Some(second) = plan_note("People/Ada Brennan.md", &after, &settings) else {
        return fail("a person no longer a person after the migration");
    };
    if !second.blocks.is_empty() {
        return fail(&format!("a second run that migrates again: {:?}", second.blocks));
    }
    let reasons = |p: &MigrationPlan| p.skipped.iter().map(|s| s.reason.clone()).collect::<Vec<_>>();
    if reasons(&second) != reasons(&first) {
        return fail("a second run that skips other blocks");
    }
    Ok(())
}

/// What the person profile and meeting prep rest on, for every note: the notes linking it, its
/// projects (by the settings, and from folders as a `projects` block names them), the people it
/// links and their Recent Context.
pub fn linked_state(index: &Index, day: Date) -> String {
    let mut paths: Vec<&str> = index.paths().collect();
    paths.sort_unstable();
    let folders = ["Meetings".to_string(), "People/".to_string()];
    let mut out = String::new();
    for path in paths {
        out.push_str(&format!(
            "{path}: linked {:?} projects {:?} from {:?} links {:?}\n",
            index.linked_notes(path),
            index.projects(path, None),
            index.projects(path, Some(&folders)),
            index.people_linked_by(path)
        ));
        if let Some(p) = index.profile(path, day) {
            out.push_str(&format!("  context {:?} diagnostics {}\n", p.card.recent_context, p.diagnostics.len()));
        }
    }
    out
}

/// Copies the folder `from` into `to`, subfolders included (a fixture vault into a temporary
/// folder, for the tests that write).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a temporary folder");
    for entry in std::fs::read_dir(from).expect("the fixture") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}

/// Every file under `root`, by relative path with `/`, with its bytes, sorted.
pub fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).expect("a file")));
            }
        }
    }
    out.sort();
    out
}

/// A fresh copy of the folder `from` in a temporary folder of its own, named by `label` (and
/// the process, so that parallel runs do not share it), for a test that writes.
pub fn fresh_copy(from: &Path, label: &str) -> std::path::PathBuf {
    let to = std::env::temp_dir().join(format!("rapport-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(from, &to);
    to
}

/// Runs the `rapport` binary with `args` in `dir`: its exit code (-1 when a signal ended it),
/// stdout and stderr.
pub fn run_rapport<I, S>(dir: &Path, args: I) -> (i32, String, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the rapport binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}
