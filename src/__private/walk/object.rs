//! The entries of an object checked against its rules (tagged unions in `tagged.rs`).

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::skip::{Skip, skip_map};
use super::value::Node;
use super::{Path, Pick, ProblemKind, Walk, show_str};
use crate::__private::rules::{FieldRule, FieldValue, ObjectRules};

/// The entries of one object checked against its rules.
pub(crate) struct ObjectWalk<'p> {
    rules: &'static ObjectRules,
    path: &'p Path<'p>,
    seen: Seen,
    undeclared: HashSet<String>,
}

/// Which declared keys an object had: bits for up to 64 (no allocation), else a vector.
enum Seen {
    Bits(u64),
    Many(Vec<bool>),
}

impl Seen {
    fn new(fields: usize) -> Seen {
        if fields <= 64 {
            Seen::Bits(0)
        } else {
            Seen::Many(vec![false; fields])
        }
    }

    /// Marks `index` seen; whether it was seen before.
    fn insert(&mut self, index: usize) -> bool {
        match self {
            Seen::Bits(bits) => {
                let before = *bits & (1 << index) != 0;
                *bits |= 1 << index;
                before
            }
            Seen::Many(seen) => std::mem::replace(&mut seen[index], true),
        }
    }

    fn contains(&self, index: usize) -> bool {
        match self {
            Seen::Bits(bits) => bits & (1 << index) != 0,
            Seen::Many(seen) => seen[index],
        }
    }
}

impl<'p> ObjectWalk<'p> {
    pub(crate) fn new(rules: &'static ObjectRules, path: &'p Path<'p>) -> Self {
        ObjectWalk {
            rules,
            path,
            seen: Seen::new(rules.fields.len()),
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
    pub(super) fn entry<E>(
        &mut self,
        walk: &mut Walk,
        key: Key,
        read: impl FnOnce(Entry<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        match key {
            Key::Declared(index) => {
                walk.repeated_key |= self.seen.insert(index);
                let field = &self.rules.fields[index];
                let pick = match (&mut walk.picked, self.path) {
                    (Some(picked), Path::Root) => picked.meet_field(self.rules, index),
                    _ => None,
                };
                let path = Path::Key(self.path, field.key);
                read(Entry::Field {
                    field,
                    walk,
                    path: &path,
                    pick,
                })
            }
            Key::Undeclared(key) => {
                if let (Some(picked), Path::Root) = (&mut walk.picked, self.path) {
                    picked.meet(&key);
                }
                let path = Path::Key(self.path, &key);
                let closed = !self.rules.keeps_unknown_keys;
                walk.push(&path, ProblemKind::Undeclared { closed });
                read(Entry::Skip(Skip(walk)))?;
                walk.repeated_key |= !self.undeclared.insert(key);
                Ok(())
            }
        }
    }

    pub(super) fn end(self, walk: &mut Walk) {
        for (index, field) in self.rules.fields.iter().enumerate() {
            if !self.seen.contains(index) && field.presence.is_required() {
                walk.push(self.path, ProblemKind::Missing { key: field.key });
            }
        }
    }
}

/// How an entry's value is read.
pub(super) enum Entry<'w, 'p> {
    /// A declared field's value.
    Field {
        field: &'static FieldRule,
        walk: &'w mut Walk,
        path: &'p Path<'p>,
        pick: Option<(usize, Pick)>,
    },
    /// An undeclared key's value.
    Skip(Skip<'w>),
}

impl<'de> DeserializeSeed<'de> for Entry<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self {
            Entry::Skip(skip) => skip.deserialize(deserializer),
            Entry::Field {
                field,
                walk,
                path,
                pick,
            } => match field.value {
                FieldValue::Const(expected) => deserializer.deserialize_any(Const {
                    expected,
                    walk,
                    path,
                }),
                FieldValue::Of(ty) => {
                    // Problems inside an undocumented field are marked as they are found.
                    let depth = usize::from(field.undocumented);
                    walk.undocumented += depth;
                    let read = Node {
                        walk: &mut *walk,
                        ty,
                        nullable: field.presence.is_nullable(),
                        limits: field.limits,
                        path,
                        pick,
                    }
                    .deserialize(deserializer);
                    walk.undocumented -= depth;
                    read
                }
            },
        }
    }
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
pub(super) enum Key {
    Declared(usize),
    Undeclared(String),
}

pub(super) struct KeySeed(pub(super) &'static ObjectRules);

impl KeySeed {
    pub(super) fn key(&self, key: &str) -> Key {
        match self.0.index_of(key) {
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
