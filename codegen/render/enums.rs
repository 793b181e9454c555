//! String unions: a Rust enum of unit variants, plus `Other(String)` when the union is open.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, json_schema_impl, json_tokens, option_str};
use crate::codegen::ir::{MethodKind, StringEnum, TypeDef};

pub fn render(def: &TypeDef, union: &StringEnum) -> TokenStream {
    let ident = ident(&def.ident);
    let doc = doc_attrs(
        def.doc
            .as_deref()
            .unwrap_or("A string value of the schema."),
    );
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|v| super::ident(&v.ident))
        .collect();
    let values: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = union.variants.iter().map(|v| {
        let text = match &v.doc {
            Some(doc) => format!("`{}`: {doc}", v.value),
            None => format!("`{}`", v.value),
        };
        doc_attrs(&text)
    });
    let strum_attrs = union.variants.iter().map(|v| {
        let value = &v.value;
        match &v.doc {
            Some(message) => quote!(#[strum(serialize = #value, message = #message)]),
            None => quote!(#[strum(serialize = #value)]),
        }
    });
    let count = union.variants.len();
    let methods = methods(union);
    let schema = json_schema_impl(def, false, schema_body(def, union));

    if !union.open {
        return quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[derive(::serde::Serialize, ::serde::Deserialize)]
            #[derive(::strum::Display, ::strum::EnumString, ::strum::EnumMessage, ::strum::EnumIter)]
            #[derive(::strum::VariantArray, ::strum::VariantNames, ::strum::EnumCount, ::strum::IntoStaticStr)]
            pub enum #ident {
                #( #variant_docs #strum_attrs #[serde(rename = #values)] #variants, )*
            }

            impl #ident {
                /// The value as it appears on the wire.
                pub const fn as_str(&self) -> &'static str {
                    match self { #( Self::#variants => #values, )* }
                }

                /// The schema's description of this value.
                pub fn description(&self) -> Option<&'static str> {
                    ::strum::EnumMessage::get_message(self)
                }

                #methods
            }

            #schema
        };
    }

    let expecting = format!("a string ({})", def.name);
    quote! {
        #doc
        ///
        /// An open union: [`Self::Other`] keeps any value the schema does not list, so that
        /// every string parses and round-trips unchanged. The `strum` iteration traits
        /// (`VariantArray`, `IntoEnumIterator`, `VariantNames`, `EnumCount`) cover the listed
        /// values only.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(::strum::Display, ::strum::EnumString, ::strum::EnumMessage)]
        pub enum #ident {
            #( #variant_docs #strum_attrs #variants, )*
            /// Any value the schema does not list, exactly as it was sent.
            ///
            /// Deserialization and [`From`] never put a listed value here; construct the named
            /// variant instead, as the two do not compare equal.
            #[strum(default)]
            Other(String),
        }

        impl #ident {
            /// The listed value equal to `value`, if any. Does not allocate.
            pub fn known(value: &str) -> Option<Self> {
                match value {
                    #( #values => Some(Self::#variants), )*
                    _ => None,
                }
            }

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Other(value) => value,
                }
            }

            /// Whether this is one of the values the schema lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }

            /// The schema's description of this value (`None` for [`Self::Other`]).
            pub fn description(&self) -> Option<&'static str> {
                ::strum::EnumMessage::get_message(self)
            }

            #methods
        }

        // `From<&str>` comes with strum's `EnumString` (total thanks to `default`); this one
        // reuses the allocation for values the schema does not list.
        impl From<String> for #ident {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl AsRef<str> for #ident {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::strum::VariantArray for #ident {
            const VARIANTS: &'static [Self] = &[#( Self::#variants ),*];
        }

        impl ::strum::VariantNames for #ident {
            const VARIANTS: &'static [&'static str] = &[#( #values ),*];
        }

        impl ::strum::EnumCount for #ident {
            const COUNT: usize = #count;
        }

        impl ::strum::IntoEnumIterator for #ident {
            type Iterator = ::core::iter::Cloned<::core::slice::Iter<'static, Self>>;
            fn iter() -> Self::Iterator {
                <Self as ::strum::VariantArray>::VARIANTS.iter().cloned()
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(crate::runtime::OpenStrVisitor::new(#expecting))
            }
        }

        #schema
    }
}

