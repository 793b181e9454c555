//! Schema prose as rustdoc: whatever a description holds, the doc comment compiles, renders,
//! and runs no doctest.

/// `text` made safe for a doc comment:
/// - line breaks are `\n` (a bare CR is an error in a doc comment);
/// - characters that change the visible direction of text (which rustc refuses in comments)
///   are written as `U+XXXX`;
/// - a fenced code block is marked `text`, unless its info string names a language other
///   than Rust, so that rustdoc does not run it;
/// - a line indented four or more columns (an indented code block, which rustdoc would run) is
///   indented three;
/// - outside code blocks, square brackets are escaped, so that prose never becomes a broken
///   intra-doc link; a Markdown link to an `http(s)` URL (`[models](https://...)`) is kept.
pub(crate) fn safe(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<String> = None;
    for line in text.split('\n') {
        let line: String = line.chars().map(visible).collect();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let marker = fence_marker(trimmed).filter(|_| indent < 4);
        match (&fence, marker) {
            (None, Some(marker)) => {
                let info = trimmed[marker.len()..].trim();
                let info = if is_rust(info) { "text" } else { info };
                out.push_str(&format!("{}{marker}{info}", &line[..indent]));
                fence = Some(marker);
            }
            (Some(open), Some(marker)) if marker.starts_with(open.as_str()) => {
                out.push_str(&line);
                fence = None;
            }
            (Some(_), _) => out.push_str(&line),
            (None, None) => {
                let columns = line.chars().take_while(|c| *c == ' ' || *c == '\t');
                let width: usize = columns.map(|c| if c == '\t' { 4 } else { 1 }).sum();
                let body = line.trim_start_matches([' ', '\t']);
                let body = escape_brackets(body);
                if width >= 4 && !body.is_empty() {
                    out.push_str("   ");
                } else {
                    out.push_str(&line[..line.len() - line.trim_start_matches([' ', '\t']).len()]);
                }
                out.push_str(&body);
            }
        }
        out.push('\n');
    }
    out.pop();
    // An unclosed fence would swallow the rest of the page.
    if let Some(marker) = fence {
        out.push('\n');
        out.push_str(&marker);
    }
    out
}

/// `text` with its square brackets escaped, except those of links to absolute URLs and those
/// inside code spans (where a backslash would show as itself: `extra["stop"]`).
fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['[', ']', '`']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with('`') {
            // A code span ends at the next run of as many backticks; without one, the
            // backticks are text.
            let run = tail.len() - tail.trim_start_matches('`').len();
            let ticks = &tail[..run];
            let span = tail[run..].find(ticks).map(|end| run + end + run);
            let length = span.unwrap_or(run);
            out.push_str(&tail[..length]);
            rest = &tail[length..];
            continue;
        }
        let link = tail
            .starts_with('[')
            .then(|| {
                let close = tail.find("](")?;
                let label = &tail[1..close];
                let target = &tail[close + 2..];
                let end = target.find(')')?;
                let url = &target[..end];
                let plain = !label.contains(['[', ']']) && !url.contains([' ', '(']);
                (plain && (url.starts_with("https://") || url.starts_with("http://")))
                    .then_some(close + 2 + end + 1)
            })
            .flatten();
        match link {
            Some(length) => {
                out.push_str(&tail[..length]);
                rest = &tail[length..];
            }
            None => {
                out.push('\\');
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A code fence (three or more backticks or tildes) that `line` starts with.
fn fence_marker(line: &str) -> Option<String> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run: String = line.chars().take_while(|c| *c == first).collect();
    (run.len() >= 3).then_some(run)
}

/// Whether rustdoc would treat a code block with this info string as Rust (and run it).
fn is_rust(info: &str) -> bool {
    const RUST: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "standalone_crate",
        "test_harness",
    ];
    info.is_empty()
        || info
            .split([',', ' '])
            .filter(|w| !w.is_empty())
            .all(|word| {
                RUST.contains(&word) || word.starts_with("edition") || word.starts_with('E')
            })
}

