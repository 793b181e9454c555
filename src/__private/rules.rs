//! The rules tables the generated code declares: what a valid value of each type is, as data.
//! One table per type, read by the walker, the object visitor, the `JsonSchema` impls and the
//! validator.

use std::fmt::Display;

/// A generated type and its rules table.
pub trait Described {
    /// The type's rules.
    const RULES: Ty;
}

/// The type of a value, as the rules see it (aliases already followed).
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A string.
    String,
    /// An integer an `i64` holds.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// An array of values of one type.
    Array(&'static Ty),
    /// An object type.
    Object(&'static ObjectRules),
    /// A union of string constants.
    Union(&'static UnionRules),
    /// A union of object types told apart by a tag.
    Tagged(&'static TaggedRules),
}

/// An object type.
#[derive(Debug)]
pub struct ObjectRules {
    /// The name under `$defs`.
    pub name: &'static str,
    /// The schema's description.
    pub description: Option<&'static str>,
    /// Whether undeclared keys are allowed (and kept).
    pub keeps_unknown_keys: bool,
    /// The properties, in schema order.
    pub fields: &'static [FieldRule],
}

impl ObjectRules {
    /// The index of the declared key `key` in [`Self::fields`]. Lengths and first bytes rule
    /// out most keys before any comparison of the bytes. (Generated `Deserialize` impls match
    /// keys with a `match` of their own, which the compiler makes faster still.)
    #[inline]
    pub fn index_of(&self, key: &str) -> Option<usize> {
        let bytes = key.as_bytes();
        self.fields.iter().position(|field| {
            let candidate = field.key.as_bytes();
            candidate.len() == bytes.len()
                && candidate.first() == bytes.first()
                && candidate == bytes
        })
    }
}

/// One property.
#[derive(Debug)]
pub struct FieldRule {
    /// The key.
    pub key: &'static str,
    /// Whether the key must be there and whether its value may be `null`.
    pub presence: Presence,
    /// The value: a constant, or a value of a type.
    pub value: FieldValue,
    /// Rules on the value beyond its type.
    pub limits: &'static [Limit],
    /// The `default` annotation, as JSON text.
    pub default: Option<&'static str>,
    /// The property's description.
    pub description: Option<&'static str>,
    /// `x-undocumented`: the API's contract does not declare it (real traffic carries it).
    pub undocumented: bool,
}

/// What a property holds.
#[derive(Debug, Clone, Copy)]
pub enum FieldValue {
    /// A string constant (always required).
    Const(&'static str),
    /// A value of a type.
    Of(Ty),
}

/// Whether a key must be present and whether its value may be `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable.
    Required,
    /// Required, nullable.
    RequiredNullable,
    /// Optional, not nullable.
    Optional,
    /// Optional and nullable.
    OptionalNullable,
}

impl Presence {
    /// Whether the key must be present.
    pub const fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    /// Whether `null` is allowed.
    pub const fn is_nullable(self) -> bool {
        matches!(
            self,
            Presence::RequiredNullable | Presence::OptionalNullable
        )
    }
}

impl FieldRule {
    /// A required, non-nullable property.
    pub const fn required(key: &'static str, ty: Ty) -> FieldRule {
        FieldRule::new(key, Presence::Required, ty)
    }

    /// A required property that may be `null`.
    pub const fn nullable(key: &'static str, ty: Ty) -> FieldRule {
        FieldRule::new(key, Presence::RequiredNullable, ty)
    }

    /// An optional, non-nullable property.
    pub const fn optional(key: &'static str, ty: Ty) -> FieldRule {
        FieldRule::new(key, Presence::Optional, ty)
    }

    /// An optional property that may be `null`.
    pub const fn optional_nullable(key: &'static str, ty: Ty) -> FieldRule {
        FieldRule::new(key, Presence::OptionalNullable, ty)
    }

    /// A property holding a value of `ty`.
    pub const fn new(key: &'static str, presence: Presence, ty: Ty) -> FieldRule {
        FieldRule {
            key,
            presence,
            value: FieldValue::Of(ty),
            limits: &[],
            default: None,
            description: None,
            undocumented: false,
        }
    }

    /// A required string constant.
    pub const fn constant(key: &'static str, value: &'static str) -> FieldRule {
        FieldRule {
            key,
            presence: Presence::Required,
            value: FieldValue::Const(value),
            limits: &[],
            default: None,
            description: None,
            undocumented: false,
        }
    }

    /// With these limits.
    pub const fn limits(self, limits: &'static [Limit]) -> FieldRule {
        FieldRule { limits, ..self }
    }

    /// With this `default` (JSON text).
    pub const fn default(self, default: &'static str) -> FieldRule {
        FieldRule {
            default: Some(default),
            ..self
        }
    }

    /// Not declared by the API's contract.
    pub const fn undocumented(self) -> FieldRule {
        FieldRule {
            undocumented: true,
            ..self
        }
    }

    /// With this description.
    pub const fn doc(self, description: &'static str) -> FieldRule {
        FieldRule {
            description: Some(description),
            ..self
        }
    }
}

/// A union of string constants.
#[derive(Debug)]
pub struct UnionRules {
    /// The name under `$defs`.
    pub name: &'static str,
    /// The schema's description.
    pub description: Option<&'static str>,
    /// The listed values, in schema order.
    pub values: &'static [&'static str],
    /// Whether other strings are allowed (and kept).
    pub open: bool,
    /// `x-diagnostic-code`: the validator's code for a value the union does not list.
    pub unlisted_code: Option<&'static str>,
    /// `x-rust-note`: what to say about a listed value in a record made on the day given
    /// (where known), if anything.
    pub note: Option<NoteFn>,
}

/// A union of object types told apart by a tag property.
#[derive(Debug)]
pub struct TaggedRules {
    /// The name under `$defs`.
    pub name: &'static str,
    /// The schema's description.
    pub description: Option<&'static str>,
    /// The tag's key.
    pub tag: &'static str,
    /// Each listed tag and its member type.
    pub variants: &'static [(&'static str, &'static ObjectRules)],
    /// The description of the catch-all member, when objects of other tags are allowed.
    pub other: Option<&'static str>,
    /// `x-diagnostic-code`: the validator's code for a tag the union does not list.
    pub unlisted_code: Option<&'static str>,
}

/// A number in a bound, typed as the value it bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A bound of an integer.
    Integer(i64),
    /// A bound of a number.
    Float(f64),
}

/// A rule on a value beyond its type.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// `minimum`.
    Minimum(Number),
    /// `exclusiveMinimum`.
    ExclusiveMinimum(Number),
    /// `maximum`.
    Maximum(Number),
    /// `exclusiveMaximum`.
    ExclusiveMaximum(Number),
    /// `minLength` (code points).
    MinLength(u64),
    /// `maxLength` (code points).
    MaxLength(u64),
    /// `minItems`.
    MinItems(u64),
    /// `maxItems`.
    MaxItems(u64),
    /// `x-rust-check`: the function's name and the function.
    Check(&'static str, Check),
}

impl Limit {
    /// The JSON Schema keyword, or the custom check's name.
    pub fn keyword(&self) -> &'static str {
        match self {
            Limit::Minimum(_) => "minimum",
            Limit::ExclusiveMinimum(_) => "exclusiveMinimum",
            Limit::Maximum(_) => "maximum",
            Limit::ExclusiveMaximum(_) => "exclusiveMaximum",
            Limit::MinLength(_) => "minLength",
            Limit::MaxLength(_) => "maxLength",
            Limit::MinItems(_) => "minItems",
            Limit::MaxItems(_) => "maxItems",
            Limit::Check(name, _) => name,
        }
    }
}

