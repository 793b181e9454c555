//! One JSON record: its kind, every problem in it, and where each problem sits.

use serde_json::Value;

use std::collections::HashSet;

use super::locate::{line_at, locate, scan};
use super::{Diagnostic, Kind, Options, Severity};
use crate::runtime::{Check, Problem, ProblemKind, show};
use crate::{
    Completion, CompletionRequest, ErrorResponse, LegacyCompletionEvent, LegacyErrorResponse,
    Model, StopReason, StreamEvent,
};

/// The shape a record was checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Completion,
    Request,
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

/// The shape of `value` for the requested kind.
pub(crate) fn shape_of(value: &Value, kind: Kind) -> Option<Shape> {
    let object = value.as_object()?;
    let tag = object.get("type").and_then(Value::as_str);
    match (kind, tag) {
        (Kind::Auto | Kind::Completion, Some("completion")) => Some(Shape::Completion),
        (Kind::Auto | Kind::Error, Some("error")) => Some(Shape::Error),
        (Kind::Auto | Kind::Request, _) if object.contains_key("prompt") => Some(Shape::Request),
        (Kind::Auto | Kind::Error, None) if object.contains_key("error") => {
            Some(Shape::LegacyError)
        }
        (Kind::Auto | Kind::Completion, None) if object.contains_key("completion") => {
            Some(Shape::LegacyCompletion)
        }
        (Kind::Completion, _) => Some(Shape::Completion),
        (Kind::Error, _) => Some(Shape::Error),
        (Kind::Request, _) => Some(Shape::Request),
        _ => None,
    }
}

/// Every problem of `value` as `shape`.
pub(crate) fn problems(value: &Value, shape: Shape) -> Vec<Problem> {
    let mut out = Vec::new();
    match shape {
        Shape::Completion => Completion::check(value, "", &mut out),
        Shape::Request => CompletionRequest::check(value, "", &mut out),
        Shape::Error => ErrorResponse::check(value, "", &mut out),
        Shape::LegacyError => LegacyErrorResponse::check(value, "", &mut out),
        Shape::LegacyCompletion => LegacyCompletionEvent::check(value, "", &mut out),
        Shape::StreamEvent => StreamEvent::check(value, "", &mut out),
        Shape::LegacyPing => {
            crate::runtime::object(value, "", &mut out);
        }
    }
    out
}

/// The problem as a diagnostic (position still unset), with its code and severity.
pub(crate) fn diagnose(problem: Problem, options: &Options) -> Diagnostic {
    let forward = if options.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let pointer = match &problem.kind {
        ProblemKind::Missing { key } => {
            crate::runtime::child(&problem.pointer, &key.replace('~', "~0").replace('/', "~1"))
        }
        _ => problem.pointer.clone(),
    };
    let (severity, code, expected, found, message) = match problem.kind {
        ProblemKind::Missing { key } => (
            Severity::Error,
            "missing-field",
            Some(format!("the key `{key}`")),
            Some("no such key".to_owned()),
            format!("missing field `{key}`"),
        ),
        ProblemKind::WrongType { expected, found } => {
            let message = format!("expected {expected}, found {found}");
            (
                Severity::Error,
                "wrong-type",
                Some(expected.to_owned()),
                Some(found),
                message,
            )
        }
        ProblemKind::WrongConst { expected, found } => {
            let message = format!("expected \"{expected}\", found {found}");
            (
                Severity::Error,
                "wrong-const",
                Some(format!("\"{expected}\"")),
                Some(found),
                message,
            )
        }
        ProblemKind::Unlisted {
            union,
            open: true,
            found,
        } => {
            let code = match union {
                "Model" => "unknown-model",
                "StopReason" => "unknown-stop-reason",
                "ErrorType" => "unknown-error-type",
                "StreamEvent" => "unknown-event-type",
                _ => "unknown-value",
            };
            let message = format!(
                "{found} is not a {union} this crate knows (allowed: the API may add values)"
            );
            (
                forward,
                code,
                Some(format!("a listed {union}")),
                Some(found),
                message,
            )
        }
        ProblemKind::Unlisted {
            union,
            open: false,
            found,
        } => {
            let message = format!("{found} is not a {union}");
            (
                Severity::Error,
                "wrong-value",
                Some(format!("a {union}")),
                Some(found),
                message,
            )
        }
        ProblemKind::Undeclared { closed: true } => (
            Severity::Error,
            "unknown-field",
            None,
            None,
            "a key the schema does not allow here".to_owned(),
        ),
        ProblemKind::Undeclared { closed: false } => (
            forward,
            "unknown-field",
            None,
            None,
            "a key the schema does not declare (allowed: the API may add fields)".to_owned(),
        ),
        ProblemKind::Constraint(violation) => {
            let code = match violation.rule {
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => "out-of-range",
                "minLength" | "maxLength" => "wrong-length",
                "minItems" | "maxItems" => "wrong-count",
                "prompt_format" => "prompt-format",
                _ => "constraint",
            };
            let found = show(&violation.value);
            (Severity::Error, code, None, Some(found), violation.message)
        }
    };
    Diagnostic {
        severity,
        code,
        line: 0,
        column: 0,
        pointer,
        expected,
        found,
        message,
        source_line: String::new(),
    }
}

