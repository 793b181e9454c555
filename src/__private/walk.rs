//! The one walker: a JSON value checked against a type's rules table, every problem reported
//! with its JSON pointer (serde stops at the first; this goes on).
//!
//! It is a serde `DeserializeSeed`, so the same code reads JSON text as it streams by (the
//! validator: nothing is built for a valid record, not even its strings) and a parsed `Value`
//! (`validate()` checks a typed value through its JSON form). A key repeated in one object is
//! noticed, not judged: [`Checked::repeated_key`] tells the caller to read the record closely.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::rules::{
    Check, Described, FieldRule, FieldValue, Limit, Note, Number, ObjectRules, TaggedRules, Ty,
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
/// the text is not JSON).
pub fn check_json(text: &str, ty: Ty) -> Result<Checked, serde_json::Error> {
    let mut walk = Walk::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Node::new(&mut walk, ty, &Path::Root).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(walk.finish())
}

/// Every problem of `value` checked as `ty`.
pub fn check(value: &Value, ty: Ty) -> Vec<Problem> {
    let mut walk = Walk::default();
    // A `Value` reads without errors: the walker itself never fails.
    let _ = Node::new(&mut walk, ty, &Path::Root).deserialize(value);
    walk.finish().problems
}

/// `Ok`, or every rule beyond the types that `value` breaks (a typed value is checked in its
/// JSON form; a float JSON cannot hold, such as NaN, is a violation too).
pub fn validate<T: Described + serde::Serialize>(value: &T) -> Result<(), Vec<Violation>> {
    let json = serde_json::to_value(value).unwrap_or(Value::Null);
    let violations: Vec<Violation> = check(&json, T::RULES)
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
        Value::String(text) => show_str(text),
        other => other.to_string(),
    }
}

/// A string as [`show`] renders it: JSON, or for a long one its start.
fn show_str(text: &str) -> String {
    if text.chars().count() > 40 {
        let head: String = text.chars().take(37).collect();
        format!("{:?}", head + "...")
    } else {
        Value::from(text).to_string()
    }
}

/// Where a value is, kept as borrowed steps: a pointer is built only for a problem.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn pointer(&self) -> Pointer {
        match self {
            Path::Root => Pointer::root(),
            Path::Key(parent, key) => parent.pointer().key(key),
            Path::Index(parent, index) => parent.pointer().index(*index),
        }
    }
}

#[derive(Default)]
struct Walk {
    problems: Vec<Problem>,
    constraints: Vec<Problem>,
    notes: Vec<Problem>,
    repeated_key: bool,
}

impl Walk {
    fn push(&mut self, path: &Path<'_>, kind: ProblemKind) {
        self.problems.push(Problem {
            pointer: path.pointer(),
            kind,
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
    fn violation(&mut self, path: &Path<'_>, limit: &Limit, message: String, value: Value) {
        self.violation_at(path, limit, message, value, None);
    }

    fn violation_at(
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
        });
    }
}

/// What a JSON value is, in words, for a wrong-type message.
enum Found<'a> {
    Null,
    Bool,
    Number(Value),
    Str(&'a str),
    Array,
    Object,
}

impl Found<'_> {
    fn words(&self) -> String {
        match self {
            Found::Null => "null".to_owned(),
            Found::Bool => "a boolean".to_owned(),
            Found::Number(n) => format!("the number {n}"),
            Found::Str(text) => format!("the string {}", show_str(text)),
            Found::Array => "an array".to_owned(),
            Found::Object => "an object".to_owned(),
        }
    }
}

fn expected(ty: Ty) -> &'static str {
    match ty {
        Ty::String | Ty::Union(_) => "a string",
        Ty::Integer => "an integer (64-bit)",
        Ty::Number => "a number",
        Ty::Boolean => "a boolean",
        Ty::Array(_) => "an array",
        Ty::Object(_) | Ty::Tagged(_) => "an object",
    }
}

/// One value to check: its type, whether `null` is allowed, the limits on it.
struct Node<'w, 'p> {
    walk: &'w mut Walk,
    ty: Ty,
    nullable: bool,
    limits: &'static [Limit],
    path: &'p Path<'p>,
}

impl<'w, 'p> Node<'w, 'p> {
    fn new(walk: &'w mut Walk, ty: Ty, path: &'p Path<'p>) -> Self {
        Node {
            walk,
            ty,
            nullable: false,
            limits: &[],
            path,
        }
    }

    fn wrong_type(self, found: Found<'_>) {
        let kind = ProblemKind::WrongType {
            expected: expected(self.ty),
            found: found.words(),
        };
        self.walk.push(self.path, kind);
    }

