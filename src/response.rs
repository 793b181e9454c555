//! Any response body `POST /v1/complete` ever sent, told apart by the same decision the
//! validator makes ([`ResponseBody`]).
//!
//! | shape | when (as recorded) | type |
//! |---|---|---|
//! | completion with `type` and `id` | recorded from 2024-02-12 on; the SDKs typed `id` and `type` from December 2023 | [`Completion`] |
//! | completion without `type` and `id` | recorded until 2023-07-24; `exception` and `truncated` too under API version `2023-01-01` | [`LegacyCompletion`] |
//! | error with a top-level `"type": "error"` | from about 2024 | [`ErrorResponse`] |
//! | error without it | 2023 | [`LegacyErrorResponse`] |
//! | event stream whose events carry `type`, text in increments | API version `2023-06-01` | [`StreamEvent`](crate::StreamEvent) |
//! | event stream without `type`, the whole text so far in each event, `data: [DONE]` | API version `2023-01-01` | [`LegacyCompletionEvent`](crate::LegacyCompletionEvent) |
//!
//! The two completion shapes are not tied to an API version: both were recorded with
//! `anthropic-version: 2023-06-01`, and the day the body changed is not published.
//!
//! [`ResponseBody::from_slice`] takes any of them; a stream is folded into its completion
//! (the events themselves are read by [`stream`](crate::stream)).
//!
//! ```
//! use anthropic_completions::{ResponseBody, StopReason};
//!
//! // A real body of July 2023 (boxcars): no `type`, no `id`.
//! let old = r#"{"completion":" Hi","stop_reason":"stop_sequence","model":"claude-2.0","stop":"\n\nHuman:","log_id":"8a1c"}"#;
//! let body: ResponseBody = serde_json::from_str(old)?;
//! assert_eq!(body.shape(), "legacy-completion");
//! let completion = body.into_completion().unwrap();
//! assert_eq!((completion.completion.as_str(), completion.stop_reason), (" Hi", Some(StopReason::StopSequence)));
//! assert_eq!(completion.log_id.as_deref(), Some("8a1c"));
//!
//! let error: ResponseBody = serde_json::from_str(r#"{"error":{"type":"overloaded_error","message":"Overloaded"}}"#)?;
//! assert_eq!(error.shape(), "legacy-error");
//! assert!(error.into_completion().is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::Error as _;
use serde_json::Value;

use crate::format::Format;
use crate::record::Kind;
use crate::record::{Facts, Shape};
use crate::stream::{Accumulator, StreamError, StreamReader, TextMode};
use crate::{Completion, ErrorResponse, LegacyCompletion, LegacyErrorResponse};

/// A response body of any shape the endpoint sent. [`ResponseBody::from_slice`] reads a JSON
/// body or an event stream; deserializing (a JSON body) tells the shape from the body (its
/// `type`, else an `error` or `completion` member) and reads it as that type, so an error names
/// the field that is wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ResponseBody {
    /// Today's completion (`"type": "completion"`).
    Completion(Completion),
    /// A completion of the 2023 shape: no `type`, no `id`.
    LegacyCompletion(LegacyCompletion),
    /// An error (`"type": "error"`).
    Error(ErrorResponse),
    /// An error without the top-level `type` (2023).
    LegacyError(LegacyErrorResponse),
    /// A streamed response (`text/event-stream`), folded into the completion it carried.
    Stream {
        /// The whole completion.
        completion: Completion,
        /// The stream's format: increments (events with `type`), or the 2023 cumulative text.
        mode: TextMode,
    },
}

/// Why a body is not a response of `POST /v1/complete`.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// A JSON body that is not JSON, or not a response body of any shape.
    Json(serde_json::Error),
    /// An event stream that is broken, was cut short, or carried an `error` event (its
    /// [`ErrorKind::ErrorEvent`](crate::stream::ErrorKind::ErrorEvent) holds the error).
    Stream(StreamError),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Json(error) => write!(f, "not a response body: {error}"),
            ReadError::Stream(error) => write!(f, "not a complete streamed response: {error}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Json(error) => Some(error),
            ReadError::Stream(error) => Some(error),
        }
    }
}

