//! How often to keep in touch: the cadence forms people write (`monthly`, `14d`, `3m`, `30`).

use crate::frontmatter::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// Keep in touch every this many days.
    Days(u32),
    /// `none`: never remind (the contact is paused).
    Paused,
}

/// A cadence longer than this is surely a typo (`3000d`), and larger numbers would overflow
/// date arithmetic in scores.
pub const MAX_CADENCE_DAYS: u32 = 10 * 366;

/// Days in the units people write: a month counts 30 days, a year 365.
pub fn parse(text: &str) -> Option<Cadence> {
    let t = text.trim().to_ascii_lowercase();
    let days = match t.as_str() {
        "none" | "never" | "paused" | "off" => return Some(Cadence::Paused),
        "daily" => 1,
        "weekly" => 7,
        "biweekly" | "fortnightly" => 14,
        "monthly" => 30,
        "bimonthly" => 60,
        "quarterly" => 90,
        "semiannually" | "half-yearly" | "biannually" => 182,
        "yearly" | "annually" => 365,
        _ => {
            let unit_at = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            let (num, unit) = t.split_at(unit_at);
            let n: u32 = num.parse().ok()?;
            let per = match unit.trim() {
                "" | "d" | "day" | "days" => 1,
                "w" | "week" | "weeks" => 7,
                "m" | "month" | "months" => 30,
                "y" | "year" | "years" => 365,
                _ => return None,
            };
            n.checked_mul(per)?
        }
    };
    (1..=MAX_CADENCE_DAYS).contains(&days).then_some(Cadence::Days(days))
}

/// A cadence written as a YAML value (`cadence: 30` is a number, `cadence: 2w` a string).
pub fn from_value(value: &Value) -> Option<Cadence> {
    match value {
        Value::String(s) => parse(s),
        Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= MAX_CADENCE_DAYS as f64 => {
            Some(Cadence::Days(*n as u32))
        }
        _ => None,
    }
}

/// The cadence as text (the form written in a note or rule).
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => crate::frontmatter::format_number(*n),
        other => other.kind().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<Cadence>) {
        assert_eq!(parse(input), expect, "input {input:?}");
    }

    #[test]
    fn forms() {
        check("weekly", Some(Cadence::Days(7)));
        check("Monthly", Some(Cadence::Days(30)));
        check("quarterly", Some(Cadence::Days(90)));
        check("yearly", Some(Cadence::Days(365)));
        check("14d", Some(Cadence::Days(14)));
        check("2w", Some(Cadence::Days(14)));
        check("3m", Some(Cadence::Days(90)));
        check("1y", Some(Cadence::Days(365)));
        check("30", Some(Cadence::Days(30)));
        check("10 days", Some(Cadence::Days(10)));
        check("none", Some(Cadence::Paused));
        check("0", None);
        check("0d", None);
        check("99999999999d", None);
        check("4000d", None);
        check("sometimes", None);
        check("", None);
        check("-3d", None);
        assert_eq!(from_value(&Value::Number(21.0)), Some(Cadence::Days(21)));
        assert_eq!(from_value(&Value::Number(2.5)), None);
        assert_eq!(from_value(&Value::Bool(true)), None);
    }
}
