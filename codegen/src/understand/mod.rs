//! Stage one: a JSON Schema document becomes a [`Module`].
//!
//! Every keyword is either understood, an annotation (kept or ignored, never changing a value's
//! shape), or an error naming its JSON pointer: nothing is skipped silently, and a model that
//! comes out of here renders without a failure.
//!
//! `read` parses the text into `json`'s tree, `objects` reads object types, `values` the types of values,
//! `unions` the unions of strings (`methods` their members' methods), `tagged` the tagged unions, `cycles` refuses types of no
//! finite size; this file reads the document and its definitions.

mod cycles;
mod json;
mod keywords;
mod methods;
mod objects;
mod read;
mod tagged;
mod unions;
mod values;

use std::collections::HashMap;

use json::{Map, Value};

use crate::error::SchemaError;
use crate::ir::{Module, TypeDef, TypeId, TypeKind};
use crate::names;
use crate::pointer::Pointer;

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

/// Names that generated code uses unqualified or that the Rust prelude (2024) brings into
/// scope: a schema type named like one would shadow it and break the generated code.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "FieldRule",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Hash",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Ty",
    "Unpin",
    "Vec",
];

/// Reads the schema text `json` (the contents of `file`) into a [`Module`].
pub fn understand(file: &str, json: &str) -> Result<Module, SchemaError> {
    let root = read::read(file, json)?;
    let mut cx = Context {
        file,
        ids: HashMap::new(),
        checked_refs: std::cell::RefCell::new(Vec::new()),
    };
    cx.module(&root)
}

pub(crate) struct Context<'a> {
    file: &'a str,
    /// `$defs` name → its id, filled before any definition is read so that `$ref`s can point
    /// forward.
    ids: HashMap<String, TypeId>,
    /// `$ref` values with an `x-rust-check`: the check takes a string, so each must turn out
    /// to name a union of strings (known only once every definition is read).
    checked_refs: std::cell::RefCell<Vec<(TypeId, Pointer)>>,
}

/// A JSON node and where it is.
#[derive(Clone, Copy)]
pub(crate) struct Node<'v, 'p> {
    pub(crate) value: &'v Value,
    pub(crate) pointer: &'p Pointer,
}

