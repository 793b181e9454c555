//! Cassettes: every `POST /v1/complete` interaction checked as a request, a response (JSON or
//! event stream, as its `content-type` says) and a pair, at the day it was recorded; each
//! diagnostic placed in the cassette.

use super::locate::{locate, window};
use super::pair::{cross_checks, response_format};
use super::record::Finding;
use super::{Code, Diagnostic, Format, Kind, Options, Part, Severity, Summary, document, drive};
use crate::Position;
use crate::cassette::{Body, Cassette, CassetteFormat, Interaction};

/// Validates the cassette `source`, written in `format`, calling `report` with each
/// diagnostic. Interactions with other endpoints are counted ([`Summary::skipped`]) and not
/// checked. Each body is judged by the contract of the day its interaction was recorded (its
/// `recorded_at`, `startedDateTime` or `Date` header; [`Options::recorded_on`] for one that
/// has none). A diagnostic names the interaction and the part, and is placed in the
/// cassette: at the value itself where the body is stored as sent, as a quoted YAML scalar or
/// as a JSON string, else
/// where the body starts.
///
/// ```
/// use anthropic_completions::cassette::CassetteFormat;
/// use anthropic_completions::validate::{validate_cassette, Code, Options, Part};
///
/// let request = r#"POST https://api.anthropic.com/v1/complete HTTP/1.1
/// Content-Type: application/json
///
/// {"model":"claude-2.1","prompt":"\n\nHuman: Hi\n\nAssistant:","max_tokens_to_sample":5}"#;
/// let response = r#"HTTP/1.1 200 OK
/// Content-Type: application/json
///
/// {"type":"completion","id":"c","completion":" Hi","stop_reason":"stop_sequence","model":"claude-2.1","stop":"\n\nObservation:"}"#;
/// let trace = format!("httprr trace v1\n{} {}\n{request}{response}", request.len(), response.len());
/// let mut found = Vec::new();
/// let summary = validate_cassette(trace.as_bytes(), CassetteFormat::Httprr, &Options::default(), |d| found.push(d));
/// assert_eq!((summary.interactions, summary.invalid), (1, 1));
/// let stop = found.iter().find(|d| d.code == Code::StopMismatch).unwrap();
/// assert_eq!((stop.interaction, stop.part), (Some(1), Some(Part::Response)));
/// assert_eq!(stop.pointer, "/stop");
/// // The body is stored as sent: the position is the value's own, in the cassette.
/// assert_eq!((stop.position.line, stop.position.column), (9, 108));
/// ```
pub fn validate_cassette(
    source: &[u8],
    format: CassetteFormat,
    options: &Options,
    mut report: impl FnMut(Diagnostic),
) -> Summary {
    let cassette = match Cassette::from_slice(source, format) {
        Ok(cassette) => cassette,
        Err(error) => {
            let message = format!(
                "cannot read the cassette ({}): {}",
                format.as_str(),
                error.message
            );
            return drive(options, &mut report, |counted, record| {
                counted(
                    Finding::new(Severity::Error, Code::UnreadableCassette, message)
                        .at(error.position, ""),
                );
                record(false);
            });
        }
    };
    let (mut checked, mut skipped) = (0, 0);
    let mut summary = drive(options, &mut report, |counted, record| {
        for interaction in cassette.interactions() {
            let interaction = match interaction {
                Ok(interaction) => interaction,
                Err(error) => {
                    let message = format!(
                        "cannot read the cassette ({}): {}",
                        format.as_str(),
                        error.message
                    );
                    counted(
                        Finding::new(Severity::Error, Code::UnreadableCassette, message)
                            .at(error.position, ""),
                    );
                    record(false);
                    break;
                }
            };
            let interaction = &interaction;
            if !interaction.request.is_complete() {
                skipped += 1;
                continue;
            }
            checked += 1;
            let day = interaction.recorded_on.or(options.recorded_on);
            for part in [Part::Request, Part::Response] {
                let options = Options {
                    kind: match part {
                        Part::Request => Kind::Request,
                        Part::Response => Kind::Auto,
                    },
                    recorded_on: day,
                    ..options.clone()
                };
                check_body(&cassette, interaction, part, &options, counted);
                if part == Part::Response {
                    for found in cross_checks(interaction, day) {
                        let body = &interaction.response.body;
                        let at = found
                            .in_body
                            .then(|| std::str::from_utf8(body.bytes()).ok())
                            .flatten()
                            .and_then(|text| locate(text, &found.finding.pointer))
                            .map_or(interaction.at, |offset| {
                                body.cassette_offset(cassette.source(), offset)
                            });
                        let diagnostic = found.finding.at(Position::START, "");
                        counted(placed(
                            &cassette,
                            interaction,
                            Part::Response,
                            diagnostic,
                            at,
                            &options,
                        ));
                    }
                }
                record(true);
            }
        }
    });
    summary.interactions = checked;
    summary.skipped = skipped;
    summary
}

