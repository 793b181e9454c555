//! Reading keywords: an object where one must be, only the keywords a schema may have there,
//! strings, descriptions, examples and function names, each wrong one an error at its pointer.

use super::json::{Map, Value};

use super::{ANNOTATIONS, Context, Node, kind_of};
use crate::error::SchemaError;
use crate::names;
use crate::pointer::Pointer;

impl Context<'_> {
    pub(crate) fn object<'v>(
        &self,
        node: Node<'v, '_>,
        what: &str,
    ) -> Result<&'v Map, SchemaError> {
        node.value.as_object().ok_or_else(|| {
            let found = kind_of(node.value);
            self.error(
                node.pointer,
                format!("{what} must be an object, found {found}"),
            )
        })
    }

    /// Fails on the first key that is neither in `allowed`, an annotation, nor an extension.
    pub(crate) fn only_keywords(
        &self,
        object: &Map,
        pointer: &Pointer,
        allowed: &[&str],
    ) -> Result<(), SchemaError> {
        for key in object.keys() {
            let known = allowed.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str());
            if !known && !key.starts_with("x-") {
                let supported = allowed.join(", ");
                return Err(self.error(
                    &pointer.push(key),
                    format!("unsupported keyword `{key}` here (supported: {supported})"),
                ));
            }
        }
        Ok(())
    }

    /// The string value of `key`, if present.
    pub(crate) fn string<'v>(
        &self,
        object: &'v Map,
        pointer: &Pointer,
        key: &str,
    ) -> Result<Option<&'v str>, SchemaError> {
        match object.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.error(
                &pointer.push(key),
                format!("`{key}` must be a string, found {}", kind_of(other)),
            )),
        }
    }

    pub(crate) fn description(
        &self,
        object: &Map,
        pointer: &Pointer,
    ) -> Result<Option<String>, SchemaError> {
        Ok(self
            .string(object, pointer, "description")?
            .map(str::to_owned))
    }

    /// A definition's `examples` (an array of any JSON values), each as compact JSON text.
    pub(crate) fn examples(
        &self,
        object: &Map,
        pointer: &Pointer,
    ) -> Result<Vec<String>, SchemaError> {
        match object.get("examples") {
            None => Ok(Vec::new()),
            Some(Value::Array(examples)) => Ok(examples.iter().map(Value::to_string).collect()),
            Some(other) => Err(self.error(
                &pointer.push("examples"),
                format!("`examples` must be an array, found {}", kind_of(other)),
            )),
        }
    }

    /// The value of `key`, which must name a function of the crate's `checks` module.
    pub(crate) fn function_name(
        &self,
        object: &Map,
        pointer: &Pointer,
        key: &str,
    ) -> Result<Option<String>, SchemaError> {
        let Some(name) = self.string(object, pointer, key)? else {
            return Ok(None);
        };
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && names::snake_case(name).as_deref() == Some(name)
            && !["self", "super", "crate"].contains(&name);
        if !valid {
            return Err(self.error(
                &pointer.push(key),
                format!(
                    "`{key}` must name a function of the crate's `checks` module, found \"{name}\""
                ),
            ));
        }
        Ok(Some(name.to_owned()))
    }
}
