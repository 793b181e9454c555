//! `StringUnion`: an enum's variants and attributes read into a [`StringUnion`], then
//! rendered (`render`).

mod render;

use proc_macro2::{Ident, TokenStream};
use syn::parse::ParseStream;
use syn::{DeriveInput, Fields, LitStr, Path, Token};

use crate::attrs::{
    container, doc_lines, finish, join, named, repeated, strings, variants, written_as,
};

/// What an enum's declaration says of its union of strings.
pub(crate) struct StringUnion {
    ident: Ident,
    /// The schema's name of the type.
    name: LitStr,
    /// The path of its `UnionRules` table.
    rules: Path,
    annotations: Vec<Annotation>,
    listed: Vec<Listed>,
    /// The variant that keeps an unlisted value: the union is open.
    other: Option<Other>,
}

/// A unit variant and its wire value.
struct Listed {
    ident: Ident,
    value: LitStr,
    description: Option<LitStr>,
    docs: Vec<String>,
}

/// The variant holding a `String`.
struct Other {
    ident: Ident,
    docs: Vec<String>,
}

/// One `#[annotate("x-key", method)]`.
struct Annotation {
    key: LitStr,
    method: Ident,
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let union = read(input)?;
    Ok(render::render(&union))
}

fn read(input: &DeriveInput) -> syn::Result<StringUnion> {
    let mut errors = None;
    let variants = variants(input, "StringUnion", &mut errors)?;
    let container = container(input, "union", false, &mut errors);
    let mut annotations = Vec::new();
    for attr in named(&input.attrs, "annotate") {
        match attr.parse_args_with(annotation) {
            Ok(found) => annotations.push(found),
            Err(error) => join(&mut errors, error),
        }
    }
    let (mut listed, mut other) = (Vec::new(), None::<Other>);
    for variant in variants {
        let docs = doc_lines(&variant.attrs);
        let values: Vec<_> = named(&variant.attrs, "value").collect();
        match (&variant.fields, values.as_slice()) {
            (Fields::Unit, [attr]) => match strings(attr, 1, 2) {
                Ok(mut texts) => {
                    let description = (texts.len() == 2).then(|| texts.remove(1));
                    listed.push(Listed {
                        ident: variant.ident.clone(),
                        value: texts.remove(0),
                        description,
                        docs,
                    });
                }
                Err(error) => join(&mut errors, error),
            },
            (Fields::Unnamed(fields), []) if fields.unnamed.len() == 1 && other.is_none() => {
                let held = &fields.unnamed[0].ty;
                if !written_as(held, "String", &[]) {
                    join(
                        &mut errors,
                        syn::Error::new_spanned(held, "the catch-all variant must hold a `String`"),
                    );
                }
                other = Some(Other {
                    ident: variant.ident.clone(),
                    docs,
                });
            }
            _ => join(
                &mut errors,
                syn::Error::new_spanned(
                    &variant.ident,
                    "each variant is a unit variant with one `#[value(\"...\")]`, but for at most one that holds a `String`",
                ),
            ),
        }
    }
    repeated(listed.iter().map(|v| &v.value), "value", &mut errors);
    repeated(
        annotations.iter().map(|a| &a.key),
        "annotation key",
        &mut errors,
    );
    let union = container.map(|container| StringUnion {
        ident: input.ident.clone(),
        name: container.name,
        rules: container.rules,
        annotations,
        listed,
        other,
    });
    finish(errors, union, input)
}

/// `"x-key", method`.
fn annotation(input: ParseStream<'_>) -> syn::Result<Annotation> {
    let key: LitStr = input.parse()?;
    input.parse::<Token![,]>()?;
    let method: Ident = input.parse()?;
    Ok(Annotation { key, method })
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn errors(source: &str) -> Vec<String> {
        crate::attrs::errors(expand, source)
    }

    #[test]
    fn a_well_formed_union_expands() {
        for source in [
            r#"#[union(name = "A", rules = R)] enum A { #[value("a", "An a.")] X, Other(String) }"#,
            r#"#[union(name = "A", rules = R)] #[annotate("x-k", k)] enum A { #[value("a")] X }"#,
            r#"#[union(name = "A", rules = R)] enum A { #[value("a")] X, Other(std::string::String) }"#,
        ] {
            assert_eq!(errors(source), Vec::<String>::new(), "{source}");
        }
    }

    #[test]
    fn each_misuse_is_an_error_at_its_place() {
        let cases = [
            (
                r#"#[union(name = "A", rules = R)] struct A;"#,
                "StringUnion derives only on an enum",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A<T> { #[value("a")] X(T) }"#,
                "the derive takes no generics",
            ),
            (
                r#"#[union(rules = R)] enum A { #[value("a")] X }"#,
                "missing `#[union(name = ...)]`",
            ),
            (
                r#"#[union(name = "A")] enum A { #[value("a")] X }"#,
                "missing `#[union(rules = ...)]`",
            ),
            (
                r#"#[union(name = "A", rules = R, open)] enum A { #[value("a")] X }"#,
                "expected `name = \"...\"` or `rules = PATH`",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A { X }"#,
                "each variant is a unit variant",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A { #[value("a", "b", "c")] X }"#,
                "expected 1 or 2 string literals",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A { Other(String), More(String) }"#,
                "each variant is a unit variant",
            ),
            (
                r#"#[union(name = "A", rules = R)] #[annotate(k)] enum A { #[value("a")] X }"#,
                "expected string literal",
            ),
        ];
        let more = [
            (
                r#"#[union(name = "A", rules = R)] enum A { #[value("a")] X, #[value("a")] Y }"#,
                "a repeated value",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A { #[value("a")] X, Other(u8) }"#,
                "the catch-all variant must hold a `String`",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A { #[value("a")] X, Other(String<u8>) }"#,
                "the catch-all variant must hold a `String`",
            ),
            (
                r#"#[union(name = "A", name = "B", rules = R)] enum A { #[value("a")] X }"#,
                "`name` is given twice",
            ),
            (
                r#"#[union(name = "A", rules = R)] #[annotate("x-k", a)] #[annotate("x-k", b)] enum A { #[value("a")] X }"#,
                "a repeated annotation key",
            ),
            (
                r#"#[union(name = "A", rules = R)] #[union(rules = S)] enum A { #[value("a")] X }"#,
                "`rules` is given twice",
            ),
            (
                r#"#[union(name = "A", rules = R)] enum A {}"#,
                "a union needs a variant",
            ),
        ];
        for (source, expected) in cases.into_iter().chain(more) {
            let found = errors(source);
            assert!(
                found.iter().any(|message| message.starts_with(expected)),
                "{source}: {found:?}"
            );
        }
    }

    #[test]
    fn a_repeated_key_is_one_error_and_the_other_keys_are_read() {
        for source in [
            r#"#[union(name = "A", name = "B", rules = R)] enum A { #[value("a")] X }"#,
            r#"#[union(name = "A")] #[union(name = "B", rules = R)] enum A { #[value("a")] X }"#,
        ] {
            assert_eq!(errors(source), ["`name` is given twice"], "{source}");
        }
    }

    #[test]
    fn every_misuse_of_one_enum_is_reported() {
        let found = errors(r#"#[union(name = "A")] enum A { X, Y }"#);
        assert_eq!(found.len(), 3, "{found:?}");
    }
}
