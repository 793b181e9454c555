//! `JsonSchema` impls: each property's schema comes from its Rust type through the schemars
//! generator; the keywords the Rust type cannot say (constraints, defaults, descriptions,
//! `required`, member annotations) come from the type's rules table or its methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Cx, ident, option_str, rules_ident, type_ident};
use crate::ir::{Module, TypeDef, TypeKind};

pub(super) fn render(cx: &Cx<'_>, def: &TypeDef) -> TokenStream {
    let rules = rules_ident(def);
    let (uses_generator, body) = match &def.kind {
        // The `Object` derive's.
        TypeKind::Struct(_) => return TokenStream::new(),
        // The `StringUnion` derive's.
        TypeKind::StringEnum(_) => return TokenStream::new(),
        TypeKind::TaggedUnion(union) => {
            let members = union.variants.iter().map(|v| type_ident(cx, v.ty));
            (
                true,
                quote!(__rt::tagged_union_schema(&#rules, vec![#( generator.subschema_for::<#members>() ),*])),
            )
        }
        TypeKind::Alias(_) => return TokenStream::new(),
    };
    let name = ident(&def.ident);
    let schema_name = &def.name;
    let generator = if uses_generator {
        quote!(generator)
    } else {
        quote!(_generator)
    };
    // `#[inline]` on `json_schema` and `schema_document`: like a derive's generic code, the
    // export is compiled where it is used, not in every dependent's build (BENCHMARKS.md).
    quote! {
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                #schema_name.into()
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", #schema_name).into()
            }
            #[inline]
            fn json_schema(#generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                #body
            }
        }
    }
}

/// `schema_document()`: the JSON Schema of every type, from the Rust types, with the source
/// schema's title and description.
pub(super) fn document(module: &Module) -> TokenStream {
    let title = option_str(module.title.as_deref());
    let description = option_str(module.description.as_deref());
    // Every definition, in schema order: a type by its `JsonSchema`, an alias as the schema of
    // what it names (so that the export defines the same names as the source).
    let definitions = module.types.iter().map(|def| {
        let name = ident(&def.ident);
        match def.kind {
            TypeKind::Alias(_) => {
                let key = &def.name;
                let doc = option_str(def.doc.as_deref());
                quote! {
                    let schema = generator.subschema_for::<#name>();
                    __rt::define_alias(generator, #key, #doc, schema);
                }
            }
            _ => quote!(generator.subschema_for::<#name>();),
        }
    });
    quote! {
        /// The JSON Schema document of every type above, made by `schemars` from the Rust types.
        #[inline]
        pub(crate) fn schema_document() -> ::schemars::Schema {
            __rt::schema_document(#title, #description, |generator| {
                #( #definitions )*
            })
        }
    }
}
