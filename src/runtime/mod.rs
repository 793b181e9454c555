//! What the generated code calls at run time, so that it stays declarative: serde helpers
//! (`de`, `tagged`), schemars helpers (`schema`) and value checks (`check`).

mod check;
mod de;
mod schema;
mod tagged;

pub(crate) use check::*;
pub(crate) use de::*;
pub(crate) use schema::*;
pub(crate) use tagged::*;
