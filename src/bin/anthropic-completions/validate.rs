//! The `validate` command: levels from `-A`/`-W`/`-D`, the files a directory holds, each input
//! validated and its diagnostics written, the summary and the exit code.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};

use anthropic_completions::cassette::CassetteFormat;
use anthropic_completions::validate::{
    Code, Diagnostic, Format, Kind, Level, Options, Summary, validate, validate_cassette,
};
use clap::CommandFactory;

use crate::input::open;
use crate::{Cli, KindArg, Output, ValidateArgs, human};

/// The levels `-A`, `-W` and `-D` give, in the order they were given: a later one wins.
pub(crate) fn levels(matches: &clap::ArgMatches) -> Result<BTreeMap<Code, Level>, clap::Error> {
    let mut given: Vec<(usize, Code, Level)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        let (Some(indices), Some(codes)) = (matches.indices_of(id), matches.get_many::<Code>(id))
        else {
            continue;
        };
        given.extend(indices.zip(codes).map(|(at, code)| (at, *code, level)));
    }
    given.sort_by_key(|(at, _, _)| *at);
    if let Some((_, code, _)) = given
        .iter()
        .find(|(_, code, level)| code.is_fixed() && *level != Level::Deny)
    {
        return Err(Cli::command().error(
            clap::error::ErrorKind::InvalidValue,
            format!(
                "`{code}` says a record cannot be read or was not read whole: it cannot be allowed or warned"
            ),
        ));
    }
    Ok(given
        .into_iter()
        .map(|(_, code, level)| (code, level))
        .collect())
}

/// The files named, a directory walked for the extensions the validator knows (sorted, so
/// that the output does not depend on the file system's order).
fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, io::Error>> {
    let mut out = Vec::new();
    for path in paths {
        if path != Path::new("-") && path.is_dir() {
            let before = out.len();
            walk(path, &mut out);
            if out.len() == before {
                out.push(Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!(
                        "{}: a directory with no .json, .jsonl, .ndjson, .sse, .har, .httprr or cassette .yml file",
                        path.display()
                    ),
                )));
            }
        } else {
            out.push(Ok(path.clone()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, io::Error>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Err(io::Error::new(
                e.kind(),
                format!("{}: {e}", dir.display()),
            )));
            return;
        }
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
            // A linked directory is not followed: a link loop would repeat files for ever.
            Ok((path, kind)) => paths.push((path, kind.is_dir())),
            Err(e) => out.push(Err(io::Error::new(
                e.kind(),
                format!("{}: {e}", dir.display()),
            ))),
        }
    }
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, out);
        } else if path.is_file() && walked(&path) {
            out.push(Ok(path));
        }
    }
}

/// Whether a directory's file is validated: the extensions of records, streams and cassettes;
/// a YAML file only when it starts as a cassette does (a directory holds other YAML too).
fn walked(path: &Path) -> bool {
    match (
        Format::of_extension(path),
        CassetteFormat::of_extension(path),
    ) {
        (Some(_), _) => true,
        (None, Some(CassetteFormat::Vcr)) => {
            let mut head = Vec::new();
            File::open(path)
                .and_then(|file| file.take(4096).read_to_end(&mut head))
                .is_ok_and(|_| CassetteFormat::of_content(&head) == Some(CassetteFormat::Vcr))
        }
        (None, cassette) => cassette.is_some(),
    }
}

