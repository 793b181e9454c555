//! The derives on forms the generator does not write today but their docs allow: a map of
//! undeclared keys under another name than `extra`, beside a field named `extra`.

use __rt::{FieldRule, Ty};
use anthropic_completions::__private as __rt;

type Map = serde_json::Map<String, serde_json::Value>;

#[derive(Debug, Clone, PartialEq, __rt::Object)]
#[object(name = "Line", rules = LINE)]
struct Line {
    sku: String,
    extra: u32,
    #[field(undocumented)]
    note: Option<String>,
    #[field(extra)]
    rest: Map,
}

static LINE: __rt::ObjectRules = __rt::ObjectRules {
    name: "Line",
    description: None,
    keeps_unknown_keys: true,
    fields: &[
        FieldRule::required("sku", Ty::String),
        FieldRule::required("extra", Ty::Integer),
        FieldRule::optional("note", Ty::String).undocumented(),
    ],
};

#[test]
fn the_map_of_undeclared_keys_may_have_any_name() {
    let text = r#"{"sku":"x","extra":2,"more":[1,"two"]}"#;
    let line: Line = serde_json::from_str(text).unwrap();
    assert_eq!((line.sku.as_str(), line.extra), ("x", 2));
    assert_eq!(line.rest.get("more"), Some(&serde_json::json!([1, "two"])));
    assert_eq!(serde_json::to_string(&line).unwrap(), text);
}

#[test]
fn an_undocumented_value_of_another_type_goes_to_the_renamed_map() {
    // `note` holds a string; a number there is kept in `rest`, and written back once.
    let text = r#"{"sku":"x","extra":2,"note":5}"#;
    let line: Line = serde_json::from_str(text).unwrap();
    assert_eq!(line.note, None);
    assert_eq!(line.rest.get("note"), Some(&serde_json::json!(5)));
    assert_eq!(serde_json::to_string(&line).unwrap(), text);
    // Once the field holds a value, the kept one is not written beside it.
    let mut line = line;
    line.note = Some("n".to_owned());
    assert_eq!(
        serde_json::to_string(&line).unwrap(),
        r#"{"sku":"x","extra":2,"note":"n"}"#
    );
}
