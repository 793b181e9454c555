//! Writes a realistic corpus for benchmarks and memory checks (nothing is committed).
//!
//! ```text
//! cargo run --release --example corpus -- jsonl 1073741824 > /tmp/corpus.jsonl   # 1 GiB
//! cargo run --release --example corpus -- realistic 104857600 14 > /tmp/real.jsonl # 100 MiB, seed 14
//! cargo run --release --example corpus -- sse 3 > /tmp/stream.sse                # stream no. 3
//! cargo run --release --example corpus -- cassette 10000 /tmp/same.jsonl > /tmp/big.yaml
//! ```
//!
//! `cassette N FILE` writes a vcrpy cassette of N interactions (gzip bodies) and, to FILE, the
//! same request and response bodies as JSON Lines.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
    let mut out = BufWriter::new(io::stdout().lock());
    let written = match (args.first().map(String::as_str), number(1)) {
        (Some("jsonl"), Some(bytes)) => corpus::write_jsonl(&mut out, bytes, 1),
        (Some("realistic"), Some(bytes)) => {
            let seed = number(2).unwrap_or(14);
            corpus::write_realistic_jsonl(&mut out, bytes, seed)
        }
        (Some("sse"), Some(seed)) => out.write_all(
            corpus::stream(&mut corpus::Rng::new(seed), seed)
                .0
                .as_bytes(),
        ),
        (Some("cassette"), Some(count)) => match args.get(2).map(std::fs::File::create) {
            Some(Ok(file)) => corpus::write_cassette(&mut out, &mut BufWriter::new(file), count, 1),
            Some(Err(error)) => Err(error),
            None => Err(io::Error::other(
                "cassette N FILE: the JSON Lines file is missing",
            )),
        },
        _ => {
            eprintln!(
                "usage: corpus jsonl BYTES | corpus realistic BYTES [SEED] | corpus sse SEED | corpus cassette N JSONL_FILE"
            );
            return ExitCode::from(2);
        }
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
