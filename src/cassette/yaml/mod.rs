//! Ruby VCR and vcrpy cassettes: YAML read by `saphyr-parser`, whose events carry the span of
//! every scalar, so that a body stored as one is placed.

use std::borrow::Cow;
use std::cell::Cell;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, StrInput};

use super::Interaction;
use vcr::interaction;

mod vcr;

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

/// Reads a VCR or vcrpy cassette one interaction at a time: only the interaction being read
/// is held as a tree, whatever the number of interactions.
pub(super) struct Reader<'c, 'a> {
    text: &'a str,
    line_starts: &'c [usize],
    budget: &'c Cell<usize>,
    parser: Parser<'a, StrInput<'a>>,
    state: State,
    number: usize,
    /// The last marker placed: its line, its column in characters, its byte offset.
    cursor: (usize, usize, usize),
}

enum State {
    /// Before the list of interactions.
    Start,
    /// In the list; `ruby` when it is Ruby VCR's `http_interactions`.
    InList {
        ruby: bool,
    },
    Done,
}

type Failure = (String, usize);

impl<'c, 'a> Reader<'c, 'a> {
    pub(super) fn new(text: &'a str, line_starts: &'c [usize], budget: &'c Cell<usize>) -> Self {
        Reader {
            text,
            line_starts,
            budget,
            parser: Parser::new_from_str(text),
            state: State::Start,
            number: 0,
            cursor: (1, 0, 0),
        }
    }

    /// The byte offset of a marker, which counts lines from 1 and columns in characters.
    /// Markers come in order: the count goes on from the last one on the same line, so a
    /// long line is walked once, not once per marker.
    fn offset(&mut self, mark: &Marker) -> usize {
        let (line, column) = (mark.line(), mark.col());
        let (last_line, last_column, last_at) = self.cursor;
        let (from_column, from) = if last_line == line && last_column <= column {
            (last_column, last_at)
        } else {
            let start = self
                .line_starts
                .get(line.saturating_sub(1))
                .copied()
                .unwrap_or(0);
            (0, start.min(self.text.len()))
        };
        let rest = &self.text[from..];
        let steps = column - from_column;
        // ASCII characters are bytes: no walk.
        let at = if rest.as_bytes().get(..steps).is_some_and(<[u8]>::is_ascii) {
            from + steps
        } else {
            rest.char_indices()
                .nth(steps)
                .map_or(self.text.len(), |(at, _)| from + at)
        };
        self.cursor = (line, column, at);
        at
    }

    /// The next event and the byte offset where it starts; an error at the end of the input.
    fn event(&mut self) -> Result<(Event<'a>, usize, usize), Failure> {
        match self.parser.next_event() {
            Some(Ok((event, span))) => {
                let start = self.offset(&span.start);
                Ok((event, start, self.offset(&span.end)))
            }
            Some(Err(error)) => {
                let at = self.offset(error.marker());
                Err((format!("not YAML: {}", error.info()), at))
            }
            None => Err(("the cassette ends early".into(), self.text.len())),
        }
    }

