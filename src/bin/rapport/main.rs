//! The `rapport` command: the core over a vault folder. The only code that touches the file
//! system, arguments, standard output and exit codes.

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use rapport::body::TaskReading;
use rapport::{
    Code, Config, Date, Derived, Diagnostic, Index, Note, Scope, Settings, Severity, StaleContact, TaskAt,
    VaultSettings,
};
use serde::Serialize;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// The commands with a file of their own, and the write path of those that change notes.
mod duplicates;
mod log;
mod merge;
mod migrate;
mod person;
mod review;
mod write;

/// Rapport: an Obsidian personal CRM on the command line.
// `propagate_version`: `-V` after the command's name, and `args_override_self`: the last of a
// flag given twice, as the CLI took them before it used clap.
#[derive(Parser)]
#[command(version, propagate_version = true, args_override_self = true, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    options: Options,
    /// `--person` before the command's name, accepted there since the first CLI; it still goes
    /// with `tasks` only, whose own `--person` is the one its help shows.
    #[arg(long, hide = true)]
    person: Option<String>,
}

/// Said under the help: scripts branch on these (README, "The command line").
const EXIT_CODES: &str = "Exit codes: 0 success, 1 `check` found an error, 2 usage or I/O error.";

#[derive(Subcommand)]
enum Command {
    /// Frontmatter diagnostics (exit 1 if any error)
    Check(VaultArgs),
    /// People by staleness, most overdue first
    Stale(VaultArgs),
    /// Every task, or the open tasks of one person
    Tasks(TasksArgs),
    /// One person's profile: contact, open tasks, projects, linked notes, Recent Context
    Person(PersonArgs),
    /// Log a dated note in the Recent Context and last contact of everyone it links
    Log(LogArgs),
    /// Dataview blocks of people notes rewritten as rapport blocks
    ///
    /// Without --write it only says what it would change.
    Migrate(MigrateArgs),
    /// Groups of people that may be one person, and why
    Duplicates(VaultArgs),
    /// People made or tagged for review: what is missing, mentions, first seen, duplicates
    Review(VaultArgs),
    /// One person merged into another: notes, links and @handles
    ///
    /// Without --write it only says what it would change.
    Merge(MergeArgs),
    /// A completion script for a shell, to load from its startup files
    ///
    /// For example, for bash: `rapport completions bash > ~/.local/share/bash-completion/completions/rapport`
    Completions(CompletionsArgs),
}

#[derive(Args)]
struct LogArgs {
    /// The vault's folder
    vault: PathBuf,
    /// The dated note, relative to the vault (`Meetings/2026-11-24 - Vendor panel.md`)
    note: String,
    /// The summary after the link [default: the note's `summary`, first heading or title]
    #[arg(long, value_name = "TEXT")]
    summary: Option<String>,
    /// Write the changes (without it, they are only shown)
    #[arg(long)]
    write: bool,
}

#[derive(Args)]
struct MergeArgs {
    /// The vault's folder
    vault: PathBuf,
    /// The person kept: a name, an alias, an @Handle or a path
    keep: String,
    /// The person merged into KEEP, whose note goes to the vault's .trash folder
    merged: String,
    /// Write the changed notes and move the merged one (nothing is written if a note changed)
    #[arg(long)]
    write: bool,
}

#[derive(Args)]
struct VaultArgs {
    /// The vault's folder
    vault: PathBuf,
}

#[derive(Args)]
struct TasksArgs {
    /// The vault's folder
    vault: PathBuf,
    /// Only the open tasks of this person: a name, an alias, an @Handle or a path
    #[arg(long, value_name = "NAME")]
    person: Option<String>,
}

#[derive(Args)]
struct MigrateArgs {
    /// The vault's folder
    vault: PathBuf,
    /// Write the changed notes (each replaced atomically, only if unchanged since it was read)
    #[arg(long)]
    write: bool,
}

#[derive(Args)]
struct PersonArgs {
    /// The vault's folder
    vault: PathBuf,
    /// A name, an alias, an @Handle or a path
    name: String,
}

#[derive(Args)]
struct CompletionsArgs {
    shell: Shell,
}

/// What every command takes, before or after the command's name and the vault's.
#[derive(Args)]
struct Options {
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Settings as JSON, in the plugin's shape (missing fields default)
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The day to judge by [default: today, UTC]
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = iso_date)]
    today: Option<Date>,
}

impl Options {
    fn today(&self) -> Date {
        self.today.unwrap_or_else(clock_today)
    }
}

