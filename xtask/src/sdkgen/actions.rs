//! Per action: the input (`<Action>Input`, implementing
//! `crate::action::Action`), the fluent builder (`<Action>`) and the
//! `Client` method, as smithy-rs lays them out. Nothing here encodes,
//! signs or sends: `Client::execute` does, once for every action.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::document::{Operation, Param, Ty};
use super::naming::{docs, snake, snake_text, ty_tokens, type_ident};

/// The Rust names of one action. `prefix` is empty unless two products
/// share the action's name, then it is the product (`Ims`).
pub(crate) struct Names {
    pub input: Ident,
    pub builder: Ident,
    pub method: Ident,
}

impl Names {
    pub(crate) fn new(op: &Operation, prefix: &str) -> Self {
        let base = format!("{prefix}{}", op.action);
        Names {
            input: format_ident!("{}Input", type_ident(&base)),
            builder: type_ident(&base),
            method: snake(&base),
        }
    }
}

fn setter_docs(p: &Param) -> TokenStream {
    let mut text = if p.description.is_empty() {
        format!("Sets `{}`.", p.name)
    } else {
        p.description.clone()
    };
    text.push_str(&format!(
        "\n\nWire name `{}`; {}",
        p.name,
        if p.required { "required" } else { "optional" }
    ));
    if let Some(r) = &p.range {
        text.push_str(&format!("; {r}"));
    }
    if let Some(d) = &p.default {
        text.push_str(&format!("; the service's default is `{d}`"));
    }
    text.push('.');
    docs(&text, "")
}

