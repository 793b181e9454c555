//! HTTP cassettes: the recordings test suites and proxies keep of their calls, read into
//! [`Interaction`]s (a request and its response, with headers, status, bodies decoded and the
//! day of the recording), each body knowing where it sits in the cassette.
//!
//! | format | written by | bodies |
//! |---|---|---|
//! | [`CassetteFormat::Vcr`] | Ruby VCR (`http_interactions`), vcrpy (`interactions`) | `body.string`, `body.base64_string`, `!!binary` |
//! | [`CassetteFormat::Har`] | HAR 1.2: browsers, Polly.JS | `postData.text`, `content.text` (`encoding: base64`; Polly's JSON array of base64 chunks) |
//! | [`CassetteFormat::Httprr`] | Go's `httprr trace v1` | raw HTTP/1.1, length-prefixed |
//!
//! Bodies are decoded as their `Content-Encoding` says (gzip, deflate, br), except a HAR
//! `content.text` that is not base64: HAR stores that text decoded.
//!
//! ```
//! use anthropic_completions::cassette::{Cassette, CassetteFormat};
//!
//! let request = "POST https://api.anthropic.com/v1/complete HTTP/1.1\r\n\r\n{}";
//! let response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}";
//! let trace = format!("httprr trace v1\n{} {}\n{request}{response}", request.len(), response.len());
//! let cassette = Cassette::from_slice(trace.as_bytes(), CassetteFormat::Httprr)?;
//! let interaction = cassette.interactions().next().unwrap()?;
//! assert_eq!(interaction.request.uri, "https://api.anthropic.com/v1/complete");
//! assert_eq!(interaction.response.status, Some(200));
//! assert_eq!(interaction.response.headers.get("content-type"), Some("application/json"));
//! assert_eq!(interaction.response.body.bytes(), b"{}");
//! # Ok::<(), anthropic_completions::cassette::CassetteError>(())
//! ```

mod body;
mod format;
mod har;
mod httprr;
mod interaction;
mod placer;
mod quoted;
mod yaml;

use std::cell::Cell;
use std::fmt;

use serde_json::value::RawValue;

use crate::{Date, Position};
pub use body::Body;
pub(crate) use body::Origin;
pub use format::CassetteFormat;
pub(crate) use interaction::is_complete;
pub use interaction::{Headers, Interaction, Request, Response};
pub(crate) use placer::Placer;

/// A cassette that cannot be read: what is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CassetteError {
    /// What is wrong.
    pub message: String,
    /// Where, in the cassette.
    pub position: Position,
    /// The 1-based number of the interaction that cannot be read, when the problem is one.
    pub interaction: Option<usize>,
}

impl fmt::Display for CassetteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.position.line, self.position.column
        )
    }
}

impl std::error::Error for CassetteError {}

/// What a reader says of an interaction it cannot read: the message, the byte offset, and
/// the interaction's number when the problem is one interaction's.
pub(crate) type ReadFailure = (String, usize, Option<usize>);

/// A cassette: its text, read one interaction at a time ([`Cassette::interactions`]), so
/// that only the interaction being checked is held, whatever the cassette's length.
#[derive(Clone)]
pub struct Cassette<'a> {
    format: CassetteFormat,
    source: &'a [u8],
    /// What the bodies may still decode to, in all ([`body::DECODED_PER_BYTE`]).
    budget: Cell<usize>,
    /// The byte offset of every line's start.
    line_starts: Vec<usize>,
    /// A HAR file's entries, found by reading the file once (each still raw JSON).
    entries: Vec<&'a RawValue>,
}

impl<'a> Cassette<'a> {
    /// Opens a cassette of the given format. What is wrong at its start (it is not UTF-8, not
    /// a HAR file, not an httprr trace) is said here; what is wrong further on, by
    /// [`Cassette::interactions`] when it gets there.
    pub fn from_slice(
        source: &'a [u8],
        format: CassetteFormat,
    ) -> Result<Cassette<'a>, CassetteError> {
        let line_starts = line_starts(source);
        let mut cassette = Cassette {
            format,
            source,
            budget: Cell::new(
                source
                    .len()
                    .saturating_mul(body::DECODED_PER_BYTE)
                    .max(body::MAX_DECODED),
            ),
            line_starts,
            entries: Vec::new(),
        };
        match format {
            CassetteFormat::Httprr if !source.starts_with(httprr::MAGIC.as_bytes()) => {
                Err(cassette.error("an httprr trace starts with `httprr trace v1`", 0))
            }
            CassetteFormat::Httprr => Ok(cassette),
            CassetteFormat::Vcr | CassetteFormat::Har => {
                let text = match std::str::from_utf8(source) {
                    Ok(text) => text,
                    Err(error) => {
                        return Err(
                            cassette.error("the cassette is not UTF-8", error.valid_up_to())
                        );
                    }
                };
                if format == CassetteFormat::Har {
                    cassette.entries =
                        har::entries(text).map_err(|(message, at)| cassette.error(&message, at))?;
                }
                Ok(cassette)
            }
        }
    }

    /// The cassette's format.
    pub fn format(&self) -> CassetteFormat {
        self.format
    }

    /// The interactions, in recorded order, each read when it is asked for. An interaction
    /// that cannot be read is an error and the next one is read; where the cassette itself is
    /// broken (not YAML there, an httprr record's lengths wrong) the error is the last item.
    /// The bodies of calls to other endpoints are not read (they come empty).
    pub fn interactions(&self) -> impl Iterator<Item = Result<Interaction, CassetteError>> + '_ {
        let text = std::str::from_utf8(self.source).unwrap_or_default();
        let read: Box<dyn Iterator<Item = Result<Interaction, ReadFailure>> + '_> =
            match self.format {
                CassetteFormat::Vcr => {
                    Box::new(yaml::Reader::new(text, &self.line_starts, &self.budget))
                }
                CassetteFormat::Har => {
                    Box::new(self.entries.iter().enumerate().map(move |(index, raw)| {
                        har::entry(text, raw, index + 1, &self.budget)
                            .map_err(|(message, at)| (message, at, Some(index + 1)))
                    }))
                }
                CassetteFormat::Httprr => Box::new(httprr::Reader::new(self.source, &self.budget)),
            };
        read.map(move |item| {
            item.map_err(|(message, at, interaction)| CassetteError {
                interaction,
                ..self.error(&message, at)
            })
        })
    }

    /// The position of a byte offset of the cassette.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let start = self.line_starts[line - 1];
        Position {
            line,
            column: offset - start + 1,
            offset: Some(offset),
        }
    }

    /// The cassette as read.
    pub(crate) fn source(&self) -> &[u8] {
        self.source
    }

    /// The window of the cassette's line around byte `offset` that a diagnostic shows, and
    /// the column within it (only the window is read: a line can be megabytes long).
    pub(crate) fn window_at(&self, offset: usize) -> (String, usize) {
        let position = self.position(offset);
        let start = self.line_starts[position.line - 1];
        let end = self
            .line_starts
            .get(position.line)
            .map_or(self.source.len(), |next| next - 1)
            .max(start);
        let line = &self.source[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        crate::validate::window_of_bytes(line, position.column)
    }

    fn error(&self, message: &str, at: usize) -> CassetteError {
        CassetteError {
            message: message.to_owned(),
            position: self.position(at),
            interaction: None,
        }
    }
}

