//! The request and error bodies: recorded ones parse, the request's ranges and prompt rule are
//! checked at their edges, and the error types carry their HTTP statuses.

use anthropic_completions::prompt::{PromptError, check_prompt};
use anthropic_completions::{
    CompletionRequest, ErrorResponse, ErrorType, LegacyErrorResponse, Metadata, Model, http,
};
use serde_json::{Value, json};

fn files(folder: &str) -> Vec<(String, String)> {
    let dir = format!("{}/tests/data/{folder}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_recorded_request_parses_round_trips_and_validates() {
    let requests = files("request");
    assert_eq!(requests.len(), 10);
    for (name, text) in requests {
        let request: CompletionRequest =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // boxcars-2 asked for a Claude 3 model and got the API's 400 (error/boxcars-1):
        // `validate()` says so before anything is sent.
        let refused: Vec<&str> = match request.validate() {
            Ok(()) => Vec::new(),
            Err(violations) => violations.iter().map(|v| v.rule).collect(),
        };
        let expected: &[&str] = if name == "boxcars-2.json" {
            &["unserved_model"]
        } else {
            &[]
        };
        assert_eq!(refused, expected, "{name}");
        let original: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_value(&request).unwrap(), original, "{name}");
    }
}

#[test]
fn every_recorded_error_body_parses() {
    for (name, text) in files("error") {
        let value: Value = serde_json::from_str(&text).unwrap();
        let (kind, message) = if value.get("type").is_some() {
            let body: ErrorResponse =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (body.error.r#type, body.error.message)
        } else {
            // The 2023 shape, without the top-level type.
            let body: LegacyErrorResponse =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (body.error.r#type, body.error.message)
        };
        assert!(kind.is_known(), "{name}: {kind}");
        assert!(!message.is_empty());
    }
}

#[test]
fn error_types_carry_the_documented_statuses() {
    let facts = include_str!("data/api/errors.md");
    for kind in <ErrorType as strum::IntoEnumIterator>::iter() {
        let status = kind.http_status().unwrap();
        let row = format!("| {status} | `{kind}` |");
        assert!(facts.contains(&row), "errors.md has no row {row}");
    }
    let unknown: ErrorType = serde_json::from_str("\"conflict_error\"").unwrap();
    assert_eq!(
        (
            unknown.http_status(),
            serde_json::to_string(&unknown).unwrap()
        ),
        (None, "\"conflict_error\"".to_owned())
    );
}

#[test]
fn the_common_request_is_one_line_and_skips_what_is_unset() {
    let request = CompletionRequest::new(Model::Claude2_1, "\n\nHuman: Hi\n\nAssistant:", 256);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "claude-2.1", "prompt": "\n\nHuman: Hi\n\nAssistant:", "max_tokens_to_sample": 256})
    );
    assert_eq!(request.validate(), Ok(()));
    let request = CompletionRequest {
        temperature: Some(0.5),
        stream: Some(true),
        ..CompletionRequest::new("claude-2", "Human: x\n\nAssistant:", 1)
    };
    assert_eq!(serde_json::to_value(&request).unwrap()["temperature"], 0.5);
}

#[test]
fn unknown_request_keys_are_refused_as_the_spec_says() {
    let error = serde_json::from_value::<CompletionRequest>(
        json!({"model": "m", "prompt": "p", "max_tokens_to_sample": 1, "max_tokens": 5}),
    )
    .unwrap_err()
    .to_string();
    assert!(error.starts_with("unknown field `max_tokens`"), "{error}");
}

/// `(field, value, valid)`: each range rule just inside and just outside each edge.
#[test]
fn every_range_rule_holds_at_both_edges() {
    let cases: &[(&str, Value, bool)] = &[
        ("max_tokens_to_sample", json!(0), false),
        ("max_tokens_to_sample", json!(1), true),
        ("max_tokens_to_sample", json!(i64::MAX), true),
        ("temperature", json!(-0.000001), false),
        ("temperature", json!(0.0), true),
        ("temperature", json!(1.0), true),
        ("temperature", json!(1.000001), false),
        ("top_p", json!(-0.1), false),
        ("top_p", json!(0), true),
        ("top_p", json!(1), true),
        ("top_p", json!(1.1), false),
        ("top_k", json!(-1), false),
        ("top_k", json!(0), true),
        ("top_k", json!(500), true),
        ("prompt", json!(""), false),
    ];
    for (field, value, valid) in cases {
        let mut body = json!({"model": "claude-2.1", "prompt": "\n\nHuman: Hi\n\nAssistant:", "max_tokens_to_sample": 5});
        body[field] = value.clone();
        // A value outside the field's Rust integer (`top_k: -1` for a `u64`) is refused by
        // the type itself, naming the field; the rules cover what the type holds.
        let request: CompletionRequest = match serde_json::from_value(body) {
            Ok(request) => request,
            Err(error) => {
                assert!(!valid, "{field} = {value}: {error}");
                assert!(error.to_string().contains(&format!("`{field}`")), "{error}");
                continue;
            }
        };
        let violations = request.validate().err().unwrap_or_default();
        let here: Vec<_> = violations
            .iter()
            .filter(|v| v.pointer == format!("/{field}"))
            .collect();
        assert_eq!(here.is_empty(), *valid, "{field} = {value}: {violations:?}");
        if let Some(violation) = here.first().filter(|_| *field != "prompt") {
            assert_eq!(&violation.value, value);
            assert!(["minimum", "maximum"].contains(&violation.rule));
        }
    }
}

