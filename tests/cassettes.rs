//! Cassettes: the ten real ones validate with the right counts; each format and encoding is
//! read; each cross-check passes on a real pair and fails on a mutated one; diagnostics are
//! placed in the cassette.
#![cfg(feature = "cassettes")]

use std::io::Write;

use anthropic_completions::cassette::{Cassette, CassetteFormat, Interaction};
use anthropic_completions::validate::{
    Code, Diagnostic, Options, Part, Severity, Summary, validate_cassette,
};
use base64::Engine as _;

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

/// The codes only a pair can raise.
const PAIR_CODES: [Code; 6] = [
    Code::StreamMismatch,
    Code::StatusMismatch,
    Code::VersionMismatch,
    Code::RequestIdMismatch,
    Code::ModelMismatch,
    Code::StopMismatch,
];

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

#[test]
fn every_shipped_cassette_validates_with_the_right_counts() {
    let expected = [
        (ARIZE, 1, 0),
        (ARIZE_STREAM, 1, 0),
        (BOXCARS_400, 1, 0),
        (BOXCARS_MIXED, 2, 2),
        (RUDALL_2024, 1, 0),
        (RUDALL_2023, 1, 0),
        (HTTPRR, 1, 0),
        (HAR_STREAM, 1, 0),
        (HAR, 1, 0),
        (VCRPY_GZIP, 1, 0),
    ];
    let shipped = std::fs::read_dir(DIR)
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).into_iter().flatten())
        .count();
    assert_eq!(
        shipped,
        expected.len(),
        "a cassette without expected counts"
    );
    for (name, interactions, skipped) in expected {
        let (summary, found) = check(name, &real(name));
        assert_eq!(
            (summary.interactions, summary.skipped),
            (interactions, skipped),
            "{name}"
        );
        assert_eq!(summary.records, 2 * interactions, "{name}");
        assert_eq!(
            (summary.invalid, summary.errors),
            (0, 0),
            "{name}: {found:#?}"
        );
        assert!(
            found.iter().all(|d| !PAIR_CODES.contains(&d.code)),
            "{name}: {found:#?}"
        );
    }
}

#[test]
fn each_format_is_read_with_its_recording_day() {
    let day = |name: &str| {
        first(&real(name), format_of(name))
            .recorded_on
            .map(|d| d.to_string())
    };
    // Ruby VCR: recorded_at; vcrpy and httprr: the Date header; HAR: startedDateTime.
    assert_eq!(day(RUDALL_2023).as_deref(), Some("2023-07-18"));
    assert_eq!(day(VCRPY_GZIP).as_deref(), Some("2024-04-07"));
    assert_eq!(day(HTTPRR).as_deref(), Some("2025-06-01"));
    assert_eq!(day(HAR).as_deref(), Some("2025-06-09"));
    // vcrpy without headers: no day.
    assert_eq!(day(ARIZE), None);
    for (name, format) in [
        (RUDALL_2023, CassetteFormat::Vcr),
        (ARIZE, CassetteFormat::Vcr),
        (HAR, CassetteFormat::Har),
        (HTTPRR, CassetteFormat::Httprr),
    ] {
        assert_eq!(format_of(name), format, "{name}");
        // The content tells the format too, without the extension.
        assert_eq!(
            CassetteFormat::of_content(&real(name)),
            Some(format),
            "{name}"
        );
    }
}

#[test]
fn a_gzip_binary_body_is_decoded() {
    let interaction = first(&real(VCRPY_GZIP), CassetteFormat::Vcr);
    let response = &interaction.response;
    assert_eq!(response.headers.get("content-encoding"), Some("gzip"));
    let body: serde_json::Value = serde_json::from_slice(response.body.bytes()).unwrap();
    assert_eq!(body["model"], "claude-instant-1.2");
}

/// The httprr cassette with its response body replaced by `body` under `Content-Encoding:
/// coding`.
fn httprr_encoded(coding: &str, body: &[u8]) -> Vec<u8> {
    let source = real(HTTPRR);
    let text = String::from_utf8(source).unwrap();
    let (_, records) = text.split_once('\n').unwrap();
    let (lengths, rest) = records.split_once('\n').unwrap();
    let (request_len, _) = lengths.split_once(' ').unwrap();
    let request_len: usize = request_len.parse().unwrap();
    let (request, response) = rest.split_at(request_len);
    let head_end = response
        .find("\r\n\r\n")
        .map(|at| (at, 4))
        .unwrap_or_else(|| (response.find("\n\n").unwrap(), 2));
    let head = &response[..head_end.0];
    let eol = if head_end.1 == 4 { "\r\n" } else { "\n" };
    let head: Vec<&str> = head
        .split(eol)
        .filter(|line| !line.to_ascii_lowercase().starts_with("content-length"))
        .collect();
    let mut new_response = format!(
        "{}{eol}Content-Encoding: {coding}{eol}{eol}",
        head.join(eol)
    )
    .into_bytes();
    new_response.extend_from_slice(body);
    let mut out = format!(
        "httprr trace v1\n{} {}\n{request}",
        request.len(),
        new_response.len()
    )
    .into_bytes();
    out.extend_from_slice(&new_response);
    out
}

