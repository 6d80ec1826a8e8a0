//! Recurring tasks: the next occurrence of a `🔁 every …` rule, as the Tasks plugin writes them.

use crate::date::Date;

/// The largest count a rule may give (`every 10000 days`). Larger counts are typos, and an
/// unbounded one (`every 99999999999 years`) would carry dates past any calendar arithmetic.
pub const MAX_RECURRENCE_COUNT: i64 = 10_000;

/// When the next occurrence falls, given the rule's reference date (the task's due date, else
/// scheduled, else start) and the day it was completed.
///
/// Understands `every [N|other] day(s)|week(s)|month(s)|year(s)`, `every weekday`,
/// `every <weekday>` and a trailing `when done` (count from the completion day instead).
/// `None` for a rule it does not understand: the task is then completed without a new occurrence.
pub fn next(rule: &str, reference: Date, done: Date) -> Option<Date> {
    let rule = rule.trim().to_lowercase();
    let (rule, when_done) = match rule.strip_suffix("when done") {
        Some(r) => (r.trim().to_string(), true),
        None => (rule, false),
    };
    let base = if when_done { done } else { reference };
    let rest = rule.strip_prefix("every")?.trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (count, unit) = match words.as_slice() {
        [unit] => (1, *unit),
        ["other", unit] => (2, *unit),
        [n, unit] => (n.parse::<i64>().ok().filter(|n| (1..=MAX_RECURRENCE_COUNT).contains(n))?, *unit),
        _ => return None,
    };
    match unit.trim_end_matches('s') {
        "day" => Some(base.add_days(count)),
        "week" => Some(base.add_days(7 * count)),
        "month" => Some(add_months(base, count)),
        "year" => Some(add_months(base, 12 * count)),
        "weekday" if count == 1 => {
            let mut d = base.add_days(1);
            while weekday(d) >= 5 {
                d = d.add_days(1);
            }
            Some(d)
        }
        name => {
            let target = WEEKDAYS.iter().position(|w| *w == name)? as i64;
            let ahead = (target - weekday(base) + 7) % 7;
            Some(base.add_days(if ahead == 0 { 7 * count } else { ahead + 7 * (count - 1) }))
        }
    }
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
fn weekday(d: Date) -> i64 {
    (d.to_days() + 3).rem_euclid(7)
}

/// The same day `months` later, clamped to the end of a shorter month (Jan 31 → Feb 28).
fn add_months(d: Date, months: i64) -> Date {
    let total = i64::from(d.year) * 12 + i64::from(d.month) - 1 + months;
    let (year, month) = (total.div_euclid(12) as i32, (total.rem_euclid(12) + 1) as u8);
    let mut day = d.day;
    loop {
        if let Some(date) = Date::new(year, month, day) {
            return date;
        }
        day -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap_or(Date { year: 1, month: 1, day: 1 })
    }

    fn check(rule: &str, reference: &str, expect: Option<&str>) {
        assert_eq!(next(rule, d(reference), d("2026-11-26")), expect.map(d), "{rule} from {reference}");
    }

    #[test]
    fn rules() {
        check("every day", "2026-11-27", Some("2026-11-28"));
        check("every 3 days", "2026-11-27", Some("2026-11-30"));
        check("every week", "2026-11-27", Some("2026-12-04"));
        check("every other week", "2026-11-27", Some("2026-12-11"));
        check("every 2 weeks", "2026-11-27", Some("2026-12-11"));
        check("every month", "2026-01-31", Some("2026-02-28"));
        check("every month", "2024-01-31", Some("2024-02-29"));
        check("every 3 months", "2026-11-15", Some("2027-02-15"));
        check("every year", "2024-02-29", Some("2025-02-28"));
        check("every weekday", "2026-11-27", Some("2026-11-30")); // a Friday: next is Monday
        check("every weekday", "2026-11-25", Some("2026-11-26"));
        check("every Monday", "2026-11-27", Some("2026-11-30"));
        check("every friday", "2026-11-27", Some("2026-12-04"));
        check("every week when done", "2026-10-01", Some("2026-12-03"));
        check("Every Week", "2026-11-27", Some("2026-12-04"));
        check("every blue moon", "2026-11-27", None);
        check("every 0 days", "2026-11-27", None);
        check("every 99999999999 days", "2026-11-27", None);
        check("weekly", "2026-11-27", None);
        check("", "2026-11-27", None);
    }
}
