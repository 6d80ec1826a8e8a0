//! Frontmatter YAML: the values (through serde_yaml, which no other module touches) and the
//! layout of its top-level keys as written, which diagnostics and edits point into.

use crate::body::scan::lines_from;
use crate::diagnostic::{Code, Diagnostic, TextEdit};
use crate::split::Frontmatter;
use std::ops::Range;

/// A YAML value, independent of the YAML crate that produced it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a list of strings: a list's string items, or a lone string as one item
    /// (vaults write `tags: one-tag` as often as a list).
    pub fn string_items(&self) -> Vec<String> {
        match self {
            Value::String(s) if !s.trim().is_empty() => vec![s.trim().to_string()],
            Value::Number(n) => vec![format_number(*n)],
            Value::List(items) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Number(n) => Some(format_number(*n)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A short name of the value's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "empty",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A YAML syntax error: byte offset into the parsed text and the parser's explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub offset: usize,
    pub message: String,
}

/// Values a YAML document may hold beyond one per byte of its text. Written out, every value
/// takes at least a byte, so only aliases can go past this: a "billion laughs" block of a few
/// kilobytes expands to gigabytes before serde_yaml's own repetition limit (100 alias jumps per
/// event) stops it. Past the budget the parse ends in an error, so memory stays a small
/// multiple of the block's size.
pub const YAML_VALUE_SLACK: usize = 1024;

/// Parses one YAML document into a [`Value`]. Hostile input ends in an error, not in a hang or
/// a crash: serde_yaml bounds recursion depth, and the values built are bounded by the text's
/// size plus [`YAML_VALUE_SLACK`], however aliases multiply them.
pub fn parse_yaml(text: &str) -> Result<Value, YamlError> {
    let budget = std::cell::Cell::new(text.len() + YAML_VALUE_SLACK);
    match serde::de::DeserializeSeed::deserialize(ValueSeed(&budget), serde_yaml::Deserializer::from_str(text)) {
        Ok(v) => Ok(v),
        Err(e) => {
            let mut message = e.to_string();
            // The location is reported by us, relative to the whole note. libyaml's reader
            // errors (a control character) give a byte position in the message instead.
            let mut offset = e.location().map(|l| l.index());
            if let Some(at) = message.find(" at line ") {
                message.truncate(at);
            } else if let Some(at) = message.find(" at position ") {
                // serde_yaml's own location for these is the start of the input.
                offset = message[at + 13..].trim().parse().ok().or(offset);
                message.truncate(at);
            }
            // An error inside a nested value starts with its path (`a[0][6]: ...`), which
            // means nothing to the person reading the note.
            if let Some((path, rest)) = message.split_once(": ") {
                if !path.contains(char::is_whitespace) {
                    message = rest.to_string();
                }
            }
            // libyaml reports byte offsets; snap to a char boundary all the same, since the
            // offset is used to slice the note.
            let mut offset = offset.unwrap_or(0).min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            Err(YamlError { offset, message })
        }
    }
}

/// Builds a [`Value`] straight from serde_yaml's events, spending one unit of the budget per
/// value, so alias expansion stops when the budget is gone instead of when memory is.
#[derive(Clone, Copy)]
struct ValueSeed<'a>(&'a std::cell::Cell<usize>);

impl ValueSeed<'_> {
    fn spend<E: serde::de::Error>(self, value: Value) -> Result<Value, E> {
        let left = self.0.get();
        if left == 0 {
            return Err(E::custom(
                "aliases expand the frontmatter to more values than its size allows (an alias bomb)",
            ));
        }
        self.0.set(left - 1);
        Ok(value)
    }
}

