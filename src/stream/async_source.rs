//! Event streams from an async source of byte chunks: any `futures_core::Stream` of
//! `Result<chunk, error>` (reqwest's `Response::bytes_stream`, a hyper body's frames), through
//! the sans-IO [`Decoder`].

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::{Accumulator, Decoder, ErrorKind, Event, StreamError, no_events};
use crate::{Completion, Position};

/// The typed events of an async byte stream, itself a `Stream`.
///
/// ```
/// # async fn example(response: impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Unpin) {
/// use anthropic_completions::stream::EventStream;
/// use std::future::poll_fn;
/// use std::pin::Pin;
/// use futures_core::Stream;
///
/// let mut events = EventStream::new(response); // e.g. reqwest's `response.bytes_stream()`
/// while let Some(event) = poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await {
///     println!("{:?}", event.map(|e| e.name));
/// }
/// # }
/// ```
pub struct EventStream<S> {
    source: S,
    decoder: Decoder,
    ready: VecDeque<Result<Event, StreamError>>,
    done: bool,
    /// Whether an event (or an error) came out.
    any: bool,
}

impl<S> EventStream<S> {
    /// The events of `source`.
    pub fn new(source: S) -> Self {
        EventStream {
            source,
            decoder: Decoder::new(),
            ready: VecDeque::new(),
            done: false,
            any: false,
        }
    }

    /// The events of `source`, whose lines may be at most `bytes` long.
    pub fn with_max_line(source: S, bytes: usize) -> Self {
        EventStream {
            decoder: Decoder::with_max_line(bytes),
            ..EventStream::new(source)
        }
    }
}

impl<S, B, E> Stream for EventStream<S>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::error::Error,
{
    type Item = Result<Event, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.ready.pop_front() {
                this.any = true;
                return Poll::Ready(Some(event));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.source).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    this.ready.extend(this.decoder.feed(chunk.as_ref()))
                }
                Poll::Ready(Some(Err(error))) => {
                    this.done = true;
                    this.ready.push_back(Err(StreamError {
                        position: Position::at(this.decoder.sse().lines() + 1, 1),
                        kind: ErrorKind::Io(with_causes(&error)),
                    }));
                }
                Poll::Ready(None) => {
                    this.done = true;
                    this.ready.extend(this.decoder.finish());
                }
            }
        }
    }
}

/// Reads the async byte stream `source` and folds it into its [`Completion`], as
/// [`fold`](fn@super::fold) does a blocking one (an empty input and one that is not an event
/// stream fail with their own kinds).
pub async fn fold_async<S, B, E>(source: S) -> Result<Completion, StreamError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::error::Error,
{
    let mut events = EventStream::new(source);
    let mut accumulator = Accumulator::new();
    while let Some(event) = std::future::poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await {
        accumulator.push(&event?)?;
    }
    if !events.any {
        return Err(no_events(events.decoder.sse()));
    }
    accumulator.finish()
}

/// The error's message and its causes' (`error decoding response body: ...: unexpected EOF`):
/// an HTTP client's own message often says only what it was doing.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        cause = inner.source();
    }
    message
}
