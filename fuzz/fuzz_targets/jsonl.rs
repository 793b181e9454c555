//! Any bytes as JSON Lines and as one JSON document: located diagnostics, never a panic.
#![no_main]

use anthropic_completions::validate::{Format, Kind, Options, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::JsonLines, Format::Json] {
        for kind in [Kind::Auto, Kind::Request, Kind::Error] {
            let options = Options { kind, source_lines: true, ..Options::default() };
            let summary = validate(data, format, &options, |d| assert!(d.position.line >= 1 && d.position.column >= 1));
            assert_eq!(summary.records, summary.valid + summary.invalid);
        }
    }
});
