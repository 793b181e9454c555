//! What a problem means: its code and severity (from the options), before it is placed.

use super::locate::window;
use super::{Code, Diagnostic, Options, Severity};
use crate::__private::{Problem, ProblemKind, show};
use crate::{Pointer, Position};

/// A problem before it is placed in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) severity: Severity,
    pub(crate) code: Code,
    pub(crate) pointer: Pointer,
    pub(crate) expected: Option<String>,
    pub(crate) found: Option<String>,
    pub(crate) message: String,
    /// How many problems this one stands for that are not reported one by one.
    pub(crate) repeats: u64,
}

impl Finding {
    /// A finding about the record as a whole (or the input).
    pub(crate) fn new(severity: Severity, code: Code, message: impl Into<String>) -> Finding {
        Finding {
            severity,
            code,
            pointer: Pointer::root(),
            expected: None,
            found: None,
            message: message.into(),
            repeats: 0,
        }
    }

    /// The finding, placed; `line` is the input line it is on (empty when not shown), of
    /// which a window around the position is kept.
    pub(crate) fn at(self, position: Position, line: &str) -> Diagnostic {
        let (source_line, source_column) = if line.is_empty() {
            (String::new(), 0)
        } else {
            window(line, position.column)
        };
        Diagnostic {
            severity: self.severity,
            code: self.code,
            position,
            pointer: self.pointer,
            expected: self.expected,
            found: self.found,
            message: self.message,
            source_line,
            source_column,
            repeats: self.repeats,
            interaction: None,
            part: None,
        }
    }
}

/// The problem as a finding, with its code and severity.
pub(crate) fn diagnose(problem: Problem, options: &Options) -> Finding {
    // The API may add fields and values: unknown ones are warnings unless strict.
    let forward = if options.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut pointer = problem.pointer;
    let repeats = problem.repeats;
    let (severity, code, expected, found, message) = match problem.kind {
        ProblemKind::Missing { key } => {
            pointer.push_key(key);
            (
                Severity::Error,
                Code::MissingField,
                Some(format!("the key `{key}`")),
                Some("no such key".to_owned()),
                format!("missing field `{key}`"),
            )
        }
        ProblemKind::WrongType { expected, found } => {
            let message = format!("expected {expected}, found {found}");
            let expected = Some(expected.to_owned());
            (
                Severity::Error,
                Code::WrongType,
                expected,
                Some(found),
                message,
            )
        }
        ProblemKind::WrongConst { expected, found } => {
            let message = format!("expected \"{expected}\", found {found}");
            let expected = Some(format!("\"{expected}\""));
            (
                Severity::Error,
                Code::WrongConst,
                expected,
                Some(found),
                message,
            )
        }
        ProblemKind::Unlisted {
            union,
            open: true,
            code,
            found,
        } => {
            let code = code.map_or(Code::UnknownValue, |c| Code::named(c, Code::UnknownValue));
            let message = format!(
                "{found} is not a {union} this crate knows (allowed: the API may add values)"
            );
            let expected = Some(format!("a listed {union}"));
            (forward, code, expected, Some(found), message)
        }
        ProblemKind::Unlisted { union, found, .. } => {
            let message = format!("{found} is not a {union}");
            let expected = Some(format!("a {union}"));
            (
                Severity::Error,
                Code::WrongValue,
                expected,
                Some(found),
                message,
            )
        }
        ProblemKind::Undeclared { closed: true } => (
            Severity::Error,
            Code::UnknownField,
            None,
            None,
            "a key the schema does not allow here".to_owned(),
        ),
        ProblemKind::Undeclared { closed: false } => (
            forward,
            Code::UnknownField,
            None,
            None,
            "a key the schema does not declare (allowed: the API may add fields)".to_owned(),
        ),
        ProblemKind::Constraint(violation) => {
            let code = match violation.rule {
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => Code::OutOfRange,
                "minLength" | "maxLength" => Code::WrongLength,
                "minItems" | "maxItems" => Code::WrongCount,
                check => Code::of_check(check),
            };
            let found = Some(show(&violation.value));
            (Severity::Error, code, None, found, violation.message)
        }
        ProblemKind::Note { note, found } => {
            let code = Code::named(note.code, Code::UnknownValue);
            (Severity::Warning, code, None, Some(found), note.message)
        }
    };
    // A field the API never declared is judged leniently: real traffic carries it, and its
    // values are nobody's contract.
    let (severity, message) = if problem.outside_contract && !options.strict {
        (
            Severity::Warning,
            format!("{message} (in a field the API's contract does not declare: a warning)"),
        )
    } else {
        (severity, message)
    };
    Finding {
        severity,
        code,
        pointer,
        expected,
        found,
        message,
        repeats,
    }
}
