//! Types for Anthropic's Text Completions API (`POST /v1/complete`), generated at build time
//! from the JSON Schema in `schema/completions.schema.json`, and the tools to check recorded
//! traffic of it. The endpoint is retired: this crate is its maintained definition, and
//! judges each record by the contract of its time.
//!
//! # The types
//!
//! ```
//! use anthropic_completions::{Completion, Model, StopReason};
//!
//! let body = r#"{"type":"completion","id":"compl_01","completion":" Hello!",
//!                "stop_reason":"stop_sequence","model":"claude-2.1","stop":"\n\nHuman:"}"#;
//! let completion: Completion = serde_json::from_str(body)?;
//! assert_eq!(completion.stop_reason, Some(StopReason::StopSequence));
//! assert_eq!(completion.model, Model::Claude2_1);
//! assert!(completion.model.text_completions()); // a model this endpoint served
//! assert_eq!(completion.stop, Some(Some("\n\nHuman:".to_owned())));
//! // Open unions: an id the schema does not list is kept, and written back unchanged.
//! let odd: Model = serde_json::from_str("\"claude-next\"")?;
//! assert_eq!((odd.as_str(), odd.is_known()), ("claude-next", false));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Model ids, stop reasons, error and event types are open unions; keys the schema does not
//! declare are kept in `extra` of what the API sends, so a round trip loses nothing. The
//! models carry their history as data: [`Model::status_on`], [`Model::alias_on`].
//!
//! # Building a request
//!
//! ```
//! use anthropic_completions::{CompletionRequest, Metadata, Model};
//!
//! let request = CompletionRequest::new(Model::Claude2_1, "\n\nHuman: Hi\n\nAssistant:", 256)
//!     .with_stop_sequences(["\n\nObservation:"])
//!     .with_metadata(Metadata::default().with_user_id("u-1"));
//! request.validate()?; // ranges, lengths, the prompt's turns: `Violations`, an Error
//! let bad = CompletionRequest::new(Model::Claude2_1, "Hi", 256);
//! assert_eq!(bad.validate().unwrap_err()[0].rule, "prompt_format");
//! # Ok::<(), anthropic_completions::Violations>(())
//! ```
//!
//! # Responses of every era
//!
//! [`ResponseBody::from_slice`] reads any body the endpoint sent: today's completion, the
//! 2023 one without `type` and `id`, both error envelopes, and event streams of both wire
//! formats.
//!
//! ```
//! use anthropic_completions::ResponseBody;
//!
//! let old = br#"{"completion":" Hi","stop_reason":"max_tokens","model":"claude-2.0"}"#;
//! let body = ResponseBody::from_slice(old)?;
//! assert_eq!(body.shape(), "legacy-completion");
//! assert_eq!(body.into_completion().unwrap().completion, " Hi");
//! # Ok::<(), anthropic_completions::ReadError>(())
//! ```
//!
//! # Streams
//!
//! [`stream::fold`] reads a blocking `text/event-stream` body into its [`Completion`];
//! [`stream::Decoder`] is the same parser without I/O, fed chunks cut anywhere; with the
//! `async` feature, `stream::EventStream` and `stream::fold_async` read any
//! `futures_core::Stream` of byte chunks (reqwest's `bytes_stream()`).
//!
//! ```
//! use anthropic_completions::stream::{Accumulator, Decoder};
//!
//! let body = "data: {\"type\":\"completion\",\"completion\":\" Hi\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-2.1\"}\n\n";
//! let mut decoder = Decoder::new();
//! let mut accumulator = Accumulator::new();
//! for chunk in body.as_bytes().chunks(5) {
//!     for event in decoder.feed(chunk) {
//!         accumulator.push(&event?)?;
//!     }
//! }
//! for event in decoder.finish() {
//!     accumulator.push(&event?)?;
//! }
//! assert_eq!(accumulator.finish()?.completion, " Hi");
//! # Ok::<(), anthropic_completions::stream::StreamError>(())
//! ```
//!
//! # Errors and retries
//!
//! Error bodies ([`ErrorResponse`], [`LegacyErrorResponse`], [`ErrorObject`]) and a request's
//! [`Violations`] are `std::error::Error`s; [`ErrorType::from_status`] tells the kind of an
//! HTTP status, [`http::retry`] the official SDKs' retry decision.
//!
//! ```
//! use anthropic_completions::{ErrorResponse, ErrorType, http};
//!
//! let body = r#"{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}"#;
//! let error: Box<dyn std::error::Error> = Box::new(serde_json::from_str::<ErrorResponse>(body)?);
//! assert_eq!(error.to_string(), "rate_limit_error: Slow down");
//! assert_eq!(ErrorType::from_status(429), Some(ErrorType::RateLimitError));
//! assert!(http::retry(429, [("retry-after", "1")]).again);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Validating recorded traffic (feature `validate`)
//!
//! `validate::validate` checks JSON documents, JSON Lines and event streams record by
//! record in bounded memory, each problem a `validate::Diagnostic` with its line, column,
//! JSON pointer and `validate::Code`; with the `cassettes` feature,
//! `validate::validate_cassette` checks HTTP cassettes (VCR, vcrpy, HAR, httprr), each
//! request with its response, at the day it was recorded.
//!
//! ```
//! # #[cfg(feature = "validate")] {
//! use anthropic_completions::validate::{validate, Code, Format, Options};
//!
//! let line = r#"{"type":"completion","id":"c","completion":"","stop_reason":5,"model":"claude-2.1"}"#;
//! let mut found = Vec::new();
//! let summary = validate(line.as_bytes(), Format::JsonLines, &Options::default(), |d| found.push(d));
//! assert_eq!((summary.invalid, found[0].code, found[0].pointer.as_str()), (1, Code::WrongType, "/stop_reason"));
//! # }
//! ```
//!
//! # The JSON Schema
//!
//! [`json_schema`] gives the schema made from the Rust types (schemars); tests prove it
//! agrees with the source schema.
//!
//! # Features
//!
//! | feature | what it adds | dependencies |
//! |---|---|---|
//! | (none) | the types with `validate()`, streams, the JSON Schema | serde, serde_json, strum (its traits), schemars, memchr; `anthropic-completions-derive`, this crate's derives |
//! | `validate` | the `validate` module: recorded traffic checked with located diagnostics | strum's derives |
//! | `cassettes` | `cassette` and `validate::validate_cassette` (with `validate`) | saphyr-parser, flate2, brotli-decompressor, base64 |
//! | `async` | `stream::EventStream`, `stream::fold_async` | futures-core |
//! | `cli` | the `anthropic-completions` tool (with `cassettes`) | clap, annotate-snippets, indicatif |

#![forbid(unsafe_code)]
// Without the validator, parts of the machinery it shares with the types (the record probe,
// the walker's untyped entry points) have no caller. CI's clippy runs with every feature, where
// dead code is still an error.
#![cfg_attr(not(feature = "validate"), allow(dead_code))]
#![deny(missing_docs)]

#[doc(hidden)]
pub mod __private;
#[cfg(feature = "cassettes")]
pub mod cassette;
mod checks;
mod date;
mod errors;
mod export;
mod format;
pub mod http;
#[cfg(feature = "validate")]
mod lines;
mod location;
mod model;
pub mod prompt;
mod record;
mod response;
pub mod stream;
mod types;
#[cfg(feature = "validate")]
pub mod validate;
mod violation;

pub use date::{Date, DateError, Dated};
pub use export::json_schema;
pub use location::{Pointer, Position};
pub use model::Status;
pub use response::{ReadError, ResponseBody};
pub use types::*;
pub use violation::{Violation, Violations};

// The README's example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// The quick-start client (examples/client.rs) runs as a doctest too.
#[cfg(doctest)]
#[doc = concat!("````\n", include_str!("../examples/client.rs"), "\n````")]
struct ClientExample;
