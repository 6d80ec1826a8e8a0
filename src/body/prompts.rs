//! The `##` sections of a note that hold nothing but a template prompt (`_How do you work with this
//! person?_`): what the review queue lists as left to fill in (see docs/note-format.md, "The
//! review queue"). Read only for the notes the queue can hold, so it costs the other notes
//! nothing.

use super::scan::{in_code, lines_from};

/// Whether `line` is a template prompt: the whole line (trimmed) one italic span, `_text_` or
/// `*text*`, its text starting and ending with no space. Bold (`**Role**`), a list item
/// (`* item`) and an empty `__` are not prompts.
fn is_prompt(line: &str) -> bool {
    let t = line.trim();
    [b'_', b'*'].iter().any(|&mark| {
        let b = t.as_bytes();
        b.len() >= 3
            && b.first() == Some(&mark)
            && b.last() == Some(&mark)
            && b.get(1).is_some_and(|&c| c != mark && c != b' ' && c != b'\t')
            && b.get(b.len() - 2).is_some_and(|&c| c != mark && c != b' ' && c != b'\t')
    })
}

/// The level of an ATX heading line (`## Title` is 2) and its text without the closing `#`s;
/// `None` for any other line. Up to three spaces of indent, as CommonMark allows.
fn heading(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let text = after.trim().trim_end_matches('#').trim_end();
    Some((level, text))
}

/// The headings of the `##` sections of the body (from `start`) whose content, up to the next
/// heading of level 1 or 2, is one or more prompt lines (a line that is one italic span) and blank lines, and
/// nothing else: a prompt with a list, a paragraph, a table, a code block (a Dataview query) or a
/// `###` heading under it is not only a prompt, nor is an empty section. Headings inside fenced
/// code are not headings. In note order, each heading once.
pub fn prompt_sections(text: &str, start: usize) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    // The open `##` section: its heading and whether everything in it so far is a prompt line
    // (`Some(true)` once a prompt is seen, `None` while it holds only blank lines).
    let mut open: Option<(&str, Option<bool>)> = None;
    let close = |open: &mut Option<(&str, Option<bool>)>, found: &mut Vec<String>| {
        if let Some((title, Some(true))) = open.take() {
            if !title.is_empty() && !found.iter().any(|f| f == title) {
                found.push(title.to_string());
            }
        }
    };
    let mut fence = None;
    for (line, _) in lines_from(text, start) {
        let l = text.get(line).unwrap_or("");
        let code = in_code(l, &mut fence);
        let head = if code { None } else { heading(l) };
        match head {
            Some((level, title)) if level <= 2 => {
                close(&mut open, &mut found);
                open = (level == 2).then_some((title, None));
            }
            _ => {
                if let Some((_, state)) = open.as_mut() {
                    if l.trim().is_empty() && !code {
                        continue;
                    }
                    let prompt = !code && head.is_none() && is_prompt(l);
                    *state = Some(prompt && *state != Some(false));
                }
            }
        }
    }
    close(&mut open, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, expect: &[&str]) {
        assert_eq!(prompt_sections(body, 0), expect, "{body:?}");
    }

    #[test]
    fn a_section_of_prompts_and_blank_lines_is_listed() {
        check("## Relationship\n\n_How do you work with this person?_\n\n", &["Relationship"]);
        check("## Background\n*Career history...*\n\n\n## Next\ntext\n", &["Background"]);
        check("## Two\n_First prompt._\n_Second prompt._\n", &["Two"]);
        check("## Closed ##\n_Prompt_\n", &["Closed"]);
        check("  ## Indented\r\n_Prompt_\r\n", &["Indented"]);
        check("## A\n_a_\n## A\n_a_\n", &["A"]);
    }

    #[test]
    fn anything_beside_the_prompt_keeps_a_section_off() {
        check("## Projects\n_What projects?_\n\n```dataview\nLIST\n```\n", &[]);
        check("## Tasks\n_Items:_\n- [ ] ask\n", &[]);
        check("## Facts\n_Prompt_\nA written line.\n", &[]);
        check("## Sub\n_Prompt_\n### Deeper\n", &[]);
        check("## Table\n_Prompt_\n| a | b |\n", &[]);
        check("## Related\n\n\n---\n*Last updated: *\n", &[]);
    }

    #[test]
    fn other_lines_are_not_prompts() {
        check("## Empty\n\n\n## Bold\n**Role**: x\n## List\n* item*\n## Under\n__\n", &[]);
        check("## Spaced\n_ not a prompt _\n", &[]);
        check("# Title\n_Prompt under a level-one heading_\n", &[]);
        check("### Deep\n_Prompt under a level-three heading_\n", &[]);
    }

    #[test]
    fn headings_in_code_are_not_headings() {
        check("## Code\n```\n## Inside\n_x_\n```\n", &[]);
        check("```\n## Inside\n_x_\n```\n", &[]);
        check("## After\n_x_\n```\n## Inside\n```\n", &[]);
    }

    #[test]
    fn a_section_ends_at_the_next_heading_of_level_two_or_one() {
        check("## A\n_a_\n# B\ntext\n## C\n_c_\n", &["A", "C"]);
        check("##NoSpace\n_x_\n", &[]);
        check("## \n_x_\n", &[]);
    }
}
