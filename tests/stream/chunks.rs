//! The push decoder gives what a whole read gives, however the bytes are cut.

use anthropic_completions::stream::{Decoder, StreamReader, fold};

use super::recorded;

/// Every event of `body` read by the decoder, fed in the chunk sizes `sizes` gives (cycled).
fn decode_in_chunks(
    body: &[u8],
    sizes: &[usize],
) -> Vec<Result<anthropic_completions::stream::Event, String>> {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    let mut rest = body;
    for size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (chunk, after) = rest.split_at((*size).clamp(1, rest.len()));
        events.extend(decoder.feed(chunk).map(|e| e.map_err(|e| e.to_string())));
        rest = after;
    }
    events.extend(decoder.finish().map(|e| e.map_err(|e| e.to_string())));
    events
}

fn whole(body: &[u8]) -> Vec<Result<anthropic_completions::stream::Event, String>> {
    StreamReader::new(body)
        .map(|e| e.map_err(|e| e.to_string()))
        .collect()
}

/// The recorded streams, and each again with a BOM, with CR line ends, and cut short.
fn variants() -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for (name, body) in recorded() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&body);
        let cr = String::from_utf8_lossy(&body)
            .replace("\r\n", "\n")
            .replace('\n', "\r");
        let cut = body[..body.len() * 2 / 3].to_vec();
        all.push((format!("{name} with a BOM"), bom));
        all.push((format!("{name} with CR"), cr.into_bytes()));
        all.push((format!("{name} cut short"), cut));
        all.push((name, body));
    }
    all
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// However the bytes are cut (chunks of 1 to 64 bytes), the decoder gives what a whole
    /// read gives, errors and lines included.
    #[test]
    fn chunk_boundaries_do_not_matter(sizes in proptest::collection::vec(1usize..=64, 1..16)) {
        for (name, body) in variants() {
            proptest::prop_assert_eq!(decode_in_chunks(&body, &sizes), whole(&body), "{}", name);
        }
    }
}

#[test]
fn one_byte_at_a_time_and_a_split_bom() {
    for (name, body) in variants() {
        assert_eq!(decode_in_chunks(&body, &[1]), whole(&body), "{name}");
    }
    // The BOM split across two reads of a blocking reader (capacity 2) no longer loses line 1.
    let (_, body) = recorded().into_iter().next().unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&body);
    let small = std::io::BufReader::with_capacity(2, bom.as_slice());
    assert_eq!(fold(small).unwrap(), fold(body.as_slice()).unwrap());
}
