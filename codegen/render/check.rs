//! `Check`: the structural check of an untyped JSON value against each generated type, which
//! reports every problem with its pointer (the validator's slow path, where serde would stop at
//! the first).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::structs::field_type;
use super::{ident, rust_type};
use crate::codegen::ir::{Count, FieldShape, StringEnum, Struct, TaggedUnion, TypeDef, TypeRef};
use crate::codegen::understand::push_pointer;

fn check_impl(def: &TypeDef, body: TokenStream) -> TokenStream {
    let ident = ident(&def.ident);
    quote! {
        impl crate::runtime::Check for #ident {
            fn check(value: &::serde_json::Value, at: &str, out: &mut Vec<crate::runtime::Problem>) {
                #body
            }
        }
    }
}

pub fn struct_impl(def: &TypeDef, s: &Struct) -> TokenStream {
    let required = s.fields.iter().filter_map(|f| {
        let required = matches!(
            f.shape,
            FieldShape::Const(_) | FieldShape::Value { required: true, .. }
        );
        required.then_some(f.key.as_str())
    });
    let has_constraints = s.fields.iter().any(
        |f| matches!(&f.shape, FieldShape::Value { constraints, .. } if !constraints.is_empty()),
    );
    let arms = s.fields.iter().map(|field| {
        let key = &field.key;
        let token = push_pointer("", key)[1..].to_owned();
        let here = quote!(&crate::runtime::child(at, #token));
        let body = match &field.shape {
            FieldShape::Const(constant) => quote!(crate::runtime::constant(child, #here, #constant, out);),
            FieldShape::Value { ty, nullable, constraints, .. } => {
                let rust = rust_type(ty);
                let mut checks = vec![quote!(<#rust as crate::runtime::Check>::check(child, #here, out);)];
                for (bound, number) in &constraints.bounds {
                    let keyword = bound.keyword();
                    let (read, limit) = match ty {
                        TypeRef::Integer => (quote!(as_i64), Literal::i64_suffixed(number.as_i64().unwrap_or_default())),
                        _ => (quote!(as_f64), Literal::f64_suffixed(number.as_f64().unwrap_or_default())),
                    };
                    checks.push(quote! {
                        if let Some(value) = child.#read() {
                            crate::runtime::bound(&mut violations, at, #token, value, #limit, #keyword);
                        }
                    });
                }
                for (count, limit) in &constraints.lengths {
                    let keyword = count.keyword();
                    let (read, measure) = match count {
                        Count::MinLength | Count::MaxLength => (quote!(as_str), quote!(value.chars().count())),
                        Count::MinItems | Count::MaxItems => (quote!(as_array), quote!(value.len())),
                    };
                    checks.push(quote! {
                        if let Some(value) = child.#read() {
                            crate::runtime::length(&mut violations, at, #token, #measure, #limit, #keyword, || child.clone());
                        }
                    });
                }
                for check in &constraints.checks {
                    let function = ident(check);
                    let typed = field_type(rust.clone(), true, false);
                    checks.push(quote! {
                        if let Ok(value) = <#typed as ::serde::Deserialize>::deserialize(child) {
                            crate::runtime::custom(&mut violations, at, #token, #check, crate::checks::#function(&value), || child.clone());
                        }
                    });
                }
                let checks: TokenStream = checks.into_iter().collect();
                if *nullable { quote!(if !child.is_null() { #checks }) } else { checks }
            }
        };
        quote!(#key => { #body })
    });
    let closed = !s.keeps_unknown_keys;
    let (declare, report) = if has_constraints {
        (
            quote!(let mut violations = Vec::new();),
            quote!(crate::runtime::constraints(violations, out);),
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let object = if s.fields.is_empty() {
        quote!(_object)
    } else {
        quote!(object)
    };
    let body = if s.fields.is_empty() {
        quote! {
            let Some(object) = crate::runtime::object(value, at, out) else { return };
            for key in object.keys() {
                crate::runtime::undeclared(at, key, #closed, out);
            }
        }
    } else {
        quote! {
            let Some(#object) = crate::runtime::object(value, at, out) else { return };
            crate::runtime::required_keys(object, at, &[#( #required ),*], out);
            #declare
            for (key, child) in object {
                match key.as_str() {
                    #( #arms )*
                    other => crate::runtime::undeclared(at, other, #closed, out),
                }
            }
            #report
        }
    };
    check_impl(def, body)
}

pub fn enum_impl(def: &TypeDef, union: &StringEnum) -> TokenStream {
    let name = &def.name;
    let open = union.open;
    check_impl(
        def,
        quote!(crate::runtime::listed(value, at, #name, <Self as ::strum::VariantNames>::VARIANTS, #open, out);),
    )
}

pub fn tagged_impl(def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let name = &def.name;
    let tag = &union.tag;
    let token = push_pointer("", tag)[1..].to_owned();
    let values = union.variants.iter().map(|v| v.value.as_str());
    let types = union.variants.iter().map(|v| ident(&v.ty));
    let listed: Vec<&str> = union.variants.iter().map(|v| v.value.as_str()).collect();
    let open = union.open.is_some();
    check_impl(
        def,
        quote! {
            let Some(object) = crate::runtime::object(value, at, out) else { return };
            let Some(tag) = object.get(#tag) else {
                crate::runtime::required_keys(object, at, &[#tag], out);
                return;
            };
            let tag_at = crate::runtime::child(at, #token);
            let Some(tag) = crate::runtime::string(tag, &tag_at, out) else { return };
            match tag {
                #( #values => <#types as crate::runtime::Check>::check(value, at, out), )*
                _ => crate::runtime::listed(&::serde_json::Value::from(tag), &tag_at, #name, &[#( #listed ),*], #open, out),
            }
        },
    )
}
