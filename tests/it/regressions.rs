//! Every crash, hang or broken invariant found by fuzzing or by reading the core for issue 5,
//! each as a test named for what went wrong, with the input that showed it.

use crate::support;

use rapport::edit;
use rapport::{Note, Settings};
use std::time::{Duration, Instant};
use support::today;

/// Generous on a loaded 2-core machine in a debug build; each input below took minutes
/// (quadratic) before its fix and takes well under a second after.
const LINEAR_BUDGET: Duration = Duration::from_secs(20);

fn codes(path: &str, text: &str) -> Vec<String> {
    edit::diagnose(path, text, &Settings::default(), today())
        .iter()
        .map(|d| {
            format!(
                "{} {:?}{}",
                d.code,
                text.get(d.span.clone()).unwrap_or("<off a char boundary>"),
                if d.fix.is_some() { " fix" } else { "" }
            )
        })
        .collect()
}

fn person(frontmatter: &str) -> String {
    format!("---\ntype: people\ntitle: Ada Brennan\n{frontmatter}---\n# Ada Brennan\n")
}

const ADA: &str = "People/Ada Brennan.md";

/// fuzz `note`, crash-bbde9cfd: a single-quoted `last_contact` left open on its line continues
/// on the next lines; "mark contacted" replaced the first line's part and spliced the date into
/// the rest of the value.
#[test]
fn mark_contacted_on_a_multi_line_value_refuses_instead_of_splicing() {
    for value in ["'2026-0\n  continued'\n", ">\n  2026-01-05\n", "|\n  2026-01-05\n", "2026-01-05\n  extra\n"] {
        let text = person(&format!("last_contact: {value}"));
        assert!(edit::mark_contacted(&text, "last_contact", today()).is_err(), "{text:?}");
        assert!(
            edit::snooze(&text.replace("last_contact", "snooze_until"), "last_contact", today()).is_err(),
            "{text:?}"
        );
    }
    // A comment line after the value is not part of it.
    let text = person("last_contact: '2026-01-05'\n# met at the fair\n");
    let edited = edit::mark_contacted(&text, "last_contact", today()).ok().flatten().and_then(|e| e.apply(&text));
    assert_eq!(edited, Some(person("last_contact: '2026-11-26'\n# met at the fair\n")));
}

/// fuzz `note`, crash-b8de970f (minimised: `ttac: '29` / `last_contact: 2ek'`): a line that
/// looks like a key inside another key's multi-line quoted value was taken for that key, and
/// "mark contacted" rewrote it, breaking the quote (and the YAML). Lines inside a quoted value
/// or a flow collection that closes further down belong to the value; the real key is added.
#[test]
fn a_key_lookalike_inside_a_multi_line_value_is_not_edited() {
    let minimised = "---\nttac: '29\nlast_contact: 2ek'\n---\n\nn F H";
    let edited =
        edit::mark_contacted(minimised, "last_contact", today()).ok().flatten().and_then(|e| e.apply(minimised));
    // Added after the value, quoted as the note quotes its values.
    assert_eq!(edited.as_deref(), Some("---\nttac: '29\nlast_contact: 2ek'\nlast_contact: '2026-11-26'\n---\n\nn F H"));
    for (value, kept) in [
        ("note: \"met at\nlast_contact: 2020-01-01 \\\" lunch\"\n", "note"),
        ("tags: [a,\nlast_contact: 2020-01-01, 'x]']\n", "tags"),
        ("about: {where: 'Oslo',\nsnooze_until: 2020-01-01}\n", "about"),
    ] {
        let text = person(value);
        let note = Note::parse(&text);
        let keys: Vec<&str> = note.props.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["type", "title", kept], "{text:?}");
        // The key is added after the value (quoted or not, as the note quotes its values).
        let added = |edited: Option<String>, key: &str| {
            [format!("{key}: 2026-11-26\n"), format!("{key}: '2026-11-26'\n")]
                .iter()
                .any(|line| edited.as_deref() == Some(person(&format!("{value}{line}")).as_str()))
        };
        assert!(
            added(
                edit::mark_contacted(&text, "last_contact", today()).ok().flatten().and_then(|e| e.apply(&text)),
                "last_contact"
            ),
            "{text:?}"
        );
        assert!(
            added(
                edit::snooze(&text, "last_contact", today()).ok().flatten().and_then(|e| e.apply(&text)),
                "snooze_until"
            ),
            "{text:?}"
        );
    }
    // A quote that never closes is a YAML error: the keys after it are still read alone.
    let broken = person("note: 'met at\nlast_contact: 2026-01-05\n");
    let note = Note::parse(&broken);
    let keys: Vec<&str> = note.props.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["type", "title", "note", "last_contact"]);
}

