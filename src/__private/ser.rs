//! Serialization helpers of the hand-written `Serialize` impls: optional keys, and the
//! undeclared keys kept in `extra`.

use serde::ser::SerializeMap;
use serde_json::{Map, Value};

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
