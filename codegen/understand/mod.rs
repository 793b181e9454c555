//! Stage one: a JSON Schema document becomes a [`Module`].
//!
//! Every keyword is either understood, an annotation (kept or ignored, never changing a value's
//! shape), or an error naming its JSON pointer: nothing is skipped silently.
//!
//! `objects` reads object types and their properties, `unions` the unions; this file reads the
//! document and its definitions, and holds what they share.

mod objects;
mod unions;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::SchemaError;
use super::ir::{FieldShape, Module, TypeDef, TypeKind, TypeRef};
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
    let mut cx = Context {
        file,
        idents: HashMap::new(),
        defs: Map::new(),
    };
    cx.module(root)
}

struct Context<'a> {
    file: &'a str,
    /// `$defs` name → Rust identifier, filled before any definition is read so that `$ref`s
    /// can point forward.
    idents: HashMap<String, String>,
    /// The raw `$defs`, for the checks that look at another definition.
    defs: Map<String, Value>,
}

/// A JSON node and where it is.
#[derive(Clone, Copy)]
struct Node<'v, 'p> {
    value: &'v Value,
    pointer: &'p str,
}

fn node<'v, 'p>(value: &'v Value, pointer: &'p str) -> Node<'v, 'p> {
    Node { value, pointer }
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
            let found = kind_of(node.value);
            self.error(
                node.pointer,
                format!("{what} must be an object, found {found}"),
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
                let supported = allowed.join(", ");
                return Err(self.error(
                    &push_pointer(pointer, key),
                    format!("unsupported keyword `{key}` here (supported: {supported})"),
                ));
            }
        }
        Ok(())
    }

    /// The string value of `key`, if present.
    fn string<'v>(
        &self,
        object: &'v Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Result<Option<&'v str>, SchemaError> {
        match object.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.error(
                &push_pointer(pointer, key),
                format!("`{key}` must be a string, found {}", kind_of(other)),
            )),
        }
    }

    fn description(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
    ) -> Result<Option<String>, SchemaError> {
        Ok(self
            .string(object, pointer, "description")?
            .map(str::to_owned))
    }

    fn module(&mut self, root: &Value) -> Result<Module, SchemaError> {
        let root = self.object(node(root, ""), "the schema root")?;
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
        self.defs = self.object(node(defs, "/$defs"), "`$defs`")?.clone();
        self.name_types()?;

        let mut types = Vec::with_capacity(self.defs.len());
        for (name, value) in &self.defs {
            let pointer = push_pointer("/$defs", name);
            types.push(self.type_def(name, node(value, &pointer))?);
        }
        let module = Module {
            title: self.string(root, "", "title")?.map(str::to_owned),
            description: self.description(root, "")?,
            types,
        };
        self.no_infinite_types(&module)?;
        Ok(module)
    }

    /// Gives every definition its Rust name, before any is read.
    fn name_types(&mut self) -> Result<(), SchemaError> {
        let mut taken: HashMap<String, &str> = HashMap::new();
        for name in self.defs.keys() {
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
        Ok(())
    }

    fn type_def(&self, name: &str, node: Node<'_, '_>) -> Result<TypeDef, SchemaError> {
        let object = self.object(node, "a definition")?;
        let doc = self.description(object, node.pointer)?;
        let is_union = ["anyOf", "oneOf", "enum"]
            .iter()
            .any(|k| object.contains_key(*k));
        let kind = if object.contains_key("properties")
            || object.get("type") == Some(&Value::from("object"))
        {
            TypeKind::Struct(self.structure(object, node.pointer)?)
        } else if is_union && self.has_ref_member(object) {
            TypeKind::TaggedUnion(self.tagged_union(object, node.pointer)?)
        } else if is_union {
            TypeKind::StringEnum(self.string_enum(object, node.pointer)?)
        } else if object.contains_key("type") || object.contains_key("$ref") {
            let (ty, nullable, constraints) = self.value_type(node)?;
            if nullable {
                return Err(self.error(
                    node.pointer,
                    "a named type cannot be nullable: make the property that uses it nullable",
                ));
            }
            self.no_constraints(&constraints, node.pointer, "a named type")?;
            TypeKind::Alias(ty)
        } else {
            return Err(self.error(
                node.pointer,
                "cannot tell what type this is: expected `type`, `properties`, `$ref`, `enum`, or `anyOf`/`oneOf` of `const`s or `$ref`s",
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

    fn reference(&self, target: &Value, pointer: &str) -> Result<(String, String), SchemaError> {
        let target = target.as_str().ok_or_else(|| {
            self.error(
                pointer,
                format!("`$ref` must be a string, found {}", kind_of(target)),
            )
        })?;
        let name = target
            .strip_prefix("#/$defs/")
            .filter(|rest| !rest.contains('/'))
            .ok_or_else(|| {
                self.error(pointer, format!("`$ref` must point to a member of `$defs` (\"#/$defs/Name\"), found \"{target}\""))
            })?;
        let name = name.replace("~1", "/").replace("~0", "~");
        let ident = self.idents.get(&name).ok_or_else(|| {
            self.error(
                pointer,
                format!("`$ref` points to \"{target}\", which is not defined in `$defs`"),
            )
        })?;
        Ok((name, ident.clone()))
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
                TypeKind::TaggedUnion(union) => {
                    union.variants.iter().map(|v| v.ty.as_str()).collect()
                }
                TypeKind::StringEnum(_) => Vec::new(),
            }
        }
        for start in &module.types {
            let mut stack = direct(&start.kind);
            let mut seen: Vec<&str> = Vec::new();
            while let Some(ident) = stack.pop() {
                if ident == start.ident {
                    return Err(self.error(
                        &start.pointer,
                        format!("`{}` contains itself without an array in between, so it would have no finite size", start.name),
                    ));
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
