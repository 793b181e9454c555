//! A streamed response: every event's data checked as a record, and the stream's own rules (a
//! final event, nothing after it, the same id and model throughout).

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use serde_json::Value;

use super::finding::Finding;
use super::locate::window;
use super::place::placed;
use super::record::{quick_findings, shape_findings};
use super::{Code, Diagnostic, Options, Severity};
use crate::__private::Picked;
use crate::record::{Facts, Shape};
use crate::stream::sse::{SseEvent, SseReader};
use crate::stream::{Accumulator, CHUNK_KEYS, ChunkData, ErrorKind, Event, Payload, StreamError};
use crate::{Pointer, Position, StreamEvent};

/// Checks the event stream `input` as one record; returns whether it is valid.
pub(crate) fn check_stream<R: BufRead>(
    input: R,
    options: &Options,
    report: &mut dyn FnMut(Diagnostic),
) -> bool {
    let mut stream = StreamCheck {
        options,
        report,
        errors: 0,
        warned: HashMap::new(),
        picked: Picked::new(CHUNK_KEYS),
    };
    let mut accumulator = Accumulator::discarding_text();
    let mut last_line = 1;
    let mut ended_by_error = false;
    let mut failed = false;
    let reader = SseReader::new(input).max_line(options.max_record);
    for item in reader {
        let event = match item {
            Ok(event) => event,
            Err(error) => {
                let io = matches!(error.kind, ErrorKind::Io(_));
                stream.stream_error(&error);
                if io {
                    return false;
                }
                continue;
            }
        };
        last_line = event.line;
        if !event.terminated {
            let message = "the stream ends inside this event (no blank line after it)";
            stream.emit(
                Finding::new(Severity::Warning, Code::StreamUnterminated, message),
                Position::at(event.line, 1),
                "",
            );
        }
        let Some(data) = stream.check_event(&event) else {
            continue;
        };
        // After a failure of the stream's own rules, one report is enough: later events are
        // still checked, but not folded. After an `error` event, the stream has ended.
        if failed {
            continue;
        }
        if ended_by_error {
            if !data.is_ping() {
                let message = "an event after the stream ended with an error event";
                stream.emit(
                    Finding::new(Severity::Error, Code::StreamAfterEnd, message),
                    Position::at(event.line, 1),
                    "",
                );
            }
            continue;
        }
        let pushed = match data {
            // Both are required strings of a chunk, which has no error here: always `Some`.
            Checked::Chunk { legacy } => match ChunkData::of(&stream.picked, legacy) {
                Some(chunk) => accumulator.push_chunk_data(event.line, &chunk),
                None => Ok(()),
            },
            Checked::Payload(payload) => accumulator.push(&Event {
                name: None,
                line: event.line,
                payload: *payload,
            }),
        };
        match pushed {
            Ok(()) => {}
            Err(StreamError {
                kind: ErrorKind::ErrorEvent(_),
                ..
            }) => ended_by_error = true,
            Err(error) => {
                failed = true;
                stream.stream_error(&error);
            }
        }
    }
    if !ended_by_error
        && !failed
        && let Err(error) = accumulator.finish_at(last_line)
    {
        stream.stream_error(&error);
    }
    stream.errors == 0
}

struct StreamCheck<'a> {
    options: &'a Options,
    report: &'a mut dyn FnMut(Diagnostic),
    errors: usize,
    /// Warnings already given for this stream, so that a model or a field repeated in every
    /// event is reported once.
    /// (By code, then pointer: a finding is looked up without copying its pointer.)
    warned: HashMap<Code, HashSet<Pointer>>,
    /// What the fold reads of the last event checked, picked out by its walk.
    picked: Picked,
}

