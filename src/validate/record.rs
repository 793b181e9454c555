//! One JSON record: its kind, every problem in it, and where each problem sits.

use std::collections::HashSet;

use serde_json::Value;

use super::locate::{WINDOW_FROM, line_at, locate, scan, window};
use super::{Code, Diagnostic, Kind, Level, Options, Severity};
use crate::__private::{Problem, ProblemKind, show};
use crate::record::{Facts, Shape};
use crate::{Pointer, Position};

/// A problem before it is placed in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) severity: Severity,
    pub(crate) code: Code,
    pub(crate) pointer: Pointer,
    pub(crate) expected: Option<String>,
    pub(crate) found: Option<String>,
    pub(crate) message: String,
    /// How many problems this one stands for that are not reported one by one.
    pub(crate) repeats: u64,
}

impl Finding {
    /// A finding about the record as a whole (or the input).
    pub(crate) fn new(severity: Severity, code: Code, message: impl Into<String>) -> Finding {
        Finding {
            severity,
            code,
            pointer: Pointer::root(),
            expected: None,
            found: None,
            message: message.into(),
            repeats: 0,
        }
    }

    /// The finding, placed; `line` is the input line it is on (empty when not shown), of
    /// which a window around the position is kept.
    pub(crate) fn at(self, position: Position, line: &str) -> Diagnostic {
        let (source_line, source_column) = if line.is_empty() {
            (String::new(), 0)
        } else {
            window(line, position.column)
        };
        Diagnostic {
            severity: self.severity,
            code: self.code,
            position,
            pointer: self.pointer,
            expected: self.expected,
            found: self.found,
            message: self.message,
            source_line,
            source_column,
            repeats: self.repeats,
            interaction: None,
            part: None,
        }
    }
}

/// The problem as a finding, with its code and severity.
pub(crate) fn diagnose(problem: Problem, options: &Options) -> Finding {
    // The API may add fields and values: unknown ones are warnings unless strict.
    let forward = if options.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut pointer = problem.pointer;
    let repeats = problem.repeats;
    let (severity, code, expected, found, message) = match problem.kind {
        ProblemKind::Missing { key } => {
            pointer.push_key(key);
            (
                Severity::Error,
                Code::MissingField,
                Some(format!("the key `{key}`")),
                Some("no such key".to_owned()),
                format!("missing field `{key}`"),
            )
        }
        ProblemKind::WrongType { expected, found } => {
            let message = format!("expected {expected}, found {found}");
            let expected = Some(expected.to_owned());
            (
                Severity::Error,
                Code::WrongType,
                expected,
                Some(found),
                message,
            )
        }
        ProblemKind::WrongConst { expected, found } => {
            let message = format!("expected \"{expected}\", found {found}");
            let expected = Some(format!("\"{expected}\""));
            (
                Severity::Error,
                Code::WrongConst,
                expected,
                Some(found),
                message,
            )
        }
        ProblemKind::Unlisted {
            union,
            open: true,
            code,
            found,
        } => {
            let code = code.map_or(Code::UnknownValue, |c| Code::named(c, Code::UnknownValue));
            let message = format!(
                "{found} is not a {union} this crate knows (allowed: the API may add values)"
            );
            let expected = Some(format!("a listed {union}"));
            (forward, code, expected, Some(found), message)
        }
        ProblemKind::Unlisted { union, found, .. } => {
            let message = format!("{found} is not a {union}");
            let expected = Some(format!("a {union}"));
            (
                Severity::Error,
                Code::WrongValue,
                expected,
                Some(found),
                message,
            )
        }
        ProblemKind::Undeclared { closed: true } => (
            Severity::Error,
            Code::UnknownField,
            None,
            None,
            "a key the schema does not allow here".to_owned(),
        ),
        ProblemKind::Undeclared { closed: false } => (
            forward,
            Code::UnknownField,
            None,
            None,
            "a key the schema does not declare (allowed: the API may add fields)".to_owned(),
        ),
        ProblemKind::Constraint(violation) => {
            let code = match violation.rule {
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => Code::OutOfRange,
                "minLength" | "maxLength" => Code::WrongLength,
                "minItems" | "maxItems" => Code::WrongCount,
                check => Code::of_check(check),
            };
            let found = Some(show(&violation.value));
            (Severity::Error, code, None, found, violation.message)
        }
        ProblemKind::Note { note, found } => {
            let code = Code::named(note.code, Code::UnknownValue);
            (Severity::Warning, code, None, Some(found), note.message)
        }
    };
    // A field the API never declared is judged leniently: real traffic carries it, and its
    // values are nobody's contract.
    let (severity, message) = if problem.outside_contract && !options.strict {
        (
            Severity::Warning,
            format!("{message} (in a field the API's contract does not declare: a warning)"),
        )
    } else {
        (severity, message)
    };
    Finding {
        severity,
        code,
        pointer,
        expected,
        found,
        message,
        repeats,
    }
}