fn httprr_body() -> Vec<u8> {
    first(&real(HTTPRR), CassetteFormat::Httprr)
        .response
        .body
        .bytes()
        .to_vec()
}

#[test]
fn each_content_coding_is_undone() {
    let body = httprr_body();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&body).unwrap();
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    deflate.write_all(&body).unwrap();
    let br = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/derived/httprr-response-body.br"
    ))
    .unwrap();
    for (coding, encoded) in [
        ("gzip", gzip.finish().unwrap()),
        ("deflate", deflate.finish().unwrap()),
        ("br", br),
    ] {
        assert_ne!(encoded, body);
        let trace = httprr_encoded(coding, &encoded);
        let interaction = first(&trace, CassetteFormat::Httprr);
        assert_eq!(interaction.response.body.bytes(), body, "{coding}");
        let (summary, found) = check_as(&trace, CassetteFormat::Httprr);
        assert_eq!(
            (summary.errors, summary.warnings),
            (0, 0),
            "{coding}: {found:#?}"
        );
    }
    // A body that does not decode as its header says is an error, placed at the body.
    let trace = httprr_encoded("gzip", b"\x1f\x8b\x08garbage");
    let (summary, found) = check_as(&trace, CassetteFormat::Httprr);
    assert_eq!(summary.invalid, 1);
    let broken = found
        .iter()
        .find(|d| d.code == Code::UndecodableBody)
        .unwrap();
    assert_eq!(
        (broken.interaction, broken.part),
        (Some(1), Some(Part::Response))
    );
    let text = String::from_utf8_lossy(&trace);
    let line = text[..text.find("\x1f\u{fffd}").unwrap_or(text.len())]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(broken.position.line, line);
}

