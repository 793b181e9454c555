//! The rules table of each type: what a valid value is, as data. The runtime's one walker reads
//! it to check an untyped value, `validate()` to check a typed one, the object visitor to match
//! keys, the `JsonSchema` impls for keywords, and the validator for its diagnostic codes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Cx, ident, option_str, rules_ident, str_lit};
use crate::ir::{
    Bound, Constraints, Count, Field, FieldShape, Limit, Presence, TypeDef, TypeKind, TypeRef,
    UnknownKeys,
};

pub(super) fn render(cx: &Cx<'_>, def: &TypeDef) -> TokenStream {
    let name = ident(&def.ident);
    let rules = rules_ident(def);
    let schema_name = &def.name;
    let description = option_str(def.doc.as_deref());
    let (kind, table) = match &def.kind {
        TypeKind::Alias(_) => return TokenStream::new(),
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|field| field_rule(cx, field));
            let keep = s.unknown_keys == UnknownKeys::Keep;
            let table = quote! {
                __rt::ObjectRules {
                    name: #schema_name,
                    description: #description,
                    keeps_unknown_keys: #keep,
                    fields: &[#( #fields ),*],
                }
            };
            (quote!(Object), table)
        }
        TypeKind::StringEnum(union) => {
            let open = union.open;
            let code = option_str(union.unlisted_code.as_deref());
            let checks = &cx.checks;
            let note = match &union.note {
                Some(function) => {
                    let function = ident(function);
                    quote!(Some(#checks::#function))
                }
                None => quote!(None),
            };
            let table = quote! {
                __rt::UnionRules {
                    name: #schema_name,
                    description: #description,
                    values: <#name as ::strum::VariantNames>::VARIANTS,
                    open: #open,
                    unlisted_code: #code,
                    note: #note,
                }
            };
            (quote!(Union), table)
        }
        TypeKind::TaggedUnion(union) => {
            let tag = &union.tag;
            let members = union.variants.iter().map(|v| {
                let value = str_lit(&v.value);
                let member = rules_ident(cx.module.get(v.ty));
                quote!((#value, &#member))
            });
            let other = option_str(union.other.as_ref().map(|o| o.doc.as_str()));
            let code = option_str(union.unlisted_code.as_deref());
            let table = quote! {
                __rt::TaggedRules {
                    name: #schema_name,
                    description: #description,
                    tag: #tag,
                    variants: &[#( #members ),*],
                    other: #other,
                    unlisted_code: #code,
                }
            };
            (quote!(Tagged), table)
        }
    };
    let rules_type = quote::format_ident!("{}Rules", kind.to_string());
    // `Described` and `validate()`, which read the table, are the derives'.
    quote! {
        static #rules: __rt::#rules_type = #table;
    }
}

fn field_rule(cx: &Cx<'_>, field: &Field) -> TokenStream {
    let key = str_lit(&field.key);
    let mut rule = match &field.shape {
        FieldShape::Const(value) => {
            let value = str_lit(value);
            quote!(FieldRule::constant(#key, #value))
        }
        FieldShape::Value(value) => {
            let constructor = match value.presence {
                Presence::Required => quote!(required),
                Presence::RequiredNullable => quote!(nullable),
                Presence::Optional => quote!(optional),
                Presence::OptionalNullable => quote!(optional_nullable),
            };
            let ty = ty(cx, &value.ty);
            let mut rule = quote!(FieldRule::#constructor(#key, #ty));
            if !value.constraints.is_empty() {
                let limits = limits(cx, &value.ty, &value.constraints);
                rule = quote!(#rule.limits(&[#( #limits ),*]));
            }
            if let Some(default) = &value.default {
                let default = str_lit(&default.0);
                rule = quote!(#rule.default(#default));
            }
            if value.undocumented {
                rule = quote!(#rule.undocumented());
            }
            rule
        }
    };
    if let Some(doc) = &field.doc {
        let doc = str_lit(doc);
        rule = quote!(#rule.doc(#doc));
    }
    rule
}

/// The runtime's `Ty` of a value of `ty`; aliases are followed to what they name.
fn ty(cx: &Cx<'_>, ty: &TypeRef) -> TokenStream {
    let mut ty = ty;
    let mut seen = 0;
    loop {
        match ty {
            TypeRef::String => return quote!(Ty::String),
            TypeRef::Integer(_) => return quote!(Ty::Integer),
            TypeRef::Number => return quote!(Ty::Number),
            TypeRef::Boolean => return quote!(Ty::Boolean),
            TypeRef::Array(item) => {
                let item = self::ty(cx, item);
                return quote!(Ty::Array(&#item));
            }
            TypeRef::Named(id) => {
                let def = cx.module.get(*id);
                let rules = rules_ident(def);
                match &def.kind {
                    TypeKind::Struct(_) => return quote!(Ty::Object(&#rules)),
                    TypeKind::StringEnum(_) => return quote!(Ty::Union(&#rules)),
                    TypeKind::TaggedUnion(_) => return quote!(Ty::Tagged(&#rules)),
                    // Understanding refused alias cycles; the guard keeps a bug from hanging.
                    TypeKind::Alias(target) if seen <= cx.module.types.len() => {
                        seen += 1;
                        ty = target;
                    }
                    TypeKind::Alias(_) => return quote!(compile_error!("an alias cycle")),
                }
            }
        }
    }
}

/// The limits and custom checks of a value, as the runtime's `Limit`s.
fn limits(cx: &Cx<'_>, ty: &TypeRef, constraints: &Constraints) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for (bound, limit) in &constraints.bounds {
        let bound = match bound {
            Bound::Minimum => quote!(Minimum),
            Bound::ExclusiveMinimum => quote!(ExclusiveMinimum),
            Bound::Maximum => quote!(Maximum),
            Bound::ExclusiveMaximum => quote!(ExclusiveMaximum),
        };
        let limit = match limit {
            Limit::Integer(n) => {
                let n = Literal::i64_suffixed(*n);
                quote!(__rt::Number::Integer(#n))
            }
            Limit::Number(f) => {
                let f = Literal::f64_suffixed(*f);
                quote!(__rt::Number::Float(#f))
            }
        };
        out.push(quote!(__rt::Limit::#bound(#limit)));
    }
    for (count, limit) in &constraints.counts {
        let count = match count {
            Count::MinLength => quote!(MinLength),
            Count::MaxLength => quote!(MaxLength),
            Count::MinItems => quote!(MinItems),
            Count::MaxItems => quote!(MaxItems),
        };
        let limit = Literal::u64_suffixed(*limit);
        out.push(quote!(__rt::Limit::#count(#limit)));
    }
    let checks = &cx.checks;
    for check in &constraints.checks {
        let function = ident(check);
        let kind = match ty {
            TypeRef::Integer(_) => quote!(Integer),
            TypeRef::Number => quote!(Number),
            TypeRef::Boolean => quote!(Boolean),
            _ => quote!(Str),
        };
        out.push(quote! {
            __rt::Limit::Check(#check, __rt::Check::#kind(|value| __rt::failure(#checks::#function(value))))
        });
    }
    out
}
