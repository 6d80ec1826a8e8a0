//! The line scanner (`src/body/lines.rs`) against pulldown-cmark: whenever it reads a note, it
//! reads what `body::cmark::read_with_parser` reads, on generated markdown full of the constructs it
//! models and of those it must give up on; and it does read the notes it exists for.

use crate::support;

use crate::vault;

use proptest::prelude::*;
use proptest::test_runner::Config;
use support::check_linescan;

const INDENTS: &[&str] = &["", "", "", " ", "  ", "   ", "    ", "\t", "\t\t", "  \t", "      ", "\t  "];
const PREFIXES: &[&str] = &[
    "#\u{b}",
    "-\u{c}",
    "",
    "",
    "- ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2. ",
    "1) ",
    "3) ",
    "10. ",
    "- [ ] ",
    "- [ ] ",
    "- [x] ",
    "* [/] ",
    "1. [-] ",
    "-\t",
    "-",
    "1.",
    "*",
    "-     ",
    "-  ",
    "# ",
    "## ",
    "### ",
    "#",
    "####### ",
    "## Recent Context",
    "## Contact Information",
    "# Notes #",
    "> ",
    "> - [ ] ",
    "```",
    "~~~",
    "```dataview",
    "````",
    "``` a`b",
    "---",
    "***",
    "* * *",
    "===",
    "- - ",
    "| a | b |",
    "|---|---|",
    "<div>",
    "<!-- c -->",
    "[ref]: /url",
    "#tag ",
    "- # ",
    "- ```",
    "- > ",
    "- 1. ",
    "- [ ](x) ",
];
const PIECES: &[&str] = &[
    "text",
    "Ada Brennan",
    "[[Ada Brennan]]",
    "[[Ada Brennan|Ada]]",
    "[[ Ada ]]",
    "[[]]",
    "[[a|b|c]]",
    "[[People/Bo Tran#Notes]]",
    "![[img.png]]",
    "[[[x]]]",
    "[[open",
    "]]",
    "`code`",
    "`",
    "``",
    "`` a ` b ``",
    "[x]",
    "[",
    "]",
    "](",
    "[a](b)",
    "[a][b]",
    "\\[",
    "\\",
    "<b>",
    "&amp;",
    "a & b",
    "**bold**",
    "_em_",
    "2025-10-31: met",
    "**2025-09-30** talk",
    "📅 2026-01-01",
    "#",
    "@Ada",
    "(due:: 2026-01-01)",
    "[priority:: high]",
    "é",
    "🧑‍💻",
    "\u{a0}",
    "|",
    " ",
    "\t",
    "***",
    "\u{b}",
    "\u{c}",
];
const ENDINGS: &[&str] = &["\n", "\n", "\n", "\n", "\n", "\r\n", "\r"];

fn line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(INDENTS),
        prop::sample::select(PREFIXES),
        prop::collection::vec(prop::sample::select(PIECES), 0..4),
        prop::sample::select(ENDINGS),
    )
        .prop_map(|(indent, prefix, pieces, ending)| format!("{indent}{prefix}{}{ending}", pieces.join(" ")))
}

/// Lines, blank lines among them, sometimes under a frontmatter block.
fn note() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(prop_oneof![4 => line(), 1 => Just("\n".to_string())], 0..16)).prop_map(
        |(fm, lines)| {
            let body: String = lines.concat();
            if fm {
                format!("---\ntype: meeting\n---\n{body}")
            } else {
                body
            }
        },
    )
}

