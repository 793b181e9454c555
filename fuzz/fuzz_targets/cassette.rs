//! Any bytes as a cassette of each format: validated without a panic, every diagnostic placed
//! inside the input. Seed corpus: `tests/data/cassettes/`.
#![no_main]

use anthropic_completions::cassette::CassetteFormat;
use anthropic_completions::validate::{Options, validate_cassette};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [CassetteFormat::Vcr, CassetteFormat::Har, CassetteFormat::Httprr] {
        validate_cassette(data, format, &Options::default(), |diagnostic| {
            let offset = diagnostic.position.offset.expect("a cassette position has an offset");
            assert!(offset <= data.len(), "{diagnostic:?}");
        });
    }
});
