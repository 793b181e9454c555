//! The streaming walker and the close reading (a parsed `Value`, as a parser keeps it) give
//! one verdict: cases an independent review found where they did not.

#![cfg(feature = "validate")]

use anthropic_completions::validate::{Code, Diagnostic, Format, Options, validate};
use anthropic_completions::{CompletionRequest, Model};

fn stream(event: &str, data: &str) -> Vec<Diagnostic> {
    let input = format!("event: {event}\ndata: {data}\n\n");
    let mut found = Vec::new();
    validate(
        input.as_bytes(),
        Format::EventStream,
        &Options::default(),
        |d| found.push(d),
    );
    found
}

#[test]
fn a_key_repeated_around_an_unlisted_or_wrong_tag_is_an_error() {
    for data in [
        r#"{"type":"nope","type":"ping"}"#,
        r#"{"type":7,"type":"ping"}"#,
        r#"{"a":1,"type":"nope","a":2}"#,
        r#"{"a":1,"type":"ping","a":2}"#,
    ] {
        let found = stream("ping", data);
        assert!(
            found.iter().any(|d| d.code == Code::DuplicateKey),
            "{data}: {found:?}"
        );
    }
}

#[test]
fn a_key_repeated_in_a_2023_ping_is_an_error() {
    let found = stream("ping", r#"{"a":1,"a":2}"#);
    assert!(
        found.iter().any(|d| d.code == Code::DuplicateKey),
        "{found:?}"
    );
    let quiet = stream("ping", r#"{"a":1}"#);
    assert!(
        quiet.iter().all(|d| d.code != Code::DuplicateKey),
        "{quiet:?}"
    );
}

#[test]
fn validate_reports_violations_in_schema_order() {
    let mut request = CompletionRequest::new(Model::Claude2_1, "no turns", 0);
    request.temperature = Some(2.0);
    let pointers: Vec<String> = request
        .validate()
        .unwrap_err()
        .iter()
        .map(|v| v.pointer.to_string())
        .collect();
    assert_eq!(
        pointers,
        ["/prompt", "/max_tokens_to_sample", "/temperature"]
    );
}
