//! The intermediate model: what the schema means, independent of how it is rendered.
//!
//! [`understand`](crate::understand) builds it from JSON and finds every problem;
//! [`render`](crate::render) turns it into Rust and cannot fail on a model that was built. Named
//! types are referenced by [`TypeId`]; nothing here holds raw JSON, and every node keeps the
//! JSON pointer it came from.

use crate::pointer::Pointer;

mod unions;
mod values;

pub use unions::*;
pub use values::*;

/// A whole schema, understood: its named types in schema order.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The root's `title`, if any.
    pub title: Option<String>,
    /// The root's `description`, if any.
    pub description: Option<String>,
    /// One entry per `$defs` member; a [`TypeId`] indexes this list.
    pub types: Vec<TypeDef>,
}

/// A reference to a named type: its index in [`Module::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// One named type (a `$defs` member).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The name under `$defs`, as written in the schema.
    pub name: String,
    /// The Rust identifier of the type.
    pub ident: String,
    /// Where the definition is.
    pub pointer: Pointer,
    /// The schema's `description`.
    pub doc: Option<String>,
    /// The schema's `examples`, each as compact JSON text: rendered as doc examples that
    /// read the value and write it back unchanged.
    pub examples: Vec<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The kinds of named types the generator knows.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `type: object`: a struct.
    Struct(Struct),
    /// `anyOf`/`oneOf` of string `const`s (or `enum` of strings).
    StringEnum(StringEnum),
    /// A named primitive, array or reference: a type alias.
    Alias(TypeRef),
    /// `oneOf` of `$ref`s to object types told apart by a shared `const` property.
    TaggedUnion(TaggedUnion),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in schema order.
    pub fields: Vec<Field>,
    /// What happens to keys the schema does not declare.
    pub unknown_keys: UnknownKeys,
}

/// What an object does with undeclared keys (`additionalProperties`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownKeys {
    /// Absent or `true`: kept in an `extra` map, so that a round trip loses nothing.
    Keep,
    /// `false`: an error.
    Reject,
}

/// One property of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key on the wire.
    pub key: String,
    /// The Rust field name.
    pub ident: String,
    /// Where the property schema is.
    pub pointer: Pointer,
    /// The property's `description`.
    pub doc: Option<String>,
    /// What the property holds.
    pub shape: FieldShape,
}

/// What a property holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldShape {
    /// A required string constant: checked when reading, always written, not stored.
    Const(String),
    /// A value of some type.
    Value(ValueField),
}

/// A property that holds a value.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueField {
    /// The value's type when present and not `null`.
    pub ty: TypeRef,
    /// Whether the key must be there, and whether it may be `null`.
    pub presence: Presence,
    /// Rules on the value that deserialization does not check.
    pub constraints: Constraints,
    /// The `default` annotation, as canonical JSON text.
    pub default: Option<JsonText>,
    /// `x-undocumented`: the API's contract does not declare the property (real traffic
    /// carries it), so a value of the wrong type is a warning of the validator.
    pub undocumented: bool,
}

/// Whether a key must be present and whether its value may be `null`: the four Rust field
/// types `T`, `Option<T>` (twice) and `Option<Option<T>>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Listed in `required`, not nullable: `T`.
    Required,
    /// Listed in `required`, nullable: `Option<T>`, `None` is `null`.
    RequiredNullable,
    /// Not required, not nullable: `Option<T>`, `None` is absent.
    Optional,
    /// Not required, nullable: `Option<Option<T>>` (absent, `null`, value).
    OptionalNullable,
}

impl Presence {
    /// The presence of a property with these two facts.
    pub fn new(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Whether the key must be present.
    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    /// Whether the value may be `null`.
    pub fn is_nullable(self) -> bool {
        matches!(
            self,
            Presence::RequiredNullable | Presence::OptionalNullable
        )
    }
}

impl Module {
    /// The named type `id` refers to.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Whether values of `ty` are integers or arrays of them (aliases followed): their Rust
    /// integers read integer-valued numbers such as `1.0` too.
    pub fn holds_integers(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Understanding refused alias cycles; the bound keeps a bug from hanging.
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Integer(_) => return true,
                TypeRef::Array(item) => ty = item,
                TypeRef::Named(id) => match &self.get(*id).kind {
                    TypeKind::Alias(target) => ty = target,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// Whether values of the named type can derive `Eq`: everything but floats and the types
    /// that hold one.
    pub fn is_eq(&self, id: TypeId) -> bool {
        self.is_eq_guarded(id, &mut vec![false; self.types.len()])
    }

    // `seen` stops the walk on recursive types: a cycle adds nothing new.
    fn is_eq_guarded(&self, id: TypeId, seen: &mut [bool]) -> bool {
        if std::mem::replace(&mut seen[id.0], true) {
            return true;
        }
        match &self.get(id).kind {
            TypeKind::StringEnum(_) => true,
            TypeKind::Alias(ty) => self.ref_is_eq(ty, seen),
            TypeKind::TaggedUnion(union) => union
                .variants
                .iter()
                .all(|v| self.is_eq_guarded(v.ty, seen)),
            TypeKind::Struct(s) => s.fields.iter().all(|f| match &f.shape {
                FieldShape::Const(_) => true,
                FieldShape::Value(value) => self.ref_is_eq(&value.ty, seen),
            }),
        }
    }

    fn ref_is_eq(&self, ty: &TypeRef, seen: &mut [bool]) -> bool {
        match ty {
            TypeRef::Number => false,
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Boolean => true,
            TypeRef::Array(item) => self.ref_is_eq(item, seen),
            TypeRef::Named(id) => self.is_eq_guarded(*id, seen),
        }
    }
}
