//! Where JSON pointers' values sit in a record's text, and which keys repeat: a targeted
//! search for a few pointers, one pass for many and for repeats. Both walk the text of a
//! record that already parsed as JSON; they never index out of bounds or recurse deeper than
//! the pointer, whatever the text.

use std::collections::{HashMap, HashSet};

use crate::Pointer;

/// The byte offset of the value at `pointer` in `text`; for a repeated key, its last
/// occurrence (the one a parser keeps). `None` if there is no such value.
pub(crate) fn locate(text: &str, pointer: &Pointer) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    for token in pointer.tokens() {
        at = match bytes.get(at)? {
            b'{' => member(text, at, &token)?,
            b'[' => element(bytes, at, token.parse().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The end of the string starting at `at` (the offset after its closing quote).
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        // Jump to the next quote or backslash: completion texts are long.
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        match bytes.get(i)? {
            b'"' => return Some(i + 1),
            _ => i += 2,
        }
    }
}

/// The end of the value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
            }
            Some(i)
        }
    }
}

/// The key of the string at `start..end`, unescaped.
fn key(text: &str, start: usize, end: usize) -> Option<std::borrow::Cow<'_, str>> {
    let raw = text.get(start + 1..end - 1)?;
    if raw.contains('\\') {
        serde_json::from_str::<String>(text.get(start..end)?)
            .ok()
            .map(Into::into)
    } else {
        Some(raw.into())
    }
}

/// The offset of the value of the member `name` of the object at `at` (its last occurrence).
fn member(text: &str, at: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut found = None;
    let mut i = skip_ws(bytes, at + 1);
    while bytes.get(i)? == &b'"' {
        let key_end = string_end(bytes, i)?;
        let matches = key(text, i, key_end)? == name;
        i = skip_ws(bytes, key_end);
        if bytes.get(i)? != &b':' {
            return None;
        }
        let value = skip_ws(bytes, i + 1);
        if matches {
            found = Some(value);
        }
        i = skip_ws(bytes, value_end(bytes, value)?);
        if bytes.get(i) == Some(&b',') {
            i = skip_ws(bytes, i + 1);
        }
    }
    found
}

/// The offset of element `index` of the array at `at`.
fn element(bytes: &[u8], at: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(bytes, at + 1);
    for _ in 0..index {
        i = skip_ws(bytes, value_end(bytes, i)?);
        if bytes.get(i)? != &b',' {
            return None;
        }
        i = skip_ws(bytes, i + 1);
    }
    (bytes.get(i)? != &b']').then_some(i)
}

/// What one pass over a record finds: the keys repeated within one object (pointer of the
/// repeat, offset of its key), and the offsets of the values at the wanted pointers (the last
/// occurrence, as a parser keeps it).
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub(crate) repeats: Vec<(Pointer, usize)>,
    pub(crate) offsets: HashMap<String, usize>,
}

/// One pass over `text`, which parsed as JSON: linear in its size, however many keys or
/// pointers, so that no record can make placement quadratic.
pub(crate) fn scan(text: &str, wanted: &HashSet<String>) -> Scan {
    struct Frame {
        pointer: Pointer,
        /// The keys seen so far, for objects; `None` for arrays.
        keys: Option<HashSet<String>>,
        index: usize,
        expect_key: bool,
    }
    let bytes = text.as_bytes();
    let mut found = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    // The pointer of the value that starts next, if one does.
    let mut pending = Some(Pointer::root());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                if let Some(frame) = stack.last_mut() {
                    if frame.keys.is_some() {
                        frame.expect_key = true;
                    } else {
                        frame.index += 1;
                        pending = Some(frame.pointer.index(frame.index));
                    }
                }
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                pending = None;
                i += 1;
            }
            b'"' if stack.last().is_some_and(|f| f.expect_key) => {
                let Some(end) = string_end(bytes, i) else {
                    break;
                };
                if let (Some(frame), Some(name)) = (stack.last_mut(), key(text, i, end)) {
                    frame.expect_key = false;
                    let pointer = frame.pointer.key(&name);
                    let keys = frame.keys.get_or_insert_with(HashSet::new);
                    if !keys.insert(name.into_owned()) {
                        found.repeats.push((pointer.clone(), i));
                    }
                    pending = Some(pointer);
                }
                i = end;
            }
            _ => {
                let pointer = pending.take().unwrap_or_default();
                if wanted.contains(pointer.as_str()) {
                    found.offsets.insert(pointer.to_string(), i);
                }
                match byte {
                    b'{' | b'[' => {
                        let object = byte == b'{';
                        if !object {
                            pending = Some(pointer.index(0));
                        }
                        let keys = object.then(HashSet::new);
                        stack.push(Frame {
                            pointer,
                            keys,
                            index: 0,
                            expect_key: object,
                        });
                        i += 1;
                    }
                    _ => match value_end(bytes, i) {
                        Some(end) if end > i => i = end,
                        _ => i += 1,
                    },
                }
            }
        }
    }
    found
}

