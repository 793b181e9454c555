//! The one walker: a JSON value checked against a type's rules table, every problem reported
//! with its JSON pointer (serde stops at the first; this goes on).
//!
//! It is a serde `DeserializeSeed`, so the same code reads JSON text as it streams by (the
//! validator: nothing is built for a valid record, not even its strings) and a parsed `Value`
//! (`validate()` checks a typed value through its JSON form). A key repeated in one object is
//! noticed, not judged: [`Checked::repeated_key`] tells the caller to read the record closely.

//!
//! `value` checks one value (`Node`), `object` the entries of an object and tagged unions,
//! `skip` the values no rule is about (and values kept whole).

mod object;
mod skip;
mod value;

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::rules::{Described, Limit, Note, Ty, UnionRules};
use crate::Date;
use crate::{Pointer, Violation};
use value::Node;

/// One problem in a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: the offending value, or for a missing key the object that lacks it.
    pub pointer: Pointer,
    /// What.
    pub kind: ProblemKind,
    /// Whether it is inside a property the API's contract does not declare (`x-undocumented`):
    /// the validator makes it a warning.
    pub outside_contract: bool,
}

/// The kinds of [`Problem`].
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A required key is absent.
    Missing {
        /// The key.
        key: &'static str,
    },
    /// The value has the wrong JSON type.
    WrongType {
        /// What the type wants, in words.
        expected: &'static str,
        /// What the value is, in words.
        found: String,
    },
    /// The value is not the constant.
    WrongConst {
        /// The constant.
        expected: &'static str,
        /// The value, shown.
        found: String,
    },
    /// A string that a union does not list (or a tag that a tagged union does not).
    Unlisted {
        /// The union's name.
        union: &'static str,
        /// Whether the union allows other values.
        open: bool,
        /// The union's `x-diagnostic-code`.
        code: Option<&'static str>,
        /// The value, shown.
        found: String,
    },
    /// A key the type does not declare (`closed`: the type forbids it).
    Undeclared {
        /// Whether the type forbids undeclared keys.
        closed: bool,
    },
    /// A rule beyond the type (a range, a length, a custom check).
    Constraint(Violation),
    /// What the union's `x-rust-note` says about a listed value.
    Note {
        /// What it says.
        note: Note,
        /// The value, shown.
        found: String,
    },
}

/// What a walk found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checked {
    /// The problems: of the structure in the order found; then the rules beyond the types,
    /// each value's before those of the values it holds (the order `validate()` reports);
    /// then notes.
    pub problems: Vec<Problem>,
    /// A key appears twice in one object. A parser keeps the last; the problems above saw
    /// both, so the caller should read the record as a parser does and say so.
    pub repeated_key: bool,
}