impl fmt::Debug for Cassette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cassette")
            .field("format", &self.format)
            .field("bytes", &self.source.len())
            .field("lines", &self.line_starts.len())
            .finish_non_exhaustive()
    }
}

/// The byte offset of every line's start: lines end at LF, CRLF or a lone CR, as YAML's do
/// (the YAML parser counts lines so, and positions must agree with it).
pub(crate) fn line_starts(source: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for at in memchr::memchr2_iter(b'\n', b'\r', source) {
        if source[at] == b'\r' && source.get(at + 1) == Some(&b'\n') {
            continue;
        }
        starts.push(at + 1);
    }
    starts
}

/// The day an HTTP date (`Tue, 05 Mar 2024 21:46:12 GMT`) or an ISO 8601 time
/// (`2025-06-09T21:45:38.365Z`) falls on.
pub(crate) fn day_of(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(day) = text.get(..10).and_then(|day| day.parse().ok()) {
        return Some(day);
    }
    let mut words = text.split([' ', ',', '-']).filter(|w| !w.is_empty());
    let mut word = words.next()?;
    if word.chars().all(|c| c.is_ascii_alphabetic()) {
        word = words.next()?;
    }
    let day: u8 = word.parse().ok()?;
    let month = words.next()?.get(..3)?.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months.iter().position(|m| *m == month)? as u8 + 1;
    // Four digits: RFC 850's two-digit years are not guessed at.
    let year: u16 = words.next().filter(|y| y.len() == 4)?.parse().ok()?;
    Date::from_ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_http_and_iso_dates() {
        let day = |s: &str| day_of(s).map(|d| d.to_string());
        assert_eq!(
            day("Tue, 05 Mar 2024 21:46:12 GMT").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            day("2025-06-09T21:45:38.365Z").as_deref(),
            Some("2025-06-09")
        );
        assert_eq!(day("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(day("Tue, 31 Feb 2024 00:00:00 GMT"), None);
        assert_eq!(day(""), None);
    }

    #[test]
    fn the_endpoint_is_told_by_method_and_path() {
        let request = |method: &str, uri: &str| Request {
            method: method.into(),
            uri: uri.into(),
            headers: Headers::default(),
            body: Body::empty(0),
        };
        assert!(request("post", "https://api.anthropic.com/v1/complete").is_complete());
        assert!(request("POST", "http://localhost:8080/v1/complete?beta=1").is_complete());
        assert!(!request("GET", "https://api.anthropic.com/v1/complete").is_complete());
        assert!(!request("POST", "https://api.openai.com/v1/completions").is_complete());
        assert!(!request("POST", "https://api.anthropic.com/v1/messages").is_complete());
        // A gateway's prefix; not a path that only ends in the same letters.
        assert!(request("POST", "https://gw.example/v1/acct/anthropic/v1/complete").is_complete());
        assert!(!request("POST", "https://api.example.com/xv1/complete").is_complete());
        assert!(!request("POST", "https://host?next=/v1/complete").is_complete());
    }

    #[test]
    fn positions_count_lines_and_bytes() {
        let cassette = Cassette {
            format: CassetteFormat::Httprr,
            budget: Cell::new(0),
            source: b"ab\ncde\nf",
            line_starts: vec![0, 3, 7],
            entries: Vec::new(),
        };
        assert_eq!(
            cassette.position(4),
            Position {
                line: 2,
                column: 2,
                offset: Some(4)
            }
        );
        assert_eq!(cassette.position(7).line, 3);
        assert_eq!(cassette.window_at(5), ("cde".to_owned(), 3));
        assert_eq!(line_starts(b"a\r\nb\rc\nd"), [0, 3, 5, 7]);
    }
}
