//! `validate()`: the checks that deserialization leaves alone (ranges, lengths, custom rules),
//! for structs and, through their members, tagged unions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use super::structs::ident_of;
use crate::codegen::ir::{
    Constraints, Count, FieldShape, Module, Struct, TaggedUnion, TypeDef, TypeKind, TypeRef,
};
use crate::codegen::understand::push_pointer;

/// The inherent `validate()` and the `Validate` impl that nested values share.
fn validate_impls(def: &TypeDef, body: TokenStream) -> TokenStream {
    let ident = ident(&def.ident);
    let (at, out) = if body.is_empty() {
        (quote!(_at), quote!(_out))
    } else {
        (quote!(at), quote!(out))
    };
    quote! {
        impl #ident {
            /// Checks what deserialization does not: ranges, lengths and custom rules, in this
            /// value and the values it holds. Returns every violation.
            pub fn validate(&self) -> Result<(), Vec<crate::Violation>> {
                crate::runtime::validate(self)
            }
        }

        impl crate::runtime::Validate for #ident {
            fn validate_at(&self, #at: &str, #out: &mut Vec<crate::Violation>) {
                #body
            }
        }
    }
}

pub fn struct_impl(def: &TypeDef, s: &Struct, module: &Module) -> TokenStream {
    let checks = s.fields.iter().filter_map(|field| {
        let FieldShape::Value {
            ty,
            required,
            nullable,
            constraints,
            ..
        } = &field.shape
        else {
            return None;
        };
        // The key as a pointer token, escaped once here rather than at every call.
        let token = push_pointer("", &field.key)[1..].to_owned();
        let checks = value_checks(ty, constraints, &token, module)?;
        let name = ident_of(field);
        Some(match (required, nullable) {
            (true, false) => quote!({ let value = &self.#name; #checks }),
            (false, true) => quote!(if let Some(Some(value)) = &self.#name { #checks }),
            _ => quote!(if let Some(value) = &self.#name { #checks }),
        })
    });
    let checks: TokenStream = checks.collect();
    validate_impls(def, checks)
}

pub fn tagged_impl(def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        quote!(Self::#variant(value) => crate::runtime::Validate::validate_at(value, at, out),)
    });
    let other = union.open.is_some().then(|| quote!(Self::Other(_) => {}));
    validate_impls(def, quote!(match self { #( #arms )* #other }))
}

/// Whether values of `ty` have a `Validate` impl.
fn is_validated(ty: &TypeRef, module: &Module) -> bool {
    match ty {
        TypeRef::Named(name) => module
            .get(name)
            .is_some_and(|t| matches!(t.kind, TypeKind::Struct(_) | TypeKind::TaggedUnion(_))),
        _ => false,
    }
}

/// The checks of one present, non-null `value: &T`, or `None` when there is nothing to check.
fn value_checks(
    ty: &TypeRef,
    constraints: &Constraints,
    token: &str,
    module: &Module,
) -> Option<TokenStream> {
    let mut checks = Vec::new();
    for (bound, number) in &constraints.bounds {
        let keyword = bound.keyword();
        let limit = match ty {
            TypeRef::Integer => Literal::i64_suffixed(number.as_i64().unwrap_or_default()),
            _ => Literal::f64_suffixed(number.as_f64().unwrap_or_default()),
        };
        checks.push(quote!(crate::runtime::bound(out, at, #token, *value, #limit, #keyword);));
    }
    for (length, limit) in &constraints.lengths {
        let keyword = length.keyword();
        let count = match length {
            Count::MinLength | Count::MaxLength => quote!(value.chars().count()),
            Count::MinItems | Count::MaxItems => quote!(value.len()),
        };
        checks.push(quote! {
            crate::runtime::length(out, at, #token, #count, #limit, #keyword, || ::serde_json::json!(value));
        });
    }
    for check in &constraints.checks {
        let function = ident(check);
        checks.push(quote! {
            crate::runtime::custom(out, at, #token, #check, crate::checks::#function(value), || ::serde_json::json!(value));
        });
    }
    if is_validated(ty, module) {
        checks.push(quote!(crate::runtime::Validate::validate_at(value, &crate::runtime::child(at, #token), out);));
    }
    if let TypeRef::Array(item) = ty
        && is_validated(item, module)
    {
        checks.push(quote! {
            for (index, item) in value.iter().enumerate() {
                let at = crate::runtime::child(at, #token);
                crate::runtime::Validate::validate_at(item, &crate::runtime::child(&at, &index.to_string()), out);
            }
        });
    }
    (!checks.is_empty()).then(|| checks.into_iter().collect())
}
