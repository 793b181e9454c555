//! Values no rule is about: skipped, or kept whole; a key repeated in them is noticed; and
//! what tells whether a text may be skipped at all.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::Walk;

/// A value no rule is about: skipped, but a key repeated in it is noticed.
pub(crate) struct Skip<'w>(pub(crate) &'w mut Walk);

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

pub(crate) fn skip_map<'de, A: MapAccess<'de>>(walk: &mut Walk, map: A) -> Result<(), A::Error> {
    skip_map_after(walk, map, HashSet::new())
}

/// The rest of an object whose first entries had `keys`.
pub(crate) fn skip_map_after<'de, A: MapAccess<'de>>(
    walk: &mut Walk,
    mut map: A,
    mut keys: HashSet<String>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<String>()? {
        walk.repeated_key |= !keys.insert(key);
        map.next_value_seed(Skip(&mut *walk))?;
    }
    Ok(())
}

/// A value kept whole (for a rule about it, or to replay it), noticing repeated keys.
pub(crate) struct Capture<'w>(pub(crate) &'w mut Walk);

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

/// Whether the JSON `text` repeats a key in some object (an error when it is not JSON).
pub(crate) fn repeats_a_key(text: &str) -> Result<bool, serde_json::Error> {
    let mut walk = Walk::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Skip(&mut walk).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(walk.repeated_key)
}

/// Whether `text` may hold a `\u` escape of a UTF-16 surrogate (`\uD800` to `\uDFFF`), which
/// serde_json refuses alone when it reads a string and does not look at when it skips one.
/// (An escaped backslash before `u` makes a false positive: the slow path, not a wrong verdict.)
pub(super) fn may_hold_a_surrogate_escape(text: &str) -> bool {
    // Built once: a searcher costs more to set up than a short record to search.
    static ESCAPE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\\u"));
    ESCAPE.find_iter(text.as_bytes()).any(|at| {
        let hex = &text.as_bytes()[at + 2..];
        matches!(
            hex,
            [b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F', ..]
        )
    })
}

/// Whether `text` may nest near serde_json's limit of 128 arrays and objects: a value that
/// is not a string is then read again from its own text, which would count its depth afresh.
pub(super) fn may_nest_deeply(text: &str) -> bool {
    memchr::memchr2_iter(b'[', b'{', text.as_bytes())
        .nth(99)
        .is_some()
}