/// A diagnostic with no position yet (line and column 0): the caller places it.
pub(crate) fn diagnostic(severity: Severity, code: &'static str, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        line: 0,
        column: 0,
        pointer: String::new(),
        expected: None,
        found: None,
        message,
        source_line: String::new(),
    }
}

/// A retired model id at `pointer`, if `value` holds one there.
pub(crate) fn retired_model(value: &Value, pointer: &str) -> Option<Diagnostic> {
    retired(&Model::known(value.pointer(pointer)?.as_str()?)?, pointer)
}

/// The `retired-model` warning for `model` at `pointer`, if it is retired.
fn retired(model: &Model, pointer: &str) -> Option<Diagnostic> {
    if !model.is_known() || quiet_model(model) {
        return None;
    }
    let when = model
        .retired_on()
        .map_or(String::new(), |day| format!(" on {day}"));
    let message = format!("`{model}` was retired{when}: it no longer serves requests");
    let mut diagnostic = diagnostic(Severity::Warning, "retired-model", message);
    diagnostic.pointer = pointer.to_owned();
    diagnostic.found = Some(format!("\"{model}\""));
    Some(diagnostic)
}

/// The fast path: when `text` reads straight into its type, the diagnostics that the typed
/// value alone can tell (undeclared keys, unknown or retired values), placed in the text.
/// `None` means "look closer" (the slow path decides), never "invalid". Serde and the schema
/// agree on validity (the three-judges tests), and the warnings go through the same
/// [`diagnose`], so both paths report the same (a test holds them to it).
pub(crate) fn fast_diagnostics(
    text: &str,
    first_line: usize,
    kind: Kind,
    options: &Options,
) -> Option<Vec<Diagnostic>> {
    let guess = match kind {
        Kind::Completion => Shape::Completion,
        Kind::Error => Shape::Error,
        Kind::Request => Shape::Request,
        Kind::Stream => return None,
        Kind::Auto => guess_kind(text),
    };
    let mut problems = Vec::new();
    let mut found = Vec::new();
    let undeclared =
        |at: &str, extra: &serde_json::Map<String, Value>, problems: &mut Vec<Problem>| {
            for key in extra.keys() {
                crate::runtime::undeclared(at, key, false, problems);
            }
        };
    match guess {
        Shape::Completion => {
            let completion = serde_json::from_str::<Completion>(text)
                .ok()
                .filter(|c| flat(&c.extra))?;
            undeclared("", &completion.extra, &mut problems);
            found.extend(model_warning(&completion.model, &mut problems));
            if let Some(StopReason::Other(reason)) = &completion.stop_reason {
                unlisted(&mut problems, "/stop_reason", "StopReason", reason);
            }
        }
        Shape::Request => {
            let request = serde_json::from_str::<CompletionRequest>(text).ok()?;
            request.validate().ok()?;
            found.extend(model_warning(&request.model, &mut problems));
        }
        _ => {
            let error = serde_json::from_str::<ErrorResponse>(text)
                .ok()
                .filter(|e| flat(&e.extra) && flat(&e.error.extra))?;
            undeclared("", &error.extra, &mut problems);
            undeclared("/error", &error.error.extra, &mut problems);
            if let crate::ErrorType::Other(other) = &error.error.r#type {
                unlisted(&mut problems, "/error/type", "ErrorType", other);
            }
        }
    }
    found.extend(problems.into_iter().map(|p| diagnose(p, options)));
    Some(placed(found, text, first_line, options.source_lines, false))
}

