//! Validation of recorded traffic: JSON documents, JSON Lines and event streams, read one record
//! at a time in bounded memory, each problem reported as a [`Diagnostic`] with its line,
//! column and JSON pointer.
//!
//! ```
//! use anthropic_completions::validate::{validate, Code, Format, Options};
//!
//! let input = r#"{"type":"completion","id":"c","completion":"","stop_reason":5,"model":"claude-2.1"}"#;
//! let mut found = Vec::new();
//! let summary = validate(input.as_bytes(), Format::JsonLines, &Options::default(), |d| found.push(d));
//! assert_eq!((summary.records, summary.invalid), (1, 1));
//! let wrong = found.iter().find(|d| d.code == Code::WrongType).unwrap();
//! assert_eq!((wrong.position.line, wrong.position.column), (1, 61));
//! assert_eq!(wrong.pointer, "/stop_reason");
//! // claude-2.1 may have been active when this was recorded: no warning, unless the day is
//! // known and it was retired by then.
//! assert!(!found.iter().any(|d| d.code == Code::RetiredModel));
//! let late = Options { recorded_on: Some("2025-08-01".parse()?), ..Options::default() };
//! let mut found = Vec::new();
//! validate(input.as_bytes(), Format::JsonLines, &late, |d| found.push(d));
//! assert!(found.iter().any(|d| d.code == Code::RetiredModel));
//! # Ok::<(), anthropic_completions::DateError>(())
//! ```

#[cfg(feature = "cassettes")]
mod cassette;
mod code;
mod events;
mod locate;
#[cfg(feature = "cassettes")]
pub(crate) use locate::window_of_bytes;
#[cfg(feature = "cassettes")]
mod pair;
mod record;
mod repeats;
mod stats;

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, Read};
use std::path::Path;

use crate::lines::{LineError, LineReader};
use crate::{Pointer, Position};
#[cfg(feature = "cassettes")]
pub use cassette::validate_cassette;
pub use code::Code;
use record::{Finding, check_record};
pub use stats::Stats;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The record does not match the API.
    Error,
    /// Allowed, but worth knowing: an unknown field or model, a retired model, the 2023 shape.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is: a stable code.
    pub code: Code,
    /// Where it is in the input: for a value, where the value starts; for a missing key, the
    /// object that lacks it.
    pub position: Position,
    /// Where the value is inside its record (for a missing key, the key's pointer). The root
    /// for problems of the input itself.
    pub pointer: Pointer,
    /// What was expected, when that is one thing.
    pub expected: Option<String>,
    /// What was found.
    pub found: Option<String>,
    /// The problem, in words.
    pub message: String,
    /// The input line the position is on, for display: filled when
    /// [`Options::source_lines`] is set (and the line can be shown); of a long line, only a
    /// window around the position (a few hundred bytes), so memory stays bounded.
    pub source_line: String,
    /// The 1-based byte column of the position within [`Self::source_line`] (the position's
    /// own column when the whole line is kept); 0 when there is no source line.
    pub source_column: usize,
    /// How many problems this diagnostic stands for that were not reported one by one: on the
    /// closing line of a repeated warning (see [`validate`]), its repeats, or, in an input with
    /// more different warnings than are counted apart, the rest of one code's; on a
    /// `more-problems` diagnostic, the record's problems past its cap. 0 on every other one.
    pub repeats: u64,
    /// In a cassette, the 1-based number of the interaction the problem is in.
    pub interaction: Option<usize>,
    /// In a cassette, the body the problem is in (or, for a problem of the pair, the part
    /// that disagrees with the other).
    pub part: Option<Part>,
}

/// One of the two bodies of a recorded interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The request.
    Request,
    /// The response.
    Response,
}

impl Part {
    /// `"request"` or `"response"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Response => "response",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// What a record must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Told by the record: `type` `"completion"` or `"error"`, a `prompt` (a request), or the 2023
    /// shapes (an `error` member, or a `completion` member without `type`).
    #[default]
    Auto,
    /// A completion body.
    Completion,
    /// An error body.
    Error,
    /// A request body.
    Request,
    /// A streamed response (the whole input is one event stream).
    Stream,
}

