//! Unions in the model: of strings (with their members' methods and dates) and tagged ones.

use super::TypeId;

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
