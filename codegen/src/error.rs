//! The one error the generator reports: a file, a JSON pointer into it, and what is wrong.

use std::fmt;

use crate::pointer::Pointer;

/// A schema the generator cannot turn into Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The schema file, as given to the generator.
    pub file: String,
    /// The offending node.
    pub pointer: Pointer,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = match self.pointer.as_str() {
            "" => "(document root)",
            pointer => pointer,
        };
        write!(f, "{}: at {}: {}", self.file, pointer, self.message)
    }
}

impl std::error::Error for SchemaError {}
