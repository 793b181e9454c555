//! Schemars helpers: the JSON Schema of each generated type, from its Rust types (through the
//! generator) and, for what a Rust type cannot say, from its rules table and its methods.

// Called only from the generated `JsonSchema` impls, which are `#[inline]`: the public
// helpers that are not generic are inline too, so that the export is compiled only by a crate
// that asks for it.

use schemars::Schema;
use serde_json::{Map, Value, json};

use super::rules::{Described, FieldValue, Limit, Number, ObjectRules, TaggedRules, UnionRules};

fn describe(schema: &mut Schema, description: Option<&str>) {
    if let Some(description) = description {
        schema.insert("description".to_owned(), description.into());
    }
}

/// The schema of an object type; `values` are the schemas of its non-constant properties'
/// Rust types, in order. (A `Vec`, not any iterator: one copy of this function serves every
/// type, where an array of each length made one each.)
#[inline]
pub fn object_schema(rules: &ObjectRules, values: Vec<Schema>) -> Schema {
    let mut schema = Schema::default();
    describe(&mut schema, rules.description);
    schema.insert("type".to_owned(), "object".into());
    let mut values = values.into_iter();
    let mut properties = Map::new();
    for field in rules.fields {
        let mut property = match field.value {
            FieldValue::Const(value) => {
                let mut constant = Schema::default();
                constant.insert("type".to_owned(), "string".into());
                constant.insert("const".to_owned(), value.into());
                constant
            }
            FieldValue::Of(_) => values.next().unwrap_or_default(),
        };
        for limit in field.limits {
            let value = match limit {
                Limit::Minimum(n)
                | Limit::ExclusiveMinimum(n)
                | Limit::Maximum(n)
                | Limit::ExclusiveMaximum(n) => match n {
                    Number::Integer(n) => Value::from(*n),
                    // A whole bound is written as JSON writes whole numbers (`0`, not `0.0`).
                    Number::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => {
                        Value::from(*f as i64)
                    }
                    Number::Float(f) => Value::from(*f),
                },
                Limit::MinLength(n)
                | Limit::MaxLength(n)
                | Limit::MinItems(n)
                | Limit::MaxItems(n) => Value::from(*n),
                Limit::Check(name, _) => {
                    property.insert("x-rust-check".to_owned(), (*name).into());
                    continue;
                }
            };
            property.insert(limit.keyword().to_owned(), value);
        }
        if let Some(default) = field
            .default
            .and_then(|text| serde_json::from_str(text).ok())
        {
            property.insert("default".to_owned(), default);
        }
        describe(&mut property, field.description);
        properties.insert(field.key.to_owned(), property.to_value());
    }
    schema.insert("properties".to_owned(), properties.into());
    let required: Vec<Value> = rules
        .fields
        .iter()
        .filter(|f| f.presence.is_required())
        .map(|f| f.key.into())
        .collect();
    if !required.is_empty() {
        schema.insert("required".to_owned(), required.into());
    }
    if !rules.keeps_unknown_keys {
        schema.insert("additionalProperties".to_owned(), false.into());
    }
    schema
}

/// A dated annotation as the schema writes it: absent when empty, the bare value for one
/// span without dates, else the spans.
pub fn dated_annotation<T: serde::Serialize>(spans: &[crate::Dated<T>]) -> Option<Value> {
    match spans {
        [] => None,
        [only] if only.from.is_none() && only.through.is_none() => {
            serde_json::to_value(&only.value).ok()
        }
        spans => serde_json::to_value(spans).ok(),
    }
}

/// What a member method of a string union returns, as the member's annotation in the export:
/// `true` where a `bool` is (absent where not), an `Option`'s value where it is `Some`, a
/// listed value by its wire value, a date as `YYYY-MM-DD`, dated values as
/// [`dated_annotation`] writes them.
pub trait AnnotationValue {
    /// The annotation, or `None` for none.
    fn annotation(self) -> Option<Value>;
}

impl AnnotationValue for bool {
    fn annotation(self) -> Option<Value> {
        self.then_some(Value::Bool(true))
    }
}

impl AnnotationValue for Option<&'static str> {
    fn annotation(self) -> Option<Value> {
        self.map(Into::into)
    }
}

impl AnnotationValue for Option<u16> {
    fn annotation(self) -> Option<Value> {
        self.map(Into::into)
    }
}

