//! Any bytes as a schema: the generator returns source or a located error, never panics.
#![no_main]

use anthropic_completions_codegen::{Settings, generate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match generate("fuzz.json", text, &Settings::default()) {
            Ok(source) => assert!(source.starts_with("// @generated")),
            Err(error) => assert_eq!(error.file, "fuzz.json"),
        }
    }
});