/// Bytes of a source line kept before a diagnostic's column, and from it on: a line of any
/// length is cut to this window before it is stored, so that a diagnostic's memory is bounded.
const WINDOW_BEFORE: usize = 80;
pub(crate) const WINDOW_FROM: usize = 240;

/// The part of `line` around byte column `column` (1-based) that a diagnostic keeps, and the
/// column within it.
pub(crate) fn window(line: &str, column: usize) -> (String, usize) {
    window_of_bytes(line.as_bytes(), column)
}

/// [`window`] of a line that may not be UTF-8 (only the window is checked, and shown lossily).
pub(crate) fn window_of_bytes(line: &[u8], column: usize) -> (String, usize) {
    // A UTF-8 continuation byte is not where a character starts.
    let boundary = |at: usize| line.get(at).is_none_or(|b| b & 0xC0 != 0x80);
    let at = column.saturating_sub(1).min(line.len());
    let mut start = at.saturating_sub(WINDOW_BEFORE);
    while !boundary(start) {
        start -= 1;
    }
    let mut end = at.saturating_add(WINDOW_FROM).min(line.len());
    while !boundary(end) {
        end += 1;
    }
    (
        String::from_utf8_lossy(&line[start..end]).into_owned(),
        column.saturating_sub(start).max(1),
    )
}

/// The line of `text` that holds `offset`, without its terminator.
pub(crate) fn line_at(text: &str, offset: usize) -> &str {
    let start = text
        .get(..offset)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |n| n + 1);
    let end = text
        .get(start..)
        .and_then(|a| a.find('\n'))
        .map_or(text.len(), |n| start + n);
    text.get(start..end)
        .unwrap_or_default()
        .trim_end_matches('\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_agrees_with_scan() {
        let text = r#"{"a": {"b~/": [10, {"c": "x\"}"}, [], true]}, "d": "}", "a2": null, "a": 1}"#;
        let pointers = ["", "/a", "/d", "/a2", "/zz"];
        let wanted: HashSet<String> = pointers.iter().map(|p| p.to_string()).collect();
        let found = scan(text, &wanted);
        for pointer in pointers {
            let parsed = Pointer::parse(pointer).unwrap();
            assert_eq!(
                found.offsets.get(pointer).copied(),
                locate(text, &parsed),
                "{pointer}"
            );
        }
        let nested = r#"{"a": {"b~/": [10, {"c": "x\"}"}]}}"#;
        let deep = Pointer::root().key("a").key("b~/").index(1).key("c");
        assert_eq!(locate(nested, &deep), nested.find("\"x"));
        assert_eq!(locate("[", &Pointer::root().index(0)), None);
    }

    #[test]
    fn places_members_elements_and_the_last_repeat() {
        let text = "{\"a\": {\"b~/\": [10, {\"c\": \"x\\\"}\"}]}, \"a\": 2}";
        let wanted: HashSet<String> = ["", "/a", "/a/b~0~1/0", "/a/b~0~1/1/c", "/a/b~0~1/2", "/z"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        let found = scan(text, &wanted);
        assert_eq!(found.offsets.get(""), Some(&0));
        assert_eq!(found.offsets.get("/a"), text.rfind('2').as_ref());
        assert_eq!(found.offsets.get("/a/b~0~1/0"), text.find("10").as_ref());
        assert_eq!(found.offsets.get("/a/b~0~1/1/c"), text.find("\"x").as_ref());
        assert_eq!(found.offsets.get("/a/b~0~1/2"), None);
        assert_eq!(found.offsets.get("/z"), None);
        assert!(scan("[", &wanted).offsets.len() <= 1);
    }

    #[test]
    fn finds_repeated_keys_at_any_depth() {
        let text = r#"{"a": 1, "b": [{"x": 1, "x": 2}], "a": 3}"#;
        let repeats = scan(text, &HashSet::new()).repeats;
        let repeats: Vec<(&str, usize)> = repeats.iter().map(|(p, o)| (p.as_str(), *o)).collect();
        assert_eq!(repeats, vec![("/b/0/x", 24), ("/a", 34)]);
        assert!(
            scan(r#"{"a": {"a": 1}, "b": "a"}"#, &HashSet::new())
                .repeats
                .is_empty()
        );
    }

    #[test]
    fn scan_handles_many_keys_in_one_pass() {
        // 60,000 keys and as many wanted pointers: a per-pointer search would be quadratic.
        let keys: Vec<String> = (0..60_000).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k7\": 0}}", keys.join(", "));
        let wanted: HashSet<String> = (0..60_000).map(|i| format!("/k{i}")).collect();
        let found = scan(&text, &wanted);
        assert_eq!((found.repeats.len(), found.offsets.len()), (1, 60_000));
        assert_eq!(found.offsets["/k7"], text.rfind("\"k7\": 0").unwrap() + 6);
    }

    #[test]
    fn the_line_of_an_offset() {
        let text = "{
  \"a\": 1
}";
        assert_eq!(line_at(text, text.find('1').unwrap()), "  \"a\": 1");
    }
}
