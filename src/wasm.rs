//! The WebAssembly facade: `RapportIndex`, whose methods convert their arguments, call the core
//! and convert back; its TypeScript types, the answers it keeps, and out-of-memory detection.

use crate::config::{Config, Settings, VaultSettings};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, TextEdit};
use crate::edit;
use crate::index::Index;
use crate::schema::{Schema, BUILTIN_SCHEMA};
use crate::view::{
    DiagnosticView, FixAllView, PersonRef, PersonTasksView, PersonView, StaleContactView, TaskView, TextEditView,
};
use serde::Serialize;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;

/// The TypeScript interfaces of the answers, written beside their shapes in `view.rs`.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = crate::view::TS_TYPES;

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("Rapport could not convert its answer: {e}")))
}

/// Lists (people, contacts, tasks, diagnostics) cross as one JSON string that the engine parses
/// natively: building thousands of objects field by field through serde_wasm_bindgen costs
/// microseconds per object. The objects are the same plain objects either way (no non-finite
/// numbers occur in these answers).
fn to_js_json<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    parse_json(&to_json(value)?)
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("Rapport could not convert its answer: {e}")))
}

fn parse_json(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(|_| JsError::new("Rapport could not convert its answer to JSON."))
}

/// A JSON array of answer objects parsed, each object frozen: the objects `stale` and
/// `tasksForPerson` keep and hand out again, which no caller may change.
fn frozen_array(json: &str) -> Result<js_sys::Array, JsError> {
    let array = js_sys::Array::from(&parse_json(json)?);
    for value in array.iter() {
        js_sys::Object::freeze(value.unchecked_ref::<js_sys::Object>());
    }
    Ok(array)
}

fn date(text: &str, what: &str) -> Result<Date, JsError> {
    Date::parse_iso(text).ok_or_else(|| JsError::new(&format!("{what} must be a YYYY-MM-DD date, got `{text}`.")))
}

/// `today` as given, or the local date of the JavaScript clock (the core itself never reads one).
fn today_or_clock(today: Option<String>) -> Result<Date, JsError> {
    match today {
        Some(t) => date(&t, "today"),
        None => {
            let now = js_sys::Date::new_0();
            Date::new(now.get_full_year() as i32, now.get_month() as u8 + 1, now.get_date() as u8)
                .ok_or_else(|| JsError::new("The JavaScript clock gave an invalid date."))
        }
    }
}

fn settings(config: JsValue) -> Result<Settings, JsError> {
    let config: Config = if config.is_undefined() || config.is_null() {
        Config::default()
    } else {
        serde_wasm_bindgen::from_value(config).map_err(|e| JsError::new(&format!("Invalid Rapport config: {e}")))?
    };
    Settings::new(config).map_err(|problems| {
        JsError::new(&format!(
            "Invalid Rapport config: {}",
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
        ))
    })
}

fn edit_to_js(text: &str, edit: &TextEdit) -> Result<JsValue, JsError> {
    to_js(&TextEditView::new(text, edit))
}

fn diagnostics_to_js(path: &str, diagnostics: &[Diagnostic]) -> Result<JsValue, JsError> {
    to_js_json(&diagnostics.iter().map(|d| DiagnosticView::new(path, d)).collect::<Vec<_>>())
}

/// Tells an allocation that failed apart from every other abort. On wasm32 a failed allocation
/// aborts with an `unreachable` trap, exactly as a bug does, and runs no panic hook; the plugin
/// must know which it was, because out of memory is the device's state, not a note's fault (a
/// restart would re-read the vault into the same full memory, and no note is to blame). Wraps the
/// system allocator and records a null answer; nothing else changes. Only on wasm32: the CLI keeps
/// the system allocator untouched (this file is built for wasm32 only, see `lib.rs`).
mod memory {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Set when an allocation returned null; never cleared: an instance that ran out of memory
    /// is dropped by its host, and the next one starts with a fresh copy of this static.
    static FAILED: AtomicBool = AtomicBool::new(false);

    pub fn failed() -> bool {
        FAILED.load(Ordering::Relaxed)
    }

    fn record(ptr: *mut u8) -> *mut u8 {
        if ptr.is_null() {
            FAILED.store(true, Ordering::Relaxed);
        }
        ptr
    }

    struct Watched;

