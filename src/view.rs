//! The shapes the plugin receives (camelCase, plain objects): borrowed views of index data. The
//! core's types carry no JS naming; each JS shape is here, once, and matches its TypeScript
//! interface in `src/wasm.rs` (a test in this file checks the two have the same fields).

use crate::date::Date;
use crate::diagnostic::{utf16_offset, Code, Diagnostic, Severity, TextEdit};
use crate::index::{Card, DiagnosticAt, Linked, PersonTasks, Profile, TaskAt};
use crate::note::Derived;
use crate::staleness::StaleContact;
use serde::Serialize;

/// The TypeScript interfaces of the shapes below, which `src/wasm.rs` puts in the `.d.ts`. Keep
/// each in step with its struct and with `docs/core-api.md`: `shapes_match_their_interfaces`
/// fails when a field is on one side only.
pub const TS_TYPES: &str = r#"
export type Severity = "error" | "warning" | "info";
/** Replace text[from, to) by `insert`; UTF-16 offsets of the text the edit was computed on. */
export interface TextEdit { from: number; to: number; insert: string; }
export interface Fix extends TextEdit { description: string; }
export interface Diagnostic {
  path: string; line: number; column: number; endLine: number; endColumn: number;
  severity: Severity; code: string; field: string | null; message: string; fix: Fix | null;
}
export interface Config {
  peopleTypes: string[]; peopleTags: string[]; peopleFolders: string[];
  defaultCadence: string; tagCadences: { tag: string; cadence: string }[];
  thresholds: { due: number; overdue: number; stale: number };
  evidence: { recentContext: boolean; linkedNotes: boolean };
  wholeNameMatching: boolean; excludedFolders: string[]; schema: string | null;
  lastContactProperty: string; dateProperties: string[]; dateFileFormats: string[];
  participantsProperties: string[];
  peopleProperties: string[];
  /** Leave out the folders of `VaultSettings.templateFolders`. */
  excludeTemplates: boolean;
  /** Only checkbox lines containing this are tasks; null: `VaultSettings.taskGlobalFilter`. */
  taskGlobalFilter: string | null;
  /** A name: a folder of that name at any depth; with `/`: a vault-relative folder. */
  projectFolders: string[];
  /** Vault paths of notes that are not people whatever they say ("Not a person"). */
  notPeople: string[];
}
/** What the vault's own settings say (Obsidian's Templates plugin, Templater, the Tasks plugin). */
export interface VaultSettings { templateFolders: string[]; taskGlobalFilter: string; dailyNoteFormats: string[]; }
export type Status = "ok" | "due" | "overdue" | "stale" | "never" | "snoozed" | "paused";
export type EvidenceSource = "frontmatter" | "recent-context" | "linked-note";
export interface Person {
  path: string; name: string; aliases: string[]; handles: string[]; company: string | null; tags: string[];
}
export interface StaleContact {
  path: string; name: string; company: string | null; tags: string[];
  lastContact: string | null; evidence: EvidenceSource | null; evidencePath: string | null;
  frontmatterLastContact: string | null; daysSince: number | null;
  cadence: string; cadenceDays: number | null; cadenceSource: "note" | "tag" | "default";
  score: number | null; status: Status; snoozeUntil: string | null; openTasks: number; reason: string;
}
export type Priority = "highest" | "high" | "medium" | "low" | "lowest";
export type StatusKind = "todo" | "in-progress" | "done" | "cancelled" | "other";
export interface Task {
  path: string; line: number; parentLine: number | null; section: string | null;
  status: string; statusKind: StatusKind; description: string; text: string;
  due: string | null; scheduled: string | null; start: string | null;
  created: string | null; done: string | null; cancelled: string | null;
  priority: Priority | null; recurrence: string | null; onCompletion: "keep" | "delete" | null;
  id: string | null; dependsOn: string[];
  tags: string[]; links: string[]; handles: string[]; format: "emoji" | "dataview" | "none";
  /** Date fields written with a day not on the calendar (`📅 2024-02-31`): "due", "scheduled", … */
  invalidDates: string[];
}
export interface PersonTasks { person: { path: string; name: string }; mentions: Task[]; owned: Task[]; }
export interface FixAllResult { text: string; applied: number; }
/** A dated note to log (`logPlan`): the people it links, by name, and its lines' summary. */
export interface LogPlan {
  note: string; date: string; summary: string;
  /** Why nobody gets anything (the note is dated after today), or null. */
  notYet: string | null;
  people: { path: string; name: string }[];
}
/** What logging does to one person note (`logEdits`), computed on the text it was given. */
export interface LogEdits {
  edits: Fix[]; line: string | null; lastContact: string | null;
  /** Why something was left out: everything, or only the date (then `edits` holds the line). */
  skipped: string | null;
}
/** A Dataview block a rapport block replaces: the edit covers the whole fenced block. */
export interface MigrationBlock extends TextEdit {
  line: number; kind: "projects" | "tasks" | "owned"; folders: string[];
}
export interface MigrationSkip { line: number; reason: string; }
/** What migrating one people note does (`migrationPlan`); the blocks' edits are in text order. */
export interface MigrationPlan { blocks: MigrationBlock[]; skipped: MigrationSkip[]; }
/** A note that links a person: `title` is the `title` property else the base name. */
export interface Linked { path: string; title: string; type: string | null; date: string | null; }
/** A dated line of `## Recent Context`, as written from its list marker on. */
export interface ContextLine { date: string; line: number; text: string; }
export interface ProfilePerson extends Person { autoCreated: boolean; needsReview: boolean; }
export interface PersonProfile {
  person: ProfilePerson; contact: StaleContact | null; mentions: Task[]; owned: Task[];
  projects: Linked[]; linkedFrom: Linked[]; recentContext: ContextLine[]; diagnostics: Diagnostic[];
}
/** One person of a meeting's prep: `recentContext` holds the newest three lines. */
export interface PrepCard {
  person: Person; contact: StaleContact | null; mentions: Task[]; owned: Task[]; recentContext: ContextLine[];
}
export interface MeetingPrep { path: string; date: string | null; people: PrepCard[]; }
/** Another person a queued one may be, with the pair's reasons joined by "; ". */
export interface ReviewDuplicate { path: string; name: string; reason: string; }
/** One person of the review queue (`rapport review`'s contract in camelCase). */
export interface ReviewPerson {
  path: string; name: string; autoCreated: boolean; needsReview: boolean; created: string | null;
  missing: string[]; mentions: number; firstSeen: { path: string; date: string } | null;
  duplicates: ReviewDuplicate[];
}
/** A merge to make (`mergePlan`): the notes whose texts `mergeEdits` needs, kept note first, merged note last. */
export interface MergePlan { kept: { path: string; name: string }; merged: { path: string; name: string }; paths: string[]; }
/** A value of the merged note the kept note does not take: `kept` is the kept note's, or null. */
export interface MergeConflict { field: string; kept: string | null; merged: string; }
/** What a merge does to one note (`mergeEdits`), computed on the text it was given. */
export interface MergeEdits { edits: Fix[]; conflicts: MergeConflict[]; }
"#;

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
        Some(PersonView {
            path,
            name: &derived.name,
            aliases: &p.aliases,
            handles: &p.handles,
            company: p.company.as_deref(),
            tags: &p.tags,
        })
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

