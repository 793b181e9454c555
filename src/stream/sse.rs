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
    /// Shared between the events it holds for: an id line is as long as the line limit allows,
    /// and a copy per event would grow memory with the number of events.
    pub id: Option<std::sync::Arc<str>>,
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

/// What a line does.
enum LineOutcome {
    /// A blank line: dispatch the pending event.
    Dispatch,
    /// Anything else.
    Continue,
}

/// The event being assembled.
#[derive(Debug, Default)]
struct Pending {
    event: Option<String>,
    data: String,
    has_data: bool,
    retry: Option<u64>,
    line: Option<usize>,
    data_starts: Vec<(usize, usize)>,
    /// The event's data outgrew the limit.
    too_large: bool,
    /// A line of the event could not be read (too long, not UTF-8): that was reported, and
    /// the event is not dispatched with the line missing.
    broken: bool,
}

/// What one data line costs besides its text: its position (two `usize`s).
const DATA_LINE_COST: usize = 2 * std::mem::size_of::<usize>();

impl Pending {
    /// Applies the field of one line (`number`) to the pending event; also says whether the
    /// line is one of the format's own (a comment or a known field).
    fn process_line(
        &mut self,
        last_id: &mut Option<std::sync::Arc<str>>,
        number: usize,
        text: &str,
        shift: usize,
        max: usize,
    ) -> (LineOutcome, bool) {
        if text.is_empty() {
            return (LineOutcome::Dispatch, false);
        }
        if text.starts_with(':') {
            return (LineOutcome::Continue, true);
        }
        let (field, value, value_column) = match text.find(':') {
            Some(colon) => {
                let value = &text[colon + 1..];
                let (value, skipped) = match value.strip_prefix(' ') {
                    Some(rest) => (rest, 1),
                    None => (value, 0),
                };
                (&text[..colon], value, shift + colon + 2 + skipped)
            }
            None => (text, "", shift + text.len() + 1),
        };
        self.line.get_or_insert(number);
        match field {
            // An empty type is the default one (`message`): no name.
            "event" => self.event = (!value.is_empty()).then(|| value.to_owned()),
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
            "id" if !value.contains('\0') => *last_id = Some(value.into()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        let known = matches!(field, "event" | "data" | "id" | "retry");
        (LineOutcome::Continue, known)
    }
}

/// The event-stream parser without I/O: bytes go in as they arrive ([`SseDecoder::feed`]), in
/// chunks of any size cut anywhere (inside a line, a CRLF, a UTF-8 character or the BOM),
/// and the events they complete come out; [`SseDecoder::finish`] ends the input. Memory is
/// bounded by the line limit: a longer line is skipped and reported.
///
/// ```
/// use anthropic_completions::stream::sse::SseDecoder;
///
/// let mut decoder = SseDecoder::new();
/// let mut events = Vec::new();
/// decoder.feed(b"\xEF\xBB", &mut events); // half a BOM
/// decoder.feed(b"\xBFdata: a\r", &mut events);
/// decoder.feed(b"\n\r\ndata: b", &mut events);
/// assert_eq!(events.len(), 1);
/// decoder.finish(&mut events);
/// let data: Vec<_> = events.into_iter().map(|e| e.unwrap().data).collect();
/// assert_eq!(data, ["a", "b"]);
/// assert!(decoder.had_bom());
/// ```
#[derive(Debug)]
pub struct SseDecoder {
    max: usize,
    /// The line being read (bytes before its terminator).
    line: Vec<u8>,
    /// Bytes of the current line have come (a final line without terminator still counts).
    in_line: bool,
    /// The current line is longer than `max`: its bytes are dropped until it ends.
    too_long: bool,
    /// The last byte was a CR: an LF right after it belongs to the same line break.
    after_cr: bool,
    /// Lines ended so far.
    number: usize,
    /// A line with more than blanks has come.
    saw_content: bool,
    /// A comment or a field line of the format (`event`, `data`, `id`, `retry`) has come.
    saw_stream_line: bool,
    /// The first bytes, held until they can be told from a BOM.
    head: Vec<u8>,
    started: bool,
    had_bom: bool,
    pending: Pending,
    last_id: Option<std::sync::Arc<str>>,
    finished: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Default for SseDecoder {
    fn default() -> Self {
        SseDecoder::new()
    }
}

impl SseDecoder {
    /// A decoder with lines of at most [`DEFAULT_MAX_LINE`] bytes.
    pub fn new() -> Self {
        SseDecoder {
            max: DEFAULT_MAX_LINE,
            line: Vec::new(),
            in_line: false,
            too_long: false,
            after_cr: false,
            number: 0,
            saw_content: false,
            saw_stream_line: false,
            head: Vec::new(),
            started: false,
            had_bom: false,
            pending: Pending::default(),
            last_id: None,
            finished: false,
        }
    }

    /// Sets the longest line accepted, in bytes.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.max = bytes;
        self
    }

    /// The longest line accepted, in bytes.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Whether the input began with a byte order mark (which the format allows and drops).
    pub fn had_bom(&self) -> bool {
        self.had_bom
    }

    /// The lines ended so far.
    pub fn lines(&self) -> usize {
        self.number
    }

    /// Whether a line with more than blanks has come: an input that gave no event but did
    /// is not an event stream (unless it held the format's own lines), one that did not is
    /// empty.
    pub fn saw_content(&self) -> bool {
        self.saw_content
    }

    /// Whether a comment or a field line of the format (`event`, `data`, `id`, `retry`) has
    /// come: an input of those without an event is a stream that carried none.
    pub fn saw_stream_line(&self) -> bool {
        self.saw_stream_line
    }

    /// Reads `chunk`, pushing to `out` each event (or error) it completes. After
    /// [`finish`](Self::finish) the input has ended: what is fed is ignored.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<Result<SseEvent, StreamError>>) {
        if self.finished {
            return;
        }
        let mut chunk = chunk;
        if !self.started {
            let take = (BOM.len() - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if self.head.len() < BOM.len() && BOM.starts_with(&self.head) {
                return; // not yet known whether this is a BOM
            }
            self.start(out);
        }
        self.bytes(chunk, out);
    }

    /// Ends the input: the line and the event it stops in, if any, are pushed to `out`.
    pub fn finish(&mut self, out: &mut Vec<Result<SseEvent, StreamError>>) {
        if self.finished {
            return;
        }
        if !self.started {
            self.start(out);
        }
        if self.in_line {
            self.end_line(out);
        }
        self.finished = true;
        if let Some(event) = self.dispatch(false) {
            out.push(event);
        }
    }

    /// Decides the BOM from the bytes held, and reads them if they are not one.
    fn start(&mut self, out: &mut Vec<Result<SseEvent, StreamError>>) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        if head == BOM {
            self.had_bom = true;
        } else {
            self.bytes(&head, out);
        }
    }

    fn bytes(&mut self, mut chunk: &[u8], out: &mut Vec<Result<SseEvent, StreamError>>) {
        while !chunk.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if chunk[0] == b'\n' {
                    chunk = &chunk[1..];
                    continue;
                }
            }
            match memchr::memchr2(b'\n', b'\r', chunk) {
                Some(at) => {
                    self.append(&chunk[..at]);
                    self.after_cr = chunk[at] == b'\r';
                    self.end_line(out);
                    chunk = &chunk[at + 1..];
                }
                None => {
                    self.append(chunk);
                    return;
                }
            }
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        self.in_line = true;
        if self.too_long {
            return;
        }
        if self.line.len() + bytes.len() > self.max {
            self.too_long = true;
            self.line = Vec::new();
        } else {
            self.line.extend_from_slice(bytes);
        }
    }

