//! `#[actions(Product)]`: declares a group of the mock's actions once.
//!
//! Written on an `impl` block of poem-openapi operations, each method marked
//! `#[action(read)]` or `#[action(write, errors(CODE, ...))]`, it derives
//! everything the wire identity needs from that one declaration:
//!
//! - the action's name, from the method's name (`create_user` ->
//!   `CreateUser`; `name = "BindMFADevice"` where the cloud's spelling is not
//!   the method's in PascalCase);
//! - its routable path `/{product}/{version}/{Action}`, its operationId
//!   `{Product}_{Action}` and its tag, written as the `#[oai(...)]` and
//!   `#[OpenApi(...)]` attributes poem-openapi reads;
//! - its catalogue entry (`ActionGroup::ACTIONS`): product, version, action,
//!   read or write, the codes it can return, and the product's root-only and
//!   extension flags;
//! - each `Query` parameter's wire name, from the argument's name
//!   (`user_name` -> `UserName`), unless it says `#[oai(name = "...")]`
//!   itself (`MFABindRequired`).
//!
//! So the name is written once and the path, the operationId and the
//! catalogue cannot disagree. The products themselves are declared in the
//! crate's `PRODUCTS` table: their versions must be literals in the paths,
//! which only a macro can write.
//!
//! `#[model]`: a response model (struct) or a closed set of values (enum),
//! declared once for both of its faces: the document's schema
//! (poem-openapi's `Object` or `Enum`) and the bytes sent (serde's
//! `Serialize`, which writes JSON straight from the value instead of
//! building poem-openapi's `serde_json::Value` first). Each field's wire
//! name is the field's name in PascalCase, or its `#[oai(rename = "...")]`,
//! and is written into both attributes, so the two cannot disagree.

use heck::ToUpperCamelCase;
use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, ImplItem, Item, ItemImpl, LitStr, Path, Token, parse_macro_input, parse_quote};

/// A product the mock serves.
struct Product {
    /// As the cloud writes it (`Ram`), also the document's tag.
    name: &'static str,
    /// The API version, in every path of the product.
    version: &'static str,
    /// Only the account's root may call its actions.
    root_only: bool,
    /// ramkit's own product: Alibaba Cloud publishes no API for it.
    extension: bool,
}

/// Every product, with its version: the one place they are written.
const PRODUCTS: &[Product] = &[
    Product {
        name: "Ram",
        version: "2015-05-01",
        root_only: false,
        extension: false,
    },
    Product {
        name: "RamkitAccount",
        version: "2026-11-01",
        root_only: true,
        extension: true,
    },
];

/// Declares the actions of one product's `impl` block; see the crate docs.
#[proc_macro_attribute]
pub fn actions(attr: TokenStream, item: TokenStream) -> TokenStream {
    let product = parse_macro_input!(attr as Ident);
    let mut block = parse_macro_input!(item as ItemImpl);
    match expand(&product, &mut block) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// What `#[action(...)]` says of one method.
struct ActionAttr {
    read_only: bool,
    name: Option<LitStr>,
    errors: Vec<Path>,
}

impl Parse for ActionAttr {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut read_only = None;
        let mut name = None;
        let mut errors = Vec::new();
        let items = Punctuated::<ActionItem, Token![,]>::parse_terminated(input)?;
        for item in items {
            match item {
                ActionItem::Read(span) | ActionItem::Write(span) if read_only.is_some() => {
                    return Err(syn::Error::new(span, "say `read` or `write` once"));
                }
                ActionItem::Read(_) => read_only = Some(true),
                ActionItem::Write(_) => read_only = Some(false),
                ActionItem::Name(lit) => name = Some(lit),
                ActionItem::Errors(paths) => errors.extend(paths),
            }
        }
        let read_only = read_only
            .ok_or_else(|| syn::Error::new(input.span(), "an action is `read` (changes nothing) or `write`"))?;
        Ok(Self {
            read_only,
            name,
            errors,
        })
    }
}

enum ActionItem {
    Read(Span),
    Write(Span),
    Name(LitStr),
    Errors(Vec<Path>),
}

impl Parse for ActionItem {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        match key.to_string().as_str() {
            "read" => Ok(Self::Read(key.span())),
            "write" => Ok(Self::Write(key.span())),
            "name" => {
                input.parse::<Token![=]>()?;
                Ok(Self::Name(input.parse()?))
            }
            "errors" => {
                let content;
                syn::parenthesized!(content in input);
                let paths = Punctuated::<Path, Token![,]>::parse_terminated(&content)?;
                Ok(Self::Errors(paths.into_iter().collect()))
            }
            other => Err(syn::Error::new(
                key.span(),
                format!("unknown `{other}`: expected read, write, name = \"...\" or errors(...)"),
            )),
        }
    }
}

