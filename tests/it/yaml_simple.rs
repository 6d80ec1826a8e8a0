//! The frontmatter reader's own path for simple blocks (`frontmatter::simple_values`) against
//! serde_yaml: whenever it reads a block, it reads what serde_yaml reads, on generated blocks full
//! of the forms it models and of near misses it must leave to serde_yaml (keywords, numbers,
//! indicators, quotes with escapes, comments, odd characters, nesting); and it does read the
//! frontmatter of the example and benchmark vaults.

use crate::support;
use crate::vault;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;
use rapport::split::split;

/// Scalars: what it reads and what it must refuse, side by side.
const SCALARS: &[&str] = &[
    "",
    "people",
    "Ada Brennan",
    "2026-11-26",
    "2026-1-26",
    "2026-11-26T10:00",
    "'2026-11-26'",
    "\"2026-11-26\"",
    "'it''s'",
    "'a\"b'",
    "\"a\\\"b\"",
    "\"a'b\"",
    "''",
    "\"\"",
    "'unclosed",
    "\"unclosed",
    "'a' b",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "False",
    "null",
    "Null",
    "NULL",
    "~",
    "nUll",
    "yes",
    "no",
    "on",
    "off",
    "inf",
    "Infinity",
    "nan",
    "NaN",
    ".inf",
    "-.inf",
    "e5",
    "E",
    "12",
    "012",
    "0x1F",
    "0o17",
    "0b11",
    "1e3",
    "1_000",
    "+1",
    "-1",
    "1.5",
    "-",
    "- a",
    "a: b",
    "a:b",
    "a:",
    "http://x.y/z",
    "a #c",
    "a#c",
    "#c",
    "C++",
    "O'Neil",
    "Dr. O'Neil (Jr.)",
    "[[Ada Brennan]]",
    "[[a]] b",
    "|",
    ">",
    "|-",
    "&a x",
    "*a",
    "!tag x",
    "!!str 1",
    "%x",
    "@x",
    "`x`",
    "?x",
    "? x",
    "Zoë",
    "Ñandú",
    "🚀 launch",
    "launch 🚀",
    "a\u{2028}b",
    "a\u{85}b",
    "a\u{FEFF}",
    "a\u{FFFE}",
    "a\u{A0}b",
    "tab\there",
    "a\u{7F}",
    "a  b",
    "a ,b",
    "a, b",
    "a]",
    "a}",
    "a[b",
    "a{b",
    "é",
    "ß",
    "ǅ",
    "Ⅻ",
    "٣",
    "a\\b",
    "a\"b",
    "{a: b}",
    "[a",
];

/// Characters for random scalars: letters, digits, every indicator, quotes, blanks and the
/// characters YAML reads as breaks or refuses.
const ALPHABET: &[char] = &[
    'a', 'b', 'Z', 'é', '1', '0', ' ', ' ', '-', ':', '#', ',', '[', ']', '{', '}', '\'', '"', '\\', '|', '>', '&',
    '*', '!', '%', '@', '`', '?', '.', '/', '_', '~', '\t', '\u{85}', '\u{2028}', '\u{A0}', '🚀', '\u{FEFF}', '\u{7}',
];

/// Scalars it reads, so that a generated block is often simple throughout.
const SIMPLE: &[&str] = &[
    "people",
    "Ada Brennan",
    "2026-11-26",
    "'2026-11-26'",
    "\"2026-11-26\"",
    "true",
    "false",
    "null",
    "",
    "Zoë",
    "O'Neil",
    "http://x.y/z",
    "\"a'b\"",
    "a:b",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(SIMPLE).prop_map(str::to_string),
        3 => prop::sample::select(SCALARS).prop_map(str::to_string),
        1 => prop::collection::vec(prop::sample::select(ALPHABET), 0..8).prop_map(|cs| cs.into_iter().collect::<String>()),
        1 => (prop::sample::select(SCALARS), prop::sample::select(ALPHABET), prop::sample::select(SCALARS)).prop_map(|(a, c, b)| format!("{a}{c}{b}")),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prop::sample::select(&["type", "title", "tags", "last_contact", "created", "cadence", "aliases", "a_b", "x-y", "k.v", "_k"][..]).prop_map(str::to_string),
        1 => prop::sample::select(&["true", "null", "inf", "Type", "1key", "key with space", "'quoted'", "\"dq\"", "k#", "-k", "k:", "? k", "~", "é"][..]).prop_map(str::to_string),
        1 => "[a-z]{129,140}",
    ]
}

