//! Object types: a struct with hand-rolled serde impls, so that constants are checked, `null`
//! stays apart from absent, undeclared keys are kept, and field errors name the field.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, json_schema_impl, json_tokens, option_str, rust_type};
use crate::codegen::ir::{Field, FieldShape, Module, Struct, TypeDef};

pub fn render(def: &TypeDef, s: &Struct, module: &Module) -> TokenStream {
    let ident = ident(&def.ident);
    let eq = module.kind_is_eq(&def.kind).then(|| quote!(Eq,));
    let nothing_required = s
        .fields
        .iter()
        .all(|f| !matches!(f.shape, FieldShape::Value { required: true, .. }));
    let default = nothing_required.then(|| quote!(Default));
    let doc = doc_attrs(&struct_doc(def, s));
    let fields = s.fields.iter().filter_map(field_decl);
    let extra = s.keeps_unknown_keys.then(|| {
        quote! {
            /// The keys the schema does not declare, with their values as they were sent, so
            /// that a round trip loses nothing. Serialized after the declared keys; a declared key
            /// inserted here would be written twice.
            pub extra: ::serde_json::Map<String, ::serde_json::Value>,
        }
    });
    let constructor = constructor(def, s);
    let validate = super::validate::struct_impl(def, s, module);
    let serialize = serialize_impl(def, s);
    let deserialize = deserialize_impl(def, s);
    let uses_generator = s
        .fields
        .iter()
        .any(|f| matches!(f.shape, FieldShape::Value { .. }));
    let schema = json_schema_impl(def, uses_generator, schema_body(def, s));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #eq #default)]
        pub struct #ident {
            #( #fields )*
            #extra
        }

        #constructor
        #validate
        #serialize
        #deserialize
        #schema
    }
}

fn struct_doc(def: &TypeDef, s: &Struct) -> String {
    let mut doc = def
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` object.", def.name));
    for field in &s.fields {
        if let FieldShape::Const(value) = &field.shape {
            doc.push_str(&format!(
                "\n\nThe key `{}` is always `\"{value}\"`: deserialization checks it, serialization writes it.",
                field.key
            ));
        }
    }
    doc
}

