//! AWS Signature Version 4 for the IAM query API (service `iam`, region
//! `us-east-1`), enough for a form POST to `/`: signed headers
//! `content-type;host;x-amz-date`, payload hashed as sent.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The content type of a query-API form POST.
pub const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";
const REGION: &str = "us-east-1";
const SERVICE: &str = "iam";
const SIGNED_HEADERS: &str = "content-type;host;x-amz-date";

/// One request to sign.
pub struct Request<'a> {
    pub path: &'a str,
    pub host: &'a str,
    /// `YYYYMMDDTHHMMSSZ`.
    pub amz_date: &'a str,
    pub content_type: &'a str,
    pub body: &'a [u8],
    pub key_id: &'a str,
    pub secret: &'a str,
}

fn hmac(key: &[u8], data: &str) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().into()
}

/// The `Authorization` header value.
pub fn sign(r: &Request<'_>) -> String {
    let date = r.amz_date.get(..8).unwrap_or(r.amz_date);
    let scope = format!("{date}/{REGION}/{SERVICE}/aws4_request");
    let canonical = format!(
        "POST\n{}\n\ncontent-type:{}\nhost:{}\nx-amz-date:{}\n\n{SIGNED_HEADERS}\n{}",
        r.path,
        r.content_type,
        r.host,
        r.amz_date,
        hex::encode(Sha256::digest(r.body))
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{}\n{scope}\n{}",
        r.amz_date,
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{}", r.secret).as_bytes(), date);
    let k_region = hmac(&k_date, REGION);
    let k_service = hmac(&k_region, SERVICE);
    let k_signing = hmac(&k_service, "aws4_request");
    let signature = hex::encode(hmac(&k_signing, &string_to_sign));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={SIGNED_HEADERS}, Signature={signature}",
        r.key_id
    )
}

/// Checks the key derivation against AWS's documented example (secret
/// `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`, 2012-02-15, us-east-1, iam).
pub fn derivation_matches_aws_example() -> bool {
    let k_date = hmac(b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215");
    let k_region = hmac(&k_date, "us-east-1");
    let k_service = hmac(&k_region, "iam");
    let k_signing = hmac(&k_service, "aws4_request");
    hex::encode(k_signing) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
}
