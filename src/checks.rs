//! The custom checks that the schema names with `x-rust-check`; `validate()` calls them.

/// `x-rust-check: "prompt_format"`: the prompt's turn format.
pub(crate) fn prompt_format(prompt: &str) -> Result<(), crate::prompt::PromptError> {
    crate::prompt::check_prompt(prompt)
}
