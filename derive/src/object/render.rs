//! The impls of an [`Object`]. Objects are read by one generic visitor in the runtime
//! (`__rt::ObjectVisitor`: it matches keys against the rules table, keeps or refuses
//! undeclared keys, and names the field in every error); what is written here says which slot
//! each key fills. Constants are checked and always written, `null` stays apart from absent,
//! and an undocumented field's kept value is not written beside a value set since.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Field, Key, Object, Presence};

pub(super) fn render(object: &Object) -> TokenStream {
    let serialize = serialize(object);
    let deserialize = deserialize(object);
    let schema = schema(object);
    let described = crate::impls::described(&object.ident, &object.rules, "Object", true);
    quote! {
        #serialize #deserialize #schema

        #described
    }
}

fn fields(object: &Object) -> impl Iterator<Item = &Field> {
    object.keys.iter().filter_map(|key| match key {
        Key::Field(field) => Some(&**field),
        Key::Constant { .. } => None,
    })
}

fn serialize(object: &Object) -> TokenStream {
    let name = &object.ident;
    let mut always = 0usize;
    let mut sometimes = Vec::new();
    let mut entries = Vec::new();
    for key in &object.keys {
        let field = match key {
            Key::Constant { key, value } => {
                always += 1;
                entries.push(quote!(map.serialize_entry(#key, #value)?;));
                continue;
            }
            Key::Field(field) => field,
        };
        let (key, ident) = (&field.key, &field.ident);
        let required = matches!(
            field.presence,
            Presence::Required | Presence::RequiredNullable
        );
        entries.push(match (required, field.float) {
            (true, false) => quote!(map.serialize_entry(#key, &self.#ident)?;),
            (true, true) => quote!(map.serialize_entry(#key, &__rt::FiniteField(#key, &self.#ident))?;),
            (false, false) => quote!(__rt::entry(&mut map, #key, &self.#ident)?;),
            (false, true) => quote! {
                __rt::entry(&mut map, #key, &self.#ident.as_ref().map(|value| __rt::FiniteField(#key, value)))?;
            },
        });
        if required {
            always += 1;
        } else {
            sometimes.push(quote!(usize::from(self.#ident.is_some())));
        }
    }
    // Undocumented fields: a value the reader kept in the map of undeclared keys is not written once the field
    // holds one.
    let set: Vec<TokenStream> = fields(object)
        .filter(|f| f.undocumented)
        .map(|f| {
            let (key, ident) = (&f.key, &f.ident);
            quote!((#key, self.#ident.is_some()))
        })
        .collect();
    let shadowed = !set.is_empty();
    let set_decl = shadowed.then(|| quote!(let set = [#( #set ),*];));
    let extra = match (&object.keeps, shadowed) {
        (Some(field), true) => Some(quote!(__rt::extra_unless_set(&mut map, &self.#field, &set)?;)),
        (Some(field), false) => Some(quote!(__rt::extra(&mut map, &self.#field)?;)),
        (None, _) => None,
    };
    // The number of entries: the keys always written, those present this time, the extra ones.
    let mut terms = vec![quote!(#always)];
    terms.extend(sometimes);
    match (&object.keeps, shadowed) {
        (Some(field), true) => terms.push(quote!(__rt::extra_len_unless_set(&self.#field, &set))),
        (Some(field), false) => terms.push(quote!(self.#field.len())),
        (None, _) => {}
    }
    quote! {
        #[automatically_derived]
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

fn deserialize(object: &Object) -> TokenStream {
    let name = &object.ident;
    let rules = &object.rules;
    let slots: Vec<Ident> = (0..object.keys.len())
        .map(|i| format_ident!("f{i}"))
        .collect();
    let mut checks = Vec::new();
    let mut inits = Vec::new();
    for (key, slot) in object.keys.iter().zip(&slots) {
        match key {
            Key::Constant { key, .. } => checks.push(quote!(__rt::required(#slot, #key)?;)),
            Key::Field(field) => {
                let (key, ident) = (&field.key, &field.ident);
                inits.push(match field.presence {
                    Presence::Required | Presence::RequiredNullable => {
                        quote!(#ident: __rt::required(#slot, #key)?,)
                    }
                    Presence::Optional | Presence::OptionalNullable => quote!(#ident: #slot,),
                });
            }
        }
    }
    let (extra, extra_arg, extra_init) = if let Some(field) = &object.keeps {
        (
            quote!(let mut extra = ::serde_json::Map::new();),
            quote!(Some(&mut extra)),
            quote!(#field: extra,),
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
    let keys = object.keys.iter().map(|key| match key {
        Key::Constant { key, .. } => key,
        Key::Field(field) => &field.key,
    });
    let indices = (0..object.keys.len()).map(Literal::usize_unsuffixed);
    let arms = object
        .keys
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(index, (key, slot))| {
            let index = Literal::usize_unsuffixed(index);
            let fill = fill(key, slot);
            quote!(#index => #fill,)
        });
    quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(__rt::ObjectVisitor::<Self>::new())
            }
        }

        #[automatically_derived]
        impl __rt::Object for #name {
            const RULES: &'static __rt::ObjectRules = &#rules;

            fn index(key: &str) -> Option<usize> {
                match key { #( #keys => Some(#indices), )* _ => None }
            }

            #[allow(clippy::single_match)]
            fn visit_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #declare
                #extra
                while let Some(index) = __rt::next_key::<Self, _>(&mut map, #extra_arg)? {
                    match index {
                        #( #arms )*
                        _ => {}
                    }
                }
                #( #checks )*
                Ok(Self { #( #inits )* #extra_init })
            }
        }
    }
}

/// The call that reads the value of `key` into its `slot`.
fn fill(key: &Key, slot: &Ident) -> TokenStream {
    let field = match key {
        Key::Constant { key, value } => {
            return quote!(__rt::fill_const(&mut #slot, #key, #value, &mut map)?);
        }
        Key::Field(field) => field,
    };
    let key = &field.key;
    if field.undocumented {
        // Kept in `extra` when not of its type: nobody's contract says what it holds.
        quote!(__rt::fill_or_keep(&mut #slot, #key, &mut map, &mut extra)?)
    } else if field.integer {
        quote!(__rt::fill_integer(&mut #slot, #key, &mut map)?)
    } else {
        quote!(__rt::fill(&mut #slot, #key, &mut map)?)
    }
}

/// Each property's schema comes from its Rust type through the schemars generator; the
/// keywords the Rust type cannot say (constraints, defaults, descriptions, `required`) come
/// from the rules table.
fn schema(object: &Object) -> TokenStream {
    let name = &object.ident;
    let schema_name = &object.name;
    let rules = &object.rules;
    let properties: Vec<TokenStream> = fields(object)
        .map(|field| {
            let ty = field.value_type();
            quote!(generator.subschema_for::<#ty>())
        })
        .collect();
    let body = quote!(__rt::object_schema(&#rules, vec![#( #properties ),*]));
    crate::impls::json_schema(name, schema_name, !properties.is_empty(), body)
}
