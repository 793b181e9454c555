//! Three judges give the same verdict on every instance: the `jsonschema` crate with the source
//! schema, the `jsonschema` crate with the schema made from the Rust types, and serde
//! deserialization into the Rust type. Instances are valid values made from the Rust types,
//! and invalid ones made by mutating them; the recorded responses are judged too.
//!
//! Every judged instance is also written to `$CARGO_TARGET_TMPDIR/three-judges.jsonl`, so
//! that `tests/python/check_export.py` can put the same questions to Python's `jsonschema`.

mod completions;
mod examples;
mod requests;
mod streams;

use std::cell::RefCell;
use std::io::Write;

use anthropic_completions::{Model, StopReason};
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
