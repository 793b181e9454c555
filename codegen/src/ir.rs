//! The intermediate model: what the schema means, independent of how it is rendered.
//!
//! [`understand`](crate::understand) builds it from JSON and finds every problem;
//! [`render`](crate::render) turns it into Rust and cannot fail on a model that was built. Named
//! types are referenced by [`TypeId`]; nothing here holds raw JSON, and every node keeps the
//! JSON pointer it came from.

use crate::pointer::Pointer;

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

/// A JSON value written as canonical JSON text (for annotations that are shown, not computed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonText(pub String);

/// Rules on a value (JSON Schema validation keywords, and custom checks).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Numeric bounds, in schema keyword order.
    pub bounds: Vec<(Bound, Limit)>,
    /// Counts of characters or items.
    pub counts: Vec<(Count, u64)>,
    /// `x-rust-check`: functions of the crate's `checks` module that the value must pass.
    pub checks: Vec<String>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty() && self.counts.is_empty() && self.checks.is_empty()
    }
}

/// A numeric bound keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `minimum`: value ≥ limit.
    Minimum,
    /// `exclusiveMinimum`: value > limit.
    ExclusiveMinimum,
    /// `maximum`: value ≤ limit.
    Maximum,
    /// `exclusiveMaximum`: value < limit.
    ExclusiveMaximum,
}

/// The limit of a bound, typed as the value it bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// For `type: integer`: a whole number an `i64` holds.
    Integer(i64),
    /// For `type: number`: a finite float.
    Number(f64),
}

/// A keyword that bounds a count: of characters or of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// `minLength` (code points).
    MinLength,
    /// `maxLength` (code points).
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

/// The type of a value (of a property, an array item or an alias).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `type: string`.
    String,
    /// `type: integer`, held by the narrowest Rust integer its bounds allow.
    Integer(Width),
    /// `type: number` (a 64-bit float).
    Number,
    /// `type: boolean`.
    Boolean,
    /// `type: array` with `items`.
    Array(Box<TypeRef>),
    /// `$ref: "#/$defs/Name"`.
    Named(TypeId),
}

/// The Rust integer type of a `type: integer` value: the narrowest that holds every value its
/// bounds allow (unsigned where the minimum is 0 or more), `i64` where it is not bounded below.
/// Bounds are limited to what an `i64` holds, so every width reads through one `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

impl Width {
    /// The narrowest width that holds every integer of the bounds' range.
    pub fn of_bounds(bounds: &[(Bound, Limit)]) -> Width {
        let (mut low, mut high) = (i64::MIN, i64::MAX);
        for (bound, limit) in bounds {
            let Limit::Integer(n) = *limit else { continue };
            match bound {
                Bound::Minimum => low = low.max(n),
                Bound::ExclusiveMinimum => low = low.max(n.saturating_add(1)),
                Bound::Maximum => high = high.min(n),
                Bound::ExclusiveMaximum => high = high.min(n.saturating_sub(1)),
            }
        }
        let widths: &[(Width, i64, i64)] = if low >= 0 {
            &[
                (Width::U8, 0, u8::MAX as i64),
                (Width::U16, 0, u16::MAX as i64),
                (Width::U32, 0, u32::MAX as i64),
            ]
        } else {
            &[
                (Width::I8, i8::MIN as i64, i8::MAX as i64),
                (Width::I16, i16::MIN as i64, i16::MAX as i64),
                (Width::I32, i32::MIN as i64, i32::MAX as i64),
            ]
        };
        let fallback = if low >= 0 { Width::U64 } else { Width::I64 };
        widths
            .iter()
            .find(|(_, min, max)| *min <= low && high <= *max)
            .map_or(fallback, |(width, ..)| *width)
    }

