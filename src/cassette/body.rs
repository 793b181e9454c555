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

/// Places a body's bytes in the cassette. A body's problems mostly come in order, so the walk
/// through escapes and folded lines goes on from the last byte placed; one that goes back
/// resumes from the nearest checkpoint before it (one is kept every [`CHECKPOINT`] bytes
/// walked), so placing all of a body's problems costs about one walk of the body, in any
/// order.
pub(crate) struct Placer<'b> {
    body: &'b Body,
    source: &'b [u8],
    /// A piece boundary reached so far: (offset in the body, offset in the cassette).
    mark: (usize, usize),
    /// Piece boundaries passed, in order, about [`CHECKPOINT`] body bytes apart.
    marks: Vec<(usize, usize)>,
    /// A line start of the body reached so far: (1-based line, offset in the body).
    line: (usize, usize),
    /// Line starts passed, in order, about [`CHECKPOINT`] body bytes apart.
    lines: Vec<(usize, usize)>,
}

/// How far apart the placer's checkpoints are, in body bytes.
const CHECKPOINT: usize = 4096;

/// The last checkpoint at or before `wanted` (by the first of each pair), else `start`.
fn resume(checkpoints: &[(usize, usize)], wanted: usize, start: (usize, usize)) -> (usize, usize) {
    let after = checkpoints.partition_point(|mark| mark.0 <= wanted);
    after.checked_sub(1).map_or(start, |at| checkpoints[at])
}

/// Keeps `mark` as a checkpoint when it is far enough past the last one.
fn keep(
    checkpoints: &mut Vec<(usize, usize)>,
    mark: (usize, usize),
    by: impl Fn(&(usize, usize)) -> usize,
) {
    if checkpoints
        .last()
        .is_none_or(|last| by(&mark) >= by(last) + CHECKPOINT)
    {
        checkpoints.push(mark);
    }
}

impl<'b> Placer<'b> {
    pub(crate) fn new(body: &'b Body, source: &'b [u8]) -> Self {
        Placer {
            body,
            source,
            mark: (0, body.start()),
            marks: Vec::new(),
            line: (1, 0),
            lines: Vec::new(),
        }
    }

    /// The cassette offset of the body's byte `offset`: its own where the body is stored
    /// verbatim, as a JSON string or as a quoted YAML scalar; the body's start otherwise.
    pub(crate) fn cassette_offset(&mut self, offset: usize) -> usize {
        if offset < self.mark.0 {
            self.mark = resume(&self.marks, offset, (0, self.body.start()));
        }
        match self.body.origin {
            Origin::Verbatim(at) => return at + offset,
            Origin::Absent(at) | Origin::Encoded(at) => return at,
            Origin::JsonString(_) => {
                self.mark = through_escapes(self.source, self.mark, offset);
            }
            Origin::YamlQuoted { quote, double } => {
                let raw = self.source.get(quote + 1..).unwrap_or_default();
                let (decoded, index) = super::quoted::locate(
                    raw,
                    double,
                    (self.mark.0, self.mark.1 - quote - 1),
                    offset,
                );
                self.mark = (decoded, quote + 1 + index);
            }
        }
        keep(&mut self.marks, self.mark, |mark| mark.0);
        self.mark.1
    }

