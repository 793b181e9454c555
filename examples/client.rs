//! A client's round trip with the types, as the README's quick start shows it: a request
//! built and checked, the body that would be sent, a JSON response and a stream decoded, and
//! an error response turned into an `Error` with its kind and the retry decision. The
//! responses are recorded ones (this endpoint is retired): plug in any HTTP client.
//!
//! ```text
//! cargo run --example client
//! ```

use anthropic_completions::http::retry;
use anthropic_completions::stream::fold;
use anthropic_completions::{
    CompletionRequest, ErrorResponse, ErrorType, Metadata, Model, ResponseBody, StopReason,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The request: required fields, then setters; validate() is an Error too.
    let request = CompletionRequest::new(Model::Claude2_1, "\n\nHuman: Hi!\n\nAssistant:", 64)
        .with_temperature(0.5)
        .with_metadata(Metadata::default().with_user_id("user-7"));
    request.validate()?;
    let body = serde_json::to_string(&request)?;
    println!("POST https://api.anthropic.com/v1/complete\n{body}\n");

    // 2. A JSON response (any era's shape reads through ResponseBody).
    let recorded = r#"{"type":"completion","id":"compl_01","completion":" Hello!","stop_reason":"stop_sequence","model":"claude-2.1","stop":"\n\nHuman:","log_id":"compl_01"}"#;
    let completion = ResponseBody::from_slice(recorded.as_bytes())?
        .into_completion()
        .ok_or("not a completion")?;
    assert_eq!(completion.stop_reason, Some(StopReason::StopSequence));
    println!("completion: {:?}", completion.completion);

    // 3. A streamed response (`"stream": true`), folded into the same completion.
    let stream = "event: completion\r\ndata: {\"type\":\"completion\",\"id\":\"compl_02\",\"completion\":\" Hel\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\r\n\r\n\
                  event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n\
                  event: completion\r\ndata: {\"type\":\"completion\",\"id\":\"compl_02\",\"completion\":\"lo!\",\"stop_reason\":\"stop_sequence\",\"model\":\"claude-2.1\"}\r\n\r\n";
    let streamed = fold(stream.as_bytes())?;
    println!("streamed:   {:?}", streamed.completion);

    // 4. An error response: its kind from the status, the body as an Error, the retry rule.
    let (status, headers) = (529, [("retry-after", "2"), ("request-id", "req_9")]);
    let error: ErrorResponse = serde_json::from_str(
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_9"}"#,
    )?;
    assert_eq!(
        ErrorType::from_status(status),
        Some(error.error.r#type.clone())
    );
    let decision = retry(status, headers);
    println!(
        "error {status}: {error}; retry: {} after {:?}",
        decision.again, decision.after
    );
    let failure: Box<dyn std::error::Error> = Box::new(error);
    assert!(failure.to_string().starts_with("overloaded_error"));
    Ok(())
}
