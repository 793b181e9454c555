//! Top-level values kept from a walk for a caller that needs them besides the problems.

use super::Path;

/// The values of some top-level keys, kept by a walk of JSON text: the stream validator folds
/// an event from them (its id, model and text) instead of reading the text a second time.
/// String values are copied into buffers that are reused from walk to walk; a key whose value
/// is not a string is kept as present only.
#[derive(Debug, Default)]
pub struct Picked {
    keys: &'static [&'static str],
    /// Per key: whether the last walk met it.
    present: Vec<bool>,
    /// Per key: whether its value was a string, then in `buffers`.
    is_str: Vec<bool>,
    buffers: Vec<String>,
}

impl Picked {
    /// Keeps the values of `keys`.
    pub fn new(keys: &'static [&'static str]) -> Picked {
        Picked {
            keys,
            present: vec![false; keys.len()],
            is_str: vec![false; keys.len()],
            buffers: vec![String::new(); keys.len()],
        }
    }

    /// Whether the last walk met `key` (with any value).
    pub fn present(&self, key: &str) -> bool {
        self.slot(key).is_some_and(|slot| self.present[slot])
    }

    /// The string value of `key` in the last walk, if it had one.
    pub fn str(&self, key: &str) -> Option<&str> {
        let slot = self.slot(key)?;
        self.is_str[slot].then(|| self.buffers[slot].as_str())
    }

    /// Forgets the last walk's values (the buffers stay for the next).
    pub fn clear(&mut self) {
        self.present.fill(false);
        self.is_str.fill(false);
    }

    fn slot(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| *k == key)
    }

    /// The slot of the value at `path`, when it is one of the keys, at the top.
    pub(super) fn slot_at(&self, path: &Path<'_>) -> Option<usize> {
        match path {
            Path::Key(Path::Root, key) => self.slot(key),
            _ => None,
        }
    }

    /// Marks the top-level key `key` as met.
    pub(super) fn meet(&mut self, key: &str) {
        if let Some(slot) = self.slot(key) {
            self.present[slot] = true;
        }
    }

    /// Keeps `text` as the string value in `slot`.
    pub(super) fn keep_str(&mut self, slot: usize, text: &str) {
        text.clone_into(&mut self.buffers[slot]);
        self.is_str[slot] = true;
    }
}
