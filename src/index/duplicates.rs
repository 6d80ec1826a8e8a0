//! People who may be one person under two notes (issue 18, section 2): same name apart from
//! case, accents, spacing and punctuation; a name or alias that is the other's name or alias; the
//! same email in the contact tables; a first name with a last initial; a middle name left out or
//! added; a single first name that only one other person has, linked from the same notes.
//!
//! Every rule looks people up in buckets keyed by what it compares, so the cost grows with the
//! people and the size of their buckets, never with every pair of people.

use super::hasher::HashMap;
use super::Index;

/// One person of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicatePerson<'a> {
    pub path: &'a str,
    pub name: &'a str,
}

/// Two people that may be one person (`a` before `b` in path order) and every reason found
/// between these two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicatePair<'a> {
    pub a: DuplicatePerson<'a>,
    pub b: DuplicatePerson<'a>,
    pub reasons: Vec<String>,
}

/// People that may be one person, by path, and why (a sentence per reason, in plain words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateGroup<'a> {
    pub people: Vec<DuplicatePerson<'a>>,
    pub reasons: Vec<String>,
}

/// The lower-case letters with diacritics of the Latin alphabets of European languages, and
/// the ligatures and letters that are written as two, each with the plain letters it is
/// compared as. A table of our own rather than `unicode-normalization` (not a dependency; its
/// tables would add to the wasm for a few dozen letters) or `deunicode` (transliterates every
/// script, also large). Letters it does not list are kept as they are, so names in other scripts
/// still compare equal to themselves; combining marks (a name typed decomposed) are dropped as
/// punctuation is, which folds `e` + U+0301 like `é`.
const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"),
    ("æ", "ae"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņň", "n"),
    ("òóôõöøōŏő", "o"),
    ("œ", "oe"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ß", "ss"),
    ("ţťŧț", "t"),
    ("þ", "th"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
];

/// `text` lower-cased, its accents folded ([`FOLDS`]), and everything but letters and digits
/// left out: `Zoë O'Hara` and `zoe ohara` both give `zoeohara`.
pub fn name_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                key.push(c);
            }
        } else if let Some((_, plain)) = FOLDS.iter().find(|(from, _)| from.contains(c)) {
            key.push_str(plain);
        } else if c.is_alphanumeric() {
            key.push(c);
        }
    }
    key
}

/// The words of a name as [`name_key`]s, words that are only punctuation left out.
fn words(name: &str) -> Vec<String> {
    name.split_whitespace().map(name_key).filter(|w| !w.is_empty()).collect()
}

/// What the rules compare of one person.
struct Candidate<'a> {
    path: &'a str,
    name: &'a str,
    aliases: &'a [String],
    key: String,
    words: Vec<String>,
    email: Option<String>,
}

impl Candidate<'_> {
    /// Two words or more, the last longer than an initial: a full name.
    fn full(&self) -> bool {
        self.words.len() >= 2 && self.words.last().is_some_and(|w| w.chars().nth(1).is_some())
    }

    /// A first name and a last initial (`Kushal D.`): the first word and the initial.
    fn initial(&self) -> Option<(&str, char)> {
        match self.words.as_slice() {
            [first, last] if last.chars().count() == 1 => Some((first, last.chars().next()?)),
            _ => None,
        }
    }
}

/// Union-find over people by their place in the path order.
fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Paths of a few notes, for a reason: at most three, then how many more.
fn some_paths(paths: &[&str]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| p.to_string()).collect();
    let list = match shown.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    match paths.len() {
        n if n > 3 => format!("{list} and {} more", n - 3),
        _ => list,
    }
}

