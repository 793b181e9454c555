//! Where each problem sits: findings placed at their pointers' values in the record's text,
//! a window of the line kept.

use std::collections::HashSet;

use super::finding::Finding;
use super::locate::{WINDOW_FROM, locate, scan};
use super::{Code, Diagnostic, Severity};
use crate::{Pointer, Position};

/// The line starting at `start` that holds `offset`, up to the end of the window a diagnostic
/// keeps: the search for its end never passes the window, so many diagnostics on one long
/// line cost a window each, not the line.
fn line_near(text: &str, start: usize, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let mut limit = (offset + WINDOW_FROM + 4).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let end = memchr::memchr(b'\n', &text.as_bytes()[offset..limit]).map_or(limit, |n| offset + n);
    text.get(start.min(offset)..end)
        .unwrap_or_default()
        .trim_end_matches('\r')
}

pub(super) fn more_message(more: u64, max: usize) -> String {
    format!(
        "{more} more problems in this record, not shown one by one (at most {max} are placed per record)"
    )
}

/// `found` placed at their pointers' values (or, for a missing key, at the object that lacks
/// it), plus, with `repeats`, a `duplicate-key` error for each key repeated in one object; in
/// input order. A few findings are placed by targeted searches; many, or the search for
/// repeats, by one linear scan, so that no record makes this quadratic. `base` is the byte
/// offset of `text` in the input, where known.
pub(crate) fn placed(
    mut found: Vec<Finding>,
    text: &str,
    first_line: usize,
    base: Option<usize>,
    source: bool,
    repeats: bool,
    max: usize,
) -> Vec<Diagnostic> {
    let mut offsets: Vec<usize>;
    if !repeats && found.len() <= 4 {
        // A few: a targeted search each (a missing key is shown at the object that lacks it).
        let near =
            |pointer: &Pointer| locate(text, pointer).or_else(|| locate(text, &pointer.parent()?));
        offsets = found
            .iter()
            .map(|d| near(&d.pointer).unwrap_or(0))
            .collect();
    } else {
        let wanted: HashSet<String> = found
            .iter()
            .flat_map(|d| {
                let parent = d.pointer.parent().unwrap_or_default();
                [d.pointer.to_string(), parent.to_string()]
            })
            .collect();
        let scanned = scan(text, &wanted);
        let offset_of = |pointer: &Pointer| {
            let parent = pointer.parent().unwrap_or_default();
            let offset = scanned
                .offsets
                .get(pointer.as_str())
                .or_else(|| scanned.offsets.get(parent.as_str()));
            offset.copied().unwrap_or(0)
        };
        offsets = found.iter().map(|d| offset_of(&d.pointer)).collect();
        if repeats {
            // Repeated keys take places too: past `max`, they are counted.
            let room = max.saturating_sub(found.len());
            let beyond = scanned.repeats.len().saturating_sub(room) as u64;
            if beyond > 0 {
                match found.last_mut().filter(|f| f.code == Code::MoreProblems) {
                    Some(more) => {
                        more.repeats += beyond;
                        more.severity = Severity::Error;
                        more.message = more_message(more.repeats, max);
                    }
                    None => {
                        let mut more = Finding::new(
                            Severity::Error,
                            Code::MoreProblems,
                            more_message(beyond, max),
                        );
                        more.repeats = beyond;
                        found.push(more);
                        offsets.push(0);
                    }
                }
            }
            for (pointer, offset) in scanned.repeats.into_iter().take(room) {
                let mut repeat = Finding::new(
                    Severity::Error,
                    Code::DuplicateKey,
                    "this key appears twice in one object",
                );
                repeat.pointer = pointer;
                found.push(repeat);
                offsets.push(offset);
            }
        }
    }
    // One sweep in offset order gives every line and column: linear, however many.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let bytes = text.as_bytes();
    let (mut line, mut line_start, mut at) = (first_line, 0usize, 0usize);
    let mut positions = vec![Position::START; found.len()];
    let mut line_starts = vec![0usize; found.len()];
    for i in order {
        let offset = offsets[i].min(bytes.len());
        for newline in memchr::memchr_iter(b'\n', &bytes[at..offset]) {
            line += 1;
            line_start = at + newline + 1;
        }
        at = offset;
        line_starts[i] = line_start;
        positions[i] = Position {
            line,
            column: offset - line_start + 1,
            offset: base.map(|b| b + offset),
        };
    }
    let mut placed: Vec<Diagnostic> = found
        .into_iter()
        .zip(positions)
        .zip(offsets.into_iter().zip(line_starts))
        .map(|((finding, position), (offset, start))| {
            let source = if source {
                line_near(text, start, offset)
            } else {
                ""
            };
            finding.at(position, source)
        })
        .collect();
    placed.sort_by_key(|d| (d.position.line, d.position.column));
    placed
}
