//! The one walker: a JSON value checked against a type's rules table, every problem reported
//! with its JSON pointer (serde stops at the first; this goes on). It serves untyped JSON (the
//! validator) and typed values (`validate()`, through their JSON form).

use serde_json::{Map, Value};

use super::rules::{
    Check, Described, FieldRule, FieldValue, Limit, Note, Number, ObjectRules, TaggedRules, Ty,
    UnionRules,
};
use crate::{Pointer, Violation};

/// One problem in a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: the offending value, or for a missing key the object that lacks it.
    pub pointer: Pointer,
    /// What.
    pub kind: ProblemKind,
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

/// Every problem of `value` checked as `ty`, in the order found; notes come last.
pub fn check(value: &Value, ty: Ty) -> Vec<Problem> {
    let mut walk = Walk::default();
    let mut at = Pointer::root();
    walk.value(value, ty, &mut at);
    walk.problems.extend(walk.constraints);
    walk.problems.extend(walk.notes);
    walk.problems
}

/// `Ok`, or every rule beyond the types that `value` breaks (a typed value is checked in its
/// JSON form; a float JSON cannot hold, such as NaN, is a violation too).
pub fn validate<T: Described + serde::Serialize>(value: &T) -> Result<(), Vec<Violation>> {
    let json = serde_json::to_value(value).unwrap_or(Value::Null);
    let violations: Vec<Violation> = check(&json, T::rules())
        .into_iter()
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
        Value::String(text) if text.chars().count() > 40 => {
            let head: String = text.chars().take(37).collect();
            format!("{:?}", head + "...")
        }
        other => other.to_string(),
    }
}

/// Problems of the structure in the order found; then the rules beyond the types, each value's
/// before those of the values it holds (the order `validate()` reports); then notes.
#[derive(Default)]
struct Walk {
    problems: Vec<Problem>,
    constraints: Vec<Problem>,
    notes: Vec<Problem>,
}

impl Walk {
    fn push(&mut self, at: &Pointer, kind: ProblemKind) {
        self.problems.push(Problem {
            pointer: at.clone(),
            kind,
        });
    }

    fn wrong_type(&mut self, at: &Pointer, expected: &'static str, value: &Value) {
        let found = match value {
            Value::Null => "null".to_owned(),
            Value::Bool(_) => "a boolean".to_owned(),
            Value::Number(_) => format!("the number {value}"),
            Value::String(_) => format!("the string {}", show(value)),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        };
        self.push(at, ProblemKind::WrongType { expected, found });
    }

    fn value(&mut self, value: &Value, ty: Ty, at: &mut Pointer) {
        match ty {
            Ty::String => self.expect(value.is_string(), at, "a string", value),
            Ty::Integer => self.expect(value.is_i64(), at, "an integer (64-bit)", value),
            Ty::Number => self.expect(value.is_number(), at, "a number", value),
            Ty::Boolean => self.expect(value.is_boolean(), at, "a boolean", value),
            Ty::Array(item) => match value.as_array() {
                Some(items) => {
                    for (index, element) in items.iter().enumerate() {
                        self.value(element, *item, &mut at.index(index));
                    }
                }
                None => self.wrong_type(at, "an array", value),
            },
            Ty::Object(rules) => match value.as_object() {
                Some(object) => self.object(object, rules, at),
                None => self.wrong_type(at, "an object", value),
            },
            Ty::Union(rules) => self.union(value, rules, at),
            Ty::Tagged(rules) => self.tagged(value, rules, at),
        }
    }

    fn expect(&mut self, holds: bool, at: &Pointer, expected: &'static str, value: &Value) {
        if !holds {
            self.wrong_type(at, expected, value);
        }
    }

    fn union(&mut self, value: &Value, rules: &'static UnionRules, at: &Pointer) {
        let Some(text) = value.as_str() else {
            return self.wrong_type(at, "a string", value);
        };
        if !rules.values.contains(&text) {
            let kind = ProblemKind::Unlisted {
                union: rules.name,
                open: rules.open,
                code: rules.unlisted_code,
                found: show(value),
            };
            return self.push(at, kind);
        }
        if let Some(note) = rules.note.and_then(|note| note(text)) {
            self.notes.push(Problem {
                pointer: at.clone(),
                kind: ProblemKind::Note {
                    note,
                    found: show(value),
                },
            });
        }
    }

    fn tagged(&mut self, value: &Value, rules: &'static TaggedRules, at: &mut Pointer) {
        let Some(object) = value.as_object() else {
            return self.wrong_type(at, "an object", value);
        };
        let Some(tag) = object.get(rules.tag) else {
            return self.push(at, ProblemKind::Missing { key: rules.tag });
        };
        let tag_at = at.key(rules.tag);
        let Some(text) = tag.as_str() else {
            return self.wrong_type(&tag_at, "a string", tag);
        };
        match rules.variants.iter().find(|(listed, _)| *listed == text) {
            Some((_, member)) => self.object(object, member, at),
            None => {
                let kind = ProblemKind::Unlisted {
                    union: rules.name,
                    open: rules.other.is_some(),
                    code: rules.unlisted_code,
                    found: show(tag),
                };
                self.push(&tag_at, kind);
            }
        }
    }