/// fuzz `note`, crash-bb871629: a duplicate `last_contact` whose quote never closes is
/// dropped as a duplicate with the lines after it, and a `snooze_until` line added at the end of
/// the block closed that quote and was dropped with it: the edit set nothing. Every date edit is
/// now read back; one that would not read as the date (or would change another property) is
/// refused.
#[test]
fn a_date_edit_that_would_not_read_back_is_refused() {
    let text = person("last_contact: '2026-01-05'\nlast_contact: 'open\n");
    let until = rapport::Date::parse_iso("2026-12-24").unwrap();
    let snooze = edit::snooze(&text, "last_contact", until);
    // Refused: now already because the block leaves a quote open (see
    // `a_key_is_not_added_after_a_quote_that_never_closes`); the read-back stays behind it.
    assert!(snooze.as_ref().is_err_and(|e| e.to_string().contains("by hand")), "{snooze:?}");
    // Where the added line reads back, the same edit is made.
    let fine = person("last_contact: '2026-01-05'\n");
    let snoozed = edit::snooze(&fine, "last_contact", until).ok().flatten().and_then(|e| e.apply(&fine));
    assert_eq!(snoozed, Some(person("last_contact: '2026-01-05'\nsnooze_until: '2026-12-24'\n")));
}

/// The same splice through fixes: a fix replacing the first line of a multi-line value would
/// leave the rest behind, so such values are diagnosed without a fix.
#[test]
fn fixes_are_not_offered_on_multi_line_values() {
    assert_eq!(codes(ADA, &person("last_contact: >\n  10/31/2025\n")), ["non-iso-date \">\""]);
    assert_eq!(
        codes(
            ADA,
            &person("last_contact: >\n  2025-10-31\n")
                .replace("# Ada Brennan\n", "## Recent Context\n- 2026-01-05: call\n")
        ),
        ["last-contact-behind-evidence \">\""]
    );
    assert_eq!(
        codes(
            ADA,
            &person("last_contact: |\n  2027-01-01\n")
                .replace("# Ada Brennan\n", "## Recent Context\n- 2026-01-05: call\n")
        ),
        ["future-date \"|\""]
    );
    assert_eq!(codes(ADA, &person("auto_created: >\n  yes\n")), ["wrong-type \">\""]);
    let text = "---\ntype: people\ntitle: Ada\n  Brennan Quill\n---\n";
    assert_eq!(codes(ADA, text), ["title-mismatch \"Ada\""]);
    // On one line the same problems keep their fixes.
    assert_eq!(codes(ADA, &person("last_contact: 10/31/2025\n")), ["non-iso-date \"10/31/2025\" fix"]);
    assert_eq!(codes(ADA, "---\ntype: people\ntitle: Ada B\n---\n"), ["title-mismatch \"Ada B\" fix"]);
}

