//! What a request and its response say of each other: the checks only a recorded pair allows.
//! A contradiction inside the pair is an error; a fact about the world (which snapshot an
//! alias answered with) is a warning.

use serde_json::Value;

use super::finding::Finding;
use super::{Code, Format, Severity};
use crate::cassette::{Interaction, Response};
use crate::http;
use crate::stream::{ErrorKind, StreamError, TextMode};
use crate::{Date, ErrorType, Model, Pointer, ReadError, ResponseBody};

/// The turn marker the model always stops on, whatever `stop_sequences` say.
const TURN_MARKER: &str = "\n\nHuman:";

/// A finding of the pair: the response disagrees with the request (or with itself). Placed at
/// the finding's pointer in the response body when the value is there, else at the
/// interaction.
pub(crate) struct PairFinding {
    pub(crate) finding: Finding,
    /// Place it at the finding's pointer in the response body.
    pub(crate) in_body: bool,
}

/// How the response body is framed: as its `content-type` says, else as it looks.
pub(crate) fn response_format(response: &Response) -> Format {
    match response.headers.get(http::CONTENT_TYPE) {
        Some(kind) if is_event_stream(kind) => Format::EventStream,
        Some(_) => Format::Json,
        None => Format::of_content(response.body.bytes()).unwrap_or(Format::Json),
    }
}

fn is_event_stream(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case(http::EVENT_STREAM))
}

