//! RFC 6901 JSON pointers into the schema document: the one place the generator escapes a
//! reference token.

use std::fmt;

/// A JSON pointer into the schema (`""` is the whole document).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// This pointer extended by one reference token (a key or an index), escaped.
    pub fn push(&self, token: impl fmt::Display) -> Pointer {
        Pointer(format!("{}/{}", self.0, escape(&token.to_string())))
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `token` escaped as a reference token: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A reference token unescaped (the inverse of [`escape`]).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_once() {
        let pointer = Pointer::root().push("$defs").push("a/b~c").push(3);
        assert_eq!(pointer.as_str(), "/$defs/a~1b~0c/3");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(unescape(&escape("~1")), "~1");
    }
}
