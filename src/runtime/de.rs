//! Serde helpers for the generated object types and string unions.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};
use serde_json::{Map, Value};

/// Reads a string that must equal `.0` (a schema `const`).
pub(crate) struct ConstStr(pub(crate) &'static str);

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

/// Keeps an undeclared key; a key seen twice is an error, as it is for declared keys.
pub(crate) fn keep_unknown<E: de::Error>(
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

/// Reads any string into an open union: listed values without allocating, others kept as sent.
pub(crate) struct OpenStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> OpenStrVisitor<T> {
    pub(crate) fn new(expecting: &'static str) -> Self {
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

/// Reads the value of `key` into its empty `slot`; a second occurrence is an error.
pub(crate) fn fill<'de, A, T>(
    slot: &mut Option<T>,
    key: &'static str,
    map: &mut A,
) -> Result<(), A::Error>
where
    A: de::MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    fill_seed(slot, key, map, PhantomData)
}

/// [`fill`] with a seed (for constants).
pub(crate) fn fill_seed<'de, A, S>(
    slot: &mut Option<S::Value>,
    key: &'static str,
    map: &mut A,
    seed: S,
) -> Result<(), A::Error>
where
    A: de::MapAccess<'de>,
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
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// An object read with the rule the generated structs follow: a key seen twice is an error
/// (a plain `Map` would keep the last one silently).
pub(crate) struct UniqueMap(pub(crate) Map<String, Value>);

impl<'de> de::Deserialize<'de> for UniqueMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UniqueMapVisitor;

        impl<'de> Visitor<'de> for UniqueMapVisitor {
            type Value = UniqueMap;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueMap, A::Error> {
                let mut object = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value()?;
                    keep_unknown(&mut object, key, value)?;
                }
                Ok(UniqueMap(object))
            }
        }

        deserializer.deserialize_map(UniqueMapVisitor)
    }
}