#[test]
fn user_id_length_is_counted_in_characters() {
    let metadata = |user_id: String| CompletionRequest {
        metadata: Some(Metadata {
            user_id: Some(Some(user_id)),
        }),
        ..CompletionRequest::new("claude-2.1", "\n\nHuman: Hi\n\nAssistant:", 5)
    };
    assert_eq!(metadata("é".repeat(256)).validate(), Ok(()));
    let violations = metadata("é".repeat(257)).validate().unwrap_err();
    assert_eq!(
        (violations[0].pointer.as_str(), violations[0].rule),
        ("/metadata/user_id", "maxLength")
    );
    assert_eq!(
        violations[0].message,
        "must have at most 256 characters, found 257"
    );
    let null_user = CompletionRequest {
        metadata: Some(Metadata {
            user_id: Some(None),
        }),
        ..metadata(String::new())
    };
    assert_eq!(null_user.validate(), Ok(()));
}

#[test]
fn the_prompt_rule_accepts_what_the_api_accepts() {
    for prompt in [
        "\n\nHuman: Hi\n\nAssistant:",
        "You are terse.\n\nHuman: Hi\n\nAssistant:", // system text first
        "Human: Hi\n\nAssistant:",                   // clean-up: missing leading \n\n
        "\n\nHuman: Hi\n\nAssistant: ",              // clean-up: trailing space
        "\n\nHuman: Hi\n\nAssistant: The answer is", // pre-filled answer
        "\n\nHuman: a\n\nAssistant: b\n\nHuman: c\n\nAssistant:", // several turns
        "\n\nHuman:\nHello world\n\n\nAssistant:",   // recorded (openllmetry-1)
    ] {
        assert_eq!(check_prompt(prompt), Ok(()), "{prompt:?}");
    }
}

#[test]
fn the_prompt_rule_rejects_each_form_the_docs_list() {
    let cases = [
        ("Hello, world", PromptError::NoHumanTurn), // no markers at all
        ("Hi\n\nAssistant:", PromptError::NoHumanTurn), // no Human
        ("\n\nHuman: Hi", PromptError::NoAssistantTurn), // no Assistant
        (
            "\n\nAssistant: Hi\n\nHuman: Hi\n\nAssistant:",
            PromptError::AssistantBeforeHuman { offset: 0 },
        ),
        (
            "\n\nHuman: Hi\n\nAssistant: Ok\n\nHuman: more",
            PromptError::EndsWithHumanTurn { offset: 26 },
        ),
        ("\n\nHuman: Hi\nAssistant:", PromptError::NoAssistantTurn), // one newline only
    ];
    for (prompt, expected) in cases {
        assert_eq!(check_prompt(prompt), Err(expected.clone()), "{prompt:?}");
        let request = CompletionRequest::new("claude-2.1", prompt, 5);
        let violations = request.validate().unwrap_err();
        assert_eq!(
            (violations[0].pointer.as_str(), violations[0].rule),
            ("/prompt", "prompt_format")
        );
        assert_eq!(violations[0].message, expected.to_string());
    }
    assert!(PromptError::NoHumanTurn.to_string().starts_with(
        r#"prompt must start with "\n\nHuman:" turn after an optional system prompt"#
    ));
    assert!(
        PromptError::NoAssistantTurn
            .to_string()
            .starts_with(r#"prompt must end with "\n\nAssistant:" turn"#)
    );
}

#[test]
fn constants_match_the_facts() {
    let facts = include_str!("data/api/create-params.md");
    assert!(facts.contains(&format!("`{}{}`", http::BASE_URL, http::PATH)));
    for constant in [
        http::ANTHROPIC_VERSION,
        http::ANTHROPIC_VERSION_2023_01_01,
        http::X_API_KEY,
        http::ANTHROPIC_BETA,
        http::REQUEST_ID,
    ] {
        assert!(facts.contains(&format!("`{constant}`")), "{constant}");
    }
}

#[test]
fn requests_build_with_setters_and_refuse_floats_json_cannot_hold() {
    use anthropic_completions::Metadata;
    let request = CompletionRequest::new(Model::Claude2_1, "\n\nHuman: Hi\n\nAssistant:", 256)
        .with_temperature(0.5)
        // Integers take their own type (`256` infers `u64`); floats take what converts.
        .with_top_p(1)
        .with_top_p(0.5f32)
        .with_temperature(0.5)
        .with_stop_sequences(["\n\nObservation:"])
        .with_metadata(Metadata::default().with_user_id("u-1"))
        .with_stream(true);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"model": "claude-2.1", "prompt": "\n\nHuman: Hi\n\nAssistant:",
            "max_tokens_to_sample": 256, "stop_sequences": ["\n\nObservation:"],
            "temperature": 0.5, "top_p": 0.5, "metadata": {"user_id": "u-1"}, "stream": true})
    );
    assert_eq!(request.validate(), Ok(()));
    // NaN is refused when written (serde_json would write `null`), and by validate().
    for bad in [f64::NAN, f64::INFINITY] {
        let request = request.clone().with_top_p(bad);
        let error = serde_json::to_string(&request).unwrap_err();
        assert!(
            error.to_string().starts_with("`top_p` is NaN or infinite"),
            "{error}"
        );
        let violations = request.validate().unwrap_err();
        assert_eq!(violations[0].pointer, "/top_p");
    }
}
