//! Every entry of `tests/data/signatures.json` as its own named test.
//!
//! The file holds requests captured byte for byte from Alibaba Cloud's
//! official Python SDKs, plus tampered copies (see `tests/data/README.md`).
//! Expected values come from those SDKs, or from the published worked
//! examples, never from this crate's signer. Trials:
//!
//! - `verify_accepts::<id>`: a valid entry passes the verifier, holding the
//!   entry's `access_key_secret`.
//! - `verify_refuses::<id>`: an invalid entry is refused, by the signature
//!   itself (or, for an ACS3 body change, by the signed body hash).
//! - `sign_reproduces::<id>`: our signer, given a valid entry's inputs,
//!   produces the signature that was on the wire.
//! - `staged::<example>`: the worked examples whose intermediate values are
//!   published, checked stage by stage so a failure names its stage.
//!
//! Run: `cargo test -p ramkit-signing --test vectors` (add a filter such as
//! `tamper-secret` to run some).

use std::collections::HashMap;
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use ramkit_signing::{RawRequest, VerifyError, percent, rpc_v1, v3};
use serde::Deserialize;

const V3: &str = "ACS3-HMAC-SHA256";
const RPC: &str = "HMAC-SHA1 RPC";

#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    scheme: String,
    /// The secret the server holds for the entry's AccessKey id. For
    /// `~tamper-secret` entries it differs from the signer's.
    access_key_secret: String,
    expect: String,
    derived_from: Option<String>,
    request: Request,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Request {
    method: String,
    path: String,
    query: String,
    /// Wire order and case (serde_json keeps object order here).
    headers: serde_json::Map<String, serde_json::Value>,
    body: String,
}

impl Request {
    /// The request as a server sees it, handed to `f`.
    fn raw<R>(&self, f: impl FnOnce(&RawRequest<'_>) -> R) -> R {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
            .collect();
        f(&RawRequest {
            method: &self.method,
            path: &self.path,
            raw_query: &self.query,
            headers: &headers,
            body: self.body.as_bytes(),
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str())
    }

    /// Verifies with the server holding `secret`, as the mock does.
    fn verify(&self, scheme: &str, secret: &str) -> Result<(), VerifyError> {
        self.raw(|raw| {
            if scheme == V3 {
                let auth = v3::authorization(raw)?;
                v3::verify_parsed(raw, &auth, secret)
            } else {
                let params = rpc_v1::collect_params(raw)?;
                rpc_v1::verify_params(raw.method, &params, secret)
            }
        })
    }

    /// The decoded RPC parameters (query and form body), and the decoded
    /// `Signature` taken out of them.
    fn rpc_params(&self) -> Result<(Vec<(String, String)>, String), Failed> {
        let mut params = self
            .raw(rpc_v1::collect_params)
            .map_err(|e| format!("parameters: {e}"))?;
        let at = params
            .iter()
            .position(|(k, _)| k == "Signature")
            .ok_or("no Signature parameter")?;
        let (_, signature) = params.remove(at);
        Ok((params, signature))
    }

    /// The V3 signing inputs: the wire's Authorization, the headers its
    /// `SignedHeaders` list selects (in wire case and order) and the decoded
    /// query.
    fn v3_inputs(&self) -> Result<V3Inputs<'_>, Failed> {
        let wire = self.header("authorization").ok_or("no Authorization header")?;
        let auth = v3::Authorization::parse(wire).map_err(|e| format!("the wire's Authorization: {e}"))?;
        let headers = self
            .headers
            .iter()
            .filter(|(k, _)| auth.signs(k))
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
            .collect();
        let query = percent::decode_form(&self.query).map_err(|e| format!("query: {e}"))?;
        Ok(V3Inputs { auth, headers, query })
    }
}

struct V3Inputs<'a> {
    auth: v3::Authorization<'a>,
    headers: Vec<(&'a str, &'a str)>,
    query: Vec<(String, String)>,
}

fn accepts(e: &Entry) -> Result<(), Failed> {
    e.request
        .verify(&e.scheme, &e.access_key_secret)
        .map_err(|err| match err {
            VerifyError::SignatureMismatch { string_to_sign } => {
                format!("refused: signature mismatch; server string to sign:\n{string_to_sign}").into()
            }
            other => format!("refused: {other}").into(),
        })
}

