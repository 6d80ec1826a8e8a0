//! The shapes the plugin receives (camelCase, plain objects): borrowed views of index data. The
//! core's types carry no JS naming; each JS shape is here, once, and matches its TypeScript
//! interface in `src/wasm.rs` (a test in this file checks the two have the same fields).

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::index::{DiagnosticAt, PersonTasks, TaskAt};
use crate::note::Derived;
use crate::staleness::StaleContact;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonView<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub handles: &'a [String],
    pub company: Option<&'a str>,
    pub tags: &'a [String],
}

impl<'a> PersonView<'a> {
    pub fn new(path: &'a str, derived: &'a Derived) -> Option<PersonView<'a>> {
        let p = derived.person.as_ref()?;
        Some(PersonView { path, name: &derived.name, aliases: &p.aliases, handles: &p.handles, company: p.company.as_deref(), tags: &p.tags })
    }
}

/// A person's staleness: the TS `StaleContact`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StaleContactView<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub company: Option<&'a str>,
    pub tags: &'a [String],
    pub last_contact: Option<Date>,
    pub evidence: Option<&'static str>,
    pub evidence_path: Option<&'a str>,
    pub frontmatter_last_contact: Option<Date>,
    pub days_since: Option<i64>,
    pub cadence: &'a str,
    pub cadence_days: Option<u32>,
    pub cadence_source: &'static str,
    pub score: Option<f64>,
    pub status: &'static str,
    pub snooze_until: Option<Date>,
    pub open_tasks: usize,
    pub reason: &'a str,
}

impl<'a> From<&'a StaleContact> for StaleContactView<'a> {
    fn from(c: &'a StaleContact) -> StaleContactView<'a> {
        StaleContactView {
            path: &c.path,
            name: &c.name,
            company: c.company.as_deref(),
            tags: &c.tags,
            last_contact: c.last_contact,
            evidence: c.evidence.map(|e| e.as_str()),
            evidence_path: c.evidence_path.as_deref(),
            frontmatter_last_contact: c.frontmatter_last_contact,
            days_since: c.days_since,
            cadence: &c.cadence,
            cadence_days: c.cadence_days,
            cadence_source: c.cadence_source.as_str(),
            score: c.score,
            status: c.status.as_str(),
            snooze_until: c.snooze_until,
            open_tasks: c.open_tasks,
            reason: &c.reason,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView<'a> {
    pub path: &'a str,
    pub line: u32,
    pub parent_line: Option<u32>,
    pub section: Option<&'a str>,
    pub status: String,
    pub status_kind: &'static str,
    pub description: &'a str,
    pub text: &'a str,
    pub due: Option<Date>,
    pub scheduled: Option<Date>,
    pub start: Option<Date>,
    pub created: Option<Date>,
    pub done: Option<Date>,
    pub cancelled: Option<Date>,
    pub priority: Option<&'static str>,
    pub recurrence: Option<&'a str>,
    pub on_completion: Option<&'static str>,
    pub id: Option<&'a str>,
    pub depends_on: &'a [String],
    pub tags: &'a [String],
    pub links: &'a [String],
    pub handles: &'a [String],
    pub format: &'static str,
    /// Date fields written with a day not on the calendar (`due`, `scheduled`, …).
    pub invalid_dates: Vec<&'static str>,
}

impl<'a> From<TaskAt<'a>> for TaskView<'a> {
    fn from(t: TaskAt<'a>) -> TaskView<'a> {
        let f = &t.task.fields;
        TaskView {
            path: t.path,
            line: t.task.line,
            parent_line: t.task.parent_line,
            section: t.task.section.as_deref(),
            status: f.status.to_string(),
            status_kind: crate::task::StatusKind::from_symbol(f.status).as_str(),
            description: &f.description,
            text: &t.task.text,
            due: f.due,
            scheduled: f.scheduled,
            start: f.start,
            created: f.created,
            done: f.done,
            cancelled: f.cancelled,
            priority: f.priority.map(|p| p.as_str()),
            recurrence: f.recurrence.as_deref(),
            on_completion: f.on_completion.map(|c| c.as_str()),
            id: f.id.as_deref(),
            depends_on: &f.depends_on,
            tags: &f.tags,
            links: &f.links,
            handles: &f.handles,
            format: f.format.as_str(),
            invalid_dates: f.invalid_dates().collect(),
        }
    }
}

#[derive(Serialize)]
pub struct PersonRef<'a> {
    pub path: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct PersonTasksView<'a> {
    pub person: PersonRef<'a>,
    pub mentions: Vec<TaskView<'a>>,
    pub owned: Vec<TaskView<'a>>,
}

impl<'a> From<PersonTasks<'a>> for PersonTasksView<'a> {
    fn from(p: PersonTasks<'a>) -> PersonTasksView<'a> {
        PersonTasksView {
            person: PersonRef { path: p.path, name: p.name },
            mentions: p.mentions.into_iter().map(TaskView::from).collect(),
            owned: p.owned.into_iter().map(TaskView::from).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct FixView<'a> {
    pub description: &'a str,
    /// UTF-16 offsets, as JavaScript strings count.
    pub from: u32,
    pub to: u32,
    pub insert: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticView<'a> {
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub severity: Severity,
    pub code: Code,
    pub field: Option<&'a str>,
    pub message: &'a str,
    pub fix: Option<FixView<'a>>,
}

impl<'a> DiagnosticView<'a> {
    pub fn new(path: &'a str, d: &'a Diagnostic) -> DiagnosticView<'a> {
        DiagnosticView {
            path,
            line: d.start.line,
            column: d.start.column,
            end_line: d.end.line,
            end_column: d.end.column,
            severity: d.severity,
            code: d.code,
            field: d.field.as_deref(),
            message: &d.message,
            fix: d.fix.as_ref().map(|f| FixView { description: &f.description, from: f.from_utf16, to: f.to_utf16, insert: &f.edit.insert }),
        }
    }
}

impl<'a> From<&'a DiagnosticAt<'a>> for DiagnosticView<'a> {
    fn from(d: &'a DiagnosticAt<'a>) -> DiagnosticView<'a> {
        DiagnosticView::new(d.path, &d.diagnostic)
    }
}
