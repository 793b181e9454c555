//! The declaration of a tagged union: one variant per member, and the catch-all of an open one.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::examples;
use crate::ir::{TaggedUnion, TypeDef};
use crate::render::{Cx, doc_attrs, ident, own_doc_attrs, str_lit, type_ident};

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
    let other_tag = union.other.as_ref().map(|_| {
        quote!(Self::Other(map) => map.get(#tag).and_then(::serde_json::Value::as_str).unwrap_or_default(),)
    });
    let tag_doc = format!(" The value of the tag (`{tag}`) that chose this variant.");
    quote! {
        #doc
        #examples
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variant_docs #variants(#types), )*
            #other
        }

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
            impl From<#types> for #name {
                fn from(value: #types) -> Self {
                    Self::#variants(value)
                }
            }
        )*
    }
}
