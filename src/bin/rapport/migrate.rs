//! `rapport migrate`: the Dataview blocks of people notes rewritten as rapport blocks
//! (`rapport::migrate` computes the edits; `write.rs` writes them).

use super::write::{apply_edits, replace_note, WriteError};
use super::{count, markdown_files, read_config, vault_settings, Options, Out, OutputFormat};
use rapport::migrate::{has_dataview, plan_note, MigrationPlan};
use rapport::Settings;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Serialize)]
struct BlockJson<'a> {
    path: &'a str,
    line: u32,
    kind: &'static str,
    from: u32,
    to: u32,
    insert: &'a str,
}

#[derive(Serialize)]
struct SkippedJson<'a> {
    path: &'a str,
    line: u32,
    reason: &'a str,
}

/// A note that was to be written and was not.
#[derive(Serialize)]
struct FailedJson<'a> {
    path: &'a str,
    reason: String,
}

#[derive(Serialize)]
struct MigrateJson<'a> {
    /// The markdown files of the vault, as `check` counts them.
    notes: usize,
    blocks: Vec<BlockJson<'a>>,
    skipped: Vec<SkippedJson<'a>>,
    written: bool,
    /// Added after the contract's fields: the notes `--write` could not write, each with why.
    failed: Vec<FailedJson<'a>>,
}

/// A people note with Dataview blocks: where it is, the text read, and its plan.
struct Planned {
    rel: String,
    path: PathBuf,
    text: String,
    plan: MigrationPlan,
}

/// `rapport migrate`: the plan for every people note; with `write`, each changed note replaced.
/// Exit 2 when a note could not be written (the others are).
pub(super) fn migrate(vault: &Path, write: bool, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    let config = read_config(options.config.as_deref())?;
    let settings = Settings::new(config)
        .map_err(|p| format!("invalid config: {}", p.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")))?;
    if !vault.is_dir() {
        return Err(format!("{} is not a folder", vault.display()));
    }
    let settings = settings.with_vault(vault_settings(vault));
    let files = markdown_files(vault)?;
    let planned = plan_vault(&files, &settings)?;

    let mut failed: Vec<(&str, String)> = Vec::new();
    let mut written = false;
    if write {
        for p in planned.iter().filter(|p| !p.plan.blocks.is_empty()) {
            let result = match apply_edits(&p.text, &p.plan.edits()) {
                Some(new) => replace_note(&p.path, &p.text, &new),
                None => Err(WriteError::Io("the edits do not fit the note".into())),
            };
            match result {
                Ok(()) => written = true,
                Err(e) => failed.push((&p.rel, e.to_string())),
            }
        }
    }

    if options.format == OutputFormat::Json {
        let blocks = planned
            .iter()
            .flat_map(|p| {
                p.plan.blocks.iter().map(|b| BlockJson {
                    path: &p.rel,
                    line: b.line,
                    kind: b.kind.as_str(),
                    from: b.from_utf16,
                    to: b.to_utf16,
                    insert: &b.edit.insert,
                })
            })
            .collect();
        let skipped = planned
            .iter()
            .flat_map(|p| p.plan.skipped.iter().map(|s| SkippedJson { path: &p.rel, line: s.line, reason: &s.reason }))
            .collect();
        let failed = failed.iter().map(|(path, reason)| FailedJson { path, reason: reason.clone() }).collect();
        out.json(&MigrateJson { notes: files.len(), blocks, skipped, written, failed })?;
    } else {
        print_plan(out, &planned, files.len(), write, written);
    }
    for (path, reason) in &failed {
        eprintln!("rapport: {path} was not written: {reason}");
    }
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// Every people note with a Dataview block, by path, with its plan. Only notes that hold the word
/// `dataview` are parsed: the others have nothing to migrate, whoever they are. A file that is
/// not UTF-8 has no block Rapport could rewrite and is passed over.
fn plan_vault(files: &[(String, PathBuf)], settings: &Settings) -> Result<Vec<Planned>, String> {
    let mut planned = Vec::new();
    for (rel, path) in files {
        if settings.is_excluded(rel) {
            continue;
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let Ok(text) = String::from_utf8(bytes) else { continue };
        if !has_dataview(&text) {
            continue;
        }
        if let Some(plan) = plan_note(rel, &text, settings).filter(|p| !p.is_empty()) {
            planned.push(Planned { rel: rel.clone(), path: path.clone(), text, plan });
        }
    }
    Ok(planned)
}

fn print_plan(out: &mut Out, planned: &[Planned], notes: usize, write: bool, written: bool) {
    let mut blocks = 0;
    let mut changed = 0;
    let mut skipped = 0;
    for p in planned {
        // The note's blocks and skipped blocks together, in line order.
        let mut rows: Vec<(u32, String)> = Vec::new();
        for b in &p.plan.blocks {
            let mut row = format!("{}:{}: dataview → rapport `{}`", p.rel, b.line, b.kind.as_str());
            for l in b.edit.insert.lines() {
                row.push_str(&format!("\n    {l}"));
            }
            rows.push((b.line, row));
        }
        for s in &p.plan.skipped {
            rows.push((s.line, format!("{}:{}: left as it is: {}", p.rel, s.line, s.reason)));
        }
        rows.sort_by_key(|(line, _)| *line);
        rows.into_iter().for_each(|(_, row)| out.line(row));
        blocks += p.plan.blocks.len();
        changed += usize::from(!p.plan.blocks.is_empty());
        skipped += p.plan.skipped.len();
    }
    let what = format!(
        "{} in {} ({} read), {} left as {}",
        count(blocks, "block", "blocks"),
        count(changed, "people note", "people notes"),
        count(notes, "note", "notes"),
        skipped,
        if skipped == 1 { "it is" } else { "they are" }
    );
    out.line(match (write, written) {
        (false, _) if blocks > 0 => format!("{what}. Nothing written: run again with --write to migrate them."),
        (false, _) | (true, false) if blocks == 0 => format!("{what}. Nothing to migrate."),
        (true, true) => format!("Migrated {what}."),
        _ => format!("{what}. Nothing written."),
    });
}
