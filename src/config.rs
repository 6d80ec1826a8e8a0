//! Settings shared by the plugin and the CLI: how people are recognised, cadences, thresholds,
//! evidence, matching, exclusions and the schema (missing fields take the defaults), and what the
//! vault's own settings say that Rapport follows (its templates folders, the Tasks plugin's
//! global filter), which the edges read from Obsidian's config folder.

use crate::cadence::{self, Cadence};
use crate::diagnostic::Diagnostic;
use crate::schema::{glob_match, Schema};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// Values that make a note a person when one of `people_properties` (by default `type`) names
    /// one of them (compared case-insensitively).
    pub people_types: Vec<String>,
    /// Tags that make a note a person.
    pub people_tags: Vec<String>,
    /// Folders whose notes are people.
    pub people_folders: Vec<String>,
    /// Cadence when neither the note nor a tag rule gives one.
    pub default_cadence: String,
    /// Tag glob to cadence; the first rule matching one of the person's tags wins.
    pub tag_cadences: Vec<TagCadence>,
    pub thresholds: Thresholds,
    pub evidence: CountedEvidence,
    /// Whether a plain-text mention of a person's whole name counts as concerning them.
    pub whole_name_matching: bool,
    /// Folders that are never indexed.
    pub excluded_folders: Vec<String>,
    /// A user schema (YAML); `None` means the built-in one.
    pub schema: Option<String>,
    /// The property that holds a person's last contact (`last_contacted` in some vaults): read
    /// for staleness, checked by the built-in schema, written by "Mark contacted".
    pub last_contact_property: String,
    /// Properties that date a note (a meeting, a journal entry), tried in order after the file
    /// name: a frontmatter property, else a Dataview inline field of that name in the body
    /// (`date:: 2023-03-01`, `[date:: 2023-03-01]`).
    pub date_properties: Vec<String>,
    /// File-name patterns of dated notes, matched at the start of the file's base name: `YYYY`,
    /// `MM` and `DD` stand for the date's digits, `[text]` and every other character for itself
    /// (`Diary-YYYYMMDD`, `YYYY.MM.DD`). Folders in a pattern (`YYYY/MM/YYYY-MM-DD`) are ignored.
    pub date_file_formats: Vec<String>,
    /// Properties (frontmatter or inline fields) that list who took part in a meeting. When a
    /// dated note names people in one, only they are in contact by it; other links in it are
    /// mentions. Empty: every link of a dated note is contact, as without the setting.
    pub participants_properties: Vec<String>,
    /// Properties whose value names one of `people_types` (as text, as a link such as
    /// `"[[People]]"`, or as a list of either) make a note a person. Obsidian's own vault
    /// template marks people with `categories: ["[[People]]"]`.
    pub people_properties: Vec<String>,
    /// Whether the folders that Obsidian's Templates plugin and Templater take templates from
    /// ([`VaultSettings::template_folders`]) are left out as excluded folders are.
    pub exclude_templates: bool,
    /// Only checkbox lines whose text after the checkbox contains this are tasks, as with the
    /// Tasks plugin's global filter; `""` makes every checkbox line a task. `None`: the vault's
    /// Tasks plugin's filter ([`VaultSettings::task_global_filter`]).
    pub task_global_filter: Option<String>,
    /// Folders whose notes are projects (with `type: project`, what a ```` ```rapport ````
    /// `projects` block lists): an entry without `/` is a folder of that name at any depth
    /// (`Projects` matches `Work/Projects/`), one with `/` a vault-relative folder; each with its
    /// subfolders.
    pub project_folders: Vec<String>,
    /// Vault-relative paths of notes that are not people whatever they say (the review queue's
    /// "Not a person"): each stays an ordinary note, in no person's answer (stale list, tasks,
    /// duplicates, review, profile). Compared as written, so the plugin keeps them in step with
    /// renames.
    pub not_people: Vec<String>,
}

