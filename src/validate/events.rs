//! A streamed response: every event's data checked as a record, and the stream's own rules (a
//! final event, nothing after it, the same id and model throughout).

use std::collections::HashSet;
use std::io::BufRead;

use serde_json::Value;

use super::record::{Shape, diagnostic, event_shape, placed, quiet_model, shape_diagnostics};
use super::{Diagnostic, Options, Severity};
use crate::stream::sse::{SseEvent, SseReader};
use crate::stream::{Accumulator, ErrorKind, Event, Payload, StreamError};
use crate::{StopReason, StreamEvent};

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
        warned: HashSet::new(),
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
            let message = "the stream ends inside this event (no blank line after it)".to_owned();
            stream.emit_at(
                diagnostic(Severity::Warning, "stream-unterminated", message),
                event.line,
                1,
                String::new(),
            );
        }
        let Some(payload) = stream.check_event(&event) else {
            continue;
        };
        // After a failure of the stream's own rules, one report is enough: later events are
        // still checked, but not folded. After an `error` event, the stream has ended.
        if failed {
            continue;
        }
        if ended_by_error {
            if !matches!(
                payload,
                Payload::UntypedPing | Payload::Event(StreamEvent::Ping(_))
            ) {
                let message = "an event after the stream ended with an error event".to_owned();
                stream.emit_at(
                    diagnostic(Severity::Error, "stream-after-end", message),
                    event.line,
                    1,
                    String::new(),
                );
            }
            continue;
        }
        let typed = Event {
            name: event.event.clone(),
            line: event.line,
            payload,
        };
        match accumulator.push(&typed) {
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
        && let Err(error) = accumulator.finish(last_line)
    {
        stream.stream_error(&error);
    }
    stream.errors == 0
}

struct StreamCheck<'a> {
    options: &'a Options,
    report: &'a mut dyn FnMut(Diagnostic),
    errors: usize,
    /// Warnings already given for this stream: (code, pointer), so that a model or a field
    /// repeated in every event is reported once.
    warned: HashSet<(&'static str, String)>,
}

