//! The one walker: a JSON value checked against a type's rules table, every problem reported
//! with its JSON pointer (serde stops at the first; this goes on).
//!
//! It is a serde `DeserializeSeed`, so the same code reads JSON text as it streams by (the
//! validator: nothing is built for a valid record, not even its strings) and a parsed `Value`
//! (`validate()` checks a typed value through its JSON form). A key repeated in one object is
//! noticed, not judged: [`Checked::repeated_key`] tells the caller to read the record closely.

//!
//! `value` checks one value (`Node`), `object` the entries of an object, `tagged` tagged unions,
//! `skip` the values no rule is about (and values kept whole).

mod object;
mod picked;
mod show;
mod skip;
mod tagged;
mod value;

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::rules::{Described, Limit, Note, Ty, UnionRules};
use crate::Date;
use crate::{Pointer, Violation, Violations};
use value::Node;

pub use picked::{Pick, Picked};
pub(crate) use show::show_str;
pub use show::{is_shortened, show};

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
    /// How many more problems of the same kind this one stands for: a walk keeps at most
    /// [`KEPT_PER_WALK`] problems, and past that one of each kind with its count.
    pub repeats: u64,
}

impl Problem {
    /// Whether the typed read refuses the value for this problem, whatever level a validator
    /// gives it: a wrong type, a missing key, a wrong constant, a value a closed union does
    /// not list, a key a closed type does not declare. (A value outside the contract is kept
    /// in `extra`; a broken range and a note do not stop the read.)
    pub fn refuses_typed_read(&self) -> bool {
        !self.outside_contract
            && match &self.kind {
                ProblemKind::Missing { .. }
                | ProblemKind::WrongType { .. }
                | ProblemKind::WrongConst { .. } => true,
                ProblemKind::Unlisted { open, .. } => !open,
                ProblemKind::Undeclared { closed } => *closed,
                ProblemKind::Constraint(_) | ProblemKind::Note { .. } => false,
            }
    }
}

/// How many problems one walk keeps one by one: a value of any size costs bounded memory.
pub const KEPT_PER_WALK: usize = 10_000;

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

// The entry points are `#[inline]`, and those only the validator calls are crate-private: the
// walker is compiled where it is called (the validator, a dependent's `validate()`), not in
// every dependent's build of the types (BENCHMARKS.md).

