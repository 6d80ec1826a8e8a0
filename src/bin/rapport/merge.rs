//! `rapport merge`: one person merged into another. The core plans the merge
//! (`Index::merge_plan`: the two people and the notes that reach the merged one) and computes
//! each note's edits on its text as read here; with `--write` every note is checked unchanged
//! before any is written, each is replaced through `write.rs`, and the merged note is moved into
//! the vault's `.trash/` folder, where Obsidian's "Move to the vault's trash" puts notes.

use super::write::{apply_edits, replace_note};
use super::{count, open_vault, Options, Out, OutputFormat};
use rapport::diagnostic::utf16_offset;
use rapport::merge::{Conflict, NoteMerge};
use rapport::Scope;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The contract of `rapport merge --format json` (README, "Merging people"), fields in this order.
#[derive(Serialize)]
struct MergeJson<'a> {
    kept: &'a str,
    merged: &'a str,
    edits: Vec<EditJson<'a>>,
    conflicts: Vec<ConflictJson<'a>>,
    trash: String,
    written: bool,
}

/// One edit: UTF-16 offsets in the file as it was read (as `check`'s fixes and `log`'s edits are).
#[derive(Serialize)]
struct EditJson<'a> {
    path: &'a str,
    description: &'a str,
    from: u32,
    to: u32,
    insert: &'a str,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    field: &'a str,
    kept: Option<&'a str>,
    merged: &'a str,
}

/// A note the merge reads: its text as read and its edits.
struct Planned {
    path: String,
    text: String,
    merge: NoteMerge,
}

/// `rapport merge`: exit 0 when the plan was made (and, with `write`, written); 2 when KEEP or
/// MERGED is unknown, not a person or the same person, and when a note could not be read or
/// written (nothing is written then, or, when a write fails midway, the answer says which were).
pub(super) fn merge(
    vault_path: &Path,
    keep: &str,
    merged: &str,
    write: bool,
    options: &Options,
    out: &mut Out,
) -> Result<ExitCode, String> {
    let vault = open_vault(vault_path, options, Scope::Everything)?;
    let plan = match vault.index.merge_plan(keep, merged) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("rapport: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let read = |rel: &str| std::fs::read_to_string(vault_path.join(rel)).map_err(|e| format!("cannot read {rel}: {e}"));
    let merged_path = plan.rename.merged_path.clone();
    let merged_text = read(&merged_path)?;
    let mut planned: Vec<Planned> = Vec::with_capacity(plan.paths.len());
    for path in &plan.paths {
        if *path == merged_path {
            continue;
        }
        let text = read(path)?;
        let merge = plan.edits(path, &text, &merged_text);
        planned.push(Planned { path: path.clone(), text, merge });
    }
    let trash = free_trash_path(vault_path, &merged_path);
    let mut written = false;
    if write {
        written = write_merge(vault_path, &planned, &merged_path, &merged_text, &trash)?;
    }
    let conflicts: Vec<&Conflict> = planned.iter().flat_map(|p| &p.merge.conflicts).collect();
    if options.format == OutputFormat::Json {
        let edits = planned
            .iter()
            .flat_map(|p| {
                p.merge.edits.iter().map(|e| EditJson {
                    path: &p.path,
                    description: &e.description,
                    from: utf16_offset(&p.text, e.edit.range.start),
                    to: utf16_offset(&p.text, e.edit.range.end),
                    insert: &e.edit.insert,
                })
            })
            .collect();
        let conflicts = conflicts
            .iter()
            .map(|c| ConflictJson { field: &c.field, kept: c.kept.as_deref(), merged: &c.merged })
            .collect();
        out.json(&MergeJson { kept: &plan.rename.kept_path, merged: &merged_path, edits, conflicts, trash, written })?;
    } else {
        out.line(format!("Merge {merged_path} into {}", plan.rename.kept_path));
        for p in planned.iter().filter(|p| !p.merge.edits.is_empty()) {
            out.line(format!("\n{}", p.path));
            for e in &p.merge.edits {
                out.line(format!("  {}", e.description));
            }
        }
        if !conflicts.is_empty() {
            out.line("\nConflicts (the kept note keeps its own; the merged note's are listed here):");
            for c in &conflicts {
                match &c.kept {
                    Some(k) => out.line(format!("  {}: kept `{k}`, merged `{}`", c.field, c.merged)),
                    None => out.line(format!("  {}: merged `{}`", c.field, c.merged)),
                }
            }
        }
        out.line(format!("\n{merged_path} goes to {trash}."));
        let changing = planned.iter().filter(|p| !p.merge.edits.is_empty()).count();
        if write {
            out.line(format!("Wrote {} and moved {merged_path} to {trash}.", count(changing, "note", "notes")));
        } else {
            out.line(format!(
                "{} to change; nothing written (add --write to write them).",
                count(changing, "note", "notes")
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes every planned note and moves the merged one to `trash`: first every note is checked
/// unchanged since it was read (nothing is written when one changed), then each is replaced
/// atomically (`replace_note` checks again), then the merged note is moved.
fn write_merge(
    vault: &Path,
    planned: &[Planned],
    merged_path: &str,
    merged_text: &str,
    trash: &str,
) -> Result<bool, String> {
    let changed = |rel: &str, text: &str| std::fs::read(vault.join(rel)).map_or(true, |now| now != text.as_bytes());
    let mut news: Vec<(&Planned, String)> = Vec::new();
    for p in planned.iter().filter(|p| !p.merge.edits.is_empty()) {
        let edits: Vec<rapport::TextEdit> = p.merge.edits.iter().map(|e| e.edit.clone()).collect();
        let new = apply_edits(&p.text, &edits)
            .ok_or_else(|| format!("the edits do not fit {}; nothing was written", p.path))?;
        news.push((p, new));
    }
    if let Some((p, _)) = news.iter().find(|(p, _)| changed(&p.path, &p.text)) {
        return Err(format!(
            "{} changed while Rapport read the vault; nothing was written, run the command again",
            p.path
        ));
    }
    if changed(merged_path, merged_text) {
        return Err(format!(
            "{merged_path} changed while Rapport read the vault; nothing was written, run the command again"
        ));
    }
    for (done, (p, new)) in news.iter().enumerate() {
        replace_note(&vault.join(&p.path), &p.text, new).map_err(|e| {
            let wrote: Vec<&str> = news.iter().take(done).map(|(p, _)| p.path.as_str()).collect();
            format!(
                "cannot write {}: {e}; written before it: {}",
                p.path,
                if wrote.is_empty() { "none".into() } else { wrote.join(", ") }
            )
        })?;
    }
    let to = vault.join(trash);
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::rename(vault.join(merged_path), &to).map_err(|e| format!("cannot move {merged_path} to {trash}: {e}"))?;
    Ok(true)
}

/// `.trash/` and the merged note's path, or with ` 1`, ` 2`… before `.md` when that is taken.
fn free_trash_path(vault: &Path, merged_path: &str) -> String {
    let stem = merged_path.strip_suffix(".md").unwrap_or(merged_path);
    let taken = |rel: &str| -> bool { PathBuf::from(vault).join(rel).exists() };
    let first = format!(".trash/{merged_path}");
    if !taken(&first) {
        return first;
    }
    (1..).map(|n| format!(".trash/{stem} {n}.md")).find(|p| !taken(p)).unwrap_or(first)
}