impl ResponseBody {
    /// The shape's name: `completion`, `legacy-completion`, `error` or `legacy-error` (the
    /// names the validator's stats use).
    pub fn shape(&self) -> &'static str {
        let shape = match self {
            ResponseBody::Completion(_) => Shape::Completion,
            ResponseBody::LegacyCompletion(_) => Shape::LegacyCompletion,
            ResponseBody::Error(_) => Shape::Error,
            ResponseBody::LegacyError(_) => Shape::LegacyError,
            ResponseBody::Stream {
                mode: TextMode::Increments,
                ..
            } => return "stream",
            ResponseBody::Stream {
                mode: TextMode::Cumulative,
                ..
            } => return "legacy-stream",
        };
        shape.name()
    }

    /// Reads a whole response body: an event stream when it looks like one (its first line is
    /// an `event:`, `data:`, `id:`, `retry:` or comment line), otherwise one JSON body.
    // Inline: like serde_json's own `from_slice`, the reading of each shape (through a
    // `Value`) is compiled in the crate that calls it.
    #[inline]
    pub fn from_slice(body: &[u8]) -> Result<ResponseBody, ReadError> {
        if Format::of_content(body) != Some(Format::EventStream) {
            let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            return serde_json::from_slice(body).map_err(ReadError::Json);
        }
        let mut accumulator = Accumulator::new();
        for event in StreamReader::new(body) {
            let event = event.map_err(ReadError::Stream)?;
            accumulator.push(&event).map_err(ReadError::Stream)?;
        }
        let mode = accumulator.mode();
        let completion = accumulator.finish().map_err(ReadError::Stream)?;
        Ok(ResponseBody::Stream { completion, mode })
    }

    /// The body as today's [`Completion`]. A body loses nothing: a 2023 body keeps `stop`,
    /// `log_id` and its undeclared keys, its `exception` and `truncated` go into
    /// [`Completion::extra`], an `id` it carries is its id (else the id is empty, as
    /// [`Accumulator`] gives a stream without one), and an absent `stop_reason` becomes
    /// `None` (written `null`). A stream gives what its fold keeps: the whole text, the id,
    /// model, stop reason, `stop` and `log_id`, not each event's other keys. `None` for an error
    /// body (match the enum to read it), and for a 2023 body whose `id` is not a string.
    pub fn into_completion(self) -> Option<Completion> {
        match self {
            ResponseBody::Completion(completion) | ResponseBody::Stream { completion, .. } => {
                Some(completion)
            }
            ResponseBody::LegacyCompletion(old) => from_legacy(old),
            ResponseBody::Error(_) | ResponseBody::LegacyError(_) => None,
        }
    }
}

fn from_legacy(old: LegacyCompletion) -> Option<Completion> {
    let LegacyCompletion {
        completion,
        stop_reason,
        model,
        stop,
        log_id,
        truncated,
        exception,
        extra,
    } = old;
    let mut moved = serde_json::Map::new();
    if let Some(truncated) = truncated {
        moved.insert("truncated".to_owned(), Value::Bool(truncated));
    }
    if let Some(exception) = exception {
        moved.insert(
            "exception".to_owned(),
            exception.map_or(Value::Null, Value::String),
        );
    }
    moved.extend(extra);
    // A 2023 body with an `id` (no `type`) keeps it as its id, not as an undeclared key.
    let id = match moved.remove("id") {
        Some(Value::String(id)) => id,
        // Today's `id` is a string: one of another type has no place to go.
        Some(_) => return None,
        None => String::new(),
    };
    Some(Completion {
        id,
        completion,
        stop_reason: stop_reason.flatten(),
        model,
        stop,
        log_id,
        extra: moved,
    })
}

impl<'de> serde::Deserialize<'de> for ResponseBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let shape = Shape::of_record(Facts::of(&value), Kind::Auto);
        let read = match shape {
            Some(Shape::Completion) => serde_json::from_value(value).map(Self::Completion),
            Some(Shape::LegacyCompletion) => {
                serde_json::from_value(value).map(Self::LegacyCompletion)
            }
            Some(Shape::Error) => serde_json::from_value(value).map(Self::Error),
            Some(Shape::LegacyError) => serde_json::from_value(value).map(Self::LegacyError),
            Some(Shape::Request) => {
                return Err(D::Error::custom(
                    "a request body (it has a `prompt`), not a response body",
                ));
            }
            _ => {
                return Err(D::Error::custom(format_args!(
                    "not a response body of `POST /v1/complete`: {}",
                    Shape::unknown_kind(Facts::of(&value))
                )));
            }
        };
        read.map_err(D::Error::custom)
    }
}
