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
