//! Writes the synthetic benchmark vault to disk, for the CLI and browser benchmarks:
//! `cargo run --release --example gen_vault -- --notes 10000 --seed 1 --out bench-vaults/10k`.
//! The notes come from `benches/support/vault.rs`, the same function the criterion benches use.

#[path = "../benches/support/vault.rs"]
mod vault;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_vault --notes N [--seed S] --out DIR";

fn run() -> Result<(), String> {
    let mut notes: Option<usize> = None;
    let mut seed = 1u64;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
        match a.as_str() {
            "--notes" => notes = Some(value()?.parse().map_err(|e| format!("--notes: {e}"))?),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let (Some(notes), Some(out)) = (notes, out) else { return Err(USAGE.to_string()) };
    if out.exists() {
        // A vault from an earlier run with other settings would mix notes; start clean.
        std::fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let v = vault::Vault::new(notes, seed);
    let mut bytes = 0usize;
    for (path, text) in v.iter() {
        let file = out.join(&path);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&file, &text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        bytes += text.len();
    }
    println!(
        "{} notes ({} people, {} daily, {} meetings), {:.1} MB, {} bytes per note on average, in {}",
        notes,
        v.people,
        v.daily,
        v.meetings,
        bytes as f64 / 1e6,
        bytes / notes.max(1),
        out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
