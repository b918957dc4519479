//! Why a verifier refused a request. Never carries a secret or a signature.

/// A refused signature, with enough detail for a server to choose the
/// cloud's error code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The `Authorization` header or the `Signature` parameter is absent.
    #[error("the request carries no signature")]
    MissingSignature,
    /// The `Authorization` header does not have the documented form.
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    /// A signature algorithm, method or version this crate does not verify.
    #[error("unsupported signature algorithm or method: {0}")]
    UnsupportedAlgorithm(String),
    /// A header (V3) or parameter (RPC) the scheme requires is absent.
    #[error("{0} is required")]
    Missing(String),
    /// `host` or an `x-acs-*` header is present but not signed.
    #[error("header {0} must be signed")]
    UnsignedHeader(String),
    /// The body does not hash to `x-acs-content-sha256`.
    #[error("x-acs-content-sha256 does not match the body")]
    PayloadHashMismatch,
    /// The query or form body is not valid percent-encoded UTF-8.
    #[error("the parameters are not valid application/x-www-form-urlencoded UTF-8")]
    MalformedParameters,
    /// The signature does not match; `string_to_sign` is the server's.
    #[error("the signature does not match")]
    SignatureMismatch {
        /// The string the server signed, for the client to compare with its own.
        string_to_sign: String,
    },
}
