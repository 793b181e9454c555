//! Warnings that repeat across an input said once, with a count: an archive whose every record
//! uses the same unlisted model, or has the 2023 shape, gets one line for it, not one per
//! record. Errors are never folded: each is located.

use std::collections::{HashMap, VecDeque};

use super::{Code, Diagnostic, Severity};
use crate::Pointer;

/// How many different warnings one input keeps count of at a time. When the table is full, a
/// warning that has not repeated makes room for a new one (it was reported, and nothing is
/// lost); memory stays bounded whatever the input holds.
const KEPT: usize = 1024;

/// How many warnings may take a place in the table in all. Past that the input has more
/// different warnings than the table holds, coming round again (room made now would be taken
/// back before they repeat): no more room is made.
const ADMITTED: u64 = 4 * KEPT as u64;

/// With the table full, how many warnings of one code are still reported one by one; the
/// rest are counted, and said at the end.
const UNFOLDED_PER_CODE: u64 = 100;

/// A pointer longer than this is not kept as a key (it is reported each time).
const LONGEST_POINTER: usize = 256;

/// What makes two warnings the same: the code, where in the record, the value found, and
/// what is said (a code's message may vary with more than the value).
#[derive(Clone)]
struct Key {
    code: Code,
    pointer: Pointer,
    found: Option<String>,
    message: String,
}

/// A key's parts, borrowed: the table is searched with one, so that a repeat (the common
/// case) is counted without copying its strings.
#[derive(PartialEq, Eq, Hash)]
struct KeyRef<'a> {
    code: Code,
    pointer: &'a str,
    found: Option<&'a str>,
    message: &'a str,
}

/// What a key is, owned or borrowed (the `Borrow` the table's lookups go through).
trait AsKeyRef {
    fn key_ref(&self) -> KeyRef<'_>;
}

impl AsKeyRef for Key {
    fn key_ref(&self) -> KeyRef<'_> {
        KeyRef {
            code: self.code,
            pointer: self.pointer.as_str(),
            found: self.found.as_deref(),
            message: &self.message,
        }
    }
}

impl AsKeyRef for KeyRef<'_> {
    fn key_ref(&self) -> KeyRef<'_> {
        KeyRef { ..*self }
    }
}

impl<'a> std::borrow::Borrow<dyn AsKeyRef + 'a> for Key {
    fn borrow(&self) -> &(dyn AsKeyRef + 'a) {
        self
    }
}

// Owned and borrowed keys hash and compare by their parts, alike.
impl std::hash::Hash for dyn AsKeyRef + '_ {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key_ref().hash(state);
    }
}

impl PartialEq for dyn AsKeyRef + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.key_ref() == other.key_ref()
    }
}

impl Eq for dyn AsKeyRef + '_ {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key_ref().hash(state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.key_ref() == other.key_ref()
    }
}

impl Eq for Key {}

/// The first of each warning seen, and how many more came.
#[derive(Default)]
pub(crate) struct Repeats {
    seen: HashMap<Key, Seen>,
    /// The keys in the order they came, to find one that never repeated when room is needed.
    order: VecDeque<Key>,
    /// Every kept warning has repeated: no room will be made again.
    full_of_repeats: bool,
    /// How many warnings took a place in the table.
    admitted: u64,
    /// With the table full: per code, how many were reported one by one, and the first of
    /// those not reported with how many they were.
    overflow: HashMap<Code, Overflow>,
}

#[derive(Default)]
struct Overflow {
    reported: u64,
    hidden: Option<Seen>,
}

struct Seen {
    first: Diagnostic,
    more: u64,
}

impl Repeats {
    /// Whether `new` more warnings can be kept without making room (which forgets one).
    pub(crate) fn has_room_for(&self, new: usize) -> bool {
        self.seen.len() + new <= KEPT
    }

    /// Whether the warning with this key is one the table holds: then it is counted, as
    /// [`first_time`](Self::first_time) would count it, and need not be placed.
    pub(crate) fn count_if_seen(
        &mut self,
        code: Code,
        pointer: &Pointer,
        found: Option<&str>,
        message: &str,
    ) -> bool {
        if found.is_some_and(crate::__private::is_shortened)
            || pointer.as_str().len() > LONGEST_POINTER
        {
            return false;
        }
        let key = KeyRef {
            code,
            pointer: pointer.as_str(),
            found,
            message,
        };
        match self.seen.get_mut(&key as &dyn AsKeyRef) {
            Some(seen) => {
                seen.more += 1;
                true
            }
            None => false,
        }
    }

