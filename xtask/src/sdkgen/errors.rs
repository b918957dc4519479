//! `ErrorCode`: every code the document lists, with an `Other` arm.

use proc_macro2::TokenStream;
use quote::quote;

use super::document::{Document, ErrorEntry};
use super::naming::{docs, variant_ident};

/// The codes, gateway codes first, then the actions' in document order,
/// each once.
fn codes(doc: &Document) -> Vec<&ErrorEntry> {
    let mut codes: Vec<&ErrorEntry> = Vec::new();
    for e in doc.common_errors.iter().chain(doc.ops.iter().flat_map(|o| &o.errors)) {
        if !codes.iter().any(|c| c.code == e.code) {
            codes.push(e);
        }
    }
    codes
}

/// The tokens of `errors.rs`.
pub(crate) fn error_codes(doc: &Document) -> Result<TokenStream, String> {
    let codes = codes(doc);
    super::unique(
        codes
            .iter()
            .map(|e| variant_ident(&e.code).to_string())
            .chain(["Other".to_owned()]),
        "the error codes",
    )?;
    let variants = codes.iter().map(|e| {
        let v = variant_ident(&e.code);
        let docs = docs(&format!("`{}` (HTTP {}): {}", e.code, e.status, e.message), "");
        quote!(#docs #v,)
    });
    let from = codes.iter().map(|e| {
        let (v, code) = (variant_ident(&e.code), &e.code);
        quote!(#code => Self::#v,)
    });
    let to = codes.iter().map(|e| {
        let (v, code) = (variant_ident(&e.code), &e.code);
        quote!(Self::#v => #code,)
    });
    let status = codes.iter().map(|e| {
        let (v, status) = (variant_ident(&e.code), e.status);
        quote!(Self::#v => Some(#status),)
    });
    Ok(quote! {
        //! The error codes the contract lists: the gateway's and every action's.

        /// A known error code; codes this version does not know are [`ErrorCode::Other`].
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code the contract does not list (yet).
            Other(String),
        }

        impl ErrorCode {
            /// The code for the `Code` field of an error response.
            pub fn from_code(code: &str) -> Self {
                match code {
                    #(#from)*
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The code as the service writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to)*
                    Self::Other(code) => code,
                }
            }

            /// The HTTP status the contract gives for this code.
            pub fn http_status(&self) -> Option<u16> {
                match self {
                    #(#status)*
                    Self::Other(_) => None,
                }
            }
        }

        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}