    // SAFETY: every call is forwarded unchanged to `System`, which upholds the contract; the
    // wrapper only reads the returned pointer.
    unsafe impl GlobalAlloc for Watched {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            record(System.alloc(layout))
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            record(System.alloc_zeroed(layout))
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            record(System.realloc(ptr, layout, new_size))
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            System.dealloc(ptr, layout)
        }
    }

    #[global_allocator]
    static ALLOCATOR: Watched = Watched;
}

/// Keeps a panic's message for the plugin's log. On wasm32 a panic aborts with the same bare
/// `unreachable` trap as any other abort, and the default hook writes the message to a stderr that
/// does not exist, so the plugin could log only "RuntimeError: unreachable". The hook keeps the
/// first message of this instance of the module (the plugin drops an instance that trapped) and
/// passes the panic on to the hook before it; `RapportIndex.panicMessage()` hands the message to
/// the plugin, which logs it with the trap. Nothing is imported from JavaScript for it.
/// `RapportIndex::new` installs the hook (once per instance), so it is in place from the first
/// index on, which the plugin makes as soon as the module is instantiated; a
/// `#[wasm_bindgen(start)]` function would do it earlier but is exported to JavaScript as `start()`.
mod panic {
    use std::sync::{Once, OnceLock};

    static MESSAGE: OnceLock<String> = OnceLock::new();

    pub fn install() {
        static INSTALLED: Once = Once::new();
        INSTALLED.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = MESSAGE.set(info.to_string());
                previous(info);
            }));
        });
    }

    pub fn message() -> Option<String> {
        MESSAGE.get().cloned()
    }
}

/// The version of the Rapport core.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The vault index. Feed it notes (`upsert`, `upsertMany`, `upsertBytes`), keep it current (`remove`,
/// `rename`), and ask it questions; edits are computed on the text you pass in.
#[wasm_bindgen]
pub struct RapportIndex {
    index: Index,
    /// The frozen contact objects the last `stale` answer held, by serial: a contact no update
    /// touched is handed out again instead of crossing as JSON and being parsed anew.
    contacts: std::collections::HashMap<u64, JsValue>,
    /// The frozen task objects `tasksForPerson` handed out, by task key (one version of one
    /// note's task): the panel asks again after every edit, and most of a person's tasks are
    /// then the same. Emptied when it would pass [`MAX_KEPT_TASKS`].
    tasks: std::collections::HashMap<(u64, u32), JsValue>,
}

/// Task objects `tasksForPerson` keeps for its next answers. A few times the busiest real
/// person's list; a plain task object is well under a kilobyte of JS heap, so this bounds the
/// kept objects to a few megabytes, dead ones (of notes changed since) included.
pub const MAX_KEPT_TASKS: usize = 5_000;

