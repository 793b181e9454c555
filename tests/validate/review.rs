//! The findings of an independent review, each a test.

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
    let stream =
        format!("event: completion\n{data_lines}\nevent: ping\ndata: {{\"type\":\"ping\"}}\n\n");
    let options = Options {
        max_record: 64 * 1024,
        ..Options::default()
    };
    let (_, found) = run(stream.as_bytes(), Format::EventStream, &options);
    assert_eq!(codes(&found)[0], ("record-too-large", 1, 1, ""));
}

#[test]
fn columns_count_a_dropped_bom() {
    let record = "\u{feff}{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":5}}";
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