    fn number(self, found: Value, integer: Option<i64>, float: f64) {
        let is_type = match self.ty {
            Ty::Integer => integer.is_some(),
            Ty::Number => true,
            _ => false,
        };
        if !is_type {
            return self.wrong_type(Found::Number(found));
        }
        for limit in self.limits {
            let (n, words, holds): (Number, &str, fn(std::cmp::Ordering) -> bool) = match *limit {
                Limit::Minimum(n) => (n, "at least", |o| o.is_ge()),
                Limit::ExclusiveMinimum(n) => (n, "greater than", |o| o.is_gt()),
                Limit::Maximum(n) => (n, "at most", |o| o.is_le()),
                Limit::ExclusiveMaximum(n) => (n, "less than", |o| o.is_lt()),
                Limit::Check(_, Check::Integer(check)) => {
                    if let Some(failure) = integer.and_then(|i| check(&i)) {
                        let value = found.clone();
                        self.walk.violation_at(
                            self.path,
                            limit,
                            failure.message,
                            value,
                            failure.offset,
                        );
                    }
                    continue;
                }
                Limit::Check(_, Check::Number(check)) => {
                    if let Some(failure) = check(&float) {
                        let value = found.clone();
                        self.walk.violation_at(
                            self.path,
                            limit,
                            failure.message,
                            value,
                            failure.offset,
                        );
                    }
                    continue;
                }
                _ => continue,
            };
            // A NaN fails every bound: it is no JSON number.
            let broken = match (n, self.ty, integer) {
                (Number::Integer(bound), Ty::Integer, Some(i)) => {
                    i.partial_cmp(&bound).is_none_or(|o| !holds(o)).then(|| {
                        (
                            format!("must be {words} {bound}, found {i}"),
                            Value::from(i),
                        )
                    })
                }
                (Number::Float(bound), _, _) => float
                    .partial_cmp(&bound)
                    .is_none_or(|o| !holds(o))
                    .then(|| {
                        (
                            format!("must be {words} {bound}, found {float}"),
                            Value::from(float),
                        )
                    }),
                _ => None,
            };
            if let Some((message, value)) = broken {
                self.walk.violation(self.path, limit, message, value);
            }
        }
    }

