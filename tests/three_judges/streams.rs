//! Stream events of each type, valid and mutated.

use anthropic_completions::{
    CompletionEvent, ErrorObject, ErrorResponse, ErrorType, PingEvent, StreamEvent,
};
use proptest::option;
use proptest::prelude::*;
use serde_json::json;
use strum::VariantArray;

use super::{Judges, leaf, model, run, stop_reason, text};

fn stream_event() -> impl Strategy<Value = StreamEvent> {
    let completion = (
        option::of(text()),
        text(),
        option::of(stop_reason()),
        model(),
    )
        .prop_map(|(id, text, reason, model)| {
            StreamEvent::Completion(CompletionEvent {
                id,
                ..CompletionEvent::new(text, reason, model)
            })
        });
    let error = (
        prop::sample::select(ErrorType::VARIANTS.to_vec()),
        text(),
        option::of(option::of(text())),
    )
        .prop_map(|(kind, message, request_id)| {
            StreamEvent::Error(ErrorResponse {
                request_id,
                ..ErrorResponse::new(ErrorObject::new(kind, message))
            })
        });
    let other = ("[a-z_]{1,10}", leaf()).prop_filter_map("a listed type", |(kind, value)| {
        (!["completion", "ping", "error"].contains(&kind.as_str())).then(|| {
            let mut map = serde_json::Map::new();
            map.insert("type".to_owned(), kind.into());
            map.insert("payload".to_owned(), value);
            StreamEvent::Other(map)
        })
    });
    prop_oneof![
        completion,
        Just(StreamEvent::Ping(PingEvent::default())),
        error,
        other
    ]
}

#[test]
fn stream_events_valid_and_mutated() {
    let judges = Judges::new("StreamEvent");
    let mutation = prop_oneof![
        Just(("type", None, false)),
        Just(("type", Some(json!(5)), false)),
        Just(("type", Some(json!("completion")), false)), // the others' fields do not make a completion
        Just(("type", Some(json!("brand_new_event")), true)),
        Just(("added", Some(json!([1])), true)),
    ];
    run(
        (stream_event(), mutation),
        |(event, (key, value, valid))| {
            let mut body = serde_json::to_value(&event).unwrap();
            judges.judge::<StreamEvent>(&body, true)?;
            let was_completion = matches!(event, StreamEvent::Completion(_));
            match value {
                Some(value) => body[key] = value,
                None => {
                    body.as_object_mut().unwrap().remove(key);
                }
            }
            // Re-tagging a completion as a completion, or adding a key anywhere, keeps it valid.
            let valid = valid || (was_completion && body["type"] == "completion");
            judges.judge::<StreamEvent>(&body, valid)
        },
    );
    judges.write_log();
}
