//! The programs the validator is measured against (BENCHMARKS.md, "Validate at the parse
//! floor"), each reading a JSON Lines file and printing one count:
//!
//! ```text
//! cargo run --release --example judges -- floor FILE        # str::from_utf8 + IgnoredAny per line
//! cargo run --release --example judges -- jsonschema FILE   # the jsonschema crate: Value, is_valid
//! ```

use std::io::{BufRead, BufReader};
use std::process::ExitCode;

use serde::de::IgnoredAny;

/// A judge of one line: whether it is a valid record.
type Judge = Box<dyn Fn(&[u8]) -> bool>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(judge), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: judges floor|jsonschema FILE");
        return ExitCode::from(2);
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => BufReader::with_capacity(1 << 16, file),
        Err(error) => {
            eprintln!("error: {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let check: Judge = match judge.as_str() {
        "floor" => Box::new(|line| {
            std::str::from_utf8(line).is_ok() && serde_json::from_slice::<IgnoredAny>(line).is_ok()
        }),
        "jsonschema" => {
            let source = include_str!("../schema/completions.schema.json");
            let mut schema: serde_json::Value = serde_json::from_str(source).expect("the schema");
            schema["$ref"] = "#/$defs/Completion".into();
            let validator = jsonschema::validator_for(&schema).expect("a valid schema");
            Box::new(move |line| {
                serde_json::from_slice::<serde_json::Value>(line)
                    .is_ok_and(|value| validator.is_valid(&value))
            })
        }
        other => {
            eprintln!("error: unknown judge `{other}`: floor or jsonschema");
            return ExitCode::from(2);
        }
    };
    let (mut valid, mut invalid) = (0u64, 0u64);
    for line in file.split(b'\n') {
        let Ok(line) = line else {
            eprintln!("error: {path}: read failed");
            return ExitCode::FAILURE;
        };
        if line.is_empty() {
            continue;
        }
        if check(&line) {
            valid += 1
        } else {
            invalid += 1
        }
    }
    println!("{valid} valid, {invalid} invalid");
    ExitCode::SUCCESS
}
