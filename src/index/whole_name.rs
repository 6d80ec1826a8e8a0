//! Whether a text mentions a name as a whole name, not inside a longer word.

/// Whether `haystack` contains `needle` (both lower-cased) as a whole name: not inside a longer
/// word on either side.
pub fn contains_whole(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let starts_alnum = needle.chars().next().is_some_and(char::is_alphanumeric);
    let ends_alnum = needle.chars().next_back().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let at = from + i;
        let end = at + needle.len();
        let before_ok = !starts_alnum || !haystack[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let after_ok = !ends_alnum || !haystack[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return true;
        }
        from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// `contains_whole` for an ASCII haystack in any letter case and a lower-cased needle, without
/// lower-casing the haystack first.
fn contains_whole_ascii(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (Some(&first), Some(&last)) = (n.first(), n.last()) else { return false };
    if !needle.is_ascii() || n.len() > h.len() {
        return false;
    }
    let (starts_alnum, ends_alnum) = (first.is_ascii_alphanumeric(), last.is_ascii_alphanumeric());
    // Only positions holding the needle's first letter (in either case) are compared further.
    (0..=h.len() - n.len()).filter(|&at| h[at].to_ascii_lowercase() == first).any(|at| {
        let end = at + n.len();
        h[at..end].eq_ignore_ascii_case(n)
            && (!starts_alnum || at == 0 || !h[at - 1].is_ascii_alphanumeric())
            && (!ends_alnum || end == h.len() || !h[end].is_ascii_alphanumeric())
    })
}

/// Whether a task description mentions `name` (lower-cased) as a whole name, that is
/// `contains_whole(&description.to_lowercase(), name)`. An ASCII description is compared in
/// place: lower-casing ASCII changes no length and no letter into a non-letter, so the answer is
/// the same, without an allocation per candidate task.
pub(super) fn mentions_whole(description: &str, name: &str) -> bool {
    if description.is_ascii() {
        contains_whole_ascii(description, name)
    } else {
        contains_whole(&description.to_lowercase(), name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_descriptions_are_matched_in_place_with_the_same_answers() {
        let haystacks = [
            "Call Ada Brennan today",
            "ADA BRENNANSON",
            "xAda Brennan",
            "(Ada Brennan)",
            "Ada",
            "",
            "c++ Guild meeting",
            "Ada  Brennan",
            "ada brennan",
        ];
        let needles = ["ada brennan", "ada", "c++ guild", "(ada", "brennan)", "", "éada", "a"];
        for h in haystacks {
            for n in needles {
                assert_eq!(mentions_whole(h, n), contains_whole(&h.to_lowercase(), n), "{h:?} {n:?}");
            }
        }
        assert!(mentions_whole("Ask ÉADA BRENNAN", "éada brennan"));
    }

    #[test]
    fn whole_names() {
        let check = |h: &str, n: &str, expect: bool| assert_eq!(contains_whole(h, n), expect, "{h:?} {n:?}");
        check("call ada brennan today", "ada brennan", true);
        check("ada brennanson", "ada brennan", false);
        check("xada brennan", "ada brennan", false);
        check("ada brennan's deck", "ada brennan", true);
        check("(ada brennan)", "ada brennan", true);
        check("ask dr. o'neil (jr.) now", "dr. o'neil (jr.)", true);
        check("c++ guild meeting", "c++ guild", true);
        check("c++ guilds", "c++ guild", false);
        check("ada ada brennan", "ada brennan", true);
        check("", "ada", false);
        check("ada", "", false);
        check("éada brennan", "ada brennan", false);
    }
}