/// A character rustc accepts in a comment: direction controls are spelled out.
/// An `# Examples` section for the type `name` (named as `path::name` in the doctest): each
/// example is read, written and read back, and the two values must be equal. (Equal, not the
/// same JSON text: `2` read into an `f64` field is written `2.0`.)
pub(crate) fn examples(path: &str, name: &str, examples: &[String]) -> String {
    let mut out = String::from("\n# Examples\n");
    for json in examples {
        // Direction-changing characters (only ever inside JSON strings) as JSON escapes:
        // rustc refuses them in a doc comment, and the value read is the same.
        let json: String = json
            .chars()
            .map(|c| match changes_direction(c) {
                true => format!("\\u{:04x}", c as u32),
                false => c.to_string(),
            })
            .collect();
        out.push_str(&format!(
            "\n```\n\
             let json = {literal};\n\
             let value: {path}::{name} = serde_json::from_str(json)?;\n\
             // Written and read back, it is the same value (undeclared keys included).\n\
             let written = serde_json::to_string(&value)?;\n\
             assert_eq!(serde_json::from_str::<{path}::{name}>(&written)?, value);\n\
             # Ok::<(), serde_json::Error>(())\n\
             ```\n",
            literal = string_literal(&json),
        ));
    }
    out
}

/// `text` as a Rust string literal: raw, with one `#` more than the longest run after a
/// quote, or escaped where that would take more than the 255 `#` a raw string may have.
fn string_literal(text: &str) -> String {
    let hashes = (1..=255)
        .map(|n| "#".repeat(n))
        .find(|hashes| !text.contains(&format!("\"{hashes}")));
    match hashes {
        Some(hashes) => format!("r{hashes}\"{text}\"{hashes}"),
        None => format!("{text:?}"),
    }
}

fn changes_direction(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn visible(c: char) -> String {
    match changes_direction(c) {
        true => format!("U+{:04X}", c as u32),
        false => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{examples, safe};

    #[test]
    fn an_example_is_a_raw_string_that_its_text_cannot_end() {
        let doc = examples(
            "k",
            "T",
            &["{\"a\":\"\\\"#\",\"b\":\"x\u{202e}\"}".to_owned()],
        );
        assert!(
            doc.contains(r###"let json = r##"{"a":"\"#","b":"x\u202e"}"##;"###),
            "{doc}"
        );
        assert!(doc.contains("let value: k::T = serde_json::from_str(json)?;"));
        // A raw string takes at most 255 `#`: beyond, an escaped string.
        let long = format!("\"\\\"{}\"", "#".repeat(255));
        let doc = examples("k", "T", &[long]);
        assert!(
            doc.contains(&format!(
                "let json = \"\\\"\\\\\\\"{}\\\"\";",
                "#".repeat(255)
            )),
            "{doc}"
        );
    }

    #[test]
    fn code_blocks_never_run_and_prose_stays() {
        assert_eq!(safe("a [b] c"), "a \\[b\\] c");
        // In a code span brackets are code: a backslash would show.
        assert_eq!(
            safe("kept in `extra[\"stop\"]`, then [x]"),
            "kept in `extra[\"stop\"]`, then \\[x\\]"
        );
        assert_eq!(safe("a `` b [c] `` d"), "a `` b [c] `` d");
        assert_eq!(safe("an unclosed ` and [e]"), "an unclosed ` and \\[e\\]");
        assert_eq!(
            safe("See [models](https://example.com/m) and [x](y) or [a]"),
            "See [models](https://example.com/m) and \\[x\\](y) or \\[a\\]"
        );
        assert_eq!(
            safe("x\n```\nfn main() {}\n```"),
            "x\n```text\nfn main() {}\n```"
        );
        assert_eq!(safe("```json\n[1]\n```"), "```json\n[1]\n```");
        assert_eq!(safe("x\n\n    let a = [1];"), "x\n\n   let a = \\[1\\];");
        assert_eq!(safe("a\rb\r\nc"), "a\nb\nc");
        assert_eq!(safe("a\u{202E}b"), "aU+202Eb");
        assert_eq!(safe("```\nopen"), "```text\nopen\n```");
    }
}
