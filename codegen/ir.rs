//! The intermediate model: what the schema means, independent of how it is rendered.
//!
//! `understand` builds it from JSON; `render` turns it into Rust. Every node keeps the JSON
//! pointer it came from, so later stages can still say where a problem is.

/// A whole schema, understood: its named types in schema order.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The root's `title`, if any.
    pub title: Option<String>,
    /// The root's `description`, if any.
    pub description: Option<String>,
    /// One entry per `$defs` member.
    pub types: Vec<TypeDef>,
}

/// One named type (a `$defs` member).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The name under `$defs`, as written in the schema.
    pub name: String,
    /// The Rust identifier of the type.
    pub ident: String,
    /// JSON pointer of the definition.
    pub pointer: String,
    /// The schema's `description`, which becomes the doc comment.
    pub doc: Option<String>,
    /// What kind of Rust type it becomes.
    pub kind: TypeKind,
}

/// The kinds of named types the generator knows.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `type: object` with `properties`: a struct.
    Struct(Struct),
    /// `anyOf`/`oneOf` of string `const`s (or `enum` of strings): a Rust enum of unit variants,
    /// plus an `Other(String)` variant when the union is open.
    StringEnum(StringEnum),
    /// A named primitive or array: a type alias.
    Alias(TypeRef),
    /// `oneOf` of `$ref`s to object types told apart by a shared `const` property: an enum
    /// with one newtype variant per member.
    TaggedUnion(TaggedUnion),
}

/// A union of object types with a tag property.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// The key of the shared `const` property (e.g. `type`).
    pub tag: String,
    /// One variant per member, in schema order.
    pub variants: Vec<TaggedVariant>,
    /// `Some(doc)` when a catch-all member (an object whose tag is none of the listed values)
    /// makes the union open: an `Other` variant keeps such objects.
    pub open: Option<String>,
}

/// One member of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The tag value that selects this member.
    pub value: String,
    /// The Rust variant name.
    pub ident: String,
    /// The Rust identifier of the member's type.
    pub ty: String,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in schema order.
    pub fields: Vec<Field>,
    /// Whether undeclared keys are allowed (`additionalProperties` absent or `true`). They are then
    /// kept in an `extra` map so that a round trip loses nothing; otherwise they are an error.
    pub keeps_unknown_keys: bool,
}

/// One property of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key on the wire.
    pub key: String,
    /// The Rust field name (ignored for constants, which have no field).
    pub ident: String,
    /// JSON pointer of the property schema.
    pub pointer: String,
    /// The property's `description`.
    pub doc: Option<String>,
    /// What the value is.
    pub shape: FieldShape,
}

/// What a property holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldShape {
    /// A required string constant: checked when reading, always written, not stored.
    Const(String),
    /// A value of some type.
    Value {
        /// The value's type when present and not `null`.
        ty: TypeRef,
        /// Listed in `required`: the key must be present.
        required: bool,
        /// `null` is allowed.
        nullable: bool,
        /// Constraints on the value, checked by `validate()`, not by deserialization.
        constraints: Constraints,
        /// The `default` annotation: what the API assumes when the key is absent.
        default: Option<serde_json::Value>,
    },
}

/// Value constraints of a property (JSON Schema validation keywords, and custom checks).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum` (numbers).
    pub bounds: Vec<(Bound, serde_json::Number)>,
    /// `minLength`, `maxLength` (strings, in Unicode code points), `minItems`, `maxItems`.
    pub lengths: Vec<(Count, u64)>,
    /// `x-rust-check`: functions of the crate's `checks` module that the value must pass.
    pub checks: Vec<String>,
}

/// A numeric bound keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `minimum`: value ≥ bound.
    Minimum,
    /// `exclusiveMinimum`: value > bound.
    ExclusiveMinimum,
    /// `maximum`: value ≤ bound.
    Maximum,
    /// `exclusiveMaximum`: value < bound.
    ExclusiveMaximum,
}

/// A keyword that bounds a count: of characters or of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// `minLength`.
    MinLength,
    /// `maxLength`.
    MaxLength,
    /// `minItems`.
    MinItems,
    /// `maxItems`.
    MaxItems,
}