/// The likely shape of `text`, from its `type` when the API's key order puts it first, else
/// from its keys. Only a guess: a wrong one costs a failed typed read, then the slow path.
fn guess_kind(text: &str) -> Shape {
    let head = &text.as_bytes()[..text.len().min(48)];
    let has = |bytes: &[u8], needle: &str| memchr::memmem::find(bytes, needle.as_bytes()).is_some();
    if has(head, "\"completion\"") {
        Shape::Completion
    } else if has(head, "\"error\"") {
        Shape::Error
    } else if has(text.as_bytes(), "\"prompt\"") {
        Shape::Request
    } else if has(text.as_bytes(), "\"error\"") {
        Shape::Error
    } else {
        Shape::Completion
    }
}

/// Whether undeclared values are all scalars. A nested one was read into a `Value`, which keeps
/// the last of two equal keys silently: only the slow path's scan can tell.
fn flat(extra: &serde_json::Map<String, Value>) -> bool {
    extra.values().all(|v| !v.is_object() && !v.is_array())
}

/// A value of an open union that the schema does not list, as the slow path's `Check` reports it.
fn unlisted(problems: &mut Vec<Problem>, pointer: &str, union: &'static str, value: &str) {
    let kind = ProblemKind::Unlisted {
        union,
        open: true,
        found: show(&value.into()),
    };
    problems.push(Problem {
        pointer: pointer.to_owned(),
        kind,
    });
}

/// An unknown model as a problem, or a retired one as a diagnostic.
fn model_warning(model: &Model, problems: &mut Vec<Problem>) -> Option<Diagnostic> {
    if let Model::Other(id) = model {
        unlisted(problems, "/model", "Model", id);
        return None;
    }
    retired(model, "/model")
}

/// Whether `model` passes without a word: listed, current, not retired.
pub(crate) fn quiet_model(model: &Model) -> bool {
    model.is_current() && model.retired_on().is_none()
}

/// Everything wrong with the JSON record `text` (which starts on line `first_line`): parsed,
/// shaped by `kind`, checked, and each problem placed in the text.
pub(crate) fn check_record(
    text: &str,
    first_line: usize,
    kind: Kind,
    options: &Options,
) -> Vec<Diagnostic> {
    fast_diagnostics(text, first_line, kind, options)
        .unwrap_or_else(|| check_closely(text, first_line, kind, options))
}

/// The slow path of [`check_record`]: parse to a `Value`, check, place every problem.
fn check_closely(text: &str, first_line: usize, kind: Kind, options: &Options) -> Vec<Diagnostic> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let message = crate::stream::message_without_position(&error);
            let mut diagnostic = diagnostic(Severity::Error, "invalid-json", message);
            diagnostic.line = first_line + error.line().saturating_sub(1);
            diagnostic.column = error.column().max(1);
            if options.source_lines {
                let line = text.lines().nth(error.line().saturating_sub(1));
                diagnostic.source_line = line.unwrap_or_default().to_owned();
            }
            return vec![diagnostic];
        }
    };
    let found = match shape_of(&value, kind) {
        Some(shape) => shape_diagnostics(&value, shape, options),
        None => {
            let message = match &value {
                Value::Object(_) => {
                    "cannot tell what this record is: no `type` of \"completion\" or \"error\", and no `prompt`".to_owned()
                }
                other => format!("expected an object, found {}", show(other)),
            };
            vec![diagnostic(Severity::Error, "unknown-kind", message)]
        }
    };
    placed(found, text, first_line, options.source_lines, true)
}

/// `found` placed at their pointers' values (or, for a missing key, at the object that lacks
/// it), plus, with `repeats`, a `duplicate-key` error for each key repeated in one object; in
/// input order. A few diagnostics are placed by targeted searches; many, or the search for
/// repeats, by one linear scan, so that no record makes this quadratic.
pub(crate) fn placed(
    mut found: Vec<Diagnostic>,
    text: &str,
    first_line: usize,
    source: bool,
    repeats: bool,
) -> Vec<Diagnostic> {
    let offsets: Vec<usize> = if !repeats && found.len() <= 4 {
        let locate =
            |pointer: &str| locate(text, pointer).or_else(|| locate(text, parent(pointer)));
        found
            .iter()
            .map(|d| locate(&d.pointer).unwrap_or(0))
            .collect()
    } else {
        let wanted: HashSet<String> = found
            .iter()
            .flat_map(|d| [d.pointer.clone(), parent(&d.pointer).to_owned()])
            .collect();
        let scanned = scan(text, &wanted);
        let offsets = found.iter().map(|d| {
            let offset = scanned
                .offsets
                .get(&d.pointer)
                .or_else(|| scanned.offsets.get(parent(&d.pointer)));
            offset.copied().unwrap_or(0)
        });
        let mut offsets: Vec<usize> = offsets.collect();
        if repeats {
            for (pointer, offset) in scanned.repeats {
                let mut repeat = diagnostic(
                    Severity::Error,
                    "duplicate-key",
                    "this key appears twice in one object".to_owned(),
                );
                repeat.pointer = pointer;
                found.push(repeat);
                offsets.push(offset);
            }
        }
        offsets
    };
    // One sweep in offset order gives every line and column: linear, however many.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let bytes = text.as_bytes();
    let (mut line, mut line_start, mut at) = (first_line, 0usize, 0usize);
    for i in order {
        let offset = offsets[i].min(bytes.len());
        for newline in memchr::memchr_iter(b'\n', &bytes[at..offset]) {
            line += 1;
            line_start = at + newline + 1;
        }
        at = offset;
        let diagnostic = &mut found[i];
        diagnostic.line = line;
        diagnostic.column = offset - line_start + 1;
        if source {
            diagnostic.source_line = line_at(text, offset).to_owned();
        }
    }
    found.sort_by_key(|d| (d.line, d.column));
    found
}

