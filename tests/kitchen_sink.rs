//! Compiles the code generated from `tests/kitchen_sink/schema.json` and checks how it behaves:
//! closed objects, closed unions, arrays, numbers, aliases and recursion through arrays.

#[path = "../src/runtime.rs"]
#[allow(dead_code)]
mod runtime;

#[allow(dead_code)]
mod generated {
    include!("kitchen_sink/generated.rs");
}

use generated::{Channel, Color, Line, Note, Order, Size};
use serde_json::{Value, json};
use strum::{EnumCount, IntoEnumIterator};

fn order() -> Value {
    json!({
        "object": "order",
        "count": -3,
        "price": 9.5,
        "paid": true,
        "lines": [{"sku": "a", "parent": [{"sku": "b", "gift": true}]}],
        "tags": null,
        "color": "light-blue",
        "size": "xl",
        "note": "n"
    })
}

#[test]
fn a_full_order_round_trips() {
    let parsed: Order = serde_json::from_value(order()).unwrap();
    assert_eq!(parsed.count, -3);
    assert_eq!(parsed.price, Some(9.5));
    assert_eq!(parsed.tags, Some(None));
    assert_eq!(parsed.color, Some(Color::LightBlue));
    assert_eq!(parsed.size, Some(Size::Xl));
    let note: Option<Note> = parsed.note.clone();
    assert_eq!(note.as_deref(), Some("n"));
    let inner: &Line = &parsed.lines[0].parent.as_ref().unwrap()[0];
    assert_eq!(inner.extra.get("gift"), Some(&Value::Bool(true)));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), order());
}

#[test]
fn a_minimal_order_round_trips() {
    let minimal = json!({"object": "order", "count": 0, "lines": [], "size": null});
    let parsed: Order = serde_json::from_value(minimal.clone()).unwrap();
    assert_eq!(
        (parsed.size, parsed.paid, parsed.tags.clone()),
        (None, None, None)
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), minimal);
}

#[test]
fn a_closed_object_rejects_unknown_keys() {
    let mut body = order();
    body["surprise"] = 1.into();
    let error = serde_json::from_value::<Order>(body)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("unknown field `surprise`, expected one of `object`, `count`"),
        "{error}"
    );
}

#[test]
fn numbers_are_checked() {
    for (key, value, expected) in [
        (
            "count",
            json!(1.5),
            "field `count`: invalid type: floating point",
        ),
        ("count", json!("1"), "field `count`: invalid type: string"),
        ("price", json!("1"), "field `price`: invalid type: string"),
        ("paid", json!(1), "field `paid`: invalid type: integer"),
        ("lines", json!({}), "field `lines`: invalid type: map"),
        (
            "object",
            json!("invoice"),
            "field `object`: invalid value: string \"invoice\"",
        ),
    ] {
        let mut body = order();
        body[key] = value;
        let error = serde_json::from_value::<Order>(body)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(expected), "{key}: {error}");
    }
}

#[test]
fn closed_unions_reject_unlisted_values_and_iterate_all_variants() {
    let error = serde_json::from_value::<Color>(json!("green"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown variant `green`"), "{error}");
    assert_eq!(
        Color::iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        ["red", "light-blue"]
    );
    assert_eq!(Color::LightBlue.description(), Some("Light blue."));
    assert_eq!(Size::COUNT, 3);
    assert_eq!("m".parse::<Size>().unwrap(), Size::M);
    assert!("xxl".parse::<Size>().is_err());
    let name: &'static str = Size::S.into();
    assert_eq!(name, "s");
}

#[test]
fn open_unions_keep_unlisted_values() {
    assert_eq!(Channel::from("2fa-app"), Channel::V2faApp);
    assert_eq!(Channel::from("fax"), Channel::Other("fax".into()));
    assert_eq!(Channel::iter().count(), 2);
}

#[test]
fn every_type_has_a_json_schema() {
    let schema = schemars::schema_for!(Order);
    let value = schema.as_value();
    assert_eq!(value["properties"]["count"]["description"], "How many.");
    assert_eq!(value["properties"]["object"]["const"], "order");
    assert_eq!(value["additionalProperties"], false);
    assert_eq!(
        value["required"],
        json!(["object", "count", "lines", "size"])
    );
    let defs = value["$defs"].as_object().unwrap();
    for name in ["Line", "Color", "Size"] {
        assert!(
            defs.contains_key(name),
            "{name} missing from $defs: {value}"
        );
    }
    assert_eq!(defs["Size"]["enum"], json!(["s", "m", "xl"]));
    assert_eq!(defs["Color"]["oneOf"][1]["const"], "light-blue");
}
