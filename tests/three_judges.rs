//! Three judges give the same verdict on every instance: the `jsonschema` crate with the source
//! schema, the `jsonschema` crate with the schema made from the Rust types, and serde
//! deserialization into the Rust type. Instances are valid values made from the Rust types,
//! and invalid ones made by mutating them; the recorded responses are judged too.
//!
//! Every judged instance is also written to `$CARGO_TARGET_TMPDIR/three-judges.jsonl`, so
//! that `tests/python/check_export.py` can put the same questions to Python's `jsonschema`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;

use anthropic_completions::{
    Completion, CompletionEvent, CompletionRequest, ErrorObject, ErrorResponse, ErrorType,
    Metadata, Model, PingEvent, StopReason, StreamEvent,
};
use proptest::collection::btree_map;
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use strum::VariantArray;

const CASES: u32 = 1500;

/// The two schema judges for one `$defs` type.
struct Judges {
    name: &'static str,
    source: jsonschema::Validator,
    export: jsonschema::Validator,
    /// (type, instance, verdict) of every instance judged.
    log: RefCell<Vec<Value>>,
}

fn validator(document: &Value, name: &str) -> jsonschema::Validator {
    let mut root = document.clone();
    root["$ref"] = format!("#/$defs/{name}").into();
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{name}: {e}"))
}

impl Judges {
    fn new(name: &'static str) -> Judges {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/completions.schema.json"
        );
        let source: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let export = anthropic_completions::json_schema().to_value();
        Judges {
            name,
            source: validator(&source, name),
            export: validator(&export, name),
            log: RefCell::default(),
        }
    }

    /// Asks all three; they must agree with each other and with `expected`.
    fn judge<T: DeserializeOwned>(
        &self,
        instance: &Value,
        expected: bool,
    ) -> Result<(), TestCaseError> {
        let accepted = serde_json::from_value::<T>(instance.clone()).is_ok();
        self.judge_verdict(instance, expected, accepted)
    }

    /// As [`judge`](Self::judge), with the Rust verdict given: for types with constraints it is
    /// deserialization and `validate()`.
    fn judge_verdict(
        &self,
        instance: &Value,
        expected: bool,
        accepted: bool,
    ) -> Result<(), TestCaseError> {
        let verdicts = (
            self.source.is_valid(instance),
            self.export.is_valid(instance),
            accepted,
        );
        prop_assert_eq!(
            verdicts,
            (expected, expected, expected),
            "(source schema, exported schema, serde) disagree with the expected verdict on {}",
            instance
        );
        self.log
            .borrow_mut()
            .push(json!({"type": self.name, "instance": instance, "valid": expected}));
        Ok(())
    }

    fn write_log(&self) {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("three-judges-{}.jsonl", self.name));
        let mut file = std::fs::File::create(&path).unwrap();
        for line in self.log.borrow().iter() {
            writeln!(file, "{line}").unwrap();
        }
        eprintln!(
            "{}: {} instances judged, written to {}",
            self.name,
            self.log.borrow().len(),
            path.display()
        );
    }
}

fn run<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(error) = runner.run(&strategy, test) {
        panic!("{error}");
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,12}"]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        text().prop_map(Value::from),
        Just(json!([1, "a"])),
        Just(json!({"k": null})),
    ]
}

fn model() -> impl Strategy<Value = Model> {
    prop_oneof![
        prop::sample::select(Model::VARIANTS.to_vec()),
        text().prop_map(Model::from)
    ]
}

fn stop_reason() -> impl Strategy<Value = StopReason> {
    prop_oneof![
        prop::sample::select(StopReason::VARIANTS.to_vec()),
        text().prop_map(StopReason::from)
    ]
}

fn completion() -> impl Strategy<Value = Completion> {
    let extra = btree_map("x_[a-z]{1,6}", leaf(), 0..3);
    (
        text(),
        text(),
        option::of(stop_reason()),
        model(),
        option::of(option::of(text())),
        option::of(text()),
        extra,
    )
        .prop_map(
            |(id, completion, stop_reason, model, stop, log_id, extra): (
                _,
                _,
                _,
                _,
                _,
                _,
                BTreeMap<String, Value>,
            )| {
                Completion {
                    id,
                    completion,
                    stop_reason,
                    model,
                    stop,
                    log_id,
                    extra: extra.into_iter().collect(),
                }
            },
        )
}

const FIELDS: [&str; 7] = [
    "type",
    "id",
    "completion",
    "stop_reason",
    "model",
    "stop",
    "log_id",
];
const REQUIRED: usize = 5; // the first five
const NULLABLE: [&str; 2] = ["stop_reason", "stop"];
/// `stop` and `log_id` are `x-undocumented`: the schemas give the type the API is seen to send,
/// while the Rust types keep a value of another type in `extra` (and the validator warns). So
/// they get no wrong-type mutation here; `undocumented_fields_differ_on_purpose` tests them.
fn documented(field: &str) -> bool {
    let schema: Value =
        serde_json::from_str(include_str!("../schema/completions.schema.json")).unwrap();
    schema["$defs"]["Completion"]["properties"][field]
        .get("x-undocumented")
        .is_none()
}

