//! Property tests of `Index::review_queue` over generated vaults: the queue equals what an oracle
//! computes from the model the notes were written from (who is queued, what is missing, how many
//! notes mention each person, where they were first seen, the order; no one `notPeople` lists),
//! whatever the order the notes were indexed in and whether the setting came before or after.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rapport::{Date, Index, Settings};

/// Settings whose `notPeople` lists the people `not_people` marks.
fn settings(not_people: &[bool]) -> Settings {
    let not_people = (0..NAMES.len())
        .filter(|&i| not_people.get(i) == Some(&true))
        .map(|i| format!("People/{}.md", NAMES[i]))
        .collect();
    Settings::new(rapport::Config { not_people, ..rapport::Config::default() }).expect("valid settings")
}

fn config() -> Config {
    Config { cases: support::proptest_cases(128), failure_persistence: None, ..Config::default() }
}

/// Names with distinct first names, so that no two are duplicate candidates; one in lower case
/// to test the order by name without case.
const NAMES: [&str; 5] = ["Ada Brennan", "bo Tran", "Cy Dune", "Di Evans", "Ed Fox"];

/// The tags property: (text, whether it holds `needs-review`).
const TAGS: [(&str, bool); 6] = [
    ("", false),
    ("tags:\n- type/people\n- needs-review\n", true),
    ("tags: [a, \"#Needs-Review\"]\n", true),
    ("tags: needs-review\n", true),
    ("tag: a, NEEDS-REVIEW\n", true),
    ("tags: [a, needs-reviewed]\n", false),
];

/// `auto_created`: (text, whether it says true).
const AUTO: [(&str, bool); 4] =
    [("", false), ("auto_created: true\n", true), ("auto_created: false\n", false), ("auto_created: 'True'\n", true)];

/// A contact-table row's value: (text, whether it is unknown).
const CELLS: [(&str, bool); 4] = [("ada@example.org", false), ("_Unknown_", true), ("", true), ("Unknown", true)];
const FIELDS: [&str; 3] = ["Email", "Phone", "Role"];

/// A section's content: (text, whether it holds only its prompt).
const SECTIONS: [(&str, bool); 6] = [
    ("_How do you work with this person?_\n", true),
    ("\n*Career history...*\n\n", true),
    ("_What projects?_\n\n```dataview\nLIST\n```\n", false),
    ("- Flies gliders.\n", false),
    ("", false),
    ("_Prompt_\n### Under\n", false),
];
const HEADINGS: [&str; 3] = ["Relationship", "Background", "Projects"];

#[derive(Clone, Debug)]
struct PersonGen {
    auto: usize,
    tags: usize,
    last_contact: bool,
    /// Per field: absent (`None`) or a cell.
    cells: Vec<Option<usize>>,
    /// Per heading: absent or a content.
    sections: Vec<Option<usize>>,
}

#[derive(Clone, Debug)]
struct NoteGen {
    /// A day of 2026-01 when dated.
    day: Option<u8>,
    links: Vec<usize>,
    /// A person named in full in an open task.
    task: Option<usize>,
    /// A person linked from a done task (a link outside open tasks).
    done: Option<usize>,
}

fn person() -> impl Strategy<Value = PersonGen> {
    (
        0..AUTO.len(),
        0..TAGS.len(),
        any::<bool>(),
        prop::collection::vec(prop::option::of(0..CELLS.len()), FIELDS.len()),
        prop::collection::vec(prop::option::of(0..SECTIONS.len()), HEADINGS.len()),
    )
        .prop_map(|(auto, tags, last_contact, cells, sections)| PersonGen {
            auto,
            tags,
            last_contact,
            cells,
            sections,
        })
}

fn note() -> impl Strategy<Value = NoteGen> {
    (
        prop::option::of(1u8..29),
        prop::collection::vec(0..NAMES.len(), 0..3),
        prop::option::of(0..NAMES.len()),
        prop::option::of(0..NAMES.len()),
    )
        .prop_map(|(day, links, task, done)| NoteGen { day, links, task, done })
}

fn person_text(p: &PersonGen) -> String {
    let mut text = format!("---\ntype: people\n{}{}", AUTO[p.auto].0, TAGS[p.tags].0);
    if p.last_contact {
        text.push_str("last_contact: 2026-01-02\n");
    }
    text.push_str("---\n\n## Contact Information\n\n| Field | Value |\n|---|---|\n");
    for (field, cell) in FIELDS.iter().zip(&p.cells) {
        if let Some(c) = cell {
            text.push_str(&format!("| **{field}** | {} |\n", CELLS[*c].0));
        }
    }
    for (heading, section) in HEADINGS.iter().zip(&p.sections) {
        if let Some(s) = section {
            text.push_str(&format!("\n## {heading}\n\n{}", SECTIONS[*s].0));
        }
    }
    text
}