    /// Whether `diagnostic` is new (to be reported now); a repeat is counted instead.
    pub(crate) fn first_time(&mut self, diagnostic: &Diagnostic) -> bool {
        let shortened = diagnostic
            .found
            .as_deref()
            .is_some_and(crate::__private::is_shortened);
        // A value shown by its start only cannot tell two values apart: never folded.
        if diagnostic.severity == Severity::Error
            || shortened
            || diagnostic.pointer.as_str().len() > LONGEST_POINTER
        {
            return true;
        }
        let key = KeyRef {
            code: diagnostic.code,
            pointer: diagnostic.pointer.as_str(),
            found: diagnostic.found.as_deref(),
            message: &diagnostic.message,
        };
        if let Some(seen) = self.seen.get_mut(&key as &dyn AsKeyRef) {
            seen.more += 1;
            return false;
        }
        if self.seen.len() >= KEPT && !self.make_room() {
            return self.unkept(diagnostic);
        }
        self.admitted += 1;
        let mut first = diagnostic.clone();
        first.source_line = String::new();
        let key = Key {
            code: diagnostic.code,
            pointer: diagnostic.pointer.clone(),
            found: diagnostic.found.clone(),
            message: diagnostic.message.clone(),
        };
        self.order.push_back(key.clone());
        self.seen.insert(key, Seen { first, more: 0 });
        true
    }

    /// A warning the table has no room for: reported while its code has had few such, else
    /// counted.
    fn unkept(&mut self, diagnostic: &Diagnostic) -> bool {
        let overflow = self.overflow.entry(diagnostic.code).or_default();
        if overflow.reported < UNFOLDED_PER_CODE {
            overflow.reported += 1;
            return true;
        }
        match &mut overflow.hidden {
            Some(seen) => seen.more += 1,
            None => {
                let mut first = diagnostic.clone();
                first.source_line = String::new();
                overflow.hidden = Some(Seen { first, more: 0 });
            }
        }
        false
    }

    /// Forgets the oldest warning that never repeated; `false` when every one has, or when
    /// the input churns through more different warnings than the table holds.
    fn make_room(&mut self) -> bool {
        if self.full_of_repeats || self.admitted >= ADMITTED {
            return false;
        }
        for _ in 0..self.order.len() {
            let Some(key) = self.order.pop_front() else {
                break;
            };
            if self.seen.get(&key).is_some_and(|seen| seen.more == 0) {
                self.seen.remove(&key);
                return true;
            }
            self.order.push_back(key);
        }
        self.full_of_repeats = true;
        false
    }

    /// One diagnostic per warning that repeated, at its first position, with
    /// [`Diagnostic::repeats`] saying how often: in the order of the first positions.
    pub(crate) fn tally(self) -> Vec<Diagnostic> {
        let hidden = self.overflow.into_values().filter_map(|overflow| {
            let Seen { mut first, more } = overflow.hidden?;
            first.message = format!(
                "{} more `{}` warnings in this input from line {} on, not shown one by one: it has more different warnings than are counted apart ({KEPT}); the first of them: {}",
                more + 1,
                first.code,
                first.position.line,
                first.message
            );
            first.repeats = more + 1;
            Some(first)
        });
        let mut repeated: Vec<Diagnostic> = self
            .seen
            .into_values()
            .filter(|seen| seen.more > 0)
            .map(|Seen { mut first, more }| {
                let times = if more == 1 { "time" } else { "times" };
                first.message = format!(
                    "{} more {times} in this input after line {}: {}",
                    more, first.position.line, first.message
                );
                first.repeats = more;
                first
            })
            .chain(hidden)
            .collect();
        // In the order of the first positions; warnings first met at one position in an
        // order of their own, so that the output does not follow the table's hashing.
        repeated.sort_by_cached_key(|d| {
            (
                d.position.line,
                d.position.column,
                d.interaction,
                d.code,
                d.pointer.as_str().to_owned(),
                d.message.clone(),
            )
        });
        repeated
    }
}
