//! Inputs: standard input sniffed or forced, and cassettes found, detected and forced.

use super::{cli, json_lines};

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
