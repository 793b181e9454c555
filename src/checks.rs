//! The functions that the schema names with `x-rust-check` (rules JSON Schema cannot say, which
//! `validate()` and the validator check) and `x-rust-note` (what the validator says about a
//! listed value).

use crate::__private::Note;
use crate::Model;

/// `x-rust-check: "prompt_format"`: the prompt's turn format.
pub(crate) fn prompt_format(prompt: &str) -> Result<(), crate::prompt::PromptError> {
    crate::prompt::check_prompt(prompt)
}

/// `x-rust-note: "retired_model"`: a listed model that no longer serves requests.
pub(crate) fn retired_model(id: &str) -> Option<Note> {
    let model = Model::known(id)?;
    if model.is_current() && model.retired_on().is_none() {
        return None;
    }
    let when = model
        .retired_on()
        .map_or(String::new(), |day| format!(" on {day}"));
    Some(Note {
        code: "retired-model",
        message: format!("`{model}` was retired{when}: it no longer serves requests"),
    })
}