impl Index {
    /// Groups of people that may be one person, each with every reason found between two of its
    /// people (grouped transitively); people by path, groups by their first path. Sharing only a
    /// first name is no reason.
    pub fn duplicates(&self) -> Vec<DuplicateGroup<'_>> {
        let (people, mut found) = self.duplicate_found();
        let mut parent: Vec<usize> = (0..people.len()).collect();
        for &(a, b, ..) in &found {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            // The smaller place is the root, so a group's root is its first path.
            parent[ra.max(rb)] = ra.min(rb);
        }
        found.sort();
        // Only pairs join people, so a person of a group is in a pair.
        let mut paired = vec![false; people.len()];
        for &(a, b, ..) in &found {
            paired[a] = true;
            paired[b] = true;
        }
        let mut groups: Vec<DuplicateGroup> = Vec::new();
        let mut group_of: HashMap<usize, usize> = HashMap::default();
        for (i, p) in people.iter().enumerate().filter(|(i, _)| paired[*i]) {
            let root = find(&mut parent, i);
            let g = *group_of.entry(root).or_insert_with(|| {
                groups.push(DuplicateGroup { people: Vec::new(), reasons: Vec::new() });
                groups.len() - 1
            });
            groups[g].people.push(DuplicatePerson { path: p.path, name: p.name });
        }
        for (a, _, _, reason) in found {
            let root = find(&mut parent, a);
            if let Some(group) = group_of.get(&root).and_then(|&g| groups.get_mut(g)) {
                if !group.reasons.contains(&reason) {
                    group.reasons.push(reason);
                }
            }
        }
        groups
    }

    /// Every pair of people that may be one person, each reason of the pair in rule order
    /// (the reasons `duplicates` lists for the pair's group, said of these two), pairs by the
    /// first path, then the second. What the review queue shows beside each person.
    pub fn duplicate_pairs(&self) -> Vec<DuplicatePair<'_>> {
        let (people, mut found) = self.duplicate_found();
        found.sort();
        let mut pairs: Vec<DuplicatePair> = Vec::new();
        for (a, b, _, reason) in found {
            let (Some(pa), Some(pb)) = (people.get(a), people.get(b)) else { continue };
            match pairs.last_mut() {
                Some(last) if last.a.path == pa.path && last.b.path == pb.path => {
                    if !last.reasons.contains(&reason) {
                        last.reasons.push(reason);
                    }
                }
                _ => pairs.push(DuplicatePair {
                    a: DuplicatePerson { path: pa.path, name: pa.name },
                    b: DuplicatePerson { path: pb.path, name: pb.name },
                    reasons: vec![reason],
                }),
            }
        }
        pairs
    }

    /// The people the rules compare, in path order, and each pair found (places in that order,
    /// the smaller first) with its rule's rank and its sentence.
    #[allow(clippy::type_complexity)]
    fn duplicate_found(&self) -> (Vec<Candidate<'_>>, Vec<(usize, usize, u8, String)>) {
        let mut people: Vec<Candidate> = self
            .slots
            .iter()
            .flatten()
            .filter_map(|s| {
                let person = s.derived.person.as_ref()?;
                Some(Candidate {
                    path: &s.path,
                    name: &s.derived.name,
                    aliases: &person.aliases,
                    key: name_key(&s.derived.name),
                    words: words(&s.derived.name),
                    email: s.note.table_email.as_deref().map(str::to_lowercase),
                })
            })
            .collect();
        people.sort_by(|a, b| a.path.cmp(b.path));

        // Each found pair (first, second in path order) with the rule's rank and its sentence.
        let mut found: Vec<(usize, usize, u8, String)> = Vec::new();
        let mut pair = |a: usize, b: usize, rule: u8, reason: String| {
            if a != b {
                found.push((a.min(b), a.max(b), rule, reason));
            }
        };

        // Names and aliases by key: equal names (rule 0), and a name or alias that is the
        // other's (rule 1).
        let mut by_key: HashMap<&str, Vec<(usize, Option<&str>)>> = HashMap::default();
        let alias_keys: Vec<Vec<(String, &str)>> =
            people.iter().map(|p| p.aliases.iter().map(|a| (name_key(a), a.as_str())).collect()).collect();
        for (i, p) in people.iter().enumerate() {
            if !p.key.is_empty() {
                by_key.entry(&p.key).or_default().push((i, None));
            }
            for (key, alias) in &alias_keys[i] {
                if !key.is_empty() && *key != p.key {
                    by_key.entry(key).or_default().push((i, Some(alias)));
                }
            }
        }
        for bucket in by_key.values().filter(|b| b.len() > 1) {
            for (n, &(i, alias_i)) in bucket.iter().enumerate() {
                for &(j, alias_j) in &bucket[n + 1..] {
                    let (a, b) = (&people[i], &people[j]);
                    let reason = match (alias_i, alias_j) {
                        (None, None) => format!(
                            "{} and {} are the same name apart from case, accents, spacing or punctuation",
                            a.name, b.name
                        ),
                        (Some(x), None) => alias_of(b.name, a.name, x),
                        (None, Some(y)) => alias_of(a.name, b.name, y),
                        (Some(x), Some(y)) if x == y => format!("{} and {} share the alias {x}", a.name, b.name),
                        (Some(x), Some(y)) => format!("{} and {} share the alias {x} ({y})", a.name, b.name),
                    };
                    let rule = if alias_i.is_none() && alias_j.is_none() { 0 } else { 1 };
                    pair(i, j, rule, reason);
                }
            }
        }

        // The same email in both contact tables (rule 2).
        let mut by_email: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, p) in people.iter().enumerate() {
            if let Some(email) = &p.email {
                by_email.entry(email).or_default().push(i);
            }
        }
        for (email, bucket) in by_email.iter().filter(|(_, b)| b.len() > 1) {
            for (n, &i) in bucket.iter().enumerate() {
                for &j in &bucket[n + 1..] {
                    pair(i, j, 2, format!("{} and {} give the same email, {email}", people[i].name, people[j].name));
                }
            }
        }

        // Full names by first word and last initial (rule 3) and by first and last word (rule 4);
        // full names by first word, for single first names (rule 5).
        let mut by_initial: HashMap<(&str, char), Vec<usize>> = HashMap::default();
        let mut by_ends: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
        let mut by_first: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, p) in people.iter().enumerate() {
            if let (true, [first, .., last]) = (p.full(), p.words.as_slice()) {
                if let Some(c) = last.chars().next() {
                    by_initial.entry((first, c)).or_default().push(i);
                }
                by_ends.entry((first, last)).or_default().push(i);
                by_first.entry(first).or_default().push(i);
            }
        }
        for (i, p) in people.iter().enumerate() {
            if let Some(key) = p.initial() {
                for &j in by_initial.get(&key).into_iter().flatten() {
                    pair(i, j, 3, format!("{} is {}'s first name and last initial", p.name, people[j].name));
                }
            }
        }
        for bucket in by_ends.values().filter(|b| b.len() > 1) {
            for (n, &i) in bucket.iter().enumerate() {
                for &j in &bucket[n + 1..] {
                    let (short, long) = match people[i].words.len().cmp(&people[j].words.len()) {
                        std::cmp::Ordering::Less => (&people[i], &people[j]),
                        std::cmp::Ordering::Greater => (&people[j], &people[i]),
                        std::cmp::Ordering::Equal => continue,
                    };
                    if let Some(middle) = left_out(&short.words, &long.words, long.name) {
                        pair(i, j, 4, format!("{} is {} without the middle name {middle}", short.name, long.name));
                    }
                }
            }
        }
        for (i, p) in people.iter().enumerate() {
            let [first] = p.words.as_slice() else { continue };
            let Some(&[j]) = by_first.get(first.as_str()).map(Vec::as_slice) else { continue };
            let shared = self.shared_linking_notes(p.path, people[j].path);
            if !shared.is_empty() {
                pair(
                    i,
                    j,
                    5,
                    format!(
                        "{} is a first name only {} has in the vault, and both are linked from {}",
                        p.name,
                        people[j].name,
                        some_paths(&shared)
                    ),
                );
            }
        }

        (people, found)
    }

    /// The notes linking both people (paths sorted), from the linked-notes map.
    fn shared_linking_notes(&self, a: &str, b: &str) -> Vec<&str> {
        let paths = |p: &str| -> Vec<&str> {
            let mut v: Vec<&str> = self.linked_notes(p).unwrap_or_default().into_iter().map(|l| l.path).collect();
            v.sort_unstable();
            v
        };
        let (a_paths, b_paths) = (paths(a), paths(b));
        a_paths.into_iter().filter(|p| b_paths.binary_search(p).is_ok() && *p != a && *p != b).collect()
    }
}

