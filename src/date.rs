//! Calendar dates without a clock: parsing of the forms found in vaults, and day arithmetic.

use std::fmt;

/// A proleptic Gregorian calendar date. Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// What a piece of text says as a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateParse {
    /// `YYYY-MM-DD`, a real day.
    Iso(Date),
    /// ISO-shaped but no such day (`2025-02-30`, `2025-13-45`).
    Impossible,
    /// Another recognisable form (`10/31/2025`, `Oct 31, 2025`) and the day it names.
    /// `ambiguous` is set when day and month could be swapped (`03/04/2025`).
    Loose { date: Date, ambiguous: bool },
    /// Not a date.
    NotADate,
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

impl Date {
    /// A date if the triple is a real calendar day.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Strict `YYYY-MM-DD` (exactly ten characters).
    pub fn parse_iso(text: &str) -> Option<Date> {
        match parse(text) {
            DateParse::Iso(d) => Some(d),
            _ => None,
        }
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days algorithm.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// Whole days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.to_days() - earlier.to_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A day or month number as `Date::new` takes it. Numbers too big for a `u8` become one that is
/// never a day or month, instead of wrapping (`257` must not read as `1`).
fn small(n: u32) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn month_name(text: &str) -> Option<u8> {
    let lower = text.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m) && (lower.len() == 3 || full_month_matches(&lower)))
        .map(|i| i as u8 + 1)
}

fn full_month_matches(lower: &str) -> bool {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    FULL.contains(&lower) || lower == "sept"
}

/// Whether `rest` is the time part of an Obsidian "Date & time" value after its day: `T` or a
/// space, then `HH:MM`, optional `:SS` and fraction, and an optional `Z` or `±HH:MM` offset.
fn is_time_of_day(rest: &str) -> bool {
    let Some(time) = rest.strip_prefix(['T', ' ']) else { return false };
    let zone_at = time.find(['Z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_at);
    let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
    let mut parts = clock.split(':');
    let hours_minutes = parts.next().is_some_and(two_digits) && parts.next().is_some_and(two_digits);
    let seconds = parts.next().is_none_or(|s| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        two_digits(whole) && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    let offset = zone.is_empty() || zone == "Z" || {
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())
    };
    hours_minutes && seconds && parts.next().is_none() && offset
}

/// Reads `text` (already trimmed of quotes) as a date in any of the forms seen in vaults,
/// Obsidian's own among them: a "Date & time" value (`2026-11-01T10:30:00`, `2026-11-01 10:30`)
/// is its day, and so is a link to a daily note (`[[2026-11-01]]`, `[[2026-11-01|Sunday]]`).
pub fn parse(text: &str) -> DateParse {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        let day = inner.split('|').next().unwrap_or(inner).trim();
        let day = day.rsplit('/').next().unwrap_or(day);
        return match parse(day) {
            iso @ (DateParse::Iso(_) | DateParse::Impossible) if day.len() == 10 => iso,
            _ => DateParse::NotADate,
        };
    }
    if text.len() > 10 && text.is_char_boundary(10) && is_time_of_day(&text[10..]) {
        return parse(&text[..10]);
    }
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (number(&text[..4]), number(&text[5..7]), number(&text[8..])) {
            return match Date::new(y as i32, small(m), small(d)) {
                Some(date) => DateParse::Iso(date),
                None => DateParse::Impossible,
            };
        }
    }
    // Numeric forms with '/', '.' or '-' separators: Y/M/D, M/D/Y or D/M/Y.
    for sep in ['/', '.', '-'] {
        let parts: Vec<&str> = text.split(sep).collect();
        if parts.len() != 3 {
            continue;
        }
        let nums: Vec<Option<u32>> = parts.iter().map(|p| number(p)).collect();
        let (Some(a), Some(b2), Some(c)) = (nums[0], nums[1], nums[2]) else { continue };
        if parts[0].len() == 4 {
            return loose(Date::new(a as i32, small(b2), small(c)), false);
        }
        if parts[2].len() == 4 || parts[2].len() == 2 {
            let year = if parts[2].len() == 2 { 2000 + c as i32 } else { c as i32 };
            // Month first (US) unless the first number cannot be a month.
            if a > 12 {
                return loose(Date::new(year, small(b2), small(a)), false);
            }
            let ambiguous = b2 <= 12 && a != b2;
            return loose(Date::new(year, small(a), small(b2)), ambiguous);
        }
    }
    // Named months: "Oct 31, 2025", "31 October 2025", "October 31 2025".
    let words: Vec<&str> = text.split([' ', ',', '\u{a0}']).filter(|w| !w.is_empty()).collect();
    if words.len() == 3 {
        let strip = |w: &str| -> Option<u32> { number(w.trim_end_matches(|c: char| c.is_ascii_alphabetic())) };
        if let (Some(m), Some(d), Some(y)) = (month_name(words[0]), strip(words[1]), number(words[2])) {
            return loose(Date::new(y as i32, m, small(d)), false);
        }
        if let (Some(d), Some(m), Some(y)) = (strip(words[0]), month_name(words[1]), number(words[2])) {
            return loose(Date::new(y as i32, m, small(d)), false);
        }
    }
    DateParse::NotADate
}

