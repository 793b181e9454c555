//! The schema document as a tree: objects keep their keys in the file's order (generated
//! fields and variants follow it), numbers keep what they are (an integer or a float).
//!
//! The generator's own tree, not serde_json's: a build script that only reads one schema
//! should not build a second serde stack for the host (measured in `BENCHMARKS.md`).

use std::collections::HashMap;
use std::fmt;

/// A JSON value of the schema document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number, read as serde_json reads one: an integer where it has no fraction and no
/// exponent and fits 64 bits, else a float (always finite: the reader refuses others); `-0`
/// is the float `-0.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

/// A JSON object's members in the file's order; a key appears once (the reader refuses a
/// repeated one).
#[derive(Debug, Clone, Default)]
pub(crate) struct Map {
    members: Vec<(String, Value)>,
    /// Each key's place in `members`, so that a key is found at once however large the
    /// object (a `default` may be any object).
    index: HashMap<String, usize>,
}

/// Objects are equal with the same members in any order, as JSON means.
impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.members.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(members: I) -> Self {
        let mut map = Map::new();
        for (key, value) in members {
            map.insert(key.into(), value);
        }
        map
    }
}

impl Map {
    /// An empty object.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.index.get(key).map(|&at| &self.members[at].1)
    }

    /// Whether `key` is a member.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Sets `key` to `value`: a new key goes last, a present one keeps its place.
    pub(crate) fn insert(&mut self, key: String, value: Value) {
        match self.index.get(&key) {
            Some(&at) => self.members[at].1 = value,
            None => {
                self.index.insert(key.clone(), self.members.len());
                self.members.push((key, value));
            }
        }
    }

    /// The members in the file's order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &Value)> {
        self.into_iter()
    }

    /// Keeps the members for which `keep` is true, in their order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&String, &Value) -> bool) {
        self.members.retain(|(k, v)| keep(k, v));
        self.index = (self.members.iter().enumerate())
            .map(|(at, (k, _))| (k.clone(), at))
            .collect();
    }

    /// The keys in the file's order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &String> {
        self.members.iter().map(|(k, _)| k)
    }

    /// How many members.
    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }
}

impl Number {
    /// The integer, if it is one and fits `i64`.
    pub(crate) fn as_i64(self) -> Option<i64> {
        match self {
            Number::Unsigned(n) => i64::try_from(n).ok(),
            Number::Negative(n) => Some(n),
            Number::Float(_) => None,
        }
    }

    /// The integer, if it is one and is not negative.
    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    /// The number as a float (integers past 2^53 rounded).
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Number::Unsigned(n) => n as f64,
            #[allow(clippy::cast_precision_loss)]
            Number::Negative(n) => n as f64,
            Number::Float(f) => f,
        }
    }
}

impl Value {
    /// The value of `key`, if this is an object that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub(crate) fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub(crate) fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The integer, if this is one that fits `i64`.
    pub(crate) fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The integer, if this is one that is not negative.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::String(text.to_owned())
    }
}

/// Compact JSON, as the doc examples and the exported `default`s carry it.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(Number::Unsigned(n)) => write!(f, "{n}"),
            Value::Number(Number::Negative(n)) => write!(f, "{n}"),
            // Spelled as serde_json spells it (zmij is its formatter): the shortest text that
            // reads back as the same float, with `.0` or an exponent, so that it stays one.
            Value::Number(Number::Float(x)) => f.write_str(zmij::Buffer::new().format(*x)),
            Value::String(s) => write_string(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(map) => {
                f.write_str("{")?;
                for (index, (key, value)) in map.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    write!(f, ":{value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A JSON string: `"` and `\` escaped, control characters as their short escape or `\u00XX`.
fn write_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if c < ' ' => write!(f, "\\u{:04x}", u32::from(c))?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_equal_in_any_member_order_and_keep_their_own() {
        let ab: Map = [("a", Value::Null), ("b", Value::Bool(true))]
            .into_iter()
            .collect();
        let ba: Map = [("b", Value::Bool(true)), ("a", Value::Null)]
            .into_iter()
            .collect();
        assert_eq!(ab, ba);
        assert_ne!(ab, [("a", Value::Null)].into_iter().collect::<Map>());
        assert_ne!(
            ab,
            [("a", Value::Null), ("b", Value::Null)]
                .into_iter()
                .collect::<Map>()
        );
        assert_eq!(Value::Object(ab).to_string(), r#"{"a":null,"b":true}"#);
        assert_eq!(
            Value::Object(ba.clone()).to_string(),
            r#"{"b":true,"a":null}"#
        );
        let mut kept = ba;
        kept.retain(|key, _| key == "a");
        assert_eq!(
            (kept.len(), kept.get("a"), kept.get("b")),
            (1, Some(&Value::Null), None)
        );
    }

    #[test]
    fn compact_text_escapes_what_json_requires_and_keeps_number_kinds() {
        let mut map = Map::new();
        map.insert("a\"b".into(), Value::from("line\nnext\u{1}\\"));
        map.insert(
            "n".into(),
            Value::Array(vec![
                Value::Number(Number::Unsigned(4_294_967_296)),
                Value::Number(Number::Negative(-3)),
                Value::Number(Number::Float(1.0)),
                Value::Number(Number::Float(0.25)),
                Value::Number(Number::Float(1e16)),
                Value::Number(Number::Float(0.00001)),
                Value::Number(Number::Float(-0.0)),
                Value::Null,
                Value::Bool(false),
            ]),
        );
        assert_eq!(
            Value::Object(map).to_string(),
            r#"{"a\"b":"line\nnext\u0001\\","n":[4294967296,-3,1.0,0.25,1e+16,0.00001,-0.0,null,false]}"#
        );
    }
}