    fn end_line(&mut self, out: &mut Vec<Result<SseEvent, StreamError>>) {
        self.number += 1;
        self.in_line = false;
        let number = self.number;
        // Columns count the input's bytes: the dropped BOM is on line 1.
        let shift = if number == 1 && self.had_bom {
            BOM.len()
        } else {
            0
        };
        if std::mem::take(&mut self.too_long) {
            self.pending.broken = true;
            out.push(Err(StreamError {
                position: Position::at(number, 1),
                kind: ErrorKind::LineTooLong { limit: self.max },
            }));
            return;
        }
        let line = std::mem::take(&mut self.line);
        self.saw_content |= line.iter().any(|b| !b.is_ascii_whitespace());
        let outcome = match std::str::from_utf8(&line) {
            Ok(text) => {
                let (outcome, stream_line) =
                    self.pending
                        .process_line(&mut self.last_id, number, text, shift, self.max);
                self.saw_stream_line |= stream_line;
                outcome
            }
            Err(error) => {
                self.pending.broken = true;
                out.push(Err(StreamError {
                    position: Position::at(number, error.valid_up_to() + 1 + shift),
                    kind: ErrorKind::InvalidUtf8,
                }));
                LineOutcome::Continue
            }
        };
        self.line = line;
        self.line.clear();
        if let LineOutcome::Dispatch = outcome
            && let Some(event) = self.dispatch(true)
        {
            out.push(event);
        }
    }

