//! Percent-encoding as both schemes use it, and form decoding of what
//! arrives (vectors/README.md, "Percent-encoding used by both schemes").
//!
//! The raw text of a query or form body is never signed as is: the SDKs put
//! different bytes on the wire for the same value (a space as `+` or `%20`,
//! `*` as `%2A` or bare), so a server decodes each pair and re-encodes it
//! with [`encode`].

use std::borrow::Cow;

use crate::canonical::{Sink, SortedParams};

/// A form-decoding failure: a bad `%XX` escape, or bytes that are not UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not valid application/x-www-form-urlencoded UTF-8")]
pub struct DecodeError;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986 unreserved: the bytes `enc` keeps.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// `enc(s)`: the UTF-8 bytes of `s`, with `A-Z a-z 0-9 - _ . ~` kept and every
/// other byte written `%XX` with upper-case hex. A space is `%20` (never `+`),
/// `*` is `%2A`, `~` stays, `/` is `%2F`, `张` is `%E5%BC%A0`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    encode_into(s, &mut out);
    out
}

/// [`encode`], appending to `out`.
pub fn encode_into(s: &str, out: &mut String) {
    encode_to(s, out);
}

/// [`encode`] into any sink, a run of kept bytes at a time.
pub(crate) fn encode_to(s: &str, out: &mut impl Sink) {
    let bytes = s.as_bytes();
    let mut kept = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        // A non-empty `kept..i` is a run of unreserved ASCII, so both of its
        // ends are character boundaries (an empty one may not be).
        if kept < i {
            out.put(&s[kept..i]);
        }
        let escape = [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]];
        out.put(std::str::from_utf8(&escape).unwrap_or_default());
        kept = i + 1;
    }
    if kept < bytes.len() {
        out.put(&s[kept..]);
    }
}

/// Decodes `application/x-www-form-urlencoded` text (a query string or a
/// form body) into pairs: split on `&`, name and value on the first `=`,
/// `+` is a space, `%XX` a byte, the bytes UTF-8. A name without `=` has the
/// empty value; empty pieces (`&&`) are skipped. Order is kept.
pub fn decode_form(raw: &str) -> Result<Vec<(String, String)>, DecodeError> {
    pairs(raw)
        .map(|pair| pair.map(|(k, v)| (k.into_owned(), v.into_owned())))
        .collect()
}

/// [`decode_form`] lazily, borrowing every component that needs no decoding.
pub fn pairs(raw: &str) -> impl Iterator<Item = Result<(Cow<'_, str>, Cow<'_, str>), DecodeError>> {
    raw.split('&').filter(|piece| !piece.is_empty()).map(|piece| {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        Ok((decode_component(name)?, decode_component(value)?))
    })
}

/// Decodes one form component: `+` is a space, `%XX` a byte, the result UTF-8.
pub fn decode_component(s: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = Vec::with_capacity(s.len());
    decode_bytes(s, &mut out)?;
    String::from_utf8(out).map(Cow::Owned).map_err(|_| DecodeError)
}

/// Decodes `s` into `out` (cleared first), without the UTF-8 check.
fn decode_bytes(s: &str, out: &mut Vec<u8>) -> Result<(), DecodeError> {
    out.clear();
    let bytes = s.as_bytes();
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
    Ok(())
}

/// `enc(decode(s))` appended to `out`, through a reusable scratch buffer.
pub(crate) fn decode_then_encode(s: &str, scratch: &mut Vec<u8>, out: &mut String) -> Result<(), DecodeError> {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        encode_into(s, out);
        return Ok(());
    }
    decode_bytes(s, scratch)?;
    encode_into(std::str::from_utf8(scratch).map_err(|_| DecodeError)?, out);
    Ok(())
}

