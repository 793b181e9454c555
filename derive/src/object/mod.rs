//! `Object`: a struct's fields and attributes read into an [`Object`], its keys in the order
//! of its rules table, then rendered (`render`).

mod render;

use proc_macro2::{Ident, TokenStream};
use syn::parse::ParseStream;
use syn::{
    Data, DeriveInput, Fields, GenericArgument, LitInt, LitStr, Path, PathArguments, Token, Type,
};

use crate::attrs::{container, finish, join, named, once, repeated, written_as};

/// What a struct's declaration says of its object.
pub(crate) struct Object {
    ident: Ident,
    /// The schema's name of the type.
    name: LitStr,
    /// The path of its `ObjectRules` table.
    rules: Path,
    /// Every key, at its index in the rules table.
    keys: Vec<Key>,
    /// The field holding the map of undeclared keys, if it keeps them (`#[field(extra)]`).
    keeps: Option<Ident>,
}

enum Key {
    /// A key whose value is always the same string: checked, written, not stored.
    Constant {
        key: LitStr,
        value: LitStr,
    },
    Field(Box<Field>),
}

struct Field {
    ident: Ident,
    key: LitStr,
    /// The field's type as declared.
    ty: Type,
    presence: Presence,
    /// Declared by no contract of the API: a value of another type is kept in the map of
    /// undeclared keys.
    undocumented: bool,
    /// Holds integers (`1.0` reads as `1`, as JSON Schema counts it).
    integer: bool,
    /// Holds floats, refused when not finite as they are written.
    float: bool,
    /// Is the map of undeclared keys, not a key (`#[field(extra)]`).
    extra: bool,
}

/// As the codegen IR says it: read from the type (`Option<Option<T>>` is optional and
/// nullable, `Option<T>` optional unless `#[field(required)]`, anything else required).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Required,
    RequiredNullable,
    Optional,
    OptionalNullable,
}

impl Field {
    /// The type of the value, absence aside (what its schema in `properties` describes).
    fn value_type(&self) -> &Type {
        match self.presence {
            Presence::Required | Presence::RequiredNullable => &self.ty,
            Presence::Optional | Presence::OptionalNullable => {
                option_of(&self.ty).unwrap_or(&self.ty)
            }
        }
    }
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let object = read(input)?;
    Ok(render::render(&object))
}

fn read(input: &DeriveInput) -> syn::Result<Object> {
    let error = |message: &str| syn::Error::new_spanned(&input.ident, message);
    let Data::Struct(data) = &input.data else {
        return Err(error("Object derives only on a struct with named fields"));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(error("Object derives only on a struct with named fields"));
    };
    let mut errors = None;
    let container = container(input, "object", false, &mut errors);
    let mut constants = Vec::new();
    for attr in named(&input.attrs, "constant") {
        match attr.parse_args_with(constant) {
            Ok(found) => constants.push(found),
            Err(error) => join(&mut errors, error),
        }
    }
    let mut values = Vec::new();
    let mut keeps = None;
    for field in &fields.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        match read_field(ident, field, &mut errors) {
            // The map of undeclared keys: named by its attribute, since a closed object may
            // have a key `extra`.
            Some(found) if found.extra && keeps.is_none() => keeps = Some(found.ident),
            Some(found) if found.extra => join(
                &mut errors,
                syn::Error::new_spanned(&found.ident, "a second `#[field(extra)]`"),
            ),
            Some(found) => values.push(found),
            None => {}
        }
    }
    if let Some(field) = values.iter().find(|f| f.undocumented && keeps.is_none()) {
        join(
            &mut errors,
            syn::Error::new_spanned(
                &field.ident,
                "an undocumented field needs a `#[field(extra)]` map to keep a value of another type",
            ),
        );
    }
    // Constants at their indices, the fields in the free places in order.
    let total = constants.len() + values.len();
    let mut keys: Vec<Option<Key>> = (0..total).map(|_| None).collect();
    for (index, key, value) in constants {
        let place = index
            .base10_parse::<usize>()
            .ok()
            .and_then(|i| keys.get_mut(i));
        match place {
            Some(place @ None) => *place = Some(Key::Constant { key, value }),
            _ => join(
                &mut errors,
                syn::Error::new_spanned(
                    index,
                    format!(
                        "a constant at an index another key has, or not below {total} (the number of keys)"
                    ),
                ),
            ),
        }
    }
    let mut values = values.into_iter();
    for place in keys.iter_mut().filter(|place| place.is_none()) {
        *place = values.next().map(|field| Key::Field(Box::new(field)));
    }
    let keys: Vec<Key> = keys.into_iter().flatten().collect();
    let names = keys.iter().map(|key| match key {
        Key::Constant { key, .. } => key,
        Key::Field(field) => &field.key,
    });
    repeated(names, "key", &mut errors);
    let object = container.map(|container| Object {
        ident: input.ident.clone(),
        name: container.name,
        rules: container.rules,
        keys,
        keeps,
    });
    finish(errors, object, input)
}

