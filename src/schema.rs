//! Frontmatter schemas: the user-editable YAML format, the built-in people schema, and the
//! per-field checks (type, required, allowed values, pattern, dates).

use crate::cadence;
use crate::date::{self, Date, DateParse};
use crate::diagnostic::{Code, Diagnostic, TextEdit};
use crate::frontmatter::{parse_yaml, same_property, Entry, Properties, Value};
use crate::split::Frontmatter;

/// The schema Rapport ships with. Users start from it in the settings tab.
pub const BUILTIN_SCHEMA: &str = r#"# Rapport schema. Each entry under `types` is a note type: its fields apply to notes whose
# `type` property has that value. `people` also applies to every note recognised as a person
# (by type, tag or folder, as the settings say).
#
# A field has a `type`: string, date, bool, number, list, enum, link or cadence, and may set
#   required: true        the key must be present and not empty
#   values: [a, b]        allowed values (for enum, or for each item of a list)
#   pattern: "company/*"  a glob every value (or list item) must match: * any run, ? one
#                         character, [abc] or [a-z] one of a set
#   future: false         for dates: a date after today is a mistake
types:
  people:
    fields:
      # A list too: Obsidian's own vault template writes `type: ["[[Authors]]"]`.
      type:
        type: list
        required: true
      title:
        type: string
        required: true
      created:
        type: date
      last_contact:
        type: date
        future: false
      auto_created:
        type: bool
      tags:
        type: list
      aliases:
        type: list
      cadence:
        type: cadence
      snooze_until:
        type: date
"#;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Date,
    Bool,
    Number,
    List,
    Enum,
    Link,
    Cadence,
}

impl FieldType {
    fn parse(s: &str) -> Option<FieldType> {
        Some(match s {
            "string" | "text" => FieldType::String,
            "date" => FieldType::Date,
            "bool" | "boolean" | "checkbox" => FieldType::Bool,
            "number" => FieldType::Number,
            "list" => FieldType::List,
            "enum" => FieldType::Enum,
            "link" => FieldType::Link,
            "cadence" => FieldType::Cadence,
            _ => return None,
        })
    }