/// Blanking a duplicated key replaced each character by one space, so a duplicate holding
/// multi-byte text shortened the YAML and a later syntax error pointed too early: into the
/// duplicate, in the middle of a character, where slicing the note panicked.
#[test]
fn duplicate_key_with_multibyte_text_keeps_yaml_error_offsets() {
    for n in [20, 21] {
        let text = format!("---\nk: 1\nk: {}\nbad: [\n---\n", "é".repeat(n));
        let diagnostics = std::panic::catch_unwind(|| edit::diagnose("n.md", &text, &Settings::default(), today()));
        let yaml = diagnostics
            .as_ref()
            .map(|all| all.iter().find(|d| d.code == "yaml-syntax").map(|d| text.get(d.span.clone())));
        assert_eq!(yaml.ok(), Some(Some(Some("bad: ["))), "{n}: {diagnostics:?}");
    }
}

/// `frontmatter-not-a-mapping` spanned the block's first byte, which cut a multi-byte first
/// character in half (a span no editor can show).
#[test]
fn frontmatter_not_a_mapping_span_ends_on_a_char_boundary() {
    assert_eq!(codes("n.md", "---\né\n---\n"), ["frontmatter-not-a-mapping \"é\""]);
    assert_eq!(codes("n.md", "---\n👩‍💻\n---\n"), ["frontmatter-not-a-mapping \"👩\""]);
}

/// `[[a]]]]` and `[[[a]], [[b]]]` start with `[[` and end with `]]` but are no single link;
/// the "quote it" fix turned a list into a string or hid a syntax error, and then new
/// problems appeared.
#[test]
fn unquoted_wikilink_needs_exactly_one_link() {
    assert_eq!(codes("n.md", "---\nteam: [[[Ops]], [[Dev]]]\n---\n"), Vec::<String>::new());
    assert!(!codes("n.md", "---\ncompany: [[Acme]]]]\n---\n").iter().any(|c| c.starts_with("unquoted-wikilink")));
    assert_eq!(codes("n.md", "---\ncompany: [[Acme]]\n---\n"), ["unquoted-wikilink \"[[Acme]]\" fix"]);
}

/// Day and month numbers were cast to `u8`, so `10/257/2025` wrapped to October 1 and its
/// "write it as ISO" fix wrote a day nobody meant.
#[test]
fn loose_date_with_an_out_of_range_number_is_impossible_not_wrapped() {
    for date in ["10/257/2025", "257/10/2025", "2025/10/257", "Oct 257, 2025", "2025/269/01"] {
        assert_eq!(
            codes(ADA, &person(&format!("last_contact: {date}\n"))),
            [format!("impossible-date {date:?}")],
            "{date}"
        );
    }
}

/// A loose date in the future was only reported as `non-iso-date`; its fix wrote the ISO form,
/// and then `future-date` appeared: a fix that introduced a new problem.
#[test]
fn future_loose_date_is_reported_before_its_iso_fix() {
    let text = person("last_contact: 10/31/2027\n");
    assert_eq!(codes(ADA, &text), ["non-iso-date \"10/31/2027\" fix", "future-date \"10/31/2027\""]);
    assert_eq!(support::check_note(ADA, &text, &Settings::default()), Ok(()));
}

/// Every list item re-read its whole line to find where it starts, ends and whether it is a
/// task: a 100k-character line of nested markers (`- - - … [ ] x`) took minutes. A line is now
/// read once, for its first item.
#[test]
fn many_list_items_on_one_line_are_read_in_linear_time() {
    let text = format!("{}[ ] x\n", "- ".repeat(50_000));
    let started = Instant::now();
    let note = Note::parse(&text);
    assert!(started.elapsed() < LINEAR_BUDGET, "{:?}", started.elapsed());
    assert!(note.tasks.is_empty());
}

/// Items that pulldown-cmark starts on one line (a lone `\r` is a line break to it, not to the
/// editor) each reported that line's task: one task counted twice.
#[test]
fn two_items_on_one_line_make_one_task() {
    let note = Note::parse("- [ ] call Ada Brennan\r- [ ] and Bo Tran\n");
    assert_eq!(note.tasks.len(), 1, "{:?}", note.tasks);
}

