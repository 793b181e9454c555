//! Schemars helpers: the JSON Schema of each generated type, built from what the generator
//! understood and, for property values, from the Rust types themselves.

use schemars::Schema;
use serde_json::{Map, Value, json};

/// `schema` with `keyword` set to `value` (a description, a constraint, a default, ...).
pub(crate) fn with(mut schema: Schema, keyword: &str, value: Value) -> Schema {
    schema.insert(keyword.to_owned(), value);
    schema
}

fn describe(schema: &mut Schema, description: Option<&str>) {
    if let Some(description) = description {
        schema.insert("description".to_owned(), description.into());
    }
}

/// The schema of a union of string constants: `enum` when the members are bare constants of a
/// closed union, otherwise `oneOf` (closed) or `anyOf` with a final `{"type": "string"}` (open).
/// Each member is `{"const": ..., "description": ..., "x-...": ...}`.
pub(crate) fn string_union_schema(
    description: Option<&str>,
    members: Vec<Value>,
    open: bool,
) -> Schema {
    let mut schema = Schema::default();
    describe(&mut schema, description);
    let bare = members
        .iter()
        .all(|m| m.as_object().is_some_and(|o| o.len() == 1));
    if !open && bare {
        schema.insert("type".to_owned(), "string".into());
        let values = members
            .into_iter()
            .filter_map(|mut m| m.get_mut("const").map(Value::take));
        schema.insert("enum".to_owned(), values.collect());
        return schema;
    }
    let mut members = members;
    if open {
        members.push(json!({ "type": "string" }));
    }
    let keyword = if open { "anyOf" } else { "oneOf" };
    schema.insert(keyword.to_owned(), members.into());
    schema
}

/// The schema of an object type. Properties keep their order.
pub(crate) fn object_schema(
    description: Option<&str>,
    properties: Vec<(&str, Schema)>,
    required: &[&str],
    keeps_unknown_keys: bool,
) -> Schema {
    let mut schema = Schema::default();
    describe(&mut schema, description);
    schema.insert("type".to_owned(), "object".into());
    let properties: Map<String, Value> = properties
        .into_iter()
        .map(|(key, schema)| (key.to_owned(), schema.to_value()))
        .collect();
    schema.insert("properties".to_owned(), properties.into());
    if !required.is_empty() {
        let required = required.iter().map(|key| Value::from(*key));
        schema.insert("required".to_owned(), required.collect());
    }
    if !keeps_unknown_keys {
        schema.insert("additionalProperties".to_owned(), false.into());
    }
    schema
}

/// The schema of a string constant.
pub(crate) fn const_schema(value: &str) -> Schema {
    let mut schema = Schema::default();
    schema.insert("type".to_owned(), "string".into());
    schema.insert("const".to_owned(), value.into());
    schema
}

/// The schema of a tagged union: `oneOf` its members, plus, when open, the objects whose `tag`
/// is none of `tags`.
pub(crate) fn tagged_union_schema(
    description: Option<&str>,
    members: Vec<Schema>,
    tag: &str,
    tags: &[&str],
    catch_all: Option<&str>,
) -> Schema {
    let mut schema = Schema::default();
    describe(&mut schema, description);
    let mut members: Vec<Value> = members.into_iter().map(Schema::to_value).collect();
    if let Some(catch_all) = catch_all {
        members.push(json!({
            "description": catch_all,
            "type": "object",
            "properties": { tag: { "type": "string", "not": { "enum": tags } } },
            "required": [tag],
        }));
    }
    schema.insert("oneOf".to_owned(), members.into());
    schema
}

/// A draft 2020-12 document whose `$defs` hold every type that `add` asks the generator for.
pub(crate) fn schema_document(
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
