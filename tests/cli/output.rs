//! `validate`'s output and exit codes: the `--format json` contract, the summary, exit 0, 1, 2.

use super::{EXAMPLES, cli, json_lines, sorted_keys};

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
        assert_eq!(sorted_keys(diagnostic), keys, "{diagnostic}");
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
