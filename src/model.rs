//! What the model catalogue says of an id on a given day, from the facts the schema dates
//! (`x-deprecated-on`, `x-retired-on`, `x-retired-by`, `x-alias-of` on each listed id).
//!
//! The four questions about an id stay apart: [`Model::in_reference_list`] (is it in the API
//! reference's list), [`Model::text_completions`] (did this endpoint ever serve it),
//! [`Model::status_on`] (active, deprecated or retired on a day) and [`Model::alias_on`]
//! (the snapshot an alias pointed to on a day).
//!
//! ```
//! use anthropic_completions::{Date, Model, Status};
//!
//! let day = |text: &str| text.parse::<Date>().unwrap();
//! // Listed by the reference, never served by `/v1/complete`:
//! assert!(Model::Claude3Opus20240229.in_reference_list());
//! assert!(!Model::Claude3Opus20240229.text_completions());
//! // Served by it, and retired since:
//! assert!(Model::Claude2_1.text_completions());
//! assert_eq!(Model::Claude2_1.status_on(day("2023-07-01")), Some(Status::Unreleased));
//! assert_eq!(Model::Claude2_1.status_on(day("2024-06-01")), Some(Status::Active));
//! assert_eq!(Model::Claude2_1.status_on(day("2025-03-01")), Some(Status::Deprecated));
//! assert_eq!(Model::Claude2_1.status_on(day("2025-07-21")), Some(Status::Retired));
//! // An alias's target moved: either answered while the day it moved is unknown.
//! assert_eq!(Model::Claude2.alias_on(day("2023-07-15")), vec![Model::Claude2_0]);
//! assert_eq!(Model::Claude2.alias_on(day("2024-01-10")), vec![Model::Claude2_0, Model::Claude2_1]);
//! assert_eq!(Model::Claude2.alias_on(day("2024-05-01")), vec![Model::Claude2_1]);
//! // An id the list does not hold: nothing is known.
//! assert_eq!(Model::from("claude-next".to_owned()).status_on(day("2024-01-01")), None);
//! ```

use std::fmt;

use crate::{Date, Model};

/// A listed model's state on a given day, on the API as a whole (for most listed ids, the
/// Messages API: whether `/v1/complete` served a model is [`Model::text_completions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// Before it could have answered ([`Model::not_before`]).
    Unreleased,
    /// Available, as far as the facts say.
    Active,
    /// Deprecated: still served, with a retirement announced.
    Deprecated,
    /// Retired: requests for it fail.
    Retired,
}

impl Status {
    /// `"unreleased"`, `"active"`, `"deprecated"` or `"retired"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreleased => "unreleased",
            Status::Active => "active",
            Status::Deprecated => "deprecated",
            Status::Retired => "retired",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Model {
    /// The model's status on `day`. `None` when the facts cannot tell: for an id the list does
    /// not hold, for an id whose lifecycle is not published ([`Model::unpublished_lifecycle`]),
    /// and before the latest possible day of a retirement whose day is not published
    /// ([`Model::retired_by`]).
    pub fn status_on(&self, day: Date) -> Option<Status> {
        if !self.is_known() || self.unpublished_lifecycle() {
            return None;
        }
        if self.retired_on().is_some_and(|retired| day >= retired)
            || self.retired_by().is_some_and(|retired| day >= retired)
        {
            return Some(Status::Retired);
        }
        if self.not_before().is_some_and(|first| day < first) {
            return Some(Status::Unreleased);
        }
        if self.retired_by().is_some() && self.retired_on().is_none() {
            return None;
        }
        if self
            .deprecated_on()
            .is_some_and(|deprecated| day >= deprecated)
        {
            return Some(Status::Deprecated);
        }
        Some(Status::Active)
    }

    /// The snapshots an alias pointed to on `day`: one, or two on days when it is not known
    /// which answered; none for an id that is not an alias (or whose target is not published),
    /// and none on a day the alias itself was unreleased or retired.
    pub fn alias_on(&self, day: Date) -> Vec<Model> {
        if matches!(
            self.status_on(day),
            Some(Status::Unreleased | Status::Retired)
        ) {
            return Vec::new();
        }
        self.alias_of()
            .iter()
            .filter(|span| span.holds_on(day))
            .map(|span| span.value.clone())
            .collect()
    }
}
