//! The command-line tool: the `--format json` contract, exit codes, and each subcommand.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn cli(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anthropic-completions"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const EXAMPLES: [&str; 4] = [
    "examples/traffic/archive.jsonl",
    "examples/traffic/completion.json",
    "examples/traffic/cut-off.sse",
    "examples/traffic/stream.sse",
];

#[test]
fn the_json_contract_and_exit_code_one() {
    let mut args = vec!["validate", "--format", "json"];
    args.extend(EXAMPLES);
    let output = cli(&args, None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = json_lines(&output);
    let (summary, diagnostics) = lines.split_last().unwrap();
    let keys = [
        "code", "column", "file", "line", "message", "pointer", "severity",
    ];
    for diagnostic in diagnostics {
        let mut found: Vec<&str> = diagnostic
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        found.sort();
        assert_eq!(found, keys, "{diagnostic}");
        assert!(["error", "warning"].contains(&diagnostic["severity"].as_str().unwrap()));
    }
    assert_eq!(
        summary,
        &serde_json::json!({"summary": {"files": 4, "records": 11, "valid": 6, "invalid": 5, "warnings": 10}})
    );
    let wrong = diagnostics
        .iter()
        .find(|d| d["code"] == "wrong-type")
        .unwrap();
    assert_eq!(
        (
            wrong["file"].as_str(),
            wrong["line"].as_u64(),
            wrong["column"].as_u64()
        ),
        (Some(EXAMPLES[0]), Some(2), Some(71))
    );
    assert_eq!(wrong["pointer"], "/stop_reason");
}

#[test]
fn valid_files_exit_zero_with_a_human_summary() {
    let output = cli(
        &[
            "validate",
            "examples/traffic/completion.json",
            "examples/traffic/stream.sse",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.ends_with("checked 2 files, 2 records: 2 valid, 0 invalid; 0 errors, 2 warnings\n"),
        "{text}"
    );
    assert!(
        text.contains("warning[retired-model]") && text.contains("^^^^^^^^^^^^"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn usage_and_io_errors_exit_two() {
    for args in [
        vec!["validate", "does-not-exist.json"],
        vec!["validate", "examples"],
        vec![
            "validate",
            "--kind",
            "nonsense",
            "examples/traffic/completion.json",
        ],
        vec!["validate"],
        vec!["frobnicate"],
    ] {
        let output = cli(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}: says why");
    }
    // A missing file does not stop the others from being checked.
    let output = cli(
        &[
            "validate",
            "--format",
            "json",
            "missing.json",
            "examples/traffic/completion.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_lines(&output).last().unwrap()["summary"]["files"], 1);
}

#[test]
fn standard_input_is_sniffed_or_forced() {
    let jsonl = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"a\"}}\n{\"type\":\"error\"}\n";
    let output = cli(&["validate", "--format", "json", "-"], Some(jsonl));
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    assert_eq!(
        (
            lines[0]["code"].as_str(),
            lines[0]["line"].as_u64(),
            lines[0]["file"].as_str()
        ),
        (Some("missing-field"), Some(2), Some("-"))
    );
    let stream = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/traffic/stream.sse"
    ))
    .unwrap();
    assert_eq!(
        cli(&["validate", "-"], Some(&stream)).status.code(),
        Some(0)
    );
    let forced = cli(
        &["validate", "--input", "json", "--format", "json", "-"],
        Some(jsonl),
    );
    assert_eq!(
        json_lines(&forced)[0]["code"],
        "invalid-json",
        "two documents are not one JSON document"
    );
}

#[test]
fn strict_makes_unknown_values_errors() {
    let record = "{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":\"end_turn\",\"model\":\"claude-9\"}\n";
    assert_eq!(cli(&["validate", "-"], Some(record)).status.code(), Some(0));
    assert_eq!(
        cli(&["validate", "--strict", "-"], Some(record))
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn schema_models_and_stats() {
    let schema = cli(&["schema"], None);
    let printed: Value = serde_json::from_slice(&schema.stdout).unwrap();
    assert_eq!(printed, anthropic_completions::json_schema().to_value());

    let models: Value =
        serde_json::from_slice(&cli(&["models", "--format", "json"], None).stdout).unwrap();
    let rows = models.as_array().unwrap();
    assert_eq!(
        rows.len(),
        <anthropic_completions::Model as strum::EnumCount>::COUNT
    );
    let alias = rows.iter().find(|r| r["id"] == "claude-opus-4-5").unwrap();
    assert_eq!(
        (alias["alias_of"].as_str(), alias["status"].as_str()),
        (Some("claude-opus-4-5-20251101"), Some("current"))
    );
    let old = rows.iter().find(|r| r["id"] == "claude-2.1").unwrap();
    assert_eq!(
        (old["status"].as_str(), old["retired_on"].as_str()),
        (Some("retired"), Some("2025-07-21"))
    );
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