/// A mapping key as text: YAML allows any value as a key; properties are named by strings.
fn key_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Number(n) => format_number(n),
        Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend(Value::Number(v as f64))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend(Value::Number(v as f64))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend(Value::Number(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend(Value::String(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.spend(Value::String(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        self.spend(Value::List(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = key_text(key);
            let value = map.next_value_seed(self)?;
            // As serde_yaml's own mapping does: a repeated key makes the document invalid.
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("duplicate entry with key \"{key}\"")));
            }
            entries.push((key, value));
        }
        self.spend(Value::Map(entries))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!custom x`): the tag is dropped, the value kept.
        let (_tag, variant): (String, _) = data.variant()?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// A scalar as written after `key:` on the key's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The token including its quotes; empty (at the end of the line) when there is no value.
    pub span: Range<usize>,
    /// The text inside the quotes.
    pub inner: Range<usize>,
    /// `'` or `"` when quoted.
    pub quote: Option<char>,
}

/// One top-level key of the frontmatter, with the byte ranges (in the whole note) it occupies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    /// The key's first line, without its line ending.
    pub line: Range<usize>,
    /// Every line of the entry (continuation lines included) with their line endings.
    pub full: Range<usize>,
    /// The scalar on the key's line.
    pub scalar: Scalar,
    /// Whether the whole value is that scalar: not a block scalar (`|`, `>`), not a quote left
    /// open, and no continuation lines. Only then does replacing the scalar replace the value;
    /// a fix or edit of anything else would splice into a multi-line value.
    pub inline: bool,
}

impl Entry {
    /// The scalar, when it is the whole value (see [`Entry::inline`]).
    pub fn inline_scalar(&self) -> Option<&Scalar> {
        self.inline.then_some(&self.scalar)
    }
}

/// The frontmatter as read: what YAML says, and where each key is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Properties {
    pub entries: Vec<Entry>,
    /// Top-level values in file order; for a duplicated key, the first occurrence.
    pub values: Vec<(String, Value)>,
    /// Whether the YAML parsed as a whole (otherwise `values` holds the keys that parsed alone).
    pub parsed: bool,
    /// Whether a `key: value` line added at the end of the block is read as one more key (see
    /// [`appendable`]); fixes that add a key are offered only then.
    pub appendable: bool,
    /// Whether a quoted value or flow collection opens and never closes in the block. A quote or
    /// bracket written or deleted anywhere after it may close it and change how everything
    /// between reads, so no fix that writes or deletes one is offered then.
    pub left_open: bool,
}

/// Up to this many keys, two spellings of a property are looked for pair by pair (no allocation);
/// past it, through a map, so that a block of thousands of keys stays linear.
const SMALL_BLOCK_KEYS: usize = 32;

/// Obsidian reads property names without regard to case (`Date` is `date`); the first spelling
/// in the block is the property, and a second one is reported (`property-spelled-twice`).
pub fn same_property(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || (!a.is_ascii() && a.to_lowercase() == b.to_lowercase())
}

impl Properties {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| same_property(k, key)).map(|(_, v)| v)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| same_property(&e.key, key))
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    }
}

fn unquote_key(key: &str) -> String {
    let k = key.trim();
    if k.len() >= 2 && ((k.starts_with('"') && k.ends_with('"')) || (k.starts_with('\'') && k.ends_with('\''))) {
        k[1..k.len() - 1].to_string()
    } else {
        k.to_string()
    }
}

/// The scalar token starting in `text` at `start` (absolute offsets), up to `end`.
pub fn scalar_at(text: &str, start: usize, end: usize) -> Scalar {
    let line = &text[start..end];
    let lead = line.len() - line.trim_start().len();
    let s = start + lead;
    let rest = &text[s..end];
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"');
    if let Some(q) = quote {
        let bytes = rest.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            if q == '"' && bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes[i] == q as u8 {
                if q == '\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return Scalar { span: s..s + i + 1, inner: s + 1..s + i, quote };
            }
            i += 1;
        }
        // Unclosed quote: YAML will report it; treat the rest of the line as the value.
        return Scalar { span: s..end, inner: (s + 1).min(end)..end, quote };
    }
    let mut value_end = end;
    if let Some(hash) = rest.find(" #") {
        value_end = s + hash;
    }
    if rest.starts_with('#') {
        value_end = s;
    }
    let trimmed = text[s..value_end].trim_end();
    Scalar { span: s..s + trimmed.len(), inner: s..s + trimmed.len(), quote: None }
}

/// Where a quoted scalar whose text starts at `from` (just after its opening quote `q`) ends:
/// the byte after its closing quote, when that comes before `end`.
fn quote_close(text: &str, from: usize, end: usize, q: u8) -> Option<usize> {
    let bytes = text.as_bytes().get(..end)?;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if q == b'"' => i += 2,
            b if b == q && q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where a flow collection opening at `from` (a `[` or `{`) ends: the byte after its matching
/// bracket, when that comes before `end`. Quoted scalars inside are skipped; a quote counts as one
/// only where a scalar can start (after a bracket, a comma, a colon or spaces).
fn flow_close(text: &str, from: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes().get(..end)?;
    let mut depth = 0usize;
    let mut scalar_may_start = true;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\'' | b'"' if scalar_may_start => {
                i = quote_close(text, i + 1, end, b)?;
                scalar_may_start = false;
                continue;
            }
            _ => {}
        }
        scalar_may_start = matches!(b, b'[' | b'{' | b',' | b':' | b' ' | b'\t' | b'\n' | b'\r');
        i += 1;
    }
    None
}

