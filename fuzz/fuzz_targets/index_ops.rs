//! Fuzz target: a sequence of upserts, removes, renames, settings changes (at once, or a slice
//! at a time), query days and clears over a small set of paths, with note texts assembled from note-shaped fragments; the
//! index must answer as a fresh index built from the files after every step (stale, and the
//! contacts the plugin shows by serial) and at the end (every person's tasks, all tasks, all
//! diagnostics).
#![no_main]

// Each target uses some of the shared checks, the test crate all of them.
#[allow(dead_code)]
#[path = "../../tests/it/support.rs"]
mod support;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use support::{Op, FRAGMENTS};

#[derive(Arbitrary, Debug)]
enum Piece {
    Fragment(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum FuzzOp {
    Upsert(u8, Vec<Piece>),
    Remove(u8),
    Rename(u8, u8),
    Settings(u8),
    Day(u16),
    Clear,
    /// A settings change applied a slice at a time, and the slices (the plugin's way since the
    /// stepped re-derivation).
    SettingsStepped(u8),
    Rederive(u8),
}

fn text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Fragment(i) => FRAGMENTS[*i as usize % FRAGMENTS.len()],
            Piece::Raw(s) => s.as_str(),
        })
        .collect()
}

fuzz_target!(|ops: Vec<FuzzOp>| {
    let ops: Vec<Op> = ops
        .iter()
        .map(|op| match op {
            FuzzOp::Upsert(p, pieces) => Op::Upsert(*p as usize, text(pieces)),
            FuzzOp::Remove(p) => Op::Remove(*p as usize),
            FuzzOp::Rename(a, b) => Op::Rename(*a as usize, *b as usize),
            FuzzOp::Settings(n) => Op::Settings(*n as usize),
            FuzzOp::Day(n) => Op::Day(*n),
            FuzzOp::Clear => Op::Clear,
            FuzzOp::SettingsStepped(n) => Op::SettingsStepped(*n as usize),
            FuzzOp::Rederive(n) => Op::Rederive(*n as usize),
        })
        .collect();
    if let Err(e) = support::check_index_ops(&ops) {
        panic!("{e}");
    }
});
