//! The `text/event-stream` format (WHATWG HTML, "Server-sent events", 9.2.6): bytes in, raw
//! events out, each with the line it starts on.
//!
//! Hand-written because no well-kept crate reads it from a synchronous `BufRead` and reports
//! where each event and data line sits in the input, which located errors need. It follows the
//! standard: lines end in CRLF, LF or CR; a leading BOM is dropped; lines starting with `:` are
//! comments; a field's value loses one leading space; `data` lines join with `\n`; a blank line
//! dispatches; a block without `data` is not dispatched; `id` without NUL sets the last event
//! id; `retry` with only digits sets the reconnection time; other fields are ignored. One
//! departure, for archives cut short: an event that the input ends in (no final blank line) is
//! still returned, marked `terminated: false`, where a browser would drop it.

use std::io::BufRead;

use super::{ErrorKind, StreamError};
use crate::Position;
use crate::lines::{LineError, LineReader};

/// The longest line read by default (16 MiB): a longer one is an error, and memory stays
/// bounded.
pub const DEFAULT_MAX_LINE: usize = 16 * 1024 * 1024;

/// One event of an event stream, before its data is interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event` field, if the event had one (a browser reports `"message"` then).
    pub event: Option<String>,
    /// The `data` lines, joined with `\n`.
    pub data: String,
    /// The last event id set so far in the stream (`id` fields persist across events).
    pub id: Option<String>,
    /// The `retry` field of this event, in milliseconds.
    pub retry: Option<u64>,
    /// The 1-based line of the event's first field.
    pub line: usize,
    /// Where each data line's value starts: 1-based line and byte column. Maps a position
    /// inside `data` back to the input.
    pub data_starts: Vec<(usize, usize)>,
    /// Whether a blank line ended the event; `false` for an event the input ends in.
    pub terminated: bool,
}

impl SseEvent {
    /// The input position of `(line, column)` within `data` (both 1-based, as serde_json
    /// reports them).
    pub fn position_in_data(&self, line: usize, column: usize) -> (usize, usize) {
        match self.data_starts.get(line.saturating_sub(1)) {
            Some((start_line, start_column)) => {
                (*start_line, start_column + column.saturating_sub(1))
            }
            None => (self.line, 1),
        }
    }
}

/// Reads raw events from any `BufRead`, one at a time, in bounded memory.
///
/// ```
/// use anthropic_completions::stream::sse::SseReader;
///
/// let input = "event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n: a comment\ndata: a\ndata: b\n";
/// let events: Vec<_> = SseReader::new(input.as_bytes()).collect::<Result<_, _>>().unwrap();
/// assert_eq!(events[0].event.as_deref(), Some("ping"));
/// assert_eq!((events[1].data.as_str(), events[1].line, events[1].terminated), ("a\nb", 5, false));
/// ```
pub struct SseReader<R> {
    lines: LineReader<R>,
    finished: bool,
    pending: Pending,
    last_id: Option<String>,
}

/// What a line does.
enum LineOutcome {
    /// A blank line: dispatch the pending event.
    Dispatch,
    /// Anything else.
    Continue,
}

/// The event being assembled.
#[derive(Default)]
struct Pending {
    event: Option<String>,
    data: String,
    has_data: bool,
    retry: Option<u64>,
    line: Option<usize>,
    data_starts: Vec<(usize, usize)>,
    /// The event's data outgrew the limit.
    too_large: bool,
}

/// What one data line costs besides its text: its position (two `usize`s).
const DATA_LINE_COST: usize = 2 * std::mem::size_of::<usize>();

impl Pending {
    /// Applies the field of one line (`number`) to the pending event.
    fn process_line(
        &mut self,
        last_id: &mut Option<String>,
        number: usize,
        text: &str,
        max: usize,
    ) -> LineOutcome {
        if text.is_empty() {
            return LineOutcome::Dispatch;
        }
        if text.starts_with(':') {
            return LineOutcome::Continue;
        }
        let (field, value, value_column) = match text.find(':') {
            Some(colon) => {
                let value = &text[colon + 1..];
                let (value, skipped) = match value.strip_prefix(' ') {
                    Some(rest) => (rest, 1),
                    None => (value, 0),
                };
                (&text[..colon], value, colon + 2 + skipped)
            }
            None => (text, "", text.len() + 1),
        };
        self.line.get_or_insert(number);
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" if self.too_large => {}
            "data"
                if self.data.len()
                    + value.len()
                    + 1
                    + DATA_LINE_COST * (self.data_starts.len() + 1)
                    > max =>
            {
                // Too big to keep: drop what was gathered, and report the event when it ends.
                self.too_large = true;
                self.data = String::new();
                self.data_starts = Vec::new();
            }
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
                self.data_starts.push((number, value_column));
            }
            "id" if !value.contains('\0') => *last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        LineOutcome::Continue
    }
}

impl<R: BufRead> SseReader<R> {
    /// A reader of `input`, with lines of at most [`DEFAULT_MAX_LINE`] bytes.
    pub fn new(input: R) -> Self {
        SseReader {
            lines: LineReader::new(input, DEFAULT_MAX_LINE, true),
            finished: false,
            pending: Pending::default(),
            last_id: None,
        }
    }

    /// Sets the longest line accepted, in bytes.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.lines.set_max(bytes);
        self
    }

    /// Whether the input began with a byte order mark (which the format allows and drops).
    pub fn had_bom(&self) -> bool {
        self.lines.had_bom()
    }

    fn error(&self, kind: ErrorKind, column: usize) -> StreamError {
        StreamError {
            position: Position::at(self.lines.number().max(1), column),
            kind,
        }
    }

    fn dispatch(&mut self, terminated: bool) -> Option<Result<SseEvent, StreamError>> {
        let mut pending = std::mem::take(&mut self.pending);
        let line = pending.line.unwrap_or(self.lines.number());
        if pending.too_large {
            let kind = ErrorKind::EventTooLarge {
                limit: self.lines.max(),
            };
            return Some(Err(StreamError {
                position: Position::at(line, 1),
                kind,
            }));
        }
        if !pending.has_data {
            return None;
        }
        pending.data.pop(); // the last data line's "\n"
        Some(Ok(SseEvent {
            event: pending.event,
            data: pending.data,
            id: self.last_id.clone(),
            retry: pending.retry,
            line,
            data_starts: pending.data_starts,
            terminated,
        }))
    }
}

impl<R: BufRead> Iterator for SseReader<R> {
    type Item = Result<SseEvent, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            let max = self.lines.max();
            let line = match self.lines.next_line() {
                None => {
                    self.finished = true;
                    return self.dispatch(false);
                }
                Some(Err(LineError::Io(error))) => {
                    return Some(Err(self.error(ErrorKind::Io(error.to_string()), 1)));
                }
                Some(Err(LineError::TooLong)) => {
                    return Some(Err(self.error(
                        ErrorKind::LineTooLong {
                            limit: self.lines.max(),
                        },
                        1,
                    )));
                }
                Some(Ok(line)) => line,
            };
            let (number, _, bytes) = line;
            let event = match std::str::from_utf8(bytes) {
                Ok(text) => self
                    .pending
                    .process_line(&mut self.last_id, number, text, max),
                Err(error) => {
                    let column = error.valid_up_to() + 1;
                    return Some(Err(StreamError {
                        position: Position::at(number, column),
                        kind: ErrorKind::InvalidUtf8,
                    }));
                }
            };
            let event = match event {
                LineOutcome::Dispatch => self.dispatch(true),
                LineOutcome::Continue => None,
            };
            if let Some(event) = event {
                return Some(event);
            }
        }
        None
    }
}
