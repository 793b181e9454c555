//! The types generated from `schema/completions.schema.json` by the build script.
//!
//! To see the generated source, read `tests/snapshots/` or `target/*/build/*/out/completions.rs`.

// The rules tables are named after their types (`__RULES_Completion`).
#![allow(non_upper_case_globals)]

include!(concat!(env!("OUT_DIR"), "/completions.rs"));