impl<'a> FixView<'a> {
    /// `edit`, described, in UTF-16 offsets of `text`, the text it was computed on.
    pub fn new(text: &str, description: &'a str, edit: &'a TextEdit) -> FixView<'a> {
        FixView {
            description,
            from: utf16_offset(text, edit.range.start),
            to: utf16_offset(text, edit.range.end),
            insert: &edit.insert,
        }
    }
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
            fix: d.fix.as_ref().map(|f| FixView {
                description: &f.description,
                from: f.from_utf16,
                to: f.to_utf16,
                insert: &f.edit.insert,
            }),
        }
    }
}

impl<'a> From<&'a DiagnosticAt<'a>> for DiagnosticView<'a> {
    fn from(d: &'a DiagnosticAt<'a>) -> DiagnosticView<'a> {
        DiagnosticView::new(d.path, &d.diagnostic)
    }
}

/// An edit handed to JavaScript: the TS `TextEdit`, in UTF-16 offsets of the text it was computed on.
#[derive(Serialize)]
pub struct TextEditView<'a> {
    pub from: u32,
    pub to: u32,
    pub insert: &'a str,
}

impl<'a> TextEditView<'a> {
    pub fn new(text: &str, edit: &'a TextEdit) -> TextEditView<'a> {
        TextEditView {
            from: utf16_offset(text, edit.range.start),
            to: utf16_offset(text, edit.range.end),
            insert: &edit.insert,
        }
    }
}

/// The people a dated note links, with its summary: the TS `LogPlan`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogPlanView<'a> {
    pub note: &'a str,
    pub date: Date,
    pub summary: String,
    pub not_yet: Option<String>,
    pub people: Vec<PersonRef<'a>>,
}

