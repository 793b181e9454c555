//! Decodes `/v1/complete` response bodies of any shape (today's, 2023's, event streams) and
//! prints what the types know about each one.
//!
//! ```text
//! cargo run --example decode -- examples/responses/*.json
//! ```

use std::process::ExitCode;

use anthropic_completions::{Date, ResponseBody};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: decode FILE...");
        return ExitCode::from(2);
    }
    let today = Date::today();
    let mut failed = false;
    for path in paths {
        let body = std::fs::read(&path)
            .map_err(|error| error.to_string())
            .and_then(|bytes| ResponseBody::from_slice(&bytes).map_err(|e| e.to_string()));
        match body {
            Ok(body) => {
                println!("{path}");
                println!("  shape:       {}", body.shape());
                let Some(completion) = body.into_completion() else {
                    println!("  (an error body)");
                    continue;
                };
                let model = &completion.model;
                let known = |yes: bool| if yes { "yes" } else { "no" };
                let status = today
                    .and_then(|day| model.status_on(day))
                    .map_or("unknown".to_owned(), |s| s.to_string());
                let stop_reason = completion
                    .stop_reason
                    .as_ref()
                    .map_or("null", |r| r.as_str());
                println!("  model:       {model}");
                println!("  description: {}", model.description().unwrap_or("-"));
                println!(
                    "  listed by the reference: {}; served by /v1/complete: {}; status today: {status}",
                    known(model.in_reference_list()),
                    known(model.text_completions())
                );
                println!("  stop reason: {stop_reason}");
                if !completion.extra.is_empty() {
                    let keys: Vec<&str> = completion.extra.keys().map(String::as_str).collect();
                    println!("  other keys:  {}", keys.join(", "));
                }
            }
            Err(error) => {
                eprintln!("{path}: {error}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
