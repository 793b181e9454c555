//! Unions: of string constants (a Rust enum of unit variants, open or closed), and of object
//! types told apart by a tag property (a Rust enum of newtype variants).

use serde_json::{Map, Value};

use super::{Context, kind_of, node, push_pointer};
use crate::codegen::error::SchemaError;
use crate::codegen::ir::{Method, MethodKind, StringEnum, TaggedUnion, TaggedVariant, Variant};
use crate::codegen::names;

/// A `$ref` member of a tagged union.
struct RefMember {
    pointer: String,
    /// The required string constants of the referenced type: (key, value).
    constants: Vec<(String, String)>,
    /// The referenced type's Rust identifier.
    ty: String,
}

/// Method names the generated code already uses on a string union.
const TAKEN_METHODS: &[&str] = &[
    "as_str",
    "known",
    "is_known",
    "description",
    "from",
    "iter",
    "get_message",
    "to_string",
    "validate",
];

impl Context<'_> {
    /// Whether the union's members include a `$ref` (then it is a tagged union).
    pub(super) fn has_ref_member(&self, object: &Map<String, Value>) -> bool {
        ["anyOf", "oneOf"]
            .iter()
            .filter_map(|k| object.get(*k)?.as_array())
            .flatten()
            .any(|m| m.get("$ref").is_some())
    }

    pub(super) fn string_enum(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<StringEnum, SchemaError> {
        self.only_keywords(object, pointer, &["type", "enum", "anyOf", "oneOf"])?;
        if object.get("type").is_some_and(|t| t != "string") {
            return Err(self.error(
                &push_pointer(pointer, "type"),
                "a union of string constants must have `\"type\": \"string\"` or no `type`",
            ));
        }
        let (keyword, members) = ["enum", "anyOf", "oneOf"]
            .iter()
            .find_map(|k| object.get(*k).map(|v| (*k, v)))
            .ok_or_else(|| self.error(pointer, "expected `enum`, `anyOf` or `oneOf`"))?;
        let members_pointer = push_pointer(pointer, keyword);
        let members = members
            .as_array()
            .filter(|m| !m.is_empty())
            .ok_or_else(|| {
                self.error(
                    &members_pointer,
                    format!("`{keyword}` must be a non-empty array"),
                )
            })?;
        let declared = self.declared_methods(object, pointer)?;

        let mut union = StringEnum {
            variants: Vec::with_capacity(members.len()),
            open: false,
            methods: Vec::new(),
        };
        let mut member_pointers = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{members_pointer}/{index}");
            if keyword == "enum" {
                self.add_variant(&mut union, member, None, Vec::new(), &member_pointer)?;
                member_pointers.push(member_pointer);
                continue;
            }
            let member_object = self.object(node(member, &member_pointer), "a union member")?;
            if !member_object.contains_key("const") {
                self.catch_all(member_object, &member_pointer, keyword, &mut union)?;
                continue;
            }
            self.only_keywords(member_object, &member_pointer, &["const", "type"])?;
            let mut annotations = Vec::new();
            for (key, value) in member_object {
                let Some(name) = key.strip_prefix("x-") else {
                    continue;
                };
                if !declared.iter().any(|(declared, _)| declared == name) {
                    return Err(self.error(
                        &push_pointer(&member_pointer, key),
                        format!(
                            "the annotation `{key}` is not declared in the union's `x-methods`"
                        ),
                    ));
                }
                annotations.push((name.to_owned(), value.clone()));
            }
            let doc = self.description(member_object, &member_pointer)?;
            self.add_variant(
                &mut union,
                &member_object["const"],
                doc,
                annotations,
                &push_pointer(&member_pointer, "const"),
            )?;
            member_pointers.push(member_pointer);
        }
        if union.open && union.variants.iter().any(|v| v.ident == "Other") {
            return Err(self.error(
                pointer,
                "the variant name `Other` is reserved for the values an open union does not list",
            ));
        }
        for (name, doc) in declared {
            let method = self.method(&union, &member_pointers, name, doc, pointer)?;
            union.methods.push(method);
        }
        Ok(union)
    }

    /// `x-methods`: method name → doc comment.
    fn declared_methods(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<Vec<(String, String)>, SchemaError> {
        let Some(value) = object.get("x-methods") else {
            return Ok(Vec::new());
        };
        let here = push_pointer(pointer, "x-methods");
        let declared = self.object(node(value, &here), "`x-methods`")?;
        let mut methods = Vec::with_capacity(declared.len());
        for (name, doc) in declared {
            let doc = doc.as_str().ok_or_else(|| {
                self.error(
                    &push_pointer(&here, name),
                    format!(
                        "the doc comment of a method must be a string, found {}",
                        kind_of(doc)
                    ),
                )
            })?;
            methods.push((name.clone(), doc.to_owned()));
        }
        Ok(methods)
    }

    /// The method declared as `name`, its return type inferred from the members' values.
    fn method(
        &self,
        union: &StringEnum,
        member_pointers: &[String],
        name: String,
        doc: String,
        pointer: &str,
    ) -> Result<Method, SchemaError> {
        let here = push_pointer(&push_pointer(pointer, "x-methods"), &name);
        let ident = names::snake_case(&name).ok_or_else(|| {
            self.error(
                &here,
                format!("cannot make a Rust method name from `{name}`"),
            )
        })?;
        if TAKEN_METHODS.contains(&ident.as_str()) || union.methods.iter().any(|m| m.ident == ident)
        {
            return Err(self.error(&here, format!("the method name `{ident}` is already taken")));
        }
        let values: Vec<(&Value, &String)> = union
            .variants
            .iter()
            .zip(member_pointers)
            .filter_map(|(v, p)| {
                v.annotations
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, value)| (value, p))
            })
            .collect();
        let Some((first, _)) = values.first() else {
            return Err(self.error(&here, format!("no member has the annotation `x-{name}`")));
        };
        let kind = match first {
            Value::Bool(_) => MethodKind::Bool,
            Value::String(_)
                if values.iter().all(|(v, _)| {
                    v.as_str()
                        .is_some_and(|s| union.variants.iter().any(|m| m.value == s))
                }) =>
            {
                MethodKind::SelfRef
            }
            Value::String(_) => MethodKind::Str,
            Value::Number(_)
                if values
                    .iter()
                    .all(|(v, _)| v.as_u64().is_some_and(|n| n <= u64::from(u16::MAX))) =>
            {
                MethodKind::U16
            }
            Value::Number(_) => MethodKind::I64,
            other => {
                return Err(self.error(
                    &push_pointer(values[0].1, &format!("x-{name}")),
                    format!(
                        "a method value must be a string, a whole number or a boolean, found {}",
                        kind_of(other)
                    ),
                ));
            }
        };
        for (value, member_pointer) in &values {
            let fits = match kind {
                MethodKind::Bool => value.is_boolean(),
                MethodKind::SelfRef | MethodKind::Str => value.is_string(),
                MethodKind::U16 => value.as_u64().is_some(),
                MethodKind::I64 => value.as_i64().is_some(),
            };
            if !fits {
                return Err(self.error(
                    &push_pointer(member_pointer, &format!("x-{name}")),
                    format!(
                        "`x-{name}` values must all be of one kind ({}); this one is {}",
                        kind_label(kind),
                        kind_of(value)
                    ),
                ));
            }
        }
        Ok(Method {
            name,
            ident,
            doc,
            kind,
        })
    }

    /// A `{"type": "string"}` member: the union is open.
    fn catch_all(
        &self,
        member: &Map<String, Value>,
        pointer: &str,
        keyword: &str,
        union: &mut StringEnum,
    ) -> Result<(), SchemaError> {
        self.only_keywords(member, pointer, &["type"])?;
        if member.get("type") != Some(&Value::from("string")) {
            return Err(self.error(pointer, "a union member must be `{\"const\": \"...\"}` or, once, `{\"type\": \"string\"}` for any other value"));
        }
        if union.open {
            return Err(self.error(
                pointer,
                "only one `{\"type\": \"string\"}` member is allowed",
            ));
        }
        if keyword == "oneOf" {
            return Err(self.error(pointer, "an open union must use `anyOf`: with `oneOf`, a listed value would match two members and be invalid"));
        }
        union.open = true;
        Ok(())
    }

    fn add_variant(
        &self,
        union: &mut StringEnum,
        value: &Value,
        doc: Option<String>,
        annotations: Vec<(String, Value)>,
        pointer: &str,
    ) -> Result<(), SchemaError> {
        let value = value.as_str().ok_or_else(|| {
            self.error(
                pointer,
                format!("only string values are supported, found {}", kind_of(value)),
            )
        })?;
        if union.variants.iter().any(|v| v.value == value) {
            return Err(self.error(pointer, format!("the value \"{value}\" is listed twice")));
        }
        let ident = names::camel_case(value).ok_or_else(|| {
            self.error(
                pointer,
                format!("cannot make a Rust variant name from \"{value}\""),
            )
        })?;
        if let Some(other) = union.variants.iter().find(|v| v.ident == ident) {
            return Err(self.error(
                pointer,
                format!(
                    "\"{value}\" and \"{}\" both become the Rust variant `{ident}`",
                    other.value
                ),
            ));
        }
        union.variants.push(Variant {
            value: value.to_owned(),
            ident,
            doc,
            annotations,
        });
        Ok(())
    }

    /// `oneOf`/`anyOf` of `$ref`s to object types that share a required `const` property (the
    /// tag), plus optionally one catch-all object whose tag is none of theirs.
    pub(super) fn tagged_union(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<TaggedUnion, SchemaError> {
        self.only_keywords(object, pointer, &["anyOf", "oneOf"])?;
        let (keyword, members) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| object.get(*k).map(|v| (*k, v)))
            .ok_or_else(|| self.error(pointer, "expected `oneOf` or `anyOf`"))?;
        let members_pointer = push_pointer(pointer, keyword);
        let members = members
            .as_array()
            .ok_or_else(|| self.error(&members_pointer, format!("`{keyword}` must be an array")))?;

        let mut refs: Vec<RefMember> = Vec::new();
        let mut catch_all = None;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{members_pointer}/{index}");
            let member_object = self.object(node(member, &member_pointer), "a union member")?;
            if let Some(target) = member_object.get("$ref") {
                self.only_keywords(member_object, &member_pointer, &["$ref"])?;
                let (name, ident) =
                    self.reference(target, &push_pointer(&member_pointer, "$ref"))?;
                let constants = self.required_constants(&name)
                    .ok_or_else(|| self.error(&member_pointer, format!("`{name}` is not an object type, so it cannot be a member of a tagged union")))?;
                refs.push(RefMember {
                    pointer: member_pointer,
                    constants,
                    ty: ident,
                });
            } else if catch_all.is_some() {
                return Err(
                    self.error(&member_pointer, "only one member may be a catch-all object")
                );
            } else {
                catch_all = Some((member_pointer, member_object));
            }
        }

        let tag = self.pick_tag(&refs, pointer)?;
        let mut union = TaggedUnion {
            tag: tag.clone(),
            variants: Vec::new(),
            open: None,
        };
        for RefMember {
            pointer: member_pointer,
            constants,
            ty,
        } in &refs
        {
            let value = constants
                .iter()
                .find(|(key, _)| *key == tag)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let ident = names::camel_case(&value).ok_or_else(|| {
                self.error(
                    member_pointer,
                    format!("cannot make a Rust variant name from \"{value}\""),
                )
            })?;
            if union.variants.iter().any(|v| v.ident == ident) {
                return Err(self.error(
                    member_pointer,
                    format!("two tag values become the Rust variant `{ident}`"),
                ));
            }
            union.variants.push(TaggedVariant {
                value,
                ident,
                ty: ty.clone(),
            });
        }
        if let Some((member_pointer, member)) = catch_all {
            union.open = Some(self.tagged_catch_all(member, &member_pointer, &union)?);
            if union.variants.iter().any(|v| v.ident == "Other") {
                return Err(self.error(pointer, "the variant name `Other` is reserved for the objects an open union does not list"));
            }
        }
        Ok(union)
    }

    /// The required string constants of the object type `name`, or `None` if it is no object.
    fn required_constants(&self, name: &str) -> Option<Vec<(String, String)>> {
        let def = self.defs.get(name)?.as_object()?;
        if def.get("type") != Some(&Value::from("object")) {
            return None;
        }
        let required: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = def.get("properties").and_then(Value::as_object);
        Some(
            properties
                .into_iter()
                .flatten()
                .filter(|(key, _)| required.contains(&key.as_str()))
                .filter_map(|(key, schema)| {
                    Some((key.clone(), schema.get("const")?.as_str()?.to_owned()))
                })
                .collect(),
        )
    }

    /// The first constant key that every member has, with a different value in each.
    fn pick_tag(&self, refs: &[RefMember], pointer: &str) -> Result<String, SchemaError> {
        let Some(RefMember {
            constants: first, ..
        }) = refs.first()
        else {
            return Err(self.error(pointer, "a tagged union needs at least one `$ref` member"));
        };
        for (key, _) in first {
            let values: Option<Vec<&String>> = refs
                .iter()
                .map(|r| r.constants.iter().find(|(k, _)| k == key).map(|(_, v)| v))
                .collect();
            let Some(values) = values else { continue };
            let distinct = values
                .iter()
                .enumerate()
                .all(|(i, v)| !values[..i].contains(v));
            if distinct {
                return Ok(key.clone());
            }
        }
        Err(self.error(pointer, "the members must share a required `const` property (the tag) with a different value in each"))
    }

    /// `{"type": "object", "required": [tag], "properties": {tag: {"type": "string", "not":
    /// {"enum": [the listed tags]}}}}`: the objects of any other tag. Returns its doc.
    fn tagged_catch_all(
        &self,
        member: &Map<String, Value>,
        pointer: &str,
        union: &TaggedUnion,
    ) -> Result<String, SchemaError> {
        let tags: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
        let expected = serde_json::json!({
            "type": "object",
            "properties": { union.tag.as_str(): { "type": "string", "not": { "enum": tags } } },
            "required": [union.tag.as_str()],
        });
        let mut shape = member.clone();
        shape
            .retain(|key, _| !super::ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"));
        if Value::Object(shape) != expected {
            return Err(self.error(
                pointer,
                format!("a member that is not a `$ref` must be the catch-all of the other tags, exactly {expected}"),
            ));
        }
        Ok(self.description(member, pointer)?.unwrap_or_else(|| {
            format!(
                "An object whose `{}` is none of the listed values.",
                union.tag
            )
        }))
    }
}

fn kind_label(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::Bool => "booleans",
        MethodKind::SelfRef | MethodKind::Str => "strings",
        MethodKind::U16 | MethodKind::I64 => "whole numbers",
    }
}
