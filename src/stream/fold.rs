//! Folding a stream's events into the final completion.

#[cfg(feature = "validate")]
use super::chunk::ChunkData;
use super::{ErrorKind, Event, Payload, StreamError};
use crate::{Completion, ErrorResponse, Model, Position, StopReason, StreamEvent};

/// How a stream's `completion` texts make up the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    /// Each event carries the new text only: join them (API version `2023-06-01`).
    Increments,
    /// Each event carries the whole text so far: take the last (API version `2023-01-01`,
    /// whose streams end with `data: [DONE]`).
    Cumulative,
}

/// Folds events into the final [`Completion`]: the whole text, the id, the model and the stop
/// reason. It reports an `error` event, events after the end, an id or model that changes,
/// and (at [`finish`](Self::finish)) a stream with no final event.
///
/// Unless a [`TextMode`] is given, the mode is found from the stream: `[DONE]` or the
/// `2023-01-01` fields `truncated`/`exception` mean cumulative text; otherwise increments.
/// Models and stop reasons are compared and kept by their value on the wire (a hand-made
/// `Model::Other("claude-2")` is the model `claude-2`).
///
/// ```
/// use anthropic_completions::stream::{Accumulator, ErrorKind, StreamReader, TextMode};
///
/// // A 2023-01-01 stream: each event holds the whole text so far, and `[DONE]` ends it.
/// let body = "data: {\"completion\":\" He\",\"stop_reason\":null,\"model\":\"claude-v1\"}\n\n\
///             data: {\"completion\":\" Hello\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-v1\"}\n\n\
///             data: [DONE]\n\n";
/// let mut accumulator = Accumulator::new();
/// for event in StreamReader::new(body.as_bytes()) {
///     accumulator.push(&event?)?;
/// }
/// assert_eq!(accumulator.mode(), TextMode::Cumulative);
/// assert_eq!(accumulator.finish()?.completion, " Hello");
/// // Cut short after its first event: no event with a stop reason.
/// let first = &body[..body.find("\n\n").unwrap() + 2];
/// let mut cut = Accumulator::new();
/// for event in StreamReader::new(first.as_bytes()) {
///     cut.push(&event?)?;
/// }
/// assert_eq!(cut.finish().unwrap_err().kind, ErrorKind::NoFinalEvent);
/// # Ok::<(), anthropic_completions::stream::StreamError>(())
/// ```
#[derive(Debug, Default)]
pub struct Accumulator {
    mode: Option<TextMode>,
    joined: String,
    latest: String,
    /// `latest` is written as JSON (it came from the validator's picked values).
    latest_json: bool,
    /// The first line where a chunk did not extend the one before (cumulative mode only).
    not_cumulative_at: Option<usize>,
    cumulative_evidence: bool,
    id: Option<String>,
    model: Option<Model>,
    stop_reason: Option<StopReason>,
    stop: Option<Option<String>>,
    log_id: Option<String>,
    done: bool,
    failure: Option<StreamError>,
    /// Check only: do not keep the joined text (memory stays bounded by one event).
    discard_text: bool,
    /// The line of the last event pushed: where a missing final event is reported.
    last_line: usize,
}

impl Accumulator {
    /// An accumulator that finds the text mode from the stream.
    #[inline]
    pub fn new() -> Self {
        Accumulator::default()
    }

    /// An accumulator for streams in `mode`.
    #[inline]
    pub fn with_mode(mode: TextMode) -> Self {
        Accumulator {
            mode: Some(mode),
            ..Accumulator::default()
        }
    }

    /// An accumulator that checks the stream's rules but keeps no more text than one event's:
    /// for validating archives of any size. Its completion's text is not the stream's.
    pub(crate) fn discarding_text() -> Self {
        Accumulator {
            discard_text: true,
            ..Accumulator::default()
        }
    }

    /// Adds one event. An error is also kept, and returned again by every later call.
    #[inline]
    pub fn push(&mut self, event: &Event) -> Result<(), StreamError> {
        self.step(event.line, |this| this.apply(event))
    }

