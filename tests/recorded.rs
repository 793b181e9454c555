//! Every recorded response body deserializes and re-serializes to the same JSON value, or, for
//! the 2023 shape without `id` and `type`, is rejected with an error naming the missing key.

use std::fs;
use std::path::PathBuf;

use anthropic_completions::Completion;
use serde_json::Value;

fn recorded() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/complete");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("tests/data/complete exists")
        .map(|entry| {
            let path = entry.expect("readable directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).expect("readable recording"))
        })
        .collect();
    files.sort();
    files
}

fn has_current_shape(value: &Value) -> bool {
    value.get("id").is_some() && value.get("type").is_some()
}

#[test]
fn every_current_shape_response_round_trips_to_the_same_value() {
    let mut round_tripped = 0;
    for (name, text) in recorded() {
        let original: Value = serde_json::from_str(&text).unwrap();
        if !has_current_shape(&original) {
            continue;
        }
        let completion: Completion = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{name}: does not deserialize: {error}"));
        let again = serde_json::to_value(&completion).unwrap();
        assert_eq!(again, original, "{name}: the round trip changed the body");
        round_tripped += 1;
    }
    // 16 of the 27 recordings have today's shape (see tests/data/complete and SOURCES.md).
    assert_eq!(round_tripped, 16);
}

#[test]
fn legacy_shape_is_rejected_naming_the_missing_key() {
    let mut rejected = 0;
    for (name, text) in recorded() {
        let original: Value = serde_json::from_str(&text).unwrap();
        if has_current_shape(&original) {
            continue;
        }
        let error = serde_json::from_str::<Completion>(&text)
            .expect_err(&format!("{name}: a body without id/type must be rejected"));
        let message = error.to_string();
        assert!(
            message.contains("missing field `type`") || message.contains("missing field `id`"),
            "{name}: {message}"
        );
        rejected += 1;
    }
    assert_eq!(rejected, 11);
}

#[test]
fn undeclared_keys_are_kept_and_null_stays_apart_from_absent() {
    let texts = recorded();
    let find = |name: &str| {
        let (_, text) = texts.iter().find(|(n, _)| n == name).unwrap();
        serde_json::from_str::<Completion>(text).unwrap()
    };
    // `stop: null` (max_tokens), `stop: "..."`, and no `stop` at all (the docs example).
    assert_eq!(find("rudall-4.json").stop, Some(None));
    assert_eq!(
        find("langchaingo-1.json").stop,
        Some(Some("\n\nHuman:".to_owned()))
    );
    assert_eq!(find("docs-1.json").stop, None);
    assert_eq!(find("docs-1.json").log_id, None);

    let mut with_extra: Value = serde_json::from_str(&texts[0].1).unwrap();
    with_extra["type"] = "completion".into();
    with_extra["id"] = "compl_x".into();
    with_extra["exception"] = Value::Null;
    with_extra["truncated"] = false.into();
    let completion: Completion = serde_json::from_value(with_extra.clone()).unwrap();
    assert_eq!(completion.extra.get("exception"), Some(&Value::Null));
    assert_eq!(completion.extra.get("truncated"), Some(&Value::Bool(false)));
    assert_eq!(serde_json::to_value(&completion).unwrap(), with_extra);
}