/// Plain lines only (no construct the scanner gives up on at the block level), so that the
/// scanner answers often and its own rules, not its give-ups, are what is compared.
fn plain_note() -> impl Strategy<Value = String> {
    const PLAIN_PREFIXES: &[&str] = &[
        "",
        "",
        "- ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2. ",
        "1) ",
        "- [ ] ",
        "- [x] ",
        "## Recent Context\n",
        "## Notes ",
        "```\n",
        "~~~\n",
        "#tag ",
        "-  ",
    ];
    const PLAIN_PIECES: &[&str] = &[
        "text",
        "[[Ada Brennan]]",
        "[[Ada|A]]",
        "`code`",
        "`",
        "``",
        "[x]",
        "2025-10-31: met",
        "📅 2026-01-01",
        "@Ada",
        "(due:: 2026-01-01)",
        "é",
        "Bo Tran",
    ];
    let line = (
        prop::sample::select(&["", "", "", " ", "  ", "   ", "\t", "\t", "    "][..]),
        prop::sample::select(PLAIN_PREFIXES),
        prop::collection::vec(prop::sample::select(PLAIN_PIECES), 1..4),
    )
        .prop_map(|(indent, prefix, pieces)| format!("{indent}{prefix}{}\n", pieces.join(" ")));
    prop::collection::vec(prop_oneof![5 => line, 1 => Just("\n".to_string())], 0..20).prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(Config { cases: support::proptest_cases(2048), failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_scanner_reads_as_pulldown_cmark(text in note()) {
        prop_assert_eq!(check_linescan(&text).map(|_| ()), Ok(()));
    }

    #[test]
    fn the_scanner_reads_plain_notes_as_pulldown_cmark(text in plain_note()) {
        prop_assert_eq!(check_linescan(&text).map(|_| ()), Ok(()));
    }
}

/// Pipe tables, in and out of a Contact Information section: cells plain, emphasised, linked,
/// empty, escaped or coded; rows of the right and wrong width; delimiter rows good and bad.
fn table_note() -> impl Strategy<Value = String> {
    const CELLS: &[&str] = &[
        "",
        " ",
        "Field",
        "Value",
        "**Role**",
        "Account Executive",
        "**Company**",
        "Quorvale",
        "_Unknown_",
        "*x*",
        "__Bold__",
        "** x**",
        "**a*",
        "_a b_",
        "a_b",
        "[[Ada Brennan]]",
        "[[Ada\\|A]]",
        "[[Ada|A]]",
        "`c|d`",
        "a \\| b",
        "&amp;",
        "<b>x</b>",
        "Zoë",
        "\u{a0}x\u{a0}",
        "unknown",
        "Unknown",
        "~x~",
        "!x",
        "(team)",
        "a  b",
    ];
    const GOOD: &[&str] =
        &["Field", "Value", "**Role**", "Quorvale", "_Unknown_", "", "Account Executive", "[[Ada Brennan]]", "Zoë"];
    let cell = prop_oneof![3 => prop::sample::select(GOOD), 1 => prop::sample::select(CELLS)];
    let row = prop_oneof![3 => prop::collection::vec(cell.clone(), 2..3), 1 => prop::collection::vec(cell, 1..4)]
        .prop_map(|cells| format!("| {} |", cells.join(" | ")));
    let delimiter = prop_oneof![
        3 => prop::sample::select(&["|---|---|", "|-------|-------|", "| :-- | --: |"][..]),
        1 => prop::sample::select(&["|---|", "|---|---|---|", "|--|-x|", "| - | - |", "---|---"][..]),
    ];
    let section =
        prop::sample::select(&["## Contact Information\n\n", "## Notes\n\n", "", "## Contact Information\nText\n"][..]);
    let ending = prop::sample::select(
        &["", "\n", "\n## Next\n- [ ] task\n", "\nafter\n", "\n\n- [ ] task [[Bo Tran]]\n", "  \n"][..],
    );
    (section, row.clone(), delimiter, prop::collection::vec(row, 0..5), ending).prop_map(
        |(section, head, delimiter, rows, ending)| {
            format!(
                "{section}{head}\n{delimiter}\n{}{ending}",
                rows.iter().map(|r| format!("{r}\n")).collect::<String>()
            )
        },
    )
}

proptest! {
    #![proptest_config(Config { cases: support::proptest_cases(2048), failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_scanner_reads_tables_as_pulldown_cmark(text in table_note()) {
        prop_assert_eq!(check_linescan(&text).map(|_| ()), Ok(()));
    }
}

/// On the benchmark vault's notes the scanner answers for every note (the people notes' contact
/// table among them) and answers as pulldown-cmark does.
#[test]
fn the_scanner_reads_the_vault_notes_it_exists_for() {
    let v = vault::Vault::new(2_000, 7);
    let (mut read, mut total) = (0, 0);
    for (path, text) in v.iter() {
        total += 1;
        match check_linescan(&text) {
            Ok(true) => read += 1,
            Ok(false) => panic!("{path} was left to pulldown-cmark"),
            Err(e) => panic!("{path}: {e}"),
        }
    }
    assert!(read * 10 >= total * 8, "the scanner read {read} of {total} notes");
}

/// The example vault: every note the scanner reads, it reads as pulldown-cmark does.
#[test]
fn the_scanner_agrees_on_the_example_vault() {
    let mut read = 0;
    for entry in walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vault"))) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        if check_linescan(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.display())) {
            read += 1;
        }
    }
    assert!(read > 0, "the scanner read none of the example notes");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

/// The properties compare something: on generated notes the scanner answers often enough.
#[test]
fn the_generated_notes_are_read_by_the_scanner_often() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut answered = |strategy: &dyn Fn(&mut proptest::test_runner::TestRunner) -> String| {
        (0..1000).filter(|_| check_linescan(&strategy(&mut runner)).unwrap_or(false)).count()
    };
    let plain = answered(&|r| plain_note().new_tree(r).map(|t| t.current()).unwrap_or_default());
    let mixed = answered(&|r| note().new_tree(r).map(|t| t.current()).unwrap_or_default());
    println!("answered: plain {plain}/1000, mixed {mixed}/1000");
    assert!(plain >= 300, "plain notes answered {plain}/1000");
    assert!(mixed >= 80, "mixed notes answered {mixed}/1000");
}

/// The table generator reaches the scanner's table reading often, or the property above would
/// test only its refusals.
#[test]
fn generated_tables_are_often_read() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = table_note();
    let read = (0..2000)
        .filter(|_| strategy.new_tree(&mut runner).map(|t| check_linescan(&t.current()) == Ok(true)).unwrap_or(false))
        .count();
    assert!(read >= 500, "the scanner read {read} of 2,000 generated table notes");
}
