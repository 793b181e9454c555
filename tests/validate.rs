//! The validator: every recorded file gets the verdict its kind implies, bad records are
//! reported at the offending value's line, column and pointer, and hostile input is a
//! diagnostic, never a panic.

#![cfg(feature = "validate")]

use std::path::{Path, PathBuf};

use anthropic_completions::validate::{
    Diagnostic, Format, Kind, Options, Severity, Summary, validate,
};

fn run(input: &[u8], format: Format, options: &Options) -> (Summary, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let summary = validate(input, format, options, |d| found.push(d));
    (summary, found)
}

fn data(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

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

fn codes(found: &[Diagnostic]) -> Vec<(&'static str, usize, usize, &str)> {
    found
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.position.line,
                d.position.column,
                d.pointer.as_str(),
            )
        })
        .collect()
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

/// Hostile input: each gives a located diagnostic, in bounded memory, without a panic.
#[test]
fn hostile_inputs() {
    let opts = Options::default();
    let first = |bytes: &[u8], format| {
        run(bytes, format, &opts)
            .1
            .into_iter()
            .next()
            .expect("a diagnostic")
    };

    let d = first(
        b"{\"type\":\"completion\",\"id\":\"\xff\"}\n",
        Format::JsonLines,
    );
    assert_eq!(
        (d.code.as_str(), d.position.line, d.position.column),
        ("invalid-utf8", 1, 28)
    );
    let d = first(b"\xEF\xBB\xBF{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-1.3-100k\"}", Format::Json);
    assert_eq!((d.code.as_str(), d.severity), ("bom", Severity::Warning));
    let d = first(b"{\"type\":\"completion\",\"id\":", Format::Json);
    assert_eq!(
        (d.code.as_str(), d.position.line, d.position.column),
        ("invalid-json", 1, 26)
    );
    let d = first(&b"[".repeat(100_000), Format::Json);
    assert_eq!((d.code.as_str(), d.position.line), ("invalid-json", 1));
    assert!(d.message.contains("recursion limit"), "{}", d.message);
    let d = first(b"{\"model\":\"claude-1.3-100k\",\"prompt\":\"\\n\\nHuman: a\\n\\nAssistant:\",\"max_tokens_to_sample\":123456789012345678901234567890}", Format::Json);
    assert_eq!(
        (d.code.as_str(), d.position.column, d.pointer.as_str()),
        ("wrong-type", 89, "/max_tokens_to_sample")
    );
    let d = first(b"{\"completion\": 1e999}", Format::Json);
    assert_eq!((d.code.as_str(), d.position.line), ("invalid-json", 1));
    let d = first(b"{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"a\"},\"type\":\"error\"}", Format::Json);
    assert_eq!(
        (d.code.as_str(), d.position.column, d.pointer.as_str()),
        ("duplicate-key", 60, "/type")
    );
    for format in [Format::Json, Format::JsonLines] {
        assert_eq!(first(b"", format).code, "empty-input");
        assert_eq!(first(b" \n ", format).code, "empty-input");
    }
    // A stream without an event has no final event, whatever it holds (a level can make
    // that a warning, as a recorder may keep a body it never received).
    for input in [&b""[..], b"\n\n", b"hello\n", b": keep-alive\n\n"] {
        assert_eq!(
            first(input, Format::EventStream).code,
            "stream-no-final-event"
        );
    }
}

#[test]
fn a_huge_line_is_skipped_in_bounded_memory_and_reading_goes_on() {
    let huge = std::io::repeat(b'x').take(100 << 20);
    let rest =
        &b"\n{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"a\"}}\n"[..];
    let input = std::io::BufReader::new(std::io::Read::chain(huge, rest));
    let options = Options {
        max_record: 1 << 20,
        ..Options::default()
    };
    let mut found = Vec::new();
    let summary = validate(input, Format::JsonLines, &options, |d| found.push(d));
    assert_eq!(codes(&found), [("record-too-large", 1, 1, "")]);
    assert_eq!((summary.records, summary.valid, summary.invalid), (2, 1, 1));

    let mut document = b"{\"a\": \"".to_vec();
    document.resize(2 << 20, b'x');
    let (summary, found) = run(&document, Format::Json, &options);
    assert_eq!(
        (found[0].code.as_str(), summary.invalid),
        ("record-too-large", 1)
    );
}

