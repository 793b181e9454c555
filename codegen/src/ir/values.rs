//! Values in the model: their types (integer widths included) and constraints.

use super::TypeId;

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
