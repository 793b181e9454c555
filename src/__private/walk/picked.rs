//! Top-level values picked out of a walk for a caller that needs them besides the problems.

use crate::__private::rules::ObjectRules;

/// How a picked string is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Decoded: the string itself.
    Decoded,
    /// As JSON, quotes and escapes included, so that the walk can skip it undecoded (a
    /// caller that needs the text decodes it; one that compares texts mostly need not).
    Json,
}

/// The values of some top-level keys, picked out by a walk of JSON text: the stream validator
/// folds an event from them (its id, model and text) instead of reading the text a second
/// time. String values are copied into buffers that are reused from walk to walk; a key whose
/// value is not a string is kept as present only.
#[derive(Debug, Default)]
pub struct Picked {
    keys: &'static [(&'static str, Pick)],
    /// Per key: whether the last walk met it.
    present: Vec<bool>,
    /// Per key: whether its value was a string, then in `buffers`.
    is_str: Vec<bool>,
    buffers: Vec<String>,
    /// The last walk's value reads as its type: the values picked are those a typed read
    /// gives (set by the walk, once it knows its problems).
    pub(super) typed_read: bool,
    /// Per object type met at the top: the slot of each of its fields.
    by_type: Vec<(&'static ObjectRules, Vec<Option<usize>>)>,
}

impl Picked {
    /// Picks out the values of `keys`.
    pub fn new(keys: &'static [(&'static str, Pick)]) -> Picked {
        Picked {
            keys,
            present: vec![false; keys.len()],
            is_str: vec![false; keys.len()],
            buffers: vec![String::new(); keys.len()],
            typed_read: false,
            by_type: Vec::new(),
        }
    }

    /// Whether the last walk met `key` (with any value).
    pub fn present(&self, key: &str) -> bool {
        self.slot(key).is_some_and(|slot| self.present[slot])
    }

    /// The string value of `key` in the last walk, if it had one, kept as its [`Pick`] says.
    pub fn str(&self, key: &str) -> Option<&str> {
        let slot = self.slot(key)?;
        self.is_str[slot].then(|| self.buffers[slot].as_str())
    }

    /// Forgets the last walk's values (the buffers stay for the next).
    pub fn clear(&mut self) {
        self.present.fill(false);
        self.is_str.fill(false);
        self.typed_read = false;
    }

    /// Whether the last walk's value reads as its type (nothing a typed read refuses, at any
    /// level): only then are the values picked those the typed read would give.
    pub fn typed_read(&self) -> bool {
        self.typed_read
    }

    fn slot(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|(k, _)| *k == key)
    }

    /// Marks the top-level declared field `index` of `rules` as met; where its value is kept
    /// and how, when it is one of the keys. The slots of a type's fields are found once, as
    /// every record of a file is mostly of one or two types.
    pub(super) fn meet_field(
        &mut self,
        rules: &'static ObjectRules,
        index: usize,
    ) -> Option<(usize, Pick)> {
        let slots = match self
            .by_type
            .iter()
            .position(|(r, _)| std::ptr::eq(*r, rules))
        {
            Some(at) => &self.by_type[at].1,
            None => {
                let slots = rules.fields.iter().map(|f| self.slot(f.key)).collect();
                self.by_type.push((rules, slots));
                &self.by_type[self.by_type.len() - 1].1
            }
        };
        let slot = slots[index]?;
        self.present[slot] = true;
        Some((slot, self.keys[slot].1))
    }

    /// Marks the top-level key `key` as met.
    pub(super) fn meet(&mut self, key: &str) {
        if let Some(slot) = self.slot(key) {
            self.present[slot] = true;
        }
    }

    /// Keeps the string `text`, read decoded, in `slot`.
    pub(super) fn keep_str(&mut self, slot: usize, text: &str) {
        let buffer = &mut self.buffers[slot];
        buffer.clear();
        match self.keys[slot].1 {
            Pick::Decoded => buffer.push_str(text),
            // Read decoded as the walk could not skip it: written back as JSON (serializing
            // a string cannot fail).
            Pick::Json => *buffer = serde_json::to_string(text).unwrap_or_default(),
        }
        self.is_str[slot] = true;
    }

    /// Keeps the string written `json` (quotes and escapes included), skipped undecoded, in
    /// `slot`, which keeps JSON.
    pub(super) fn keep_json(&mut self, slot: usize, json: &str) {
        json.clone_into(&mut self.buffers[slot]);
        self.is_str[slot] = true;
    }
}
