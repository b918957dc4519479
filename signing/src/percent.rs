//! Percent-encoding as both schemes use it (vectors/README.md, "Percent-encoding
//! used by both schemes"), and form decoding of what arrives.

/// A form-decoding failure: a bad `%XX` escape or bytes that are not UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not valid application/x-www-form-urlencoded UTF-8")]
pub struct DecodeError;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `enc(s)`: the UTF-8 bytes of `s`, with `A-Z a-z 0-9 - _ . ~` kept and every
/// other byte written `%XX` with upper-case hex (a space is `%20`, `*` is `%2A`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    encode_into(s, &mut out);
    out
}

/// [`encode`] appending to `out`.
pub fn encode_into(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

/// Decodes `application/x-www-form-urlencoded` text: pairs split on `&`,
/// name and value on the first `=`, `+` is a space, `%XX` a byte, the bytes
/// UTF-8. A name without `=` has the empty value; empty pieces are skipped.
pub fn decode_form(raw: &str) -> Result<Vec<(String, String)>, DecodeError> {
    raw.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            Ok((decode_component(name)?, decode_component(value)?))
        })
        .collect()
}

/// Decodes one form component.
pub fn decode_component(s: &str) -> Result<String, DecodeError> {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|&b| hex_value(b)).ok_or(DecodeError)?;
                let lo = bytes.get(i + 2).and_then(|&b| hex_value(b)).ok_or(DecodeError)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| DecodeError)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Encodes each pair with [`encode`], sorts by encoded name (then value) in
/// byte order, and joins them as `name=value&…`: the canonical form both
/// schemes sign.
pub fn canonical_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (encode(k.as_ref()), encode(v.as_ref())))
        .collect();
    encoded.sort_unstable();
    let mut out = String::with_capacity(encoded.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (k, v)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_keeps_unreserved_and_escapes_everything_else_upper_case() {
        assert_eq!(encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(
            encode(" *!'()/+=&%;:,@"),
            "%20%2A%21%27%28%29%2F%2B%3D%26%25%3B%3A%2C%40"
        );
        assert_eq!(encode("张"), "%E5%BC%A0");
        assert_eq!(encode("🙂"), "%F0%9F%99%82");
    }

    #[test]
    fn decode_treats_plus_as_space_and_keeps_empty_values() {
        let pairs = decode_form("A=a+b%20c&Empty=&Bare&&Star=*%2a").unwrap();
        let expected = [("A", "a b c"), ("Empty", ""), ("Bare", ""), ("Star", "**")];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }

    #[test]
    fn decode_refuses_bad_escapes_and_invalid_utf8() {
        assert_eq!(decode_form("A=%zz"), Err(DecodeError));
        assert_eq!(decode_form("A=%4"), Err(DecodeError));
        assert_eq!(decode_form("A=%FF"), Err(DecodeError));
    }

    #[test]
    fn canonical_pairs_sort_by_encoded_name() {
        assert_eq!(
            canonical_pairs(&[("b", "2"), ("a b", "x"), ("B", "1")]),
            "B=1&a%20b=x&b=2"
        );
    }
}
