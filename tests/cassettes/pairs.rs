//! Cross-checks of a pair: each passes on a real cassette and fails on a mutated one.

use super::*;
use anthropic_completions::validate::Part;

/// Asserts that the real cassette passes the check `code` and the mutated one fails it with
/// `severity`.
fn fails_after(name: &str, from: &str, to: &str, code: Code, severity: Severity) -> Diagnostic {
    let (_, before) = check(name, &real(name));
    assert!(
        !before.iter().any(|d| d.code == code),
        "{name}: {before:#?}"
    );
    let (summary, after) = check(name, &mutated(name, from, to));
    let found = after
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("{name}: no {code} after {from:?} -> {to:?}: {after:#?}"));
    assert_eq!(found.severity, severity, "{found:#?}");
    assert_eq!(found.interaction, Some(1));
    assert_eq!(summary.invalid > 0, severity == Severity::Error);
    found.clone()
}

#[test]
fn the_response_model_must_be_the_alias_target_of_the_day() {
    // 2023-07-18: `claude-2` pointed to claude-2.0 only.
    let found = fails_after(
        RUDALL_2023,
        r#""model":"claude-2.0""#,
        r#""model":"claude-2.1""#,
        Code::ModelMismatch,
        Severity::Warning,
    );
    assert!(found.message.contains("claude-2.0"), "{}", found.message);
    assert_eq!(found.part, Some(Part::Response));
    // 2024-05-07: claude-2.1 is the real answer; claude-instant-1.2 is not.
    fails_after(
        RUDALL_2024,
        r#""model":"claude-2.1""#,
        r#""model":"claude-instant-1.2""#,
        Code::ModelMismatch,
        Severity::Warning,
    );
}

