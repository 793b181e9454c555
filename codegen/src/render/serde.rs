//! Serialization: what the `Object` derive needs to know of each field beyond its type (its
//! key, presence, whether it is undocumented or holds integers or floats, which field is the
//! map of undeclared keys). The impls are the derives'.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Cx, Derived, ident, rules_ident, str_lit};
use crate::ir::{FieldShape, Presence, TypeDef, TypeKind, TypeRef};

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
            // The derive's key is the field's name without `r#` unless `key` says otherwise: said
            // where the name is not the key (`self` becomes `self_`).
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
    Some(Derived {
        container,
        fields,
        extra: quote!(#[field(extra)]),
    })
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
