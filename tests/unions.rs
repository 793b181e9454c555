//! `Model` and `StopReason`: open unions that parse every string, keep unknown values as sent,
//! and carry the API's descriptions.

use std::collections::HashMap;
use std::str::FromStr;

use anthropic_completions::{Model, StopReason};
use proptest::prelude::*;
use strum::{EnumCount, EnumMessage, IntoEnumIterator, VariantArray, VariantNames};

/// `id -> description` from the table of `models.md`, in table order, with "as #N" and
/// "same as #N" resolved to row N's description.
fn models_md() -> Vec<(String, String)> {
    let text = include_str!("data/api/models.md");
    let mut rows: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | # | id | kind | points to | short description | ...
        let (Some(number), Some(id), Some(description)) =
            (cells.get(1), cells.get(2), cells.get(5))
        else {
            continue;
        };
        if number.parse::<usize>().is_err() {
            continue;
        }
        let id = id.trim_matches('`').to_owned();
        let description = match description.rsplit_once('#') {
            Some((prefix, n)) if prefix.ends_with("as ") => {
                rows[n.parse::<usize>().unwrap() - 1].1.clone()
            }
            _ => description.to_string(),
        };
        rows.push((id, description));
    }
    rows
}

#[test]
fn known_models_are_the_apis_list_in_its_order_with_its_descriptions() {
    let facts = models_md();
    assert_eq!(facts.len(), 21);
    let ours: Vec<(String, String)> = Model::iter()
        .filter(Model::is_current)
        .map(|m| (m.to_string(), m.description().unwrap().to_owned()))
        .collect();
    assert_eq!(ours, facts);
    // The current list comes first, in the API's order; the retired ids after it.
    let names: Vec<&str> = facts.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(&<Model as VariantNames>::VARIANTS[..21], names.as_slice());
    assert!(
        <Model as VariantArray>::VARIANTS[21..]
            .iter()
            .all(|m| !m.is_current())
    );
    assert_eq!(Model::COUNT, <Model as VariantArray>::VARIANTS.len());
}

/// The cells of the rows of the markdown tables of `models.md` whose first cell satisfies `row`.
fn table_rows(row: impl Fn(&str) -> bool) -> Vec<Vec<String>> {
    include_str!("data/api/models.md")
        .lines()
        .map(|line| {
            line.split('|')
                .map(|c| c.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|cells| cells.len() > 2 && row(&cells[1]))
        .collect()
}

fn first_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let candidate = &text[i..i + 10];
        let shape = candidate.bytes().enumerate().all(|(j, b)| {
            if j == 4 || j == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
        shape.then(|| candidate.to_owned())
    })
}

#[test]
fn model_metadata_matches_the_facts() {
    // | # | id | kind | points to | description | status | deprecated | retired / tentative |
    for cells in table_rows(|first| first.parse::<usize>().is_ok()) {
        let model = Model::from(cells[2].trim_matches('`'));
        assert!(model.is_known() && model.is_current(), "{model}");
        let alias = cells[3].starts_with("alias") || cells[3].contains("= alias");
        assert_eq!(model.is_alias(), alias, "{model}: kind {}", cells[3]);
        let snapshot = cells[4].trim_matches('`');
        let expected = snapshot
            .starts_with("claude")
            .then(|| Model::from(snapshot));
        assert_eq!(model.snapshot(), expected, "{model}");
        assert_eq!(
            model.deprecated_on().map(str::to_owned),
            first_date(&cells[7]),
            "{model}: deprecated"
        );
        let retired = cells[8]
            .contains("retired")
            .then(|| first_date(&cells[8]))
            .flatten();
        assert_eq!(
            model.retired_on().map(str::to_owned),
            retired,
            "{model}: retired"
        );
    }
    // | id | status | deprecated | retired | notes |  (the models that served this endpoint)
    let era = table_rows(|first| first.starts_with("`claude"));
    assert_eq!(era.len(), 3);
    for cells in era {
        let model = Model::from(cells[1].trim_matches('`'));
        assert!(model.is_known() && !model.is_current(), "{model}");
        assert_eq!(
            model.deprecated_on().map(str::to_owned),
            first_date(&cells[3]),
            "{model}"
        );
        assert_eq!(
            model.retired_on().map(str::to_owned),
            first_date(&cells[4]),
            "{model}"
        );
    }
    assert_eq!(Model::Claude2.snapshot(), Some(Model::Claude2_0));
}

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