/// Each duplicated key built a line index of the whole note to say where its first copy was:
/// a frontmatter of thousands of repeated keys (within the 256 KiB limit) above a large body
/// took minutes.
#[test]
fn thousands_of_duplicate_keys_are_linear() {
    let text = format!("---\n{}---\n{}", "a: 1\n".repeat(50_000), "prose\n".repeat(200_000));
    let started = Instant::now();
    let diagnostics = edit::diagnose("n.md", &text, &Settings::default(), today());
    assert!(started.elapsed() < LINEAR_BUDGET, "{:?}", started.elapsed());
    assert_eq!(diagnostics.iter().filter(|d| d.code == "duplicate-key").count(), 49_999);
    assert!(diagnostics[0].message.contains("first on line 2"), "{}", diagnostics[0].message);
}

/// proptest `edits_change_only_their_target`: in a note that starts with a byte order mark and
/// has no frontmatter, the first line's task was read with the mark in front of its list
/// marker, so it was no task at all; completing it failed the same way.
#[test]
fn task_on_the_first_line_after_a_byte_order_mark_is_read() {
    let text = "\u{feff}- [ ] call Ada Brennan 📅 2026-11-30\n";
    let note = Note::parse(text);
    assert_eq!(
        note.tasks.iter().map(|t| (t.line, t.text.as_str())).collect::<Vec<_>>(),
        [(1, "- [ ] call Ada Brennan 📅 2026-11-30")]
    );
    let done =
        edit::complete_task(text, 1, "- [ ] call Ada Brennan 📅 2026-11-30", today()).ok().and_then(|e| e.apply(text));
    assert_eq!(done.as_deref(), Some("\u{feff}- [x] call Ada Brennan 📅 2026-11-30 ✅ 2026-11-26\n"));
}

/// proptest `edits_change_only_their_target`: a frontmatter written as an indented or flow
/// mapping, or ending in a `...` document marker, parses, but a `key: value` line added at its
/// end breaks the YAML; mark contacted did exactly that, and the missing-key fixes would have.
#[test]
fn keys_are_not_appended_to_a_block_that_cannot_take_them() {
    for fm in ["  indented: 1\n", "{type: people, title: Ada Brennan}\n", "type: people\ntitle: Ada Brennan\n...\n"] {
        let text = format!("---\n{fm}---\n## Recent Context\n- 2026-11-01: call\n");
        assert!(edit::mark_contacted(&text, "last_contact", today()).is_err(), "{text:?}");
        let fixes: Vec<_> =
            edit::diagnose(ADA, &text, &Settings::default(), today()).into_iter().filter(|d| d.fix.is_some()).collect();
        assert!(fixes.is_empty(), "{text:?}: {fixes:?}");
    }
    // Block sequences at the key's indentation and comments leave room for one more key.
    let text = "---\n# a person\ntype: people\ntitle: Ada Brennan\ntags:\n- type/people\n---\n";
    let edited = edit::mark_contacted(text, "last_contact", today()).ok().flatten().and_then(|e| e.apply(text));
    assert_eq!(edited.as_deref(), Some("---\n# a person\ntype: people\ntitle: Ada Brennan\ntags:\n- type/people\nlast_contact: '2026-11-26'\n---\n"));
}

/// proptest `index_updates_equal_a_fresh_build`: two dated notes of one day linking a person
/// tied, and the evidence shown was whichever the index met first, so an index kept up to date
/// and one built fresh named different notes.
#[test]
fn linked_note_evidence_ties_break_by_path_not_by_update_order() {
    use rapport::Index;
    let person = ("People/Ada Brennan.md", "---\ntype: people\ntitle: Ada Brennan\n---\n");
    let daily = ("Daily/2026-11-20.md", "Met [[Ada Brennan]].\n");
    let meeting = ("Meetings/2026-11-20 - Standup.md", "With [[Ada Brennan]].\n");
    let mut paths = Vec::new();
    for order in [[person, daily, meeting], [meeting, person, daily], [daily, meeting, person]] {
        let mut index = Index::new(Settings::default());
        for (path, text) in order {
            index.upsert(path, text);
        }
        paths.push(index.contact(person.0, today()).and_then(|c| c.evidence_path));
    }
    assert_eq!(paths, vec![Some(daily.0.to_string()); 3]);
}

