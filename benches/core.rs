//! Criterion benchmarks of the core (filled in by the speed work; see issue 3).
use criterion::{criterion_group, criterion_main, Criterion};

fn parse_note(c: &mut Criterion) {
    let text = std::fs::read_to_string("examples/vault/People/Nadia Farrow.md").unwrap_or_default();
    c.bench_function("parse one people note", |b| b.iter(|| rapport::Note::parse(&text)));
}

criterion_group!(benches, parse_note);
criterion_main!(benches);
