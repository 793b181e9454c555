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

fn line(text: &str) -> Vec<(Code, String, usize)> {
    let mut found = Vec::new();
    validate(
        text.as_bytes(),
        Format::JsonLines,
        &Options::default(),
        |d| found.push(d),
    );
    found
        .into_iter()
        .map(|d| (d.code, d.pointer.to_string(), d.position.column))
        .collect()
}

/// A string with no rule beyond its type is skipped unread; what is not a string, or not a
/// string a read accepts, is found as a read finds it (cases a differential run against the
/// reading walker settled).
#[test]
fn a_plain_string_skipped_unread_gives_the_verdict_of_a_read() {
    let record = |id: &str| {
        format!(
            r#"{{"type":"completion","id":{id},"completion":"x","stop_reason":null,"model":"claude-2.1"}}"#
        )
    };
    // `"id":` ends at column 26: the value starts at 27.
    assert_eq!(line(&record(r#""c-1""#)), []);
    assert_eq!(line(&record("5")), [(Code::WrongType, "/id".into(), 27)]);
    assert_eq!(line(&record("null")), [(Code::WrongType, "/id".into(), 27)]);
    // A number no f64 holds: the read's error, where the read would have stopped.
    assert_eq!(line(&record("1e400")), [(Code::InvalidJson, "".into(), 31)]);
    // A repeated key inside a value of the wrong type is still seen.
    let found = line(&record(r#"{"a":1,"a":2}"#));
    assert!(found.iter().any(|f| f.0 == Code::DuplicateKey), "{found:?}");
    assert!(found.iter().any(|f| f.0 == Code::WrongType), "{found:?}");
    // A lone surrogate escape, which skipping would pass: refused, as a read refuses it.
    let found = line(&record(r#""\ud800""#));
    assert_eq!(
        found.first().map(|f| f.0),
        Some(Code::InvalidJson),
        "{found:?}"
    );
    // A pair is a character.
    assert_eq!(line(&record(r#""\ud83d\ude00""#)), []);
    // A bad escape or a raw control character: refused either way.
    assert_eq!(
        line(&record(r#""\x""#)).first().map(|f| f.0),
        Some(Code::InvalidJson)
    );
    assert_eq!(
        line(&record("\"a\tb\"")).first().map(|f| f.0),
        Some(Code::InvalidJson)
    );
}

/// Values the walker replays (keys before a tagged union's tag, items of a counted array)
/// are read, not skipped: their types are still checked.
#[test]
fn replayed_values_are_checked_as_read() {
    let data =
        r#"{"id":5,"type":"completion","completion":"x","stop_reason":null,"model":"claude-2.1"}"#;
    let found = stream("completion", data);
    assert!(
        found
            .iter()
            .any(|d| d.code == Code::WrongType && d.pointer.as_str() == "/id"),
        "{found:?}"
    );
    let found = stream("ping", r#"{"type":5}"#);
    assert!(found.iter().any(|d| d.code == Code::WrongType), "{found:?}");
}

/// A value nested close to serde_json's limit of 128 in a string field: the read's verdict
/// (the limit counts the record's whole depth).
#[test]
fn a_deep_value_in_a_string_field_meets_the_limit_of_the_whole_record() {
    let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
    let record = format!(r#"{{"type":"error","error":{{"type":"api_error","message":{deep}}}}}"#);
    let found = line(&record);
    assert_eq!(
        found.first().map(|f| f.0),
        Some(Code::InvalidJson),
        "{found:?}"
    );
    let shallow = format!("{}{}", "[".repeat(20), "]".repeat(20));
    let record =
        format!(r#"{{"type":"error","error":{{"type":"api_error","message":{shallow}}}}}"#);
    assert_eq!(line(&record).first().map(|f| f.0), Some(Code::WrongType));
}
