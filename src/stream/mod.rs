//! Streamed responses: read a `text/event-stream` body into typed events ([`StreamReader`]),
//! and fold them into the final [`Completion`] ([`Accumulator`]).
//!
//! ```
//! use anthropic_completions::StopReason;
//! use anthropic_completions::stream::fold;
//!
//! let body = "event: completion\ndata: {\"type\":\"completion\",\"completion\":\" Hi\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n\n\
//!             event: ping\ndata: {\"type\": \"ping\"}\n\n\
//!             event: completion\ndata: {\"type\":\"completion\",\"completion\":\"!\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-2.1\"}\n\n";
//! let completion = fold(body.as_bytes())?;
//! assert_eq!(completion.completion, " Hi!");
//! assert_eq!(completion.stop_reason, Some(StopReason::StopSequence));
//! # Ok::<(), anthropic_completions::stream::StreamError>(())
//! ```

#[cfg(feature = "async")]
mod async_source;
#[cfg(feature = "validate")]
mod chunk;
mod decode;
mod fold;
pub mod sse;

use std::fmt;
use std::io::BufRead;

#[cfg(feature = "async")]
pub use async_source::{EventStream, fold_async};
#[cfg(feature = "validate")]
pub(crate) use chunk::{CHUNK_KEYS, ChunkData};
use decode::Typing;
pub use decode::{Decoder, Events};
pub use fold::{Accumulator, TextMode};
use sse::{SseDecoder, SseEvent, SseReader};

use crate::{
    Completion, ErrorResponse, LegacyCompletionEvent, LegacyErrorResponse, Position, StreamEvent,
};

// The decoders and the accumulator are `#[inline]`, with their helpers of any size (the
// readers are generic): a stream is compiled in the crate that reads one, serde_json's reads
// of every event type with it, not in every dependent's build of the types (BENCHMARKS.md,
// "Issue 10, fifth pass").

/// One event of a stream, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The SSE `event` field, if any (`completion`, `ping`, `error`, ...).
    pub name: Option<String>,
    /// The 1-based line the event starts on.
    pub line: usize,
    /// What the event's data holds.
    pub payload: Payload,
}

impl Event {
    /// The typed event of an event another parser read (its `event` field and `data`, e.g.
    /// `eventsource_stream::Event`'s `event` and `data`), so that its events can go to an
    /// [`Accumulator`]; `line` is where the event starts, for errors.
    ///
    /// ```
    /// use anthropic_completions::stream::{Accumulator, Event};
    ///
    /// // What another SSE parser hands over: (event, data) pairs.
    /// let parsed = [
    ///     ("completion", r#"{"type":"completion","completion":" Hi","stop_reason":null,"model":"claude-2.1"}"#),
    ///     ("ping", r#"{"type": "ping"}"#),
    ///     ("completion", r#"{"type":"completion","completion":"!","stop_reason":"stop_sequence","model":"claude-2.1"}"#),
    /// ];
    /// let mut accumulator = Accumulator::new();
    /// for (index, (name, data)) in parsed.into_iter().enumerate() {
    ///     accumulator.push(&Event::from_sse(Some(name), data, index + 1)?)?;
    /// }
    /// assert_eq!(accumulator.finish()?.completion, " Hi!");
    /// # Ok::<(), anthropic_completions::stream::StreamError>(())
    /// ```
    ///
    /// With the `eventsource-stream` crate (`response.bytes_stream().eventsource()` yields
    /// its `Event`s):
    ///
    /// ```
    /// use anthropic_completions::stream::{Accumulator, Event};
    ///
    /// let received = eventsource_stream::Event {
    ///     event: "completion".into(),
    ///     data: r#"{"type":"completion","completion":" Hi","stop_reason":"max_tokens","model":"claude-2.1"}"#.into(),
    ///     id: String::new(),
    ///     retry: None,
    /// };
    /// let mut accumulator = Accumulator::new();
    /// accumulator.push(&Event::from_sse(Some(&received.event), &received.data, 1)?)?;
    /// assert_eq!(accumulator.finish()?.completion, " Hi");
    /// # Ok::<(), anthropic_completions::stream::StreamError>(())
    /// ```
    #[inline]
    pub fn from_sse(name: Option<&str>, data: &str, line: usize) -> Result<Event, StreamError> {
        // The default type (`message`, or an empty name) is no name, as the reader gives it.
        let name = name.filter(|name| !name.is_empty() && *name != "message");
        Typing::default().event(SseEvent {
            event: name.map(str::to_owned),
            data: data.to_owned(),
            id: None,
            retry: None,
            line,
            data_starts: data
                .lines()
                .enumerate()
                .map(|(i, _)| (line + i, 1))
                .collect(),
            terminated: true,
        })
    }
}

