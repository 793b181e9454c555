//! The derives of `anthropic-completions`: the trait impls that every generated type of a
//! kind shares, written once here rather than spelled out per type in the generated file (as
//! `prost-derive` serves the code `prost-build` writes).
//!
//! `anthropic-completions-codegen` writes the declarations: the types, their docs, the data
//! the schema gives (wire values, descriptions, the rules tables) as attributes; these derives
//! turn them into impls. Nothing here reads a schema, and nothing here is meant for hand-written
//! types: the expansions call the crate's `#[doc(hidden)]` runtime by the name `__rt`, which
//! every generated file imports (`use anthropic_completions::__private as __rt;`), and name the
//! Rust prelude's items (`Option`, `Result`, `From`, ...) as the generated code does: the
//! generator refuses a type name that would shadow one.
//!
//! A misuse is a compile error at its attribute or field, never a panic, and a key given
//! twice is one (not a silent last-one-wins). What a field or variant holds is checked where
//! the generator's form is fixed: a catch-all holds a `String` (`StringUnion`) or a `Map`
//! (`Tagged`), and so does the `#[field(extra)]` map (read by how the type is written); the
//! rest by the trait bounds of what the expansion calls.
//!
//! # `Object`
//!
//! On a struct of named fields, one per key of the schema's object, in the order of its rules
//! table, and, marked `#[field(extra)]`, the map of undeclared keys if the object keeps them:
//!
//! ```ignore
//! #[derive(Debug, Clone, PartialEq, __rt::Object)]
//! #[object(name = "Completion", rules = __RULES_Completion)]
//! #[constant(0, "type", "completion")]
//! pub struct Completion {
//!     pub id: String,
//!     #[field(required)]
//!     pub stop_reason: Option<StopReason>,
//!     #[field(undocumented)]
//!     pub stop: Option<Option<String>>,
//!     #[field(extra)]
//!     pub extra: serde_json::Map<String, serde_json::Value>,
//! }
//! ```
//!
//! Each `#[constant(index, "key", "value")]` is a key whose value is always the same string,
//! at its index among the keys (the fields take the other places in order). A field's
//! presence is read from its type: `T` is required, `Option<T>` optional (or required and
//! nullable with `#[field(required)]`), `Option<Option<T>>` optional and nullable. `#[field]`
//! also takes `key = "..."` (when the key is not the field's name), `undocumented` (a value of
//! another type is kept in the `#[field(extra)]` map), `integer` (a float with no fraction
//! reads as an integer) and `float` (NaN and the infinities are refused when written). The
//! last two are checked by trait bounds, not by the type's spelling (an alias of `f64` holds
//! floats): on a field of another type they fail to compile at the derive. The
//! `#[field(extra)]` map may have any name, and takes no other key.
//!
//! It implements serde's `Serialize` and `Deserialize` (through the runtime's object visitor,
//! which names the key in every error), the runtime's `Object`, and schemars' `JsonSchema`.
//!
//! # `StringUnion`
//!
//! On an enum of unit variants, each with `#[value("wire value")]` or
//! `#[value("wire value", "description")]`, and at most one variant holding a `String` (the
//! open union's `Other`, which keeps any value the list does not hold):
//!
//! ```ignore
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, __rt::StringUnion)]
//! #[union(name = "StopReason", rules = __RULES_StopReason)]
//! pub enum StopReason {
//!     #[value("stop_sequence", "A stop sequence was hit.")]
//!     StopSequence,
//!     Other(String),
//! }
//! ```
//!
//! `name` is the schema's name of the type, `rules` its `UnionRules` table. Each
//! `#[annotate("x-key", method)]` on the enum adds an annotation to every listed value in the
//! JSON Schema export, read from the inherent `method` (what it returns says how: `true` for a
//! `bool` that is, an `Option`'s value where it is `Some`, a list of dated values as the
//! schema writes them).
//!
//! It implements `as_str`, `description` (and for an open union `known` and `is_known`);
//! `Display`, `FromStr`, `AsRef<str>`, `From<String>`/`From<&str>` (open) or
//! `TryFrom<&str>` and `Into<&'static str>` (closed); strum's `EnumMessage`, `VariantArray`,
//! `VariantNames`, `EnumCount` and `IntoEnumIterator` over the listed values (a closed union's
//! iterator copies them: the generator derives `Copy` for it); serde's
//! `Serialize` and `Deserialize` by wire value; and schemars' `JsonSchema`.
//!
//! # `Tagged`
//!
//! On an enum whose variants each hold the object type that one value of the tag chooses,
//! marked `#[value("...")]`, and at most one holding the map of an object whose tag is not
//! listed (the open union's `Other`):
//!
//! ```ignore
//! #[derive(Debug, Clone, PartialEq, __rt::Tagged)]
//! #[tagged(name = "StreamEvent", rules = __RULES_StreamEvent, tag = "type")]
//! pub enum StreamEvent {
//!     #[value("ping")]
//!     Ping(PingEvent),
//!     Other(serde_json::Map<String, serde_json::Value>),
//! }
//! ```
//!
//! It implements `tag()`, `From` each member type, serde's `Serialize` and `Deserialize`
//! (through the runtime's tagged visitor, which reads the tag wherever it is), the runtime's
//! `Tagged`, and schemars' `JsonSchema`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod attrs;
mod impls;
mod object;
mod string_union;
mod tagged;

use proc_macro::TokenStream;

/// Derives the impls of an object: see the [crate] docs.
#[proc_macro_derive(Object, attributes(object, constant, field))]
pub fn derive_object(input: TokenStream) -> TokenStream {
    run(input, object::expand)
}

/// Derives the impls of a tagged union: see the [crate] docs.
#[proc_macro_derive(Tagged, attributes(tagged, value))]
pub fn derive_tagged(input: TokenStream) -> TokenStream {
    run(input, tagged::expand)
}

/// Derives the impls of a union of strings: see the [crate] docs.
#[proc_macro_derive(StringUnion, attributes(union, annotate, value))]
pub fn derive_string_union(input: TokenStream) -> TokenStream {
    run(input, string_union::expand)
}

/// The expansion of `input`, or its errors as `compile_error!`s.
fn run(
    input: TokenStream,
    expand: fn(&syn::DeriveInput) -> syn::Result<proc_macro2::TokenStream>,
) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