use std::io::Read as _;

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            for format in [Format::Json, Format::JsonLines, Format::EventStream] {
                for kind in [Kind::Auto, Kind::Request, Kind::Stream] {
                    let options = Options { kind, ..Options::default() };
                    let (summary, found) = run(&bytes, format, &options);
                    prop_assert!(summary.invalid as usize <= found.len().max(1));
                    for d in &found {
                        prop_assert!(d.position.line >= 1 && d.position.column >= 1, "{d:?}");
                    }
                }
            }
            let _ = anthropic_completions::stream::fold(bytes.as_slice());
            let _ = anthropic_completions::stream::sse::SseReader::new(bytes.as_slice()).count();
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = anthropic_completions::prompt::check_prompt(text);
            }
        }

        #[test]
        fn json_shaped_text(text in r#"[{}\[\]",:0-9a-z_ \n\\-]{0,200}"#) {
            for format in [Format::Json, Format::JsonLines, Format::EventStream] {
                let (_, found) = run(text.as_bytes(), format, &Options::default());
                for d in &found {
                    prop_assert!(d.position.line >= 1 && d.position.column >= 1, "{d:?}");
                }
            }
        }
    }
}

/// The findings of an independent review, each a test.
mod review {
    use super::*;

    #[test]
    fn a_record_with_ten_thousand_undeclared_keys_is_placed_in_one_pass() {
        // A walk keeps 10,000 problems one by one (`KEPT_PER_WALK`); all of them are placed.
        let keys: String = (0..10_000).map(|i| format!(",\"k{i}\":{i}")).collect();
        let record = format!(
            "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-1.3-100k\"{keys}}}"
        );
        // Every one placed (folding would say most of them with a count).
        let each = Options {
            fold_repeats: false,
            max_per_record: usize::MAX,
            ..Options::default()
        };
        let (summary, found) = run(record.as_bytes(), Format::Json, &each);
        assert_eq!((summary.valid, found.len()), (1, 10_000));
        let last = found.last().unwrap();
        assert_eq!(
            (last.pointer.as_str(), last.position.column),
            ("/k9999", record.rfind("9999}").unwrap() + 1)
        );
    }

    #[test]
    fn repeated_keys_inside_undeclared_values_and_stream_events_are_errors() {
        let record = r#"{"type":"completion","id":"c","completion":"","stop_reason":null,"model":"claude-1.3-100k","x":{"a":1,"a":2}}"#;
        let (summary, found) = run(record.as_bytes(), Format::Json, &Options::default());
        assert_eq!(summary.invalid, 1);
        assert!(
            found
                .iter()
                .any(|d| (d.code.as_str(), d.pointer.as_str()) == ("duplicate-key", "/x/a")),
            "{found:#?}"
        );
        let stream = "event: completion\ndata: {\"type\":\"completion\",\"completion\":\"a\",\"completion\":\"b\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-1.3-100k\"}\n\n";
        let (summary, found) = run(stream.as_bytes(), Format::EventStream, &Options::default());
        assert_eq!(summary.invalid, 1);
        assert_eq!(codes(&found)[0], ("duplicate-key", 2, 45, "/completion"));
    }

    #[test]
    fn ping_data_is_checked_and_validation_agrees_with_fold() {
        let (_, found) = run(
            b"event: ping\ndata: 5\n\n",
            Format::EventStream,
            &Options::default(),
        );
        assert!(found.iter().any(|d| d.code == "wrong-type"), "{found:#?}");
        let typed_then_untyped_ping = "event: completion\ndata: {\"type\":\"completion\",\"completion\":\"a\",\"stop_reason\":null,\"model\":\"claude-1.3-100k\"}\n\n\
            event: ping\ndata: {}\n\n\
            event: completion\ndata: {\"type\":\"completion\",\"completion\":\"\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-1.3-100k\"}\n\n";
        let (summary, _) = run(
            typed_then_untyped_ping.as_bytes(),
            Format::EventStream,
            &Options::default(),
        );
        assert_eq!(summary.valid, 1);
        assert_eq!(
            anthropic_completions::stream::fold(typed_then_untyped_ping.as_bytes())
                .unwrap()
                .completion,
            "a"
        );
    }