impl<'a> LogPlanView<'a> {
    pub fn new(targets: &crate::index::LogTargets<'a>, summary: String, today: Date) -> LogPlanView<'a> {
        LogPlanView {
            note: targets.path,
            date: targets.date,
            summary,
            not_yet: crate::writeback::not_yet(targets.date, today),
            people: targets.people.iter().map(|(path, d)| PersonRef { path, name: &d.name }).collect(),
        }
    }
}

/// One person note's write-back, in UTF-16 offsets of the text it was computed on: the TS `LogEdits`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEditsView<'a> {
    pub edits: Vec<FixView<'a>>,
    pub line: Option<&'a str>,
    pub last_contact: Option<Date>,
    pub skipped: Option<&'a str>,
}

impl<'a> LogEditsView<'a> {
    pub fn new(text: &str, log: &'a crate::writeback::PersonLog) -> LogEditsView<'a> {
        LogEditsView {
            edits: log.edits.iter().map(|e| FixView::new(text, &e.description, &e.edit)).collect(),
            line: log.line.as_deref(),
            last_contact: log.last_contact,
            skipped: log.skipped.as_deref(),
        }
    }
}

/// A merge to make: the TS `MergePlan`.
#[derive(Serialize)]
pub struct MergePlanView<'a> {
    pub kept: PersonRef<'a>,
    pub merged: PersonRef<'a>,
    pub paths: &'a [String],
}

impl<'a> From<&'a crate::index::MergePlan> for MergePlanView<'a> {
    fn from(plan: &'a crate::index::MergePlan) -> MergePlanView<'a> {
        MergePlanView {
            kept: PersonRef { path: &plan.rename.kept_path, name: &plan.kept_name },
            merged: PersonRef { path: &plan.rename.merged_path, name: &plan.merged_name },
            paths: &plan.paths,
        }
    }
}

/// A conflict of a merge: the TS `MergeConflict`.
#[derive(Serialize)]
pub struct MergeConflictView<'a> {
    pub field: &'a str,
    pub kept: Option<&'a str>,
    pub merged: &'a str,
}

/// One note's merge edits, in UTF-16 offsets of the text they were computed on: the TS `MergeEdits`.
#[derive(Serialize)]
pub struct MergeEditsView<'a> {
    pub edits: Vec<FixView<'a>>,
    pub conflicts: Vec<MergeConflictView<'a>>,
}

impl<'a> MergeEditsView<'a> {
    pub fn new(text: &str, merge: &'a crate::merge::NoteMerge) -> MergeEditsView<'a> {
        MergeEditsView {
            edits: merge.edits.iter().map(|e| FixView::new(text, &e.description, &e.edit)).collect(),
            conflicts: merge
                .conflicts
                .iter()
                .map(|c| MergeConflictView { field: &c.field, kept: c.kept.as_deref(), merged: &c.merged })
                .collect(),
        }
    }
}

/// A note with every mechanical fix applied: the TS `FixAllResult`.
#[derive(Serialize)]
pub struct FixAllView {
    pub text: String,
    pub applied: usize,
}

/// A Dataview block to replace: the TS `MigrationBlock`.
#[derive(Serialize)]
pub struct MigrationBlockView<'a> {
    pub from: u32,
    pub to: u32,
    pub insert: &'a str,
    pub line: u32,
    pub kind: &'static str,
    pub folders: &'a [String],
}

