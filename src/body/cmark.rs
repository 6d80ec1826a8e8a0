//! The body read with pulldown-cmark, for the notes the line reader gives up on.

use super::{push_contact_row, read_item_line, section_is, Body, FoundLink, TaskReading};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::sync::Arc;

/// Start of the line containing byte `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Reads the body with pulldown-cmark: every construct of CommonMark and the GFM tables.
pub fn read_with_parser(text: &str, start: usize, reading: TaskReading) -> Body {
    let mut body = Body::default();
    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_WIKILINKS | Options::ENABLE_TABLES;
    let source = &text[start..];
    let mut section: Option<Arc<str>> = None;
    let mut heading: Option<String> = None;
    // Where the lines of the list items we are inside start, innermost last.
    let mut items: Vec<usize> = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    // Where the last item's line starts, and how far the text was searched for it: items come in
    // text order, so each line start is found by searching only the text since the last item.
    // The body starts a line; a byte order mark before it belongs to no line of the body.
    let mut scanned = (start, start);
    let mut last_line: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let at = start + range.start;
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => section = heading.take().map(Arc::from),
            Event::Start(Tag::Item) => {
                // pulldown-cmark starts a tab-indented nested item at the line break before it.
                let at = at + text[at..].bytes().take_while(|b| *b == b'\n' || *b == b'\r').count();
                let item_line = match text.get(scanned.0..at) {
                    Some(since) => since.rfind('\n').map_or(scanned.1, |i| scanned.0 + i + 1),
                    None => line_start(text, at).max(start),
                };
                scanned = (at, item_line);
                // Several items can start on one line (`- - [ ] a`, or a lone `\r` that
                // pulldown-cmark breaks on); the line is read once, for the first of them.
                if last_line == Some(item_line) {
                    items.push(item_line);
                    continue;
                }
                last_line = Some(item_line);
                read_item_line(&mut body, text, item_line, items.last().copied(), &section, reading);
                items.push(item_line);
            }
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. })
            | Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                // In a table the alias pipe is written `\|`: the backslash is not the target's.
                body.links.push(FoundLink { target: dest_url.trim_end_matches('\\').to_string(), offset: at });
            }
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead)
                if section_is(&section, "contact information") =>
            {
                row = Some(Vec::new());
            }
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                if let Some(cells) = row.take() {
                    if let [field, value] = cells.as_slice() {
                        push_contact_row(&mut body, field, value);
                    }
                }
            }
            Event::Start(Tag::TableCell) if row.is_some() => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.push(c);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    body
}