#[test]
fn base64_bodies_of_ruby_vcr_and_polly_chunks() {
    // Ruby VCR's base64_string, from the real 2023 cassette.
    let text = String::from_utf8(real(RUDALL_2023)).unwrap();
    let start = text.rfind("      string: '").unwrap();
    let end = text[start..].find("'\n").unwrap() + start + 2;
    let body = &text[start + "      string: '".len()..end - 2];
    let encoded = base64::engine::general_purpose::STANDARD.encode(body);
    let ruby = format!(
        "{}      base64_string: {encoded}\n{}",
        &text[..start],
        &text[end..]
    );
    let interaction = first(ruby.as_bytes(), CassetteFormat::Vcr);
    assert_eq!(interaction.response.body.bytes(), body.as_bytes());

    // Polly.JS: the gzip of the body in base64 chunks, `encoding: base64`, under the real
    // `content-encoding: gzip` header.
    let har: serde_json::Value = serde_json::from_slice(&real(HAR)).unwrap();
    let original = har["log"]["entries"][0]["response"]["content"]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(original.as_bytes()).unwrap();
    let gzip = gzip.finish().unwrap();
    let chunks: Vec<String> = gzip
        .chunks(100)
        .map(|chunk| base64::engine::general_purpose::STANDARD.encode(chunk))
        .collect();
    let mut polly = har.clone();
    let content = &mut polly["log"]["entries"][0]["response"]["content"];
    content["text"] = serde_json::to_string(&chunks).unwrap().into();
    content["encoding"] = "base64".into();
    let polly = serde_json::to_vec_pretty(&polly).unwrap();
    let interaction = first(&polly, CassetteFormat::Har);
    assert_eq!(interaction.response.body.bytes(), original.as_bytes());
    let (summary, found) = check_as(&polly, CassetteFormat::Har);
    assert_eq!((summary.errors, summary.interactions), (0, 1), "{found:#?}");
}

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
fn a_double_quoted_stream_body_places_the_value_itself() {
    // The last event of the real stream, its `stop` made a number: a warning (an
    // undocumented key of another type), placed at the `5` in the cassette.
    let from = r#"\"stop\":\"\\n\\nHuman:\""#;
    let bytes = mutated(ARIZE_STREAM, from, r#"\"stop\":5"#);
    let (_, found) = check(ARIZE_STREAM, &bytes);
    let wrong = found
        .iter()
        .find(|d| d.pointer == "/stop")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(wrong.part, Some(Part::Response));
    let (line, column) = place_of(&bytes, r#"5,\"log_id"#);
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
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

#[test]
fn a_verbatim_body_places_the_value_itself() {
    // httprr: the body is stored as sent (the mutation keeps the recorded lengths).
    let same_length = format!("\"stop_reason\":{:<15}", 5);
    let trace = mutated(HTTPRR, r#""stop_reason":"stop_sequence""#, &same_length);
    let (_, found) = check(HTTPRR, &trace);
    let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
    let (line, column) = place_of(&trace, r#"5    "#);
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
    assert_eq!(
        (wrong.part, wrong.pointer.as_str()),
        (Some(Part::Response), "/stop_reason")
    );

    // HAR: the body is a JSON string; the place is found through its escapes.
    let har = mutated(
        HAR,
        r#"\"stop_reason\":\"stop_sequence\""#,
        r#"\"stop_reason\":7"#,
    );
    let (_, found) = check(HAR, &har);
    let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
    let (line, column) = place_of(&har, r#"7,\"model"#);
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
}

#[test]
fn a_compressed_body_places_its_start() {
    // The gzip body names claude-instant-1.2, retired on 2024-11-06: recorded a year later
    // (by its Date header), the model is reported at the body, which only has a start.
    let late = mutated(
        VCRPY_GZIP,
        "Sun, 07 Apr 2024 07:29:54 GMT",
        "Mon, 07 Apr 2025 07:29:54 GMT",
    );
    // Unfolded: the response's warning repeats the request's (same model, same pointer).
    let options = Options {
        fold_repeats: false,
        ..Options::default()
    };
    let mut found = Vec::new();
    validate_cassette(late.as_slice(), CassetteFormat::Vcr, &options, |d| {
        found.push(d)
    });
    let retired = found
        .iter()
        .find(|d| d.code == Code::RetiredModel && d.part == Some(Part::Response))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(retired.pointer, "/model");
    // The scalar starts at its tag.
    let (line, column) = place_of(&late, "!!binary |");
    assert_eq!(
        (retired.position.line, retired.position.column),
        (line, column),
        "{retired:#?}"
    );
}

#[test]
fn an_unreadable_cassette_is_one_located_error() {
    let broken = mutated(RUDALL_2023, "  response:\n", "  response: [\n");
    let (summary, found) = check(RUDALL_2023, &broken);
    assert_eq!(codes(&found), [(Code::UnreadableCassette, Severity::Error)]);
    assert_eq!((summary.records, summary.invalid), (1, 1));
    assert!(found[0].position.line > 1, "{found:#?}");
    let (_, found) = check_as(b"{\"log\": {}}", CassetteFormat::Har);
    assert!(found[0].message.contains("entries"), "{found:#?}");
}

const ALL: [&str; 10] = [
    ARIZE,
    ARIZE_STREAM,
    BOXCARS_400,
    BOXCARS_MIXED,
    RUDALL_2024,
    RUDALL_2023,
    HTTPRR,
    HAR_STREAM,
    HAR,
    VCRPY_GZIP,
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// A real cassette with bytes changed and cut anywhere, read as each format: a
    /// diagnostic, never a panic.
    #[test]
    fn no_damaged_cassette_makes_the_validator_panic(
        which in 0..ALL.len(),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        flips in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()),
            0..6,
        ),
    ) {
        let mut bytes = real(ALL[which]);
        for (at, byte) in flips {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        for format in [CassetteFormat::Vcr, CassetteFormat::Har, CassetteFormat::Httprr] {
            let (summary, found) = check_as(&bytes, format);
            // An invalid record has an error said of it, and every diagnostic is placed
            // inside the input.
            proptest::prop_assert!(summary.invalid == 0 || found.iter().any(|d| d.severity == Severity::Error));
            for diagnostic in &found {
                let offset = diagnostic.position.offset.unwrap_or(usize::MAX);
                proptest::prop_assert!(offset <= bytes.len(), "{:?}", diagnostic);
            }
        }
    }
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

#[test]
fn a_body_not_recorded_is_a_warning_at_its_entry() {
    let har: serde_json::Value = serde_json::from_slice(&real(HAR)).unwrap();
    let mut cut = har.clone();
    cut["log"]["entries"][0]["response"]["content"]
        .as_object_mut()
        .unwrap()
        .remove("text");
    let bytes = serde_json::to_vec_pretty(&cut).unwrap();
    let (summary, found) = check_as(&bytes, CassetteFormat::Har);
    let missing = found
        .iter()
        .find(|d| d.code == Code::BodyNotRecorded)
        .unwrap();
    assert_eq!(
        (missing.severity, missing.part),
        (Severity::Warning, Some(Part::Response))
    );
    assert_eq!(summary.invalid, 0);
    // Placed at the entry, not at the top of the file.
    let (line, _) = place_of(&bytes, r#""_id""#);
    assert_eq!(missing.position.line, line - 1, "{missing:#?}");
}

#[test]
fn a_broken_entry_does_not_hide_the_next() {
    let har: serde_json::Value = serde_json::from_slice(&real(HAR)).unwrap();
    let mut two = har.clone();
    let entry = har["log"]["entries"][0].clone();
    let mut broken = entry.clone();
    broken["request"]["headers"] = "not a list".into();
    two["log"]["entries"] = serde_json::json!([broken, entry]);
    let bytes = serde_json::to_vec_pretty(&two).unwrap();
    let (summary, found) = check_as(&bytes, CassetteFormat::Har);
    assert_eq!(summary.interactions, 1, "{found:#?}");
    let broken = found
        .iter()
        .find(|d| d.code == Code::UnreadableCassette)
        .unwrap();
    assert!(
        !broken.message.contains("line 1 column"),
        "{}",
        broken.message
    );
    assert_eq!((broken.interaction, broken.part), (Some(1), None));
    // The good entry after it keeps its own number.
    assert!(
        found
            .iter()
            .filter(|d| d.code != Code::UnreadableCassette)
            .all(|d| d.interaction == Some(2)),
        "{found:#?}"
    );
    // A YAML interaction of the wrong shape is numbered too, and the next one is read.
    let text = String::from_utf8(real(ARIZE)).unwrap();
    let item = &text["interactions:\n".len()..text.find("version: 1").unwrap()];
    let bad = item.replacen("  response:", "  answer:", 1);
    let wrong_type = item.replace(
        r#""max_tokens_to_sample": 1000"#,
        r#""max_tokens_to_sample": "x""#,
    );
    assert_ne!(wrong_type, item);
    let yaml = format!("interactions:\n{item}{bad}{wrong_type}version: 1\n");
    let (summary, found) = check_as(yaml.as_bytes(), CassetteFormat::Vcr);
    let broken = found
        .iter()
        .find(|d| d.code == Code::UnreadableCassette)
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(broken.interaction, Some(2));
    let wrong = found
        .iter()
        .find(|d| d.code == Code::WrongType)
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(wrong.interaction, Some(3));
    assert_eq!(summary.interactions, 2);
}

#[test]
fn bytes_past_ascii_in_another_call_s_headers_hide_nothing() {
    // httprr: a GET elsewhere with a Latin-1 header value, then a call of this endpoint.
    let other = b"GET https://example.com/ HTTP/1.1\r\nX-Name: caf\xe9\r\n\r\n".to_vec();
    let other_response = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
    let mut bytes = format!(
        "httprr trace v1\n{} {}\n",
        other.len(),
        other_response.len()
    )
    .into_bytes();
    bytes.extend(other);
    bytes.extend(other_response);
    let body =
        r#"{"type":"completion","id":"c","completion":5,"stop_reason":null,"model":"claude-2.1"}"#;
    let ours = trace(
        &[],
        COMPLETE_REQUEST,
        200,
        &[("Content-Type", "application/json")],
        body,
    );
    bytes.extend_from_slice(&ours["httprr trace v1\n".len()..]);
    let (summary, found) = check_as(&bytes, CassetteFormat::Httprr);
    assert_eq!(
        (summary.skipped, summary.interactions),
        (1, 1),
        "{found:#?}"
    );
    let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
    assert_eq!(wrong.interaction, Some(2));
}

#[test]
fn a_har_file_may_start_with_a_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(real(HAR));
    let (summary, found) = check_as(&bytes, CassetteFormat::Har);
    assert_eq!((summary.interactions, summary.errors), (1, 0), "{found:#?}");
}

#[test]
fn a_marker_after_non_ascii_text_is_placed_by_bytes() {
    // A flow mapping on one line: the body starts after non-ASCII text.
    let yaml = "interactions:\n- {x: \"日本語 🙂\", request: {method: POST, uri: /v1/complete, body: '{\"model\":5}'}, response: {status: {code: 200}}}\n";
    let (_, found) = check_as(yaml.as_bytes(), CassetteFormat::Vcr);
    let wrong = found
        .iter()
        .find(|d| d.code == Code::WrongType)
        .unwrap_or_else(|| panic!("{found:#?}"));
    let (line, column) = place_of(yaml.as_bytes(), "5}'");
    assert_eq!((wrong.position.line, wrong.position.column), (line, column));
}

#[test]
fn a_cassette_past_the_record_limit_is_not_read() {
    let options = Options {
        max_record: 100,
        ..Options::default()
    };
    let mut found = Vec::new();
    let summary = validate_cassette(real(HAR).as_slice(), CassetteFormat::Har, &options, |d| {
        found.push(d)
    });
    assert_eq!(codes(&found), [(Code::RecordTooLarge, Severity::Error)]);
    assert_eq!((summary.invalid, summary.io_errors), (1, 0));
}
