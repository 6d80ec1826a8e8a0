//! `rapport review`: the people a tool made or tagged for review, with what is left to fill in,
//! how often the vault names them, where they were first seen and whom they may duplicate
//! (`Index::review_queue` answers).

use super::{count, open_vault, Options, Out, OutputFormat};
use rapport::index::ReviewPerson;
use rapport::{Date, Scope};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Serialize)]
struct FirstSeenJson<'a> {
    path: &'a str,
    date: Date,
}

#[derive(Serialize)]
struct DuplicateJson<'a> {
    path: &'a str,
    name: &'a str,
    reason: &'a str,
}

/// One person, the contract's fields in its order (README, "Review queue").
#[derive(Serialize)]
struct PersonJson<'a> {
    path: &'a str,
    name: &'a str,
    auto_created: bool,
    needs_review: bool,
    created: Option<Date>,
    missing: &'a [String],
    mentions: usize,
    first_seen: Option<FirstSeenJson<'a>>,
    duplicates: Vec<DuplicateJson<'a>>,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    people: Vec<PersonJson<'a>>,
}

fn person_json<'a>(p: &'a ReviewPerson<'a>) -> PersonJson<'a> {
    PersonJson {
        path: p.path,
        name: p.name,
        auto_created: p.auto_created,
        needs_review: p.needs_review,
        created: p.created,
        missing: &p.missing,
        mentions: p.mentions,
        first_seen: p.first_seen.as_ref().map(|f| FirstSeenJson { path: f.path, date: f.date }),
        duplicates: p
            .duplicates
            .iter()
            .map(|d| DuplicateJson { path: d.path, name: d.name, reason: &d.reason })
            .collect(),
    }
}

/// `rapport review`: the queue, most mentioned first, then by name.
pub(super) fn review(vault: &Path, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    // Mentions in open tasks need the tasks filed.
    let vault = open_vault(vault, options, Scope::Everything)?;
    let queue = vault.index.review_queue(options.today());
    if options.format == OutputFormat::Json {
        out.json(&ReviewJson { people: queue.iter().map(person_json).collect() })?;
        return Ok(ExitCode::SUCCESS);
    }
    if queue.is_empty() {
        out.line("Nobody to review.");
        return Ok(ExitCode::SUCCESS);
    }
    out.line(format!("{} to review, most mentioned first", count(queue.len(), "person", "people")));
    for p in &queue {
        out.line("");
        let why: Vec<&str> = [(p.auto_created, "auto-created"), (p.needs_review, "tagged needs-review")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, w)| *w)
            .collect();
        out.line(format!("{} ({}): {}", p.name, p.path, why.join(", ")));
        if let Some(created) = p.created {
            out.line(format!("  created {created}"));
        }
        let seen = match &p.first_seen {
            Some(f) => format!(", first seen {} in {}", f.date, f.path),
            None => String::new(),
        };
        out.line(format!("  {}{seen}", count(p.mentions, "note mentions them", "notes mention them")));
        if !p.missing.is_empty() {
            out.line(format!("  missing: {}", p.missing.join(", ")));
        }
        for d in &p.duplicates {
            out.line(format!("  may be {} ({}): {}", d.name, d.path, d.reason));
        }
    }
    Ok(ExitCode::SUCCESS)
}
