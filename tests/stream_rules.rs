//! The validator judges a stream's own rules (one id, one model, nothing after the end, a
//! final event, cumulative 2023 text) as the public fold does: it folds the values its walk
//! picked out of each event, the fold reads typed events, and the two must agree on every
//! stream: escapes and both wire formats included, and events the typed read refuses (a
//! number for `id`, `null` for `truncated`), which are not folded even when a level makes
//! their problem a warning. (Repeated keys are not generated: an error for both.)

#![cfg(feature = "validate")]

use anthropic_completions::stream::{Accumulator, ErrorKind, StreamReader};
use anthropic_completions::validate::{Code, Format, Level, Options, validate};
use proptest::prelude::*;

/// Texts with and without escapes: `\u0048` is `H` escaped, so that two events can spell one
/// text two ways; an escaped backslash, an escaped slash, a surrogate pair.
const TEXTS: &[&str] = &[
    "",
    "H",
    "He",
    "Hel",
    "\\u0048e",
    "He\\\"",
    "H\\u00e9",
    "é",
    "H\\\\",
    "H\\/",
    "H\\ud83d\\ude00",
];
const MODELS: &[&str] = &["claude-2.1", "claude-instant-1.2", "not-a-listed-model"];
/// An event's `id`: two ids, none, and two values the typed read refuses.
const IDS: &[&str] = &[
    "\"id\":\"compl_a\",",
    "\"id\":\"compl_b\",",
    "",
    "\"id\":5,",
    "\"id\":null,",
];
/// A 2023 event's `truncated` and `exception`: absent, or a value (the typed read refuses
/// `null` and a number for `truncated`, a number for `exception`).
const TRUNCATED: &[&str] = &[
    "",
    ",\"truncated\":false",
    ",\"truncated\":null",
    ",\"truncated\":7",
];
const EXCEPTION: &[&str] = &[
    "",
    ",\"exception\":null",
    ",\"exception\":\"boom\"",
    ",\"exception\":5",
];

/// One event of a generated stream (indices into the tables above).
#[derive(Debug, Clone)]
enum Piece {
    /// Today's completion chunk; its `type` first, written with an escape (which makes the
    /// validator read the event closely, typed), or last.
    Typed {
        id: usize,
        model: usize,
        text: usize,
        stop: bool,
        spelling: usize,
    },
    /// The 2023 shape: no `type`, no `id`.
    Legacy {
        model: usize,
        text: usize,
        stop: bool,
        truncated: usize,
        exception: usize,
    },
    Ping,
    Done,
}

fn piece() -> impl Strategy<Value = Piece> {
    let typed = (
        0..IDS.len(),
        0..MODELS.len(),
        0..TEXTS.len(),
        prop::bool::weighted(0.2),
        prop_oneof![4 => Just(0usize), 1 => Just(1usize), 1 => Just(2usize)],
    )
        .prop_map(|(id, model, text, stop, spelling)| Piece::Typed {
            id,
            model,
            text,
            stop,
            spelling,
        });
    let legacy = (
        0..MODELS.len(),
        0..TEXTS.len(),
        prop::bool::weighted(0.2),
        0..TRUNCATED.len(),
        0..EXCEPTION.len(),
    )
        .prop_map(|(model, text, stop, truncated, exception)| Piece::Legacy {
            model,
            text,
            stop,
            truncated,
            exception,
        });
    prop_oneof![6 => typed, 4 => legacy, 1 => Just(Piece::Ping), 1 => Just(Piece::Done)]
}

fn render(pieces: &[Piece]) -> String {
    let reason = |stop: bool| if stop { "\"stop_sequence\"" } else { "null" };
    let mut body = String::new();
    for piece in pieces {
        match *piece {
            Piece::Typed {
                id,
                model,
                text,
                stop,
                spelling,
            } => {
                let fields = format!(
                    "{}\"completion\":\"{}\",\"stop_reason\":{},\"model\":\"{}\"",
                    IDS[id],
                    TEXTS[text],
                    reason(stop),
                    MODELS[model],
                );
                let data = match spelling {
                    0 => format!("{{\"type\":\"completion\",{fields}}}"),
                    1 => format!("{{\"type\":\"complet\\u0069on\",{fields}}}"),
                    _ => format!("{{{fields},\"type\":\"completion\"}}"),
                };
                body.push_str(&format!("event: completion\ndata: {data}\n\n"));
            }
            Piece::Legacy {
                model,
                text,
                stop,
                truncated,
                exception,
            } => body.push_str(&format!(
                "data: {{\"completion\":\"{}\",\"stop_reason\":{},\"model\":\"{}\"{}{}}}\n\n",
                TEXTS[text],
                reason(stop),
                MODELS[model],
                TRUNCATED[truncated],
                EXCEPTION[exception],
            )),
            Piece::Ping => body.push_str("event: ping\ndata: {\"type\":\"ping\"}\n\n"),
            Piece::Done => body.push_str("data: [DONE]\n\n"),
        }
    }
    body
}