/// For a value that opens a quote it does not close on its line, or a flow collection: where it
/// closes (the byte after), `Some(None)` when it never closes before `end`. `None` for any other
/// value.
fn value_close(text: &str, scalar: &Scalar, end: usize) -> Option<Option<usize>> {
    match scalar.quote {
        Some(q) if scalar.inner.end >= scalar.span.end => Some(quote_close(text, scalar.inner.start, end, q as u8)),
        None if text[scalar.span.clone()].starts_with(['[', '{']) => Some(flow_close(text, scalar.span.start, end)),
        _ => None,
    }
}

/// Reads the layout of top-level keys. A top-level key line starts in column 0 with a key and
/// `:` followed by a space or the end of the line; everything until the next such line belongs
/// to it, and so do the lines of a quoted scalar or a flow collection that the key's value opens
/// and closes further down (`title: 'a` … `b'`), even where one of them looks like a key. A
/// value that never closes is a YAML error; then each key line still starts an entry, so that
/// the keys after it can be read alone.
pub fn scan_entries(text: &str, yaml: &Range<usize>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // The end of a value that runs on past its key's line.
    let mut value_end = 0;
    for (line, full) in lines_from(&text[..yaml.end], yaml.start) {
        let content = &text[line.clone()];
        let first = content.as_bytes().first().copied();
        let top_level = line.start >= value_end
            && matches!(first, Some(b) if !matches!(b, b' ' | b'\t' | b'#' | b'-' | b'[' | b'{'));
        let colon = if top_level { key_colon(content) } else { None };
        match colon {
            Some(colon) => {
                let value_start = line.start + colon + 1;
                let scalar = scalar_at(text, value_start, line.end);
                value_end = value_close(text, &scalar, yaml.end).flatten().filter(|&e| e > line.end).unwrap_or(0);
                entries.push(Entry {
                    key: unquote_key(&content[..colon]),
                    key_span: line.start..line.start + content[..colon].trim_end().len(),
                    line: line.clone(),
                    full: full.clone(),
                    scalar,
                    inline: true,
                });
            }
            None => {
                if let Some(last) = entries.last_mut() {
                    last.full.end = full.end;
                }
            }
        }
    }
    for e in &mut entries {
        let raw = &text[e.scalar.span.clone()];
        let block_scalar = e.scalar.quote.is_none() && raw.starts_with(['|', '>']);
        // A closed quote ends before the token does; an open one runs to the end of the line.
        let open_quote = e.scalar.quote.is_some() && e.scalar.inner.end >= e.scalar.span.end;
        let continued = text[e.line.end..e.full.end].lines().any(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        });
        e.inline = !block_scalar && !open_quote && !continued;
    }
    entries
}

/// Whether a `key: value` line added at the end of the block is read as one more key: the block
/// is written as top-level `key: value` lines (anything before the first key is blank or a
/// comment) and holds no document end marker. An indented or flow mapping, or a `...` line,
/// would make the added line break the YAML, and so would a quote or flow collection that
/// never closes: the added line would continue it (and a quote in it could close it).
pub fn appendable(text: &str, block: &Frontmatter, entries: &[Entry]) -> bool {
    !left_open(text, block, entries) && keys_only(text, block, entries)
}

/// The layout half of [`appendable`]: only top-level `key: value` lines after blanks and
/// comments, and no document end marker or directive.
fn keys_only(text: &str, block: &Frontmatter, entries: &[Entry]) -> bool {
    let first_key = entries.first().map_or(block.yaml.end, |e| e.line.start);
    lines_from(&text[..block.yaml.end], block.yaml.start).all(|(line, _)| {
        let content = text[line.clone()].trim_end();
        let blank = content.trim_start().is_empty() || content.trim_start().starts_with('#');
        let marker = content == "..." || content.starts_with("... ") || content.starts_with('%');
        (line.start >= first_key || blank) && !marker
    })
}

/// Whether a key's quoted value or flow collection opens and never closes in the block (see
/// [`Properties::left_open`]).
fn left_open(text: &str, block: &Frontmatter, entries: &[Entry]) -> bool {
    entries.iter().any(|e| value_close(text, &e.scalar, block.yaml.end) == Some(None))
}

