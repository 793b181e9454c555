//! Streams: the event-stream reader follows the WHATWG rules, every recorded stream folds into
//! the completion its deltas spell, and broken streams fail with located errors.

use anthropic_completions::stream::sse::SseReader;
use anthropic_completions::stream::{
    Accumulator, Decoder, ErrorKind, Payload, StreamReader, TextMode, fold,
};
use anthropic_completions::{ErrorType, Model, StopReason, StreamEvent};

mod support;

fn recorded() -> Vec<(String, Vec<u8>)> {
    support::files("stream")
}

/// The text a stream spells, found without the crate: every `data:` line that is a JSON
/// completion event, its `completion` joined.
fn deltas(body: &[u8]) -> (String, usize) {
    let text = String::from_utf8_lossy(body);
    let mut joined = String::new();
    let mut count = 0;
    for line in text.split(['\r', '\n']) {
        let Some(data) = line.strip_prefix("data:") else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(data.trim()).unwrap();
        if value["type"] == "completion" {
            joined.push_str(value["completion"].as_str().unwrap());
            count += 1;
        }
    }
    (joined, count)
}

#[test]
fn every_recorded_stream_folds_into_the_text_of_its_deltas() {
    let files = recorded();
    assert_eq!(files.len(), 5);
    for (name, body) in files {
        let completion = fold(body.as_slice()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (expected, count) = deltas(&body);
        assert!(count > 1, "{name}: too few events to mean anything");
        assert_eq!(completion.completion, expected, "{name}");
        assert_eq!(
            completion.stop_reason,
            Some(StopReason::StopSequence),
            "{name}"
        );
        assert!(
            matches!(completion.model, Model::Claude2_1 | Model::Claude2_0),
            "{name}"
        );
        // Recorded streams carry the id in every event; the docs' example carries none.
        assert_eq!(completion.id.is_empty(), name.starts_with("docs"), "{name}");
    }
}

#[test]
fn every_recorded_event_is_typed_with_its_line() {
    for (name, body) in recorded() {
        let events: Vec<_> = StreamReader::new(body.as_slice())
            .collect::<Result<_, _>>()
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        let lines: Vec<&str> = text.lines().collect();
        for event in &events {
            let line = lines[event.line - 1].trim_end_matches('\r');
            assert_eq!(
                line,
                format!("event: {}", event.name.as_deref().unwrap()),
                "{name}"
            );
            match &event.payload {
                Payload::Event(StreamEvent::Completion(_)) => {
                    assert_eq!(event.name.as_deref(), Some("completion"))
                }
                Payload::Event(StreamEvent::Ping(_)) => {
                    assert_eq!(event.name.as_deref(), Some("ping"))
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

/// (line ends, expected) for one document written with each terminator.
#[test]
fn lf_crlf_and_cr_line_ends_read_the_same() {
    let lines = [
        "event: completion",
        "data: a",
        "data: b",
        "",
        ": comment",
        "data: c",
        "",
    ];
    let read = |ending: &str| -> Vec<(Option<String>, String, usize)> {
        let input = lines.join(ending);
        SseReader::new(input.as_bytes())
            .map(|e| e.unwrap())
            .map(|e| (e.event, e.data, e.line))
            .collect()
    };
    let expected = vec![
        (Some("completion".to_owned()), "a\nb".to_owned(), 1),
        (None, "c".to_owned(), 6),
    ];
    for ending in ["\n", "\r\n", "\r"] {
        assert_eq!(read(ending), expected, "{ending:?}");
    }
    // A recorded CRLF stream read with LF ends instead gives the same events.
    let (_, crlf) = recorded()
        .into_iter()
        .find(|(n, _)| n == "openinference-1.sse")
        .unwrap();
    let lf = String::from_utf8(crlf.clone())
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(fold(crlf.as_slice()).unwrap(), fold(lf.as_bytes()).unwrap());
}

#[test]
fn whatwg_field_rules() {
    let input = "\u{FEFF}data:no space\ndata:  two spaces\nid: 7\nretry: 1500\nretry: soon\nfield without colon\nevent\n\n\
                 event: only-a-name\n\n\
                 data\n\n\
                 id: bad\0id\ndata: x\n\n";
    let events: Vec<_> = SseReader::new(input.as_bytes())
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(events.len(), 3, "{events:#?}");
    assert_eq!(events[0].data, "no space\n two spaces");
    assert_eq!(
        events[0].event.as_deref(),
        None,
        "`event` with no colon sets an empty type, which is the default (`message`)"
    );
    assert_eq!(
        (events[0].id.as_deref(), events[0].retry),
        (Some("7"), Some(1500))
    );
    // Columns count the input's bytes: line 1 starts after the 3-byte BOM.
    assert_eq!(events[0].data_starts, [(1, 9), (2, 7)]);
    // A block with only `event` is not dispatched; `data` with no colon is an empty data line.
    assert_eq!((events[1].data.as_str(), events[1].line), ("", 11));
    // An id with NUL is ignored: the last good id persists.
    assert_eq!(
        (events[2].data.as_str(), events[2].id.as_deref()),
        ("x", Some("7"))
    );
    assert!(events.iter().all(|e| e.terminated));
}

#[test]
fn a_missing_final_blank_line_still_yields_the_last_event() {
    let events: Vec<_> = SseReader::new("data: 1\n\ndata: 2".as_bytes())
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(events.len(), 2);
    assert!(events[0].terminated && !events[1].terminated);
    let (_, docs) = recorded()
        .into_iter()
        .find(|(n, _)| n == "docs-1.sse")
        .unwrap();
    let cut = String::from_utf8(docs).unwrap().trim_end().to_owned(); // as the docs show it
    assert_eq!(
        fold(cut.as_bytes()).unwrap().completion,
        " Hello! My name is Claude."
    );
}

#[test]
fn invalid_utf8_and_long_lines_are_located_and_reading_goes_on() {
    let input = b"data: ok\n\ndata: \xff\xfe\n\ndata: fine\n\n";
    let items: Vec<_> = SseReader::new(&input[..]).collect();
    assert_eq!(items.len(), 3);
    let error = items[1].as_ref().unwrap_err();
    assert_eq!(
        (error.position.line, error.position.column, &error.kind),
        (3, 7, &ErrorKind::InvalidUtf8)
    );
    assert_eq!(items[2].as_ref().unwrap().data, "fine");

    let long = format!("data: {}\n\ndata: after\n\n", "x".repeat(100));
    let items: Vec<_> = SseReader::new(long.as_bytes()).max_line(50).collect();
    assert_eq!(
        items[0].as_ref().unwrap_err().kind,
        ErrorKind::LineTooLong { limit: 50 }
    );
    assert_eq!(items[1].as_ref().unwrap().data, "after");
}

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

const CHUNK: &str = r#"{"type":"completion","id":"compl_1","completion":"TEXT","stop_reason":REASON,"model":"claude-2.1"}"#;

fn event(text: &str, reason: Option<&str>) -> String {
    let reason = reason.map_or("null".to_owned(), |r| format!("\"{r}\""));
    format!(
        "event: completion\ndata: {}\n\n",
        CHUNK.replace("TEXT", text).replace("REASON", &reason)
    )
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

/// The same generation as a `2023-01-01` stream: untyped, cumulative, `[DONE]`.
fn legacy(texts: &[&str]) -> String {
    let mut body = String::new();
    for (i, text) in texts.iter().enumerate() {
        let reason = if i + 1 == texts.len() {
            "\"stop_sequence\""
        } else {
            "null"
        };
        body.push_str(&format!(
            "data: {{\"completion\": \"{text}\", \"stop_reason\": {reason}, \"model\": \"claude-v1\", \"truncated\": false, \"exception\": null, \"log_id\": \"x\"}}\n\n"
        ));
    }
    body + "data: [DONE]\n\n"
}

#[test]
fn both_wire_formats_fold_to_the_same_completion() {
    let current: String = [" Hello", " my", " name"]
        .iter()
        .map(|t| event(t, None))
        .collect::<String>()
        + &event("", Some("stop_sequence")).replace("claude-2.1", "claude-v1");
    let current = current
        .replace("claude-2.1", "claude-v1")
        .replace("compl_1", "");
    let old = legacy(&[" Hello", " Hello my", " Hello my name", " Hello my name"]);
    let (a, b) = (
        fold(current.as_bytes()).unwrap(),
        fold(old.as_bytes()).unwrap(),
    );
    assert_eq!(
        (a.completion.as_str(), &a.model, &a.stop_reason),
        (
            " Hello my name",
            &Model::ClaudeV1,
            &Some(StopReason::StopSequence)
        )
    );
    assert_eq!(
        (&a.completion, &a.model, &a.stop_reason),
        (&b.completion, &b.model, &b.stop_reason)
    );

    // Chosen by the caller: the same stream read as increments joins every chunk.
    let mut increments = Accumulator::with_mode(TextMode::Increments);
    let mut cumulative = Accumulator::with_mode(TextMode::Cumulative);
    for event in StreamReader::new(old.as_bytes()) {
        let event = event.unwrap();
        increments.push(&event).unwrap();
        cumulative.push(&event).unwrap();
    }
    assert_eq!(cumulative.finish().unwrap().completion, " Hello my name");
    assert_eq!(
        increments.finish().unwrap().completion,
        " Hello Hello my Hello my name Hello my name"
    );

    let shrinking = legacy(&[" Hello my", " Hello"]);
    assert_eq!(
        fold(shrinking.as_bytes()).unwrap_err().kind,
        ErrorKind::NotCumulative
    );
    let twice_done = legacy(&["a"]) + "data: [DONE]\n\n";
    assert_eq!(
        fold(twice_done.as_bytes()).unwrap_err().kind,
        ErrorKind::AfterEnd
    );
}

#[test]
fn untyped_2023_pings_are_skipped() {
    let body = format!("event: ping\ndata: {{}}\n\n{}", legacy(&["a", "ab"]));
    assert_eq!(fold(body.as_bytes()).unwrap().completion, "ab");
}

/// Every event of `body` read by the decoder, fed in the chunk sizes `sizes` gives (cycled).
fn decode_in_chunks(
    body: &[u8],
    sizes: &[usize],
) -> Vec<Result<anthropic_completions::stream::Event, String>> {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    let mut rest = body;
    for size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (chunk, after) = rest.split_at((*size).clamp(1, rest.len()));
        events.extend(decoder.feed(chunk).map(|e| e.map_err(|e| e.to_string())));
        rest = after;
    }
    events.extend(decoder.finish().map(|e| e.map_err(|e| e.to_string())));
    events
}

fn whole(body: &[u8]) -> Vec<Result<anthropic_completions::stream::Event, String>> {
    StreamReader::new(body)
        .map(|e| e.map_err(|e| e.to_string()))
        .collect()
}

/// The recorded streams, and each again with a BOM, with CR line ends, and cut short.
fn variants() -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for (name, body) in recorded() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&body);
        let cr = String::from_utf8_lossy(&body)
            .replace("\r\n", "\n")
            .replace('\n', "\r");
        let cut = body[..body.len() * 2 / 3].to_vec();
        all.push((format!("{name} with a BOM"), bom));
        all.push((format!("{name} with CR"), cr.into_bytes()));
        all.push((format!("{name} cut short"), cut));
        all.push((name, body));
    }
    all
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// However the bytes are cut (chunks of 1 to 64 bytes), the decoder gives what a whole
    /// read gives, errors and lines included.
    #[test]
    fn chunk_boundaries_do_not_matter(sizes in proptest::collection::vec(1usize..=64, 1..16)) {
        for (name, body) in variants() {
            proptest::prop_assert_eq!(decode_in_chunks(&body, &sizes), whole(&body), "{}", name);
        }
    }
}

#[test]
fn one_byte_at_a_time_and_a_split_bom() {
    for (name, body) in variants() {
        assert_eq!(decode_in_chunks(&body, &[1]), whole(&body), "{name}");
    }
    // The BOM split across two reads of a blocking reader (capacity 2) no longer loses line 1.
    let (_, body) = recorded().into_iter().next().unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&body);
    let small = std::io::BufReader::with_capacity(2, bom.as_slice());
    assert_eq!(fold(small).unwrap(), fold(body.as_slice()).unwrap());
}

#[test]
fn a_long_id_is_shared_not_copied_per_event() {
    let id = "i".repeat(100_000);
    let mut body = format!("id: {id}\n");
    for _ in 0..50 {
        body.push_str("data: {}\n\n");
    }
    let events: Vec<_> = SseReader::new(body.as_bytes())
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(events.len(), 50);
    let first = events[0].id.clone().unwrap();
    assert!(
        events
            .iter()
            .all(|e| std::sync::Arc::ptr_eq(e.id.as_ref().unwrap(), &first))
    );
}

#[test]
fn an_event_with_a_line_that_cannot_be_read_is_not_sent_without_it() {
    let body = format!("data: a\n{}\ndata: b\n\ndata: c\n\n", "x".repeat(200));
    let items: Vec<_> = SseReader::new(body.as_bytes()).max_line(100).collect();
    assert!(matches!(&items[0], Err(e) if matches!(e.kind, ErrorKind::LineTooLong { .. })));
    // The broken event is not dispatched with "a\nb"; the next one is.
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[1].as_ref().unwrap().data, "c");
    let utf8 = b"data: a\ndata: \xff\n\ndata: c\n\n";
    let items: Vec<_> = SseReader::new(&utf8[..]).collect();
    assert!(matches!(&items[0], Err(e) if e.kind == ErrorKind::InvalidUtf8));
    assert_eq!(items.len(), 2, "{items:?}");
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