pub(crate) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Encodes each pair with [`encode`], sorts by encoded name (then value) in
/// byte order, and joins them as `name=value&…`; empty values are kept
/// (`name=`). The canonical form both schemes sign.
pub fn canonical_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    SortedParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))).to_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn encode_keeps_the_unreserved_set() {
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~", "letters, digits and - _ . ~ stay");
    }

    #[test]
    fn encode_writes_a_space_as_percent_20_never_plus() {
        assert_eq!(encode("a b"), "a%20b");
        assert_eq!(encode("+"), "%2B");
    }

    #[test]
    fn encode_escapes_star_and_keeps_tilde() {
        assert_eq!(encode("*~"), "%2A~");
    }

    #[test]
    fn encode_escapes_the_sub_delims_python_leaves_alone() {
        assert_eq!(encode("!'()"), "%21%27%28%29");
        assert_eq!(encode("=&%;:,@"), "%3D%26%25%3B%3A%2C%40");
    }

    #[test]
    fn encode_escapes_slash() {
        assert_eq!(encode("10.0.0.0/8"), "10.0.0.0%2F8");
    }

    #[test]
    fn encode_writes_utf8_bytes_in_upper_case_hex() {
        assert_eq!(encode("张"), "%E5%BC%A0");
        assert_eq!(encode("🙂"), "%F0%9F%99%82");
        assert_eq!(encode("a张b"), "a%E5%BC%A0b");
    }

    #[test]
    fn encode_of_empty_is_empty() {
        assert_eq!(encode(""), "");
    }

    #[test]
    fn decode_reads_plus_as_a_space_and_percent_20_too() {
        assert_eq!(decode_form("A=a+b%20c").unwrap(), owned(&[("A", "a b c")]));
    }

    #[test]
    fn decode_reads_an_encoded_plus_as_plus() {
        assert_eq!(decode_form("A=%2B").unwrap(), owned(&[("A", "+")]));
    }

    #[test]
    fn decode_accepts_both_hex_cases_and_bare_sub_delims() {
        assert_eq!(
            decode_form("S=*%2a%2A&P=!'()").unwrap(),
            owned(&[("S", "***"), ("P", "!'()")])
        );
    }

    #[test]
    fn decode_keeps_empty_values_and_bare_names_and_skips_empty_pieces() {
        assert_eq!(
            decode_form("Empty=&Bare&&Last=1&").unwrap(),
            owned(&[("Empty", ""), ("Bare", ""), ("Last", "1")])
        );
        assert_eq!(decode_form("").unwrap(), owned(&[]));
    }

    #[test]
    fn decode_splits_on_the_first_equals_only() {
        assert_eq!(decode_form("A=b=c").unwrap(), owned(&[("A", "b=c")]));
    }

    #[test]
    fn decode_reads_utf8_chinese_and_emoji() {
        assert_eq!(
            decode_form("N=%E5%BC%A0%E4%B8%89+%F0%9F%99%82").unwrap(),
            owned(&[("N", "张三 🙂")])
        );
    }

    #[test]
    fn decode_refuses_bad_escapes() {
        assert_eq!(decode_form("A=%zz"), Err(DecodeError));
        assert_eq!(decode_form("A=%4"), Err(DecodeError));
        assert_eq!(decode_form("A=%"), Err(DecodeError));
        assert_eq!(decode_form("%G0=1"), Err(DecodeError));
    }

    #[test]
    fn decode_refuses_bytes_that_are_not_utf8() {
        assert_eq!(decode_form("A=%FF"), Err(DecodeError));
        assert_eq!(decode_form("A=%E5%BC"), Err(DecodeError), "a truncated character");
    }

    #[test]
    fn decode_borrows_what_needs_no_decoding() {
        assert!(matches!(decode_component("plain"), Ok(Cow::Borrowed("plain"))));
        assert!(matches!(decode_component("a+b"), Ok(Cow::Owned(_))));
    }

    #[test]
    fn decode_then_encode_normalises_every_wire_spelling() {
        let mut scratch = Vec::new();
        for wire in ["a+b*", "a%20b%2A", "a%20b%2a", "a+b%2A"] {
            let mut out = String::new();
            decode_then_encode(wire, &mut scratch, &mut out).unwrap();
            assert_eq!(out, "a%20b%2A", "{wire}");
        }
    }

    #[test]
    fn canonical_pairs_sort_by_encoded_name_in_byte_order() {
        assert_eq!(
            canonical_pairs(&[("b", "2"), ("a b", "x"), ("B", "1"), ("Email", "")]),
            "B=1&Email=&a%20b=x&b=2"
        );
    }
}