/// Byte index of the `:` that ends a key on this line, if the line is `key: ...`.
fn key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && i == 0 => quote = Some(b),
            None if b == b':' && matches!(bytes.get(i + 1), None | Some(b' ') | Some(b'\t')) => return Some(i),
            None => {}
        }
    }
    None
}

/// Whether a raw value is an unquoted wikilink (`[[Acme]]`), which YAML reads as a nested list.
fn is_unquoted_wikilink(raw: &str) -> bool {
    // `[[[a]], [[b]]]` or `[[a]]]]` starts and ends alike but is no single link; quoting it
    // would turn a list into a string or hide a syntax error.
    raw.len() > 4
        && raw.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")).is_some_and(|inner| !inner.contains(['[', ']']))
}

fn quoted(raw: &str) -> String {
    if raw.contains('"') || raw.contains('\\') {
        format!("'{}'", raw.replace('\'', "''"))
    } else {
        format!("\"{raw}\"")
    }
}

/// `[["Acme"]]` (what YAML makes of `[[Acme]]`) back to the text `[[Acme]]`.
fn wikilink_from_nested(v: &Value) -> Option<String> {
    match v {
        Value::List(outer) if outer.len() == 1 => match &outer[0] {
            Value::List(inner) if inner.len() == 1 => inner[0].as_str().map(|s| format!("[[{s}]]")),
            _ => None,
        },
        _ => None,
    }
}

fn repair_wikilinks(v: Value) -> Value {
    if let Some(s) = wikilink_from_nested(&v) {
        return Value::String(s);
    }
    match v {
        Value::List(items) => {
            Value::List(items.into_iter().map(|i| wikilink_from_nested(&i).map(Value::String).unwrap_or(i)).collect())
        }
        other => other,
    }
}

/// Whether YAML (libyaml, under serde_yaml) reads `c` as a printable character of a one-line
/// scalar: not a control character, not one of the characters it takes as a line break (NEL,
/// the line and paragraph separators), not a byte order mark or a noncharacter.
fn yaml_printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A one-line scalar as YAML reads it, for the forms [`simple_values`] knows; `None` for
/// anything else. `flow` is true inside `[...]`, where `,[]{}` end a plain scalar.
fn simple_scalar(raw: &str, flow: bool) -> Option<Value> {
    let first = raw.chars().next();
    match first {
        None => return Some(Value::Null),
        Some(q @ ('\'' | '"')) => {
            // Quoted, with no escape, no doubled quote, and nothing after the closing quote.
            let inner = raw.strip_prefix(q)?.strip_suffix(q)?;
            let plain = inner.chars().all(|c| c != q && c != '\\' && yaml_printable(c));
            return plain.then(|| Value::String(inner.to_string()));
        }
        _ => {}
    }
    match raw {
        "null" | "Null" | "NULL" | "~" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let bytes = raw.as_bytes();
    // `2026-11-26`: text to YAML (serde_yaml has no timestamps), and the most common value.
    let date = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    // Other plain scalars: text when they start with a letter and are no number to Rust either
    // (`inf`, `NaN`); digits and signs (numbers, octal, hex) are left to serde_yaml.
    let word = first.is_some_and(char::is_alphabetic) && raw.parse::<f64>().is_err();
    if !(date || word) {
        return None;
    }
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let indicator = match c {
            '#' | '\t' => true,
            // In a flow collection these end the scalar, and libyaml's reading of `:` varies.
            ':' => flow || chars.peek().is_none_or(|n| *n == ' '),
            ',' | '[' | ']' | '{' | '}' => flow,
            _ => !yaml_printable(c),
        };
        if indicator {
            return None;
        }
    }
    Some(Value::String(raw.to_string()))
}