/// Every problem of the JSON `text` checked as `ty`, read as it streams (an error only when
/// the text is not JSON); notes are about a record made on `recorded_on`, where known.
pub fn check_json(
    text: &str,
    ty: Ty,
    recorded_on: Option<Date>,
) -> Result<Checked, serde_json::Error> {
    let mut walk = Walk {
        recorded_on,
        ..Walk::default()
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Node::new(&mut walk, ty, &Path::Root).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(walk.finish())
}

/// The check of JSON `text` that only has to be an object (the 2023 ping): no problems, and
/// whether a key repeats; an error when it is not JSON or not an object.
pub fn check_json_object(text: &str) -> Result<Checked, serde_json::Error> {
    let head = text.trim_start_matches([' ', '\t', '\n', '\r']);
    if !head.starts_with('{') {
        return Err(serde::de::Error::custom("not an object"));
    }
    Ok(Checked {
        problems: Vec::new(),
        repeated_key: skip::repeats_a_key(text)?,
    })
}

/// A value of a string union met on a walk: the union, and the string (`None` for `null`
/// where the union is nullable).
pub type UnionValue = (&'static UnionRules, Option<String>);

/// Every problem of `value` checked as `ty`, and every value of a string union in it (what
/// an archive's counts are made of).
pub fn check_counting(value: &Value, ty: Ty) -> (Vec<Problem>, Vec<UnionValue>) {
    let mut walk = Walk {
        union_values: Some(Vec::new()),
        ..Walk::default()
    };
    let _ = Node::new(&mut walk, ty, &Path::Root).deserialize(value);
    let values = walk.union_values.take().unwrap_or_default();
    (walk.finish().problems, values)
}

/// Every problem of `value` checked as `ty`; notes are about a record made on `recorded_on`,
/// where known.
pub fn check(value: &Value, ty: Ty, recorded_on: Option<Date>) -> Vec<Problem> {
    let mut walk = Walk {
        recorded_on,
        ..Walk::default()
    };
    // A `Value` reads without errors: the walker itself never fails.
    let _ = Node::new(&mut walk, ty, &Path::Root).deserialize(value);
    walk.finish().problems
}

/// `Ok`, or every rule beyond the types that `value` breaks, in schema order. A typed value
/// is checked in its JSON text (written in field order, whatever map order serde_json is
/// built with). A float JSON cannot hold (NaN, an infinity) is written as `null`: where the
/// field may not be `null` that is a violation of rule `type`; where it may, it passes.
pub fn validate<T: Described + serde::Serialize>(value: &T) -> Result<(), Vec<Violation>> {
    let problems = serde_json::to_string(value)
        .ok()
        .and_then(|json| check_json(&json, T::RULES, None).ok())
        .map(|checked| checked.problems)
        .unwrap_or_default();
    let violations: Vec<Violation> = problems
        .into_iter()
        // A value of another type in an undocumented field is kept in `extra`: no rule of
        // the API's is broken.
        .filter(|problem| !problem.outside_contract)
        .filter_map(|problem| match problem.kind {
            ProblemKind::Constraint(violation) => Some(violation),
            ProblemKind::WrongType { expected, found } => Some(Violation {
                message: format!("expected {expected}, found {found} (not a JSON value)"),
                pointer: problem.pointer,
                rule: "type",
                value: Value::Null,
                offset: None,
            }),
            _ => None,
        })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

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
        Value::from(text).to_string()
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

/// Where a value is, kept as borrowed steps: a pointer is built only for a problem.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    pub(crate) fn pointer(&self) -> Pointer {
        match self {
            Path::Root => Pointer::root(),
            Path::Key(parent, key) => parent.pointer().key(key),
            Path::Index(parent, index) => parent.pointer().index(*index),
        }
    }
}

#[derive(Default)]
pub(crate) struct Walk {
    problems: Vec<Problem>,
    constraints: Vec<Problem>,
    notes: Vec<Problem>,
    repeated_key: bool,
    /// When asked for: the values of string unions met.
    pub(crate) union_values: Option<Vec<UnionValue>>,
    /// The day the record was made, when known: notes are about the record's time.
    pub(crate) recorded_on: Option<Date>,
}

impl Walk {
    pub(crate) fn push(&mut self, path: &Path<'_>, kind: ProblemKind) {
        self.problems.push(Problem {
            pointer: path.pointer(),
            kind,
            outside_contract: false,
        });
    }

    fn finish(mut self) -> Checked {
        self.problems.append(&mut self.constraints);
        self.problems.append(&mut self.notes);
        Checked {
            problems: self.problems,
            repeated_key: self.repeated_key,
        }
    }

    /// A rule beyond the type that `value` (at `path`) breaks.
    pub(crate) fn violation(
        &mut self,
        path: &Path<'_>,
        limit: &Limit,
        message: String,
        value: Value,
    ) {
        self.violation_at(path, limit, message, value, None);
    }

    pub(crate) fn violation_at(
        &mut self,
        path: &Path<'_>,
        limit: &Limit,
        message: String,
        value: Value,
        offset: Option<usize>,
    ) {
        let pointer = path.pointer();
        let violation = Violation {
            pointer: pointer.clone(),
            rule: limit.keyword(),
            value,
            message,
            offset,
        };
        self.constraints.push(Problem {
            pointer,
            kind: ProblemKind::Constraint(violation),
            outside_contract: false,
        });
    }
}