/// One entry: `key: scalar`, `key: [items]`, or `key:` and `- item` lines, with odd spacing,
/// comments and indentation now and then.
fn entry() -> impl Strategy<Value = String> {
    let items = prop::collection::vec(scalar(), 0..4);
    (key(), 0u8..12, scalar(), items, 0u8..4, prop::sample::select(&[" ", " ", " ", "  ", "", "\t", " \t"][..]))
        .prop_map(|(k, form, s, items, indent, gap)| match form {
            0..=3 => format!("{k}:{gap}{s}"),
            9..=11 => format!("{k}: {s}"),
            4 => format!("{k}:{gap}[{}]", items.join(", ")),
            5 => format!("{k}: [{}]", items.join(",")),
            6 => {
                let pad = " ".repeat(indent as usize);
                let lines: Vec<String> = items.iter().map(|i| format!("{pad}- {i}")).collect();
                format!("{k}:\n{}", lines.join("\n"))
            }
            7 => format!("{k}:\n- {s}\n  - {s}"),
            _ => format!("{k}: {s} # comment"),
        })
}

fn block() -> impl Strategy<Value = String> {
    (prop::collection::vec(entry(), 0..6), 0u8..10, any::<bool>()).prop_map(|(entries, extra, crlf)| {
        let mut lines = entries;
        match extra {
            0 => lines.insert(0, String::new()),
            1 => lines.push("# a comment".to_string()),
            2 => lines.push("  continued".to_string()),
            3 => lines.insert(0, "%YAML 1.2".to_string()),
            _ => {}
        }
        let text = format!("---\n{}\n---\nBody\n", lines.join("\n"));
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    })
}

/// When the simple reader answers, serde_yaml answers the same (the check the fuzz target `note`
/// makes too).
fn agrees(text: &str) -> bool {
    support::check_simple_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

proptest! {
    #![proptest_config(Config { cases: support::proptest_cases(4096), failure_persistence: None, ..Config::default() })]

    #[test]
    fn simple_blocks_read_as_serde_yaml_reads_them(text in block()) {
        agrees(&text);
    }
}

/// The generator reaches the simple reader often, or the property above would test little.
#[test]
fn generated_blocks_are_often_simple() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = block();
    let answered =
        (0..2000).filter(|_| agrees(&strategy.new_tree(&mut runner).map(|t| t.current()).unwrap_or_default())).count();
    assert!(answered >= 250, "the simple reader answered {answered} of 2,000 generated blocks");
}

/// Every frontmatter block of the example vault and of the synthetic benchmark vault: read by
/// the simple reader where it is simple, the same as serde_yaml; and that is most of them.
#[test]
fn vault_frontmatter_is_simple_and_read_the_same() {
    let mut texts: Vec<String> = vault::Vault::new(2000, 1).iter().map(|(_, t)| t).collect();
    for entry in std::fs::read_dir("examples/vault").into_iter().flatten().flatten() {
        let dir = entry.path();
        for file in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if let Ok(t) = std::fs::read_to_string(file.path()) {
                texts.push(t);
            }
        }
    }
    let with_block = texts.iter().filter(|t| split(t).frontmatter.is_some()).count();
    let answered = texts.iter().filter(|t| agrees(t)).count();
    assert!(answered * 10 >= with_block * 9, "{answered} of {with_block} blocks read without serde_yaml");
}
