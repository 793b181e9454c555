//! Decodes `/v1/complete` response bodies and prints what the types know about each one.
//!
//! ```text
//! cargo run --example decode -- examples/responses/*.json
//! ```

use std::process::ExitCode;

use anthropic_completions::Completion;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: decode FILE.json...");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for path in paths {
        let completion = std::fs::read_to_string(&path)
            .map_err(|error| error.to_string())
            .and_then(|text| serde_json::from_str::<Completion>(&text).map_err(|e| e.to_string()));
        match completion {
            Ok(completion) => {
                let model = &completion.model;
                let description = model
                    .description()
                    .unwrap_or("(not in the schema's list of models)");
                let stop_reason = completion
                    .stop_reason
                    .as_ref()
                    .map_or("null", |r| r.as_str());
                println!("{path}");
                println!("  model:       {model}");
                println!("  description: {description}");
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
