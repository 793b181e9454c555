//! Verdicts and places: each record's verdict, each problem at its line, column and pointer.

use super::{codes, data, run};
use anthropic_completions::validate::{Format, Options, Severity, Summary};

#[test]
fn every_recorded_file_is_valid() {
    let mut total = Summary::default();
    for folder in ["complete", "error", "request", "stream"] {
        for path in data(folder) {
            let bytes = std::fs::read(&path).unwrap();
            let format = Format::detect(&path, &bytes);
            let (summary, found) = run(&bytes, format, &Options::default());
            let errors: Vec<&str> = found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.code.as_str())
                .collect();
            // The request the API answered with a 400 (error/boxcars-1): a Claude 3 model.
            let refused = path.ends_with("request/boxcars-2.json");
            let expected: &[&str] = if refused { &["unserved-model"] } else { &[] };
            assert_eq!(errors, expected, "{}: {found:#?}", path.display());
            assert_eq!(
                (summary.records, summary.valid),
                (1, u64::from(!refused)),
                "{}",
                path.display()
            );
            total.add(&summary);
        }
    }
    assert_eq!(total.records, 27 + 3 + 10 + 5);
}

#[test]
fn each_problem_of_a_record_is_reported_at_its_value() {
    let input = concat!(
        "{\"type\":\"completion\",\"id\":\"c1\",\"completion\":\"\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-1.3-100k\"}\n",
        "{\"type\":\"completion\",\"id\":7,\"completion\":\"\",\"stop_reason\":5,\"model\":\"claude-1.3-100k\",\"new\":1}\n",
        "\n",
        "{\"model\":\"claude-1.3-100k\",\"prompt\":\"Hi\",\"max_tokens_to_sample\":0,\"top_k\":-1}\n",
        "{\n",
    );
    let (summary, found) = run(input.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!((summary.records, summary.valid, summary.invalid), (4, 1, 3));
    assert_eq!(
        codes(&found),
        [
            ("wrong-type", 2, 27, "/id"),
            ("wrong-type", 2, 59, "/stop_reason"),
            ("unknown-field", 2, 93, "/new"),
            ("prompt-format", 4, 37, "/prompt"),
            ("out-of-range", 4, 65, "/max_tokens_to_sample"),
            ("out-of-range", 4, 75, "/top_k"),
            ("invalid-json", 5, 1, ""),
        ]
    );
    assert_eq!(found[0].expected.as_deref(), Some("a string"));
    assert_eq!(found[0].found.as_deref(), Some("the number 7"));
    assert_eq!(found[2].severity, Severity::Warning);
    assert_eq!(&input.lines().nth(1).unwrap()[26..28], "7,");
}

#[test]
fn a_pretty_printed_document_is_located_by_line() {
    let input = "{\n  \"type\": \"completion\",\n  \"id\": \"c\",\n  \"completion\": \"\",\n  \"stop_reason\": null,\n  \"model\": [1]\n}\n";
    let (_, found) = run(input.as_bytes(), Format::Json, &Options::default());
    assert_eq!(codes(&found), [("wrong-type", 6, 12, "/model")]);
    assert_eq!(
        found[0].source_line, "",
        "source lines are copied only when asked"
    );
    let (_, found) = run(
        input.as_bytes(),
        Format::Json,
        &Options {
            source_lines: true,
            ..Options::default()
        },
    );
    assert_eq!(found[0].source_line, "  \"model\": [1]");
    let missing = "{\n  \"type\": \"completion\",\n  \"completion\": \"\",\n  \"stop_reason\": null,\n  \"model\": \"m\"\n}";
    let (_, found) = run(
        missing.as_bytes(),
        Format::Json,
        &Options {
            strict: true,
            ..Options::default()
        },
    );
    assert_eq!(
        codes(&found),
        [
            ("missing-field", 1, 1, "/id"),
            ("unknown-model", 5, 12, "/model")
        ]
    );
    assert_eq!(
        found[1].severity,
        Severity::Error,
        "--strict makes unknown models errors"
    );
}

#[test]
fn streams_get_the_verdict_their_events_imply() {
    let event = |text: &str, reason: &str, model: &str| {
        format!(
            "event: completion\ndata: {{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"{text}\",\"stop_reason\":{reason},\"model\":\"{model}\"}}\n\n"
        )
    };
    let overloaded = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    let cases: Vec<(String, bool, Vec<&str>)> = vec![
        (event("a", "null", "claude-2.1") + &event("", "\"stop_sequence\"", "claude-2.1"), true, vec![]),
        (event("a", "null", "claude-3-opus-20240229") + &event("", "\"stop_sequence\"", "claude-3-opus-20240229"), true, vec!["unserved-model"]),
        (event("a", "null", "claude-1.3-100k") + overloaded, true, vec!["stream-error-event"]),
        (event("a", "null", "claude-1.3-100k"), false, vec!["stream-no-final-event"]),
        (event("a", "\"max_tokens\"", "claude-1.3-100k") + &event("b", "null", "claude-1.3-100k"), false, vec!["stream-after-end"]),
        (event("a", "null", "claude-1.3-100k") + &event("b", "5", "claude-1.3-100k"), false, vec!["wrong-type", "stream-no-final-event"]),
        ("event: ping\ndata: {}\n\n".to_owned() + &event("a", "\"max_tokens\"", "claude-1.3-100k"), true, vec!["legacy-shape"]),
        ("event: ping\ndata: {\"type\": \"completion\"}\n\n".to_owned(), false, vec!["missing-field", "missing-field", "missing-field", "event-name-mismatch", "stream-no-final-event"]),
        ("data: {\"completion\": \"a\", \"stop_reason\": \"max_tokens\", \"model\": \"claude-v1\"}\n\ndata: [DONE]\n\n".to_owned(), true, vec!["legacy-shape"]),
        (String::new(), false, vec!["stream-no-final-event"]),
    ];
    for (input, valid, expected) in cases {
        let (summary, found) = run(input.as_bytes(), Format::EventStream, &Options::default());
        let found_codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(found_codes, expected, "{input}");
        assert_eq!(summary.valid == 1, valid, "{input}: {found:#?}");
    }
}

#[test]
fn a_stream_event_problem_is_located_in_the_file() {
    let input = "event: completion\r\ndata: {\"type\":\"completion\",\"completion\":\"\",\r\ndata: \"stop_reason\":\"max_tokens\",\"model\":false}\r\n\r\n";
    let (_, found) = run(
        input.as_bytes(),
        Format::EventStream,
        &Options {
            source_lines: true,
            ..Options::default()
        },
    );
    // The bad event is not folded, so the stream also lacks its final event.
    assert_eq!(
        codes(&found),
        [
            ("wrong-type", 3, 42, "/model"),
            ("stream-no-final-event", 1, 1, "")
        ]
    );
    assert_eq!(
        found[0].source_line,
        "data: \"stop_reason\":\"max_tokens\",\"model\":false}"
    );
}

/// A present `type` that names no kind (a number, `null`, an array, an object, `"message"`)
/// is an error at `/type`, as JSON Schema says: never a 2023-shape warning, never valid.
#[test]
fn a_wrong_type_is_an_error_at_type() {
    for tag in ["5", "null", "[]", "{}", "\"message\"", "\"Completion\""] {
        let record = format!(
            "{{\"type\":{tag},\"id\":\"x\",\"completion\":\"hi\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-2.1\"}}"
        );
        let (summary, found) = run(record.as_bytes(), Format::Json, &Options::default());
        assert_eq!(codes(&found), [("wrong-const", 1, 9, "/type")], "{record}");
        assert_eq!(summary.invalid, 1, "{record}");
        assert!(
            serde_json::from_str::<anthropic_completions::Completion>(&record).is_err(),
            "{record}"
        );
        let schema: serde_json::Value = anthropic_completions::json_schema().to_value();
        let completion =
            serde_json::json!({"$ref": "#/$defs/Completion", "$defs": schema["$defs"]});
        let value: serde_json::Value = serde_json::from_str(&record).unwrap();
        assert!(!jsonschema::is_valid(&completion, &value), "{record}");
        // The same with an error body's fields: an error body with a wrong `type`.
        let error =
            format!("{{\"type\":{tag},\"error\":{{\"type\":\"api_error\",\"message\":\"m\"}}}}");
        let (_, found) = run(error.as_bytes(), Format::Json, &Options::default());
        assert_eq!(codes(&found), [("wrong-const", 1, 9, "/type")], "{error}");
    }
    // A Messages API body is named as such.
    let message = r#"{"type":"message","id":"msg_1","role":"assistant","content":[],"model":"claude-3-opus-20240229","stop_reason":"end_turn"}"#;
    let (_, found) = run(message.as_bytes(), Format::Json, &Options::default());
    assert_eq!(codes(&found), [("unknown-kind", 1, 9, "/type")]);
    assert!(
        found[0].message.contains("Messages API"),
        "{}",
        found[0].message
    );
}

/// `stop` and `log_id` are sent by the API but declared by no contract (`x-undocumented`): a
/// value of another type there is a warning, not an invalid record (an error when strict).
#[test]
fn a_wrong_type_in_an_undocumented_field_is_a_warning() {
    let record = r#"{"type":"completion","id":"x","completion":"hi","stop_reason":"max_tokens","model":"claude-2.1","stop":1,"log_id":null}"#;
    let (summary, found) = run(record.as_bytes(), Format::Json, &Options::default());
    assert_eq!((summary.valid, summary.warnings), (1, 2));
    assert_eq!(
        codes(&found),
        [
            ("wrong-type", 1, 104, "/stop"),
            ("wrong-type", 1, 115, "/log_id")
        ]
    );
    assert!(found.iter().all(|d| d.severity == Severity::Warning));
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::Json, &strict);
    assert_eq!((summary.invalid, summary.errors), (1, 2));
    assert!(found.iter().all(|d| d.severity == Severity::Error));
    // A documented field is judged as before.
    let (summary, _) = run(
        record.replace("\"stop\":1", "\"id\":1").as_bytes(),
        Format::Json,
        &Options::default(),
    );
    assert_eq!(summary.invalid, 1);
}

/// An integer is what JSON Schema says: `1.0` and `5e2` are integers; beyond i64 is refused
/// (the schemas say so with `maximum`), as by the types and both schemas
/// (`tests/three_judges/`).
#[test]
fn integers_are_what_json_schema_counts() {
    let request = |tokens: &str| {
        format!(
            "{{\"model\":\"claude-2.1\",\"prompt\":\"\\n\\nHuman: a\\n\\nAssistant:\",\"max_tokens_to_sample\":{tokens}}}"
        )
    };
    for (tokens, valid) in [
        ("1.0", true),
        ("5e2", true),
        ("9223372036854775807", true),
        ("9223372036854775808", false),
        ("1e19", false),
        ("1.5", false),
        ("0.0", false),
    ] {
        let text = request(tokens);
        let (summary, found) = run(text.as_bytes(), Format::Json, &Options::default());
        assert_eq!(summary.valid == 1, valid, "{tokens}: {found:#?}");
        let typed = serde_json::from_str::<anthropic_completions::CompletionRequest>(&text)
            .is_ok_and(|r| r.validate().is_ok());
        assert_eq!(typed, valid, "{tokens}: the types");
    }
}
