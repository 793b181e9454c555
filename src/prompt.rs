//! The prompt's turn format, as the API checks it.
//!
//! A prompt is optional system text, then turns that begin with `"\n\nHuman:"` or
//! `"\n\nAssistant:"`. The API checks that the first turn is a Human turn and the last an
//! Assistant turn; text after the last Assistant marker pre-fills the answer. Before checking,
//! it cleans up a missing `"\n\n"` before a leading `"Human:"` (a trailing space after the last
//! marker needs no clean-up: it is pre-filled text). It does not check that turns alternate,
//! and neither does this module. The API's third rule, a length below about 100,000 tokens,
//! needs a tokenizer and is not checked.

use std::fmt;

/// The marker that opens a Human turn.
pub const HUMAN: &str = "\n\nHuman:";
/// The marker that opens an Assistant turn.
pub const ASSISTANT: &str = "\n\nAssistant:";

/// Why the API would refuse a prompt. Offsets are byte offsets into the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptError {
    /// There is no `"\n\nHuman:"` marker.
    NoHumanTurn,
    /// An Assistant turn comes before the first Human turn.
    AssistantBeforeHuman {
        /// Where that Assistant marker starts.
        offset: usize,
    },
    /// There is no `"\n\nAssistant:"` marker.
    NoAssistantTurn,
    /// A Human turn comes after the last Assistant turn.
    EndsWithHumanTurn {
        /// Where that Human marker starts.
        offset: usize,
    },
}

impl fmt::Display for PromptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The API's own words, with its escapes, then what exactly is wrong.
        const START: &str =
            r#"prompt must start with "\n\nHuman:" turn after an optional system prompt"#;
        const END: &str = r#"prompt must end with "\n\nAssistant:" turn"#;
        match self {
            PromptError::NoHumanTurn => write!(f, r#"{START}: there is no "\n\nHuman:" marker"#),
            PromptError::AssistantBeforeHuman { offset } => {
                write!(
                    f,
                    r#"{START}: "\n\nAssistant:" at byte {offset} comes before the first Human turn"#
                )
            }
            PromptError::NoAssistantTurn => {
                write!(f, r#"{END}: there is no "\n\nAssistant:" marker"#)
            }
            PromptError::EndsWithHumanTurn { offset } => {
                write!(
                    f,
                    r#"{END}: "\n\nHuman:" at byte {offset} comes after the last Assistant turn"#
                )
            }
        }
    }
}

impl std::error::Error for PromptError {}

impl PromptError {
    /// The byte offset in the prompt of the marker that is wrong, where there is one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            PromptError::AssistantBeforeHuman { offset }
            | PromptError::EndsWithHumanTurn { offset } => Some(*offset),
            PromptError::NoHumanTurn | PromptError::NoAssistantTurn => None,
        }
    }
}

// A violation of the prompt rule keeps the offset (`Violation::offset`).
impl crate::__private::CheckError for PromptError {
    fn offset(&self) -> Option<usize> {
        PromptError::offset(self)
    }
}

/// Checks the turn format of `prompt` as the API does.
///
/// ```
/// use anthropic_completions::prompt::{check_prompt, PromptError};
///
/// assert!(check_prompt("\n\nHuman: Hi\n\nAssistant:").is_ok());
/// assert!(check_prompt("Be brief.\n\nHuman: Hi\n\nAssistant: Sure,").is_ok()); // system text, pre-fill
/// assert!(check_prompt("Human: Hi\n\nAssistant:").is_ok()); // the API adds the missing "\n\n"
/// assert_eq!(check_prompt("Hi\n\nAssistant:"), Err(PromptError::NoHumanTurn));
/// assert_eq!(check_prompt("\n\nHuman: Hi\nAssistant:"), Err(PromptError::NoAssistantTurn));
/// ```
pub fn check_prompt(prompt: &str) -> Result<(), PromptError> {
    // The clean-up: "Human:" at the very start counts as "\n\nHuman:" there.
    let first_human = match prompt.strip_prefix(&HUMAN[2..]) {
        Some(_) => 0,
        None => prompt.find(HUMAN).ok_or(PromptError::NoHumanTurn)?,
    };
    if let Some(offset) = prompt.find(ASSISTANT).filter(|a| *a < first_human) {
        return Err(PromptError::AssistantBeforeHuman { offset });
    }
    let last_assistant = prompt
        .rfind(ASSISTANT)
        .ok_or(PromptError::NoAssistantTurn)?;
    match prompt.rfind(HUMAN) {
        Some(human) if human > last_assistant => {
            Err(PromptError::EndsWithHumanTurn { offset: human })
        }
        _ => Ok(()),
    }
}
