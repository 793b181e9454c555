//! Every input `cargo fuzz` ever crashed on (`tests/data/fuzz/<target>/`), replayed with the
//! properties of its target (`fuzz/fuzz_targets/`), so that a fixed crash stays fixed.
//!
//! One caveat: `crash-b1427a10...` (a float that drifted by one bit on a round trip) cannot fail
//! here, because the dev-dependency `jsonschema` turns on serde_json's `float_roundtrip` for
//! every test build. The crate now turns it on itself; the fuzz crate, which has no such
//! dependency, is where that input proves the fix (`cargo fuzz run completion_json <input>`).

#![cfg(feature = "validate")]

use std::path::Path;

use anthropic_completions::validate::{Format, Options, validate};
use anthropic_completions::{Completion, StreamEvent};

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect()
}

/// Reads as `T` and, if it does, writes back to the same value.
fn round_trips<T>(data: &[u8]) -> bool
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
{
    match serde_json::from_slice::<T>(data) {
        Ok(value) => serde_json::from_str::<T>(&serde_json::to_string(&value).unwrap())
            .is_ok_and(|again| again == value),
        Err(_) => true,
    }
}

#[test]
fn completion_json() {
    let inputs = inputs("completion_json");
    assert!(!inputs.is_empty());
    for data in inputs {
        assert!(
            round_trips::<Completion>(&data),
            "{}",
            String::from_utf8_lossy(&data)
        );
        assert!(
            round_trips::<StreamEvent>(&data),
            "{}",
            String::from_utf8_lossy(&data)
        );
        // The validator says what is wrong with it, at a position.
        let options = Options {
            source_lines: true,
            ..Options::default()
        };
        validate(data.as_slice(), Format::Json, &options, |d| {
            assert!(d.position.line >= 1 && d.position.column >= 1)
        });
    }
}