/// The values of a block made only of the forms most frontmatter holds, read without a YAML
/// parser: `key: scalar`, `key: [a, b]` and `key:` followed by `- item` lines, where every key
/// is a plain word and every scalar one line of plain text, a date, `true`/`false`/`null`, or
/// quoted text without escapes. `None` (read it with serde_yaml) for anything else: comments,
/// numbers, block scalars, nesting, anchors, tags, tabs, control characters. What it returns is
/// what serde_yaml returns for the block (`tests/it/yaml_simple.rs` holds the two together).
fn simple_values(text: &str, block: &Frontmatter, entries: &[Entry], duplicate: &[bool]) -> Option<Value> {
    let yaml = text.get(block.yaml.clone())?;
    // Line ends are `\n` or `\r\n`; every other byte under 0x20 (a tab among them) is left to
    // serde_yaml, and so is a line before the first key that is not blank.
    let bytes = yaml.as_bytes();
    let plain_bytes = bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| b >= b' ' && b != 0x7F || b == b'\n' || b == b'\r' && bytes.get(i + 1) == Some(&b'\n'));
    // Blank to YAML: spaces and line ends (a no-break space is text to it).
    let blank = |s: &str| s.bytes().all(|b| matches!(b, b' ' | b'\n' | b'\r'));
    let first_key = entries.first().map_or(block.yaml.end, |e| e.line.start);
    if !plain_bytes || !blank(text.get(block.yaml.start..first_key)?) {
        return None;
    }
    let mut values = Vec::with_capacity(entries.len());
    for (e, &dup) in entries.iter().zip(duplicate) {
        // (libyaml takes no implicit key over 1,024 characters.)
        let key_ok = e.key.len() <= 128
            && e.key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && e.key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            && text.get(e.key_span.clone())? == e.key
            && simple_scalar(&e.key, false).is_some_and(|k| matches!(k, Value::String(_)));
        if !key_ok || text.as_bytes().get(e.key_span.end + 1).is_some_and(|&b| b != b' ' && b != b'\n' && b != b'\r') {
            return None;
        }
        // Around the value, only spaces to the colon and to the end of the line.
        if !blank(text.get(e.key_span.end + 1..e.scalar.span.start)?)
            || !blank(text.get(e.scalar.span.end..e.line.end)?)
        {
            return None;
        }
        let raw = text.get(e.scalar.span.clone())?;
        let rest = text.get(e.line.end..e.full.end)?;
        let value = if let Some(inner) = raw.strip_prefix('[') {
            let inner = inner.strip_suffix(']')?;
            let items = if blank(inner) {
                Vec::new()
            } else {
                inner
                    .split(',')
                    .map(|item| simple_scalar(item.trim_matches(' '), true).filter(|v| *v != Value::Null))
                    .collect::<Option<Vec<_>>>()?
            };
            if !blank(rest) {
                return None;
            }
            Value::List(items)
        } else if raw.is_empty() && !blank(rest) {
            // `- item` lines, all at one indentation.
            let mut items = Vec::new();
            let mut indent = None;
            for line in rest.lines() {
                if blank(line) {
                    continue;
                }
                let item = line.trim_start_matches(' ');
                let here = line.len() - item.len();
                if *indent.get_or_insert(here) != here {
                    return None;
                }
                let item = item.strip_prefix("- ")?.trim_matches(' ');
                items.push(
                    simple_scalar(item, false).filter(|v| *v != Value::Null && !item.starts_with(['-', '[', '{']))?,
                );
            }
            Value::List(items)
        } else {
            if !blank(rest) || raw.starts_with(['{', '|', '>', '&', '*', '!', '%', '@', '`', '?', '-']) {
                return None;
            }
            simple_scalar(raw, false)?
        };
        if !dup {
            values.push((e.key.clone(), value));
        }
    }
    Some(if values.is_empty() && entries.is_empty() { Value::Null } else { Value::Map(values) })
}

/// What `simple_values` reads in the block, for a block without repeated keys; `None` where it
/// leaves the block to serde_yaml. Public for the property that holds it to serde_yaml.
pub fn simple_block_values(text: &str, block: &Frontmatter) -> Option<Value> {
    let entries = scan_entries(text, &block.yaml);
    let mut keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    simple_values(text, block, &entries, &vec![false; entries.len()])
}