/// The data of an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// Today's shape: the data names its `type` (a completion, a ping, an error, or an event
    /// type this crate does not know).
    Event(StreamEvent),
    /// A completion chunk without `type`: the 2023 shape (API version `2023-01-01`, whose text
    /// is cumulative, and the early `2023-06-01` docs).
    UntypedCompletion(LegacyCompletionEvent),
    /// An `event: ping` whose data has no `type` (the 2023 docs showed `data: {}`).
    UntypedPing,
    /// An `event: error` whose data has no `type` (the docs' example of a mid-stream error).
    UntypedError(LegacyErrorResponse),
    /// `data: [DONE]`, which ended `2023-01-01` streams.
    Done,
}

/// What went wrong, and where in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamError {
    /// Where in the input (line and byte column; the byte offset is not tracked in streams).
    pub position: Position,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// The kinds of [`StreamError`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the input failed.
    Io(String),
    /// A line is not UTF-8.
    InvalidUtf8,
    /// A line is longer than the reader accepts.
    LineTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// One event's data lines add up to more than the reader keeps (its line limit); the
    /// event is skipped.
    EventTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// An event's data is not the JSON it should be.
    InvalidData(String),
    /// The stream carried an `error` event: the API failed after the stream began. The
    /// event's data as an error body, its `request_id` kept (a 2023 body without the
    /// top-level `type` reads into the same type).
    ErrorEvent(Box<ErrorResponse>),
    /// The input holds no byte but blanks: no stream at all.
    EmptyStream,
    /// The input holds text but no event: it is not an event stream (a JSON body, say).
    NotAnEventStream,
    /// The stream ended without a final event (one with a `stop_reason`): it was cut short.
    NoFinalEvent,
    /// An event came after the final event (or after `[DONE]`).
    AfterEnd,
    /// The completion id changed within the stream.
    IdChanged {
        /// The id until then.
        before: String,
        /// The new id.
        after: String,
    },
    /// The model changed within the stream.
    ModelChanged {
        /// The model until then.
        before: String,
        /// The new model.
        after: String,
    },
    /// A `2023-01-01` stream's text did not grow from the text before it.
    NotCumulative,
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column, .. } = self.position;
        write!(f, "line {line} column {column}: {}", self.kind)
    }
}

impl fmt::Display for ErrorKind {
    /// What went wrong, without where (the [`StreamError`] says that).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io(error) => write!(f, "cannot read the stream: {error}"),
            ErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8"),
            ErrorKind::LineTooLong { limit } => write!(f, "a line longer than {limit} bytes"),
            ErrorKind::EventTooLarge { limit } => write!(
                f,
                "an event whose data is larger than {limit} bytes (skipped)"
            ),
            ErrorKind::InvalidData(error) => write!(f, "invalid event data: {error}"),
            ErrorKind::ErrorEvent(error) => write!(f, "the stream failed: {error}"),
            ErrorKind::EmptyStream => f.write_str("the input is empty: no stream"),
            ErrorKind::NotAnEventStream => {
                f.write_str("the input holds no event: it is not a text/event-stream body")
            }
            ErrorKind::NoFinalEvent => f.write_str(
                "the stream ended without a final event (no stop_reason): it was cut short",
            ),
            ErrorKind::AfterEnd => f.write_str("an event after the end of the stream"),
            ErrorKind::IdChanged { before, after } => {
                write!(f, "the id changed from {before:?} to {after:?}")
            }
            ErrorKind::ModelChanged { before, after } => {
                write!(f, "the model changed from {before:?} to {after:?}")
            }
            ErrorKind::NotCumulative => f.write_str(
                "in a cumulative (2023-01-01) stream, the text did not grow from the text before",
            ),
        }
    }
}