    fn describe(self) -> &'static str {
        match self {
            FieldType::String => "text",
            FieldType::Date => "a date (YYYY-MM-DD)",
            FieldType::Bool => "true or false",
            FieldType::Number => "a number",
            FieldType::List => "a list",
            FieldType::Enum => "one of the allowed values",
            FieldType::Link => "a quoted wikilink like \"[[Note]]\"",
            FieldType::Cadence => {
                "a cadence (weekly, monthly, quarterly, yearly, 14d, 2w, 3m, a number of days, or none)"
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    pub name: String,
    pub kind: FieldType,
    pub required: bool,
    pub values: Vec<String>,
    pub pattern: Option<String>,
    /// Whether a date after today is acceptable.
    pub future: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeSchema {
    pub name: String,
    pub fields: Vec<FieldSpec>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Schema {
    pub types: Vec<TypeSchema>,
}

impl Schema {
    pub fn builtin() -> Schema {
        let (schema, diagnostics) = Schema::parse(BUILTIN_SCHEMA);
        debug_assert!(diagnostics.is_empty(), "{diagnostics:?}");
        schema
    }

    pub fn get(&self, name: &str) -> Option<&TypeSchema> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Reads a schema. Problems are diagnostics (code `schema-invalid`, path-less); the parts
    /// that could be read are kept.
    pub fn parse(yaml: &str) -> (Schema, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut schema = Schema::default();
        let at = |needle: &str| -> std::ops::Range<usize> { yaml.find(needle).map_or(0..0, |i| i..i + needle.len()) };
        let root = match parse_yaml(yaml) {
            Ok(v) => v,
            Err(e) => {
                let end = yaml[e.offset..].find('\n').map_or(yaml.len(), |i| e.offset + i);
                diagnostics.push(Diagnostic::error(
                    Code::SchemaInvalid,
                    e.offset..end,
                    format!("The schema is not valid YAML: {}.", e.message),
                ));
                return (schema, diagnostics);
            }
        };
        let Some(Value::Map(types)) = root.get("types") else {
            diagnostics.push(Diagnostic::error(
                Code::SchemaInvalid,
                0..0,
                "The schema needs a `types:` mapping of note types.",
            ));
            return (schema, diagnostics);
        };
        for (type_name, type_value) in types {
            let mut ts = TypeSchema { name: type_name.clone(), fields: Vec::new() };
            let fields = match type_value.get("fields") {
                Some(Value::Map(f)) => f.as_slice(),
                Some(Value::Null) | None => &[],
                Some(_) => {
                    diagnostics.push(Diagnostic::error(
                        Code::SchemaInvalid,
                        at(type_name),
                        format!("`types.{type_name}.fields` must be a mapping of field names."),
                    ));
                    &[]
                }
            };
            for (field, spec) in fields {
                let path = format!("types.{type_name}.fields.{field}");
                let Value::Map(options) = spec else {
                    diagnostics.push(Diagnostic::error(
                        Code::SchemaInvalid,
                        at(field),
                        format!("`{path}` must be a mapping with at least `type:`."),
                    ));
                    continue;
                };
                let mut fs = FieldSpec {
                    name: field.clone(),
                    kind: FieldType::String,
                    required: false,
                    values: Vec::new(),
                    pattern: None,
                    future: true,
                };
                let mut has_type = false;
                let mut has_type_error = false;
                for (option, v) in options {
                    match (option.as_str(), v) {
                        ("type", Value::String(t)) => match FieldType::parse(t) {
                            Some(k) => {
                                fs.kind = k;
                                has_type = true;
                            }
                            None => {
                                // Reported here; the field is then skipped without a second report.
                                has_type_error = true;
                                diagnostics.push(Diagnostic::error(
                                    Code::SchemaInvalid,
                                    at(&format!("type: {t}")),
                                    format!("`{path}.type` is `{t}`; use string, date, bool, number, list, enum, link or cadence."),
                                ));
                            }
                        },
                        ("required", Value::Bool(b)) => fs.required = *b,
                        ("future", Value::Bool(b)) => fs.future = *b,
                        ("values", v @ Value::List(_)) => fs.values = v.string_items(),
                        ("pattern", Value::String(p)) => fs.pattern = Some(p.clone()),
                        ("description", _) => {}
                        (o, _) => diagnostics.push(Diagnostic::error(
                            Code::SchemaInvalid,
                            at(o),
                            format!("`{path}.{o}` is not a known option or has the wrong kind of value."),
                        )),
                    }
                }
                if !has_type {
                    if has_type_error {
                        continue;
                    }
                    diagnostics.push(Diagnostic::error(
                        Code::SchemaInvalid,
                        at(field),
                        format!("`{path}` needs a valid `type:`."),
                    ));
                    continue;
                }
                if fs.kind == FieldType::Enum && fs.values.is_empty() {
                    diagnostics.push(Diagnostic::error(
                        Code::SchemaInvalid,
                        at(field),
                        format!("`{path}` is an enum without `values:`."),
                    ));
                }
                ts.fields.push(fs);
            }
            schema.types.push(ts);
        }
        (schema, diagnostics)
    }
}

/// Glob match: `*` any run of characters, `?` one character, `[abc]`/`[a-z]`/`[!x]` one of a set.
/// Iterative with one backtrack point, so linear-ish and safe on hostile patterns.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
            continue;
        }
        if pi < p.len() {
            if let Some((matched, len)) = match_one(&p[pi..], t[ti]) {
                if matched {
                    pi += len;
                    ti += 1;
                    continue;
                }
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Whether the pattern's first element matches `c`, and how many pattern chars it spans.
fn match_one(p: &[char], c: char) -> Option<(bool, usize)> {
    match p.first()? {
        '?' => Some((true, 1)),
        '[' => {
            // An unclosed `[` is an ordinary character.
            let Some(close) = p.iter().skip(1).position(|&x| x == ']').map(|i| i + 1) else {
                return Some((c == '[', 1));
            };
            let mut set = &p[1..close];
            let negate = set.first() == Some(&'!');
            if negate {
                set = &set[1..];
            }
            let mut found = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == '-' {
                    found |= set[i] <= c && c <= set[i + 2];
                    i += 3;
                } else {
                    found |= set[i] == c;
                    i += 1;
                }
            }
            Some((found != negate, close + 1))
        }
        &x => Some((x == c, 1)),
    }
}

/// What the checks need to know about the note besides its properties.
pub struct Context<'a> {
    pub text: &'a str,
    pub block: Option<&'a Frontmatter>,
    /// Where frontmatter would be inserted when the note has none (after a BOM).
    pub start: usize,
    /// The file's base name without `.md`, for the `title` fix.
    pub basename: &'a str,
    /// The schema's name, for the `type` fix.
    pub type_name: &'a str,
    /// Whether the note's own `type` made it this type. A person recognised by folder or tag
    /// need not carry `type` or `title` (Obsidian shows the file name), so they are not required.
    pub by_type: bool,
    /// The properties whose value made the note a person (the settings' `people_properties`
    /// naming a people type). Written as a list or a link, such a value is not checked against
    /// the field's kind or values: a note is not flagged for the very shape that marked it.
    pub marked_by: &'a [&'a str],
}

impl Context<'_> {
    /// An edit that adds `key: value` at the end of the frontmatter (or creates one).
    pub fn insert_key(&self, key: &str, value: &str) -> TextEdit {
        match self.block {
            Some(b) => TextEdit::new(b.insert_at..b.insert_at, format!("{key}: {value}{}", b.newline)),
            None => TextEdit::new(self.start..self.start, format!("---\n{key}: {value}\n---\n")),
        }
    }
}

/// A YAML scalar that is safe unquoted or quoted with single quotes.
pub fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/'))
        && !value.starts_with(['-', ' '])
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && value.parse::<f64>().is_err();
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::List(l) => l.is_empty(),
        _ => false,
    }
}

