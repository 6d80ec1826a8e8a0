//! Migration off Dataview: the ```` ```dataview ```` blocks of a people note whose query Rapport
//! answers, each rewritten as the ```` ```rapport ```` block with the same meaning.
//!
//! Three query shapes are recognised, those of the example people note
//! (`../shared/example-vault/People/Ada Brennan.md`):
//! - `LIST FROM "A" OR "B" WHERE contains(file.outlinks, this.file.link)` → `projects` with
//!   `from: A, B` (the notes in those folders that link the person);
//! - `TASK WHERE !completed AND contains(text, "NAME")` → `tasks` (any `FROM`, any `SORT`);
//! - `TASK WHERE contains(text, "@HANDLE") AND !completed` → `owned` (any `FROM`, any `SORT`).
//!
//! Keyword case, spacing and line breaks, either quote, `completed = false` for `!completed` and
//! the order of the two sides of `AND` vary in the wild and are accepted. Every other query is
//! left byte for byte and reported with what differs. There is no Rust parser of Dataview's query
//! language (Dataview's own is TypeScript, built on parsimmon), and only this small subset must be
//! read, so a tokenizer and a recursive-descent parser for it live here; anything outside the
//! subset is a reason to skip, never a guess.
//!
//! Pure: text in, edits out. The caller decides whether the note is a person ([`plan_note`]
//! derives it under the settings).

use crate::body::passes::comments;
use crate::body::TaskReading;
use crate::config::Settings;
use crate::diagnostic::{LineIndex, TextEdit};
use crate::note::{Note, Person};
use crate::split::split;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// The rapport block a query becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// The notes in some folders that link the person.
    Projects,
    /// The open tasks that mention the person.
    Tasks,
    /// The open tasks with one of the person's handles.
    Owned,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Projects => "projects",
            BlockKind::Tasks => "tasks",
            BlockKind::Owned => "owned",
        }
    }
}

/// One Dataview block to replace: the whole fenced block, fences included, from the start of its
/// opening line to the end of its closing fence (the line break after it stays).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigratedBlock {
    /// 1-based line of the opening fence.
    pub line: u32,
    pub kind: BlockKind,
    /// The folders of a `projects` block, as the Dataview `FROM` wrote them; empty otherwise.
    pub folders: Vec<String>,
    pub edit: TextEdit,
    /// The edit's range in UTF-16 offsets of the text (what JavaScript and the CLI's JSON count).
    pub from_utf16: u32,
    pub to_utf16: u32,
}

/// A Dataview block left as it is, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedBlock {
    /// 1-based line of the opening fence.
    pub line: u32,
    /// A sentence saying what differs from the shapes Rapport replaces.
    pub reason: String,
}

/// What migrating one note does: its blocks to replace, in text order (their edits never
/// overlap), and the Dataview blocks left alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MigrationPlan {
    pub blocks: Vec<MigratedBlock>,
    pub skipped: Vec<SkippedBlock>,
}

impl MigrationPlan {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.skipped.is_empty()
    }

    /// The edits of the blocks, in text order.
    pub fn edits(&self) -> Vec<TextEdit> {
        self.blocks.iter().map(|b| b.edit.clone()).collect()
    }
}

/// The plan for the note `text` at `path` under `settings`: `None` when the note is not a person
/// (only people notes are migrated), else what [`plan`] finds. The person is derived from `text`
/// itself, so the plan fits the text it is applied to, whatever an index holds.
pub fn plan_note(path: &str, text: &str, settings: &Settings) -> Option<MigrationPlan> {
    let derived = Note::parse_with(text, TaskReading::Recognised).derive(path, settings);
    let person = derived.person.as_ref()?;
    Some(plan(text, &derived.name, person))
}

/// Whether `text` holds `dataview` in any case: a note without it has no Dataview block.
pub fn has_dataview(text: &str) -> bool {
    text.as_bytes().windows(8).any(|w| w.eq_ignore_ascii_case(b"dataview"))
}