/// The reason a person's name is another's alias, the alias as written when it differs.
fn alias_of(name: &str, of: &str, alias: &str) -> String {
    if name == alias {
        format!("{name} is an alias of {of}")
    } else {
        format!("{name} is an alias of {of} (written {alias})")
    }
}

/// When `long` is `short` with words added between its first and last (both words lists as
/// [`words`] gives them, same first and last), the added words as written in `long_name`.
fn left_out(short: &[String], long: &[String], long_name: &str) -> Option<String> {
    let mut rest = short.iter().peekable();
    let mut added = Vec::new();
    let written: Vec<&str> = long_name.split_whitespace().filter(|w| !name_key(w).is_empty()).collect();
    for (n, w) in long.iter().enumerate() {
        if rest.peek() == Some(&w) {
            rest.next();
        } else {
            added.push(written.get(n).copied().unwrap_or(w.as_str()));
        }
    }
    (rest.next().is_none() && !added.is_empty()).then(|| added.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    /// The groups of a vault of `(path, text)` notes, one line per group: its paths, then its
    /// reasons.
    fn groups(notes: &[(&str, &str)]) -> Vec<String> {
        let mut index = Index::new(Settings::default());
        for (path, text) in notes {
            index.upsert(path, text);
        }
        index
            .duplicates()
            .iter()
            .map(|g| {
                let paths: Vec<&str> = g.people.iter().map(|p| p.path).collect();
                format!("{} | {}", paths.join(", "), g.reasons.join("; "))
            })
            .collect()
    }

    const PERSON: &str = "---\ntype: people\n---\n";

    fn person(path: &'static str) -> (&'static str, &'static str) {
        (path, PERSON)
    }

    #[test]
    fn keys_fold_case_accents_spacing_and_punctuation() {
        assert_eq!(name_key("Zoë O'Hara"), "zoeohara");
        assert_eq!(name_key("zoe ohara"), "zoeohara");
        assert_eq!(name_key("ŁUKASZ Żółć-Straße"), "lukaszzolcstrasse");
        assert_eq!(name_key("Ærøskøbing Œuvre Þór"), "aeroskobingoeuvrethor");
        assert_eq!(name_key("Ine\u{301}s"), "ines");
        assert_eq!(name_key("ياسمين"), "ياسمين");
        assert_eq!(name_key("Ștefan Țurcanu Çelik Ğül"), "stefanturcanucelikgul");
    }

    #[test]
    fn equal_names() {
        let g = groups(&[person("People/Zoë O'Hara.md"), person("Other/zoe ohara.md")]);
        assert_eq!(
            g,
            ["Other/zoe ohara.md, People/Zoë O'Hara.md | zoe ohara and Zoë O'Hara are the same name apart from case, accents, spacing or punctuation"]
        );
    }

    #[test]
    fn name_is_an_alias() {
        let g = groups(&[
            ("People/Theo Marchetti.md", "---\ntype: people\naliases: [Teddy Marchetti]\n---\n"),
            person("People/Teddy Marchetti.md"),
        ]);
        assert_eq!(
            g,
            ["People/Teddy Marchetti.md, People/Theo Marchetti.md | Teddy Marchetti is an alias of Theo Marchetti"]
        );
    }

    #[test]
    fn shared_alias() {
        let g = groups(&[
            ("People/Ana One.md", "---\ntype: people\naliases: [Nana]\n---\n"),
            ("People/Ana Two.md", "---\ntype: people\naliases: [nana]\n---\n"),
        ]);
        assert_eq!(g, ["People/Ana One.md, People/Ana Two.md | Ana One and Ana Two share the alias Nana (nana)"]);
    }

    #[test]
    fn same_email() {
        let table = |email: &str| {
            format!("---\ntype: people\n---\n## Contact Information\n\n| Field | Value |\n|---|---|\n| **Email** | {email} |\n")
        };
        let (a, b, c, d) = (table("Nadia@Example.org"), table("<nadia@example.org>"), table("_Unknown_"), table(""));
        let g = groups(&[
            ("People/Nadia Farrow.md", &a),
            ("People/nf.md", &b),
            ("People/X Y.md", &c),
            ("People/Z W.md", &d),
            ("People/U V.md", &c),
        ]);
        assert_eq!(
            g,
            ["People/Nadia Farrow.md, People/nf.md | Nadia Farrow and nf give the same email, nadia@example.org"]
        );
        // A mailto link or markdown link around the address is the address.
        let (e, f) = (table("mailto:ops@example.org"), table("[Ops@example.org](mailto:ops@example.org)"));
        let g = groups(&[("People/A B.md", &e), ("People/C D.md", &f)]);
        assert_eq!(g, ["People/A B.md, People/C D.md | A B and C D give the same email, ops@example.org"]);
    }

    #[test]
    fn first_name_and_last_initial() {
        let g = groups(&[
            person("People/Kushal D..md"),
            person("People/Kushal Desai.md"),
            person("People/Kushal Mehta.md"),
        ]);
        assert_eq!(
            g,
            ["People/Kushal D..md, People/Kushal Desai.md | Kushal D. is Kushal Desai's first name and last initial"]
        );
    }

    #[test]
    fn middle_name_left_out() {
        let g = groups(&[
            person("People/Ana Maria Silva.md"),
            person("People/Ana Silva.md"),
            person("People/Ana Sousa.md"),
        ]);
        assert_eq!(g, ["People/Ana Maria Silva.md, People/Ana Silva.md | Ana Silva is Ana Maria Silva without the middle name Maria"]);
    }

    #[test]
    fn single_first_name_linked_from_the_same_note() {
        let linked = groups(&[
            person("People/Gideon.md"),
            person("People/Gideon Aske.md"),
            ("Meetings/m.md", "[[Gideon]] and [[Gideon Aske]]\n"),
        ]);
        assert_eq!(
            linked,
            ["People/Gideon Aske.md, People/Gideon.md | Gideon is a first name only Gideon Aske has in the vault, and both are linked from Meetings/m.md"]
        );
        // Not linked from one note: no reason.
        let apart = groups(&[
            person("People/Gideon.md"),
            person("People/Gideon Aske.md"),
            ("Meetings/m.md", "[[Gideon]]\n"),
            ("Meetings/n.md", "[[Gideon Aske]]\n"),
        ]);
        assert!(apart.is_empty(), "{apart:?}");
        // Two people with that first name: which one is unknown.
        let two = groups(&[
            person("People/Gideon.md"),
            person("People/Gideon Aske.md"),
            person("People/Gideon Brand.md"),
            ("Meetings/m.md", "[[Gideon]] [[Gideon Aske]] [[Gideon Brand]]\n"),
        ]);
        assert!(two.is_empty(), "{two:?}");
    }

    #[test]
    fn no_reason_in_a_shared_first_name_or_a_longer_name() {
        let g = groups(&[
            person("People/Felix Amankwah.md"),
            person("People/Felix Brandt.md"),
            person("People/Ann.md"),
            person("People/Anna.md"),
            person("People/Ann Lee.md"),
            person("People/Anna Lee.md"),
        ]);
        assert!(g.is_empty(), "{g:?}");
    }

    #[test]
    fn groups_are_transitive_and_ordered() {
        let g = groups(&[
            person("People/b/Kushal Desai.md"),
            person("People/a/Kushal D..md"),
            person("People/c/kushal desai.md"),
            person("People/z/Zed One.md"),
            person("People/y/zed one.md"),
        ]);
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(
            g[0].starts_with("People/a/Kushal D..md, People/b/Kushal Desai.md, People/c/kushal desai.md | "),
            "{g:?}"
        );
        assert!(g[1].starts_with("People/y/zed one.md, People/z/Zed One.md | "), "{g:?}");
    }
}
