//! Reading the schema text into JSON, refusing a key that appears twice in one object (a plain
//! parse keeps the last one silently, so half of a schema edit would vanish).

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::SchemaError;
use crate::pointer::Pointer;

/// The JSON document in `text`; `file` names it in errors.
pub fn read(file: &str, text: &str) -> Result<Value, SchemaError> {
    let repeated = RefCell::new(None);
    // serde_json's recursion limit stays on: it keeps a hostile file from overflowing the stack.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let root = Pointer::root();
    let node = Node {
        pointer: &root,
        repeated: &repeated,
    };
    let parsed = node
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| match repeated.into_inner() {
        Some((pointer, key)) => SchemaError {
            file: file.to_owned(),
            pointer,
            message: format!(
                "the key `{key}` appears twice in one object; a parser would keep the last silently"
            ),
        },
        None => SchemaError {
            file: file.to_owned(),
            pointer: Pointer::root(),
            message: format!("invalid JSON: {error}"),
        },
    })
}

/// A value at `pointer`; a repeated key is written to `repeated`.
#[derive(Clone, Copy)]
struct Node<'a> {
    pointer: &'a Pointer,
    repeated: &'a RefCell<Option<(Pointer, String)>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let pointer = self.pointer.push(items.len());
            let node = Node {
                pointer: &pointer,
                ..self
            };
            match seq.next_element_seed(node)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let pointer = self.pointer.push(&key);
            let node = Node {
                pointer: &pointer,
                ..self
            };
            let value = map.next_value_seed(node)?;
            if object.contains_key(&key) {
                *self.repeated.borrow_mut() = Some((pointer, key));
                return Err(de::Error::custom("a repeated key"));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}