/// How answers are written; not the task metadata format (`rapport::task`).
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

fn iso_date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| "expected a YYYY-MM-DD date".to_string())
}

/// Today's date in UTC from the system clock.
fn clock_today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i64)
}

/// Markdown files under `root`, vault-relative with `/`, skipping dot folders (`.obsidian`,
/// `.trash`, `.git`) as Obsidian does.
fn markdown_files(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let rel_path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let kind = entry.file_type().map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let kind_is_dir = kind.is_dir() || (kind.is_symlink() && path.is_dir());
            if kind_is_dir {
                stack.push((path, rel_path));
            } else if name.to_ascii_lowercase().ends_with(".md") {
                out.push((rel_path, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Obsidian's config folder in a vault. The app lets a vault name it otherwise; the CLI cannot
/// know that name and reads this one.
const CONFIG_DIR: &str = ".obsidian";

/// The Tasks plugin's id, as `community-plugins.json` lists it when the plugin is enabled.
const TASKS_PLUGIN: &str = "obsidian-tasks-plugin";

/// A JSON file of the vault's config folder; `None` when it is missing (the usual case: a plugin
/// never set up) or cannot be used, which is said on stderr and leaves the setting unset.
fn config_json(vault: &Path, rel: &str) -> Option<serde_json::Value> {
    let path = vault.join(CONFIG_DIR).join(rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            eprintln!("rapport: cannot read {}: {e}; its settings are not used", path.display());
            return None;
        }
    };
    serde_json::from_str(&text)
        .map_err(|e| eprintln!("rapport: {} is not valid JSON ({e}); its settings are not used", path.display()))
        .ok()
}

/// What the vault's own settings say that Rapport follows: the templates folders of Obsidian's
/// Templates plugin (`templates.json`, `folder`) and of Templater (its `data.json`,
/// `templates_folder`), whether or not those plugins are on, since the folder holds templates
/// either way; and the Tasks plugin's `globalFilter`, only while the plugin is enabled (listed
/// in `community-plugins.json`), since a disabled Tasks plugin filters nothing.
fn vault_settings(vault: &Path) -> VaultSettings {
    let text = |v: Option<serde_json::Value>, key: &str| {
        v.as_ref().and_then(|v| v.get(key)).and_then(|v| v.as_str()).map(str::to_string)
    };
    let template_folders = [
        text(config_json(vault, "templates.json"), "folder"),
        text(config_json(vault, "plugins/templater-obsidian/data.json"), "templates_folder"),
    ]
    .into_iter()
    .flatten()
    .filter(|f| !f.trim().trim_matches('/').is_empty())
    .collect();
    let tasks_enabled = config_json(vault, "community-plugins.json")
        .and_then(|v| v.as_array().map(|ids| ids.iter().any(|id| id.as_str() == Some(TASKS_PLUGIN))))
        .unwrap_or(false);
    let task_global_filter = if tasks_enabled {
        text(config_json(vault, &format!("plugins/{TASKS_PLUGIN}/data.json")), "globalFilter").unwrap_or_default()
    } else {
        String::new()
    };
    VaultSettings { template_folders, task_global_filter, daily_note_formats: daily_note_formats(vault) }
}

/// The date formats of the vault's daily notes: the Daily notes core plugin's (`daily-notes.json`,
/// `format`, `YYYY-MM-DD` when the file leaves it out or empty), whether or not the plugin is on,
/// since the notes keep their names either way; and the Periodic Notes plugin's daily format
/// while its daily notes are on. A format that cannot be read as a file-name pattern is said
/// once on stderr: the notes it names are not dated by their names.
fn daily_note_formats(vault: &Path) -> Vec<String> {
    let format = |v: &serde_json::Value| match v.get("format").and_then(|f| f.as_str()).map(str::trim) {
        Some(f) if !f.is_empty() => f.to_string(),
        _ => "YYYY-MM-DD".to_string(),
    };
    let daily = config_json(vault, "daily-notes.json").map(|v| format(&v));
    let periodic = config_json(vault, "plugins/periodic-notes/data.json")
        .and_then(|v| v.get("daily").cloned())
        .filter(|d| d.get("enabled").and_then(|e| e.as_bool()) == Some(true))
        .map(|d| format(&d));
    let mut formats: Vec<String> = Vec::new();
    for f in daily.into_iter().chain(periodic) {
        if rapport::NameFormat::from_moment(&f).is_none() {
            eprintln!(
                "rapport: the daily notes' date format `{f}` does not start the file name with the date in YYYY, MM and DD; add a pattern to dateFileFormats to date those notes"
            );
        }
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    formats
}

/// A read note: parsed and derived, or the reason its text could not be used.
type Read = (String, Result<(Note, Derived), Diagnostic>);

/// Reads, parses and derives one file. `buffer` is the reader thread's, used again for every
/// file: the text is needed only while it is parsed.
fn read_note(
    rel: &str,
    path: &Path,
    settings: &Settings,
    tasks: TaskReading,
    buffer: &mut Vec<u8>,
) -> Result<Read, String> {
    use std::io::Read as _;
    buffer.clear();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(buffer))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let note = match std::str::from_utf8(buffer) {
        Ok(text) => {
            let note = Note::parse_with(text, tasks);
            let derived = note.derive(rel, settings);
            Ok((note, derived))
        }
        Err(e) => Err(Diagnostic::error(
            Code::NotUtf8,
            0..0,
            format!("The file is not UTF-8 text (invalid byte at offset {}); Rapport skipped it.", e.valid_up_to()),
        )),
    };
    Ok((rel.to_string(), note))
}

/// Notes a reader thread hands over at once: one hand-over per note woke the indexing thread
/// for every note.
const BATCH: usize = 32;

/// Reads, parses and derives every note on all cores while this thread indexes them as they come:
/// parsing is independent per note, indexing is not, and overlapping the two keeps both cores
/// busy (the index answers the same whatever order notes arrive in). Returns the notes that
/// could not be read as text.
fn index_vault(files: &[(String, PathBuf)], index: &mut Index) -> Result<Vec<(String, Diagnostic)>, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Result<Read, String>>>(16);
    let mut unreadable = Vec::new();
    let settings = index.settings().clone();
    // Notes are read as much as the index needs them (`check` needs no task's text).
    let tasks = index.scope().tasks();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (send, next, settings) = (send.clone(), &next, &settings);
            scope.spawn(move || {
                let mut buffer = Vec::new();
                let mut batch = Vec::with_capacity(BATCH);
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((rel, path)) = files.get(i) else { break };
                    let read = read_note(rel, path, settings, tasks, &mut buffer);
                    let failed = read.is_err();
                    batch.push(read);
                    // A failed send means indexing stopped on an error: nothing more is wanted.
                    // A failed read is such an error: it is handed over and reading stops.
                    if failed || (batch.len() == BATCH && send.send(std::mem::take(&mut batch)).is_err()) {
                        break;
                    }
                }
                if !batch.is_empty() {
                    // Unsent only if indexing has stopped, which then needs nothing more.
                    let _ = send.send(batch);
                }
            });
        }
        drop(send);
        for read in receive.into_iter().flatten() {
            match read? {
                (path, Ok((note, derived))) if !index.settings().is_excluded(&path) => {
                    index.upsert_derived(&path, note, derived)
                }
                (_, Ok(_)) => {}
                (path, Err(d)) => unreadable.push((path, d)),
            }
        }
        Ok(unreadable)
    })
}