impl StreamCheck<'_> {
    fn emit_at(
        &mut self,
        mut diagnostic: Diagnostic,
        line: usize,
        column: usize,
        source_line: String,
    ) {
        if diagnostic.severity == Severity::Warning
            && !self
                .warned
                .insert((diagnostic.code, diagnostic.pointer.clone()))
        {
            return;
        }
        if diagnostic.severity == Severity::Error {
            self.errors += 1;
        }
        diagnostic.line = line;
        diagnostic.column = column;
        if self.options.source_lines {
            diagnostic.source_line = source_line;
        }
        (self.report)(diagnostic);
    }

    fn stream_error(&mut self, error: &StreamError) {
        let (severity, code) = match &error.kind {
            ErrorKind::Io(_) => (Severity::Error, "io-error"),
            ErrorKind::InvalidUtf8 => (Severity::Error, "invalid-utf8"),
            ErrorKind::LineTooLong { .. } | ErrorKind::EventTooLarge { .. } => {
                (Severity::Error, "record-too-large")
            }
            ErrorKind::InvalidData(_) => (Severity::Error, "invalid-json"),
            ErrorKind::ErrorEvent(_) => (Severity::Warning, "stream-error-event"),
            ErrorKind::NoFinalEvent => (Severity::Error, "stream-no-final-event"),
            ErrorKind::AfterEnd => (Severity::Error, "stream-after-end"),
            ErrorKind::IdChanged { .. } => (Severity::Error, "stream-id-changed"),
            ErrorKind::ModelChanged { .. } => (Severity::Error, "stream-model-changed"),
            ErrorKind::NotCumulative => (Severity::Error, "stream-not-cumulative"),
        };
        let message = error.to_string();
        let message = message
            .split_once(": ")
            .map_or(message.as_str(), |(_, rest)| rest)
            .to_owned();
        self.emit_at(
            diagnostic(severity, code, message),
            error.line,
            error.column,
            String::new(),
        );
    }

    /// Whether a typed event has nothing new to report: its name matches its type, it has no
    /// undeclared key, and its model and stop reason are listed (or already reported).
    fn is_quiet(&self, parsed: &StreamEvent, name: Option<&str>) -> bool {
        if name.is_some_and(|name| name != parsed.tag()) {
            return false;
        }
        match parsed {
            StreamEvent::Ping(ping) => ping.extra.is_empty(),
            StreamEvent::Completion(chunk) => {
                let reported = |code| self.warned.contains(&(code, "/model".to_owned()));
                let model = quiet_model(&chunk.model)
                    || reported("retired-model")
                    || reported("unknown-model");
                chunk.extra.is_empty()
                    && model
                    && chunk.stop_reason.as_ref().is_none_or(StopReason::is_known)
            }
            StreamEvent::Error(_) | StreamEvent::Other(_) => false,
        }
    }

    /// Checks one event's data; returns its typed payload when it has no error.
    fn check_event(&mut self, event: &SseEvent) -> Option<Payload> {
        let data = event.data.trim_matches(|c: char| c.is_ascii_whitespace());
        if data == "[DONE]" {
            return Some(Payload::Done);
        }
        // The fast path: typed, and nothing to say that has not been said for this stream.
        if let Ok(parsed) = serde_json::from_str::<StreamEvent>(&event.data)
            && self.is_quiet(&parsed, event.event.as_deref())
        {
            return Some(Payload::Event(parsed));
        }
        let value: Value = match serde_json::from_str(&event.data) {
            Ok(value) => value,
            Err(error) => {
                let message = crate::stream::message_without_position(&error);
                let (line, column) = event.position_in_data(error.line(), error.column());
                let source = source_line(event, error.line());
                self.emit_at(
                    diagnostic(Severity::Error, "invalid-json", message),
                    line,
                    column,
                    source,
                );
                return None;
            }
        };
        let name = event.event.as_deref();
        let shape = event_shape(&value, name);
        let mut found = shape_diagnostics(&value, shape, self.options);
        if let (Some(name), Some(tag)) = (name, value.get("type").and_then(Value::as_str))
            && name != tag
        {
            let mut mismatch = diagnostic(
                Severity::Error,
                "event-name-mismatch",
                format!("the event is named `{name}` but its data is of type \"{tag}\""),
            );
            mismatch.pointer = "/type".to_owned();
            found.push(mismatch);
        }
        if shape == Shape::LegacyError || value.get("type").and_then(Value::as_str) == Some("error")
        {
            let message = "the API failed after the stream began: the text so far is partial (allowed: the API's documented behaviour)";
            found.push(diagnostic(
                Severity::Warning,
                "stream-error-event",
                message.to_owned(),
            ));
        }
        // Placed within the data (and its repeated keys found), then mapped to the input.
        let found = placed(found, &event.data, 1, false, true);
        let had_error = found.iter().any(|d| d.severity == Severity::Error);
        for diagnostic in found {
            let (line, column) = event.position_in_data(diagnostic.line, diagnostic.column);
            let source = source_line(event, diagnostic.line);
            self.emit_at(diagnostic, line, column, source);
        }
        if had_error {
            return None;
        }
        match shape {
            Shape::LegacyPing => Some(Payload::UntypedPing),
            Shape::LegacyError => serde_json::from_value(value)
                .ok()
                .map(Payload::UntypedError),
            Shape::LegacyCompletion => serde_json::from_value(value)
                .ok()
                .map(Payload::UntypedCompletion),
            _ => serde_json::from_value(value).ok().map(Payload::Event),
        }
    }
}

/// The input line that holds data line `data_line` (1-based) of `event`, as it was written.
fn source_line(event: &SseEvent, data_line: usize) -> String {
    let text = event
        .data
        .split('\n')
        .nth(data_line.saturating_sub(1))
        .unwrap_or_default();
    let spaced = event
        .data_starts
        .get(data_line.saturating_sub(1))
        .is_some_and(|(_, column)| *column == 7);
    format!("data:{}{text}", if spaced { " " } else { "" })
}
