//! The `Authorization` header of signature V3 (vectors/README.md, "What the
//! request carries"):
//!
//! `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>`
//!
//! One space after the algorithm, no spaces around the commas, the fields in
//! that order, `<names>` the lower-case header names joined by `;` in
//! ascending order, `<hex>` 64 lower-case hex digits. Parsing is strict and
//! borrows from the header value: no allocation, and the server parses once.

use super::ALGORITHM;
use crate::VerifyError;

/// A parsed `Authorization` header.
///
/// `Debug` leaves the signature out; [`header_value`](Self::header_value)
/// formats the header back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The AccessKey id that signed (an `STS.` id with STS credentials).
    pub access_key_id: &'a str,
    /// The signed header names as sent: lower-case, `;`-separated,
    /// ascending. See [`signed_header_names`](Self::signed_header_names).
    pub signed_headers: &'a str,
    /// The signature: 64 lower-case hex digits.
    pub signature: &'a str,
}

impl std::fmt::Debug for Authorization<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("access_key_id", &self.access_key_id)
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
    }
}

impl<'a> Authorization<'a> {
    /// Parses a header value of the documented form.
    ///
    /// Another algorithm (`ACS3-HMAC-SM3`, `ACS3-RSA-SHA256`, …) is
    /// [`VerifyError::UnsupportedAlgorithm`]; anything else that departs
    /// from the form is [`VerifyError::MalformedAuthorization`].
    pub fn parse(value: &'a str) -> Result<Self, VerifyError> {
        use VerifyError::MalformedAuthorization as Malformed;
        let (algorithm, fields) = value.split_once(' ').ok_or(Malformed("no algorithm"))?;
        if algorithm != ALGORITHM {
            // Echo the client's algorithm only when it looks like one, so an
            // error can never carry a signature or other free text.
            let plausible = !algorithm.is_empty()
                && algorithm.len() <= 32
                && algorithm.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            return Err(if plausible {
                VerifyError::UnsupportedAlgorithm(algorithm.to_owned())
            } else {
                Malformed("no algorithm")
            });
        }
        let fields = fields
            .strip_prefix("Credential=")
            .ok_or(Malformed("Credential must come first"))?;
        // Neither an AccessKey id nor a header name holds a comma, so the
        // fields end at the next one (a byte search, not a substring search).
        let (access_key_id, fields) = fields
            .split_once(',')
            .and_then(|(id, rest)| Some((id, rest.strip_prefix("SignedHeaders=")?)))
            .ok_or(Malformed("SignedHeaders must follow Credential"))?;
        let (signed_headers, signature) = fields
            .split_once(',')
            .and_then(|(names, rest)| Some((names, rest.strip_prefix("Signature=")?)))
            .ok_or(Malformed("Signature must follow SignedHeaders"))?;
        if access_key_id.is_empty() || !access_key_id.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
            return Err(Malformed("Credential must be a non-empty AccessKey id"));
        }
        check_signed_headers(signed_headers)?;
        if signature.len() != 64 || !signature.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(Malformed("Signature must be 64 lower-case hex digits"));
        }
        Ok(Self {
            access_key_id,
            signed_headers,
            signature,
        })
    }

    /// The signed header names, in the order signed.
    pub fn signed_header_names(&self) -> impl Iterator<Item = &'a str> + Clone + use<'a> {
        self.signed_headers.split(';')
    }

    /// Whether `name` (any case) is among the signed headers.
    pub fn signs(&self, name: &str) -> bool {
        self.signed_header_names().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The header value this was parsed from (or would be sent as).
    pub fn header_value(&self) -> String {
        authorization_header(self.access_key_id, self.signed_headers, self.signature)
    }
}

/// Names: non-empty HTTP tokens in lower case, strictly ascending (so each
/// appears once), joined by `;`.
fn check_signed_headers(list: &str) -> Result<(), VerifyError> {
    let mut previous: Option<&str> = None;
    for name in list.split(';') {
        // RFC 9110 `tchar`, upper-case letters excluded.
        let token = |b: u8| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~');
        if name.is_empty() || !name.bytes().all(token) {
            return Err(VerifyError::MalformedAuthorization(
                "SignedHeaders must be lower-case header names joined by ;",
            ));
        }
        if previous.is_some_and(|p| p >= name) {
            return Err(VerifyError::MalformedAuthorization(
                "SignedHeaders must be in ascending order, each name once",
            ));
        }
        previous = Some(name);
    }
    Ok(())
}

