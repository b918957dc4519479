//! Verification of signature V3 on the server (vectors/README.md, "What the
//! request carries" and "Signing"), in two steps: [`authorization`] gives
//! the AccessKey id, [`verify_parsed`] checks the request with its secret
//! ([`verify_with_key`] with a secret prepared once, [`VerifyKey`]).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::{ALGORITHM, Authorization, hmac, payload_hex, write_canonical_request};
use crate::canonical::{Feed, Hex64, Sink, SortedParams, already_canonical};
use crate::{RawRequest, VerifyError, signatures_match};

/// Headers every V3 request carries (ram-contract.md §1.3), besides `host`
/// and `Authorization`.
const REQUIRED: [&str; 5] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
];

/// Step one of verification: the request's `Authorization` header, parsed,
/// so the server can look up the secret of `access_key_id`.
pub fn authorization<'a>(req: &RawRequest<'a>) -> Result<Authorization<'a>, VerifyError> {
    let value = req
        .headers
        .header("authorization")
        .ok_or(VerifyError::MissingSignature)?;
    Authorization::parse(value)
}

/// Parses the `Authorization` header and verifies the request against the
/// server's `secret`: [`authorization`] then [`verify_parsed`].
pub fn verify(req: &RawRequest<'_>, secret: &str) -> Result<(), VerifyError> {
    verify_parsed(req, &authorization(req)?, secret)
}

/// Step two of verification, with the header parsed in step one.
///
/// In order: the required `x-acs-*` headers are present; `host` and every
/// `x-acs-*` header present are signed; every signed header is present; the
/// body hashes to `x-acs-content-sha256`; then the canonical request is
/// rebuilt from the `SignedHeaders` list (clients sign different sets) and
/// the signature compared in constant time. On the success path nothing is
/// allocated but the sorted query.
pub fn verify_parsed(req: &RawRequest<'_>, auth: &Authorization<'_>, secret: &str) -> Result<(), VerifyError> {
    verify_with_key(req, auth, &VerifyKey::new(secret))
}

/// A secret prepared for [`verify_with_key`]: its HMAC key schedule
/// computed once, for a server that verifies many requests of one key.
/// `Debug` shows nothing of it.
#[derive(Clone)]
pub struct VerifyKey {
    mac: Hmac<Sha256>,
}

impl VerifyKey {
    /// Prepares `secret`.
    pub fn new(secret: &str) -> Self {
        Self { mac: hmac(secret) }
    }
}

impl std::fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerifyKey(** redacted **)")
    }
}

