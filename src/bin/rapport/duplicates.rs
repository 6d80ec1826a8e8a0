//! `rapport duplicates`: groups of people that may be one person, each with its reasons
//! (`Index::duplicates` finds them).

use super::{count, open_vault, Options, Out, OutputFormat};
use rapport::Scope;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Serialize)]
struct PersonJson<'a> {
    path: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    people: Vec<PersonJson<'a>>,
    reasons: &'a [String],
}

/// The contract of `rapport duplicates --format json` (README, "The command line").
#[derive(Serialize)]
struct DuplicatesJson<'a> {
    groups: Vec<GroupJson<'a>>,
}

/// `rapport duplicates`: every group, people by path, groups by their first path.
pub(super) fn duplicates(vault: &Path, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    // Names, aliases, contact tables and links are all it reads: no open task is needed.
    let vault = open_vault(vault, options, Scope::Diagnostics)?;
    let groups = vault.index.duplicates();
    if options.format == OutputFormat::Json {
        let groups = groups
            .iter()
            .map(|g| GroupJson {
                people: g.people.iter().map(|p| PersonJson { path: p.path, name: p.name }).collect(),
                reasons: &g.reasons,
            })
            .collect();
        out.json(&DuplicatesJson { groups })?;
    } else {
        for (n, g) in groups.iter().enumerate() {
            if n > 0 {
                out.line("");
            }
            out.line(count(g.people.len(), "person", "people") + " may be one:");
            for p in &g.people {
                out.line(format!("  {} ({})", p.name, p.path));
            }
            for r in &g.reasons {
                out.line(format!("  - {r}"));
            }
        }
        if groups.is_empty() {
            out.line("No duplicate people found.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
