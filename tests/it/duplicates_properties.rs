//! Property tests of `Index::duplicates` over generated vaults: the answer does not depend on the
//! order the notes were indexed in, and a person renamed to a variant of another's name (case,
//! accents, spacing, punctuation) always lands in one group with them.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rapport::{DuplicateGroup, Index, Settings};

fn config() -> Config {
    Config { cases: support::proptest_cases(128), failure_persistence: None, ..Config::default() }
}

/// Names that make every rule fire among themselves now and then: shared first names, initials,
/// middle names, accents, single first names.
const NAMES: [&str; 14] = [
    "Zoë O'Hara",
    "Zoe Ohara",
    "Zoë",
    "Ana Maria Silva",
    "Ana Silva",
    "Ana S.",
    "Anna",
    "Ann",
    "Kushal Desai",
    "Kushal D.",
    "Kushal",
    "Kushal Mehta",
    "Łukasz Żak",
    "Inès Duvallier",
];

const EMAILS: [&str; 4] = ["_Unknown_", "", "a@example.org", "A@Example.org"];

/// One generated note: a person (folder, name, alias, email) or a note linking some people.
#[derive(Clone, Debug)]
enum Gen {
    Person { folder: usize, name: usize, alias: Option<usize>, email: usize },
    Linking { people: Vec<usize> },
}

fn gen() -> impl Strategy<Value = Gen> {
    prop_oneof![
        3 => (0..2usize, 0..NAMES.len(), prop::option::of(0..NAMES.len()), 0..EMAILS.len())
            .prop_map(|(folder, name, alias, email)| Gen::Person { folder, name, alias, email }),
        1 => prop::collection::vec(0..NAMES.len(), 1..4).prop_map(|people| Gen::Linking { people }),
    ]
}

/// The generated notes as (path, text), paths unique (a note whose path is taken is left out).
fn notes(gens: &[Gen]) -> Vec<(String, String)> {
    let mut notes: Vec<(String, String)> = Vec::new();
    for (n, g) in gens.iter().enumerate() {
        let (path, text) = match g {
            Gen::Person { folder, name, alias, email } => {
                let alias = alias.map_or(String::new(), |a| format!("aliases: [\"{}\"]\n", NAMES[a]));
                (
                    format!("{}/{}.md", ["People", "Team"][*folder], NAMES[*name]),
                    format!(
                        "---\ntype: people\n{alias}---\n## Contact Information\n\n| Field | Value |\n|---|---|\n| **Email** | {} |\n",
                        EMAILS[*email]
                    ),
                )
            }
            Gen::Linking { people } => {
                let links: Vec<String> = people.iter().map(|p| format!("[[{}]]", NAMES[*p])).collect();
                (format!("Meetings/m{n}.md"), format!("With {}.\n", links.join(" and ")))
            }
        };
        if !notes.iter().any(|(p, _)| *p == path) {
            notes.push((path, text));
        }
    }
    notes
}

fn index(notes: &[(String, String)]) -> Index {
    let mut index = Index::new(Settings::default());
    for (path, text) in notes {
        index.upsert(path, text);
    }
    index
}

fn show(groups: &[DuplicateGroup]) -> Vec<(Vec<String>, Vec<String>)> {
    groups.iter().map(|g| (g.people.iter().map(|p| p.path.to_string()).collect(), g.reasons.clone())).collect()
}

/// Case, accents, spacing and punctuation changed in `name`, by `how`'s bits.
fn variant(name: &str, how: u8) -> String {
    let mut v: String = name.to_string();
    if how & 1 != 0 {
        v = v.to_uppercase();
    }
    if how & 2 != 0 {
        v = v.replace(['ë', 'è'], "e").replace(['Ë', 'È'], "E");
        v = v.replace('Ł', "L").replace('Ż', "Z").replace('ł', "l").replace('ż', "z");
    }
    if how & 4 != 0 {
        v = v.replace(' ', "  ").replace('\'', "");
    }
    if how & 8 != 0 {
        v = v.replace(' ', "-");
    }
    if how & 16 != 0 {
        v = format!("{v}.");
    }
    v
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_answer_does_not_depend_on_the_order_of_indexing(
        gens in prop::collection::vec(gen(), 1..14),
        shuffle in prop::collection::vec(any::<u32>(), 14),
    ) {
        let notes = notes(&gens);
        let mut shuffled = notes.clone();
        // A permutation from the random keys: sort by (key, place).
        let mut order: Vec<usize> = (0..shuffled.len()).collect();
        order.sort_by_key(|&i| (shuffle.get(i).copied().unwrap_or(0), i));
        shuffled = order.into_iter().map(|i| shuffled[i].clone()).collect();
        let (a, b) = (index(&notes), index(&shuffled));
        prop_assert_eq!(show(&a.duplicates()), show(&b.duplicates()));
        // Taking a note out and putting it back answers the same too.
        let mut c = index(&notes);
        if let Some((path, text)) = notes.first() {
            c.remove(path);
            c.upsert(path, text);
        }
        prop_assert_eq!(show(&a.duplicates()), show(&c.duplicates()));
    }

    #[test]
    fn a_variant_of_a_name_lands_in_one_group_with_it(
        gens in prop::collection::vec(gen(), 0..10),
        name in 0..NAMES.len(),
        how in 1u8..32,
    ) {
        let mut notes = notes(&gens);
        let original = format!("Team/{}.md", NAMES[name]);
        let renamed = format!("Renamed/{}.md", variant(NAMES[name], how));
        notes.retain(|(p, _)| *p != original && *p != renamed);
        notes.push((original.clone(), "---\ntype: people\n---\n".to_string()));
        notes.push((renamed.clone(), "---\ntype: people\n---\n".to_string()));
        let index = index(&notes);
        let groups = index.duplicates();
        let together = groups.iter().any(|g| {
            g.people.iter().any(|p| p.path == original) && g.people.iter().any(|p| p.path == renamed)
        });
        prop_assert!(together, "{} and {} in {:?}", original, renamed, show(&groups));
    }
}
