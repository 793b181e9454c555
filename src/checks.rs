//! The functions that the schema names with `x-rust-check` (rules JSON Schema cannot say, which
//! `validate()` and the validator check) and `x-rust-note` (what the validator says about a
//! listed value).

use crate::__private::Note;
use crate::{Date, Model, Status};

/// `x-rust-check: "prompt_format"`: the prompt's turn format.
pub(crate) fn prompt_format(prompt: &str) -> Result<(), crate::prompt::PromptError> {
    crate::prompt::check_prompt(prompt)
}

/// `x-rust-check: "unserved_model"` (on a request's `model`): a listed model that
/// `/v1/complete` never served, which the API refuses with a 400.
pub(crate) fn unserved_model(id: &str) -> Result<(), String> {
    match Model::known(id) {
        Some(model) if !model.text_completions() => Err(never_served(&model)),
        _ => Ok(()),
    }
}

fn never_served(model: &Model) -> String {
    format!(
        "`{model}` was never served by `POST /v1/complete`: the API answers 400 \"not supported on this API\" (it is a Messages API model)"
    )
}

/// `x-rust-note: "model_note"`: a listed model this endpoint never served, or, where the day the
/// record was made is known, one already retired or not yet released that day.
pub(crate) fn model_note(id: &str, recorded_on: Option<Date>) -> Option<Note> {
    let model = Model::known(id)?;
    if !model.text_completions() {
        return Some(Note {
            code: "unserved-model",
            message: never_served(&model),
        });
    }
    let day = recorded_on?;
    let (code, message) = match model.status_on(day)? {
        Status::Retired => {
            let since = match (model.retired_on(), model.retired_by()) {
                (Some(retired), _) => format!("on {retired}"),
                (None, Some(by)) => format!("by {by}"),
                (None, None) => String::new(),
            };
            (
                "retired-model",
                format!(
                    "`{model}` was retired {since}, before this record was made ({day}): the API answered no request for it then"
                ),
            )
        }
        Status::Unreleased => {
            let first = model
                .not_before()
                .map_or(String::new(), |d| format!(" before {d}"));
            (
                "unreleased-model",
                format!(
                    "`{model}` did not exist yet when this record was made ({day}): it answered nothing{first}"
                ),
            )
        }
        _ => return None,
    };
    Some(Note { code, message })
}
