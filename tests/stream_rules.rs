//! The validator judges a stream's own rules (one id, one model, nothing after the end, a
//! final event, cumulative 2023 text) as the public fold does: it folds the values its walk
//! picked out of each event, the fold reads typed events, and the two must agree on every
//! stream, escapes and both wire formats included. (An event with a repeated key is an
//! error for both, and is not folded.)

#![cfg(feature = "validate")]

use anthropic_completions::stream::{ErrorKind, fold};
use anthropic_completions::validate::{Format, Options, validate};
use proptest::prelude::*;

/// Texts with and without escapes; `\u0048` is `H` escaped, so that two events can spell one
/// text two ways.
const TEXTS: &[&str] = &["", "H", "He", "Hel", "\\u0048e", "He\\\"", "H\\u00e9", "é"];
const MODELS: &[&str] = &["claude-2.1", "claude-instant-1.2", "not-a-listed-model"];

/// One event of a generated stream.
#[derive(Debug, Clone)]
enum Piece {
    /// Today's completion chunk (`id` index, 2 for none).
    Typed {
        id: usize,
        model: usize,
        text: usize,
        stop: bool,
    },
    /// The 2023 shape: no `type`, no `id`; `truncated`/`exception` as given (`null` counts).
    Legacy {
        model: usize,
        text: usize,
        stop: bool,
        truncated: bool,
        exception_null: bool,
    },
    Ping,
    Done,
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        6 => (0..3usize, 0..MODELS.len(), 0..TEXTS.len(), prop::bool::weighted(0.2))
            .prop_map(|(id, model, text, stop)| Piece::Typed { id, model, text, stop }),
        4 => (0..MODELS.len(), 0..TEXTS.len(), prop::bool::weighted(0.2), any::<bool>(), any::<bool>())
            .prop_map(|(model, text, stop, truncated, exception_null)| Piece::Legacy {
                model, text, stop, truncated, exception_null,
            }),
        1 => Just(Piece::Ping),
        1 => Just(Piece::Done),
    ]
}

fn render(pieces: &[Piece]) -> String {
    let mut body = String::new();
    for piece in pieces {
        let reason = |stop: bool| if stop { "\"stop_sequence\"" } else { "null" };
        match piece {
            Piece::Typed {
                id,
                model,
                text,
                stop,
            } => {
                let id = match id {
                    0 => "\"id\":\"compl_a\",",
                    1 => "\"id\":\"compl_b\",",
                    _ => "",
                };
                body.push_str(&format!(
                    "event: completion\ndata: {{\"type\":\"completion\",{id}\"completion\":\"{}\",\"stop_reason\":{},\"model\":\"{}\"}}\n\n",
                    TEXTS[*text],
                    reason(*stop),
                    MODELS[*model],
                ));
            }
            Piece::Legacy {
                model,
                text,
                stop,
                truncated,
                exception_null,
            } => {
                let truncated = if *truncated {
                    ",\"truncated\":false"
                } else {
                    ""
                };
                let exception = if *exception_null {
                    ",\"exception\":null"
                } else {
                    ""
                };
                body.push_str(&format!(
                    "data: {{\"completion\":\"{}\",\"stop_reason\":{},\"model\":\"{}\"{truncated}{exception}}}\n\n",
                    TEXTS[*text],
                    reason(*stop),
                    MODELS[*model],
                ));
            }
            Piece::Ping => body.push_str("event: ping\ndata: {\"type\":\"ping\"}\n\n"),
            Piece::Done => body.push_str("data: [DONE]\n\n"),
        }
    }
    body
}

/// The stream-rule code the fold's verdict stands for, as the validator names it.
fn fold_verdict(body: &str) -> Option<&'static str> {
    let kind = fold(body.as_bytes()).err()?.kind;
    Some(match kind {
        ErrorKind::IdChanged { .. } => "stream-id-changed",
        ErrorKind::ModelChanged { .. } => "stream-model-changed",
        ErrorKind::AfterEnd => "stream-after-end",
        ErrorKind::NoFinalEvent | ErrorKind::NotAnEventStream => "stream-no-final-event",
        ErrorKind::NotCumulative => "stream-not-cumulative",
        ErrorKind::EmptyStream => "empty-input",
        other => panic!("a generated stream failed otherwise: {other:?}"),
    })
}

/// The stream-rule codes the validator reports.
fn validator_verdict(body: &str) -> Vec<String> {
    let mut codes = Vec::new();
    validate(
        body.as_bytes(),
        Format::EventStream,
        &Options::default(),
        |d| {
            let code = d.code.to_string();
            if code.starts_with("stream-") && code != "stream-error-event" || code == "empty-input"
            {
                codes.push(code);
            }
        },
    );
    codes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_validator_and_the_fold_agree_on_a_streams_rules(pieces in prop::collection::vec(piece(), 0..7)) {
        let body = render(&pieces);
        let expected: Vec<String> = fold_verdict(&body).map(str::to_owned).into_iter().collect();
        prop_assert_eq!(validator_verdict(&body), expected, "{}", body);
    }
}

#[test]
fn a_text_spelled_two_ways_is_still_cumulative() {
    // `\u0048e` is "He": the 2023 text grows from "H" to "He" to "Hel" whatever the escapes.
    let body = "data: {\"completion\":\"H\",\"stop_reason\":null,\"model\":\"claude-v1\",\"exception\":null}\n\n\
                data: {\"completion\":\"\\u0048e\",\"stop_reason\":null,\"model\":\"claude-v1\"}\n\n\
                data: {\"completion\":\"Hel\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-v1\"}\n\n\
                data: [DONE]\n\n";
    assert_eq!(fold_verdict(body), None);
    assert!(validator_verdict(body).is_empty());
    let broken = body.replace("Hel", "Hxl");
    assert_eq!(fold_verdict(&broken), Some("stream-not-cumulative"));
    assert_eq!(validator_verdict(&broken), ["stream-not-cumulative"]);
}
