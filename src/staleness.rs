//! Relationship staleness: effective last contact, cadence, score, status and a reason.

use crate::cadence::{self, Cadence};
use crate::config::Settings;
use crate::date::Date;
use crate::note::Person;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Stale,
    Overdue,
    Due,
    Never,
    Ok,
    Snoozed,
    Paused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stale => "stale",
            Status::Overdue => "overdue",
            Status::Due => "due",
            Status::Never => "never",
            Status::Ok => "ok",
            Status::Snoozed => "snoozed",
            Status::Paused => "paused",
        }
    }
}

/// Where the effective last contact came from. Declared in order of preference on equal dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Frontmatter,
    RecentContext,
    LinkedNote,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Frontmatter => "frontmatter",
            Source::RecentContext => "recent-context",
            Source::LinkedNote => "linked-note",
        }
    }

    /// What the reason calls this source; `key` is the last contact property.
    fn describe(self, key: &str) -> &str {
        match self {
            Source::Frontmatter => key,
            Source::RecentContext => "Recent Context",
            Source::LinkedNote => "a linked note",
        }
    }
}

/// Where a person's cadence came from: their note, a tag rule or the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceSource {
    Note,
    Tag,
    Default,
}

impl CadenceSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CadenceSource::Note => "note",
            CadenceSource::Tag => "tag",
            CadenceSource::Default => "default",
        }
    }
}

/// One dated piece of evidence of contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub date: Date,
    pub source: Source,
    /// The linking note, for [`Source::LinkedNote`].
    pub path: Option<String>,
}

/// One person's staleness on a day. JavaScript receives it as `view::StaleContactView`, the CLI
/// as its own JSON contract.
#[derive(Clone, Debug, PartialEq)]
pub struct StaleContact {
    pub path: String,
    pub name: String,
    pub company: Option<String>,
    pub tags: Vec<String>,
    pub last_contact: Option<Date>,
    pub evidence: Option<Source>,
    pub evidence_path: Option<String>,
    pub frontmatter_last_contact: Option<Date>,
    pub days_since: Option<i64>,
    pub cadence: String,
    pub cadence_days: Option<u32>,
    pub cadence_source: CadenceSource,
    pub score: Option<f64>,
    pub status: Status,
    pub snooze_until: Option<Date>,
    pub open_tasks: usize,
    pub reason: String,
}

/// The person's cadence: the note's own, else the first tag rule, else the default.
pub fn cadence_of(person: &Person, settings: &Settings) -> (Cadence, String, CadenceSource) {
    if let Some(v) = &person.cadence {
        if let Some(c) = cadence::from_value(v) {
            return (c, cadence::value_text(v), CadenceSource::Note);
        }
    }
    if let Some((c, text)) = settings.tag_cadence(&person.tags) {
        return (c, text.to_string(), CadenceSource::Tag);
    }
    (settings.default_cadence, settings.config.default_cadence.trim().to_string(), CadenceSource::Default)
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// Everything about one person's staleness on `today`. `evidence` is every candidate (already
/// limited to dates on or before today); the newest wins, so adding evidence never moves the
/// effective last contact backwards.
pub struct Assessment<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub person: &'a Person,
    pub evidence: Option<Evidence>,
    pub open_tasks: usize,
}

/// Keeps the newer of two pieces of evidence; on the same day the more direct source.
pub fn newest(a: Option<Evidence>, b: Option<Evidence>) -> Option<Evidence> {
    match (a, b) {
        (Some(a), Some(b)) => {
            Some(if (b.date, std::cmp::Reverse(b.source)) > (a.date, std::cmp::Reverse(a.source)) { b } else { a })
        }
        (a, None) => a,
        (None, b) => b,
    }
}

