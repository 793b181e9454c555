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
    // A child that exits early (a usage error) closes its input: not the test's failure.
    match input.write_all(stdin.unwrap_or_default().as_bytes()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
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
    // Written in one order, whatever serde_json's features (`preserve_order` or not).
    let stdout = String::from_utf8_lossy(&output.stdout);
    let order = [
        "file", "line", "column", "pointer", "severity", "code", "message", "repeats",
    ];
    for text in stdout.lines().filter(|l| !l.starts_with("{\"summary\"")) {
        let at: Vec<usize> = order
            .iter()
            .map(|key| text.find(&format!("\"{key}\":")).expect(key))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
    let last = stdout.lines().last().unwrap();
    let order = [
        "summary",
        "files",
        "records",
        "valid",
        "invalid",
        "errors",
        "warnings",
        "allowed",
        "unreported",
        "interactions",
        "skipped",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|key| last.find(&format!("\"{key}\":")).expect(key))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{last}");
    let lines = json_lines(&output);
    let (summary, diagnostics) = lines.split_last().unwrap();
    let keys = [
        "code", "column", "file", "line", "message", "pointer", "repeats", "severity",
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
        &serde_json::json!({"summary": {"files": 4, "records": 11, "valid": 6, "invalid": 5,
            "errors": 7, "warnings": 4, "allowed": 0, "unreported": 0,
            "interactions": 0, "skipped": 0}})
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
    let files = [
        "examples/traffic/completion.json",
        "examples/traffic/stream.sse",
    ];
    let output = cli(&[&["validate"][..], &files].concat(), None);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    // claude-2.1 was active when these were recorded, as far as anyone knows: no warning.
    assert_eq!(
        text,
        "checked 2 files, 2 records: 2 valid, 0 invalid; 0 errors, 0 warnings\n"
    );
    // Recorded after its retirement, the same records are worth a warning each.
    let late = ["validate", "--recorded-on", "2025-08-01"];
    let output = cli(&[&late[..], &files].concat(), None);
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
        vec!["validate", "src/bin"],
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
    // JSON Lines whose first record is broken are still JSON Lines: the next is checked too.
    let broken_first = "{\"type\":\"error\",\"error\": }\n{\"type\":\"error\"}\n";
    let lines = json_lines(&cli(
        &["validate", "--format", "json", "-"],
        Some(broken_first),
    ));
    assert_eq!(lines.last().unwrap()["summary"]["records"], 2, "{lines:?}");
    let cut_first = "{\"type\":\"error\",\"err\n{\"type\":\"completion\",\"id\":\"c\",\"completion\":5,\"stop_reason\":null,\"model\":\"claude-2.1\"}\n";
    let lines = json_lines(&cli(
        &["validate", "--format", "json", "-"],
        Some(cut_first),
    ));
    assert!(
        lines
            .iter()
            .any(|d| d["code"] == "wrong-type" && d["line"] == 2),
        "{lines:?}"
    );
    // A BOM does not hide a stream.
    let with_bom = format!("\u{feff}{stream}");
    let lines = json_lines(&cli(
        &["validate", "--format", "json", "-"],
        Some(&with_bom),
    ));
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(
        (&summary["records"], &summary["invalid"]),
        (&1.into(), &0.into()),
        "{lines:?}"
    );
    // A pretty-printed document is one document.
    let pretty = "{\n  \"type\": \"error\",\n  \"error\": {\"type\": \"api_error\", \"message\": \"a\"}\n}\n";
    let lines = json_lines(&cli(&["validate", "--format", "json", "-"], Some(pretty)));
    assert_eq!(lines.last().unwrap()["summary"]["valid"], 1, "{lines:?}");
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
        let mut found: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        found.sort();
        assert_eq!(found, keys, "{row}");
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

/// 100,000 real records, every one with a model retired today: the archive a user holds. It is
/// valid, and what is true of every record is said once, with a count.
#[test]
fn a_real_archive_does_not_flood() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/complete");
    let mut bodies: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            serde_json::from_str::<Value>(&text).unwrap().to_string()
        })
        .collect();
    bodies.sort();
    assert_eq!(bodies.len(), 27);
    let archive: String = (0..100_000)
        .map(|i| bodies[i % bodies.len()].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // The warnings each body gets alone, summed over the archive: the summary counts every one.
    let alone: Vec<u64> = bodies
        .iter()
        .map(|body| {
            let options = anthropic_completions::validate::Options::default();
            let format = anthropic_completions::validate::Format::Json;
            anthropic_completions::validate::validate(body.as_bytes(), format, &options, |_| {})
                .warnings
        })
        .collect();
    let warnings: u64 = (0..100_000).map(|i| alone[i % bodies.len()]).sum();
    assert!(warnings > 10_000, "{warnings}");
    let output = cli(&["validate", "-"], Some(&archive));
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let summary = format!(
        "checked 1 file, 100000 records: 100000 valid, 0 invalid; 0 errors, {warnings} warnings\n"
    );
    assert!(
        text.ends_with(&summary),
        "{}",
        text.lines().last().unwrap_or_default()
    );
    assert!(
        !text.contains("retired-model"),
        "nothing is said of a model retired since"
    );
    let lines = text.lines().count();
    assert!(lines <= 12, "{lines} lines:\n{text}");
    // Recorded in 2026, the same records name models retired by then: one warning for each
    // model, and one count of its repeats.
    let late = cli(
        &[
            "validate",
            "--recorded-on",
            "2026-01-01",
            "--format",
            "json",
            "-",
        ],
        Some(&archive),
    );
    assert_eq!(late.status.code(), Some(0));
    let lines = json_lines(&late);
    let retired: Vec<&Value> = lines
        .iter()
        .filter(|d| d["code"] == "retired-model")
        .collect();
    let models: std::collections::BTreeSet<&str> = retired
        .iter()
        .map(|d| d["message"].as_str().unwrap().split('`').nth(1).unwrap())
        .collect();
    assert_eq!(retired.len(), 2 * models.len(), "{retired:#?}");
    assert!(retired.iter().any(|d| {
        d["message"]
            .as_str()
            .unwrap()
            .contains(" more times in this input after line ")
    }));
    assert!(lines.len() <= 40, "{}", lines.len());
}

/// Diagnostics people steer, the rustc way: -A, -W, -D (a later one wins), --max-diagnostics.
#[test]
fn diagnostics_can_be_allowed_warned_denied_and_capped() {
    let record = "{\"type\":\"completion\",\"id\":\"a\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-next\",\"x\":1}\n";
    let summary = |args: &[&str]| {
        let mut all = vec!["validate", "--format", "json"];
        all.extend(args);
        all.push("-");
        let output = cli(&all, Some(record));
        let lines = json_lines(&output);
        let codes: Vec<(String, String)> = lines[..lines.len() - 1]
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (
            output.status.code(),
            codes,
            lines.last().unwrap()["summary"].clone(),
        )
    };
    let (code, found, _) = summary(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(found.len(), 2, "{found:?}");
    let (code, found, total) = summary(&["-A", "unknown-field", "-D", "unknown-model"]);
    assert_eq!(code, Some(1));
    assert_eq!(found, [("unknown-model".to_owned(), "error".to_owned())]);
    assert_eq!(
        (total["allowed"].as_u64(), total["invalid"].as_u64()),
        (Some(1), Some(1))
    );
    // A later level of the same code wins.
    let (code, found, _) = summary(&["-D", "unknown-model", "--warn", "unknown-model"]);
    assert_eq!(code, Some(0));
    assert!(
        found.contains(&("unknown-model".to_owned(), "warning".to_owned())),
        "{found:?}"
    );
    let (_, found, total) = summary(&["--max-diagnostics", "1"]);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (total["warnings"].as_u64(), total["unreported"].as_u64()),
        (Some(2), Some(1))
    );
    // An unknown code is a usage error.
    assert_eq!(
        cli(&["validate", "-A", "no-such-code", "-"], Some(record))
            .status
            .code(),
        Some(2)
    );
}

/// A directory is walked for the files the validator reads; an unreadable input is an I/O
/// error, a JSON object in `--format json`, and exit 2 however the input is framed.
#[test]
fn directories_are_walked_and_io_errors_exit_two() {
    let output = cli(&["validate", "--format", "json", "tests/data/stream"], None);
    let lines = json_lines(&output);
    assert_eq!(lines.last().unwrap()["summary"]["files"], 5);
    let output = cli(
        &["validate", "--format", "json", "no/such/file.jsonl"],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    let lines = json_lines(&output);
    assert!(
        lines[0]["io_error"]["message"]
            .as_str()
            .unwrap()
            .contains("no/such/file.jsonl")
    );
    if std::path::Path::new("/proc/self/mem").exists() {
        for forced in [&["--input", "jsonl"][..], &["--input", "sse"], &[]] {
            let mut args = vec!["validate", "--format", "json"];
            args.extend(forced);
            args.extend(["--max-diagnostics", "0", "/proc/self/mem"]);
            assert_eq!(cli(&args, None).status.code(), Some(2), "{forced:?}");
        }
    }
}

#[test]
fn cassettes_are_found_detected_and_forced() {
    // The shipped cassettes: every one valid, the other endpoints counted.
    let output = cli(
        &["validate", "--format", "json", "tests/data/cassettes"],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let lines = json_lines(&output);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(
        (
            &summary["files"],
            &summary["interactions"],
            &summary["skipped"],
            &summary["invalid"]
        ),
        (&10.into(), &11.into(), &2.into(), &0.into())
    );
    // Cassette diagnostics name the interaction and the part.
    let unserved = lines
        .iter()
        .find(|d| d["code"] == "unserved-model")
        .unwrap();
    assert_eq!(
        (&unserved["interaction"], &unserved["part"]),
        (&1.into(), &"request".into())
    );
    assert_eq!(unserved["severity"], "warning");

    // Without its extension a cassette is told by its content, or forced with --input.
    let dir = std::env::temp_dir().join(format!("cassettes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let renamed = dir.join("recording.txt");
    std::fs::copy(
        "tests/data/cassettes/BoxcarsAI-boxcars/xmlzeroshot5@72e60775.yml",
        &renamed,
    )
    .unwrap();
    let renamed = renamed.to_str().unwrap();
    for forced in [&["--input", "vcr"][..], &[]] {
        let mut args = vec!["validate", "--format", "json"];
        args.extend(forced);
        args.push(renamed);
        let lines = json_lines(&cli(&args, None));
        let summary = &lines.last().unwrap()["summary"];
        assert_eq!(
            (&summary["interactions"], &summary["skipped"]),
            (&2.into(), &2.into()),
            "{forced:?}"
        );
    }
    // Forced as the wrong format: one located error, exit 1.
    let output = cli(
        &["validate", "--format", "json", "--input", "har", renamed],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json_lines(&output)[0]["code"], "unreadable-cassette");
    // A directory's YAML that is not a cassette is not taken for one.
    std::fs::write(dir.join("ci.yml"), "steps:\n- run: cargo test\n").unwrap();
    let output = cli(
        &["validate", "--format", "json", dir.to_str().unwrap()],
        None,
    );
    let lines = json_lines(&output);
    assert_eq!(lines.last().unwrap()["summary"]["files"], 0, "{lines:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_readme_main_job_succeeds_and_says_what_the_readme_says() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let command = readme
        .lines()
        .find(|line| line.starts_with("cargo run --features cli -- validate"))
        .unwrap();
    let args: Vec<&str> = command
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .skip_while(|word| *word != "--")
        .skip(1)
        .collect();
    let output = cli(&args, None);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let summary = stdout.lines().last().unwrap();
    let prose = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        prose.contains(summary),
        "the README does not say {summary:?}"
    );
}