    /// The Rust type's name.
    pub fn rust_name(self) -> &'static str {
        match self {
            Width::U8 => "u8",
            Width::U16 => "u16",
            Width::U32 => "u32",
            Width::U64 => "u64",
            Width::I8 => "i8",
            Width::I16 => "i16",
            Width::I32 => "i32",
            Width::I64 => "i64",
        }
    }
}

/// A union of string constants.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// The listed values, in schema order.
    pub variants: Vec<Variant>,
    /// Whether any other string is accepted too (a plain `{"type": "string"}` member).
    pub open: bool,
    /// Methods declared by `x-methods`, valued per member by `x-<name>` annotations.
    pub methods: Vec<Method>,
    /// `x-diagnostic-code`: the validator's code for a value the union does not list.
    pub unlisted_code: Option<String>,
    /// `x-rust-note`: a function of the crate's `checks` module that may say something about
    /// a listed value (the validator's warning for a retired model).
    pub note: Option<String>,
}

/// One listed value of a string union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The value on the wire.
    pub value: String,
    /// The Rust variant name.
    pub ident: String,
    /// The member's `description`.
    pub doc: Option<String>,
    /// The member's value of each method it has one for, in [`StringEnum::methods`] order.
    pub values: Vec<Option<MethodValue>>,
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
    /// Every value names another listed value: `Option<Self>`.
    SelfRef,
    /// Strings: `Option<&'static str>`.
    Str,
    /// Whole numbers from 0 to 65535: `Option<u16>`.
    U16,
    /// Other whole numbers: `Option<i64>`.
    I64,
    /// Booleans: `bool`, `false` where a member has none.
    Bool,
    /// Calendar dates (declared with `"format": "date"`): `Option<Date>`.
    Date,
    /// Other listed values, each for a span of dates (declared with `"dated": true`):
    /// `&'static [Dated<Self>]`, empty where a member has none.
    DatedSelfRef,
}

/// One member's value of a method, typed by the method's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodValue {
    /// The index of another variant of the same union.
    Variant(usize),
    /// A string.
    Str(String),
    /// A whole number (within the kind's range).
    Integer(i64),
    /// A boolean.
    Bool(bool),
    /// A calendar date, checked when the schema was read.
    Date(CalendarDate),
    /// Other variants, each with the span of dates it holds for.
    Dated(Vec<DatedVariant>),
}

/// A calendar date of the Gregorian calendar (`YYYY-MM-DD`), known to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate {
    /// The year, 0000 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day, 1 to the month's length.
    pub day: u8,
}

impl CalendarDate {
    /// The date written `YYYY-MM-DD` (RFC 3339's `full-date`), if it exists.
    pub fn parse(text: &str) -> Option<CalendarDate> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = bytes.get(range)?;
            part.iter().all(u8::is_ascii_digit).then(|| {
                part.iter()
                    .fold(0u16, |n, digit| n * 10 + u16::from(digit - b'0'))
            })
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = digits(0..4)?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let length = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=length)
            .contains(&day)
            .then_some(CalendarDate { year, month, day })
    }
}

/// A listed value that holds for a span of dates (either end may be open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedVariant {
    /// The index of the variant.
    pub variant: usize,
    /// The first day it holds, if known.
    pub from: Option<CalendarDate>,
    /// The last day it holds, if known.
    pub through: Option<CalendarDate>,
}

/// A union of object types with a tag property.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// The key of the shared `const` property (e.g. `type`).
    pub tag: String,
    /// One variant per member, in schema order.
    pub variants: Vec<TaggedVariant>,
    /// Whether a catch-all member keeps objects of other tags, and its doc.
    pub other: Option<CatchAll>,
    /// `x-diagnostic-code`: the validator's code for a tag the union does not list.
    pub unlisted_code: Option<String>,
}

/// The catch-all member of an open tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct CatchAll {
    /// Its `description`, or a default.
    pub doc: String,
}

/// One member of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The tag value that selects this member.
    pub value: String,
    /// The Rust variant name.
    pub ident: String,
    /// The member's object type.
    pub ty: TypeId,
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
