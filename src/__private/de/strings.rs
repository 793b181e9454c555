//! String unions: the listed value of a string without allocating, and the visitors of open
//! and closed unions.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

/// The listed value of a string union equal to `value`, without allocating.
pub fn known<T>(value: &str) -> Option<T>
where
    T: strum::VariantArray + strum::VariantNames + Clone,
{
    let index = <T as strum::VariantNames>::VARIANTS
        .iter()
        .position(|listed| *listed == value)?;
    <T as strum::VariantArray>::VARIANTS.get(index).cloned()
}

/// Reads any string into an open union: listed values without allocating, others kept as sent.
pub struct OpenStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> OpenStrVisitor<T> {
    /// A visitor that names what it expects with `expecting`.
    pub fn new(expecting: &'static str) -> Self {
        OpenStrVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for OpenStrVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Reads a closed union's string: a listed value, or an "unknown variant" error.
pub struct ClosedStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> ClosedStrVisitor<T> {
    /// A visitor that names what it expects with `expecting`.
    pub fn new(expecting: &'static str) -> Self {
        ClosedStrVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for ClosedStrVisitor<T>
where
    T: strum::VariantArray + strum::VariantNames + Clone,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        known(value).ok_or_else(|| E::unknown_variant(value, <T as strum::VariantNames>::VARIANTS))
    }
}
