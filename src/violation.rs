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

/// Every [`Violation`] of a value: what a generated `validate()` returns when a value breaks
/// rules. An error (so `value.validate()?` works in a function returning
/// `Box<dyn std::error::Error>`), and a slice of its violations.
///
/// ```
/// use anthropic_completions::{CompletionRequest, Model};
///
/// fn check(request: &CompletionRequest) -> Result<(), Box<dyn std::error::Error>> {
///     request.validate()?;
///     Ok(())
/// }
/// let bad = CompletionRequest::new(Model::Claude2_1, "Hi", 256); // no Human turn
/// let error = check(&bad).unwrap_err();
/// assert!(error.to_string().starts_with("1 violation: /prompt: "), "{error}");
/// let violations = bad.validate().unwrap_err();
/// assert_eq!(violations[0].rule, "prompt_format");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// The violations, owned.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }
}

impl From<Vec<Violation>> for Violations {
    fn from(violations: Vec<Violation>) -> Self {
        Violations(violations)
    }
}

impl std::ops::Deref for Violations {
    type Target = [Violation];

    fn deref(&self) -> &[Violation] {
        &self.0
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Violations {
    /// `N violations: ` and the first few, separated by `; ` (a message stays short however
    /// many there are; they are all in the list).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 5;
        if self.0.is_empty() {
            return f.write_str("no violation");
        }
        let s = if self.0.len() == 1 { "" } else { "s" };
        write!(f, "{} violation{s}: ", self.0.len())?;
        for (index, violation) in self.0.iter().take(SHOWN).enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        if self.0.len() > SHOWN {
            write!(f, "; and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}
