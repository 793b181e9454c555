//! What the generated code calls at run time, so that it stays declarative: serde helpers
//! (`de`, `tagged`), schemars helpers (`schema`), value checks (`check`) and structural checks
//! of untyped values (`problems`).

mod check;
mod de;
mod problems;
mod schema;
mod tagged;

pub(crate) use check::*;
pub(crate) use de::*;
pub(crate) use problems::*;
pub(crate) use schema::*;
pub(crate) use tagged::*;
