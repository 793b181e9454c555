//! Typed events without I/O: the [`Decoder`] fed bytes as they arrive, and the typing of
//! each raw event's data that every reader shares.

use super::sse::{SseDecoder, SseEvent};
use super::{Event, Payload, StreamError, data_error, has_type};
use crate::record::Shape;

/// Reads each raw event's data into its type. Whether the stream's data carries `type` is
/// decided at its first JSON data, then held: each later event is read once, straight into
/// its type.
#[derive(Debug, Default)]
pub(super) struct Typing {
    /// `Some(true)`: events carry `type`; `Some(false)`: 2023 shape; `None`: not seen yet.
    typed: Option<bool>,
}

impl Typing {
    #[inline]
    pub(super) fn event(&mut self, event: SseEvent) -> Result<Event, StreamError> {
        let payload = self.payload(&event)?;
        Ok(Event {
            name: event.event,
            line: event.line,
            payload,
        })
    }

    #[inline]
    fn payload(&mut self, event: &SseEvent) -> Result<Payload, StreamError> {
        let data = event.data.trim_matches(|c: char| c.is_ascii_whitespace());
        if data == "[DONE]" {
            return Ok(Payload::Done);
        }
        // The stream so far says which read to try first; the data decides (`Shape::of_event`).
        let likely_typed = match self.typed {
            Some(typed) => typed,
            None => *self
                .typed
                .insert(has_type(data).map_err(|e| data_error(event, &e))?),
        };
        if likely_typed && let Ok(parsed) = serde_json::from_str(&event.data) {
            return Ok(Payload::Event(parsed));
        }
        let typed = has_type(data).map_err(|e| data_error(event, &e))?;
        let parsed = match Shape::of_event(typed, event.event.as_deref()) {
            Shape::LegacyPing => return Ok(Payload::UntypedPing),
            Shape::LegacyError => serde_json::from_str(&event.data).map(Payload::UntypedError),
            Shape::LegacyCompletion => {
                serde_json::from_str(&event.data).map(Payload::UntypedCompletion)
            }
            _ => serde_json::from_str(&event.data).map(Payload::Event),
        };
        parsed.map_err(|e| data_error(event, &e))
    }
}

/// Typed events from bytes handed over as they arrive, without I/O: for any byte source
/// (an HTTP client's chunks, async or not). Chunks may be cut anywhere.
///
/// ```
/// use anthropic_completions::stream::{Accumulator, Decoder};
///
/// let body = "event: completion\r\ndata: {\"type\":\"completion\",\"completion\":\" Hi\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\r\n\r\n\
///             event: completion\r\ndata: {\"type\":\"completion\",\"completion\":\"!\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-2.1\"}\r\n\r\n";
/// let mut decoder = Decoder::new();
/// let mut accumulator = Accumulator::new();
/// for chunk in body.as_bytes().chunks(7) {
///     for event in decoder.feed(chunk) {
///         accumulator.push(&event?)?;
///     }
/// }
/// for event in decoder.finish() {
///     accumulator.push(&event?)?;
/// }
/// assert_eq!(accumulator.finish()?.completion, " Hi!");
/// # Ok::<(), anthropic_completions::stream::StreamError>(())
/// ```
#[derive(Debug, Default)]
pub struct Decoder {
    sse: SseDecoder,
    typing: Typing,
}

impl Decoder {
    /// A decoder with lines of at most [`DEFAULT_MAX_LINE`](super::sse::DEFAULT_MAX_LINE) bytes.
    pub fn new() -> Self {
        Decoder::default()
    }

    /// A decoder whose lines may be at most `bytes` long.
    pub fn with_max_line(bytes: usize) -> Self {
        Decoder {
            sse: SseDecoder::new().max_line(bytes),
            typing: Typing::default(),
        }
    }

    /// Reads `chunk`: the events it completes. After [`finish`](Self::finish) the input has
    /// ended: what is fed is ignored.
    #[inline]
    pub fn feed(&mut self, chunk: &[u8]) -> Events {
        let mut raw = Vec::new();
        self.sse.feed(chunk, &mut raw);
        self.typed(raw)
    }

    /// Ends the input: the event it stops in, if any (a stream should end with a blank line;
    /// one cut short yields its last event all the same).
    #[inline]
    pub fn finish(&mut self) -> Events {
        let mut raw = Vec::new();
        self.sse.finish(&mut raw);
        self.typed(raw)
    }

    /// The event-stream parser underneath (its line count, what it has seen).
    pub fn sse(&self) -> &SseDecoder {
        &self.sse
    }

    #[inline]
    fn typed(&mut self, raw: Vec<Result<SseEvent, StreamError>>) -> Events {
        let typed: Vec<_> = raw
            .into_iter()
            .map(|event| event.and_then(|event| self.typing.event(event)))
            .collect();
        Events(typed.into_iter())
    }
}

/// The events one [`Decoder::feed`] or [`Decoder::finish`] completed, in order.
#[derive(Debug)]
pub struct Events(std::vec::IntoIter<Result<Event, StreamError>>);

impl Iterator for Events {
    type Item = Result<Event, StreamError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}
