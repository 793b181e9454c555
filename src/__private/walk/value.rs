//! One value checked against its type and limits.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::object::ObjectWalk;
use super::skip::{Capture, Skip, skip_map};
use super::tagged::tagged;
use super::{List, Path, Pick, ProblemKind, Walk, show_str};
use crate::__private::rules::{Check, Failure, Limit, Number, Ty};

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
pub(crate) struct Node<'w, 'p> {
    pub(crate) walk: &'w mut Walk,
    pub(crate) ty: Ty,
    pub(crate) nullable: bool,
    pub(crate) limits: &'static [Limit],
    pub(crate) path: &'p Path<'p>,
    /// Where the walk's caller wants this value kept, if it does (a top-level value).
    pub(crate) pick: Option<(usize, Pick)>,
}

impl<'w, 'p> Node<'w, 'p> {
    pub(crate) fn new(walk: &'w mut Walk, ty: Ty, path: &'p Path<'p>) -> Self {
        Node {
            walk,
            ty,
            nullable: false,
            limits: &[],
            path,
            pick: None,
        }
    }

    /// Runs the string check of `limit` on `text`; whether it failed (and was recorded).
    fn str_check(&mut self, limit: &Limit, check: fn(&str) -> Option<Failure>, text: &str) -> bool {
        let Some(failure) = check(text) else {
            return false;
        };
        let value = Value::from(text);
        self.walk
            .violation_at(self.path, limit, failure.message, value, failure.offset);
        true
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

    fn string(mut self, text: &str) {
        if let (Some(picked), Some((slot, _))) = (&mut self.walk.picked, self.pick) {
            picked.keep_str(slot, text);
        }
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
                        Limit::Check(_, Check::Str(check)) => {
                            self.str_check(limit, check, text);
                            continue;
                        }
                        _ => continue,
                    };
                    self.walk
                        .violation(self.path, limit, message, Value::from(text));
                }
            }
            Ty::Union(rules) => {
                if let Some(values) = &mut self.walk.union_values {
                    values.push((rules, Some(text.to_owned())));
                }
                if !rules.values.contains(&text) {
                    let kind = ProblemKind::Unlisted {
                        union: rules.name,
                        open: rules.open,
                        code: rules.unlisted_code,
                        found: show_str(text),
                    };
                    return self.walk.push(self.path, kind);
                }
                // A listed value that breaks a rule (`x-rust-check`) gets the rule's error and
                // no note besides.
                for limit in self.limits {
                    if let Limit::Check(_, Check::Str(check)) = limit
                        && self.str_check(limit, *check, text)
                    {
                        return;
                    }
                }
                let recorded_on = self.walk.recorded_on;
                if let Some(note) = rules.note.and_then(|note| note(text, recorded_on)) {
                    let pointer = self.path.pointer();
                    let kind = ProblemKind::Note {
                        note,
                        found: show_str(text),
                    };
                    self.walk.keep(List::Notes, pointer, kind);
                }
            }
            _ => self.wrong_type(Found::Str(text)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.walk.skip_plain_strings
            && matches!(self.ty, Ty::String)
            && self.limits.is_empty()
            && !matches!(self.pick, Some((_, Pick::Decoded)))
        {
            return self.skipping_a_plain_string(deserializer);
        }
        deserializer.deserialize_any(self)
    }
}

impl Node<'_, '_> {
    /// A value that is right when it is a string: skipped unread (most of a completion's
    /// bytes are its text); anything else walked as usual, from its text.
    fn skipping_a_plain_string<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<(), D::Error> {
        use serde::de::Error as _;
        let raw = <&serde_json::value::RawValue as serde::Deserialize>::deserialize(deserializer)?;
        if raw.get().starts_with('"') {
            if let (Some(picked), Some((slot, Pick::Json))) = (&mut self.walk.picked, self.pick) {
                picked.keep_json(slot, raw.get());
            }
            return Ok(());
        }
        let Node {
            walk,
            ty,
            nullable,
            limits,
            path,
            pick,
        } = self;
        walk.skip_plain_strings = false;
        let mut inner = serde_json::Deserializer::from_str(raw.get());
        let node = Node {
            walk: &mut *walk,
            ty,
            nullable,
            limits,
            path,
            pick,
        };
        let walked = node.deserialize(&mut inner);
        walk.skip_plain_strings = true;
        // The outer reader gives the error its position: the value's end, where its own
        // read of the value would have failed.
        walked.map_err(|error| D::Error::custom(crate::stream::message_without_position(&error)))
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
        } else if let (Ty::Union(rules), Some(values)) = (self.ty, &mut self.walk.union_values) {
            values.push((rules, None));
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
        self.number(Value::from(value), crate::__private::whole(value), value);
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
                self.walk
                    .replaying(|walk| Node::new(walk, *item, &path).deserialize(element));
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
