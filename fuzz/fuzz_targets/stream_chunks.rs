//! Any bytes as an event stream, cut into chunks of sizes the input's first byte picks: the
//! sans-IO decoder gives exactly what one whole read gives (events, errors, lines).
#![no_main]

use anthropic_completions::stream::{Decoder, StreamReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&seed, body)) = data.split_first() else {
        return;
    };
    let whole: Vec<String> = StreamReader::new(body)
        .map(|event| format!("{event:?}"))
        .collect();
    let mut decoder = Decoder::new();
    let mut chunked = Vec::new();
    let mut rest = body;
    let mut size = usize::from(seed % 17) + 1;
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        chunked.extend(decoder.feed(chunk).map(|event| format!("{event:?}")));
        rest = after;
        size = size % 13 + 1;
    }
    chunked.extend(decoder.finish().map(|event| format!("{event:?}")));
    assert_eq!(chunked, whole);
});
