//! What a cassette holds: interactions, each a request and a response with their headers and
//! decoded bodies.

use super::Body;
use crate::Date;

/// The header fields of a request or response, in their recorded order and spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// The first value of the field `name` (matched without regard to case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every field, as recorded.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub(crate) fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }
}

/// A recorded request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, as recorded (`POST`, Ruby VCR's `post`).
    pub method: String,
    /// The URL.
    pub uri: String,
    /// The header fields.
    pub headers: Headers,
    /// The body, decoded.
    pub body: Body,
}

impl Request {
    /// Whether this is a call of `POST /v1/complete`: the method, and a path that ends with
    /// `/v1/complete` (on any host, under any prefix: gateways and proxies put one before it).
    pub fn is_complete(&self) -> bool {
        is_complete(&self.method, &self.uri)
    }
}

/// [`Request::is_complete`] of a method and URI, for the readers, which know them before they
/// read the bodies: those of other endpoints are not read.
pub(crate) fn is_complete(method: &str, uri: &str) -> bool {
    // The authority ends at the first `/`, `?` or `#`: a query is not a path.
    let path = uri.split_once("://").map_or(uri, |(_, rest)| {
        rest.find(['/', '?', '#']).map_or("", |at| &rest[at..])
    });
    let path = path.split(['?', '#']).next().unwrap_or_default();
    method.eq_ignore_ascii_case(crate::http::METHOD)
        && path.trim_end_matches('/').ends_with(crate::http::PATH)
}

/// A recorded response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status, when recorded.
    pub status: Option<u16>,
    /// The header fields.
    pub headers: Headers,
    /// The body, decoded.
    pub body: Body,
}

/// One call: a request, its response, and when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    /// The 1-based number of the interaction in its cassette.
    pub number: usize,
    /// The day it was recorded: Ruby VCR's `recorded_at`, HAR's `startedDateTime`, else the
    /// response's `Date` header.
    pub recorded_on: Option<Date>,
    /// The request.
    pub request: Request,
    /// The response.
    pub response: Response,
    /// Where the interaction starts in the cassette (a byte offset).
    pub(crate) at: usize,
}
