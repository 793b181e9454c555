//! Any bytes as a schema: the generator returns source or a located error, never panics.
#![no_main]

#[path = "../../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match codegen::generate("fuzz.json", text) {
            Ok(source) => assert!(source.starts_with("// @generated")),
            Err(error) => assert_eq!(error.file, "fuzz.json"),
        }
    }
});
