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

use std::io::{self, BufRead};

use super::{ErrorKind, StreamError};

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
    input: R,
    max_line: usize,
    /// The line being read, reused.
    line: Vec<u8>,
    /// Lines read so far.
    line_number: usize,
    /// The previous line ended in CR: a LF that follows belongs to it.
    after_cr: bool,
    at_start: bool,
    finished: bool,
    pending: Pending,
    last_id: Option<String>,
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
}

impl<R: BufRead> SseReader<R> {
    /// A reader of `input`, with lines of at most [`DEFAULT_MAX_LINE`] bytes.
    pub fn new(input: R) -> Self {
        SseReader {
            input,
            max_line: DEFAULT_MAX_LINE,
            line: Vec::new(),
            line_number: 0,
            after_cr: false,
            at_start: true,
            finished: false,
            pending: Pending::default(),
            last_id: None,
        }
    }

    /// Sets the longest line accepted, in bytes.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.max_line = bytes;
        self
    }

    /// Reads the next line into `self.line` without its terminator; `false` at the end.
    fn read_line(&mut self) -> Result<bool, StreamError> {
        self.line.clear();
        let mut read_any = false;
        let mut too_long = false;
        loop {
            let available = match self.input.fill_buf() {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(self.error(ErrorKind::Io(error.to_string()), 1)),
            };
            if available.is_empty() {
                break;
            }
            if self.after_cr {
                self.after_cr = false;
                if available[0] == b'\n' {
                    self.input.consume(1);
                    continue;
                }
            }
            if self.at_start {
                self.at_start = false;
                if available.starts_with(b"\xEF\xBB\xBF") {
                    self.input.consume(3);
                    continue;
                }
            }
            read_any = true;
            let end = memchr::memchr2(b'\n', b'\r', available);
            let take = end.unwrap_or(available.len());
            if !too_long && self.line.len() + take <= self.max_line {
                self.line.extend_from_slice(&available[..take]);
            } else {
                // Keep reading to the end of the line, but stop storing it.
                too_long = true;
                self.line.clear();
            }
            match end {
                Some(at) => {
                    self.after_cr = available[at] == b'\r';
                    self.input.consume(at + 1);
                    break;
                }
                None => {
                    let all = available.len();
                    self.input.consume(all);
                }
            }
        }
        if !read_any {
            return Ok(false);
        }
        self.line_number += 1;
        if too_long {
            return Err(self.error(
                ErrorKind::LineTooLong {
                    limit: self.max_line,
                },
                1,
            ));
        }
        Ok(true)
    }

    fn error(&self, kind: ErrorKind, column: usize) -> StreamError {
        StreamError {
            line: self.line_number.max(1),
            column,
            kind,
        }
    }

    /// Handles one line; returns an event when the line dispatches one.
    fn process_line(&mut self, text: &str) -> Option<SseEvent> {
        if text.is_empty() {
            return self.dispatch(true);
        }
        if text.starts_with(':') {
            return None;
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
        let pending = &mut self.pending;
        pending.line.get_or_insert(self.line_number);
        match field {
            "event" => pending.event = Some(value.to_owned()),
            "data" => {
                pending.data.push_str(value);
                pending.data.push('\n');
                pending.has_data = true;
                pending.data_starts.push((self.line_number, value_column));
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                pending.retry = value.parse().ok();
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self, terminated: bool) -> Option<SseEvent> {
        let mut pending = std::mem::take(&mut self.pending);
        if !pending.has_data {
            return None;
        }
        pending.data.pop(); // the last data line's "\n"
        Some(SseEvent {
            event: pending.event,
            data: pending.data,
            id: self.last_id.clone(),
            retry: pending.retry,
            line: pending.line.unwrap_or(self.line_number),
            data_starts: pending.data_starts,
            terminated,
        })
    }
}

impl<R: BufRead> Iterator for SseReader<R> {
    type Item = Result<SseEvent, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.read_line() {
                Err(error) => return Some(Err(error)),
                Ok(false) => {
                    self.finished = true;
                    return self.dispatch(false).map(Ok);
                }
                Ok(true) => {}
            }
            let line = std::mem::take(&mut self.line);
            let event = match std::str::from_utf8(&line) {
                Ok(text) => self.process_line(text),
                Err(error) => {
                    self.line = line;
                    return Some(Err(
                        self.error(ErrorKind::InvalidUtf8, error.valid_up_to() + 1)
                    ));
                }
            };
            self.line = line;
            if let Some(event) = event {
                return Some(Ok(event));
            }
        }
        None
    }
}
