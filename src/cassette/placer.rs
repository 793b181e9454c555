//! Where a body's bytes sit in the cassette: a walk through the escapes and folded lines of
//! its recorded form, resumed from checkpoints.

use super::{Body, Origin};

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
}