    fn string(self, text: &str) {
        match self.ty {
            Ty::String => {
                let count = || text.chars().count() as u64;
                for limit in self.limits {
                    let message = match *limit {
                        Limit::MinLength(n) if count() < n => {
                            format!("must have at least {n} characters, found {}", count())
                        }
                        Limit::MaxLength(n) if count() > n => {
                            format!("must have at most {n} characters, found {}", count())
                        }
                        Limit::Check(_, Check::Str(check)) => match check(text) {
                            Some(failure) => {
                                let value = Value::from(text);
                                self.walk.violation_at(
                                    self.path,
                                    limit,
                                    failure.message,
                                    value,
                                    failure.offset,
                                );
                                continue;
                            }
                            None => continue,
                        },
                        _ => continue,
                    };
                    self.walk
                        .violation(self.path, limit, message, Value::from(text));
                }
            }
            Ty::Union(rules) => {
                if !rules.values.contains(&text) {
                    let kind = ProblemKind::Unlisted {
                        union: rules.name,
                        open: rules.open,
                        code: rules.unlisted_code,
                        found: show_str(text),
                    };
                    return self.walk.push(self.path, kind);
                }
                if let Some(note) = rules.note.and_then(|note| note(text)) {
                    self.walk.notes.push(Problem {
                        pointer: self.path.pointer(),
                        kind: ProblemKind::Note {
                            note,
                            found: show_str(text),
                        },
                    });
                }
            }
            _ => self.wrong_type(Found::Str(text)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        if !self.nullable {
            self.wrong_type(Found::Null);
        }
        Ok(())
    }

    fn visit_bool<E>(self, value: bool) -> Result<(), E> {
        if !matches!(self.ty, Ty::Boolean) {
            self.wrong_type(Found::Bool);
            return Ok(());
        }
        for limit in self.limits {
            if let Limit::Check(_, Check::Boolean(check)) = limit
                && let Some(failure) = check(&value)
            {
                let value = Value::from(value);
                self.walk
                    .violation_at(self.path, limit, failure.message, value, failure.offset);
            }
        }
        Ok(())
    }

    fn visit_i64<E>(self, value: i64) -> Result<(), E> {
        self.number(Value::from(value), Some(value), value as f64);
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        self.number(Value::from(value), i64::try_from(value).ok(), value as f64);
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        self.number(Value::from(value), None, value);
        Ok(())
    }

    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        self.string(value);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Ty::Array(item) = self.ty else {
            let walk = &mut *self.walk;
            while seq.next_element_seed(Skip(walk))?.is_some() {}
            self.wrong_type(Found::Array);
            return Ok(());
        };
        let counted = self
            .limits
            .iter()
            .any(|l| matches!(l, Limit::MinItems(_) | Limit::MaxItems(_)));
        if counted {
            // The violation holds the array: read it, then check it as a value.
            let mut items = Vec::new();
            while let Some(value) = seq.next_element_seed(Capture(&mut *self.walk))? {
                items.push(value);
            }
            let array = Value::Array(items);
            let count = array.as_array().map_or(0, Vec::len) as u64;
            for limit in self.limits {
                let message = match *limit {
                    Limit::MinItems(n) if count < n => {
                        format!("must have at least {n} items, found {count}")
                    }
                    Limit::MaxItems(n) if count > n => {
                        format!("must have at most {n} items, found {count}")
                    }
                    _ => continue,
                };
                self.walk
                    .violation(self.path, limit, message, array.clone());
            }
            for (index, element) in array.as_array().into_iter().flatten().enumerate() {
                let path = Path::Index(self.path, index);
                let _ = Node::new(&mut *self.walk, *item, &path).deserialize(element);
            }
            return Ok(());
        }
        let mut index = 0;
        loop {
            let path = Path::Index(self.path, index);
            let node = Node::new(&mut *self.walk, *item, &path);
            if seq.next_element_seed(node)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match self.ty {
            Ty::Object(rules) => ObjectWalk::new(rules, self.path).walk(self.walk, map),
            Ty::Tagged(rules) => tagged(self.walk, rules, self.path, map),
            _ => {
                let walk = &mut *self.walk;
                skip_map(walk, map)?;
                self.wrong_type(Found::Object);
                Ok(())
            }
        }
    }
}

/// The entries of one object checked against its rules.
struct ObjectWalk<'p> {
    rules: &'static ObjectRules,
    path: &'p Path<'p>,
    seen: Vec<bool>,
    undeclared: HashSet<String>,
}

impl<'p> ObjectWalk<'p> {
    fn new(rules: &'static ObjectRules, path: &'p Path<'p>) -> Self {
        ObjectWalk {
            rules,
            path,
            seen: vec![false; rules.fields.len()],
            undeclared: HashSet::new(),
        }
    }

    fn walk<'de, A: MapAccess<'de>>(mut self, walk: &mut Walk, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed(self.rules))? {
            self.entry(walk, key, |seed| map.next_value_seed(seed))?;
        }
        self.end(walk);
        Ok(())
    }

    /// One entry: its value read by `read`, from a stream or a buffered `Value`.
    fn entry<E>(
        &mut self,
        walk: &mut Walk,
        key: Key,
        read: impl FnOnce(Entry<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        match key {
            Key::Declared(index) => {
                walk.repeated_key |= std::mem::replace(&mut self.seen[index], true);
                let field = &self.rules.fields[index];
                let path = Path::Key(self.path, field.key);
                read(Entry::Field {
                    field,
                    walk,
                    path: &path,
                })
            }
            Key::Undeclared(key) => {
                let path = Path::Key(self.path, &key);
                let closed = !self.rules.keeps_unknown_keys;
                walk.push(&path, ProblemKind::Undeclared { closed });
                read(Entry::Skip(Skip(walk)))?;
                walk.repeated_key |= !self.undeclared.insert(key);
                Ok(())
            }
        }
    }

    fn end(self, walk: &mut Walk) {
        for (field, seen) in self.rules.fields.iter().zip(&self.seen) {
            if !seen && field.presence.is_required() {
                walk.push(self.path, ProblemKind::Missing { key: field.key });
            }
        }
    }
}

/// How an entry's value is read.
enum Entry<'w, 'p> {
    /// A declared field's value.
    Field {
        field: &'static FieldRule,
        walk: &'w mut Walk,
        path: &'p Path<'p>,
    },
    /// An undeclared key's value.
    Skip(Skip<'w>),
}

impl<'de> DeserializeSeed<'de> for Entry<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self {
            Entry::Skip(skip) => skip.deserialize(deserializer),
            Entry::Field { field, walk, path } => match field.value {
                FieldValue::Const(expected) => deserializer.deserialize_any(Const {
                    expected,
                    walk,
                    path,
                }),
                FieldValue::Of(ty) => Node {
                    walk,
                    ty,
                    nullable: field.presence.is_nullable(),
                    limits: field.limits,
                    path,
                }
                .deserialize(deserializer),
            },
        }
    }
}

