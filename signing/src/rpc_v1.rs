//! The classic HMAC-SHA1 RPC signature, `SignatureVersion=1.0`
//! (vectors/README.md, "Scheme HMAC-SHA1 RPC").

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::{RawRequest, VerifyError, check_signature, percent};

/// The only `SignatureMethod` of this scheme.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";

/// The only `SignatureVersion` of this scheme.
pub const SIGNATURE_VERSION: &str = "1.0";

/// Step 2: every parameter but `Signature`, each side `enc`'d, sorted by
/// name in byte order, joined `name=value&…`; empty values are kept.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let kept: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, _)| *k != "Signature")
        .collect();
    percent::canonical_pairs(&kept)
}

/// Step 3: `METHOD & enc("/") & enc(canonicalized query)`. The path is always
/// `/` in this scheme; the method is part of the string.
pub fn string_to_sign(method: &str, canonical_query: &str) -> String {
    let mut out = String::with_capacity(method.len() + 4 + canonical_query.len() * 5 / 4);
    out.push_str(method);
    out.push_str("&%2F&");
    percent::encode_into(canonical_query, &mut out);
    out
}

/// Step 4: base64(HMAC-SHA1(key = secret + "&", StringToSign)).
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Signs `params` (protocol and business, without `Signature`) for `method`:
/// returns the value of the `Signature` parameter.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)], secret: &str) -> String {
    signature(secret, &string_to_sign(method, &canonical_query(params)))
}

/// Step 1: the parameters of a request, decoded, from the query string and,
/// when the body is `application/x-www-form-urlencoded`, from the body.
pub fn collect_params(req: &RawRequest<'_>) -> Result<Vec<(String, String)>, VerifyError> {
    let mut params = percent::decode_form(req.raw_query).map_err(|_| VerifyError::MalformedParameters)?;
    let is_form = req.headers.header("content-type").is_some_and(|ct| {
        ct.trim_start()
            .get(..33)
            .is_some_and(|p| p.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
    });
    if is_form && !req.body.is_empty() {
        let body = std::str::from_utf8(req.body).map_err(|_| VerifyError::MalformedParameters)?;
        params.extend(percent::decode_form(body).map_err(|_| VerifyError::MalformedParameters)?);
    }
    Ok(params)
}

/// Verifies decoded `params` (as [`collect_params`] gives them) against the
/// server's `secret`.
pub fn verify_params<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    params: &[(K, V)],
    secret: &str,
) -> Result<(), VerifyError> {
    let get = |name: &str| params.iter().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref());
    let given = get("Signature")
        .filter(|s| !s.is_empty())
        .ok_or(VerifyError::MissingSignature)?;
    match get("SignatureMethod") {
        None => return Err(VerifyError::Missing("SignatureMethod".into())),
        Some(SIGNATURE_METHOD) => {}
        Some(other) => return Err(VerifyError::UnsupportedAlgorithm(other.to_owned())),
    }
    match get("SignatureVersion") {
        None => return Err(VerifyError::Missing("SignatureVersion".into())),
        Some(SIGNATURE_VERSION) => {}
        Some(other) => return Err(VerifyError::UnsupportedAlgorithm(format!("SignatureVersion {other}"))),
    }
    let sts = string_to_sign(method, &canonical_query(params));
    check_signature(&signature(secret, &sts), given, sts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_double_encodes_the_canonical_query() {
        let params = [("Timestamp", "2026-11-22T09:23:42Z"), ("A", "x y")];
        assert_eq!(
            string_to_sign("GET", &canonical_query(&params)),
            "GET&%2F&A%3Dx%2520y%26Timestamp%3D2026-11-22T09%253A23%253A42Z"
        );
    }

    #[test]
    fn signature_is_left_out_of_the_canonical_query() {
        assert_eq!(canonical_query(&[("Signature", "abc"), ("A", "1")]), "A=1");
    }

    #[test]
    fn a_signed_parameter_set_verifies_and_a_changed_one_does_not() {
        let mut params = vec![
            ("A", "1".to_owned()),
            ("SignatureMethod", "HMAC-SHA1".into()),
            ("SignatureVersion", "1.0".into()),
        ];
        let sig = sign("POST", &params, "secret");
        params.push(("Signature", sig));
        assert_eq!(verify_params("POST", &params, "secret"), Ok(()));
        assert!(matches!(
            verify_params("GET", &params, "secret"),
            Err(VerifyError::SignatureMismatch { .. })
        ));
        params[0].1 = "2".into();
        assert!(matches!(
            verify_params("POST", &params, "secret"),
            Err(VerifyError::SignatureMismatch { .. })
        ));
    }
}
