//! The JSON Schema document of the module. Each type's `JsonSchema` impl is its derive's
//! (`anthropic-completions-derive`): a property's schema comes from its Rust type, what the
//! Rust type cannot say (constraints, defaults, descriptions, `required`, member annotations)
//! from the type's rules table or its methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, option_str};
use crate::ir::{Module, TypeKind};

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