/// A Dataview block left as it is: the TS `MigrationSkip`.
#[derive(Serialize)]
pub struct MigrationSkipView<'a> {
    pub line: u32,
    pub reason: &'a str,
}

/// The TS `MigrationPlan`.
#[derive(Serialize)]
pub struct MigrationPlanView<'a> {
    pub blocks: Vec<MigrationBlockView<'a>>,
    pub skipped: Vec<MigrationSkipView<'a>>,
}

impl<'a> From<&'a crate::migrate::MigrationPlan> for MigrationPlanView<'a> {
    fn from(p: &'a crate::migrate::MigrationPlan) -> MigrationPlanView<'a> {
        MigrationPlanView {
            blocks: p
                .blocks
                .iter()
                .map(|b| MigrationBlockView {
                    from: b.from_utf16,
                    to: b.to_utf16,
                    insert: &b.edit.insert,
                    line: b.line,
                    kind: b.kind.as_str(),
                    folders: &b.folders,
                })
                .collect(),
            skipped: p.skipped.iter().map(|s| MigrationSkipView { line: s.line, reason: &s.reason }).collect(),
        }
    }
}

/// A note linking a person: the TS `Linked`.
#[derive(Serialize)]
pub struct LinkedView<'a> {
    pub path: &'a str,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    pub date: Option<Date>,
}

impl<'a> From<&'a Linked<'a>> for LinkedView<'a> {
    fn from(l: &'a Linked<'a>) -> LinkedView<'a> {
        LinkedView { path: l.path, title: l.title, kind: l.kind.as_deref(), date: l.date }
    }
}

/// A Recent Context line: the TS `ContextLine`.
#[derive(Serialize)]
pub struct ContextLineView<'a> {
    pub date: Date,
    pub line: u32,
    pub text: &'a str,
}

fn context_lines(lines: &[crate::note::ContextLine]) -> Vec<ContextLineView<'_>> {
    lines.iter().map(|c| ContextLineView { date: c.date, line: c.line, text: &c.text }).collect()
}

/// The TS `ProfilePerson`: a `Person` with what the profile says of the note itself.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePersonView<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub handles: &'a [String],
    pub company: Option<&'a str>,
    pub tags: &'a [String],
    pub auto_created: bool,
    pub needs_review: bool,
}

/// The TS `PersonProfile`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonProfileView<'a> {
    pub person: ProfilePersonView<'a>,
    pub contact: Option<StaleContactView<'a>>,
    pub mentions: Vec<TaskView<'a>>,
    pub owned: Vec<TaskView<'a>>,
    pub projects: Vec<LinkedView<'a>>,
    pub linked_from: Vec<LinkedView<'a>>,
    pub recent_context: Vec<ContextLineView<'a>>,
    pub diagnostics: Vec<DiagnosticView<'a>>,
}

/// Open tasks of a card, mentions then owned (none when the index files no tasks).
fn card_tasks<'a>(card: &Card<'a>) -> (Vec<TaskView<'a>>, Vec<TaskView<'a>>) {
    match &card.tasks {
        Some(t) => (
            t.mentions.iter().map(|t| TaskView::from(*t)).collect(),
            t.owned.iter().map(|t| TaskView::from(*t)).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    }
}

impl<'a> PersonProfileView<'a> {
    /// `None` only when the card is not a person's, which `Index::profile` never answers.
    pub fn new(p: &'a Profile<'a>) -> Option<PersonProfileView<'a>> {
        let card = &p.card;
        let person = card.derived.person.as_ref()?;
        let (mentions, owned) = card_tasks(card);
        Some(PersonProfileView {
            person: ProfilePersonView {
                path: card.path,
                name: &card.derived.name,
                aliases: &person.aliases,
                handles: &person.handles,
                company: person.company.as_deref(),
                tags: &person.tags,
                auto_created: person.auto_created,
                needs_review: person.needs_review,
            },
            contact: card.contact.as_ref().map(StaleContactView::from),
            mentions,
            owned,
            projects: p.projects.iter().map(LinkedView::from).collect(),
            linked_from: p.linked_from.iter().map(LinkedView::from).collect(),
            recent_context: context_lines(card.recent_context),
            diagnostics: p.diagnostics.iter().map(|d| DiagnosticView::new(card.path, d)).collect(),
        })
    }
}