#[wasm_bindgen]
impl RapportIndex {
    /// A new empty index. Throws on an invalid config or schema.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Partial<Config>")] config: JsValue,
    ) -> Result<RapportIndex, JsError> {
        panic::install();
        Ok(RapportIndex {
            index: Index::new(settings(config)?),
            contacts: Default::default(),
            tasks: Default::default(),
        })
    }

    /// Replaces the config; the notes are re-derived under it by `rederive`, a slice at a time,
    /// and the index is not ready until it answers 0. Throws (keeping the old config) when it is
    /// invalid. Notes in folders no longer excluded must be upserted again. The vault's settings
    /// (`setVault`) are kept.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Partial<Config>")] config: JsValue,
    ) -> Result<(), JsError> {
        let s = settings(config)?.with_vault(self.index.settings().vault.clone());
        self.index.begin_settings(s);
        self.tasks.clear();
        Ok(())
    }

    /// Replaces what the vault's own settings say (its templates folders, the Tasks plugin's
    /// global filter), applied as `setConfig` applies a config: the notes are re-derived by
    /// `rederive`, and notes in folders no longer excluded must be upserted again.
    #[wasm_bindgen(js_name = setVault)]
    pub fn set_vault(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Partial<VaultSettings>")] vault: JsValue,
    ) -> Result<(), JsError> {
        let vault: VaultSettings = if vault.is_undefined() || vault.is_null() {
            VaultSettings::default()
        } else {
            serde_wasm_bindgen::from_value(vault).map_err(|e| JsError::new(&format!("Invalid vault settings: {e}")))?
        };
        self.index.begin_settings(self.index.settings().clone().with_vault(vault));
        self.tasks.clear();
        Ok(())
    }

    /// What the vault's own settings say, as `setVault` last set them.
    #[wasm_bindgen(unchecked_return_type = "VaultSettings")]
    pub fn vault(&self) -> Result<JsValue, JsError> {
        to_js(&self.index.settings().vault)
    }

    /// Re-derives up to `maxNotes` notes under the config `setConfig` set; how many may be left
    /// (0: every answer is under the new config, as from a fresh index).
    pub fn rederive(&mut self, max_notes: u32) -> u32 {
        self.index.rederive(max_notes as usize).try_into().unwrap_or(u32::MAX)
    }

    /// The effective config, defaults filled in.
    #[wasm_bindgen(unchecked_return_type = "Config")]
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(&self.index.settings().config)
    }

    /// Whether an allocation has failed in this instance of the module. A call that trapped (a
    /// `WebAssembly.RuntimeError`) while this is true ran out of memory rather than hit a bug.
    #[wasm_bindgen(js_name = outOfMemory)]
    pub fn out_of_memory() -> bool {
        memory::failed()
    }

    /// What the core panicked with in this instance of the module ("panicked at src/…:
    /// message"), or undefined. A call that trapped while this is set hit a bug in the core.
    #[wasm_bindgen(js_name = panicMessage)]
    pub fn panic_message() -> Option<String> {
        panic::message()
    }

    /// The config an index given none has: the one source of the defaults, which the plugin's
    /// `DEFAULT_SETTINGS` must equal (tests/plugin/settings.test.mjs checks it).
    #[wasm_bindgen(js_name = defaultConfig, unchecked_return_type = "Config")]
    pub fn default_config() -> Result<JsValue, JsError> {
        to_js(&Config::default())
    }

    /// The built-in schema, for "reset to default".
    #[wasm_bindgen(js_name = defaultSchema)]
    pub fn default_schema() -> String {
        BUILTIN_SCHEMA.to_string()
    }

    /// Problems in a user schema, with lines and columns in the schema text (path "").
    #[wasm_bindgen(js_name = checkSchema, unchecked_return_type = "Diagnostic[]")]
    pub fn check_schema(yaml: &str) -> Result<JsValue, JsError> {
        let (_, mut diagnostics) = Schema::parse(yaml);
        let index = crate::diagnostic::LineIndex::new(yaml);
        diagnostics.iter_mut().for_each(|d| index.locate(d));
        diagnostics_to_js("", &diagnostics)
    }

    /// Whether a daily notes' date format (Moment.js, as `VaultSettings.dailyNoteFormats` holds
    /// it) dates the notes it names: their names start with the date in `YYYY`, `MM` and `DD`.
    #[wasm_bindgen(js_name = readsDateFormat)]
    pub fn reads_date_format(format: &str) -> bool {
        crate::config::NameFormat::from_moment(format).is_some()
    }

    pub fn upsert(&mut self, path: &str, text: &str) {
        self.index.upsert(path, text);
    }

    /// Many notes in one call: `paths[i]` holds `texts[i]`.
    #[wasm_bindgen(js_name = upsertMany)]
    pub fn upsert_many(&mut self, paths: Vec<String>, texts: Vec<String>) -> Result<(), JsError> {
        if paths.len() != texts.len() {
            return Err(JsError::new(&format!("upsertMany got {} paths but {} texts.", paths.len(), texts.len())));
        }
        for (p, t) in paths.iter().zip(texts.iter()) {
            self.index.upsert(p, t);
        }
        Ok(())
    }

    /// Many notes as the UTF-8 bytes of their files, end to end in `bytes`: note `i` is
    /// `bytes[ends[i - 1]..ends[i]]` (from 0 for the first). What the plugin reads at startup:
    /// the files' bytes cross into the core as one copy, with no decoding to JS strings and no
    /// encoding back. Bytes that are not UTF-8 are read as the editor shows them, each bad
    /// sequence as U+FFFD.
    #[wasm_bindgen(js_name = upsertBytes)]
    pub fn upsert_bytes(&mut self, paths: Vec<String>, bytes: &[u8], ends: &[u32]) -> Result<(), JsError> {
        if paths.len() != ends.len() {
            return Err(JsError::new(&format!("upsertBytes got {} paths but {} ends.", paths.len(), ends.len())));
        }
        let mut start = 0usize;
        let mut notes = Vec::with_capacity(paths.len());
        for &end in ends {
            let end = end as usize;
            let Some(note) = bytes.get(start..end) else {
                return Err(JsError::new(&format!(
                    "upsertBytes got an end of {end} after {start}, in {} bytes.",
                    bytes.len()
                )));
            };
            notes.push(note);
            start = end;
        }
        for (path, note) in paths.iter().zip(notes) {
            self.index.upsert(path, &String::from_utf8_lossy(note));
        }
        Ok(())
    }

    /// Whether the note was indexed.
    pub fn remove(&mut self, path: &str) -> bool {
        self.index.remove(path)
    }

    /// Whether the old path was indexed.
    pub fn rename(&mut self, old_path: &str, new_path: &str) -> bool {
        self.index.rename(old_path, new_path)
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.contacts.clear();
        self.tasks.clear();
    }

    #[wasm_bindgen(js_name = noteCount)]
    pub fn note_count(&self) -> usize {
        self.index.len()
    }

    /// Bytes of note text indexed.
    #[wasm_bindgen(js_name = textBytes)]
    pub fn text_bytes(&self) -> usize {
        self.index.text_bytes()
    }

    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.index.paths().map(str::to_string).collect();
        paths.sort();
        paths
    }

    #[wasm_bindgen(unchecked_return_type = "Person[]")]
    pub fn people(&self) -> Result<JsValue, JsError> {
        let people: Vec<PersonView> =
            self.index.people().into_iter().filter_map(|(p, d)| PersonView::new(p, d)).collect();
        to_js_json(&people)
    }

    #[wasm_bindgen(js_name = personForPath, unchecked_return_type = "Person | null")]
    pub fn person_for_path(&self, path: &str) -> Result<JsValue, JsError> {
        to_js(&self.index.note(path).and_then(|(_, d)| PersonView::new(path, d)))
    }

    /// The path of the person a name, alias, @handle or path designates, or null.
    #[wasm_bindgen(js_name = findPerson)]
    pub fn find_person(&self, query: &str) -> Option<String> {
        self.index.find_person(query).map(str::to_string)
    }

    /// Every person with their staleness on `today`, most overdue first. A new array each call;
    /// its contacts are frozen, and one that no update touched is the same object as before.
    #[wasm_bindgen(unchecked_return_type = "StaleContact[]")]
    pub fn stale(&mut self, today: &str) -> Result<JsValue, JsError> {
        let contacts = &self.contacts;
        let order = self.index.stale_serials(date(today, "today")?, |serial| contacts.contains_key(&serial));
        // The contacts not seen before cross as one JSON array, parsed once.
        let fresh: Vec<StaleContactView> =
            order.iter().filter_map(|(_, contact)| contact.as_deref()).map(StaleContactView::from).collect();
        let parsed = if fresh.is_empty() { js_sys::Array::new() } else { frozen_array(&to_json(&fresh)?)? };
        let out = js_sys::Array::new_with_length(order.len() as u32);
        let mut kept = std::collections::HashMap::with_capacity(order.len());
        let mut parsed = parsed.iter();
        for (i, (serial, contact)) in order.into_iter().enumerate() {
            let value = if contact.is_some() {
                parsed.next().ok_or_else(|| JsError::new("Rapport could not convert its answer to JSON."))?
            } else {
                self.contacts
                    .remove(&serial)
                    .ok_or_else(|| JsError::new("Rapport lost a contact it had kept; rebuild the index."))?
            };
            out.set(i as u32, value.clone());
            kept.insert(serial, value);
        }
        self.contacts = kept;
        Ok(out.into())
    }

    #[wasm_bindgen(unchecked_return_type = "StaleContact | null")]
    pub fn contact(&self, path: &str, today: &str) -> Result<JsValue, JsError> {
        to_js(&self.index.contact(path, date(today, "today")?).as_ref().map(StaleContactView::from))
    }

    /// Open tasks that mention or are owned by the person at `path`; null if not a person. New
    /// arrays each call; their tasks are frozen, and a task whose note is unchanged since an
    /// earlier answer is the same object as then.
    #[wasm_bindgen(js_name = tasksForPerson, unchecked_return_type = "PersonTasks | null")]
    pub fn tasks_for_person(&mut self, path: &str) -> Result<JsValue, JsError> {
        let Some(person) = self.index.tasks_for_person(path) else { return Ok(JsValue::NULL) };
        let all = person.mentions.len() + person.owned.len();
        if all > MAX_KEPT_TASKS {
            return to_js_json(&PersonTasksView::from(person));
        }
        if self.tasks.len() + all > MAX_KEPT_TASKS {
            self.tasks.clear();
        }
        // The tasks not handed out before cross as one JSON array, parsed once.
        let mut fresh: Vec<TaskView> = Vec::new();
        let mut fresh_keys: HashSet<(u64, u32)> = HashSet::new();
        let mut fresh_order: Vec<(u64, u32)> = Vec::new();
        for t in person.mentions.iter().chain(&person.owned) {
            if !self.tasks.contains_key(&t.key) && fresh_keys.insert(t.key) {
                fresh_order.push(t.key);
                fresh.push(TaskView::from(*t));
            }
        }
        if !fresh.is_empty() {
            let parsed = frozen_array(&to_json(&fresh)?)?;
            for (key, value) in fresh_order.into_iter().zip(parsed.iter()) {
                self.tasks.insert(key, value);
            }
        }
        let list = |tasks: &[crate::index::TaskAt]| -> Result<js_sys::Array, JsError> {
            let out = js_sys::Array::new_with_length(tasks.len() as u32);
            for (i, t) in tasks.iter().enumerate() {
                let value = self
                    .tasks
                    .get(&t.key)
                    .ok_or_else(|| JsError::new("Rapport lost a task it had kept; rebuild the index."))?;
                out.set(i as u32, value.clone());
            }
            Ok(out)
        };
        let fields = [
            ("person", to_js(&PersonRef { path: person.path, name: person.name })?),
            ("mentions", list(&person.mentions)?.into()),
            ("owned", list(&person.owned)?.into()),
        ];
        let answer = js_sys::Object::new();
        for (key, value) in fields {
            js_sys::Reflect::set(&answer, &JsValue::from_str(key), &value)
                .map_err(|_| JsError::new("Rapport could not build its answer."))?;
        }
        Ok(answer.into())
    }

    /// Every task of the vault, open or not, by due date.
    #[wasm_bindgen(js_name = allTasks, unchecked_return_type = "Task[]")]
    pub fn all_tasks(&self) -> Result<JsValue, JsError> {
        to_js_json(&self.index.all_tasks().into_iter().map(TaskView::from).collect::<Vec<_>>())
    }

    /// Diagnostics of one note; `today` defaults to the local date.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn diagnostics(&self, path: &str, today: Option<String>) -> Result<JsValue, JsError> {
        diagnostics_to_js(path, &self.index.diagnostics(path, today_or_clock(today)?))
    }

    #[wasm_bindgen(js_name = allDiagnostics, unchecked_return_type = "Diagnostic[]")]
    pub fn all_diagnostics(&self, today: Option<String>) -> Result<JsValue, JsError> {
        let all = self.index.all_diagnostics(today_or_clock(today)?);
        to_js_json(&all.iter().map(DiagnosticView::from).collect::<Vec<_>>())
    }

    /// Diagnostics of `text` as the note at `path`, without indexing it.
    #[wasm_bindgen(js_name = diagnoseText, unchecked_return_type = "Diagnostic[]")]
    pub fn diagnose_text(&self, path: &str, text: &str, today: Option<String>) -> Result<JsValue, JsError> {
        diagnostics_to_js(path, &edit::diagnose(path, text, self.index.settings(), today_or_clock(today)?))
    }

    /// `text` with every mechanical fix applied.
    #[wasm_bindgen(js_name = fixAll, unchecked_return_type = "FixAllResult")]
    pub fn fix_all(&self, path: &str, text: &str, today: Option<String>) -> Result<JsValue, JsError> {
        let (text, applied) = edit::fix_all(path, text, self.index.settings(), today_or_clock(today)?);
        to_js(&FixAllView { text, applied })
    }

    /// The edit that sets the last contact property (`lastContactProperty`, `last_contact` by
    /// default) to `today`, or null if it already is. Throws if the
    /// note cannot be edited safely (unterminated frontmatter).
    #[wasm_bindgen(js_name = editMarkContacted, unchecked_return_type = "TextEdit | null")]
    pub fn edit_mark_contacted(&self, _path: &str, text: &str, today: &str) -> Result<JsValue, JsError> {
        match edit::mark_contacted(text, &self.index.settings().config.last_contact_property, date(today, "today")?)
            .map_err(|e| JsError::new(&e.to_string()))?
        {
            Some(e) => edit_to_js(text, &e),
            None => Ok(JsValue::NULL),
        }
    }

    /// The edit that sets `snooze_until` to `until`, or null if it already is.
    #[wasm_bindgen(js_name = editSnooze, unchecked_return_type = "TextEdit | null")]
    pub fn edit_snooze(&self, _path: &str, text: &str, until: &str) -> Result<JsValue, JsError> {
        match edit::snooze(text, &self.index.settings().config.last_contact_property, date(until, "until")?)
            .map_err(|e| JsError::new(&e.to_string()))?
        {
            Some(e) => edit_to_js(text, &e),
            None => Ok(JsValue::NULL),
        }
    }

    /// Whether the note at `path` is a person whose tags property holds `needs-review`: what
    /// *Mark reviewed* can remove (a body `#needs-review` is not). Cheap: read from the note as
    /// it was parsed, for a command palette that asks on every keystroke.
    #[wasm_bindgen(js_name = canMarkReviewed)]
    pub fn can_mark_reviewed(&self, path: &str) -> bool {
        self.index.note(path).is_some_and(|(note, derived)| {
            derived.person.is_some() && note.review.as_ref().is_some_and(|r| r.needs_review)
        })
    }

    /// The edit that removes the `needs-review` tag from the tags property (any tag-list form),
    /// or null if the property holds no such tag. A `#needs-review` in the body is left alone.
    /// Throws if the tag cannot be removed alone (the sentence says why).
    #[wasm_bindgen(js_name = editMarkReviewed, unchecked_return_type = "TextEdit | null")]
    pub fn edit_mark_reviewed(&self, _path: &str, text: &str) -> Result<JsValue, JsError> {
        match edit::mark_reviewed(text).map_err(|e| JsError::new(&e.to_string()))? {
            Some(e) => edit_to_js(text, &e),
            None => Ok(JsValue::NULL),
        }
    }

    /// The edit that completes the task on `line` whose text is still `expected`; throws if the
    /// line changed.
    #[wasm_bindgen(js_name = editCompleteTask, unchecked_return_type = "TextEdit")]
    pub fn edit_complete_task(
        &self,
        _path: &str,
        text: &str,
        line: u32,
        expected: &str,
        today: &str,
    ) -> Result<JsValue, JsError> {
        let e = edit::complete_task(text, line, expected, date(today, "today")?)
            .map_err(|e| JsError::new(&e.to_string()))?;
        edit_to_js(text, &e)
    }

    /// Meeting write-back, the plan: the people the dated note at `note_path` links, and the
    /// summary its lines carry (`summary`, else read from `note_text`). Throws when the note is
    /// not in the index or not dated.
    #[wasm_bindgen(js_name = logPlan, unchecked_return_type = "LogPlan")]
    pub fn log_plan(
        &self,
        note_path: &str,
        note_text: &str,
        today: &str,
        summary: Option<String>,
    ) -> Result<JsValue, JsError> {
        let today = date(today, "today")?;
        let targets = self.index.log_targets(note_path).map_err(|e| JsError::new(&e.to_string()))?;
        let summary = crate::writeback::summary(summary.as_deref(), note_text, note_path);
        to_js(&crate::view::LogPlanView::new(&targets, summary, today))
    }

    /// Meeting write-back on one person note's current `person_text`: the Recent Context line of
    /// the contact on `date` (linking `note_path`, or without a link when it is null) and the last
    /// contact moved forward. `summary` is cut to one line of at most 100 characters; empty, it is
    /// the title part of the note's name.
    #[wasm_bindgen(js_name = logEdits, unchecked_return_type = "LogEdits")]
    pub fn log_edits(
        &self,
        _person_path: &str,
        person_text: &str,
        note_path: Option<String>,
        date_text: &str,
        summary: &str,
        today: &str,
    ) -> Result<JsValue, JsError> {
        let (day, today) = (date(date_text, "date")?, date(today, "today")?);
        let note_path = note_path.filter(|p| !p.is_empty());
        let summary = crate::writeback::summary(Some(summary), "", note_path.as_deref().unwrap_or(""));
        let entry = crate::writeback::Entry { path: note_path.as_deref(), date: day, summary: &summary };
        let log = crate::writeback::person_edits(
            person_text,
            &entry,
            &self.index.settings().config.last_contact_property,
            today,
        );
        to_js(&crate::view::LogEditsView::new(person_text, &log))
    }

    /// A merge of the person `merged` into the person `keep` (each a name, alias, @handle or
    /// path): the two and every note whose text `mergeEdits` needs. Throws the sentence to show
    /// when either is unknown, not a person, or both are one person.
    #[wasm_bindgen(js_name = mergePlan, unchecked_return_type = "MergePlan")]
    pub fn merge_plan(&self, keep: &str, merged: &str) -> Result<JsValue, JsError> {
        let plan = self.index.merge_plan(keep, merged).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&crate::view::MergePlanView::from(&plan))
    }

    /// The merge edits of the note at `path` on its current `text` (the kept note's need the
    /// merged note's current `merged_text`), by the two people's paths. Throws when they are not
    /// two people.
    #[wasm_bindgen(js_name = mergeEdits, unchecked_return_type = "MergeEdits")]
    pub fn merge_edits(
        &self,
        kept_path: &str,
        merged_path: &str,
        path: &str,
        text: &str,
        merged_text: &str,
    ) -> Result<JsValue, JsError> {
        let rename = self
            .index
            .merge_rename(kept_path, merged_path)
            .ok_or_else(|| JsError::new(&format!("`{kept_path}` and `{merged_path}` are not two people.")))?;
        let key = &self.index.settings().config.last_contact_property;
        let merge = crate::merge::note_edits(&rename, path, text, merged_text, key);
        to_js(&crate::view::MergeEditsView::new(text, &merge))
    }

    /// The Dataview blocks of the people note `text` at `path` that rapport blocks replace, and
    /// those left with why; null when the note is not a person. Computed on `text`.
    #[wasm_bindgen(js_name = migrationPlan, unchecked_return_type = "MigrationPlan | null")]
    pub fn migration_plan(&self, path: &str, text: &str) -> Result<JsValue, JsError> {
        let plan = crate::migrate::plan_note(path, text, self.index.settings());
        to_js(&plan.as_ref().map(crate::view::MigrationPlanView::from))
    }
}

