//! The schema made from the Rust types (`json_schema()`) says what the source schema says.
//!
//! Both documents are brought to one normal form, then compared type by type. Each
//! normalization removes a difference of spelling, never of meaning:
//!
//! 1. `"type": [T, "null"]` (either order) is written `"anyOf": [{"type": T}, {"type": "null"}]`,
//!    and in a two-member `anyOf`/`oneOf` with a `{"type": "null"}` member that member goes
//!    last: both spell "T or null" (JSON Schema 2020-12, 6.1.1 and 10.2.1.2).
//! 2. `{"const": "s", "type": "string"}` becomes `{"const": "s"}`: a string constant already
//!    implies the type.
//! 3. `{"type": "string", "enum": [a, b]}` becomes `{"oneOf": [{"const": a}, {"const": b}]}`:
//!    the same set of values (they are distinct, so exactly one member matches).
//! 4. `"additionalProperties": true` is dropped: it is the default.
//! 5. `required` is compared as a set: its order has no meaning.
//! 6. The annotations `title`, `$comment`, `examples`, `format` and `x-*` keys are dropped:
//!    they do not change which instances are valid (`format` is an annotation by default in
//!    2020-12; schemars adds it to integers). Descriptions are kept and compared.
//! 7. Only `$defs` is compared: the root's `$schema`, `$id`, `title` and `description` are
//!    document metadata, not types.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

fn source() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/completions.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn export() -> Value {
    anthropic_completions::json_schema().to_value()
}

fn is_null_schema(value: &Value) -> bool {
    value == &json!({"type": "null"})
}

/// The normal form described in the module docs.
fn normalize(schema: &Value) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        let dropped = matches!(key.as_str(), "title" | "$comment" | "examples" | "format")
            || key.starts_with("x-");
        if dropped || (key == "additionalProperties" && value == &Value::Bool(true)) {
            continue;
        }
        let value = match key.as_str() {
            "properties" | "$defs" => Value::Object(
                value
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), normalize(v)))
                    .collect(),
            ),
            "items" => normalize(value),
            "anyOf" | "oneOf" => {
                let mut members: Vec<Value> =
                    value.as_array().unwrap().iter().map(normalize).collect();
                if members.len() == 2 && is_null_schema(&members[0]) {
                    members.swap(0, 1);
                }
                Value::Array(members)
            }
            "required" => {
                let set: BTreeSet<String> = value
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect();
                json!(set)
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    // 1. "type": [T, "null"] → anyOf.
    if let Some(Value::Array(types)) = out.get("type").cloned() {
        let others: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        if types.len() == 2 && others.len() == 1 {
            out.remove("type");
            let mut member = Map::new();
            member.insert("type".to_owned(), others[0].clone());
            for key in ["items"] {
                if let Some(items) = out.remove(key) {
                    member.insert(key.to_owned(), items);
                }
            }
            out.insert("anyOf".to_owned(), json!([member, {"type": "null"}]));
        }
    }
    // 2. A string const implies its type.
    if out.get("const").is_some_and(Value::is_string) && out.get("type") == Some(&json!("string")) {
        out.remove("type");
    }
    // 3. enum of strings → oneOf of consts.
    if let Some(Value::Array(values)) = out.get("enum").cloned() {
        if out.get("type") == Some(&json!("string")) {
            out.remove("type");
        }
        out.remove("enum");
        let members: Vec<Value> = values.into_iter().map(|v| json!({"const": v})).collect();
        out.insert("oneOf".to_owned(), Value::Array(members));
    }
    Value::Object(out)
}

#[test]
fn every_type_says_the_same_in_both_schemas() {
    let (source, export) = (source(), export());
    let source_defs = source["$defs"].as_object().unwrap();
    let export_defs = export["$defs"].as_object().unwrap();
    let names = |defs: &Map<String, Value>| defs.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(
        names(source_defs),
        names(export_defs),
        "both schemas define the same types"
    );
    for (name, source_def) in source_defs {
        let (ours, theirs) = (normalize(source_def), normalize(&export_defs[name]));
        assert!(
            ours == theirs,
            "`{name}` differs after normalization\nsource: {}\nexport: {}",
            serde_json::to_string_pretty(&ours).unwrap(),
            serde_json::to_string_pretty(&theirs).unwrap()
        );
    }
}

#[test]
fn the_export_is_a_2020_12_document_with_the_sources_title() {
    let (source, export) = (source(), export());
    assert_eq!(
        export["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(export["title"], source["title"]);
    assert_eq!(export["description"], source["description"]);
}

#[test]
fn normalization_removes_spelling_only() {
    // Each pair is one meaning in two spellings; the last pair differs in meaning.
    let same = [
        (
            json!({"type": ["string", "null"]}),
            json!({"anyOf": [{"type": "null"}, {"type": "string"}]}),
        ),
        (
            json!({"const": "a", "type": "string"}),
            json!({"const": "a"}),
        ),
        (
            json!({"type": "string", "enum": ["a", "b"]}),
            json!({"oneOf": [{"const": "a"}, {"const": "b"}]}),
        ),
        (
            json!({"type": "object", "additionalProperties": true, "required": ["b", "a"]}),
            json!({"type": "object", "required": ["a", "b"]}),
        ),
        (
            json!({"type": "integer", "format": "int64", "title": "n"}),
            json!({"type": "integer"}),
        ),
    ];
    for (a, b) in same {
        assert_eq!(normalize(&a), normalize(&b), "{a} vs {b}");
    }
    let different = [
        (
            json!({"type": "string"}),
            json!({"type": ["string", "null"]}),
        ),
        (json!({"required": ["a"]}), json!({"required": ["a", "b"]})),
        (json!({"additionalProperties": false}), json!({})),
        (json!({"description": "x"}), json!({"description": "y"})),
        (json!({"enum": ["a"]}), json!({"enum": ["b"]})),
    ];
    for (a, b) in different {
        assert_ne!(normalize(&a), normalize(&b), "{a} vs {b}");
    }
}

/// The checked-in copy (`schema/generated/`) is what `json_schema()` returns, so a change to
/// the types shows in review. `BLESS=1 cargo test --test agreement` rewrites it.
#[test]
fn the_checked_in_export_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/generated/completions.export.schema.json"
    );
    let export = export();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, serde_json::to_string_pretty(&export).unwrap() + "\n").unwrap();
    }
    let checked_in: Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
            .unwrap_or_default();
    assert!(
        checked_in == export,
        "schema/generated/completions.export.schema.json is stale: run `BLESS=1 cargo test --test agreement`"
    );
}
