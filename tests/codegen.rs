//! The generator on this crate's schemas: the real schema's code is reviewed as a snapshot, a
//! model is one schema entry, and the kitchen sink's checked-in code is current. (The
//! generator's own tests are in `codegen/tests/`.)

use std::path::PathBuf;

use anthropic_completions_codegen::ir::TypeKind;
use anthropic_completions_codegen::{self as codegen, Settings};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    root().join("schema/completions.schema.json")
}

#[test]
fn generated_code_matches_the_snapshot() {
    let source = codegen::generate_file(&schema_path(), &Settings::default()).unwrap();
    insta::assert_snapshot!("completions", source);
}

#[test]
fn adding_a_model_is_a_one_entry_schema_edit() {
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let members = schema["$defs"]["Model"]["anyOf"].as_array_mut().unwrap();
    let catch_all = members.len() - 1;
    let before = catch_all;
    members.insert(
        catch_all,
        json!({"const": "claude-opus-9-20301231", "description": "A model from the future"}),
    );
    let text = schema.to_string();
    let module = codegen::parse("copy.schema.json", &text).unwrap();
    let model = module.types.iter().find(|t| t.name == "Model").unwrap();
    let TypeKind::StringEnum(union) = &model.kind else {
        panic!("Model is not a union")
    };
    assert_eq!(union.variants.len(), before + 1);
    assert!(union.open);
    let added = union.variants.last().unwrap();
    assert_eq!(
        (added.value.as_str(), added.ident.as_str()),
        ("claude-opus-9-20301231", "ClaudeOpus9_20301231")
    );

    let source = codegen::generate("copy.schema.json", &text, &Settings::default()).unwrap();
    // Its value and description, as the `StringUnion` derive reads them: `as_str`, the
    // tables and the count come from the list (tests/unions.rs checks them on the real types).
    assert!(
        source.contains(
            "#[value(\"claude-opus-9-20301231\", \"A model from the future\")]\n    ClaudeOpus9_20301231,\n"
        ),
        "no variant with its value and description"
    );
}

/// `tests/kitchen_sink/generated.rs` is compiled and exercised by `tests/kitchen_sink.rs`; this
/// keeps it equal to what the generator makes of `tests/kitchen_sink/schema.json`.
/// Run with `BLESS=1` to rewrite it after a deliberate change.
#[test]
fn kitchen_sink_source_is_current() {
    let dir = root().join("tests/kitchen_sink");
    let settings = Settings {
        runtime: "::anthropic_completions::__private".to_owned(),
        checks: "crate::checks".to_owned(),
        examples: None,
    };
    let source = codegen::generate_file(&dir.join("schema.json"), &settings).unwrap();
    let checked_in = dir.join("generated.rs");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&checked_in, &source).unwrap();
    }
    let current = std::fs::read_to_string(&checked_in).unwrap_or_default();
    assert!(
        current == source,
        "tests/kitchen_sink/generated.rs is stale: run `BLESS=1 cargo test --test codegen`"
    );
}
