//! `rapport person`: one person's profile (contact, open tasks both ways, projects, the notes
//! linking them, Recent Context, the note's diagnostics), as the plugin's person view shows it.

use super::{
    cell, contact_json, diagnostic_json, open_vault, opt, task_line, ContactJson, DiagnosticJson, Options, Out,
};
use super::{OutputFormat, TaskJson};
use rapport::{Linked, Scope};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Serialize)]
struct ProfilePersonJson<'a> {
    path: &'a str,
    name: &'a str,
    aliases: &'a [String],
    handles: &'a [String],
    company: Option<&'a str>,
    tags: &'a [String],
    auto_created: bool,
    needs_review: bool,
}

#[derive(Serialize)]
struct LinkedJson<'a> {
    path: &'a str,
    title: &'a str,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    date: Option<rapport::Date>,
}

impl<'a> From<&'a Linked<'a>> for LinkedJson<'a> {
    fn from(l: &'a Linked<'a>) -> LinkedJson<'a> {
        LinkedJson { path: l.path, title: l.title, kind: l.kind.as_deref(), date: l.date }
    }
}

#[derive(Serialize)]
struct ContextJson<'a> {
    date: rapport::Date,
    line: u32,
    text: &'a str,
}

/// The contract of `rapport person --format json` (README, "The command line").
#[derive(Serialize)]
struct ProfileJson<'a> {
    person: ProfilePersonJson<'a>,
    contact: Option<ContactJson<'a>>,
    mentions: Vec<TaskJson<'a>>,
    owned: Vec<TaskJson<'a>>,
    projects: Vec<LinkedJson<'a>>,
    linked_from: Vec<LinkedJson<'a>>,
    recent_context: Vec<ContextJson<'a>>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

/// `rapport person`: the profile of the person `name` designates (as for `tasks --person`).
pub(super) fn person(path: &Path, name: &str, options: &Options, out: &mut Out) -> Result<ExitCode, String> {
    let today = options.today();
    let vault = open_vault(path, options, Scope::Everything)?;
    let index = &vault.index;
    let found =
        index.find_person(name).ok_or_else(|| format!("no person named `{name}` in {}", path.display()))?.to_string();
    let profile = index.profile(&found, today).ok_or_else(|| format!("`{found}` is not a person"))?;
    let card = &profile.card;
    let person = card.derived.person.as_ref().ok_or_else(|| format!("`{found}` is not a person"))?;
    let (mentions, owned) = match &card.tasks {
        Some(t) => (t.mentions.as_slice(), t.owned.as_slice()),
        None => (&[][..], &[][..]),
    };
    if options.format == OutputFormat::Json {
        return out
            .json(&ProfileJson {
                person: ProfilePersonJson {
                    path: card.path,
                    name: &card.derived.name,
                    aliases: &person.aliases,
                    handles: &person.handles,
                    company: person.company.as_deref(),
                    tags: &person.tags,
                    auto_created: person.auto_created,
                    needs_review: person.needs_review,
                },
                contact: card.contact.as_ref().map(contact_json),
                mentions: mentions.iter().map(TaskJson::from).collect(),
                owned: owned.iter().map(TaskJson::from).collect(),
                projects: profile.projects.iter().map(LinkedJson::from).collect(),
                linked_from: profile.linked_from.iter().map(LinkedJson::from).collect(),
                recent_context: card
                    .recent_context
                    .iter()
                    .map(|c| ContextJson { date: c.date, line: c.line, text: &c.text })
                    .collect(),
                diagnostics: profile.diagnostics.iter().map(|d| diagnostic_json(card.path, d)).collect(),
            })
            .map(|()| ExitCode::SUCCESS);
    }
    out.line(format!("{} ({})", card.derived.name, card.path));
    let mut facts = Vec::new();
    if let Some(c) = &person.company {
        facts.push(format!("company {c}"));
    }
    if !person.aliases.is_empty() {
        facts.push(format!("aka {}", person.aliases.join(", ")));
    }
    if !person.handles.is_empty() {
        facts.push(format!("@{}", person.handles.join(" @")));
    }
    if !person.tags.is_empty() {
        facts.push(format!("#{}", person.tags.join(" #")));
    }
    if person.auto_created {
        facts.push("auto-created".into());
    }
    if person.needs_review {
        facts.push("needs review".into());
    }
    if !facts.is_empty() {
        out.line(facts.join(" · "));
    }
    if let Some(c) = &card.contact {
        out.line(format!("\nContact on {today}: {} ({} open tasks). {}", c.status.as_str(), c.open_tasks, c.reason));
    }
    for (title, list) in [("Open tasks that mention them", mentions), ("Tasks they own", owned)] {
        out.line(format!("\n{title} ({}):", list.len()));
        list.iter().for_each(|t| out.line(format!("  {}", task_line(t))));
    }
    for (title, list) in [("Projects", &profile.projects), ("Linked from", &profile.linked_from)] {
        out.line(format!("\n{title} ({}):", list.len()));
        for l in list {
            out.line(format!("  {:<10}  {:<32}  {}", opt(l.date), cell(l.title, 32), l.path));
        }
    }
    out.line(format!("\nRecent Context ({}):", card.recent_context.len()));
    for c in card.recent_context {
        out.line(format!("  {:>4}  {}", c.line, c.text));
    }
    if !profile.diagnostics.is_empty() {
        out.line(format!("\nProblems ({}):", profile.diagnostics.len()));
        for d in &profile.diagnostics {
            out.line(format!(
                "  {}:{}: {}[{}] {}",
                d.start.line.max(1),
                d.start.column.max(1),
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
