//! The command-line tool: the `--format json` contract, exit codes, and each subcommand.
#![cfg(feature = "cli")]

mod diagnostics;
mod inputs;
mod output;
mod subcommands;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn cli(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anthropic-completions"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A child that exits early (a usage error) closes its input: not the test's failure.
    match input.write_all(stdin.unwrap_or_default().as_bytes()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The keys of the JSON object `value`, sorted.
fn sorted_keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    keys
}

const EXAMPLES: [&str; 4] = [
    "examples/traffic/archive.jsonl",
    "examples/traffic/completion.json",
    "examples/traffic/cut-off.sse",
    "examples/traffic/stream.sse",
];
