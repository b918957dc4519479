//! The classic RPC signature: `SignatureMethod=HMAC-SHA1`,
//! `SignatureVersion=1.0` (vectors/README.md, "Scheme HMAC-SHA1 RPC";
//! ram-contract.md §1.2 and §1.4).
//!
//! ```text
//! 1. params        = query + form body (decoded), minus Signature
//! 2. canonical     = sorted enc(name)=enc(value) joined by &
//! 3. StringToSign  = METHOD & enc("/") & enc(canonical)
//! 4. Signature     = base64(HMAC-SHA1(key = secret + "&", StringToSign))
//! ```
//!
//! Stages: [`collect_params`], [`canonical_query`], [`string_to_sign`],
//! [`signature`]. The SDK calls [`sign`]; a server calls
//! [`collect_params`] (it needs `AccessKeyId`, `Action` and `Version` from
//! them anyway), then [`verify_params`] with that key's secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::canonical::{Feed, Sink, SortedParams};
use crate::{RawRequest, VerifyError, percent, signatures_match};

/// The only `SignatureMethod` of this scheme.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";

/// The only `SignatureVersion` of this scheme.
pub const SIGNATURE_VERSION: &str = "1.0";

/// The parameter that carries the signature and is not itself signed.
const SIGNATURE: &str = "Signature";

/// The media type whose body holds parameters (step 1).
const FORM: &str = "application/x-www-form-urlencoded";

/// Steps 1 and 2 on decoded parameters: every parameter but `Signature`,
/// each side `enc`'d, sorted by encoded name in byte order, joined
/// `name=value&…`; empty values are kept (`SignatureType=`).
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    sorted(params).to_text()
}

fn sorted<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> SortedParams {
    SortedParams::from_pairs(
        params
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .filter(|(k, _)| *k != SIGNATURE),
    )
}

/// Step 3: `METHOD & enc("/") & enc(canonical query)`. The method is part of
/// the string (the same parameters signed for GET do not verify as POST);
/// the path is always `/` in this scheme.
pub fn string_to_sign(method: &str, canonical_query: &str) -> String {
    let mut out = String::with_capacity(method.len() + 5 + canonical_query.len() * 5 / 4);
    write_string_to_sign(&mut out, method, |out| percent::encode_to(canonical_query, out));
    out
}

/// Step 3 into any sink; `encoded_query` writes `enc(canonical query)`,
/// which the verifier streams from the sorted parameters without building
/// the canonical query.
fn write_string_to_sign<S: Sink>(out: &mut S, method: &str, encoded_query: impl FnOnce(&mut S)) {
    out.put(method);
    out.put("&%2F&"); // & enc("/") &
    encoded_query(out);
}

/// Step 4: base64(HMAC-SHA1(key = UTF-8(secret + "&"), StringToSign)),
/// standard alphabet with padding (28 characters).
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = hmac(secret);
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The step 4 HMAC, keyed with the secret followed by `&`.
fn hmac(secret: &str) -> Hmac<Sha1> {
    const MSG: &str = "HMAC takes keys of any length";
    // Secrets are short: build the key on the stack, not in a String.
    let mut key = [0u8; 128];
    let len = secret.len();
    if len < key.len() {
        key[..len].copy_from_slice(secret.as_bytes());
        key[len] = b'&';
        Hmac::new_from_slice(&key[..=len]).expect(MSG)
    } else {
        Hmac::new_from_slice(format!("{secret}&").as_bytes()).expect(MSG)
    }
}

