//! Unions of string constants (a Rust enum of unit variants, open or closed), with their
//! member methods (`x-methods`) typed, and the validator's annotations.

use serde_json::{Map, Value};

use super::{Context, kind_of, node};
use crate::error::SchemaError;
use crate::ir::{CalendarDate, DatedVariant, Method, MethodKind, MethodValue, StringEnum, Variant};
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
struct Declared {
    name: String,
    doc: String,
    /// The form of its values, when the declaration gives it.
    form: Option<MethodKind>,
}

/// A member before its methods are typed.
struct Member {
    pointer: Pointer,
    annotations: Vec<(String, Value)>,
}

impl Context<'_> {
    pub(super) fn string_enum(
        &self,
        object: &Map<String, Value>,
        pointer: &Pointer,
    ) -> Result<StringEnum, SchemaError> {
        self.only_keywords(object, pointer, &["type", "enum", "anyOf", "oneOf"])?;
        if object.get("type").is_some_and(|t| t != "string") {
            return Err(self.error(
                &pointer.push("type"),
                "a union of string constants must have `\"type\": \"string\"` or no `type`",
            ));
        }
        let (keyword, members) = ["enum", "anyOf", "oneOf"]
            .iter()
            .find_map(|k| object.get(*k).map(|v| (*k, v)))
            .ok_or_else(|| self.error(pointer, "expected `enum`, `anyOf` or `oneOf`"))?;
        let members_pointer = pointer.push(keyword);
        let members = members
            .as_array()
            .filter(|m| !m.is_empty())
            .ok_or_else(|| {
                self.error(
                    &members_pointer,
                    format!("`{keyword}` must be a non-empty array"),
                )
            })?;
        let declared = self.declared_methods(object, pointer)?;

        let mut union = StringEnum {
            variants: Vec::with_capacity(members.len()),
            open: false,
            methods: Vec::new(),
            unlisted_code: self.unlisted_code(object, pointer)?,
            note: self.function_name(object, pointer, "x-rust-note")?,
        };
        let mut listed: Vec<Member> = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let member_pointer = members_pointer.push(index);
            if keyword == "enum" {
                self.add_variant(&mut union, member, None, &member_pointer)?;
                listed.push(Member {
                    pointer: member_pointer,
                    annotations: Vec::new(),
                });
                continue;
            }
            let member_object = self.object(node(member, &member_pointer), "a union member")?;
            if !member_object.contains_key("const") {
                self.catch_all(member_object, &member_pointer, keyword, &mut union)?;
                continue;
            }
            self.only_keywords(member_object, &member_pointer, &["const", "type"])?;
            let mut annotations = Vec::new();
            for (key, value) in member_object {
                let Some(name) = key.strip_prefix("x-") else {
                    continue;
                };
                if !declared.iter().any(|declared| declared.name == name) {
                    return Err(self.error(
                        &member_pointer.push(key),
                        format!(
                            "the annotation `{key}` is not declared in the union's `x-methods`"
                        ),
                    ));
                }
                annotations.push((name.to_owned(), value.clone()));
            }
            let doc = self.description(member_object, &member_pointer)?;
            self.add_variant(
                &mut union,
                &member_object["const"],
                doc,
                &member_pointer.push("const"),
            )?;
            listed.push(Member {
                pointer: member_pointer,
                annotations,
            });
        }
        if union.open && union.variants.iter().any(|v| v.ident == "Other") {
            return Err(self.error(
                pointer,
                "the variant name `Other` is reserved for the values an open union does not list",
            ));
        }
        for declared in declared {
            let (method, values) = self.method(&union, &listed, declared, pointer)?;
            union.methods.push(method);
            for (variant, value) in union.variants.iter_mut().zip(values) {
                variant.values.push(value);
            }
        }
        Ok(union)
    }

    /// `x-diagnostic-code`: what the validator calls a value the union does not list.
    pub(super) fn unlisted_code(
        &self,
        object: &Map<String, Value>,
        pointer: &Pointer,
    ) -> Result<Option<String>, SchemaError> {
        let code = self.string(object, pointer, "x-diagnostic-code")?;
        if let Some(code) = code
            && (code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        {
            return Err(self.error(
                &pointer.push("x-diagnostic-code"),
                format!("a diagnostic code is kebab-case (`unknown-model`), found \"{code}\""),
            ));
        }
        Ok(code.map(str::to_owned))
    }

    /// `x-methods`: method name → its doc comment, and the form its values take when the
    /// declaration says (`{"description": ..., "format": "date"}` or `"dated": true`).
    fn declared_methods(
        &self,
        object: &Map<String, Value>,
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
        declaration: &Map<String, Value>,
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
    fn method(
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

    /// A `{"type": "string"}` member: the union is open.
    fn catch_all(
        &self,
        member: &Map<String, Value>,
        pointer: &Pointer,
        keyword: &str,
        union: &mut StringEnum,
    ) -> Result<(), SchemaError> {
        self.only_keywords(member, pointer, &["type"])?;
        if member.get("type") != Some(&Value::from("string")) {
            return Err(self.error(pointer, "a union member must be `{\"const\": \"...\"}` or, once, `{\"type\": \"string\"}` for any other value"));
        }
        if union.open {
            return Err(self.error(
                pointer,
                "only one `{\"type\": \"string\"}` member is allowed",
            ));
        }
        if keyword == "oneOf" {
            return Err(self.error(pointer, "an open union must use `anyOf`: with `oneOf`, a listed value would match two members and be invalid"));
        }
        union.open = true;
        Ok(())
    }

    fn add_variant(
        &self,
        union: &mut StringEnum,
        value: &Value,
        doc: Option<String>,
        pointer: &Pointer,
    ) -> Result<(), SchemaError> {
        let value = value.as_str().ok_or_else(|| {
            self.error(
                pointer,
                format!("only string values are supported, found {}", kind_of(value)),
            )
        })?;
        if union.variants.iter().any(|v| v.value == value) {
            return Err(self.error(pointer, format!("the value \"{value}\" is listed twice")));
        }
        let ident = names::camel_case(value).ok_or_else(|| {
            self.error(
                pointer,
                format!("cannot make a Rust variant name from \"{value}\""),
            )
        })?;
        if let Some(other) = union.variants.iter().find(|v| v.ident == ident) {
            return Err(self.error(
                pointer,
                format!(
                    "\"{value}\" and \"{}\" both become the Rust variant `{ident}`",
                    other.value
                ),
            ));
        }
        union.variants.push(Variant {
            value: value.to_owned(),
            ident,
            doc,
            values: Vec::new(),
        });
        Ok(())
    }
}
