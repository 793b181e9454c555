//! The code generator of `anthropic-completions`: JSON Schema in, Rust source out.
//!
//! `build.rs` of the `anthropic-completions` crate calls [`generate_file`]; tests and fuzz
//! targets use the same functions. It works in two stages, as typify does:
//!
//! 1. [`understand`]: the JSON document becomes an intermediate [`ir::Module`] of named types,
//!    referenced by id, each node keeping its JSON pointer. Every problem is found here.
//! 2. [`render`]: the module becomes tokens (`quote`), then formatted source (`prettyplease`).
//!    One composer asks one renderer per concern: declarations and docs, what serialization
//!    needs to know of each field, the JSON Schema document, and the rules table that the
//!    runtime's one walker checks values against. The trait impls (serde, schemars, strum,
//!    the runtime's) are not written out: each type derives them from
//!    `anthropic-completions-derive`, whose attributes the declarations carry (as `prost-build`
//!    writes what `prost-derive` expands).
//!
//! ```
//! let schema = r#"{"$defs": {"Greeting": {"type": "object",
//!     "properties": {"text": {"type": "string", "maxLength": 80}}, "required": ["text"]}}}"#;
//! let source = anthropic_completions_codegen::generate("greeting.json", schema, &Default::default())?;
//! assert!(source.contains("pub struct Greeting"));
//!
//! let error = anthropic_completions_codegen::generate("bad.json", r#"{"$defs": {"A": {"type": "date"}}}"#, &Default::default())
//!     .unwrap_err();
//! assert_eq!(error.to_string(), "bad.json: at /$defs/A/type: unknown type `date`");
//! # Ok::<(), anthropic_completions_codegen::SchemaError>(())
//! ```
//!
//! # The supported subset of JSON Schema (draft 2020-12)
//!
//! - The root is an object with `$defs`; each member of `$defs` becomes one public Rust type,
//!   named in UpperCamelCase. `$schema`, if present, must be the 2020-12 dialect URI. A key
//!   repeated in any object is an error, as are arrays and objects nested more than 127 deep
//!   and a number no finite float holds; a UTF-8 byte order mark is ignored.
//! - **Object** (`"type": "object"`, `properties`, `required`, `additionalProperties`): a struct.
//!   `additionalProperties` absent or `true` keeps undeclared keys in an `extra` map; `false`
//!   rejects them.
//! - **String union** (`anyOf`/`oneOf` of `{"const": "..."}` members, or `enum` of strings): an
//!   enum with one unit variant per value, documented by the member's `description`. One
//!   `{"type": "string"}` member in an `anyOf` makes it open: an `Other(String)` variant keeps
//!   any other value.
//! - **Tagged union** (`oneOf` of `$ref`s to objects sharing a required string `const`, plus
//!   optionally the catch-all object of the other tags): an enum of newtype variants, open with
//!   `Other(Map)` when the catch-all is there.
//! - **Member methods**: `x-methods` on a string union and `x-<name>` on its members become
//!   typed methods (types inferred from the values, or declared: `"format": "date"` for dates,
//!   `"dated": true` for listed values with the span of days each held). `x-diagnostic-code` on a union names the validator's code for a value it
//!   does not list; `x-rust-note` names a function of the crate's `checks` module that may say
//!   something about a listed value.
//! - **Alias** (a definition that is a `type` or a `$ref`): a type alias.
//! - **Property schemas**: `type` `string`, `integer` (the narrowest Rust
//!   integer its bounds allow: unsigned where the minimum is 0 or more; `i64` unbounded), `number` (`f64`), `boolean`,
//!   `array` with `items`; `$ref` to `#/$defs/Name`; a string `const` (checked, always
//!   written, not stored; must be required); nullability as `"type": [T, "null"]` or
//!   `anyOf`/`oneOf` of a schema and `{"type": "null"}`.
//! - **Constraints** (`minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum`,
//!   `minLength`, `maxLength`, `minItems`, `maxItems`, and `x-rust-check` on scalars and on `$ref`s to
//!   unions of strings): checked
//!   by `validate()` and by the validator, each violation with its JSON pointer. `default`
//!   goes into docs and the export.
//! - **Presence**: required → `T`; required and nullable → `Option<T>`; optional →
//!   `Option<T>`; optional and nullable → `Option<Option<T>>` (absent, `null`, value).
//! - **Annotations** accepted everywhere: `title`, `description` (becomes the doc comment, made
//!   safe for rustdoc: code blocks are never run as doctests), `$comment`, `examples`,
//!   `deprecated`, `default`, `readOnly`, `writeOnly`, and any `x-*`. A definition's
//!   `examples` become doc examples (with [`Settings::examples`]): each read into the type and
//!   written back unchanged.
//!
//! Anything else (another keyword, an inline object or enum, a `$ref` outside `$defs`, a type
//! that contains itself without an array, an alias of itself, names that collide in Rust or
//! shadow the prelude, ...) is a [`SchemaError`] naming the file and the JSON pointer.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod error;
pub mod ir;
pub mod names;
pub mod pointer;
pub mod render;
pub mod understand;

pub use error::SchemaError;
pub use pointer::Pointer;
pub use render::Settings;

/// Generates Rust source from the schema text `json`; `file` names it in errors.
pub fn generate(file: &str, json: &str, settings: &Settings) -> Result<String, SchemaError> {
    let module = parse(file, json)?;
    render::source(&module, settings).map_err(|message| SchemaError {
        file: file.to_owned(),
        pointer: Pointer::root(),
        message,
    })
}

/// Reads and understands the schema text `json` without rendering it.
pub fn parse(file: &str, json: &str) -> Result<ir::Module, SchemaError> {
    understand::understand(file, json)
}

/// Reads the schema file at `path` and generates Rust source from it.
pub fn generate_file(path: &std::path::Path, settings: &Settings) -> Result<String, SchemaError> {
    let file = path.display().to_string();
    let json = std::fs::read_to_string(path).map_err(|error| SchemaError {
        file: file.clone(),
        pointer: Pointer::root(),
        message: format!("cannot read the schema: {error}"),
    })?;
    generate(&file, &json, settings)
}