#[test]
fn stop_must_be_requested_or_the_turn_marker() {
    // The real xmlzeroshot5 pair stops on the turn marker with other stop_sequences: it passes
    // (every_shipped_cassette_validates_with_the_right_counts).
    let found = fails_after(
        ARIZE,
        r#""stop":"\n\nHuman:""#,
        r#""stop":"\n\nObservation:""#,
        Code::StopMismatch,
        Severity::Error,
    );
    assert_eq!(found.pointer, "/stop");
    // The body is a single-quoted scalar folded over lines: the value itself is placed.
    let bytes = mutated(
        ARIZE,
        r#""stop":"\n\nHuman:""#,
        r#""stop":"\n\nObservation:""#,
    );
    let (line, column) = place_of(&bytes, r#""\n\nObservation:""#);
    assert_eq!((found.position.line, found.position.column), (line, column));
}

#[test]
fn the_stream_flag_the_content_type_and_the_body_agree() {
    fails_after(
        ARIZE_STREAM,
        "\n      true}'",
        "\n      false}'",
        Code::StreamMismatch,
        Severity::Error,
    );
    fails_after(
        HAR_STREAM,
        r#""value": "text/event-stream; charset=utf-8""#,
        r#""value": "application/json""#,
        Code::StreamMismatch,
        Severity::Error,
    );
}

#[test]
fn the_status_matches_the_body_and_its_error_type() {
    // An error body under 200, a completion under 503: the pair contradicts itself.
    fails_after(
        BOXCARS_400,
        "code: 400",
        "code: 200",
        Code::StatusMismatch,
        Severity::Error,
    );
    // httprr records its lengths: a mutation keeps them.
    fails_after(
        HTTPRR,
        "HTTP/1.1 200 OK",
        "HTTP/1.1 503 OK",
        Code::StatusMismatch,
        Severity::Error,
    );
    // By kind: `invalid_request_error` covers other 4xx and `api_error` other 5xx (the schema
    // says so); another kind under another status of its class is a warning, under another
    // class an error.
    let error =
        |kind: &str| format!(r#"{{"type":"error","error":{{"type":"{kind}","message":"m"}}}}"#);
    for (status, kind, expected) in [
        (422, "invalid_request_error", None),
        (400, "invalid_request_error", None),
        (503, "api_error", None),
        (529, "overloaded_error", None),
        (400, "not_found_error", Some(Severity::Warning)),
        (404, "overloaded_error", Some(Severity::Error)),
        (500, "invalid_request_error", Some(Severity::Error)),
    ] {
        let trace = trace(
            &[],
            COMPLETE_REQUEST,
            status,
            &[("Content-Type", "application/json")],
            &error(kind),
        );
        let (_, found) = check_as(&trace, CassetteFormat::Httprr);
        let got = found
            .iter()
            .find(|d| d.code == Code::StatusMismatch)
            .map(|d| d.severity);
        assert_eq!(got, expected, "{status} {kind}: {found:#?}");
    }
}

#[test]
fn the_api_version_matches_the_stream_format() {
    fails_after(
        HAR_STREAM,
        r#""value": "2023-06-01""#,
        r#""value": "2023-01-01""#,
        Code::VersionMismatch,
        Severity::Error,
    );
}

#[test]
fn the_request_id_header_matches_the_error_body() {
    let end = r#"Messages API instead."}}'"#;
    let same = mutated(
        BOXCARS_400,
        end,
        r#"Messages API instead."},"request_id":"req_01Y6ajQDsvNXdqwNjKyQ9cZz"}'"#,
    );
    let (_, found) = check(BOXCARS_400, &same);
    assert!(
        !found.iter().any(|d| d.code == Code::RequestIdMismatch),
        "{found:#?}"
    );
    fails_after(
        BOXCARS_400,
        end,
        r#"Messages API instead."},"request_id":"req_other"}'"#,
        Code::RequestIdMismatch,
        Severity::Error,
    );
}

#[test]
fn models_are_judged_at_the_recording_day() {
    // Recorded 2025-06-09 with claude-2.1, active then; after 2025-07-21 it was retired.
    let found = fails_after(
        HAR,
        "2025-06-09T21:45:38.365Z",
        "2025-08-01T21:45:38.365Z",
        Code::RetiredModel,
        Severity::Warning,
    );
    assert!(found.message.contains("2025-07-21"), "{}", found.message);
    // A request for a model never served here, answered 400: a warning, the recording is valid.
    let (summary, found) = check(BOXCARS_400, &real(BOXCARS_400));
    assert_eq!(
        codes(&found),
        [(Code::UnservedModel, Severity::Warning)],
        "{found:#?}"
    );
    assert_eq!(summary.invalid, 0);
}

#[test]
fn other_endpoints_are_skipped_and_not_checked() {
    let (summary, found) = check(BOXCARS_MIXED, &real(BOXCARS_MIXED));
    assert_eq!((summary.interactions, summary.skipped), (2, 2));
    // Interactions 2 and 3 are OpenAI's: nothing is said of them.
    assert!(
        found.iter().all(|d| matches!(d.interaction, Some(1 | 4))),
        "{found:#?}"
    );
}

#[test]
fn the_api_version_matches_the_body_shape_and_the_stream() {
    let version = [("anthropic-version", "2023-06-01")];
    let json = [("Content-Type", "application/json")];
    // `exception` went away with 2023-06-01.
    let old =
        r#"{"completion":" Hi","stop_reason":"max_tokens","model":"claude-2.0","exception":null}"#;
    let (_, found) = check_as(
        &trace(&version, COMPLETE_REQUEST, 200, &json, old),
        CassetteFormat::Httprr,
    );
    let mismatch = found
        .iter()
        .find(|d| d.code == Code::VersionMismatch)
        .unwrap();
    assert_eq!(
        (mismatch.severity, mismatch.pointer.as_str()),
        (Severity::Error, "/exception")
    );
    let (_, found) = check_as(
        &trace(&[], COMPLETE_REQUEST, 200, &json, old),
        CassetteFormat::Httprr,
    );
    assert!(
        !found.iter().any(|d| d.code == Code::VersionMismatch),
        "{found:#?}"
    );
    // A cumulative (2023-01-01) stream answering a request for 2023-06-01.
    let streamed = COMPLETE_REQUEST.replace('}', r#","stream":true}"#);
    let event = |text: &str, reason: &str| {
        format!(
            "data: {{\"completion\":\"{text}\",\"stop_reason\":{reason},\"model\":\"claude-2.0\"}}\r\n\r\n"
        )
    };
    let cumulative = event(" H", "null") + &event(" Hi", "\"max_tokens\"") + "data: [DONE]\r\n\r\n";
    let sse = [("Content-Type", "text/event-stream")];
    let (_, found) = check_as(
        &trace(&version, &streamed, 200, &sse, &cumulative),
        CassetteFormat::Httprr,
    );
    assert!(
        found
            .iter()
            .any(|d| d.code == Code::VersionMismatch && d.severity == Severity::Error),
        "{found:#?}"
    );
    let old_version = [("anthropic-version", "2023-01-01")];
    let (_, found) = check_as(
        &trace(&old_version, &streamed, 200, &sse, &cumulative),
        CassetteFormat::Httprr,
    );
    assert!(
        !found.iter().any(|d| d.code == Code::VersionMismatch),
        "{found:#?}"
    );
}

#[test]
fn an_alias_may_answer_with_either_target_on_the_days_it_moved() {
    let json = [("Content-Type", "application/json")];
    let request = COMPLETE_REQUEST.replace("claude-2.1", "claude-2");
    let answer = |model: &str, day: &str| {
        let body = format!(
            r#"{{"type":"completion","id":"c","completion":" Hi","stop_reason":"max_tokens","model":"{model}"}}"#
        );
        let headers = [json[0], ("Date", day)];
        let (_, found) = check_as(
            &trace(&[], &request, 200, &headers, &body),
            CassetteFormat::Httprr,
        );
        found.iter().any(|d| d.code == Code::ModelMismatch)
    };
    // Between 2023-11-21 and 2024-04-02 `claude-2` may have been either snapshot.
    assert!(!answer("claude-2.0", "Fri, 01 Dec 2023 10:00:00 GMT"));
    assert!(!answer("claude-2.1", "Fri, 01 Dec 2023 10:00:00 GMT"));
    assert!(answer(
        "claude-instant-1.2",
        "Fri, 01 Dec 2023 10:00:00 GMT"
    ));
    // In July 2023 only claude-2.0.
    assert!(answer("claude-2.1", "Tue, 18 Jul 2023 10:00:00 GMT"));
    // An alias whose target is not published: any answer may be right.
    let request = COMPLETE_REQUEST.replace("claude-2.1", "claude-instant-1");
    let body = r#"{"completion":" Hi","stop_reason":"max_tokens","model":"claude-instant-1.2"}"#;
    let (_, found) = check_as(
        &trace(&[], &request, 200, &json, body),
        CassetteFormat::Httprr,
    );
    assert!(
        !found.iter().any(|d| d.code == Code::ModelMismatch),
        "{found:#?}"
    );
}
