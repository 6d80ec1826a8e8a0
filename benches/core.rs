//! Criterion benchmarks of the core on the synthetic vault (issue 3): full index build, one-note
//! update, the stale query, tasks for a person and all diagnostics at 10k notes, and the build
//! per note from 1k to 100k notes to show that indexing cost stays flat, and `migrate`'s plan of
//! every note at 10k.
//!
//! `cargo bench --bench core` runs them all (a few minutes); `cargo bench --bench core -- stale`
//! runs a subset. Under `cargo test` each benchmark runs once on a small vault, as a smoke test.

#[path = "support/vault.rs"]
mod vault;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rapport::{Date, Index, Settings};
use std::time::Duration;
use vault::Vault;

const SEED: u64 = 1;

/// `cargo bench` passes `--bench`; `cargo test` does not, and then a small vault is enough to
/// check that every benchmark still runs.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The vault size of the query benchmarks: the 10k notes (1k people).
fn main_size() -> usize {
    if benchmarking() {
        10_000
    } else {
        200
    }
}

/// Sizes of the per-note build curve.
fn curve_sizes() -> Vec<usize> {
    if benchmarking() {
        vec![1_000, 10_000, 50_000, 100_000]
    } else {
        vec![100, 200]
    }
}

fn today() -> Date {
    Date::parse_iso(vault::TODAY).expect("TODAY is a date")
}

fn notes(size: usize) -> Vec<(String, String)> {
    Vault::new(size, SEED).iter().collect()
}

fn build(notes: &[(String, String)]) -> Index {
    let mut index = Index::new(Settings::default());
    for (path, text) in notes {
        index.upsert(path, text);
    }
    index
}

/// People paths ordered by how many open tasks concern them, fewest first.
fn people_by_tasks(index: &Index) -> Vec<String> {
    let mut people: Vec<(usize, String)> = index
        .people()
        .into_iter()
        .map(|(path, _)| {
            let t = index.tasks_for_person(path).expect("a person");
            (t.mentions.len() + t.owned.len(), path.to_string())
        })
        .collect();
    people.sort();
    people.into_iter().map(|(_, p)| p).collect()
}

fn full_build(c: &mut Criterion) {
    let size = main_size();
    let notes = notes(size);
    let bytes: usize = notes.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("build");
    group.sample_size(10).measurement_time(Duration::from_secs(8)).throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(BenchmarkId::new("full index", size), |b| b.iter(|| build(&notes)));
    group.finish();
}

fn build_per_note(c: &mut Criterion) {
    let mut group = c.benchmark_group("build per note");
    group.sample_size(10).warm_up_time(Duration::from_millis(500));
    for size in curve_sizes() {
        let notes = notes(size);
        // Bigger vaults take seconds per build; ten samples of one build each are enough.
        group.measurement_time(Duration::from_secs((size as u64 / 4_000).clamp(3, 30)));
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function(BenchmarkId::from_parameter(size), |b| b.iter(|| build(&notes)));
    }
    group.finish();
}

fn queries(c: &mut Criterion) {
    let size = main_size();
    let notes = notes(size);
    let mut index = build(&notes);
    let today = today();
    let v = Vault::new(size, SEED);

    // The edit of the day: today's daily note gains a task naming a person, then loses it.
    let (daily_path, daily_text) = v.note(v.people);
    let person = v.person(0).name();
    let edited = format!("{daily_text}- [ ] Call {person} about the renewal 📅 2026-12-01\n");
    let mut group = c.benchmark_group(format!("queries at {size} notes"));
    group.sample_size(50);
    let mut flip = false;
    group.bench_function("one-note update", |b| {
        b.iter(|| {
            flip = !flip;
            index.upsert(&daily_path, if flip { &edited } else { &daily_text });
        })
    });
    group.bench_function("one-note update + stale", |b| {
        b.iter(|| {
            flip = !flip;
            index.upsert(&daily_path, if flip { &edited } else { &daily_text });
            index.stale(today)
        })
    });
    // Every person assessed afresh (as after start-up or a settings change), then the same
    // query again with nothing changed, which answers from the contacts it kept.
    group.bench_function("stale (first query)", |b| {
        b.iter(|| {
            index.forget_stale_cache();
            index.stale(today)
        })
    });
    group.bench_function("stale (nothing changed)", |b| b.iter(|| index.stale(today)));
    let people = people_by_tasks(&index);
    let median = &people[people.len() / 2];
    let busiest = &people[people.len() - 1];
    group.bench_function("tasks for person (median)", |b| {
        b.iter(|| index.tasks_for_person(median).map(|t| t.mentions.len()))
    });
    group.bench_function("tasks for person (busiest)", |b| {
        b.iter(|| index.tasks_for_person(busiest).map(|t| t.mentions.len()))
    });
    group.sample_size(10);
    group.bench_function("all diagnostics", |b| b.iter(|| index.all_diagnostics(today).len()));
    group.finish();
}

