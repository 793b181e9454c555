//! Declarations: the Rust types with their docs and derives, constructors, and the inherent
//! methods of unions of strings (the `x-methods`; the rest is their derive's).

use proc_macro2::TokenStream;
use quote::quote;

mod strings;
mod tagged;

use strings::string_enum;
use tagged::tagged;

use super::{Cx, doc_attrs, field_type, ident, own_doc_attrs, rust_type};
use crate::ir::{FieldShape, Presence, Struct, TypeDef, TypeId, TypeKind, TypeRef, UnknownKeys};

/// `derived`: the attributes of a struct's `Object` derive (the serde renderer decides).
pub(super) fn render(
    cx: &Cx<'_>,
    def: &TypeDef,
    id: TypeId,
    derived: Option<&super::Derived>,
) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structure(cx, def, id, s, derived),
        TypeKind::StringEnum(union) => string_enum(cx, def, union),
        TypeKind::TaggedUnion(union) => tagged(cx, def, union),
        TypeKind::Alias(ty) => {
            let name = ident(&def.ident);
            let doc = doc_attrs(def.doc.as_deref().unwrap_or("A named type of the schema."));
            let examples = examples(cx, def);
            let ty = rust_type(cx, ty);
            quote! { #doc #examples pub type #name = #ty; }
        }
    }
}

