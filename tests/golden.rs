//! The generator's golden files (`codegen/tests/golden/*.rs`, each the code of the schema
//! beside it) compile against this crate's runtime, and behave: values round-trip, rules are
//! checked, and the exported schema holds what the source says.

#[allow(dead_code, non_upper_case_globals)]
mod objects {
    include!("../codegen/tests/golden/objects.rs");
}

#[allow(dead_code, non_upper_case_globals)]
mod unions {
    include!("../codegen/tests/golden/unions.rs");
}

#[allow(dead_code, non_upper_case_globals)]
mod docs {
    include!("../codegen/tests/golden/docs.rs");
}

#[allow(dead_code, non_upper_case_globals)]
mod aliases {
    include!("../codegen/tests/golden/aliases.rs");
}

use serde_json::json;

#[test]
fn objects_round_trip_and_check_limits_beyond_i32() {
    let body =
        json!({"kind": "upload", "name": "a", "label": null, "size": 4294967297_i64, "x": 1});
    let upload: objects::Upload = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(upload.label, None);
    assert_eq!(serde_json::to_value(&upload).unwrap(), body);
    let violations = upload.validate().unwrap_err();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].pointer, "/size");
    assert_eq!(
        violations[0].message,
        "must be at most 4294967296, found 4294967297"
    );
    let schema = objects::schema_document();
    let size = &schema.as_value()["$defs"]["Upload"]["properties"]["size"];
    assert_eq!(
        (size["maximum"].clone(), size["default"].clone()),
        (json!(4294967296_i64), json!(8589934592_i64))
    );
    let error = serde_json::from_value::<objects::Part>(json!({"index": 1, "y": 2})).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("unknown field `y`, expected `index` or `children`"),
        "{error}"
    );
}

#[test]
fn unions_have_typed_methods_and_keep_unknown_values() {
    use unions::{Shape, Tier};
    assert_eq!(Tier::Free.next(), Some(Tier::Pro));
    assert_eq!(
        (Tier::Pro.limit(), Tier::Pro.big()),
        (Some(65535), Some(4294967296))
    );
    assert!(Tier::Pro.is_paid() && !Tier::Free.is_paid());
    let other: Tier = serde_json::from_str("\"gold\"").unwrap();
    assert_eq!(other, Tier::Other("gold".into()));
    let shape: Shape = serde_json::from_value(json!({"radius": 2.0, "kind": "circle"})).unwrap();
    assert_eq!(shape.tag(), "circle");
    let unknown: Shape = serde_json::from_value(json!({"kind": "hexagon", "n": 6})).unwrap();
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!({"kind": "hexagon", "n": 6})
    );
    let schema = unions::schema_document();
    let pro = &schema.as_value()["$defs"]["Tier"]["anyOf"][1];
    assert_eq!(pro["x-big"], json!(4294967296_i64));
    assert_eq!(
        schema.as_value()["$defs"]["Tier"]["anyOf"][0]["x-next"],
        "pro"
    );
    // Dates and dated values: typed, and exported as the source writes them.
    let day = |text: &str| text.parse::<anthropic_completions::Date>().unwrap();
    assert_eq!(Tier::Free.launched_on(), Some(day("2024-02-29")));
    assert_eq!(Tier::Pro.launched_on(), None);
    let billed: Vec<(&Tier, bool)> = Tier::Pro
        .billed_as()
        .iter()
        .map(|span| (&span.value, span.holds_on(day("2024-06-01"))))
        .collect();
    assert_eq!(billed, [(&Tier::Free, true), (&Tier::Pro, false)]);
    assert!(Tier::Other("gold".into()).billed_as().is_empty());
    let source: serde_json::Value =
        serde_json::from_str(include_str!("../codegen/tests/golden/unions.json")).unwrap();
    for index in [0, 1] {
        for key in ["x-launched-on", "x-billed-as"] {
            assert_eq!(
                schema.as_value()["$defs"]["Tier"]["anyOf"][index][key],
                source["$defs"]["Tier"]["anyOf"][index][key],
                "{key} of member {index}"
            );
        }
    }
}

#[test]
fn prose_that_once_broke_the_build_now_compiles() {
    let mark: docs::Mark = serde_json::from_str("\"rtl\\u202e\"").unwrap();
    assert_eq!(mark, docs::Mark::Rtl);
    let schema = docs::schema_document();
    let description = schema.as_value()["$defs"]["Prose"]["description"]
        .as_str()
        .unwrap();
    assert!(description.contains("A bare\rCR") && description.contains('\u{202e}'));
}

#[test]
fn aliases_are_followed_to_what_they_name() {
    let holder: aliases::Holder =
        serde_json::from_value(json!({"ids": ["a"], "name": "n"})).unwrap();
    assert_eq!(holder.ids, Some(vec!["a".to_owned()]));
    let wrong = json!({"ids": [1]});
    assert!(serde_json::from_value::<aliases::Holder>(wrong).is_err());
}