/// The stale query over 5k people (the 50k-note vault), the figure for big CRMs.
fn stale_5k(c: &mut Criterion) {
    let size = if benchmarking() { 50_000 } else { 200 };
    let mut index = build(&notes(size));
    let people = index.people().len();
    let today = today();
    let v = Vault::new(size, SEED);
    let (daily_path, daily_text) = v.note(v.people);
    let edited = format!("{daily_text}- [ ] Call {} about the renewal 📅 2026-12-01\n", v.person(0).name());
    let mut group = c.benchmark_group(format!("stale over {people} people"));
    group.sample_size(20);
    group.bench_function("stale (first query)", |b| {
        b.iter(|| {
            index.forget_stale_cache();
            index.stale(today)
        })
    });
    let mut flip = false;
    group.bench_function("one-note update + stale", |b| {
        b.iter(|| {
            flip = !flip;
            index.upsert(&daily_path, if flip { &edited } else { &daily_text });
            index.stale(today)
        })
    });
    group.finish();
}

/// Meeting write-back (`rapport log`) for a note linking 20 people in the 10k-note vault: who
/// the note links (from the index), its summary, and each person note's edits computed on its
/// text; what the CLI does after reading the vault, and the plugin's plan.
fn log_20_people(c: &mut Criterion) {
    let size = main_size();
    let notes = notes(size);
    let mut index = build(&notes);
    let v = Vault::new(size, SEED);
    let people = v.people.min(20);
    let links: Vec<String> = (0..people).map(|p| format!("- [[{}]]\n", v.person(p).name())).collect();
    let meeting_path = "Meetings/2026-11-25 - Storage vendor debrief.md";
    let meeting = format!("# Storage vendor debrief\n\nWith:\n{}\nPricing and terms.\n", links.concat());
    index.upsert(meeting_path, &meeting);
    let texts: std::collections::HashMap<&str, &str> = notes.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let today = today();
    let key = index.settings().config.last_contact_property.clone();
    let mut group = c.benchmark_group(format!("log at {size} notes"));
    group.bench_function(format!("log a note linking {people} people"), |b| {
        b.iter(|| {
            let targets = index.log_targets(meeting_path).expect("the meeting is dated");
            let summary = rapport::writeback::summary(None, &meeting, meeting_path);
            let entry = rapport::writeback::Entry { path: Some(targets.path), date: targets.date, summary: &summary };
            let edits: usize = targets
                .people
                .iter()
                .map(|(path, _)| rapport::writeback::person_edits(texts[path], &entry, &key, today).edits.len())
                .sum();
            assert_eq!(targets.people.len(), people);
            edits
        })
    });
    group.finish();
}

/// The person profile, the projects block and meeting prep at 10k notes (issue 17): for the
/// person linked from the most notes and for the median one, answered from the linked-notes map.
fn profile(c: &mut Criterion) {
    let size = main_size();
    let index = build(&notes(size));
    let today = today();
    let mut people: Vec<(usize, String)> = index
        .people()
        .into_iter()
        .map(|(path, _)| (index.linked_notes(path).map_or(0, |l| l.len()), path.to_string()))
        .collect();
    people.sort();
    let (median_links, median) = people[people.len() / 2].clone();
    let (busiest_links, busiest) = people[people.len() - 1].clone();
    let from = ["Meetings".to_string()];
    let meeting = index.paths().filter(|p| p.starts_with("Meetings/")).max_by_key(|p| index.people_linked_by(p).len());
    let meeting = meeting.map(str::to_string).unwrap_or_default();
    let mut group = c.benchmark_group(format!("profile at {size} notes"));
    group.sample_size(50);
    for (which, path, links) in [("median", &median, median_links), ("busiest", &busiest, busiest_links)] {
        group.bench_function(format!("person ({which}, {links} linked notes)"), |b| {
            b.iter(|| index.profile(path, today).map(|p| p.linked_from.len()))
        });
        group.bench_function(format!("projects ({which})"), |b| b.iter(|| index.projects(path, None).map(|p| p.len())));
        group.bench_function(format!("projects from Meetings ({which})"), |b| {
            b.iter(|| index.projects(path, Some(&from)).map(|p| p.len()))
        });
    }
    let linked = index.people_linked_by(&meeting).len();
    group.bench_function(format!("meeting prep ({linked} people)"), |b| {
        b.iter(|| index.meeting_prep(&meeting, today).len())
    });
    group.finish();
}

