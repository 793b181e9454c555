//! Compiles the code generated from `tests/kitchen_sink/schema.json` and checks how it behaves:
//! closed objects, closed unions, arrays, numbers, aliases and recursion through arrays.

/// The custom check that the kitchen-sink schema names (`x-rust-check: "even_length"`).
mod checks {
    pub(crate) fn even_length(code: &str) -> Result<(), String> {
        if code.len().is_multiple_of(2) {
            Ok(())
        } else {
            Err(format!("{code:?} has an odd length"))
        }
    }
}

#[allow(dead_code, non_upper_case_globals)]
mod generated {
    include!("kitchen_sink/generated.rs");
}

use generated::{Channel, Closed, Color, Envelope, Event, Line, Note, Order, Refund, Size};
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
        // The bounds [-5, 100) pick `i8`: what it cannot hold is refused by the type.
        (
            "count",
            json!(200),
            "field `count`: invalid value: integer `200`, expected i8",
        ),
        (
            "count",
            json!(-129.0),
            "field `count`: invalid value: floating point `-129.0`, expected i8",
        ),
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
    assert_eq!(Channel::iter().count(), 3);
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

#[test]
fn validate_checks_every_constraint_and_names_the_pointer() {
    let mut order: Order = serde_json::from_value(order()).unwrap();
    assert_eq!(order.validate(), Ok(()));
    order.count = 100; // exclusiveMaximum 100
    order.price = Some(0.0); // exclusiveMinimum 0
    order.code = Some("abc".into()); // odd length (custom), but within 2..=4
    order.tags = Some(Some(vec![])); // minItems 1
    order.lines = vec![
        Line::new(""),
        Line::new("a"),
        Line::new("b"),
        Line::new("c"),
    ]; // maxItems 3, minLength 1
    let violations = order.validate().unwrap_err();
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule))
        .collect();
    assert_eq!(
        found,
        [
            ("/count", "exclusiveMaximum"),
            ("/price", "exclusiveMinimum"),
            ("/lines", "maxItems"),
            ("/lines/0/sku", "minLength"),
            ("/tags", "minItems"),
            ("/code", "even_length"),
        ]
    );
    assert_eq!(violations[0].value, json!(100));
    assert_eq!(violations[0].message, "must be less than 100, found 100");
    assert_eq!(violations[5].message, "\"abc\" has an odd length");
}

#[test]
fn bounds_hold_at_both_edges() {
    let mut order = Order::new(0, Vec::<Line>::new(), None::<Size>);
    for (count, ok) in [(-6, false), (-5, true), (99, true), (100, false)] {
        order.count = count;
        assert_eq!(order.validate().is_ok(), ok, "count {count}");
    }
    order.count = 0;
    for (price, ok) in [
        (0.0, false),
        (f64::MIN_POSITIVE, true),
        (1000.5, true),
        (1000.6, false),
        (f64::NAN, false),
    ] {
        order.price = Some(price);
        assert_eq!(order.validate().is_ok(), ok, "price {price}");
    }
    order.price = None;
    for (code, ok) in [
        ("a", false),
        ("ab", true),
        ("abcd", true),
        ("abcdef", false),
        ("éé", true),
    ] {
        order.code = Some(code.into());
        let rules: Vec<&str> = order
            .validate()
            .err()
            .unwrap_or_default()
            .iter()
            .map(|v| v.rule)
            .collect();
        assert_eq!(
            rules.is_empty(),
            ok || rules == ["even_length"],
            "code {code}: {rules:?}"
        );
    }
}

#[test]
fn constructors_fill_the_required_fields() {
    let order = Order::new(2, vec![Line::new("x")], Some(Size::M));
    assert_eq!(
        serde_json::to_value(&order).unwrap(),
        json!({"object": "order", "count": 2, "lines": [{"sku": "x"}], "size": "m"})
    );
    assert_eq!(Refund::new(3.5).amount, 3.5);
}

#[test]
fn member_methods_come_from_annotations() {
    assert!(Channel::Web.is_web());
    assert!(!Channel::Sms.is_web());
    assert_eq!(Channel::Web.fallback(), Some(Channel::V2faApp));
    assert_eq!(Channel::Sms.fallback(), None);
    assert_eq!(Channel::Web.label(), Some("W"));
    assert_eq!(Channel::Web.port(), Some(443));
    assert_eq!(Channel::V2faApp.port(), Some(70000));
    assert_eq!(Channel::Web.offset(), Some(-1));
    assert_eq!(Channel::from("fax").port(), None);
}

#[test]
fn tagged_unions_dispatch_on_the_tag_wherever_it_is() {
    let refund = json!({"amount": 2.5, "object": "refund"}); // tag last: buffered, then replayed
    let event: Event = serde_json::from_value(refund.clone()).unwrap();
    assert_eq!(event, Event::Refund(Refund::new(2.5)));
    assert_eq!(event.tag(), "refund");
    assert_eq!(serde_json::to_value(&event).unwrap(), refund);
    let text = r#"{"object":"order","count":1,"lines":[],"size":null}"#;
    let event: Event = serde_json::from_str(text).unwrap();
    assert!(matches!(event, Event::Order(_)));

    let unknown = json!({"object": "invoice", "total": 3});
    let event: Event = serde_json::from_value(unknown.clone()).unwrap();
    assert_eq!(event.tag(), "invoice");
    assert_eq!(serde_json::to_value(&event).unwrap(), unknown);

    let error = serde_json::from_value::<Closed>(unknown)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unknown variant `invoice`, expected `refund` or `order`"),
        "{error}"
    );
    let error = serde_json::from_value::<Event>(json!({"count": 1}))
        .unwrap_err()
        .to_string();
    assert_eq!(error, "missing field `object`");
    let error = serde_json::from_str::<Event>(r#"{"object":"refund","amount":"x"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("field `amount`: invalid type: string"),
        "{error}"
    );
    let error = serde_json::from_str::<Event>(r#"{"object":7}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("field `object`: invalid type: integer"),
        "{error}"
    );
}

