//! Streams: the event-stream reader follows the WHATWG rules, every recorded stream folds into
//! the completion its deltas spell, and broken streams fail with located errors.

mod chunks;
mod events;
mod folding;
mod sse;

#[path = "../support/mod.rs"]
mod support;

fn recorded() -> Vec<(String, Vec<u8>)> {
    support::files("stream")
}

const CHUNK: &str = r#"{"type":"completion","id":"compl_1","completion":"TEXT","stop_reason":REASON,"model":"claude-2.1"}"#;

fn event(text: &str, reason: Option<&str>) -> String {
    let reason = reason.map_or("null".to_owned(), |r| format!("\"{r}\""));
    format!(
        "event: completion\ndata: {}\n\n",
        CHUNK.replace("TEXT", text).replace("REASON", &reason)
    )
}