fn body_of(interaction: &Interaction, part: Part) -> &Body {
    match part {
        Part::Request => &interaction.request.body,
        Part::Response => &interaction.response.body,
    }
}

/// Checks one body of `interaction` as a record, its diagnostics placed in the cassette.
fn check_body(
    cassette: &Cassette,
    interaction: &Interaction,
    part: Part,
    options: &Options,
    counted: &mut dyn FnMut(Diagnostic),
) {
    let body = body_of(interaction, part);
    let mut place = |mut diagnostic: Diagnostic| {
        let offset = diagnostic
            .position
            .offset
            .unwrap_or_else(|| offset_of(body.bytes(), diagnostic.position));
        // A recorded request for a model this endpoint never served is a fact about the
        // world, not a broken recording: the API answered it (with a 400).
        if part == Part::Request && diagnostic.code == Code::UnservedModel {
            diagnostic.severity = Severity::Warning;
        }
        let at = body.cassette_offset(cassette.source(), offset);
        counted(placed(cassette, interaction, part, diagnostic, at, options));
    };
    let problem = match (body.problem(), body.is_recorded()) {
        (Some(problem), _) => Some((Code::UndecodableBody, problem.to_owned())),
        (None, false) => Some((Code::EmptyInput, format!("the {part} has no recorded body"))),
        (None, true) => None,
    };
    if let Some((code, message)) = problem {
        place(Finding::new(Severity::Error, code, message).at(Position::START, ""));
        return;
    }
    let format = match part {
        Part::Request => Format::Json,
        Part::Response => response_format(&interaction.response),
    };
    if format == Format::EventStream {
        super::events::check_stream(body.bytes(), options, &mut place);
    } else {
        document(body.bytes(), options, &mut place, &mut |_| {});
    }
}

/// `diagnostic`, moved to the cassette's byte `at` and told its interaction and part.
fn placed(
    cassette: &Cassette,
    interaction: &Interaction,
    part: Part,
    mut diagnostic: Diagnostic,
    at: usize,
    options: &Options,
) -> Diagnostic {
    diagnostic.position = cassette.position(at);
    (diagnostic.source_line, diagnostic.source_column) = if options.source_lines {
        window(cassette.line_at(at), diagnostic.position.column)
    } else {
        (String::new(), 0)
    };
    diagnostic.interaction = Some(interaction.number);
    diagnostic.part = Some(part);
    diagnostic
}

/// The byte offset of a line and column of an event stream (lines end at CRLF, LF or CR).
fn offset_of(bytes: &[u8], position: Position) -> usize {
    let mut line = 1;
    let mut at = 0;
    while line < position.line && at < bytes.len() {
        match bytes[at] {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                at += 2;
                line += 1;
            }
            b'\r' | b'\n' => {
                at += 1;
                line += 1;
            }
            _ => at += 1,
        }
    }
    (at + position.column.saturating_sub(1)).min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_lines_end_at_any_break() {
        let bytes = b"a\r\nbc\rd\ne";
        assert_eq!(offset_of(bytes, Position::at(1, 1)), 0);
        assert_eq!(offset_of(bytes, Position::at(2, 2)), 4);
        assert_eq!(offset_of(bytes, Position::at(3, 1)), 6);
        assert_eq!(offset_of(bytes, Position::at(4, 1)), 8);
        assert_eq!(offset_of(bytes, Position::at(9, 9)), bytes.len());
    }
}