/// The plan for the people note `text` of the person named `name` (the file's base name).
pub fn plan(text: &str, name: &str, person: &Person) -> MigrationPlan {
    let mut out = MigrationPlan::default();
    if !has_dataview(text) {
        return out;
    }
    let body_start = split(text).body_start;
    let Some(body) = text.get(body_start..) else { return out };
    let hidden = comments(text, body_start);
    let lines = LineIndex::new(text);
    // Lists, quotes and other containers the parser is inside: a block in one is skipped.
    let mut containers = 0usize;
    for (event, range) in Parser::new_ext(body, pulldown_cmark::Options::empty()).into_offset_iter() {
        let info = match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => info,
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                containers += 1;
                continue;
            }
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                containers = containers.saturating_sub(1);
                continue;
            }
            _ => continue,
        };
        if !info.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("dataview")) {
            continue;
        }
        let start = body_start + range.start;
        let end = body_start + range.end;
        let line = lines.line(start);
        let skip =
            |out: &mut MigrationPlan, reason: &str| out.skipped.push(SkippedBlock { line, reason: reason.into() });
        if hidden.iter().any(|h| h.contains(&start)) {
            // Obsidian hides a block inside `%% %%`: Dataview never runs it, so it is no query.
            continue;
        }
        if containers > 0 {
            skip(
                &mut out,
                "The block is inside a list or a quote; Rapport migrates only blocks at the top level of the note.",
            );
            continue;
        }
        match fenced(text, start, end) {
            Err(reason) => skip(&mut out, reason),
            Ok(block) => match read_query(&text[block.content.clone()]).and_then(|q| shape(&q, name, person)) {
                Err(reason) => skip(&mut out, &reason),
                Ok((kind, folders)) => {
                    let insert = replacement(text, &block, kind, &folders);
                    let edit = TextEdit::new(block.whole.clone(), insert);
                    out.blocks.push(MigratedBlock {
                        line,
                        kind,
                        folders,
                        from_utf16: lines.position(edit.range.start).offset_utf16,
                        to_utf16: lines.position(edit.range.end).offset_utf16,
                        edit,
                    });
                }
            },
        }
    }
    out
}

/// A fenced block's parts, as byte ranges of the note.
struct Fenced {
    /// From the start of the opening line to the end of the closing fence (before its line break).
    whole: Range<usize>,
    /// The spaces before the opening fence (0 to 3).
    indent: Range<usize>,
    /// The opening fence's run of backticks or tildes.
    fence: Range<usize>,
    /// The closing fence line without its line break: indentation, fence and trailing spaces.
    closing: Range<usize>,
    /// The lines between the fences.
    content: Range<usize>,
    /// The opening line's line break.
    newline: &'static str,
}

/// The fenced block pulldown-cmark found at `start..end` (from its fence to the end of its last
/// line), checked line by line: a block the end of the note closes has no closing fence, and is
/// skipped rather than guessed at.
fn fenced(text: &str, start: usize, end: usize) -> Result<Fenced, &'static str> {
    let line_start = text.get(..start).map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1));
    let indent = text.get(line_start..start).unwrap_or("");
    if indent.len() > 3 || indent.bytes().any(|b| b != b' ') {
        return Err("The block's fence is indented with a tab; Rapport leaves it as it is.");
    }
    let bytes = text.as_bytes();
    let marker = *bytes.get(start).ok_or("The block could not be read.")?;
    let run = bytes.get(start..).unwrap_or(&[]).iter().take_while(|&&b| b == marker).count();
    let opening_end = text.get(start..).and_then(|t| t.find('\n')).map(|i| start + i).ok_or(UNCLOSED)?;
    let newline = if bytes.get(opening_end.wrapping_sub(1)) == Some(&b'\r') { "\r\n" } else { "\n" };
    // The range may end after the closing fence's spaces but before its line break.
    let block = text.get(..end).ok_or(UNCLOSED)?;
    let block = block.strip_suffix('\n').map_or(block, |b| b.strip_suffix('\r').unwrap_or(b));
    let closing_start = block.rfind('\n').map_or(0, |i| i + 1);
    if closing_start <= opening_end {
        return Err(UNCLOSED);
    }
    let closing = text.get(closing_start..block.len()).ok_or(UNCLOSED)?;
    let trimmed = closing.trim_start_matches(' ');
    let closing_run = trimmed.bytes().take_while(|&b| b == marker).count();
    let closes = closing.len() - trimmed.len() <= 3
        && closing_run >= run
        && trimmed.bytes().skip(closing_run).all(|b| b == b' ' || b == b'\t' || b == b'\r');
    if !closes {
        return Err(UNCLOSED);
    }
    let closing_end = closing_start + closing.trim_end_matches('\r').len();
    Ok(Fenced {
        whole: line_start..closing_end,
        indent: line_start..start,
        fence: start..start + run,
        closing: closing_start..closing_end,
        content: opening_end + 1..closing_start,
        newline,
    })
}

