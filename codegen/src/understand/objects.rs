//! Object types and their properties.

use super::json::{Map, Value};

use super::{Context, Node, kind_of, node};
use crate::error::SchemaError;
use crate::ir::{Field, FieldShape, JsonText, Presence, Struct, TypeRef, UnknownKeys, ValueField};
use crate::names;
use crate::pointer::Pointer;

impl Context<'_> {
    pub(super) fn structure(&self, object: &Map, pointer: &Pointer) -> Result<Struct, SchemaError> {
        self.only_keywords(
            object,
            pointer,
            &["type", "properties", "required", "additionalProperties"],
        )?;
        if object.get("type") != Some(&Value::from("object")) {
            return Err(self.error(
                pointer,
                "a type with `properties` needs `\"type\": \"object\"`",
            ));
        }
        let unknown_keys = match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => UnknownKeys::Keep,
            Some(Value::Bool(false)) => UnknownKeys::Reject,
            Some(_) => {
                return Err(self.error(
                    &pointer.push("additionalProperties"),
                    "only `true` or `false` is supported for `additionalProperties`",
                ));
            }
        };

        let required = self.required(object, pointer)?;
        let properties_pointer = pointer.push("properties");
        let empty = Map::new();
        let properties = match object.get("properties") {
            None => &empty,
            Some(value) => self.object(node(value, &properties_pointer), "`properties`")?,
        };
        for (index, key) in required.iter().enumerate() {
            if !properties.contains_key(key) {
                return Err(self.error(
                    &pointer.push("required").push(index),
                    format!("`{key}` is required but not declared in `properties`"),
                ));
            }
        }

        let mut fields: Vec<Field> = Vec::with_capacity(properties.len());
        for (key, value) in properties {
            let field_pointer = properties_pointer.push(key);
            let ident = names::snake_case(key).ok_or_else(|| {
                self.error(
                    &field_pointer,
                    format!("cannot make a Rust field name from `{key}`"),
                )
            })?;
            if unknown_keys == UnknownKeys::Keep && ident == "extra" {
                return Err(self.error(
                    &field_pointer,
                    "the field name `extra` is reserved for the keys the schema does not declare",
                ));
            }
            if let Some(other) = fields.iter().find(|f| f.ident == ident) {
                return Err(self.error(
                    &field_pointer,
                    format!(
                        "`{key}` and `{}` both become the Rust field `{ident}`",
                        other.key
                    ),
                ));
            }
            let property = node(value, &field_pointer);
            let field_object = self.object(property, "a property schema")?;
            let shape = self.property(property, field_object, required.contains(key))?;
            // A value of the wrong type in an undocumented property is kept in `extra`: the
            // property must be optional, and the object must keep undeclared keys.
            if let FieldShape::Value(value) = &shape
                && value.undocumented
            {
                let at = field_pointer.push("x-undocumented");
                if value.presence.is_required() || unknown_keys != UnknownKeys::Keep {
                    return Err(self.error(
                        &at,
                        "an undocumented property must be optional, in an object that keeps undeclared keys (a value of another type is kept there)",
                    ));
                }
                if !plain(&value.ty) {
                    return Err(self.error(
                        &at,
                        "an undocumented property must hold a string, integer, number or boolean, or an array of them",
                    ));
                }
            }
            fields.push(Field {
                key: key.clone(),
                ident,
                pointer: field_pointer.clone(),
                doc: self.description(field_object, &field_pointer)?,
                shape,
            });
        }
        Ok(Struct {
            fields,
            unknown_keys,
        })
    }

    fn required(&self, object: &Map, pointer: &Pointer) -> Result<Vec<String>, SchemaError> {
        let pointer = pointer.push("required");
        let Some(value) = object.get("required") else {
            return Ok(Vec::new());
        };
        let items = value.as_array().ok_or_else(|| {
            self.error(
                &pointer,
                format!("`required` must be an array, found {}", kind_of(value)),
            )
        })?;
        let mut keys: Vec<String> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_pointer = pointer.push(index);
            let key = item.as_str().ok_or_else(|| {
                self.error(
                    &item_pointer,
                    format!(
                        "`required` entries must be strings, found {}",
                        kind_of(item)
                    ),
                )
            })?;
            if keys.iter().any(|k| k == key) {
                return Err(self.error(
                    &item_pointer,
                    format!("`{key}` is listed twice in `required`"),
                ));
            }
            keys.push(key.to_owned());
        }
        Ok(keys)
    }

    fn property(
        &self,
        node: Node<'_, '_>,
        object: &Map,
        required: bool,
    ) -> Result<FieldShape, SchemaError> {
        let Some(constant) = object.get("const") else {
            let value = self.value_type(node)?;
            let default = object.get("default").map(|v| JsonText(v.to_string()));
            let undocumented = match object.get("x-undocumented") {
                None | Some(Value::Bool(false)) => false,
                Some(Value::Bool(true)) => true,
                Some(other) => {
                    return Err(self.error(
                        &node.pointer.push("x-undocumented"),
                        format!(
                            "`x-undocumented` must be a boolean, found {}",
                            kind_of(other)
                        ),
                    ));
                }
            };
            return Ok(FieldShape::Value(ValueField {
                presence: Presence::new(required, value.nullable),
                ty: value.ty,
                constraints: value.constraints,
                default,
                undocumented,
            }));
        };
        self.only_keywords(object, node.pointer, &["const", "type"])?;
        let value = constant.as_str().ok_or_else(|| {
            self.error(
                &node.pointer.push("const"),
                format!(
                    "only string constants are supported, found {}",
                    kind_of(constant)
                ),
            )
        })?;
        if object.get("type").is_some_and(|t| t != "string") {
            return Err(self.error(
                &node.pointer.push("type"),
                "a string `const` must have `\"type\": \"string\"` or no `type`",
            ));
        }
        if !required {
            return Err(self.error(
                node.pointer,
                "a `const` property must be listed in `required`",
            ));
        }
        Ok(FieldShape::Const(value.to_owned()))
    }
}

/// A string, integer, number or boolean, or an array of them: a type whose JSON shape a reader
/// can tell at a glance.
fn plain(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean => true,
        TypeRef::Array(item) => plain(item),
        TypeRef::Named(_) => false,
    }
}
