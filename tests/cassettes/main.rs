//! Cassettes: the ten real ones validate with the right counts; each format and encoding is
//! read; each cross-check passes on a real pair and fails on a mutated one; diagnostics are
//! placed in the cassette.
#![cfg(feature = "cassettes")]

mod pairs;
mod placement;
mod reading;
mod shipped;

use anthropic_completions::cassette::{Cassette, CassetteFormat, Interaction};
use anthropic_completions::validate::{
    Code, Diagnostic, Options, Severity, Summary, validate_cassette,
};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cassettes/");

const ARIZE: &str =
    "Arize-ai-openinference/test_anthropic_instrumentation_completions@895eeee6.yaml";
const ARIZE_STREAM: &str =
    "Arize-ai-openinference/test_anthropic_instrumentation_completions_streaming@f3b7b96b.yaml";
const BOXCARS_400: &str = "BoxcarsAI-boxcars/anthropic@7e44d044.yml";
const BOXCARS_MIXED: &str = "BoxcarsAI-boxcars/xmlzeroshot5@72e60775.yml";
const RUDALL_2024: &str =
    "alexrudall-anthropic/claude-2_complete_how_high_is_the_sky_@5ee2da8e.yml";
const RUDALL_2023: &str =
    "alexrudall-anthropic/claude-2_complete_how_high_is_the_sky_@a774026f.yml";
const HTTPRR: &str = "tmc-langchaingo/TestClient_CreateCompletion@1a39573f.httprr";
const HAR_STREAM: &str =
    "traceloop-openllmetry-js/should-set-attributes-in-span-for-completions-streaming@1ac8678b.har";
const HAR: &str =
    "traceloop-openllmetry-js/should-set-attributes-in-span-for-completions@1ac8678b.har";
const VCRPY_GZIP: &str = "traceloop-openllmetry/test_anthropic_completion_legacy@232c6522.yaml";

fn real(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{name}")).unwrap()
}

fn format_of(name: &str) -> CassetteFormat {
    let bytes = real(name);
    CassetteFormat::detect(name.as_ref(), &bytes).unwrap()
}

/// The real cassette `name` with `from` (which must occur exactly once) replaced by `to`.
fn mutated(name: &str, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(real(name)).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {name}");
    text.replacen(from, to, 1).into_bytes()
}

/// The first interaction of a cassette.
fn first(bytes: &[u8], format: CassetteFormat) -> Interaction {
    let cassette = Cassette::from_slice(bytes, format).unwrap();
    cassette.interactions().next().unwrap().unwrap()
}

fn check_as(bytes: &[u8], format: CassetteFormat) -> (Summary, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let summary = validate_cassette(bytes, format, &Options::default(), |d| found.push(d));
    (summary, found)
}

fn check(name: &str, bytes: &[u8]) -> (Summary, Vec<Diagnostic>) {
    check_as(bytes, format_of(name))
}

fn codes(found: &[Diagnostic]) -> Vec<(Code, Severity)> {
    found.iter().map(|d| (d.code, d.severity)).collect()
}

/// A valid request body.
const COMPLETE_REQUEST: &str =
    r#"{"model":"claude-2.1","prompt":"\n\nHuman: Hi\n\nAssistant:","max_tokens_to_sample":5}"#;

/// An httprr trace of one `/v1/complete` call.
fn trace(
    request_headers: &[(&str, &str)],
    request: &str,
    status: u16,
    response_headers: &[(&str, &str)],
    response: &str,
) -> Vec<u8> {
    let head = |first: String, headers: &[(&str, &str)]| {
        let mut head = first + "\r\n";
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head + "\r\n"
    };
    let request = head(
        "POST https://api.anthropic.com/v1/complete HTTP/1.1".into(),
        request_headers,
    ) + request;
    let response = head(format!("HTTP/1.1 {status} X"), response_headers) + response;
    format!(
        "httprr trace v1\n{} {}\n{request}{response}",
        request.len(),
        response.len()
    )
    .into_bytes()
}

/// The 1-based line and byte column of the first `needle` in `text`.
fn place_of(text: &[u8], needle: &str) -> (usize, usize) {
    let at = text
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap();
    let before = &text[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = at
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}
