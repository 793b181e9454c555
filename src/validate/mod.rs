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

mod blocks;
#[cfg(feature = "cassettes")]
mod cassette;
mod code;
mod documents;
mod events;
mod finding;
mod locate;
mod options;
#[cfg(feature = "cassettes")]
pub(crate) use locate::window_of_bytes;
#[cfg(feature = "cassettes")]
mod pair;
mod place;
mod record;
mod repeats;
mod stats;

use std::fmt;
use std::io::BufRead;

pub use crate::format::Format;
use crate::{Pointer, Position};
use blocks::json_lines;
#[cfg(feature = "cassettes")]
pub use cassette::validate_cassette;
pub use code::Code;
use documents::document;
pub use options::{Kind, Level, Options};
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
            let valid = events::check_stream(input, options, &mut |d| counted.report(d));
            record(valid);
        } else if format == Format::JsonLines {
            json_lines(input, options, counted, record);
        } else {
            document(input, options, counted, record);
        }
    })
}

/// What the readers of records report to: each diagnostic, and, before a record's problems
/// are placed, the warnings said before (then only counted). A closure takes diagnostics and
/// drops none unplaced; the driver's [`Sink`] does both.
pub(crate) trait Report {
    /// Takes a diagnostic.
    fn report(&mut self, diagnostic: Diagnostic);
    /// Drops from one record's findings the warnings said before, counting them (they need
    /// not be placed).
    fn drop_said(&mut self, _found: &mut Vec<finding::Finding>) {}
}

impl<F: FnMut(Diagnostic)> Report for F {
    fn report(&mut self, diagnostic: Diagnostic) {
        self(diagnostic)
    }
}

impl Report for Sink<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        Sink::report(self, diagnostic)
    }

    fn drop_said(&mut self, found: &mut Vec<finding::Finding>) {
        // Not past the cap, which counts problems as placed; and only while this record's
        // warnings cannot fill the folding table: reporting them then never makes room by
        // forgetting a warning, which a later one of this record could be a repeat of.
        if found.len() <= self.options.max_per_record && self.repeats.has_room_for(found.len()) {
            found.retain(|finding| !self.said_before(finding));
        }
    }
}

/// Where a check puts what it finds: [`Sink::report`] takes each diagnostic; before a
/// warning is placed in the input (the costly part), [`Sink::said_before`] tells whether the
/// same warning was said already, in which case it is only counted.
pub(crate) struct Sink<'a> {
    options: &'a Options,
    summary: Summary,
    repeats: repeats::Repeats,
    /// Whether the record being read has had an error (after the levels of `options`): a
    /// record is valid when it has none.
    errored: &'a std::cell::Cell<bool>,
    reported: u64,
    report: &'a mut dyn FnMut(Diagnostic),
}

impl Sink<'_> {
    /// Counts `diagnostic`, applies the levels, folds a repeated warning, and reports the rest
    /// (up to [`Options::max_diagnostics`]).
    pub(crate) fn report(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.code == Code::IoError {
            self.summary.io_errors += 1;
        }
        match self.options.level(diagnostic.code) {
            Some(Level::Allow) => {
                // A record's allowed problems come as one diagnostic per code, with their count.
                self.summary.allowed += 1 + diagnostic.repeats;
                return;
            }
            Some(Level::Warn) => diagnostic.severity = Severity::Warning,
            Some(Level::Deny) => diagnostic.severity = Severity::Error,
            None => {}
        }
        match diagnostic.severity {
            Severity::Error => {
                self.summary.errors += 1;
                self.errored.set(true);
            }
            Severity::Warning => self.summary.warnings += 1,
        }
        if !self.options.fold_repeats || self.repeats.first_time(&diagnostic) {
            self.cap(diagnostic);
        }
    }

    /// Whether `finding`, once placed, would be a warning said before: then it is counted
    /// (as [`report`](Self::report) would count it) and need not be placed.
    pub(crate) fn said_before(&mut self, finding: &finding::Finding) -> bool {
        let severity = match self.options.level(finding.code) {
            Some(Level::Allow) => return false,
            Some(Level::Warn) => Severity::Warning,
            Some(Level::Deny) => Severity::Error,
            None => finding.severity,
        };
        let repeat = self.options.fold_repeats
            && severity == Severity::Warning
            && self.repeats.count_if_seen(
                finding.code,
                &finding.pointer,
                finding.found.as_deref(),
                &finding.message,
            );
        if repeat {
            self.summary.warnings += 1;
        }
        repeat
    }

    fn cap(&mut self, diagnostic: Diagnostic) {
        if self
            .options
            .max_diagnostics
            .is_some_and(|max| self.reported >= max)
        {
            self.summary.unreported += 1;
        } else {
            self.reported += 1;
            (self.report)(diagnostic);
        }
    }
}

/// Runs `check`, which reports the diagnostics of one input and says where each record ends,
/// and does to its diagnostics what `options` say: levels, counts, folding, the cap.
pub(crate) fn drive(
    options: &Options,
    report: &mut dyn FnMut(Diagnostic),
    check: impl FnOnce(&mut Sink<'_>, &mut dyn FnMut(bool)),
) -> Summary {
    let errored = std::cell::Cell::new(false);
    let mut sink = Sink {
        options,
        summary: Summary::default(),
        repeats: repeats::Repeats::default(),
        errored: &errored,
        reported: 0,
        report,
    };
    let mut records = (0u64, 0u64);
    let mut record = |_: bool| {
        if errored.replace(false) {
            records.1 += 1
        } else {
            records.0 += 1
        }
    };
    check(&mut sink, &mut record);
    let repeats = std::mem::take(&mut sink.repeats);
    for diagnostic in repeats.tally() {
        sink.cap(diagnostic);
    }
    let mut summary = sink.summary;
    summary.valid = records.0;
    summary.invalid = records.1;
    summary.records = records.0 + records.1;
    summary
}
