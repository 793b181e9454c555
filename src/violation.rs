//! What `validate()` reports.

use std::fmt;

use crate::Pointer;

/// A value that breaks a rule of the schema that deserialization does not check: a range, a
/// length, or a custom rule such as the prompt's turn format.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where the value is in the document, e.g. `/temperature`.
    pub pointer: Pointer,
    /// The rule: the JSON Schema keyword (`minimum`, `maxLength`, ...) or the name of a custom
    /// check (`prompt_format`).
    pub rule: &'static str,
    /// The offending value.
    pub value: serde_json::Value,
    /// What is wrong, in words.
    pub message: String,
    /// For a custom check of a string that says where: the byte offset in the string.
    pub offset: Option<usize>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.pointer, self.message, self.rule)
    }
}

impl std::error::Error for Violation {}