const UNCLOSED: &str = "The block has no closing fence, so it runs to the end of the note; Rapport leaves it as it is.";

/// The rapport block replacing `block`: the same indentation, fence and closing fence, and the
/// opening line's line break between lines.
fn replacement(text: &str, block: &Fenced, kind: BlockKind, folders: &[String]) -> String {
    let indent = &text[block.indent.clone()];
    let nl = block.newline;
    let mut out = format!("{indent}{}rapport{nl}{indent}{}{nl}", &text[block.fence.clone()], kind.as_str());
    if !folders.is_empty() {
        out.push_str(&format!("{indent}from: {}{nl}", folders.join(", ")));
    }
    out.push_str(&text[block.closing.clone()]);
    out
}

// ---------------------------------------------------------------------------------------------
// The query language subset

#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// A keyword or a field: letters, digits, `_`, `.` and `-` inside.
    Word(String),
    Str(String),
    /// Punctuation: `(`, `)`, `,`, `!`, `=`, `!=`, `&`, `|`, `#`, `[`, `-`, and any other symbol.
    Sym(String),
}

fn tokens(query: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '\'' {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next() {
                    Some((_, q)) if q == c => break,
                    Some((_, '\\')) => {
                        return Err(
                            "The query has a string with a backslash escape, which Rapport does not read.".into()
                        )
                    }
                    Some((_, '\n')) | None => return Err("The query has a string that is not closed.".into()),
                    Some((_, ch)) => value.push(ch),
                }
            }
            out.push(Token::Str(value));
        } else if c.is_alphanumeric() || c == '_' {
            let mut end = i;
            while let Some(&(j, ch)) = chars.peek() {
                if ch.is_alphanumeric() || ch == '_' || ch == '.' || ch == '-' {
                    end = j + ch.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Word(query[i..end].to_string()));
        } else {
            chars.next();
            if c == '!' && chars.peek().map(|&(_, n)| n) == Some('=') {
                chars.next();
                out.push(Token::Sym("!=".into()));
            } else {
                out.push(Token::Sym(c.to_string()));
            }
        }
    }
    Ok(out)
}

