//! Any bytes as a response body: the one entry point never panics, and what it converts to a
//! `Completion` writes and reads back as the same completion.
#![no_main]

use anthropic_completions::{Completion, ResponseBody};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = ResponseBody::from_slice(data) else {
        return;
    };
    let _ = body.shape();
    if let Some(completion) = body.into_completion() {
        let text = serde_json::to_string(&completion).expect("a completion writes");
        let again: Completion = serde_json::from_str(&text).expect("and reads back");
        assert_eq!(again, completion);
    }
});