impl Bound {
    /// The JSON Schema keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Bound::Minimum => "minimum",
            Bound::ExclusiveMinimum => "exclusiveMinimum",
            Bound::Maximum => "maximum",
            Bound::ExclusiveMaximum => "exclusiveMaximum",
        }
    }
}

impl Count {
    /// The JSON Schema keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Count::MinLength => "minLength",
            Count::MaxLength => "maxLength",
            Count::MinItems => "minItems",
            Count::MaxItems => "maxItems",
        }
    }
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty() && self.lengths.is_empty() && self.checks.is_empty()
    }
}

/// A reference to a type from a property (or an alias).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `type: string`.
    String,
    /// `type: integer` (a signed 64-bit integer).
    Integer,
    /// `type: number` (a 64-bit float).
    Number,
    /// `type: boolean`.
    Boolean,
    /// `type: array` with `items`.
    Array(Box<TypeRef>),
    /// `$ref: "#/$defs/Name"`: the Rust identifier of the named type.
    Named(String),
}

/// A union of string constants.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// The known values, in schema order.
    pub variants: Vec<Variant>,
    /// Whether any other string is accepted too (a plain `{"type": "string"}` member).
    pub open: bool,
    /// Methods declared by `x-methods`, valued per member by `x-<name>` annotations.
    pub methods: Vec<Method>,
}

/// A method of a string union whose value comes from an annotation on each member.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The name in the schema (`retired-on` for the annotation `x-retired-on`).
    pub name: String,
    /// The Rust method name.
    pub ident: String,
    /// The method's doc comment.
    pub doc: String,
    /// What the method returns.
    pub kind: MethodKind,
}

/// The return type of a member method, inferred from the annotation values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// Every value is another listed value of the same union: `Option<Self>`.
    SelfRef,
    /// Strings: `Option<&'static str>`.
    Str,
    /// Whole numbers from 0 to 65535: `Option<u16>`.
    U16,
    /// Other whole numbers: `Option<i64>`.
    I64,
    /// Booleans: `bool`, `false` where a member has none.
    Bool,
}

/// One known value of a string union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The value on the wire.
    pub value: String,
    /// The Rust variant name.
    pub ident: String,
    /// The member's `description`.
    pub doc: Option<String>,
    /// The member's value for each method that it has one for: (method name, value).
    pub annotations: Vec<(String, serde_json::Value)>,
}

impl Module {
    /// The named type with this Rust identifier.
    pub fn get(&self, ident: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.ident == ident)
    }

    /// Whether the named type can derive `Eq`: everything but floats and the types that
    /// contain one.
    pub fn kind_is_eq(&self, kind: &TypeKind) -> bool {
        self.kind_is_eq_guarded(kind, &mut Vec::new())
    }

    // `seen` stops the walk on recursive types: a cycle adds nothing new.
    fn is_eq_guarded<'a>(&'a self, ty: &'a TypeRef, seen: &mut Vec<&'a str>) -> bool {
        match ty {
            TypeRef::Number => false,
            TypeRef::String | TypeRef::Integer | TypeRef::Boolean => true,
            TypeRef::Array(item) => self.is_eq_guarded(item, seen),
            TypeRef::Named(ident) => {
                if seen.contains(&ident.as_str()) {
                    return true;
                }
                seen.push(ident);
                self.get(ident)
                    .is_none_or(|t| self.kind_is_eq_guarded(&t.kind, seen))
            }
        }
    }

    fn kind_is_eq_guarded<'a>(&'a self, kind: &'a TypeKind, seen: &mut Vec<&'a str>) -> bool {
        match kind {
            TypeKind::StringEnum(_) => true,
            TypeKind::Alias(ty) => self.is_eq_guarded(ty, seen),
            TypeKind::TaggedUnion(union) => union.variants.iter().all(|v| {
                if seen.contains(&v.ty.as_str()) {
                    return true;
                }
                seen.push(&v.ty);
                self.get(&v.ty)
                    .is_none_or(|t| self.kind_is_eq_guarded(&t.kind, seen))
            }),
            TypeKind::Struct(s) => s.fields.iter().all(|f| match &f.shape {
                FieldShape::Const(_) => true,
                FieldShape::Value { ty, .. } => self.is_eq_guarded(ty, seen),
            }),
        }
    }
}
