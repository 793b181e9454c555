//! The JSON Schema of the crate's types, made from the Rust types.

/// The JSON Schema (draft 2020-12) of every public type of this crate, in one document with
/// each type under `$defs`, made by `schemars` from the Rust types.
///
/// It agrees with the source schema (`schema/completions.schema.json`); the crate's tests prove
/// it, structurally and by validating generated instances with both. A copy is checked in as
/// `schema/generated/completions.export.schema.json`.
///
/// ```
/// let schema = anthropic_completions::json_schema();
/// let completion = &schema.as_value()["$defs"]["Completion"];
/// assert_eq!(completion["properties"]["type"]["const"], "completion");
/// assert_eq!(completion["required"][0], "type");
/// ```
// Inline: the schemas of every type are built (and compiled) in the crate that asks for them.
#[inline]
pub fn json_schema() -> schemars::Schema {
    crate::types::schema_document()
}