/// How to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Make unknown fields, models, stop reasons, error and event types errors, not warnings.
    pub strict: bool,
    /// What the records must be.
    pub kind: Kind,
    /// The largest record (a document, a line of JSON Lines, a line of a stream) read, in bytes.
    pub max_record: usize,
    /// Fill [`Diagnostic::source_line`] (for display). Off by default: copying long lines
    /// costs, and machine output does not need them.
    pub source_lines: bool,
    /// The day the traffic was recorded, when known: a record naming a model already retired
    /// then is reported (`retired-model`). Without it no record is judged by today's catalogue,
    /// since a record may come from when its model was active.
    pub recorded_on: Option<crate::Date>,
    /// Say a warning that repeats (the same code, pointer and value) once, and its count at the
    /// end of the input ([`Diagnostic::repeats`]). On by default.
    pub fold_repeats: bool,
    /// The level of each code given one, as rustc's `-A`/`-W`/`-D` set a lint's: an allowed
    /// code is not reported, a denied one is an error (and makes its record invalid), a warned
    /// one a warning. Applied after [`Options::strict`], before a record's problems are capped
    /// ([`Options::max_per_record`]); codes that say a record cannot be read are not changed
    /// ([`Code::is_fixed`]).
    pub levels: BTreeMap<Code, Level>,
    /// Report at most this many diagnostics of one input; the rest are counted
    /// ([`Summary::unreported`]).
    pub max_diagnostics: Option<u64>,
    /// Place and report at most this many problems of one record (1,000 by default; in a
    /// stream, of one event); the rest are one `more-problems` diagnostic with their count ([`Diagnostic::repeats`]), so
    /// that a record's memory and time stay bounded whatever it holds.
    pub max_per_record: usize,
}

impl Options {
    /// The level `levels` gives `code`; none for a code levels cannot change
    /// ([`Code::is_fixed`]).
    pub fn level(&self, code: Code) -> Option<Level> {
        match self.levels.get(&code) {
            Some(_) if code.is_fixed() => None,
            level => level.copied(),
        }
    }
}

/// What a code's diagnostics are made, whatever the validator would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Not reported (counted in [`Summary::allowed`]).
    Allow,
    /// A warning.
    Warn,
    /// An error: the record is invalid.
    Deny,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            kind: Kind::Auto,
            max_record: 64 * 1024 * 1024,
            source_lines: false,
            recorded_on: None,
            fold_repeats: true,
            levels: BTreeMap::new(),
            max_diagnostics: None,
            max_per_record: 1000,
        }
    }
}

/// Counts over one input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records read (a stream counts as one).
    pub records: u64,
    /// Records without errors.
    pub valid: u64,
    /// Records with at least one error.
    pub invalid: u64,
    /// Error diagnostics.
    pub errors: u64,
    /// Warning diagnostics.
    pub warnings: u64,
    /// Diagnostics of an allowed code ([`Options::levels`]), not reported.
    pub allowed: u64,
    /// Diagnostics past [`Options::max_diagnostics`], not reported (those of errors and
    /// warnings are counted there too).
    pub unreported: u64,
    /// Inputs or parts of them that could not be read (`io-error`), whatever the levels.
    pub io_errors: u64,
    /// In cassettes, the interactions with `POST /v1/complete` checked (each is two records:
    /// its request and its response).
    pub interactions: u64,
    /// In cassettes, the interactions with other endpoints, counted and not checked.
    pub skipped: u64,
}

impl Summary {
    /// Adds `other`'s counts.
    pub fn add(&mut self, other: &Summary) {
        self.records += other.records;
        self.valid += other.valid;
        self.invalid += other.invalid;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.allowed += other.allowed;
        self.unreported += other.unreported;
        self.io_errors += other.io_errors;
        self.interactions += other.interactions;
        self.skipped += other.skipped;
    }
}

