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

mod decoder;
mod pending;
mod reader;

pub use decoder::SseDecoder;
pub use reader::SseReader;

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
