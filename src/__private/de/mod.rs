//! Serde for the generated types: one visitor for every object type (keys matched against its
//! rules table), and the few helpers their impls call; string unions (`strings`) and integers
//! (`integer`) apart.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde_json::{Map, Value};

use super::rules::ObjectRules;

mod integer;
mod strings;

pub use integer::{Whole, fill_integer, whole};
pub use strings::{ClosedStrVisitor, OpenStrVisitor};

/// An object type, read by [`ObjectVisitor`].
pub trait Object: Sized {
    /// The type's rules table (its keys, and whether undeclared keys are kept).
    const RULES: &'static ObjectRules;

    /// The index of a declared key in the rules' fields (a `match`, which the compiler makes
    /// faster than a search of the table).
    fn index(key: &str) -> Option<usize>;

    /// Reads the object's entries (with [`next_key`]) into the value.
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The visitor of every generated object type.
pub struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<T> ObjectVisitor<T> {
    /// The visitor.
    pub fn new() -> Self {
        ObjectVisitor(PhantomData)
    }
}

impl<T> Default for ObjectVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::RULES.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// The index of the next declared key in `rules`, or `None` at the end. An undeclared key is
/// kept in `extra` (a key seen twice is an error), or refused when there is no `extra`.
#[inline]
pub fn next_key<'de, T: Object, A: MapAccess<'de>>(
    map: &mut A,
    mut extra: Option<&mut Map<String, Value>>,
) -> Result<Option<usize>, A::Error> {
    let rules = T::RULES;
    loop {
        match map.next_key_seed(KeySeed::<T>(PhantomData))? {
            None => return Ok(None),
            Some(Key::Declared(index)) => return Ok(Some(index)),
            Some(Key::Undeclared(key)) => match extra.as_deref_mut() {
                Some(extra) => {
                    let value = map.next_value()?;
                    keep_unknown(extra, key, value)?;
                }
                None => return Err(unknown_field(&key, rules)),
            },
        }
    }
}

/// serde's "unknown field" error, naming the declared keys.
fn unknown_field<E: de::Error>(key: &str, rules: &ObjectRules) -> E {
    let keys: Vec<String> = rules
        .fields
        .iter()
        .map(|f| format!("`{}`", f.key))
        .collect();
    match keys.as_slice() {
        [] => E::custom(format_args!("unknown field `{key}`, there are no fields")),
        [one] => E::custom(format_args!("unknown field `{key}`, expected {one}")),
        [a, b] => E::custom(format_args!("unknown field `{key}`, expected {a} or {b}")),
        many => E::custom(format_args!(
            "unknown field `{key}`, expected one of {}",
            many.join(", ")
        )),
    }
}

enum Key {
    Declared(usize),
    Undeclared(String),
}

/// Reads a key, matching it against the declared ones without allocating.
struct KeySeed<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for KeySeed<T> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match T::index(key) {
            Some(index) => Key::Declared(index),
            None => Key::Undeclared(key.to_owned()),
        })
    }
}

/// Reads a string that must equal `.0` (a schema `const`).
struct ConstStr(&'static str);

impl<'de> DeserializeSeed<'de> for ConstStr {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for ConstStr {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        if value == self.0 {
            Ok(())
        } else {
            Err(E::invalid_value(Unexpected::Str(value), &self))
        }
    }
}

/// Puts the field name in front of an error about its value. serde_json moves the
/// "at line L column C" suffix of the inner message back into the error's position.
pub(crate) fn in_field<E: de::Error>(key: &str, error: E) -> E {
    E::custom(format_args!("field `{key}`: {error}"))
}

/// Reads the value of `key` into its empty `slot`; a second occurrence is an error.
pub fn fill<'de, A, T>(slot: &mut Option<T>, key: &'static str, map: &mut A) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    fill_seed(slot, key, map, PhantomData)
}

/// Reads the value of the undocumented `key` (`x-undocumented`) into its empty `slot`; a value
/// of another type is kept as it was sent in `extra`, so that reading never fails on a field
/// nobody's contract declares, and a round trip loses nothing.
pub fn fill_or_keep<'de, A, T>(
    slot: &mut Option<T>,
    key: &'static str,
    map: &mut A,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Kept,
{
    if slot.is_some() || extra.contains_key(key) {
        return Err(<A::Error as de::Error>::duplicate_field(key));
    }
    let value: Value = map.next_value()?;
    if !T::fits(&value) {
        extra.insert(key.to_owned(), value);
        return Ok(());
    }
    // It fits: read by value, moving strings rather than copying them.
    match T::deserialize(value) {
        Ok(typed) => *slot = Some(typed),
        Err(error) => return Err(in_field(key, <A::Error as de::Error>::custom(error))),
    }
    Ok(())
}

/// A type an undocumented property may hold: a scalar, or an option or array of one, whose
/// JSON shape can be told from a [`Value`] without reading it.
pub trait Kept: de::DeserializeOwned {
    /// Whether `value` reads as this type.
    fn fits(value: &Value) -> bool;
}

impl Kept for String {
    fn fits(value: &Value) -> bool {
        value.is_string()
    }
}

impl Kept for bool {
    fn fits(value: &Value) -> bool {
        value.is_boolean()
    }
}

macro_rules! kept_integers {
    ($($int:ty),*) => {$(
        impl Kept for $int {
            fn fits(value: &Value) -> bool {
                value.as_i64().is_some_and(|n| <$int>::try_from(n).is_ok())
            }
        }
    )*};
}

kept_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl Kept for f64 {
    fn fits(value: &Value) -> bool {
        value.is_number()
    }
}

impl<T: Kept> Kept for Option<T> {
    fn fits(value: &Value) -> bool {
        value.is_null() || T::fits(value)
    }
}

impl<T: Kept> Kept for Vec<T> {
    fn fits(value: &Value) -> bool {
        value
            .as_array()
            .is_some_and(|items| items.iter().all(T::fits))
    }
}

/// Reads the constant `value` of `key` into its empty `slot`.
pub fn fill_const<'de, A: MapAccess<'de>>(
    slot: &mut Option<()>,
    key: &'static str,
    value: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    fill_seed(slot, key, map, ConstStr(value))
}

fn fill_seed<'de, A, S>(
    slot: &mut Option<S::Value>,
    key: &'static str,
    map: &mut A,
    seed: S,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    S: DeserializeSeed<'de>,
{
    if slot.is_some() {
        return Err(<A::Error as de::Error>::duplicate_field(key));
    }
    *slot = Some(
        map.next_value_seed(seed)
            .map_err(|error| in_field(key, error))?,
    );
    Ok(())
}

/// The value of a required key, or a "missing field" error naming it.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// Keeps an undeclared key; a key seen twice is an error, as it is for declared keys.
fn keep_unknown<E: de::Error>(
    extra: &mut Map<String, Value>,
    key: String,
    value: Value,
) -> Result<(), E> {
    if extra.contains_key(&key) {
        return Err(E::custom(format_args!("duplicate field `{key}`")));
    }
    extra.insert(key, value);
    Ok(())
}

/// An object of a tag that an open tagged union does not list, read with the rule the
/// generated structs follow: a key seen twice is an error (a plain `Map` keeps the last).
pub fn other_object<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Map<String, Value>, D::Error> {
    struct UniqueMap;

    impl<'de> Visitor<'de> for UniqueMap {
        type Value = Map<String, Value>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut object = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                let value = map.next_value()?;
                keep_unknown(&mut object, key, value)?;
            }
            Ok(object)
        }
    }

    deserializer.deserialize_map(UniqueMap)
}