/// Formats the `Authorization` header value from its three fields.
pub fn authorization_header(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "6da2332242b5fc538d596373eef76a67cf333e1947d125730a99c17ae673a552";

    fn header(credential: &str, names: &str, signature: &str) -> String {
        format!("ACS3-HMAC-SHA256 Credential={credential},SignedHeaders={names},Signature={signature}")
    }

    fn malformed(value: &str) -> bool {
        matches!(Authorization::parse(value), Err(VerifyError::MalformedAuthorization(_)))
    }

    #[test]
    fn parses_the_documented_form() {
        let value = header("STS.NTest", "host;x-acs-date", SIG);
        let a = Authorization::parse(&value).unwrap();
        assert_eq!(
            (a.access_key_id, a.signed_headers, a.signature),
            ("STS.NTest", "host;x-acs-date", SIG)
        );
        assert_eq!(a.signed_header_names().collect::<Vec<_>>(), ["host", "x-acs-date"]);
        assert!(a.signs("Host") && !a.signs("accept"));
    }

    #[test]
    fn formats_back_to_the_same_value() {
        let value = header("LTAI5t", "accept;host", SIG);
        assert_eq!(Authorization::parse(&value).unwrap().header_value(), value);
    }

    #[test]
    fn another_algorithm_is_unsupported_not_malformed() {
        for algorithm in ["ACS3-HMAC-SM3", "ACS3-RSA-SHA256", "acs3-hmac-sha256"] {
            let value = format!("{algorithm} Credential=a,SignedHeaders=host,Signature={SIG}");
            assert_eq!(
                Authorization::parse(&value),
                Err(VerifyError::UnsupportedAlgorithm(algorithm.to_owned()))
            );
        }
    }

    #[test]
    fn free_text_in_place_of_the_algorithm_is_malformed_and_not_echoed() {
        let value = format!("Signature={SIG} Credential=a");
        let err = Authorization::parse(&value).unwrap_err();
        assert!(matches!(err, VerifyError::MalformedAuthorization(_)));
        assert!(!format!("{err} {err:?}").contains(SIG));
        assert!(malformed(""));
        assert!(malformed("ACS3-HMAC-SHA256"));
    }

    #[test]
    fn refuses_missing_reordered_or_spaced_fields() {
        assert!(malformed(&format!("ACS3-HMAC-SHA256 Credential=a,Signature={SIG}")));
        assert!(malformed(&format!(
            "ACS3-HMAC-SHA256 SignedHeaders=host,Credential=a,Signature={SIG}"
        )));
        assert!(malformed(&format!(
            "ACS3-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature={SIG}"
        )));
        assert!(malformed(&format!(
            "ACS3-HMAC-SHA256  Credential=a,SignedHeaders=host,Signature={SIG}"
        )));
        assert!(malformed(&header("", "host", SIG)));
        assert!(malformed(&header("a b", "host", SIG)));
    }

    #[test]
    fn refuses_names_not_lower_case_ascending_and_unique() {
        assert!(malformed(&header("a", "Host", SIG)));
        assert!(malformed(&header("a", "x-acs-date;host", SIG)));
        assert!(malformed(&header("a", "host;host", SIG)));
        assert!(malformed(&header("a", "host;;x-acs-date", SIG)));
        assert!(malformed(&header("a", "", SIG)));
    }

    #[test]
    fn refuses_a_signature_that_is_not_64_lower_case_hex_digits() {
        assert!(malformed(&header("a", "host", &SIG.to_uppercase())));
        assert!(malformed(&header("a", "host", &SIG[..63])));
        assert!(malformed(&header("a", "host", &format!("{SIG}0"))));
        assert!(malformed(&header("a", "host", "")));
    }

    #[test]
    fn debug_hides_the_signature() {
        let value = header("AK", "host", SIG);
        let shown = format!("{:?}", Authorization::parse(&value).unwrap());
        assert!(shown.contains("AK") && !shown.contains(SIG));
    }
}
