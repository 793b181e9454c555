//! Stage one: a JSON Schema document becomes a [`Module`].
//!
//! Every keyword is either understood, an annotation (kept or ignored, never changing a value's
//! shape), or an error naming its JSON pointer: nothing is skipped silently.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::SchemaError;
use super::ir::{
    Field, FieldShape, Module, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Variant,
};
use super::names;

/// The only dialect understood.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keywords that describe a value without changing its shape; allowed on every schema.
/// Keys starting with `x-` (extensions) are allowed too.
pub const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "deprecated",
    "default",
    "readOnly",
    "writeOnly",
];

/// Names of the Rust prelude that generated code uses unqualified: no schema type may take them.
const PRELUDE: &[&str] = &[
    "AsRef", "Box", "Err", "From", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

/// Reads `root` (the contents of `file`) into a [`Module`].
pub fn understand(file: &str, root: &Value) -> Result<Module, SchemaError> {
    let cx = Context {
        file,
        idents: HashMap::new(),
    };
    cx.module(root)
}

struct Context<'a> {
    file: &'a str,
    /// `$defs` name → Rust identifier, filled before any definition is read so that `$ref`s
    /// can point forward.
    idents: HashMap<String, String>,
}

/// A JSON node and where it is.
#[derive(Clone, Copy)]
struct Node<'v, 'p> {
    value: &'v Value,
    pointer: &'p str,
}

