//! Property tests of "Mark reviewed" (issue 18): over generated frontmatters holding the
//! `needs-review` tag in every tag-list form, among other keys and comments, with LF or CRLF,
//! `edit::mark_reviewed` deletes bytes inside the tags property only, the result reads as the
//! same properties with the tags lacking `needs-review`, and a second call has nothing to do.

use crate::support;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rapport::frontmatter::{self, Value};
use rapport::{edit, split::split};

fn config() -> Config {
    Config { cases: support::proptest_cases(256), failure_persistence: None, ..Config::default() }
}

/// The tag as vaults write it: any case, with or without `#`.
fn tag_spelling() -> impl Strategy<Value = String> {
    (0u8..4, any::<bool>()).prop_map(|(case, hash)| {
        let word = ["needs-review", "Needs-Review", "NEEDS-REVIEW", "needs-Review"][case as usize];
        if hash {
            format!("#{word}")
        } else {
            word.to_string()
        }
    })
}

/// Other tags (never the tag itself, nor a word that contains it).
fn other_tags() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(vec!["people", "work", "needs-reviewed", "review", "a/b", "x1"]), 0..4)
        .prop_map(|v| v.into_iter().map(str::to_string).collect())
}

/// A quote for an item: none, single or double (a `#` item must be quoted in YAML).
fn quoted(item: &str, q: u8) -> String {
    match (q, item.starts_with('#')) {
        (1, _) => format!("'{item}'"),
        (2, _) | (0, true) => format!("\"{item}\""),
        _ => item.to_string(),
    }
}

/// The tags entry (key line and any lines below), with `nl` line endings, in one of the forms.
fn tags_entry(key: &str, tag: &str, others: &[String], at: usize, form: u8, q: u8, nl: &str) -> String {
    let mut items: Vec<String> = others.to_vec();
    let at = at % (items.len() + 1);
    items.insert(at, tag.to_string());
    match form {
        // Block list, flush or indented, some items with a comment.
        0 | 1 => {
            let indent = if form == 0 { "" } else { "  " };
            let mut s = format!("{key}:{nl}");
            for (i, item) in items.iter().enumerate() {
                let comment = if i % 2 == 1 { " # c" } else { "" };
                s.push_str(&format!("{indent}- {}{comment}{nl}", quoted(item, q)));
            }
            s
        }
        // Flow list, with and without spaces.
        2 | 3 => {
            let sep = if form == 2 { ", " } else { "," };
            let list: Vec<String> = items.iter().map(|i| quoted(i, q)).collect();
            format!("{key}: [{}]{nl}", list.join(sep))
        }
        // One string of tags separated by spaces or commas, quoted or plain.
        _ => {
            let sep = if form == 4 { " " } else { ", " };
            let words = items.join(sep);
            // A `#` after a space starts a YAML comment, so such a string must be quoted.
            let value =
                if q == 0 && !items.iter().any(|i| i.starts_with('#')) { words } else { format!("\"{words}\"") };
            format!("{key}: {value}{nl}")
        }
    }
}

fn other_lines(n: usize, start: usize, nl: &str) -> String {
    (0..n)
        .map(|i| match (start + i) % 4 {
            0 => format!("name_{i}: Ada Example{nl}"),
            1 => format!("# a comment{nl}"),
            2 => format!("aliases:{nl}  - Ada {i}{nl}"),
            _ => format!("last_contact: '2026-01-0{}'{nl}", i % 9 + 1),
        })
        .collect()
}

fn properties(text: &str) -> Option<Vec<(String, Value)>> {
    let block = split(text).frontmatter?;
    let (props, _) = frontmatter::read(text, &block);
    props.parsed.then_some(props.values)
}

fn is_tags_key(k: &str) -> bool {
    k.eq_ignore_ascii_case("tags") || k.eq_ignore_ascii_case("tag")
}

