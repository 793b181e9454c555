//! The sans-IO decoder: bytes in, in chunks cut anywhere; events out.

use super::pending::{LineOutcome, Pending};
use super::{DEFAULT_MAX_LINE, SseEvent};
use crate::Position;
use crate::stream::{ErrorKind, StreamError};

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
    #[inline]
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
    #[inline]
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
    #[inline]
    fn start(&mut self, out: &mut Vec<Result<SseEvent, StreamError>>) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        if head == BOM {
            self.had_bom = true;
        } else {
            self.bytes(&head, out);
        }
    }

    #[inline]
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
                // The whole line is in the chunk: read in place, not copied.
                Some(at) if !self.in_line && at <= self.max => {
                    self.after_cr = chunk[at] == b'\r';
                    self.number += 1;
                    self.line_ended(&chunk[..at], out);
                    chunk = &chunk[at + 1..];
                }
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

    #[inline]
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

    /// Ends the line held in `self.line`.
    #[inline]
    fn end_line(&mut self, out: &mut Vec<Result<SseEvent, StreamError>>) {
        self.number += 1;
        self.in_line = false;
        let line = std::mem::take(&mut self.line);
        self.line_ended(&line, out);
        // Kept for the next line that comes in pieces.
        self.line = line;
        self.line.clear();
    }

    /// Reads line `self.number`, `line` (without its terminator).
    #[inline]
    fn line_ended(&mut self, line: &[u8], out: &mut Vec<Result<SseEvent, StreamError>>) {
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
        if !self.saw_content {
            self.saw_content = line.iter().any(|b| !b.is_ascii_whitespace());
        }
        let outcome = match std::str::from_utf8(line) {
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
        if let LineOutcome::Dispatch = outcome
            && let Some(event) = self.dispatch(true)
        {
            out.push(event);
        }
    }

    #[inline]
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
