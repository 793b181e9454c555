//! Rust names from schema names and values.
//!
//! Type and variant names are UpperCamelCase; a `_` is kept between two digit groups so that
//! `claude-2.1` (`Claude2_1`) and `claude-21` (`Claude21`) stay apart. Field names are
//! snake_case; keywords become raw identifiers (`r#type`).

use proc_macro2::{Ident, Span};

/// Rust keywords that cannot be used as plain identifiers (2024 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// UpperCamelCase name for a type or variant, or `None` if `text` has no letter or digit.
/// A name that would start with a digit gets a `V` in front.
pub fn camel_case(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_ascii_digit() && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push(first.to_ascii_uppercase());
        out.push_str(&word[first.len_utf8()..]);
    }
    if out.is_empty() {
        return None;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    (!NOT_RAW.contains(&out.as_str())).then_some(out)
}

/// snake_case name for a field, or `None` if `key` has no letter or digit.
pub fn snake_case(key: &str) -> Option<String> {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() {
        return None;
    }
    Some(if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out
    })
}

/// The identifier for a name made by [`camel_case`] or [`snake_case`]: raw if it is a keyword.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_keeps_digit_groups_apart() {
        assert_eq!(camel_case("claude-2.1").as_deref(), Some("Claude2_1"));
        assert_eq!(camel_case("claude-21").as_deref(), Some("Claude21"));
        assert_eq!(
            camel_case("claude-3-5-haiku-latest").as_deref(),
            Some("Claude3_5HaikuLatest")
        );
        assert_eq!(camel_case("stop_sequence").as_deref(), Some("StopSequence"));
        assert_eq!(camel_case("2fa").as_deref(), Some("V2fa"));
        assert_eq!(camel_case("--"), None);
        assert_eq!(camel_case("self"), None);
    }

    #[test]
    fn snake_case_of_keys() {
        assert_eq!(snake_case("stop_reason").as_deref(), Some("stop_reason"));
        assert_eq!(snake_case("maxTokens").as_deref(), Some("max_tokens"));
        assert_eq!(snake_case("user-id").as_deref(), Some("user_id"));
        assert_eq!(snake_case("9lives").as_deref(), Some("_9lives"));
        assert_eq!(snake_case("$"), None);
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("model").to_string(), "model");
    }
}