/// [`verify_parsed`] with a [`VerifyKey`] prepared ahead.
pub fn verify_with_key(req: &RawRequest<'_>, auth: &Authorization<'_>, key: &VerifyKey) -> Result<(), VerifyError> {
    let headers = req.headers;
    if let Some(name) = REQUIRED.into_iter().find(|name| headers.header(name).is_none()) {
        return Err(VerifyError::Missing(name.to_owned()));
    }
    // The signed names, split once (validated: lower case, ascending, unique).
    let signed: Vec<&str> = auth.signed_header_names().collect();
    let signs = |name: &str| signed.iter().any(|n| n.eq_ignore_ascii_case(name));
    if !signs("host") {
        return Err(match headers.header("host") {
            Some(_) => VerifyError::UnsignedHeader("host".to_owned()),
            None => VerifyError::Missing("host".to_owned()),
        });
    }
    let mut unsigned = None;
    headers.for_each_name(&mut |name| {
        let acs = name
            .as_bytes()
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"x-acs-"));
        if unsigned.is_none() && acs && !signs(name) {
            unsigned = Some(name.to_ascii_lowercase());
        }
    });
    if let Some(name) = unsigned {
        return Err(VerifyError::UnsignedHeader(name));
    }
    let mut values = Vec::with_capacity(signed.len());
    for &name in &signed {
        match headers.header(name) {
            Some(value) => values.push((name, value)),
            None => return Err(VerifyError::Missing(name.to_owned())),
        }
    }
    let payload = payload_hex(req.body);
    if headers.header("x-acs-content-sha256").map(str::as_bytes) != Some(payload.as_bytes()) {
        return Err(VerifyError::PayloadHashMismatch);
    }
    // CanonicalQueryString: the raw query as it is when it is canonical
    // already (the SDKs send what they signed), else decoded, re-encoded
    // and sorted.
    let rebuilt = if already_canonical(req.raw_query) {
        None
    } else {
        Some(SortedParams::from_form(req.raw_query).map_err(|_| VerifyError::MalformedParameters)?)
    };
    // CanonicalRequest, rebuilt from the SignedHeaders list, hashed as written.
    let mut hasher = Sha256::new();
    write_canonical_request(
        &mut Feed(&mut hasher),
        req.method,
        req.path,
        |o| match &rebuilt {
            Some(query) => query.write(o),
            None => o.put(req.raw_query),
        },
        values.iter().copied(),
        signed.iter().copied(),
        payload.as_str(),
    );
    let request_hash = Hex64::new(&hasher.finalize().into());
    // Signature over StringToSign, fed to the HMAC in its two parts.
    let mut mac = key.mac.clone();
    mac.update(ALGORITHM.as_bytes());
    mac.update(b"\n");
    mac.update(request_hash.as_bytes());
    let computed = Hex64::new(&mac.finalize().into_bytes().into());
    if signatures_match(computed.as_bytes(), auth.signature.as_bytes()) {
        Ok(())
    } else {
        Err(VerifyError::SignatureMismatch {
            string_to_sign: format!("{ALGORITHM}\n{}", request_hash.as_str()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v3::{EMPTY_PAYLOAD_SHA256, SigningRequest, canonical_request, sign, string_to_sign};

    const SECRET: &str = "s3cret";
    const HEADERS: [(&str, &str); 6] = [
        ("host", "example.com"),
        ("x-acs-action", "GetPasswordPolicy"),
        ("x-acs-version", "2015-05-01"),
        ("x-acs-date", "2026-11-22T09:59:11Z"),
        ("x-acs-signature-nonce", "n1"),
        ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
    ];

    /// The headers as sent: `HEADERS` plus the Authorization of a request
    /// with query `A=b c`, signed with `SECRET`.
    fn signed(headers: &[(&str, &str)]) -> Vec<(String, String)> {
        let request = SigningRequest {
            method: "POST",
            path: "/",
            query: &[("A", "b c")],
            headers,
            body: b"",
        };
        let mut sent: Vec<(String, String)> = headers.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        sent.push(("Authorization".into(), sign(&request, "AK", SECRET)));
        sent
    }

    fn raw<'a>(headers: &'a Vec<(String, String)>, query: &'a str, body: &'a [u8]) -> RawRequest<'a> {
        RawRequest {
            method: "POST",
            path: "/",
            raw_query: query,
            headers,
            body,
        }
    }

    #[test]
    fn a_prepared_key_verifies_as_the_secret_does_and_shows_nothing() {
        let secret = "prepared-secret";
        let key = VerifyKey::new(secret);
        assert_eq!(format!("{key:?}"), "VerifyKey(** redacted **)");
        let headers = [
            ("host", "ram.aliyuncs.com"),
            ("x-acs-action", "GetUser"),
            ("x-acs-version", "2015-05-01"),
            ("x-acs-date", "2026-12-02T10:00:00Z"),
            ("x-acs-signature-nonce", "n1"),
            ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
        ];
        let signing = SigningRequest {
            method: "POST",
            path: "/",
            query: &[("UserName", "alice")],
            headers: &headers,
            body: b"",
        };
        let header = sign(&signing, "LTAI5tPrepared", secret);
        let mut all = headers.to_vec();
        all.push(("authorization", header.as_str()));
        let raw = RawRequest {
            method: "POST",
            path: "/",
            raw_query: "UserName=alice",
            headers: &all,
            body: b"",
        };
        let auth = authorization(&raw).expect("parses");
        assert_eq!(verify_with_key(&raw, &auth, &key), Ok(()));
        assert_eq!(verify_parsed(&raw, &auth, secret), Ok(()));
        let other = VerifyKey::new("another-secret");
        assert!(matches!(
            verify_with_key(&raw, &auth, &other),
            Err(VerifyError::SignatureMismatch { .. })
        ));
    }

    #[test]
    fn a_signed_request_verifies_with_any_spelling_of_its_query() {
        let sent = signed(&HEADERS);
        assert_eq!(verify(&raw(&sent, "A=b+c", b""), SECRET), Ok(()));
        assert_eq!(verify(&raw(&sent, "A=b%20c", b""), SECRET), Ok(()));
    }

    #[test]
    fn a_changed_query_method_or_secret_is_a_mismatch() {
        let sent = signed(&HEADERS);
        let mismatch = |r: Result<(), VerifyError>| matches!(r, Err(VerifyError::SignatureMismatch { .. }));
        assert!(mismatch(verify(&raw(&sent, "A=b+d", b""), SECRET)));
        assert!(mismatch(verify(
            &RawRequest {
                method: "GET",
                ..raw(&sent, "A=b+c", b"")
            },
            SECRET
        )));
        assert!(mismatch(verify(&raw(&sent, "A=b+c", b""), "other")));
    }

    #[test]
    fn the_mismatch_carries_the_servers_string_to_sign() {
        let sent = signed(&HEADERS);
        let Err(VerifyError::SignatureMismatch { string_to_sign }) = verify(&raw(&sent, "A=x", b""), SECRET) else {
            panic!("expected a mismatch");
        };
        let mut sorted = HEADERS;
        sorted.sort();
        let cr = canonical_request("POST", "/", "A=x", &sorted, EMPTY_PAYLOAD_SHA256);
        assert_eq!(string_to_sign, self::string_to_sign(&cr));
    }

    #[test]
    fn a_changed_body_is_a_payload_hash_mismatch() {
        let sent = signed(&HEADERS);
        assert_eq!(
            verify(&raw(&sent, "A=b+c", b"x"), SECRET),
            Err(VerifyError::PayloadHashMismatch)
        );
    }

    #[test]
    fn an_unsigned_acs_header_is_refused_by_name() {
        let mut sent = signed(&HEADERS);
        sent.push(("X-Acs-Security-Token".into(), "CAIS".into()));
        assert_eq!(
            verify(&raw(&sent, "A=b+c", b""), SECRET),
            Err(VerifyError::UnsignedHeader("x-acs-security-token".into()))
        );
    }

    #[test]
    fn host_must_be_signed() {
        let sent = signed(&HEADERS[1..]);
        let mut with_host = sent.clone();
        with_host.push(("Host".into(), "example.com".into()));
        assert_eq!(
            verify(&raw(&with_host, "A=b+c", b""), SECRET),
            Err(VerifyError::UnsignedHeader("host".into()))
        );
        assert_eq!(
            verify(&raw(&sent, "A=b+c", b""), SECRET),
            Err(VerifyError::Missing("host".into()))
        );
    }

    #[test]
    fn a_required_or_signed_header_that_is_absent_is_named() {
        let mut sent = signed(&HEADERS);
        sent.retain(|(k, _)| k != "x-acs-date");
        assert_eq!(
            verify(&raw(&sent, "A=b+c", b""), SECRET),
            Err(VerifyError::Missing("x-acs-date".into()))
        );
        let mut with_accept = HEADERS.to_vec();
        with_accept.push(("Accept", "application/json"));
        let mut sent = signed(&with_accept);
        sent.retain(|(k, _)| k != "Accept");
        assert_eq!(
            verify(&raw(&sent, "A=b+c", b""), SECRET),
            Err(VerifyError::Missing("accept".into()))
        );
    }

    #[test]
    fn no_authorization_is_a_missing_signature() {
        let sent: Vec<(String, String)> = HEADERS.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        assert_eq!(verify(&raw(&sent, "", b""), SECRET), Err(VerifyError::MissingSignature));
    }

    #[test]
    fn an_undecodable_query_is_malformed_parameters() {
        let sent = signed(&HEADERS);
        assert_eq!(
            verify(&raw(&sent, "A=%zz", b""), SECRET),
            Err(VerifyError::MalformedParameters)
        );
    }

    #[test]
    fn errors_never_show_the_secret_or_the_signature() {
        let sent = signed(&HEADERS);
        let auth = authorization(&raw(&sent, "", b"")).unwrap();
        let err = verify(&raw(&sent, "A=x", b""), SECRET).unwrap_err();
        let shown = format!("{err} {err:?} {auth:?}");
        assert!(!shown.contains(SECRET) && !shown.contains(auth.signature));
    }
}