/// Signs decoded `params` (protocol and business; a `Signature` among them
/// is left out) for `method`, and returns the value of the `Signature`
/// parameter, to be percent-encoded on the wire like any value.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)], secret: &str) -> String {
    let mut mac = hmac(secret);
    write_string_to_sign(&mut Feed(&mut mac), method, |out| sorted(params).write_encoded(out));
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Step 1: the parameters of a request, decoded, from the query string and,
/// when the `Content-Type` is `application/x-www-form-urlencoded`, from the
/// body, in that order. `Signature` is among them; so are the protocol
/// parameters a server needs (`AccessKeyId`, `Action`, `Version`, …).
pub fn collect_params(req: &RawRequest<'_>) -> Result<Vec<(String, String)>, VerifyError> {
    let mut params = percent::decode_form(req.raw_query).map_err(|_| VerifyError::MalformedParameters)?;
    let is_form = req.headers.header("content-type").is_some_and(|value| {
        let media_type = value.split_once(';').map_or(value, |(t, _)| t);
        media_type.trim_ascii().eq_ignore_ascii_case(FORM)
    });
    if is_form && !req.body.is_empty() {
        let body = std::str::from_utf8(req.body).map_err(|_| VerifyError::MalformedParameters)?;
        params.extend(percent::decode_form(body).map_err(|_| VerifyError::MalformedParameters)?);
    }
    Ok(params)
}

