//! The types generated from `schema/completions.schema.json` by the build script.
//!
//! To see the generated source, read `tests/snapshots/` or `target/*/build/*/out/completions.rs`.

include!(concat!(env!("OUT_DIR"), "/completions.rs"));
