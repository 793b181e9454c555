//! `Tagged`: an enum of newtype variants, each the object type one value of the tag chooses,
//! and the catch-all `Other(Map)` of an open union; read, then rendered.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{DeriveInput, Fields, LitStr, Path, Type};

use crate::attrs::{container, finish, join, named, repeated, strings, variants, written_as};

/// What an enum's declaration says of its tagged union.
struct TaggedUnion {
    ident: Ident,
    name: LitStr,
    rules: Path,
    /// The key whose value chooses the variant.
    tag: LitStr,
    members: Vec<Member>,
    /// The variant that keeps an object of an unlisted tag: the union is open.
    other: Option<Ident>,
}

struct Member {
    ident: Ident,
    value: LitStr,
    ty: Type,
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    Ok(render(&read(input)?))
}

fn read(input: &DeriveInput) -> syn::Result<TaggedUnion> {
    let mut errors = None;
    let variants = variants(input, "Tagged", &mut errors)?;
    let container = container(input, "tagged", true, &mut errors);
    let (mut members, mut other) = (Vec::new(), None);
    for variant in variants {
        let values: Vec<_> = named(&variant.attrs, "value").collect();
        let single = match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some(&fields.unnamed[0].ty),
            _ => None,
        };
        match (single, values.as_slice()) {
            (Some(ty), [attr]) => match strings(attr, 1, 1) {
                Ok(mut texts) => members.push(Member {
                    ident: variant.ident.clone(),
                    value: texts.remove(0),
                    ty: ty.clone(),
                }),
                Err(error) => join(&mut errors, error),
            },
            (Some(ty), []) if other.is_none() => {
                if !written_as(ty, "Map", &["String", "Value"]) {
                    join(
                        &mut errors,
                        syn::Error::new_spanned(
                            ty,
                            "the catch-all variant must hold a `Map` (`serde_json::Map<String, Value>`)",
                        ),
                    );
                }
                other = Some(variant.ident.clone());
            }
            _ => join(
                &mut errors,
                syn::Error::new_spanned(
                    &variant.ident,
                    "each variant holds one value and has one `#[value(\"...\")]`, but for at most one that holds the map of an unlisted tag",
                ),
            ),
        }
    }
    repeated(members.iter().map(|m| &m.value), "tag value", &mut errors);
    let mut types = std::collections::HashSet::new();
    for member in &members {
        let ty = &member.ty;
        if !types.insert(quote!(#ty).to_string()) {
            join(
                &mut errors,
                syn::Error::new_spanned(&member.ty, "a type already held by another variant"),
            );
        }
    }
    let union = container.and_then(|container| {
        Some(TaggedUnion {
            ident: input.ident.clone(),
            name: container.name,
            rules: container.rules,
            tag: container.tag?,
            members,
            other,
        })
    });
    finish(errors, union, input)
}

fn render(union: &TaggedUnion) -> TokenStream {
    let name = &union.ident;
    let (schema_name, rules, tag) = (&union.name, &union.rules, &union.tag);
    let variants: Vec<_> = union.members.iter().map(|m| &m.ident).collect();
    let types: Vec<_> = union.members.iter().map(|m| &m.ty).collect();
    let values: Vec<_> = union.members.iter().map(|m| &m.value).collect();
    let tag_doc = format!(
        " The value of the tag (`{}`) that chose this variant.",
        tag.value()
    );
    let (other_tag, other_serialize, unknown_tag) = match &union.other {
        Some(other) => (
            quote!(Self::#other(map) => map.get(#tag).and_then(::serde_json::Value::as_str).unwrap_or_default(),),
            quote!(Self::#other(map) => map.serialize(serializer),),
            quote!(_ => __rt::other_object(map).map(Self::#other),),
        ),
        None => (
            TokenStream::new(),
            TokenStream::new(),
            quote!(other => Err(::serde::de::Error::unknown_variant(other, &[#( #values ),*])),),
        ),
    };
    let described = crate::impls::described(name, rules, "Tagged", true);
    let schema = crate::impls::json_schema(
        name,
        schema_name,
        !types.is_empty(),
        quote!(__rt::tagged_union_schema(&#rules, vec![#( generator.subschema_for::<#types>() ),*])),
    );
    quote! {
        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> &str {
                match self {
                    #( Self::#variants(_) => #values, )*
                    #other_tag
                }
            }
        }

        #(
            #[automatically_derived]
            impl From<#types> for #name {
                fn from(value: #types) -> Self {
                    Self::#variants(value)
                }
            }
        )*

        #[automatically_derived]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variants(value) => value.serialize(serializer), )*
                    #other_serialize
                }
            }
        }

        #[automatically_derived]
        impl<'de> __rt::Tagged<'de> for #name {
            const RULES: &'static __rt::TaggedRules = &#rules;

            fn from_tag<A: ::serde::de::MapAccess<'de>>(
                tag: &str,
                map: ::serde::de::value::MapAccessDeserializer<A>,
            ) -> Result<Self, A::Error> {
                match tag {
                    #( #values => ::serde::Deserialize::deserialize(map).map(Self::#variants), )*
                    #unknown_tag
                }
            }
        }

        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(__rt::TaggedVisitor::<Self>::new())
            }
        }

        #described
        #schema
    }
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn errors(source: &str) -> Vec<String> {
        crate::attrs::errors(expand, source)
    }

    const HEAD: &str = r#"#[tagged(name = "E", rules = R, tag = "type")]"#;

    #[test]
    fn a_well_formed_union_expands() {
        for body in [
            r#"enum E { #[value("a")] A(A), Other(Map) }"#,
            r#"enum E { #[value("a")] A(A), Other(serde_json::Map<String, serde_json::Value>) }"#,
            r#"enum E { #[value("a")] A(A), #[value("b")] B(B) }"#,
        ] {
            let source = format!("{HEAD} {body}");
            assert_eq!(errors(&source), Vec::<String>::new(), "{source}");
        }
    }

    #[test]
    fn each_misuse_is_an_error_at_its_place() {
        let cases = [
            (HEAD, "struct E;", "Tagged derives only on an enum"),
            (
                HEAD,
                r#"enum E<T> { #[value("a")] A(T) }"#,
                "the derive takes no generics",
            ),
            (
                HEAD,
                r#"enum E { #[value("a")] A }"#,
                "each variant holds one value",
            ),
            (
                HEAD,
                "enum E { A(A), B(B) }",
                "each variant holds one value",
            ),
            (
                HEAD,
                r#"enum E { #[value("a", "b")] A(A) }"#,
                "expected 1 string literal",
            ),
            (
                r#"#[tagged(name = "E", rules = R)]"#,
                "enum E {}",
                "missing `#[tagged(tag = ...)]`",
            ),
            (
                r#"#[tagged(name = "E", rules = R, tag = "t", open)]"#,
                "enum E {}",
                "expected `name",
            ),
            (
                HEAD,
                r#"enum E { #[value("a")] A(A), Other(u8) }"#,
                "the catch-all variant must hold a `Map`",
            ),
            (
                HEAD,
                r#"enum E { #[value("a")] A(A), Other(Map<String, u8>) }"#,
                "the catch-all variant must hold a `Map`",
            ),
            (
                r#"#[tagged(name = "E", rules = R, tag = "t", tag = "u")]"#,
                r#"enum E { #[value("a")] A(A) }"#,
                "`tag` is given twice",
            ),
        ];
        for (head, body, expected) in cases {
            let source = format!("{head} {body}");
            let found = errors(&source);
            assert!(
                found.iter().any(|message| message.starts_with(expected)),
                "{source}: {found:?}"
            );
        }
    }
}