/// Verifies decoded `params` (as [`collect_params`] gives them) received
/// with `method`, against the server's `secret`.
///
/// `Signature` must be present and non-empty; `SignatureMethod` must be
/// exactly `HMAC-SHA1` and `SignatureVersion` exactly `1.0`, else
/// [`VerifyError::Missing`] or [`VerifyError::UnsupportedAlgorithm`]. The
/// signature is then recomputed and compared in constant time. On the
/// success path nothing is allocated but the sorted parameters.
pub fn verify_params<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    params: &[(K, V)],
    secret: &str,
) -> Result<(), VerifyError> {
    let get = |name: &str| params.iter().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref());
    let given = get(SIGNATURE)
        .filter(|s| !s.is_empty())
        .ok_or(VerifyError::MissingSignature)?;
    for (name, only) in [
        ("SignatureMethod", SIGNATURE_METHOD),
        ("SignatureVersion", SIGNATURE_VERSION),
    ] {
        match get(name) {
            None => return Err(VerifyError::Missing(name.to_owned())),
            Some(value) if value == only => {}
            Some(other) => return Err(VerifyError::UnsupportedAlgorithm(format!("{name} {other}"))),
        }
    }
    let params = sorted(params);
    let mut mac = hmac(secret);
    write_string_to_sign(&mut Feed(&mut mac), method, |out| params.write_encoded(out));
    // 20 bytes of HMAC-SHA1 are 28 base64 characters.
    let mut computed = [0u8; 28];
    let len = STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut computed)
        .unwrap_or(0);
    if signatures_match(&computed[..len], given.as_bytes()) {
        Ok(())
    } else {
        let mut string_to_sign = String::new();
        write_string_to_sign(&mut string_to_sign, method, |out| params.write_encoded(out));
        Err(VerifyError::SignatureMismatch { string_to_sign })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "secret";

    fn signed(method: &str) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("A", "x y".to_owned()),
            ("SignatureMethod", "HMAC-SHA1".into()),
            ("SignatureVersion", "1.0".into()),
            ("SignatureType", String::new()),
        ];
        let signature = sign(method, &params, SECRET);
        params.push(("Signature", signature));
        params
    }

    #[test]
    fn string_to_sign_encodes_the_canonical_query_again() {
        let params = [("Timestamp", "2026-11-22T09:23:42Z"), ("A", "x y"), ("E", "")];
        assert_eq!(
            string_to_sign("GET", &canonical_query(&params)),
            "GET&%2F&A%3Dx%2520y%26E%3D%26Timestamp%3D2026-11-22T09%253A23%253A42Z"
        );
    }

    #[test]
    fn signature_is_left_out_of_the_canonical_query() {
        assert_eq!(canonical_query(&[("Signature", "abc"), ("A", "1")]), "A=1");
    }

    #[test]
    fn sign_equals_the_stages_chained() {
        let params = [("B", "2"), ("A", "1 *"), ("Signature", "ignored")];
        let staged = signature(SECRET, &string_to_sign("POST", &canonical_query(&params)));
        assert_eq!(sign("POST", &params, SECRET), staged);
        assert_eq!(staged.len(), 28);
    }

    #[test]
    fn the_key_is_the_secret_followed_by_ampersand_for_any_length() {
        let long = "k".repeat(300);
        let with_amp = |secret: &str| {
            let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
            mac.update(b"m");
            STANDARD.encode(mac.finalize().into_bytes())
        };
        for secret in ["", "s", &"k".repeat(127), &long] {
            assert_eq!(
                signature(secret, "m"),
                with_amp(secret),
                "secret of {} bytes",
                secret.len()
            );
        }
    }

    #[test]
    fn a_signed_parameter_set_verifies() {
        assert_eq!(verify_params("POST", &signed("POST"), SECRET), Ok(()));
    }

    #[test]
    fn another_method_value_or_secret_is_a_mismatch() {
        let params = signed("POST");
        let mismatch = |r: Result<(), VerifyError>| matches!(r, Err(VerifyError::SignatureMismatch { .. }));
        assert!(mismatch(verify_params("GET", &params, SECRET)));
        assert!(mismatch(verify_params("POST", &params, "secreT")));
        let mut changed = params.clone();
        changed[0].1 = "x  y".into();
        assert!(mismatch(verify_params("POST", &changed, SECRET)));
    }

    #[test]
    fn the_mismatch_carries_the_servers_string_to_sign() {
        let params = signed("POST");
        let Err(VerifyError::SignatureMismatch { string_to_sign: sts }) = verify_params("GET", &params, SECRET) else {
            panic!("expected a mismatch");
        };
        assert_eq!(sts, string_to_sign("GET", &canonical_query(&params)));
        assert!(!sts.contains(&params[4].1), "never the signature");
    }

    #[test]
    fn signature_method_and_version_must_be_exact() {
        for (name, value) in [
            ("SignatureMethod", "HMAC-SHA256"),
            ("SignatureMethod", "hmac-sha1"),
            ("SignatureVersion", "2.0"),
        ] {
            let mut params = signed("POST");
            params.iter_mut().find(|(k, _)| *k == name).unwrap().1 = value.into();
            assert!(
                matches!(
                    verify_params("POST", &params, SECRET),
                    Err(VerifyError::UnsupportedAlgorithm(_))
                ),
                "{name}={value}"
            );
        }
        let mut params = signed("POST");
        params.retain(|(k, _)| *k != "SignatureVersion");
        assert_eq!(
            verify_params("POST", &params, SECRET),
            Err(VerifyError::Missing("SignatureVersion".into()))
        );
    }

    #[test]
    fn a_missing_or_empty_signature_is_missing() {
        let mut params = signed("POST");
        params[4].1.clear();
        assert_eq!(
            verify_params("POST", &params, SECRET),
            Err(VerifyError::MissingSignature)
        );
        params.pop();
        assert_eq!(
            verify_params("POST", &params, SECRET),
            Err(VerifyError::MissingSignature)
        );
    }

    #[test]
    fn collect_params_merges_query_and_form_body() {
        let form = [("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")];
        let raw = RawRequest {
            method: "POST",
            path: "/",
            raw_query: "A=1&B=x+y",
            headers: &form,
            body: b"C=%E5%BC%A0&D=",
        };
        let params = collect_params(&raw).unwrap();
        let expected = [("A", "1"), ("B", "x y"), ("C", "张"), ("D", "")];
        assert_eq!(params, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }

    #[test]
    fn collect_params_ignores_a_body_of_another_type() {
        let json = [("content-type", "application/json")];
        let lookalike = [("content-type", "application/x-www-form-urlencodedX")];
        for headers in [&json, &lookalike] {
            let raw = RawRequest {
                method: "POST",
                path: "/",
                raw_query: "A=1",
                headers,
                body: b"B=2",
            };
            assert_eq!(collect_params(&raw).unwrap().len(), 1);
        }
    }

    #[test]
    fn collect_params_refuses_undecodable_text() {
        let form = [("content-type", FORM)];
        let raw = RawRequest {
            method: "POST",
            path: "/",
            raw_query: "A=%G1",
            headers: &form,
            body: b"",
        };
        assert_eq!(collect_params(&raw), Err(VerifyError::MalformedParameters));
        let raw = RawRequest {
            raw_query: "",
            body: b"B=%FF",
            ..raw
        };
        assert_eq!(collect_params(&raw), Err(VerifyError::MalformedParameters));
    }
}
