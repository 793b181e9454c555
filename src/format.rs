//! How an input is framed (one JSON document, JSON Lines, an event stream), told by a file's
//! extension or its first bytes.

use std::path::Path;

/// How the input is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON document.
    Json,
    /// JSON Lines: one record per line (blank lines are skipped).
    JsonLines,
    /// A `text/event-stream` body: one streamed response.
    EventStream,
}

impl Format {
    /// The format of a file: by extension (`.jsonl`, `.ndjson`; `.sse`), and for `.txt` by
    /// its content ([`Format::of_content`]); otherwise one document.
    pub fn detect(path: &Path, head: &[u8]) -> Format {
        match Format::of_extension(path) {
            Some(format) => format,
            None if extension_of(path) == "txt"
                && Format::of_content(head) == Some(Format::EventStream) =>
            {
                Format::EventStream
            }
            None => Format::Json,
        }
    }

    /// The format a file's extension names: `.json`, `.jsonl` or `.ndjson`, `.sse`; `None`
    /// for any other (a directory is walked for these).
    pub fn of_extension(path: &Path) -> Option<Format> {
        match extension_of(path).as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "sse" => Some(Format::EventStream),
            _ => None,
        }
    }

    /// What `head` (the first bytes of a body) looks like: an event stream when its first
    /// non-blank line is an `event:`, `data:`, `id:`, `retry:` or comment (`:`) line, JSON
    /// when it starts with `{` or `[`; `None` when it is neither.
    pub fn of_content(head: &[u8]) -> Option<Format> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        let line = &head[start..];
        let fields: [&[u8]; 5] = [b"event:", b"data:", b"id:", b"retry:", b":"];
        if fields.iter().any(|field| line.starts_with(field)) {
            return Some(Format::EventStream);
        }
        matches!(line[0], b'{' | b'[').then_some(Format::Json)
    }
}

/// A file's extension, lower-cased (empty when it has none).
pub(crate) fn extension_of(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}