/// A custom check, by the type of value it takes.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Of a string.
    Str(fn(&str) -> Option<Failure>),
    /// Of an integer.
    Integer(fn(&i64) -> Option<Failure>),
    /// Of a number.
    Number(fn(&f64) -> Option<Failure>),
    /// Of a boolean.
    Boolean(fn(&bool) -> Option<Failure>),
}

/// Why a custom check failed: its message, and where in the string value, if it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What is wrong.
    pub message: String,
    /// The byte offset in the string value where it is wrong.
    pub offset: Option<usize>,
}

/// The error of a custom check.
pub trait CheckError: Display {
    /// The byte offset in the checked string where the problem is, if it has one.
    fn offset(&self) -> Option<usize> {
        None
    }
}

impl CheckError for String {}

impl CheckError for &str {}

/// A check's result as a [`Failure`].
pub fn failure<E: CheckError>(result: Result<(), E>) -> Option<Failure> {
    result.err().map(|error| Failure {
        message: error.to_string(),
        offset: error.offset(),
    })
}

/// An `x-rust-note` function: what to say about a listed value in a record made on the day
/// given, where known.
pub type NoteFn = fn(&str, Option<crate::Date>) -> Option<Note>;

/// What an `x-rust-note` function says about a listed value: a warning of the validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The diagnostic code.
    pub code: &'static str,
    /// The message.
    pub message: String,
}
