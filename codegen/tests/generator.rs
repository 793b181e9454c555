//! The generator as a library, tested as typify tests itself: small schemas with their
//! generated code as golden files (compiled by the main crate's `tests/golden.rs`), bad schemas
//! with their messages as golden files, and the model a schema is understood into.
//!
//! `BLESS=1 cargo test -p anthropic-completions-codegen` rewrites the golden files after a
//! deliberate change; review the diff like code.

use std::path::{Path, PathBuf};

use anthropic_completions_codegen::ir::{
    FieldShape, Presence, TypeId, TypeKind, TypeRef, UnknownKeys, ValueField, Width,
};
use anthropic_completions_codegen::{self as codegen, Settings};
use serde_json::{Value, json};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// The settings of code compiled outside the crate: the runtime and the checks by path.
fn outside() -> Settings {
    Settings {
        runtime: "::anthropic_completions::__private".to_owned(),
        checks: "crate::checks".to_owned(),
        examples: Some("golden".to_owned()),
    }
}

fn files(folder: &str, extension: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    found.sort();
    found
}

/// `actual` equals the file at `path` (rewritten first with `BLESS=1`).
fn golden(path: &Path, actual: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} is stale (BLESS=1 rewrites it); now:\n{actual}",
        path.display()
    );
}

fn module(schema: Value) -> codegen::ir::Module {
    codegen::parse("test.schema.json", &schema.to_string()).unwrap()
}

#[test]
fn small_schemas_generate_their_golden_code() {
    let schemas = files("golden", "json");
    assert!(schemas.len() >= 4);
    for schema in schemas {
        let name = schema.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&schema).unwrap();
        let source = codegen::generate(&name, &text, &outside()).unwrap_or_else(|e| panic!("{e}"));
        golden(&schema.with_extension("rs"), &source);
        no_runnable_doc_blocks(&name, &source);
    }
}

/// No doc comment holds a code block rustdoc would run, but the generator's own examples
/// (from `examples`, under an `# Examples` heading): fences from descriptions are marked
/// `text` (or another language), and no line is indented four columns.
fn no_runnable_doc_blocks(name: &str, source: &str) {
    let mut fenced = false;
    let mut in_examples = false;
    for line in source.lines() {
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            in_examples = false;
            continue;
        };
        let text = doc.strip_prefix(' ').unwrap_or(doc);
        in_examples |= text == "# Examples";
        let fence = text.trim_start().starts_with("```") || text.trim_start().starts_with("~~~");
        if fence && !fenced && !in_examples {
            let info = text.trim_start().trim_start_matches(['`', '~']).trim();
            assert!(
                !info.is_empty() && info != "rust",
                "{name}: a Rust fence: {line}"
            );
        }
        if fence {
            fenced = !fenced;
        } else if !fenced {
            let indent = text.chars().take_while(|c| *c == ' ' || *c == '\t').count();
            assert!(
                indent < 4 || text.trim().is_empty(),
                "{name}: an indented block: {line}"
            );
            assert!(
                !text.contains('\r') && !text.contains('\u{202E}'),
                "{name}: {line:?}"
            );
        }
    }
}

#[test]
fn every_bad_schema_fails_with_its_golden_message() {
    let schemas = files("bad_schemas", "json");
    assert!(schemas.len() >= 30);
    for path in schemas {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let error = codegen::generate_file(&path, &Settings::default()).expect_err(&name);
        assert_eq!(error.file, path.display().to_string(), "{name}");
        let shown = error
            .to_string()
            .replacen(&path.display().to_string(), &name, 1);
        golden(&path.with_extension("expected"), &format!("{shown}\n"));
        // The pointer names a node that exists (whenever the file is JSON at all).
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(value) = serde_json::from_str::<Value>(&text)
            && !name.starts_with("duplicate-defs-key")
        {
            assert!(
                value.pointer(error.pointer.as_str()).is_some(),
                "{name}: {} is not in the document",
                error.pointer
            );
        }
    }
}

#[test]
fn a_missing_schema_file_is_an_error_not_a_panic() {
    let error =
        codegen::generate_file(Path::new("does/not/exist.json"), &Settings::default()).unwrap_err();
    assert!(
        error.message.starts_with("cannot read the schema"),
        "{error}"
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
    let value = |ty, presence| {
        FieldShape::Value(ValueField {
            ty,
            presence,
            constraints: Default::default(),
            default: None,
            undocumented: false,
        })
    };
    let shapes: Vec<(&str, &FieldShape)> = s
        .fields
        .iter()
        .map(|f| (f.key.as_str(), &f.shape))
        .collect();
    assert_eq!(
        shapes[0],
        ("req", &value(TypeRef::String, Presence::Required))
    );
    assert_eq!(
        shapes[1],
        (
            "req_null",
            &value(TypeRef::String, Presence::RequiredNullable)
        )
    );
    assert_eq!(
        shapes[2],
        (
            "opt",
            &value(TypeRef::Integer(Width::I64), Presence::Optional)
        )
    );
    assert_eq!(
        shapes[3],
        (
            "opt_null",
            &value(TypeRef::Boolean, Presence::OptionalNullable)
        )
    );
    assert_eq!(shapes[4], ("kind", &FieldShape::Const("a".to_owned())));
    assert_eq!(s.unknown_keys, UnknownKeys::Keep);
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
fn types_are_referenced_by_id_forward_and_back() {
    let module = module(json!({"$defs": {
        "Ids": {"type": "array", "items": {"$ref": "#/$defs/Id"}, "description": "Some ids"},
        "Id": {"type": "string"}
    }}));
    assert_eq!(
        module.types[0].kind,
        TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Named(TypeId(1)))))
    );
    assert_eq!(module.types[0].doc.as_deref(), Some("Some ids"));
    assert_eq!(module.types[1].kind, TypeKind::Alias(TypeRef::String));
}