/// A billion-laughs block padded with 60k plain values (120 KB, under the frontmatter limit)
/// raises serde_yaml's repetition limit (100 alias jumps per event) so far that expanding it
/// took 30 s and 8 GB before the limit hit: in WebAssembly, an out-of-memory trap. Values are
/// now built against a budget of one per byte of text.
#[test]
fn padded_alias_bomb_stops_at_the_value_budget() {
    let mut yaml =
        String::from("type: people\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        yaml.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{previous}"); 9].join(",")));
        previous = name;
    }
    yaml.push_str(&format!("pad: [{}]\n", vec!["1"; 60_000].join(",")));
    let text = format!("---\n{yaml}---\n");
    let started = Instant::now();
    let note = Note::parse(&text);
    assert!(started.elapsed() < LINEAR_BUDGET, "{:?}", started.elapsed());
    let d = &note.text_diagnostics[0];
    assert_eq!(d.code, "yaml-syntax");
    assert!(d.message.contains("not valid YAML: aliases expand"), "{}", d.message);
}

/// libyaml reports a control character (a NUL) by position in its message, with no location;
/// the error pointed at the first line of the block instead of the key holding it.
#[test]
fn control_character_error_points_at_its_key() {
    let text = "---\ntype: people\ntitle: Ada\0Brennan\n---\n";
    let note = Note::parse(text);
    let d = &note.text_diagnostics[0];
    assert_eq!((d.code.as_str(), d.field.as_deref(), d.start.line), ("yaml-syntax", Some("title"), 3));
    assert_eq!(d.message, "The frontmatter is not valid YAML in `title`: control characters are not allowed. Obsidian ignores every property of this note until it is fixed.");
}

// Found by the line scanner's differential property (tests/it/linescan.rs) while it was written.

/// An embed's link starts at its `!`, as pulldown-cmark reports it.
#[test]
fn an_embed_read_by_the_line_scanner_starts_at_its_bang() {
    assert_eq!(support::check_linescan("---![[img.png]]\n"), Ok(true));
}

/// `- [x]` alone is an item holding only a task marker for pulldown-cmark, with no paragraph
/// for the next line to continue: that line is indented code, not text with a link.
#[test]
fn a_lone_checkbox_item_is_left_to_pulldown_cmark() {
    assert_eq!(support::check_linescan("- [x]\n\t\t[[Ada Brennan]]\n"), Ok(false));
}

/// An empty ordered marker after an item's paragraph: left to pulldown-cmark, which opens a
/// list there, where the CommonMark rule for interrupting a paragraph says it should not.
#[test]
fn an_empty_marker_after_a_paragraph_is_left_to_pulldown_cmark() {
    assert_eq!(support::check_linescan("- &amp;\n1.\r\n  - [ ] text\n"), Ok(false));
}

/// Found by the fix property: the fix adding a missing `title` put its line after a value whose
/// quote never closes (a duplicate's `'open`), and the quotes of the added value closed it, so
/// the line joined that value and the title was still missing. A key is now added only when no
/// quote or flow collection in the block is left open.
#[test]
fn a_key_is_not_added_after_a_quote_that_never_closes() {
    let text = "---\nother: 2019-00-00\ntype: people\nother: 'open\n---\n";
    let found = codes("People/Dr. O'Neil (Jr.).md", text);
    assert!(found.contains(&"missing-required-field \"\"".to_string()), "{found:?}");
    assert!(found.iter().all(|c| !c.starts_with("missing-required-field") || !c.ends_with(" fix")), "{found:?}");
    assert!(codes(ADA, "---\ntype: people\ntags: [a, b\n---\n")
        .iter()
        .all(|c| !c.starts_with("missing-required-field") || !c.ends_with(" fix")));
    // With every quote closed, the fix is offered as before.
    assert!(codes(ADA, "---\ntype: people\nother: 'closed'\n---\n")
        .contains(&"missing-required-field \"\" fix".to_string()));
}