/// Everything wrong with the JSON record `text`, which starts on line `first_line` at byte
/// `base` of the input: parsed, told apart by `kind`, checked, and each problem placed.
pub(crate) fn check_record(
    text: &str,
    first_line: usize,
    base: Option<usize>,
    kind: Kind,
    options: &Options,
) -> Vec<Diagnostic> {
    if let Some((_, _, found)) =
        quick_findings(text, |facts| Shape::of_record(facts, kind), options)
    {
        // No key repeats here: nothing to place is nothing to report.
        if found.is_empty() {
            return Vec::new();
        }
        let max = options.max_per_record;
        return placed(
            found,
            text,
            first_line,
            base,
            options.source_lines,
            false,
            max,
        );
    }
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
pub(crate) fn quick_findings<'t>(
    text: &'t str,
    decide: impl FnOnce(Facts<'t>) -> Option<Shape>,
    options: &Options,
) -> Option<(Shape, Facts<'t>, Vec<Finding>)> {
    let facts = Facts::probe(text)?;
    let shape = decide(facts)?;
    let checked = shape.problems_of_json(text, options.recorded_on).ok()?;
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

/// The line starting at `start` that holds `offset`, up to the end of the window a diagnostic
/// keeps: the search for its end never passes the window, so many diagnostics on one long
/// line cost a window each, not the line.
fn line_near(text: &str, start: usize, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let mut limit = (offset + WINDOW_FROM + 4).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let end = memchr::memchr(b'\n', &text.as_bytes()[offset..limit]).map_or(limit, |n| offset + n);
    text.get(start.min(offset)..end)
        .unwrap_or_default()
        .trim_end_matches('\r')
}

fn more_message(more: u64, max: usize) -> String {
    format!(
        "{more} more problems in this record, not shown one by one (at most {max} are placed per record)"
    )
}

/// `found` placed at their pointers' values (or, for a missing key, at the object that lacks
/// it), plus, with `repeats`, a `duplicate-key` error for each key repeated in one object; in
/// input order. A few findings are placed by targeted searches; many, or the search for
/// repeats, by one linear scan, so that no record makes this quadratic. `base` is the byte
/// offset of `text` in the input, where known.
pub(crate) fn placed(
    mut found: Vec<Finding>,
    text: &str,
    first_line: usize,
    base: Option<usize>,
    source: bool,
    repeats: bool,
    max: usize,
) -> Vec<Diagnostic> {
    let mut offsets: Vec<usize>;
    if !repeats && found.len() <= 4 {
        // A few: a targeted search each (a missing key is shown at the object that lacks it).
        let near =
            |pointer: &Pointer| locate(text, pointer).or_else(|| locate(text, &pointer.parent()?));
        offsets = found
            .iter()
            .map(|d| near(&d.pointer).unwrap_or(0))
            .collect();
    } else {
        let wanted: HashSet<String> = found
            .iter()
            .flat_map(|d| {
                let parent = d.pointer.parent().unwrap_or_default();
                [d.pointer.to_string(), parent.to_string()]
            })
            .collect();
        let scanned = scan(text, &wanted);
        let offset_of = |pointer: &Pointer| {
            let parent = pointer.parent().unwrap_or_default();
            let offset = scanned
                .offsets
                .get(pointer.as_str())
                .or_else(|| scanned.offsets.get(parent.as_str()));
            offset.copied().unwrap_or(0)
        };
        offsets = found.iter().map(|d| offset_of(&d.pointer)).collect();
        if repeats {
            // Repeated keys take places too: past `max`, they are counted.
            let room = max.saturating_sub(found.len());
            let beyond = scanned.repeats.len().saturating_sub(room) as u64;
            if beyond > 0 {
                match found.last_mut().filter(|f| f.code == Code::MoreProblems) {
                    Some(more) => {
                        more.repeats += beyond;
                        more.severity = Severity::Error;
                        more.message = more_message(more.repeats, max);
                    }
                    None => {
                        let mut more = Finding::new(
                            Severity::Error,
                            Code::MoreProblems,
                            more_message(beyond, max),
                        );
                        more.repeats = beyond;
                        found.push(more);
                        offsets.push(0);
                    }
                }
            }
            for (pointer, offset) in scanned.repeats.into_iter().take(room) {
                let mut repeat = Finding::new(
                    Severity::Error,
                    Code::DuplicateKey,
                    "this key appears twice in one object",
                );
                repeat.pointer = pointer;
                found.push(repeat);
                offsets.push(offset);
            }
        }
    }
    // One sweep in offset order gives every line and column: linear, however many.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let bytes = text.as_bytes();
    let (mut line, mut line_start, mut at) = (first_line, 0usize, 0usize);
    let mut positions = vec![Position::START; found.len()];
    let mut line_starts = vec![0usize; found.len()];
    for i in order {
        let offset = offsets[i].min(bytes.len());
        for newline in memchr::memchr_iter(b'\n', &bytes[at..offset]) {
            line += 1;
            line_start = at + newline + 1;
        }
        at = offset;
        line_starts[i] = line_start;
        positions[i] = Position {
            line,
            column: offset - line_start + 1,
            offset: base.map(|b| b + offset),
        };
    }
    let mut placed: Vec<Diagnostic> = found
        .into_iter()
        .zip(positions)
        .zip(offsets.into_iter().zip(line_starts))
        .map(|((finding, position), (offset, start))| {
            let source = if source {
                line_near(text, start, offset)
            } else {
                ""
            };
            finding.at(position, source)
        })
        .collect();
    placed.sort_by_key(|d| (d.position.line, d.position.column));
    placed
}
