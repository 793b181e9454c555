//! The entries of an object checked against its rules, and tagged unions.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::skip::{Capture, Skip, skip_map, skip_map_after};
use super::value::Node;
use super::{Path, ProblemKind, Walk, show, show_str};
use crate::__private::rules::{FieldRule, FieldValue, ObjectRules, TaggedRules, Ty};

/// The entries of one object checked against its rules.
pub(crate) struct ObjectWalk<'p> {
    rules: &'static ObjectRules,
    path: &'p Path<'p>,
    seen: Vec<bool>,
    undeclared: HashSet<String>,
}

impl<'p> ObjectWalk<'p> {
    pub(crate) fn new(rules: &'static ObjectRules, path: &'p Path<'p>) -> Self {
        ObjectWalk {
            rules,
            path,
            seen: vec![false; rules.fields.len()],
            undeclared: HashSet::new(),
        }
    }

    pub(crate) fn walk<'de, A: MapAccess<'de>>(
        mut self,
        walk: &mut Walk,
        mut map: A,
    ) -> Result<(), A::Error> {
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
pub(crate) fn tagged<'de, A: MapAccess<'de>>(
    walk: &mut Walk,
    rules: &'static TaggedRules,
    path: &Path<'_>,
    mut map: A,
) -> Result<(), A::Error> {
    let mut before: Vec<(String, Value)> = Vec::new();
    // Every key so far, so that a key repeated on either side of the tag is noticed.
    let mut keys: HashSet<String> = HashSet::new();
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value_seed(Capture(&mut *walk))?;
        walk.repeated_key |= !keys.insert(key.clone());
        if key != rules.tag {
            before.push((key, value));
            continue;
        }
        let tag_path = Path::Key(path, rules.tag);
        let Some(text) = value.as_str() else {
            let node = Node::new(walk, Ty::String, &tag_path);
            let _ = node.deserialize(&value);
            return skip_map_after(walk, map, keys);
        };
        let Some((_, member)) = rules.variants.iter().find(|(listed, _)| *listed == text) else {
            let kind = ProblemKind::Unlisted {
                union: rules.name,
                open: rules.other.is_some(),
                code: rules.unlisted_code,
                found: show(&value),
            };
            walk.push(&tag_path, kind);
            return skip_map_after(walk, map, keys);
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

/// A key: the index of a declared one (matched without allocating), or an undeclared one.
enum Key {
    Declared(usize),
    Undeclared(String),
}

struct KeySeed(&'static ObjectRules);

impl KeySeed {
    fn key(&self, key: &str) -> Key {
        match crate::__private::de::declared(self.0, key) {
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