    /// Adds the completion chunk on line `line` whose data the validator checked already (to
    /// an accumulator that discards the text: the chunk's text is JSON, compared, not joined).
    #[cfg(feature = "validate")]
    pub(crate) fn push_chunk_data(
        &mut self,
        line: usize,
        data: &ChunkData<'_>,
    ) -> Result<(), StreamError> {
        self.step(line, |this| {
            this.cumulative_evidence |= data.cumulative_evidence;
            let chunk = Chunk {
                text: data.completion_json,
                json: true,
                id: data.id,
                model: data.model,
                stop_reason: data.stop_reason,
                stop: None,
                log_id: None,
            };
            this.chunk(line, chunk)
        })
    }

    fn step(
        &mut self,
        line: usize,
        apply: impl FnOnce(&mut Self) -> Result<(), StreamError>,
    ) -> Result<(), StreamError> {
        if let Some(failure) = &self.failure {
            return Err(failure.clone());
        }
        self.last_line = line;
        let result = apply(self);
        if let Err(error) = &result {
            self.failure = Some(error.clone());
        }
        result
    }

    #[inline]
    fn apply(&mut self, event: &Event) -> Result<(), StreamError> {
        let fail = |kind| {
            Err(StreamError {
                position: Position::at(event.line, 1),
                kind,
            })
        };
        match &event.payload {
            Payload::Done if self.done => fail(ErrorKind::AfterEnd),
            Payload::Done => {
                self.done = true;
                self.cumulative_evidence = true;
                Ok(())
            }
            // Keep-alives may come between any two events; unknown event types are skipped,
            // as the SDKs do.
            Payload::UntypedPing | Payload::Event(StreamEvent::Ping(_) | StreamEvent::Other(_)) => {
                Ok(())
            }
            Payload::Event(StreamEvent::Error(body)) => {
                fail(ErrorKind::ErrorEvent(Box::new(body.clone())))
            }
            Payload::UntypedError(body) => {
                let mut error = ErrorResponse::new(body.error.clone());
                error.request_id = body.request_id.clone();
                error.extra = body.extra.clone();
                fail(ErrorKind::ErrorEvent(Box::new(error)))
            }
            Payload::Event(StreamEvent::Completion(chunk)) => self.chunk(
                event.line,
                Chunk {
                    text: &chunk.completion,
                    json: false,
                    id: chunk.id.as_deref(),
                    model: chunk.model.as_str(),
                    stop_reason: chunk.stop_reason.as_ref().map(StopReason::as_str),
                    stop: chunk.stop.as_ref().map(Option::as_deref),
                    log_id: chunk.log_id.as_deref(),
                },
            ),
            Payload::UntypedCompletion(chunk) => {
                self.cumulative_evidence |= chunk.truncated.is_some() || chunk.exception.is_some();
                self.chunk(
                    event.line,
                    Chunk {
                        text: &chunk.completion,
                        json: false,
                        id: None,
                        model: chunk.model.as_str(),
                        stop_reason: chunk
                            .stop_reason
                            .as_ref()
                            .and_then(Option::as_ref)
                            .map(StopReason::as_str),
                        stop: chunk.stop.as_ref().map(Option::as_deref),
                        log_id: chunk.log_id.as_deref(),
                    },
                )
            }
        }
    }

    #[inline]
    fn chunk(&mut self, line: usize, chunk: Chunk<'_>) -> Result<(), StreamError> {
        let fail = |kind| {
            Err(StreamError {
                position: Position::at(line, 1),
                kind,
            })
        };
        if self.done || self.stop_reason.is_some() {
            return fail(ErrorKind::AfterEnd);
        }
        if let Some(id) = chunk.id {
            match &self.id {
                Some(before) if before != id => {
                    return fail(ErrorKind::IdChanged {
                        before: before.clone(),
                        after: id.to_owned(),
                    });
                }
                Some(_) => {}
                None => self.id = Some(id.to_owned()),
            }
        }
        match &self.model {
            Some(before) if before.as_str() != chunk.model => {
                let (before, after) = (before.to_string(), chunk.model.to_owned());
                return fail(ErrorKind::ModelChanged { before, after });
            }
            Some(_) => {}
            None => self.model = Some(Model::from(chunk.model.to_owned())),
        }
        if self.mode != Some(TextMode::Cumulative) && !self.discard_text {
            self.joined.push_str(chunk.text);
        }
        if self.mode != Some(TextMode::Increments) {
            let latest = (self.latest.as_str(), self.latest_json);
            if self.not_cumulative_at.is_none() && !extends((chunk.text, chunk.json), latest) {
                self.not_cumulative_at = Some(line);
            }
            chunk.text.clone_into(&mut self.latest);
            self.latest_json = chunk.json;
        }
        if let Some(stop) = chunk.stop {
            self.stop = Some(stop.map(str::to_owned));
        }
        if let Some(log_id) = chunk.log_id {
            self.log_id.get_or_insert_with(|| log_id.to_owned());
        }
        self.stop_reason = chunk.stop_reason.map(|s| StopReason::from(s.to_owned()));
        Ok(())
    }