/// The stream-rule code of the typed fold's verdict, as the validator names it: events read
/// typed one by one (an event the typed read refuses is not folded), folded until the first
/// failure.
fn fold_verdict(body: &str) -> Option<&'static str> {
    let code = |kind: ErrorKind| match kind {
        ErrorKind::IdChanged { .. } => "stream-id-changed",
        ErrorKind::ModelChanged { .. } => "stream-model-changed",
        ErrorKind::AfterEnd => "stream-after-end",
        ErrorKind::NoFinalEvent => "stream-no-final-event",
        ErrorKind::NotCumulative => "stream-not-cumulative",
        other => panic!("a generated stream failed otherwise: {other:?}"),
    };
    let mut accumulator = Accumulator::new();
    let mut any = false;
    for event in StreamReader::new(body.as_bytes()) {
        any = true;
        match event {
            Ok(event) => {
                if let Err(error) = accumulator.push(&event) {
                    return Some(code(error.kind));
                }
            }
            Err(error) if matches!(error.kind, ErrorKind::InvalidData(_)) => {}
            Err(error) => return Some(code(error.kind)),
        }
    }
    // The validator's word for a stream without events.
    if !any {
        return Some("stream-no-final-event");
    }
    accumulator.finish().err().map(|error| code(error.kind))
}

/// The stream-rule codes the validator reports with `options`.
fn validator_verdict(body: &str, options: &Options) -> Vec<String> {
    let mut codes = Vec::new();
    validate(body.as_bytes(), Format::EventStream, options, |d| {
        let code = d.code.to_string();
        if code.starts_with("stream-") && code != "stream-error-event" {
            codes.push(code);
        }
    });
    codes
}

/// Default options, and options under which what the typed read refuses is no error.
fn option_sets() -> [Options; 2] {
    let lenient = [Code::WrongType, Code::MissingField, Code::LegacyShape]
        .into_iter()
        .map(|code| (code, Level::Allow))
        .collect();
    [
        Options::default(),
        Options {
            levels: lenient,
            ..Options::default()
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_validator_and_the_fold_agree_on_a_streams_rules(pieces in prop::collection::vec(piece(), 0..7)) {
        let body = render(&pieces);
        let expected: Vec<String> = fold_verdict(&body).map(str::to_owned).into_iter().collect();
        for options in option_sets() {
            prop_assert_eq!(validator_verdict(&body, &options), expected.clone(), "{}", body);
        }
    }
}

#[test]
fn a_text_spelled_two_ways_is_still_cumulative() {
    // `\u0048e` is "He": the 2023 text grows from "H" to "He" to "Hel" whatever the escapes.
    let body = "data: {\"completion\":\"H\",\"stop_reason\":null,\"model\":\"claude-v1\",\"exception\":null}\n\n\
                data: {\"completion\":\"\\u0048e\",\"stop_reason\":null,\"model\":\"claude-v1\"}\n\n\
                data: {\"completion\":\"Hel\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-v1\"}\n\n\
                data: [DONE]\n\n";
    let options = Options::default();
    assert_eq!(fold_verdict(body), None);
    assert!(validator_verdict(body, &options).is_empty());
    let broken = body.replace("Hel", "Hxl");
    assert_eq!(fold_verdict(&broken), Some("stream-not-cumulative"));
    assert_eq!(
        validator_verdict(&broken, &options),
        ["stream-not-cumulative"]
    );
}

#[test]
fn a_typed_event_read_closely_folds_with_the_picked_ones() {
    // The second event's `type` is escaped: it is read typed, the others from the walk's
    // picked values, and the text still grows from "a" to "ab" to "abc".
    let body = "event: completion\ndata: {\"type\":\"completion\",\"completion\":\"a\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n\n\
                event: completion\ndata: {\"type\":\"complet\\u0069on\",\"completion\":\"ab\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n\n\
                event: completion\ndata: {\"type\":\"completion\",\"completion\":\"abc\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-2.1\"}\n\n\
                data: [DONE]\n\n";
    assert_eq!(fold_verdict(body), None);
    assert!(validator_verdict(body, &Options::default()).is_empty());
}

#[test]
fn an_event_the_typed_read_refuses_is_not_folded_at_any_level() {
    // The second event would end the stream, but its `id` is a number: with wrong types
    // allowed it is still not folded, and the stream has no final event.
    let body = "data: {\"type\":\"completion\",\"id\":\"a\",\"completion\":\"x\",\"stop_reason\":null,\"model\":\"claude-2\"}\n\n\
                data: {\"type\":\"completion\",\"id\":5,\"completion\":\"\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-2\"}\n\n";
    for options in option_sets() {
        assert_eq!(validator_verdict(body, &options), ["stream-no-final-event"]);
    }
    // A 2023 `truncated: null` reads as absent: no evidence of cumulative text.
    let body = "data: {\"completion\":\" He\",\"stop_reason\":null,\"model\":\"claude-v1\",\"truncated\":null}\n\n\
                data: {\"completion\":\"llo\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-v1\"}\n\n";
    assert!(validator_verdict(body, &option_sets()[1]).is_empty());
}