/// Reads the frontmatter block of `text`. Never fails: whatever could be read is returned with
/// diagnostics for the rest.
pub fn read(text: &str, block: &Frontmatter) -> (Properties, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let entries = scan_entries(text, &block.yaml);

    // Duplicate keys make the whole block invalid YAML. Blank the later copies (keeping offsets)
    // so the rest can still be read; each copy gets a fix that deletes its lines.
    let mut yaml_text = text[block.yaml.clone()].to_string();
    let mut duplicate = vec![false; entries.len()];
    // First occurrences by key and one line index: a block of thousands of keys stays linear.
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    // Built at the first duplicate: most blocks have none.
    let mut lines: Option<crate::diagnostic::LineIndex> = None;
    for (i, e) in entries.iter().enumerate() {
        let first = *first_of.entry(e.key.as_str()).or_insert(i);
        if let Some(first) = (first != i).then(|| &entries[first]) {
            duplicate[i] = true;
            let first_line = lines
                .get_or_insert_with(|| crate::diagnostic::LineIndex::new(&text[..block.yaml.end]))
                .line(first.line.start);
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateKey,
                    e.key_span.clone(),
                    format!("`{}` is set twice (first on line {first_line}); YAML rejects the whole block.", e.key),
                )
                .field(e.key.clone())
                .with_fix(format!("Delete this second `{}` line", e.key), TextEdit::new(e.full.clone(), "")),
            );
            let local = e.full.start - block.yaml.start..e.full.end - block.yaml.start;
            // One space per byte, so every offset after the copy still matches the note.
            let blank: String = yaml_text[local.clone()]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c.to_string() } else { " ".repeat(c.len_utf8()) })
                .collect();
            yaml_text.replace_range(local, &blank);
        }
    }

    // Unquoted wikilinks: on the key's line or as block list items below it.
    let mut wikilink_keys = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if duplicate[i] {
            continue;
        }
        let mut flagged = false;
        let raw = &text[e.scalar.span.clone()];
        if e.scalar.quote.is_none() && is_unquoted_wikilink(raw) {
            diagnostics.push(unquoted_wikilink(e, e.scalar.span.clone(), raw));
            flagged = true;
        }
        // Block list items belong to a key whose line holds no value (`key:`); below any other
        // value (a quote or flow collection running on, a block scalar) a `- ` line is part of
        // that value, and quoting in it would change or end it.
        let items_below = if raw.is_empty() { e.full.end } else { e.line.end };
        for (line, _) in lines_from(&text[..items_below], e.line.end) {
            let content = &text[line.clone()];
            let trimmed = content.trim_start();
            if let Some(item) = trimmed.strip_prefix("- ") {
                let item_start = line.end - item.len();
                let sc = scalar_at(text, item_start, line.end);
                let raw = &text[sc.span.clone()];
                if sc.quote.is_none() && is_unquoted_wikilink(raw) {
                    diagnostics.push(unquoted_wikilink(e, sc.span.clone(), raw));
                    flagged = true;
                }
            }
        }
        if flagged {
            wikilink_keys.push(e.key.clone());
        }
    }

    for (i, e) in entries.iter().enumerate() {
        if !duplicate[i] {
            diagnostics.extend(tags_in_comment(text, e));
        }
    }
    // Two spellings of one property (`date` and `Date`): YAML keeps both, Obsidian one. A block
    // holds a few keys, compared pairwise without allocating; a long one goes through a map.
    let mut spelled: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let first = if entries.len() <= SMALL_BLOCK_KEYS {
            entries[..i].iter().position(|f| same_property(&f.key, &e.key)).unwrap_or(i)
        } else {
            *spelled.entry(e.key.to_lowercase()).or_insert(i)
        };
        if first != i && entries[first].key != e.key && !duplicate[i] {
            diagnostics.push(
                Diagnostic::warning(
                    Code::PropertySpelledTwice,
                    e.key_span.clone(),
                    format!(
                        "`{}` and `{}` are one property for Obsidian, which reads property names without regard to case; Rapport reads the first. Keep one of them.",
                        entries[first].key, e.key
                    ),
                )
                .field(e.key.clone()),
            );
        }
    }

    let left_open = left_open(text, block, &entries);
    let appendable = !left_open && keys_only(text, block, &entries);
    let mut props = Properties { entries, values: Vec::new(), parsed: false, appendable, left_open };
    let simple = simple_values(text, block, &props.entries, &duplicate).map(Ok);
    match simple.unwrap_or_else(|| parse_yaml(&yaml_text)) {
        Ok(Value::Map(values)) => {
            props.values = values;
            props.parsed = true;
        }
        Ok(Value::Null) => props.parsed = true,
        Ok(other) => diagnostics.push(Diagnostic::error(
            Code::FrontmatterNotAMapping,
            // The block's first character, whatever its width.
            block.yaml.start
                ..text[block.yaml.clone()].chars().next().map_or(block.yaml.start, |c| block.yaml.start + c.len_utf8()),
            format!("The frontmatter is {}, not a list of `key: value` properties.", other.kind()),
        )),
        Err(e) => {
            // serde_yaml often reports an unclosed quote or bracket where the input ends; the key
            // that cannot be read on its own is where the user has to look.
            let culprit = props
                .entries
                .iter()
                .enumerate()
                .find(|(i, entry)| !duplicate[*i] && parse_yaml(&text[entry.full.clone()]).is_err())
                .map(|(_, entry)| entry);
            let at = block.yaml.start + e.offset;
            let (span, key) = match culprit {
                Some(entry) if entry.line.start < at => (entry.line.clone(), Some(entry.key.clone())),
                _ => {
                    let end = text[at..block.yaml.end].find('\n').map_or(block.yaml.end, |i| at + i);
                    (at..end.max(at), None)
                }
            };
            let place = key.as_deref().map_or(String::new(), |k| format!(" in `{k}`"));
            let mut d = Diagnostic::error(
                Code::YamlSyntax,
                span,
                format!("The frontmatter is not valid YAML{place}: {}. Obsidian ignores every property of this note until it is fixed.", e.message),
            );
            if let Some(k) = key {
                d = d.field(k);
            }
            diagnostics.push(d);
            // Salvage: every key whose own lines parse alone is still read.
            for (i, entry) in props.entries.iter().enumerate() {
                if duplicate[i] {
                    continue;
                }
                if let Ok(Value::Map(mut one)) = parse_yaml(&text[entry.full.clone()]) {
                    if one.len() == 1 {
                        props.values.push(one.remove(0));
                    }
                }
            }
        }
    }
    for (key, value) in props.values.iter_mut() {
        if wikilink_keys.contains(key) {
            *value = repair_wikilinks(std::mem::replace(value, Value::Null));
        }
    }
    (props, diagnostics)
}

