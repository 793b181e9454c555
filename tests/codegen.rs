//! The generator, tested as a library: the same module `build.rs` uses.

#[path = "../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;

use std::path::{Path, PathBuf};

use codegen::ir::{FieldShape, TypeKind, TypeRef};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    root().join("schema/completions.schema.json")
}

/// Generates from an in-memory schema.
fn generate(schema: &Value) -> Result<String, codegen::SchemaError> {
    codegen::generate("test.schema.json", &schema.to_string())
}

fn module(schema: Value) -> codegen::ir::Module {
    codegen::parse("test.schema.json", &schema.to_string()).unwrap()
}

#[test]
fn generated_code_matches_the_snapshot() {
    let source = codegen::generate_file(&schema_path()).unwrap();
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
    let module = codegen::parse("copy.schema.json", &schema.to_string()).unwrap();
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

    let source = codegen::generate("copy.schema.json", &schema.to_string()).unwrap();
    assert!(
        source.contains("serialize = \"claude-opus-9-20301231\""),
        "no strum attribute"
    );
    assert!(
        source.contains("message = \"A model from the future\""),
        "no description"
    );
    assert!(source.contains("    ClaudeOpus9_20301231,\n"), "no variant");
    assert!(
        source.contains("\"claude-opus-9-20301231\" => Some(Self::ClaudeOpus9_20301231)"),
        "not parsed"
    );
    assert!(
        source.contains(&format!("const COUNT: usize = {}usize;", before + 1)),
        "not counted"
    );
}

#[test]
fn presence_and_nullability_choose_the_field_type() {
    let module = module(json!({"$defs": {"A": {
        "type": "object",
        "properties": {
            "req": {"type": "string"},
            "req_null": {"type": ["string", "null"]},
            "opt": {"type": "integer"},
            "opt_null": {"anyOf": [{"type": "null"}, {"type": "boolean"}]},
            "kind": {"const": "a"}
        },
        "required": ["req", "req_null", "kind"]
    }}}));
    let TypeKind::Struct(s) = &module.types[0].kind else {
        panic!()
    };
    let shapes: Vec<(&str, &FieldShape)> = s
        .fields
        .iter()
        .map(|f| (f.key.as_str(), &f.shape))
        .collect();
    let value = |ty, required, nullable| FieldShape::Value {
        ty,
        required,
        nullable,
        constraints: Default::default(),
        default: None,
    };
    assert_eq!(shapes[0], ("req", &value(TypeRef::String, true, false)));
    assert_eq!(shapes[1], ("req_null", &value(TypeRef::String, true, true)));
    assert_eq!(shapes[2], ("opt", &value(TypeRef::Integer, false, false)));
    assert_eq!(
        shapes[3],
        ("opt_null", &value(TypeRef::Boolean, false, true))
    );
    assert_eq!(shapes[4], ("kind", &FieldShape::Const("a".to_owned())));
    assert!(s.keeps_unknown_keys);

    let source = generate(&json!({"$defs": {"A": {
        "type": "object",
        "properties": {"req": {"type": "string"}, "req_null": {"type": ["string", "null"]},
                       "opt": {"type": "integer"}, "opt_null": {"type": ["boolean", "null"]}},
        "required": ["req", "req_null"]
    }}}))
    .unwrap();
    assert!(source.contains("pub req: String,"));
    assert!(source.contains("pub req_null: Option<String>,"));
    assert!(source.contains("pub opt: Option<i64>,"));
    assert!(source.contains("pub opt_null: Option<Option<bool>>,"));
    assert!(source.contains("pub extra: ::serde_json::Map<String, ::serde_json::Value>,"));
}

#[test]
fn closed_objects_reject_unknown_keys_and_have_no_extra_map() {
    let source = generate(&json!({"$defs": {"Req": {
        "type": "object", "additionalProperties": false,
        "properties": {"n": {"type": "number"}, "list": {"type": "array", "items": {"$ref": "#/$defs/Req"}}}
    }}}))
    .unwrap();
    assert!(!source.contains("pub extra"));
    assert!(source.contains("unknown_field(other, &[\"n\", \"list\"])"));
    assert!(source.contains("pub list: Option<Vec<Req>>,"));
    // f64 has no Eq, so neither has the struct.
    assert!(source.contains("#[derive(Debug, Clone, PartialEq, Default)]\npub struct Req"));
}

#[test]
fn string_unions_open_and_closed() {
    let module = module(json!({"$defs": {
        "Open": {"anyOf": [{"const": "a-b", "description": "A B"}, {"type": "string"}]},
        "Closed": {"oneOf": [{"const": "x"}, {"const": "y", "description": "why"}]},
        "Plain": {"type": "string", "enum": ["p", "q"]}
    }}));
    let unions: Vec<(&str, bool, Vec<&str>)> = module
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::StringEnum(u) => (
                t.ident.as_str(),
                u.open,
                u.variants.iter().map(|v| v.ident.as_str()).collect(),
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        unions,
        [
            ("Open", true, vec!["AB"]),
            ("Closed", false, vec!["X", "Y"]),
            ("Plain", false, vec!["P", "Q"])
        ]
    );
}

#[test]
fn aliases_and_forward_references() {
    let module = module(json!({"$defs": {
        "Ids": {"type": "array", "items": {"$ref": "#/$defs/Id"}, "description": "Some ids"},
        "Id": {"type": "string"}
    }}));
    assert_eq!(
        module.types[0].kind,
        TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Named("Id".into()))))
    );
    assert_eq!(module.types[0].doc.as_deref(), Some("Some ids"));
    assert_eq!(module.types[1].kind, TypeKind::Alias(TypeRef::String));
}