pub fn assess(a: Assessment, settings: &Settings, today: Date) -> StaleContact {
    let (cadence, cadence_text, cadence_source) = cadence_of(a.person, settings);
    let t = settings.config.thresholds;
    let last = a.evidence.as_ref().map(|e| e.date);
    let days_since = last.map(|d| today.days_since(d));
    let cadence_days = match cadence {
        Cadence::Days(d) => Some(d),
        Cadence::Paused => None,
    };
    let score = match (days_since, cadence_days) {
        (Some(s), Some(c)) => Some((s as f64 / f64::from(c) * 1000.0).round() / 1000.0),
        _ => None,
    };
    let snoozed = a.person.snooze_until.filter(|d| *d > today);
    let status = if cadence == Cadence::Paused {
        Status::Paused
    } else if snoozed.is_some() {
        Status::Snoozed
    } else {
        match score {
            None => Status::Never,
            Some(s) if s >= t.stale => Status::Stale,
            Some(s) if s >= t.overdue => Status::Overdue,
            Some(s) if s >= t.due => Status::Due,
            Some(_) => Status::Ok,
        }
    };
    let since = match (&a.evidence, days_since) {
        (Some(e), Some(d)) => {
            let when = match d {
                0 => "today".to_string(),
                1 => "yesterday".to_string(),
                d => format!("{} ago", plural(d, "day")),
            };
            format!("Last contact {when} ({}, {})", e.source.describe(&settings.config.last_contact_property), e.date)
        }
        _ => String::new(),
    };
    let reason = match status {
        Status::Paused => format!("Paused: cadence is `{cadence_text}`, so no reminders."),
        Status::Snoozed => format!("Snoozed until {}.", snoozed.map(|d| d.to_string()).unwrap_or_default()),
        Status::Never => format!(
            "No contact on record: no {}, no dated Recent Context line, no dated note linking them.",
            settings.config.last_contact_property
        ),
        _ => {
            let c = i64::from(cadence_days.unwrap_or(1));
            let d = days_since.unwrap_or(0);
            let rhythm = format!("every {} ({cadence_text})", plural(c, "day"));
            if d > c {
                format!("{since}; {rhythm}: {} overdue.", plural(d - c, "day"))
            } else if d == c {
                format!("{since}; {rhythm}: due today.")
            } else {
                format!("{since}; {rhythm}: next in {}.", plural(c - d, "day"))
            }
        }
    };
    StaleContact {
        path: a.path.to_string(),
        name: a.name.to_string(),
        company: a.person.company.clone(),
        tags: a.person.tags.clone(),
        last_contact: last,
        evidence: a.evidence.as_ref().map(|e| e.source),
        evidence_path: a.evidence.as_ref().and_then(|e| e.path.clone()),
        frontmatter_last_contact: a.person.last_contact,
        days_since,
        cadence: cadence_text,
        cadence_days,
        cadence_source,
        score,
        status,
        snooze_until: a.person.snooze_until,
        open_tasks: a.open_tasks,
        reason,
    }
}

