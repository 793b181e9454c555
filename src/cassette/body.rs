//! A recorded body: its bytes as the endpoint sent or took them, and where they came from in
//! the cassette, so that a problem found in the body is placed in the cassette.

use std::cell::Cell;
use std::io::Read;

use base64::Engine as _;

/// The most bytes a body is decoded to (a compressed body could expand without end).
pub(crate) const MAX_DECODED: usize = 64 * 1024 * 1024;

/// The most bytes all the bodies of one cassette are decoded to, for each byte of the
/// cassette (and at least [`MAX_DECODED`]): many small bombs add up too.
pub(crate) const DECODED_PER_BYTE: usize = 16;

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
    /// No body was recorded; the offset is where its part (request or response) starts.
    Absent(usize),
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
    /// No body, in a part that starts at offset `at`.
    pub(crate) fn empty(at: usize) -> Body {
        Body {
            bytes: Vec::new(),
            origin: Origin::Absent(at),
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
        !matches!(self.origin, Origin::Absent(_))
    }

    /// Why the stored body could not be decoded, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The body decoded as `content_encoding` says (codings listed in the order they were
    /// applied). A body whose decoding fails but that already reads as JSON or an event
    /// stream is kept as it is: some recorders store the decoded body and keep the header.
    pub(crate) fn decoded(self, content_encoding: Option<&str>, budget: &Cell<usize>) -> Body {
        let Some(codings) = content_encoding else {
            return self;
        };
        if self.problem.is_some() {
            return self;
        }
        let mut decoded: Option<Vec<u8>> = None;
        for coding in codings.rsplit(',') {
            let bytes = decoded.as_deref().unwrap_or(&self.bytes);
            match decode(bytes, coding, budget.get().min(MAX_DECODED)) {
                Ok(Some(bytes)) => {
                    budget.set(budget.get().saturating_sub(bytes.len()));
                    decoded = Some(bytes);
                }
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
            Origin::Absent(at) | Origin::Verbatim(at) | Origin::Encoded(at) => at,
            Origin::JsonString(quote) | Origin::YamlQuoted { quote, .. } => quote + 1,
        }
    }
}

/// One content coding undone, to at most `limit` bytes; `None` for `identity`, which leaves
/// the bytes as they are.
fn decode(bytes: &[u8], coding: &str, limit: usize) -> Result<Option<Vec<u8>>, String> {
    let coding = coding.trim().to_ascii_lowercase();
    let reader: Box<dyn Read + '_> = match coding.as_str() {
        "" | "identity" => return Ok(None),
        "gzip" | "x-gzip" => Box::new(flate2::bufread::GzDecoder::new(bytes)),
        // RFC 9110's deflate is zlib-wrapped; some servers send it raw: zlib first, then raw.
        "deflate" => {
            return decode_with(flate2::bufread::ZlibDecoder::new(bytes), &coding, limit)
                .or_else(|_| {
                    decode_with(flate2::bufread::DeflateDecoder::new(bytes), &coding, limit)
                })
                .map(Some);
        }
        "br" => Box::new(brotli_decompressor::Decompressor::new(bytes, 4096)),
        other => return Err(format!("the body's content coding `{other}` is not known")),
    };
    decode_with(reader, &coding, limit).map(Some)
}

/// All that `reader` decodes, up to `limit` bytes.
fn decode_with(reader: impl Read, coding: &str, limit: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let read = reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|error| format!("the body does not decode as {coding}: {error}"))?;
    if read > limit {
        return Err(format!(
            "the body decodes to more than {limit} bytes ({coding}): past what one body, or the \
             cassette's bodies together ({DECODED_PER_BYTE} times its size), may decode to"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn plenty() -> Cell<usize> {
        Cell::new(MAX_DECODED)
    }

    #[test]
    fn a_cassette_s_bodies_share_one_budget() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&[b' '; 10_000]).unwrap();
        let gz = gz.finish().unwrap();
        let budget = Cell::new(15_000);
        let first = Body::stored(gz.clone(), Origin::Verbatim(0)).decoded(Some("gzip"), &budget);
        assert_eq!((first.bytes().len(), budget.get()), (10_000, 5_000));
        let second = Body::stored(gz, Origin::Verbatim(0)).decoded(Some("gzip"), &budget);
        assert!(second.problem().unwrap().contains("together"), "{second:?}");
    }

    #[test]
    fn codings_are_undone_in_reverse_order() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"a\":1}").unwrap();
        let gz = gz.finish().unwrap();
        let body = Body::stored(gz.clone(), Origin::Verbatim(5)).decoded(Some("gzip"), &plenty());
        assert_eq!(
            (body.bytes(), body.origin),
            (&b"{\"a\":1}"[..], Origin::Encoded(5))
        );
        let broken = Body::stored(b"\x1f\x8bnot".to_vec(), Origin::Verbatim(0))
            .decoded(Some("gzip"), &plenty());
        assert!(broken.problem().unwrap().contains("gzip"), "{broken:?}");
        // Already decoded text under a gzip header is kept.
        let kept =
            Body::stored(b"{}".to_vec(), Origin::Verbatim(0)).decoded(Some("gzip"), &plenty());
        assert_eq!((kept.bytes(), kept.problem()), (&b"{}"[..], None));
        let unknown =
            Body::stored(vec![1, 2], Origin::Verbatim(0)).decoded(Some("zstd"), &plenty());
        assert!(unknown.problem().unwrap().contains("zstd"));
    }

    #[test]
    fn deflate_raw_and_wrapped_and_br() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"{}").unwrap();
        let decoded = |bytes: &[u8], coding| decode(bytes, coding, MAX_DECODED).unwrap().unwrap();
        assert_eq!(decoded(&z.finish().unwrap(), "deflate"), b"{}");
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(b"{\"b\":2}").unwrap();
        assert_eq!(decoded(&raw.finish().unwrap(), "deflate"), b"{\"b\":2}");
        // `{}` as Python's `brotli.compress(b"{}")` (the reference encoder) writes it.
        let br = [139, 0, 128, 123, 125, 3];
        assert_eq!(decoded(&br, " BR "), b"{}");
        assert_eq!(decode(b"{}", "identity", 0), Ok(None));
    }
}