    #[test]
    fn after_a_changed_id_later_events_are_not_called_after_the_end() {
        let event = |id: &str, reason: &str| {
            format!(
                "event: completion\ndata: {{\"type\":\"completion\",\"id\":\"{id}\",\"completion\":\"a\",\"stop_reason\":{reason},\"model\":\"claude-1.3-100k\"}}\n\n"
            )
        };
        let stream = event("c1", "null")
            + &event("c2", "null")
            + &event("c2", "null")
            + &event("c2", "\"max_tokens\"");
        let (_, found) = run(stream.as_bytes(), Format::EventStream, &Options::default());
        let found_codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(found_codes, ["stream-id-changed"]);
    }

    #[test]
    fn one_event_cannot_hold_more_than_the_limit() {
        let data_lines = "data: x\n".repeat(100_000);
        let stream = format!(
            "event: completion\n{data_lines}\nevent: ping\ndata: {{\"type\":\"ping\"}}\n\n"
        );
        let options = Options {
            max_record: 64 * 1024,
            ..Options::default()
        };
        let (_, found) = run(stream.as_bytes(), Format::EventStream, &options);
        assert_eq!(codes(&found)[0], ("record-too-large", 1, 1, ""));
    }

    #[test]
    fn columns_count_a_dropped_bom() {
        let record =
            "\u{feff}{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":5}}";
        for format in [Format::Json, Format::JsonLines] {
            let (_, found) = run(record.as_bytes(), format, &Options::default());
            let wrong = found.iter().find(|d| d.code == "wrong-type").unwrap();
            assert_eq!(
                wrong.position.column,
                record.find('5').unwrap() + 1,
                "{format:?}"
            );
        }
    }

    #[test]
    fn only_json_whitespace_is_blank() {
        let (_, found) = run(
            "{}\n\u{a0}\n".as_bytes(),
            Format::JsonLines,
            &Options::default(),
        );
        assert!(
            found
                .iter()
                .any(|d| (d.code.as_str(), d.position.line) == ("invalid-json", 2)),
            "{found:#?}"
        );
        let (_, found) = run("\u{a0}".as_bytes(), Format::Json, &Options::default());
        assert_eq!(found[0].code, "invalid-json");
    }
}