pub(crate) fn node<'v, 'p>(value: &'v Value, pointer: &'p Pointer) -> Node<'v, 'p> {
    Node { value, pointer }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
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
    pub(crate) fn error(&self, pointer: &Pointer, message: impl Into<String>) -> SchemaError {
        SchemaError {
            file: self.file.to_owned(),
            pointer: pointer.clone(),
            message: message.into(),
        }
    }

    fn module(&mut self, root: &Value) -> Result<Module, SchemaError> {
        let root_pointer = Pointer::root();
        let root = self.object(node(root, &root_pointer), "the schema root")?;
        self.only_keywords(root, &root_pointer, &["$schema", "$id", "$defs"])?;
        match root.get("$schema") {
            None => {}
            Some(Value::String(uri)) if uri == DRAFT_2020_12 => {}
            Some(other) => {
                return Err(self.error(
                    &root_pointer.push("$schema"),
                    format!("only JSON Schema draft 2020-12 is supported: expected \"{DRAFT_2020_12}\", found {other}"),
                ));
            }
        }
        let defs = root.get("$defs").ok_or_else(|| {
            self.error(
                &root_pointer,
                "the schema has no `$defs`: every type must be defined there",
            )
        })?;
        let defs_pointer = root_pointer.push("$defs");
        let defs = self.object(node(defs, &defs_pointer), "`$defs`")?;
        let idents = self.name_types(defs, &defs_pointer)?;

        // Tagged unions are read last: they are understood from their members' models.
        let mut types: Vec<Option<TypeDef>> = vec![None; defs.len()];
        let mut tagged = Vec::new();
        for (index, ((name, value), ident)) in defs.iter().zip(idents).enumerate() {
            let pointer = defs_pointer.push(name);
            let object = self.object(node(value, &pointer), "a definition")?;
            let doc = self.description(object, &pointer)?;
            let examples = self.examples(object, &pointer)?;
            let def_pointer = pointer.clone();
            let def = move |kind| TypeDef {
                name: name.clone(),
                ident,
                pointer: def_pointer,
                doc,
                examples,
                kind,
            };
            if tagged::is_tagged(object) {
                tagged.push((index, object, pointer.clone(), def));
                continue;
            }
            types[index] = Some(def(self.type_kind(value, object, &pointer)?));
        }
        for (index, object, pointer, def) in tagged {
            let union = self.tagged_union(object, &pointer, &types)?;
            types[index] = Some(def(TypeKind::TaggedUnion(union)));
        }
        let module = Module {
            title: self
                .string(root, &root_pointer, "title")?
                .map(str::to_owned),
            description: self.description(root, &root_pointer)?,
            types: types.into_iter().flatten().collect(),
        };
        self.refuse_infinite_types(&module)?;
        for (id, pointer) in self.checked_refs.take() {
            if !matches!(module.types[id.0].kind, TypeKind::StringEnum(_)) {
                return Err(self.error(
                    &pointer.push("x-rust-check"),
                    "`x-rust-check` on a `$ref` needs a union of strings there (the check takes `&str`)",
                ));
            }
        }
        Ok(module)
    }

    /// Gives every definition its id and Rust name, before any is read.
    fn name_types(
        &mut self,
        defs: &Map,
        defs_pointer: &Pointer,
    ) -> Result<Vec<String>, SchemaError> {
        let mut taken: HashMap<String, &str> = HashMap::new();
        let mut idents = Vec::with_capacity(defs.len());
        for (index, name) in defs.keys().enumerate() {
            let pointer = defs_pointer.push(name);
            let ident = names::camel_case(name).ok_or_else(|| {
                self.error(
                    &pointer,
                    format!("cannot make a Rust type name from `{name}`"),
                )
            })?;
            if RESERVED_TYPE_NAMES.contains(&ident.as_str()) {
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
            self.ids.insert(name.clone(), TypeId(index));
            idents.push(ident);
        }
        Ok(idents)
    }

    fn type_kind(
        &self,
        value: &Value,
        object: &Map,
        pointer: &Pointer,
    ) -> Result<TypeKind, SchemaError> {
        let is_union = ["anyOf", "oneOf", "enum"]
            .iter()
            .any(|k| object.contains_key(k));
        if object.contains_key("properties") || object.get("type") == Some(&Value::from("object")) {
            Ok(TypeKind::Struct(self.structure(object, pointer)?))
        } else if is_union {
            Ok(TypeKind::StringEnum(self.string_enum(object, pointer)?))
        } else if object.contains_key("type") || object.contains_key("$ref") {
            let value = self.value_type(node(value, pointer))?;
            if value.nullable {
                return Err(self.error(
                    pointer,
                    "a named type cannot be nullable: make the property that uses it nullable",
                ));
            }
            self.no_constraints(&value.constraints, pointer, "a named type")?;
            Ok(TypeKind::Alias(value.ty))
        } else {
            Err(self.error(
                pointer,
                "cannot tell what type this is: expected `type`, `properties`, `$ref`, `enum`, or `anyOf`/`oneOf` of `const`s or `$ref`s",
            ))
        }
    }

    /// The id of the `$defs` member a `$ref` (at `pointer`) points to.
    pub(crate) fn reference(
        &self,
        target: &Value,
        pointer: &Pointer,
    ) -> Result<TypeId, SchemaError> {
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
        let name = crate::pointer::unescape(name);
        self.ids.get(&name).copied().ok_or_else(|| {
            self.error(
                pointer,
                format!("`$ref` points to \"{target}\", which is not defined in `$defs`"),
            )
        })
    }
}