/// The getter's return type and body: copies for `Copy` scalars, borrows otherwise.
fn getter(p: &Param) -> (TokenStream, TokenStream) {
    let f = snake(&p.name);
    match &p.ty {
        Ty::String => (quote!(Option<&str>), quote!(self.#f.as_deref())),
        Ty::Bool | Ty::Number(_) => {
            let ty = ty_tokens(&p.ty);
            (quote!(Option<#ty>), quote!(self.#f))
        }
        other => {
            let ty = ty_tokens(other);
            (quote!(Option<&#ty>), quote!(self.#f.as_ref()))
        }
    }
}

/// The doc line of every action (and product) that is ramkit's own.
pub(crate) const EXTENSION_NOTE: &str =
    "ramkit extension: Alibaba Cloud publishes no API for this; only ramkit-mock serves it.";

fn method_docs(op: &Operation) -> TokenStream {
    let mut text = if op.summary.is_empty() {
        format!("Calls `{}`.", op.action)
    } else {
        op.summary.clone()
    };
    if !op.description.is_empty() {
        text.push_str("\n\n");
        text.push_str(&op.description);
    }
    if op.extension {
        text.push_str(&format!("\n\n{EXTENSION_NOTE}"));
    }
    text.push_str(&format!(
        "\n\nWire: product `{}`, action `{}`, version `{}`; {}.",
        op.product,
        op.action,
        op.version,
        if op.read_only { "read-only" } else { "changes state" }
    ));
    if !op.errors.is_empty() {
        text.push_str("\n\n# Errors\n\nBesides the gateway's common codes:");
        for e in &op.errors {
            text.push_str(&format!("\n- `{}` (HTTP {}): {}", e.code, e.status, e.message));
        }
    }
    docs(&text, "")
}

/// The tokens of one action.
pub(crate) fn action(op: &Operation, names: &Names) -> Result<TokenStream, String> {
    super::unique(
        op.params.iter().map(|p| snake_text(&p.name)),
        &format!("the parameters of {}", op.action),
    )?;
    let Names { input, builder, method } = names;
    let output = type_ident(&op.response);
    let (product, action, version, read_only) = (&op.product, &op.action, &op.version, op.read_only);
    let input_text = input.to_string();

    let fields = op.params.iter().map(|p| {
        let f = snake(&p.name);
        let ty = ty_tokens(&p.ty);
        quote!(#f: Option<#ty>,)
    });
    let getters: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let f = snake(&p.name);
            let (ty, body) = getter(p);
            let doc = format!(" `{}`, if set.", p.name);
            quote!(#[doc = #doc] pub fn #f(&self) -> #ty { #body })
        })
        .collect();
    let getters = (!getters.is_empty()).then(|| quote!(impl #input { #(#getters)* }));
    let debug_entries = op.params.iter().map(|p| {
        let f = snake(&p.name);
        let text = snake_text(&p.name);
        if p.secret {
            quote!(.field(#text, &self.#f.as_ref().map(|_| "** redacted **")))
        } else {
            quote!(.field(#text, &self.#f))
        }
    });
    let params_body = if op.params.is_empty() {
        quote!(Vec::new())
    } else {
        let pushes = op.params.iter().map(|p| {
            let f = snake(&p.name);
            let wire = &p.name;
            quote! { if let Some(v) = &self.#f { params.push((#wire, v.to_string())); } }
        });
        quote! {
            let mut params = Vec::new();
            #(#pushes)*
            params
        }
    };
    let setters = op.params.iter().map(|p| {
        let f = snake(&p.name);
        let ty = ty_tokens(&p.ty);
        let docs = setter_docs(p);
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            pub fn #f(mut self, value: impl Into<#ty>) -> Self {
                self.input.#f = Some(value.into());
                self
            }
        }
    });
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let checks = required.iter().map(|p| {
        let f = snake(&p.name);
        let msg = format!(
            "{action} requires {}: set it with `.{}(...)`",
            p.name,
            snake_text(&p.name)
        );
        quote! { if self.input.#f.is_none() { return Err(crate::Error::invalid_input(#msg)); } }
    });
    let send_docs = if required.is_empty() {
        docs("Sends the request and decodes the response.", "")
    } else {
        let names: Vec<String> = required.iter().map(|p| format!("`{}`", p.name)).collect();
        docs(
            &format!(
                "Sends the request and decodes the response.\n\n# Errors\n\nFails without sending when a required parameter is not set: {}.",
                names.join(", ")
            ),
            "",
        )
    };
    let input_docs = docs(
        &format!("The parameters of `{action}` (product `{product}`, version `{version}`)."),
        "",
    );
    let builder_docs = docs(
        &format!("A `{action}` request being built: set its parameters, then [`send`]({builder}::send) it."),
        "",
    );
    let method_docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    Ok(quote! {
        #input_docs
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #input { #(#fields)* }

        #getters

        // Hand-written so that secret parameters stay out of logs.
        impl std::fmt::Debug for #input {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#input_text) #(#debug_entries)* .finish()
            }
        }

        impl crate::action::Action for #input {
            type Output = #output;
            const INFO: crate::action::ActionInfo = crate::action::ActionInfo {
                product: #product,
                action: #action,
                version: #version,
                read_only: #read_only,
            };
            fn params(&self) -> Vec<crate::action::Param> { #params_body }
        }

        #builder_docs
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder { client: crate::Client, input: #input }

        impl #builder {
            #(#setters)*

            /// The parameters set so far.
            pub fn input(&self) -> &#input { &self.input }

            #send_docs
            pub async fn send(self) -> Result<#output, crate::Error> {
                #(#checks)*
                self.client.execute(&self.input).await
            }
        }

        impl crate::Client {
            #method_docs
            #deprecated
            pub fn #method(&self) -> #builder {
                #builder { client: self.clone(), input: #input::default() }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::document::ErrorEntry;
    use super::*;

    fn param(name: &str, ty: Ty, required: bool, secret: bool) -> Param {
        Param {
            name: name.into(),
            required,
            deprecated: false,
            description: format!("The {name}."),
            ty,
            secret,
            range: None,
            default: None,
        }
    }

    fn op(params: Vec<Param>) -> Operation {
        Operation {
            product: "Ram".into(),
            action: "CreateLoginProfile".into(),
            version: "2015-05-01".into(),
            read_only: false,
            extension: false,
            deprecated: false,
            summary: "Creates a login profile.".into(),
            description: "Lets the user log on to the console.".into(),
            params,
            response: "CreateLoginProfileResponse".into(),
            errors: vec![ErrorEntry {
                code: "EntityNotExist.User".into(),
                status: 404,
                message: "The user does not exist.".into(),
            }],
        }
    }

    fn render(op: &Operation, prefix: &str) -> String {
        super::super::render(action(op, &Names::new(op, prefix)).expect("emits")).expect("parses")
    }

    fn login_profile() -> String {
        let mut range = param("MaxItems", Ty::Number("u32"), false, false);
        range.range = Some("1 to 1000".into());
        range.default = Some("100".into());
        render(
            &op(vec![
                param("UserName", Ty::String, true, false),
                param("Password", Ty::String, true, true),
                param("PasswordResetRequired", Ty::Bool, false, false),
                range,
            ]),
            "",
        )
    }

    #[test]
    fn the_input_states_the_wire_identity_and_sends_set_parameters_by_wire_name() {
        let out = login_profile();
        assert!(
            out.contains("impl crate::action::Action for CreateLoginProfileInput {"),
            "{out}"
        );
        assert!(out.contains("action: \"CreateLoginProfile\","), "{out}");
        assert!(out.contains("read_only: false,"), "{out}");
        assert!(
            out.contains("params.push((\"PasswordResetRequired\", v.to_string()));"),
            "{out}"
        );
    }

    #[test]
    fn setters_take_into_and_document_wire_name_requiredness_range_and_default() {
        let out = login_profile();
        assert!(
            out.contains("pub fn user_name(mut self, value: impl Into<String>) -> Self {"),
            "{out}"
        );
        assert!(out.contains("/// Wire name `UserName`; required."), "{out}");
        assert!(
            out.contains("/// Wire name `MaxItems`; optional; 1 to 1000; the service's default is `100`."),
            "{out}"
        );
    }

    #[test]
    fn required_parameters_left_unset_fail_before_sending() {
        let out = login_profile();
        assert!(
            out.contains("if self.input.user_name.is_none() {\n            return Err(\n                crate::Error::invalid_input(\n                    \"CreateLoginProfile requires UserName: set it with `.user_name(...)`\","),
            "{out}"
        );
        assert!(
            out.contains("a required parameter is not set: `UserName`, `Password`."),
            "{out}"
        );
    }

    #[test]
    fn password_parameters_are_redacted_in_debug() {
        let out = login_profile();
        assert!(
            out.contains(r#".field("password", &self.password.as_ref().map(|_| "** redacted **"))"#),
            "{out}"
        );
        assert!(out.contains(".field(\"user_name\", &self.user_name)"), "{out}");
        assert!(!out.contains("#[derive(Clone, Default, PartialEq, Debug)]"), "{out}");
    }

    #[test]
    fn the_client_method_documents_summary_description_wire_identity_and_error_codes() {
        let out = login_profile();
        assert!(
            out.contains("    /// Creates a login profile.\n    ///\n    /// Lets the user log on to the console.\n    ///\n    /// Wire: product `Ram`, action `CreateLoginProfile`, version `2015-05-01`; changes state."),
            "{out}"
        );
        assert!(
            out.contains("/// - `EntityNotExist.User` (HTTP 404): The user does not exist."),
            "{out}"
        );
        assert!(
            out.contains("pub fn create_login_profile(&self) -> CreateLoginProfile {"),
            "{out}"
        );
    }

    #[test]
    fn an_action_without_parameters_sends_none() {
        let out = render(&op(vec![]), "");
        assert!(
            out.contains("fn params(&self) -> Vec<crate::action::Param> {\n        Vec::new()\n    }"),
            "{out}"
        );
        assert!(!out.contains("is_none()"), "{out}");
    }

    #[test]
    fn a_shared_action_name_is_qualified_by_product() {
        let out = render(&op(vec![]), "Ims");
        assert!(out.contains("pub struct ImsCreateLoginProfileInput"), "{out}");
        assert!(
            out.contains("pub fn ims_create_login_profile(&self) -> ImsCreateLoginProfile {"),
            "{out}"
        );
        assert!(out.contains("action: \"CreateLoginProfile\","), "{out}");
    }

    #[test]
    fn getters_borrow_strings_and_copy_scalars() {
        let out = login_profile();
        assert!(out.contains("pub fn user_name(&self) -> Option<&str> {"), "{out}");
        assert!(
            out.contains("pub fn password_reset_required(&self) -> Option<bool> {"),
            "{out}"
        );
    }
}