/// Validates `input`, calling `report` with each diagnostic as it is found. Reads one record at
/// a time: memory stays bounded by `options.max_record`, whatever the input's size.
///
/// A warning that repeats (the same code, pointer and value in many records: an unlisted model
/// in every record of an archive) is reported the first time; at the end of the input one more
/// diagnostic at its first position says how many times more it came
/// ([`Diagnostic::repeats`]). [`Summary::warnings`] counts every one. A string value shown by
/// its start only is never folded (two different values could look alike), and
/// [`Options::fold_repeats`] turns folding off.
pub fn validate<R: BufRead>(
    input: R,
    format: Format,
    options: &Options,
    mut report: impl FnMut(Diagnostic),
) -> Summary {
    drive(options, &mut report, |counted, record| {
        if options.kind == Kind::Stream || format == Format::EventStream {
            let valid = events::check_stream(input, options, counted);
            record(valid);
        } else if format == Format::JsonLines {
            json_lines(input, options, counted, record);
        } else {
            document(input, options, counted, record);
        }
    })
}

/// Runs `check`, which reports the diagnostics of one input and says where each record ends,
/// and does to its diagnostics what `options` say: levels, counts, folding, the cap.
pub(crate) fn drive(
    options: &Options,
    report: &mut dyn FnMut(Diagnostic),
    check: impl FnOnce(&mut dyn FnMut(Diagnostic), &mut dyn FnMut(bool)),
) -> Summary {
    let mut summary = Summary::default();
    let mut repeats = repeats::Repeats::default();
    // Whether the record being read has had an error (after the levels of `options`): a
    // record is valid when it has none.
    let errored = std::cell::Cell::new(false);
    let mut reported = 0u64;
    let mut cap = |diagnostic: Diagnostic, summary: &mut Summary| {
        if options.max_diagnostics.is_some_and(|max| reported >= max) {
            summary.unreported += 1;
        } else {
            reported += 1;
            report(diagnostic);
        }
    };
    let mut counted = |mut diagnostic: Diagnostic| {
        if diagnostic.code == Code::IoError {
            summary.io_errors += 1;
        }
        match options.level(diagnostic.code) {
            Some(Level::Allow) => {
                // A record's allowed problems come as one diagnostic per code, with their count.
                summary.allowed += 1 + diagnostic.repeats;
                return;
            }
            Some(Level::Warn) => diagnostic.severity = Severity::Warning,
            Some(Level::Deny) => diagnostic.severity = Severity::Error,
            None => {}
        }
        match diagnostic.severity {
            Severity::Error => {
                summary.errors += 1;
                errored.set(true);
            }
            Severity::Warning => summary.warnings += 1,
        }
        if !options.fold_repeats || repeats.first_time(&diagnostic) {
            cap(diagnostic, &mut summary);
        }
    };
    let mut records = (0u64, 0u64);
    let mut record = |_: bool| {
        if errored.replace(false) {
            records.1 += 1
        } else {
            records.0 += 1
        }
    };
    check(&mut counted, &mut record);
    for diagnostic in repeats.tally() {
        cap(diagnostic, &mut summary);
    }
    summary.valid = records.0;
    summary.invalid = records.1;
    summary.records = records.0 + records.1;
    summary
}

/// Reports `found`, and whether it holds an error.
fn report_all(found: Vec<Diagnostic>, report: &mut dyn FnMut(Diagnostic)) -> bool {
    let mut valid = true;
    for diagnostic in found {
        valid &= diagnostic.severity != Severity::Error;
        report(diagnostic);
    }
    valid
}

/// A finding about the input at `position`, with no source line.
fn input_problem(
    severity: Severity,
    code: Code,
    message: String,
    position: Position,
) -> Diagnostic {
    Finding::new(severity, code, message).at(position, "")
}

