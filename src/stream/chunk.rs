//! What the validator's walk picks out of a completion chunk for the fold.

use crate::__private::{Pick, Picked};

/// The keys the fold reads of a completion chunk's data (declared by the generated
/// `CompletionEvent` and `LegacyCompletionEvent`): the validator has its walk pick them out,
/// so that it folds an event it has checked without reading the text again. The text is
/// kept as JSON: the walk skips it undecoded, and the fold compares it as written.
pub(crate) const CHUNK_KEYS: &[(&str, Pick)] = &[
    ("completion", Pick::Json),
    ("id", Pick::Decoded),
    ("model", Pick::Decoded),
    ("stop_reason", Pick::Decoded),
    ("truncated", Pick::Decoded),
    ("exception", Pick::Decoded),
];

/// What the fold needs of a completion chunk, as the validator's walk picked it out; the
/// completion's `stop` and `log_id` are not read, as the validator keeps no completion.
pub(crate) struct ChunkData<'a> {
    /// The text as JSON (a string literal, quotes and escapes included).
    pub(super) completion_json: &'a str,
    pub(super) id: Option<&'a str>,
    pub(super) model: &'a str,
    pub(super) stop_reason: Option<&'a str>,
    /// A 2023-01-01 field (`truncated`, `exception`) is there: the text is cumulative.
    pub(super) cumulative_evidence: bool,
}

impl<'a> ChunkData<'a> {
    /// The chunk in `picked` (`legacy`: of the 2023 shape, without `type` or `id`); `None`
    /// when its text or model is not a string.
    pub(crate) fn of(picked: &'a Picked, legacy: bool) -> Option<Self> {
        Some(ChunkData {
            completion_json: picked.str("completion")?,
            id: picked.str("id").filter(|_| !legacy),
            model: picked.str("model")?,
            stop_reason: picked.str("stop_reason"),
            cumulative_evidence: legacy
                && (picked.present("truncated") || picked.present("exception")),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::__private::{Described, Ty};
    use crate::{CompletionEvent, LegacyCompletionEvent};

    #[test]
    fn the_keys_the_validator_picks_are_declared_by_the_schema() {
        let declared = |ty: Ty| match ty {
            Ty::Object(rules) => rules.fields.iter().map(|f| f.key).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let current = declared(CompletionEvent::RULES);
        let legacy = declared(LegacyCompletionEvent::RULES);
        for (key, _) in super::CHUNK_KEYS {
            assert!(
                current.contains(key) || legacy.contains(key),
                "`{key}` is no key of a completion chunk"
            );
        }
        assert!(current.contains(&"id") && !legacy.contains(&"id"));
    }
}
