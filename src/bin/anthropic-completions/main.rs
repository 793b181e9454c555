//! `anthropic-completions`: validate recorded Text Completions traffic, print the JSON Schema,
//! list the models, count what an archive holds.

mod human;
mod input;
mod validate;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anthropic_completions::cassette::CassetteFormat;
use anthropic_completions::validate::{Code, Options, Stats};
use anthropic_completions::{Date, Model, Status, json_schema};

use input::open;
use validate::{levels, run_validate};

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
    /// Threads that check the records of JSON Lines (default: the machine's cores); the
    /// output is the same for any number.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
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
