//! Where a problem is: a [`Pointer`] into a JSON value (RFC 6901) and a [`Position`] in the
//! input text. Every located error of the crate uses these two; escaping is written here once.

use std::fmt;

/// An RFC 6901 JSON pointer: `""` is the whole value, `/error/type` the `type` member of its
/// `error` member, `/stop_sequences/0` the first item of an array.
///
/// ```
/// use anthropic_completions::Pointer;
///
/// let pointer = Pointer::root().key("a/b").index(0);
/// assert_eq!(pointer, "/a~1b/0");
/// assert_eq!(pointer.tokens().collect::<Vec<_>>(), ["a/b", "0"]);
/// assert_eq!(pointer.parent(), Some(Pointer::root().key("a/b")));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole value.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// This pointer extended by the member `key` (escaped: `~` as `~0`, `/` as `~1`).
    pub fn key(&self, key: &str) -> Pointer {
        let mut pointer = self.clone();
        pointer.push_key(key);
        pointer
    }

    /// This pointer extended by the array item `index`.
    pub fn index(&self, index: usize) -> Pointer {
        Pointer(format!("{}/{index}", self.0))
    }

    /// Extends this pointer by the member `key`, in place.
    pub fn push_key(&mut self, key: &str) {
        self.0.reserve(key.len() + 1);
        self.0.push('/');
        for c in key.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
    }

    /// The pointer of the value that holds this one; `None` for the root.
    pub fn parent(&self) -> Option<Pointer> {
        self.0.rfind('/').map(|at| Pointer(self.0[..at].to_owned()))
    }

    /// The reference tokens, unescaped (`/a~1b/0` gives `a/b` and `0`).
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }

    /// Whether this is the root pointer.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A pointer from its text, if it is one (empty, or starting with `/`).
    pub fn parse(text: &str) -> Option<Pointer> {
        (text.is_empty() || text.starts_with('/')).then(|| Pointer(text.to_owned()))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Pointer {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Pointer {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Pointer {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl serde::Serialize for Pointer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A place in an input text: 1-based line, 1-based byte column in that line, and the 0-based
/// byte offset from the start of the input where the reader tracks it (JSON documents and JSON
/// Lines; not yet event streams, whose positions come from their lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based byte column.
    pub column: usize,
    /// The 0-based byte offset in the whole input, where known.
    pub offset: Option<usize>,
}

impl Position {
    /// The start of an input.
    pub const START: Position = Position {
        line: 1,
        column: 1,
        offset: Some(0),
    };

    /// A position whose byte offset is not known.
    pub const fn at(line: usize, column: usize) -> Position {
        Position {
            line,
            column,
            offset: None,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