#[test]
fn tagged_unions_validate_their_members() {
    let event = Event::Refund(Refund::new(-1.0));
    let violations = event.validate().unwrap_err();
    assert_eq!(
        (violations[0].pointer.as_str(), violations[0].rule),
        ("/amount", "minimum")
    );
}

#[test]
fn the_walker_reports_every_problem_of_an_untyped_value() {
    use anthropic_completions::__private::{Described, Problem, ProblemKind, check};
    let value = json!({
        "object": "invoice", "count": 1.5, "lines": [{"sku": ""}, {"sku": 3}],
        "size": "xxl", "color": "red", "price": 0, "extra_key": 1
    });
    let problems = check(&value, Order::RULES, None);
    let found: Vec<(&str, String)> = problems
        .iter()
        .map(|p| {
            let kind = match &p.kind {
                ProblemKind::Missing { .. } => "missing",
                ProblemKind::WrongType { .. } => "type",
                ProblemKind::WrongConst { .. } => "const",
                ProblemKind::Unlisted { open: false, .. } => "unlisted",
                ProblemKind::Unlisted { open: true, .. } => "unknown",
                ProblemKind::Undeclared { closed: true } => "forbidden",
                ProblemKind::Undeclared { closed: false } => "undeclared",
                ProblemKind::Constraint(v) => v.rule,
                ProblemKind::Note { .. } => "note",
            };
            (kind, p.pointer.to_string())
        })
        .collect();
    let expected = [
        ("const", "/object"),
        ("type", "/count"),
        ("type", "/lines/1/sku"),
        ("unlisted", "/size"),
        ("forbidden", "/extra_key"),
        ("minLength", "/lines/0/sku"),
        ("exclusiveMinimum", "/price"),
    ];
    let mut sorted = found.clone();
    sorted.sort();
    let mut expected: Vec<(&str, String)> =
        expected.iter().map(|(k, p)| (*k, p.to_string())).collect();
    expected.sort();
    assert_eq!(sorted, expected);

    let problems = check(&json!({"object": "invoice"}), Event::RULES, None);
    assert!(
        matches!(
            problems[..],
            [Problem {
                kind: ProblemKind::Unlisted { open: true, .. },
                ..
            }]
        ),
        "{problems:?}"
    );
    let problems = check(&json!({"amount": 1}), Closed::RULES, None);
    assert!(
        matches!(&problems[0].kind, ProblemKind::Missing { key: "object" }),
        "{problems:?}"
    );
}

/// Found by `cargo fuzz` (target `completion_json`): an unknown tag, then the same key again
/// with a listed tag, was kept in `Other` holding the listed tag. A repeated key is an error,
/// in `Other` as in every struct.
#[test]
fn a_repeated_tag_in_an_unknown_object_is_an_error() {
    let error = serde_json::from_str::<Event>(r#"{"object":"invoice","object":"order"}"#)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("duplicate field `object`"), "{error}");
}

/// NaN and the infinities are refused when written, naming the key, also through an alias of
/// a number; `validate()` reports them at their pointer.
#[test]
fn non_finite_floats_are_refused_by_key() {
    let refund = Refund::new(1.0).with_fee(f64::NAN);
    let error = serde_json::to_string(&refund).unwrap_err().to_string();
    assert!(error.starts_with("`fee` is NaN or infinite"), "{error}");
    let pointers: Vec<_> = refund
        .validate()
        .unwrap_err()
        .iter()
        .map(|v| v.pointer.to_string())
        .collect();
    assert_eq!(pointers, ["/fee"]);
    // An undocumented key makes the impl hand-written: the same error.
    let error = serde_json::to_string(&Refund::new(1.0).with_rate(f64::INFINITY));
    assert!(
        error
            .unwrap_err()
            .to_string()
            .starts_with("`rate` is NaN or infinite")
    );
    let mut order = Order::new(0, Vec::<Line>::new(), None::<Size>);
    order.price = Some(f64::NEG_INFINITY);
    let error = serde_json::to_string(&order).unwrap_err().to_string();
    assert!(error.starts_with("`price` is NaN or infinite"), "{error}");
}

/// A closed object's key named `extra` is a field like any other (the map of undeclared keys
/// is marked by its attribute, not found by its name).
#[test]
fn a_key_named_extra_is_an_ordinary_field() {
    let envelope: Envelope = serde_json::from_value(json!({"extra": "x"})).unwrap();
    assert_eq!(envelope, Envelope::new("x"));
    assert_eq!(
        serde_json::to_value(&envelope).unwrap(),
        json!({"extra": "x"})
    );
    let error = serde_json::from_value::<Envelope>(json!({"extra": "x", "other": 1}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown field `other`"), "{error}");
    let error = serde_json::from_value::<Envelope>(json!({}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `extra`"), "{error}");
}
