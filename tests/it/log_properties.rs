//! Property tests of meeting write-back (`rapport log`) over generated vaults: the edits touch
//! only their targets (only the people the note links, and in each note only the line's place and
//! the last contact's value), a second run yields no edits, and the written notes read back as
//! the edits promised (the last contact at least the note's date, one line linking the note).

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rapport::writeback::{person_edits, Entry};
use rapport::{Date, Index, Note, Settings};

fn config() -> Config {
    Config { cases: support::proptest_cases(128), failure_persistence: None, ..Config::default() }
}

const MEETING: &str = "Meetings/2026-11-24 - Panel.md";
const PEOPLE: [&str; 5] = ["Ada Brennan", "Bo Kim", "Cy Dune", "Di Eve", "Ed Fox"];

fn last_contact() -> impl Strategy<Value = Option<String>> {
    prop::sample::select(vec![
        None,
        Some("'2025-10-31'"),
        Some("\"2026-11-30\""),
        Some("2026-11-24"),
        Some("2026-01-05 # met"),
        Some("11/25/2026"),
        Some(""),
        Some("soon"),
        Some("\n  - 2026-01-05"),
        Some(">\n  2026-01-01"),
        Some("'open"),
    ])
    .prop_map(|v| v.map(str::to_string))
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Name".to_string()),
        Just("## Topics Discussed\n\nStorage, pricing".to_string()),
        Just("## Key Facts\n\n- tall\n  - nested".to_string()),
        Just("## Recent Context\n\n- 2026-11-30: [[Later]] - plan\n- 2025-01-01: [[Older]]".to_string()),
        Just("### recent context\n* 2026-11-24: [[Same day]]".to_string()),
        Just("## Recent Context".to_string()),
        Just("```\n## Recent Context\n- 2026-11-20: [[In code]]\n```".to_string()),
        Just("%%\n## Recent Context\n%%".to_string()),
        Just("%%\na comment left open".to_string()),
        Just("- 2026-11-24: [[2026-11-24 - Panel|the panel]] - logged by hand".to_string()),
        Just("> quoted\n> - 2026-11-01: x".to_string()),
        // Text that opens no block of its own, so that `first_section_links` reads it as
        // pulldown-cmark does.
        "[a-zA-Z][a-zA-Z ,.:]{0,23}",
        "[a-zé🌅][a-zé🌅 ]{0,11}",
    ]
}

/// A person note: an optional frontmatter with an optional last contact, then pieces, in LF or
/// CRLF, with or without a final line ending.
fn person_note() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        last_contact(),
        prop::collection::vec(piece(), 0..6),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(front, lc, pieces, crlf, blank, final_nl, bom)| {
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            if front {
                text.push_str("---\ntype: people\n");
                if let Some(v) = lc {
                    text.push_str(&format!("last_contact: {v}\n"));
                }
                text.push_str("---\n");
            }
            text.push_str(&pieces.join(if blank { "\n\n" } else { "\n" }));
            if final_nl {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        })
}

/// The meeting: links to some people in prose, to others only in open tasks.
fn meeting() -> impl Strategy<Value = (String, Vec<bool>, Vec<bool>)> {
    (prop::collection::vec(any::<bool>(), 5), prop::collection::vec(any::<bool>(), 5)).prop_map(|(prose, tasks)| {
        let mut text = String::from("# Panel\n\n");
        for (i, name) in PEOPLE.iter().enumerate() {
            if prose[i] {
                text.push_str(&format!("Met [[{name}]].\n"));
            }
            if tasks[i] {
                text.push_str(&format!("- [ ] ask [[{name}]]\n"));
            }
        }
        (text, prose, tasks)
    })
}

fn settings() -> Settings {
    Settings::new(rapport::Config { people_folders: vec!["People".into()], ..rapport::Config::default() })
        .unwrap_or_default()
}

/// Whether the edited text keeps every byte outside `edits`, which are in order and apart.
fn outside_kept(before: &str, after: &str, edits: &[rapport::TextEdit]) -> Result<(), String> {
    let mut at = 0;
    let mut rebuilt = String::new();
    for e in edits {
        if e.range.start < at || e.range.end < e.range.start || before.get(e.range.clone()).is_none() {
            return Err(format!("edits out of order or off the text: {edits:?}"));
        }
        rebuilt.push_str(&before[at..e.range.start]);
        rebuilt.push_str(&e.insert);
        at = e.range.end;
        // A replacement only ever replaces the old date value (or an empty one).
        let old = &before[e.range.clone()];
        let date_like = Date::parse_iso(old.trim_matches(['\'', '"'])).is_some()
            || matches!(rapport::date::parse(old), rapport::date::DateParse::Loose { .. });
        if !old.trim().is_empty() && !date_like {
            return Err(format!("an edit replaced {old:?}"));
        }
    }
    rebuilt.push_str(&before[at..]);
    (rebuilt == after).then_some(()).ok_or_else(|| "the text is not the edits applied".to_string())
}

