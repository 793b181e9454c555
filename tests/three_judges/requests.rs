//! Requests, valid and mutated: the generated prompts keep to the turn rule.

use anthropic_completions::{CompletionRequest, Metadata, Model};
use proptest::option;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Judges, model, run, text};

/// A prompt the turn rule accepts (that rule is a custom check, outside JSON Schema, so the
/// generated prompts keep to it and the schema judges see only what they can judge).
fn prompt() -> impl Strategy<Value = String> {
    ("[a-z ]{0,8}", "[a-z ?]{0,12}", "[a-z ]{0,8}").prop_map(|(system, question, prefill)| {
        format!("{system}\n\nHuman:{question}\n\nAssistant:{prefill}")
    })
}

/// A model a request may name: a listed id of the text-completions era, or one the list does
/// not hold. (A listed Messages API id is refused by a check of this crate's, `unserved_model`,
/// which JSON Schema cannot say: `tests/endpoint.rs` tests it.)
fn request_model() -> impl Strategy<Value = Model> {
    model().prop_filter("a model this endpoint served", |m| {
        !m.is_known() || m.text_completions()
    })
}

fn request() -> impl Strategy<Value = CompletionRequest> {
    let metadata = option::of(option::of("[ -~]{0,256}")).prop_map(|user_id| Metadata { user_id });
    (
        (
            request_model(),
            prompt(),
            1u64..=1_000_000,
            option::of(proptest::collection::vec(text(), 0..3)),
        ),
        (
            option::of(0.0f64..=1.0),
            option::of(0.0f64..=1.0),
            option::of(0u64..=1000),
            option::of(metadata),
            option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (model, prompt, max_tokens, stop_sequences),
                (temperature, top_p, top_k, metadata, stream),
            )| CompletionRequest {
                stop_sequences,
                temperature,
                top_p,
                top_k,
                metadata,
                stream,
                ..CompletionRequest::new(model, prompt, max_tokens)
            },
        )
}

/// A change to a valid request, and whether the result is still valid.
fn request_mutation() -> impl Strategy<Value = (String, Option<Value>, bool)> {
    prop_oneof![
        Just(("max_tokens_to_sample".to_owned(), Some(json!(0)), false)),
        (1.0001f64..10.0).prop_map(|t| ("temperature".to_owned(), Some(json!(t)), false)),
        (-10.0f64..-0.0001).prop_map(|t| ("top_p".to_owned(), Some(json!(t)), false)),
        (i64::MIN..0).prop_map(|k| ("top_k".to_owned(), Some(json!(k)), false)),
        Just(("temperature".to_owned(), Some(json!(1)), true)),
        Just(("top_k".to_owned(), Some(json!(1.5)), false)),
        // Integers as JSON Schema counts them: an integer-valued number is one (`1.0`, `5e2`);
        // one beyond i64 is refused by all three (the schemas say `maximum`).
        prop::sample::select(vec!["max_tokens_to_sample", "top_k"]).prop_flat_map(|k| {
            prop_oneof![
                (1i64..1_000_000).prop_map(move |n| (k.to_owned(), Some(json!(n as f64)), true)),
                Just((k.to_owned(), Some(json!(5e2)), true)),
                Just((
                    k.to_owned(),
                    Some(json!(9_223_372_036_854_775_807_i64)),
                    true
                )),
                Just((
                    k.to_owned(),
                    Some(json!(9_223_372_036_854_775_808_u64)),
                    false
                )),
                Just((k.to_owned(), Some(json!(u64::MAX)), false)),
                Just((k.to_owned(), Some(json!(1e19)), false)),
                Just((k.to_owned(), Some(json!(2.5)), false)),
            ]
        }),
        Just(("prompt".to_owned(), Some(json!("")), false)),
        Just((
            "metadata".to_owned(),
            Some(json!({"user_id": "x".repeat(257)})),
            false
        )),
        Just(("metadata".to_owned(), Some(json!({"user_id": null})), true)),
        Just(("metadata".to_owned(), Some(json!({"user": "x"})), false)),
        Just(("stream".to_owned(), Some(json!("yes")), false)),
        Just(("temperature".to_owned(), Some(Value::Null), false)),
        Just(("stop_sequences".to_owned(), Some(json!([1])), false)),
        Just(("undeclared".to_owned(), Some(json!(1)), false)),
        prop::sample::select(vec!["model", "prompt", "max_tokens_to_sample"]).prop_map(|k| (
            k.to_owned(),
            None,
            false
        )),
        prop::sample::select(vec![
            "temperature",
            "top_p",
            "top_k",
            "metadata",
            "stream",
            "stop_sequences"
        ])
        .prop_map(|k| (k.to_owned(), None, true)),
    ]
}

#[test]
fn requests_valid_and_mutated() {
    let judges = Judges::new("CompletionRequest");
    let rust = |body: &Value| {
        serde_json::from_value::<CompletionRequest>(body.clone())
            .is_ok_and(|r| r.validate().is_ok())
    };
    run(
        (request(), request_mutation()),
        |(request, (key, value, valid))| {
            let mut body = serde_json::to_value(&request).unwrap();
            judges.judge_verdict(&body, true, rust(&body))?;
            match value {
                Some(value) => body[&key] = value,
                None => {
                    body.as_object_mut().unwrap().remove(&key);
                }
            }
            judges.judge_verdict(&body, valid, rust(&body))
        },
    );
    judges.write_log();
}
