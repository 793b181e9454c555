//! Ruby VCR and vcrpy cassettes: YAML read by `saphyr-parser`, whose events carry the span of
//! every scalar, so that a body stored as one is placed.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use super::{Body, Headers, Interaction, Origin, Request, Response, day_of};

/// A YAML node, with the byte offset where it starts.
enum Node<'a> {
    Scalar {
        value: Cow<'a, str>,
        style: ScalarStyle,
        binary: bool,
        start: usize,
        /// The scalar as written (quotes included).
        raw: &'a str,
    },
    Seq(Vec<Node<'a>>, usize),
    Map(Vec<(Node<'a>, Node<'a>)>, usize),
    /// An alias: cassettes do not use them, and nothing is read from one.
    Alias(usize),
}

impl<'a> Node<'a> {
    fn at(&self) -> usize {
        match self {
            Node::Scalar { start, .. } => *start,
            Node::Seq(_, at) | Node::Map(_, at) | Node::Alias(at) => *at,
        }
    }

    fn get(&self, key: &str) -> Option<&Node<'a>> {
        let Node::Map(entries, _) = self else {
            return None;
        };
        entries
            .iter()
            .find(|(k, _)| k.text() == Some(key))
            .map(|(_, v)| v)
    }

    fn text(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether this is YAML's null (`null`, `~` or nothing, unquoted).
    fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { value, style: ScalarStyle::Plain, .. }
            if matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }
}

/// The interactions of a VCR or vcrpy cassette.
pub(super) fn read(text: &str) -> Result<Vec<Interaction>, (String, usize)> {
    let root = tree(text)?;
    let (list, ruby) = match (root.get("http_interactions"), root.get("interactions")) {
        (Some(list), _) => (list, true),
        (None, Some(list)) => (list, false),
        (None, None) => {
            return Err((
                "a VCR cassette has `http_interactions` (Ruby) or `interactions` (vcrpy)".into(),
                root.at(),
            ));
        }
    };
    let items = match list {
        Node::Seq(items, _) => items.as_slice(),
        node if node.is_null() => &[],
        node => return Err(("the interactions are not a list".into(), node.at())),
    };
    let mut interactions = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        interactions.push(interaction(item, index + 1, ruby)?);
    }
    Ok(interactions)
}

fn interaction(item: &Node<'_>, number: usize, ruby: bool) -> Result<Interaction, (String, usize)> {
    let part = |name: &str| {
        item.get(name).ok_or_else(|| {
            let kind = if ruby { "VCR" } else { "vcrpy" };
            (format!("a {kind} interaction without `{name}`"), item.at())
        })
    };
    let (request, response) = (part("request")?, part("response")?);
    let request_headers = headers(request.get("headers"));
    let response_headers = headers(response.get("headers"));
    let recorded_on = item
        .get("recorded_at")
        .and_then(Node::text)
        .and_then(day_of)
        .or_else(|| response_headers.get("date").and_then(day_of));
    let status = response
        .get("status")
        .and_then(|status| status.get("code").or(Some(status)))
        .and_then(Node::text)
        .and_then(|code| code.trim().parse().ok());
    let request_body = body(request.get("body"), request.at());
    let response_body =
        body(response.get("body"), response.at()).decoded(response_headers.get("content-encoding"));
    Ok(Interaction {
        number,
        recorded_on,
        request: Request {
            method: request
                .get("method")
                .and_then(Node::text)
                .unwrap_or_default()
                .to_owned(),
            uri: request
                .get("uri")
                .and_then(Node::text)
                .unwrap_or_default()
                .to_owned(),
            body: request_body.decoded(request_headers.get("content-encoding")),
            headers: request_headers,
        },
        response: Response {
            status,
            headers: response_headers,
            body: response_body,
        },
        at: item.at(),
    })
}

fn headers(node: Option<&Node<'_>>) -> Headers {
    let mut headers = Headers::default();
    if let Some(Node::Map(entries, _)) = node {
        for (name, values) in entries {
            let Some(name) = name.text() else { continue };
            match values {
                Node::Seq(values, _) => values
                    .iter()
                    .filter_map(Node::text)
                    .for_each(|value| headers.push(name, value)),
                value => {
                    if let Some(value) = value.text() {
                        headers.push(name, value);
                    }
                }
            }
        }
    }
    headers
}

