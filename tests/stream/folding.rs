//! Folding: each recorded stream into its deltas' text, and both wire formats to one completion.

use anthropic_completions::stream::{
    Accumulator, ErrorKind, Payload, StreamReader, TextMode, fold,
};
use anthropic_completions::{Model, StopReason, StreamEvent};

use super::{event, recorded};

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
