//! HAR 1.2 (JSON): `log.entries`, bodies in `postData.text` and `content.text`. The texts are
//! borrowed from the input as raw JSON, so that a problem in a body is placed through its
//! escapes.

use std::cell::Cell;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Body, Headers, Interaction, Origin, Request, Response, day_of};

#[derive(Deserialize)]
struct Har<'a> {
    #[serde(borrow)]
    log: Log<'a>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    started_date_time: Option<String>,
    #[serde(borrow)]
    request: HarRequest<'a>,
    #[serde(borrow)]
    response: HarResponse<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HarRequest<'a> {
    // Absent in a broken entry: then it is not a call of this endpoint, and is skipped.
    #[serde(default)]
    method: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(borrow)]
    post_data: Option<PostData<'a>>,
}

#[derive(Deserialize)]
struct PostData<'a> {
    #[serde(borrow)]
    text: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct HarResponse<'a> {
    #[serde(default)]
    status: i64,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(borrow)]
    content: Option<Content<'a>>,
}

#[derive(Deserialize)]
struct Content<'a> {
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    encoding: Option<String>,
}

#[derive(Deserialize)]
struct NameValue {
    name: String,
    value: String,
}

/// An error of serde_json in `piece`, a part of `text` starting at `base`, with its offset.
fn failed(error: serde_json::Error, base: usize, piece: &str) -> (String, usize) {
    // serde_json counts lines and columns of `piece`: turn them into an offset of `text`.
    let line_start: usize = piece
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    // The message without serde_json's own "at line L column C" (of the piece, not the file).
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or_default();
    (
        format!("not a HAR file: {message}"),
        base + line_start + error.column().saturating_sub(1),
    )
}

