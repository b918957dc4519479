//! Why a verifier refused a request.
//!
//! Each kind maps to one of the gateway's codes (ram-contract.md §1.8), noted
//! on the variant, so a server can answer as the cloud does. No variant ever
//! carries a secret or a signature value: the texts they hold are header or
//! parameter names, the algorithm a client named, and the server's own
//! string to sign, which is built from neither.

/// A refused signature, with enough detail for a server to choose the
/// cloud's error code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The `Authorization` header (V3) or the `Signature` parameter (RPC) is
    /// absent or empty. Gateway: `IncompleteSignature` (or
    /// `MissingSignature`).
    #[error("the request carries no signature")]
    MissingSignature,
    /// The `Authorization` header does not have the documented form; the
    /// text says which part is wrong. Gateway: `IncompleteSignature`.
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    /// A signature algorithm (V3), `SignatureMethod` or `SignatureVersion`
    /// (RPC) this crate does not verify; holds what the client named.
    /// Gateway: `InvalidSignatureMethod`.
    #[error("unsupported signature algorithm or method: {0}")]
    UnsupportedAlgorithm(String),
    /// A header (V3) or parameter (RPC) the scheme requires is absent; holds
    /// its name (a V3 header name in lower case). Gateway: `Missing<Name>` or
    /// `IncompleteSignature`.
    #[error("{0} is required")]
    Missing(String),
    /// `host` or an `x-acs-*` header is present but not in `SignedHeaders`;
    /// holds its name in lower case. Gateway: `IncompleteSignature`.
    #[error("header {0} must be signed")]
    UnsignedHeader(String),
    /// The body does not hash to `x-acs-content-sha256`: the body was
    /// changed after signing. Gateway: `IncompleteSignature` (the signed
    /// hash no longer describes the request).
    #[error("x-acs-content-sha256 does not match the body")]
    PayloadHashMismatch,
    /// The query string or form body is not valid percent-encoded UTF-8.
    /// Gateway: `IncompleteSignature` (nothing can be signed over it).
    #[error("the parameters are not valid application/x-www-form-urlencoded UTF-8")]
    MalformedParameters,
    /// The signature does not match the server's computation.
    /// Gateway: `SignatureDoesNotMatch`, whose message ends with
    /// `server string to sign is:<string_to_sign>` so that a client can
    /// compare it with its own.
    #[error("the signature does not match")]
    SignatureMismatch {
        /// The string the server signed.
        string_to_sign: String,
    },
}
