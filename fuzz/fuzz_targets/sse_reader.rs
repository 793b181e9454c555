//! Any bytes as an event stream: the reader, the fold and the validator never panic.
#![no_main]

use anthropic_completions::stream::{StreamReader, fold, sse::SseReader};
use anthropic_completions::validate::{Format, Options, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for event in SseReader::new(data).flatten() {
        assert!(event.line >= 1);
    }
    let _ = StreamReader::new(data).count();
    let _ = fold(data);
    let options = Options { source_lines: true, ..Options::default() };
    validate(data, Format::EventStream, &options, |d| assert!(d.position.line >= 1 && d.position.column >= 1));
});