#[test]
fn tagged_unions_are_understood_from_the_members_models() {
    let module = module(json!({"$defs": {
        "Event": {"oneOf": [{"$ref": "#/$defs/Ping"}, {"$ref": "#/$defs/Pong"}]},
        "Ping": {"type": "object", "properties": {"type": {"const": "ping"}}, "required": ["type"]},
        "Pong": {"type": "object", "properties": {"type": {"const": "pong"}}, "required": ["type"]}
    }}));
    let TypeKind::TaggedUnion(union) = &module.types[0].kind else {
        panic!()
    };
    let variants: Vec<(&str, TypeId)> = union
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.ty))
        .collect();
    assert_eq!(union.tag, "type");
    assert_eq!(variants, [("ping", TypeId(1)), ("pong", TypeId(2))]);
}

#[test]
fn keywords_and_odd_names_become_valid_rust() {
    let source = codegen::generate(
        "t.json",
        &json!({"$defs": {"my-type": {
            "type": "object",
            "properties": {"type": {"type": "string"}, "fn": {"type": "string"}, "camelCase": {"type": "string"}}
        }}})
        .to_string(),
        &Settings::default(),
    )
    .unwrap();
    assert!(source.contains("pub struct MyType"));
    assert!(source.contains("pub r#type: Option<String>,"));
    assert!(source.contains("pub r#fn: Option<String>,"));
    assert!(source.contains("pub camel_case: Option<String>,"));
}

/// A chain of aliases costs time linear in its length (the cycle check was super-quadratic:
/// 5,000 did not finish in two minutes). No clock here: a quadratic check would not end.
#[test]
fn a_long_chain_of_aliases_generates() {
    let mut defs = serde_json::Map::new();
    let n = 5_000;
    for i in 0..n {
        defs.insert(
            format!("A{i}"),
            json!({"$ref": format!("#/$defs/A{}", i + 1)}),
        );
    }
    defs.insert(format!("A{n}"), json!({"type": "string"}));
    let schema = json!({ "$defs": defs }).to_string();
    let source = codegen::generate("chain.json", &schema, &Settings::default()).unwrap();
    assert!(source.contains("pub type A0 = A1;"));
    assert!(source.contains(&format!("pub type A{n} = String;")));
}

/// An object of many keys reads in time linear in its size (each key was looked up by a scan
/// of the ones before it: 100,000 took 30 s). No clock here either.
#[test]
fn an_annotation_of_many_keys_generates() {
    let n = 200_000;
    let table: serde_json::Map<String, serde_json::Value> =
        (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
    let schema = json!({"$defs": {"Big": {"type": "string", "x-table": table}}});
    let source = codegen::generate("big.json", &schema.to_string(), &Settings::default()).unwrap();
    assert!(source.contains("pub type Big = String;"));
}

/// The Rust integer of a `type: integer` value is the narrowest that holds its bounds' range.
#[test]
fn integer_widths_follow_the_bounds() {
    use anthropic_completions_codegen::ir::{Bound, Limit};
    let min = |n| (Bound::Minimum, Limit::Integer(n));
    let max = |n| (Bound::Maximum, Limit::Integer(n));
    let cases: &[(&[(Bound, Limit)], Width)] = &[
        (&[], Width::I64),
        (&[min(0)], Width::U64),
        (&[min(1), max(i64::MAX)], Width::U64),
        (&[min(0), max(255)], Width::U8),
        (&[min(0), max(256)], Width::U16),
        (
            &[min(0), (Bound::ExclusiveMaximum, Limit::Integer(256))],
            Width::U8,
        ),
        (&[min(1), max(65_535)], Width::U16),
        (&[min(0), max(4_294_967_295)], Width::U32),
        (&[min(0), max(4_294_967_296)], Width::U64),
        (
            &[(Bound::ExclusiveMinimum, Limit::Integer(-1)), max(10)],
            Width::U8,
        ),
        (&[min(-1), max(10)], Width::I8),
        (&[min(-129), max(0)], Width::I16),
        (&[min(-5)], Width::I64),
        (&[max(10)], Width::I64),
        (&[min(i32::MIN.into()), max(i32::MAX.into())], Width::I32),
        // A float limit on an integer is refused when the schema is read; it bounds nothing.
        (&[(Bound::Minimum, Limit::Number(0.5))], Width::I64),
    ];
    for (bounds, width) in cases {
        assert_eq!(Width::of_bounds(bounds), *width, "{bounds:?}");
    }
}
