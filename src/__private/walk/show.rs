//! Values shown in messages: short, and a long string by its start.

use serde_json::Value;

/// A short rendering of `value` for messages.
pub fn show(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::String(text) => show_str(text),
        other => other.to_string(),
    }
}

/// A string as [`show`] renders it: JSON, or for a long one its start.
pub(crate) fn show_str(text: &str) -> String {
    if text.chars().count() > SHOWN {
        let head: String = text.chars().take(SHOWN - 3).collect();
        format!("{:?}", head + SHORTENED)
    } else {
        // Written straight from the `str` (no `Value` built, no formatter); serializing a
        // string cannot fail.
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

/// The longest string [`show_str`] shows whole, in characters.
const SHOWN: usize = 40;

/// What ends a string [`show_str`] shows by its start.
const SHORTENED: &str = "...";

/// Whether `shown` (made by [`show`]) is a string shown by its start only, so that two
/// different values may look the same.
pub fn is_shortened(shown: &str) -> bool {
    shown
        .strip_suffix('"')
        .is_some_and(|head| head.ends_with(SHORTENED) && head.chars().count() > SHOWN - 2)
}
