//! The facts of a record read from its text without building it: its top-level keys and a
//! borrowed `type`.

use super::Facts;

impl<'a> Facts<'a> {
    /// The facts of the JSON text `text`, read without building it; `None` when the text must
    /// be read closely: not JSON, not an object, or a `type` written with escapes.
    pub(crate) fn probe(text: &'a str) -> Option<Facts<'a>> {
        // The API writes `type` first: then the prefix says all the decision needs.
        let head = text.trim_start_matches([' ', '\t', '\n', '\r']);
        for (prefix, tag) in [
            ("{\"type\":\"completion\"", "completion"),
            ("{\"type\":\"error\"", "error"),
        ] {
            if head.starts_with(prefix) {
                return Some(Facts {
                    object: true,
                    tag: Some(tag),
                    typed: true,
                    ..Facts::default()
                });
            }
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let facts = serde::de::DeserializeSeed::deserialize(Probe, &mut deserializer).ok()?;
        deserializer.end().ok()?;
        facts
    }
}

/// Reads the top-level keys of an object (and a borrowed `type`), skipping the values.
struct Probe;

impl<'de> serde::de::DeserializeSeed<'de> for Probe {
    type Value = Option<Facts<'de>>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Probe {
    type Value = Option<Facts<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut facts = Facts {
            object: true,
            ..Facts::default()
        };
        let mut escaped_tag = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => {
                    facts.typed = true;
                    match map.next_value::<Tag<'de>>()? {
                        Tag::Borrowed(tag) => facts.tag = Some(tag),
                        Tag::Escaped => escaped_tag = true,
                        Tag::NotAString => facts.tag = None,
                    }
                    continue;
                }
                "prompt" => facts.prompt = true,
                "error" => facts.error = true,
                "completion" => facts.completion = true,
                _ => {}
            }
            map.next_value::<serde::de::IgnoredAny>()?;
        }
        Ok((!escaped_tag).then_some(facts))
    }

    // Anything but an object is read closely (its message shows the value).
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// The value of `type`, as the probe keeps it.
enum Tag<'de> {
    Borrowed(&'de str),
    Escaped,
    NotAString,
}

impl<'de> serde::Deserialize<'de> for Tag<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;

        impl<'de> serde::de::Visitor<'de> for TagVisitor {
            type Value = Tag<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }

            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Tag<'de>, E> {
                Ok(Tag::Borrowed(value))
            }

            fn visit_str<E>(self, _: &str) -> Result<Tag<'de>, E> {
                Ok(Tag::Escaped)
            }

            fn visit_bool<E>(self, _: bool) -> Result<Tag<'de>, E> {
                Ok(Tag::NotAString)
            }

            fn visit_i64<E>(self, _: i64) -> Result<Tag<'de>, E> {
                Ok(Tag::NotAString)
            }

            fn visit_u64<E>(self, _: u64) -> Result<Tag<'de>, E> {
                Ok(Tag::NotAString)
            }

            fn visit_f64<E>(self, _: f64) -> Result<Tag<'de>, E> {
                Ok(Tag::NotAString)
            }

            fn visit_unit<E>(self) -> Result<Tag<'de>, E> {
                Ok(Tag::NotAString)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Tag<'de>, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Tag::NotAString)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Tag<'de>, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Tag::NotAString)
            }
        }

        deserializer.deserialize_any(TagVisitor)
    }
}
