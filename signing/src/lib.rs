//! Pure signing and verification of Alibaba Cloud RPC-style requests.
//!
//! Two schemes, each with a signer (for the SDK) and a verifier (for the mock
//! server), sharing one implementation of every step:
//!
//! - [`v3`]: `ACS3-HMAC-SHA256` (signature V3), the default of Alibaba's
//!   current SDKs. Protocol values travel in `x-acs-*` headers and an
//!   `Authorization` header carries a hex HMAC-SHA256 over a canonical
//!   request (method, path, sorted query, the signed headers, the body's
//!   SHA-256).
//! - [`rpc_v1`]: the classic RPC signature (`SignatureMethod=HMAC-SHA1`,
//!   `SignatureVersion=1.0`). Every value is a parameter, and a `Signature`
//!   parameter carries a base64 HMAC-SHA1 over the method and the sorted
//!   parameters.
//!
//! [`percent`] holds the percent-encoding both schemes share and the form
//! decoding of what arrives.
//!
//! Nothing here does I/O or reads a clock or a random source: the caller
//! puts the timestamp and the nonce in the request (they are ordinary
//! headers or parameters), and checks them itself. Every stage of each
//! algorithm is a public function, so tests can check them one by one and a
//! server can show its string to sign to a client whose signature it refused
//! ([`VerifyError::SignatureMismatch`]).
//!
//! The rules implemented are those of `tests/data/README.md` (captured from
//! Alibaba's official Python SDKs); comments cite the step they implement.
//!
//! # Example
//!
//! ```
//! use ramkit_signing::{RawRequest, VerifyError, rpc_v1, v3};
//!
//! // V3: the SDK signs the headers it will send...
//! let headers = [
//!     ("host", "ram.aliyuncs.com"),
//!     ("x-acs-action", "GetUser"),
//!     ("x-acs-version", "2015-05-01"),
//!     ("x-acs-date", "2026-11-22T09:59:11Z"),
//!     ("x-acs-signature-nonce", "3f1c9a0b2d4e5f60718293a4b5c6d7e8"),
//!     ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256),
//! ];
//! let request = v3::SigningRequest {
//!     method: "POST",
//!     path: "/",
//!     query: &[("UserName", "alice")],
//!     headers: &headers,
//!     body: b"",
//! };
//! let authorization = v3::sign(&request, "LTAI5tExample", "secret");
//!
//! // ...and the server verifies what arrives, learning the AccessKey id
//! // before it looks up the secret.
//! let mut sent = headers.to_vec();
//! sent.push(("Authorization", &authorization));
//! let raw = RawRequest { method: "POST", path: "/", raw_query: "UserName=alice", headers: &sent, body: b"" };
//! let auth = v3::authorization(&raw)?;
//! assert_eq!(auth.access_key_id, "LTAI5tExample");
//! v3::verify_parsed(&raw, &auth, "secret")?;
//!
//! // RPC: the signature is one more parameter.
//! let params = [
//!     ("Action", "GetUser"),
//!     ("UserName", "alice"),
//!     ("SignatureMethod", rpc_v1::SIGNATURE_METHOD),
//!     ("SignatureVersion", rpc_v1::SIGNATURE_VERSION),
//! ];
//! let signature = rpc_v1::sign("GET", &params, "secret");
//! let mut sent = params.to_vec();
//! sent.push(("Signature", &signature));
//! rpc_v1::verify_params("GET", &sent, "secret")?;
//! assert!(matches!(
//!     rpc_v1::verify_params("POST", &sent, "secret"),
//!     Err(VerifyError::SignatureMismatch { .. })
//! ));
//! # Ok::<(), VerifyError>(())
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod canonical;
mod error;
pub mod percent;
pub mod rpc_v1;
pub mod v3;

pub use error::VerifyError;

/// Case-insensitive access to a request's headers, whatever HTTP library
/// holds them. Implemented for slices, arrays and `Vec`s of
/// `(name, value)` pairs of `&str` or `String`.
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
    /// The HTTP method as sent (`GET`, `POST`).
    pub method: &'a str,
    /// The request path (`/` for RPC-style APIs).
    pub path: &'a str,
    /// The raw query string without `?`, not decoded; `""` when none.
    pub raw_query: &'a str,
    /// The headers, looked up case-insensitively.
    pub headers: &'a dyn HeaderLookup,
    /// The body bytes as received (after de-chunking).
    pub body: &'a [u8],
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The query, headers and body may hold a Signature, an Authorization
        // or a SecurityToken: never shown.
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The last step of both verifiers: the signature computed by the server
/// must equal the one given, compared in constant time (the time taken must
/// not tell an attacker how many leading bytes were right).
fn signatures_match(computed: &[u8], given: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    // Lengths are public (fixed per scheme); only the contents are secret.
    computed.len() == given.len() && bool::from(computed.ct_eq(given))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_ignores_case_for_str_and_string_pairs() {
        let borrowed = [("Host", "a"), ("x-acs-date", "d")];
        assert_eq!(borrowed.header("host"), Some("a"));
        assert_eq!(borrowed.header("X-ACS-DATE"), Some("d"));
        let owned: Vec<(String, String)> = vec![("HOST".into(), "b".into())];
        assert_eq!(owned.header("Host"), Some("b"));
        assert_eq!(owned.header("accept"), None);
    }

    #[test]
    fn raw_request_debug_shows_neither_query_nor_headers() {
        let headers = [("Authorization", "ACS3-HMAC-SHA256 Credential=AK,Signature=feed")];
        let raw = RawRequest {
            method: "POST",
            path: "/",
            raw_query: "Signature=c2VjcmV0",
            headers: &headers,
            body: b"SecurityToken=CAIS",
        };
        let shown = format!("{raw:?}");
        assert!(!shown.contains("feed") && !shown.contains("c2VjcmV0") && !shown.contains("CAIS"));
    }

    #[test]
    fn signatures_match_needs_equal_length_and_bytes() {
        assert!(signatures_match(b"abc", b"abc"));
        assert!(!signatures_match(b"abc", b"abd"));
        assert!(!signatures_match(b"abc", b"ab"));
    }
}
