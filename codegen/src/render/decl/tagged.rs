//! The declaration of a tagged union: one variant per member, and the catch-all of an open
//! one, with the attributes of the `Tagged` derive (which writes the impls).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::examples;
use crate::ir::{TaggedUnion, TypeDef};
use crate::render::{Cx, doc_attrs, ident, own_doc_attrs, rules_ident, str_lit, type_ident};

pub(super) fn tagged(cx: &Cx<'_>, def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let name = ident(&def.ident);
    let doc = doc_attrs(
        def.doc
            .as_deref()
            .unwrap_or("One of several object types, told apart by a tag."),
    );
    let examples = examples(cx, def);
    let tag = &union.tag;
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.ident)).collect();
    let types: Vec<_> = union
        .variants
        .iter()
        .map(|v| type_ident(cx, v.ty))
        .collect();
    let values: Vec<Literal> = union.variants.iter().map(|v| str_lit(&v.value)).collect();
    let variant_docs = union.variants.iter().map(|v| {
        let member = &cx.module.get(v.ty).ident;
        // Tags and type names are identifiers and constants the schema reader checked; the
        // tag value is written in a code span, whose content needs no escape.
        own_doc_attrs(&format!(
            "`\"{tag}\": \"{}\"`: a [`{member}`].",
            v.value.replace('`', "'")
        ))
    });
    let other = union.other.as_ref().map(|other| {
        let doc = doc_attrs(&format!(
            "{}\n\nKept as it was sent, so that a round trip loses nothing.",
            other.doc
        ));
        quote!(#doc Other(::serde_json::Map<String, ::serde_json::Value>),)
    });
    let (schema_name, rules, tag) = (str_lit(&def.name), rules_ident(def), str_lit(tag));
    // `tag()`, the conversions, serde's and schemars' traits: the derive's.
    quote! {
        #doc
        #examples
        #[derive(Debug, Clone, PartialEq, __rt::Tagged)]
        #[tagged(name = #schema_name, rules = #rules, tag = #tag)]
        pub enum #name {
            #( #variant_docs #[value(#values)] #variants(#types), )*
            #other
        }
    }
}
