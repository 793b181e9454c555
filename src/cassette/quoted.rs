//! Where each byte of a quoted YAML scalar's value comes from in the source, so that a body
//! stored folded across lines (as VCR and vcrpy write long bodies) is placed byte by byte.
//!
//! The walk follows YAML 1.2's rules for single- and double-quoted scalars (`''`, escapes,
//! line folding, escaped line breaks). A scalar is only mapped when the walk reproduces the
//! value the parser read; otherwise only its start is placed.

/// Calls `emit(raw_index, decoded)` for each piece of the value of the quoted scalar whose
/// text, after the opening quote, is `raw`, from the piece at `start` on; stops at the closing
/// quote, or when `emit` returns false. Returns where it stopped (the closing quote, the end,
/// or the piece `emit` refused).
fn walk(
    raw: &[u8],
    double: bool,
    start: usize,
    mut emit: impl FnMut(usize, &[u8]) -> bool,
) -> usize {
    let mut i = start;
    let mut buffer = [0u8; 4];
    while i < raw.len() {
        let c = raw[i];
        let (next, keep_going) = match c {
            b'\'' if !double => {
                if raw.get(i + 1) != Some(&b'\'') {
                    return i;
                }
                (i + 2, emit(i, b"'"))
            }
            b'"' if double => return i,
            b'\\' if double => match escape(raw, i, &mut buffer) {
                Some((length, decoded)) => (i + length, emit(i, &buffer[..decoded])),
                None => return i,
            },
            b' ' | b'\t' => {
                let end = i + raw[i..]
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t'))
                    .count();
                if matches!(raw.get(end), Some(b'\n' | b'\r')) {
                    // Whitespace before a line break is not part of the value.
                    (end, true)
                } else {
                    (end, emit(i, &raw[i..end]))
                }
            }
            b'\n' | b'\r' => {
                let (end, breaks) = fold(raw, i);
                let keep_going = if breaks == 1 {
                    emit(i, b" ")
                } else {
                    (1..breaks).all(|_| emit(i, b"\n"))
                };
                (end, keep_going)
            }
            _ => {
                let length = utf8_length(c);
                let end = (i + length).min(raw.len());
                (end, emit(i, &raw[i..end]))
            }
        };
        if !keep_going {
            return i;
        }
        i = next;
    }
    i.min(raw.len())
}