/// Every problem of the JSON `text` checked as `ty`, read as it streams (an error only when
/// the text is not JSON); notes are about a record made on `recorded_on`, where known. The
/// values of the keys `picked` asks for are kept in it.
#[inline]
pub(crate) fn check_json(
    text: &str,
    ty: Ty,
    recorded_on: Option<Date>,
    mut picked: Option<&mut Picked>,
) -> Result<Checked, serde_json::Error> {
    let mut walk = Walk {
        recorded_on,
        skip_plain_strings: !skip::may_hold_a_surrogate_escape(text)
            && !skip::may_nest_deeply(text),
        picked: picked.as_deref_mut().map(|picked| {
            picked.clear();
            std::mem::take(picked)
        }),
        ..Walk::default()
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = Node::new(&mut walk, ty, &Path::Root)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let (Some(picked), Some(walked)) = (picked.as_deref_mut(), walk.picked.take()) {
        *picked = walked;
    }
    read?;
    let checked = walk.finish();
    if let Some(picked) = picked {
        picked.typed_read = !checked.problems.iter().any(Problem::refuses_typed_read);
    }
    Ok(checked)
}

/// The check of JSON `text` that only has to be an object (the 2023 ping): no problems, and
/// whether a key repeats; an error when it is not JSON or not an object.
#[inline]
pub(crate) fn check_json_object(text: &str) -> Result<Checked, serde_json::Error> {
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
#[inline]
pub(crate) fn check_counting(value: &Value, ty: Ty) -> (Vec<Problem>, Vec<UnionValue>) {
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
#[inline]
pub fn check(value: &Value, ty: Ty, recorded_on: Option<Date>) -> Vec<Problem> {
    let mut walk = Walk {
        recorded_on,
        ..Walk::default()
    };
    // A `Value` reads without errors: the walker itself never fails.
    let _ = Node::new(&mut walk, ty, &Path::Root).deserialize(value);
    walk.finish().problems
}

/// `Ok`, or every rule beyond the types that `value` breaks, in schema order (past
/// [`KEPT_PER_WALK`] problems, one of each kind). A typed value
/// is checked in its JSON text (written in field order, whatever map order serde_json is
/// built with). A float JSON cannot hold (NaN, an infinity) is written as `null`: where the
/// field may not be `null` that is a violation of rule `type`; where it may, it passes.
pub fn validate<T: Described + serde::Serialize>(value: &T) -> Result<(), Violations> {
    let problems = super::writing_to_check(|| serde_json::to_string(value))
        .ok()
        .and_then(|json| check_json(&json, T::RULES, None, None).ok())
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
        Err(violations.into())
    }
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
    /// How deep the walk is inside undocumented properties (`x-undocumented`).
    pub(crate) undocumented: usize,
    /// The walk reads JSON text through serde_json's own reader, in which no string escape
    /// could be a lone surrogate: a string with no rule beyond its type is then skipped as
    /// the parse floor skips it, escapes checked but not decoded (see `Node::deserialize`).
    pub(crate) skip_plain_strings: bool,
    /// The top-level values a caller asked to keep.
    pub(crate) picked: Option<Picked>,
    /// Past [`KEPT_PER_WALK`]: one problem of each kind, with its count.
    overflow: Vec<Problem>,
}

/// Which list of a walk a problem goes to.
#[derive(Clone, Copy)]
pub(crate) enum List {
    Structure,
    Constraints,
    Notes,
}

impl Walk {
    /// Runs `replay`, a walk of values already read (not of JSON text), with plain strings
    /// read rather than skipped: only the text reader can skip one. Its outcome is dropped:
    /// reading a value never fails.
    pub(crate) fn replaying<T, E>(&mut self, replay: impl FnOnce(&mut Walk) -> Result<T, E>) {
        let skip = std::mem::replace(&mut self.skip_plain_strings, false);
        let _ = replay(self);
        self.skip_plain_strings = skip;
    }

    pub(crate) fn push(&mut self, path: &Path<'_>, kind: ProblemKind) {
        self.keep(List::Structure, path.pointer(), kind);
    }

    /// Keeps a problem in its list, or past the bound, counts it with one of its kind.
    pub(crate) fn keep(&mut self, list: List, pointer: Pointer, kind: ProblemKind) {
        let problem = Problem {
            pointer,
            kind,
            outside_contract: self.undocumented > 0,
            repeats: 0,
        };
        let kept = self.problems.len() + self.constraints.len() + self.notes.len();
        if kept < KEPT_PER_WALK {
            match list {
                List::Structure => self.problems.push(problem),
                List::Constraints => self.constraints.push(problem),
                List::Notes => self.notes.push(problem),
            }
            return;
        }
        let class = class_of(&problem);
        match self.overflow.iter_mut().find(|p| class_of(p) == class) {
            Some(first) => first.repeats += 1,
            None => self.overflow.push(problem),
        }
    }

    fn finish(mut self) -> Checked {
        self.problems.append(&mut self.constraints);
        self.problems.append(&mut self.notes);
        self.problems.append(&mut self.overflow);
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
        self.keep(
            List::Constraints,
            pointer,
            ProblemKind::Constraint(violation),
        );
    }
}

/// What decides a problem's code and severity: problems alike in this are counted together
/// past the bound (the kinds of a schema are few, so the overflow list stays short).
fn class_of(problem: &Problem) -> (u8, &'static str, bool, bool) {
    let (tag, name, flag) = match &problem.kind {
        ProblemKind::Missing { .. } => (0, "", false),
        ProblemKind::WrongType { expected, .. } => (1, *expected, false),
        ProblemKind::WrongConst { expected, .. } => (2, *expected, false),
        ProblemKind::Unlisted { union, open, .. } => (3, *union, *open),
        ProblemKind::Undeclared { closed } => (4, "", *closed),
        ProblemKind::Constraint(violation) => (5, violation.rule, false),
        ProblemKind::Note { note, .. } => (6, note.code, false),
    };
    (tag, name, flag, problem.outside_contract)
}
