//! Models: one struct per object schema, one enum per string-enum schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::document::{Field, Model};
use super::naming::{docs, snake, snake_text, ty_tokens, type_ident, variant_ident};

/// The tokens of one model.
pub(crate) fn model(model: &Model) -> Result<TokenStream, String> {
    match model {
        Model::Struct {
            name,
            description,
            fields,
        } => structure(name, description, fields),
        Model::Enum {
            name,
            description,
            values,
        } => enumeration(name, description, values),
    }
}

fn structure(name: &str, description: &str, fields: &[Field]) -> Result<TokenStream, String> {
    let ident = type_ident(name);
    super::unique(
        fields.iter().map(|f| snake_text(&f.wire)),
        &format!("the fields of {name}"),
    )?;
    let members = fields.iter().map(|f| {
        let field = snake(&f.wire);
        let ty = ty_tokens(&f.ty);
        let wire = &f.wire;
        let docs = docs(&f.description, &format!("`{wire}`."));
        if f.required {
            quote!(#docs #[serde(rename = #wire)] pub #field: #ty,)
        } else {
            quote!(#docs #[serde(rename = #wire, default)] pub #field: Option<#ty>,)
        }
    });
    let docs = docs(description, &format!("The `{name}` schema."));
    let derive_debug = !fields.iter().any(|f| f.secret);
    let derives = if derive_debug {
        quote!(#[derive(Clone, Debug, PartialEq, serde::Deserialize)])
    } else {
        quote!(#[derive(Clone, PartialEq, serde::Deserialize)])
    };
    let debug = (!derive_debug).then(|| {
        let entries = fields.iter().map(|f| {
            let field = snake(&f.wire);
            let text = snake_text(&f.wire);
            match (f.secret, f.required) {
                (false, _) => quote!(.field(#text, &self.#field)),
                (true, true) => quote!(.field(#text, &"** redacted **")),
                (true, false) => quote!(.field(#text, &self.#field.as_ref().map(|_| "** redacted **"))),
            }
        });
        quote! {
            // Hand-written so that secrets stay out of logs.
            impl std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#name) #(#entries)* .finish()
                }
            }
        }
    });
    Ok(quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #ident { #(#members)* }
        #debug
    })
}

fn enumeration(name: &str, description: &str, values: &[String]) -> Result<TokenStream, String> {
    let ident = type_ident(name);
    super::unique(
        values
            .iter()
            .map(|v| variant_ident(v).to_string())
            .chain(["Unknown".to_owned()]),
        &format!("the values of {name}"),
    )?;
    let docs = docs(description, &format!("The `{name}` values."));
    let variants = values.iter().map(|v| {
        let var = variant_ident(v);
        let doc = format!(" `{v}`");
        quote!(#[doc = #doc] #var,)
    });
    let to_str = values.iter().map(|v| {
        let var = variant_ident(v);
        quote!(Self::#var => #v,)
    });
    let from_str = values.iter().map(|v| {
        let var = variant_ident(v);
        quote!(#v => Self::#var,)
    });
    Ok(quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            /// A value this version of the SDK does not know, as the service wrote it.
            Unknown(String),
        }

        impl #ident {
            /// The value as the service writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #ident {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::document::Ty;
    use super::*;

    fn render(model: &Model) -> String {
        super::super::render(super::model(model).expect("emits")).expect("parses")
    }

    fn field(wire: &str, ty: Ty, required: bool, secret: bool) -> Field {
        Field {
            wire: wire.into(),
            description: format!("The {wire}."),
            ty,
            required,
            secret,
        }
    }

    #[test]
    fn required_fields_are_plain_and_optional_ones_default_to_none() {
        let out = render(&Model::Struct {
            name: "User".into(),
            description: "A RAM user.".into(),
            fields: vec![
                field("UserName", Ty::String, true, false),
                field("Comments", Ty::String, false, false),
                field("Tags", Ty::List(Box::new(Ty::Named("Tag".into()))), false, false),
            ],
        });
        assert!(out.contains("/// A RAM user.\n#[derive(Clone, Debug, PartialEq, serde::Deserialize)]\n#[non_exhaustive]\npub struct User {"), "{out}");
        assert!(
            out.contains("/// The UserName.\n    #[serde(rename = \"UserName\")]\n    pub user_name: String,"),
            "{out}"
        );
        assert!(
            out.contains("#[serde(rename = \"Comments\", default)]\n    pub comments: Option<String>,"),
            "{out}"
        );
        assert!(out.contains("pub tags: Option<Vec<Tag>>,"), "{out}");
    }

    #[test]
    fn secret_fields_are_redacted_in_a_hand_written_debug() {
        let out = render(&Model::Struct {
            name: "LoginProfile".into(),
            description: String::new(),
            fields: vec![
                field("UserName", Ty::String, true, false),
                field("Password", Ty::String, false, true),
            ],
        });
        assert!(out.contains("#[derive(Clone, PartialEq, serde::Deserialize)]"), "{out}");
        assert!(out.contains(".field(\"user_name\", &self.user_name)"), "{out}");
        assert!(
            out.contains(r#".field("password", &self.password.as_ref().map(|_| "** redacted **"))"#),
            "{out}"
        );
        assert!(out.contains("/// The `LoginProfile` schema."), "{out}");
    }

    #[test]
    fn string_enums_keep_unknown_values() {
        let out = render(&Model::Enum {
            name: "Status".into(),
            description: "Whether a key works.".into(),
            values: vec!["Active".into(), "Inactive".into()],
        });
        assert!(out.contains("pub enum Status {"), "{out}");
        assert!(out.contains("\"Inactive\" => Self::Inactive,"), "{out}");
        assert!(out.contains("Unknown(String),"), "{out}");
        assert!(out.contains("impl<'de> serde::Deserialize<'de> for Status"), "{out}");
    }

    #[test]
    fn two_wire_names_with_one_rust_name_are_an_error() {
        let m = Model::Struct {
            name: "X".into(),
            description: String::new(),
            fields: vec![
                field("UserId", Ty::String, true, false),
                field("userId", Ty::String, true, false),
            ],
        };
        assert!(model(&m).is_err());
    }
}
