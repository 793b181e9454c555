//! Tagged unions: an enum with one newtype variant per member type, read by its tag without
//! buffering the object when the tag comes first; `Other` keeps objects of unlisted tags.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, json_schema_impl, option_str};
use crate::codegen::ir::{TaggedUnion, TypeDef};

pub fn render(def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let ident = ident(&def.ident);
    let doc = doc_attrs(
        def.doc
            .as_deref()
            .unwrap_or("One of several object types, told apart by a tag."),
    );
    let tag = &union.tag;
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|v| super::ident(&v.ident))
        .collect();
    let types: Vec<_> = union.variants.iter().map(|v| super::ident(&v.ty)).collect();
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = union
        .variants
        .iter()
        .map(|v| doc_attrs(&format!("`\"{tag}\": \"{}\"`: a [`{}`].", v.value, v.ty)));
    let expecting = format!("a `{}` object", def.name);

    let other_variant = union.open.as_ref().map(|doc| {
        let doc = doc_attrs(&format!(
            "{doc}\n\nKept as it was sent, so that a round trip loses nothing."
        ));
        quote!(#doc Other(::serde_json::Map<String, ::serde_json::Value>),)
    });
    let other_tag = union.open.is_some().then(|| {
        quote!(Self::Other(map) => map.get(#tag).and_then(::serde_json::Value::as_str).unwrap_or_default(),)
    });
    let other_serialize = union
        .open
        .is_some()
        .then(|| quote!(Self::Other(map) => map.serialize(serializer),));
    let unknown_tag = if union.open.is_some() {
        quote!(_ => <crate::runtime::UniqueMap as ::serde::Deserialize>::deserialize(map).map(|object| Self::Other(object.0)),)
    } else {
        quote!(other => Err(::serde::de::Error::unknown_variant(other, &[#( #values ),*])),)
    };
    let catch_all = option_str(union.open.as_deref());
    let description = option_str(def.doc.as_deref());
    let validate = super::validate::tagged_impl(def, union);
    let schema = json_schema_impl(
        def,
        true,
        quote! {
            crate::runtime::tagged_union_schema(
                #description,
                vec![#( generator.subschema_for::<#types>() ),*],
                #tag,
                &[#( #values ),*],
                #catch_all,
            )
        },
    );

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #ident {
            #( #variant_docs #variants(#types), )*
            #other_variant
        }

        impl #ident {
            /// The value of the tag (`#tag`) that chose this variant.
            pub fn tag(&self) -> &str {
                match self {
                    #( Self::#variants(_) => #values, )*
                    #other_tag
                }
            }
        }

        #(
            impl From<#types> for #ident {
                fn from(value: #types) -> Self {
                    Self::#variants(value)
                }
            }
        )*

        #validate

        impl ::serde::Serialize for #ident {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                match self {
                    #( Self::#variants(value) => value.serialize(serializer), )*
                    #other_serialize
                }
            }
        }

        impl<'de> crate::runtime::Tagged<'de> for #ident {
            const TAG: &'static str = #tag;
            const EXPECTING: &'static str = #expecting;

            fn from_tag<__A: ::serde::de::MapAccess<'de>>(
                tag: &str,
                map: ::serde::de::value::MapAccessDeserializer<__A>,
            ) -> Result<Self, __A::Error> {
                match tag {
                    #( #values => ::serde::Deserialize::deserialize(map).map(Self::#variants), )*
                    #unknown_tag
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                deserializer.deserialize_map(crate::runtime::TaggedVisitor::new())
            }
        }

        #schema
    }
}
