//! Hostile input: a located diagnostic in bounded memory, never a panic.

use std::io::Read as _;

use super::{codes, run};
use anthropic_completions::validate::{Format, Kind, Options, Severity, validate};

/// Hostile input: each gives a located diagnostic, in bounded memory, without a panic.
#[test]
fn hostile_inputs() {
    let opts = Options::default();
    let first = |bytes: &[u8], format| {
        run(bytes, format, &opts)
            .1
            .into_iter()
            .next()
            .expect("a diagnostic")
    };

    let d = first(
        b"{\"type\":\"completion\",\"id\":\"\xff\"}\n",
        Format::JsonLines,
    );
    assert_eq!(
        (d.code.as_str(), d.position.line, d.position.column),
        ("invalid-utf8", 1, 28)
    );
    let d = first(b"\xEF\xBB\xBF{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-1.3-100k\"}", Format::Json);
    assert_eq!((d.code.as_str(), d.severity), ("bom", Severity::Warning));
    let d = first(b"{\"type\":\"completion\",\"id\":", Format::Json);
    assert_eq!(
        (d.code.as_str(), d.position.line, d.position.column),
        ("invalid-json", 1, 26)
    );
    let d = first(&b"[".repeat(100_000), Format::Json);
    assert_eq!((d.code.as_str(), d.position.line), ("invalid-json", 1));
    assert!(d.message.contains("recursion limit"), "{}", d.message);
    let d = first(b"{\"model\":\"claude-1.3-100k\",\"prompt\":\"\\n\\nHuman: a\\n\\nAssistant:\",\"max_tokens_to_sample\":123456789012345678901234567890}", Format::Json);
    assert_eq!(
        (d.code.as_str(), d.position.column, d.pointer.as_str()),
        ("wrong-type", 89, "/max_tokens_to_sample")
    );
    let d = first(b"{\"completion\": 1e999}", Format::Json);
    assert_eq!((d.code.as_str(), d.position.line), ("invalid-json", 1));
    let d = first(b"{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"a\"},\"type\":\"error\"}", Format::Json);
    assert_eq!(
        (d.code.as_str(), d.position.column, d.pointer.as_str()),
        ("duplicate-key", 60, "/type")
    );
    for format in [Format::Json, Format::JsonLines] {
        assert_eq!(first(b"", format).code, "empty-input");
        assert_eq!(first(b" \n ", format).code, "empty-input");
    }
    // A stream without an event has no final event, whatever it holds (a level can make
    // that a warning, as a recorder may keep a body it never received).
    for input in [&b""[..], b"\n\n", b"hello\n", b": keep-alive\n\n"] {
        assert_eq!(
            first(input, Format::EventStream).code,
            "stream-no-final-event"
        );
    }
}

#[test]
fn a_huge_line_is_skipped_in_bounded_memory_and_reading_goes_on() {
    let huge = std::io::repeat(b'x').take(100 << 20);
    let rest =
        &b"\n{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"a\"}}\n"[..];
    let input = std::io::BufReader::new(std::io::Read::chain(huge, rest));
    let options = Options {
        max_record: 1 << 20,
        ..Options::default()
    };
    let mut found = Vec::new();
    let summary = validate(input, Format::JsonLines, &options, |d| found.push(d));
    assert_eq!(codes(&found), [("record-too-large", 1, 1, "")]);
    assert_eq!((summary.records, summary.valid, summary.invalid), (2, 1, 1));

    let mut document = b"{\"a\": \"".to_vec();
    document.resize(2 << 20, b'x');
    let (summary, found) = run(&document, Format::Json, &options);
    assert_eq!(
        (found[0].code.as_str(), summary.invalid),
        ("record-too-large", 1)
    );
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            for format in [Format::Json, Format::JsonLines, Format::EventStream] {
                for kind in [Kind::Auto, Kind::Request, Kind::Stream] {
                    let options = Options { kind, ..Options::default() };
                    let (summary, found) = run(&bytes, format, &options);
                    prop_assert!(summary.invalid as usize <= found.len().max(1));
                    for d in &found {
                        prop_assert!(d.position.line >= 1 && d.position.column >= 1, "{d:?}");
                    }
                }
            }
            let _ = anthropic_completions::stream::fold(bytes.as_slice());
            let _ = anthropic_completions::stream::sse::SseReader::new(bytes.as_slice()).count();
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = anthropic_completions::prompt::check_prompt(text);
            }
        }

        #[test]
        fn json_shaped_text(text in r#"[{}\[\]",:0-9a-z_ \n\\-]{0,200}"#) {
            for format in [Format::Json, Format::JsonLines, Format::EventStream] {
                let (_, found) = run(text.as_bytes(), format, &Options::default());
                for d in &found {
                    prop_assert!(d.position.line >= 1 && d.position.column >= 1, "{d:?}");
                }
            }
        }
    }
}