    fn object(&mut self, object: &Map<String, Value>, rules: &ObjectRules, at: &mut Pointer) {
        for field in rules.fields.iter().filter(|f| f.presence.is_required()) {
            if !object.contains_key(field.key) {
                self.push(at, ProblemKind::Missing { key: field.key });
            }
        }
        for (key, child) in object {
            let mut child_at = at.key(key);
            match rules.fields.iter().find(|f| f.key == key) {
                Some(field) => self.field(child, field, &mut child_at),
                None => self.push(
                    &child_at,
                    ProblemKind::Undeclared {
                        closed: !rules.keeps_unknown_keys,
                    },
                ),
            }
        }
    }

    fn field(&mut self, value: &Value, field: &FieldRule, at: &mut Pointer) {
        let ty = match field.value {
            FieldValue::Const(expected) => {
                if value.as_str() != Some(expected) {
                    let found = show(value);
                    self.push(at, ProblemKind::WrongConst { expected, found });
                }
                return;
            }
            FieldValue::Of(ty) => ty,
        };
        if value.is_null() && field.presence.is_nullable() {
            return;
        }
        for limit in field.limits {
            if let Some(violation) = broken(limit, value, ty, at) {
                self.constraints.push(Problem {
                    pointer: violation.pointer.clone(),
                    kind: ProblemKind::Constraint(violation),
                });
            }
        }
        self.value(value, ty, at);
    }
}

/// The violation of `limit` by `value` (of type `ty`), if the value has the type the limit
/// is about and breaks it.
fn broken(limit: &Limit, value: &Value, ty: Ty, at: &Pointer) -> Option<Violation> {
    let violation = |message: String, value: Value, offset: Option<usize>| Violation {
        pointer: at.clone(),
        rule: limit.keyword(),
        value,
        message,
        offset,
    };
    let count = |count: usize, limit: u64, min: bool, unit: &str| {
        let count = count as u64;
        let (holds, words) = if min {
            (count >= limit, "at least")
        } else {
            (count <= limit, "at most")
        };
        (!holds).then(|| {
            let message = format!("must have {words} {limit} {unit}, found {count}");
            violation(message, value.clone(), None)
        })
    };
    match *limit {
        Limit::Minimum(n) => bound(n, value, ty, "at least", |o| o.is_ge(), &violation),
        Limit::ExclusiveMinimum(n) => {
            bound(n, value, ty, "greater than", |o| o.is_gt(), &violation)
        }
        Limit::Maximum(n) => bound(n, value, ty, "at most", |o| o.is_le(), &violation),
        Limit::ExclusiveMaximum(n) => bound(n, value, ty, "less than", |o| o.is_lt(), &violation),
        Limit::MinLength(n) => count(value.as_str()?.chars().count(), n, true, "characters"),
        Limit::MaxLength(n) => count(value.as_str()?.chars().count(), n, false, "characters"),
        Limit::MinItems(n) => count(value.as_array()?.len(), n, true, "items"),
        Limit::MaxItems(n) => count(value.as_array()?.len(), n, false, "items"),
        Limit::Check(_, check) => {
            let failure = match check {
                Check::Str(check) => check(value.as_str()?),
                Check::Integer(check) => check(&value.as_i64()?),
                Check::Number(check) => check(&value.as_f64()?),
                Check::Boolean(check) => check(&value.as_bool()?),
            }?;
            Some(violation(failure.message, value.clone(), failure.offset))
        }
    }
}

/// A numeric bound: `holds` says whether the value's ordering against the limit passes. A
/// NaN fails every bound: it is no JSON number.
fn bound(
    limit: Number,
    value: &Value,
    ty: Ty,
    words: &str,
    holds: fn(std::cmp::Ordering) -> bool,
    violation: &dyn Fn(String, Value, Option<usize>) -> Violation,
) -> Option<Violation> {
    let passes = |ordering: Option<std::cmp::Ordering>| ordering.is_some_and(holds);
    match (limit, ty) {
        (Number::Integer(limit), Ty::Integer) => {
            let found = value.as_i64()?;
            let message = format!("must be {words} {limit}, found {found}");
            (!passes(found.partial_cmp(&limit))).then(|| violation(message, found.into(), None))
        }
        (Number::Float(limit), _) => {
            let found = value.as_f64()?;
            let message = format!("must be {words} {limit}, found {found}");
            (!passes(found.partial_cmp(&limit))).then(|| violation(message, found.into(), None))
        }
        (Number::Integer(_), _) => None,
    }
}