#[derive(Serialize)]
struct FixJson<'a> {
    description: &'a str,
    from: u32,
    to: u32,
    insert: &'a str,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    severity: &'static str,
    code: &'a str,
    field: Option<&'a str>,
    message: &'a str,
    fix: Option<FixJson<'a>>,
}

/// `n` and the noun that goes with it: `1 note`, `2 notes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A diagnostic of the note at `path` as `check` prints it.
fn diagnostic_json<'a>(path: &'a str, d: &'a Diagnostic) -> DiagnosticJson<'a> {
    DiagnosticJson {
        path,
        line: d.start.line.max(1),
        column: d.start.column.max(1),
        severity: d.severity.as_str(),
        code: d.code.as_str(),
        field: d.field.as_deref(),
        message: &d.message,
        fix: d.fix.as_ref().map(|f| FixJson {
            description: &f.description,
            from: f.from_utf16,
            to: f.to_utf16,
            insert: &f.edit.insert,
        }),
    }
}

#[derive(Serialize)]
struct CheckJson<'a> {
    notes: usize,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
struct ContactJson<'a> {
    path: &'a str,
    name: &'a str,
    last_contact: Option<Date>,
    evidence: Option<&'static str>,
    days_since: Option<i64>,
    cadence_days: Option<u32>,
    score: Option<f64>,
    status: &'static str,
    open_tasks: usize,
    reason: &'a str,
}

