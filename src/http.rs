//! The HTTP surface of `POST /v1/complete`: path, versions and header names.

/// The API's base URL.
pub const BASE_URL: &str = "https://api.anthropic.com";
/// The endpoint's path.
pub const PATH: &str = "/v1/complete";
/// The HTTP method.
pub const METHOD: &str = "POST";

/// The `anthropic-version` that every current SDK sends: event streams carry increments.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// The first `anthropic-version`: cumulative stream text, `data: [DONE]`, `exception` and
/// `truncated` in responses.
pub const ANTHROPIC_VERSION_2023_01_01: &str = "2023-01-01";

/// Request header: the API key.
pub const X_API_KEY: &str = "x-api-key";
/// Request header: the API version; required in practice (a 400 without it).
pub const ANTHROPIC_VERSION_HEADER: &str = "anthropic-version";
/// Request header: beta features, comma-separated or repeated.
pub const ANTHROPIC_BETA: &str = "anthropic-beta";
/// Request and response header: `application/json`, or `text/event-stream` for a stream.
pub const CONTENT_TYPE: &str = "content-type";
/// Response header: the request's id, repeated as `request_id` in error bodies.
pub const REQUEST_ID: &str = "request-id";
/// Response header: seconds to wait before retrying.
pub const RETRY_AFTER: &str = "retry-after";
/// Response header honoured by the SDKs: milliseconds to wait before retrying.
pub const RETRY_AFTER_MS: &str = "retry-after-ms";
/// Response header honoured by the SDKs: `true` or `false`, overriding their retry decision.
pub const X_SHOULD_RETRY: &str = "x-should-retry";

/// The content type of a streamed response.
pub const EVENT_STREAM: &str = "text/event-stream";
/// The content type of a JSON body.
pub const JSON: &str = "application/json";

/// Whether to retry a request that failed, and after how long, as the official SDKs decide
/// it ([`retry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Retry {
    /// Whether to send the request again.
    pub again: bool,
    /// How long the response asks to wait (`retry-after-ms`, else `retry-after` in seconds),
    /// when it says, as it says it: bounding it (a response may ask for an hour) and the
    /// backoff when it does not are the caller's.
    pub after: Option<std::time::Duration>,
}

/// The SDKs' retry decision for a response with `status` and `headers` (names matched
/// without regard to case). A response below 400 did not fail: no retry. Otherwise
/// `x-should-retry: true` or `false` decides when present, and without it 408, 409, 429 and
/// every status from 500 on are retried, and nothing else. The delay comes
/// from `retry-after-ms`, else from `retry-after` given in seconds (a `retry-after` HTTP date
/// is not read: it needs the clock).
///
/// ```
/// use anthropic_completions::http::retry;
/// use std::time::Duration;
///
/// let overloaded = retry(529, [("retry-after", "2")]);
/// assert!(overloaded.again);
/// assert_eq!(overloaded.after, Some(Duration::from_secs(2)));
/// assert!(!retry(400, []).again);
/// assert!(!retry(529, [("X-Should-Retry", "false")]).again);
/// assert!(retry(400, [("x-should-retry", "true")]).again);
/// ```
pub fn retry<'a>(status: u16, headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Retry {
    let (mut should, mut after_ms, mut after_s) = (None, None, None);
    for (name, value) in headers {
        let value = value.trim();
        if name.eq_ignore_ascii_case(X_SHOULD_RETRY) {
            should = match value {
                "true" => Some(true),
                "false" => Some(false),
                _ => should,
            };
        } else if name.eq_ignore_ascii_case(RETRY_AFTER_MS) {
            after_ms = value.parse::<f64>().ok();
        } else if name.eq_ignore_ascii_case(RETRY_AFTER) {
            after_s = value.parse::<f64>().ok();
        }
    }
    let by_status = matches!(status, 408 | 409 | 429) || status >= 500;
    let failed = status >= 400;
    let after = after_ms
        .map(|ms| ms / 1000.0)
        .or(after_s)
        .and_then(|seconds| std::time::Duration::try_from_secs_f64(seconds).ok());
    Retry {
        again: failed && should.unwrap_or(by_status),
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_retried_by_default_follow_the_sdks() {
        let retried: Vec<u16> = [
            400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 504, 529,
        ]
        .into_iter()
        .filter(|status| retry(*status, []).again)
        .collect();
        assert_eq!(retried, [408, 409, 429, 500, 504, 529]);
    }

    #[test]
    fn delays_come_from_the_headers() {
        let ms = retry(429, [("retry-after-ms", "1500"), ("retry-after", "9")]);
        assert_eq!(ms.after, Some(std::time::Duration::from_millis(1500)));
        let date = retry(429, [("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
        assert_eq!(date.after, None);
        assert_eq!(retry(429, [("retry-after", "-3")]).after, None);
        // A value that is neither true nor false is not read: the status decides.
        assert!(!retry(400, [("x-should-retry", "maybe")]).again);
        assert!(retry(500, [("x-should-retry", "maybe")]).again);
        // A success is never retried, whatever the header says.
        assert!(!retry(200, [("x-should-retry", "true")]).again);
    }
}
