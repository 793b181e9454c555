//! Serialization. Objects are read by one generic visitor in the runtime (it matches keys
//! against the type's rules table, keeps or refuses undeclared keys, and names the field in
//! every error); the generated part only says which slot each key fills. Constants are checked
//! and always written, `null` stays apart from absent, and unions of strings are the
//! `StringUnion` derive's.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Cx, Derived, ident, rules_ident, str_lit};
use crate::ir::{
    FieldShape, Presence, Struct, TaggedUnion, TypeDef, TypeKind, TypeRef, UnknownKeys,
};

/// How `def` derives `Serialize`, if it does: where the derive writes exactly what the
/// hand-written impl would (no constant, or one that is the first key: serde's `tag`).
pub(super) fn derived(cx: &Cx<'_>, def: &TypeDef) -> Option<Derived> {
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    // A kept value of an undocumented field must not be written beside a value set since.
    if s.fields.iter().any(is_undocumented) {
        return None;
    }
    let consts: Vec<usize> = s
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.shape, FieldShape::Const(_)))
        .map(|(i, _)| i)
        .collect();
    let tag = match consts.as_slice() {
        [] => TokenStream::new(),
        [0] => {
            let key = str_lit(&s.fields[0].key);
            let FieldShape::Const(value) = &s.fields[0].shape else {
                return None;
            };
            let value = str_lit(value);
            quote!(#[serde(tag = #key, rename = #value)])
        }
        _ => return None,
    };
    let name = ident(&def.ident);
    let fields = s
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| {
            let FieldShape::Value(value) = &field.shape else {
                return None;
            };
            // The Rust name as written (`self` becomes `self_`), not the name it came from.
            let rename = (ident(&field.ident).to_string().trim_start_matches("r#") != field.key)
                .then(|| {
                    let key = str_lit(&field.key);
                    quote!(#[serde(rename = #key)])
                });
            let skip = (!value.presence.is_required())
                .then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
            // A float JSON cannot hold is refused when written, not written as `null`.
            // Named by its index in the rules, so that the error can say which key it was.
            let finite = holds_float(cx, &value.ty).then(|| {
                let path = format!("__rt::FieldOf::<{name}, {index}>::finite");
                quote!(#[serde(serialize_with = #path)])
            });
            Some(quote!(#rename #skip #finite))
        })
        .collect();
    Some(Derived {
        container: quote!(#[derive(::serde::Serialize)] #tag),
        fields,
        extra: quote!(#[serde(flatten)]),
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

pub(super) fn render(cx: &Cx<'_>, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => {
            let serialize = derived(cx, def)
                .is_none()
                .then(|| serialize_struct(cx, def, s));
            let deserialize = deserialize_struct(cx, def, s);
            quote!(#serialize #deserialize)
        }
        // The `StringUnion` derive's.
        TypeKind::StringEnum(_) => TokenStream::new(),
        TypeKind::TaggedUnion(union) => tagged(def, union),
        TypeKind::Alias(_) => TokenStream::new(),
    }
}

fn serialize_struct(cx: &Cx<'_>, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.ident);
    let mut always = 0usize;
    let mut sometimes = Vec::new();
    let mut entries = Vec::new();
    for field in &s.fields {
        let key = str_lit(&field.key);
        let field_name = ident(&field.ident);
        match &field.shape {
            FieldShape::Const(value) => {
                always += 1;
                let value = str_lit(value);
                entries.push(quote!(map.serialize_entry(#key, #value)?;));
            }
            FieldShape::Value(value) if value.presence.is_required() => {
                always += 1;
                entries.push(if holds_float(cx, &value.ty) {
                    quote!(map.serialize_entry(#key, &__rt::FiniteField(#key, &self.#field_name))?;)
                } else {
                    quote!(map.serialize_entry(#key, &self.#field_name)?;)
                });
            }
            FieldShape::Value(value) => {
                sometimes.push(quote!(usize::from(self.#field_name.is_some())));
                entries.push(if holds_float(cx, &value.ty) {
                    quote!(__rt::entry(&mut map, #key, &self.#field_name.as_ref().map(|value| __rt::FiniteField(#key, value)))?;)
                } else {
                    quote!(__rt::entry(&mut map, #key, &self.#field_name)?;)
                });
            }
        }
    }
    let keeps = s.unknown_keys == UnknownKeys::Keep;
    // Undocumented fields: a value the reader kept in `extra` is not written once the field
    // holds one.
    let set: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| is_undocumented(f))
        .map(|f| {
            let key = str_lit(&f.key);
            let name = ident(&f.ident);
            quote!((#key, self.#name.is_some()))
        })
        .collect();
    let shadowed = !set.is_empty();
    let set_decl = shadowed.then(|| quote!(let set = [#( #set ),*];));
    let extra = match (keeps, shadowed) {
        (true, true) => Some(quote!(__rt::extra_unless_set(&mut map, &self.extra, &set)?;)),
        (true, false) => Some(quote!(__rt::extra(&mut map, &self.extra)?;)),
        (false, _) => None,
    };
    // The number of entries: the keys always written, those present this time, the extra ones.
    let mut terms: Vec<TokenStream> = Vec::new();
    if always > 0 || sometimes.is_empty() && !keeps {
        terms.push(quote!(#always));
    }
    terms.extend(sometimes);
    if keeps && shadowed {
        terms.push(quote!(__rt::extra_len_unless_set(&self.extra, &set)));
    } else if keeps {
        terms.push(quote!(self.extra.len()));
    }
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                #set_decl
                let len = #( #terms )+*;
                let mut map = serializer.serialize_map(Some(len))?;
                #( #entries )*
                #extra
                map.end()
            }
        }
    }
}

fn deserialize_struct(cx: &Cx<'_>, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.ident);
    let rules = rules_ident(def);
    let slots: Vec<_> = (0..s.fields.len()).map(|i| format_ident!("f{i}")).collect();
    let arms = s
        .fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(index, (field, slot))| {
            let index = Literal::usize_unsuffixed(index);
            let fill = fill_call(cx, field, slot);
            quote!(#index => #fill,)
        });
    let mut checks = Vec::new();
    let mut inits = Vec::new();
    for (field, slot) in s.fields.iter().zip(&slots) {
        let key = str_lit(&field.key);
        match &field.shape {
            FieldShape::Const(_) => checks.push(quote!(__rt::required(#slot, #key)?;)),
            FieldShape::Value(value) => {
                let field_name = ident(&field.ident);
                inits.push(match value.presence {
                    Presence::Required | Presence::RequiredNullable => {
                        quote!(#field_name: __rt::required(#slot, #key)?,)
                    }
                    Presence::Optional | Presence::OptionalNullable => quote!(#field_name: #slot,),
                });
            }
        }
    }
    let keeps = s.unknown_keys == UnknownKeys::Keep;
    let (extra, extra_arg, extra_init) = if keeps {
        (
            quote!(let mut extra = ::serde_json::Map::new();),
            quote!(Some(&mut extra)),
            quote!(extra,),
        )
    } else {
        (TokenStream::new(), quote!(None), TokenStream::new())
    };
    // Tuples up to 12 have `Default`; a longer one is spelled out.
    let nones = slots.iter().map(|_| quote!(None));
    let init = if slots.len() <= 12 {
        quote!(Default::default())
    } else {
        quote!(( #( #nones ),* , ))
    };
    let declare = (!slots.is_empty()).then(|| quote!(let ( #( mut #slots ),* , ) = #init;));
    let arms: Vec<TokenStream> = arms.collect();
    let keys = s.fields.iter().map(|f| str_lit(&f.key));
    let indices = (0..s.fields.len()).map(Literal::usize_unsuffixed);
    let index_body = if s.fields.is_empty() {
        quote! {
            let _ = key;
            None
        }
    } else {
        quote!(match key { #( #keys => Some(#indices), )* _ => None })
    };
    let read = match arms.as_slice() {
        [] => quote!(while __rt::next_key::<Self, _>(&mut map, #extra_arg)?.is_some() {}),
        // One key: an `if`, as clippy prefers to a one-arm `match`.
        [_] => {
            let fill = fill_call(cx, &s.fields[0], &slots[0]);
            quote! {
                while let Some(index) = __rt::next_key::<Self, _>(&mut map, #extra_arg)? {
                    if index == 0 {
                        #fill;
                    }
                }
            }
        }
        arms => quote! {
            while let Some(index) = __rt::next_key::<Self, _>(&mut map, #extra_arg)? {
                match index {
                    #( #arms )*
                    _ => {}
                }
            }
        },
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(__rt::ObjectVisitor::<Self>::new())
            }
        }

        impl __rt::Object for #name {
            const RULES: &'static __rt::ObjectRules = &#rules;

            fn index(key: &str) -> Option<usize> {
                #index_body
            }

            fn visit_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #declare
                #extra
                #read
                #( #checks )*
                Ok(Self { #( #inits )* #extra_init })
            }
        }
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

fn is_undocumented(field: &crate::ir::Field) -> bool {
    matches!(&field.shape, FieldShape::Value(value) if value.undocumented)
}

/// The call that reads the value of `field` into its `slot`.
fn fill_call(cx: &Cx<'_>, field: &crate::ir::Field, slot: &proc_macro2::Ident) -> TokenStream {
    let key = str_lit(&field.key);
    match &field.shape {
        FieldShape::Const(value) => {
            let value = str_lit(value);
            quote!(__rt::fill_const(&mut #slot, #key, #value, &mut map)?)
        }
        // Kept in `extra` when not of its type: nobody's contract says what it holds.
        FieldShape::Value(value) if value.undocumented => {
            quote!(__rt::fill_or_keep(&mut #slot, #key, &mut map, &mut extra)?)
        }
        // JSON Schema counts `1.0` as an integer: so do the Rust types.
        FieldShape::Value(value) if cx.module.holds_integers(&value.ty) => {
            quote!(__rt::fill_integer(&mut #slot, #key, &mut map)?)
        }
        FieldShape::Value(_) => quote!(__rt::fill(&mut #slot, #key, &mut map)?),
    }
}