/// A change to a valid body, and whether the result is still valid.
#[derive(Debug, Clone)]
enum Mutation {
    Keep,
    DropRequired(usize),
    WrongJsonType(usize, Value),
    WrongConst(String),
    Null(usize),
    AddUndeclared(String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let not_a_string = prop_oneof![
        Just(json!(1)),
        Just(json!(2.5)),
        Just(json!(true)),
        Just(json!([])),
        Just(json!({}))
    ];
    prop_oneof![
        Just(Mutation::Keep),
        (0..REQUIRED).prop_map(Mutation::DropRequired),
        (0..FIELDS.len(), not_a_string)
            .prop_filter("a documented field", |(i, _)| documented(FIELDS[*i]))
            .prop_map(|(i, v)| Mutation::WrongJsonType(i, v)),
        text()
            .prop_filter("not the constant", |t| t != "completion")
            .prop_map(Mutation::WrongConst),
        (0..FIELDS.len())
            .prop_filter("a documented field, or one whose type allows null", |&i| {
                documented(FIELDS[i]) || NULLABLE.contains(&FIELDS[i])
            })
            .prop_map(Mutation::Null),
        ("y_[a-z]{1,6}", leaf()).prop_map(|(k, v)| Mutation::AddUndeclared(k, v)),
    ]
}

/// Applies `mutation`; returns whether the body is still valid.
fn apply(body: &mut Value, mutation: &Mutation) -> bool {
    let object = body.as_object_mut().unwrap();
    match mutation {
        Mutation::Keep => true,
        Mutation::DropRequired(i) => {
            object.remove(FIELDS[*i]);
            false
        }
        Mutation::WrongJsonType(i, value) => {
            object.insert(FIELDS[*i].to_owned(), value.clone());
            false
        }
        Mutation::WrongConst(text) => {
            object.insert("type".to_owned(), text.clone().into());
            false
        }
        Mutation::Null(i) => {
            object.insert(FIELDS[*i].to_owned(), Value::Null);
            NULLABLE.contains(&FIELDS[*i])
        }
        Mutation::AddUndeclared(key, value) => {
            object.insert(key.clone(), value.clone());
            true
        }
    }
}

#[test]
fn completions_valid_and_mutated() {
    let judges = Judges::new("Completion");
    run((completion(), mutation()), |(completion, mutation)| {
        let mut body = serde_json::to_value(&completion).unwrap();
        judges.judge::<Completion>(&body, true)?;
        let valid = apply(&mut body, &mutation);
        judges.judge::<Completion>(&body, valid)
    });
    judges.write_log();
}

#[test]
fn models() {
    let judges = Judges::new("Model");
    run(leaf(), |value| {
        judges.judge::<Model>(&value, value.is_string())
    });
    run(model(), |model| {
        judges.judge::<Model>(&serde_json::to_value(&model).unwrap(), true)
    });
    judges.write_log();
}

#[test]
fn stop_reasons() {
    let judges = Judges::new("StopReason");
    run(leaf(), |value| {
        judges.judge::<StopReason>(&value, value.is_string())
    });
    run(stop_reason(), |reason| {
        judges.judge::<StopReason>(&serde_json::to_value(&reason).unwrap(), true)
    });
    judges.write_log();
}

#[test]
fn recorded_responses() {
    let judges = Judges::new("Completion");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/complete");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in &files {
        let body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // Today's contract: the 2023 shape without `id` and `type` is invalid.
        let expected = body.get("id").is_some() && body.get("type").is_some();
        judges
            .judge::<Completion>(&body, expected)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    assert_eq!(judges.log.borrow().len(), 27);
}

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

/// The one deliberate difference: a value of another type in an `x-undocumented` field. Both
/// schemas say the type the API is seen to send; serde keeps the value in `extra`, losing
/// nothing; the validator warns (an error with `--strict`).
#[test]
fn undocumented_fields_differ_on_purpose() {
    let judges = Judges::new("Completion");
    let body = json!({"type":"completion","id":"c","completion":"","stop_reason":null,
        "model":"claude-2.1","stop":1,"log_id":null});
    let completion: Completion = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        (completion.stop.clone(), completion.log_id.clone()),
        (None, None)
    );
    assert_eq!(completion.extra["stop"], json!(1));
    assert_eq!(serde_json::to_value(&completion).unwrap(), body);
    assert_eq!(completion.validate(), Ok(()));
    let schemas = (judges.source.is_valid(&body), judges.export.is_valid(&body));
    assert_eq!(schemas, (false, false));
}

/// The schema's `examples` (shown and round-tripped in the docs) are valid instances of their
/// definitions, for both schemas.
#[test]
fn schema_examples_are_valid_instances() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/completions.schema.json"
    );
    let source: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let export = anthropic_completions::json_schema().to_value();
    let mut seen = 0;
    for (name, definition) in source["$defs"].as_object().unwrap() {
        let Some(examples) = definition.get("examples").and_then(Value::as_array) else {
            continue;
        };
        let (source, export) = (validator(&source, name), validator(&export, name));
        for example in examples {
            assert!(source.is_valid(example), "{name}: {example}");
            assert!(export.is_valid(example), "{name}: {example}");
            seen += 1;
        }
    }
    assert!(seen >= 6, "{seen} examples");
}
