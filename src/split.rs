//! Splitting a note into its YAML frontmatter block and its markdown body.

use crate::body::scan::lines_from;
use crate::diagnostic::{Code, Diagnostic, TextEdit};
use std::ops::Range;

/// Frontmatter larger than this is not parsed: real frontmatter is a few hundred bytes, and YAML
/// parsing cost grows with size, so a huge block is reported instead of slowing every update.
pub const MAX_FRONTMATTER_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frontmatter {
    /// The YAML between the fences (from the line after `---` to the start of the closing fence).
    pub yaml: Range<usize>,
    /// Where a new key can be inserted: the start of the closing fence line.
    pub insert_at: usize,
    /// The line ending the block uses (`"\r\n"` or `"\n"`), for keys the core inserts.
    pub newline: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Bytes of a leading UTF-8 byte order mark (0 or 3).
    pub bom: usize,
    pub frontmatter: Option<Frontmatter>,
    /// Where the markdown body starts.
    pub body_start: usize,
    pub diagnostics: Vec<Diagnostic>,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == "---"
}

/// A properties block that Obsidian does not see because blank lines come before its first
/// `---` (a template or a script wrote them): a warning on that line, with the fix that removes
/// the blank lines. Only when the block is closed and starts like properties (`key:`), so that
/// a note opening with a blank line and a horizontal rule is left alone.
fn late_frontmatter(text: &str, bom: usize) -> Option<Diagnostic> {
    let mut lines = lines_from(text, bom).skip_while(|(line, _)| text[line.clone()].trim().is_empty());
    let (fence, _) = lines.next().filter(|(line, _)| line.start > bom && is_fence(&text[line.clone()]))?;
    let mut inner = lines.take_while(|(line, _)| line.start - fence.end <= MAX_FRONTMATTER_BYTES);
    let (first_key, _) = inner.next()?;
    let key = text[first_key].split_once(':')?.0;
    let looks_like_key = !key.is_empty() && !key.starts_with([' ', '\t', '-', '#']) && !key.contains(['[', '(', '`']);
    if !looks_like_key || !inner.any(|(line, _)| is_fence(&text[line])) {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::FrontmatterNotFirst,
            fence.clone(),
            "Blank lines come before the properties block, so Obsidian reads it as text and the note has no properties.",
        )
        .with_fix("Remove the blank lines before the properties", TextEdit::new(bom..fence.start, "")),
    )
}

/// Finds the frontmatter block: `---` on the very first line (after an optional BOM), closed by
/// the next line that is exactly `---`. Never fails: problems become diagnostics.
pub fn split(text: &str) -> Split {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_from(text, bom);
    let no_frontmatter = Split { bom, frontmatter: None, body_start: bom, diagnostics: Vec::new() };
    let Some((first, first_full)) = lines.next() else { return no_frontmatter };
    if !is_fence(&text[first.clone()]) {
        let diagnostics = late_frontmatter(text, bom).into_iter().collect();
        return Split { diagnostics, ..no_frontmatter };
    }
    let newline = if text[first_full.clone()].ends_with("\r\n") { "\r\n" } else { "\n" };
    let yaml_start = first_full.end;
    for (line, full) in lines {
        if is_fence(&text[line.clone()]) {
            let mut diagnostics = Vec::new();
            let yaml = yaml_start..line.start;
            // An empty block is valid: Obsidian reads it as a note without properties.
            if yaml.len() > MAX_FRONTMATTER_BYTES {
                diagnostics.push(Diagnostic::error(
                    Code::FrontmatterTooLarge,
                    first.clone(),
                    format!(
                        "The frontmatter is {} KiB; Rapport reads at most {} KiB of it, so its properties were ignored.",
                        yaml.len() / 1024,
                        MAX_FRONTMATTER_BYTES / 1024
                    ),
                ));
                return Split { bom, frontmatter: None, body_start: full.end, diagnostics };
            }
            return Split {
                bom,
                frontmatter: Some(Frontmatter { yaml, insert_at: line.start, newline }),
                body_start: full.end,
                diagnostics,
            };
        }
    }
    Split {
        bom,
        frontmatter: None,
        body_start: bom,
        diagnostics: vec![Diagnostic::error(
            Code::UnterminatedFrontmatter,
            first,
            "The frontmatter starts with `---` but no closing `---` line follows, so Obsidian reads none of its properties.",
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let s = split(text);
        let fm = match &s.frontmatter {
            Some(f) => format!("yaml={:?} insert_at={} nl={:?}", &text[f.yaml.clone()], f.insert_at, f.newline),
            None => "none".to_string(),
        };
        let codes: Vec<&str> = s.diagnostics.iter().map(|d| d.code.as_str()).collect();
        let got = format!("bom={} {fm} body={:?} {codes:?}", s.bom, &text[s.body_start..]);
        assert_eq!(got, expect);
    }

    #[test]
    fn shapes() {
        check("---\na: 1\n---\nbody", r#"bom=0 yaml="a: 1\n" insert_at=9 nl="\n" body="body" []"#);
        check("\u{feff}---\r\na: 1\r\n---\r\nx", r#"bom=3 yaml="a: 1\r\n" insert_at=14 nl="\r\n" body="x" []"#);
        check("---\na: 1\n", r#"bom=0 none body="---\na: 1\n" ["unterminated-frontmatter"]"#);
        check("---\n---\nx", r#"bom=0 yaml="" insert_at=4 nl="\n" body="x" []"#);
        check("no fm\n---\n", r#"bom=0 none body="no fm\n---\n" []"#);
        check("", r#"bom=0 none body="" []"#);
        check("---", r#"bom=0 none body="---" ["unterminated-frontmatter"]"#);
        check("---  \na: 1\n---  \n", r#"bom=0 yaml="a: 1\n" insert_at=11 nl="\n" body="" []"#);
        check("---\na: 1\n----\n", r#"bom=0 none body="---\na: 1\n----\n" ["unterminated-frontmatter"]"#);
    }

    #[test]
    fn properties_after_blank_lines_are_not_seen_and_the_fix_moves_them_up() {
        let fixed = |text: &str| {
            let s = split(text);
            assert!(s.frontmatter.is_none(), "{text:?}: Obsidian sees no properties");
            s.diagnostics
                .iter()
                .find(|d| d.code == Code::FrontmatterNotFirst)
                .and_then(|d| d.fix.as_ref())
                .and_then(|f| f.edit.apply(text))
        };
        assert_eq!(fixed("\n---\ntype: people\n---\n# Ada\n").as_deref(), Some("---\ntype: people\n---\n# Ada\n"));
        assert_eq!(
            fixed("\u{feff} \r\n\r\n---\r\ntype: people\r\n---\r\n").as_deref(),
            Some("\u{feff}---\r\ntype: people\r\n---\r\n")
        );
        // A blank line and a horizontal rule around prose, or a block never closed: no warning.
        assert_eq!(fixed("\n---\nSome prose here.\n---\n"), None);
        assert_eq!(fixed("\n---\n- [ ] a: task\n---\n"), None);
        assert_eq!(fixed("\n---\ntype: people\n"), None);
        assert_eq!(fixed("text\n---\ntype: people\n---\n"), None);
    }
}
