//! One JSON record: its kind, every problem in it, and where each problem sits.

use serde_json::Value;

use super::finding::{Finding, diagnose};
use super::locate::line_at;
use super::place::{more_message, placed};
use super::{Code, Diagnostic, Kind, Level, Options, Report, Severity};
use crate::__private::{Picked, Problem, show};
use crate::record::{Facts, Shape};
use crate::{Pointer, Position};

/// What checking a record gave before its problems are placed: the findings of the quick
/// walk (placed by [`place_checked`], which skips the warnings said before), or the placed
/// diagnostics of a record that had to be read closely.
pub(crate) enum Checked {
    Quick(Vec<Finding>),
    Placed(Vec<Diagnostic>),
}

/// Everything wrong with the JSON record `text`, which starts on line `first_line` at byte
/// `base` of the input: parsed, told apart by `kind`, checked, and each problem placed.
pub(crate) fn check_record(
    text: &str,
    first_line: usize,
    base: Option<usize>,
    kind: Kind,
    options: &Options,
    sink: &mut dyn Report,
) -> Vec<Diagnostic> {
    let checked = check_unplaced(text, first_line, base, kind, options);
    place_checked(checked, text, first_line, base, options, sink)
}

/// The findings of a record checked (any thread can do this part); see [`Checked`].
pub(crate) fn check_unplaced(
    text: &str,
    first_line: usize,
    base: Option<usize>,
    kind: Kind,
    options: &Options,
) -> Checked {
    if let Some((_, _, found)) =
        quick_findings(text, |facts| Shape::of_record(facts, kind), options, None)
    {
        return Checked::Quick(found);
    }
    Checked::Placed(check_closely(text, first_line, base, kind, options))
}

/// The diagnostics of a checked record: the quick walk's findings placed, but for the
/// warnings `sink` has said before, which it counts.
pub(crate) fn place_checked(
    checked: Checked,
    text: &str,
    first_line: usize,
    base: Option<usize>,
    options: &Options,
    sink: &mut dyn Report,
) -> Vec<Diagnostic> {
    match checked {
        Checked::Placed(diagnostics) => diagnostics,
        Checked::Quick(mut found) => {
            // A warning said before is only counted: placing it (a search of the record)
            // is most of the cost of a record that has one.
            sink.drop_said(&mut found);
            place_quick(found, text, first_line, base, options)
        }
    }
}

/// The quick walk's findings placed in the record's `text`.
pub(crate) fn place_quick(
    found: Vec<Finding>,
    text: &str,
    first_line: usize,
    base: Option<usize>,
    options: &Options,
) -> Vec<Diagnostic> {
    // No key repeats here: nothing to place is nothing to report.
    if found.is_empty() {
        return Vec::new();
    }
    let max = options.max_per_record;
    placed(
        found,
        text,
        first_line,
        base,
        options.source_lines,
        false,
        max,
    )
}

/// A record the quick walk could not take (not JSON, a repeated key): parsed, checked and
/// placed.
fn check_closely(
    text: &str,
    first_line: usize,
    base: Option<usize>,
    kind: Kind,
    options: &Options,
) -> Vec<Diagnostic> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let message = crate::stream::message_without_position(&error);
            let line = error.line().max(1);
            let column = error.column().max(1);
            let start = line_start(text, line);
            let position = Position {
                line: first_line + line - 1,
                column,
                offset: base.map(|b| b + start + column - 1),
            };
            let source = if options.source_lines {
                line_at(text, start)
            } else {
                ""
            };
            let finding = Finding::new(Severity::Error, Code::InvalidJson, message);
            return vec![finding.at(position, source)];
        }
    };
    let facts = Facts::of(&value);
    let found = match Shape::of_record(facts, kind) {
        Some(shape) => shape_findings(&value, shape, options),
        None => {
            let message = match &value {
                Value::Object(_) => Shape::unknown_kind(facts).to_owned(),
                other => format!("expected an object, found {}", show(other)),
            };
            let mut finding = Finding::new(Severity::Error, Code::UnknownKind, message);
            if facts.tag.is_some() {
                // The `type` is what says it is something else.
                finding.pointer = Pointer::root().key("type");
            }
            vec![finding]
        }
    };
    let max = options.max_per_record;
    placed(
        found,
        text,
        first_line,
        base,
        options.source_lines,
        true,
        max,
    )
}

/// The findings of the JSON `text`, read as it streams by (nothing is built for a valid
/// record), with its shape, as `decide` tells it from the facts. `None` when the text must be
/// read closely, as a parser does: it is not JSON, its kind cannot be told, or a key repeats.
/// The values `picked` asks for are kept in it.
pub(crate) fn quick_findings<'t>(
    text: &'t str,
    decide: impl FnOnce(Facts<'t>) -> Option<Shape>,
    options: &Options,
    picked: Option<&mut Picked>,
) -> Option<(Shape, Facts<'t>, Vec<Finding>)> {
    let facts = Facts::probe(text)?;
    let shape = decide(facts)?;
    let checked = shape
        .problems_of_json(text, options.recorded_on, picked)
        .ok()?;
    if checked.repeated_key {
        return None;
    }
    let found = findings(checked.problems, shape, options);
    Some((shape, facts, found))
}

/// The byte offset where line `line` (1-based) of `text` starts.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 2)
        .map_or(text.len(), |at| at + 1)
}

/// The findings of `value` checked as `shape`, before they are placed.
pub(crate) fn shape_findings(value: &Value, shape: Shape, options: &Options) -> Vec<Finding> {
    findings(shape.problems(value, options.recorded_on), shape, options)
}

fn findings(problems: Vec<Problem>, shape: Shape, options: &Options) -> Vec<Finding> {
    let placed_per_record = options.max_per_record;
    let mut found: Vec<Finding> = Vec::with_capacity(problems.len().min(placed_per_record) + 2);
    let mut rest = (0u64, false);
    // The levels first: an allowed problem takes no place, and the severity of those past the
    // cap is theirs after the levels.
    let mut allowed: std::collections::BTreeMap<Code, u64> = Default::default();
    for problem in problems {
        let mut finding = diagnose(problem, options);
        match options.level(finding.code) {
            Some(Level::Allow) => {
                *allowed.entry(finding.code).or_default() += 1 + finding.repeats;
                continue;
            }
            Some(Level::Warn) => finding.severity = Severity::Warning,
            Some(Level::Deny) => finding.severity = Severity::Error,
            None => {}
        }
        // A problem the walk counted with others of its kind: placed once, the rest counted.
        let alike = std::mem::take(&mut finding.repeats);
        if alike > 0 {
            rest.0 += alike;
            rest.1 |= finding.severity == Severity::Error;
        }
        if found.len() < placed_per_record {
            found.push(finding);
        } else {
            rest.0 += 1;
            rest.1 |= finding.severity == Severity::Error;
        }
    }
    if rest.0 > 0 {
        let severity = if rest.1 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut finding = Finding::new(
            severity,
            Code::MoreProblems,
            more_message(rest.0, placed_per_record),
        );
        finding.repeats = rest.0;
        found.push(finding);
    }
    // Each allowed code as one finding with its count: never reported, counted as allowed.
    for (code, count) in allowed {
        let mut finding = Finding::new(Severity::Warning, code, String::new());
        finding.repeats = count - 1;
        found.insert(0, finding);
    }
    if let Some(note) = shape.legacy_note() {
        found.insert(0, Finding::new(Severity::Warning, Code::LegacyShape, note));
    }
    found
}