impl AnnotationValue for Option<i64> {
    fn annotation(self) -> Option<Value> {
        self.map(Into::into)
    }
}

impl AnnotationValue for Option<crate::Date> {
    fn annotation(self) -> Option<Value> {
        self.map(|date| date.to_string().into())
    }
}

/// A listed value of a generated union (`Described` is only implemented by generated types).
impl<T: Described + AsRef<str>> AnnotationValue for Option<T> {
    fn annotation(self) -> Option<Value> {
        self.map(|value| value.as_ref().into())
    }
}

impl<T: serde::Serialize> AnnotationValue for &[crate::Dated<T>] {
    fn annotation(self) -> Option<Value> {
        dated_annotation(self)
    }
}

/// A member annotation of a string union: its key and how to read it from a value.
pub type Annotation<T> = (&'static str, fn(&T) -> Option<Value>);

/// The schema of a union of string constants: `enum` when the members are bare constants of a
/// closed union, otherwise `oneOf` (closed) or `anyOf` with a final `{"type": "string"}` (open).
/// Each member is `{"const": ..., "description": ..., "x-...": ...}`.
pub fn string_union_schema<T>(rules: &UnionRules, annotations: &[Annotation<T>]) -> Schema
where
    T: strum::VariantArray + strum::EnumMessage,
{
    let mut schema = Schema::default();
    describe(&mut schema, rules.description);
    let mut members: Vec<Value> = Vec::with_capacity(rules.values.len() + 1);
    for (value, variant) in rules.values.iter().zip(T::VARIANTS) {
        let mut member = Map::new();
        member.insert("const".to_owned(), (*value).into());
        if let Some(description) = variant.get_message() {
            member.insert("description".to_owned(), description.into());
        }
        for (key, read) in annotations {
            if let Some(annotation) = read(variant) {
                member.insert((*key).to_owned(), annotation);
            }
        }
        members.push(member.into());
    }
    let bare = members
        .iter()
        .all(|m| m.as_object().is_some_and(|o| o.len() == 1));
    if !rules.open && bare {
        schema.insert("type".to_owned(), "string".into());
        let values = members
            .into_iter()
            .filter_map(|mut m| m.get_mut("const").map(Value::take));
        schema.insert("enum".to_owned(), values.collect());
        return schema;
    }
    if rules.open {
        members.push(json!({ "type": "string" }));
    }
    let keyword = if rules.open { "anyOf" } else { "oneOf" };
    schema.insert(keyword.to_owned(), members.into());
    schema
}

/// The schema of a tagged union: `oneOf` its members, plus, when open, the objects whose tag
/// is none of the listed ones.
#[inline]
pub fn tagged_union_schema(rules: &TaggedRules, members: Vec<Schema>) -> Schema {
    let mut schema = Schema::default();
    describe(&mut schema, rules.description);
    let mut members: Vec<Value> = members.into_iter().map(Schema::to_value).collect();
    if let Some(other) = rules.other {
        let tags: Vec<&str> = rules.variants.iter().map(|(tag, _)| *tag).collect();
        members.push(json!({
            "description": other,
            "type": "object",
            "properties": { rules.tag: { "type": "string", "not": { "enum": tags } } },
            "required": [rules.tag],
        }));
    }
    schema.insert("oneOf".to_owned(), members.into());
    schema
}

/// Adds the definition `name` of an alias: the schema of the type it names (a `$ref` for a
/// named type), with the alias's description.
#[inline]
pub fn define_alias(
    generator: &mut schemars::SchemaGenerator,
    name: &str,
    description: Option<&str>,
    mut schema: Schema,
) {
    describe(&mut schema, description);
    generator
        .definitions_mut()
        .insert(name.to_owned(), schema.to_value());
}

/// A draft 2020-12 document whose `$defs` hold every type that `add` asks the generator for.
pub fn schema_document(
    title: Option<&str>,
    description: Option<&str>,
    add: impl FnOnce(&mut schemars::SchemaGenerator),
) -> Schema {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    add(&mut generator);
    let mut schema = Schema::default();
    schema.insert(
        "$schema".to_owned(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    if let Some(title) = title {
        schema.insert("title".to_owned(), title.into());
    }
    describe(&mut schema, description);
    schema.insert("$defs".to_owned(), generator.take_definitions(true).into());
    schema
}
