//! Value checks for `validate()`: the constraints that deserialization leaves alone.

use std::fmt::Display;

use serde_json::Value;

use crate::Violation;

/// A generated type whose values `validate()` checks.
pub(crate) trait Validate {
    /// Adds the violations of `self`, found at JSON pointer `at`, to `out`.
    fn validate_at(&self, at: &str, out: &mut Vec<Violation>);
}

/// `Ok` or every violation of `value`.
pub(crate) fn validate<T: Validate>(value: &T) -> Result<(), Vec<Violation>> {
    let mut out = Vec::new();
    value.validate_at("", &mut out);
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// The pointer of the property `key` (already escaped) of the object at `at`.
pub(crate) fn child(at: &str, key: &str) -> String {
    format!("{at}/{key}")
}

/// A `minimum`, `exclusiveMinimum`, `maximum` or `exclusiveMaximum` check. A NaN fails every
/// bound: it is no JSON number.
pub(crate) fn bound<T>(
    out: &mut Vec<Violation>,
    at: &str,
    key: &str,
    value: T,
    limit: T,
    keyword: &'static str,
) where
    T: Copy + PartialOrd + Display + Into<Value>,
{
    let (holds, words) = match keyword {
        "minimum" => (value >= limit, "at least"),
        "exclusiveMinimum" => (value > limit, "greater than"),
        "maximum" => (value <= limit, "at most"),
        _ => (value < limit, "less than"),
    };
    if !holds {
        out.push(Violation {
            pointer: child(at, key),
            rule: keyword,
            value: value.into(),
            message: format!("must be {words} {limit}, found {value}"),
        });
    }
}

/// A `minLength`/`maxLength` (code points) or `minItems`/`maxItems` check.
pub(crate) fn length(
    out: &mut Vec<Violation>,
    at: &str,
    key: &str,
    count: usize,
    limit: u64,
    keyword: &'static str,
    value: impl FnOnce() -> Value,
) {
    let count = count as u64;
    let (holds, words, unit) = match keyword {
        "minLength" => (count >= limit, "at least", "characters"),
        "maxLength" => (count <= limit, "at most", "characters"),
        "minItems" => (count >= limit, "at least", "items"),
        _ => (count <= limit, "at most", "items"),
    };
    if !holds {
        out.push(Violation {
            pointer: child(at, key),
            rule: keyword,
            value: value(),
            message: format!("must have {words} {limit} {unit}, found {count}"),
        });
    }
}

/// A custom check (`x-rust-check`); `rule` names it.
pub(crate) fn custom<E: Display>(
    out: &mut Vec<Violation>,
    at: &str,
    key: &str,
    rule: &'static str,
    result: Result<(), E>,
    value: impl FnOnce() -> Value,
) {
    if let Err(error) = result {
        out.push(Violation {
            pointer: child(at, key),
            rule,
            value: value(),
            message: error.to_string(),
        });
    }
}
