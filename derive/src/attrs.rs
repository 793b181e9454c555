//! Reading the helper attributes and doc comments of a derive's input.

use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Token};

/// The text of the doc comments, one entry a line, each without the one space `///` leaves
/// (as `strum`'s `get_documentation` reads them).
pub(crate) fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(pair) => match &pair.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').map(str::to_owned).unwrap_or(line))
        .collect()
}

/// The attributes of `attrs` named `name`.
pub(crate) fn named<'a>(
    attrs: &'a [Attribute],
    name: &'a str,
) -> impl Iterator<Item = &'a Attribute> + 'a {
    attrs.iter().filter(move |attr| attr.path().is_ident(name))
}

/// The string literals of `#[name("a", "b")]`, at least `min` and at most `max` of them.
pub(crate) fn strings(attr: &Attribute, min: usize, max: usize) -> syn::Result<Vec<LitStr>> {
    let list = attr.parse_args_with(Punctuated::<LitStr, Token![,]>::parse_terminated)?;
    if list.len() < min || list.len() > max {
        let expected = if min == max {
            format!("{min}")
        } else {
            format!("{min} or {max}")
        };
        return Err(syn::Error::new_spanned(
            attr,
            format!(
                "expected {expected} string literal{}",
                if max == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(list.into_iter().collect())
}

/// Sets `slot` to `value` for the key `meta` reads; a key given twice (in one attribute or
/// two) is an error at the second, joined to `errors` (not a silent last-one-wins), and the
/// attribute's other keys are still read.
pub(crate) fn once<T>(
    slot: &mut Option<T>,
    value: T,
    meta: &syn::meta::ParseNestedMeta<'_>,
    errors: &mut Option<syn::Error>,
) {
    if slot.is_some() {
        let key = meta.path.get_ident().map(ToString::to_string);
        let message = format!("`{}` is given twice", key.unwrap_or_default());
        join(errors, meta.error(message));
    } else {
        *slot = Some(value);
    }
}

/// Whether `ty` is written as a path whose last segment is `name`, either bare (`String`, an
/// alias `Map`) or with type arguments so written (`Map<String, Value>` for `args` `["String",
/// "Value"]`; none where `args` is empty): the form the generator writes a catch-all or a map
/// of undeclared keys in, checked here so that another type is an error at it.
pub(crate) fn written_as(ty: &syn::Type, name: &str, args: &[&str]) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last().filter(|_| path.qself.is_none()) else {
        return false;
    };
    if last.ident != name {
        return false;
    }
    match &last.arguments {
        syn::PathArguments::None => true,
        syn::PathArguments::AngleBracketed(list) if !args.is_empty() => {
            list.args.len() == args.len()
                && list.args.iter().zip(args).all(|(arg, expected)| {
                    matches!(arg, syn::GenericArgument::Type(ty) if written_as(ty, expected, &[]))
                })
        }
        _ => false,
    }
}

/// `error` joined to `more`, so that one expansion reports every misuse.
pub(crate) fn join(errors: &mut Option<syn::Error>, more: syn::Error) {
    match errors {
        Some(errors) => errors.combine(more),
        None => *errors = Some(more),
    }
}

/// What every derive reads on the type: `#[<attribute>(name = "...", rules = PATH)]`, and
/// `tag = "..."` where the derive asks for one.
pub(crate) struct Container {
    /// The schema's name of the type.
    pub(crate) name: LitStr,
    /// The path of its rules table.
    pub(crate) rules: syn::Path,
    pub(crate) tag: Option<LitStr>,
}

/// Reads `#[<attribute>(...)]` of `input`, a type without generics; every misuse is joined to
/// `errors`, and `None` returned when a required key is missing.
pub(crate) fn container(
    input: &syn::DeriveInput,
    attribute: &str,
    with_tag: bool,
    errors: &mut Option<syn::Error>,
) -> Option<Container> {
    if !input.generics.params.is_empty() {
        join(
            errors,
            syn::Error::new_spanned(&input.generics, "the derive takes no generics"),
        );
    }
    let expected = if with_tag {
        "expected `name = \"...\"`, `rules = PATH` or `tag = \"...\"`"
    } else {
        "expected `name = \"...\"` or `rules = PATH`"
    };
    let (mut name, mut rules, mut tag) = (None, None, None);
    // After a parse error the rest of that attribute is unread: its keys are not "missing".
    let mut unread = false;
    for attr in named(&input.attrs, attribute) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                once(&mut name, meta.value()?.parse::<LitStr>()?, &meta, errors);
            } else if meta.path.is_ident("rules") {
                once(
                    &mut rules,
                    meta.value()?.parse::<syn::Path>()?,
                    &meta,
                    errors,
                );
            } else if with_tag && meta.path.is_ident("tag") {
                once(&mut tag, meta.value()?.parse::<LitStr>()?, &meta, errors);
            } else {
                return Err(meta.error(expected));
            }
            Ok(())
        });
        if let Err(error) = result {
            unread = true;
            join(errors, error);
        }
    }
    let keys = [
        ("name", name.is_some()),
        ("rules", rules.is_some()),
        ("tag", tag.is_some() || !with_tag),
    ];
    for (key, _) in keys.iter().filter(|(_, found)| !found && !unread) {
        join(
            errors,
            syn::Error::new_spanned(
                &input.ident,
                format!("missing `#[{attribute}({key} = ...)]`"),
            ),
        );
    }
    Some(Container {
        name: name?,
        rules: rules?,
        tag: if with_tag { Some(tag?) } else { None },
    })
}

/// The message of each error `expand` reports on `source` (for the derives' tests).
#[cfg(test)]
pub(crate) fn errors(
    expand: fn(&syn::DeriveInput) -> syn::Result<proc_macro2::TokenStream>,
    source: &str,
) -> Vec<String> {
    let input = syn::parse_str(source).unwrap();
    match expand(&input) {
        Ok(_) => Vec::new(),
        Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

/// `value`, or every error joined; `value` is `None` only where an error was joined.
pub(crate) fn finish<T>(
    errors: Option<syn::Error>,
    value: Option<T>,
    input: &syn::DeriveInput,
) -> syn::Result<T> {
    match (errors, value) {
        (None, Some(value)) => Ok(value),
        (Some(errors), _) => Err(errors),
        (None, None) => Err(syn::Error::new_spanned(
            &input.ident,
            "the derive cannot read this type",
        )),
    }
}

/// An error at each string of `values` that an earlier one equals (`what` names them).
pub(crate) fn repeated<'a>(
    values: impl IntoIterator<Item = &'a LitStr>,
    what: &str,
    errors: &mut Option<syn::Error>,
) {
    let mut seen = std::collections::HashSet::new();
    for value in values {
        if !seen.insert(value.value()) {
            join(
                errors,
                syn::Error::new_spanned(value, format!("a repeated {what}")),
            );
        }
    }
}

/// The variants of `input`, an enum (an error naming `derive` otherwise); an enum without
/// variants is joined to `errors`, since a union needs one.
pub(crate) fn variants<'a>(
    input: &'a syn::DeriveInput,
    derive: &str,
    errors: &mut Option<syn::Error>,
) -> syn::Result<&'a Punctuated<syn::Variant, Token![,]>> {
    let syn::Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format!("{derive} derives only on an enum"),
        ));
    };
    if data.variants.is_empty() {
        join(
            errors,
            syn::Error::new_spanned(&input.ident, "a union needs a variant"),
        );
    }
    Ok(&data.variants)
}
