//! Rust names for the document's names, and doc attributes for its text.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::document::Ty;

/// Keywords that can be raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A snake_case name for a wire name (`MaxLoginAttemps` → `max_login_attemps`,
/// `Type` → `r#type`), for fields, setters and methods.
pub(crate) fn snake(wire: &str) -> Ident {
    let name = wire.to_snake_case();
    if KEYWORDS.contains(&name.as_str()) {
        Ident::new_raw(&name, Span::call_site())
    } else if matches!(name.as_str(), "self" | "super" | "crate") || !is_ident(&name) {
        // These cannot be raw; a name starting with a digit cannot be an identifier.
        Ident::new(&format!("{name}_"), Span::call_site())
    } else {
        Ident::new(&name, Span::call_site())
    }
}

/// The text `Debug` shows for a snake_case name (without `r#`).
pub(crate) fn snake_text(wire: &str) -> String {
    snake(wire).to_string().trim_start_matches("r#").to_owned()
}

/// A type name: the document's own when it is an identifier
/// (`GetPasswordPolicyResponse`), else its UpperCamelCase.
pub(crate) fn type_ident(name: &str) -> Ident {
    let name = if is_ident(name) && name != "Self" {
        name.to_owned()
    } else {
        camel(name)
    };
    Ident::new(&name, Span::call_site())
}

/// An enum variant for a wire value or error code
/// (`InvalidParameter.MaxPasswordAge.Range` → `InvalidParameterMaxPasswordAgeRange`).
pub(crate) fn variant_ident(value: &str) -> Ident {
    Ident::new(&camel(value), Span::call_site())
}

fn camel(text: &str) -> String {
    let words: String = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(|w| w.to_upper_camel_case())
        .collect();
    match words.chars().next() {
        None => "Empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("V{words}"),
        Some(_) if words == "Self" => "SelfValue".to_owned(),
        Some(_) => words,
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s)
}

/// The Rust type for a [`Ty`], naming models by their generated names.
pub(crate) fn ty_tokens(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::Number(n) => {
            let id = Ident::new(n, Span::call_site());
            quote!(#id)
        }
        Ty::String => quote!(String),
        Ty::Named(n) => {
            let id = type_ident(n);
            quote!(#id)
        }
        Ty::List(inner) => {
            let inner = ty_tokens(inner);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// `///` lines for `text`, with `fallback` when the document says nothing
/// (the SDK warns on missing docs).
pub(crate) fn docs(text: &str, fallback: &str) -> TokenStream {
    let text = if text.trim().is_empty() { fallback } else { text };
    let lines = text.lines().map(|l| {
        let l = format!(" {}", l.trim_end());
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// `//!` lines for `text`.
pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = format!(" {}", l.trim_end());
        quote!(#![doc = #l])
    });
    quote!(#(#lines)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_snake_case_keeping_alibabas_spelling() {
        assert_eq!(snake("MaxLoginAttemps").to_string(), "max_login_attemps");
        assert_eq!(snake("AccessKeyId").to_string(), "access_key_id");
        assert_eq!(snake("MFADevice").to_string(), "mfa_device");
        assert_eq!(snake("GetPasswordPolicy").to_string(), "get_password_policy");
    }

    #[test]
    fn keywords_become_raw_identifiers_and_debug_shows_them_plain() {
        assert_eq!(snake("Type").to_string(), "r#type");
        assert_eq!(snake_text("Type"), "type");
        assert_eq!(snake("Self").to_string(), "self_");
    }

    #[test]
    fn schema_names_are_kept_when_they_are_identifiers() {
        assert_eq!(
            type_ident("GetPasswordPolicyResponse").to_string(),
            "GetPasswordPolicyResponse"
        );
        assert_eq!(type_ident("MFADevice").to_string(), "MFADevice");
        assert_eq!(type_ident("Page<User>").to_string(), "PageUser");
    }

    #[test]
    fn error_codes_and_values_become_variants() {
        assert_eq!(
            variant_ident("InvalidParameter.MaxPasswordAge.Range").to_string(),
            "InvalidParameterMaxPasswordAgeRange"
        );
        assert_eq!(
            variant_ident("UnsupportedHTTPMethod").to_string(),
            "UnsupportedHttpMethod"
        );
        assert_eq!(variant_ident("2fa").to_string(), "V2fa");
        assert_eq!(variant_ident("").to_string(), "Empty");
    }

    #[test]
    fn missing_docs_get_the_fallback() {
        assert_eq!(
            docs("", "Fallback.").to_string(),
            quote!(#[doc = " Fallback."]).to_string()
        );
    }
}