fn refuses(e: &Entry, original: Option<&Entry>) -> Result<(), Failed> {
    if e.id.ends_with("~tamper-secret") {
        // The file encodes "the server's secret differs" as an untouched
        // request whose `access_key_secret` (the server's) is not the
        // original's: check that reading before relying on it.
        let original = original.ok_or("no original entry")?;
        if e.request != original.request {
            return Err("a ~tamper-secret request differs from its original".into());
        }
        let (ours, theirs) = (&e.access_key_secret, &original.access_key_secret);
        let same_but_last = ours.len() == theirs.len()
            && ours != theirs
            && ours.bytes().zip(theirs.bytes()).rev().skip(1).all(|(a, b)| a == b);
        if !same_but_last {
            return Err("the server's secret should differ from the signer's in its last character".into());
        }
    }
    let body_hash = e.scheme == V3 && e.id.ends_with("~tamper-body");
    match e.request.verify(&e.scheme, &e.access_key_secret) {
        Ok(()) => Err("a tampered request was accepted".into()),
        Err(VerifyError::PayloadHashMismatch) if body_hash => Ok(()),
        Err(VerifyError::SignatureMismatch { .. }) if !body_hash => Ok(()),
        Err(other) => Err(format!("refused, but not by the signature: {other}").into()),
    }
}

fn reproduces(e: &Entry) -> Result<(), Failed> {
    let r = &e.request;
    if e.scheme == V3 {
        let V3Inputs { auth, headers, query } = r.v3_inputs()?;
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let request = v3::SigningRequest {
            method: &r.method,
            path: &r.path,
            query: &query,
            headers: &headers,
            body: r.body.as_bytes(),
        };
        let ours = v3::sign(&request, auth.access_key_id, &e.access_key_secret);
        let wire = auth.header_value();
        if ours != wire {
            let lower: Vec<(String, &str)> = auth
                .signed_header_names()
                .map(|n| (n.to_owned(), r.header(n).unwrap_or_default()))
                .collect();
            let cq = v3::canonical_query(&query);
            let cr = v3::canonical_request(&r.method, &r.path, &cq, &lower, &v3::hashed_payload(r.body.as_bytes()));
            return Err(format!(
                "signature differs\nours: {ours}\nwire: {wire}\n--- our canonical request:\n{cr}\n--- our string to sign:\n{}",
                v3::string_to_sign(&cr)
            )
            .into());
        }
    } else {
        let (params, wire) = r.rpc_params()?;
        let ours = rpc_v1::sign(&r.method, &params, &e.access_key_secret);
        if ours != wire {
            let cq = rpc_v1::canonical_query(&params);
            return Err(format!(
                "signature differs: ours {ours}, wire {wire}\n--- our canonical query:\n{cq}\n--- our string to sign:\n{}",
                rpc_v1::string_to_sign(&r.method, &cq)
            )
            .into());
        }
    }
    Ok(())
}

/// One stage of a staged check: equal, or a failure naming the stage.
fn stage(name: &str, ours: &str, expected: &str) -> Result<(), Failed> {
    if ours == expected {
        Ok(())
    } else {
        Err(format!("stage `{name}` differs\n--- ours:\n{ours}\n--- expected:\n{expected}").into())
    }
}

#[path = "vectors/staged.rs"]
mod staged;

fn main() {
    let args = Arguments::from_args();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signatures.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let entries: Vec<Arc<Entry>> = serde_json::from_str::<Vec<Entry>>(&text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .into_iter()
        .map(Arc::new)
        .collect();
    let by_id: HashMap<String, Arc<Entry>> = entries.iter().map(|e| (e.id.clone(), Arc::clone(e))).collect();

    let mut trials = vec![file_is_complete(&entries)];
    trials.extend(staged::trials(&by_id));
    for e in &entries {
        let id = &e.id;
        if e.expect == "valid" {
            let v = Arc::clone(e);
            trials.push(Trial::test(format!("verify_accepts::{id}"), move || accepts(&v)));
            let s = Arc::clone(e);
            trials.push(Trial::test(format!("sign_reproduces::{id}"), move || reproduces(&s)));
        } else {
            let v = Arc::clone(e);
            let original = e.derived_from.as_ref().and_then(|o| by_id.get(o)).map(Arc::clone);
            trials.push(Trial::test(format!("verify_refuses::{id}"), move || {
                refuses(&v, original.as_deref())
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

/// The file as copied: 278 entries, split as its README says.
fn file_is_complete(entries: &[Arc<Entry>]) -> Trial {
    let count = |scheme: &str, expect: &str| {
        entries
            .iter()
            .filter(|e| e.scheme == scheme && e.expect == expect)
            .count()
    };
    let counts = [
        count(V3, "valid"),
        count(V3, "invalid"),
        count(RPC, "valid"),
        count(RPC, "invalid"),
    ];
    Trial::test("vectors_file::holds_every_entry", move || {
        if counts == [28, 76, 46, 128] {
            Ok(())
        } else {
            Err(format!("ACS3 valid/invalid, RPC valid/invalid: {counts:?}, expected [28, 76, 46, 128]").into())
        }
    })
}
