//! The native integration tests, as one crate (ripgrep's `tests/integration`): one link of the
//! library and the CLI instead of one per file, and the shared checks of `support` compiled once,
//! so that an unused one is a warning rather than something each file must allow.
//! `cargo test --test it <name>` runs the tests whose path contains `<name>`, e.g.
//! `cargo test --release --test it properties`. The browser tests are `tests/wasm.rs`.
//! `adversarial`'s counting allocator is this crate's allocator; it counts per thread, so the
//! other tests pay only for the counter.
#![cfg(not(target_arch = "wasm32"))]

mod support;
#[path = "../../benches/support/vault.rs"]
mod vault;

mod adversarial;
mod duplicates;
mod duplicates_properties;
mod example_vault;
mod linescan;
mod log;
mod log_properties;
mod merge;
mod merge_properties;
mod migrate;
mod migrate_properties;
mod person;
mod properties;
mod regressions;
mod review;
mod review_properties;
mod reviewed_properties;
mod wild;
mod yaml_simple;
