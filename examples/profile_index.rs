//! Indexes a synthetic vault in memory and asks the stale query, for profiling the core with
//! callgrind (instruction counts are repeatable on a busy machine, unlike times):
//! `valgrind --tool=callgrind --toggle-collect='*index_all*' target/release/examples/profile_index 10000`.

#[path = "../benches/support/vault.rs"]
mod vault;

use rapport::{Date, Index, Settings};

fn main() {
    let notes: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let v = vault::Vault::new(notes, 1);
    let texts: Vec<(String, String)> = v.iter().collect();
    let start = std::time::Instant::now();
    let index = index_all(&texts);
    let built = start.elapsed();
    let today = Date::parse_iso(vault::TODAY).expect("TODAY is a date");
    let start = std::time::Instant::now();
    let contacts = index.stale(today);
    println!(
        "{notes} notes indexed in {built:?} ({:?} per note); stale over {} people in {:?}",
        built / notes as u32,
        contacts.len(),
        start.elapsed()
    );
}

/// Out of line, so that callgrind can count just this (`--toggle-collect='*index_all*'`):
/// `Index::upsert` itself may be inlined.
#[inline(never)]
fn index_all(texts: &[(String, String)]) -> Index {
    let mut index = Index::new(Settings::default());
    for (path, text) in texts {
        index.upsert(path, text);
    }
    index
}