/// Gives each `Query<…>` argument without a wire name of its own the
/// PascalCase of its Rust name, as `#[oai(name = "...")]`.
fn name_query_params(method: &mut syn::ImplItemFn) {
    for input in &mut method.sig.inputs {
        let syn::FnArg::Typed(arg) = input else { continue };
        let syn::Pat::Ident(ident) = &*arg.pat else { continue };
        let syn::Type::Path(ty) = &*arg.ty else { continue };
        if ty.path.segments.last().is_none_or(|s| s.ident != "Query") {
            continue;
        }
        if arg.attrs.iter().any(|a| a.path().is_ident("oai")) {
            continue;
        }
        let wire = ident.ident.to_string().to_upper_camel_case();
        arg.attrs.push(syn::parse_quote! { #[oai(name = #wire)] });
    }
}

fn expand(product: &Ident, block: &mut ItemImpl) -> syn::Result<proc_macro2::TokenStream> {
    let Some(p) = PRODUCTS.iter().find(|p| product == p.name) else {
        let known: Vec<_> = PRODUCTS.iter().map(|p| p.name).collect();
        return Err(syn::Error::new(
            product.span(),
            format!("unknown product `{product}`; known: {}", known.join(", ")),
        ));
    };
    let mut specs = Vec::new();
    for item in &mut block.items {
        let ImplItem::Fn(method) = item else { continue };
        let Some(at) = method.attrs.iter().position(|a| a.path().is_ident("action")) else {
            continue;
        };
        let attr = method.attrs.remove(at);
        let action: ActionAttr = attr.parse_args()?;
        let name = action
            .name
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_else(|| method.sig.ident.to_string().to_upper_camel_case());
        name_query_params(method);
        let path = format!("/{name}");
        let operation_id = format!("{}_{name}", p.name);
        method.attrs.push(syn::parse_quote! {
            #[oai(path = #path, method = "post", operation_id = #operation_id)]
        });
        let (product_name, version, root_only, extension) = (p.name, p.version, p.root_only, p.extension);
        let read_only = action.read_only;
        let errors = &action.errors;
        specs.push(quote! {
            crate::contract::ActionSpec {
                product: #product_name,
                version: #version,
                action: #name,
                read_only: #read_only,
                errors: &[#(&#errors),*],
                root_only: #root_only,
                extension: #extension,
            }
        });
    }
    if specs.is_empty() {
        return Err(syn::Error::new(
            product.span(),
            "no method is marked #[action(read)] or #[action(write, ...)]",
        ));
    }
    let prefix = format!("/{}/{}", p.name.to_ascii_lowercase(), p.version);
    let tag = format!("crate::contract::ApiTags::{}", p.name);
    let self_ty = &block.self_ty;
    Ok(quote! {
        #[poem_openapi::OpenApi(prefix_path = #prefix, tag = #tag)]
        #block

        impl crate::contract::ActionGroup for #self_ty {
            const ACTIONS: &'static [crate::contract::ActionSpec] = &[#(#specs),*];
        }
    })
}

/// Declares a response model: see the crate's documentation.
#[proc_macro_attribute]
pub fn model(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        let err = syn::Error::new(Span::call_site(), "#[model] takes no arguments");
        return err.to_compile_error().into();
    }
    match model_expand(parse_macro_input!(item as Item)) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn model_expand(item: Item) -> syn::Result<proc_macro2::TokenStream> {
    match item {
        Item::Struct(mut s) => {
            for field in s.fields.iter_mut() {
                let ident = field
                    .ident
                    .as_ref()
                    .ok_or_else(|| syn::Error::new_spanned(&*field, "a #[model] struct has named fields"))?;
                let wire = match take_rename(&mut field.attrs)? {
                    Some(name) => name,
                    None => LitStr::new(&ident.to_string().to_upper_camel_case(), ident.span()),
                };
                field.attrs.push(parse_quote!(#[oai(rename = #wire)]));
                field.attrs.push(parse_quote!(#[serde(rename = #wire)]));
            }
            Ok(quote! {
                #[derive(::poem_openapi::Object, ::serde::Serialize)]
                #s
            })
        }
        Item::Enum(e) => Ok(quote! {
            #[derive(::poem_openapi::Enum, ::serde::Serialize)]
            #e
        }),
        other => Err(syn::Error::new_spanned(other, "#[model] goes on a struct or an enum")),
    }
}

/// Removes a field's `#[oai(rename = "...")]` and returns the name; any
/// other `oai` attribute is refused (the model would need it on its serde
/// face as well).
fn take_rename(attrs: &mut Vec<syn::Attribute>) -> syn::Result<Option<LitStr>> {
    let mut name = None;
    let mut error = None;
    attrs.retain(|attr| {
        if !attr.path().is_ident("oai") {
            return true;
        }
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                name = Some(meta.value()?.parse::<LitStr>()?);
                Ok(())
            } else {
                Err(meta.error("#[model] fields take only #[oai(rename = \"...\")]"))
            }
        });
        if let Err(e) = parsed {
            error = Some(e);
        }
        false
    });
    match error {
        Some(e) => Err(e),
        None => Ok(name),
    }
}
