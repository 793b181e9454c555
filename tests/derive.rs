//! The derives on forms the generator does not write today but their docs allow: a map of
//! undeclared keys under another name than `extra`.

use __rt::{FieldRule, Ty};
use anthropic_completions::__private as __rt;

type Map = serde_json::Map<String, serde_json::Value>;

#[derive(Debug, Clone, PartialEq, __rt::Object)]
#[object(name = "Line", rules = LINE)]
struct Line {
    sku: String,
    #[field(extra)]
    rest: Map,
}

static LINE: __rt::ObjectRules = __rt::ObjectRules {
    name: "Line",
    description: None,
    keeps_unknown_keys: true,
    fields: &[FieldRule::required("sku", Ty::String)],
};

#[test]
fn the_map_of_undeclared_keys_may_have_any_name() {
    let text = r#"{"sku":"x","more":[1,"two"]}"#;
    let line: Line = serde_json::from_str(text).unwrap();
    assert_eq!(line.sku, "x");
    assert_eq!(line.rest.get("more"), Some(&serde_json::json!([1, "two"])));
    assert_eq!(serde_json::to_string(&line).unwrap(), text);
}