#[test]
fn keywords_and_odd_names_become_valid_rust() {
    let source = generate(&json!({"$defs": {"my-type": {
        "type": "object",
        "properties": {"type": {"type": "string"}, "fn": {"type": "string"}, "camelCase": {"type": "string"}}
    }}}))
    .unwrap();
    assert!(source.contains("pub struct MyType"));
    assert!(source.contains("pub r#type: Option<String>,"));
    assert!(source.contains("pub r#fn: Option<String>,"));
    assert!(source.contains("pub camel_case: Option<String>,"));
}

#[test]
fn descriptions_become_docs_without_broken_links() {
    let source = generate(
        &json!({"$defs": {"A": {"type": "string", "description": "[Legacy] text\nsecond line"}}}),
    )
    .unwrap();
    assert!(
        source.contains("/// \\[Legacy\\] text\n/// second line\npub type A = String;"),
        "{source}"
    );
}

/// (file, JSON pointer of the offending node, words the message must contain)
const BAD_SCHEMAS: &[(&str, &str, &str)] = &[
    ("invalid-json.json", "", "invalid JSON"),
    (
        "root-not-object.json",
        "",
        "must be an object, found an array",
    ),
    ("no-defs.json", "", "no `$defs`"),
    ("wrong-dialect.json", "/$schema", "2020-12"),
    (
        "unknown-root-keyword.json",
        "/properties",
        "unsupported keyword `properties`",
    ),
    (
        "type-not-string.json",
        "/$defs/A/properties/x/type",
        "`type` must be a string",
    ),
    (
        "ref-missing.json",
        "/$defs/A/properties/x/$ref",
        "not defined in `$defs`",
    ),
    (
        "ref-external.json",
        "/$defs/A/properties/x/$ref",
        "must point to a member of `$defs`",
    ),
    (
        "duplicate-const.json",
        "/$defs/E/anyOf/2/const",
        "listed twice",
    ),
    ("duplicate-enum.json", "/$defs/E/enum/1", "listed twice"),
    (
        "unknown-keyword-in-property.json",
        "/$defs/A/properties/x/pattern",
        "unsupported keyword `pattern`",
    ),
    (
        "required-undeclared.json",
        "/$defs/A/required/1",
        "`nope` is required but not declared",
    ),
    (
        "inline-object.json",
        "/$defs/A/properties/x/type",
        "inline object",
    ),
    (
        "open-union-with-oneof.json",
        "/$defs/E/oneOf/1",
        "must use `anyOf`",
    ),
    (
        "const-not-required.json",
        "/$defs/A/properties/t",
        "must be listed in `required`",
    ),
    (
        "variant-name-collision.json",
        "/$defs/E/anyOf/1/const",
        "both become the Rust variant `A1`",
    ),
    (
        "type-name-collision.json",
        "/$defs/FooBar",
        "both become the Rust type `FooBar`",
    ),
    ("infinite-type.json", "/$defs/A", "contains itself"),
    (
        "definition-not-object.json",
        "/$defs/A",
        "must be an object, found a boolean",
    ),
    (
        "additional-properties-schema.json",
        "/$defs/A/additionalProperties",
        "only `true` or `false`",
    ),
    (
        "null-listed-twice.json",
        "/$defs/A/properties/x/type/2",
        "listed twice",
    ),
    ("prelude-name.json", "/$defs/Option", "prelude"),
    (
        "unknown-type-name.json",
        "/$defs/A/properties/x/type",
        "unknown type `str`",
    ),
    (
        "description-not-string.json",
        "/$defs/A/description",
        "must be a string",
    ),
    (
        "extra-is-reserved.json",
        "/$defs/A/properties/extra",
        "reserved",
    ),
    (
        "escaped-pointer.json",
        "/$defs/a~1b~0c/properties/x/multipleOf",
        "unsupported keyword `multipleOf`",
    ),
    (
        "union-member-not-string.json",
        "/$defs/E/anyOf/0/const",
        "only string values",
    ),
    ("array-without-items.json", "/$defs/A", "needs `items`"),
];

#[test]
fn every_bad_schema_fails_naming_the_file_and_the_pointer() {
    let dir = root().join("tests/bad_schemas");
    let mut listed: Vec<&str> = BAD_SCHEMAS.iter().map(|(file, _, _)| *file).collect();
    listed.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    assert_eq!(
        listed, on_disk,
        "every file in tests/bad_schemas has a row, and every row a file"
    );

    for (file, pointer, words) in BAD_SCHEMAS {
        let path = dir.join(file);
        let error = codegen::generate_file(&path).expect_err(file);
        assert_eq!(error.file, path.display().to_string(), "{file}");
        assert_eq!(&error.pointer, pointer, "{file}: {error}");
        assert!(error.message.contains(words), "{file}: {error}");
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("{}: at ", path.display())),
            "{shown}"
        );
        if !pointer.is_empty() {
            assert!(shown.contains(pointer), "{shown}");
        }
        // The pointer names a node that exists (whenever the file is JSON at all).
        if let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap()) {
            assert!(
                value.pointer(pointer).is_some(),
                "{file}: {pointer} is not in the document"
            );
        }
    }
}

#[test]
fn a_missing_schema_file_is_an_error_not_a_panic() {
    let error = codegen::generate_file(Path::new("does/not/exist.json")).unwrap_err();
    assert!(
        error.message.starts_with("cannot read the schema"),
        "{error}"
    );
}

/// `tests/kitchen_sink/generated.rs` is compiled and exercised by `tests/kitchen_sink.rs`; this
/// keeps it equal to what the generator makes of `tests/kitchen_sink/schema.json`.
/// Run with `BLESS=1` to rewrite it after a deliberate change.
#[test]
fn kitchen_sink_source_is_current() {
    let dir = root().join("tests/kitchen_sink");
    let source = codegen::generate_file(&dir.join("schema.json")).unwrap();
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