pub(crate) fn run_validate(
    args: &ValidateArgs,
    levels: BTreeMap<Code, Level>,
) -> io::Result<ExitCode> {
    let options = Options {
        strict: args.strict,
        kind: match args.kind {
            KindArg::Auto => Kind::Auto,
            KindArg::Completion => Kind::Completion,
            KindArg::Error => Kind::Error,
            KindArg::Request => Kind::Request,
            KindArg::Stream => Kind::Stream,
        },
        source_lines: args.format == Output::Human,
        recorded_on: args.recorded_on,
        levels,
        max_diagnostics: args.max_diagnostics,
        max_record: args.max_record.unwrap_or(Options::default().max_record),
        jobs: args.jobs.map_or(Options::default().jobs, usize::from),
        ..Options::default()
    };
    let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let format = args.format;
    let (total, unreadable) = match format {
        // A JSON line costs less to write than to hand to another thread: written here.
        Output::Json => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let mut failed = None;
            let mut write = |line: Written| {
                let written = write_line(&mut out, line, format, color);
                if let Err(error) = written {
                    failed.get_or_insert(error);
                }
                failed.is_none()
            };
            let (files, total, unreadable) = validate_all(args, &options, &mut write);
            write(Written::Summary(files, total));
            if let Some(error) = failed {
                return Err(error);
            }
            out.flush()?;
            (total, unreadable)
        }
        // Rendering for people (annotate-snippets) costs more than checking: done on a
        // thread of its own, in order, so that the thread that reads the input and reports
        // is not held up.
        Output::Human => {
            let (send, lines) = mpsc::sync_channel::<Written>(1024);
            std::thread::scope(|scope| {
                let writer = scope.spawn(move || write_lines(lines, format, color));
                let mut write = |line: Written| send.send(line).is_ok();
                let (files, total, unreadable) = validate_all(args, &options, &mut write);
                // A writer that stopped has its error; the summary then goes nowhere.
                write(Written::Summary(files, total));
                drop(send);
                match writer.join() {
                    Ok(written) => written.map(|()| (total, unreadable)),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })?
        }
    };
    Ok(if unreadable {
        ExitCode::from(2)
    } else if total.invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What the writer is given, in order.
enum Written {
    /// A diagnostic of the file named.
    Diagnostic(Arc<str>, Diagnostic),
    /// An input that cannot be read.
    IoError(String),
    /// The summary: how many files, what they held.
    Summary(u64, Summary),
}

/// Validates every input, each diagnostic handed to `write`: how many files, what they held,
/// and whether one could not be read. Stops when `write` says it failed.
fn validate_all(
    args: &ValidateArgs,
    options: &Options,
    write: &mut dyn FnMut(Written) -> bool,
) -> (u64, Summary, bool) {
    let mut total = Summary::default();
    let mut files = 0u64;
    let mut unreadable = false;
    for path in expand(&args.files) {
        let opened = path.and_then(|path| {
            let input = open(&path, args.input, args.format == Output::Human)?;
            Ok((path, input))
        });
        let (path, input) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                unreadable = true;
                if !write(Written::IoError(error.to_string())) {
                    break;
                }
                continue;
            }
        };
        files += 1;
        let name: Arc<str> = path.display().to_string().into();
        let mut writer_stopped = false;
        let emit = |diagnostic: Diagnostic| {
            writer_stopped |= !write(Written::Diagnostic(Arc::clone(&name), diagnostic));
        };
        let summary = match input.cassette {
            Some(format) => validate_cassette(input.reader, format, options, emit),
            None => validate(input.reader, input.format, options, emit),
        };
        // A read that failed is an I/O error, however the input was framed: exit 2.
        unreadable |= summary.io_errors > 0;
        total.add(&summary);
        if writer_stopped {
            break;
        }
    }
    (files, total, unreadable)
}

/// Writes what it is given to standard output until there is no more, or writing fails.
fn write_lines(lines: mpsc::Receiver<Written>, format: Output, color: bool) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in lines {
        write_line(&mut out, line, format, color)?;
    }
    out.flush()
}

/// Writes one line (a diagnostic, an unreadable input, the summary) to `out`.
fn write_line(out: &mut impl Write, line: Written, format: Output, color: bool) -> io::Result<()> {
    match line {
        Written::Diagnostic(name, diagnostic) => match format {
            Output::Json => {
                serde_json::to_writer(&mut *out, &json_line(&name, &diagnostic))?;
                writeln!(out)
            }
            Output::Human => write!(out, "{}", human::render(&name, &diagnostic, color)),
        },
        Written::IoError(message) => io_error(out, format, &message),
        Written::Summary(files, total) => match format {
            Output::Json => {
                let summary = JsonSummary {
                    summary: SummaryLine {
                        files,
                        records: total.records,
                        valid: total.valid,
                        invalid: total.invalid,
                        errors: total.errors,
                        warnings: total.warnings,
                        allowed: total.allowed,
                        unreported: total.unreported,
                        interactions: total.interactions,
                        skipped: total.skipped,
                    },
                };
                serde_json::to_writer(&mut *out, &summary)?;
                writeln!(out)
            }
            Output::Human => writeln!(out, "{}", human::summary(files, &total)),
        },
    }
}

/// An input that cannot be read: on standard error for people, as a JSON line for machines.
pub(crate) fn io_error(out: &mut impl Write, format: Output, message: &str) -> io::Result<()> {
    match format {
        Output::Human => {
            out.flush()?;
            eprintln!("error: {message}");
            Ok(())
        }
        Output::Json => {
            let line = serde_json::json!({"io_error": {"message": message}});
            writeln!(out, "{line}")
        }
    }
}

/// The `--format json` contract: exactly these keys, and in a cassette `interaction` and
/// `part` too (`part` absent for an interaction that cannot be read).
fn json_line<'a>(file: &'a str, d: &'a Diagnostic) -> JsonLine<'a> {
    JsonLine {
        file,
        line: d.position.line,
        column: d.position.column,
        pointer: d.pointer.as_str(),
        severity: d.severity.as_str(),
        code: d.code.as_str(),
        message: &d.message,
        repeats: d.repeats,
        interaction: d.interaction,
        part: d.part.map(|part| part.as_str()),
    }
}

/// The last line of `--format json`, its keys in this order whatever serde_json's features.
#[derive(serde::Serialize)]
struct JsonSummary {
    summary: SummaryLine,
}

/// What the summary line counts.
#[derive(serde::Serialize)]
struct SummaryLine {
    files: u64,
    records: u64,
    valid: u64,
    invalid: u64,
    errors: u64,
    warnings: u64,
    allowed: u64,
    unreported: u64,
    interactions: u64,
    skipped: u64,
}

/// One diagnostic as `--format json` writes it: borrowed, written straight to the output
/// (no `Value` built), its keys in this order whatever serde_json's features.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    pointer: &'a str,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
    repeats: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    interaction: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
}
