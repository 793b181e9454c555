//! Steering diagnostics: `--strict`, levels and caps, and a real archive that does not flood.

use serde_json::Value;

use super::{cli, json_lines};

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