    /// The body offset of a 1-based line and byte column of the body, lines ending at CRLF,
    /// LF or CR (as an event stream's do).
    pub(crate) fn body_offset(&mut self, line: usize, column: usize) -> usize {
        let bytes = self.body.bytes();
        if line < self.line.0 {
            self.line = resume(&self.lines, line, (1, 0));
        }
        let (mut current, mut at) = self.line;
        while current < line && at < bytes.len() {
            match bytes[at] {
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                    at += 2;
                    current += 1;
                }
                b'\r' | b'\n' => {
                    at += 1;
                    current += 1;
                }
                _ => at += 1,
            }
        }
        self.line = (current, at);
        keep(&mut self.lines, self.line, |line| line.1);
        (at + column.saturating_sub(1)).min(bytes.len())
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

/// In the JSON string literal of `source` being walked, from `from` (a piece boundary: offset
/// in the string's value, offset in `source`) on: the boundary of the piece (a character or
/// an escape) that holds the value's byte `wanted`, or the literal's end.
fn through_escapes(source: &[u8], from: (usize, usize), wanted: usize) -> (usize, usize) {
    let (mut decoded, mut raw) = from;
    while raw < source.len() && source[raw] != b'"' {
        let (raw_len, decoded_len) = match source[raw] {
            b'\\' if source.get(raw + 1) == Some(&b'u') => {
                let unit = |at: usize| {
                    source
                        .get(at..at + 4)
                        .and_then(|hex| std::str::from_utf8(hex).ok())
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                };
                match unit(raw + 2) {
                    Some(0xD800..=0xDBFF)
                        if source.get(raw + 6..raw + 8) == Some(b"\\u")
                            && unit(raw + 8)
                                .is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
                    {
                        (12, 4)
                    }
                    Some(code) => (6, char::from_u32(code).map_or(3, char::len_utf8)),
                    None => (2, 1),
                }
            }
            b'\\' => (2, 1),
            first => (
                super::quoted::utf8_length(first),
                super::quoted::utf8_length(first),
            ),
        };
        if decoded + decoded_len > wanted {
            break;
        }
        raw += raw_len;
        decoded += decoded_len;
    }
    (decoded, raw.min(source.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn escapes_are_walked_to_the_source_byte() {
        // A JSON string holding `{"a":"é😀x"}`, written with escapes.
        let source = br#"x "{\"a\":\"\u00e9\ud83d\ude00x\"}" y"#;
        let start = (0, 3);
        let decoded = "{\"a\":\"é😀x\"}";
        let at = |needle: &str| decoded.find(needle).unwrap();
        let place = |wanted| through_escapes(source, start, wanted).1;
        assert_eq!(place(0), 3);
        assert_eq!(&source[place(at("a"))..][..1], b"a");
        assert_eq!(&source[place(at("é"))..][..6], br"\u00e9");
        // The second byte of `é` is inside the same escape.
        assert_eq!(place(at("é") + 1), place(at("é")));
        assert_eq!(&source[place(at("😀"))..][..12], br"\ud83d\ude00");
        assert_eq!(&source[place(at("x"))..][..1], b"x");
        // Past the end: the closing quote.
        assert_eq!(source[place(decoded.len() + 5)], b'"');
        // Going on from a mark gives what a walk from the start gives.
        let mark = through_escapes(source, start, at("é"));
        assert_eq!(through_escapes(source, mark, at("x")).1, place(at("x")));
    }

    #[test]
    fn a_placer_going_back_and_forth_places_as_a_fresh_one_does() {
        // A long JSON string of escapes and lines, placed in a zigzag order.
        let text: String = (0..3000)
            .map(|i| format!("data: {{\"é{i}\":\"\\n\"}}\n"))
            .collect();
        let literal = serde_json::to_string(&text).unwrap();
        let source = literal.as_bytes();
        let body = Body::stored(text.clone().into_bytes(), Origin::JsonString(0));
        let mut placer = Placer::new(&body, source);
        let lines = text.lines().count();
        // 2, 1, 4, 3, 6, 5, ...: every other placement goes back a line.
        for step in 0..lines - 1 {
            let line = if step % 2 == 0 { step + 2 } else { step };
            let offset = placer.body_offset(line, 3);
            let at = placer.cassette_offset(offset);
            let mut fresh = Placer::new(&body, source);
            assert_eq!(fresh.body_offset(line, 3), offset, "line {line}");
            assert_eq!(fresh.cassette_offset(offset), at, "line {line}");
        }
        assert!(placer.marks.len() > 10 && placer.lines.len() > 10);
    }

    #[test]
    fn a_placer_walks_on_and_back() {
        let source = br#"{"t": "a\nb\tc"}"#.to_vec();
        let body = Body::stored(b"a\nb\tc".to_vec(), Origin::JsonString(6));
        let mut placer = Placer::new(&body, &source);
        // The value `a␊b␉c` is `a\nb\tc` from offset 7: `\t` at 11, `c` at 13.
        assert_eq!(placer.cassette_offset(3), 11);
        assert_eq!(placer.cassette_offset(4), 13);
        assert_eq!(placer.cassette_offset(2), 10); // back: walked again from the start
        let lines = Body::stored(b"a\r\nbc\rd\ne".to_vec(), Origin::Verbatim(0));
        let mut placer = Placer::new(&lines, &source);
        assert_eq!(placer.body_offset(2, 2), 4);
        assert_eq!(placer.body_offset(4, 1), 8);
        assert_eq!(placer.body_offset(1, 1), 0);
        assert_eq!(placer.body_offset(9, 9), 9);
    }

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