impl std::error::Error for StreamError {}

/// Reads typed events from a `text/event-stream` body, one at a time (a blocking reader built
/// on the [`Decoder`]'s parser).
///
/// ```
/// use anthropic_completions::StreamEvent;
/// use anthropic_completions::stream::{Payload, StreamReader};
///
/// let body = "event: ping\ndata: {\"type\": \"ping\"}\n\n\
///             event: completion\ndata: {\"type\":\"completion\",\"completion\":\" Hi\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-2.1\"}\n\n";
/// let events: Vec<_> = StreamReader::new(body.as_bytes()).collect::<Result<_, _>>()?;
/// assert_eq!((events[0].name.as_deref(), events[1].line), (Some("ping"), 4));
/// assert!(matches!(&events[1].payload, Payload::Event(StreamEvent::Completion(c)) if c.completion == " Hi"));
/// # Ok::<(), anthropic_completions::stream::StreamError>(())
/// ```
pub struct StreamReader<R> {
    events: SseReader<R>,
    typing: Typing,
}

impl<R: BufRead> StreamReader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> Self {
        StreamReader {
            events: SseReader::new(input),
            typing: Typing::default(),
        }
    }

    /// A reader of `input` whose lines may be at most `bytes` long.
    pub fn with_max_line(input: R, bytes: usize) -> Self {
        StreamReader {
            events: SseReader::new(input).max_line(bytes),
            typing: Typing::default(),
        }
    }
}

/// Whether the JSON object `data` has a `type` key (read without allocating).
#[inline]
fn has_type(data: &str) -> Result<bool, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "type")]
        kind: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Probe>(data).map(|probe| probe.kind.is_some())
}

/// serde_json's message without the position it appends ("... at line L column C"): callers
/// report a position of their own, in the whole input.
pub(crate) fn message_without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

#[inline]
fn data_error(event: &SseEvent, error: &serde_json::Error) -> StreamError {
    let (line, column) = event.position_in_data(error.line(), error.column());
    let message = message_without_position(error);
    StreamError {
        position: Position::at(line, column),
        kind: ErrorKind::InvalidData(message),
    }
}

impl<R: BufRead> Iterator for StreamReader<R> {
    type Item = Result<Event, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(
            self.events
                .next()?
                .and_then(|event| self.typing.event(event)),
        )
    }
}

/// Reads the stream `input` and folds it into its [`Completion`], finding the wire format
/// (increments or cumulative text) from the stream. Stops at the first error.
/// An empty input and one that is not an event stream fail with their own kinds
/// ([`ErrorKind::EmptyStream`], [`ErrorKind::NotAnEventStream`]), not as a stream cut short.
pub fn fold<R: BufRead>(input: R) -> Result<Completion, StreamError> {
    let mut accumulator = Accumulator::new();
    let mut reader = StreamReader::new(input);
    let mut any = false;
    for event in reader.by_ref() {
        any = true;
        accumulator.push(&event?)?;
    }
    if !any {
        return Err(no_events(reader.events.decoder()));
    }
    accumulator.finish()
}

/// Why an input gave no event: the format's own lines without an event (a stream cut short
/// before its first), other text (not an event stream), or nothing.
#[inline]
fn no_events(decoder: &SseDecoder) -> StreamError {
    let kind = if decoder.saw_stream_line() {
        ErrorKind::NoFinalEvent
    } else if decoder.saw_content() {
        ErrorKind::NotAnEventStream
    } else {
        ErrorKind::EmptyStream
    };
    StreamError {
        position: Position::at(1, 1),
        kind,
    }
}
