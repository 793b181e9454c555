//! A recorded body: its bytes as the endpoint sent or took them, and where they came from in
//! the cassette, so that a problem found in the body is placed in the cassette.

use std::io::Read;

use base64::Engine as _;

/// The most bytes a body is decoded to (a compressed body could expand without end).
pub(crate) const MAX_DECODED: usize = 64 * 1024 * 1024;

/// A body, decoded from how the cassette stores it and from its `Content-Encoding`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    bytes: Vec<u8>,
    pub(crate) origin: Origin,
    problem: Option<String>,
}

/// Where a body's bytes are in the cassette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// No body was recorded.
    Absent,
    /// Stored byte for byte from this offset: every byte has its own position.
    Verbatim(usize),
    /// A JSON string literal whose opening quote is at this offset: a byte's position is
    /// found through the literal's escapes.
    JsonString(usize),
    /// A quoted YAML scalar (double-quoted when `double`) whose opening quote is at `quote`:
    /// a byte's position is found through its escapes and folded lines.
    YamlQuoted {
        /// The offset of the opening quote.
        quote: usize,
        /// Whether the scalar is double-quoted.
        double: bool,
    },
    /// Stored transformed (a YAML block scalar, base64, compressed) from this offset: only
    /// the start is placed.
    Encoded(usize),
}

impl Body {
    /// No body.
    pub(crate) fn empty() -> Body {
        Body {
            bytes: Vec::new(),
            origin: Origin::Absent,
            problem: None,
        }
    }

    pub(crate) fn stored(bytes: Vec<u8>, origin: Origin) -> Body {
        Body {
            bytes,
            origin,
            problem: None,
        }
    }

    /// A body that could not be decoded: `problem` says why.
    pub(crate) fn broken(problem: String, at: usize) -> Body {
        Body {
            bytes: Vec::new(),
            origin: Origin::Encoded(at),
            problem: Some(problem),
        }
    }