/// Found reading the line scanner for issue 5: each line looked through every open list item,
/// so a list nested thousands deep followed by many lazy continuation lines cost depth × lines.
/// Content columns grow with depth, so the scanner now finds a line's container by binary
/// search. (pulldown-cmark, which reads notes the scanner gives up on, still pays depth per
/// line: docs/ROBUSTNESS.md lists it among the limits.)
#[test]
fn a_deeply_nested_list_with_lazy_lines_stays_linear() {
    let depth = 2_000;
    let mut text: String = (0..depth).map(|d| format!("{}- [ ] level {d}\n", " ".repeat(2 * d))).collect();
    text.push_str(&"x\n".repeat(1_500_000));
    assert!(text.len() < rapport::note::MAX_BODY_BYTES);
    let start = Instant::now();
    let body = rapport::body::lines::read(&text, 0, rapport::body::TaskReading::Parsed).map(|b| b.tasks.len());
    assert_eq!(body, Some(depth));
    assert!(start.elapsed() < LINEAR_BUDGET, "took {:?}", start.elapsed());
    // As pulldown-cmark reads it, on a smaller copy (pulldown-cmark's own cost is depth × lines).
    let small: String = (0..200).map(|d| format!("{}- [ ] level {d}\n", " ".repeat(2 * d))).collect::<String>()
        + &"x [[Ada]]\n".repeat(200);
    assert_eq!(support::check_linescan(&small), Ok(true));
}

/// pulldown-cmark keeps a heading's trailing tab in its text; the line scanner trimmed it, and
/// a task's section differed. Headings with tabs are left to pulldown-cmark.
#[test]
fn a_heading_with_a_tab_is_left_to_pulldown_cmark() {
    assert_eq!(support::check_linescan("## Recent Context\t\n- [ ] ]]\n"), Ok(false));
    assert_eq!(support::check_linescan("## Recent Context  \n- [ ] call\n"), Ok(true));
}

/// Found by fuzz `note` with the line scanner check (2026-11-27,
/// `artifacts/note/crash-b1ccfbfd232197bf44d1ca6b2fe5b824fd34cc99`): pulldown-cmark reads `#`
/// then a vertical tab as a heading, which CommonMark does not, so the task after it had a
/// section for pulldown-cmark and none for the scanner. Notes with a vertical tab or form feed
/// are left to pulldown-cmark.
#[test]
fn a_vertical_tab_after_a_hash_is_left_to_pulldown_cmark() {
    let text =
        "#\u{b}- [ ] Quarterly che0-26 📅 2026-12-18\n- [ ] Write s|and-up notes 🔁 every weekday 📅 0057-11-27\n";
    assert_eq!(support::check_linescan(text), Ok(false));
    assert_eq!(support::check_linescan("#\u{c}x\n- [ ] a\n"), Ok(false));
    assert_eq!(support::check_linescan("# x\n- [ ] a\n"), Ok(true));
}