/// A query of the subset: its type, its `FROM` folders (`None` without a `FROM`), and the
/// conditions its `WHERE` joins with `AND`.
#[derive(Debug)]
struct Query {
    kind: QueryKind,
    from: Option<Vec<String>>,
    conditions: Vec<Condition>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum QueryKind {
    List,
    Task,
}

#[derive(Debug, PartialEq)]
enum Condition {
    /// `!completed`, `completed = false`, `completed != true`.
    NotCompleted,
    /// `contains(text, "…")`.
    TextContains(String),
    /// `contains(file.outlinks, this.file.link)`.
    LinksHere,
    /// Anything else, as written again from its tokens.
    Other(String),
}

fn keyword(t: Option<&Token>, k: &str) -> bool {
    matches!(t, Some(Token::Word(w)) if w.eq_ignore_ascii_case(k))
}

fn is_clause(t: Option<&Token>) -> bool {
    ["FROM", "WHERE", "SORT", "GROUP", "FLATTEN", "LIMIT"].iter().any(|k| keyword(t, k))
}

fn sym(t: Option<&Token>, s: &str) -> bool {
    matches!(t, Some(Token::Sym(x)) if x == s)
}

fn show(tokens: &[Token]) -> String {
    let mut out = String::new();
    for t in tokens {
        let piece = match t {
            Token::Word(w) => w.clone(),
            Token::Str(s) => format!("\"{s}\""),
            Token::Sym(s) => s.clone(),
        };
        let glue = out.is_empty() || out.ends_with(['(', '!']) || matches!(piece.as_str(), ")" | ",");
        if !glue {
            out.push(' ');
        }
        out.push_str(&piece);
    }
    out
}

/// A query longer than this is not read: the three shapes take a few hundred bytes, and reading
/// is quadratic in the worst case (parentheses unwrapped one pair at a time).
pub const MAX_QUERY_BYTES: usize = 4 * 1024;

/// Parentheses nested deeper than this in a WHERE are not read: the conditions are split
/// recursively, and a hostile block must not exhaust the stack (a panic in wasm stops the plugin).
pub const MAX_DEPTH: usize = 8;

/// Reads the query of a Dataview block; `Err` says what is outside the subset.
fn read_query(query: &str) -> Result<Query, String> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(format!(
            "The query is longer than {} KiB; Rapport migrates short queries only.",
            MAX_QUERY_BYTES / 1024
        ));
    }
    let toks = tokens(query)?;
    let mut depth = 0usize;
    for t in &toks {
        if sym(Some(t), "(") {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err("The query nests parentheses too deeply for Rapport to read.".into());
            }
        } else if sym(Some(t), ")") {
            depth = depth.saturating_sub(1);
        }
    }
    let mut at = 0usize;
    let kind = match toks.first() {
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("LIST") => QueryKind::List,
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("TASK") => QueryKind::Task,
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("TABLE") => {
            return Err("A TABLE query: a rapport block shows no table.".into())
        }
        Some(Token::Word(w)) if w.eq_ignore_ascii_case("CALENDAR") => {
            return Err("A CALENDAR query: a rapport block shows no calendar.".into())
        }
        None => return Err("The block is empty.".into()),
        Some(_) => return Err("The query is not a LIST or TASK query.".into()),
    };
    at += 1;
    if !is_clause(toks.get(at)) && at < toks.len() {
        let what = if kind == QueryKind::List { "LIST" } else { "TASK" };
        let until = (at..toks.len()).find(|&i| is_clause(toks.get(i))).unwrap_or(toks.len());
        return Err(format!("`{what} {}` shows something else than the bare list.", show(&toks[at..until])));
    }
    let mut from = None;
    let mut conditions = None;
    let mut first_clause = true;
    while at < toks.len() {
        let clause = match toks.get(at) {
            Some(Token::Word(w)) => w.to_ascii_uppercase(),
            _ => return Err(format!("The query has `{}` where a clause should start.", show(&toks[at..at + 1]))),
        };
        let end = (at + 1..toks.len()).find(|&i| is_clause(toks.get(i))).unwrap_or(toks.len());
        let body = &toks[at + 1..end];
        match clause.as_str() {
            "FROM" if !first_clause => return Err("FROM comes after another clause.".into()),
            "FROM" => from = Some(read_from(body)?),
            "WHERE" if conditions.is_some() => {
                return Err("The query has two WHERE clauses; Rapport migrates queries with one.".into())
            }
            "WHERE" => conditions = Some(read_where(body)?),
            "SORT" => read_sort(body)?,
            "GROUP" => return Err("A GROUP BY clause: a rapport block does not group.".into()),
            "FLATTEN" => return Err("A FLATTEN clause: a rapport block cannot say it.".into()),
            "LIMIT" => return Err("A LIMIT clause: a rapport block lists everything.".into()),
            _ => return Err(format!("The query has `{clause}` where a clause should start.")),
        }
        first_clause = false;
        at = end;
    }
    Ok(Query { kind, from, conditions: conditions.unwrap_or_default() })
}