/// Every cross-check of `interaction`, recorded on `day` when known.
pub(crate) fn cross_checks(interaction: &Interaction, day: Option<Date>) -> Vec<PairFinding> {
    let mut found = Vec::new();
    let request: Option<Value> = serde_json::from_slice(interaction.request.body.bytes()).ok();
    let response = &interaction.response;
    let body = ResponseBody::from_slice(response.body.bytes());
    let status = response.status;
    let success = status.is_none_or(|s| (200..300).contains(&s));
    let streamed = request
        .as_ref()
        .and_then(|r| r.get("stream"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut say = |severity, code, pointer: Option<Pointer>, message: String| {
        let mut finding = Finding::new(severity, code, message);
        let in_body = pointer.is_some();
        finding.pointer = pointer.unwrap_or_default();
        found.push(PairFinding { finding, in_body });
    };

    // The stream flag, the content type and the body's look.
    let looks_like = Format::of_content(response.body.bytes());
    let content_type = response.headers.get(http::CONTENT_TYPE);
    if let (Some(kind), Some(looks)) = (content_type, looks_like) {
        let said = if is_event_stream(kind) {
            Format::EventStream
        } else {
            Format::Json
        };
        if said != looks {
            let message = format!(
                "the response's content-type is `{kind}` but its body is {}",
                describe(looks)
            );
            say(Severity::Error, Code::StreamMismatch, None, message);
        }
    }
    let framed = response_format(response);
    if success && response.body.is_recorded() && streamed != (framed == Format::EventStream) {
        let message = if streamed {
            format!(
                "the request asks for a stream (`stream: true`) but the response is {}",
                describe(framed)
            )
        } else {
            "the request does not ask for a stream but the response is an event stream".to_owned()
        };
        say(Severity::Error, Code::StreamMismatch, None, message);
    }

    // The status and the body's kind.
    if let (Some(status), Ok(body)) = (status, &body) {
        let error_type = match body {
            ResponseBody::Error(error) => Some(&error.error.r#type),
            ResponseBody::LegacyError(error) => Some(&error.error.r#type),
            _ => None,
        };
        match error_type {
            None if !(200..300).contains(&status) => say(
                Severity::Error,
                Code::StatusMismatch,
                None,
                format!("the status is {status} but the body is a completion"),
            ),
            Some(kind) if (200..300).contains(&status) => say(
                Severity::Error,
                Code::StatusMismatch,
                Some(Pointer::root().key("error").key("type")),
                format!("the status is {status} but the body is an error (`{kind}`)"),
            ),
            Some(kind) => {
                // The kind a status stands for (ErrorType::from_status, from the schema's
                // facts) is the one expected; another kind of the same class is worth a
                // warning (a proxy may have changed the status), one of another class
                // contradicts the body.
                let class = |status: u16| status / 100;
                let expected = kind
                    .http_status()
                    .filter(|_| ErrorType::from_status(status).as_ref() != Some(kind));
                if let Some(expected) = expected {
                    let severity = if class(expected) == class(status) {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    say(
                        severity,
                        Code::StatusMismatch,
                        Some(Pointer::root().key("error").key("type")),
                        format!("the status is {status} but `{kind}` is answered with {expected}"),
                    );
                }
            }
            None => {}
        }
    }

    // The request-id header and the error body's `request_id`.
    let body_request_id = match &body {
        Ok(ResponseBody::Error(error)) => error.request_id.clone().flatten(),
        Ok(ResponseBody::LegacyError(error)) => error.request_id.clone().flatten(),
        Err(ReadError::Stream(StreamError {
            kind: ErrorKind::ErrorEvent(error),
            ..
        })) => error.request_id.clone().flatten(),
        _ => None,
    };
    if let (Some(header), Some(id)) = (response.headers.get(http::REQUEST_ID), body_request_id)
        && header.trim() != id
    {
        let pointer = (framed == Format::Json).then(|| Pointer::root().key("request_id"));
        say(
            Severity::Error,
            Code::RequestIdMismatch,
            pointer,
            format!("the body's request_id `{id}` is not the request-id header `{header}`"),
        );
    }

    // The API version and the stream's format or the body's shape.
    let version = interaction
        .request
        .headers
        .get(http::ANTHROPIC_VERSION_HEADER)
        .map(str::trim);
    match (&body, version) {
        (Ok(ResponseBody::Stream { mode, .. }), Some(version)) => {
            let expected = match version {
                http::ANTHROPIC_VERSION_2023_01_01 => Some(TextMode::Cumulative),
                http::ANTHROPIC_VERSION => Some(TextMode::Increments),
                _ => None,
            };
            if expected.is_some_and(|expected| expected != *mode) {
                let (wire, wanted) = match mode {
                    TextMode::Cumulative => (
                        "the whole text so far in each event (2023-01-01)",
                        "increments",
                    ),
                    _ => ("increments", "the whole text so far in each event"),
                };
                say(
                    Severity::Error,
                    Code::VersionMismatch,
                    None,
                    format!(
                        "the request asks for anthropic-version {version}, which streams {wanted}, but the stream carries {wire}"
                    ),
                );
            }
        }
        (Ok(ResponseBody::LegacyCompletion(old)), Some(http::ANTHROPIC_VERSION)) => {
            for (key, present) in [
                ("exception", old.exception.is_some()),
                ("truncated", old.truncated.is_some()),
            ] {
                if present {
                    say(
                        Severity::Error,
                        Code::VersionMismatch,
                        Some(Pointer::root().key(key)),
                        format!(
                            "`{key}` was removed in anthropic-version 2023-06-01, which the request asks for"
                        ),
                    );
                }
            }
        }
        _ => {}
    }

    // What the response says of the request: its model and its stop sequence.
    let Some(completion) = body.ok().and_then(ResponseBody::into_completion) else {
        return found;
    };
    let model_pointer = (framed == Format::Json).then(|| Pointer::root().key("model"));
    let requested = request
        .as_ref()
        .and_then(|r| r.get("model"))
        .and_then(Value::as_str);
    // For an alias whose target is not published, any answer may be right.
    if let Some(asked) = requested.and_then(Model::known)
        && completion.model != asked
        && !asked.unpublished_target()
    {
        let targets: Vec<Model> = match day {
            Some(day) => asked.alias_on(day),
            None => asked
                .alias_of()
                .iter()
                .map(|span| span.value.clone())
                .collect(),
        };
        if !targets.contains(&completion.model) {
            let when = day.map_or_else(|| "ever".to_owned(), |day| format!("on {day}"));
            let message = if asked.alias_of().is_empty() {
                format!("requested `{asked}`, answered by `{}`", completion.model)
            } else if targets.is_empty() {
                format!(
                    "requested the alias `{asked}`, whose target {when} is not known, answered by `{}`",
                    completion.model
                )
            } else {
                let targets: Vec<String> = targets.iter().map(|m| format!("`{m}`")).collect();
                format!(
                    "requested the alias `{asked}` (pointing {when} to {}), answered by `{}`",
                    targets.join(" or "),
                    completion.model
                )
            };
            say(
                Severity::Warning,
                Code::ModelMismatch,
                model_pointer,
                message,
            );
        }
    }
    if let Some(Some(stop)) = &completion.stop {
        let asked: Vec<&str> = request
            .as_ref()
            .and_then(|r| r.get("stop_sequences"))
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if stop != TURN_MARKER && !asked.contains(&stop.as_str()) {
            let pointer = (framed == Format::Json).then(|| Pointer::root().key("stop"));
            let message = format!(
                "the response stopped on {} which is neither a requested stop sequence nor the turn marker",
                serde_json::to_string(stop).unwrap_or_default()
            );
            say(Severity::Error, Code::StopMismatch, pointer, message);
        }
    }
    found
}

fn describe(format: Format) -> &'static str {
    match format {
        Format::EventStream => "an event stream",
        _ => "JSON",
    }
}