/// fuzz `note`, crash-93e0dfbe: a single-quoted `last_contact` never closes, and the title fix
/// wrote `"Dr. O'Neil (Jr.)"` below it; its `'` closed the quote, and the block read differently
/// (a `type-tag-mismatch` appeared). In a block with a quote or bracket left open, no fix writes
/// or deletes a quote or bracket; the diagnostics stay.
#[test]
fn no_fix_writes_a_quote_below_a_quote_left_open() {
    let path = "People/Dr. O'Neil (Jr.).md";
    let open = "---\ntype: people\nlast_contact: '2026-\ntitle: Rosalind Achterberg\ncompany: [[Acme]]\ntags: [type/people]\n---\n";
    let got = codes(path, open);
    assert!(got.iter().any(|c| c.starts_with("title-mismatch ") && !c.ends_with(" fix")), "{got:?}");
    assert!(got.iter().any(|c| c.starts_with("unquoted-wikilink ") && !c.ends_with(" fix")), "{got:?}");
    support::check_note(path, open, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    // With the quote closed, both fixes are offered again.
    let closed = open.replace("'2026-\n", "'2026-01-05'\n");
    let got = codes(path, &closed);
    assert!(got.iter().any(|c| c.starts_with("title-mismatch ") && c.ends_with(" fix")), "{got:?}");
    assert!(got.iter().any(|c| c.starts_with("unquoted-wikilink ") && c.ends_with(" fix")), "{got:?}");
    support::check_note(path, &closed, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
}

/// fuzz `task_line`, crash-1d4327ba: a lone carriage return ends a line for pulldown-cmark and
/// the editor, but the task parser read on to the next line feed and took a `🔁` rule from the
/// text after it; completing the task then wrote a next occurrence above it, and the completed
/// line became a paragraph's continuation instead of a task.
#[test]
fn a_lone_carriage_return_ends_the_task_line() {
    let text = "2) [ ] a\r\r[🔁everyday📅2026-11-27[";
    support::check_edits(text).unwrap_or_else(|e| panic!("{e}"));
    let task = rapport::task::parse_task_line("- [ ] Call Ada\r🔁 every day 📅 2026-11-27")
        .unwrap_or_else(|| panic!("a task"));
    assert_eq!((task.description.as_str(), task.recurrence, task.due), ("Call Ada", None, None));
    let edit =
        edit::complete_task(text, 1, "2) [ ] a\r\r[🔁everyday📅2026-11-27[", today()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edit.apply(text).as_deref(), Some("2) [x] a\r\r[🔁everyday📅2026-11-27["));
}

/// fuzz `note`, crash-e10f3a9e (820 bytes, minimised by hand to the text below): a `- [[…]]`
/// line inside a single-quoted value that runs over several lines was taken for a list item of
/// its key, and its unquoted-wikilink fix wrote a `'` that ended the quoted value early; the
/// block then read a second `created` key. List items are now looked for only below a key whose
/// line holds no value.
#[test]
fn no_wikilink_fix_inside_a_quoted_value_spanning_lines() {
    let path = "People/Ada Brennan.md";
    let text = "---\ncreated: '\n- [[\\]]\ncreated: '\n---";
    let got = codes(path, text);
    assert!(!got.iter().any(|c| c.starts_with("unquoted-wikilink")), "{got:?}");
    support::check_note(path, text, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    // The same line under a key with no value on its line is a list item, and is fixed.
    let list = "---\ncreated:\n- [[Acme]]\n---\n";
    assert!(
        codes(path, list).iter().any(|c| c.starts_with("unquoted-wikilink ") && c.ends_with(" fix")),
        "{:?}",
        codes(path, list)
    );
    support::check_note(path, list, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
}

/// Property `index_updates_equal_a_fresh_build`, found at the merge of the stepped settings
/// change: a note in a folder that settings being applied exclude, not re-derived yet, was
/// renamed (or removed) and the index answered `true`, as if it still held the note as part of
/// the vault. It now answers `false`, so the plugin reads the note afresh under its new path.
#[test]
fn a_note_in_a_folder_being_excluded_is_not_part_of_the_vault() {
    use support::Op;
    for last in [Op::Rename(1, 0), Op::Remove(1)] {
        let ops = [Op::Upsert(1, String::new()), Op::SettingsStepped(3), last];
        support::check_index_ops(&ops).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Property `index_updates_equal_a_fresh_build` (100,000 cases): a note renamed into a folder
/// that settings being applied exclude left the note that was there before, not yet dropped,
/// under the new path; once the settings changed again it stood in for the renamed note.
#[test]
fn a_rename_into_a_folder_being_excluded_replaces_what_was_there() {
    use support::Op;
    let ops = [
        Op::Upsert(7, String::new()),
        Op::Upsert(2, "- [ ] \n".into()),
        Op::SettingsStepped(3),
        Op::Rename(2, 7),
        Op::Settings(0),
    ];
    support::check_index_ops(&ops).unwrap_or_else(|e| panic!("{e}"));
}