/// How many Recent Context lines a meeting's prep shows of each person.
pub const PREP_CONTEXT_LINES: usize = 3;

/// The TS `PrepCard`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepCardView<'a> {
    pub person: PersonView<'a>,
    pub contact: Option<StaleContactView<'a>>,
    pub mentions: Vec<TaskView<'a>>,
    pub owned: Vec<TaskView<'a>>,
    pub recent_context: Vec<ContextLineView<'a>>,
}

impl<'a> PrepCardView<'a> {
    pub fn new(card: &'a Card<'a>) -> Option<PrepCardView<'a>> {
        let (mentions, owned) = card_tasks(card);
        let recent = card.recent_context.get(..PREP_CONTEXT_LINES.min(card.recent_context.len())).unwrap_or_default();
        Some(PrepCardView {
            person: PersonView::new(card.path, card.derived)?,
            contact: card.contact.as_ref().map(StaleContactView::from),
            mentions,
            owned,
            recent_context: context_lines(recent),
        })
    }
}

/// The TS `MeetingPrep`.
#[derive(Serialize)]
pub struct MeetingPrepView<'a> {
    pub path: &'a str,
    pub date: Option<Date>,
    pub people: Vec<PrepCardView<'a>>,
}

/// The TS `ReviewDuplicate`.
#[derive(Serialize)]
pub struct ReviewDuplicateView<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub reason: &'a str,
}

/// The TS `ReviewPerson`'s `firstSeen`.
#[derive(Serialize)]
pub struct FirstSeenView<'a> {
    pub path: &'a str,
    pub date: Date,
}

/// The TS `ReviewPerson`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPersonView<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub auto_created: bool,
    pub needs_review: bool,
    pub created: Option<Date>,
    pub missing: &'a [String],
    pub mentions: usize,
    pub first_seen: Option<FirstSeenView<'a>>,
    pub duplicates: Vec<ReviewDuplicateView<'a>>,
}

impl<'a> From<&'a crate::index::ReviewPerson<'a>> for ReviewPersonView<'a> {
    fn from(p: &'a crate::index::ReviewPerson<'a>) -> ReviewPersonView<'a> {
        ReviewPersonView {
            path: p.path,
            name: p.name,
            auto_created: p.auto_created,
            needs_review: p.needs_review,
            created: p.created,
            missing: &p.missing,
            mentions: p.mentions,
            first_seen: p.first_seen.as_ref().map(|f| FirstSeenView { path: f.path, date: f.date }),
            duplicates: p
                .duplicates
                .iter()
                .map(|d| ReviewDuplicateView { path: d.path, name: d.name, reason: &d.reason })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Settings};
    use crate::index::Index;
    use serde_json::Value;
    use std::collections::{BTreeMap, BTreeSet};

    /// Fields of an object type as (name, type text), in order.
    type Members = Vec<(String, String)>;

    /// `ts` without `//` and `/* */` comments.
    fn strip_comments(ts: &str) -> String {
        let mut out = String::new();
        let mut rest = ts;
        loop {
            let line = rest.find("//");
            let block = rest.find("/*");
            match (line, block) {
                (Some(l), b) if b.is_none_or(|b| l < b) => {
                    out.push_str(&rest[..l]);
                    rest = rest[l..].find('\n').map_or("", |end| &rest[l + end..]);
                }
                (_, Some(b)) => {
                    out.push_str(&rest[..b]);
                    rest = rest[b..].find("*/").map_or("", |end| &rest[b + end + 2..]);
                }
                (None, None) => {
                    out.push_str(rest);
                    return out;
                }
                (Some(_), None) => unreachable!("the first arm takes a line comment with no block comment"),
            }
        }
    }

