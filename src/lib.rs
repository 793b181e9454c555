//! Types for Anthropic's Text Completions API (`POST /v1/complete`), generated at build time
//! from the JSON Schema in `schema/completions.schema.json`.
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
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! The model list and the stop reasons are open unions: an id the schema does not list
//! deserializes into `Other` and serializes back unchanged. Keys the schema does not declare
//! are kept in `Completion::extra`, so a round trip loses nothing.
//!
//! Where things are: the generated types are at the crate root; [`validate`] checks recorded
//! traffic, [`stream`] reads event streams, `cassette` (feature `cassettes`) reads HTTP
//! cassettes (VCR, vcrpy, HAR, httprr), [`Pointer`] and [`Position`] say where a problem is,
//! and [`json_schema`] exports the schema made from the Rust types. Error bodies and a
//! request's [`Violations`] are `std::error::Error`s; [`ErrorType::from_status`] tells the kind
//! of an HTTP status and [`http::retry`] the SDKs' retry decision.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[doc(hidden)]
pub mod __private;
#[cfg(feature = "cassettes")]
pub mod cassette;
mod checks;
mod date;
mod errors;
mod export;
pub mod http;
mod lines;
mod location;
mod model;
pub mod prompt;
mod record;
mod response;
pub mod stream;
mod types;
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
