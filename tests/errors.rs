//! Bad `Completion` bodies give errors that name the field and keep serde_json's position.

use anthropic_completions::Completion;
use serde_json::{Value, json};

fn valid() -> Value {
    json!({
        "type": "completion",
        "id": "compl_01",
        "completion": " Hi",
        "stop_reason": "stop_sequence",
        "model": "claude-2.1",
        "stop": "\n\nHuman:",
        "log_id": "compl_01"
    })
}

fn error_of(body: &Value) -> String {
    let text = serde_json::to_string(body).unwrap();
    serde_json::from_str::<Completion>(&text)
        .expect_err(&format!("accepted {text}"))
        .to_string()
}

#[test]
fn the_valid_body_is_accepted() {
    let completion: Completion = serde_json::from_value(valid()).unwrap();
    assert_eq!(completion.completion, " Hi");
}

#[test]
fn a_wrong_type_constant_names_the_field_and_both_values() {
    let mut body = valid();
    body["type"] = "message".into();
    let error = error_of(&body);
    assert!(
        error.starts_with(
            "field `type`: invalid value: string \"message\", expected \"completion\""
        ),
        "{error}"
    );
    assert!(error.contains(" at line 1 column "), "{error}");
}

#[test]
fn each_missing_required_field_is_named() {
    for key in ["type", "id", "completion", "stop_reason", "model"] {
        let mut body = valid();
        body.as_object_mut().unwrap().remove(key);
        let error = error_of(&body);
        assert!(
            error.starts_with(&format!("missing field `{key}`")),
            "{key}: {error}"
        );
    }
}

#[test]
fn optional_fields_may_be_absent() {
    let mut body = valid();
    body.as_object_mut().unwrap().remove("stop");
    body.as_object_mut().unwrap().remove("log_id");
    let completion: Completion = serde_json::from_value(body).unwrap();
    assert_eq!((completion.stop, completion.log_id), (None, None));
}

#[test]
fn each_wrong_json_type_names_the_field() {
    // (key, a value of the wrong JSON type, what the error says was expected)
    let cases = [
        ("type", json!(1), "expected \"completion\""),
        ("id", json!(1), "expected a string"),
        ("id", Value::Null, "expected a string"),
        ("completion", json!(["a"]), "expected a string"),
        ("completion", Value::Null, "expected a string"),
        ("stop_reason", json!(true), "expected a string (StopReason)"),
        ("model", json!({}), "expected a string (Model)"),
        ("model", Value::Null, "expected a string (Model)"),
    ];
    for (key, wrong, expected) in cases {
        let mut body = valid();
        body[key] = wrong.clone();
        let error = error_of(&body);
        assert!(
            error.starts_with(&format!("field `{key}`: invalid type")),
            "{key}={wrong}: {error}"
        );
        assert!(error.contains(expected), "{key}={wrong}: {error}");
        assert!(
            error.contains(" at line 1 column "),
            "{key}={wrong}: {error}"
        );
    }
}

/// `stop` and `log_id` are declared by no contract (`x-undocumented`): a value of another type
/// is kept as sent in `extra`, never an error.
#[test]
fn an_undocumented_field_of_another_type_is_kept_not_refused() {
    for (key, wrong) in [
        ("stop", json!(3.5)),
        ("log_id", Value::Null),
        ("log_id", json!({"a": 1})),
    ] {
        let mut body = valid();
        body[key] = wrong.clone();
        let completion: Completion = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(completion.extra.get(key), Some(&wrong), "{key}");
        assert_eq!(serde_json::to_value(&completion).unwrap(), body, "{key}");
    }
    // Set since, the field's value is written, once; the kept one is not.
    let mut body = valid();
    body["stop"] = json!(1);
    let mut completion: Completion = serde_json::from_value(body).unwrap();
    completion.stop = Some(Some("\n\nHuman:".to_owned()));
    let text = serde_json::to_string(&completion).unwrap();
    assert_eq!(text.matches("\"stop\"").count(), 1, "{text}");
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), valid());
    // Twice is still a duplicate.
    let text = r#"{"type":"completion","id":"c","completion":"","stop_reason":null,"model":"m","log_id":1,"log_id":"a"}"#;
    let error = serde_json::from_str::<Completion>(text)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("duplicate field `log_id`"), "{error}");
}

#[test]
fn the_position_points_at_the_offending_value() {
    let text = "{\n  \"type\": \"completion\",\n  \"id\": 42,\n  \"completion\": \"\"\n}";
    let error = serde_json::from_str::<Completion>(text).unwrap_err();
    assert_eq!((error.line(), error.column()), (3, 10), "{error}");
    assert!(error.to_string().starts_with("field `id`: "), "{error}");
}

#[test]
fn duplicate_keys_are_errors_declared_or_not() {
    let base = r#""type":"completion","id":"a","completion":"","stop_reason":null,"model":"m""#;
    let declared = format!("{{{base},\"id\":\"b\"}}");
    let error = serde_json::from_str::<Completion>(&declared)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("duplicate field `id`"), "{error}");
    let undeclared = format!("{{{base},\"x\":1,\"x\":2}}");
    let error = serde_json::from_str::<Completion>(&undeclared)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("duplicate field `x`"), "{error}");
}

#[test]
fn a_body_that_is_not_an_object_is_rejected() {
    for text in ["[]", "\"completion\"", "null", "1"] {
        let error = serde_json::from_str::<Completion>(text)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("expected a `Completion` object"),
            "{text}: {error}"
        );
    }
}