/// What the vault's own settings say that Rapport follows, read by the edges (the CLI from
/// `.obsidian/`, the plugin through Obsidian's adapter): the core reads no files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VaultSettings {
    /// The templates folders of Obsidian's Templates plugin and of Templater, as written.
    pub template_folders: Vec<String>,
    /// The Tasks plugin's global filter when the plugin is enabled, else `""`.
    pub task_global_filter: String,
    /// The date formats of the vault's daily notes, as Obsidian's Daily notes plugin and the
    /// Periodic Notes plugin write them (Moment.js formats: `YYYY-MM-DD`, `DD-MM-YYYY dddd`):
    /// notes named so are dated as [`Config::date_file_formats`] date them
    /// (see [`NameFormat::from_moment`]).
    pub daily_note_formats: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagCadence {
    pub tag: String,
    pub cadence: String,
}

/// Score thresholds: a contact is `due` from `due`, `overdue` from `overdue`, `stale` from
/// `stale` (score = days since last contact / cadence days).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Thresholds {
    pub due: f64,
    pub overdue: f64,
    pub stale: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CountedEvidence {
    /// Dated lines of the person's `## Recent Context`.
    pub recent_context: bool,
    /// Dated notes (meetings, dailies, a `date` field) that link the person outside open tasks.
    pub linked_notes: bool,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { due: 0.8, overdue: 1.0, stale: 2.0 }
    }
}

impl Default for CountedEvidence {
    fn default() -> Self {
        CountedEvidence { recent_context: true, linked_notes: true }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            people_types: vec!["people".into(), "person".into()],
            people_tags: vec!["type/people".into()],
            people_folders: Vec::new(),
            default_cadence: "quarterly".into(),
            tag_cadences: Vec::new(),
            thresholds: Thresholds::default(),
            evidence: CountedEvidence::default(),
            whole_name_matching: true,
            excluded_folders: Vec::new(),
            schema: None,
            last_contact_property: "last_contact".into(),
            date_properties: vec!["date".into()],
            date_file_formats: vec!["YYYY-MM-DD".into()],
            participants_properties: Vec::new(),
            people_properties: vec!["type".into()],
            exclude_templates: true,
            task_global_filter: None,
            project_folders: vec!["Projects".into()],
            not_people: Vec::new(),
        }
    }
}

/// A config checked and made ready for use.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config: Config,
    pub schema: Schema,
    pub default_cadence: Cadence,
    pub tag_rules: Vec<(String, Cadence, String)>,
    /// What the vault's own settings say (none until [`Settings::with_vault`]).
    pub vault: VaultSettings,
    /// `date_file_formats`, read.
    pub name_formats: Vec<NameFormat>,
}

/// A file-name pattern of dated notes (`Diary-YYYYMMDD`), read: see [`Config::date_file_formats`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameFormat(Vec<Piece>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Year,
    Month,
    Day,
    Text(String),
}

