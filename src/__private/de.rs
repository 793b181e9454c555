//! Serde for the generated types: one visitor for every object type (keys matched against its
//! rules table), the string-union visitors, and the few helpers their impls call.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use super::rules::ObjectRules;

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

/// Writes an optional key when it is present.
pub fn entry<M: SerializeMap, T: serde::Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// Writes the undeclared keys, after the declared ones.
pub fn extra<M: SerializeMap>(map: &mut M, extra: &Map<String, Value>) -> Result<(), M::Error> {
    extra
        .iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}

/// Writes the kept keys after the declared ones, but not a key of `set`: an undocumented field
/// whose value the reader kept in `extra` (it was of another type) and which now holds a
/// value of its own, written with the declared keys.
pub fn extra_unless_set<M: SerializeMap>(
    map: &mut M,
    extra: &Map<String, Value>,
    set: &[(&str, bool)],
) -> Result<(), M::Error> {
    extra
        .iter()
        .filter(|(key, _)| !is_set(key, set))
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}

/// How many kept keys [`extra_unless_set`] writes.
pub fn extra_len_unless_set(extra: &Map<String, Value>, set: &[(&str, bool)]) -> usize {
    extra.len()
        - set
            .iter()
            .filter(|(key, present)| *present && extra.contains_key(*key))
            .count()
}

fn is_set(key: &str, set: &[(&str, bool)]) -> bool {
    set.iter().any(|(field, present)| *present && *field == key)
}

/// The listed value of a string union equal to `value`, without allocating.
pub fn known<T>(value: &str) -> Option<T>
where
    T: strum::VariantArray + strum::VariantNames + Clone,
{
    let index = <T as strum::VariantNames>::VARIANTS
        .iter()
        .position(|listed| *listed == value)?;
    <T as strum::VariantArray>::VARIANTS.get(index).cloned()
}

/// Reads any string into an open union: listed values without allocating, others kept as sent.
pub struct OpenStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> OpenStrVisitor<T> {
    /// A visitor that names what it expects with `expecting`.
    pub fn new(expecting: &'static str) -> Self {
        OpenStrVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for OpenStrVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Reads a closed union's string: a listed value, or an "unknown variant" error.
pub struct ClosedStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> ClosedStrVisitor<T> {
    /// A visitor that names what it expects with `expecting`.
    pub fn new(expecting: &'static str) -> Self {
        ClosedStrVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for ClosedStrVisitor<T>
where
    T: strum::VariantArray + strum::VariantNames + Clone,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        known(value).ok_or_else(|| E::unknown_variant(value, <T as strum::VariantNames>::VARIANTS))
    }
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

/// The `i64` a float is, when it is a whole number an `i64` holds (`1.0`, `-3e2`): JSON
/// Schema counts those as integers, and so do the Rust types and the walker.
pub fn whole(float: f64) -> Option<i64> {
    // 2^63 is exact as an f64; every whole f64 in [-2^63, 2^63) converts exactly.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (float.fract() == 0.0 && (-LIMIT..LIMIT).contains(&float)).then_some(float as i64)
}

/// Reads the value of `key`, a type made of integers, into its empty `slot`; integer-valued
/// floats read as integers.
pub fn fill_integer<'de, A, T>(
    slot: &mut Option<T>,
    key: &'static str,
    map: &mut A,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Whole,
{
    fill_seed(slot, key, map, WholeSeed(PhantomData))
}

/// A type made of integers: the Rust integers the generator picks (each holds only values
/// an `i64` holds, as the schema's bounds are `i64`s), and options and vectors of them.
pub trait Whole: Sized {
    /// Reads the value, taking an integer-valued float for an integer.
    fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct WholeSeed<T>(PhantomData<T>);

impl<'de, T: Whole> DeserializeSeed<'de> for WholeSeed<T> {
    type Value = T;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// An integer of type `T`, read as an `i64` (or an integer-valued float) and narrowed.
struct Integer<T>(PhantomData<T>);

impl<T: TryFrom<i64>> de::Visitor<'_> for Integer<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::any::type_name::<T>())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        i64::try_from(value)
            .ok()
            .and_then(|value| T::try_from(value).ok())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        let unexpected = de::Unexpected::Float(value);
        match whole(value) {
            Some(whole) => T::try_from(whole).map_err(|_| E::invalid_value(unexpected, &self)),
            None => Err(E::invalid_type(unexpected, &self)),
        }
    }
}

macro_rules! whole_integers {
    ($($int:ty),*) => {$(
        impl Whole for $int {
            fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(Integer(PhantomData))
            }
        }
    )*};
}

whole_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<T: Whole> Whole for Option<T> {
    fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Nullable<T>(PhantomData<T>);

        impl<'de, T: Whole> de::Visitor<'de> for Nullable<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} or null", std::any::type_name::<T>())
            }

            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::read(d).map(Some)
            }
        }

        deserializer.deserialize_option(Nullable(PhantomData))
    }
}

impl<T: Whole> Whole for Vec<T> {
    fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);

        impl<'de, T: Whole> de::Visitor<'de> for Items<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(WholeSeed(PhantomData))? {
                    items.push(item);
                }
                Ok(items)
            }
        }

        deserializer.deserialize_seq(Items(PhantomData))
    }
}
