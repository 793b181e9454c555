//! Every real response body of the endpoint, of every shape and era, through the one entry
//! point (`ResponseBody::from_slice`): its shape told, and converted to today's `Completion`
//! without losing anything.

use anthropic_completions::stream::{ErrorKind, TextMode};
use anthropic_completions::{Completion, ReadError, ResponseBody};
use serde_json::Value;

mod support;
use support::files;

#[test]
fn every_real_completion_body_is_read_and_converts_losslessly() {
    let bodies = files("complete");
    assert_eq!(bodies.len(), 27);
    let mut shapes = std::collections::BTreeMap::new();
    for (name, bytes) in bodies {
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let body = ResponseBody::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The shape is the era's: `type` and `id` came in late 2023.
        let expected = if original.get("type").is_some() {
            "completion"
        } else {
            "legacy-completion"
        };
        assert_eq!(body.shape(), expected, "{name}");
        *shapes.entry(expected).or_insert(0) += 1;
        let completion: Completion = body.into_completion().unwrap();
        let converted = serde_json::to_value(&completion).unwrap();
        // Nothing lost: every key of the body, with its value, is in the conversion.
        for (key, value) in original.as_object().unwrap() {
            assert_eq!(converted.get(key), Some(value), "{name}: `{key}`");
        }
        let added: Vec<&String> = converted
            .as_object()
            .unwrap()
            .keys()
            .filter(|key| original.get(key.as_str()).is_none())
            .collect();
        let allowed: &[&str] = if expected == "completion" {
            &[]
        } else {
            &["type", "id", "stop_reason"]
        };
        assert!(
            added.iter().all(|key| allowed.contains(&key.as_str())),
            "{name}: added {added:?}"
        );
    }
    assert_eq!(
        shapes.into_iter().collect::<Vec<_>>(),
        [("completion", 16), ("legacy-completion", 11)]
    );
}

#[test]
fn every_real_error_body_is_read_as_its_envelope() {
    for (name, bytes) in files("error") {
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let body = ResponseBody::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = if original.get("type").is_some() {
            "error"
        } else {
            "legacy-error"
        };
        assert_eq!(body.shape(), expected, "{name}");
        assert!(body.into_completion().is_none(), "{name}");
    }
}

#[test]
fn every_real_stream_is_read_and_folded() {
    let streams = files("stream");
    assert_eq!(streams.len(), 5);
    for (name, bytes) in streams {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let body = ResponseBody::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (expected, mode) = if text.contains("[DONE]") {
            ("legacy-stream", TextMode::Cumulative)
        } else {
            ("stream", TextMode::Increments)
        };
        assert_eq!(body.shape(), expected, "{name}");
        let ResponseBody::Stream {
            completion,
            mode: found,
        } = body
        else {
            panic!("{name}: not a stream");
        };
        assert_eq!(found, mode, "{name}");
        assert!(completion.stop_reason.is_some(), "{name}");
    }
}

#[test]
fn what_is_no_response_says_why() {
    let request =
        br#"{"model":"claude-2.1","prompt":"\n\nHuman: a\n\nAssistant:","max_tokens_to_sample":1}"#;
    let error = ResponseBody::from_slice(request).unwrap_err();
    assert!(error.to_string().contains("a request body"), "{error}");
    let wrong = br#"{"type":5,"id":"x","completion":"","stop_reason":null,"model":"claude-2.1"}"#;
    let error = ResponseBody::from_slice(wrong).unwrap_err();
    assert!(matches!(error, ReadError::Json(_)), "{error}");
    assert!(error.to_string().contains("type"), "{error}");
    let failed = b"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    match ResponseBody::from_slice(failed) {
        Err(ReadError::Stream(error)) => {
            assert!(matches!(error.kind, ErrorKind::ErrorEvent(_)), "{error}")
        }
        other => panic!("{other:?}"),
    }
    assert!(ResponseBody::from_slice(b"").is_err());
    assert!(ResponseBody::from_slice(b"[]").is_err());
}

#[test]
fn edge_shapes_convert_without_loss() {
    // A 2023-shape body that carries an `id` (no `type`): the id is the id.
    let old = br#"{"id":"compl_1","completion":" Hi","model":"claude-2.0","truncated":false,"exception":null}"#;
    let completion = ResponseBody::from_slice(old)
        .unwrap()
        .into_completion()
        .unwrap();
    assert_eq!(completion.id, "compl_1");
    assert_eq!(completion.stop_reason, None);
    let written = serde_json::to_string(&completion).unwrap();
    assert_eq!(written.matches("\"id\"").count(), 1, "{written}");
    assert_eq!(
        (
            &completion.extra["truncated"],
            &completion.extra["exception"]
        ),
        (&Value::Bool(false), &Value::Null)
    );
    let odd = br#"{"id":5,"completion":" Hi","model":"claude-2.0"}"#;
    assert!(
        ResponseBody::from_slice(odd)
            .unwrap()
            .into_completion()
            .is_none()
    );
    // A byte order mark before a JSON body.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(old);
    assert_eq!(
        ResponseBody::from_slice(&bom).unwrap().shape(),
        "legacy-completion"
    );
    // A stream of the 2023-01-01 format (the docs' example form): cumulative text, [DONE].
    let stream = concat!(
        "data: {\"completion\": \" Hello\", \"stop_reason\": null, \"model\": \"claude-v1\"}\n\n",
        "data: {\"completion\": \" Hello, world\", \"stop_reason\": \"stop_sequence\", \"model\": \"claude-v1\"}\n\n",
        "data: [DONE]\n\n",
    );
    let body = ResponseBody::from_slice(stream.as_bytes()).unwrap();
    assert_eq!(body.shape(), "legacy-stream");
    let completion = body.into_completion().unwrap();
    assert_eq!(completion.completion, " Hello, world");
}