/// `tags: #people #person`: YAML reads `#` after a space as a comment, so the value is empty and
/// Obsidian sees no tags. A warning on a `tags`/`tag` key whose line holds only `#words` and no
/// list below, with the fix that writes them as a flow list (`[people, person]`).
fn tags_in_comment(text: &str, e: &Entry) -> Option<Diagnostic> {
    if !(e.key.eq_ignore_ascii_case("tags") || e.key.eq_ignore_ascii_case("tag")) || !e.scalar.span.is_empty() {
        return None;
    }
    // Nothing below the key's line: a list there would be the value, and the `#…` a real comment.
    if text[e.line.end..e.full.end].trim() != "" {
        return None;
    }
    let after_key = text.get(e.key_span.end..e.line.end)?;
    let rest = after_key.trim_start().strip_prefix(':')?;
    let comment = rest.trim();
    let start = e.line.end - rest.trim_start().len();
    let words: Vec<&str> = comment.split_whitespace().collect();
    let tag_word = |w: &&str| {
        w.len() > 1 && w.starts_with('#') && w[1..].chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
    };
    if words.is_empty() || !words.iter().all(tag_word) {
        return None;
    }
    let list = format!("[{}]", words.iter().map(|w| &w[1..]).collect::<Vec<_>>().join(", "));
    let span = start..start + comment.len();
    Some(
        Diagnostic::warning(
            Code::TagsInComment,
            span.clone(),
            format!("`{}: {comment}` is a YAML comment (a `#` after a space starts one), so the note has no tags; write them as a list.", e.key),
        )
        .field(e.key.clone())
        .with_fix(format!("Write them as {list}"), TextEdit::new(span, list)),
    )
}