fn note_path(n: usize, g: &NoteGen) -> String {
    match g.day {
        Some(day) => format!("Meetings/2026-01-{day:02} - Note {n}.md"),
        None => format!("Notes/Note {n}.md"),
    }
}

fn note_text(g: &NoteGen) -> String {
    let mut text: String = g.links.iter().map(|&i| format!("With [[{}]].\n", NAMES[i])).collect();
    if let Some(i) = g.task {
        text.push_str(&format!("- [ ] call {} back\n", NAMES[i]));
    }
    if let Some(i) = g.done {
        text.push_str(&format!("- [x] thanked [[{}]]\n", NAMES[i]));
    }
    text
}

/// What the queue should say of one person: path, name, missing, mentions, first seen.
type Expected = (String, String, Vec<String>, usize, Option<(String, String)>);

fn oracle(people: &[PersonGen], notes: &[NoteGen], not_people: &[bool]) -> Vec<Expected> {
    let mut queue: Vec<Expected> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        if !(AUTO[p.auto].1 || TAGS[p.tags].1) || not_people.get(i) == Some(&true) {
            continue;
        }
        let mut missing = Vec::new();
        if !p.last_contact {
            missing.push("last_contact".to_string());
        }
        for (field, cell) in FIELDS.iter().zip(&p.cells) {
            if cell.is_some_and(|c| CELLS[c].1) {
                missing.push(field.to_string());
            }
        }
        for (heading, section) in HEADINGS.iter().zip(&p.sections) {
            if section.is_some_and(|s| SECTIONS[s].1) {
                missing.push(heading.to_string());
            }
        }
        let mentioning: Vec<(String, Option<u8>)> = notes
            .iter()
            .enumerate()
            .filter(|(_, g)| g.links.contains(&i) || g.task == Some(i) || g.done == Some(i))
            .map(|(n, g)| (note_path(n, g), g.day))
            .collect();
        let first = mentioning
            .iter()
            .filter_map(|(path, day)| Some((format!("2026-01-{:02}", (*day)?), path.clone())))
            .min()
            .map(|(date, path)| (path, date));
        queue.push((format!("People/{}.md", NAMES[i]), NAMES[i].to_string(), missing, mentioning.len(), first));
    }
    queue.sort_by_key(|(path, name, _, mentions, _)| (std::cmp::Reverse(*mentions), name.to_lowercase(), path.clone()));
    queue
}

fn answer(index: &Index) -> Vec<Expected> {
    let today = Date::parse_iso("2026-02-01").expect("a date");
    index
        .review_queue(today)
        .into_iter()
        .map(|p| {
            (
                p.path.to_string(),
                p.name.to_string(),
                p.missing,
                p.mentions,
                p.first_seen.map(|f| (f.path.to_string(), f.date.to_string())),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_queue_is_what_the_oracle_says_in_any_order(
        people in prop::collection::vec(person(), 1..=NAMES.len()),
        notes in prop::collection::vec(note(), 0..8),
        seed in any::<u64>(),
        not_people in prop::collection::vec(prop::bool::weighted(0.2), NAMES.len()),
    ) {
        let mut all: Vec<(String, String)> =
            people.iter().enumerate().map(|(i, p)| (format!("People/{}.md", NAMES[i]), person_text(p))).collect();
        all.extend(notes.iter().enumerate().map(|(n, g)| (note_path(n, g), note_text(g))));
        let want = oracle(&people, &notes, &not_people);
        let mut index = Index::new(settings(&not_people));
        for (path, text) in &all {
            index.upsert(path, text);
        }
        prop_assert_eq!(answer(&index), want.clone());
        // Another order of indexing answers the same.
        let mut order: Vec<usize> = (0..all.len()).collect();
        let mut state = seed | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        // Another order, and the notPeople setting applied after the notes rather than before.
        let mut shuffled = Index::new(Settings::default());
        for &i in &order {
            shuffled.upsert(&all[i].0, &all[i].1);
        }
        shuffled.set_settings(settings(&not_people));
        prop_assert_eq!(answer(&shuffled), want);
    }
}
