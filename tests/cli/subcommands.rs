//! The other subcommands: `schema`, `models` and `stats`.

use serde_json::Value;

use super::{EXAMPLES, cli, json_lines, sorted_keys};

#[test]
fn schema_models_and_stats() {
    let schema = cli(&["schema"], None);
    let printed: Value = serde_json::from_slice(&schema.stdout).unwrap();
    assert_eq!(printed, anthropic_completions::json_schema().to_value());

    let models = |day: &str| -> Vec<Value> {
        let output = cli(&["models", "--format", "json", "--as-of", day], None);
        assert_eq!(output.status.code(), Some(0));
        json_lines(&output)
    };
    let rows = models("2026-02-01");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        <anthropic_completions::Model as strum::VariantNames>::VARIANTS
    );
    let keys = [
        "alias_of",
        "alias_on",
        "as_of",
        "deprecated_on",
        "description",
        "id",
        "in_reference_list",
        "not_before",
        "retired_by",
        "retired_on",
        "status",
        "text_completions",
    ];
    for row in &rows {
        assert_eq!(sorted_keys(row), keys, "{row}");
    }
    let row = |rows: &[Value], id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let alias = row(&rows, "claude-opus-4-5");
    assert_eq!(
        alias["alias_of"],
        serde_json::json!([{"value": "claude-opus-4-5-20251101"}])
    );
    assert_eq!(alias["status"], "active");
    let listed = row(&rows, "claude-3-opus-20240229");
    assert_eq!(
        (
            &listed["in_reference_list"],
            &listed["text_completions"],
            &listed["status"]
        ),
        (
            &Value::Bool(true),
            &Value::Bool(false),
            &Value::from("retired")
        )
    );
    let old = row(&rows, "claude-2.1");
    assert_eq!(
        (&old["status"], &old["retired_on"], &old["text_completions"]),
        (
            &Value::from("retired"),
            &Value::from("2025-07-21"),
            &Value::Bool(true)
        )
    );
    let then = row(&models("2024-06-01"), "claude-2.1");
    assert_eq!(
        (&then["status"], &then["as_of"]),
        (&Value::from("active"), &Value::from("2024-06-01"))
    );
    let alias = row(&models("2023-07-15"), "claude-2");
    assert_eq!(alias["alias_on"], serde_json::json!(["claude-2.0"]));
    let early = row(&models("2023-07-15"), "claude-2.1");
    assert_eq!(early["status"], "unreleased");
    let bad = cli(&["models", "--as-of", "2025-02-29"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8(cli(&["models"], None).stdout)
            .unwrap()
            .contains("claude-instant-1.2")
    );

    let mut args = vec!["stats", "--format", "json"];
    args.extend(EXAMPLES);
    let stats: Value = serde_json::from_slice(&cli(&args, None).stdout).unwrap();
    assert_eq!(stats["kinds"]["completion"], 4);
    assert_eq!(stats["kinds"]["stream"], 2);
    assert_eq!(stats["unknown_models"]["claude-opus-9"], 1);
    assert_eq!(stats["unknown_fields"]["/trace"], 1);
    assert_eq!(stats["events"]["ping"], 2);
    let human =
        String::from_utf8(cli(&["stats", "examples/traffic/archive.jsonl"], None).stdout).unwrap();
    assert!(
        human.contains("keys the schema does not declare (drift)"),
        "{human}"
    );
}
