//! Reading: each format with its recording day, each content coding and base64 body undone.

use std::io::Write;

use super::*;
use anthropic_completions::validate::Part;
use base64::Engine as _;

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

#[test]
fn a_har_file_may_start_with_a_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(real(HAR));
    let (summary, found) = check_as(&bytes, CassetteFormat::Har);
    assert_eq!((summary.interactions, summary.errors), (1, 0), "{found:#?}");
}
