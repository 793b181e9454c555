//! The code generator: JSON Schema in, Rust source out.
//!
//! Shared by `build.rs` (which writes the crate's types) and by the tests (which check it on
//! small schemas), through `#[path]`. It works in two stages, as typify does:
//!
//! 1. [`understand`]: the JSON document becomes an intermediate [`ir::Module`] of named types,
//!    each node keeping its JSON pointer. Every problem is found here.
//! 2. [`render`]: the module becomes tokens (`quote`), then formatted source (`prettyplease`).
//!
//! # The supported subset of JSON Schema (draft 2020-12)
//!
//! - The root is an object with `$defs`; each member of `$defs` becomes one public Rust type,
//!   named in UpperCamelCase. `$schema`, if present, must be the 2020-12 dialect URI.
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
//!   typed methods.
//! - **Alias** (a definition that is a `type` or a `$ref`): a type alias.
//! - **Property schemas**: `type` `string`, `integer` (`i64`), `number` (`f64`), `boolean`,
//!   `array` with `items`; `$ref` to `#/$defs/Name`; a string `const` (checked, always
//!   written, not stored; must be required); nullability as `"type": [T, "null"]` or
//!   `anyOf`/`oneOf` of a schema and `{"type": "null"}`.
//! - **Constraints** (`minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum`,
//!   `minLength`, `maxLength`, `minItems`, `maxItems`, `x-rust-check`): a `validate()` that
//!   reports every violation with its JSON pointer. `default` goes into docs and the export.
//! - **Presence**: required → `T`; required and nullable → `Option<T>`; optional →
//!   `Option<T>`; optional and nullable → `Option<Option<T>>` (absent, `null`, value).
//! - **Annotations** accepted everywhere: `title`, `description` (becomes the doc comment),
//!   `$comment`, `examples`, `deprecated`, `default`, `readOnly`, `writeOnly`, and any `x-*`.
//!
//! Anything else (another keyword, an inline object or enum, a `$ref` outside `$defs`, a type
//! that contains itself without an array, names that collide in Rust, ...) is a
//! [`SchemaError`] naming the file and the JSON pointer.

pub mod error;
pub mod ir;
pub mod names;
pub mod render;
pub mod understand;

pub use error::SchemaError;

/// Generates Rust source from the schema text `json`; `file` names it in errors.
pub fn generate(file: &str, json: &str) -> Result<String, SchemaError> {
    let module = parse(file, json)?;
    render::source(&module).map_err(|error| SchemaError {
        file: file.to_owned(),
        pointer: String::new(),
        message: format!("the generated code does not parse (a generator bug): {error}"),
    })
}

/// Reads and understands the schema text `json` without rendering it.
pub fn parse(file: &str, json: &str) -> Result<ir::Module, SchemaError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|error| SchemaError {
        file: file.to_owned(),
        pointer: String::new(),
        message: format!("invalid JSON: {error}"),
    })?;
    understand::understand(file, &value)
}

/// Reads the schema file at `path` and generates Rust source from it.
pub fn generate_file(path: &std::path::Path) -> Result<String, SchemaError> {
    let file = path.display().to_string();
    let json = std::fs::read_to_string(path).map_err(|error| SchemaError {
        file: file.clone(),
        pointer: String::new(),
        message: format!("cannot read the schema: {error}"),
    })?;
    generate(&file, &json)
}
