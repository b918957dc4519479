//! `ACS3-HMAC-SHA256`, Alibaba Cloud's signature V3 (vectors/README.md,
//! "Scheme ACS3-HMAC-SHA256"; ram-contract.md §1.3–1.4).
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//!                    CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = "ACS3-HMAC-SHA256" \n lowerhex(SHA-256(CanonicalRequest))
//! Signature        = lowerhex(HMAC-SHA256(key = secret, StringToSign))
//! ```
//!
//! Stages: [`canonical_query`], [`canonical_request`], [`string_to_sign`],
//! [`signature`], [`hashed_payload`]. The SDK calls [`sign`]; a server calls
//! [`authorization`] to learn the AccessKey id, then [`verify_parsed`] with
//! that key's secret (or [`verify`] for both at once).

mod authorization;
mod verify;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub use self::authorization::{Authorization, authorization_header};
pub use self::verify::{VerifyKey, authorization, verify, verify_parsed, verify_with_key};
use crate::canonical::{Hex64, Sink};
use crate::percent;

/// The algorithm name that starts the `Authorization` header and the
/// string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// `x-acs-content-sha256` (and HashedPayload) of an empty body.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// HashedPayload: lower-case hex SHA-256 of the body bytes exactly as sent
/// (a form body is hashed as encoded, not re-encoded).
pub fn hashed_payload(body: &[u8]) -> String {
    payload_hex(body).as_str().to_owned()
}

fn payload_hex(body: &[u8]) -> Hex64 {
    // Most RPC requests have no body: its digest is a constant.
    if body.is_empty() {
        return Hex64::from_hex(EMPTY_PAYLOAD_SHA256);
    }
    Hex64::new(&Sha256::digest(body).into())
}

/// CanonicalQueryString from decoded pairs: each name and value `enc`'d,
/// sorted by encoded name in byte order, joined `name=value&…`; an empty
/// value gives `name=`; no pairs give `""`. Body parameters do not belong
/// here.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    percent::canonical_pairs(pairs)
}

/// CanonicalURI: the path with each segment `enc`'d; `/` (RPC style) and the
/// empty path give `/`.
pub fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len().max(1));
    write_uri(path, &mut out);
    out
}

fn write_uri(path: &str, out: &mut impl Sink) {
    if path.is_empty() || path == "/" {
        return out.put("/");
    }
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.put("/");
        }
        percent::encode_to(segment, out);
    }
}

/// CanonicalRequest. `signed_headers` are the `(name, value)` pairs of the
/// signed headers in `SignedHeaders` order, names already lower-case; each
/// gives the line `name:value` with the value's surrounding whitespace
/// removed (CanonicalHeaders), and the names joined by `;` give the
/// SignedHeaders line.
pub fn canonical_request<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    canonical_query: &str,
    signed_headers: &[(K, V)],
    hashed_payload: &str,
) -> String {
    let headers_len: usize = signed_headers
        .iter()
        .map(|(k, v)| 2 * k.as_ref().len() + v.as_ref().len() + 3)
        .sum();
    let mut out = String::with_capacity(method.len() + path.len() + canonical_query.len() + headers_len + 72);
    write_canonical_request(
        &mut out,
        method,
        path,
        |o| o.put(canonical_query),
        signed_headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())),
        signed_headers.iter().map(|(k, _)| k.as_ref()),
        hashed_payload,
    );
    out
}

/// The one writer of CanonicalRequest (README "Signing"), used by the signer
/// (into a `String`) and by the verifier (straight into SHA-256).
fn write_canonical_request<'h, S: Sink>(
    out: &mut S,
    method: &str,
    path: &str,
    query: impl FnOnce(&mut S),
    headers: impl Iterator<Item = (&'h str, &'h str)>,
    names: impl Iterator<Item = &'h str>,
    hashed_payload: &str,
) {
    out.put(method);
    out.put("\n");
    write_uri(path, out);
    out.put("\n");
    query(out);
    out.put("\n");
    // CanonicalHeaders: one `name:value\n` line per signed header, so the
    // block ends with its own newline and an empty line follows.
    for (name, value) in headers {
        out.put(name);
        out.put(":");
        out.put(value.trim_ascii());
        out.put("\n");
    }
    out.put("\n");
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.put(";");
        }
        out.put(name);
    }
    out.put("\n");
    out.put(hashed_payload);
}