/// A date field that must not lie after today: checked at query time, since `today` moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFuture {
    pub field: String,
    pub date: Date,
    pub span: std::ops::Range<usize>,
    /// The value's text to replace; `None` when the value is written over several lines.
    pub inner: Option<std::ops::Range<usize>>,
}

impl NotFuture {
    /// The diagnostic when the date lies after `today`. The fix writes `replacement` (the newest
    /// real evidence, for `last_contact`); today would record a contact that did not happen.
    pub fn check(&self, today: Date, replacement: Option<Date>) -> Option<Diagnostic> {
        (self.date > today).then(|| {
            let d = Diagnostic::warning(
                Code::FutureDate,
                self.span.clone(),
                format!(
                    "`{}` is {}, {} days after today ({today}).",
                    self.field,
                    self.date,
                    self.date.days_since(today)
                ),
            )
            .field(self.field.clone());
            match (replacement, &self.inner) {
                (Some(r), Some(inner)) => d.with_fix(
                    format!("Set `{}` to {r}, the newest evidence", self.field),
                    TextEdit::new(inner.clone(), r.to_string()),
                ),
                _ => d,
            }
        })
    }
}

/// Checks `props` against `schema`; date fields that must not be in the future are returned
/// for [`NotFuture::check`].
pub fn validate(schema: &TypeSchema, props: &Properties, cx: &Context) -> (Vec<Diagnostic>, Vec<NotFuture>) {
    let mut out = Vec::new();
    let mut not_future = Vec::new();
    for spec in &schema.fields {
        let value = props.get(&spec.name);
        let entry = props.entry(&spec.name);
        if value.is_none_or(empty) {
            // With broken YAML a key may be written but unreadable: not reported as missing.
            let waived = !cx.by_type && matches!(spec.name.as_str(), "type" | "title");
            if spec.required && props.parsed && !waived {
                out.push(missing(spec, cx, entry, props.appendable));
            }
        } else if let (Some(v), Some(e)) = (value, entry) {
            let text = matches!(v, Value::String(s) if !s.trim_start().starts_with("[["));
            if text || !cx.marked_by.iter().any(|m| same_property(m, &spec.name)) {
                check_value(spec, v, e, &mut out, &mut not_future);
            }
        }
    }
    (out, not_future)
}

/// `appendable`: whether a key can be added to the block (see [`crate::frontmatter::appendable`]);
/// otherwise the diagnostic comes without the fix that would add it.
fn missing(spec: &FieldSpec, cx: &Context, entry: Option<&Entry>, appendable: bool) -> Diagnostic {
    let span = entry.map_or(cx.block.map_or(cx.start..cx.start, |b| b.insert_at..b.insert_at), |e| e.key_span.clone());
    let mut d = Diagnostic::error(
        Code::MissingRequiredField,
        span,
        format!("`{}` is required for {} notes.", spec.name, cx.type_name),
    )
    .field(spec.name.clone());
    let value = match spec.name.as_str() {
        "title" => Some(cx.basename.to_string()),
        "type" => Some(cx.type_name.to_string()),
        _ => None,
    };
    if let (Some(v), None, true) = (value, entry, appendable) {
        d = d.with_fix(format!("Add `{}: {v}`", spec.name), cx.insert_key(&spec.name, &yaml_scalar(&v)));
    }
    d
}

