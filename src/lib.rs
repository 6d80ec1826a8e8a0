//! Rapport's core: frontmatter validation, relationship staleness and task aggregation over an
//! Obsidian vault, as pure functions of `(path, text)` pairs and a `today` date.
//!
//! ```
//! use rapport::{Date, Index, Settings};
//!
//! let mut index = Index::new(Settings::default());
//! index.upsert(
//!     "People/Ada Brennan.md",
//!     "---\ntype: people\ntitle: Ada Brennan\nlast_contact: '2026-08-01'\n---\n# Ada Brennan\n",
//! );
//! index.upsert("Daily/2026-11-20.md", "- [ ] Send the deck to [[Ada Brennan]] 📅 2026-11-28\n");
//!
//! let today = Date::parse_iso("2026-11-26").unwrap();
//! let contacts = index.stale(today);
//! assert_eq!(contacts[0].status.as_str(), "overdue"); // 117 days on a quarterly cadence
//! assert_eq!(contacts[0].open_tasks, 1);
//!
//! let tasks = index.tasks_for_person("People/Ada Brennan.md").unwrap();
//! assert_eq!(tasks.mentions[0].task.fields.due, Date::parse_iso("2026-11-28"));
//! ```
//!
//! Modules in reading order: dates and diagnostics; a note split into frontmatter and body;
//! frontmatter values and schemas; tasks and the body; one note; staleness; the index; edits;
//! the views and the WebAssembly facade.

pub mod body;
pub mod cadence;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod edit;
pub mod frontmatter;
pub mod index;
pub mod merge;
pub mod migrate;
pub mod note;
pub mod recurrence;
pub mod schema;
pub mod split;
pub mod staleness;
pub mod task;
pub mod view;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod writeback;

pub use config::{Config, ConfigProblem, NameFormat, Settings, VaultSettings};
pub use date::Date;
pub use diagnostic::{Code, Diagnostic, Severity, TextEdit};
pub use edit::EditRefusal;
pub use index::{Card, Linked, Profile};
pub use index::{DuplicateGroup, DuplicatePerson};
pub use index::{Index, PersonTasks, Scope, TaskAt};
pub use note::{Derived, Note, Task};
pub use staleness::{StaleContact, Status};