/// `index, "key", "value"`.
fn constant(input: ParseStream<'_>) -> syn::Result<(LitInt, LitStr, LitStr)> {
    let index: LitInt = input.parse()?;
    input.parse::<Token![,]>()?;
    let key: LitStr = input.parse()?;
    input.parse::<Token![,]>()?;
    let value: LitStr = input.parse()?;
    Ok((index, key, value))
}

/// The field's attributes read; every misuse joined to `errors`. The map of undeclared keys is
/// returned even when its attribute is misused, so that it is not also reported missing.
fn read_field(ident: Ident, field: &syn::Field, errors: &mut Option<syn::Error>) -> Option<Field> {
    let (mut key, mut required, mut undocumented, mut integer, mut float, mut extra) =
        (None, None, None, None, None, None);
    let mut misused = None;
    for attr in named(&field.attrs, "field") {
        let read = attr.parse_nested_meta(|meta| {
            let flag = match meta.path.get_ident().map(Ident::to_string).as_deref() {
                Some("key") => {
                    once(&mut key, meta.value()?.parse::<LitStr>()?, &meta, &mut misused);
                    return Ok(());
                }
                Some("required") => &mut required,
                Some("undocumented") => &mut undocumented,
                Some("integer") => &mut integer,
                Some("float") => &mut float,
                Some("extra") => &mut extra,
                _ => {
                    return Err(meta.error(
                        "expected `key = \"...\"`, `required`, `undocumented`, `integer`, `float` or `extra`",
                    ));
                }
            };
            once(flag, (), &meta, &mut misused);
            Ok(())
        });
        if let Err(error) = read {
            join(&mut misused, error);
        }
    }
    if extra.is_some() {
        // The map is no key: nothing else applies to it, and the derive reads it as a map.
        let others = key.is_some()
            || [required, undocumented, integer, float]
                .iter()
                .any(Option::is_some);
        if let Some(attr) = named(&field.attrs, "field").next().filter(|_| others) {
            join(
                &mut misused,
                syn::Error::new_spanned(attr, "`#[field(extra)]` takes no other key"),
            );
        }
        if !written_as(&field.ty, "Map", &["String", "Value"]) {
            join(
                &mut misused,
                syn::Error::new_spanned(
                    &field.ty,
                    "the `#[field(extra)]` field must hold a `Map` (`serde_json::Map<String, Value>`)",
                ),
            );
        }
    }
    if let Some(misused) = misused {
        join(errors, misused);
        // A misused key is no field; a misused map is still the map.
        extra?;
    }
    let [required, undocumented, integer, float, extra] =
        [required, undocumented, integer, float, extra].map(|flag| flag.is_some());
    let mut refuse = |message: &str| {
        join(errors, syn::Error::new_spanned(&field.ty, message));
        None
    };
    // The map's presence is its own (an empty map is no key written): only a key's is read.
    let presence = match option_of(&field.ty).map(option_of) {
        _ if extra => Presence::Required,
        None if required => return refuse("`required` is for an `Option` that may be `null`"),
        None => Presence::Required,
        Some(None) if required => Presence::RequiredNullable,
        Some(None) => Presence::Optional,
        Some(Some(_)) if required => {
            return refuse("`Option<Option<T>>` is optional: absent, `null` or a value");
        }
        Some(Some(_)) => Presence::OptionalNullable,
    };
    // The Rust name as written (`r#type` is the key `type`).
    let key = key.unwrap_or_else(|| {
        let text = ident.to_string();
        LitStr::new(text.trim_start_matches("r#"), ident.span())
    });
    Some(Field {
        ident,
        key,
        ty: field.ty.clone(),
        presence,
        undocumented,
        integer,
        float,
        extra,
    })
}