impl NameFormat {
    /// Reads a pattern; `None` unless it holds `YYYY`, `MM` and `DD` once each. Only those three
    /// runs are read as the date's parts, so `Diary` is text; `[…]` keeps any text as it is.
    pub fn parse(pattern: &str) -> Option<NameFormat> {
        // The file name is what is matched: folders in a Daily notes format are not.
        let pattern = pattern.trim().rsplit('/').next().unwrap_or("");
        let mut pieces: Vec<Piece> = Vec::new();
        let mut text = String::new();
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            let piece = if rest.starts_with("YYYY") {
                Some((Piece::Year, 4))
            } else if rest.starts_with("MM") {
                Some((Piece::Month, 2))
            } else if rest.starts_with("DD") {
                Some((Piece::Day, 2))
            } else {
                None
            };
            if let Some((piece, len)) = piece {
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                if pieces.contains(&piece) {
                    return None;
                }
                pieces.push(piece);
                rest = &rest[len..];
            } else if let Some(inner) = rest.strip_prefix('[') {
                let close = inner.find(']')?;
                text.push_str(&inner[..close]);
                rest = &inner[close + 1..];
            } else {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        let parts = pieces.iter().filter(|p| !matches!(p, Piece::Text(_))).count();
        (parts == 3).then_some(NameFormat(pieces))
    }

    /// The pattern of a Moment.js date format, as the Daily notes and Periodic Notes plugins
    /// take one, when its file name starts with the date in digits: `YYYY`, `MM` and `DD` are
    /// the date, `[…]` and characters other than letters are text, and the format is cut before
    /// the first other token once the date is whole (`YYYY-MM-DD dddd` names `2026-11-10 Tuesday`,
    /// whose date is at the start, as [`NameFormat::date`] reads it). `None` when another token
    /// comes first (`D MMMM YYYY`, `YY-MM-DD`: a month name or a short year is not read).
    pub fn from_moment(format: &str) -> Option<NameFormat> {
        let name = format.trim().rsplit('/').next().unwrap_or("");
        let mut pattern = String::new();
        // The text since the last date token, written only when a date token follows it.
        let mut pending = String::new();
        let mut parts = 0;
        let mut rest = name;
        while let Some(c) = rest.chars().next() {
            if c == '[' {
                let close = rest.find(']')?;
                pending.push_str(&rest[..=close]);
                rest = &rest[close + 1..];
            } else if c.is_ascii_alphabetic() {
                let run = rest.len() - rest.trim_start_matches(c).len();
                let token = &rest[..run];
                if !matches!(token, "YYYY" | "MM" | "DD") {
                    if parts == 3 {
                        // Cut before the text that leads to the token too (`[W]ww`).
                        pending.clear();
                        break;
                    }
                    return None;
                }
                pattern.push_str(&std::mem::take(&mut pending));
                pattern.push_str(token);
                parts += 1;
                rest = &rest[run..];
            } else {
                pending.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        // Trailing separators say nothing a name must have after its date.
        if pending.chars().any(|c| c.is_alphanumeric()) {
            pattern.push_str(&pending);
        }
        NameFormat::parse(&pattern)
    }

    /// The date at the start of `base` (a file name without `.md`) in this pattern: what follows
    /// it must not continue a word or a number (`2025-10-31 - Title` and `2025-10-31T0930` are
    /// dated, `2025-10-311` is not). Text in the pattern matches in any case.
    pub fn date(&self, base: &str) -> Option<crate::date::Date> {
        let (mut year, mut month, mut day) = (0i32, 0u8, 0u8);
        let mut rest = base;
        let digits = |rest: &str, n: usize| -> Option<u32> {
            let d = rest.get(..n).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
            d.parse().ok()
        };
        for piece in &self.0 {
            match piece {
                Piece::Year => year = digits(rest, 4)? as i32,
                Piece::Month => month = digits(rest, 2)? as u8,
                Piece::Day => day = digits(rest, 2)? as u8,
                Piece::Text(t) => {
                    let head = rest.get(..t.len()).filter(|h| h.eq_ignore_ascii_case(t))?;
                    rest = &rest[head.len()..];
                    continue;
                }
            }
            rest = &rest[if matches!(piece, Piece::Year) { 4 } else { 2 }..];
        }
        match rest.chars().next() {
            Some(c) if c.is_alphanumeric() && c != 'T' => None,
            _ => crate::date::Date::new(year, month, day),
        }
    }
}

/// Whether `path` lies in `folder` (vault-relative, `/`-separated, trailing `/` optional).
pub fn in_folder(path: &str, folder: &str) -> bool {
    let folder = folder.trim().trim_matches('/');
    if folder.is_empty() {
        return false;
    }
    path.len() > folder.len() && path.starts_with(folder) && path.as_bytes()[folder.len()] == b'/'
}

/// Whether `path` lies in a project folder `folder` (see [`Config::project_folders`]): with a
/// `/`, the vault-relative folder or its subfolders; without, any folder of that name.
pub fn in_project_folder(path: &str, folder: &str) -> bool {
    let folder = folder.trim().trim_matches('/');
    if folder.contains('/') {
        return in_folder(path, folder);
    }
    // Every folder of the path (the last part is the file).
    let mut parts = path.split('/');
    parts.next_back();
    !folder.is_empty() && parts.any(|p| p == folder)
}

/// A setting the config cannot take: the field, by its JS name (`defaultCadence`), and the
/// sentence that says why (its `Display`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub field: &'static str,
    pub message: String,
}

impl ConfigProblem {
    fn new(field: &'static str, message: impl Into<String>) -> ConfigProblem {
        ConfigProblem { field, message: message.into() }
    }
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigProblem {}

impl Settings {
    /// Checks the config. Every problem is reported; any problem makes it unusable.
    pub fn new(mut config: Config) -> Result<Settings, Vec<ConfigProblem>> {
        let mut problems = Vec::new();
        // Property names are compared as Obsidian compares them; spaces around one are a slip.
        config.last_contact_property = config.last_contact_property.trim().to_string();
        let default_cadence = match cadence::parse(&config.default_cadence) {
            Some(c) => c,
            None => {
                problems.push(ConfigProblem::new(
                    "defaultCadence",
                    format!("defaultCadence `{}` is not a cadence (weekly, monthly, quarterly, yearly, 14d, 2w, 3m, a number of days, or none).", config.default_cadence),
                ));
                Cadence::Days(90)
            }
        };
        let mut tag_rules = Vec::new();
        for rule in &config.tag_cadences {
            match cadence::parse(&rule.cadence) {
                Some(c) => tag_rules.push((rule.tag.trim().trim_start_matches('#').to_string(), c, rule.cadence.trim().to_string())),
                None => problems.push(ConfigProblem::new(
                    "tagCadences",
                    format!("The cadence `{}` for tag `{}` is not a cadence: use weekly, monthly, quarterly, yearly, 14d, 2w, 3m, a number of days, or none.", rule.cadence, rule.tag),
                )),
            }
        }
        let t = config.thresholds;
        if !(t.due.is_finite()
            && t.overdue.is_finite()
            && t.stale.is_finite()
            && 0.0 < t.due
            && t.due <= t.overdue
            && t.overdue <= t.stale)
        {
            problems.push(ConfigProblem::new(
                "thresholds",
                format!(
                    "The thresholds must rise from due to overdue to stale, above 0 (0 < due ≤ overdue ≤ stale): a contact turns due, then overdue, then stale. Got due {}, overdue {}, stale {}.",
                    t.due, t.overdue, t.stale
                ),
            ));
        }
        let last_contact = config.last_contact_property.as_str();
        if last_contact.is_empty() {
            problems.push(ConfigProblem::new(
                "lastContactProperty",
                "lastContactProperty is empty: name the property that holds a person's last contact (last_contact by default).",
            ));
        }
        for (name, list) in
            [("dateProperties", &config.date_properties), ("participantsProperties", &config.participants_properties)]
        {
            if list.iter().any(|p| p.trim().is_empty()) {
                problems.push(ConfigProblem::new(name, format!("{name} holds an empty property name.")));
            }
        }
        let mut name_formats = Vec::new();
        for pattern in &config.date_file_formats {
            match NameFormat::parse(pattern) {
                Some(f) => name_formats.push(f),
                None => problems.push(ConfigProblem::new(
                    "dateFileFormats",
                    format!(
                        "The file-name pattern `{pattern}` in dateFileFormats should hold YYYY, MM and DD once each (such as `YYYY-MM-DD` or `Diary-YYYYMMDD`; put other text in [brackets] if it holds those letters)."
                    ),
                )),
            }
        }
        let schema = match &config.schema {
            // The built-in schema checks the last contact under the name the vault gives it.
            None if !last_contact.is_empty() && last_contact != "last_contact" => {
                let mut schema = Schema::builtin();
                for t in &mut schema.types {
                    for f in t.fields.iter_mut().filter(|f| f.name == "last_contact") {
                        f.name = last_contact.to_string();
                    }
                }
                schema
            }
            None => Schema::builtin(),
            Some(yaml) => {
                let (schema, diagnostics) = Schema::parse(yaml);
                problems
                    .extend(diagnostics.iter().map(|d: &Diagnostic| ConfigProblem::new("schema", d.message.clone())));
                schema
            }
        };
        if problems.is_empty() {
            Ok(Settings { config, schema, default_cadence, tag_rules, name_formats, vault: VaultSettings::default() })
        } else {
            Err(problems)
        }
    }

    /// These settings with what the vault's own settings say. The dated-note names are the
    /// config's patterns and then the vault's daily-note formats that can be read as one.
    pub fn with_vault(self, vault: VaultSettings) -> Settings {
        let mut name_formats: Vec<NameFormat> =
            self.config.date_file_formats.iter().filter_map(|p| NameFormat::parse(p)).collect();
        for format in vault.daily_note_formats.iter().filter_map(|f| NameFormat::from_moment(f)) {
            if !name_formats.contains(&format) {
                name_formats.push(format);
            }
        }
        Settings { vault, name_formats, ..self }
    }

    /// Whether `path` lies in an excluded folder, or in a templates folder while those are left out.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.config.excluded_folders.iter().any(|f| in_folder(path, f))
            || (self.config.exclude_templates && self.vault.template_folders.iter().any(|f| in_folder(path, f)))
    }

    /// The text a checkbox line must contain to be a task: the config's, else the vault's Tasks
    /// plugin's; `""` when every checkbox line is a task.
    pub fn task_global_filter(&self) -> &str {
        self.config.task_global_filter.as_deref().unwrap_or(&self.vault.task_global_filter)
    }

    /// Whether the task line `line` (from its list marker on) is a task under the global filter.
    pub fn is_task(&self, line: &str) -> bool {
        crate::task::carries_filter(line, self.task_global_filter())
    }

    /// The cadence a tag rule gives a person with these tags: (cadence, as written).
    pub fn tag_cadence(&self, tags: &[String]) -> Option<(Cadence, &str)> {
        self.tag_rules
            .iter()
            .find(|(glob, _, _)| tags.iter().any(|t| glob_match(glob, t)))
            .map(|(_, c, text)| (*c, text.as_str()))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config: Config::default(),
            schema: Schema::builtin(),
            default_cadence: Cadence::Days(90),
            tag_rules: Vec::new(),
            name_formats: NameFormat::parse("YYYY-MM-DD").into_iter().collect(),
            vault: VaultSettings::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_problems_are_listed() {
        assert!(Settings::new(Config::default()).is_ok());
        let bad = Config {
            default_cadence: "often".into(),
            tag_cadences: vec![TagCadence { tag: "company/*".into(), cadence: "soon".into() }],
            thresholds: Thresholds { due: 2.0, overdue: 1.0, stale: 3.0 },
            schema: Some("types: [".into()),
            ..Config::default()
        };
        let problems = Settings::new(bad).err().unwrap_or_default();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["defaultCadence", "tagCadences", "thresholds", "schema"], "{problems:?}");
    }

    #[test]
    fn file_name_patterns_of_dated_notes() {
        let date =
            |pattern: &str, base: &str| NameFormat::parse(pattern).and_then(|f| f.date(base)).map(|d| d.to_string());
        assert_eq!(date("YYYY-MM-DD", "2025-10-31 - Standup").as_deref(), Some("2025-10-31"));
        assert_eq!(date("YYYY-MM-DD", "2025-10-31T0930").as_deref(), Some("2025-10-31"));
        assert_eq!(date("YYYY-MM-DD", "2025-10-31 (2)").as_deref(), Some("2025-10-31"));
        assert_eq!(date("YYYY-MM-DD", "2025-10-311"), None);
        assert_eq!(date("YYYY-MM-DD", "2025-10-31b"), None);
        assert_eq!(date("YYYY-MM-DD", "2025-02-30"), None);
        assert_eq!(date("Diary-YYYYMMDD", "Diary-20230319").as_deref(), Some("2023-03-19"));
        assert_eq!(date("Diary-YYYYMMDD", "diary-20230319").as_deref(), Some("2023-03-19"));
        assert_eq!(date("Diary-YYYYMMDD", "Diary-2023031"), None);
        assert_eq!(date("DD.MM.YYYY", "19.03.2023 Retro").as_deref(), Some("2023-03-19"));
        assert_eq!(date("YYYY/MM/YYYY-MM-DD", "2023-03-19").as_deref(), Some("2023-03-19"), "folders are not the name");
        assert_eq!(date("YYYY/MM/[Week of] YYYY-MM-DD", "Week of 2023-03-19").as_deref(), Some("2023-03-19"));
        assert_eq!(date("[MM] YYYY-MM-DD", "MM 2023-03-19").as_deref(), Some("2023-03-19"));
        for bad in ["YYYY-MM", "", "notes", "YYYY-MM-DD-DD", "[YYYY-MM-DD"] {
            assert_eq!(NameFormat::parse(bad), None, "{bad}");
        }
        let problems = Settings::new(Config {
            date_file_formats: vec!["YYYY-MM".into()],
            last_contact_property: " ".into(),
            date_properties: vec!["".into()],
            ..Config::default()
        })
        .err()
        .unwrap_or_default();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems.iter().any(|p| p.field == "dateFileFormats" && p.to_string().contains("`YYYY-MM`")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_built_in_schema_checks_the_last_contact_under_its_name() {
        let settings = Settings::new(Config { last_contact_property: " last_contacted ".into(), ..Config::default() })
            .unwrap_or_default();
        assert_eq!(settings.config.last_contact_property, "last_contacted");
        let fields: Vec<&str> = settings
            .schema
            .get("people")
            .map(|t| t.fields.iter().map(|f| f.name.as_str()).collect())
            .unwrap_or_default();
        assert!(fields.contains(&"last_contacted") && !fields.contains(&"last_contact"), "{fields:?}");
    }

    #[test]
    fn templates_folders_and_the_global_filter_come_from_the_vault_unless_the_config_says() {
        let vault = VaultSettings {
            template_folders: vec!["Templates".into(), "Meta/Templater/".into()],
            task_global_filter: "#task".into(),
            ..Default::default()
        };
        let s = Settings::default().with_vault(vault.clone());
        assert!(s.is_excluded("Templates/Person.md") && s.is_excluded("Meta/Templater/Person.md"));
        assert!(!s.is_excluded("People/Ada.md") && !s.is_excluded("Meta/Note.md"));
        assert_eq!(s.task_global_filter(), "#task");
        assert!(s.is_task("- [ ] #task call Ada") && !s.is_task("- [ ] call Ada"));
        let own = Config { exclude_templates: false, task_global_filter: Some(String::new()), ..Config::default() };
        let s = Settings::new(own).unwrap_or_default().with_vault(vault);
        assert!(!s.is_excluded("Templates/Person.md"));
        assert_eq!(s.task_global_filter(), "");
        assert!(s.is_task("- [ ] call Ada"));
    }

    #[test]
    fn daily_note_formats_in_moment_form() {
        let pattern = |format: &str| NameFormat::from_moment(format);
        let date = |format: &str, base: &str| pattern(format).and_then(|f| f.date(base)).map(|d| d.to_string());
        assert_eq!(pattern("YYYY-MM-DD"), NameFormat::parse("YYYY-MM-DD"));
        assert_eq!(date("DD-MM-YYYY", "10-11-2026").as_deref(), Some("2026-11-10"));
        assert_eq!(date("YYYY-MM-DD dddd", "2026-11-10 Tuesday").as_deref(), Some("2026-11-10"));
        assert_eq!(date("YYYY/MM-MMMM/YYYY-MM-DD-ddd", "2026-11-10-Tue").as_deref(), Some("2026-11-10"));
        assert_eq!(date("YYYY-MM-DD [W]ww", "2026-11-10 W46").as_deref(), Some("2026-11-10"));
        assert_eq!(date("[Journal] YYYY.MM.DD", "Journal 2026.11.10").as_deref(), Some("2026-11-10"));
        assert_eq!(date("YYYYMMDD", "20261110").as_deref(), Some("2026-11-10"));
        assert_eq!(date("YYYY-MM-DD [notes]", "2026-11-10 notes").as_deref(), Some("2026-11-10"));
        assert_eq!(date("YYYY-MM-DD [notes]", "2026-11-10").as_deref(), None);
        // A month name, a short year, a day without its zero or a day of the year come before
        // the date is whole: no pattern, so no note is dated by a guess.
        for unread in ["D MMMM YYYY", "YY-MM-DD", "YYYY-M-D", "dddd, YYYY-MM-DD", "YYYY-DDDD", "", "[x", "MMMM"] {
            assert_eq!(pattern(unread), None, "{unread}");
        }
    }

    #[test]
    fn the_vaults_daily_note_formats_date_notes_beside_the_configs() {
        let vault = VaultSettings {
            daily_note_formats: vec!["DD-MM-YYYY dddd".into(), "D MMMM YYYY".into()],
            ..Default::default()
        };
        let s = Settings::default().with_vault(vault);
        let dates = |base: &str| s.name_formats.iter().find_map(|f| f.date(base)).map(|d| d.to_string());
        assert_eq!(dates("10-11-2026 Tuesday").as_deref(), Some("2026-11-10"));
        assert_eq!(dates("2026-11-10 - Standup").as_deref(), Some("2026-11-10"), "the config's pattern stays");
        assert_eq!(s.name_formats.len(), 2, "the unreadable format adds nothing");
        // The default format is the config's: not added twice; set again, the old one goes.
        let s = s.with_vault(VaultSettings { daily_note_formats: vec!["YYYY-MM-DD".into()], ..Default::default() });
        assert_eq!(s.name_formats, Settings::default().name_formats);
    }

    #[test]
    fn project_folders_by_name_or_path() {
        assert!(in_project_folder("Projects/Atlas.md", "Projects"));
        assert!(in_project_folder("Work/Projects/2026/Atlas.md", "Projects"));
        assert!(!in_project_folder("Projects.md", "Projects"));
        assert!(!in_project_folder("Work/Projects Old/Atlas.md", "Projects"));
        assert!(in_project_folder("Work/Projects/Atlas.md", "Work/Projects/"));
        assert!(!in_project_folder("Personal/Projects/Atlas.md", "Work/Projects"));
        assert!(!in_project_folder("Projects/Atlas.md", " "));
    }

    #[test]
    fn folders_and_tag_rules() {
        assert!(in_folder("People/Ada.md", "People"));
        assert!(in_folder("People/Ada.md", "People/"));
        assert!(!in_folder("Peoples/Ada.md", "People"));
        assert!(!in_folder("People", "People"));
        assert!(!in_folder("x.md", ""));
        let s = Settings::new(Config {
            tag_cadences: vec![
                TagCadence { tag: "company/*".into(), cadence: "monthly".into() },
                TagCadence { tag: "#vip".into(), cadence: "weekly".into() },
            ],
            ..Config::default()
        })
        .unwrap_or_default();
        assert_eq!(s.tag_cadence(&["vip".into()]), Some((Cadence::Days(7), "weekly")));
        assert_eq!(s.tag_cadence(&["company/acme".into(), "vip".into()]), Some((Cadence::Days(30), "monthly")));
        assert_eq!(s.tag_cadence(&["other".into()]), None);
    }
}
