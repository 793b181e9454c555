//! `anthropic-completions`: validate recorded Text Completions traffic, print the JSON Schema,
//! list the models, count what an archive holds.

mod human;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anthropic_completions::cassette::CassetteFormat;
use anthropic_completions::validate::{
    Code, Diagnostic, Format, Kind, Level, Options, Stats, Summary, validate, validate_cassette,
};
use anthropic_completions::{Date, Model, Status, json_schema};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use strum::IntoEnumIterator;

#[derive(Parser)]
#[command(
    name = "anthropic-completions",
    version,
    about = "Check recorded traffic of Anthropic's Text Completions API"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate recorded requests, responses, error bodies and event streams.
    Validate(ValidateArgs),
    /// Print the JSON Schema of the API (made from the Rust types).
    Schema,
    /// List the known models: the reference's 21 ids, then the text-completions era; whether
    /// this endpoint served each, its alias target and its status on a day.
    Models {
        /// Output format: a table, or JSON Lines (one object per model, in the schema's order).
        #[arg(long, value_enum, default_value_t = Output::Human)]
        format: Output,
        /// The day the status is for, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
    },
    /// Count what an archive holds: kinds, models, stop reasons, fields, and drift from the schema.
    Stats {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Human)]
        format: Output,
        /// How to read the inputs (default: from each file's name and content).
        #[arg(long, value_enum)]
        input: Option<InputFormat>,
        /// Files to read (`-` is standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Output format: rustc-style diagnostics, or JSON Lines (one object per diagnostic, then a summary).
    #[arg(long, value_enum, default_value_t = Output::Human)]
    format: Output,
    /// Make unknown fields, models, stop reasons, error and event types errors.
    #[arg(long)]
    strict: bool,
    /// What the records must be.
    #[arg(long, value_enum, default_value_t = KindArg::Auto)]
    kind: KindArg,
    /// The day the traffic was recorded, YYYY-MM-DD: a record naming a model already retired
    /// then is reported. Without it no record is judged by today's model list.
    #[arg(long, value_name = "YYYY-MM-DD")]
    recorded_on: Option<Date>,
    /// Do not report diagnostics of CODE (repeatable; a later -A/-W/-D of a code wins).
    #[arg(short = 'A', long = "allow", value_name = "CODE")]
    allow: Vec<Code>,
    /// Make diagnostics of CODE warnings.
    #[arg(short = 'W', long = "warn", value_name = "CODE")]
    warn: Vec<Code>,
    /// Make diagnostics of CODE errors (their records are invalid).
    #[arg(short = 'D', long = "deny", value_name = "CODE")]
    deny: Vec<Code>,
    /// Report at most N diagnostics per file; the rest are counted in the summary.
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<u64>,
    /// The largest record read, in bytes: a document, a line, a cassette (64 MiB by default).
    #[arg(long, value_name = "BYTES")]
    max_record: Option<usize>,
    /// How to read the inputs (default: `.jsonl`/`.ndjson` are JSON Lines, `.sse` and `.txt`
    /// with `event:` lines are streams, `.yml`/`.yaml` VCR or vcrpy cassettes, `.har` HAR,
    /// `.httprr` Go traces, anything else by its content or as one JSON document).
    #[arg(long, value_enum)]
    input: Option<InputFormat>,
    /// Files to validate (`-` is standard input); a directory is walked for `.json`, `.jsonl`,
    /// `.ndjson`, `.sse`, `.har` and `.httprr` files, and `.yml`/`.yaml` files that are cassettes.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Auto,
    Completion,
    Error,
    Request,
    Stream,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    Json,
    Jsonl,
    Sse,
    /// A Ruby VCR or vcrpy YAML cassette.
    Vcr,
    /// A HAR 1.2 file (browsers, Polly.JS).
    Har,
    /// A Go `httprr trace v1`.
    Httprr,
}

impl InputFormat {
    fn cassette(self) -> Option<CassetteFormat> {
        match self {
            InputFormat::Vcr => Some(CassetteFormat::Vcr),
            InputFormat::Har => Some(CassetteFormat::Har),
            InputFormat::Httprr => Some(CassetteFormat::Httprr),
            InputFormat::Json | InputFormat::Jsonl | InputFormat::Sse => None,
        }
    }
}

fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => usage_error(error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => usage_error(error),
    };
    let result = match cli.command {
        Command::Validate(args) => {
            let levels = matches
                .subcommand_matches("validate")
                .map(levels)
                .transpose()
                .unwrap_or_else(|error| usage_error(error))
                .unwrap_or_default();
            run_validate(&args, levels)
        }
        Command::Schema => print_json(&json_schema()).map(|()| ExitCode::SUCCESS),
        Command::Models { format, as_of } => models(format, as_of),
        Command::Stats {
            format,
            input,
            files,
        } => stats(format, input, &files),
    };
    result.unwrap_or_else(|error| {
        // A closed pipe (`| head`) is not worth a message.
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: {error}");
        }
        ExitCode::from(2)
    })
}

/// Ends on a usage error: as clap says it, or, when the arguments ask for `--format json`, as
/// a JSON line `{"usage_error": {"message": ...}}` on standard output; exit 2 either way.
fn usage_error(error: clap::Error) -> ! {
    use clap::error::ErrorKind;
    let asked_json = {
        let args: Vec<String> = std::env::args().collect();
        args.windows(2)
            .any(|w| w[0] == "--format" && w[1] == "json")
            || args.iter().any(|a| a == "--format=json")
    };
    let shown = matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    );
    if !asked_json || shown {
        error.exit();
    }
    let message = error.to_string();
    let message = message
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    println!(
        "{}",
        serde_json::json!({"usage_error": {"message": message}})
    );
    std::process::exit(2);
}

fn print_json<T: serde::Serialize>(value: &T) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)
}

/// An input opened for reading, with its format.
struct Input {
    reader: Box<dyn BufRead>,
    format: Format,
    /// The cassette format, when the input is a cassette (read whole, then checked).
    cassette: Option<CassetteFormat>,
}