    /// Finds the list of interactions: the root mapping's `http_interactions` (Ruby) or
    /// `interactions` (vcrpy); other keys are skipped.
    fn find_list(&mut self) -> Result<State, Failure> {
        loop {
            let (event, at, _) = self.event()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) => {}
                Event::MappingStart(..) => break,
                Event::StreamEnd | Event::DocumentEnd => {
                    return Err(("the cassette is empty".into(), at));
                }
                _ => return Err(("a VCR cassette is a YAML mapping".into(), at)),
            }
        }
        loop {
            let (event, at, end) = self.event()?;
            let ruby = match &event {
                Event::MappingEnd => {
                    return Err((
                        "a VCR cassette has `http_interactions` (Ruby) or `interactions` (vcrpy)"
                            .into(),
                        at,
                    ));
                }
                Event::Scalar(key, ..) if key == "http_interactions" => true,
                Event::Scalar(key, ..) if key == "interactions" => false,
                _ => {
                    // A key of another kind, then its value: skipped whole.
                    self.build(event, at, end)?;
                    let (value, at, end) = self.event()?;
                    self.build(value, at, end)?;
                    continue;
                }
            };
            let (list, at, end) = self.event()?;
            return match list {
                Event::SequenceStart(..) => Ok(State::InList { ruby }),
                value => match self.build(value, at, end)? {
                    node if node.is_null() => Ok(State::Done),
                    node => Err(("the interactions are not a list".into(), node.at())),
                },
            };
        }
    }

    /// The node that starts with `first`, built without recursion (a deeply nested input
    /// cannot overflow the stack).
    fn build(&mut self, first: Event<'a>, at: usize, end: usize) -> Result<Node<'a>, Failure> {
        // Open collections: their items so far, whether a mapping, and where each starts.
        let mut open: Vec<(Vec<Node<'a>>, bool, usize)> = Vec::new();
        let (mut event, mut at, mut end) = (first, at, end);
        loop {
            let node = match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    open.push((Vec::new(), matches!(event, Event::MappingStart(..)), at));
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some((items, map, start)) = open.pop() else {
                        return Err(("an unexpected end of a collection".into(), at));
                    };
                    Some(if map {
                        let mut entries = Vec::with_capacity(items.len() / 2);
                        let mut items = items.into_iter();
                        while let (Some(key), Some(value)) = (items.next(), items.next()) {
                            entries.push((key, value));
                        }
                        Node::Map(entries, start)
                    } else {
                        Node::Seq(items, start)
                    })
                }
                Event::Scalar(value, style, _, tag) => Some(Node::Scalar {
                    binary: tag.is_some_and(|tag| tag.suffix.ends_with("binary")),
                    value,
                    style,
                    start: at,
                    raw: self.text.get(at..end).unwrap_or_default(),
                }),
                Event::Alias(_) => Some(Node::Alias(at)),
                _ => return Err(("an unexpected end of the cassette".into(), at)),
            };
            match (node, open.last_mut()) {
                (Some(node), None) => return Ok(node),
                (Some(node), Some((items, _, _))) => items.push(node),
                (None, _) => {}
            }
            (event, at, end) = self.event()?;
        }
    }

    /// The next list item, whole.
    fn step(&mut self) -> Result<Option<(Node<'a>, bool)>, Failure> {
        loop {
            match self.state {
                State::Start => self.state = self.find_list()?,
                State::InList { ruby } => {
                    let (event, at, end) = self.event()?;
                    if matches!(event, Event::SequenceEnd) {
                        self.state = State::Done;
                        continue;
                    }
                    return Ok(Some((self.build(event, at, end)?, ruby)));
                }
                State::Done => return Ok(None),
            }
        }
    }
}

impl Iterator for Reader<'_, '_> {
    type Item = Result<Interaction, super::ReadFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.step() {
            // An item of the wrong shape is an error of its own; the next one is read.
            Ok(Some((item, ruby))) => {
                self.number += 1;
                let number = self.number;
                Some(
                    interaction(&item, number, ruby, self.budget)
                        .map_err(|(message, at)| (message, at, Some(number))),
                )
            }
            Ok(None) => None,
            // Broken YAML: nothing after it can be read. Inside the list, it breaks the
            // interaction being read.
            Err((message, at)) => {
                let number = matches!(self.state, State::InList { .. }).then_some(self.number + 1);
                self.state = State::Done;
                Some(Err((message, at, number)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cassette::Origin;

    fn read(text: &str) -> Result<Vec<Interaction>, Failure> {
        let line_starts = super::super::line_starts(text.as_bytes());
        Reader::new(text, &line_starts, &Cell::new(usize::MAX))
            .map(|item| item.map_err(|(message, at, _)| (message, at)))
            .collect()
    }

    #[test]
    fn a_one_line_body_is_verbatim_and_a_folded_one_is_walked() {
        let yaml = "interactions:\n- request:\n    body: '{\"a\": 1}'\n    method: POST\n    uri: https://api.anthropic.com/v1/complete\n  response:\n    body:\n      string: '{\"b\":\n        2}'\n    status: {code: 200}\n";
        let interactions = read(yaml).unwrap();
        let request = &interactions[0].request.body;
        assert_eq!(request.bytes(), b"{\"a\": 1}");
        assert_eq!(
            request.origin,
            Origin::Verbatim(yaml.find("{\"a\"").unwrap())
        );
        let response = &interactions[0].response.body;
        assert_eq!(response.bytes(), b"{\"b\": 2}");
        let quote = yaml.find("'{\"b\"").unwrap();
        assert_eq!(
            response.origin,
            Origin::YamlQuoted {
                quote,
                double: false
            }
        );
        // The `2` on the folded line is placed on that line.
        let two = response.bytes().iter().position(|b| *b == b'2').unwrap();
        let source = yaml.as_bytes();
        let mut placer = super::super::Placer::new(response, source);
        assert_eq!(placer.cassette_offset(two), yaml.rfind("2}").unwrap());
        // A block scalar is placed at its start only.
        let block = "interactions:\n- request:\n    method: post\n    uri: /v1/complete\n    body: |\n      {}\n  response: {}\n";
        let blocks = read(block).unwrap();
        assert!(matches!(blocks[0].request.body.origin, Origin::Encoded(_)));
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
