//! Where a JSON pointer's value sits in a record's text, and which keys repeat.
//!
//! Both walk the text of a record that already parsed as JSON, so they can be small; they still
//! never index out of bounds or recurse deeper than the pointer, whatever the text.

/// The byte offset of the value at `pointer` in `text`; for a repeated key, its last
/// occurrence (the one a parser keeps). `None` if there is no such value.
pub(crate) fn locate(text: &str, pointer: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if pointer.is_empty() {
        return Some(at);
    }
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
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

/// Every key that appears twice in one object: (pointer of the repeat, offset of its key).
pub(crate) fn repeated_keys(text: &str) -> Vec<(String, usize)> {
    let bytes = text.as_bytes();
    let mut repeats = Vec::new();
    // One frame per open container: its pointer, and for objects the keys seen so far, and
    // the pointer the next value gets.
    struct Frame {
        pointer: String,
        keys: Option<Vec<String>>,
        index: usize,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut next_pointer = String::new();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'{' | b'[' => {
                let keys = (byte == b'{').then(Vec::new);
                stack.push(Frame {
                    pointer: std::mem::take(&mut next_pointer),
                    keys,
                    index: 0,
                });
                if byte == b'[' {
                    let frame = stack.last().map(|f| f.pointer.clone()).unwrap_or_default();
                    next_pointer = format!("{frame}/0");
                }
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                if let Some(frame) = stack.last_mut().filter(|f| f.keys.is_none()) {
                    frame.index += 1;
                    next_pointer = format!("{}/{}", frame.pointer, frame.index);
                }
                i += 1;
            }
            b'"' => {
                let Some(end) = string_end(bytes, i) else {
                    break;
                };
                let after = skip_ws(bytes, end);
                let is_key = bytes.get(after) == Some(&b':')
                    && stack.last().is_some_and(|f| f.keys.is_some());
                if is_key && let (Some(frame), Some(name)) = (stack.last_mut(), key(text, i, end)) {
                    let escaped = name.replace('~', "~0").replace('/', "~1");
                    next_pointer = format!("{}/{escaped}", frame.pointer);
                    let keys = frame.keys.get_or_insert_with(Vec::new);
                    if keys.iter().any(|k| *k == name) {
                        repeats.push((next_pointer.clone(), i));
                    } else {
                        keys.push(name.into_owned());
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    repeats
}

/// The 1-based line and byte column of `offset` in `text`, counted from `first_line`.
pub(crate) fn line_column(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line = first_line + memchr::memchr_iter(b'\n', before).count();
    let column = memchr::memrchr(b'\n', before).map_or(offset, |newline| offset - newline - 1) + 1;
    (line, column)
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
    fn locates_members_elements_and_the_last_repeat() {
        let text = "{\"a\": {\"b~/\": [10, {\"c\": \"x\\\"}\"}]}, \"a\": 2}";
        assert_eq!(locate(text, ""), Some(0));
        assert_eq!(locate(text, "/a"), text.rfind('2'));
        let first = "{\"a\": {\"b~/\": [10, {\"c\": \"x\\\"}\"}]}}";
        assert_eq!(locate(first, "/a/b~0~1/0"), first.find("10"));
        assert_eq!(locate(first, "/a/b~0~1/1/c"), first.find("\"x"));
        assert_eq!(locate(first, "/a/b~0~1/2"), None);
        assert_eq!(locate(first, "/z"), None);
        assert_eq!(locate("[", "/0"), None);
        assert_eq!(locate("{\"a\"", "/a"), None);
    }

    #[test]
    fn finds_repeated_keys_at_any_depth() {
        let text = r#"{"a": 1, "b": [{"x": 1, "x": 2}], "a": 3}"#;
        let repeats = repeated_keys(text);
        assert_eq!(
            repeats,
            vec![("/b/0/x".to_owned(), 24), ("/a".to_owned(), 34)]
        );
        assert!(repeated_keys(r#"{"a": {"a": 1}, "b": "a"}"#).is_empty());
    }

    #[test]
    fn lines_and_columns() {
        let text = "{\n  \"a\": 1\n}";
        assert_eq!(line_column(text, text.find('1').unwrap(), 5), (6, 8));
        assert_eq!(line_at(text, text.find('1').unwrap()), "  \"a\": 1");
    }
}
