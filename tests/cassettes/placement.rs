//! Diagnostics are placed in the cassette: at the value itself, its body or its entry.

use super::*;
use anthropic_completions::validate::Part;

#[test]
fn a_double_quoted_stream_body_places_the_value_itself() {
    // The last event of the real stream, its `stop` made a number: a warning (an
    // undocumented key of another type), placed at the `5` in the cassette.
    let from = r#"\"stop\":\"\\n\\nHuman:\""#;
    let bytes = mutated(ARIZE_STREAM, from, r#"\"stop\":5"#);
    let (_, found) = check(ARIZE_STREAM, &bytes);
    let wrong = found
        .iter()
        .find(|d| d.pointer == "/stop")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(wrong.part, Some(Part::Response));
    let (line, column) = place_of(&bytes, r#"5,\"log_id"#);
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
}

#[test]
fn a_verbatim_body_places_the_value_itself() {
    // httprr: the body is stored as sent (the mutation keeps the recorded lengths).
    let same_length = format!("\"stop_reason\":{:<15}", 5);
    let trace = mutated(HTTPRR, r#""stop_reason":"stop_sequence""#, &same_length);
    let (_, found) = check(HTTPRR, &trace);
    let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
    let (line, column) = place_of(&trace, r#"5    "#);
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
    assert_eq!(
        (wrong.part, wrong.pointer.as_str()),
        (Some(Part::Response), "/stop_reason")
    );

    // HAR: the body is a JSON string; the place is found through its escapes.
    let har = mutated(
        HAR,
        r#"\"stop_reason\":\"stop_sequence\""#,
        r#"\"stop_reason\":7"#,
    );
    let (_, found) = check(HAR, &har);
    let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
    let (line, column) = place_of(&har, r#"7,\"model"#);
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
}

#[test]
fn a_compressed_body_places_its_start() {
    // The gzip body names claude-instant-1.2, retired on 2024-11-06: recorded a year later
    // (by its Date header), the model is reported at the body, which only has a start.
    let late = mutated(
        VCRPY_GZIP,
        "Sun, 07 Apr 2024 07:29:54 GMT",
        "Mon, 07 Apr 2025 07:29:54 GMT",
    );
    // Unfolded: the response's warning repeats the request's (same model, same pointer).
    let options = Options {
        fold_repeats: false,
        ..Options::default()
    };
    let mut found = Vec::new();
    validate_cassette(late.as_slice(), CassetteFormat::Vcr, &options, |d| {
        found.push(d)
    });
    let retired = found
        .iter()
        .find(|d| d.code == Code::RetiredModel && d.part == Some(Part::Response))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(retired.pointer, "/model");
    // The scalar starts at its tag.
    let (line, column) = place_of(&late, "!!binary |");
    assert_eq!(
        (retired.position.line, retired.position.column),
        (line, column),
        "{retired:#?}"
    );
}

#[test]
fn an_unreadable_cassette_is_one_located_error() {
    let broken = mutated(RUDALL_2023, "  response:\n", "  response: [\n");
    let (summary, found) = check(RUDALL_2023, &broken);
    assert_eq!(codes(&found), [(Code::UnreadableCassette, Severity::Error)]);
    assert_eq!((summary.records, summary.invalid), (1, 1));
    assert!(found[0].position.line > 1, "{found:#?}");
    let (_, found) = check_as(b"{\"log\": {}}", CassetteFormat::Har);
    assert!(found[0].message.contains("entries"), "{found:#?}");
}

#[test]
fn a_body_not_recorded_is_a_warning_at_its_entry() {
    let har: serde_json::Value = serde_json::from_slice(&real(HAR)).unwrap();
    let mut cut = har.clone();
    cut["log"]["entries"][0]["response"]["content"]
        .as_object_mut()
        .unwrap()
        .remove("text");
    let bytes = serde_json::to_vec_pretty(&cut).unwrap();
    let (summary, found) = check_as(&bytes, CassetteFormat::Har);
    let missing = found
        .iter()
        .find(|d| d.code == Code::BodyNotRecorded)
        .unwrap();
    assert_eq!(
        (missing.severity, missing.part),
        (Severity::Warning, Some(Part::Response))
    );
    assert_eq!(summary.invalid, 0);
    // Placed at the entry, not at the top of the file.
    let (line, _) = place_of(&bytes, r#""_id""#);
    assert_eq!(missing.position.line, line - 1, "{missing:#?}");
}

#[test]
fn a_broken_entry_does_not_hide_the_next() {
    let har: serde_json::Value = serde_json::from_slice(&real(HAR)).unwrap();
    let mut two = har.clone();
    let entry = har["log"]["entries"][0].clone();
    let mut broken = entry.clone();
    broken["request"]["headers"] = "not a list".into();
    two["log"]["entries"] = serde_json::json!([broken, entry]);
    let bytes = serde_json::to_vec_pretty(&two).unwrap();
    let (summary, found) = check_as(&bytes, CassetteFormat::Har);
    assert_eq!(summary.interactions, 1, "{found:#?}");
    let broken = found
        .iter()
        .find(|d| d.code == Code::UnreadableCassette)
        .unwrap();
    assert!(
        !broken.message.contains("line 1 column"),
        "{}",
        broken.message
    );
    assert_eq!((broken.interaction, broken.part), (Some(1), None));
    // The good entry after it keeps its own number.
    assert!(
        found
            .iter()
            .filter(|d| d.code != Code::UnreadableCassette)
            .all(|d| d.interaction == Some(2)),
        "{found:#?}"
    );
    // A YAML interaction of the wrong shape is numbered too, and the next one is read.
    let text = String::from_utf8(real(ARIZE)).unwrap();
    let item = &text["interactions:\n".len()..text.find("version: 1").unwrap()];
    let bad = item.replacen("  response:", "  answer:", 1);
    let wrong_type = item.replace(
        r#""max_tokens_to_sample": 1000"#,
        r#""max_tokens_to_sample": "x""#,
    );
    assert_ne!(wrong_type, item);
    let yaml = format!("interactions:\n{item}{bad}{wrong_type}version: 1\n");
    let (summary, found) = check_as(yaml.as_bytes(), CassetteFormat::Vcr);
    let broken = found
        .iter()
        .find(|d| d.code == Code::UnreadableCassette)
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(broken.interaction, Some(2));
    let wrong = found
        .iter()
        .find(|d| d.code == Code::WrongType)
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(wrong.interaction, Some(3));
    assert_eq!(summary.interactions, 2);
}

#[test]
fn bytes_past_ascii_in_another_call_s_headers_hide_nothing() {
    // httprr: a GET elsewhere with a Latin-1 header value, then a call of this endpoint.
    let other = b"GET https://example.com/ HTTP/1.1\r\nX-Name: caf\xe9\r\n\r\n".to_vec();
    let other_response = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
    let mut bytes = format!(
        "httprr trace v1\n{} {}\n",
        other.len(),
        other_response.len()
    )
    .into_bytes();
    bytes.extend(other);
    bytes.extend(other_response);
    let body =
        r#"{"type":"completion","id":"c","completion":5,"stop_reason":null,"model":"claude-2.1"}"#;
    let ours = trace(
        &[],
        COMPLETE_REQUEST,
        200,
        &[("Content-Type", "application/json")],
        body,
    );
    bytes.extend_from_slice(&ours["httprr trace v1\n".len()..]);
    let (summary, found) = check_as(&bytes, CassetteFormat::Httprr);
    assert_eq!(
        (summary.skipped, summary.interactions),
        (1, 1),
        "{found:#?}"
    );
    let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
    assert_eq!(wrong.interaction, Some(2));
}

#[test]
fn a_marker_after_non_ascii_text_is_placed_by_bytes() {
    // A flow mapping on one line: the body starts after non-ASCII text.
    let yaml = "interactions:\n- {x: \"日本語 🙂\", request: {method: POST, uri: /v1/complete, body: '{\"model\":5}'}, response: {status: {code: 200}}}\n";
    let (_, found) = check_as(yaml.as_bytes(), CassetteFormat::Vcr);
    let wrong = found
        .iter()
        .find(|d| d.code == Code::WrongType)
        .unwrap_or_else(|| panic!("{found:#?}"));
    let (line, column) = place_of(yaml.as_bytes(), "5}'");
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
}

#[test]
fn a_cassette_past_the_record_limit_is_not_read() {
    let options = Options {
        max_record: 100,
        ..Options::default()
    };
    let mut found = Vec::new();
    let summary = validate_cassette(real(HAR).as_slice(), CassetteFormat::Har, &options, |d| {
        found.push(d)
    });
    assert_eq!(codes(&found), [(Code::RecordTooLarge, Severity::Error)]);
    assert_eq!((summary.invalid, summary.io_errors), (1, 0));
}
