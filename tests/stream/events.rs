//! Broken streams fail with located errors: bad JSON, error events, cut short, disagreeing.

use anthropic_completions::stream::{ErrorKind, Payload, StreamReader, fold};
use anthropic_completions::{ErrorType, StreamEvent};

use super::event;

#[test]
fn malformed_json_is_located_in_the_input() {
    let input = "event: completion\ndata: {\"type\":\"completion\",\ndata:  \"completion\": 5}\n\n";
    let error = StreamReader::new(input.as_bytes())
        .next()
        .unwrap()
        .unwrap_err();
    // Data line 2 is input line 3, whose value starts at column 7; serde_json points at the
    // value's column 16 there.
    assert_eq!(
        (error.position.line, error.position.column),
        (3, 22),
        "{error}"
    );
    assert!(
        matches!(&error.kind, ErrorKind::InvalidData(m) if m.starts_with("field `completion`: invalid type: integer")),
        "{error}"
    );
    let error = StreamReader::new("data: {\"type\": \n\n".as_bytes())
        .next()
        .unwrap()
        .unwrap_err();
    assert!(matches!(error.kind, ErrorKind::InvalidData(_)), "{error}");
    assert_eq!(error.position.line, 1);
}

#[test]
fn an_unknown_event_type_is_kept_and_skipped() {
    let body = format!(
        "{}event: thinking\ndata: {{\"type\": \"thinking\", \"x\": 1}}\n\n{}",
        event("a", None),
        event("b", Some("max_tokens"))
    );
    let events: Vec<_> = StreamReader::new(body.as_bytes())
        .map(|e| e.unwrap())
        .collect();
    let Payload::Event(StreamEvent::Other(map)) = &events[1].payload else {
        panic!("{:?}", events[1])
    };
    assert_eq!(map["x"], 1);
    assert_eq!(fold(body.as_bytes()).unwrap().completion, "ab");
}

#[test]
fn an_error_mid_stream_is_reported_with_its_type() {
    let error =
        r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#;
    let body = format!("{}event: error\ndata: {error}\n\n", event("a", None));
    let failure = fold(body.as_bytes()).unwrap_err();
    let ErrorKind::ErrorEvent(object) = &failure.kind else {
        panic!("{failure}")
    };
    assert_eq!(
        (
            object.error.r#type.clone(),
            object.error.r#type.http_status()
        ),
        (ErrorType::OverloadedError, Some(529))
    );
    assert_eq!(failure.position.line, 4);
    // The docs' example omits the top-level type.
    let body = format!(
        "{}event: error\ndata: {{\"error\": {{\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}}}\n\n",
        event("a", None)
    );
    assert!(matches!(
        fold(body.as_bytes()).unwrap_err().kind,
        ErrorKind::ErrorEvent(_)
    ));
}

#[test]
fn a_truncated_stream_has_no_final_event() {
    let body = format!("{}{}", event("a", None), event("b", None));
    let failure = fold(body.as_bytes()).unwrap_err();
    assert_eq!(
        (failure.kind, failure.position.line),
        (ErrorKind::NoFinalEvent, 4)
    );
    // An empty input and a JSON body are not streams cut short: each says what it is.
    assert_eq!(
        fold(" \r\n".as_bytes()).unwrap_err().kind,
        ErrorKind::EmptyStream
    );
    let json = r#"{"type":"completion","id":"c","completion":" Hi","stop_reason":null,"model":"claude-2.1"}"#;
    assert_eq!(
        fold(json.as_bytes()).unwrap_err().kind,
        ErrorKind::NotAnEventStream
    );
    // Events without a final one are a stream cut short.
    assert_eq!(
        fold(event("a", None).as_bytes()).unwrap_err().kind,
        ErrorKind::NoFinalEvent
    );
}

#[test]
fn an_error_event_keeps_its_request_id() {
    let data = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_9"}"#;
    let body = format!("{}event: error\ndata: {data}\n\n", event("a", None));
    let failure = fold(body.as_bytes()).unwrap_err();
    let ErrorKind::ErrorEvent(error) = &failure.kind else {
        panic!("{failure}")
    };
    assert_eq!(error.request_id, Some(Some("req_9".to_owned())));
    assert!(
        failure
            .to_string()
            .ends_with("overloaded_error: Overloaded (request req_9)"),
        "{failure}"
    );
}

#[test]
fn events_that_disagree_or_come_after_the_end_are_errors() {
    let changed_id = format!(
        "{}{}",
        event("a", None),
        event("b", Some("max_tokens")).replace("compl_1", "compl_2")
    );
    assert!(matches!(
        fold(changed_id.as_bytes()).unwrap_err().kind,
        ErrorKind::IdChanged { .. }
    ));
    let changed_model = format!(
        "{}{}",
        event("a", None),
        event("b", Some("max_tokens")).replace("claude-2.1", "claude-2.0")
    );
    let failure = fold(changed_model.as_bytes()).unwrap_err();
    assert_eq!(
        failure.kind,
        ErrorKind::ModelChanged {
            before: "claude-2.1".into(),
            after: "claude-2.0".into()
        }
    );
    let after = format!("{}{}", event("a", Some("stop_sequence")), event("b", None));
    let failure = fold(after.as_bytes()).unwrap_err();
    assert_eq!(
        (failure.kind, failure.position.line),
        (ErrorKind::AfterEnd, 4)
    );
}

#[test]
fn comments_and_fields_without_events_are_a_stream_that_carried_none() {
    for body in [": ping\n\n", "event: ping\n\n", "id: 1\nretry: 5\n\n"] {
        assert_eq!(
            fold(body.as_bytes()).unwrap_err().kind,
            ErrorKind::NoFinalEvent,
            "{body:?}"
        );
    }
}
