//! `rapport log`: meeting write-back. For a dated note, the Recent Context line and the last
//! contact of every person it links, computed by the core (`rapport::writeback`) on each person
//! note as it is on disk, shown, and with `--write` written through `write.rs`.

use super::write::{apply_edits, replace_note};
use super::{count, open_vault, FixJson, Options, Out, OutputFormat};
use rapport::diagnostic::utf16_offset;
use rapport::writeback::{person_edits, summary, Entry, PersonLog};
use rapport::{Date, Scope};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Serialize)]
struct LogJson<'a> {
    note: &'a str,
    date: Date,
    people: Vec<LogPersonJson<'a>>,
    written: bool,
}

#[derive(Serialize)]
struct LogPersonJson<'a> {
    path: &'a str,
    name: &'a str,
    edits: Vec<FixJson<'a>>,
    skipped: Option<String>,
}

/// One person's plan: the note's text as read and what logging does to it.
struct Planned<'a> {
    path: &'a str,
    name: &'a str,
    text: String,
    log: PersonLog,
}

/// `rapport log`: exit 0 when every person note could be read (and, with `write`, written);
/// 2 for an unknown or undated note, and when a note could not be read or written (the answer
/// is still printed, with the reason under that person's `skipped`).
pub(super) fn log(
    vault_path: &Path,
    note: &str,
    given: Option<&str>,
    write: bool,
    options: &Options,
    out: &mut Out,
) -> Result<ExitCode, String> {
    let today = options.today();
    let vault = open_vault(vault_path, options, Scope::Diagnostics)?;
    let index = &vault.index;
    let note = note.trim_start_matches("./").replace('\\', "/");
    let targets = match index.log_targets(&note) {
        Err(rapport::index::LogTargetError::NoNote { .. }) if !note.to_ascii_lowercase().ends_with(".md") => {
            index.log_targets(&format!("{note}.md"))
        }
        other => other,
    }
    .map_err(|e| format!("{e} ({})", vault_path.display()))?;
    let read = |rel: &str| std::fs::read_to_string(vault_path.join(rel)).map_err(|e| format!("cannot read {rel}: {e}"));
    let note_text = read(targets.path)?;
    let summary = summary(given, &note_text, targets.path);
    let entry = Entry { path: Some(targets.path), date: targets.date, summary: &summary };
    let key = &index.settings().config.last_contact_property;
    let mut failed = false;
    let mut planned: Vec<Planned> = Vec::with_capacity(targets.people.len());
    for (path, derived) in &targets.people {
        let (text, log) = match read(path) {
            Ok(text) => {
                let log = person_edits(&text, &entry, key, today);
                (text, log)
            }
            Err(e) => {
                failed = true;
                (String::new(), PersonLog { skipped: Some(e), ..PersonLog::default() })
            }
        };
        planned.push(Planned { path, name: &derived.name, text, log });
    }
    let mut written = false;
    if write {
        for p in planned.iter_mut().filter(|p| !p.log.edits.is_empty()) {
            let edits: Vec<rapport::TextEdit> = p.log.edits.iter().map(|e| e.edit.clone()).collect();
            let result = match apply_edits(&p.text, &edits) {
                Some(new) => replace_note(&vault_path.join(p.path), &p.text, &new).map_err(|e| e.to_string()),
                None => Err("the edits do not fit the note; nothing was written".to_string()),
            };
            match result {
                Ok(()) => written = true,
                Err(e) => {
                    failed = true;
                    let before = p.log.skipped.take().map_or(String::new(), |s| format!("; {s}"));
                    p.log.skipped = Some(format!("not written: {e}{before}"));
                }
            }
        }
    }
    if options.format == OutputFormat::Json {
        let people = planned
            .iter()
            .map(|p| LogPersonJson {
                path: p.path,
                name: p.name,
                edits: p
                    .log
                    .edits
                    .iter()
                    .map(|e| FixJson {
                        description: &e.description,
                        from: utf16_offset(&p.text, e.edit.range.start),
                        to: utf16_offset(&p.text, e.edit.range.end),
                        insert: &e.edit.insert,
                    })
                    .collect(),
                skipped: p.log.skipped.clone(),
            })
            .collect();
        out.json(&LogJson { note: targets.path, date: targets.date, people, written })?;
    } else {
        print_log(out, targets.path, targets.date, &summary, &planned, write, written);
    }
    if failed {
        eprintln!("rapport: some people notes could not be read or written; see `skipped`");
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_log(out: &mut Out, note: &str, date: Date, summary: &str, planned: &[Planned], write: bool, written: bool) {
    out.line(format!(
        "{note} ({date}): {} linked {}",
        planned.len(),
        if planned.len() == 1 { "person" } else { "people" }
    ));
    if !summary.is_empty() {
        out.line(format!("Summary: {summary}"));
    }
    for p in planned {
        out.line(format!("\n{} ({})", p.name, p.path));
        if let Some(line) = &p.log.line {
            out.line(format!("  add    {line}"));
        }
        if let Some(d) = p.log.last_contact {
            out.line(format!("  set    last contact {d}"));
        }
        if p.log.edits.is_empty() && p.log.skipped.is_none() {
            out.line("  already up to date");
        }
        if let Some(reason) = &p.log.skipped {
            out.line(format!("  skip   {reason}"));
        }
    }
    let changing = planned.iter().filter(|p| !p.log.edits.is_empty()).count();
    out.line("");
    if !write {
        out.line(format!(
            "{} to change; nothing written (add --write to write them).",
            count(changing, "note", "notes")
        ));
    } else if written {
        let failed =
            planned.iter().filter(|p| p.log.skipped.as_deref().is_some_and(|s| s.starts_with("not written"))).count();
        out.line(format!("Wrote {}.", count(changing - failed, "note", "notes")));
    } else {
        out.line("Nothing to write.");
    }
}
