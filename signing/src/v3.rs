//! `ACS3-HMAC-SHA256`, Alibaba Cloud's signature V3 (vectors/README.md,
//! "Scheme ACS3-HMAC-SHA256"; help page "V3 request structure and signature").

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::{RawRequest, VerifyError, check_signature, percent};

/// The algorithm name that starts the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// `x-acs-content-sha256` of an empty body.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// HashedPayload: lower-case hex SHA-256 of the body bytes as sent.
pub fn hashed_payload(body: &[u8]) -> String {
    if body.is_empty() {
        return EMPTY_PAYLOAD_SHA256.to_owned();
    }
    hex::encode(Sha256::digest(body))
}

/// CanonicalQueryString: decoded pairs, each side `enc`'d, sorted by name in
/// byte order, joined `name=value&…`; empty values are kept.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    percent::canonical_pairs(pairs)
}

/// CanonicalURI: the path with each segment `enc`'d (`/` for RPC).
pub fn canonical_uri(path: &str) -> String {
    if path.is_empty() || path == "/" {
        return "/".to_owned();
    }
    path.split('/').map(percent::encode).collect::<Vec<_>>().join("/")
}

/// CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
/// CanonicalHeaders \n SignedHeaders \n HashedPayload, where
/// CanonicalHeaders is `name:trimmed value\n` per signed header, in the
/// order given (lower-case names, ascending).
pub fn canonical_request(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &[(&str, &str)],
    hashed_payload: &str,
) -> String {
    let mut out = String::with_capacity(
        256 + canonical_query.len() + headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>() * 2,
    );
    out.push_str(method);
    out.push('\n');
    out.push_str(&canonical_uri(path));
    out.push('\n');
    out.push_str(canonical_query);
    out.push('\n');
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    out.push('\n');
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    out.push_str(hashed_payload);
    out
}

/// StringToSign = `ACS3-HMAC-SHA256` \n lower-hex(SHA-256(CanonicalRequest)).
pub fn string_to_sign(canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    )
}

