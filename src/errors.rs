//! The API's error bodies as Rust errors, and the kind an HTTP status stands for.
//!
//! ```
//! use anthropic_completions::{ErrorResponse, ErrorType};
//!
//! let body = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#;
//! let error: ErrorResponse = serde_json::from_str(body)?;
//! assert_eq!(error.to_string(), "overloaded_error: Overloaded (request req_1)");
//! let boxed: Box<dyn std::error::Error> = Box::new(error);
//! assert!(boxed.to_string().starts_with("overloaded_error"));
//! assert_eq!(ErrorType::from_status(529), Some(ErrorType::OverloadedError));
//! assert_eq!(ErrorType::from_status(422), Some(ErrorType::InvalidRequestError));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use strum::IntoEnumIterator;

use crate::{ErrorObject, ErrorResponse, ErrorType, LegacyErrorResponse};

impl ErrorType {
    /// The kind of error an HTTP status stands for: the kind whose status it is
    /// ([`ErrorType::http_status`]); else, for another status of a class a kind covers
    /// ([`ErrorType::covers_class`]: other 4xx are `invalid_request_error`, other 5xx
    /// `api_error`), that kind; `None` for a status that is not an error.
    pub fn from_status(status: u16) -> Option<ErrorType> {
        let class = |status: u16| status / 100;
        if !matches!(class(status), 4 | 5) {
            return None;
        }
        ErrorType::iter()
            .find(|kind| kind.http_status() == Some(status))
            .or_else(|| {
                ErrorType::iter().find(|kind| {
                    kind.covers_class() && kind.http_status().map(class) == Some(class(status))
                })
            })
    }
}

impl fmt::Display for ErrorObject {
    /// `kind: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.r#type.as_str(), self.message)
    }
}

impl std::error::Error for ErrorObject {}

/// `kind: message`, then the request's id when the body has one.
fn write_error(
    f: &mut fmt::Formatter<'_>,
    error: &ErrorObject,
    request_id: Option<&str>,
) -> fmt::Result {
    write!(f, "{error}")?;
    match request_id {
        Some(id) => write!(f, " (request {id})"),
        None => Ok(()),
    }
}

impl fmt::Display for ErrorResponse {
    /// `kind: message (request id)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_error(
            f,
            &self.error,
            self.request_id.as_ref().and_then(Option::as_deref),
        )
    }
}

// The error object is in the message already: no `source`, or a chain would say it twice.
impl std::error::Error for ErrorResponse {}

impl fmt::Display for LegacyErrorResponse {
    /// `kind: message (request id)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_error(
            f,
            &self.error,
            self.request_id.as_ref().and_then(Option::as_deref),
        )
    }
}

// The error object is in the message already: no `source`, or a chain would say it twice.
impl std::error::Error for LegacyErrorResponse {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_of_the_schema_maps_back_to_its_kind() {
        for kind in ErrorType::iter() {
            let status = kind.http_status().unwrap();
            assert_eq!(ErrorType::from_status(status), Some(kind));
        }
        assert_eq!(
            ErrorType::from_status(418),
            Some(ErrorType::InvalidRequestError)
        );
        assert_eq!(ErrorType::from_status(503), Some(ErrorType::ApiError));
        assert_eq!(ErrorType::from_status(200), None);
        assert_eq!(ErrorType::from_status(302), None);
        assert_eq!(ErrorType::from_status(0), None);
    }

    #[test]
    fn an_unlisted_kind_displays_as_sent() {
        let error: ErrorObject =
            serde_json::from_str(r#"{"type":"brand_new_error","message":"m"}"#).unwrap();
        assert_eq!(error.to_string(), "brand_new_error: m");
        let legacy: LegacyErrorResponse =
            serde_json::from_str(r#"{"error":{"type":"api_error","message":"x"}}"#).unwrap();
        assert_eq!(legacy.to_string(), "api_error: x");
    }
}
