//! Any bytes as a request: reading, `validate()` and the prompt rule never panic.
#![no_main]

use anthropic_completions::CompletionRequest;
use anthropic_completions::prompt::check_prompt;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = serde_json::from_slice::<CompletionRequest>(data) {
        let _ = request.validate();
        let _ = check_prompt(&request.prompt);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = check_prompt(text);
    }
});
