//! Reading a tagged union (an object whose variant a tag property names) without buffering it
//! when the tag comes first, as it does in the API's output.

use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde_json::Value;

use super::rules::TaggedRules;

/// A type read by [`TaggedVisitor`].
pub trait Tagged<'de>: Sized {
    /// The union's rules table (its tag's key, its name).
    const RULES: &'static TaggedRules;
    /// Reads the variant that `tag` names from `map`, which begins with the entries read before
    /// the tag (the tag included).
    fn from_tag<A: MapAccess<'de>>(
        tag: &str,
        map: MapAccessDeserializer<A>,
    ) -> Result<Self, A::Error>;
}

/// Finds the tag, then hands the whole object to the variant's own `Deserialize`.
pub struct TaggedVisitor<T>(PhantomData<T>);

impl<T> TaggedVisitor<T> {
    /// The visitor.
    pub fn new() -> Self {
        TaggedVisitor(PhantomData)
    }
}

impl<T> Default for TaggedVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Tagged<'de>> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a `{}` object", T::RULES.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut before: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed(T::RULES.tag))? {
            let Some(key) = key else {
                let tag: String = map
                    .next_value()
                    .map_err(|error| super::de::in_field(T::RULES.tag, error))?;
                let replay = Replay {
                    before: before.into_iter(),
                    tag: Some(tag.clone()),
                    tag_key: T::RULES.tag,
                    pending: None,
                    rest: map,
                };
                return T::from_tag(&tag, MapAccessDeserializer::new(replay));
            };
            let value: Value = map.next_value()?;
            before.push((key, value));
        }
        Err(de::Error::missing_field(T::RULES.tag))
    }
}

/// A key: `None` for the tag (compared without allocating), `Some(key)` for any other.
struct KeySeed(&'static str);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<String>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != self.0).then(|| key.to_owned()))
    }
}

enum Pending {
    Value(Value),
    Tag(String),
}

/// The entries read before the tag, then the tag, then the rest of the map.
struct Replay<A> {
    before: std::vec::IntoIter<(String, Value)>,
    tag: Option<String>,
    tag_key: &'static str,
    pending: Option<Pending>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(Pending::Value(value));
            let key: StringDeserializer<A::Error> = key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        if let Some(tag) = self.tag.take() {
            self.pending = Some(Pending::Tag(tag));
            let key: StrDeserializer<'_, A::Error> = self.tag_key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(Pending::Value(value)) => seed.deserialize(value).map_err(de::Error::custom),
            Some(Pending::Tag(tag)) => {
                let tag: StringDeserializer<A::Error> = tag.into_deserializer();
                seed.deserialize(tag)
            }
            None => self.rest.next_value_seed(seed),
        }
    }
}