/// A body: a scalar (vcrpy's request), or a mapping with `string` or `base64_string`.
fn body(node: Option<&Node<'_>>, part_at: usize) -> Body {
    let node = match node {
        None => return Body::empty(),
        Some(node) => node,
    };
    let scalar = match node {
        Node::Map(..) => match (node.get("string"), node.get("base64_string")) {
            (Some(string), _) => string,
            (None, Some(Node::Scalar { value, start, .. })) => return Body::base64(value, *start),
            _ => return Body::empty(),
        },
        node => node,
    };
    if scalar.is_null() {
        return Body::empty();
    }
    match scalar {
        Node::Scalar {
            binary: true,
            value,
            start,
            ..
        } => Body::base64(value, *start),
        Node::Scalar {
            value,
            style,
            start,
            raw,
            ..
        } => Body::stored(
            value.as_bytes().to_vec(),
            origin(value, *style, *start, raw),
        ),
        other => Body::broken("the body is not a string".into(), other.at().max(part_at)),
    }
}

/// Where a scalar's value is: verbatim when the source between its quotes is the value (no
/// escape, no folded line), else only its start is placed.
fn origin(value: &str, style: ScalarStyle, start: usize, raw: &str) -> Origin {
    let inner = match style {
        ScalarStyle::Plain => Some(raw),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => raw
            .get(1..raw.len().saturating_sub(1))
            .filter(|_| raw.len() >= 2),
        ScalarStyle::Literal | ScalarStyle::Folded => None,
    };
    match inner {
        Some(inner) if inner == value => {
            Origin::Verbatim(start + usize::from(style != ScalarStyle::Plain))
        }
        _ => Origin::Encoded(start),
    }
}

/// The document's tree, built without recursion (a deeply nested input cannot overflow the
/// stack).
fn tree(text: &str) -> Result<Node<'_>, (String, usize)> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
        .collect();
    // A marker counts lines from 1 and columns in characters.
    let offset = |mark: &Marker| {
        let line_start = line_starts
            .get(mark.line().saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let line = &text[line_start..];
        line.char_indices()
            .nth(mark.col())
            .map_or(text.len(), |(at, _)| line_start + at)
    };
    let mut parser = Parser::new_from_str(text);
    // Open collections: their items so far, whether a mapping, and where each starts.
    let mut open: Vec<(Vec<Node<'_>>, bool, usize)> = Vec::new();
    let mut root = None;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|error| {
            (
                format!("not YAML: {}", error.info()),
                offset(error.marker()),
            )
        })?;
        let start = offset(&span.start);
        let node = match event {
            Event::SequenceStart(..) => {
                open.push((Vec::new(), false, start));
                continue;
            }
            Event::MappingStart(..) => {
                open.push((Vec::new(), true, start));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((items, map, at)) = open.pop() else {
                    continue;
                };
                if map {
                    let mut entries = Vec::with_capacity(items.len() / 2);
                    let mut items = items.into_iter();
                    while let (Some(key), Some(value)) = (items.next(), items.next()) {
                        entries.push((key, value));
                    }
                    Node::Map(entries, at)
                } else {
                    Node::Seq(items, at)
                }
            }
            Event::Scalar(value, style, _, tag) => Node::Scalar {
                binary: tag.is_some_and(|tag| tag.suffix.ends_with("binary")),
                value,
                style,
                start,
                raw: text.get(start..offset(&span.end)).unwrap_or_default(),
            },
            Event::Alias(_) => Node::Alias(start),
            Event::DocumentEnd | Event::StreamEnd if open.is_empty() && root.is_some() => break,
            _ => continue,
        };
        match open.last_mut() {
            Some((items, _, _)) => items.push(node),
            None if root.is_none() => root = Some(node),
            None => {}
        }
    }
    root.ok_or_else(|| ("the cassette is empty".into(), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_quoted_body_is_verbatim_and_a_folded_one_is_placed_at_its_start() {
        let yaml = "interactions:\n- request:\n    body: '{\"a\": 1}'\n    method: POST\n    uri: u\n  response:\n    body:\n      string: '{\"b\":\n        2}'\n    status: {code: 200}\n";
        let interactions = read(yaml).unwrap();
        let request = &interactions[0].request.body;
        assert_eq!(request.bytes(), b"{\"a\": 1}");
        assert_eq!(
            request.origin,
            Origin::Verbatim(yaml.find("{\"a\"").unwrap())
        );
        let response = &interactions[0].response.body;
        assert_eq!(response.bytes(), b"{\"b\": 2}");
        assert_eq!(
            response.origin,
            Origin::Encoded(yaml.find("'{\"b\"").unwrap())
        );
        assert_eq!(interactions[0].response.status, Some(200));
    }

    #[test]
    fn bad_yaml_and_missing_parts_are_located() {
        let (message, at) = read("interactions:\n- request: [\n").unwrap_err();
        assert!(message.starts_with("not YAML"), "{message}");
        assert!(at > 0);
        let (message, _) = read("interactions:\n- response: {}\n").unwrap_err();
        assert!(message.contains("`request`"), "{message}");
        let (message, _) = read("version: 1\n").unwrap_err();
        assert!(message.contains("http_interactions"), "{message}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!(
            "interactions: {}{}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(read(&deep).is_err());
    }
}