#[derive(Serialize)]
struct StaleJson<'a> {
    today: Date,
    contacts: Vec<ContactJson<'a>>,
}

#[derive(Serialize)]
struct TaskJson<'a> {
    path: &'a str,
    line: u32,
    status: String,
    description: &'a str,
    text: &'a str,
    due: Option<Date>,
    scheduled: Option<Date>,
    start: Option<Date>,
    created: Option<Date>,
    done: Option<Date>,
    cancelled: Option<Date>,
    priority: Option<&'static str>,
    recurrence: Option<&'a str>,
    /// `keep` or `delete` (the Tasks plugin's `🏁`), or null.
    on_completion: Option<&'static str>,
    id: Option<&'a str>,
    depends_on: &'a [String],
    tags: &'a [String],
    /// Date fields written with a day not on the calendar (`due`, `scheduled`, …).
    invalid_dates: Vec<&'static str>,
}

impl<'a> From<&TaskAt<'a>> for TaskJson<'a> {
    fn from(t: &TaskAt<'a>) -> TaskJson<'a> {
        let f = &t.task.fields;
        TaskJson {
            path: t.path,
            line: t.task.line,
            status: f.status.to_string(),
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
            invalid_dates: f.invalid_dates().collect(),
        }
    }
}

#[derive(Serialize)]
struct PersonJson<'a> {
    path: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct PersonTasksJson<'a> {
    person: PersonJson<'a>,
    mentions: Vec<TaskJson<'a>>,
    owned: Vec<TaskJson<'a>>,
}

#[derive(Serialize)]
struct AllTasksJson<'a> {
    tasks: Vec<TaskJson<'a>>,
}

/// Output is collected and written once, so a reader that stops early (`| head`) ends the
/// program quietly instead of making a print panic on the closed pipe.
struct Out(String);

impl Out {
    fn line(&mut self, text: impl AsRef<str>) {
        self.0.push_str(text.as_ref());
        self.0.push('\n');
    }

    fn json<T: Serialize>(&mut self, value: &T) -> Result<(), String> {
        let text = serde_json::to_string_pretty(value).map_err(|e| format!("cannot write JSON: {e}"))?;
        self.line(text);
        Ok(())
    }

    fn flush(self) -> Result<(), String> {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(self.0.as_bytes()).and_then(|()| stdout.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the output: {e}")),
            _ => Ok(()),
        }
    }
}

/// Cuts `s` to at most `width` characters for a table cell.
fn cell(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |x| x.to_string())
}

fn task_line(t: &TaskAt) -> String {
    let f = &t.task.fields;
    format!(
        "{:<10}  {:<7}  [{}]  {}  ({}:{})",
        opt(f.due),
        f.priority.map_or("-", |p| p.as_str()),
        f.status,
        f.description,
        t.path,
        t.task.line
    )
}

/// The shape of a config file: the default config as JSON, with one item in each list to show
/// what its items are (`schema`, null by default, takes text).
fn config_shape() -> serde_json::Value {
    let mut shape = serde_json::to_value(Config::default()).unwrap_or_default();
    if let Some(fields) = shape.as_object_mut() {
        for (key, value) in fields.iter_mut() {
            match value {
                serde_json::Value::Array(items) if key == "tagCadences" => {
                    items.push(serde_json::json!({ "tag": "", "cadence": "" }))
                }
                serde_json::Value::Array(items) => items.push(serde_json::json!("")),
                serde_json::Value::Null => *value = serde_json::json!(""),
                _ => {}
            }
        }
    }
    shape
}

