//! Cassettes, as a ratio within one run (see BENCHMARKS.md): a vcrpy cassette of 1,000
//! interactions with gzip bodies, validated, vs the same request and response bodies
//! validated as JSON Lines.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;

use anthropic_completions::cassette::CassetteFormat;
use anthropic_completions::validate::{Format, Options, validate, validate_cassette};
use criterion::{Criterion, criterion_group, criterion_main};

fn cassettes(c: &mut Criterion) {
    let (mut cassette, mut jsonl) = (Vec::new(), Vec::new());
    corpus::write_cassette(&mut cassette, &mut jsonl, 1000, 1).expect("writing to memory");
    let mut group = c.benchmark_group("cassettes");
    group.sample_size(10);
    group.bench_function("validate_cassette", |b| {
        b.iter(|| {
            black_box(validate_cassette(
                cassette.as_slice(),
                CassetteFormat::Vcr,
                &Options::default(),
                |d| drop(black_box(d)),
            ))
        })
    });
    group.bench_function("validate_jsonl_same_bodies", |b| {
        b.iter(|| {
            black_box(validate(
                jsonl.as_slice(),
                Format::JsonLines,
                &Options::default(),
                |d| drop(black_box(d)),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, cassettes);
criterion_main!(benches);
