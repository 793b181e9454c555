//! Tagged unions: `oneOf` of `$ref`s to object types told apart by a tag property, understood
//! from the members' models (read before any tagged union).

use super::json::{Map, Value};

use super::{Context, node};
use crate::error::SchemaError;
use crate::ir::{CatchAll, FieldShape, TaggedUnion, TaggedVariant, TypeDef, TypeId, TypeKind};
use crate::names;
use crate::pointer::Pointer;

/// Whether the definition is a union whose members include a `$ref` (a tagged union).
pub(super) fn is_tagged(object: &Map) -> bool {
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| object.get(k)?.as_array())
        .flatten()
        .any(|m| m.get("$ref").is_some())
}

impl Context<'_> {
    /// `oneOf`/`anyOf` of `$ref`s to object types that share a required `const` property (the
    /// tag), plus optionally one catch-all object whose tag is none of theirs. The members are
    /// read from `types`, the model of every other definition.
    pub(super) fn tagged_union(
        &self,
        object: &Map,
        pointer: &Pointer,
        types: &[Option<TypeDef>],
    ) -> Result<TaggedUnion, SchemaError> {
        self.only_keywords(object, pointer, &["anyOf", "oneOf"])?;
        let (keyword, members) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| object.get(k).map(|v| (*k, v)))
            .ok_or_else(|| self.error(pointer, "expected `oneOf` or `anyOf`"))?;
        let members_pointer = pointer.push(keyword);
        let members = members
            .as_array()
            .ok_or_else(|| self.error(&members_pointer, format!("`{keyword}` must be an array")))?;

        let mut refs: Vec<RefMember> = Vec::new();
        let mut catch_all = None;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = members_pointer.push(index);
            let member_object = self.object(node(member, &member_pointer), "a union member")?;
            if let Some(target) = member_object.get("$ref") {
                self.only_keywords(member_object, &member_pointer, &["$ref"])?;
                let id = self.reference(target, &member_pointer.push("$ref"))?;
                let constants = types
                    .get(id.0)
                    .and_then(Option::as_ref)
                    .and_then(required_constants)
                    .ok_or_else(|| {
                        self.error(
                            &member_pointer,
                            "a member of a tagged union must be an object type",
                        )
                    })?;
                refs.push(RefMember {
                    pointer: member_pointer,
                    constants,
                    ty: id,
                });
            } else if catch_all.is_some() {
                return Err(
                    self.error(&member_pointer, "only one member may be a catch-all object")
                );
            } else {
                catch_all = Some((member_pointer, member_object));
            }
        }

        let (tag, values) = self.pick_tag(&refs, pointer)?;
        let mut union = TaggedUnion {
            tag,
            variants: Vec::new(),
            other: None,
            unlisted_code: self.unlisted_code(object, pointer)?,
        };
        for (member, value) in refs.iter().zip(values) {
            let ident = names::camel_case(&value).ok_or_else(|| {
                self.error(
                    &member.pointer,
                    format!("cannot make a Rust variant name from \"{value}\""),
                )
            })?;
            if union.variants.iter().any(|v| v.ident == ident) {
                return Err(self.error(
                    &member.pointer,
                    format!("two tag values become the Rust variant `{ident}`"),
                ));
            }
            union.variants.push(TaggedVariant {
                value,
                ident,
                ty: member.ty,
            });
        }
        if let Some((member_pointer, member)) = catch_all {
            union.other = Some(self.tagged_catch_all(member, &member_pointer, &union)?);
            if union.variants.iter().any(|v| v.ident == "Other") {
                return Err(self.error(pointer, "the variant name `Other` is reserved for the objects an open union does not list"));
            }
        }
        Ok(union)
    }

    /// The first constant key that every member has, with a different value in each, and
    /// those values.
    fn pick_tag(
        &self,
        refs: &[RefMember],
        pointer: &Pointer,
    ) -> Result<(String, Vec<String>), SchemaError> {
        let Some(first) = refs.first() else {
            return Err(self.error(pointer, "a tagged union needs at least one `$ref` member"));
        };
        for (key, _) in &first.constants {
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
                return Ok((key.clone(), values.into_iter().cloned().collect()));
            }
        }
        Err(self.error(pointer, "the members must share a required `const` property (the tag) with a different value in each"))
    }

    /// `{"type": "object", "required": [tag], "properties": {tag: {"type": "string", "not":
    /// {"enum": [the listed tags]}}}}`: the objects of any other tag.
    fn tagged_catch_all(
        &self,
        member: &Map,
        pointer: &Pointer,
        union: &TaggedUnion,
    ) -> Result<CatchAll, SchemaError> {
        let tags: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
        let object = |members: Vec<(&str, Value)>| Value::Object(Map::from_iter(members));
        let listed = Value::Array(tags.into_iter().map(Value::from).collect());
        let property = object(vec![
            ("type", Value::from("string")),
            ("not", object(vec![("enum", listed)])),
        ]);
        let expected = object(vec![
            ("type", Value::from("object")),
            ("properties", object(vec![(union.tag.as_str(), property)])),
            (
                "required",
                Value::Array(vec![Value::from(union.tag.as_str())]),
            ),
        ]);
        let mut shape = member.clone();
        shape
            .retain(|key, _| !super::ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"));
        if Value::Object(shape) != expected {
            return Err(self.error(
                pointer,
                format!("a member that is not a `$ref` must be the catch-all of the other tags, exactly {expected}"),
            ));
        }
        let doc = self.description(member, pointer)?.unwrap_or_else(|| {
            format!(
                "An object whose `{}` is none of the listed values.",
                union.tag
            )
        });
        Ok(CatchAll { doc })
    }
}

/// A `$ref` member of a tagged union.
struct RefMember {
    pointer: Pointer,
    /// The required string constants of the member type: (key, value).
    constants: Vec<(String, String)>,
    ty: TypeId,
}

/// The required string constants of an object type, or `None` for another kind of type.
fn required_constants(def: &TypeDef) -> Option<Vec<(String, String)>> {
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let constants = s.fields.iter().filter_map(|field| match &field.shape {
        FieldShape::Const(value) => Some((field.key.clone(), value.clone())),
        FieldShape::Value(_) => None,
    });
    Some(constants.collect())
}