    /// The text mode: the one given, or the one the stream showed so far.
    #[inline]
    pub fn mode(&self) -> TextMode {
        self.mode.unwrap_or(if self.cumulative_evidence {
            TextMode::Cumulative
        } else {
            TextMode::Increments
        })
    }

    /// Whether some event carried the completion's id. (The docs' example stream and 2023
    /// streams carry none; the folded completion's `id` is then empty.)
    #[inline]
    pub fn saw_id(&self) -> bool {
        self.id.is_some()
    }

    /// The completion, once the stream has ended. A stream without a final event is
    /// [`ErrorKind::NoFinalEvent`] at the last event pushed.
    #[inline]
    pub fn finish(self) -> Result<Completion, StreamError> {
        let line = self.last_line.max(1);
        self.finish_at(line)
    }

    /// [`finish`](Self::finish), a missing final event reported at `last_line` (the validator
    /// knows lines the accumulator was not shown).
    #[inline]
    pub(crate) fn finish_at(self, last_line: usize) -> Result<Completion, StreamError> {
        if let Some(failure) = self.failure {
            return Err(failure);
        }
        let mode = self.mode();
        let (Some(stop_reason), Some(model)) = (self.stop_reason, self.model) else {
            return Err(StreamError {
                position: Position::at(last_line, 1),
                kind: ErrorKind::NoFinalEvent,
            });
        };
        let completion = match mode {
            TextMode::Increments => self.joined,
            TextMode::Cumulative => match self.not_cumulative_at {
                Some(line) => {
                    return Err(StreamError {
                        position: Position::at(line, 1),
                        kind: ErrorKind::NotCumulative,
                    });
                }
                None if self.latest_json => decoded(&self.latest).unwrap_or(self.latest),
                None => self.latest,
            },
        };
        let mut folded =
            Completion::new(self.id.unwrap_or_default(), completion, stop_reason, model);
        folded.stop = self.stop;
        folded.log_id = self.log_id;
        Ok(folded)
    }
}

/// What the accumulator reads from one completion chunk, whatever its shape.
struct Chunk<'a> {
    text: &'a str,
    /// `text` is written as JSON (the validator's chunks, always with a discarding
    /// accumulator: it is compared, never joined).
    json: bool,
    id: Option<&'a str>,
    model: &'a str,
    stop_reason: Option<&'a str>,
    stop: Option<Option<&'a str>>,
    log_id: Option<&'a str>,
}

/// Whether the text `text` begins with `latest`, each a text and whether it is written as
/// JSON (a string literal: the validator's picked values). Two literals are compared as
/// written first: one that begins with the other's content holds its text (JSON's escapes
/// read left to right, and `latest` ends where an escape ends); only when that says no are
/// they decoded, as one text can be escaped two ways.
#[inline]
fn extends((text, text_json): (&str, bool), (latest, latest_json): (&str, bool)) -> bool {
    fn content(literal: &str) -> &str {
        let inner = literal.strip_prefix('"').unwrap_or(literal);
        inner.strip_suffix('"').unwrap_or(inner)
    }
    match (text_json, latest_json) {
        (false, false) => return text.starts_with(latest),
        // Before the first chunk, `latest` is empty: any text extends it.
        (_, false) if latest.is_empty() => return true,
        (true, true) if content(text).starts_with(content(latest)) => return true,
        _ => {}
    }
    let read = |kept: &str, json: bool| {
        if json {
            decoded(kept)
        } else {
            Some(kept.to_owned())
        }
    };
    match (read(text, text_json), read(latest, latest_json)) {
        (Some(text), Some(latest)) => text.starts_with(&latest),
        _ => false,
    }
}

/// The text a JSON string literal writes.
#[inline]
fn decoded(literal: &str) -> Option<String> {
    serde_json::from_str(literal).ok()
}
