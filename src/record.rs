//! What kind of record a JSON value is: the one place that decides, for the validator, the
//! stream reader and the stats alike.
//!
//! A record is told by its `type` (`"completion"`, `"error"`), by a `prompt` (a request), or,
//! for the 2023 shapes without `type`, by an `error` or `completion` member. An event's data is
//! a typed stream event when it has a `type`; otherwise its event name tells the 2023 shape.

use serde_json::Value;

use crate::__private::{Described, Problem, check};
use crate::validate::Kind;
use crate::{
    Completion, CompletionRequest, ErrorResponse, LegacyCompletionEvent, LegacyErrorResponse,
    PingEvent, StreamEvent,
};

/// The type a record is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A completion body.
    Completion,
    /// A request body.
    Request,
    /// An error body.
    Error,
    /// An error body without the top-level `type` (2023).
    LegacyError,
    /// A completion body or chunk without `type` and `id` (2023).
    LegacyCompletion,
    /// The data of a stream event.
    StreamEvent,
    /// An `event: ping` whose data has no `type` (2023 docs: `{}`).
    LegacyPing,
}

/// What the decision looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Facts<'a> {
    /// The value is an object.
    pub(crate) object: bool,
    /// Its `type`, when that is a string.
    pub(crate) tag: Option<&'a str>,
    /// It has a `type` key at all.
    pub(crate) typed: bool,
    /// It has a `prompt` key.
    pub(crate) prompt: bool,
    /// It has an `error` key.
    pub(crate) error: bool,
    /// It has a `completion` key.
    pub(crate) completion: bool,
}

impl<'a> Facts<'a> {
    /// The facts of a parsed value.
    pub(crate) fn of(value: &'a Value) -> Facts<'a> {
        let Some(object) = value.as_object() else {
            return Facts::default();
        };
        Facts {
            object: true,
            tag: object.get("type").and_then(Value::as_str),
            typed: object.contains_key("type"),
            prompt: object.contains_key("prompt"),
            error: object.contains_key("error"),
            completion: object.contains_key("completion"),
        }
    }
}

impl Shape {
    /// The shape of a record, for the kind the caller asked for; `None` when it cannot be told.
    pub(crate) fn of_record(facts: Facts<'_>, kind: Kind) -> Option<Shape> {
        if !facts.object {
            return None;
        }
        match (kind, facts.tag) {
            (Kind::Auto | Kind::Completion, Some("completion")) => Some(Shape::Completion),
            (Kind::Auto | Kind::Error, Some("error")) => Some(Shape::Error),
            (Kind::Auto | Kind::Request, _) if facts.prompt => Some(Shape::Request),
            (Kind::Auto | Kind::Error, None) if facts.error => Some(Shape::LegacyError),
            (Kind::Auto | Kind::Completion, None) if facts.completion => {
                Some(Shape::LegacyCompletion)
            }
            (Kind::Completion, _) => Some(Shape::Completion),
            (Kind::Error, _) => Some(Shape::Error),
            (Kind::Request, _) => Some(Shape::Request),
            _ => None,
        }
    }

    /// The shape of an event's data: typed when it has a `type`, else by the event's name.
    pub(crate) fn of_event(typed: bool, event_name: Option<&str>) -> Shape {
        match (typed, event_name) {
            (true, _) => Shape::StreamEvent,
            (false, Some("ping")) => Shape::LegacyPing,
            (false, Some("error")) => Shape::LegacyError,
            (false, _) => Shape::LegacyCompletion,
        }
    }

    /// Every problem of `value` checked as this shape.
    pub(crate) fn problems(self, value: &Value) -> Vec<Problem> {
        let rules = match self {
            Shape::Completion => Completion::rules(),
            Shape::Request => CompletionRequest::rules(),
            Shape::Error => ErrorResponse::rules(),
            Shape::LegacyError => LegacyErrorResponse::rules(),
            Shape::LegacyCompletion => LegacyCompletionEvent::rules(),
            Shape::StreamEvent => StreamEvent::rules(),
            // The 2023 ping carried nothing anyone read: any object will do.
            Shape::LegacyPing if value.is_object() => return Vec::new(),
            Shape::LegacyPing => PingEvent::rules(),
        };
        check(value, rules)
    }

    /// The stats' name of the kind (`completion`, `legacy-error`, ...).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Completion => "completion",
            Shape::Request => "request",
            Shape::Error => "error",
            Shape::LegacyError => "legacy-error",
            Shape::LegacyCompletion => "legacy-completion",
            Shape::StreamEvent | Shape::LegacyPing => "stream-event",
        }
    }

    /// What to say about a 2023 shape.
    pub(crate) fn legacy_note(self) -> Option<&'static str> {
        match self {
            Shape::LegacyCompletion => Some(
                "the 2023 shape: no `type` and no `id` (API output of the time, not today's contract)",
            ),
            Shape::LegacyError => {
                Some("the 2023 shape: an error body without the top-level `type`")
            }
            Shape::LegacyPing => Some("the 2023 shape: a ping whose data has no `type`"),
            _ => None,
        }
    }
}