fn wrong_type(spec: &FieldSpec, v: &Value, e: &Entry) -> Diagnostic {
    Diagnostic::error(
        Code::WrongType,
        e.scalar.span.start.min(e.line.end)..e.line.end,
        format!("`{}` should be {}, but it is {}.", spec.name, spec.kind.describe(), v.kind()),
    )
    .field(spec.name.clone())
}

fn check_value(spec: &FieldSpec, v: &Value, e: &Entry, out: &mut Vec<Diagnostic>, not_future: &mut Vec<NotFuture>) {
    let span = if e.scalar.span.is_empty() { e.key_span.clone() } else { e.scalar.span.clone() };
    match spec.kind {
        FieldType::String | FieldType::Enum => {
            if matches!(v, Value::List(_) | Value::Map(_)) {
                out.push(wrong_type(spec, v, e));
                return;
            }
        }
        FieldType::Date => {
            let Value::String(s) = v else {
                out.push(wrong_type(spec, v, e));
                return;
            };
            match date::parse(s) {
                DateParse::Iso(date) => {
                    if !spec.future {
                        let inner = e.inline_scalar().map(|s| s.inner.clone());
                        not_future.push(NotFuture { field: spec.name.clone(), date, span, inner });
                    }
                }
                DateParse::Impossible => out.push(
                    Diagnostic::error(
                        Code::ImpossibleDate,
                        span,
                        format!("`{}` is `{}`, which is not a day on the calendar.", spec.name, s.trim()),
                    )
                    .field(spec.name.clone()),
                ),
                DateParse::Loose { date, ambiguous } => {
                    let how = if ambiguous { " (read as month/day; check it)" } else { "" };
                    let inner = e.inline_scalar().map(|s| s.inner.clone());
                    // A readable date in the future is as wrong as an ISO one; checking it here
                    // too means writing it as ISO reveals no new problem.
                    if !spec.future {
                        not_future.push(NotFuture {
                            field: spec.name.clone(),
                            date,
                            span: span.clone(),
                            inner: inner.clone(),
                        });
                    }
                    let d = Diagnostic::warning(
                        Code::NonIsoDate,
                        span,
                        format!("`{}` is `{}`, not YYYY-MM-DD, so Obsidian and Dataview do not read it as a date; it means {date}{how}.", spec.name, s.trim()),
                    )
                    .field(spec.name.clone());
                    out.push(match inner {
                        Some(inner) => {
                            d.with_fix(format!("Write it as {date}{how}"), TextEdit::new(inner, date.to_string()))
                        }
                        None => d,
                    })
                }
                DateParse::NotADate => out.push(wrong_type(spec, v, e)),
            }
            return;
        }
        FieldType::Bool => {
            if let Value::String(s) = v {
                let fixed = match s.trim().to_ascii_lowercase().as_str() {
                    "yes" | "y" | "on" | "true" => Some("true"),
                    "no" | "n" | "off" | "false" => Some("false"),
                    _ => None,
                };
                let mut d = wrong_type(spec, v, e);
                if let (Some(f), Some(scalar)) = (fixed, e.inline_scalar()) {
                    d = d.with_fix(format!("Write `{f}`"), TextEdit::new(scalar.span.clone(), f));
                }
                out.push(d);
            } else if !matches!(v, Value::Bool(_)) {
                out.push(wrong_type(spec, v, e));
            }
            return;
        }
        FieldType::Number => {
            if !matches!(v, Value::Number(_)) {
                out.push(wrong_type(spec, v, e));
            }
            return;
        }
        FieldType::List => {
            if matches!(v, Value::Map(_) | Value::Bool(_)) {
                out.push(wrong_type(spec, v, e));
                return;
            }
        }
        FieldType::Link => {
            let ok = match v {
                Value::String(s) => is_link(s),
                Value::List(items) => items.iter().all(|i| i.as_str().is_some_and(is_link)),
                _ => false,
            };
            if !ok {
                out.push(wrong_type(spec, v, e));
                return;
            }
        }
        FieldType::Cadence => {
            if cadence::from_value(v).is_none() {
                out.push(
                    Diagnostic::error(
                        Code::InvalidCadence,
                        span,
                        format!(
                            "`cadence` is `{}`; use {}.",
                            cadence::value_text(v),
                            FieldType::Cadence.describe().trim_start_matches("a cadence (").trim_end_matches(')')
                        ),
                    )
                    .field(spec.name.clone()),
                );
            }
            return;
        }
    }
    for item in v.string_items() {
        if !spec.values.is_empty() && !spec.values.contains(&item) {
            let mut d = Diagnostic::error(
                Code::InvalidValue,
                span.clone(),
                format!("`{}` is `{item}`; allowed: {}.", spec.name, spec.values.join(", ")),
            )
            .field(spec.name.clone());
            let case_fix = spec.values.iter().find(|a| a.eq_ignore_ascii_case(&item));
            if let (Some(fixed), Value::String(_), Some(scalar)) = (case_fix, v, e.inline_scalar()) {
                d = d.with_fix(format!("Write `{fixed}`"), TextEdit::new(scalar.inner.clone(), fixed.clone()));
            }
            out.push(d);
        }
        if let Some(p) = spec.pattern.as_deref().filter(|p| !glob_match(p, &item)) {
            out.push(
                Diagnostic::warning(
                    Code::PatternMismatch,
                    span.clone(),
                    format!("`{}` value `{item}` does not match the pattern `{p}`.", spec.name),
                )
                .field(spec.name.clone()),
            );
        }
    }
}

