//! The machinery both schemes share: a sink that canonical text is written
//! to (a `String` when a caller wants to see it, a hash or HMAC when a
//! verifier only needs its digest), and the sorted parameter list.
//!
//! Writing straight into the hash is what keeps verification cheap: on the
//! success path neither the canonical query, nor the canonical request, nor
//! the string to sign is ever materialised; they are built as text only to
//! report a mismatch.

use sha2::digest::Update;

use crate::percent::{self, DecodeError};

/// Where canonical text goes.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// A digest or MAC fed with canonical text instead of building it.
pub(crate) struct Feed<'a, D>(pub(crate) &'a mut D);

impl<D: Update> Sink for Feed<'_, D> {
    fn put(&mut self, s: &str) {
        self.0.update(s.as_bytes());
    }
}

/// Encoded parameters in one buffer, sorted by encoded name (then value) in
/// byte order: the "sort, then join `name=value` with `&`" step of both
/// schemes (vectors/README.md, CanonicalQueryString and RPC step 2).
pub(crate) struct SortedParams {
    buf: String,
    /// `(start, end of name, end of value)` in `buf`.
    spans: Vec<(usize, usize, usize)>,
}

impl SortedParams {
    fn with_capacity(pairs: usize, bytes: usize) -> Self {
        Self {
            buf: String::with_capacity(bytes),
            spans: Vec::with_capacity(pairs),
        }
    }

    /// Encodes and sorts decoded pairs.
    pub(crate) fn from_pairs<'p>(pairs: impl Iterator<Item = (&'p str, &'p str)> + Clone) -> Self {
        let (count, bytes) = pairs
            .clone()
            .fold((0, 0), |(n, b), (k, v)| (n + 1, b + (k.len() + v.len()) * 3 / 2));
        let mut out = Self::with_capacity(count, bytes);
        for (name, value) in pairs {
            out.push(name, value);
        }
        out.sort();
        out
    }

    /// Decodes a raw `application/x-www-form-urlencoded` string, encodes each
    /// side with `enc` and sorts: the server side of the same step. The
    /// decoded text is never kept; one scratch buffer serves every component.
    pub(crate) fn from_form(raw: &str) -> Result<Self, DecodeError> {
        let mut out = Self::with_capacity(raw.bytes().filter(|&b| b == b'&').count() + 1, raw.len() * 3 / 2);
        let mut scratch = Vec::new();
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            let start = out.buf.len();
            percent::decode_then_encode(name, &mut scratch, &mut out.buf)?;
            let mid = out.buf.len();
            percent::decode_then_encode(value, &mut scratch, &mut out.buf)?;
            out.spans.push((start, mid, out.buf.len()));
        }
        out.sort();
        Ok(out)
    }

    fn push(&mut self, name: &str, value: &str) {
        let start = self.buf.len();
        percent::encode_into(name, &mut self.buf);
        let mid = self.buf.len();
        percent::encode_into(value, &mut self.buf);
        self.spans.push((start, mid, self.buf.len()));
    }

    fn sort(&mut self) {
        let buf = &self.buf;
        self.spans
            .sort_unstable_by(|a, b| (&buf[a.0..a.1], &buf[a.1..a.2]).cmp(&(&buf[b.0..b.1], &buf[b.1..b.2])));
    }

    /// `name=value&name=value…`.
    pub(crate) fn write(&self, out: &mut impl Sink) {
        for (i, &(start, mid, end)) in self.spans.iter().enumerate() {
            if i > 0 {
                out.put("&");
            }
            out.put(&self.buf[start..mid]);
            out.put("=");
            out.put(&self.buf[mid..end]);
        }
    }

    /// `enc` of what [`write`](Self::write) writes, without building it
    /// first: `=` is `%3D`, `&` is `%26`, and each part is encoded again
    /// (RPC step 3).
    pub(crate) fn write_encoded(&self, out: &mut impl Sink) {
        for (i, &(start, mid, end)) in self.spans.iter().enumerate() {
            if i > 0 {
                out.put("%26");
            }
            percent::encode_to(&self.buf[start..mid], out);
            out.put("%3D");
            percent::encode_to(&self.buf[mid..end], out);
        }
    }

    /// The canonical text, for callers that want to see it.
    pub(crate) fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.buf.len() + self.spans.len() * 2);
        self.write(&mut out);
        out
    }
}

/// Whether a raw query is its own CanonicalQueryString: what
/// [`SortedParams::from_form`] would rebuild from it is the same text. True
/// for what the SDKs send (they send the canonical form they signed), so the
/// verifier can hash it as it is instead of decoding, encoding and sorting
/// it again. Conservative: every piece `name=value`, none empty; only
/// unreserved bytes and `%XX` escapes of ASCII bytes that need one, in
/// upper-case hex; pieces in ascending order.
pub(crate) fn already_canonical(raw: &str) -> bool {
    if raw.is_empty() {
        return true;
    }
    let component = |text: &str| {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if percent::is_unreserved(b[i]) {
                i += 1;
                continue;
            }
            // `%XY`, upper-case, of an ASCII byte (so valid UTF-8 alone).
            let byte = match b.get(i..i + 3) {
                Some(&[b'%', x, y]) if !x.is_ascii_lowercase() && !y.is_ascii_lowercase() => {
                    match (percent::hex_value(x), percent::hex_value(y)) {
                        (Some(high @ 0..=7), Some(low)) => (high << 4) | low,
                        _ => return false,
                    }
                }
                _ => return false,
            };
            if percent::is_unreserved(byte) {
                return false;
            }
            i += 3;
        }
        true
    };
    let mut previous: Option<(&str, &str)> = None;
    for piece in raw.split('&') {
        let Some((name, value)) = piece.split_once('=') else {
            return false;
        };
        if name.is_empty() || !component(name) || !component(value) {
            return false;
        }
        if previous.is_some_and(|p| p > (name, value)) {
            return false;
        }
        previous = Some((name, value));
    }
    true
}