/// A tagged union: entries before the tag are kept as values, then the member's rules decide.
fn tagged<'de, A: MapAccess<'de>>(
    walk: &mut Walk,
    rules: &'static TaggedRules,
    path: &Path<'_>,
    mut map: A,
) -> Result<(), A::Error> {
    let mut before: Vec<(String, Value)> = Vec::new();
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value_seed(Capture(&mut *walk))?;
        if key != rules.tag {
            walk.repeated_key |= before.iter().any(|(k, _)| *k == key);
            before.push((key, value));
            continue;
        }
        let tag_path = Path::Key(path, rules.tag);
        let Some(text) = value.as_str() else {
            let node = Node::new(walk, Ty::String, &tag_path);
            let _ = node.deserialize(&value);
            return skip_map(walk, map);
        };
        let Some((_, member)) = rules.variants.iter().find(|(listed, _)| *listed == text) else {
            let kind = ProblemKind::Unlisted {
                union: rules.name,
                open: rules.other.is_some(),
                code: rules.unlisted_code,
                found: show(&value),
            };
            walk.push(&tag_path, kind);
            return skip_map(walk, map);
        };
        let mut object = ObjectWalk::new(member, path);
        before.push((key, value));
        for (key, value) in &before {
            let key = KeySeed(member).key(key);
            let _ = object.entry(walk, key, |seed| seed.deserialize(value));
        }
        while let Some(key) = map.next_key_seed(KeySeed(member))? {
            object.entry(walk, key, |seed| map.next_value_seed(seed))?;
        }
        object.end(walk);
        return Ok(());
    }
    walk.push(path, ProblemKind::Missing { key: rules.tag });
    Ok(())
}

/// A constant's check.
struct Const<'w, 'p> {
    expected: &'static str,
    walk: &'w mut Walk,
    path: &'p Path<'p>,
}

impl Const<'_, '_> {
    fn wrong(self, found: String) {
        let kind = ProblemKind::WrongConst {
            expected: self.expected,
            found,
        };
        self.walk.push(self.path, kind);
    }
}

impl<'de> Visitor<'de> for Const<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.expected)
    }

    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        if value != self.expected {
            self.wrong(show_str(value));
        }
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.wrong("null".to_owned());
        Ok(())
    }

    fn visit_bool<E>(self, value: bool) -> Result<(), E> {
        self.wrong(value.to_string());
        Ok(())
    }

    fn visit_i64<E>(self, value: i64) -> Result<(), E> {
        self.wrong(value.to_string());
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        self.wrong(value.to_string());
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        self.wrong(Value::from(value).to_string());
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip(&mut *self.walk))?.is_some() {}
        self.wrong("an array".to_owned());
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(&mut *self.walk, map)?;
        self.wrong("an object".to_owned());
        Ok(())
    }
}

/// A key, matched against the declared ones without allocating.
enum Key {
    Declared(usize),
    Undeclared(String),
}

struct KeySeed(&'static ObjectRules);

impl KeySeed {
    fn key(&self, key: &str) -> Key {
        match self.0.fields.iter().position(|f| f.key == key) {
            Some(index) => Key::Declared(index),
            None => Key::Undeclared(key.to_owned()),
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Key, E> {
        Ok(self.key(key))
    }
}

/// A value no rule is about: skipped, but a key repeated in it is noticed.
struct Skip<'w>(&'w mut Walk);

impl<'de> DeserializeSeed<'de> for Skip<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip(&mut *self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(self.0, map)
    }
}

fn skip_map<'de, A: MapAccess<'de>>(walk: &mut Walk, mut map: A) -> Result<(), A::Error> {
    let mut keys = HashSet::new();
    while let Some(key) = map.next_key::<String>()? {
        walk.repeated_key |= !keys.insert(key);
        map.next_value_seed(Skip(&mut *walk))?;
    }
    Ok(())
}

/// A value kept whole (for a rule about it, or to replay it), noticing repeated keys.
struct Capture<'w>(&'w mut Walk);

impl<'de> DeserializeSeed<'de> for Capture<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Capture<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Capture(&mut *self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Capture(&mut *self.0))?;
            self.0.repeated_key |= object.insert(key, value).is_some();
        }
        Ok(Value::Object(object))
    }
}
