//! Drift between real traffic and the schema: what an archive holds, counted.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Read};

use serde::Serialize;
use serde_json::Value;

use super::{Format, Kind};
use crate::__private::{Described, ProblemKind, Ty};
use crate::lines::LineReader;
use crate::record::{Facts, Shape};
use crate::stream::sse::SseReader;
use crate::{Model, StopReason};

/// Counts over an archive of recorded traffic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Records (a stream counts as one) by kind: `completion`, `request`, `error`, `stream`,
    /// `stream-event` (the data of one event, as a record of its own), `legacy-completion`,
    /// `legacy-error`, `unknown`, `invalid-json`.
    pub kinds: BTreeMap<String, u64>,
    /// Stream events by type (`completion`, `ping`, `error`, others, `untyped`, `[DONE]`).
    pub events: BTreeMap<String, u64>,
    /// Models, by id, wherever the schema types a value as a model: once per record (a stream
    /// is one).
    pub models: BTreeMap<String, u64>,
    /// Stop reasons, wherever the schema types a value as one: once per record, a stream's
    /// being its last (`null` when none came; a value of another type is not counted).
    pub stop_reasons: BTreeMap<String, u64>,
    /// Top-level keys seen, by record kind: once per record.
    pub fields: BTreeMap<String, BTreeMap<String, u64>>,
    /// Keys the schema does not declare, by JSON pointer.
    pub unknown_fields: BTreeMap<String, u64>,
    /// Model ids the schema does not list.
    pub unknown_models: BTreeMap<String, u64>,
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    *map.entry(key.to_owned()).or_default() += 1;
}

impl Stats {
    /// Adds what `input` holds, read one record at a time (lines longer than `max_record` are
    /// counted as `invalid-json` and skipped).
    pub fn add<R: BufRead>(&mut self, input: R, format: Format, max_record: usize) {
        match format {
            Format::EventStream => self.add_stream(input, max_record),
            Format::JsonLines => {
                let mut lines = LineReader::new(input, max_record, false);
                while let Some(line) = lines.next_line() {
                    match line {
                        Ok((_, _, bytes)) => match std::str::from_utf8(bytes) {
                            Ok(text) if text.trim().is_empty() => {}
                            Ok(text) => self.add_record(text),
                            Err(_) => bump(&mut self.kinds, "invalid-json"),
                        },
                        Err(_) => bump(&mut self.kinds, "invalid-json"),
                    }
                }
            }
            Format::Json => {
                let mut text = String::new();
                match input.take(max_record as u64).read_to_string(&mut text) {
                    Ok(_) => self.add_record(text.trim_start_matches('\u{feff}')),
                    Err(_) => bump(&mut self.kinds, "invalid-json"),
                }
            }
        }
    }

    fn add_record(&mut self, text: &str) {
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            bump(&mut self.kinds, "invalid-json");
            return;
        };
        let Some(shape) = Shape::of_record(Facts::of(&value), Kind::Auto) else {
            bump(&mut self.kinds, "unknown");
            return;
        };
        let kind = shape.name();
        bump(&mut self.kinds, kind);
        let mut record = Record::default();
        record.add(&value, shape);
        self.count(kind, record);
    }

    /// Adds one record's counts: each value once per record.
    fn count(&mut self, kind: &str, record: Record) {
        let fields = self.fields.entry(kind.to_owned()).or_default();
        for key in &record.keys {
            bump(fields, key);
        }
        for model in &record.models {
            bump(&mut self.models, model);
        }
        // A stream's stop reason is its last: `null` only when none came.
        match (&record.stop_reason, record.saw_stop_reason) {
            (Some(reason), _) => bump(&mut self.stop_reasons, reason),
            (None, true) => bump(&mut self.stop_reasons, "null"),
            (None, false) => {}
        }
        for pointer in &record.unknown_fields {
            bump(&mut self.unknown_fields, pointer);
        }
        for model in &record.unknown_models {
            bump(&mut self.unknown_models, model);
        }
    }

    fn add_stream<R: BufRead>(&mut self, input: R, max_record: usize) {
        bump(&mut self.kinds, "stream");
        let mut record = Record::default();
        for event in SseReader::new(input).max_line(max_record) {
            let Ok(event) = event else { continue };
            if event.data.trim() == "[DONE]" {
                bump(&mut self.events, "[DONE]");
                continue;
            }
            let Ok(value) = serde_json::from_str::<Value>(&event.data) else {
                bump(&mut self.events, "invalid-json");
                continue;
            };
            let shape = Shape::of_event(value.get("type").is_some(), event.event.as_deref());
            let tag = value
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("untyped");
            bump(&mut self.events, tag);
            record.add(&value, shape);
        }
        // The stream is one record: its model, stop reason and fields count once.
        self.count("stream-event", record);
    }
}

/// What one record holds, each value once (a stream's events together).
#[derive(Default)]
struct Record {
    keys: BTreeSet<String>,
    models: BTreeSet<String>,
    /// The last stop reason that was not `null` (a stream's is its last).
    stop_reason: Option<String>,
    /// Whether a stop reason (or a `null` one) came at all.
    saw_stop_reason: bool,
    unknown_fields: BTreeSet<String>,
    unknown_models: BTreeSet<String>,
}

impl Record {
    fn add(&mut self, value: &Value, shape: Shape) {
        if let Some(object) = value.as_object() {
            for key in object.keys() {
                kept(&mut self.keys, key);
            }
        }
        // Which unions are the model list and the stop reasons: asked of the generated types.
        let (Ty::Union(models), Ty::Union(stop_reasons)) = (Model::RULES, StopReason::RULES) else {
            return;
        };
        let (problems, values) = shape.problems_and_values(value);
        for (union, value) in values {
            if std::ptr::eq(union, models) {
                let Some(id) = value else { continue };
                // Unlisted: the walk's value, whole (a problem shows only its start).
                if !union.values.contains(&id.as_str()) {
                    kept(&mut self.unknown_models, &id);
                }
                kept(&mut self.models, &id);
            } else if std::ptr::eq(union, stop_reasons) {
                self.saw_stop_reason = true;
                if value.is_some() {
                    self.stop_reason = value;
                }
            }
        }
        for problem in problems {
            if let ProblemKind::Undeclared { .. } = problem.kind {
                kept(&mut self.unknown_fields, problem.pointer.as_str());
            }
        }
    }
}

/// How many different values of one kind a record (a stream: all its events) keeps: a
/// stream whose every event names another model stays bounded in memory.
const KEPT_PER_RECORD: usize = 1024;

fn kept(set: &mut BTreeSet<String>, value: &str) {
    if set.len() < KEPT_PER_RECORD && !set.contains(value) {
        set.insert(value.to_owned());
    }
}
