//! The validator: every recorded file gets the verdict its kind implies, bad records are
//! reported at the offending value's line, column and pointer, and hostile input is a
//! diagnostic, never a panic.

#![cfg(feature = "validate")]

mod hostile;
mod limits;
mod records;
mod reports;
mod review;

use std::path::{Path, PathBuf};

use anthropic_completions::validate::{Diagnostic, Format, Options, Summary, validate};

fn run(input: &[u8], format: Format, options: &Options) -> (Summary, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let summary = validate(input, format, options, |d| found.push(d));
    (summary, found)
}

fn data(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn codes(found: &[Diagnostic]) -> Vec<(&'static str, usize, usize, &str)> {
    found
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.position.line,
                d.position.column,
                d.pointer.as_str(),
            )
        })
        .collect()
}
