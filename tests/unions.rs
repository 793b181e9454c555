//! `Model` and `StopReason`: open unions that parse every string, keep unknown values as sent,
//! and carry the API's descriptions.

use std::collections::HashMap;
use std::str::FromStr;

use anthropic_completions::{Model, StopReason};
use proptest::prelude::*;
use strum::{EnumMessage, IntoEnumIterator};

#[test]
fn every_known_model_parses_to_its_variant_and_back() {
    let mut seen = HashMap::new();
    for model in Model::iter() {
        let id = model.as_str();
        assert!(model.is_known());
        assert_eq!(Model::from_str(id).unwrap(), model);
        assert_eq!(Model::from(id), model);
        assert_eq!(Model::from(id.to_owned()), model);
        assert_eq!(Model::known(id), Some(model.clone()));
        let json = format!("\"{id}\"");
        assert_eq!(serde_json::from_str::<Model>(&json).unwrap(), model);
        assert_eq!(serde_json::to_string(&model).unwrap(), json);
        assert_eq!(model.get_message(), model.description());
        assert!(
            seen.insert(id.to_owned(), ()).is_none(),
            "{id} listed twice"
        );
    }
    assert_eq!(
        Model::ClaudeOpus4_5_20251101.as_str(),
        "claude-opus-4-5-20251101"
    );
    assert_eq!(
        Model::Claude3_5HaikuLatest.as_str(),
        "claude-3-5-haiku-latest"
    );
}

#[test]
fn unknown_model_survives_a_round_trip() {
    for id in [
        "claude-2.2",
        "claude-instant-2",
        "",
        "Claude-Opus-4-6",
        "claude-opus-4-6 ",
    ] {
        let json = serde_json::to_string(id).unwrap();
        let model: Model = serde_json::from_str(&json).unwrap();
        assert_eq!(model, Model::Other(id.to_owned()));
        assert!(!model.is_known());
        assert_eq!(model.description(), None);
        assert_eq!(serde_json::to_string(&model).unwrap(), json);
        assert_eq!(model.to_string(), id);
    }
}

#[test]
fn stop_reasons_match_the_api_facts() {
    let values: Vec<String> = StopReason::iter().map(|r| r.as_str().to_owned()).collect();
    assert_eq!(values, ["stop_sequence", "max_tokens"]);
    let facts = include_str!("data/api/completion.md");
    for reason in StopReason::iter() {
        assert!(
            facts.contains(&format!("`\"{}\"`", reason.as_str())),
            "{reason} is not documented"
        );
        assert!(!reason.description().unwrap().is_empty());
        let json = format!("\"{reason}\"");
        assert_eq!(serde_json::from_str::<StopReason>(&json).unwrap(), reason);
    }
    let unknown: StopReason = serde_json::from_str("\"refusal\"").unwrap();
    assert_eq!(unknown, StopReason::Other("refusal".to_owned()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"refusal\"");
}

#[test]
fn a_union_rejects_what_is_not_a_string() {
    for json in ["5", "null", "true", "[]", "{}"] {
        let error = serde_json::from_str::<Model>(json).unwrap_err().to_string();
        assert!(error.contains("invalid type"), "{json}: {error}");
        assert!(serde_json::from_str::<StopReason>(json).is_err(), "{json}");
    }
}

proptest! {
    #[test]
    fn every_string_is_a_model_and_comes_back_unchanged(id in any::<String>()) {
        let model = Model::from_str(&id).unwrap();
        prop_assert_eq!(model.as_str(), id.as_str());
        prop_assert_eq!(&Model::from(id.clone()), &model);
        let json = serde_json::to_string(&id).unwrap();
        let decoded: Model = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&decoded, &model);
        prop_assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
    }

    #[test]
    fn every_string_is_a_stop_reason(reason in "[a-z_]{0,16}") {
        let parsed = StopReason::from(reason.as_str());
        prop_assert_eq!(parsed.as_str(), reason.as_str());
        prop_assert_eq!(parsed.is_known(), StopReason::known(&reason).is_some());
    }
}