/// A call to the runtime's schema builder with one JSON member per value: its `const`,
/// `description` and method annotations (`x-<name>`).
fn schema_body(def: &TypeDef, union: &StringEnum) -> TokenStream {
    let description = option_str(def.doc.as_deref());
    let members = union.variants.iter().map(|v| {
        let mut member = serde_json::Map::new();
        member.insert("const".to_owned(), v.value.as_str().into());
        if let Some(doc) = &v.doc {
            member.insert("description".to_owned(), doc.as_str().into());
        }
        for (name, value) in &v.annotations {
            member.insert(format!("x-{name}"), value.clone());
        }
        json_tokens(&serde_json::Value::Object(member))
    });
    let open = union.open;
    quote! {
        crate::runtime::string_union_schema(#description, vec![#( #members ),*], #open)
    }
}

/// One method per `x-methods` entry, valued per variant from its annotations.
fn methods(union: &StringEnum) -> TokenStream {
    let all_listed = !union.open;
    union
        .methods
        .iter()
        .map(|method| {
            let doc = doc_attrs(&method.doc);
            let name = super::ident(&method.ident);
            let valued: Vec<(proc_macro2::Ident, &serde_json::Value)> = union
                .variants
                .iter()
                .filter_map(|v| {
                    let (_, value) = v.annotations.iter().find(|(n, _)| *n == method.name)?;
                    Some((super::ident(&v.ident), value))
                })
                .collect();
            if method.kind == MethodKind::Bool {
                let yes: Vec<_> = valued
                    .iter()
                    .filter(|(_, v)| v.as_bool() == Some(true))
                    .map(|(i, _)| i)
                    .collect();
                let body = if yes.is_empty() {
                    quote!(false)
                } else {
                    quote!(matches!(self, #( Self::#yes )|*))
                };
                return quote!(#doc pub fn #name(&self) -> bool { #body });
            }
            let (ty, arms): (TokenStream, Vec<TokenStream>) = match method.kind {
                MethodKind::SelfRef => (
                    quote!(Self),
                    valued
                        .iter()
                        .map(|(variant, value)| {
                            let target = union
                                .variants
                                .iter()
                                .find(|v| Some(v.value.as_str()) == value.as_str())
                                .map(|v| super::ident(&v.ident));
                            quote!(Self::#variant => Some(Self::#target),)
                        })
                        .collect(),
                ),
                MethodKind::Str => (
                    quote!(&'static str),
                    valued
                        .iter()
                        .map(|(variant, value)| {
                            let text = value.as_str().unwrap_or_default();
                            quote!(Self::#variant => Some(#text),)
                        })
                        .collect(),
                ),
                MethodKind::U16 => (
                    quote!(u16),
                    valued
                        .iter()
                        .map(|(variant, value)| {
                            let number = proc_macro2::Literal::u16_unsuffixed(
                                value
                                    .as_u64()
                                    .and_then(|n| u16::try_from(n).ok())
                                    .unwrap_or_default(),
                            );
                            quote!(Self::#variant => Some(#number),)
                        })
                        .collect(),
                ),
                _ => (
                    quote!(i64),
                    valued
                        .iter()
                        .map(|(variant, value)| {
                            let number = proc_macro2::Literal::i64_unsuffixed(
                                value.as_i64().unwrap_or_default(),
                            );
                            quote!(Self::#variant => Some(#number),)
                        })
                        .collect(),
                ),
            };
            // A `_` arm only where some value has no annotation, so that it is never unreachable.
            let rest =
                (!(all_listed && valued.len() == union.variants.len())).then(|| quote!(_ => None,));
            quote! {
                #doc
                pub fn #name(&self) -> Option<#ty> {
                    match self { #( #arms )* #rest }
                }
            }
        })
        .collect()
}
