//! Raw events from a blocking `BufRead`, on the sans-IO decoder.

use std::io::BufRead;

use super::{SseDecoder, SseEvent};
use crate::Position;
use crate::stream::{ErrorKind, StreamError};

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
    /// A reader of `input`, with lines of at most [`DEFAULT_MAX_LINE`](super::DEFAULT_MAX_LINE) bytes.
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