fn json_lines<R: BufRead>(
    input: R,
    options: &Options,
    report: &mut dyn FnMut(Diagnostic),
    record: &mut dyn FnMut(bool),
) {
    let mut lines = LineReader::new(input, options.max_record, false);
    // An unreadable start shows again, located, at the first line read.
    let bom = lines.skip_bom().unwrap_or(false);
    if bom {
        let message = "the input starts with a byte order mark (dropped)".to_owned();
        report(input_problem(
            Severity::Warning,
            Code::Bom,
            message,
            Position::START,
        ));
    }
    let mut any = false;
    loop {
        let Some(line) = lines.next_line() else {
            if !any {
                let message = "the input holds no record".to_owned();
                report(input_problem(
                    Severity::Error,
                    Code::EmptyInput,
                    message,
                    Position::START,
                ));
                record(false);
            }
            return;
        };
        let outcome = match line {
            Ok((number, line_start, bytes)) => match std::str::from_utf8(bytes) {
                Ok(text) if text.trim_matches(is_json_whitespace).is_empty() => None,
                Ok(text) => {
                    let found = check_record(text, number, Some(line_start), options.kind, options);
                    let found = if number == 1 && bom {
                        after_bom(found)
                    } else {
                        found
                    };
                    Some(report_all(found, report))
                }
                Err(error) => {
                    let column = error.valid_up_to() + 1 + if number == 1 && bom { 3 } else { 0 };
                    let position = Position {
                        line: number,
                        column,
                        offset: Some(line_start + error.valid_up_to()),
                    };
                    let message = "invalid UTF-8".to_owned();
                    report(input_problem(
                        Severity::Error,
                        Code::InvalidUtf8,
                        message,
                        position,
                    ));
                    Some(false)
                }
            },
            Err(LineError::TooLong) => {
                let message = format!(
                    "a record longer than {} bytes (skipped)",
                    options.max_record
                );
                let position = Position {
                    line: lines.number(),
                    column: 1,
                    offset: Some(lines.line_start()),
                };
                report(input_problem(
                    Severity::Error,
                    Code::RecordTooLarge,
                    message,
                    position,
                ));
                Some(false)
            }
            Err(LineError::Io(error)) => {
                let message = format!("cannot read the input: {error}");
                let position = Position {
                    line: lines.number() + 1,
                    column: 1,
                    offset: Some(lines.consumed()),
                };
                report(input_problem(
                    Severity::Error,
                    Code::IoError,
                    message,
                    position,
                ));
                record(false);
                return;
            }
        };
        if let Some(valid) = outcome {
            any = true;
            record(valid);
        }
    }
}

fn document<R: Read>(
    input: R,
    options: &Options,
    report: &mut dyn FnMut(Diagnostic),
    record: &mut dyn FnMut(bool),
) {
    let mut bytes = Vec::new();
    let limit = u64::try_from(options.max_record)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    if let Err(error) = input.take(limit).read_to_end(&mut bytes) {
        let message = format!("cannot read the input: {error}");
        report(input_problem(
            Severity::Error,
            Code::IoError,
            message,
            Position::START,
        ));
        record(false);
        return;
    }
    if bytes.len() > options.max_record {
        let message = format!(
            "a document longer than {} bytes (not read further)",
            options.max_record
        );
        report(input_problem(
            Severity::Error,
            Code::RecordTooLarge,
            message,
            Position::START,
        ));
        record(false);
        return;
    }
    let mut text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(error) => {
            let before = &bytes[..error.valid_up_to()];
            let line = 1 + before.iter().filter(|b| **b == b'\n').count();
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let position = Position {
                line,
                column,
                offset: Some(error.valid_up_to()),
            };
            let message = "invalid UTF-8".to_owned();
            report(input_problem(
                Severity::Error,
                Code::InvalidUtf8,
                message,
                position,
            ));
            record(false);
            return;
        }
    };
    let bom = text.starts_with('\u{feff}');
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        let message = "the input starts with a byte order mark (dropped)".to_owned();
        report(input_problem(
            Severity::Warning,
            Code::Bom,
            message,
            Position::START,
        ));
        text = rest;
    }
    if text.trim_matches(is_json_whitespace).is_empty() {
        let message = "the input holds no JSON".to_owned();
        report(input_problem(
            Severity::Error,
            Code::EmptyInput,
            message,
            Position::START,
        ));
        record(false);
        return;
    }
    let base = if bom { 3 } else { 0 };
    let found = check_record(text, 1, Some(base), options.kind, options);
    let valid = report_all(if bom { after_bom(found) } else { found }, report);
    record(valid);
}

/// JSON's whitespace (RFC 8259): not Unicode's, which `str::trim` would also drop.
fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Diagnostics on line 1 of an input whose BOM was dropped move 3 bytes right, so that columns
/// count the input's bytes.
fn after_bom(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for diagnostic in found.iter_mut().filter(|d| d.position.line == 1) {
        diagnostic.position.column += 3;
    }
    found
}