fn structure(
    cx: &Cx<'_>,
    def: &TypeDef,
    id: TypeId,
    s: &Struct,
    derived: Option<&super::Derived>,
) -> TokenStream {
    let mut serde_attrs = derived.map(|d| d.fields.iter());
    let name = ident(&def.ident);
    let eq = cx.module.is_eq(id).then(|| quote!(Eq,));
    let all_optional = s.fields.iter().all(|f| match &f.shape {
        FieldShape::Value(value) => !value.presence.is_required(),
        FieldShape::Const(_) => true,
    });
    let default = all_optional.then(|| quote!(Default,));
    let mut doc = def
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` object.", def.name));
    let mut fields = Vec::new();
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for field in &s.fields {
        let value = match &field.shape {
            FieldShape::Const(constant) => {
                doc.push_str(&format!(
                    "\n\nThe key `{}` is always `\"{constant}\"`: deserialization checks it, serialization writes it.",
                    field.key
                ));
                continue;
            }
            FieldShape::Value(value) => value,
        };
        let mut field_doc = field
            .doc
            .clone()
            .unwrap_or_else(|| format!("The `{}` key.", field.key));
        field_doc.push_str(match value.presence {
            Presence::Required => "",
            Presence::RequiredNullable => "\n\nThe key is required; `None` is `null`.",
            Presence::Optional => "\n\n`None` when the key is absent.",
            Presence::OptionalNullable => {
                "\n\n`None` when the key is absent, `Some(None)` when it is `null`."
            }
        });
        if let Some(default) = &value.default {
            field_doc.push_str(&format!(
                " The API assumes `{}` when it is absent.",
                default.0
            ));
        }
        if value.undocumented {
            field_doc.push_str(&format!(
                "\n\nNo contract of the API declares this key: a value of another type reads as `None` and is kept as sent in `extra[\"{}\"]` (written back unless this field is set).",
                field.key
            ));
        }
        let field_doc = doc_attrs(&field_doc);
        let field_name = ident(&field.ident);
        let ty = field_type(rust_type(cx, &value.ty), value.presence);
        let attrs = serde_attrs.as_mut().and_then(Iterator::next);
        fields.push(quote!(#field_doc #attrs pub #field_name: #ty,));
        if value.presence.is_required() {
            if takes_plain(cx, &value.ty) {
                params.push(quote!(#field_name: #ty));
                inits.push(quote!(#field_name,));
            } else {
                params.push(quote!(#field_name: impl Into<#ty>));
                inits.push(quote!(#field_name: #field_name.into(),));
            }
        } else {
            inits.push(quote!(#field_name: None,));
            // A setter takes the plain value: present (and, if nullable, not `null`).
            let inner = rust_type(cx, &value.ty);
            let setter = quote::format_ident!("with_{}", field.ident.trim_start_matches("r#"));
            let set_doc = doc_attrs(&format!(
                "This value with `{}` set to `value`{}.",
                field.key,
                if value.presence == Presence::OptionalNullable {
                    " (not `null`)"
                } else {
                    ""
                }
            ));
            // An array takes any iterable of values convertible to its items (`["a", "b"]`).
            let (param, converted) = match &value.ty {
                TypeRef::Array(item) if takes_plain(cx, item) => {
                    let item = rust_type(cx, item);
                    (
                        quote!(impl IntoIterator<Item = #item>),
                        quote!(value.into_iter().collect()),
                    )
                }
                TypeRef::Array(item) => {
                    let item = rust_type(cx, item);
                    (
                        quote!(impl IntoIterator<Item = impl Into<#item>>),
                        quote!(value.into_iter().map(Into::into).collect()),
                    )
                }
                ty if takes_plain(cx, ty) => (inner, quote!(value)),
                _ => (quote!(impl Into<#inner>), quote!(value.into())),
            };
            let wrapped = if value.presence == Presence::OptionalNullable {
                quote!(Some(Some(#converted)))
            } else {
                quote!(Some(#converted))
            };
            setters.push(quote! {
                #set_doc
                pub fn #setter(mut self, value: #param) -> Self {
                    self.#field_name = #wrapped;
                    self
                }
            });
        }
    }
    let keeps = s.unknown_keys == UnknownKeys::Keep;
    let extra_attrs = derived.map(|d| &d.extra);
    let extra = keeps.then(|| {
        quote! {
            /// The keys the schema does not declare, with their values as they were sent, so
            /// that a round trip loses nothing (and the value of an undocumented key that was not
            /// of its field's type). Serialized after the declared keys; a declared key inserted
            /// here is written twice, except an undocumented one, which is written from here only
            /// while its field is `None`.
            #extra_attrs
            pub extra: ::serde_json::Map<String, ::serde_json::Value>,
        }
    });
    let extra_init = keeps.then(|| quote!(extra: ::serde_json::Map::new(),));
    // Nothing required: `Default` (derived) is the constructor.
    let constructor = (!params.is_empty()).then(|| {
        let many = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            /// A value with the required fields; the optional ones absent, no undeclared keys.
            #many
            pub fn new(#( #params ),*) -> Self {
                Self { #( #inits )* #extra_init }
            }
        }
    });
    let methods = (constructor.is_some() || !setters.is_empty()).then(|| {
        quote! {
            impl #name {
                #constructor
                #( #setters )*
            }
        }
    });
    let doc = doc_attrs(&doc);
    let examples = examples(cx, def);
    let container = derived.map(|d| &d.container);
    quote! {
        #doc
        #examples
        #[derive(Debug, Clone, PartialEq, #eq #default __rt::Object)]
        #container
        pub struct #name {
            #( #fields )*
            #extra
        }
        #methods
    }
}

/// Whether a constructor or setter takes the value itself rather than `impl Into<_>`:
/// integers (aliases followed), so that a literal such as `256` infers the field's type
/// instead of falling back to `i32`, which converts into no unsigned integer. (Floats keep
/// `impl Into<f64>`: `1` and `0.5f32` convert.)
fn takes_plain(cx: &Cx<'_>, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // Understanding refused alias cycles; the bound keeps a bug from hanging.
    for _ in 0..=cx.module.types.len() {
        match ty {
            TypeRef::Integer(_) => return true,
            TypeRef::Named(id) => match &cx.module.get(*id).kind {
                TypeKind::Alias(target) => ty = target,
                _ => return false,
            },
            TypeRef::String | TypeRef::Number | TypeRef::Boolean | TypeRef::Array(_) => {
                return false;
            }
        }
    }
    false
}

/// The doc examples of a type, from the schema's `examples` (none without
/// [`Settings::examples`](super::Settings::examples)).
pub(super) fn examples(cx: &Cx<'_>, def: &TypeDef) -> TokenStream {
    match cx.examples {
        Some(path) if !def.examples.is_empty() => {
            own_doc_attrs(&super::docs::examples(path, &def.ident, &def.examples))
        }
        _ => TokenStream::new(),
    }
}
