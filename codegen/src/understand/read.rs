//! Reading the schema text into a [`Value`] tree, refusing a key that appears twice in one
//! object (a plain parse keeps the last one silently, so half of a schema edit would vanish),
//! a number no float holds, and nesting deeper than [`MAX_DEPTH`].
//!
//! The events come from `json-event-parser` (no dependencies: the build script compiles no
//! serde for the host); the tree is built here without recursion.

use json_event_parser::{JsonEvent, SliceJsonParser};

use super::json::{Map, Number, Value};
use crate::error::SchemaError;
use crate::pointer::Pointer;

/// Arrays and objects nested deeper than this are refused: the stages after reading recurse,
/// and a hostile file must not overflow their stack. serde_json's limit (its 128th level is an
/// error), so that the generator reads what it read before.
pub const MAX_DEPTH: usize = 127;

/// An array or object being read, and the key of the member being read in it.
enum Open {
    Array(Vec<Value>),
    Object(Map, Option<String>),
}

/// The JSON document in `text`; `file` names it in errors.
pub fn read(file: &str, text: &str) -> Result<Value, SchemaError> {
    let error = |pointer: Pointer, message: String| SchemaError {
        file: file.to_owned(),
        pointer,
        message,
    };
    let mut parser = SliceJsonParser::new(text.as_bytes());
    let mut open: Vec<Open> = Vec::new();
    let mut root = None;
    loop {
        let event = parser.parse_next().map_err(|e| {
            let at = e.location().start;
            let message = format!(
                "invalid JSON: {} at line {} column {}",
                e.message(),
                at.line + 1,
                at.column + 1
            );
            error(Pointer::root(), message)
        })?;
        let value = match event {
            JsonEvent::Eof => break,
            JsonEvent::ObjectKey(key) => {
                let Some(Open::Object(map, pending)) = open.last_mut() else {
                    return Err(error(pointer_of(&open), OUT_OF_ORDER.to_owned()));
                };
                if map.contains_key(&key) {
                    let pointer = pointer_of(&open).push(&*key);
                    let message = format!(
                        "the key `{key}` appears twice in one object; a parser would keep the last silently"
                    );
                    return Err(error(pointer, message));
                }
                *pending = Some(key.into_owned());
                continue;
            }
            JsonEvent::StartArray | JsonEvent::StartObject => {
                if open.len() == MAX_DEPTH {
                    let message = format!("nested deeper than {MAX_DEPTH} arrays and objects");
                    return Err(error(pointer_of(&open), message));
                }
                open.push(match event {
                    JsonEvent::StartArray => Open::Array(Vec::new()),
                    _ => Open::Object(Map::new(), None),
                });
                continue;
            }
            JsonEvent::EndArray | JsonEvent::EndObject => match open.pop() {
                Some(Open::Array(items)) => Value::Array(items),
                Some(Open::Object(map, _)) => Value::Object(map),
                None => return Err(error(Pointer::root(), OUT_OF_ORDER.to_owned())),
            },
            JsonEvent::Null => Value::Null,
            JsonEvent::Boolean(b) => Value::Bool(b),
            JsonEvent::String(s) => Value::String(s.into_owned()),
            JsonEvent::Number(text) => match number(&text) {
                Some(n) => Value::Number(n),
                None => {
                    let message = format!("the number {text} is out of a float's range");
                    return Err(error(pointer_of(&open), message));
                }
            },
        };
        match open.last_mut() {
            Some(Open::Array(items)) => items.push(value),
            Some(Open::Object(map, pending)) => match pending.take() {
                Some(key) => map.insert(key, value),
                None => return Err(error(pointer_of(&open), OUT_OF_ORDER.to_owned())),
            },
            None if root.is_none() => root = Some(value),
            None => return Err(error(Pointer::root(), OUT_OF_ORDER.to_owned())),
        }
    }
    root.ok_or_else(|| {
        error(
            Pointer::root(),
            "invalid JSON: the file holds no value".to_owned(),
        )
    })
}

/// What the reader says if the parser's events broke JSON's nesting (the parser checks it, so
/// this is a bug there; a build script reports it rather than panic).
const OUT_OF_ORDER: &str = "invalid JSON: the reader's events are out of order";

/// The pointer to the value being read inside `open`.
fn pointer_of(open: &[Open]) -> Pointer {
    open.iter()
        .fold(Pointer::root(), |pointer, node| match node {
            Open::Array(items) => pointer.push(items.len()),
            Open::Object(_, Some(key)) => pointer.push(key),
            Open::Object(_, None) => pointer,
        })
}

/// A number's text (valid JSON syntax) as serde_json reads it: an integer where it is one,
/// `-0` as the float `-0.0`, else a finite float (correctly rounded).
fn number(text: &str) -> Option<Number> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(Number::Unsigned(n));
    }
    match text.parse::<i64>() {
        Ok(0) => return Some(Number::Float(-0.0)),
        Ok(n) => return Some(Number::Negative(n)),
        Err(_) => {}
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Number::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        read("t.json", text).unwrap_err().to_string()
    }

    #[test]
    fn members_keep_the_file_order_and_numbers_their_kind() {
        let value = read("t.json", r#"{"b": [1, -2, 2.5, 1e2], "a": {"x": null}}"#).unwrap();
        assert_eq!(
            value.to_string(),
            r#"{"b":[1,-2,2.5,100.0],"a":{"x":null}}"#
        );
    }

    #[test]
    fn a_repeated_key_is_named_with_its_pointer() {
        assert_eq!(
            message(r#"{"$defs": {"A": {}, "B": [{"k": 1, "k": 2}]}}"#),
            "t.json: at /$defs/B/0/k: the key `k` appears twice in one object; a parser would keep the last silently"
        );
    }

    #[test]
    fn deep_nesting_and_huge_numbers_are_refused_where_they_are() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(
            message(&deep).contains("nested deeper than 127"),
            "{}",
            message(&deep)
        );
        assert!(read("t.json", &("[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH))).is_ok());
        assert_eq!(
            message(r#"{"a": [0, 1e999]}"#),
            "t.json: at /a/1: the number 1e999 is out of a float's range"
        );
    }

    #[test]
    fn minus_zero_is_a_float_as_serde_json_reads_it() {
        let value = read("t.json", "[-0, 0, -1, -0.0]").unwrap();
        assert_eq!(value.to_string(), "[-0.0,0,-1,-0.0]");
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        // RFC 8259 lets a parser ignore one; an editor may write it.
        assert_eq!(read("t.json", "\u{feff}{}").unwrap().to_string(), "{}");
    }

    // The parser refuses these itself; the reader's own guards behind it (no value, a second
    // one) cannot be reached through it.
    #[test]
    fn nothing_or_more_than_one_value_is_refused() {
        assert!(message("").contains("invalid JSON"), "{}", message(""));
        assert!(
            message("{} {}").contains("invalid JSON"),
            "{}",
            message("{} {}")
        );
    }

    #[test]
    fn a_syntax_error_says_where() {
        let text = message("{\"a\": 1,\n \"b\" 2}");
        assert!(
            text.starts_with("t.json: at (document root): invalid JSON: "),
            "{text}"
        );
        assert!(text.ends_with("at line 2 column 6"), "{text}");
    }
}
