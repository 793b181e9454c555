//! The declaration of a union of strings: the enum with its values, descriptions and
//! annotations as the attributes of the `StringUnion` derive (which writes `as_str`, `known`
//! and the traits), and the members' methods (`x-methods`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::examples;
use crate::ir::{CalendarDate, MethodKind, MethodValue, StringEnum, TypeDef};
use crate::render::{Cx, doc_attrs, ident, rules_ident, str_lit};

pub(super) fn string_enum(cx: &Cx<'_>, def: &TypeDef, union: &StringEnum) -> TokenStream {
    let name = ident(&def.ident);
    let doc = doc_attrs(
        def.doc
            .as_deref()
            .unwrap_or("A string value of the schema."),
    );
    let examples = examples(cx, def);
    let declared = union.variants.iter().map(|v| {
        let text = match &v.doc {
            Some(doc) => format!("`{}`: {doc}", v.value),
            None => format!("`{}`", v.value),
        };
        let doc = doc_attrs(&text);
        let value = str_lit(&v.value);
        let attr = match v.doc.as_deref() {
            Some(m) => {
                let m = str_lit(m);
                quote!(#[value(#value, #m)])
            }
            None => quote!(#[value(#value)]),
        };
        let variant = ident(&v.ident);
        quote!(#doc #attr #variant,)
    });
    let schema_name = str_lit(&def.name);
    let rules = rules_ident(def);
    let annotations = annotations(union);
    let methods = methods(union);
    let methods = (!methods.is_empty()).then(|| quote!(impl #name { #methods }));
    // `as_str`, `known`, the conversions, strum's, serde's and schemars' traits: the derive's.
    let derive = quote! {
        #[union(name = #schema_name, rules = #rules)]
        #( #annotations )*
    };
    if !union.open {
        return quote! {
            #doc
            #examples
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, __rt::StringUnion)]
            #derive
            pub enum #name { #( #declared )* }
            #methods
        };
    }
    quote! {
        #doc
        ///
        /// An open union: [`Self::Other`] keeps any value the schema does not list, so that
        /// every string parses and round-trips unchanged. The `strum` iteration traits
        /// (`VariantArray`, `IntoEnumIterator`, `VariantNames`, `EnumCount`) cover the listed
        /// values only.
        #examples
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, __rt::StringUnion)]
        #derive
        pub enum #name {
            #( #declared )*
            /// Any value the schema does not list, exactly as it was sent.
            ///
            /// Deserialization and [`From`] never put a listed value here; construct the named
            /// variant instead, as the two do not compare equal.
            Other(String),
        }
        #methods
    }
}

/// `#[annotate("x-<name>", method)]` for each method: the JSON Schema export annotates each
/// member with what the generated method says of it.
fn annotations(union: &StringEnum) -> impl Iterator<Item = TokenStream> + '_ {
    union.methods.iter().map(|method| {
        let key = str_lit(&format!("x-{}", method.name));
        let name = ident(&method.ident);
        quote!(#[annotate(#key, #name)])
    })
}

/// One method per `x-methods` entry, valued per variant.
fn methods(union: &StringEnum) -> TokenStream {
    let mut out = TokenStream::new();
    for (index, method) in union.methods.iter().enumerate() {
        let doc = doc_attrs(&method.doc);
        let name = ident(&method.ident);
        let valued: Vec<(proc_macro2::Ident, &MethodValue)> = union
            .variants
            .iter()
            .filter_map(|v| Some((ident(&v.ident), v.values.get(index)?.as_ref()?)))
            .collect();
        if method.kind == MethodKind::Bool {
            let yes = valued
                .iter()
                .filter(|(_, v)| **v == MethodValue::Bool(true))
                .map(|(variant, _)| variant);
            let yes: Vec<_> = yes.collect();
            let body = if yes.is_empty() {
                quote!(false)
            } else {
                quote!(matches!(self, #( Self::#yes )|*))
            };
            out.extend(quote!(#doc pub fn #name(&self) -> bool { #body }));
            continue;
        }
        let variant_path = |index: usize| {
            let target = ident(&union.variants[index].ident);
            quote!(Self::#target)
        };
        if method.kind == MethodKind::DatedSelfRef {
            let arms = valued.iter().filter_map(|(variant, value)| {
                let MethodValue::Dated(spans) = value else {
                    return None;
                };
                let spans = spans.iter().map(|span| {
                    let value = variant_path(span.variant);
                    if span.from.is_none() && span.through.is_none() {
                        return quote!(__rt::Dated::always(#value));
                    }
                    let from = option_date(span.from);
                    let through = option_date(span.through);
                    quote!(__rt::Dated { value: #value, from: #from, through: #through })
                });
                Some(quote!(Self::#variant => const { &[ #( #spans ),* ] },))
            });
            let rest =
                (union.open || valued.len() < union.variants.len()).then(|| quote!(_ => &[],));
            out.extend(quote! {
                #doc
                pub fn #name(&self) -> &'static [__rt::Dated<Self>] {
                    match self { #( #arms )* #rest }
                }
            });
            continue;
        }
        let ty = match method.kind {
            MethodKind::SelfRef | MethodKind::DatedSelfRef => quote!(Self),
            MethodKind::Str => quote!(&'static str),
            MethodKind::U16 => quote!(u16),
            MethodKind::Date => quote!(__rt::Date),
            MethodKind::I64 | MethodKind::Bool => quote!(i64),
        };
        let arms = valued.iter().map(|(variant, value)| {
            let value = match value {
                MethodValue::Variant(target) => {
                    let target = variant_path(*target);
                    quote!(Some(#target))
                }
                MethodValue::Str(text) => {
                    let text = str_lit(text);
                    quote!(Some(#text))
                }
                MethodValue::Integer(n) => match (method.kind, u16::try_from(*n)) {
                    (MethodKind::U16, Ok(n)) => {
                        let n = Literal::u16_suffixed(n);
                        quote!(Some(#n))
                    }
                    _ => {
                        let n = Literal::i64_suffixed(*n);
                        quote!(Some(#n))
                    }
                },
                MethodValue::Bool(b) => quote!(Some(#b)),
                MethodValue::Date(date) => option_date(Some(*date)),
                // Rendered above; a dated value is never read as a single one.
                MethodValue::Dated(_) => quote!(None),
            };
            quote!(Self::#variant => #value,)
        });
        // A `_` arm only where some value has none, so that it is never unreachable.
        let rest = (union.open || valued.len() < union.variants.len()).then(|| quote!(_ => None,));
        out.extend(quote! {
            #doc
            pub fn #name(&self) -> Option<#ty> {
                match self { #( #arms )* #rest }
            }
        });
    }
    out
}

/// `Some(Date)` for a date the schema reader checked (`Date::from_ymd` says `Some`), or `None`.
fn option_date(date: Option<CalendarDate>) -> TokenStream {
    match date {
        Some(CalendarDate { year, month, day }) => {
            let (year, month, day) = (
                Literal::u16_suffixed(year),
                Literal::u8_suffixed(month),
                Literal::u8_suffixed(day),
            );
            quote!(__rt::Date::from_ymd(#year, #month, #day))
        }
        None => quote!(None),
    }
}
