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

/// `error` joined to `more`, so that one expansion reports every misuse.
pub(crate) fn join(errors: &mut Option<syn::Error>, more: syn::Error) {
    match errors {
        Some(errors) => errors.combine(more),
        None => *errors = Some(more),
    }
}
