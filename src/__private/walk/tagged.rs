//! Tagged unions: the tag found wherever it is in the object, then the member it names
//! checked.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::object::{KeySeed, ObjectWalk};
use super::skip::{Capture, skip_map_after};
use super::value::Node;
use super::{Path, ProblemKind, Walk, show_str};
use crate::__private::rules::{TaggedRules, Ty};

/// A tagged union: entries before the tag are kept as values, then the member's rules decide.
pub(crate) fn tagged<'de, A: MapAccess<'de>>(
    walk: &mut Walk,
    rules: &'static TaggedRules,
    path: &Path<'_>,
    mut map: A,
) -> Result<(), A::Error> {
    let mut before: Vec<(String, Value)> = Vec::new();
    // The keys before the tag, so that one repeated is noticed; nothing is kept or copied
    // when the tag comes first, as the API writes it.
    let mut keys: HashSet<String> = HashSet::new();
    while let Some(key) = map.next_key_seed(TagKey(rules.tag))? {
        let Some(key) = key else {
            let tag = map.next_value_seed(TagValue(&mut *walk))?;
            return tagged_member(walk, rules, path, map, (before, keys), tag);
        };
        let value = map.next_value_seed(Capture(&mut *walk))?;
        walk.repeated_key |= !keys.insert(key.clone());
        before.push((key, value));
    }
    walk.push(path, ProblemKind::Missing { key: rules.tag });
    Ok(())
}

/// The rest of a tagged object once its tag is read: the entries before it (and their keys),
/// the tag, then the stream.
fn tagged_member<'de, A: MapAccess<'de>>(
    walk: &mut Walk,
    rules: &'static TaggedRules,
    path: &Path<'_>,
    mut map: A,
    (before, mut keys): (Vec<(String, Value)>, HashSet<String>),
    tag: Tag<'de>,
) -> Result<(), A::Error> {
    let tag_path = Path::Key(path, rules.tag);
    let listed = match &tag {
        Tag::Str(text) => rules
            .variants
            .iter()
            .find(|(listed, _)| *listed == text.as_ref()),
        Tag::Other(_) => None,
    };
    let Some((_, member)) = listed else {
        match &tag {
            Tag::Str(text) => {
                let kind = ProblemKind::Unlisted {
                    union: rules.name,
                    open: rules.other.is_some(),
                    code: rules.unlisted_code,
                    found: show_str(text),
                };
                walk.push(&tag_path, kind);
            }
            Tag::Other(value) => {
                walk.replaying(|walk| Node::new(walk, Ty::String, &tag_path).deserialize(value));
            }
        }
        keys.insert(rules.tag.to_owned());
        return skip_map_after(walk, map, keys);
    };
    let mut object = ObjectWalk::new(member, path);
    for (key, value) in &before {
        let key = KeySeed(member).key(key);
        walk.replaying(|walk| object.entry(walk, key, |seed| seed.deserialize(value)));
    }
    let tag_key = KeySeed(member).key(rules.tag);
    if let Tag::Str(text) = &tag {
        let text = serde::de::value::StrDeserializer::<serde_json::Error>::new(text);
        walk.replaying(|walk| object.entry(walk, tag_key, |seed| seed.deserialize(text)));
    }
    while let Some(key) = map.next_key_seed(KeySeed(member))? {
        object.entry(walk, key, |seed| map.next_value_seed(seed))?;
    }
    object.end(walk);
    Ok(())
}

/// A key of a tagged object: `None` for the tag (compared without copying), else the key.
struct TagKey(&'static str);

impl<'de> DeserializeSeed<'de> for TagKey {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TagKey {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != self.0).then(|| key.to_owned()))
    }
}

/// A tag's value: a string (borrowed where it has no escapes), or anything else, kept.
enum Tag<'de> {
    Str(std::borrow::Cow<'de, str>),
    Other(Value),
}

struct TagValue<'w>(&'w mut Walk);

impl<'de> DeserializeSeed<'de> for TagValue<'_> {
    type Value = Tag<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tag<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagValue<'_> {
    type Value = Tag<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Tag<'de>, E> {
        Ok(Tag::Str(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Tag<'de>, E> {
        Ok(Tag::Str(value.to_owned().into()))
    }

    fn visit_unit<E>(self) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(Value::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(value.into()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(value.into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Tag<'de>, A::Error> {
        Capture(self.0).visit_seq(seq).map(Tag::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Tag<'de>, A::Error> {
        Capture(self.0).visit_map(map).map(Tag::Other)
    }
}
