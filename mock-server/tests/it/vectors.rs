//! The signature vectors captured from Alibaba's official SDKs, replayed
//! through the mock's whole pipeline (normalize → authenticate → resolve → …):
//! every valid request passes authentication, every tampered one is refused
//! by the signature check.

use std::sync::Arc;

use poem::http::Method;
use poem::{Body, Endpoint, Request};
use ramkit_mock::state::{AccessKey, Principal, Store};
use serde_json::Value;
use time::PrimitiveDateTime;
use time::macros::format_description;

/// Codes that mean "authentication refused this request".
const AUTH_CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingSignature",
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "InvalidTimeStamp.Expired",
    "InvalidTimeStamp.Format",
    "SignatureNonceUsed",
    "InvalidSignatureMethod",
    "MissingSecurityToken",
    "InvalidSecurityToken.Expired",
    "InvalidSecurityToken.MismatchWithAccessKey",
];

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../signing/tests/data/signatures.json");
    let text = std::fs::read_to_string(path).expect("the vectors file is in the repository");
    serde_json::from_str::<Vec<Value>>(&text).expect("the vectors file is a JSON array")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// The entry's signing time, read from `x-acs-date` or `Timestamp`.
fn signed_at(entry: &Value) -> i64 {
    let req = &entry["request"];
    let from_header = req["headers"].as_object().and_then(|h| {
        h.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-acs-date"))
            .and_then(|(_, v)| v.as_str())
            .map(str::to_owned)
    });
    let text = from_header.unwrap_or_else(|| {
        let all = format!("{}&{}", str_of(req, "query"), str_of(req, "body"));
        let raw = all
            .split('&')
            .find_map(|kv| kv.strip_prefix("Timestamp="))
            .expect("an RPC vector carries Timestamp");
        raw.replace("%3A", ":").replace("%3a", ":")
    });
    PrimitiveDateTime::parse(
        &text,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
    .expect("vector timestamps are well formed")
    .assume_utc()
    .unix_timestamp()
}

/// Replays one entry against a fresh server that knows its key, with the
/// clock set to the entry's signing time; returns the status and the code.
async fn replay(entry: &Value) -> (u16, Option<String>) {
    let store = Arc::new(Store::default());
    let (account, _) = store.create_account(None);
    let token = entry["security_token"].as_str().map(|t| (t.to_owned(), i64::MAX));
    store.insert_key(
        str_of(entry, "access_key_id").to_owned(),
        AccessKey::new(
            account,
            Principal::Root,
            str_of(entry, "access_key_secret").to_owned(),
            token,
        ),
    );
    store.clock().freeze_at(signed_at(entry) * 1000);
    let app = ramkit_mock::app(store);

    let req = &entry["request"];
    let query = str_of(req, "query");
    let uri = if query.is_empty() {
        str_of(req, "path").to_owned()
    } else {
        format!("{}?{query}", str_of(req, "path"))
    };
    let mut builder = Request::builder()
        .method(Method::from_bytes(str_of(req, "method").as_bytes()).expect("a method"))
        .uri_str(&uri);
    for (name, value) in req["headers"].as_object().expect("headers") {
        if !["content-length", "transfer-encoding", "connection"].contains(&name.to_ascii_lowercase().as_str()) {
            builder = builder.header(name.as_str(), value.as_str().unwrap_or_default());
        }
    }
    let resp = app
        .call(builder.body(Body::from(str_of(req, "body").to_owned())))
        .await
        .expect("the app always answers");
    let status = resp.status().as_u16();
    let body: Value =
        serde_json::from_slice(&resp.into_body().into_vec().await.expect("a body")).unwrap_or(Value::Null);
    (status, body["Code"].as_str().map(str::to_owned))
}

/// Valid requests of actions the mock serves must succeed outright; the
/// others must get past authentication (to `InvalidAction.NotFound` until
/// their action exists).
#[tokio::test]
async fn every_valid_vector_passes_authentication() {
    let mut failures = Vec::new();
    for entry in vectors().iter().filter(|e| e["expect"] == "valid") {
        let (status, code) = replay(entry).await;
        let id = str_of(entry, "id");
        let served = id.contains("PasswordPolicy") && !id.starts_with("py-ims");
        if code.as_deref().is_some_and(|c| AUTH_CODES.contains(&c)) || (served && status != 200) {
            failures.push(format!("{}: {status} {code:?}", str_of(entry, "id")));
        }
    }
    assert!(failures.is_empty(), "valid vectors refused:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn every_tampered_vector_is_refused_by_the_signature_check() {
    let mut failures = Vec::new();
    for entry in vectors().iter().filter(|e| e["expect"] == "invalid") {
        let (status, code) = replay(entry).await;
        if !matches!(code.as_deref(), Some("SignatureDoesNotMatch" | "IncompleteSignature")) || status != 400 {
            failures.push(format!(
                "{} ({}): {status} {code:?}",
                str_of(entry, "id"),
                str_of(entry, "tamper")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "tampered vectors not refused by the signature:\n{}",
        failures.join("\n")
    );
}
