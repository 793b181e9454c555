//! Warnings that repeat across an input said once, with a count: an archive whose every record
//! uses the same unlisted model, or has the 2023 shape, gets one line for it, not one per
//! record. Errors are never folded: each is located.

use std::collections::HashMap;

use super::{Code, Diagnostic, Severity};
use crate::Pointer;

/// How many different repeating warnings one input keeps count of; past that, a new one is
/// reported each time (memory stays bounded whatever the input holds).
const KEPT: usize = 1024;

/// A pointer longer than this is not kept as a key (it is reported each time).
const LONGEST_POINTER: usize = 256;

/// What makes two warnings the same: the code, where in the record, and the value found.
type Key = (Code, Pointer, Option<String>);

/// The first of each warning seen, and how many more came.
#[derive(Default)]
pub(crate) struct Repeats {
    seen: HashMap<Key, Seen>,
}

struct Seen {
    first: Diagnostic,
    more: u64,
}

impl Repeats {
    /// Whether `diagnostic` is new (to be reported now); a repeat is counted instead.
    pub(crate) fn first_time(&mut self, diagnostic: &Diagnostic) -> bool {
        if diagnostic.severity == Severity::Error
            || diagnostic.pointer.as_str().len() > LONGEST_POINTER
        {
            return true;
        }
        let key = (
            diagnostic.code,
            diagnostic.pointer.clone(),
            diagnostic.found.clone(),
        );
        if let Some(seen) = self.seen.get_mut(&key) {
            seen.more += 1;
            return false;
        }
        if self.seen.len() < KEPT {
            let mut first = diagnostic.clone();
            first.source_line = String::new();
            self.seen.insert(key, Seen { first, more: 0 });
        }
        true
    }

    /// One diagnostic per warning that repeated, at its first position, saying how often: in
    /// the order of the first positions.
    pub(crate) fn tally(self) -> Vec<Diagnostic> {
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
                first
            })
            .collect();
        repeated.sort_by_key(|d| (d.position.line, d.position.column));
        repeated
    }
}