/// What is wrong with a config file's `value` against `shape`, each naming its key (`at` is the
/// path so far): a key Rapport does not know (a typo such as `peopleFolder` would otherwise be
/// ignored, and the vault would have no people) or a value of the wrong type. `schema` may be
/// null (the built-in schema), and so may `taskGlobalFilter` (the vault's Tasks plugin's).
fn config_problems(value: &serde_json::Value, shape: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    match (value, shape) {
        (Value::Object(fields), Value::Object(known)) => {
            for (key, v) in fields {
                let path = if at.is_empty() { key.clone() } else { format!("{at}.{key}") };
                match known.get(key) {
                    Some(expected) => config_problems(v, expected, &path, out),
                    None => {
                        let near = known.keys().find(|k| {
                            k.eq_ignore_ascii_case(key) || k.starts_with(key.as_str()) || key.starts_with(k.as_str())
                        });
                        out.push(match near {
                            Some(k) => format!("unknown key `{path}` (did you mean `{k}`?)"),
                            None => format!("unknown key `{path}`"),
                        });
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(like)) => {
            if let Some(item_shape) = like.first() {
                for (i, item) in items.iter().enumerate() {
                    config_problems(item, item_shape, &format!("{at}[{i}]"), out);
                }
            }
        }
        (Value::Null, Value::String(_)) if at == "schema" || at == "taskGlobalFilter" => {}
        (Value::Bool(_), Value::Bool(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_)) => {}
        (v, expected) => out.push(format!("`{at}` should be {}, not {}", kind(expected), kind(v))),
    }
}

/// The settings in a `--config` file, checked key by key against the shape Rapport knows; the
/// defaults without one.
fn read_config(path: Option<&Path>) -> Result<Config, String> {
    let Some(path) = path else { return Ok(Config::default()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("invalid config {}: {e}", path.display()))?;
    let mut problems = Vec::new();
    config_problems(&value, &config_shape(), "", &mut problems);
    if !problems.is_empty() {
        return Err(format!("invalid config {}: {}", path.display(), problems.join("; ")));
    }
    serde_json::from_value(value).map_err(|e| format!("invalid config {}: {e}", path.display()))
}

/// A vault read into an index: what `check`, `stale` and `tasks` answer from.
struct Vault {
    /// The markdown files found, read or not.
    notes: usize,
    /// Never dropped: the process ends after the answer, and freeing the index's allocations one
    /// by one took a tenth of the run at 100k notes.
    index: ManuallyDrop<Index>,
    /// The notes whose text could not be used, each with its diagnostic.
    unreadable: Vec<(String, Diagnostic)>,
}

/// Reads the settings (`--config`, then the vault's own) and every note under `path` into an
/// index of `scope`.
fn open_vault(path: &Path, options: &Options, scope: Scope) -> Result<Vault, String> {
    let config = read_config(options.config.as_deref())?;
    let settings = Settings::new(config)
        .map_err(|p| format!("invalid config: {}", p.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")))?;
    if !path.is_dir() {
        return Err(format!("{} is not a folder", path.display()));
    }
    let settings = settings.with_vault(vault_settings(path));
    let files = markdown_files(path)?;
    let mut index = ManuallyDrop::new(Index::with_scope(settings, scope));
    let unreadable = index_vault(&files, &mut index)?;
    Ok(Vault { notes: files.len(), index, unreadable })
}

/// `rapport check`: every diagnostic, by path and position; exit 1 if any is an error.
fn check(path: &Path, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    let today = options.today();
    // `check` answers from diagnostics alone, which rest on no open task: its index files none.
    let vault = open_vault(path, options, Scope::Diagnostics)?;
    let notes = vault.notes;
    let all = vault.index.all_diagnostics(today);
    let mut rows: Vec<(&str, &Diagnostic)> = all.iter().map(|d| (d.path, d.diagnostic.as_ref())).collect();
    rows.extend(vault.unreadable.iter().map(|(p, d)| (p.as_str(), d)));
    rows.sort_by_key(|(p, d)| (*p, d.start.line, d.start.column));
    let errors = rows.iter().filter(|(_, d)| d.severity == Severity::Error).count();
    if options.format == OutputFormat::Json {
        let diagnostics = rows.iter().map(|(path, d)| diagnostic_json(path, d)).collect();
        out.json(&CheckJson { notes, diagnostics })?;
    } else {
        for (path, d) in &rows {
            let fix = d.fix.as_ref().map_or(String::new(), |f| format!(" (fix: {})", f.description));
            out.line(format!(
                "{path}:{}:{}: {}[{}] {}{fix}",
                d.start.line.max(1),
                d.start.column.max(1),
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
        let warnings = rows.iter().filter(|(_, d)| d.severity == Severity::Warning).count();
        out.line(format!(
            "{notes} notes checked: {errors} errors, {warnings} warnings, {} infos.",
            rows.len() - errors - warnings
        ));
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `rapport stale`: every person by staleness, most overdue first.
fn stale(path: &Path, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    let today = options.today();
    let vault = open_vault(path, options, Scope::Everything)?;
    let contacts = vault.index.stale(today);
    if options.format == OutputFormat::Json {
        let contacts = contacts.iter().map(|c| contact_json(c)).collect();
        out.json(&StaleJson { today, contacts })?;
    } else {
        print_stale(out, &contacts, today);
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport tasks`: every task, or with `person` the open tasks that mention or belong to them.
fn tasks(path: &Path, person: Option<&str>, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    let vault = open_vault(path, options, Scope::Everything)?;
    let index = &vault.index;
    match person {
        Some(name) => {
            let path = index
                .find_person(name)
                .ok_or_else(|| format!("no person named `{name}` in {}", path.display()))?
                .to_string();
            let tasks = index.tasks_for_person(&path).ok_or_else(|| format!("`{path}` is not a person"))?;
            if options.format == OutputFormat::Json {
                out.json(&PersonTasksJson {
                    person: PersonJson { path: tasks.path, name: tasks.name },
                    mentions: tasks.mentions.iter().map(TaskJson::from).collect(),
                    owned: tasks.owned.iter().map(TaskJson::from).collect(),
                })?;
            } else {
                out.line(format!("{} ({})", tasks.name, tasks.path));
                for (title, list) in [("Mentions", &tasks.mentions), ("Owned", &tasks.owned)] {
                    out.line(format!("\n{title} ({}):", list.len()));
                    list.iter().for_each(|t| out.line(format!("  {}", task_line(t))));
                }
            }
        }
        None => {
            let tasks = index.all_tasks();
            if options.format == OutputFormat::Json {
                out.json(&AllTasksJson { tasks: tasks.iter().map(TaskJson::from).collect() })?;
            } else {
                tasks.iter().for_each(|t| out.line(task_line(t)));
                out.line(format!("{} tasks.", tasks.len()));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport completions`: the completion script of `shell` for every command and option.
fn completions(shell: Shell, out: &mut Out) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rapport", &mut script);
    out.0.push_str(&String::from_utf8_lossy(&script));
    ExitCode::SUCCESS
}

fn contact_json(c: &StaleContact) -> ContactJson<'_> {
    ContactJson {
        path: &c.path,
        name: &c.name,
        last_contact: c.last_contact,
        evidence: c.evidence.map(|e| e.as_str()),
        days_since: c.days_since,
        cadence_days: c.cadence_days,
        score: c.score,
        status: c.status.as_str(),
        open_tasks: c.open_tasks,
        reason: &c.reason,
    }
}

fn print_stale(out: &mut Out, contacts: &[std::rc::Rc<StaleContact>], today: Date) {
    out.line(format!("Contacts on {today}, most overdue first\n"));
    out.line(format!(
        "{:<8}  {:<26}  {:<12}  {:>5}  {:>7}  {:>6}  {:>5}  REASON",
        "STATUS", "NAME", "LAST", "DAYS", "CADENCE", "SCORE", "TASKS"
    ));
    for c in contacts {
        out.line(format!(
            "{:<8}  {:<26}  {:<12}  {:>5}  {:>7}  {:>6}  {:>5}  {}",
            c.status.as_str(),
            cell(&c.name, 26),
            opt(c.last_contact),
            opt(c.days_since),
            opt(c.cadence_days.map(|d| format!("{d}d"))),
            opt(c.score.map(|s| format!("{s:.2}"))),
            c.open_tasks,
            c.reason
        ));
    }
}

fn main() -> ExitCode {
    // Usage errors exit 2 here, with clap's message naming the argument; help and version exit 0.
    let Cli { command, options, person } = Cli::parse();
    if person.is_some() && !matches!(command, Command::Tasks(_)) {
        eprintln!("rapport: --person goes with `tasks`");
        return ExitCode::from(2);
    }
    let mut out = Out(String::new());
    let answer = match command {
        Command::Check(args) => check(&args.vault, &options, &mut out),
        Command::Stale(args) => stale(&args.vault, &options, &mut out),
        Command::Tasks(args) => tasks(&args.vault, args.person.or(person).as_deref(), &options, &mut out),
        Command::Person(args) => person::person(&args.vault, &args.name, &options, &mut out),
        Command::Completions(args) => Ok(completions(args.shell, &mut out)),
        Command::Log(args) => {
            log::log(&args.vault, &args.note, args.summary.as_deref(), args.write, &options, &mut out)
        }
        Command::Migrate(args) => migrate::migrate(&args.vault, args.write, &options, &mut out),
        Command::Duplicates(args) => duplicates::duplicates(&args.vault, &options, &mut out),
        Command::Review(args) => review::review(&args.vault, &options, &mut out),
        Command::Merge(args) => merge::merge(&args.vault, &args.keep, &args.merged, args.write, &options, &mut out),
    };
    match answer.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rapport: {e}");
            ExitCode::from(2)
        }
    }
}
