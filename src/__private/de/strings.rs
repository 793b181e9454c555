//! The visitors of open and closed string unions (their `From<&str>` and `TryFrom<&str>`
//! match the listed values without allocating).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

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
    T: for<'a> TryFrom<&'a str> + strum::VariantNames,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        T::try_from(value)
            .map_err(|_| E::unknown_variant(value, <T as strum::VariantNames>::VARIANTS))
    }
}