/// A warning that repeats is said once and counted; one that does not is never lost, however
/// many different ones there are (the count is kept for a bounded number of them).
#[test]
fn repeated_warnings_are_said_once_with_a_count() {
    let record = |model: &str| {
        format!(
            "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"{model}\"}}\n"
        )
    };
    let same: String = (0..500).map(|_| record("claude-next")).collect();
    let (summary, found) = run(same.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!(summary.warnings, 500);
    let said: Vec<(usize, &str)> = found
        .iter()
        .map(|d| (d.position.line, d.message.as_str()))
        .collect();
    assert_eq!(said.len(), 2, "{said:#?}");
    assert_eq!(said[0].0, 1);
    assert!(
        said[1]
            .1
            .starts_with("499 more times in this input after line 1: "),
        "{}",
        said[1].1
    );
    let distinct: String = (0..3000)
        .map(|i| record(&format!("claude-next-{i}")))
        .collect();
    let (summary, found) = run(distinct.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!((summary.warnings, found.len()), (3000, 3000));
    // Errors are each located, never folded.
    let bad: String = (0..50)
        .map(|_| record("claude-2.1").replace("null", "5"))
        .collect();
    let (summary, found) = run(bad.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!((summary.errors, found.len()), (50, 50));
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
/// (the schemas say so with `maximum`), as by the types and both schemas (`three_judges.rs`).
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

/// Stats count per record: a stream is one record, so its model and its stop reason (its last)
/// count once however many events carry them; a value of the wrong type is never `null`.
#[test]
fn stats_count_each_record_once() {
    use anthropic_completions::validate::Stats;
    let mut stats = Stats::default();
    for path in data("stream") {
        let bytes = std::fs::read(&path).unwrap();
        let events = String::from_utf8_lossy(&bytes).matches("data:").count();
        assert!(events > 2, "{}", path.display());
        stats.add(bytes.as_slice(), Format::EventStream, 1 << 20);
    }
    let streams = data("stream").len() as u64;
    assert_eq!(stats.kinds["stream"], streams);
    assert_eq!(
        stats.models.values().sum::<u64>(),
        streams,
        "{:?}",
        stats.models
    );
    assert_eq!(
        stats.stop_reasons.values().sum::<u64>(),
        streams,
        "{:?}",
        stats.stop_reasons
    );
    assert!(
        !stats.stop_reasons.contains_key("null"),
        "{:?}",
        stats.stop_reasons
    );
    let mut stats = Stats::default();
    let records = concat!(
        "{\"type\":\"completion\",\"id\":\"a\",\"completion\":\"\",\"stop_reason\":5,\"model\":\"claude-2.1\"}\n",
        "{\"type\":\"completion\",\"id\":\"b\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n",
    );
    stats.add(records.as_bytes(), Format::JsonLines, 1 << 20);
    assert_eq!(stats.models["claude-2.1"], 2);
    assert_eq!(
        stats.stop_reasons.get("null"),
        Some(&1),
        "{:?}",
        stats.stop_reasons
    );
}

/// Levels decide validity: a denied warning makes its record invalid, an allowed error does
/// not count; a cap on diagnostics counts the rest.
#[test]
fn levels_and_the_cap_decide_what_is_reported_and_valid() {
    use anthropic_completions::validate::{Code, Level};
    let input = concat!(
        "{\"type\":\"completion\",\"id\":\"a\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-next\"}\n",
        "{\"type\":\"completion\",\"id\":7,\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n",
    );
    let with = |levels: &[(Code, Level)], max: Option<u64>| {
        let options = Options {
            levels: levels.iter().copied().collect(),
            max_diagnostics: max,
            ..Options::default()
        };
        run(input.as_bytes(), Format::JsonLines, &options)
    };
    let (summary, _) = with(&[], None);
    assert_eq!((summary.valid, summary.invalid), (1, 1));
    let (summary, found) = with(
        &[
            (Code::UnknownModel, Level::Deny),
            (Code::WrongType, Level::Allow),
        ],
        None,
    );
    assert_eq!((summary.valid, summary.invalid, summary.allowed), (1, 1, 1));
    let column = input.find("\"claude-next\"").unwrap() + 1;
    assert_eq!(codes(&found), [("unknown-model", 1, column, "/model")]);
    assert_eq!(found[0].severity, Severity::Error);
    let (summary, found) = with(&[(Code::WrongType, Level::Warn)], Some(1));
    assert_eq!(
        (summary.valid, summary.invalid, summary.unreported),
        (2, 0, 1)
    );
    assert_eq!(found.len(), 1);
}

/// A request whose `stop_sequences` holds the numbers 0 to `n - 1`: `n` wrong-type errors.
fn request_with_numbers(n: usize) -> String {
    let numbers: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!(
        "{{\"model\":\"claude-2.1\",\"prompt\":\"\\n\\nHuman: a\\n\\nAssistant:\",\"max_tokens_to_sample\":1,\"stop_sequences\":[{}]}}",
        numbers.join(",")
    )
}

/// One record with more problems than are placed one by one: the first 1,000 are, the rest
/// are one `more-problems` diagnostic with their count; source lines are windows, not copies
/// of a line of hundreds of kilobytes. The same for one event of a stream.
#[test]
fn a_record_with_a_hundred_thousand_problems_is_bounded() {
    let record = request_with_numbers(100_000);
    let options = Options {
        source_lines: true,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::Json, &options);
    assert_eq!(summary.invalid, 1);
    assert_eq!(found.len(), 1001);
    let more = found
        .iter()
        .find(|d| d.code == anthropic_completions::validate::Code::MoreProblems)
        .unwrap();
    assert_eq!(more.repeats, 99_000);
    assert!(
        found.iter().all(|d| d.source_line.len() <= 400),
        "windows, not lines"
    );
    let last = found
        .iter()
        .rfind(|d| d.pointer.as_str().starts_with("/stop_sequences/"))
        .unwrap();
    assert_eq!(last.pointer.as_str(), "/stop_sequences/999");
    assert_eq!(
        &last.source_line[last.source_column - 1..][..3],
        "999",
        "the caret's column is in the window"
    );
    let keys: String = (0..160_000).map(|k| format!(",\"k{k}\":1")).collect();
    let event = format!(
        "event: completion\ndata: {{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-2.1\"{keys}}}\n\n"
    );
    let (summary, found) = run(event.as_bytes(), Format::EventStream, &options);
    assert_eq!(summary.valid, 1);
    assert!(found.len() <= 1002, "{}", found.len());
    assert!(found.iter().all(|d| d.source_line.len() <= 400));
}

/// From the second review: repeated keys take places too; levels apply before the cap; codes
/// that say a record is unread cannot be allowed.
#[test]
fn the_cap_counts_repeated_keys_and_follows_the_levels() {
    use anthropic_completions::validate::{Code, Level};
    let repeats: String = (0..5_000).map(|_| ",\"k\":1").collect();
    let record = format!(
        "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-2.1\"{repeats}}}"
    );
    let options = Options {
        source_lines: true,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::JsonLines, &options);
    assert_eq!(summary.invalid, 1);
    assert!(found.len() <= 1001, "{}", found.len());
    let more = found.iter().find(|d| d.code == Code::MoreProblems).unwrap();
    assert_eq!(more.severity, Severity::Error);
    let stood_for: u64 = found
        .iter()
        .map(|d| d.repeats + u64::from(d.code != Code::MoreProblems))
        .sum();
    assert_eq!(
        stood_for,
        5_000 - 1 + 1,
        "each repeat and the undeclared key once"
    );
    // An unlisted model after a thousand undeclared keys, denied: the record is invalid.
    let keys: String = (0..1_000).map(|k| format!(",\"x{k}\":1")).collect();
    let late = format!(
        "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null{keys},\"model\":\"claude-nope\"}}"
    );
    let deny = Options {
        levels: [(Code::UnknownModel, Level::Deny)].into_iter().collect(),
        ..Options::default()
    };
    let (summary, _) = run(late.as_bytes(), Format::Json, &deny);
    assert_eq!(summary.invalid, 1);
    // Allowed problems take no place and are counted.
    let allow = Options {
        levels: [(Code::UnknownField, Level::Allow)].into_iter().collect(),
        ..Options::default()
    };
    let (summary, found) = run(late.as_bytes(), Format::Json, &allow);
    assert_eq!((summary.allowed, found.len()), (1_000, 1));
    // Not JSON stays invalid whatever the levels say.
    let unread = Options {
        levels: [(Code::InvalidJson, Level::Allow)].into_iter().collect(),
        ..Options::default()
    };
    let (summary, _) = run(b"not json\n", Format::JsonLines, &unread);
    assert_eq!(summary.invalid, 1);
}

/// The walk itself keeps at most 10,000 problems one by one, and one of each kind past that
/// with its count: a record of any size costs bounded memory, and every problem is counted.
#[test]
fn the_walk_counts_what_it_does_not_keep() {
    let record = request_with_numbers(50_000);
    let all = Options {
        max_per_record: usize::MAX,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::Json, &all);
    assert_eq!(summary.invalid, 1);
    assert!(found.len() <= 10_002, "{}", found.len());
    let stood_for: u64 = found.iter().map(|d| 1 + d.repeats).sum::<u64>()
        - u64::from(
            found
                .iter()
                .any(|d| d.code == anthropic_completions::validate::Code::MoreProblems),
        );
    assert_eq!(stood_for, 50_000);
}

/// JSON Lines checked on several threads report what one thread reports, in the same order:
/// across blocks, with blank lines, bytes that are not UTF-8, a record too long, and
/// warnings that repeat (folded across the blocks).
#[test]
fn any_number_of_threads_gives_the_same_report() {
    let mut input = Vec::new();
    for i in 0..20_000u32 {
        let line = match i % 7 {
            0 => format!(
                r#"{{"type":"completion","id":"c{i}","completion":"x","stop_reason":null,"model":"claude-next-{}"}}"#,
                i % 3
            ),
            1 => format!(
                r#"{{"type":"completion","id":{i},"completion":"x","stop_reason":"stop_sequence","model":"claude-2.1"}}"#
            ),
            2 => String::new(),
            3 if i % 1000 == 3 => "{\"type\":\"completion\",\"id\":\"\u{1}\"".to_owned(),
            4 if i % 997 == 4 => "x".repeat(300),
            _ => format!(
                r#"{{"type":"completion","id":"c{i}","completion":" text {i}","stop_reason":"max_tokens","model":"claude-instant-1.2"}}"#
            ),
        };
        input.extend_from_slice(line.as_bytes());
        if i % 5_000 == 10 {
            input.extend_from_slice(b"\xff\xfe");
        }
        input.push(b'\n');
    }
    let run = |jobs: usize| {
        let options = Options {
            jobs,
            max_record: 256,
            ..Options::default()
        };
        let mut found = Vec::new();
        let summary = validate(input.as_slice(), Format::JsonLines, &options, |d| {
            found.push(d)
        });
        (summary, found)
    };
    let (one, found) = run(1);
    assert!(
        one.records > 17_000 && one.invalid > 2_000 && one.warnings > 2_000,
        "{one:?}"
    );
    assert!(found.iter().any(|d| d.repeats > 100), "repeats are folded");
    for jobs in [2, 3, 8] {
        assert_eq!(run(jobs), (one, found.clone()), "jobs {jobs}");
    }
}

/// With the folding table full (1,024 different warnings), a record whose new warning makes
/// room by forgetting an old one sees its repeat of that one reported again, as when each
/// warning is placed before it is folded.
#[test]
fn a_repeat_forgotten_to_make_room_is_reported_again() {
    let mut input = String::new();
    for i in 0..1024 {
        input.push_str(&format!(r#"{{"type":"completion","id":"c","completion":"x","stop_reason":"stop_sequence","model":"claude-zz-{i}","stop":null}}"#));
        input.push('\n');
    }
    input.push_str(r#"{"type":"completion","zzz":1,"id":"c","completion":"x","stop_reason":"stop_sequence","model":"claude-zz-0","stop":null}"#);
    input.push('\n');
    let mut found = Vec::new();
    validate(
        input.as_bytes(),
        Format::JsonLines,
        &Options::default(),
        |d| found.push(d),
    );
    assert!(
        found.iter().any(
            |d| d.code == anthropic_completions::validate::Code::UnknownModel
                && d.position.line == 1025
        ),
        "{:?}",
        found
            .iter()
            .filter(|d| d.position.line > 1020)
            .collect::<Vec<_>>()
    );
}

#[test]
fn warnings_first_met_at_one_position_are_tallied_in_one_order() {
    // Every record lacks three fields: with missing fields made warnings, each repeats, and
    // all three are first met at line 1, column 1.
    let input = "{\"type\":\"completion\",\"id\":\"a\"}\n".repeat(20);
    let options = Options {
        levels: [(
            anthropic_completions::validate::Code::MissingField,
            anthropic_completions::validate::Level::Warn,
        )]
        .into_iter()
        .collect(),
        ..Options::default()
    };
    let runs: Vec<Vec<String>> = (0..8)
        .map(|_| {
            let (_, found) = run(input.as_bytes(), Format::JsonLines, &options);
            found.iter().map(|d| d.message.clone()).collect()
        })
        .collect();
    assert!(runs[0].len() >= 3, "{:?}", runs[0]);
    assert!(runs.iter().all(|run| *run == runs[0]), "{runs:#?}");
}
