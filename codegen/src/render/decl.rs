//! Declarations: the Rust types with their docs and derives, constructors, and the inherent
//! methods of unions (`as_str`, `known`, the `x-methods`), with the strum traits an open union
//! implements by hand.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Cx, doc_attrs, field_type, ident, own_doc_attrs, rust_type, str_lit, type_ident};
use crate::ir::{
    CalendarDate, FieldShape, MethodKind, MethodValue, Presence, StringEnum, Struct, TaggedUnion,
    TypeDef, TypeId, TypeKind, TypeRef, UnknownKeys,
};

/// `derived`: the serde attributes of a struct that derives `Serialize` (the serde renderer
/// decides).
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
    let default = all_optional.then(|| quote!(Default));
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
        #[derive(Debug, Clone, PartialEq, #eq #default)]
        #container
        pub struct #name {
            #( #fields )*
            #extra
        }
        #methods
    }
}

fn string_enum(cx: &Cx<'_>, def: &TypeDef, union: &StringEnum) -> TokenStream {
    let name = ident(&def.ident);
    let doc = doc_attrs(
        def.doc
            .as_deref()
            .unwrap_or("A string value of the schema."),
    );
    let examples = examples(cx, def);
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.ident)).collect();
    let values: Vec<Literal> = union.variants.iter().map(|v| str_lit(&v.value)).collect();
    let declared = union.variants.iter().zip(&variants).map(|(v, variant)| {
        let text = match &v.doc {
            Some(doc) => format!("`{}`: {doc}", v.value),
            None => format!("`{}`", v.value),
        };
        let doc = doc_attrs(&text);
        let value = str_lit(&v.value);
        // One attribute when it fits on a line, two otherwise.
        let attrs = match v.doc.as_deref() {
            Some(m) if v.value.len() + m.len() < 60 => {
                let m = str_lit(m);
                quote!(#[strum(serialize = #value, message = #m)])
            }
            Some(m) => {
                let m = str_lit(m);
                quote!(#[strum(serialize = #value)] #[strum(message = #m)])
            }
            None => quote!(#[strum(serialize = #value)]),
        };
        quote!(#doc #attrs #variant,)
    });
    let methods = methods(union);
    let description = quote! {
        /// The schema's description of this value.
        pub fn description(&self) -> Option<&'static str> {
            ::strum::EnumMessage::get_message(self)
        }
    };
    if !union.open {
        return quote! {
            #doc
            #examples
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[derive(::strum::Display, ::strum::EnumString, ::strum::EnumMessage, ::strum::EnumIter)]
            #[derive(::strum::VariantArray, ::strum::VariantNames, ::strum::EnumCount, ::strum::IntoStaticStr)]
            pub enum #name { #( #declared )* }

            impl #name {
                /// The value as it appears on the wire.
                pub const fn as_str(&self) -> &'static str {
                    match self { #( Self::#variants => #values, )* }
                }
                #description
                #methods
            }

            impl AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }
        };
    }
    let count = union.variants.len();
    quote! {
        #doc
        ///
        /// An open union: [`Self::Other`] keeps any value the schema does not list, so that
        /// every string parses and round-trips unchanged. The `strum` iteration traits
        /// (`VariantArray`, `IntoEnumIterator`, `VariantNames`, `EnumCount`) cover the listed
        /// values only.
        #examples
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(::strum::Display, ::strum::EnumString, ::strum::EnumMessage)]
        pub enum #name {
            #( #declared )*
            /// Any value the schema does not list, exactly as it was sent.
            ///
            /// Deserialization and [`From`] never put a listed value here; construct the named
            /// variant instead, as the two do not compare equal.
            #[strum(default)]
            Other(String),
        }

        impl #name {
            /// The listed value equal to `value`, if any. Does not allocate.
            pub fn known(value: &str) -> Option<Self> {
                __rt::known(value)
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

            #description
            #methods
        }

        // `From<&str>` comes with strum's `EnumString` (total thanks to `default`); this one
        // reuses the allocation for values the schema does not list.
        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::strum::VariantArray for #name {
            const VARIANTS: &'static [Self] = &[#( Self::#variants ),*];
        }

        impl ::strum::VariantNames for #name {
            const VARIANTS: &'static [&'static str] = &[#( #values ),*];
        }

        impl ::strum::EnumCount for #name {
            const COUNT: usize = #count;
        }

        impl ::strum::IntoEnumIterator for #name {
            type Iterator = ::core::iter::Cloned<::core::slice::Iter<'static, Self>>;
            fn iter() -> Self::Iterator {
                <Self as ::strum::VariantArray>::VARIANTS.iter().cloned()
            }
        }
    }
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

fn tagged(cx: &Cx<'_>, def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let name = ident(&def.ident);
    let doc = doc_attrs(
        def.doc
            .as_deref()
            .unwrap_or("One of several object types, told apart by a tag."),
    );
    let examples = examples(cx, def);
    let tag = &union.tag;
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.ident)).collect();
    let types: Vec<_> = union
        .variants
        .iter()
        .map(|v| type_ident(cx, v.ty))
        .collect();
    let values: Vec<Literal> = union.variants.iter().map(|v| str_lit(&v.value)).collect();
    let variant_docs = union.variants.iter().map(|v| {
        let member = &cx.module.get(v.ty).ident;
        // Tags and type names are identifiers and constants the schema reader checked; the
        // tag value is written in a code span, whose content needs no escape.
        own_doc_attrs(&format!(
            "`\"{tag}\": \"{}\"`: a [`{member}`].",
            v.value.replace('`', "'")
        ))
    });
    let other = union.other.as_ref().map(|other| {
        let doc = doc_attrs(&format!(
            "{}\n\nKept as it was sent, so that a round trip loses nothing.",
            other.doc
        ));
        quote!(#doc Other(::serde_json::Map<String, ::serde_json::Value>),)
    });
    let other_tag = union.other.as_ref().map(|_| {
        quote!(Self::Other(map) => map.get(#tag).and_then(::serde_json::Value::as_str).unwrap_or_default(),)
    });
    let tag_doc = format!(" The value of the tag (`{tag}`) that chose this variant.");
    quote! {
        #doc
        #examples
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variant_docs #variants(#types), )*
            #other
        }

        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> &str {
                match self {
                    #( Self::#variants(_) => #values, )*
                    #other_tag
                }
            }
        }

        #(
            impl From<#types> for #name {
                fn from(value: #types) -> Self {
                    Self::#variants(value)
                }
            }
        )*
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
fn examples(cx: &Cx<'_>, def: &TypeDef) -> TokenStream {
    match cx.examples {
        Some(path) if !def.examples.is_empty() => {
            own_doc_attrs(&super::docs::examples(path, &def.ident, &def.examples))
        }
        _ => TokenStream::new(),
    }
}
