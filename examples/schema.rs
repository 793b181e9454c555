//! Prints the JSON Schema made from the Rust types (see `anthropic_completions::json_schema`).
//!
//! ```text
//! cargo run --example schema > completions.export.schema.json
//! ```

fn main() {
    let schema = anthropic_completions::json_schema();
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => println!("{text}"),
        Err(error) => {
            eprintln!("cannot serialize the schema: {error}");
            std::process::exit(1);
        }
    }
}