/// The order of the stale list, given each contact's lower-cased name: by status (stale,
/// overdue, due, never, ok, snoozed, paused), then score, then name, then path.
pub fn order(a: &StaleContact, a_lower: &str, b: &StaleContact, b_lower: &str) -> std::cmp::Ordering {
    a.status
        .cmp(&b.status)
        .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
        .then_with(|| a_lower.cmp(b_lower))
        .then_with(|| a.path.cmp(&b.path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, TagCadence};
    use crate::frontmatter::Value;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap_or(Date { year: 1, month: 1, day: 1 })
    }

    /// Renders `status score days cadence(source) | reason` for a person.
    fn check(person: Person, evidence: Option<(&str, Source)>, expect: &str) {
        let settings = Settings::new(Config {
            tag_cadences: vec![TagCadence { tag: "company/*".into(), cadence: "monthly".into() }],
            ..Config::default()
        })
        .unwrap_or_default();
        let evidence = evidence.map(|(date, source)| Evidence { date: d(date), source, path: None });
        let c = assess(
            Assessment { path: "People/X.md", name: "X", person: &person, evidence, open_tasks: 2 },
            &settings,
            d("2026-11-26"),
        );
        let got = format!(
            "{} {:?} {:?} {}({:?}) | {}",
            c.status.as_str(),
            c.score,
            c.days_since,
            c.cadence,
            c.cadence_source,
            c.reason
        );
        assert_eq!(got, expect);
        assert_eq!(c.open_tasks, 2);
    }

    fn with_cadence(c: &str) -> Person {
        Person { cadence: Some(Value::String(c.into())), ..Person::default() }
    }

    #[test]
    fn statuses() {
        check(with_cadence("monthly"), Some(("2026-11-20", Source::Frontmatter)), "ok Some(0.2) Some(6) monthly(Note) | Last contact 6 days ago (last_contact, 2026-11-20); every 30 days (monthly): next in 24 days.");
        check(with_cadence("monthly"), Some(("2026-11-01", Source::RecentContext)), "due Some(0.833) Some(25) monthly(Note) | Last contact 25 days ago (Recent Context, 2026-11-01); every 30 days (monthly): next in 5 days.");
        check(with_cadence("monthly"), Some(("2026-10-27", Source::LinkedNote)), "overdue Some(1.0) Some(30) monthly(Note) | Last contact 30 days ago (a linked note, 2026-10-27); every 30 days (monthly): due today.");
        check(with_cadence("14d"), Some(("2026-10-01", Source::Frontmatter)), "stale Some(4.0) Some(56) 14d(Note) | Last contact 56 days ago (last_contact, 2026-10-01); every 14 days (14d): 42 days overdue.");
        check(Person::default(), None, "never None None quarterly(Default) | No contact on record: no last_contact, no dated Recent Context line, no dated note linking them.");
        check(
            with_cadence("none"),
            Some(("2020-01-01", Source::Frontmatter)),
            "paused None Some(2521) none(Note) | Paused: cadence is `none`, so no reminders.",
        );
        check(
            Person { snooze_until: Some(d("2027-01-15")), ..with_cadence("weekly") },
            Some(("2026-01-01", Source::Frontmatter)),
            "snoozed Some(47.0) Some(329) weekly(Note) | Snoozed until 2027-01-15.",
        );
        // A snooze that has ended no longer hides the contact.
        check(
            Person { snooze_until: Some(d("2026-11-26")), ..with_cadence("weekly") },
            Some(("2026-11-25", Source::Frontmatter)),
            "ok Some(0.143) Some(1) weekly(Note) | Last contact yesterday (last_contact, 2026-11-25); every 7 days (weekly): next in 6 days.",
        );
    }

    #[test]
    fn cadence_comes_from_note_then_tag_then_default() {
        let tagged = Person { tags: vec!["company/acme".into()], ..Person::default() };
        check(tagged.clone(), Some(("2026-11-26", Source::Frontmatter)), "ok Some(0.0) Some(0) monthly(Tag) | Last contact today (last_contact, 2026-11-26); every 30 days (monthly): next in 30 days.");
        let invalid_own = Person { cadence: Some(Value::String("often".into())), ..tagged };
        check(invalid_own, Some(("2026-11-26", Source::Frontmatter)), "ok Some(0.0) Some(0) monthly(Tag) | Last contact today (last_contact, 2026-11-26); every 30 days (monthly): next in 30 days.");
        check(
            Person { cadence: Some(Value::Number(10.0)), ..Person::default() },
            Some(("2026-11-16", Source::Frontmatter)),
            "overdue Some(1.0) Some(10) 10(Note) | Last contact 10 days ago (last_contact, 2026-11-16); every 10 days (10): due today.",
        );
    }

    #[test]
    fn newest_prefers_later_dates_then_direct_sources() {
        let e = |date: &str, source| Some(Evidence { date: d(date), source, path: None });
        assert_eq!(
            newest(e("2026-01-01", Source::Frontmatter), e("2026-02-01", Source::LinkedNote)).map(|x| x.source),
            Some(Source::LinkedNote)
        );
        assert_eq!(
            newest(e("2026-02-01", Source::LinkedNote), e("2026-02-01", Source::Frontmatter)).map(|x| x.source),
            Some(Source::Frontmatter)
        );
        assert_eq!(newest(e("2026-02-01", Source::RecentContext), None).map(|x| x.source), Some(Source::RecentContext));
    }

    #[test]
    fn order_is_most_overdue_first() {
        let mk = |name: &str, status, score| StaleContact {
            path: String::new(),
            name: name.into(),
            company: None,
            tags: vec![],
            last_contact: None,
            evidence: None,
            evidence_path: None,
            frontmatter_last_contact: None,
            days_since: None,
            cadence: String::new(),
            cadence_days: None,
            cadence_source: CadenceSource::Default,
            score,
            status,
            snooze_until: None,
            open_tasks: 0,
            reason: String::new(),
        };
        let mut v = [
            mk("b", Status::Ok, Some(0.1)),
            mk("a", Status::Stale, Some(2.5)),
            mk("c", Status::Stale, Some(9.0)),
            mk("d", Status::Never, None),
            mk("e", Status::Paused, None),
        ];
        v.sort_by(|a, b| order(a, &a.name.to_lowercase(), b, &b.name.to_lowercase()));
        let names: Vec<&str> = v.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "d", "b", "e"]);
    }
}