/// The line breaks from `at` on and the indentation after each: where the next content
/// starts, and how many breaks there were.
fn fold(raw: &[u8], mut at: usize) -> (usize, usize) {
    let mut breaks = 0;
    loop {
        match raw.get(at) {
            Some(b'\r') if raw.get(at + 1) == Some(&b'\n') => at += 2,
            Some(b'\n' | b'\r') => at += 1,
            _ => return (at, breaks),
        }
        breaks += 1;
        at += raw[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
    }
}

/// The escape at `raw[at]` (a backslash): its length in the source and the bytes it stands
/// for, written to `out` (none for an escaped line break, whose indentation is skipped too).
fn escape(raw: &[u8], at: usize, out: &mut [u8; 4]) -> Option<(usize, usize)> {
    let simple = |c: char, out: &mut [u8; 4]| Some((2, c.encode_utf8(out).len()));
    match *raw.get(at + 1)? {
        b'\n' | b'\r' => {
            let (end, _) = fold(raw, at + 1);
            Some((end - at, 0))
        }
        b'0' => simple('\0', out),
        b'a' => simple('\u{7}', out),
        b'b' => simple('\u{8}', out),
        b't' | b'\t' => simple('\t', out),
        b'n' => simple('\n', out),
        b'v' => simple('\u{b}', out),
        b'f' => simple('\u{c}', out),
        b'r' => simple('\r', out),
        b'e' => simple('\u{1b}', out),
        b' ' => simple(' ', out),
        b'"' => simple('"', out),
        b'/' => simple('/', out),
        b'\\' => simple('\\', out),
        b'N' => simple('\u{85}', out),
        b'_' => simple('\u{a0}', out),
        b'L' => simple('\u{2028}', out),
        b'P' => simple('\u{2029}', out),
        kind @ (b'x' | b'u' | b'U') => {
            let digits = match kind {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = std::str::from_utf8(raw.get(at + 2..at + 2 + digits)?).ok()?;
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            Some((2 + digits, c.encode_utf8(out).len()))
        }
        _ => None,
    }
}

pub(super) fn utf8_length(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Whether the walk of the scalar text `raw` (after its opening quote) gives `value`.
pub(super) fn reproduces(raw: &[u8], double: bool, value: &[u8]) -> bool {
    let mut at = 0;
    let mut same = true;
    walk(raw, double, 0, |_, piece| {
        same = value.get(at..at + piece.len()) == Some(piece);
        at += piece.len();
        same
    });
    same && at == value.len()
}

/// From `from` (a piece boundary: offset in the value, index in `raw`, the text after the
/// opening quote) on: the boundary of the piece that holds the value's byte `wanted`, or the
/// scalar's end.
pub(super) fn locate(
    raw: &[u8],
    double: bool,
    from: (usize, usize),
    wanted: usize,
) -> (usize, usize) {
    let mut decoded = from.0;
    let mut hit = None;
    // The pieces of one fold (its newlines) share an index: a mark is the group's start, so
    // that resuming from it walks the whole fold again.
    let mut group = (from.0, usize::MAX);
    let end = walk(raw, double, from.1, |index, piece| {
        if index != group.1 {
            group = (decoded, index);
        }
        if decoded + piece.len() > wanted {
            hit = Some(group);
            return false;
        }
        decoded += piece.len();
        true
    });
    hit.unwrap_or((decoded, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quotes_fold_lines_and_double_the_quote() {
        let raw = b"{\"a\": \"it''s\"\n      folded,\n\n   \"b\": 2}' rest";
        let value = b"{\"a\": \"it's\" folded,\n\"b\": 2}";
        assert!(reproduces(raw, false, value));
        assert!(!reproduces(raw, false, b"{\"a\": \"it''s\""));
        let at = |needle: &[u8]| {
            value
                .windows(needle.len())
                .position(|w| w == needle)
                .unwrap()
        };
        let index = |needle: &[u8]| raw.windows(needle.len()).position(|w| w == needle).unwrap();
        let place = |wanted| locate(raw, false, (0, 0), wanted).1;
        assert_eq!(place(at(b"folded")), index(b"folded"));
        assert_eq!(place(at(b"\"b\"")), index(b"\"b\""));
        // The space a line break folds into is placed at the break.
        assert_eq!(place(at(b" folded")), index(b"\n      folded"));
        // The quote that `''` stands for is placed at the pair; past the end, the closing quote.
        assert_eq!(place(at(b"'s")), index(b"''s"));
        assert_eq!(raw[place(value.len() + 3)], b'\'');
        // Going on from a mark gives what a walk from the start gives.
        let mark = locate(raw, false, (0, 0), at(b"folded"));
        assert_eq!(
            locate(raw, false, mark, at(b"\"b\"")).1,
            place(at(b"\"b\""))
        );
    }

    #[test]
    fn a_mark_inside_a_run_of_blank_lines_resumes_right() {
        // `a`, two newlines (three line breaks folded), `b`.
        let raw = b"a\n\n\nb'";
        assert!(reproduces(raw, false, b"a\n\nb"));
        let fresh = locate(raw, false, (0, 0), 3);
        assert_eq!(fresh, (3, 4));
        for wanted in 0..4 {
            let mark = locate(raw, false, (0, 0), wanted);
            assert_eq!(locate(raw, false, mark, 3).1, fresh.1, "from {mark:?}");
        }
    }

    #[test]
    fn double_quotes_unescape_and_join_escaped_breaks() {
        let raw = b"event: c\\r\\ndata: {\\\"x\\\":\\u00e9}\\\n    \\ end\" tail";
        let value = "event: c\r\ndata: {\"x\":é} end".as_bytes();
        assert!(reproduces(raw, true, value));
        let at = |needle: &str| std::str::from_utf8(value).unwrap().find(needle).unwrap();
        let index = |needle: &[u8]| raw.windows(needle.len()).position(|w| w == needle).unwrap();
        let place = |wanted| locate(raw, true, (0, 0), wanted).1;
        assert_eq!(place(at("data")), index(b"data"));
        assert_eq!(place(at("é")), index(b"\\u00e9"));
        assert_eq!(place(at("é") + 1), index(b"\\u00e9"));
        assert_eq!(place(at("end")), index(b"end"));
        assert!(!reproduces(b"\\q\"", true, b"q"));
    }
}
