//! The impls of a [`StringUnion`]. The listed values come first in every table, in the order
//! declared; an open union's `Other` is in none of them (the strum traits cover the listed
//! values only), but `Display`, `as_str` and serde write its value as it was sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::StringUnion;

pub(super) fn render(union: &StringUnion) -> TokenStream {
    let name = &union.ident;
    let idents: Vec<_> = union.listed.iter().map(|v| &v.ident).collect();
    let values: Vec<_> = union.listed.iter().map(|v| &v.value).collect();
    let count = union.listed.len();
    let conversions = match &union.other {
        Some(other) => open(union, &other.ident),
        None => closed(union),
    };
    let messages = union.listed.iter().map(|v| {
        let ident = &v.ident;
        match &v.description {
            Some(text) => quote!(Self::#ident => Some(#text),),
            None => quote!(Self::#ident => None,),
        }
    });
    let other_message = union.other.as_ref().map(|other| {
        let ident = &other.ident;
        quote!(Self::#ident(_) => None,)
    });
    let docs = union
        .listed
        .iter()
        .map(|v| (&v.ident, &v.docs, false))
        .chain(union.other.as_ref().map(|o| (&o.ident, &o.docs, true)))
        .map(|(ident, docs, holds)| {
            let pattern = if holds {
                quote!(Self::#ident(_))
            } else {
                quote!(Self::#ident)
            };
            // As strum joins them: one line as it is, more each ended by a newline.
            let text = match docs.as_slice() {
                [] => return quote!(#pattern => None,),
                [line] => line.clone(),
                lines => lines.iter().map(|line| format!("{line}\n")).collect(),
            };
            quote!(#pattern => Some(#text),)
        });
    let serializations = union.other.as_ref().map(|other| {
        let ident = &other.ident;
        // strum's: a variant without `serialize` is named by its identifier.
        let text = ident.to_string();
        quote!(Self::#ident(_) => &[#text],)
    });
    let (visitor, iterator, iter) = if union.other.is_some() {
        (
            quote!(OpenStrVisitor),
            quote!(::core::iter::Cloned<::core::slice::Iter<'static, Self>>),
            quote!(cloned),
        )
    } else {
        (
            quote!(ClosedStrVisitor),
            quote!(::core::iter::Copied<::core::slice::Iter<'static, Self>>),
            quote!(copied),
        )
    };
    let expecting = format!("a string ({})", union.name.value());
    let schema_name = &union.name;
    let rules = &union.rules;
    // What the method returns says how it is written (`__rt::AnnotationValue`).
    let annotations = union.annotations.iter().map(|a| {
        let (key, method) = (&a.key, &a.method);
        quote!((#key, |v: &Self| __rt::AnnotationValue::annotation(v.#method())))
    });
    let described = crate::impls::described(name, rules, "Union", false);
    let schema = crate::impls::json_schema(
        name,
        schema_name,
        false,
        quote!(__rt::string_union_schema::<Self>(&#rules, &[#( #annotations ),*])),
    );
    quote! {
        #conversions

        impl #name {
            /// The schema's description of this value.
            pub fn description(&self) -> Option<&'static str> {
                ::strum::EnumMessage::get_message(self)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.as_str(), f)
            }
        }

        #described
        #[automatically_derived]
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        #[automatically_derived]
        impl ::strum::EnumMessage for #name {
            fn get_message(&self) -> Option<&'static str> {
                match self { #( #messages )* #other_message }
            }
            fn get_detailed_message(&self) -> Option<&'static str> {
                self.get_message()
            }
            fn get_documentation(&self) -> Option<&'static str> {
                match self { #( #docs )* }
            }
            fn get_serializations(&self) -> &'static [&'static str] {
                match self { #( Self::#idents => &[#values], )* #serializations }
            }
        }

        #[automatically_derived]
        impl ::strum::VariantArray for #name {
            const VARIANTS: &'static [Self] = &[#( Self::#idents ),*];
        }

        #[automatically_derived]
        impl ::strum::VariantNames for #name {
            const VARIANTS: &'static [&'static str] = &[#( #values ),*];
        }

        #[automatically_derived]
        impl ::strum::EnumCount for #name {
            const COUNT: usize = #count;
        }

        #[automatically_derived]
        impl ::strum::IntoEnumIterator for #name {
            type Iterator = #iterator;
            fn iter() -> Self::Iterator {
                <Self as ::strum::VariantArray>::VARIANTS.iter().#iter()
            }
        }

        #[automatically_derived]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(__rt::#visitor::new(#expecting))
            }
        }

        #schema
    }
}

/// An open union's: `Other` keeps any value, so every conversion from a string is total.
fn open(union: &StringUnion, other: &syn::Ident) -> TokenStream {
    let name = &union.ident;
    let idents: Vec<_> = union.listed.iter().map(|v| &v.ident).collect();
    let values: Vec<_> = union.listed.iter().map(|v| &v.value).collect();
    quote! {
        impl #name {
            /// The listed value equal to `value`, if any. Does not allocate.
            pub fn known(value: &str) -> Option<Self> {
                // A `match` on the strings, which the compiler makes faster than a search.
                match value {
                    #( #values => Some(Self::#idents), )*
                    _ => None,
                }
            }

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #values, )*
                    Self::#other(value) => value,
                }
            }

            /// Whether this is one of the values the schema lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }

        // Reuses the allocation for a value the schema does not list.
        #[automatically_derived]
        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::#other(value))
            }
        }

        #[automatically_derived]
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::#other(value.into()))
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
    }
}

/// A closed union's: a string it does not list is `strum::ParseError::VariantNotFound`.
fn closed(union: &StringUnion) -> TokenStream {
    let name = &union.ident;
    let idents: Vec<_> = union.listed.iter().map(|v| &v.ident).collect();
    let values: Vec<_> = union.listed.iter().map(|v| &v.value).collect();
    let body = quote!(match self { #( Self::#idents => #values, )* });
    quote! {
        impl #name {
            /// The value as it appears on the wire.
            pub const fn as_str(&self) -> &'static str {
                #body
            }
        }

        #[automatically_derived]
        impl TryFrom<&str> for #name {
            type Error = ::strum::ParseError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                match value {
                    #( #values => Ok(Self::#idents), )*
                    _ => Err(::strum::ParseError::VariantNotFound),
                }
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #name {
            type Err = ::strum::ParseError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::try_from(value)
            }
        }

        #[automatically_derived]
        impl From<#name> for &'static str {
            fn from(value: #name) -> Self {
                value.as_str()
            }
        }

        #[automatically_derived]
        impl<'a> From<&'a #name> for &'static str {
            fn from(value: &'a #name) -> Self {
                value.as_str()
            }
        }
    }
}
