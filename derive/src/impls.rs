//! The impls every derive writes alike: the runtime's `Described`, `validate()`, and
//! schemars' `JsonSchema` around the body the derive's kind makes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{LitStr, Path};

/// `Described` with `Ty::<kind>(&rules)`; `validate()` too where `validated`.
pub(crate) fn described(name: &Ident, rules: &Path, kind: &str, validated: bool) -> TokenStream {
    let kind = Ident::new(kind, proc_macro2::Span::call_site());
    // `#[inline]`: the walk for each type (serialize, then check) is compiled in the crate
    // that calls `validate()`, not in every dependent's build of this one.
    let validate = validated.then(|| {
        quote! {
            impl #name {
                /// Checks what deserialization does not: ranges, lengths and custom rules, in this
                /// value and the values it holds. Returns every violation.
                #[inline]
                pub fn validate(&self) -> Result<(), __rt::Violations> {
                    __rt::validate(self)
                }
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl __rt::Described for #name {
            const RULES: __rt::Ty = __rt::Ty::#kind(&#rules);
        }

        #validate
    }
}

/// `JsonSchema`, named `schema_name` (with the module's path as its id), whose schema is
/// `body`; `generator` names the `SchemaGenerator` there, if `body` uses it.
pub(crate) fn json_schema(
    name: &Ident,
    schema_name: &LitStr,
    uses_generator: bool,
    body: TokenStream,
) -> TokenStream {
    let generator = if uses_generator {
        quote!(generator)
    } else {
        quote!(_generator)
    };
    // `#[inline]`: like a derive's generic code, the export is compiled where it is used.
    quote! {
        #[automatically_derived]
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