/// `rapport migrate`'s core over the 10k vault (issue 17: ≤ 1 s): every note searched for
/// `dataview`, and the plan of each that holds it (the 1k people notes, three blocks each), as the
/// CLI does after reading the files.
fn migrate(c: &mut Criterion) {
    use rapport::migrate::{has_dataview, plan_note};
    let size = main_size();
    let notes = notes(size);
    let settings = Settings::default();
    let plan_all = || {
        notes
            .iter()
            .filter(|(_, text)| has_dataview(text))
            .filter_map(|(path, text)| plan_note(path, text, &settings))
            .map(|p| p.blocks.len())
            .sum::<usize>()
    };
    assert!(plan_all() > 0, "the vault's people notes have Dataview blocks");
    let mut group = c.benchmark_group("migrate");
    group.sample_size(10).throughput(Throughput::Elements(size as u64));
    group.bench_function(BenchmarkId::new("plan every note", size), |b| b.iter(plan_all));
    group.finish();
}

/// `Index::duplicates` over the 10k vault (issue 18: ≤ 100 ms native): every person's name,
/// aliases and email bucketed by each rule's key, and the single first names' linking notes.
fn duplicates(c: &mut Criterion) {
    let size = main_size();
    let index = build(&notes(size));
    let mut group = c.benchmark_group(format!("duplicates at {size} notes"));
    group.sample_size(20);
    group.bench_function("duplicates", |b| b.iter(|| index.duplicates().len()));
    group.finish();
}

/// `Index::review_queue` over the 10k vault (issue 18, section 1; target well under 100 ms
/// native): the duplicate pairs once, then each queued person's linked notes and open tasks.
fn review(c: &mut Criterion) {
    let size = main_size();
    let index = build(&notes(size));
    let today = rapport::Date::parse_iso("2026-11-26").expect("a date");
    assert!(!index.review_queue(today).is_empty(), "the vault has people to review");
    let mut group = c.benchmark_group(format!("review at {size} notes"));
    group.sample_size(20);
    group.bench_function("review_queue", |b| b.iter(|| index.review_queue(today).len()));
    group.finish();
}

/// Planning a merge at 10k notes (issue 18): the busiest person (linked from the most notes)
/// merged into the median one: the plan from the index, then every listed note's edits on its
/// text, as the CLI and the plugin compute them.
fn merge_plan(c: &mut Criterion) {
    let size = main_size();
    let notes = notes(size);
    let index = build(&notes);
    let mut people: Vec<(usize, String)> = index
        .people()
        .into_iter()
        .map(|(path, _)| (index.linked_notes(path).map_or(0, |l| l.len()), path.to_string()))
        .collect();
    people.sort();
    let (_, keep) = people[people.len() / 2].clone();
    let (links, merged) = people[people.len() - 1].clone();
    let text = |p: &str| notes.iter().find(|(q, _)| q == p).map(|(_, t)| t.as_str()).unwrap_or("");
    let merged_text = text(&merged);
    let mut group = c.benchmark_group(format!("merge at {size} notes"));
    group.sample_size(20);
    group.bench_function(format!("plan ({links} linking notes)"), |b| {
        b.iter(|| index.merge_plan(&keep, &merged).map(|p| p.paths.len()))
    });
    group.bench_function("plan and every note's edits", |b| {
        b.iter(|| {
            let plan = index.merge_plan(&keep, &merged).expect("two people");
            plan.paths.iter().map(|p| plan.edits(p, text(p), merged_text).edits.len()).sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    full_build,
    queries,
    stale_5k,
    build_per_note,
    log_20_people,
    migrate,
    profile,
    duplicates,
    review,
    merge_plan
);
criterion_main!(benches);
