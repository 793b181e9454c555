//! Cassettes: every `POST /v1/complete` interaction checked as a request, a response (JSON or
//! event stream, as its `content-type` says) and a pair, at the day it was recorded; each
//! diagnostic placed in the cassette.

use std::io::Read;

use super::finding::Finding;
use super::locate::locate;
use super::pair::{cross_checks, response_format};
use super::{Code, Diagnostic, Format, Kind, Options, Part, Severity, Summary, document, drive};
use crate::Position;
use crate::cassette::{Body, Cassette, CassetteFormat, Interaction, Placer};

/// Validates the cassette read from `input`, written in `format`, calling `report` with each
/// diagnostic. The cassette is read whole (it is one document), up to
/// [`Options::max_record`]; its interactions are checked one at a time. Interactions with other endpoints are counted ([`Summary::skipped`]) and not
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
pub fn validate_cassette<R: Read>(
    input: R,
    format: CassetteFormat,
    options: &Options,
    mut report: impl FnMut(Diagnostic),
) -> Summary {
    // A cassette is one document: it is read whole, up to the record limit.
    let mut source = Vec::new();
    let limit = u64::try_from(options.max_record)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let unread = match input.take(limit).read_to_end(&mut source) {
        Err(error) => Some((Code::IoError, format!("cannot read the input: {error}"))),
        Ok(_) if source.len() > options.max_record => Some((
            Code::RecordTooLarge,
            format!(
                "a cassette longer than {} bytes (not read; see the record limit)",
                options.max_record
            ),
        )),
        Ok(_) => None,
    };
    let opened = match unread {
        Some(problem) => Err((problem, Position::START)),
        None => Cassette::from_slice(&source, format).map_err(|error| {
            let message = format!(
                "cannot read the cassette ({}): {}",
                format.as_str(),
                error.message
            );
            ((Code::UnreadableCassette, message), error.position)
        }),
    };
    let cassette = match opened {
        Ok(cassette) => cassette,
        Err(((code, message), position)) => {
            return drive(options, &mut report, |counted, record| {
                counted.report(Finding::new(Severity::Error, code, message).at(position, ""));
                record(false);
            });
        }
    };
    let (mut checked, mut skipped) = (0, 0);
    let mut summary = drive(options, &mut report, |counted, record| {
        // The reader goes on after an interaction it cannot read, and stops where the
        // cassette itself is broken.
        for interaction in cassette.interactions() {
            let interaction = match interaction {
                Ok(interaction) => interaction,
                Err(error) => {
                    let message = format!(
                        "cannot read the cassette ({}): {}",
                        format.as_str(),
                        error.message
                    );
                    let mut diagnostic =
                        Finding::new(Severity::Error, Code::UnreadableCassette, message)
                            .at(error.position, "");
                    diagnostic.interaction = error.interaction;
                    counted.report(diagnostic);
                    record(false);
                    continue;
                }
            };
            if !interaction.request.is_complete() {
                skipped += 1;
                continue;
            }
            checked += 1;
            check_interaction(
                &cassette,
                &interaction,
                options,
                &mut |d| counted.report(d),
                record,
            );
        }
    });
    summary.interactions = checked;
    summary.skipped = skipped;
    summary
}

/// Checks the request and the response of `interaction` as records, and the two as a pair
/// (whose findings count with the response).
fn check_interaction(
    cassette: &Cassette<'_>,
    interaction: &Interaction,
    options: &Options,
    counted: &mut dyn FnMut(Diagnostic),
    record: &mut dyn FnMut(bool),
) {
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
        check_body(cassette, interaction, part, &options, counted);
        if part == Part::Response {
            let body = &interaction.response.body;
            let text = std::str::from_utf8(body.bytes()).ok();
            let mut placer = Placer::new(body, cassette.source());
            for found in cross_checks(interaction, day) {
                let at = text
                    .filter(|_| found.in_body)
                    .and_then(|text| locate(text, &found.finding.pointer))
                    .map_or(interaction.at, |offset| placer.cassette_offset(offset));
                let diagnostic = found.finding.at(Position::START, "");
                counted(placed(
                    cassette,
                    interaction,
                    part,
                    diagnostic,
                    at,
                    &options,
                ));
            }
        }
        record(true);
    }
}

fn body_of(interaction: &Interaction, part: Part) -> &Body {
    match part {
        Part::Request => &interaction.request.body,
        Part::Response => &interaction.response.body,
    }
}

/// Checks one body of `interaction` as a record, its diagnostics placed in the cassette.
fn check_body(
    cassette: &Cassette<'_>,
    interaction: &Interaction,
    part: Part,
    options: &Options,
    counted: &mut dyn FnMut(Diagnostic),
) {
    let body = body_of(interaction, part);
    let mut placer = Placer::new(body, cassette.source());
    let mut place = |mut diagnostic: Diagnostic| {
        let offset = match diagnostic.position.offset {
            Some(offset) => offset,
            // An event stream's positions are lines and columns of the body.
            None => placer.body_offset(diagnostic.position.line, diagnostic.position.column),
        };
        // A recorded request for a model this endpoint never served is a fact about the
        // world, not a broken recording: the API answered it (with a 400).
        if part == Part::Request && diagnostic.code == Code::UnservedModel {
            diagnostic.severity = Severity::Warning;
        }
        let at = placer.cassette_offset(offset);
        counted(placed(cassette, interaction, part, diagnostic, at, options));
    };
    let problem = match (body.problem(), body.is_recorded()) {
        (Some(problem), _) => Some((Severity::Error, Code::UndecodableBody, problem.to_owned())),
        (None, false) => Some((
            Severity::Warning,
            Code::BodyNotRecorded,
            format!("the {part}'s body was not recorded: it cannot be checked"),
        )),
        (None, true) => None,
    };
    if let Some((severity, code, message)) = problem {
        place(Finding::new(severity, code, message).at(Position::START, ""));
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
    cassette: &Cassette<'_>,
    interaction: &Interaction,
    part: Part,
    mut diagnostic: Diagnostic,
    at: usize,
    options: &Options,
) -> Diagnostic {
    diagnostic.position = cassette.position(at);
    (diagnostic.source_line, diagnostic.source_column) = if options.source_lines {
        cassette.window_at(at)
    } else {
        (String::new(), 0)
    };
    diagnostic.interaction = Some(interaction.number);
    diagnostic.part = Some(part);
    diagnostic
}