/// `FROM "A" OR "B"`: folders only.
fn read_from(body: &[Token]) -> Result<Vec<String>, String> {
    let mut folders = Vec::new();
    let mut i = 0;
    loop {
        match body.get(i) {
            Some(Token::Str(s)) => folders.push(s.clone()),
            Some(Token::Sym(s)) if s == "#" => {
                return Err("The FROM names a tag; Rapport migrates a FROM of folders only.".into())
            }
            Some(Token::Sym(s)) if s == "[" => {
                return Err("The FROM names a link; Rapport migrates a FROM of folders only.".into())
            }
            Some(Token::Sym(s)) if s == "-" || s == "!" => {
                return Err("The FROM leaves a source out; Rapport migrates a FROM of folders only.".into())
            }
            _ => return Err(format!("The FROM is `{}`; Rapport migrates a FROM of folders only.", show(body))),
        }
        i += 1;
        match body.get(i) {
            None => return Ok(folders),
            Some(t) if keyword(Some(t), "OR") => i += 1,
            Some(_) => {
                return Err(format!("The FROM is `{}`; Rapport migrates folders joined by OR only.", show(body)))
            }
        }
    }
}

/// `SORT field [ASC|DESC], …`: the order a rapport block does not take, so any plain one is fine.
fn read_sort(body: &[Token]) -> Result<(), String> {
    let plain = !body.is_empty()
        && body.split(|t| sym(Some(t), ",")).all(|key| match key {
            [Token::Word(_)] => true,
            [Token::Word(_), Token::Word(d)] => d.eq_ignore_ascii_case("ASC") || d.eq_ignore_ascii_case("DESC"),
            _ => false,
        });
    if plain {
        Ok(())
    } else {
        Err(format!("The SORT is `{}`, not a list of fields.", show(body)))
    }
}

/// The WHERE's conditions, the operands of its top-level `AND`s (in parentheses or not).
fn read_where(body: &[Token]) -> Result<Vec<Condition>, String> {
    if body.is_empty() {
        return Err("The WHERE clause is empty.".into());
    }
    let mut out = Vec::new();
    conjuncts(body, &mut out)?;
    Ok(out)
}

/// Splits `body` at its top-level `AND`s (`&`), unwrapping parentheses around the whole.
fn conjuncts(body: &[Token], out: &mut Vec<Condition>) -> Result<(), String> {
    let body = unwrap_parens(body);
    let mut depth = 0i32;
    let mut parts = vec![Vec::new()];
    for t in body {
        match t {
            Token::Sym(s) if s == "(" => depth += 1,
            Token::Sym(s) if s == ")" => depth -= 1,
            _ => {}
        }
        if depth == 0 && (keyword(Some(t), "AND") || sym(Some(t), "&")) {
            parts.push(Vec::new());
            continue;
        }
        if depth == 0 && (keyword(Some(t), "OR") || sym(Some(t), "|")) {
            return Err(format!(
                "The WHERE is `{}`, with an OR; Rapport migrates conditions joined by AND only.",
                show(body)
            ));
        }
        if let Some(last) = parts.last_mut() {
            last.push(t.clone());
        }
    }
    if depth != 0 {
        return Err("The WHERE's parentheses do not match.".into());
    }
    if parts.len() == 1 {
        out.push(condition(body));
        return Ok(());
    }
    for part in &parts {
        if part.is_empty() {
            return Err(format!("The WHERE is `{}`, with an AND missing a side.", show(body)));
        }
        conjuncts(part, out)?;
    }
    Ok(())
}

/// `body` without parentheses that enclose all of it.
fn unwrap_parens(mut body: &[Token]) -> &[Token] {
    while let [Token::Sym(open), inner @ .., Token::Sym(close)] = body {
        if open != "(" || close != ")" {
            break;
        }
        // `(a) AND (b)` starts and ends with parentheses that do not enclose it all.
        let mut depth = 0i32;
        let encloses = inner.iter().all(|t| {
            match t {
                Token::Sym(s) if s == "(" => depth += 1,
                Token::Sym(s) if s == ")" => depth -= 1,
                _ => {}
            }
            depth >= 0
        });
        if !encloses {
            break;
        }
        body = inner;
    }
    body
}

