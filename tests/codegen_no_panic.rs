//! The generator never panics: on random schema-shaped JSON, and on the real schema with one
//! node replaced by something random, it returns source or a located error.

use anthropic_completions_codegen::{self as codegen, Pointer};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::Value;

/// Words that steer random documents into the generator's deeper paths.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "type", "properties", "required", "additionalProperties", "$defs", "$ref", "anyOf",
            "oneOf", "enum", "const", "items", "description", "object", "string", "integer",
            "number", "boolean", "array", "null", "#/$defs/A", "#/$defs/B", "A", "B", "self",
            "type-", "x-a", "$schema", "https://json-schema.org/draft/2020-12/schema", "",
        ])
        .prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_~/.$-]{0,6}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        word().prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map(word(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn real_schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/completions.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every JSON pointer in `value`.
fn pointers(value: &Value, at: Pointer, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, at.push(key), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, at.push(index), out);
            }
        }
        _ => {}
    }
    out.push(at.to_string());
}

fn check(document: &Value) -> Result<(), TestCaseError> {
    match codegen::generate("fuzz.json", &document.to_string(), &Default::default()) {
        Ok(source) => prop_assert!(source.starts_with("// @generated")),
        Err(error) => {
            prop_assert_eq!(error.file.as_str(), "fuzz.json");
            // A located error names a node that exists (the root is always there).
            prop_assert!(
                document.pointer(error.pointer.as_str()).is_some(),
                "{} not in {}",
                error.pointer,
                document
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_documents(defs in btree_map("[A-C]", json(), 0..4)) {
        let document = serde_json::json!({ "$defs": defs });
        check(&document)?;
    }

    #[test]
    fn random_roots(document in json()) {
        check(&document)?;
    }

    #[test]
    fn the_real_schema_with_one_node_replaced(index in any::<prop::sample::Index>(), replacement in json()) {
        let mut document = real_schema();
        let mut all = Vec::new();
        pointers(&document, Pointer::root(), &mut all);
        let target = index.get(&all).clone();
        *document.pointer_mut(&target).unwrap() = replacement;
        check(&document)?;
    }
}
