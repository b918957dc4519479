//! Pure signing and verification of Alibaba Cloud RPC-style requests.
//!
//! Two schemes, each a signer and a verifier:
//!
//! - [`v3`]: `ACS3-HMAC-SHA256` (signature V3), the default of Alibaba's
//!   current SDKs: an `Authorization` header over a canonical request.
//! - [`rpc_v1`]: the classic HMAC-SHA1 RPC signature (`SignatureVersion=1.0`),
//!   a `Signature` parameter over the sorted parameters.
//!
//! Nothing here does I/O or reads a clock or a random source: the caller puts
//! the timestamp and nonce in the request, and the same code serves the SDK
//! (signing) and the mock server (verifying). Every stage of each algorithm is
//! a public function, so tests can check them one by one and a server can show
//! its string to sign to a client whose signature it refused.
//!
//! ```
//! use ramkit_signing::rpc_v1;
//!
//! let params = [("Action", "GetPasswordPolicy"), ("Version", "2015-05-01")];
//! let sts = rpc_v1::string_to_sign("POST", &rpc_v1::canonical_query(&params));
//! assert_eq!(sts, "POST&%2F&Action%3DGetPasswordPolicy%26Version%3D2015-05-01");
//! let signature = rpc_v1::signature("secret", &sts);
//! assert_eq!(signature.len(), 28);
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod error;
pub mod percent;
pub mod rpc_v1;
pub mod v3;

pub use error::VerifyError;

/// Case-insensitive access to a request's headers, whatever HTTP library
/// holds them.
pub trait HeaderLookup {
    /// The value of the header `name` (any case), if present.
    fn header(&self, name: &str) -> Option<&str>;

    /// Calls `f` with every header name present (any case), so a verifier
    /// can insist that every `x-acs-*` header is signed.
    fn for_each_name(&self, f: &mut dyn FnMut(&str));
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    fn for_each_name(&self, f: &mut dyn FnMut(&str)) {
        self.iter().for_each(|(k, _)| f(k.as_ref()));
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderLookup for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }

    fn for_each_name(&self, f: &mut dyn FnMut(&str)) {
        self.as_slice().for_each_name(f);
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }

    fn for_each_name(&self, f: &mut dyn FnMut(&str)) {
        self.as_slice().for_each_name(f);
    }
}

/// A request as it arrived, for the verifiers.
#[derive(Clone, Copy)]
pub struct RawRequest<'a> {
    /// The HTTP method, upper-case.
    pub method: &'a str,
    /// The request path (`/`).
    pub path: &'a str,
    /// The raw query string without `?`, not decoded.
    pub raw_query: &'a str,
    /// The headers.
    pub headers: &'a dyn HeaderLookup,
    /// The body bytes as received.
    pub body: &'a [u8],
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The query may hold a Signature or SecurityToken: never shown.
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The last step of both verifiers: the signature computed over
/// `string_to_sign` must equal the one given, compared in constant time.
fn check_signature(computed: &str, given: &str, string_to_sign: String) -> Result<(), VerifyError> {
    use subtle::ConstantTimeEq;
    if computed.len() == given.len() && bool::from(computed.as_bytes().ct_eq(given.as_bytes())) {
        Ok(())
    } else {
        Err(VerifyError::SignatureMismatch { string_to_sign })
    }
}
