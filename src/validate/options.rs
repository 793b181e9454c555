//! How to validate: what the records must be, the options, and the level a code is given.

use std::collections::BTreeMap;

use super::Code;
pub use crate::record::Kind;

/// How to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Make unknown fields, models, stop reasons, error and event types errors, not warnings.
    pub strict: bool,
    /// What the records must be.
    pub kind: Kind,
    /// The largest record (a document, a line of JSON Lines, a line of a stream, a whole
    /// cassette) read, in bytes.
    pub max_record: usize,
    /// Fill [`Diagnostic::source_line`](super::Diagnostic::source_line) (for display). Off by default: copying long lines
    /// costs, and machine output does not need them.
    pub source_lines: bool,
    /// The day the traffic was recorded, when known: a record naming a model already retired
    /// then is reported (`retired-model`). Without it no record is judged by today's catalogue,
    /// since a record may come from when its model was active.
    pub recorded_on: Option<crate::Date>,
    /// Say a warning that repeats (the same code, pointer and value) once, and its count at the
    /// end of the input ([`Diagnostic::repeats`](super::Diagnostic::repeats)). On by default.
    pub fold_repeats: bool,
    /// The level of each code given one, as rustc's `-A`/`-W`/`-D` set a lint's: an allowed
    /// code is not reported, a denied one is an error (and makes its record invalid), a warned
    /// one a warning. Applied after [`Options::strict`], before a record's problems are capped
    /// ([`Options::max_per_record`]); codes that say a record cannot be read are not changed
    /// ([`Code::is_fixed`]).
    pub levels: BTreeMap<Code, Level>,
    /// Report at most this many diagnostics of one input; the rest are counted
    /// ([`Summary::unreported`](super::Summary::unreported)).
    pub max_diagnostics: Option<u64>,
    /// Place and report at most this many problems of one record (1,000 by default; in a
    /// stream, of one event); the rest are one `more-problems` diagnostic with their count ([`Diagnostic::repeats`](super::Diagnostic::repeats)), so
    /// that a record's memory and time stay bounded whatever it holds.
    pub max_per_record: usize,
    /// How many threads check the records of JSON Lines (the output is the same for any
    /// number; 0 or 1 checks them on the calling thread; at most 32 are started, and only as
    /// the input's blocks need them). Default: the machine's cores.
    pub jobs: usize,
}

impl Options {
    /// The level `levels` gives `code`; none for a code levels cannot change
    /// ([`Code::is_fixed`]).
    pub fn level(&self, code: Code) -> Option<Level> {
        match self.levels.get(&code) {
            Some(_) if code.is_fixed() => None,
            level => level.copied(),
        }
    }
}

/// What a code's diagnostics are made, whatever the validator would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Not reported (counted in [`Summary::allowed`](super::Summary::allowed)).
    Allow,
    /// A warning.
    Warn,
    /// An error: the record is invalid.
    Deny,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            kind: Kind::Auto,
            max_record: 64 * 1024 * 1024,
            source_lines: false,
            recorded_on: None,
            fold_repeats: true,
            levels: BTreeMap::new(),
            max_diagnostics: None,
            max_per_record: 1000,
            jobs: cores(),
        }
    }
}

/// The machine's cores, asked once: on Linux `available_parallelism` reads the cgroup files,
/// which costs more than checking a short stream (options are often made per input).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}