/// Lower-case hex of a 32-byte digest, on the stack.
pub(crate) struct Hex64([u8; 64]);

impl Hex64 {
    pub(crate) fn new(bytes: &[u8; 32]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 0xF)];
        }
        Self(out)
    }

    /// From a digest already written as 64 lower-case hex digits (a
    /// constant; a shorter text is padded with `0`, a longer one cut).
    pub(crate) fn from_hex(digits: &str) -> Self {
        let mut out = [b'0'; 64];
        let n = digits.len().min(64);
        out[..n].copy_from_slice(&digits.as_bytes()[..n]);
        Self(out)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_taken_as_already_canonical_is_what_rebuilding_it_gives() {
        let queries = [
            "",
            "A=1",
            "A=1&B=2",
            "B=2&A=1",
            "A=&B=x",
            "A",
            "A=1&&B=2",
            "&A=1",
            "A=1&",
            "=1",
            "A=a%20b",
            "A=a%2Ab",
            "A=a%2ab",
            "A=a+b",
            "A=a%41b",
            "A=%E5%BC%A0",
            "A=a*b",
            "A=a%2",
            "A=a%",
            "A=%7E",
            "A=%7F",
            "A=1=2",
            "A=1%3D2",
            "a=1&B=2",
            "B=1&a=2",
            "A=2&A=1",
            "A=1&A=2",
            "A=1&A=1",
            "Password=Bench%23Pass-7-Zz&UserName=bench-login",
        ];
        for raw in queries {
            if already_canonical(raw) {
                let rebuilt = SortedParams::from_form(raw).expect("decodes").to_text();
                assert_eq!(rebuilt, raw, "{raw}");
            }
        }
        for raw in ["A=a%2Ab", "Password=Bench%23Pass-7-Zz&UserName=bench-login", "A=1&A=2"] {
            assert!(already_canonical(raw), "{raw}");
        }
        for raw in ["B=2&A=1", "A=a%2ab", "A=a+b", "A=%E5%BC%A0", "A", "A=1&&B=2"] {
            assert!(!already_canonical(raw), "{raw}");
        }
    }

    #[test]
    fn what_the_signer_writes_is_taken_as_it_is() {
        let values = [
            "",
            "x",
            "a b",
            "a*b~c",
            "Bench#Pass-{n}-Zz",
            "x&y=z",
            "100%",
            "/path?q",
            "Zz",
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i..] {
                let pairs = [("UserName", *a), ("NewDisplayName", *b), ("MaxItems", "100")];
                let written = percent::canonical_pairs(&pairs);
                assert!(already_canonical(&written), "{written}");
                assert_eq!(SortedParams::from_form(&written).expect("decodes").to_text(), written);
            }
        }
    }

    #[test]
    fn form_and_pairs_give_the_same_sorted_text() {
        let from_form = SortedParams::from_form("b=2&a+b=x&&B=1&a=%2a").unwrap();
        let pairs = [("b", "2"), ("a b", "x"), ("B", "1"), ("a", "*")];
        let from_pairs = SortedParams::from_pairs(pairs.iter().copied());
        assert_eq!(from_form.to_text(), "B=1&a=%2A&a%20b=x&b=2");
        assert_eq!(from_pairs.to_text(), from_form.to_text());
    }

    #[test]
    fn a_name_sorts_before_a_longer_name_it_prefixes() {
        // Sorting joined `name=value` text would put `a-b=` first ('-' < '=').
        let params = SortedParams::from_pairs([("a-b", "1"), ("a", "2")].into_iter());
        assert_eq!(params.to_text(), "a=2&a-b=1");
    }

    #[test]
    fn equal_names_sort_by_value() {
        let params = SortedParams::from_pairs([("a", "2"), ("a", "1")].into_iter());
        assert_eq!(params.to_text(), "a=1&a=2");
    }

    #[test]
    fn write_encoded_equals_encoding_the_text() {
        let params = SortedParams::from_pairs([("T", "09:59 Z"), ("A", "x&y=z")].into_iter());
        let mut streamed = String::new();
        params.write_encoded(&mut streamed);
        assert_eq!(streamed, percent::encode(&params.to_text()));
    }

    #[test]
    fn hex64_is_lower_case() {
        let mut bytes = [0u8; 32];
        bytes[0] = 0xAB;
        bytes[31] = 0x0F;
        let hex = Hex64::new(&bytes);
        assert!(hex.as_str().starts_with("ab00"));
        assert!(hex.as_str().ends_with("000f"));
    }
}
