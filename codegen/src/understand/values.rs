//! The types of values (of properties, array items and aliases), whether they may be `null`,
//! and their constraints.

use super::json::{Map, Value};

use super::{Context, Node, kind_of, node};
use crate::error::SchemaError;
use crate::ir::{Bound, Constraints, Count, Limit, TypeRef, Width};
use crate::pointer::Pointer;

/// A value type as a property, an item or an alias uses it.
pub(crate) struct ValueType {
    pub(crate) ty: TypeRef,
    pub(crate) nullable: bool,
    pub(crate) constraints: Constraints,
}

const BOUNDS: [(&str, Bound); 4] = [
    ("minimum", Bound::Minimum),
    ("exclusiveMinimum", Bound::ExclusiveMinimum),
    ("maximum", Bound::Maximum),
    ("exclusiveMaximum", Bound::ExclusiveMaximum),
];
const STRING_LENGTHS: [(&str, Count); 2] = [
    ("minLength", Count::MinLength),
    ("maxLength", Count::MaxLength),
];
const ARRAY_LENGTHS: [(&str, Count); 2] =
    [("minItems", Count::MinItems), ("maxItems", Count::MaxItems)];

impl Context<'_> {
    /// The type of a property, array item or alias, whether it may be `null`, and its
    /// constraints.
    pub(super) fn value_type(&self, node: Node<'_, '_>) -> Result<ValueType, SchemaError> {
        let object = self.object(node, "a schema")?;
        let mut constraints = Constraints::default();
        if let Some(check) = self.function_name(object, node.pointer, "x-rust-check")? {
            constraints.checks.push(check);
        }
        if let Some(target) = object.get("$ref") {
            self.only_keywords(object, node.pointer, &["$ref"])?;
            let id = self.reference(target, &node.pointer.push("$ref"))?;
            return self.checkable(
                ValueType {
                    ty: TypeRef::Named(id),
                    nullable: false,
                    constraints,
                },
                node.pointer,
            );
        }
        for union in ["anyOf", "oneOf"] {
            if let Some(members) = object.get(union) {
                let (ty, nullable) =
                    self.nullable_union(object, members, &node.pointer.push(union), node.pointer)?;
                return self.checkable(
                    ValueType {
                        ty,
                        nullable,
                        constraints,
                    },
                    node.pointer,
                );
            }
        }
        if object.contains_key("enum") || object.contains_key("const") {
            return Err(self.error(node.pointer, "an inline `enum` or `const` is not supported here: define it under `$defs` and use `$ref`"));
        }
        let type_pointer = node.pointer.push("type");
        let (name, nullable) =
            match object.get("type") {
                None => return Err(self.error(
                    node.pointer,
                    "cannot tell the type: expected `type`, `$ref`, `const`, or a nullable `anyOf`",
                )),
                Some(Value::String(name)) => (name.as_str(), false),
                Some(Value::Array(names)) => self.type_list(names, &type_pointer)?,
                Some(other) => {
                    return Err(self.error(
                        &type_pointer,
                        format!(
                            "`type` must be a string or an array of strings, found {}",
                            kind_of(other)
                        ),
                    ));
                }
            };
        let ty = match name {
            "string" => {
                self.only_keywords(object, node.pointer, &["type", "minLength", "maxLength"])?;
                constraints.counts = self.lengths(object, node.pointer, &STRING_LENGTHS)?;
                TypeRef::String
            }
            "integer" | "number" => {
                self.only_keywords(
                    object,
                    node.pointer,
                    &[
                        "type",
                        "minimum",
                        "exclusiveMinimum",
                        "maximum",
                        "exclusiveMaximum",
                    ],
                )?;
                constraints.bounds = self.bounds(object, node.pointer, name == "integer")?;
                if name == "integer" {
                    TypeRef::Integer(Width::of_bounds(&constraints.bounds))
                } else {
                    TypeRef::Number
                }
            }
            "boolean" => {
                self.only_keywords(object, node.pointer, &["type"])?;
                TypeRef::Boolean
            }
            "array" => {
                self.only_keywords(
                    object,
                    node.pointer,
                    &["type", "items", "minItems", "maxItems"],
                )?;
                constraints.counts = self.lengths(object, node.pointer, &ARRAY_LENGTHS)?;
                let items_pointer = node.pointer.push("items");
                let items = object
                    .get("items")
                    .ok_or_else(|| self.error(node.pointer, "an array needs `items`"))?;
                let item = self.value_type(super::node(items, &items_pointer))?;
                if item.nullable {
                    return Err(
                        self.error(&items_pointer, "nullable array items are not supported")
                    );
                }
                self.no_constraints(&item.constraints, &items_pointer, "array items")?;
                TypeRef::Array(Box::new(item.ty))
            }
            "object" => {
                return Err(self.error(&type_pointer, "an inline object is not supported here: define it under `$defs` and use `$ref`"));
            }
            "null" => {
                return Err(self.error(
                    &type_pointer,
                    "a value that can only be `null` is not supported",
                ));
            }
            other => return Err(self.error(&type_pointer, format!("unknown type `{other}`"))),
        };
        self.checkable(
            ValueType {
                ty,
                nullable,
                constraints,
            },
            node.pointer,
        )
    }

    /// `x-rust-check` is for scalar values: the check function takes `&str`, `&i64`, `&f64` or
    /// `&bool` (a `$ref` to a union of strings: `&str`).
    fn checkable(&self, value: ValueType, pointer: &Pointer) -> Result<ValueType, SchemaError> {
        let scalar = matches!(
            value.ty,
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean
        );
        if let (TypeRef::Named(id), false) = (&value.ty, value.constraints.checks.is_empty()) {
            self.checked_refs.borrow_mut().push((*id, pointer.clone()));
            return Ok(value);
        }
        if value.constraints.checks.is_empty() || scalar {
            Ok(value)
        } else {
            Err(self.error(
                &pointer.push("x-rust-check"),
                "`x-rust-check` is supported on strings, integers, numbers and booleans only",
            ))
        }
    }

    pub(super) fn no_constraints(
        &self,
        constraints: &Constraints,
        pointer: &Pointer,
        what: &str,
    ) -> Result<(), SchemaError> {
        if constraints.is_empty() {
            Ok(())
        } else {
            Err(self.error(
                pointer,
                format!("constraints on {what} are not supported: put them on a property"),
            ))
        }
    }

    fn bounds(
        &self,
        object: &Map,
        pointer: &Pointer,
        integer: bool,
    ) -> Result<Vec<(Bound, Limit)>, SchemaError> {
        let mut bounds = Vec::new();
        for (keyword, bound) in BOUNDS {
            let Some(value) = object.get(keyword) else {
                continue;
            };
            let here = pointer.push(keyword);
            let Value::Number(number) = value else {
                return Err(self.error(
                    &here,
                    format!("`{keyword}` must be a number, found {}", kind_of(value)),
                ));
            };
            let limit = if integer {
                Limit::Integer(number.as_i64().ok_or_else(|| {
                    self.error(
                        &here,
                        format!(
                            "`{keyword}` of an integer must be a whole number that fits in an i64"
                        ),
                    )
                })?)
            } else {
                // Finite: the reader refuses a number that no float holds.
                Limit::Number(number.as_f64())
            };
            bounds.push((bound, limit));
        }
        Ok(bounds)
    }

    fn lengths(
        &self,
        object: &Map,
        pointer: &Pointer,
        keywords: &[(&str, Count)],
    ) -> Result<Vec<(Count, u64)>, SchemaError> {
        let mut lengths = Vec::new();
        for (keyword, length) in keywords {
            let Some(value) = object.get(keyword) else {
                continue;
            };
            let limit = value.as_u64().ok_or_else(|| {
                self.error(
                    &pointer.push(keyword),
                    format!("`{keyword}` must be a non-negative whole number, found {value}"),
                )
            })?;
            lengths.push((*length, limit));
        }
        Ok(lengths)
    }

    /// `["T", "null"]` (either order) or `["T"]`.
    fn type_list<'v>(
        &self,
        names: &'v [Value],
        pointer: &Pointer,
    ) -> Result<(&'v str, bool), SchemaError> {
        let mut non_null = Vec::new();
        let mut nullable = false;
        for (index, name) in names.iter().enumerate() {
            let twice =
                |name: &str| self.error(&pointer.push(index), format!("`{name}` is listed twice"));
            match name.as_str() {
                Some("null") if nullable => return Err(twice("null")),
                Some("null") => nullable = true,
                Some(name) if non_null.contains(&name) => return Err(twice(name)),
                Some(name) => non_null.push(name),
                None => {
                    return Err(self.error(
                        &pointer.push(index),
                        format!("type names must be strings, found {}", kind_of(name)),
                    ));
                }
            }
        }
        match non_null.as_slice() {
            [name] => Ok((name, nullable)),
            _ => Err(self.error(
                pointer,
                "a `type` list must name exactly one type besides `\"null\"`",
            )),
        }
    }

    /// `anyOf`/`oneOf` of one schema and `{"type": "null"}`.
    fn nullable_union(
        &self,
        object: &Map,
        members: &Value,
        pointer: &Pointer,
        owner: &Pointer,
    ) -> Result<(TypeRef, bool), SchemaError> {
        self.only_keywords(object, owner, &["anyOf", "oneOf"])?;
        let is_null = |v: &Value| {
            v.as_object().is_some_and(|o| {
                o.get("type") == Some(&Value::from("null"))
                    && o.keys()
                        .all(|k| k == "type" || super::ANNOTATIONS.contains(&k.as_str()))
            })
        };
        let shape_error = || {
            self.error(pointer, "a union inside a property must be a schema and `{\"type\": \"null\"}`; define other unions under `$defs`")
        };
        let members = members.as_array().ok_or_else(shape_error)?;
        let (index, member) = match members.as_slice() {
            [a, b] if is_null(b) && !is_null(a) => (0, a),
            [a, b] if is_null(a) && !is_null(b) => (1, b),
            _ => return Err(shape_error()),
        };
        let member_pointer = pointer.push(index);
        let member_type = self.value_type(node(member, &member_pointer))?;
        if member_type.nullable {
            return Err(self.error(&member_pointer, "`null` is allowed twice"));
        }
        self.no_constraints(
            &member_type.constraints,
            &member_pointer,
            "a member of a nullable union",
        )?;
        Ok((member_type.ty, true))
    }
}