fn tag_words(values: &[(String, Value)]) -> Vec<String> {
    values
        .iter()
        .filter(|(k, _)| is_tags_key(k))
        .flat_map(|(_, v)| v.string_items())
        .flat_map(|t| t.split([',', ' ']).map(|x| x.trim_start_matches('#').to_string()).collect::<Vec<_>>())
        .filter(|x| !x.is_empty())
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mark_reviewed_removes_only_the_tag(
        key in prop::sample::select(vec!["tags", "Tags", "tag"]),
        tag in tag_spelling(),
        others in other_tags(),
        at in 0usize..5,
        form in 0u8..6,
        q in 0u8..3,
        crlf in any::<bool>(),
        before_n in 0usize..4,
        after_n in 0usize..4,
        body in prop::sample::select(vec!["", "Body #needs-review\n", "- [ ] a task\n"]),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let head = format!("---{nl}{}", other_lines(before_n, 0, nl));
        let entry = tags_entry(key, &tag, &others, at, form, q, nl);
        let text = format!("{head}{entry}{}---{nl}{body}", other_lines(after_n, 2, nl));
        let before = properties(&text);
        prop_assert!(before.is_some(), "generated YAML must parse: {text:?}");
        let before = before.unwrap_or_default();

        let edit = edit::mark_reviewed(&text);
        let edit = match edit {
            Ok(Some(e)) => e,
            other => return Err(TestCaseError::fail(format!("{other:?} on {text:?}"))),
        };
        // A deletion inside the tags entry: every other byte stays.
        prop_assert_eq!(edit.insert.as_str(), "");
        prop_assert!(edit.range.start >= head.len() && edit.range.end <= head.len() + entry.len(), "{edit:?} on {text:?}");
        prop_assert!(text[edit.range.clone()].to_ascii_lowercase().contains("needs-review"), "{edit:?} on {text:?}");
        let new = edit.apply(&text).unwrap_or_default();

        // The same properties, the tags lacking only the tag.
        let after = properties(&new).unwrap_or_default();
        let rest = |v: &[(String, Value)]| v.iter().filter(|(k, _)| !is_tags_key(k)).cloned().collect::<Vec<_>>();
        prop_assert_eq!(rest(&after), rest(&before));
        let expected: Vec<String> =
            tag_words(&before).into_iter().filter(|t| !t.eq_ignore_ascii_case("needs-review")).collect();
        prop_assert_eq!(tag_words(&after), expected);
        prop_assert!(new[head.len()..].starts_with(&format!("{key}:")), "the key stays: {new:?}");

        // Idempotent.
        prop_assert_eq!(edit::mark_reviewed(&new), Ok(None), "second call on {:?}", new);
    }
}

/// Note-shaped text around tag lists written every way, broken ones included.
fn any_text() -> impl Strategy<Value = String> {
    const TAG_FRAGMENTS: &[&str] = &[
        "tags:\n",
        "Tags:\r\n",
        "tag: ",
        "tags: [",
        "]\n",
        "- needs-review\n",
        "  - \"Needs-Review\" # c\n",
        "needs-review",
        "#needs-review",
        "'needs-review'",
        ", ",
        ",",
        " ",
        "a",
        "\n",
        "[needs-review]",
        ">\n",
        "\"",
        "'",
    ];
    let fragment = prop_oneof![
        4 => prop::sample::select(TAG_FRAGMENTS.to_vec()).prop_map(str::to_string),
        2 => prop::sample::select(support::FRAGMENTS.to_vec()).prop_map(str::to_string),
        1 => "\\PC{0,4}",
    ];
    prop::collection::vec(fragment, 0..24).prop_map(|v| format!("---\n{}", v.concat()))
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the text, no panic; an edit offered applies, and after it there is no tag left
    /// to remove.
    #[test]
    fn mark_reviewed_never_panics_and_finishes_in_one_edit(text in any_text()) {
        if let Ok(Some(edit)) = edit::mark_reviewed(&text) {
            let new = edit.apply(&text);
            prop_assert!(new.is_some(), "{edit:?} on {text:?}");
            let again = edit::mark_reviewed(&new.unwrap_or_default());
            prop_assert!(!matches!(again, Ok(Some(_))), "{again:?} after {edit:?} on {text:?}");
        }
    }
}