fn check_vault(people: &[String], (meeting, prose, _): &(String, Vec<bool>, Vec<bool>)) -> Result<(), String> {
    let settings = settings();
    let today = support::today();
    let date = Date::parse_iso("2026-11-24").ok_or("date")?;
    let mut index = Index::new(settings.clone());
    index.upsert(MEETING, meeting);
    let paths: Vec<String> = PEOPLE.iter().map(|n| format!("People/{n}.md")).collect();
    for (path, text) in paths.iter().zip(people) {
        index.upsert(path, text);
    }
    let targets = index.log_targets(MEETING).map_err(|e| e.to_string())?;
    let got: Vec<&str> = targets.people.iter().map(|(p, _)| *p).collect();
    let want: Vec<&str> = paths.iter().zip(prose).filter(|(_, linked)| **linked).map(|(p, _)| p.as_str()).collect();
    if got != want {
        return Err(format!("targets {got:?}, linked outside tasks {want:?}"));
    }
    let entry = Entry { path: Some(MEETING), date, summary: "Panel" };
    for (path, text) in paths.iter().zip(people).filter(|(p, _)| got.contains(&p.as_str())) {
        let log = person_edits(text, &entry, "last_contact", today);
        let edits: Vec<rapport::TextEdit> = log.edits.iter().map(|e| e.edit.clone()).collect();
        let mut after = text.clone();
        for e in edits.iter().rev() {
            after = e.apply(&after).ok_or("an edit off the text")?;
        }
        outside_kept(text, &after, &edits).map_err(|e| format!("{path}: {e}\n{text:?}"))?;
        let again = person_edits(&after, &entry, "last_contact", today);
        if !again.edits.is_empty() {
            return Err(format!("{path}: a second run edits {:?}\nbefore {text:?}\nafter {after:?}", again.edits));
        }
        // Read back: the last contact at least the date, and the date when it was older (unless
        // skipped, with a reason); the note links the meeting from exactly one line.
        let read = |t: &str| Note::parse(t).derive(path, &settings).person.and_then(|p| p.last_contact);
        let (old, new) = (read(text), read(&after));
        let date_skipped = log.skipped.is_some();
        if !date_skipped && new.is_none_or(|d| d < date) {
            return Err(format!("{path}: last contact {new:?} after the log\n{after:?}"));
        }
        if old.is_some_and(|d| d >= date) && new != old {
            return Err(format!("{path}: last contact moved from {old:?} to {new:?}"));
        }
        // One line, or the ones the person wrote before.
        if first_section_links(&after) != first_section_links(text).max(1) {
            return Err(format!("{path}: not one line of Recent Context links the meeting\n{after:?}"));
        }
    }
    Ok(())
}

/// How many lines of the first Recent Context section (with its subsections) link the meeting,
/// read line by line: the generated notes hold no construct where that differs from markdown
/// (fences and comments open and close on lines of their own).
fn first_section_links(text: &str) -> usize {
    let (mut fenced, mut comment) = (false, false);
    let mut section: Option<usize> = None;
    let mut count = 0;
    for line in text.trim_start_matches('\u{feff}').lines() {
        let t = line.trim_end_matches('\r');
        if t.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if t == "%%" {
            comment = !comment;
            continue;
        }
        if fenced || comment {
            continue;
        }
        let level = t.len() - t.trim_start_matches('#').len();
        if level > 0 && t[level..].starts_with(' ') {
            match section {
                Some(l) if level <= l => return count,
                None if t[level..].trim().eq_ignore_ascii_case("recent context") => section = Some(level),
                _ => {}
            }
        } else if section.is_some() && t.contains("[[2026-11-24 - Panel") {
            count += 1;
        }
    }
    count
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn log_touches_its_targets_only_and_twice_is_once(
        people in prop::collection::vec(person_note(), 5),
        meeting in meeting(),
    ) {
        if let Err(e) = check_vault(&people, &meeting) {
            prop_assert!(false, "{}", e);
        }
    }
}