impl StreamCheck<'_> {
    fn emit(&mut self, finding: Finding, position: Position, source_line: &str) {
        self.report_placed(finding.at(position, source_line));
    }

    /// Reports `diagnostic`, unless it is a warning this stream already gave.
    fn report_placed(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.severity == Severity::Warning
            && !self
                .warned
                .entry(diagnostic.code)
                .or_default()
                .insert(diagnostic.pointer.clone())
        {
            return;
        }
        if diagnostic.severity == Severity::Error {
            self.errors += 1;
        }
        if !self.options.source_lines {
            diagnostic.source_line = String::new();
        }
        (self.report)(diagnostic);
    }

    fn stream_error(&mut self, error: &StreamError) {
        let (severity, code) = match &error.kind {
            ErrorKind::Io(_) => (Severity::Error, Code::IoError),
            ErrorKind::InvalidUtf8 => (Severity::Error, Code::InvalidUtf8),
            ErrorKind::LineTooLong { .. } | ErrorKind::EventTooLarge { .. } => {
                (Severity::Error, Code::RecordTooLarge)
            }
            ErrorKind::InvalidData(_) => (Severity::Error, Code::InvalidJson),
            ErrorKind::ErrorEvent(_) => (Severity::Warning, Code::StreamErrorEvent),
            ErrorKind::EmptyStream => (Severity::Error, Code::EmptyInput),
            ErrorKind::NoFinalEvent | ErrorKind::NotAnEventStream => {
                (Severity::Error, Code::StreamNoFinalEvent)
            }
            ErrorKind::AfterEnd => (Severity::Error, Code::StreamAfterEnd),
            ErrorKind::IdChanged { .. } => (Severity::Error, Code::StreamIdChanged),
            ErrorKind::ModelChanged { .. } => (Severity::Error, Code::StreamModelChanged),
            ErrorKind::NotCumulative => (Severity::Error, Code::StreamNotCumulative),
        };
        self.emit(
            Finding::new(severity, code, error.kind.to_string()),
            error.position,
            "",
        );
    }

    /// The input line of `event`'s data line `data_line`, when diagnostics show source lines
    /// (copying it for every diagnostic would cost a line's length each).
    fn source_line(&self, event: &SseEvent, data_line: usize) -> String {
        if self.options.source_lines {
            source_line(event, data_line)
        } else {
            String::new()
        }
    }

    /// Checks one event's data; returns what the fold is given when it has no error.
    fn check_event(&mut self, event: &SseEvent) -> Option<Checked> {
        let data = event.data.trim_matches(|c: char| c.is_ascii_whitespace());
        if data == "[DONE]" {
            return Some(Checked::Payload(Box::new(Payload::Done)));
        }
        let name = event.event.as_deref();
        let decide = |facts: Facts<'_>| Some(Shape::of_event(facts.typed, name));
        let quick = quick_findings(&event.data, decide, self.options, Some(&mut self.picked));
        let read_closely = quick.is_none();
        let (shape, tag, mut found) = match quick {
            Some((shape, facts, found)) => (shape, facts.tag.map(str::to_owned), found),
            None => {
                // Read closely: the data is not JSON, a key repeats, or `type` is escaped.
                let value: Value = match serde_json::from_str(&event.data) {
                    Ok(value) => value,
                    Err(error) => {
                        let message = crate::stream::message_without_position(&error);
                        let (line, column) = event.position_in_data(error.line(), error.column());
                        let source = self.source_line(event, error.line());
                        self.emit(
                            Finding::new(Severity::Error, Code::InvalidJson, message),
                            Position::at(line, column),
                            &source,
                        );
                        return None;
                    }
                };
                let facts = Facts::of(&value);
                let shape = Shape::of_event(facts.typed, name);
                let tag = facts.tag.map(str::to_owned);
                (shape, tag, shape_findings(&value, shape, self.options))
            }
        };
        let tag = tag.as_deref();
        if let (Some(name), Some(tag)) = (name, tag)
            && name != tag
        {
            let mut mismatch = Finding::new(
                Severity::Error,
                Code::EventNameMismatch,
                format!("the event is named `{name}` but its data is of type \"{tag}\""),
            );
            mismatch.pointer = Pointer::root().key(Shape::event_tag());
            found.push(mismatch);
        }
        if shape == Shape::LegacyError || tag.is_some_and(Shape::is_error_event) {
            let message = "the API failed after the stream began: the text so far is partial (allowed: the API's documented behaviour)";
            found.push(Finding::new(
                Severity::Warning,
                Code::StreamErrorEvent,
                message,
            ));
        }
        // Placed within the data (and its repeated keys found), then mapped to the input.
        // A warning this stream already gave is not placed again.
        found.retain(|f| {
            f.severity == Severity::Error
                || !self
                    .warned
                    .get(&f.code)
                    .is_some_and(|said| said.contains(&f.pointer))
        });
        if found.is_empty() && !read_closely {
            return checked(shape, tag, &event.data, self.picked_as_typed(read_closely));
        }
        let max = self.options.max_per_record;
        let found = placed(found, &event.data, 1, None, false, read_closely, max);
        let had_error = found.iter().any(|d| d.severity == Severity::Error);
        for mut diagnostic in found {
            let at = diagnostic.position;
            let (line, column) = event.position_in_data(at.line, at.column);
            diagnostic.position = Position::at(line, column);
            if self.options.source_lines {
                let (text, column) = source_window(event, at.line, at.column);
                diagnostic.source_line = text;
                diagnostic.source_column = column;
            }
            self.report_placed(diagnostic);
        }
        if had_error {
            return None;
        }
        checked(shape, tag, &event.data, self.picked_as_typed(read_closely))
    }

    /// Whether the values the walk picked out are those the typed read gives: it walked the
    /// text (not read closely), and found nothing a typed read refuses (a level can make a
    /// wrong type a warning: the typed read still refuses it, and the event is not folded).
    fn picked_as_typed(&self, read_closely: bool) -> bool {
        !read_closely && self.picked.typed_read()
    }
}