/// The person profile, projects and meeting prep (`src/index/linked.rs`).
#[wasm_bindgen]
impl RapportIndex {
    /// The profile of the person at `path`; null when it is not a person. `today` defaults to
    /// the local date.
    #[wasm_bindgen(unchecked_return_type = "PersonProfile | null")]
    pub fn person(&self, path: &str, today: Option<String>) -> Result<JsValue, JsError> {
        let profile = self.index.profile(path, today_or_clock(today)?);
        to_js_json(&profile.as_ref().and_then(crate::view::PersonProfileView::new))
    }

    /// The projects among the notes linking the note at `path`: by type and the project folders,
    /// or with `folders`, the notes in those folders. Null when the index does not hold `path`.
    #[wasm_bindgen(unchecked_return_type = "Linked[] | null")]
    pub fn projects(
        &self,
        path: &str,
        #[wasm_bindgen(unchecked_param_type = "string[] | null")] folders: Option<Vec<String>>,
    ) -> Result<JsValue, JsError> {
        let projects = self.index.projects(path, folders.as_deref());
        to_js_json(&projects.as_ref().map(|p| p.iter().map(crate::view::LinkedView::from).collect::<Vec<_>>()))
    }

    /// The prep of the note at `path`: a card per person it links. Null when the index does not
    /// hold `path`.
    #[wasm_bindgen(js_name = meetingPrep, unchecked_return_type = "MeetingPrep | null")]
    pub fn meeting_prep(&self, path: &str, today: Option<String>) -> Result<JsValue, JsError> {
        let Some((_, derived)) = self.index.note(path) else { return Ok(JsValue::NULL) };
        let cards = self.index.meeting_prep(path, today_or_clock(today)?);
        let people = cards.iter().filter_map(crate::view::PrepCardView::new).collect();
        to_js_json(&crate::view::MeetingPrepView { path, date: derived.date, people })
    }

    /// The review queue: people a tool made or tagged for review, most mentioned first.
    #[wasm_bindgen(js_name = reviewQueue, unchecked_return_type = "ReviewPerson[]")]
    pub fn review_queue(&self, today: Option<String>) -> Result<JsValue, JsError> {
        let queue = self.index.review_queue(today_or_clock(today)?);
        to_js_json(&queue.iter().map(crate::view::ReviewPersonView::from).collect::<Vec<_>>())
    }
}
