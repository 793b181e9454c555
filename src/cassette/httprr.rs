//! Go's `httprr trace v1`: after the magic line, each interaction is a line `N M` and then N
//! bytes of raw HTTP/1.1 request and M bytes of raw response. Bodies are stored as sent, so
//! every byte of one has its own position.

use std::cell::Cell;

use super::{Body, Headers, Interaction, Origin, Request, Response, day_of};

/// The first line of a trace.
pub(super) const MAGIC: &str = "httprr trace v1\n";

/// Reads a trace one record at a time.
pub(super) struct Reader<'a> {
    source: &'a [u8],
    budget: &'a Cell<usize>,
    /// Where the next record starts; `None` after an error or the end.
    next: Option<usize>,
    number: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(source: &'a [u8], budget: &'a Cell<usize>) -> Self {
        Reader {
            source,
            budget,
            next: Some(0),
            number: 0,
        }
    }

    fn record(&mut self, at: usize) -> Result<(Interaction, usize), (String, usize)> {
        let source = self.source;
        let rest = &source[at..];
        let line_end = memchr::memchr(b'\n', rest).ok_or_else(|| {
            (
                "a record header `N M` without its line break".to_owned(),
                at,
            )
        })?;
        let lengths = std::str::from_utf8(&rest[..line_end])
            .ok()
            .and_then(|line| {
                let (n, m) = line.trim_end_matches('\r').split_once(' ')?;
                Some((n.parse::<usize>().ok()?, m.parse::<usize>().ok()?))
            })
            .ok_or_else(|| {
                (
                    "a record header that is not `N M` (two lengths)".to_owned(),
                    at,
                )
            })?;
        let (request_len, response_len) = lengths;
        let request_at = at + line_end + 1;
        let end = request_at
            .checked_add(request_len)
            .and_then(|mid| mid.checked_add(response_len))
            .filter(|end| *end <= source.len())
            .ok_or_else(|| ("a record longer than the trace (cut short?)".to_owned(), at))?;
        let response_at = request_at + request_len;
        let (request_line, request_headers, request_body) =
            message(source, request_at, response_at)?;
        let (status_line, response_headers, response_body) = message(source, response_at, end)?;
        let mut words = request_line.split(' ');
        let method = words.next().unwrap_or_default().to_owned();
        let uri = words.next().unwrap_or_default().to_owned();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok());
        let recorded_on = response_headers.get("date").and_then(day_of);
        let (request_body, response_body) = if super::is_complete(&method, &uri) {
            (
                request_body.decoded(request_headers.get("content-encoding"), self.budget),
                response_body.decoded(response_headers.get("content-encoding"), self.budget),
            )
        } else {
            (Body::empty(request_at), Body::empty(response_at))
        };
        self.number += 1;
        let interaction = Interaction {
            number: self.number,
            recorded_on,
            request: Request {
                method,
                uri,
                body: request_body,
                headers: request_headers,
            },
            response: Response {
                status,
                body: response_body,
                headers: response_headers,
            },
            at,
        };
        Ok((interaction, end))
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Interaction, super::ReadFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        let at = match self.next.take()? {
            0 => match self.source.strip_prefix(MAGIC.as_bytes()) {
                Some(_) => MAGIC.len(),
                None => {
                    return Some(Err((
                        "an httprr trace starts with `httprr trace v1`".into(),
                        0,
                        None,
                    )));
                }
            },
            at => at,
        };
        if at >= self.source.len() {
            return None;
        }
        match self.record(at) {
            Ok((interaction, end)) => {
                self.next = Some(end);
                Some(Ok(interaction))
            }
            // A record's framing is broken: nothing after it can be found.
            Err((message, at)) => Some(Err((message, at, Some(self.number + 1)))),
        }
    }
}

/// A raw HTTP/1.1 message in `source[start..end]`: its first line, its header fields and its
/// body (chunked transfer coding undone).
fn message(
    source: &[u8],
    start: usize,
    end: usize,
) -> Result<(String, Headers, Body), (String, usize)> {
    let raw = &source[start..end];
    let (head_len, separator) = match memchr::memmem::find(raw, b"\r\n\r\n") {
        Some(at) => (at, 4),
        None => match memchr::memmem::find(raw, b"\n\n") {
            Some(at) => (at, 2),
            None => (raw.len(), 0),
        },
    };
    // HTTP allows bytes past ASCII in header values (Latin-1, say): read them lossily rather
    // than refuse the record.
    let head = String::from_utf8_lossy(&raw[..head_len]);
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    let mut headers = Headers::default();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            headers.push(name.trim(), value.trim());
        }
    }
    let body_at = start + head_len + separator;
    let bytes = &raw[(head_len + separator).min(raw.len())..];
    let body = if separator == 0 {
        Body::empty(start)
    } else if headers
        .get("transfer-encoding")
        .is_some_and(|coding| coding.eq_ignore_ascii_case("chunked"))
    {
        match unchunked(bytes) {
            Some(bytes) => Body::stored(bytes, Origin::Encoded(body_at)),
            None => Body::broken("a chunked body whose chunks do not add up".into(), body_at),
        }
    } else {
        Body::stored(bytes.to_vec(), Origin::Verbatim(body_at))
    };
    Ok((first, headers, body))
}

/// A body in the chunked transfer coding, joined; `None` when it is malformed.
fn unchunked(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = memchr::memchr(b'\n', bytes)?;
        let size = std::str::from_utf8(&bytes[..line_end]).ok()?.trim();
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        bytes = &bytes[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = bytes.get(size..)?;
        bytes = bytes
            .strip_prefix(b"\r\n")
            .or_else(|| bytes.strip_prefix(b"\n"))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &[u8]) -> Result<Vec<Interaction>, (String, usize)> {
        Reader::new(source, &Cell::new(usize::MAX))
            .map(|item| item.map_err(|(message, at, _)| (message, at)))
            .collect()
    }

    #[test]
    fn records_are_read_by_their_lengths() {
        let request = "POST https://api.anthropic.com/v1/complete HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"a\":1}";
        let response = "HTTP/1.1 529 Overloaded\r\nDate: Sun, 01 Jun 2025 04:30:55 GMT\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
        let trace = format!(
            "{MAGIC}{} {}\n{request}{response}",
            request.len(),
            response.len()
        );
        let interactions = read(trace.as_bytes()).unwrap();
        let one = &interactions[0];
        assert_eq!(
            (one.request.method.as_str(), one.response.status),
            ("POST", Some(529))
        );
        assert_eq!(
            one.request.body.origin,
            Origin::Verbatim(trace.find("{\"a").unwrap())
        );
        assert_eq!(one.response.body.bytes(), b"{}");
        assert_eq!(one.recorded_on.unwrap().to_string(), "2025-06-01");
    }

    #[test]
    fn broken_traces_are_refused_with_a_place() {
        assert_eq!(read(b"httprr trace v2\n").unwrap_err().1, 0);
        let (message, at) = read(b"httprr trace v1\n10 10\nshort").unwrap_err();
        assert!(message.contains("cut short"), "{message}");
        assert_eq!(at, MAGIC.len());
        let (message, _) = read(b"httprr trace v1\nten 10\n").unwrap_err();
        assert!(message.contains("two lengths"), "{message}");
        assert_eq!(unchunked(b"5\r\nab"), None);
    }
}
