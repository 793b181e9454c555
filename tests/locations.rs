//! Where problems are, and what they are called: byte offsets beside lines and columns, and
//! every code the schema names is a code of the crate.

#![cfg(feature = "validate")]

use std::str::FromStr;

use anthropic_completions::validate::{Code, Diagnostic, Format, Options, validate};
use serde_json::Value;

fn run(input: &str, format: Format) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    validate(input.as_bytes(), format, &Options::default(), |d| {
        found.push(d)
    });
    found
}

#[test]
fn json_lines_and_documents_give_the_byte_offset_of_each_problem() {
    let first = r#"{"type":"completion","id":"a","completion":"","stop_reason":null,"model":"m"}"#;
    let second = r#"{"type":"completion","id":"b","completion":"","stop_reason":5,"model":"m"}"#;
    let input = format!("{first}\n\n{second}\n");
    let found = run(&input, Format::JsonLines);
    let wrong = found
        .iter()
        .find(|d| d.code == Code::WrongType)
        .expect("a wrong type");
    let offset = input.find("5,").unwrap();
    assert_eq!(wrong.position.offset, Some(offset));
    assert_eq!(
        (wrong.position.line, wrong.position.column),
        (3, offset - first.len() - 2 + 1)
    );

    let document = format!("\u{feff}{second}");
    let found = run(&document, Format::Json);
    let wrong = found
        .iter()
        .find(|d| d.code == Code::WrongType)
        .expect("a wrong type");
    assert_eq!(wrong.position.offset, document.find("5,"));
    assert_eq!(wrong.position.column, document.find("5,").unwrap() + 1);
}

#[test]
fn every_diagnostic_code_the_schema_names_is_a_code() {
    fn codes(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if key == "x-diagnostic-code" {
                        out.push(child.as_str().unwrap_or_default().to_owned());
                    }
                    codes(child, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| codes(item, out)),
            _ => {}
        }
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/completions.schema.json"
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut named = Vec::new();
    codes(&schema, &mut named);
    assert!(named.len() >= 4, "{named:?}");
    for code in named {
        assert!(
            Code::from_str(&code).is_ok(),
            "x-diagnostic-code `{code}` is no Code"
        );
    }
    // The notes of `x-rust-note: model_note` have codes of their own: a model retired before
    // the record was made (when that day is known), and one this endpoint never served.
    let retired =
        r#"{"type":"completion","id":"a","completion":"","stop_reason":null,"model":"claude-2.1"}"#;
    let on = |day: Option<&str>| {
        let options = Options {
            recorded_on: day.map(|d| d.parse().unwrap()),
            ..Options::default()
        };
        let mut found = Vec::new();
        validate(retired.as_bytes(), Format::Json, &options, |d| {
            found.push(d.code)
        });
        found
    };
    assert_eq!(on(None), Vec::<Code>::new());
    assert_eq!(on(Some("2025-07-20")), Vec::<Code>::new());
    assert_eq!(on(Some("2025-07-21")), vec![Code::RetiredModel]);
    assert_eq!(on(Some("2023-07-01")), vec![Code::UnreleasedModel]);
    let unserved = run(
        &retired.replace("claude-2.1", "claude-opus-4-6"),
        Format::Json,
    );
    assert!(
        unserved.iter().any(|d| d.code == Code::UnservedModel),
        "{unserved:?}"
    );
}
