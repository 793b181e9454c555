//! What the generated code calls, and nothing else: the rules tables and their walker
//! (`rules`, `walk`), serde helpers (`de`, `tagged`), and schemars helpers (`schema`).
//!
//! Public only so that code generated outside the crate (its tests) can call it; not part of
//! the API, and free to change in any release.

mod de;
mod finite;
mod rules;
mod schema;
mod ser;
mod tagged;
mod walk;

pub use crate::{Date, Dated, Violation, Violations};
pub use anthropic_completions_derive::{Object, StringUnion, Tagged};
pub use de::{
    ClosedStrVisitor, Kept, Object, ObjectVisitor, OpenStrVisitor, Whole, fill, fill_const,
    fill_integer, fill_or_keep, next_key, other_object, required, whole,
};
pub(crate) use finite::writing_to_check;
pub use finite::{Finite, FiniteField, FiniteRef, finite};
pub use rules::{
    Check, CheckError, Described, Failure, FieldRule, FieldValue, Limit, Note, Number, ObjectRules,
    Presence, TaggedRules, Ty, UnionRules, failure,
};
pub use schema::{
    Annotation, AnnotationValue, dated_annotation, define_alias, object_schema, schema_document,
    string_union_schema, tagged_union_schema,
};
pub use ser::{entry, extra, extra_len_unless_set, extra_unless_set};
pub use tagged::{Tagged, TaggedVisitor};
pub use walk::{
    Checked, KEPT_PER_WALK, Pick, Picked, Problem, ProblemKind, UnionValue, check, is_shortened,
    show, validate,
};
pub(crate) use walk::{check_counting, check_json, check_json_object};
