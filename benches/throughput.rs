//! Throughput, as ratios within one run (see BENCHMARKS.md):
//!
//! 1. `deserialize`: the typed `Completion` vs a hand-written struct (`model: String`,
//!    `stop_reason: Option<String>`) vs `serde_json::Value`, per line of a JSON Lines corpus.
//! 2. `validate_realistic`: the validator (one thread, and all cores) vs the parse floor
//!    (`str::from_utf8` and `IgnoredAny` per line) vs the `jsonschema` crate (parse to
//!    `Value`, validate against `schema/`), on issue 14's realistic archive (seed 14: retired
//!    and unlisted models, long texts, escapes, 5 % bad records); `validate_quiet`, the same
//!    on the quiet corpus, which prints almost nothing (a favourable variant, kept beside).
//! 3. `streams`: reading and folding event streams vs validating them vs validating the JSON
//!    Lines of the same events.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;

use anthropic_completions::validate::{Format, Options, validate};
use anthropic_completions::{Completion, stream};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// 4 MiB of JSON Lines completions (the quiet corpus).
fn jsonl() -> Vec<u8> {
    let mut bytes = Vec::new();
    corpus::write_jsonl(&mut bytes, 4 << 20, 7).expect("writing to memory");
    bytes
}

/// 4 MiB of issue 14's realistic archive, seed 14.
fn realistic() -> Vec<u8> {
    let mut bytes = Vec::new();
    corpus::write_realistic_jsonl(&mut bytes, 4 << 20, 14).expect("writing to memory");
    bytes
}

/// The parse floor: each line checked to be UTF-8 and read as JSON, nothing kept.
fn floor(bytes: &[u8]) {
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        black_box(std::str::from_utf8(line).is_ok());
        black_box(serde_json::from_slice::<IgnoredAny>(line).is_ok());
    }
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct HandWritten {
    id: String,
    completion: String,
    model: String,
    stop_reason: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    stop: Option<String>,
    log_id: Option<String>,
}

fn each_line<T: for<'de> Deserialize<'de>>(bytes: &[u8]) {
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        black_box(serde_json::from_slice::<T>(line).expect("valid corpus"));
    }
}

fn deserialize(c: &mut Criterion) {
    let bytes = jsonl();
    let mut group = c.benchmark_group("deserialize");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("hand_written", |b| {
        b.iter(|| each_line::<HandWritten>(&bytes))
    });
    group.bench_function("typed", |b| b.iter(|| each_line::<Completion>(&bytes)));
    group.bench_function("value", |b| {
        b.iter(|| each_line::<serde_json::Value>(&bytes))
    });
    group.finish();
}

fn validate_realistic(c: &mut Criterion) {
    validate_jsonl(c, "validate_realistic", &realistic());
}

fn validate_quiet(c: &mut Criterion) {
    validate_jsonl(c, "validate_quiet", &jsonl());
}

fn validate_jsonl(c: &mut Criterion, group: &str, bytes: &[u8]) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/completions.schema.json"
    );
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    schema["$ref"] = "#/$defs/Completion".into();
    let judge = jsonschema::validator_for(&schema).expect("a valid schema");
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("parse_floor", |b| b.iter(|| floor(bytes)));
    for (name, jobs) in [("validator", 1), ("validator_all_cores", 0)] {
        let options = Options {
            jobs: if jobs == 0 {
                Options::default().jobs
            } else {
                jobs
            },
            ..Options::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut diagnostics = 0usize;
                let summary = validate(bytes, Format::JsonLines, &options, |_| diagnostics += 1);
                black_box((summary, diagnostics))
            })
        });
    }
    group.bench_function("jsonschema_crate", |b| {
        b.iter(|| {
            for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                let value: serde_json::Value = serde_json::from_slice(line).expect("valid corpus");
                black_box(judge.is_valid(&value));
            }
        })
    });
    group.finish();
}

fn streams(c: &mut Criterion) {
    let mut rng = corpus::Rng::new(11);
    let (mut sse, mut events) = (Vec::new(), String::new());
    let mut id = 0;
    while events.len() < 2 << 20 {
        let (stream, lines) = corpus::stream(&mut rng, id);
        sse.push(stream);
        events.push_str(&lines);
        id += 1;
    }
    let sse_bytes: usize = sse.iter().map(String::len).sum();
    let mut group = c.benchmark_group("streams");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(sse_bytes as u64));
    group.bench_function("read_and_fold_sse", |b| {
        b.iter(|| {
            for body in &sse {
                black_box(stream::fold(body.as_bytes()).expect("a complete stream"));
            }
        })
    });
    group.bench_function("validate_sse", |b| {
        b.iter(|| {
            for body in &sse {
                black_box(validate(
                    body.as_bytes(),
                    Format::EventStream,
                    &Options::default(),
                    |d| drop(black_box(d)),
                ));
            }
        })
    });
    group.throughput(Throughput::Bytes(events.len() as u64));
    // One thread, as a stream is read on one.
    let one_thread = Options {
        jobs: 1,
        ..Options::default()
    };
    group.bench_function("validate_jsonl_same_events", |b| {
        b.iter(|| {
            black_box(validate(
                events.as_bytes(),
                Format::JsonLines,
                &one_thread,
                |d| drop(black_box(d)),
            ))
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    deserialize,
    validate_realistic,
    validate_quiet,
    streams
);
criterion_main!(benches);