fn condition(body: &[Token]) -> Condition {
    let body = unwrap_parens(body);
    let word = |t: &Token, w: &str| matches!(t, Token::Word(x) if x == w);
    match body {
        [Token::Sym(not), rest @ ..] if not == "!" && matches!(unwrap_parens(rest), [t] if word(t, "completed")) => {
            Condition::NotCompleted
        }
        [c, Token::Sym(op), v]
            if word(c, "completed") && ((op == "=" && word(v, "false")) || (op == "!=" && word(v, "true"))) =>
        {
            Condition::NotCompleted
        }
        [f, Token::Sym(open), a, Token::Sym(comma), b, Token::Sym(close)]
            if word(f, "contains") && open == "(" && comma == "," && close == ")" =>
        {
            match (a, b) {
                (Token::Word(x), Token::Str(s)) if x == "text" => Condition::TextContains(s.clone()),
                (Token::Word(x), Token::Word(y)) if x == "file.outlinks" && y == "this.file.link" => {
                    Condition::LinksHere
                }
                _ => Condition::Other(show(body)),
            }
        }
        _ => Condition::Other(show(body)),
    }
}

/// The rapport block a query is, for this person; `Err` says why it is none.
fn shape(q: &Query, name: &str, person: &Person) -> Result<(BlockKind, Vec<String>), String> {
    if let Some(Condition::Other(other)) = q.conditions.iter().find(|c| matches!(c, Condition::Other(_))) {
        return Err(format!("The WHERE has the condition `{other}`, which a rapport block cannot say."));
    }
    let count = |f: &dyn Fn(&Condition) -> bool| q.conditions.iter().filter(|c| f(c)).count();
    let not_completed = count(&|c| *c == Condition::NotCompleted);
    let links = count(&|c| *c == Condition::LinksHere);
    let texts: Vec<&str> = q
        .conditions
        .iter()
        .filter_map(|c| if let Condition::TextContains(s) = c { Some(s.as_str()) } else { None })
        .collect();
    match q.kind {
        QueryKind::List => {
            if links != 1 || q.conditions.len() != 1 {
                return Err(
                    "A LIST query whose WHERE is not `contains(file.outlinks, this.file.link)` alone: no rapport block says it."
                        .into(),
                );
            }
            let folders = q.from.clone().unwrap_or_default();
            if folders.is_empty() || folders.iter().any(|f| f.trim().is_empty()) {
                return Err("The query lists every note that links the person, in any folder; a projects block lists projects, so Rapport leaves it.".into());
            }
            if let Some(f) = folders.iter().find(|f| f.contains(", ") || f.trim() != f.as_str() || f.contains('\n')) {
                return Err(format!("The folder `{f}` cannot be written on a `from:` line (a comma and a space, or spaces at its ends)."));
            }
            Ok((BlockKind::Projects, folders))
        }
        QueryKind::Task => {
            if links > 0 || texts.len() != 1 {
                return Err(
                    "A TASK query whose WHERE is not `!completed AND contains(text, …)`: no rapport block says it."
                        .into(),
                );
            }
            if not_completed == 0 {
                return Err("The query lists done tasks too; rapport blocks list open tasks.".into());
            }
            let text = texts.first().copied().unwrap_or_default();
            if let Some(handle) = text.strip_prefix('@') {
                if person.handles.iter().any(|h| h == handle) {
                    Ok((BlockKind::Owned, Vec::new()))
                } else {
                    Err(format!("`@{handle}` is not one of this person's handles ({}).", handles_list(person)))
                }
            } else if text == name || person.aliases.iter().any(|a| a == text && a.split_whitespace().count() >= 2) {
                Ok((BlockKind::Tasks, Vec::new()))
            } else if person.aliases.iter().any(|a| a == text) {
                Err(format!("`{text}` is a one-word alias, which Rapport does not count as a mention; the block would change meaning."))
            } else {
                Err(format!("`{text}` is not this person's name or an alias of two words or more; the block would change meaning."))
            }
        }
    }
}