fn is_link(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("[[") && s.ends_with("]]") && s.len() > 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_parses_cleanly() {
        let (schema, diags) = Schema::parse(BUILTIN_SCHEMA);
        assert!(diags.is_empty(), "{diags:?}");
        let people = schema.get("people").expect("people schema");
        assert!(people.fields.iter().any(|f| f.name == "title" && f.required));
        assert!(people.fields.iter().any(|f| f.name == "last_contact" && !f.future && f.kind == FieldType::Date));
    }

    fn schema_codes(yaml: &str) -> Vec<String> {
        Schema::parse(yaml).1.iter().map(|d| format!("{} {}", d.code, &yaml[d.span.clone()])).collect()
    }

    #[test]
    fn schema_mistakes_are_reported() {
        assert_eq!(
            schema_codes("types:\n  p:\n    fields:\n      a:\n        type: strin\n"),
            vec!["schema-invalid type: strin"]
        );
        assert_eq!(schema_codes("types:\n  p:\n    fields:\n      a:\n        type: enum\n"), vec!["schema-invalid a"]);
        assert_eq!(
            schema_codes("types:\n  p:\n    fields:\n      a:\n        type: date\n        requird: true\n"),
            vec!["schema-invalid requird"]
        );
        assert_eq!(schema_codes("nope: 1\n"), vec!["schema-invalid "]);
        assert_eq!(schema_codes("types: [\n"), vec!["schema-invalid "]);
        assert!(schema_codes(
            "types:\n  meeting:\n    fields:\n      date:\n        type: date\n        required: true\n"
        )
        .is_empty());
    }

    #[test]
    fn globs() {
        let check = |p: &str, t: &str, expect: bool| assert_eq!(glob_match(p, t), expect, "{p} {t}");
        check("company/*", "company/acme", true);
        check("company/*", "company/", true);
        check("company/*", "type/people", false);
        check("*", "", true);
        check("a?c", "abc", true);
        check("a?c", "ac", false);
        check("[a-c]x", "bx", true);
        check("[!a-c]x", "bx", false);
        check("*a*a*a*a*b", &"a".repeat(200), false);
        check("[unclosed", "[unclosed", true);
        check("é*", "éclair", true);
    }

    #[test]
    fn yaml_scalars_quote_when_needed() {
        assert_eq!(yaml_scalar("Ada Brennan"), "Ada Brennan");
        assert_eq!(yaml_scalar("Dr. O'Neil (Jr.)"), "'Dr. O''Neil (Jr.)'");
        assert_eq!(yaml_scalar("true"), "'true'");
        assert_eq!(yaml_scalar("2025"), "'2025'");
        assert_eq!(yaml_scalar("a: b"), "'a: b'");
    }
}
