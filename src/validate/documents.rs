//! The framing of an input: one JSON document (JSON Lines in `blocks.rs`); the problems of
//! the input itself (not UTF-8, a byte order mark, empty, a record too long).

use std::io::Read;

use super::finding::Finding;
use super::record::check_record;
use super::{Code, Diagnostic, Options, Report, Severity};
use crate::Position;

/// Reports `found`, and whether it holds an error.
pub(super) fn report_all(found: Vec<Diagnostic>, report: &mut dyn Report) -> bool {
    let mut valid = true;
    for diagnostic in found {
        valid &= diagnostic.severity != Severity::Error;
        report.report(diagnostic);
    }
    valid
}

/// A finding about the input at `position`, with no source line.
pub(super) fn input_problem(
    severity: Severity,
    code: Code,
    message: String,
    position: Position,
) -> Diagnostic {
    Finding::new(severity, code, message).at(position, "")
}

pub(super) fn document<R: Read>(
    input: R,
    options: &Options,
    report: &mut dyn Report,
    record: &mut dyn FnMut(bool),
) {
    let mut bytes = Vec::new();
    let limit = u64::try_from(options.max_record)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    if let Err(error) = input.take(limit).read_to_end(&mut bytes) {
        let message = format!("cannot read the input: {error}");
        report.report(input_problem(
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
        report.report(input_problem(
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
            report.report(input_problem(
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
        report.report(bom_dropped());
        text = rest;
    }
    if text.trim_matches(is_json_whitespace).is_empty() {
        let message = "the input holds no JSON".to_owned();
        report.report(input_problem(
            Severity::Error,
            Code::EmptyInput,
            message,
            Position::START,
        ));
        record(false);
        return;
    }
    let base = if bom { 3 } else { 0 };
    let found = check_record(text, 1, Some(base), options.kind, options, report);
    let valid = report_all(if bom { after_bom(found) } else { found }, report);
    record(valid);
}

/// The warning for an input that starts with a byte order mark.
pub(super) fn bom_dropped() -> Diagnostic {
    let message = "the input starts with a byte order mark (dropped)".to_owned();
    input_problem(Severity::Warning, Code::Bom, message, Position::START)
}

/// JSON's whitespace (RFC 8259): not Unicode's, which `str::trim` would also drop.
pub(super) fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Diagnostics on line 1 of an input whose BOM was dropped move 3 bytes right, so that columns
/// count the input's bytes.
pub(super) fn after_bom(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for diagnostic in found.iter_mut().filter(|d| d.position.line == 1) {
        diagnostic.position.column += 3;
    }
    found
}
