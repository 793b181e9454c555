//! Structural checks of an untyped JSON value against a generated type: every problem, each
//! with its JSON pointer (the validator locates them in the input). Serde stops at the first
//! problem; these go on.

use serde_json::{Map, Value};

use super::child;
use crate::Violation;

/// A generated type that can check an untyped value.
pub(crate) trait Check {
    /// Adds every problem of `value`, found at JSON pointer `at`, to `out`.
    fn check(value: &Value, at: &str, out: &mut Vec<Problem>);
}

/// One problem in a value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// Where: the offending value, or for a missing key the object that lacks it.
    pub(crate) pointer: String,
    /// What.
    pub(crate) kind: ProblemKind,
}

/// The kinds of [`Problem`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ProblemKind {
    /// A required key is absent.
    Missing { key: &'static str },
    /// The value has the wrong JSON type.
    WrongType {
        expected: &'static str,
        found: String,
    },
    /// The value is not the constant.
    WrongConst {
        expected: &'static str,
        found: String,
    },
    /// The string is not one of a union's listed values (`open`: allowed, but unknown).
    Unlisted {
        union: &'static str,
        open: bool,
        found: String,
    },
    /// A key the type does not declare (`closed`: the type forbids it).
    Undeclared { closed: bool },
    /// A constraint `validate()` checks.
    Constraint(Violation),
}

/// A short rendering of `value` for messages.
pub(crate) fn show(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::String(text) if text.chars().count() > 40 => {
            let head: String = text.chars().take(37).collect();
            format!("{:?}", head + "...")
        }
        other => other.to_string(),
    }
}

fn wrong_type(out: &mut Vec<Problem>, at: &str, expected: &'static str, value: &Value) {
    let found = match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(_) => format!("the number {value}"),
        Value::String(_) => format!("the string {}", show(value)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    };
    out.push(Problem {
        pointer: at.to_owned(),
        kind: ProblemKind::WrongType { expected, found },
    });
}

/// The object, or a wrong-type problem.
pub(crate) fn object<'v>(
    value: &'v Value,
    at: &str,
    out: &mut Vec<Problem>,
) -> Option<&'v Map<String, Value>> {
    let object = value.as_object();
    if object.is_none() {
        wrong_type(out, at, "an object", value);
    }
    object
}

/// A missing-key problem for each of `keys` that `object` lacks.
pub(crate) fn required_keys(
    object: &Map<String, Value>,
    at: &str,
    keys: &[&'static str],
    out: &mut Vec<Problem>,
) {
    for key in keys {
        if !object.contains_key(*key) {
            out.push(Problem {
                pointer: at.to_owned(),
                kind: ProblemKind::Missing { key },
            });
        }
    }
}

/// A key the type does not declare.
pub(crate) fn undeclared(at: &str, key: &str, closed: bool, out: &mut Vec<Problem>) {
    let pointer = child(at, &key.replace('~', "~0").replace('/', "~1"));
    out.push(Problem {
        pointer,
        kind: ProblemKind::Undeclared { closed },
    });
}

/// The string, or a wrong-type problem.
pub(crate) fn string<'v>(value: &'v Value, at: &str, out: &mut Vec<Problem>) -> Option<&'v str> {
    let text = value.as_str();
    if text.is_none() {
        wrong_type(out, at, "a string", value);
    }
    text
}

/// The integer (one an `i64` holds, as the Rust type does), or a wrong-type problem.
pub(crate) fn integer(value: &Value, at: &str, out: &mut Vec<Problem>) -> Option<i64> {
    let number = value.as_i64();
    if number.is_none() {
        wrong_type(out, at, "an integer (64-bit)", value);
    }
    number
}

/// The number, or a wrong-type problem.
pub(crate) fn number(value: &Value, at: &str, out: &mut Vec<Problem>) -> Option<f64> {
    let number = value.as_f64();
    if number.is_none() {
        wrong_type(out, at, "a number", value);
    }
    number
}

/// A boolean, or a wrong-type problem.
pub(crate) fn boolean(value: &Value, at: &str, out: &mut Vec<Problem>) {
    if !value.is_boolean() {
        wrong_type(out, at, "a boolean", value);
    }
}

/// The array, or a wrong-type problem.
pub(crate) fn array<'v>(
    value: &'v Value,
    at: &str,
    out: &mut Vec<Problem>,
) -> Option<&'v Vec<Value>> {
    let items = value.as_array();
    if items.is_none() {
        wrong_type(out, at, "an array", value);
    }
    items
}

/// The string constant `expected`.
pub(crate) fn constant(value: &Value, at: &str, expected: &'static str, out: &mut Vec<Problem>) {
    if value.as_str() != Some(expected) {
        let kind = ProblemKind::WrongConst {
            expected,
            found: show(value),
        };
        out.push(Problem {
            pointer: at.to_owned(),
            kind,
        });
    }
}

/// A string that should be one of `listed`.
pub(crate) fn listed(
    value: &Value,
    at: &str,
    union: &'static str,
    listed: &[&str],
    open: bool,
    out: &mut Vec<Problem>,
) {
    if let Some(text) = string(value, at, out)
        && !listed.contains(&text)
    {
        let kind = ProblemKind::Unlisted {
            union,
            open,
            found: show(value),
        };
        out.push(Problem {
            pointer: at.to_owned(),
            kind,
        });
    }
}

/// Turns constraint violations into problems.
pub(crate) fn constraints(violations: Vec<Violation>, out: &mut Vec<Problem>) {
    out.extend(violations.into_iter().map(|v| Problem {
        pointer: v.pointer.clone(),
        kind: ProblemKind::Constraint(v),
    }));
}

impl Check for String {
    fn check(value: &Value, at: &str, out: &mut Vec<Problem>) {
        string(value, at, out);
    }
}

impl Check for i64 {
    fn check(value: &Value, at: &str, out: &mut Vec<Problem>) {
        integer(value, at, out);
    }
}

impl Check for f64 {
    fn check(value: &Value, at: &str, out: &mut Vec<Problem>) {
        number(value, at, out);
    }
}

impl Check for bool {
    fn check(value: &Value, at: &str, out: &mut Vec<Problem>) {
        boolean(value, at, out);
    }
}

impl<T: Check> Check for Vec<T> {
    fn check(value: &Value, at: &str, out: &mut Vec<Problem>) {
        for (index, item) in array(value, at, out).into_iter().flatten().enumerate() {
            T::check(item, &child(at, &index.to_string()), out);
        }
    }
}
