//! Unions of string constants (a Rust enum of unit variants, open or closed), with their
//! member methods (`x-methods`) typed, and the validator's annotations.

use super::json::{Map, Value};

use super::{Context, kind_of, node};
use crate::error::SchemaError;
use crate::ir::{StringEnum, Variant};
use crate::names;
use crate::pointer::Pointer;

/// A member before its methods are typed.
pub(super) struct Member {
    pub(super) pointer: Pointer,
    pub(super) annotations: Vec<(String, Value)>,
}

impl Context<'_> {
    pub(super) fn string_enum(
        &self,
        object: &Map,
        pointer: &Pointer,
    ) -> Result<StringEnum, SchemaError> {
        self.only_keywords(object, pointer, &["type", "enum", "anyOf", "oneOf"])?;
        if object.get("type").is_some_and(|t| t != "string") {
            return Err(self.error(
                &pointer.push("type"),
                "a union of string constants must have `\"type\": \"string\"` or no `type`",
            ));
        }
        let (keyword, members) = ["enum", "anyOf", "oneOf"]
            .iter()
            .find_map(|k| object.get(k).map(|v| (*k, v)))
            .ok_or_else(|| self.error(pointer, "expected `enum`, `anyOf` or `oneOf`"))?;
        let members_pointer = pointer.push(keyword);
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
            unlisted_code: self.unlisted_code(object, pointer)?,
            note: self.function_name(object, pointer, "x-rust-note")?,
        };
        let mut listed: Vec<Member> = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let member_pointer = members_pointer.push(index);
            if keyword == "enum" {
                self.add_variant(&mut union, member, None, &member_pointer)?;
                listed.push(Member {
                    pointer: member_pointer,
                    annotations: Vec::new(),
                });
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
                if !declared.iter().any(|declared| declared.name == name) {
                    return Err(self.error(
                        &member_pointer.push(key),
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
                member_object.get("const").unwrap_or(&Value::Null),
                doc,
                &member_pointer.push("const"),
            )?;
            listed.push(Member {
                pointer: member_pointer,
                annotations,
            });
        }
        if union.open && union.variants.iter().any(|v| v.ident == "Other") {
            return Err(self.error(
                pointer,
                "the variant name `Other` is reserved for the values an open union does not list",
            ));
        }
        for declared in declared {
            let (method, values) = self.method(&union, &listed, declared, pointer)?;
            union.methods.push(method);
            for (variant, value) in union.variants.iter_mut().zip(values) {
                variant.values.push(value);
            }
        }
        Ok(union)
    }

    /// `x-diagnostic-code`: what the validator calls a value the union does not list.
    pub(super) fn unlisted_code(
        &self,
        object: &Map,
        pointer: &Pointer,
    ) -> Result<Option<String>, SchemaError> {
        let code = self.string(object, pointer, "x-diagnostic-code")?;
        if let Some(code) = code
            && (code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        {
            return Err(self.error(
                &pointer.push("x-diagnostic-code"),
                format!("a diagnostic code is kebab-case (`unknown-model`), found \"{code}\""),
            ));
        }
        Ok(code.map(str::to_owned))
    }

    /// A `{"type": "string"}` member: the union is open.
    fn catch_all(
        &self,
        member: &Map,
        pointer: &Pointer,
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
        pointer: &Pointer,
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
            values: Vec::new(),
        });
        Ok(())
    }
}
