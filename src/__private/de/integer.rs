//! Integers as JSON Schema reads them: an integer-valued float such as `1.0` is an integer,
//! and every Rust integer the generator picks reads through one `i64`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess};

use super::fill_seed;

/// The `i64` a float is, when it is a whole number an `i64` holds (`1.0`, `-3e2`): JSON
/// Schema counts those as integers, and so do the Rust types and the walker.
pub fn whole(float: f64) -> Option<i64> {
    // 2^63 is exact as an f64; every whole f64 in [-2^63, 2^63) converts exactly.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (float.fract() == 0.0 && (-LIMIT..LIMIT).contains(&float)).then_some(float as i64)
}

/// Reads the value of `key`, a type made of integers, into its empty `slot`; integer-valued
/// floats read as integers.
pub fn fill_integer<'de, A, T>(
    slot: &mut Option<T>,
    key: &'static str,
    map: &mut A,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Whole,
{
    fill_seed(slot, key, map, WholeSeed(PhantomData))
}

/// A type made of integers: the Rust integers the generator picks (each holds only values
/// an `i64` holds, as the schema's bounds are `i64`s), and options and vectors of them.
pub trait Whole: Sized {
    /// Reads the value, taking an integer-valued float for an integer.
    fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct WholeSeed<T>(PhantomData<T>);

impl<'de, T: Whole> DeserializeSeed<'de> for WholeSeed<T> {
    type Value = T;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// An integer of type `T`, read as an `i64` (or an integer-valued float) and narrowed.
struct Integer<T>(PhantomData<T>);

impl<T: TryFrom<i64>> de::Visitor<'_> for Integer<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::any::type_name::<T>())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        i64::try_from(value)
            .ok()
            .and_then(|value| T::try_from(value).ok())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        let unexpected = de::Unexpected::Float(value);
        match whole(value) {
            Some(whole) => T::try_from(whole).map_err(|_| E::invalid_value(unexpected, &self)),
            None => Err(E::invalid_type(unexpected, &self)),
        }
    }
}

macro_rules! whole_integers {
    ($($int:ty),*) => {$(
        impl Whole for $int {
            fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(Integer(PhantomData))
            }
        }
    )*};
}

whole_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<T: Whole> Whole for Option<T> {
    fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Nullable<T>(PhantomData<T>);

        impl<'de, T: Whole> de::Visitor<'de> for Nullable<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} or null", std::any::type_name::<T>())
            }

            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::read(d).map(Some)
            }
        }

        deserializer.deserialize_option(Nullable(PhantomData))
    }
}

impl<T: Whole> Whole for Vec<T> {
    fn read<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);

        impl<'de, T: Whole> de::Visitor<'de> for Items<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(WholeSeed(PhantomData))? {
                    items.push(item);
                }
                Ok(items)
            }
        }

        deserializer.deserialize_seq(Items(PhantomData))
    }
}