    fn dispatch(&mut self, terminated: bool) -> Option<Result<SseEvent, StreamError>> {
        let mut pending = std::mem::take(&mut self.pending);
        let line = pending.line.unwrap_or(self.number.max(1));
        if pending.too_large {
            let kind = ErrorKind::EventTooLarge { limit: self.max };
            return Some(Err(StreamError {
                position: Position::at(line, 1),
                kind,
            }));
        }
        if !pending.has_data || pending.broken {
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
///
/// Built on [`SseDecoder`]: the input is handed over as `fill_buf` gives it.
pub struct SseReader<R> {
    input: R,
    decoder: SseDecoder,
    ready: std::collections::VecDeque<Result<SseEvent, StreamError>>,
    /// What one read completes, before it joins `ready` (kept to reuse its allocation).
    scratch: Vec<Result<SseEvent, StreamError>>,
    done: bool,
}

impl<R: BufRead> SseReader<R> {
    /// A reader of `input`, with lines of at most [`DEFAULT_MAX_LINE`] bytes.
    pub fn new(input: R) -> Self {
        SseReader {
            input,
            decoder: SseDecoder::new(),
            ready: std::collections::VecDeque::new(),
            scratch: Vec::new(),
            done: false,
        }
    }

    /// Sets the longest line accepted, in bytes.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.decoder = self.decoder.max_line(bytes);
        self
    }

    /// Whether the input began with a byte order mark (which the format allows and drops).
    pub fn had_bom(&self) -> bool {
        self.decoder.had_bom()
    }

    /// The decoder the reader feeds.
    pub fn decoder(&self) -> &SseDecoder {
        &self.decoder
    }
}

impl<R: BufRead> Iterator for SseReader<R> {
    type Item = Result<SseEvent, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut out = std::mem::take(&mut self.scratch);
        while self.ready.is_empty() && !self.done {
            let read = match self.input.fill_buf() {
                Ok([]) => {
                    self.done = true;
                    self.decoder.finish(&mut out);
                    0
                }
                Ok(bytes) => {
                    self.decoder.feed(bytes, &mut out);
                    bytes.len()
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => 0,
                Err(error) => {
                    self.done = true;
                    out.push(Err(StreamError {
                        position: Position::at(self.decoder.lines() + 1, 1),
                        kind: ErrorKind::Io(error.to_string()),
                    }));
                    0
                }
            };
            self.input.consume(read);
            self.ready.extend(out.drain(..));
        }
        self.scratch = out;
        self.ready.pop_front()
    }
}
