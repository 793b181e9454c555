//! What a VCR or vcrpy interaction means: a YAML node read as a request, a response, their
//! headers and bodies (and where each body sits), and the recording day.

use std::cell::Cell;

use saphyr_parser::ScalarStyle;

use super::super::{Body, Headers, Interaction, Origin, Request, Response, day_of};
use super::Node;

pub(super) fn interaction(
    item: &Node<'_>,
    number: usize,
    ruby: bool,
    budget: &Cell<usize>,
) -> Result<Interaction, (String, usize)> {
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
    let text = |node: &Node<'_>, key: &str| {
        node.get(key)
            .and_then(Node::text)
            .unwrap_or_default()
            .to_owned()
    };
    let (method, uri) = (text(request, "method"), text(request, "uri"));
    let (request_body, response_body) = if super::super::is_complete(&method, &uri) {
        (
            body(request.get("body"), request.at())
                .decoded(request_headers.get("content-encoding"), budget),
            body(response.get("body"), response.at())
                .decoded(response_headers.get("content-encoding"), budget),
        )
    } else {
        (Body::empty(request.at()), Body::empty(response.at()))
    };
    Ok(Interaction {
        number,
        recorded_on,
        request: Request {
            method,
            uri,
            body: request_body,
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
        None => return Body::empty(part_at),
        Some(node) => node,
    };
    let scalar = match node {
        Node::Map(..) => match (node.get("string"), node.get("base64_string")) {
            (Some(string), _) => string,
            (None, Some(Node::Scalar { value, start, .. })) => return Body::base64(value, *start),
            _ => return Body::empty(node.at()),
        },
        node => node,
    };
    if scalar.is_null() {
        return Body::empty(scalar.at());
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

/// Where a scalar's value is: verbatim when the source between its quotes is the value; a
/// quoted scalar whose escapes and folds are walked back to the source when that walk gives
/// the value the parser read; else only its start is placed (block scalars, plain ones over
/// several lines).
fn origin(value: &str, style: ScalarStyle, start: usize, raw: &str) -> Origin {
    let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
    let inner = match style {
        ScalarStyle::Plain => Some(raw),
        _ if quoted && raw.len() >= 2 => raw.get(1..raw.len() - 1),
        _ => None,
    };
    match inner {
        Some(inner) if inner == value => Origin::Verbatim(start + usize::from(quoted)),
        Some(_) if quoted => {
            let double = style == ScalarStyle::DoubleQuoted;
            // The walk stops at the closing quote: hand it the quote too.
            let text = &raw.as_bytes()[1..];
            if super::super::quoted::reproduces(text, double, value.as_bytes()) {
                Origin::YamlQuoted {
                    quote: start,
                    double,
                }
            } else {
                Origin::Encoded(start)
            }
        }
        _ => Origin::Encoded(start),
    }
}
