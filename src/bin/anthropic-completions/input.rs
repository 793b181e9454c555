//! Opening an input: a file or standard input, and the format it is read as.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::Path;

use anthropic_completions::cassette::CassetteFormat;
use anthropic_completions::validate::Format;

use crate::InputFormat;

/// An input opened for reading, with its format.
pub(crate) struct Input {
    pub(crate) reader: Box<dyn BufRead>,
    pub(crate) format: Format,
    /// The cassette format, when the input is a cassette (read whole, then checked).
    pub(crate) cassette: Option<CassetteFormat>,
}

/// Opens `path` (`-` is standard input) and tells its format, peeking without consuming.
pub(crate) fn open(path: &Path, forced: Option<InputFormat>, progress: bool) -> io::Result<Input> {
    let mut reader: Box<dyn BufRead> = if path == Path::new("-") {
        let mut stdin = io::stdin();
        let head = read_head(&mut stdin)?;
        if forced.is_none() {
            let format = sniff(&head);
            let cassette = CassetteFormat::of_content(&head);
            let reader = BufReader::with_capacity(1 << 16, io::Cursor::new(head).chain(stdin));
            return Ok(Input {
                reader: Box::new(reader),
                format,
                cassette,
            });
        }
        Box::new(BufReader::with_capacity(
            1 << 16,
            io::Cursor::new(head).chain(stdin),
        ))
    } else {
        if path.is_dir() {
            return Err(io::Error::other(format!(
                "{}: is a directory",
                path.display()
            )));
        }
        let file = File::open(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let length = file.metadata().map(|m| m.len()).unwrap_or(0);
        let read: Box<dyn Read> = if progress && length > 16 << 20 && io::stderr().is_terminal() {
            Box::new(indicatif::ProgressBar::new(length).wrap_read(file))
        } else {
            Box::new(file)
        };
        Box::new(BufReader::with_capacity(1 << 16, read))
    };
    let (format, cassette) = match forced {
        Some(InputFormat::Json) => (Format::Json, None),
        Some(InputFormat::Jsonl) => (Format::JsonLines, None),
        Some(InputFormat::Sse) => (Format::EventStream, None),
        Some(cassette) => (Format::Json, cassette.cassette()),
        None => {
            let head = reader
                .fill_buf()
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            if path == Path::new("-") {
                (sniff(head), CassetteFormat::of_content(head))
            } else {
                (
                    Format::detect(path, head),
                    CassetteFormat::detect(path, head),
                )
            }
        }
    };
    Ok(Input {
        reader,
        format,
        cassette,
    })
}

/// The start of standard input, enough to tell its format: two complete non-blank lines,
/// 1 MiB, or all of it, whichever comes first (a pipe hands data over in pieces).
fn read_head(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    while head.len() < 1 << 20 {
        let read = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        head.extend_from_slice(&chunk[..read]);
        let complete = head
            .split(|b| *b == b'\n')
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()));
        if complete.count() > 2 {
            break;
        }
    }
    Ok(head)
}

/// The format of standard input, from its first bytes (a BOM skipped): event-stream lines,
/// lines that each start a JSON object (even a broken or cut one: JSON Lines whose first
/// record is bad must not hide the others), or one document.
fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if Format::of_content(head) == Some(Format::EventStream) {
        return Format::EventStream;
    }
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    // Two lines that each start an object (the first more than a lone `{`, which is how a
    // pretty-printed document starts): JSON Lines, even when one is cut short or broken.
    match (lines.next(), lines.next()) {
        (Some(first), Some(second))
            if first.starts_with('{') && first != "{" && second.starts_with('{') =>
        {
            Format::JsonLines
        }
        _ => Format::Json,
    }
}