    /// The text inside the braces `text` opens with, and what follows them.
    fn braced(text: &str) -> (&str, &str) {
        let mut depth = 0;
        for (i, c) in text.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return (&text[1..i], &text[i + 1..]);
                    }
                }
                _ => {}
            }
        }
        panic!("unbalanced braces in {text:?}")
    }

    /// The `name: type` members at the top level of an object type's body.
    fn members(body: &str) -> Members {
        let mut out = Vec::new();
        let mut push = |member: &str| {
            let member = member.trim();
            if !member.is_empty() {
                let (name, ty) = member.split_once(':').unwrap_or_else(|| panic!("`{member}` is not `name: type`"));
                out.push((name.trim().to_string(), ty.trim().to_string()));
            }
        };
        let (mut depth, mut start) = (0, 0);
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ';' if depth == 0 => {
                    push(&body[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        push(&body[start..]);
        out
    }

    /// Each `export interface Name [extends Parent] { … }` of `ts`, the parent's members first.
    fn interfaces(ts: &str) -> BTreeMap<String, Members> {
        let text = strip_comments(ts);
        let mut out: BTreeMap<String, Members> = BTreeMap::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("export interface ") {
            rest = &rest[at + "export interface ".len()..];
            let open = rest.find('{').unwrap_or_else(|| panic!("an interface without a body: {rest:?}"));
            let head: Vec<&str> = rest[..open].split_whitespace().collect();
            let (body, after) = braced(&rest[open..]);
            let mut fields = match head.as_slice() {
                [_, "extends", parent] => {
                    out.get(*parent).cloned().unwrap_or_else(|| panic!("{parent} is not declared before {}", head[0]))
                }
                _ => Vec::new(),
            };
            fields.extend(members(body));
            out.insert(head[0].to_string(), fields);
            rest = after;
        }
        out
    }

    /// Member names, with those of inline object types as `outer.inner`.
    fn names(fields: &Members) -> Vec<String> {
        let mut out = Vec::new();
        for (name, ty) in fields {
            out.push(name.clone());
            if ty.starts_with('{') {
                out.extend(names(&members(braced(ty).0)).into_iter().map(|inner| format!("{name}.{inner}")));
            }
        }
        out.sort();
        out
    }

    /// `value`'s keys are exactly `fields`' names, and so on down every object it holds whose
    /// type is an inline object or a declared interface. Records each interface it visits.
    fn check(
        declared: &BTreeMap<String, Members>,
        at: &str,
        fields: &Members,
        value: &Value,
        seen: &mut BTreeSet<String>,
    ) {
        let object = value.as_object().unwrap_or_else(|| panic!("{at}: {value} is not an object"));
        let mut rust: Vec<&str> = object.keys().map(String::as_str).collect();
        let mut ts: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
        rust.sort();
        ts.sort();
        assert_eq!(
            rust, ts,
            "{at}: the fields of the Rust shape (left) and of its TypeScript interface (right) differ"
        );
        for (name, ty) in fields {
            let (value, ty) = match &object[name] {
                Value::Array(items) => {
                    let item = ty.trim_end_matches("[]");
                    match items.first() {
                        Some(first) => (first, item),
                        None if item.starts_with('{') || declared.contains_key(item) => {
                            panic!("{at}.{name}: give the example an item, so that its shape is checked")
                        }
                        None => continue,
                    }
                }
                value => (value, ty.as_str()),
            };
            if !value.is_object() {
                continue;
            }
            let nested = if ty.starts_with('{') {
                members(braced(ty).0)
            } else {
                let interface = ty
                    .split('|')
                    .map(str::trim)
                    .find(|t| declared.contains_key(*t))
                    .unwrap_or_else(|| panic!("{at}.{name}: `{ty}` names no interface"));
                seen.insert(interface.to_string());
                declared[interface].clone()
            };
            check(declared, &format!("{at}.{name}"), &nested, value, seen);
        }
    }

    const PERSON: &str = "---\ntype: people\ncompany: Acme\ntags: [client]\naliases: [Ada B]\nlast_contact: 2026-11-01\n---\n# Ada Brennan\n";
    const MEETING: &str = "---\ndate: 2026-11-20\ntitle: Sync\n---\n- [ ] Send [[Ada Brennan]] the deck 📅 2026-11-28 #work\n- [ ] @AdaBrennan checks the numbers\n";

    /// Every shape `RapportIndex` answers with, as JSON, by the name of its TS interface; each
    /// list and optional object holds one, so that its shape is checked too.
    fn examples() -> Vec<(&'static str, Value)> {
        let config: Config =
            serde_json::from_str(r#"{"tagCadences":[{"tag":"client","cadence":"monthly"}]}"#).expect("a valid config");
        let mut index = Index::new(Settings::new(config.clone()).expect("valid settings"));
        index.upsert("People/Ada Brennan.md", PERSON);
        index.upsert("Meetings/Sync.md", MEETING);
        index.upsert(
            "People/Cy Dune.md",
            "---\ntype: people\nlast_contact: 2026-13-01\ntags: [needs-review]\n---\n## Recent Context\n- 2026-11-21: [[2026-11-21 - Review]]\n",
        );
        index.upsert(
            "Projects/Atlas.md",
            "Led by [[Cy Dune]].\n- [ ] Send [[Cy Dune]] the plan\n- [ ] @CyDune signs off\n",
        );
        index.upsert("2026-11-21 - Review.md", "With [[Cy Dune]] and [[Ada Brennan]].\n");
        let today = Date::parse_iso("2026-11-26").expect("a date");
        let person = "People/Ada Brennan.md";
        let broken = "---\ntype: people\nmanager: [[Bo Tran]]\n---\n";
        let diagnostics = crate::edit::diagnose(person, broken, index.settings(), today);
        let fixable = diagnostics.iter().find(|d| d.fix.is_some()).expect("a diagnostic with a fix");
        let edit = crate::edit::mark_contacted(PERSON, "last_contact", today).ok().flatten().expect("an edit");
        let (text, applied) = crate::edit::fix_all(person, broken, index.settings(), today);
        let entry = crate::writeback::Entry { path: Some("Meetings/Sync.md"), date: today, summary: "Sync" };
        let log = crate::writeback::person_edits(PERSON, &entry, "last_contact", today);
        let mut log_index = Index::new(Settings::new(Config::default()).expect("valid settings"));
        log_index.upsert(person, PERSON);
        log_index.upsert("Meetings/2026-11-24 - Panel.md", "With [[Ada Brennan]].\n");
        let people = index.people();
        let derived = people.first().expect("a person").1;
        let contacts = index.stale(today);
        let tasks = index.all_tasks();
        let migration_text = format!(
            "{PERSON}```dataview\nLIST FROM \"Work\" WHERE contains(file.outlinks, this.file.link)\n```\n```dataview\nTABLE x\n```\n"
        );
        let migration = crate::migrate::plan_note(person, &migration_text, index.settings()).expect("a person");
        let profile = index.profile("People/Cy Dune.md", today).expect("a person");
        let mut merge_index = Index::new(Settings::default());
        let kept_text = "---\ntype: people\ncompany: Acme\n---\n".to_string();
        merge_index.upsert("People/Kofi Boateng.md", &kept_text);
        merge_index.upsert("People/Kofi B.md", "---\ntype: people\ncompany: Beta\n---\n");
        let merge_plan = merge_index.merge_plan("Kofi Boateng", "Kofi B").expect("two people");
        let merge_edits =
            merge_plan.edits("People/Kofi Boateng.md", &kept_text, "---\ntype: people\ncompany: Beta\n---\n");
        assert!(!merge_edits.edits.is_empty() && !merge_edits.conflicts.is_empty(), "{merge_edits:?}");
        let cards = index.meeting_prep("2026-11-21 - Review.md", today);
        assert_eq!(cards.len(), 2, "Ada and Cy");
        // Cy's card first: each of its lists holds an item, so that their shapes are checked.
        let prep: Vec<PrepCardView> = cards.iter().rev().filter_map(PrepCardView::new).collect();
        // Cy Dune queued, with a duplicate, a mention from a dated note and something missing.
        let mut review_index = Index::new(Settings::new(Config::default()).expect("valid settings"));
        review_index.upsert("People/Cy Dune.md", "---\ntype: people\ncreated: 2026-01-02\ntags: [needs-review]\n---\n");
        review_index.upsert("People/Cy D.md", "---\ntype: people\n---\n");
        review_index.upsert("2026-11-21 - Review.md", "With [[Cy Dune]].\n");
        let queue = review_index.review_queue(today);
        let queued = queue.first().expect("Cy Dune");
        vec![
            ("Config", json(&config)),
            (
                "VaultSettings",
                json(&crate::config::VaultSettings {
                    template_folders: vec!["Templates".into()],
                    task_global_filter: "#task".into(),
                    daily_note_formats: vec!["YYYY-MM-DD dddd".into()],
                }),
            ),
            ("Person", json(&PersonView::new(person, derived))),
            ("StaleContact", json(&StaleContactView::from(&*contacts[0]))),
            ("Task", json(&TaskView::from(tasks[0]))),
            ("PersonTasks", json(&PersonTasksView::from(index.tasks_for_person(person).expect("a person")))),
            ("Diagnostic", json(&DiagnosticView::new(person, fixable))),
            ("TextEdit", json(&TextEditView::new(PERSON, &edit))),
            ("FixAllResult", json(&FixAllView { text, applied })),
            (
                "LogPlan",
                json(&LogPlanView::new(
                    &log_index.log_targets("Meetings/2026-11-24 - Panel.md").expect("a dated note"),
                    "Panel".into(),
                    today,
                )),
            ),
            ("LogEdits", json(&LogEditsView::new(PERSON, &log))),
            ("MigrationPlan", json(&MigrationPlanView::from(&migration))),
            ("PersonProfile", json(&PersonProfileView::new(&profile))),
            ("MeetingPrep", json(&MeetingPrepView { path: "2026-11-21 - Review.md", date: Some(today), people: prep })),
            ("ReviewPerson", json(&ReviewPersonView::from(queued))),
            ("MergePlan", json(&MergePlanView::from(&merge_plan))),
            ("MergeEdits", json(&MergeEditsView::new(&kept_text, &merge_edits))),
        ]
    }

    fn json(value: &impl Serialize) -> Value {
        serde_json::to_value(value).expect("an answer serializes")
    }

    #[test]
    fn shapes_match_their_interfaces() {
        let declared = interfaces(TS_TYPES);
        let mut seen = BTreeSet::new();
        for (name, value) in examples() {
            let fields = declared.get(name).unwrap_or_else(|| panic!("TS_TYPES declares no `{name}`"));
            seen.insert(name.to_string());
            check(&declared, name, fields, &value, &mut seen);
        }
        let unchecked: Vec<&String> = declared.keys().filter(|name| !seen.contains(*name)).collect();
        assert!(unchecked.is_empty(), "no example answer has the shape of {unchecked:?}: add one to `examples`");
    }

    #[test]
    fn the_docs_declare_the_interfaces_of_the_dts() {
        let docs = include_str!("../docs/core-api.md");
        let block =
            docs.split("```ts\n").nth(1).and_then(|b| b.split("```").next()).expect("docs/core-api.md has a ts block");
        let (documented, declared) = (interfaces(block), interfaces(TS_TYPES));
        assert_eq!(
            documented.keys().collect::<Vec<_>>(),
            declared.keys().collect::<Vec<_>>(),
            "interfaces in docs/core-api.md (left) and TS_TYPES (right)"
        );
        for (name, fields) in &declared {
            assert_eq!(
                names(&documented[name]),
                names(fields),
                "`{name}` in docs/core-api.md (left) and TS_TYPES (right)"
            );
        }
    }

    #[test]
    fn the_interface_reader_reads_what_ts_types_holds() {
        let read = interfaces("/** a */ export interface A { x: number; // x\n y: { p: string; q: number }[]; }\nexport interface B extends A { z: A | null }");
        assert_eq!(names(&read["B"]), ["x", "y", "y.p", "y.q", "z"]);
        assert_eq!(read["B"][2], ("z".to_string(), "A | null".to_string()));
    }
}
