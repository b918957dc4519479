//! Paged actions: an action with a `Marker` parameter whose response has
//! `IsTruncated` and `Marker`, and one field wrapping the page's list (the
//! cloud's `"Users": {"User": [...]}`), implements
//! `crate::paginate::Paginated`, and its builder gets `into_paginator()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::actions::Names;
use super::document::{Model, Operation, Ty};
use super::naming::{snake, ty_tokens};

/// How to page through one action's responses.
pub(crate) struct Pagination {
    /// The response field wrapping the list (`Users`) and whether it is required.
    wrapper: (String, bool),
    /// The list field inside the wrapper (`User`) and whether it is required.
    list: (String, bool),
    /// The element type.
    pub item: Ty,
    /// Whether the response's `Marker` is required.
    marker_required: bool,
}

fn fields<'a>(models: &'a [Model], name: &str) -> Option<&'a [super::document::Field]> {
    models.iter().find_map(|m| match m {
        Model::Struct { name: n, fields, .. } if n == name => Some(fields.as_slice()),
        _ => None,
    })
}

/// The pagination of `op`, when it is a paged action.
pub(crate) fn pagination(op: &Operation, models: &[Model]) -> Option<Pagination> {
    op.params.iter().find(|p| p.name == "Marker" && p.ty == Ty::String)?;
    let response = fields(models, &op.response)?;
    response
        .iter()
        .find(|f| f.wire == "IsTruncated" && f.ty == Ty::Bool && f.required)?;
    let marker = response.iter().find(|f| f.wire == "Marker" && f.ty == Ty::String)?;
    let mut wrappers = response.iter().filter_map(|f| {
        let Ty::Named(inner) = &f.ty else { return None };
        let inner_fields = fields(models, inner)?;
        match inner_fields {
            [only] => match &only.ty {
                Ty::List(item) => Some(Pagination {
                    wrapper: (f.wire.clone(), f.required),
                    list: (only.wire.clone(), only.required),
                    item: (**item).clone(),
                    marker_required: marker.required,
                }),
                _ => None,
            },
            _ => None,
        }
    });
    let found = wrappers.next()?;
    // Two candidate lists would make the items ambiguous: no paginator.
    wrappers.next().is_none().then_some(found)
}

/// The `Paginated` impl and the builder's `into_paginator()`.
pub(crate) fn tokens(op: &Operation, names: &Names, p: &Pagination) -> TokenStream {
    let Names { input, builder, .. } = names;
    let output = super::naming::type_ident(&op.response);
    let item = ty_tokens(&p.item);
    let wrapper = snake(&p.wrapper.0);
    let list = snake(&p.list.0);
    let next = if p.marker_required {
        quote!(output.is_truncated.then(|| output.marker.clone()))
    } else {
        quote!(if output.is_truncated {
            output.marker.clone()
        } else {
            None
        })
    };
    let items = match (p.wrapper.1, p.list.1) {
        (true, true) => quote!(output.#wrapper.#list),
        (true, false) => quote!(output.#wrapper.#list.unwrap_or_default()),
        (false, true) => quote!(output.#wrapper.map(|w| w.#list).unwrap_or_default()),
        (false, false) => quote!(output.#wrapper.and_then(|w| w.#list).unwrap_or_default()),
    };
    let action = &op.action;
    let doc = format!(
        " Pages through `{action}`, following `Marker` until `IsTruncated` is false; \
         the parameters set so far apply to every page."
    );
    quote! {
        impl crate::paginate::Paginated for #input {
            type Item = #item;
            fn set_marker(&mut self, marker: String) { self.marker = Some(marker); }
            fn next_marker(output: &#output) -> Option<String> { #next }
            fn into_items(output: #output) -> Vec<#item> { #items }
        }

        impl #builder {
            #[doc = #doc]
            pub fn into_paginator(self) -> crate::paginate::Paginator<#input> {
                crate::paginate::Paginator::new(self.client, self.input)
            }
        }
    }
}
