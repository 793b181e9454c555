//! The one error the generator reports: a file, a JSON pointer into it, and what is wrong.

use std::fmt;

/// A schema the generator cannot turn into Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The schema file, as given to the generator.
    pub file: String,
    /// RFC 6901 JSON pointer of the offending node (`""` is the whole document).
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "{}: at {}: {}", self.file, pointer, self.message)
    }
}

impl std::error::Error for SchemaError {}
