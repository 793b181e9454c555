//! Serialization: what the `Object` derive needs to know of each field beyond its type (its
//! key, presence, whether it is undocumented or holds integers or floats), and the impls of
//! tagged unions. Unions of strings are the `StringUnion` derive's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Cx, Derived, ident, rules_ident, str_lit};
use crate::ir::{FieldShape, Presence, TaggedUnion, TypeDef, TypeKind, TypeRef};

/// The attributes of the `Object` derive on a struct: its name, rules and constants, and
/// what each field's reading and writing needs beyond its type.
pub(super) fn derived(cx: &Cx<'_>, def: &TypeDef) -> Option<Derived> {
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let schema_name = str_lit(&def.name);
    let rules = rules_ident(def);
    let constants = s.fields.iter().enumerate().filter_map(|(index, field)| {
        let FieldShape::Const(value) = &field.shape else {
            return None;
        };
        let (index, key, value) = (
            Literal::usize_unsuffixed(index),
            str_lit(&field.key),
            str_lit(value),
        );
        Some(quote!(#[constant(#index, #key, #value)]))
    });
    let container = quote! {
        #[object(name = #schema_name, rules = #rules)]
        #( #constants )*
    };
    let fields = s
        .fields
        .iter()
        .filter_map(|field| {
            let FieldShape::Value(value) = &field.shape else {
                return None;
            };
            let mut items = Vec::new();
            // The Rust name as written (`self` becomes `self_`), not the name it came from.
            if ident(&field.ident).to_string().trim_start_matches("r#") != field.key {
                let key = str_lit(&field.key);
                items.push(quote!(key = #key));
            }
            if value.presence == Presence::RequiredNullable {
                items.push(quote!(required));
            }
            if value.undocumented {
                items.push(quote!(undocumented));
            }
            // JSON Schema counts `1.0` as an integer: so do the Rust types.
            if cx.module.holds_integers(&value.ty) {
                items.push(quote!(integer));
            }
            // A float JSON cannot hold is refused when written, not written as `null`.
            if holds_float(cx, &value.ty) {
                items.push(quote!(float));
            }
            Some(if items.is_empty() {
                TokenStream::new()
            } else {
                quote!(#[field(#( #items ),*)])
            })
        })
        .collect();
    Some(Derived { container, fields })
}

/// Whether values of `ty` are floats or arrays of them, aliases followed: written through
/// `__rt::finite`, which refuses NaN and the infinities.
fn holds_float(cx: &Cx<'_>, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // Understanding refused alias cycles; the bound keeps a bug from hanging.
    for _ in 0..=cx.module.types.len() {
        match ty {
            TypeRef::Number => return true,
            TypeRef::Array(item) => ty = item,
            TypeRef::Named(id) => match &cx.module.get(*id).kind {
                TypeKind::Alias(target) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

pub(super) fn render(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::TaggedUnion(union) => tagged(def, union),
        // The `Object` and `StringUnion` derives'.
        TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::Alias(_) => TokenStream::new(),
    }
}

fn tagged(def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let name = ident(&def.ident);
    let rules = rules_ident(def);
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.ident)).collect();
    let values: Vec<Literal> = union.variants.iter().map(|v| str_lit(&v.value)).collect();
    let (other_serialize, unknown_tag) = if union.other.is_some() {
        (
            quote!(Self::Other(map) => map.serialize(serializer),),
            quote!(_ => __rt::other_object(map).map(Self::Other),),
        )
    } else {
        (
            TokenStream::new(),
            quote!(other => Err(::serde::de::Error::unknown_variant(other, &[#( #values ),*])),),
        )
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variants(value) => value.serialize(serializer), )*
                    #other_serialize
                }
            }
        }

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

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(__rt::TaggedVisitor::<Self>::new())
            }
        }
    }
}