/// The diagnostics of `value` checked as `shape`, before they are placed.
pub(crate) fn shape_diagnostics(value: &Value, shape: Shape, options: &Options) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = problems(value, shape)
        .into_iter()
        .map(|p| diagnose(p, options))
        .collect();
    match shape {
        Shape::LegacyCompletion | Shape::LegacyError | Shape::LegacyPing => {
            let message = match shape {
                Shape::LegacyCompletion => {
                    "the 2023 shape: no `type` and no `id` (API output of the time, not today's contract)"
                }
                Shape::LegacyError => "the 2023 shape: an error body without the top-level `type`",
                _ => "the 2023 shape: a ping whose data has no `type`",
            };
            found.insert(
                0,
                diagnostic(Severity::Warning, "legacy-shape", message.to_owned()),
            );
        }
        _ => {}
    }
    if matches!(
        shape,
        Shape::Completion | Shape::Request | Shape::LegacyCompletion | Shape::StreamEvent
    ) {
        found.extend(retired_model(value, "/model"));
    }
    found
}

/// The pointer of the parent: a missing key is shown at the object that lacks it.
fn parent(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |at| &pointer[..at])
}

/// The shape of a stream event's data: by its `type`, or for untyped (2023) data by the
/// event's name.
pub(crate) fn event_shape(value: &Value, event_name: Option<&str>) -> Shape {
    let typed = value.get("type").is_some();
    match (typed, event_name) {
        (true, _) => Shape::StreamEvent,
        (false, Some("ping")) => Shape::LegacyPing,
        (false, Some("error")) => Shape::LegacyError,
        (false, _) => Shape::LegacyCompletion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded bodies, and each with a current model, an undeclared key, a retired model, a
    /// wrong type, an unknown stop reason or error type: whenever the fast path answers, its
    /// answer is exactly the slow path's.
    #[test]
    fn the_fast_path_never_hides_a_diagnostic() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
        let mut clean = 0;
        for folder in ["complete", "error", "request"] {
            for entry in std::fs::read_dir(format!("{dir}/{folder}")).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let current = text
                    .replace("claude-2.1", "claude-opus-4-6")
                    .replace("claude-2.0", "claude-haiku-4-5")
                    .replace("claude-instant-1.2", "claude-sonnet-4-5")
                    .replace("claude-2\"", "claude-opus-4-6\"");
                let variants = [
                    text.clone(),
                    current.clone(),
                    current.replacen('{', "{\"x\":1,", 1),
                    current.replace("stop_sequence", "end_turn"),
                    current.replace("\"max_tokens_to_sample\":", "\"max_tokens_to_sample\":-"),
                    current
                        .replace("authentication_error", "new_error")
                        .replacen("\"message\"", "\"code\":1,\"message\"", 1),
                    text.replace("stop_sequence", "end_turn")
                        .replace("claude-2.1", "claude-9"),
                    current.replacen("\"type\"", "\"kind\"", 1),
                ];
                for variant in variants {
                    for kind in [Kind::Auto, Kind::Completion, Kind::Error, Kind::Request] {
                        for strict in [false, true] {
                            let options = Options {
                                strict,
                                ..Options::default()
                            };
                            if let Some(fast) = fast_diagnostics(&variant, 3, kind, &options) {
                                clean += 1;
                                assert_eq!(
                                    fast,
                                    check_closely(&variant, 3, kind, &options),
                                    "{kind:?} {variant}"
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(clean > 20, "the fast path must be taken at all ({clean})");
    }
}