fn handles_list(person: &Person) -> String {
    person.handles.iter().map(|h| format!("@{h}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Person {
        Person {
            aliases: vec!["Ada B".into(), "Addie".into()],
            handles: vec!["AdaBrennan".into(), "AdaB".into()],
            ..Person::default()
        }
    }

    /// The note after the plan's edits, and the skip reasons.
    fn run(text: &str) -> (String, Vec<(u32, BlockKind)>, Vec<String>) {
        let p = plan(text, "Ada Brennan", &ada());
        let mut out = text.to_string();
        for b in p.blocks.iter().rev() {
            out = b.edit.apply(&out).unwrap();
        }
        (out, p.blocks.iter().map(|b| (b.line, b.kind)).collect(), p.skipped.into_iter().map(|s| s.reason).collect())
    }

    fn check(text: &str, expect: &str) {
        let (out, blocks, skipped) = run(text);
        assert_eq!(out, expect, "skipped: {skipped:?}");
        assert!(!blocks.is_empty(), "nothing migrated");
        assert!(skipped.is_empty(), "{skipped:?}");
        assert!(plan(&out, "Ada Brennan", &ada()).is_empty(), "idempotent");
    }

    fn skipped(text: &str, reason_has: &str) {
        let (out, blocks, skipped) = run(text);
        assert_eq!(out, text);
        assert!(blocks.is_empty());
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].contains(reason_has), "{:?} lacks {reason_has:?}", skipped[0]);
    }

    #[test]
    fn the_example_notes_three_shapes() {
        check(
            "# Ada\n\n```dataview\nLIST\nFROM \"Work/Projects\" OR \"Personal/Projects\"\nWHERE contains(file.outlinks, this.file.link)\n```\n\nafter\n",
            "# Ada\n\n```rapport\nprojects\nfrom: Work/Projects, Personal/Projects\n```\n\nafter\n",
        );
        check(
            "```dataview\nTASK\nFROM \"\"\nWHERE !completed AND contains(text, \"Ada Brennan\")\nSORT due ASC\n```\n",
            "```rapport\ntasks\n```\n",
        );
        check(
            "```dataview\nTASK\nWHERE contains(text, \"@AdaBrennan\") AND !completed\nSORT due ASC\n```",
            "```rapport\nowned\n```",
        );
    }

    #[test]
    fn variations_in_the_wild() {
        check(
            "```DataView\ntask where contains(text, 'Ada Brennan') and !completed sort due asc\n```\n",
            "```rapport\ntasks\n```\n",
        );
        check(
            "```dataview\nTASK WHERE (completed = false) & (contains(text, \"@AdaB\"))\n```\n",
            "```rapport\nowned\n```\n",
        );
        check("```dataview\nTASK FROM \"Work\" OR 'Home' WHERE completed != true AND contains(text, \"Ada B\") SORT due, file.name DESC\n```\n", "```rapport\ntasks\n```\n");
        check(
            "```dataview\n  list from 'A'   where contains(file.outlinks,this.file.link)\n```\n",
            "```rapport\nprojects\nfrom: A\n```\n",
        );
        check(
            "```dataview\nTASK WHERE !(completed) AND contains(text, \"Ada Brennan\")\n```\n",
            "```rapport\ntasks\n```\n",
        );
    }

    #[test]
    fn fences_indentation_and_line_endings_are_kept() {
        check(
            "x\r\n  ~~~~ dataview\r\n  TASK WHERE !completed AND contains(text, \"Ada Brennan\")\r\n  ~~~~~  \r\ny",
            "x\r\n  ~~~~rapport\r\n  tasks\r\n  ~~~~~  \r\ny",
        );
        check(
            "````dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n`````\n",
            "````rapport\ntasks\n`````\n",
        );
    }

    #[test]
    fn other_queries_are_skipped_with_their_reason() {
        skipped("```dataview\nTABLE file.mtime FROM \"People\"\n```\n", "TABLE");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\") AND due\n```\n", "`due`");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\") LIMIT 5\n```\n", "LIMIT");
        skipped(
            "```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\") GROUP BY file.link\n```\n",
            "GROUP BY",
        );
        skipped("```dataview\nTASK WHERE !completed OR contains(text, \"Ada Brennan\")\n```\n", "OR");
        skipped("```dataview\nTASK WHERE contains(text, \"Ada Brennan\")\n```\n", "done tasks");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"Ben Ortiz\")\n```\n", "`Ben Ortiz` is not");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"Addie\")\n```\n", "one-word alias");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"@BenOrtiz\")\n```\n", "handles");
        skipped("```dataview\nLIST FROM #project WHERE contains(file.outlinks, this.file.link)\n```\n", "tag");
        skipped("```dataview\nLIST FROM [[Ada Brennan]] WHERE contains(file.outlinks, this.file.link)\n```\n", "link");
        skipped("```dataview\nLIST FROM \"\" WHERE contains(file.outlinks, this.file.link)\n```\n", "every note");
        skipped("```dataview\nLIST WHERE contains(file.outlinks, this.file.link)\n```\n", "every note");
        skipped(
            "```dataview\nLIST file.mtime FROM \"A\" WHERE contains(file.outlinks, this.file.link)\n```\n",
            "file.mtime",
        );
        skipped("```dataview\nLIST FROM \"A, B\" WHERE contains(file.outlinks, this.file.link)\n```\n", "from:");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"Ada \\\"B\")\n```\n", "backslash");
        skipped("```dataview\n\n```\n", "empty");
        let deep = format!("{}!completed{} AND contains(text, \"Ada Brennan\")", "(".repeat(9), ")".repeat(9));
        skipped(&format!("```dataview\nTASK WHERE {deep}\n```\n"), "too deeply");
        let long = format!("TASK WHERE !completed AND contains(text, \"Ada Brennan\"){}", " ".repeat(MAX_QUERY_BYTES));
        skipped(&format!("```dataview\n{long}\n```\n"), "longer than 4 KiB");
        skipped("```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n", "closing fence");
        skipped(
            "- item\n\n  ```dataview\n  TASK WHERE !completed AND contains(text, \"Ada Brennan\")\n  ```\n",
            "list",
        );
        skipped("> ```dataview\n> TASK WHERE !completed AND contains(text, \"Ada Brennan\")\n> ```\n", "quote");
    }

    #[test]
    fn what_is_not_a_dataview_block_is_left_alone() {
        for text in [
            "```\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n",
            "```dataviewjs\ndv.list()\n```\n",
            "    ```dataview\n    TASK WHERE !completed AND contains(text, \"Ada Brennan\")\n    ```\n",
            "````md\n```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n````\n",
            "%%\n```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n%%\n",
            "---\nx: |\n  ```dataview\n  TASK WHERE !completed AND contains(text, \"Ada Brennan\")\n  ```\n---\n",
        ] {
            assert!(plan(text, "Ada Brennan", &ada()).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn offsets_are_utf16() {
        let text = "😀 é\n```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n";
        let p = plan(text, "Ada Brennan", &ada());
        assert_eq!((p.blocks[0].line, p.blocks[0].from_utf16, p.blocks[0].edit.range.start), (2, 5, 8));
    }

    #[test]
    fn only_people_notes_are_planned() {
        let settings = Settings::default();
        let q = "```dataview\nTASK WHERE !completed AND contains(text, \"Ada Brennan\")\n```\n";
        assert_eq!(plan_note("Notes/Ada Brennan.md", q, &settings), None);
        let person = format!("---\ntype: people\n---\n{q}");
        assert_eq!(plan_note("People/Ada Brennan.md", &person, &settings).unwrap().blocks.len(), 1);
        assert_eq!(
            plan_note("People/Ada Brennan.md", "---\ntype: people\n---\n", &settings),
            Some(MigrationPlan::default())
        );
    }
}
