//! Generates the crate's types from `schema/completions.schema.json` with
//! `anthropic-completions-codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SCHEMA: &str = "schema/completions.schema.json";

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed={SCHEMA}");
    println!("cargo::rerun-if-changed=build.rs");
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("error: OUT_DIR is not set; run the build through cargo");
        return ExitCode::FAILURE;
    };
    let settings = anthropic_completions_codegen::Settings::default();
    let source = match anthropic_completions_codegen::generate_file(Path::new(SCHEMA), &settings) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let target = out_dir.join("completions.rs");
    if let Err(error) = std::fs::write(&target, source) {
        eprintln!("error: cannot write {}: {error}", target.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
