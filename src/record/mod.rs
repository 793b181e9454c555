//! What kind of record a JSON value is: the one place that decides, for the validator, the
//! stream reader and the stats alike.
//!
//! A record is told by its `type` (`"completion"`, `"error"`), by a `prompt` (a request), or,
//! for the 2023 shapes without `type`, by an `error` or `completion` member. An event's data is
//! a typed stream event when it has a `type`; otherwise its event name tells the 2023 shape.

mod probe;

use serde_json::Value;

use crate::__private::{
    Checked, Described, Picked, Problem, Ty, UnionValue, check, check_counting, check_json,
    check_json_object,
};
use crate::{
    Completion, CompletionEvent, CompletionRequest, Date, ErrorResponse, LegacyCompletionEvent,
    LegacyErrorResponse, PingEvent, StreamEvent,
};

/// What a record must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Told by the record: `type` `"completion"` or `"error"`, a `prompt` (a request), or the 2023
    /// shapes (an `error` member, or a `completion` member without `type`).
    #[default]
    Auto,
    /// A completion body.
    Completion,
    /// An error body.
    Error,
    /// A request body.
    Request,
    /// A streamed response (the whole input is one event stream).
    Stream,
}

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
    /// A `type` that names no kind of this endpoint (`5`, `"message"`) does not make a record
    /// of the 2023 shape: the kind its other fields fit is chosen, and its `type` is then wrong.
    pub(crate) fn of_record(facts: Facts<'_>, kind: Kind) -> Option<Shape> {
        if !facts.object {
            return None;
        }
        let listed_tag = matches!(facts.tag, Some("completion" | "error"));
        match (kind, facts.tag) {
            (Kind::Auto | Kind::Completion, Some("completion")) => Some(Shape::Completion),
            (Kind::Auto | Kind::Error, Some("error")) => Some(Shape::Error),
            (Kind::Auto | Kind::Request, _) if facts.prompt => Some(Shape::Request),
            (Kind::Auto | Kind::Error, _) if facts.error && !facts.typed => {
                Some(Shape::LegacyError)
            }
            (Kind::Auto | Kind::Completion, _) if facts.completion && !facts.typed => {
                Some(Shape::LegacyCompletion)
            }
            (Kind::Auto, _) if facts.error && !listed_tag => Some(Shape::Error),
            (Kind::Auto, _) if facts.completion && !listed_tag => Some(Shape::Completion),
            (Kind::Completion, _) => Some(Shape::Completion),
            (Kind::Error, _) => Some(Shape::Error),
            (Kind::Request, _) => Some(Shape::Request),
            _ => None,
        }
    }

    /// Why a record's kind cannot be told, in words.
    pub(crate) fn unknown_kind(facts: Facts<'_>) -> &'static str {
        match facts.tag {
            // A Messages API body, or one of its stream events.
            Some(tag)
                if tag == "message"
                    || tag.starts_with("message_")
                    || tag.starts_with("content_block_") =>
            {
                "a Messages API body or event (its `type`): `POST /v1/complete` never sent one"
            }
            _ => {
                "cannot tell what this record is: no `type` of \"completion\" or \"error\", and no `prompt`"
            }
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

    /// Every problem of `value` checked as this shape, for a record made on `recorded_on`
    /// where known.
    pub(crate) fn problems(self, value: &Value, recorded_on: Option<Date>) -> Vec<Problem> {
        match self.rules() {
            Some(rules) => check(value, rules, recorded_on),
            None if value.is_object() => Vec::new(),
            None => check(value, PingEvent::RULES, recorded_on),
        }
    }

    /// Every problem of `value` checked as this shape, and the values of string unions in it.
    pub(crate) fn problems_and_values(self, value: &Value) -> (Vec<Problem>, Vec<UnionValue>) {
        match self.rules() {
            Some(rules) => check_counting(value, rules),
            None => (self.problems(value, None), Vec::new()),
        }
    }

    /// Every problem of the JSON `text` checked as this shape, read as it streams, for a
    /// record made on `recorded_on` where known; the values `picked` asks for are kept in it.
    pub(crate) fn problems_of_json(
        self,
        text: &str,
        recorded_on: Option<Date>,
        picked: Option<&mut Picked>,
    ) -> Result<Checked, serde_json::Error> {
        match self.rules() {
            Some(rules) => check_json(text, rules, recorded_on, picked),
            // Any object will do; anything else is read closely.
            None => {
                picked.map(Picked::clear);
                check_json_object(text)
            }
        }
    }

    /// The rules the shape is checked against; `None` for the 2023 ping, which any object is.
    fn rules(self) -> Option<Ty> {
        let rules = match self {
            Shape::Completion => Completion::RULES,
            Shape::Request => CompletionRequest::RULES,
            Shape::Error => ErrorResponse::RULES,
            Shape::LegacyError => LegacyErrorResponse::RULES,
            Shape::LegacyCompletion => LegacyCompletionEvent::RULES,
            Shape::StreamEvent => StreamEvent::RULES,
            // The 2023 ping carried nothing anyone read: any object will do.
            Shape::LegacyPing => return None,
        };
        Some(rules)
    }

    /// The tag key of stream events, and whether `tag` names the error event: asked of the
    /// generated `StreamEvent` and `ErrorResponse`.
    pub(crate) fn event_tag() -> &'static str {
        match StreamEvent::RULES {
            Ty::Tagged(rules) => rules.tag,
            _ => "type",
        }
    }

    /// Whether an event's data tagged `tag` is an error body.
    pub(crate) fn is_error_event(tag: &str) -> bool {
        Shape::tag_is_of(tag, ErrorResponse::RULES)
    }

    /// Whether an event's data tagged `tag` is a completion chunk.
    pub(crate) fn is_completion_event(tag: &str) -> bool {
        Shape::tag_is_of(tag, CompletionEvent::RULES)
    }

    /// Whether `StreamEvent`'s variant tagged `tag` is the object type `member`.
    fn tag_is_of(tag: &str, member: Ty) -> bool {
        let (Ty::Tagged(events), Ty::Object(member)) = (StreamEvent::RULES, member) else {
            return false;
        };
        events
            .variants
            .iter()
            .any(|(listed, rules)| *listed == tag && std::ptr::eq(*rules, member))
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