/// Signature = lower-hex(HMAC-SHA256(key = secret, StringToSign)); the key is
/// the secret alone, without `&`.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The parsed `Authorization` header:
/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b;…>,Signature=<hex>`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The AccessKey id that signed.
    pub access_key_id: &'a str,
    /// The signed header names, `;`-separated, lower-case, ascending.
    pub signed_headers: &'a str,
    /// The hex signature.
    pub signature: &'a str,
}

impl std::fmt::Debug for Authorization<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("access_key_id", &self.access_key_id)
            .field("signed_headers", &self.signed_headers)
            .field("signature", &"** redacted **")
            .finish()
    }
}

impl<'a> Authorization<'a> {
    /// Parses the header value; any other algorithm is
    /// [`VerifyError::UnsupportedAlgorithm`].
    pub fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let (algorithm, rest) = value
            .trim()
            .split_once(' ')
            .ok_or(VerifyError::MalformedAuthorization("no algorithm"))?;
        if algorithm != ALGORITHM {
            return Err(VerifyError::UnsupportedAlgorithm(algorithm.to_owned()));
        }
        let (mut id, mut names, mut sig) = (None, None, None);
        for part in rest.split(',') {
            let (k, v) = part
                .trim()
                .split_once('=')
                .ok_or(VerifyError::MalformedAuthorization("a field without ="))?;
            let slot = match k {
                "Credential" => &mut id,
                "SignedHeaders" => &mut names,
                "Signature" => &mut sig,
                _ => return Err(VerifyError::MalformedAuthorization("an unknown field")),
            };
            if slot.replace(v).is_some() {
                return Err(VerifyError::MalformedAuthorization("a repeated field"));
            }
        }
        let auth = Self {
            access_key_id: id
                .filter(|v| !v.is_empty())
                .ok_or(VerifyError::MalformedAuthorization("no Credential"))?,
            signed_headers: names
                .filter(|v| !v.is_empty())
                .ok_or(VerifyError::MalformedAuthorization("no SignedHeaders"))?,
            signature: sig
                .filter(|v| !v.is_empty())
                .ok_or(VerifyError::MalformedAuthorization("no Signature"))?,
        };
        Ok(auth)
    }

    /// The signed header names.
    pub fn signed_header_names(&self) -> impl Iterator<Item = &'a str> {
        self.signed_headers.split(';')
    }
}

/// Formats the `Authorization` header value.
pub fn authorization_header(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

/// What the SDK signs.
#[derive(Clone, Copy)]
pub struct SigningRequest<'a> {
    /// Upper-case method.
    pub method: &'a str,
    /// The path (`/`).
    pub path: &'a str,
    /// Decoded query pairs.
    pub query: &'a [(&'a str, &'a str)],
    /// The headers to sign, any case; they must include `host` and every `x-acs-*` header sent.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body bytes.
    pub body: &'a [u8],
}

impl std::fmt::Debug for SigningRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Signs a request: returns the `Authorization` header value.
pub fn sign(req: &SigningRequest<'_>, access_key_id: &str, secret: &str) -> String {
    let mut headers: Vec<(String, &str)> = req.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), *v)).collect();
    headers.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let cr = canonical_request(
        req.method,
        req.path,
        &canonical_query(req.query),
        &borrowed,
        &hashed_payload(req.body),
    );
    let names = borrowed.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(";");
    authorization_header(access_key_id, &names, &signature(secret, &string_to_sign(&cr)))
}

/// Headers the scheme requires in every request.
const REQUIRED: [&str; 5] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
];

/// Verifies a request signed with V3 against the server's `secret`: the
/// canonical headers are rebuilt from the `SignedHeaders` list (clients sign
/// different sets), `host` and the required `x-acs-*` headers must be among
/// them, and the body must hash to `x-acs-content-sha256`.
pub fn verify(req: &RawRequest<'_>, secret: &str) -> Result<(), VerifyError> {
    let auth = Authorization::parse(
        req.headers
            .header("authorization")
            .ok_or(VerifyError::MissingSignature)?,
    )?;
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(16);
    for name in auth.signed_header_names() {
        let value = req
            .headers
            .header(name)
            .ok_or_else(|| VerifyError::Missing(name.to_owned()))?;
        signed.push((name, value));
    }
    for required in REQUIRED {
        if req.headers.header(required).is_none() {
            return Err(VerifyError::Missing(required.to_owned()));
        }
    }
    // `host` and every `x-acs-*` header present must be signed.
    let mut unsigned = None;
    req.headers.for_each_name(&mut |name| {
        let must_sign =
            name.eq_ignore_ascii_case("host") || name.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("x-acs-"));
        if unsigned.is_none() && must_sign && !signed.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            unsigned = Some(name.to_ascii_lowercase());
        }
    });
    if let Some(name) = unsigned {
        return Err(VerifyError::UnsignedHeader(name));
    }
    let payload = hashed_payload(req.body);
    let claimed = req.headers.header("x-acs-content-sha256").unwrap_or_default();
    if !claimed.eq_ignore_ascii_case(&payload) {
        return Err(VerifyError::PayloadHashMismatch);
    }
    let query = percent::decode_form(req.raw_query).map_err(|_| VerifyError::MalformedParameters)?;
    let cr = canonical_request(req.method, req.path, &canonical_query(&query), &signed, claimed);
    let sts = string_to_sign(&cr);
    check_signature(&signature(secret, &sts), auth.signature, sts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_parses_the_documented_form() {
        let a = Authorization::parse("ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=ab12")
            .unwrap();
        assert_eq!(
            (a.access_key_id, a.signed_headers, a.signature),
            ("AK", "host;x-acs-date", "ab12")
        );
        assert_eq!(a.signed_header_names().collect::<Vec<_>>(), ["host", "x-acs-date"]);
    }

    #[test]
    fn authorization_refuses_other_algorithms_and_missing_fields() {
        assert!(matches!(
            Authorization::parse("ACS3-HMAC-SM3 Credential=a,SignedHeaders=h,Signature=s"),
            Err(VerifyError::UnsupportedAlgorithm(_))
        ));
        assert!(matches!(
            Authorization::parse("ACS3-HMAC-SHA256 Credential=a,Signature=s"),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert!(matches!(
            Authorization::parse("garbage"),
            Err(VerifyError::MalformedAuthorization(_))
        ));
    }

    #[test]
    fn authorization_debug_hides_the_signature() {
        let a = Authorization::parse("ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=deadbeef").unwrap();
        assert!(!format!("{a:?}").contains("deadbeef"));
    }

    #[test]
    fn a_signed_request_verifies_and_a_changed_one_does_not() {
        let headers = [
            ("host", "example.com"),
            ("x-acs-action", "GetPasswordPolicy"),
            ("x-acs-version", "2015-05-01"),
            ("x-acs-date", "2026-11-22T09:59:11Z"),
            ("x-acs-signature-nonce", "n1"),
            ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
        ];
        let auth = sign(
            &SigningRequest {
                method: "POST",
                path: "/",
                query: &[("A", "b c")],
                headers: &headers,
                body: b"",
            },
            "AK",
            "s3cret",
        );
        let mut sent: Vec<(&str, &str)> = headers.to_vec();
        sent.push(("Authorization", &auth));
        let req = RawRequest {
            method: "POST",
            path: "/",
            raw_query: "A=b+c",
            headers: &sent,
            body: b"",
        };
        assert_eq!(verify(&req, "s3cret"), Ok(()));
        assert!(matches!(
            verify(
                &RawRequest {
                    raw_query: "A=b+d",
                    ..req
                },
                "s3cret"
            ),
            Err(VerifyError::SignatureMismatch { .. })
        ));
        assert!(matches!(
            verify(&req, "other"),
            Err(VerifyError::SignatureMismatch { .. })
        ));
        assert_eq!(
            verify(&RawRequest { body: b"x", ..req }, "s3cret"),
            Err(VerifyError::PayloadHashMismatch)
        );
    }
}