/// Where a borrowed piece of `text` starts in it.
fn offset(text: &str, piece: &str) -> usize {
    (piece.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// The entries of a HAR file, each still raw JSON borrowed from `text` (a few bytes each,
/// whatever the entry holds): they are read one at a time by [`entry`].
pub(super) fn entries(text: &str) -> Result<Vec<&RawValue>, (String, usize)> {
    // A BOM is not JSON; what follows it is read (offsets stay the file's).
    let json = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - json.len();
    let har: Har<'_> = serde_json::from_str(json).map_err(|e| failed(e, base, json))?;
    Ok(har.log.entries)
}

/// The entry `raw` of `text`, the interaction numbered `number`.
pub(super) fn entry(
    text: &str,
    raw: &RawValue,
    number: usize,
    budget: &Cell<usize>,
) -> Result<Interaction, (String, usize)> {
    let at = offset(text, raw.get());
    let entry: Entry<'_> = serde_json::from_str(raw.get()).map_err(|e| failed(e, at, raw.get()))?;
    let mut request_headers = Headers::default();
    for header in entry.request.headers {
        request_headers.push(header.name, header.value);
    }
    let mut response_headers = Headers::default();
    for header in entry.response.headers {
        response_headers.push(header.name, header.value);
    }
    let complete = super::is_complete(&entry.request.method, &entry.request.url);
    let request_body = match entry.request.post_data.and_then(|p| p.text) {
        _ if !complete => Body::empty(at),
        Some(body) => string_body(body, offset(text, body.get()), false)?,
        None => Body::empty(at),
    };
    let response_body = match entry.response.content {
        _ if !complete => Body::empty(at),
        Some(Content {
            text: Some(body),
            encoding,
        }) => {
            let base64 = encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64"));
            let decoded = string_body(body, offset(text, body.get()), base64)?;
            // HAR keeps a text body decoded; base64 holds the bytes as sent.
            if base64 {
                decoded.decoded(response_headers.get("content-encoding"), budget)
            } else {
                decoded
            }
        }
        _ => Body::empty(at),
    };
    let recorded_on = entry
        .started_date_time
        .as_deref()
        .and_then(day_of)
        .or_else(|| response_headers.get("date").and_then(day_of));
    Ok(Interaction {
        number,
        recorded_on,
        request: Request {
            method: entry.request.method,
            uri: entry.request.url,
            headers: request_headers,
            body: request_body,
        },
        response: Response {
            status: u16::try_from(entry.response.status).ok().filter(|s| *s > 0),
            headers: response_headers,
            body: response_body,
        },
        at,
    })
}

/// A body stored as a JSON string at `at`; in base64 when `base64`, which Polly.JS writes as
/// a JSON array of base64 chunks inside the string.
fn string_body(raw: &RawValue, at: usize, base64: bool) -> Result<Body, (String, usize)> {
    let text: String = serde_json::from_str(raw.get()).map_err(|error| {
        let text = error.to_string();
        let message = text
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned();
        (
            format!("a HAR body text that cannot be read: {message}"),
            at,
        )
    })?;
    if !base64 {
        let origin = if raw.get().len() == text.len() + 2 {
            Origin::Verbatim(at + 1)
        } else {
            Origin::JsonString(at)
        };
        return Ok(Body::stored(text.into_bytes(), origin));
    }
    if text.trim_start().starts_with('[') {
        let Ok(chunks) = serde_json::from_str::<Vec<String>>(&text) else {
            return Ok(Body::broken(
                "a base64 body that starts with `[` but is not a JSON array of chunks".into(),
                at,
            ));
        };
        let mut bytes = Vec::new();
        for chunk in chunks {
            let body = Body::base64(&chunk, at);
            if body.problem().is_some() {
                return Ok(body);
            }
            bytes.extend_from_slice(body.bytes());
        }
        return Ok(Body::stored(bytes, Origin::Encoded(at)));
    }
    Ok(Body::base64(&text, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Interaction>, (String, usize)> {
        let entries = entries(text)?;
        entries
            .iter()
            .enumerate()
            .map(|(index, raw)| entry(text, raw, index + 1, &Cell::new(usize::MAX)))
            .collect()
    }

    fn har(content: &str) -> String {
        format!(
            r#"{{"log": {{"entries": [{{"startedDateTime": "2025-06-09T21:45:38.365Z",
            "request": {{"method": "POST", "url": "https://api.anthropic.com/v1/complete", "headers": [],
              "postData": {{"text": "{{\"a\":1}}"}}}},
            "response": {{"status": 200, "headers": [{{"name": "Content-Encoding", "value": "identity"}}],
              "content": {content}}}}}]}}}}"#
        )
    }

    #[test]
    fn texts_are_placed_through_their_escapes() {
        let text = har(r#"{"text": "{}"}"#);
        let interactions = read(&text).unwrap();
        let interaction = &interactions[0];
        assert_eq!(interaction.recorded_on.unwrap().to_string(), "2025-06-09");
        assert_eq!(interaction.request.body.bytes(), b"{\"a\":1}");
        let quote = text.find(r#""{\"a"#).unwrap();
        assert_eq!(interaction.request.body.origin, Origin::JsonString(quote));
        assert_eq!(
            interaction.response.body.origin,
            Origin::Verbatim(text.find("{}\"").unwrap())
        );
    }

    #[test]
    fn polly_chunks_and_plain_base64() {
        // Polly encodes each chunk it received on its own: `{` is "ew==", `}` is "fQ==".
        let chunks = har(r#"{"text": "[\"ew==\", \"fQ==\"]", "encoding": "base64"}"#);
        assert_eq!(read(&chunks).unwrap()[0].response.body.bytes(), b"{}");
        let plain = har(r#"{"text": "e30=", "encoding": "base64"}"#);
        assert_eq!(read(&plain).unwrap()[0].response.body.bytes(), b"{}");
        let broken = har(r#"{"text": "[1]", "encoding": "base64"}"#);
        assert!(read(&broken).unwrap()[0].response.body.problem().is_some());
    }

    #[test]
    fn a_broken_entry_is_located_in_the_file() {
        let text = r#"{"log": {"entries": [{"request": 5}]}}"#;
        let (message, at) = read(text).unwrap_err();
        assert!(message.starts_with("not a HAR file"), "{message}");
        assert!(at >= text.find("{\"request").unwrap(), "{at}");
    }
}
