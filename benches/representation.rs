//! What does keeping everything cost? Deserializing the recorded current-shape bodies into:
//!
//! - `generated`: the generated `Completion` (hand-rolled visitor, open unions, tri-state
//!   `stop`, undeclared keys in a map);
//! - `derive_flatten`: the same information with serde derives (`#[serde(flatten)]` map for
//!   undeclared keys, `Option<Option<_>>` through `deserialize_with`);
//! - `plain_struct`: what a user writes by hand, `model: String`, `stop_reason:
//!   Option<String>`, undeclared keys dropped (the baseline: it keeps less);
//! - `derive_same_fields`: serde derives with the declared keys (tri-state `stop`), undeclared
//!   keys dropped, unions as `String`;
//! - `value`: `serde_json::Value`.

use std::hint::black_box;

use anthropic_completions::Completion;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::{Deserialize, Deserializer};

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainStruct {
    id: String,
    completion: String,
    model: String,
    stop_reason: Option<String>,
    #[serde(rename = "type")]
    kind: String,
}

fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct DeriveSameFields {
    id: String,
    completion: String,
    model: String,
    stop_reason: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "present")]
    stop: Option<Option<String>>,
    log_id: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct DeriveFlatten {
    id: String,
    completion: String,
    model: String,
    stop_reason: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "present")]
    stop: Option<Option<String>>,
    log_id: Option<String>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

fn bodies() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/complete");
    let mut bodies: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/data/complete")
        .map(|entry| std::fs::read_to_string(entry.expect("entry").path()).expect("readable"))
        .filter(|text| text.contains("\"type\"") && text.contains("\"id\""))
        .collect();
    bodies.sort();
    bodies
}

fn run<T: for<'de> Deserialize<'de>>(bodies: &[String]) {
    for body in bodies {
        black_box(serde_json::from_str::<T>(black_box(body)).expect("valid body"));
    }
}

fn representation(c: &mut Criterion) {
    let bodies = bodies();
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut group = c.benchmark_group("deserialize_recorded");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("plain_struct", |b| b.iter(|| run::<PlainStruct>(&bodies)));
    group.bench_function("generated", |b| b.iter(|| run::<Completion>(&bodies)));
    group.bench_function("derive_same_fields", |b| {
        b.iter(|| run::<DeriveSameFields>(&bodies))
    });
    group.bench_function("derive_flatten", |b| {
        b.iter(|| run::<DeriveFlatten>(&bodies))
    });
    group.bench_function("value", |b| b.iter(|| run::<serde_json::Value>(&bodies)));
    group.finish();
}

criterion_group!(benches, representation);
criterion_main!(benches);