/// An event's data without errors: what the fold is given.
enum Checked {
    /// A completion chunk whose walk picked out what the fold reads (`legacy`: of the 2023
    /// shape).
    Chunk { legacy: bool },
    /// Any other event, typed (boxed: a chunk, the common event, is small).
    Payload(Box<Payload>),
}

impl Checked {
    /// Whether the event is a keep-alive.
    fn is_ping(&self) -> bool {
        matches!(
            self,
            Checked::Payload(payload)
                if matches!(**payload, Payload::UntypedPing | Payload::Event(StreamEvent::Ping(_)))
        )
    }
}

/// What the fold is given of event data `data` (of `shape`, tagged `tag`), checked already;
/// `picked`: the walk's picked values are the typed read's. Otherwise the data is read typed,
/// as it always was: an event the typed read refuses is not folded.
fn checked(shape: Shape, tag: Option<&str>, data: &str, picked: bool) -> Option<Checked> {
    let chunk = match shape {
        Shape::LegacyCompletion => Some(true),
        Shape::StreamEvent if tag.is_some_and(Shape::is_completion_event) => Some(false),
        _ => None,
    };
    match chunk {
        Some(legacy) if picked => Some(Checked::Chunk { legacy }),
        _ => payload(shape, data).map(|payload| Checked::Payload(Box::new(payload))),
    }
}

/// The typed payload of an event's data, checked already.
fn payload(shape: Shape, data: &str) -> Option<Payload> {
    match shape {
        Shape::LegacyPing => Some(Payload::UntypedPing),
        Shape::LegacyError => serde_json::from_str(data).ok().map(Payload::UntypedError),
        Shape::LegacyCompletion => serde_json::from_str(data)
            .ok()
            .map(Payload::UntypedCompletion),
        _ => serde_json::from_str(data).ok().map(Payload::Event),
    }
}

/// The input line that holds data line `data_line` (1-based) of `event`, as it was written.
fn source_line(event: &SseEvent, data_line: usize) -> String {
    let (prefix, text) = data_line_of(event, data_line);
    format!("{prefix}{text}")
}

/// The window of the input line of data line `data_line` around column `column` of the data
/// (1-based, in the data's text), and the column within the window: cut before it is copied,
/// so that a long line costs one window per diagnostic, not a copy of the line.
fn source_window(event: &SseEvent, data_line: usize, column: usize) -> (String, usize) {
    let (prefix, text) = data_line_of(event, data_line);
    let (cut, at) = window(text, column);
    // The window starts inside the text: the field name is not in it.
    if column > at {
        return (cut, at);
    }
    (format!("{prefix}{cut}"), at + prefix.len())
}

/// The field prefix (`data:` or `data: `) and the text of data line `data_line` of `event`.
fn data_line_of(event: &SseEvent, data_line: usize) -> (&'static str, &str) {
    let text = event
        .data
        .split('\n')
        .nth(data_line.saturating_sub(1))
        .unwrap_or_default();
    let spaced = event
        .data_starts
        .get(data_line.saturating_sub(1))
        .is_some_and(|(_, column)| *column == 7);
    (if spaced { "data: " } else { "data:" }, text)
}