fn loose(date: Option<Date>, ambiguous: bool) -> DateParse {
    match date {
        Some(date) => DateParse::Loose { date, ambiguous },
        None => DateParse::Impossible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let got = match parse(input) {
            DateParse::Iso(d) => format!("iso {d}"),
            DateParse::Impossible => "impossible".to_string(),
            DateParse::Loose { date, ambiguous } => {
                format!("loose {date}{}", if ambiguous { " ambiguous" } else { "" })
            }
            DateParse::NotADate => "not a date".to_string(),
        };
        assert_eq!(got, expect, "input {input:?}");
    }

    #[test]
    fn forms() {
        check("2025-10-31", "iso 2025-10-31");
        check("2024-02-29", "iso 2024-02-29");
        check("2025-02-29", "impossible");
        check("2025-02-30", "impossible");
        check("2025-13-45", "impossible");
        check("10/31/2025", "loose 2025-10-31");
        check("31/10/2025", "loose 2025-10-31");
        check("03/04/2025", "loose 2025-03-04 ambiguous");
        check("2025/10/31", "loose 2025-10-31");
        check("31.10.2025", "loose 2025-10-31");
        check("2025-1-5", "loose 2025-01-05");
        check("Oct 31, 2025", "loose 2025-10-31");
        check("31 October 2025", "loose 2025-10-31");
        check("September 3rd 2025", "loose 2025-09-03");
        check("13/13/2025", "impossible");
        check("soon", "not a date");
        check("", "not a date");
        check("2025-10-3x", "not a date");
        check("１２３４-56-78", "not a date");
    }

    #[test]
    fn obsidian_date_time_values_and_daily_note_links_are_their_day() {
        check("2026-11-01T10:30:00", "iso 2026-11-01");
        check("2026-11-01T10:30", "iso 2026-11-01");
        check("2026-11-01 10:30", "iso 2026-11-01");
        check("2026-11-01T10:30:00.250Z", "iso 2026-11-01");
        check("2026-11-01T10:30:00+02:00", "iso 2026-11-01");
        check("2026-11-01T10:30:00-0500", "iso 2026-11-01");
        check("2026-02-30T10:30", "impossible");
        check("[[2026-11-01]]", "iso 2026-11-01");
        check("[[Daily/2026-11-01|Sunday]]", "iso 2026-11-01");
        check("[[2026-02-30]]", "impossible");
        // Not a time, not a daily note: no date.
        check("2026-11-01 lunch", "not a date");
        check("2026-11-01T1030", "not a date");
        check("2026-11-01T10:30:00:00", "not a date");
        check("[[2026-11-01 - Kickoff]]", "not a date");
        check("[[10/31/2025]]", "not a date");
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for days in [-800_000i64, -1, 0, 1, 59, 10_957, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        let a = Date::new(2025, 10, 31).unwrap();
        let b = Date::new(2026, 11, 26).unwrap();
        assert_eq!(b.days_since(a), 391);
        assert_eq!(a.add_days(391), b);
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
    }
}
