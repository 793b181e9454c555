//! The members' methods of a union of strings (`x-methods`): their declarations, and each
//! member's value typed by the declaration or inferred from the values.

use super::json::{Map, Value};

use super::unions::Member;
use super::{Context, kind_of, node};
use crate::error::SchemaError;
use crate::ir::{CalendarDate, DatedVariant, Method, MethodKind, MethodValue, StringEnum};
use crate::names;
use crate::pointer::Pointer;

/// Method names the generated code already uses on a string union.
const TAKEN_METHODS: &[&str] = &[
    "as_str",
    "known",
    "is_known",
    "description",
    "from",
    "iter",
    "get_message",
    "to_string",
    "validate",
];

/// A method as `x-methods` declares it.
pub(super) struct Declared {
    pub(super) name: String,
    doc: String,
    /// The form of its values, when the declaration gives it.
    form: Option<MethodKind>,
}

impl Context<'_> {
    /// `x-methods`: method name → its doc comment, and the form its values take when the
    /// declaration says (`{"description": ..., "format": "date"}` or `"dated": true`).
    pub(super) fn declared_methods(
        &self,
        object: &Map,
        pointer: &Pointer,
    ) -> Result<Vec<Declared>, SchemaError> {
        let Some(value) = object.get("x-methods") else {
            return Ok(Vec::new());
        };
        let here = pointer.push("x-methods");
        let declared = self.object(node(value, &here), "`x-methods`")?;
        let mut methods = Vec::with_capacity(declared.len());
        for (name, declaration) in declared {
            let at = here.push(name);
            let (doc, form) = match declaration {
                Value::String(doc) => (doc.clone(), None),
                Value::Object(declaration) => self.method_declaration(declaration, &at)?,
                other => {
                    return Err(self.error(
                        &at,
                        format!(
                            "a method is declared by its doc comment or by an object with `description`, found {}",
                            kind_of(other)
                        ),
                    ));
                }
            };
            methods.push(Declared {
                name: name.clone(),
                doc,
                form,
            });
        }
        Ok(methods)
    }

    /// `{"description": "...", "format": "date"}` or `{"description": "...", "dated": true}`.
    fn method_declaration(
        &self,
        declaration: &Map,
        pointer: &Pointer,
    ) -> Result<(String, Option<MethodKind>), SchemaError> {
        let mut doc = None;
        let mut form = None;
        for (key, value) in declaration {
            let at = pointer.push(key);
            match (key.as_str(), value) {
                ("description", Value::String(text)) => doc = Some(text.clone()),
                ("format", Value::String(format)) if format == "date" => {
                    form = Some(MethodKind::Date);
                }
                ("dated", Value::Bool(true)) => form = Some(MethodKind::DatedSelfRef),
                ("description" | "format" | "dated", _) => {
                    return Err(self.error(
                        &at,
                        "expected `\"description\"`: a string, `\"format\": \"date\"` or `\"dated\": true`",
                    ));
                }
                _ => {
                    return Err(self.error(
                        &at,
                        format!(
                            "unknown key `{key}` in a method declaration (known: description, format, dated)"
                        ),
                    ));
                }
            }
        }
        if declaration.contains_key("format") && declaration.contains_key("dated") {
            return Err(self.error(pointer, "a method is either `format: date` or `dated`"));
        }
        let doc =
            doc.ok_or_else(|| self.error(pointer, "a method declaration needs a `description`"))?;
        Ok((doc, form))
    }

    /// The method declared as `declared`, its return type inferred from the members' values
    /// unless the declaration gives it, and each member's value typed.
    pub(super) fn method(
        &self,
        union: &StringEnum,
        members: &[Member],
        declared: Declared,
        pointer: &Pointer,
    ) -> Result<(Method, Vec<Option<MethodValue>>), SchemaError> {
        let Declared { name, doc, form } = declared;
        let here = pointer.push("x-methods").push(&name);
        let ident = names::snake_case(&name).ok_or_else(|| {
            self.error(
                &here,
                format!("cannot make a Rust method name from `{name}`"),
            )
        })?;
        if TAKEN_METHODS.contains(&ident.as_str()) || union.methods.iter().any(|m| m.ident == ident)
        {
            return Err(self.error(&here, format!("the method name `{ident}` is already taken")));
        }
        let raw: Vec<Option<&Value>> = members
            .iter()
            .map(|m| {
                m.annotations
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v)
            })
            .collect();
        let Some(first) = raw.iter().flatten().next() else {
            return Err(self.error(&here, format!("no member has the annotation `x-{name}`")));
        };
        let listed_index = |v: &Value| {
            let text = v.as_str()?;
            union.variants.iter().position(|m| m.value == text)
        };
        let present = || raw.iter().flatten();
        let kind = match (form, first) {
            (Some(kind), _) => kind,
            (None, Value::Bool(_)) => MethodKind::Bool,
            (None, Value::String(_)) if present().all(|v| listed_index(v).is_some()) => {
                MethodKind::SelfRef
            }
            (None, Value::String(_)) => MethodKind::Str,
            (None, Value::Number(_))
                if present().all(|v| v.as_u64().is_some_and(|n| n <= u64::from(u16::MAX))) =>
            {
                MethodKind::U16
            }
            (None, Value::Number(_)) => MethodKind::I64,
            (None, _) => MethodKind::Str,
        };
        let mut values = Vec::with_capacity(raw.len());
        for (value, member) in raw.iter().zip(members) {
            let Some(value) = value else {
                values.push(None);
                continue;
            };
            let at = member.pointer.push(format!("x-{name}"));
            match kind {
                MethodKind::Date => {
                    values.push(Some(MethodValue::Date(self.date(value, &at)?)));
                    continue;
                }
                MethodKind::DatedSelfRef => {
                    let dated = self.dated(value, &at, &listed_index)?;
                    values.push(Some(MethodValue::Dated(dated)));
                    continue;
                }
                _ => {}
            }
            let typed = match kind {
                MethodKind::Bool => value.as_bool().map(MethodValue::Bool),
                MethodKind::SelfRef => listed_index(value).map(MethodValue::Variant),
                MethodKind::Str => value.as_str().map(|s| MethodValue::Str(s.to_owned())),
                MethodKind::U16 | MethodKind::I64 => value.as_i64().map(MethodValue::Integer),
                MethodKind::Date | MethodKind::DatedSelfRef => None,
            };
            let Some(typed) = typed else {
                let what = match kind {
                    MethodKind::Bool => "booleans",
                    MethodKind::SelfRef | MethodKind::Str => "strings",
                    MethodKind::U16 | MethodKind::I64 => "whole numbers that fit in an i64",
                    MethodKind::Date => "dates",
                    MethodKind::DatedSelfRef => "dated values",
                };
                return Err(self.error(
                    &at,
                    format!(
                        "`x-{name}` values must be all strings, all whole numbers or all booleans (here: {what}); this one is {}",
                        kind_of(value)
                    ),
                ));
            };
            values.push(Some(typed));
        }
        let method = Method {
            name,
            ident,
            doc,
            kind,
        };
        Ok((method, values))
    }

    /// A date written `YYYY-MM-DD` that exists.
    fn date(&self, value: &Value, pointer: &Pointer) -> Result<CalendarDate, SchemaError> {
        value.as_str().and_then(CalendarDate::parse).ok_or_else(|| {
            self.error(
                pointer,
                format!(
                    "expected a date written YYYY-MM-DD that exists, found {}",
                    value
                ),
            )
        })
    }

    /// `[{"value": "<listed>", "from": "YYYY-MM-DD", "through": "YYYY-MM-DD"}, ...]`, the
    /// ends optional, or one listed value that always holds.
    fn dated(
        &self,
        value: &Value,
        pointer: &Pointer,
        listed_index: &dyn Fn(&Value) -> Option<usize>,
    ) -> Result<Vec<DatedVariant>, SchemaError> {
        let listed = |value: &Value, at: &Pointer| {
            listed_index(value).ok_or_else(|| {
                self.error(
                    at,
                    format!("expected a value the union lists, found {}", value),
                )
            })
        };
        let spans = match value {
            Value::Array(spans) => spans,
            single => {
                let variant = listed(single, pointer)?;
                return Ok(vec![DatedVariant {
                    variant,
                    from: None,
                    through: None,
                }]);
            }
        };
        let mut out = Vec::with_capacity(spans.len());
        for (index, span) in spans.iter().enumerate() {
            let at = pointer.push(index);
            let span = self.object(node(span, &at), "a dated value")?;
            let mut dated = DatedVariant {
                variant: usize::MAX,
                from: None,
                through: None,
            };
            for (key, value) in span {
                let here = at.push(key);
                match key.as_str() {
                    "value" => dated.variant = listed(value, &here)?,
                    "from" => dated.from = Some(self.date(value, &here)?),
                    "through" => dated.through = Some(self.date(value, &here)?),
                    _ => {
                        return Err(self.error(
                            &here,
                            format!(
                                "unknown key `{key}` in a dated value (known: value, from, through)"
                            ),
                        ));
                    }
                }
            }
            if dated.variant == usize::MAX {
                return Err(self.error(&at, "a dated value needs a `value`"));
            }
            if let (Some(from), Some(through)) = (dated.from, dated.through)
                && from > through
            {
                return Err(self.error(&at, "`from` is after `through`"));
            }
            out.push(dated);
        }
        Ok(out)
    }
}