    /// A body stored in base64 (whitespace ignored) from offset `at`.
    pub(crate) fn base64(text: &str, at: usize) -> Body {
        let text: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(text) {
            Ok(bytes) => Body::stored(bytes, Origin::Encoded(at)),
            Err(error) => Body::broken(format!("the body is not base64: {error}"), at),
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether a body was recorded (an empty one counts).
    pub fn is_recorded(&self) -> bool {
        self.origin != Origin::Absent
    }

    /// Why the stored body could not be decoded, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The body decoded as `content_encoding` says (codings listed in the order they were
    /// applied). A body whose decoding fails but that already reads as JSON or an event
    /// stream is kept as it is: some recorders store the decoded body and keep the header.
    pub(crate) fn decoded(self, content_encoding: Option<&str>) -> Body {
        let Some(codings) = content_encoding else {
            return self;
        };
        if self.problem.is_some() {
            return self;
        }
        let mut decoded: Option<Vec<u8>> = None;
        for coding in codings.rsplit(',') {
            let bytes = decoded.as_deref().unwrap_or(&self.bytes);
            match decode(bytes, coding) {
                Ok(Some(bytes)) => decoded = Some(bytes),
                Ok(None) => {}
                Err(_) if crate::validate::Format::of_content(&self.bytes).is_some() => {
                    return self;
                }
                Err(problem) => return Body::broken(problem, self.start()),
            }
        }
        match decoded {
            Some(bytes) => Body::stored(bytes, Origin::Encoded(self.start())),
            None => self,
        }
    }

    /// The cassette offset where the body starts.
    pub(crate) fn start(&self) -> usize {
        match self.origin {
            Origin::Absent => 0,
            Origin::Verbatim(at) | Origin::Encoded(at) => at,
            Origin::JsonString(quote) | Origin::YamlQuoted { quote, .. } => quote + 1,
        }
    }

    /// The cassette offset of the body's byte `offset`: its own where the body is stored
    /// verbatim or as a JSON string or quoted YAML scalar, the body's start otherwise.
    pub(crate) fn cassette_offset(&self, source: &[u8], offset: usize) -> usize {
        match self.origin {
            Origin::Verbatim(at) => at + offset,
            Origin::JsonString(quote) => through_escapes(source, quote + 1, offset),
            Origin::YamlQuoted { quote, double } => {
                let raw = source.get(quote + 1..).unwrap_or_default();
                quote + 1 + super::quoted::source_index(raw, double, offset)
            }
            Origin::Absent | Origin::Encoded(_) => self.start(),
        }
    }
}

/// One content coding undone; `None` for `identity`, which leaves the bytes as they are.
fn decode(bytes: &[u8], coding: &str) -> Result<Option<Vec<u8>>, String> {
    let coding = coding.trim().to_ascii_lowercase();
    let reader: Box<dyn Read + '_> = match coding.as_str() {
        "" | "identity" => return Ok(None),
        "gzip" | "x-gzip" => Box::new(flate2::bufread::GzDecoder::new(bytes)),
        // RFC 9110's deflate is zlib-wrapped; some servers send it raw.
        "deflate" if bytes.first().is_some_and(|b| b & 0x0f == 8) => {
            Box::new(flate2::bufread::ZlibDecoder::new(bytes))
        }
        "deflate" => Box::new(flate2::bufread::DeflateDecoder::new(bytes)),
        "br" => Box::new(brotli_decompressor::Decompressor::new(bytes, 4096)),
        other => return Err(format!("the body's content coding `{other}` is not known")),
    };
    let mut out = Vec::new();
    let read = reader
        .take(MAX_DECODED as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|error| format!("the body does not decode as {coding}: {error}"))?;
    if read > MAX_DECODED {
        return Err(format!(
            "the body decodes to more than {MAX_DECODED} bytes ({coding})"
        ));
    }
    Ok(Some(out))
}

/// The source offset of the decoded byte `wanted` of the JSON string literal whose text starts
/// at `start` (after the opening quote).
fn through_escapes(source: &[u8], start: usize, wanted: usize) -> usize {
    let mut raw = start;
    let mut decoded = 0;
    while decoded < wanted && raw < source.len() && source[raw] != b'"' {
        let (raw_len, decoded_len) = match source[raw] {
            b'\\' if source.get(raw + 1) == Some(&b'u') => {
                let unit = |at: usize| {
                    source
                        .get(at..at + 4)
                        .and_then(|hex| std::str::from_utf8(hex).ok())
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                };
                match unit(raw + 2) {
                    Some(high @ 0xD800..=0xDBFF)
                        if source.get(raw + 6..raw + 8) == Some(b"\\u")
                            && unit(raw + 8)
                                .is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
                    {
                        let _ = high;
                        (12, 4)
                    }
                    Some(code) => (6, char::from_u32(code).map_or(3, char::len_utf8)),
                    None => (2, 1),
                }
            }
            b'\\' => (2, 1),
            _ => (1, 1),
        };
        raw += raw_len;
        decoded += decoded_len;
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn escapes_are_walked_to_the_source_byte() {
        // {"a":"\u00e9\"x"} stored as a JSON string: decoded `{"a":"é\"x"}`.
        let source = br#"x "{\"a\":\"\u00e9\ud83d\ude00x\"}" y"#;
        let start = 3;
        let decoded = "{\"a\":\"é😀x\"}";
        let at = |needle: &str| decoded.find(needle).unwrap();
        assert_eq!(through_escapes(source, start, 0), 3);
        assert_eq!(
            &source[through_escapes(source, start, at("a"))..][..1],
            b"a"
        );
        assert_eq!(
            &source[through_escapes(source, start, at("é"))..][..6],
            br"\u00e9"
        );
        assert_eq!(
            &source[through_escapes(source, start, at("x"))..][..1],
            b"x"
        );
    }

    #[test]
    fn codings_are_undone_in_reverse_order() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"a\":1}").unwrap();
        let gz = gz.finish().unwrap();
        let body = Body::stored(gz.clone(), Origin::Verbatim(5)).decoded(Some("gzip"));
        assert_eq!(
            (body.bytes(), body.origin),
            (&b"{\"a\":1}"[..], Origin::Encoded(5))
        );
        let broken =
            Body::stored(b"\x1f\x8bnot".to_vec(), Origin::Verbatim(0)).decoded(Some("gzip"));
        assert!(broken.problem().unwrap().contains("gzip"), "{broken:?}");
        // Already decoded text under a gzip header is kept.
        let kept = Body::stored(b"{}".to_vec(), Origin::Verbatim(0)).decoded(Some("gzip"));
        assert_eq!((kept.bytes(), kept.problem()), (&b"{}"[..], None));
        let unknown = Body::stored(vec![1, 2], Origin::Verbatim(0)).decoded(Some("zstd"));
        assert!(unknown.problem().unwrap().contains("zstd"));
    }

    #[test]
    fn deflate_raw_and_wrapped_and_br() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"{}").unwrap();
        let decoded = |bytes: &[u8], coding| decode(bytes, coding).unwrap().unwrap();
        assert_eq!(decoded(&z.finish().unwrap(), "deflate"), b"{}");
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(b"{\"b\":2}").unwrap();
        assert_eq!(decoded(&raw.finish().unwrap(), "deflate"), b"{\"b\":2}");
        // `{}` as Python's `brotli.compress(b"{}")` (the reference encoder) writes it.
        let br = [139, 0, 128, 123, 125, 3];
        assert_eq!(decoded(&br, " BR "), b"{}");
        assert_eq!(decode(b"{}", "identity"), Ok(None));
    }
}