fn unquoted_wikilink(e: &Entry, span: Range<usize>, raw: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UnquotedWikilink,
        span.clone(),
        format!("`{raw}` is unquoted, so YAML reads it as a nested list, not a link; quote it."),
    )
    .field(e.key.clone())
    .with_fix(format!("Quote {raw}"), TextEdit::new(span, quoted(raw)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::split;

    fn read_text(text: &str) -> (Properties, Vec<Diagnostic>) {
        let s = split(text);
        read(text, s.frontmatter.as_ref().expect("test notes have frontmatter"))
    }

    fn check(text: &str, expect: &str) {
        let (props, diags) = read_text(text);
        let mut out = String::new();
        for (k, v) in &props.values {
            out.push_str(&format!("{k}={v:?}\n"));
        }
        for d in &diags {
            out.push_str(&format!("{} {:?} {:?}", d.code, &text[d.span.clone()], d.field));
            if let Some(f) = &d.fix {
                out.push_str(&format!(" fix={:?}", f.edit.apply(text).unwrap_or_default()));
            }
            out.push('\n');
        }
        assert_eq!(out.trim_end(), expect.trim());
    }

    #[test]
    fn values_and_quotes() {
        check(
            "---\ntype: people\ncreated: '2026-01-03'\nn: 3\nok: true\ntags:\n- a\n- b\n---\n",
            r#"
type=String("people")
created=String("2026-01-03")
n=Number(3.0)
ok=Bool(true)
tags=List([String("a"), String("b")])"#,
        );
    }

    #[test]
    fn scalars_keep_their_quoting() {
        let text = "---\na: '2025-10-31' # note\nb: \"x\"\nc: plain # c\nd:\n---\n";
        let (props, _) = read_text(text);
        let s: Vec<_> = props
            .entries
            .iter()
            .map(|e| (&text[e.scalar.span.clone()], &text[e.scalar.inner.clone()], e.scalar.quote))
            .collect();
        assert_eq!(
            s,
            vec![
                ("'2025-10-31'", "2025-10-31", Some('\'')),
                ("\"x\"", "x", Some('"')),
                ("plain", "plain", None),
                ("", "", None)
            ]
        );
    }

    #[test]
    fn duplicate_keys_keep_the_first_and_read_the_rest() {
        check(
            "---\nlast_contact: 2025-01-01\ntitle: A\nlast_contact: 2025-02-02\n---\n",
            r#"
last_contact=String("2025-01-01")
title=String("A")
duplicate-key "last_contact" Some("last_contact") fix="---\nlast_contact: 2025-01-01\ntitle: A\n---\n""#,
        );
    }

    #[test]
    fn hashtags_after_a_tags_key_are_a_comment_and_the_fix_makes_a_list() {
        let fixed = |text: &str| {
            let (_, diags) = read_text(text);
            diags
                .iter()
                .find(|d| d.code == Code::TagsInComment)
                .and_then(|d| d.fix.as_ref())
                .and_then(|f| f.edit.apply(text))
        };
        assert_eq!(
            fixed("---\ntags: #people #person\ntype: people\n---\n").as_deref(),
            Some("---\ntags: [people, person]\ntype: people\n---\n")
        );
        assert_eq!(
            fixed("---\nTag:   #people/friend  \r\n---\n").as_deref(),
            Some("---\nTag:   [people/friend]  \r\n---\n")
        );
        // A real comment above a list, a value, another key, or text that is not tags: nothing.
        assert_eq!(fixed("---\ntags: # people\n---\n"), None);
        assert_eq!(fixed("---\ntags: #work\n  - people\n---\n"), None);
        assert_eq!(fixed("---\ntags: people #work\n---\n"), None);
        assert_eq!(fixed("---\ntopics: #a #b\n---\n"), None);
        assert_eq!(fixed("---\ntags: #a, #b\n---\n"), None);
        let (props, _) = read_text("---\ntags: [people, person]\n---\n");
        assert_eq!(
            props.values.first().map(|(_, v)| v.clone()),
            Some(Value::List(vec![Value::String("people".into()), Value::String("person".into())]))
        );
    }

    #[test]
    fn unquoted_wikilinks_are_read_as_links_and_fixed() {
        check(
            "---\ncompany: [[Acme]]\nteam:\n  - [[Ops]]\n  - \"[[Dev]]\"\n---\n",
            r#"
company=String("[[Acme]]")
team=List([String("[[Ops]]"), String("[[Dev]]")])
unquoted-wikilink "[[Acme]]" Some("company") fix="---\ncompany: \"[[Acme]]\"\nteam:\n  - [[Ops]]\n  - \"[[Dev]]\"\n---\n"
unquoted-wikilink "[[Ops]]" Some("team") fix="---\ncompany: [[Acme]]\nteam:\n  - \"[[Ops]]\"\n  - \"[[Dev]]\"\n---\n""#,
        );
    }

    #[test]
    fn syntax_errors_point_into_the_file_and_salvage_other_keys() {
        let text = "---\ntype: people\ntitle: 'Ada\nlast_contact: 2025-10-31\n---\nbody";
        let (props, diags) = read_text(text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "yaml-syntax");
        // Pointed at the key whose quote never closes, not at the end of the block.
        assert_eq!(&text[diags[0].span.clone()], "title: 'Ada");
        assert_eq!(diags[0].field.as_deref(), Some("title"));
        assert_eq!(props.get("type"), Some(&Value::String("people".into())));
        assert!(!props.parsed);
    }

    #[test]
    fn not_a_mapping() {
        check("---\n- a\n- b\n---\n", r#"frontmatter-not-a-mapping "-" None"#);
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut y = String::from("---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            y.push_str(&format!(
                "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = n;
        }
        y.push_str("---\n");
        let (_, diags) = read_text(&y);
        assert!(diags.iter().any(|d| d.code == Code::YamlSyntax), "{diags:?}");
    }
}