/// `pointer` extended by one reference token, escaped as RFC 6901 says.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Context<'_> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> SchemaError {
        SchemaError {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    fn object<'v>(
        &self,
        node: Node<'v, '_>,
        what: &str,
    ) -> Result<&'v Map<String, Value>, SchemaError> {
        node.value.as_object().ok_or_else(|| {
            self.error(
                node.pointer,
                format!("{what} must be an object, found {}", kind_of(node.value)),
            )
        })
    }

    /// Fails on the first key that is neither in `allowed`, an annotation, nor an extension.
    fn only_keywords(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
        allowed: &[&str],
    ) -> Result<(), SchemaError> {
        for key in object.keys() {
            let known = allowed.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str());
            if !known && !key.starts_with("x-") {
                return Err(self.error(
                    &push_pointer(pointer, key),
                    format!(
                        "unsupported keyword `{key}` here (supported: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn description(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<Option<String>, SchemaError> {
        match object.get("description") {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.error(
                &push_pointer(pointer, "description"),
                format!("`description` must be a string, found {}", kind_of(other)),
            )),
        }
    }

    fn module(mut self, root: &Value) -> Result<Module, SchemaError> {
        let root = self.object(
            Node {
                value: root,
                pointer: "",
            },
            "the schema root",
        )?;
        self.only_keywords(root, "", &["$schema", "$id", "$defs"])?;
        match root.get("$schema") {
            None => {}
            Some(Value::String(uri)) if uri == DRAFT_2020_12 => {}
            Some(other) => {
                return Err(self.error(
                    "/$schema",
                    format!("only JSON Schema draft 2020-12 is supported: expected \"{DRAFT_2020_12}\", found {other}"),
                ));
            }
        }
        let defs = root.get("$defs").ok_or_else(|| {
            self.error(
                "",
                "the schema has no `$defs`: every type must be defined there",
            )
        })?;
        let defs = self.object(
            Node {
                value: defs,
                pointer: "/$defs",
            },
            "`$defs`",
        )?;

        let mut taken: HashMap<String, &str> = HashMap::new();
        for name in defs.keys() {
            let pointer = push_pointer("/$defs", name);
            let ident = names::camel_case(name).ok_or_else(|| {
                self.error(
                    &pointer,
                    format!("cannot make a Rust type name from `{name}`"),
                )
            })?;
            if PRELUDE.contains(&ident.as_str()) {
                return Err(self.error(
                    &pointer,
                    format!("`{ident}` would shadow a name of the Rust prelude"),
                ));
            }
            if let Some(first) = taken.insert(ident.clone(), name) {
                return Err(self.error(
                    &pointer,
                    format!("`{name}` and `{first}` both become the Rust type `{ident}`"),
                ));
            }
            self.idents.insert(name.clone(), ident);
        }

        let mut types = Vec::with_capacity(defs.len());
        for (name, value) in defs {
            let pointer = push_pointer("/$defs", name);
            types.push(self.type_def(
                name,
                Node {
                    value,
                    pointer: &pointer,
                },
            )?);
        }
        let title = match root.get("title") {
            None => None,
            Some(Value::String(title)) => Some(title.clone()),
            Some(other) => {
                return Err(self.error(
                    "/title",
                    format!("`title` must be a string, found {}", kind_of(other)),
                ));
            }
        };
        let description = self.description(root, "")?;
        let module = Module {
            title,
            description,
            types,
        };
        self.no_infinite_types(&module)?;
        Ok(module)
    }

    fn type_def(&self, name: &str, node: Node<'_, '_>) -> Result<TypeDef, SchemaError> {
        let object = self.object(node, "a definition")?;
        let doc = self.description(object, node.pointer)?;
        let kind = if object.contains_key("properties")
            || object.get("type") == Some(&Value::from("object"))
        {
            TypeKind::Struct(self.structure(object, node.pointer)?)
        } else if ["anyOf", "oneOf", "enum"]
            .iter()
            .any(|k| object.contains_key(*k))
        {
            TypeKind::StringEnum(self.string_enum(object, node.pointer)?)
        } else if object.contains_key("type") || object.contains_key("$ref") {
            let (ty, nullable) = self.value_type(node)?;
            if nullable {
                return Err(self.error(
                    node.pointer,
                    "a named type cannot be nullable: make the property that uses it nullable",
                ));
            }
            TypeKind::Alias(ty)
        } else {
            return Err(self.error(
                node.pointer,
                "cannot tell what type this is: expected `type`, `properties`, `$ref`, `enum`, or `anyOf`/`oneOf` of `const`s",
            ));
        };
        Ok(TypeDef {
            name: name.to_owned(),
            ident: self.idents[name].clone(),
            pointer: node.pointer.to_owned(),
            doc,
            kind,
        })
    }

    fn structure(&self, object: &Map<String, Value>, pointer: &str) -> Result<Struct, SchemaError> {
        self.only_keywords(
            object,
            pointer,
            &["type", "properties", "required", "additionalProperties"],
        )?;
        if object.get("type") != Some(&Value::from("object")) {
            return Err(self.error(
                pointer,
                "a type with `properties` needs `\"type\": \"object\"`",
            ));
        }
        let keeps_unknown_keys = match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => true,
            Some(Value::Bool(false)) => false,
            Some(_) => {
                return Err(self.error(
                    &push_pointer(pointer, "additionalProperties"),
                    "only `true` or `false` is supported for `additionalProperties`",
                ));
            }
        };

        let required = self.required(object, pointer)?;
        let properties_pointer = push_pointer(pointer, "properties");
        let empty = Map::new();
        let properties = match object.get("properties") {
            None => &empty,
            Some(value) => self.object(
                Node {
                    value,
                    pointer: &properties_pointer,
                },
                "`properties`",
            )?,
        };
        for (index, key) in required.iter().enumerate() {
            if !properties.contains_key(key) {
                return Err(self.error(
                    &format!("{pointer}/required/{index}"),
                    format!("`{key}` is required but not declared in `properties`"),
                ));
            }
        }

        let mut fields: Vec<Field> = Vec::with_capacity(properties.len());
        for (key, value) in properties {
            let field_pointer = push_pointer(&properties_pointer, key);
            let ident = names::snake_case(key).ok_or_else(|| {
                self.error(
                    &field_pointer,
                    format!("cannot make a Rust field name from `{key}`"),
                )
            })?;
            if keeps_unknown_keys && ident == "extra" {
                return Err(self.error(
                    &field_pointer,
                    "the field name `extra` is reserved for the keys the schema does not declare",
                ));
            }
            if let Some(other) = fields.iter().find(|f| f.ident == ident) {
                return Err(self.error(
                    &field_pointer,
                    format!(
                        "`{key}` and `{}` both become the Rust field `{ident}`",
                        other.key
                    ),
                ));
            }
            let node = Node {
                value,
                pointer: &field_pointer,
            };
            let field_object = self.object(node, "a property schema")?;
            fields.push(Field {
                key: key.clone(),
                ident,
                pointer: field_pointer.clone(),
                doc: self.description(field_object, &field_pointer)?,
                shape: self.property(node, field_object, required.contains(key))?,
            });
        }
        Ok(Struct {
            fields,
            keeps_unknown_keys,
        })
    }

    fn required(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<Vec<String>, SchemaError> {
        let pointer = push_pointer(pointer, "required");
        let Some(value) = object.get("required") else {
            return Ok(Vec::new());
        };
        let items = value.as_array().ok_or_else(|| {
            self.error(
                &pointer,
                format!("`required` must be an array, found {}", kind_of(value)),
            )
        })?;
        let mut keys: Vec<String> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_pointer = format!("{pointer}/{index}");
            let key = item.as_str().ok_or_else(|| {
                self.error(
                    &item_pointer,
                    format!(
                        "`required` entries must be strings, found {}",
                        kind_of(item)
                    ),
                )
            })?;
            if keys.iter().any(|k| k == key) {
                return Err(self.error(
                    &item_pointer,
                    format!("`{key}` is listed twice in `required`"),
                ));
            }
            keys.push(key.to_owned());
        }
        Ok(keys)
    }

    fn property(
        &self,
        node: Node<'_, '_>,
        object: &Map<String, Value>,
        required: bool,
    ) -> Result<FieldShape, SchemaError> {
        let Some(constant) = object.get("const") else {
            let (ty, nullable) = self.value_type(node)?;
            return Ok(FieldShape::Value {
                ty,
                required,
                nullable,
            });
        };
        self.only_keywords(object, node.pointer, &["const", "type"])?;
        let value = constant.as_str().ok_or_else(|| {
            self.error(
                &push_pointer(node.pointer, "const"),
                format!(
                    "only string constants are supported, found {}",
                    kind_of(constant)
                ),
            )
        })?;
        if object.get("type").is_some_and(|t| t != "string") {
            return Err(self.error(
                &push_pointer(node.pointer, "type"),
                "a string `const` must have `\"type\": \"string\"` or no `type`",
            ));
        }
        if !required {
            return Err(self.error(
                node.pointer,
                "a `const` property must be listed in `required`",
            ));
        }
        Ok(FieldShape::Const(value.to_owned()))
    }

    /// The type of a property, array item or alias, and whether it may be `null`.
    fn value_type(&self, node: Node<'_, '_>) -> Result<(TypeRef, bool), SchemaError> {
        let object = self.object(node, "a schema")?;
        if let Some(target) = object.get("$ref") {
            self.only_keywords(object, node.pointer, &["$ref"])?;
            return Ok((
                self.reference(target, &push_pointer(node.pointer, "$ref"))?,
                false,
            ));
        }
        for union in ["anyOf", "oneOf"] {
            if let Some(members) = object.get(union) {
                return self.nullable_union(
                    object,
                    members,
                    &push_pointer(node.pointer, union),
                    node.pointer,
                );
            }
        }
        if object.contains_key("enum") || object.contains_key("const") {
            return Err(self.error(node.pointer, "an inline `enum` or `const` is not supported here: define it under `$defs` and use `$ref`"));
        }
        let type_pointer = push_pointer(node.pointer, "type");
        let (name, nullable) =
            match object.get("type") {
                None => return Err(self.error(
                    node.pointer,
                    "cannot tell the type: expected `type`, `$ref`, `const`, or a nullable `anyOf`",
                )),
                Some(Value::String(name)) => (name.as_str(), false),
                Some(Value::Array(names)) => self.type_list(names, &type_pointer)?,
                Some(other) => {
                    return Err(self.error(
                        &type_pointer,
                        format!(
                            "`type` must be a string or an array of strings, found {}",
                            kind_of(other)
                        ),
                    ));
                }
            };
        let ty = match name {
            "string" => TypeRef::String,
            "integer" => TypeRef::Integer,
            "number" => TypeRef::Number,
            "boolean" => TypeRef::Boolean,
            "array" => {
                self.only_keywords(object, node.pointer, &["type", "items"])?;
                let items_pointer = push_pointer(node.pointer, "items");
                let items = object
                    .get("items")
                    .ok_or_else(|| self.error(node.pointer, "an array needs `items`"))?;
                let (item, item_nullable) = self.value_type(Node {
                    value: items,
                    pointer: &items_pointer,
                })?;
                if item_nullable {
                    return Err(
                        self.error(&items_pointer, "nullable array items are not supported")
                    );
                }
                return Ok((TypeRef::Array(Box::new(item)), nullable));
            }
            "object" => return Err(self.error(
                &type_pointer,
                "an inline object is not supported here: define it under `$defs` and use `$ref`",
            )),
            "null" => {
                return Err(self.error(
                    &type_pointer,
                    "a value that can only be `null` is not supported",
                ));
            }
            other => return Err(self.error(&type_pointer, format!("unknown type `{other}`"))),
        };
        self.only_keywords(object, node.pointer, &["type"])?;
        Ok((ty, nullable))
    }

    /// `["T", "null"]` (either order) or `["T"]`.
    fn type_list<'v>(
        &self,
        names: &'v [Value],
        pointer: &str,
    ) -> Result<(&'v str, bool), SchemaError> {
        let mut non_null = Vec::new();
        let mut nullable = false;
        for (index, name) in names.iter().enumerate() {
            let twice = |name: &str| {
                self.error(
                    &format!("{pointer}/{index}"),
                    format!("`{name}` is listed twice"),
                )
            };
            match name.as_str() {
                Some("null") if nullable => return Err(twice("null")),
                Some("null") => nullable = true,
                Some(name) if non_null.contains(&name) => return Err(twice(name)),
                Some(name) => non_null.push(name),
                None => {
                    return Err(self.error(
                        &format!("{pointer}/{index}"),
                        format!("type names must be strings, found {}", kind_of(name)),
                    ));
                }
            }
        }
        match non_null.as_slice() {
            [name] => Ok((name, nullable)),
            _ => Err(self.error(
                pointer,
                "a `type` list must name exactly one type besides `\"null\"`",
            )),
        }
    }

    /// `anyOf`/`oneOf` of one schema and `{"type": "null"}`.
    fn nullable_union(
        &self,
        object: &Map<String, Value>,
        members: &Value,
        pointer: &str,
        owner: &str,
    ) -> Result<(TypeRef, bool), SchemaError> {
        self.only_keywords(object, owner, &["anyOf", "oneOf"])?;
        let is_null = |v: &Value| {
            v.as_object().is_some_and(|o| {
                o.get("type") == Some(&Value::from("null"))
                    && o.keys()
                        .all(|k| k == "type" || ANNOTATIONS.contains(&k.as_str()))
            })
        };
        let shape_error = || {
            self.error(pointer, "a union inside a property must be a schema and `{\"type\": \"null\"}`; define other unions under `$defs`")
        };
        let members = members.as_array().ok_or_else(shape_error)?;
        let (index, member) = match members.as_slice() {
            [a, b] if is_null(b) && !is_null(a) => (0, a),
            [a, b] if is_null(a) && !is_null(b) => (1, b),
            _ => return Err(shape_error()),
        };
        let member_pointer = format!("{pointer}/{index}");
        let (ty, nullable) = self.value_type(Node {
            value: member,
            pointer: &member_pointer,
        })?;
        if nullable {
            return Err(self.error(&member_pointer, "`null` is allowed twice"));
        }
        Ok((ty, true))
    }

    fn reference(&self, target: &Value, pointer: &str) -> Result<TypeRef, SchemaError> {
        let target = target.as_str().ok_or_else(|| {
            self.error(
                pointer,
                format!("`$ref` must be a string, found {}", kind_of(target)),
            )
        })?;
        let name = target
            .strip_prefix("#/$defs/")
            .filter(|rest| !rest.contains('/'))
            .ok_or_else(|| self.error(pointer, format!("`$ref` must point to a member of `$defs` (\"#/$defs/Name\"), found \"{target}\"")))?;
        let name = name.replace("~1", "/").replace("~0", "~");
        self.idents
            .get(&name)
            .map(|ident| TypeRef::Named(ident.clone()))
            .ok_or_else(|| {
                self.error(
                    pointer,
                    format!("`$ref` points to \"{target}\", which is not defined in `$defs`"),
                )
            })
    }

    fn string_enum(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<StringEnum, SchemaError> {
        self.only_keywords(object, pointer, &["type", "enum", "anyOf", "oneOf"])?;
        if object.get("type").is_some_and(|t| t != "string") {
            return Err(self.error(
                &push_pointer(pointer, "type"),
                "a union of string constants must have `\"type\": \"string\"` or no `type`",
            ));
        }
        let (keyword, members) = ["enum", "anyOf", "oneOf"]
            .iter()
            .find_map(|k| object.get(*k).map(|v| (*k, v)))
            .ok_or_else(|| self.error(pointer, "expected `enum`, `anyOf` or `oneOf`"))?;
        let members_pointer = push_pointer(pointer, keyword);
        let members = members
            .as_array()
            .filter(|m| !m.is_empty())
            .ok_or_else(|| {
                self.error(
                    &members_pointer,
                    format!("`{keyword}` must be a non-empty array"),
                )
            })?;

        let mut union = StringEnum {
            variants: Vec::with_capacity(members.len()),
            open: false,
        };
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{members_pointer}/{index}");
            let (value, doc, value_pointer) = if keyword == "enum" {
                (member, None, member_pointer.clone())
            } else {
                let member_object = self.object(
                    Node {
                        value: member,
                        pointer: &member_pointer,
                    },
                    "a union member",
                )?;
                let doc = self.description(member_object, &member_pointer)?;
                if !member_object.contains_key("const") {
                    self.catch_all(member_object, &member_pointer, keyword, &mut union)?;
                    continue;
                }
                self.only_keywords(member_object, &member_pointer, &["const", "type"])?;
                (
                    &member_object["const"],
                    doc,
                    push_pointer(&member_pointer, "const"),
                )
            };
            let value = value.as_str().ok_or_else(|| {
                self.error(
                    &value_pointer,
                    format!("only string values are supported, found {}", kind_of(value)),
                )
            })?;
            self.add_variant(&mut union, value, doc, &value_pointer)?;
        }
        if union.open && union.variants.iter().any(|v| v.ident == "Other") {
            return Err(self.error(
                pointer,
                "the variant name `Other` is reserved for the values an open union does not list",
            ));
        }
        Ok(union)
    }

    /// A `{"type": "string"}` member: the union is open.
    fn catch_all(
        &self,
        member: &Map<String, Value>,
        pointer: &str,
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
        value: &str,
        doc: Option<String>,
        pointer: &str,
    ) -> Result<(), SchemaError> {
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
        });
        Ok(())
    }

    /// A struct that holds itself without a `Vec` in between has no finite size in Rust.
    fn no_infinite_types(&self, module: &Module) -> Result<(), SchemaError> {
        fn named(ty: &TypeRef) -> Option<&str> {
            match ty {
                TypeRef::Named(ident) => Some(ident),
                _ => None,
            }
        }
        fn direct(kind: &TypeKind) -> Vec<&str> {
            match kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| match &f.shape {
                        FieldShape::Value { ty, .. } => named(ty),
                        FieldShape::Const(_) => None,
                    })
                    .collect(),
                TypeKind::Alias(ty) => named(ty).into_iter().collect(),
                TypeKind::StringEnum(_) => Vec::new(),
            }
        }
        for start in &module.types {
            let mut stack = direct(&start.kind);
            let mut seen: Vec<&str> = Vec::new();
            while let Some(ident) = stack.pop() {
                if ident == start.ident {
                    return Err(self.error(&start.pointer, format!("`{}` contains itself without an array in between, so it would have no finite size", start.name)));
                }
                if seen.contains(&ident) {
                    continue;
                }
                seen.push(ident);
                if let Some(next) = module.get(ident) {
                    stack.extend(direct(&next.kind));
                }
            }
        }
        Ok(())
    }
}