/// `T` of a type written `Option<T>`.
fn option_of(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn errors(source: &str) -> Vec<String> {
        crate::attrs::errors(expand, source)
    }

    const HEAD: &str = r#"#[object(name = "A", rules = R)]"#;

    #[test]
    fn a_well_formed_object_expands() {
        for body in [
            r#"#[constant(1, "type", "a")] struct A { x: String, #[field(required)] y: Option<u8>, #[field(undocumented)] z: Option<Option<String>>, #[field(extra)] extra: Map }"#,
            "struct A {}",
            // A closed object may have a key `extra`.
            "struct A { extra: String }",
            r#"#[constant(0, "type", "a")] struct A { #[field(key = "self", integer, float)] self_: Option<f64> }"#,
            // The map may have any name.
            "struct A { #[field(undocumented)] x: Option<u8>, #[field(extra)] rest: serde_json::Map<String, Value> }",
        ] {
            let source = format!("{HEAD} {body}");
            assert_eq!(errors(&source), Vec::<String>::new(), "{source}");
        }
    }

    #[test]
    fn each_misuse_is_an_error_at_its_place() {
        let cases = [
            (
                "enum A { X }",
                "Object derives only on a struct with named fields",
            ),
            (
                "struct A(u8);",
                "Object derives only on a struct with named fields",
            ),
            ("struct A<T> { x: T }", "the derive takes no generics"),
            (
                r#"#[constant(2, "type", "a")] struct A { x: u8 }"#,
                "a constant at an index another key has, or not below 2",
            ),
            (
                r#"#[constant(0, "t", "a")] #[constant(0, "u", "b")] struct A { x: u8 }"#,
                "a constant at an index another key has, or not below 3",
            ),
            (r#"#[constant(0, "type")] struct A {}"#, "expected `,`"),
            (
                r#"#[constant(0, "x", "a")] struct A { x: u8 }"#,
                "a repeated key",
            ),
            (
                r#"struct A { #[field(key = "y")] x: u8, y: u8 }"#,
                "a repeated key",
            ),
            (
                "struct A { #[field(extra)] a: Map, #[field(extra)] b: Map }",
                "a second `#[field(extra)]`",
            ),
            (
                "struct A { #[field(required)] x: u8 }",
                "`required` is for an `Option`",
            ),
            (
                "struct A { #[field(required)] x: Option<Option<u8>> }",
                "`Option<Option<T>>` is optional",
            ),
            (
                "struct A { #[field(nullable)] x: u8 }",
                "expected `key = \"...\"`",
            ),
            (
                "struct A { #[field(undocumented)] x: Option<u8> }",
                "an undocumented field needs a `#[field(extra)]` map",
            ),
            (
                r#"struct A { #[field(key = "a", key = "b")] x: u8 }"#,
                "`key` is given twice",
            ),
            (
                "struct A { #[field(integer)] #[field(integer)] x: u8 }",
                "`integer` is given twice",
            ),
            (
                r#"struct A { #[field(extra, key = "k")] rest: Map }"#,
                "`#[field(extra)]` takes no other key",
            ),
            (
                "struct A { #[field(extra)] extra: u8 }",
                "the `#[field(extra)]` field must hold a `Map`",
            ),
        ];
        for (body, expected) in cases {
            let source = format!("{HEAD} {body}");
            let found = errors(&source);
            assert!(
                found.iter().any(|message| message.starts_with(expected)),
                "{source}: {found:?}"
            );
        }
        // One misuse, one error: the map is still the map, and keys after a repeated one, or
        // after one that does not parse, are not reported missing.
        for (body, expected) in [
            (
                r#"struct A { #[field(undocumented)] x: Option<u8>, #[field(extra, key = "k")] rest: Map }"#,
                "`#[field(extra)]` takes no other key",
            ),
            (
                "struct A { #[field(undocumented)] x: Option<u8>, #[field(extra)] rest: u8 }",
                "the `#[field(extra)]` field must hold a `Map`",
            ),
            (
                "struct A { #[field(extra)] rest: serde_json::Map<String, u8> }",
                "the `#[field(extra)]` field must hold a `Map`",
            ),
            (
                "struct A { #[field(undocumented)] x: Option<u8>, #[field(extra, extra)] rest: Map }",
                "`extra` is given twice",
            ),
        ] {
            let source = format!("{HEAD} {body}");
            let found = errors(&source);
            assert_eq!(found.len(), 1, "{source}: {found:?}");
            assert!(found[0].starts_with(expected), "{source}: {found:?}");
        }
        let found = errors(r#"#[object(name = 5, rules = R)] struct A {}"#);
        assert_eq!(found, ["expected string literal"]);
        let found = errors(&format!(
            r#"{HEAD} struct A {{ #[field(key = "a", key = "b")] #[field(bogus)] x: u8 }}"#
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        // A repeated key is one error: the attribute's other keys are still read.
        for source in [
            r#"#[object(rules = R, rules = S, name = "A")] struct A {}"#,
            r#"#[object(name = "A")] #[object(name = "B", rules = R)] struct A {}"#,
        ] {
            let found = errors(source);
            assert_eq!(found.len(), 1, "{source}: {found:?}");
            assert!(found[0].ends_with("is given twice"), "{source}: {found:?}");
        }
        let found = errors("struct A { x: u8 }");
        assert!(
            found.iter().any(|m| m == "missing `#[object(name = ...)]`"),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|m| m == "missing `#[object(rules = ...)]`"),
            "{found:?}"
        );
    }
}
