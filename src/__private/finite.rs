//! Floats JSON cannot hold (NaN, the infinities): refused when a value is written, and
//! reported by `validate()`, which writes the value in a checking mode to see them.

thread_local! {
    /// Set while `validate()` writes a value to check it: there a float that is not finite is
    /// written as a string saying so, which the check reports (with its pointer) as a value
    /// of the wrong type, whether or not the field may be `null`.
    static CHECKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What a non-finite float is written as while `validate()` checks a value.
pub(crate) const NOT_FINITE: &str = "NaN or an infinity (JSON has no number for it)";

/// Runs `write` in checking mode (for `validate()`); the mode ends with it, even on a panic.
pub(crate) fn writing_to_check<T>(write: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CHECKING.with(|checking| checking.set(self.0));
        }
    }
    let _restore = Restore(CHECKING.with(|checking| checking.replace(true)));
    write()
}

/// A float field's value: every float in it finite, or written so that a check sees which.
pub trait Finite {
    /// Whether no float in the value is NaN or infinite.
    fn is_finite(&self) -> bool;
    /// Writes the value, a non-finite float as a string saying so (checking mode).
    fn serialize_checked<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl Finite for f64 {
    fn is_finite(&self) -> bool {
        f64::is_finite(*self)
    }

    fn serialize_checked<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if f64::is_finite(*self) {
            serializer.serialize_f64(*self)
        } else {
            serializer.serialize_str(NOT_FINITE)
        }
    }
}

impl<T: Finite + serde::Serialize> Finite for Option<T> {
    fn is_finite(&self) -> bool {
        self.as_ref().is_none_or(Finite::is_finite)
    }

    fn serialize_checked<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&FiniteRef(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Finite + serde::Serialize> Finite for Vec<T> {
    fn is_finite(&self) -> bool {
        self.iter().all(Finite::is_finite)
    }

    fn serialize_checked<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(FiniteRef))
    }
}

/// A float value written through [`finite`] (for the `Serialize` impls the `Object` derive writes).
pub struct FiniteRef<'a, T>(pub &'a T);

impl<T: Finite + serde::Serialize> serde::Serialize for FiniteRef<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        finite(self.0, serializer)
    }
}

/// Writes a float value; NaN and the infinities are an error, since JSON has no number for
/// them (serde_json would write `null`, which the API reads as something else, or refuses).
pub fn finite<T: Finite + serde::Serialize, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    write_finite(None, value, serializer)
}

/// A float field's value with its key (for the `Serialize` impls the `Object` derive writes): written as by
/// [`finite`], with the key in the error.
pub struct FiniteField<'a, T>(pub &'static str, pub &'a T);

impl<T: Finite + serde::Serialize> serde::Serialize for FiniteField<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_finite(Some(self.0), self.1, serializer)
    }
}

fn write_finite<T: Finite + serde::Serialize, S: serde::Serializer>(
    key: Option<&str>,
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if CHECKING.with(std::cell::Cell::get) {
        return value.serialize_checked(serializer);
    }
    if !value.is_finite() {
        let what = key.map_or_else(|| "a float".to_owned(), |key| format!("`{key}`"));
        return Err(serde::ser::Error::custom(format!(
            "{what} is NaN or infinite, and JSON has no number for it: set a finite value"
        )));
    }
    value.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Floats {
        #[serde(serialize_with = "finite")]
        list: Vec<f64>,
        #[serde(serialize_with = "finite")]
        nullable: Option<Option<f64>>,
    }

    #[test]
    fn every_float_shape_is_refused_when_written_and_seen_when_checked() {
        let bad_list = Floats {
            list: vec![1.0, f64::NAN],
            nullable: None,
        };
        assert!(serde_json::to_string(&bad_list).is_err());
        let bad_nullable = Floats {
            list: vec![],
            nullable: Some(Some(f64::INFINITY)),
        };
        assert!(serde_json::to_string(&bad_nullable).is_err());
        let good = Floats {
            list: vec![1.5],
            nullable: Some(None),
        };
        assert_eq!(
            serde_json::to_string(&good).unwrap(),
            r#"{"list":[1.5],"nullable":null}"#
        );
        // Checking: the value is written, the bad float as a string that says what it was.
        let checked = writing_to_check(|| serde_json::to_string(&bad_list)).unwrap();
        assert_eq!(
            checked,
            format!(r#"{{"list":[1.0,"{NOT_FINITE}"],"nullable":null}}"#)
        );
        let checked = writing_to_check(|| serde_json::to_string(&bad_nullable)).unwrap();
        assert!(checked.contains(NOT_FINITE), "{checked}");
        // The mode ends with the write.
        assert!(serde_json::to_string(&bad_list).is_err());
    }
}
