//! Any bytes as a `Completion` body: no panic, and what reads writes back to itself.
#![no_main]

use anthropic_completions::{Completion, StreamEvent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(completion) = serde_json::from_slice::<Completion>(data) {
        let text = serde_json::to_string(&completion).expect("a completion serializes");
        let again: Completion = serde_json::from_str(&text).expect("what was written reads back");
        assert_eq!(again, completion);
    }
    if let Ok(event) = serde_json::from_slice::<StreamEvent>(data) {
        let text = serde_json::to_string(&event).expect("an event serializes");
        let again: StreamEvent = serde_json::from_str(&text).expect("what was written reads back");
        assert_eq!(again, event);
    }
});