/// Opens `path` (`-` is standard input) and tells its format, peeking without consuming.
fn open(path: &Path, forced: Option<InputFormat>, progress: bool) -> io::Result<Input> {
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

/// The format of standard input, from its first bytes: event-stream lines, several JSON lines,
/// or one document.
fn sniff(head: &[u8]) -> Format {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    if first.starts_with("event:") || first.starts_with("data:") || first.starts_with(':') {
        Format::EventStream
    } else if lines.next().is_some() && serde_json::from_str::<serde_json::Value>(first).is_ok() {
        Format::JsonLines
    } else {
        Format::Json
    }
}

/// The levels `-A`, `-W` and `-D` give, in the order they were given: a later one wins.
fn levels(matches: &clap::ArgMatches) -> Result<BTreeMap<Code, Level>, clap::Error> {
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

fn run_validate(args: &ValidateArgs, levels: BTreeMap<Code, Level>) -> io::Result<ExitCode> {
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
        ..Options::default()
    };
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::new(stdout.lock());
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
                io_error(&mut out, args.format, &error.to_string())?;
                unreadable = true;
                continue;
            }
        };
        files += 1;
        let name = path.display().to_string();
        let mut write_error = None;
        let emit = |diagnostic: Diagnostic| {
            let written = match args.format {
                Output::Json => writeln!(out, "{}", json_line(&name, &diagnostic)),
                Output::Human => write!(out, "{}", human::render(&name, &diagnostic, color)),
            };
            if let Err(error) = written {
                write_error.get_or_insert(error);
            }
        };
        let summary = match input.cassette {
            Some(format) => validate_cassette(input.reader, format, &options, emit),
            None => validate(input.reader, input.format, &options, emit),
        };
        if let Some(error) = write_error {
            return Err(error);
        }
        // A read that failed is an I/O error, however the input was framed: exit 2.
        unreadable |= summary.io_errors > 0;
        total.add(&summary);
    }
    match args.format {
        Output::Json => {
            let summary = serde_json::json!({"summary": {
                "files": files, "records": total.records, "valid": total.valid,
                "invalid": total.invalid, "errors": total.errors, "warnings": total.warnings,
                "allowed": total.allowed, "unreported": total.unreported,
                "interactions": total.interactions, "skipped": total.skipped,
            }});
            writeln!(out, "{summary}")?;
        }
        Output::Human => writeln!(out, "{}", human::summary(files, &total))?,
    }
    out.flush()?;
    Ok(if unreadable {
        ExitCode::from(2)
    } else if total.invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An input that cannot be read: on standard error for people, as a JSON line for machines.
fn io_error(out: &mut impl Write, format: Output, message: &str) -> io::Result<()> {
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
/// `part` too.
fn json_line(file: &str, d: &Diagnostic) -> serde_json::Value {
    let mut line = serde_json::json!({
        "file": file,
        "line": d.position.line,
        "column": d.position.column,
        "pointer": d.pointer.as_str(),
        "severity": d.severity.as_str(),
        "code": d.code.as_str(),
        "message": d.message,
        "repeats": d.repeats,
    });
    if let (Some(number), Some(part)) = (d.interaction, d.part) {
        line["interaction"] = number.into();
        line["part"] = part.as_str().into();
    }
    line
}

fn models(format: Output, as_of: Option<Date>) -> io::Result<ExitCode> {
    let Some(day) = as_of.or_else(Date::today) else {
        eprintln!("error: the system clock gives no date: pass --as-of YYYY-MM-DD");
        return Ok(ExitCode::from(2));
    };
    let mut out = io::stdout().lock();
    if format == Output::Json {
        for model in Model::iter() {
            let row = serde_json::json!({
                "id": model.as_str(),
                "description": model.description(),
                "in_reference_list": model.in_reference_list(),
                "text_completions": model.text_completions(),
                "alias_of": (!model.alias_of().is_empty()).then(|| model.alias_of()),
                "alias_on": model.alias_on(day),
                "not_before": model.not_before(),
                "deprecated_on": model.deprecated_on(),
                "retired_on": model.retired_on(),
                "retired_by": model.retired_by(),
                "as_of": day,
                "status": model.status_on(day).map(Status::as_str),
            });
            serde_json::to_writer(&mut out, &row)?;
            writeln!(out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<26} {:<5} {:<11} {:<10} {:<13} {:<28} DESCRIPTION",
        "ID", "LIST", "V1/COMPLETE", "STATUS", "RETIRED", "ALIAS OF"
    )?;
    let yes_no = |yes: bool| if yes { "yes" } else { "no" };
    for model in Model::iter() {
        let retired = match (model.retired_on(), model.retired_by()) {
            (Some(on), _) => on.to_string(),
            (None, Some(by)) => format!("by {by}"),
            (None, None) => "-".to_owned(),
        };
        let targets: Vec<String> = model.alias_on(day).iter().map(Model::to_string).collect();
        writeln!(
            out,
            "{:<26} {:<5} {:<11} {:<10} {:<13} {:<28} {}",
            model.as_str(),
            yes_no(model.in_reference_list()),
            yes_no(model.text_completions()),
            model.status_on(day).map_or("unknown", Status::as_str),
            retired,
            if targets.is_empty() {
                "-".to_owned()
            } else {
                targets.join(" or ")
            },
            model.description().unwrap_or("-"),
        )?;
    }
    writeln!(
        out,
        "(LIST: in the API reference's list; V1/COMPLETE: served by this endpoint; status on the API and alias targets on {day})"
    )?;
    Ok(ExitCode::SUCCESS)
}

fn stats(format: Output, forced: Option<InputFormat>, files: &[PathBuf]) -> io::Result<ExitCode> {
    let mut stats = Stats::default();
    let mut unreadable = false;
    for path in files {
        match open(path, forced, format == Output::Human) {
            Ok(input) if input.cassette.is_some() => {
                eprintln!(
                    "error: {}: stats reads records and streams, not cassettes (validate checks them)",
                    path.display()
                );
                unreadable = true;
            }
            Ok(input) => stats.add(input.reader, input.format, Options::default().max_record),
            Err(error) => {
                eprintln!("error: {error}");
                unreadable = true;
            }
        }
    }
    match format {
        Output::Json => print_json(&stats)?,
        Output::Human => print!("{}", human::stats(&stats)),
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