/// StringToSign = `ACS3-HMAC-SHA256` \n lowerhex(SHA-256(UTF-8(CanonicalRequest))).
pub fn string_to_sign(canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{}",
        Hex64::new(&Sha256::digest(canonical_request.as_bytes()).into()).as_str()
    )
}

/// Signature = lowerhex(HMAC-SHA256(key = UTF-8(secret), StringToSign)); the
/// key is the secret alone, without the `&` of the RPC scheme.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = hmac(secret);
    mac.update(string_to_sign.as_bytes());
    Hex64::new(&mac.finalize().into_bytes().into()).as_str().to_owned()
}

fn hmac(secret: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length (longer ones are hashed first).
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length")
}

/// What the SDK signs.
#[derive(Clone, Copy)]
pub struct SigningRequest<'a> {
    /// The HTTP method, upper-case.
    pub method: &'a str,
    /// The path (`/` for RPC-style APIs).
    pub path: &'a str,
    /// The query parameters, decoded (they are encoded while signing).
    pub query: &'a [(&'a str, &'a str)],
    /// The headers to sign, each name once, any case, in any order; they
    /// must include `host`, the `x-acs-*` headers the request sends
    /// (`x-acs-content-sha256` among them) and `content-type` with a body.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body bytes as they will be sent.
    pub body: &'a [u8],
}

impl std::fmt::Debug for SigningRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values may include a security token: left out.
        f.debug_struct("SigningRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Signs a request and returns the `Authorization` header value. Header
/// names are lower-cased and sorted here, which gives SignedHeaders.
pub fn sign(req: &SigningRequest<'_>, access_key_id: &str, secret: &str) -> String {
    let mut headers: Vec<(String, &str)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.trim_ascii().to_ascii_lowercase(), *v))
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    // A name given twice would be sent once: keep the first.
    headers.dedup_by(|later, first| later.0 == first.0);
    let cr = canonical_request(
        req.method,
        req.path,
        &canonical_query(req.query),
        &headers,
        &hashed_payload(req.body),
    );
    let names = headers.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(";");
    authorization_header(access_key_id, &names, &signature(secret, &string_to_sign(&cr)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_lower_cases_and_sorts_header_names_and_trims_values() {
        let shuffled = [
            ("X-Acs-Version", "2015-05-01"),
            ("Host", " example.com "),
            ("x-acs-signature-nonce", "n1"),
            ("X-ACS-DATE", "2026-11-22T09:59:11Z"),
            ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
            ("x-acs-action", "GetPasswordPolicy"),
        ];
        let request = |headers| SigningRequest {
            method: "POST",
            path: "/",
            query: &[],
            headers,
            body: b"",
        };
        let tidy = [
            ("host", "example.com"),
            ("x-acs-action", "GetPasswordPolicy"),
            ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
            ("x-acs-date", "2026-11-22T09:59:11Z"),
            ("x-acs-signature-nonce", "n1"),
            ("x-acs-version", "2015-05-01"),
        ];
        let auth = sign(&request(&shuffled), "AK", "s3cret");
        assert_eq!(auth, sign(&request(&tidy), "AK", "s3cret"));
        let parsed = Authorization::parse(&auth).unwrap();
        assert_eq!(
            parsed.signed_headers,
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
    }

    #[test]
    fn hashed_payload_of_nothing_is_the_empty_constant_which_is_the_digest_of_nothing() {
        assert_eq!(hashed_payload(b""), EMPTY_PAYLOAD_SHA256);
        assert_eq!(Hex64::new(&Sha256::digest(b"").into()).as_str(), EMPTY_PAYLOAD_SHA256);
        assert_ne!(hashed_payload(b"x"), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn canonical_uri_encodes_each_segment() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a b/c*"), "/a%20b/c%2A");
    }
}