/// The Rust type of the field: `T`, `Option<T>` (nullable, or optional), or
/// `Option<Option<T>>` (optional and nullable: absent, `null`, value).
pub(super) fn field_type(ty: TokenStream, required: bool, nullable: bool) -> TokenStream {
    let ty = if nullable { quote!(Option<#ty>) } else { ty };
    if required { ty } else { quote!(Option<#ty>) }
}

fn field_decl(field: &Field) -> Option<TokenStream> {
    let FieldShape::Value {
        ty,
        required,
        nullable,
        default,
        ..
    } = &field.shape
    else {
        return None;
    };
    let mut doc = field
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` key.", field.key));
    doc.push_str(match (required, nullable) {
        (true, false) => "",
        (true, true) => "\n\nThe key is required; `None` is `null`.",
        (false, false) => "\n\n`None` when the key is absent.",
        (false, true) => "\n\n`None` when the key is absent, `Some(None)` when it is `null`.",
    });
    if let Some(default) = default {
        doc.push_str(&format!(" The API assumes `{default}` when it is absent."));
    }
    let doc = doc_attrs(&doc);
    let name = ident(&field.ident);
    let ty = field_type(rust_type(ty), *required, *nullable);
    Some(quote!(#doc pub #name: #ty,))
}

/// `new(required...)`, or `Default` when nothing is required.
fn constructor(def: &TypeDef, s: &Struct) -> TokenStream {
    let ident = ident(&def.ident);
    let mut params = Vec::new();
    let inits = s.fields.iter().filter_map(|field| {
        let FieldShape::Value {
            ty,
            required,
            nullable,
            ..
        } = &field.shape
        else {
            return None;
        };
        let name = ident_of(field);
        if *required {
            let ty = field_type(rust_type(ty), true, *nullable);
            params.push(quote!(#name: impl Into<#ty>));
            Some(quote!(#name: #name.into(),))
        } else {
            Some(quote!(#name: None,))
        }
    });
    let inits: Vec<_> = inits.collect();
    let extra = s
        .keeps_unknown_keys
        .then(|| quote!(extra: ::serde_json::Map::new(),));
    if params.is_empty() {
        // Nothing is required: `Default` (derived) is the constructor.
        return TokenStream::new();
    }
    let many = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #ident {
            /// A value with the required fields; the optional ones absent, no undeclared keys.
            #many
            pub fn new(#( #params ),*) -> Self {
                Self { #( #inits )* #extra }
            }
        }
    }
}

fn serialize_impl(def: &TypeDef, s: &Struct) -> TokenStream {
    let ident = ident(&def.ident);
    let mut always = 0usize;
    let mut sometimes = Vec::new();
    let entries = s.fields.iter().map(|field| {
        let key = &field.key;
        let name = ident_of(field);
        match &field.shape {
            FieldShape::Const(value) => {
                always += 1;
                quote!(map.serialize_entry(#key, #value)?;)
            }
            FieldShape::Value { required: true, .. } => {
                always += 1;
                quote!(map.serialize_entry(#key, &self.#name)?;)
            }
            FieldShape::Value {
                required: false, ..
            } => {
                sometimes.push(quote!(usize::from(self.#name.is_some())));
                quote! {
                    if let Some(value) = &self.#name {
                        map.serialize_entry(#key, value)?;
                    }
                }
            }
        }
    });
    let entries: Vec<_> = entries.collect();
    let extra_entries = s.keeps_unknown_keys.then(|| {
        quote! {
            for (key, value) in &self.extra {
                map.serialize_entry(key, value)?;
            }
        }
    });
    // The number of entries: the keys always written, plus those present this time.
    let mut terms: Vec<TokenStream> = Vec::new();
    if always > 0 || sometimes.is_empty() && !s.keeps_unknown_keys {
        terms.push(quote!(#always));
    }
    terms.extend(sometimes);
    if s.keeps_unknown_keys {
        terms.push(quote!(self.extra.len()));
    }
    let len = quote!(#( #terms )+*);
    quote! {
        impl ::serde::Serialize for #ident {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap as _;
                let len = #len;
                let mut map = serializer.serialize_map(Some(len))?;
                #( #entries )*
                #extra_entries
                map.end()
            }
        }
    }
}

pub(super) fn ident_of(field: &Field) -> proc_macro2::Ident {
    ident(&field.ident)
}

fn deserialize_impl(def: &TypeDef, s: &Struct) -> TokenStream {
    let ident = ident(&def.ident);
    let expecting = format!("a `{}` object", def.name);
    let keys: Vec<&str> = s.fields.iter().map(|f| f.key.as_str()).collect();
    let names: Vec<_> = s.fields.iter().map(ident_of).collect();

    let unknown_key = if s.keeps_unknown_keys {
        quote!(other => __Key::Unknown(other.to_owned()))
    } else {
        quote!(other => return Err(__E::unknown_field(other, &[#( #keys ),*])))
    };
    let unknown_variant = s.keeps_unknown_keys.then(|| quote!(Unknown(String),));

    // One `Option` slot per key; the value it holds is what `next_value` reads.
    let slots = s.fields.iter().map(|field| {
        let name = ident_of(field);
        let ty = match &field.shape {
            FieldShape::Const(_) => quote!(()),
            FieldShape::Value { ty, nullable, .. } => field_type(rust_type(ty), true, *nullable),
        };
        quote!(let mut #name: Option<#ty> = None;)
    });
    let arms = s.fields.iter().map(|field| {
        let key = &field.key;
        let name = ident_of(field);
        match &field.shape {
            FieldShape::Const(value) => quote! {
                __Key::#name => crate::runtime::fill_seed(&mut #name, #key, &mut __map, crate::runtime::ConstStr(#value))?,
            },
            FieldShape::Value { .. } => quote!(__Key::#name => crate::runtime::fill(&mut #name, #key, &mut __map)?,),
        }
    });
    let unknown_arm = s.keeps_unknown_keys.then(|| {
        quote!(__Key::Unknown(key) => crate::runtime::keep_unknown(&mut __extra, key, __map.next_value()?)?,)
    });
    let extra_slot = s
        .keeps_unknown_keys
        .then(|| quote!(let mut __extra = ::serde_json::Map::new();));
    let required = |field: &Field| {
        let (name, key) = (ident_of(field), &field.key);
        quote!(crate::runtime::required(#name, #key)?)
    };
    let const_checks = s.fields.iter().filter_map(|field| {
        let FieldShape::Const(_) = field.shape else {
            return None;
        };
        let check = required(field);
        Some(quote!(#check;))
    });
    let inits = s.fields.iter().filter_map(|field| {
        let FieldShape::Value {
            required: is_required,
            ..
        } = field.shape
        else {
            return None;
        };
        let name = ident_of(field);
        Some(if is_required {
            let value = required(field);
            quote!(#name: #value,)
        } else {
            quote!(#name,)
        })
    });
    let extra_init = s.keeps_unknown_keys.then(|| quote!(extra: __extra,));
    let key_variants = names.iter();

    quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                #[allow(non_camel_case_types)]
                enum __Key {
                    #( #key_variants, )*
                    #unknown_variant
                }

                struct __KeyVisitor;

                impl ::serde::de::Visitor<'_> for __KeyVisitor {
                    type Value = __Key;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> Result<__Key, __E> {
                        Ok(match value {
                            #( #keys => __Key::#names, )*
                            #unknown_key
                        })
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for __Key {
                    fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                        deserializer.deserialize_identifier(__KeyVisitor)
                    }
                }

                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut __map: __A) -> Result<#ident, __A::Error> {
                        #( #slots )*
                        #extra_slot
                        while let Some(__key) = __map.next_key::<__Key>()? {
                            match __key {
                                #( #arms )*
                                #unknown_arm
                            }
                        }
                        #( #const_checks )*
                        Ok(#ident {
                            #( #inits )*
                            #extra_init
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// A call to the runtime's schema builder; each property's schema comes from its Rust type
/// through the generator, with the schema's constraints, default and description on top.
fn schema_body(def: &TypeDef, s: &Struct) -> TokenStream {
    let description = option_str(def.doc.as_deref());
    let properties = s.fields.iter().map(|field| {
        let key = &field.key;
        let mut schema = match &field.shape {
            FieldShape::Const(value) => quote!(crate::runtime::const_schema(#value)),
            FieldShape::Value { ty, nullable, .. } => {
                let ty = field_type(rust_type(ty), true, *nullable);
                quote!(generator.subschema_for::<#ty>())
            }
        };
        let mut keywords: Vec<(String, serde_json::Value)> = Vec::new();
        if let FieldShape::Value {
            constraints,
            default,
            ..
        } = &field.shape
        {
            for (bound, number) in &constraints.bounds {
                keywords.push((bound.keyword().to_owned(), number.clone().into()));
            }
            for (length, limit) in &constraints.lengths {
                keywords.push((length.keyword().to_owned(), (*limit).into()));
            }
            for check in &constraints.checks {
                keywords.push(("x-rust-check".to_owned(), check.as_str().into()));
            }
            if let Some(default) = default {
                keywords.push(("default".to_owned(), default.clone()));
            }
        }
        if let Some(doc) = &field.doc {
            keywords.push(("description".to_owned(), doc.as_str().into()));
        }
        for (keyword, value) in keywords {
            let value = json_tokens(&value);
            schema = quote!(crate::runtime::with(#schema, #keyword, #value));
        }
        quote!((#key, #schema))
    });
    let required = s.fields.iter().filter_map(|f| {
        let required = matches!(
            f.shape,
            FieldShape::Const(_) | FieldShape::Value { required: true, .. }
        );
        required.then_some(f.key.as_str())
    });
    let keeps_unknown_keys = s.keeps_unknown_keys;
    quote! {
        crate::runtime::object_schema(
            #description,
            vec![#( #properties ),*],
            &[#( #required ),*],
            #keeps_unknown_keys,
        )
    }
}
