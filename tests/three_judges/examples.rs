//! The schema's `examples` are valid instances of their definitions, for both schemas.

use serde_json::Value;

use super::validator;

/// The schema's `examples` (shown and round-tripped in the docs) are valid instances of their
/// definitions, for both schemas.
#[test]
fn schema_examples_are_valid_instances() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/completions.schema.json"
    );
    let source: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let export = anthropic_completions::json_schema().to_value();
    let mut seen = 0;
    for (name, definition) in source["$defs"].as_object().unwrap() {
        let Some(examples) = definition.get("examples").and_then(Value::as_array) else {
            continue;
        };
        let (source, export) = (validator(&source, name), validator(&export, name));
        for example in examples {
            assert!(source.is_valid(example), "{name}: {example}");
            assert!(export.is_valid(example), "{name}: {example}");
            seen += 1;
        }
    }
    assert!(seen >= 6, "{seen} examples");
}
