//! Lines from any `BufRead`, in bounded memory: a line longer than the limit is skipped to its
//! end and reported, never stored whole.

use std::io::{self, BufRead};
use std::ops::Range;

/// Why a line could not be read.
#[derive(Debug)]
pub(crate) enum LineError {
    /// Reading failed.
    Io(io::Error),
    /// The line is longer than the limit; it was skipped.
    TooLong,
}

/// A line: its 1-based number, the byte offset where it starts, and its bytes.
pub(crate) type Line<'a> = (usize, usize, &'a [u8]);

/// A line read into the caller's buffer: its number, its byte offset, where it sits there.
pub(crate) type LineAt = (usize, usize, Range<usize>);

/// Splits input into lines: on LF and CRLF, and also on a lone CR when `cr_ends_line` (as the
/// event-stream format wants). A leading UTF-8 BOM is dropped and remembered.
pub(crate) struct LineReader<R> {
    input: R,
    max: usize,
    cr_ends_line: bool,
    line: Vec<u8>,
    number: usize,
    after_cr: bool,
    at_start: bool,
    had_bom: bool,
    /// Bytes consumed from the input so far.
    consumed: usize,
    /// The byte offset where the line read last starts.
    line_start: usize,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(input: R, max: usize, cr_ends_line: bool) -> Self {
        LineReader {
            input,
            max,
            cr_ends_line,
            line: Vec::new(),
            number: 0,
            after_cr: false,
            at_start: true,
            had_bom: false,
            consumed: 0,
            line_start: 0,
        }
    }

    /// The 1-based number of the line read last.
    pub(crate) fn number(&self) -> usize {
        self.number
    }

    /// The byte offset in the input where the line read last starts.
    pub(crate) fn line_start(&self) -> usize {
        self.line_start
    }

    /// The bytes of the input read so far.
    pub(crate) fn consumed(&self) -> usize {
        self.consumed
    }

    fn consume(&mut self, bytes: usize) {
        self.input.consume(bytes);
        self.consumed += bytes;
    }

    /// Drops a leading BOM now, before any line is read, so that callers know at once.
    pub(crate) fn skip_bom(&mut self) -> io::Result<bool> {
        if self.at_start {
            self.at_start = false;
            if self.input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
                self.consume(3);
                self.had_bom = true;
            }
        }
        Ok(self.had_bom)
    }

    /// The next line without its terminator, with its 1-based number and the byte offset
    /// where it starts; `None` at the end.
    pub(crate) fn next_line(&mut self) -> Option<Result<Line<'_>, LineError>> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let read = self.next_line_into(&mut line);
        self.line = line;
        Some(read?.map(|(number, start, at)| (number, start, &self.line[at])))
    }

    /// Reads the next line onto the end of `out`, where the caller keeps it (so that a line
    /// is copied once, and a long one held once): its number, its byte offset, and where it
    /// sits in `out`. A line too long or unreadable leaves `out` as it was.
    pub(crate) fn next_line_into(
        &mut self,
        out: &mut Vec<u8>,
    ) -> Option<Result<LineAt, LineError>> {
        let begin = out.len();
        let mut read_any = false;
        let mut too_long = false;
        loop {
            let available = match self.input.fill_buf() {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    out.truncate(begin);
                    return Some(Err(LineError::Io(error)));
                }
            };
            if available.is_empty() {
                break;
            }
            if self.after_cr {
                self.after_cr = false;
                if available[0] == b'\n' {
                    self.consume(1);
                    continue;
                }
            }
            if self.at_start {
                self.at_start = false;
                if available.starts_with(b"\xEF\xBB\xBF") {
                    self.had_bom = true;
                    self.consume(3);
                    continue;
                }
            }
            if !read_any {
                self.line_start = self.consumed;
            }
            read_any = true;
            let end = if self.cr_ends_line {
                memchr::memchr2(b'\n', b'\r', available)
            } else {
                memchr::memchr(b'\n', available)
            };
            let take = end.unwrap_or(available.len());
            if !too_long && out.len() - begin + take <= self.max {
                out.extend_from_slice(&available[..take]);
            } else {
                too_long = true;
                out.truncate(begin);
            }
            match end {
                Some(at) => {
                    self.after_cr = available[at] == b'\r';
                    self.consume(at + 1);
                    break;
                }
                None => {
                    let all = available.len();
                    self.consume(all);
                }
            }
        }
        if !read_any {
            return None;
        }
        self.number += 1;
        if too_long {
            return Some(Err(LineError::TooLong));
        }
        if !self.cr_ends_line && out.len() > begin && out.last() == Some(&b'\r') {
            out.pop();
        }
        Some(Ok((self.number, self.line_start, begin..out.len())))
    }
}
