//! Every entry of `tests/data/signatures.json` (captured from Alibaba's
//! official Python SDKs) as its own named test:
//! `verify_accepts::<id>`, `verify_refuses::<id>`, `sign_reproduces::<id>`,
//! plus staged checks of the published worked examples.

use libtest_mimic::{Arguments, Failed, Trial};
use ramkit_signing::{RawRequest, rpc_v1, v3};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    scheme: String,
    access_key_secret: String,
    expect: String,
    request: Req,
}

#[derive(Debug, Deserialize)]
struct Req {
    method: String,
    path: String,
    query: String,
    headers: serde_json::Map<String, serde_json::Value>,
    body: String,
}

impl Req {
    fn headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect()
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str())
            .map(str::to_owned)
    }
}

fn verify(e: &Entry) -> Result<(), ramkit_signing::VerifyError> {
    let headers = e.request.headers();
    let raw = RawRequest {
        method: &e.request.method,
        path: &e.request.path,
        raw_query: &e.request.query,
        headers: &headers,
        body: e.request.body.as_bytes(),
    };
    if e.scheme == "ACS3-HMAC-SHA256" {
        v3::verify(&raw, &e.access_key_secret)
    } else {
        let params = rpc_v1::collect_params(&raw)?;
        rpc_v1::verify_params(&e.request.method, &params, &e.access_key_secret)
    }
}

/// Signs the entry's inputs with our signer and compares with the wire.
fn sign(e: &Entry) -> Result<(), Failed> {
    let r = &e.request;
    if e.scheme == "ACS3-HMAC-SHA256" {
        let wire = r.header("authorization").ok_or("no Authorization header")?;
        let auth = v3::Authorization::parse(&wire).map_err(|e| e.to_string())?;
        let values: Vec<(String, String)> = auth
            .signed_header_names()
            .map(|n| (n.to_owned(), r.header(n).unwrap_or_default()))
            .collect();
        let headers: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let query = ramkit_signing::percent::decode_form(&r.query).map_err(|e| e.to_string())?;
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let ours = v3::sign(
            &v3::SigningRequest {
                method: &r.method,
                path: &r.path,
                query: &query,
                headers: &headers,
                body: r.body.as_bytes(),
            },
            auth.access_key_id,
            &e.access_key_secret,
        );
        if ours != wire {
            let cr = v3::canonical_request(
                &r.method,
                &r.path,
                &v3::canonical_query(&query),
                &headers,
                &v3::hashed_payload(r.body.as_bytes()),
            );
            return Err(format!(
                "signature stage differs\nours:  {ours}\nwire:  {wire}\ncanonical request:\n{cr}\nstring to sign:\n{}",
                v3::string_to_sign(&cr)
            )
            .into());
        }
    } else {
        let headers = r.headers();
        let raw = RawRequest {
            method: &r.method,
            path: &r.path,
            raw_query: &r.query,
            headers: &headers,
            body: r.body.as_bytes(),
        };
        let params = rpc_v1::collect_params(&raw).map_err(|e| e.to_string())?;
        let wire = params
            .iter()
            .find(|(k, _)| k == "Signature")
            .map(|(_, v)| v.clone())
            .ok_or("no Signature")?;
        let ours = rpc_v1::sign(&r.method, &params, &e.access_key_secret);
        if ours != wire {
            let cq = rpc_v1::canonical_query(&params);
            return Err(format!(
                "signature stage differs: ours {ours}, wire {wire}\ncanonical query:\n{cq}\nstring to sign:\n{}",
                rpc_v1::string_to_sign(&r.method, &cq)
            )
            .into());
        }
    }
    Ok(())
}

fn stage(name: &str, ours: &str, expected: &str) -> Result<(), Failed> {
    if ours == expected {
        Ok(())
    } else {
        Err(format!("{name} stage differs\nours:     {ours}\nexpected: {expected}").into())
    }
}

/// The worked examples whose intermediate values are published
/// (vectors README and ram-contract.md §1.4): canonical form first, then the
/// string to sign, then the signature, so a failure names its stage.
fn worked_examples() -> Vec<Trial> {
    vec![
        Trial::test("staged::ram-contract-vector-A-tea-v2-SetPasswordPolicy", || {
            let params = [
                ("AccessKeyId", "LTAI5tTESTTESTTESTTEST00"),
                ("Action", "SetPasswordPolicy"),
                ("Format", "json"),
                ("HardExpiry", "False"),
                ("MinimumPasswordLength", "12"),
                ("RequireSymbols", "True"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", "cf3a90018d79672e63dd3e3872ac297a"),
                ("SignatureVersion", "1.0"),
                ("Timestamp", "2026-11-22T09:23:42Z"),
                ("Version", "2015-05-01"),
            ];
            let sts = rpc_v1::string_to_sign("POST", &rpc_v1::canonical_query(&params));
            stage(
                "string to sign",
                &sts,
                "POST&%2F&AccessKeyId%3DLTAI5tTESTTESTTESTTEST00%26Action%3DSetPasswordPolicy%26Format%3Djson%26HardExpiry%3DFalse%26MinimumPasswordLength%3D12%26RequireSymbols%3DTrue%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dcf3a90018d79672e63dd3e3872ac297a%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T09%253A23%253A42Z%26Version%3D2015-05-01",
            )?;
            stage(
                "signature",
                &rpc_v1::signature("testsecret", &sts),
                "rlwJfjSh3BCG+egxbJjThzqB00g=",
            )
        }),
        Trial::test("staged::ram-contract-vector-B-core-ChangePassword", || {
            let params = [
                ("AccessKeyId", "LTAI5tTESTTESTTESTTEST00"),
                ("Action", "ChangePassword"),
                ("Format", "JSON"),
                ("NewPassword", "New*Pass~2"),
                ("OldPassword", "Old#Pass 1"),
                ("RegionId", "cn-hangzhou"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", "b7eefe2969d662bfe4fdff93eb539b04"),
                ("SignatureType", ""),
                ("SignatureVersion", "1.0"),
                ("Timestamp", "2026-11-22T09:23:56Z"),
                ("Version", "2015-05-01"),
            ];
            let sts = rpc_v1::string_to_sign("POST", &rpc_v1::canonical_query(&params));
            stage(
                "string to sign",
                &sts,
                "POST&%2F&AccessKeyId%3DLTAI5tTESTTESTTESTTEST00%26Action%3DChangePassword%26Format%3DJSON%26NewPassword%3DNew%252APass~2%26OldPassword%3DOld%2523Pass%25201%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Db7eefe2969d662bfe4fdff93eb539b04%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T09%253A23%253A56Z%26Version%3D2015-05-01",
            )?;
            stage(
                "signature",
                &rpc_v1::signature("testsecret", &sts),
                "WeUE95mgFgo3GIdkyPOlKAdAStA=",
            )
        }),
        Trial::test("staged::ram-contract-vector-C-tea-v3-SetPasswordPolicy", || {
            let headers = [
                ("accept", "application/json"),
                ("host", "127.0.0.1:18765"),
                (
                    "user-agent",
                    "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2",
                ),
                ("x-acs-action", "SetPasswordPolicy"),
                ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256),
                ("x-acs-credentials-provider", "static_ak"),
                ("x-acs-date", "2026-11-22T09:23:42Z"),
                ("x-acs-signature-nonce", "c31d4ec8a622477414fb2c451107562b"),
                ("x-acs-version", "2015-05-01"),
            ];
            let cq = v3::canonical_query(&[
                ("MinimumPasswordLength", "12"),
                ("RequireSymbols", "True"),
                ("HardExpiry", "False"),
            ]);
            stage(
                "canonical query",
                &cq,
                "HardExpiry=False&MinimumPasswordLength=12&RequireSymbols=True",
            )?;
            let cr = v3::canonical_request("POST", "/", &cq, &headers, v3::EMPTY_PAYLOAD_SHA256);
            let sts = v3::string_to_sign(&cr);
            stage(
                "string to sign",
                &sts,
                "ACS3-HMAC-SHA256\na5d289e63a36704dac2745dc2c4f521bce18d0876f493caf8a0a89e30af61e18",
            )?;
            stage(
                "signature",
                &v3::signature("testsecret", &sts),
                "2fc18d293e9e4e6dc583be8a54eb96b0822a60253723dd25d13db6f8f6bbdbec",
            )
        }),
        Trial::test("staged::py-v3-03-ChangePassword", || {
            let headers = [
                ("accept", "application/json"),
                ("host", "127.0.0.1:41973"),
                (
                    "user-agent",
                    "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2",
                ),
                ("x-acs-action", "ChangePassword"),
                ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256),
                ("x-acs-credentials-provider", "static_ak"),
                ("x-acs-date", "2026-11-22T09:59:11Z"),
                ("x-acs-signature-nonce", "b30aabaa9198af5096005d955654255e"),
                ("x-acs-version", "2015-05-01"),
            ];
            let query = ramkit_signing::percent::decode_form(
                "NewPassword=N3w%2APass~%2B%2F%3D%26%25%3B%3A%2C%21%27%28%29&OldPassword=Old+Pass+word+1",
            )
            .map_err(|e| e.to_string())?;
            let cq = v3::canonical_query(&query);
            stage(
                "canonical query",
                &cq,
                "NewPassword=N3w%2APass~%2B%2F%3D%26%25%3B%3A%2C%21%27%28%29&OldPassword=Old%20Pass%20word%201",
            )?;
            let sts = v3::string_to_sign(&v3::canonical_request(
                "POST",
                "/",
                &cq,
                &headers,
                v3::EMPTY_PAYLOAD_SHA256,
            ));
            stage(
                "string to sign",
                &sts,
                "ACS3-HMAC-SHA256\n97c9e07aba31dd0b406286a8faffc6967f7b038c04d24b63938eea9ae1da5c55",
            )?;
            stage(
                "signature",
                &v3::signature("FakeV3SecretOnlyForTestVectors01", &sts),
                "6da2332242b5fc538d596373eef76a67cf333e1947d125730a99c17ae673a552",
            )
        }),
        Trial::test("staged::py-v2-21-CreateUser-formbody", || {
            let query = "Action=CreateUser&Format=json&Version=2015-05-01&Timestamp=2026-11-22T09%3A59%3A12Z&SignatureNonce=d2bbb86f39cde37adad3eb7b4dd47ebf&UserName=carol&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=LTAI5tFakeV2Capture0000002&Signature=TbIbQyI3bcuWHc9DNTeONxsmcxI%3D";
            let body = "Comments=a+b%2Ac~d%2Be%2Ff%3Dg%26h%25i%3Bj%3Ak%2Cl%21m%27n%28o%29p&DisplayName=%E5%BC%A0%E4%B8%89+%E6%B5%8B%E8%AF%95+%F0%9F%99%82&Email=";
            let headers = [("Content-Type", "application/x-www-form-urlencoded")];
            let raw = RawRequest {
                method: "POST",
                path: "/",
                raw_query: query,
                headers: &headers,
                body: body.as_bytes(),
            };
            let params = rpc_v1::collect_params(&raw).map_err(|e| e.to_string())?;
            let cq = rpc_v1::canonical_query(&params);
            stage(
                "canonical query",
                &cq,
                "AccessKeyId=LTAI5tFakeV2Capture0000002&Action=CreateUser&Comments=a%20b%2Ac~d%2Be%2Ff%3Dg%26h%25i%3Bj%3Ak%2Cl%21m%27n%28o%29p&DisplayName=%E5%BC%A0%E4%B8%89%20%E6%B5%8B%E8%AF%95%20%F0%9F%99%82&Email=&Format=json&SignatureMethod=HMAC-SHA1&SignatureNonce=d2bbb86f39cde37adad3eb7b4dd47ebf&SignatureVersion=1.0&Timestamp=2026-11-22T09%3A59%3A12Z&UserName=carol&Version=2015-05-01",
            )?;
            let sts = rpc_v1::string_to_sign("POST", &cq);
            stage(
                "string to sign",
                &sts,
                "POST&%2F&AccessKeyId%3DLTAI5tFakeV2Capture0000002%26Action%3DCreateUser%26Comments%3Da%2520b%252Ac~d%252Be%252Ff%253Dg%2526h%2525i%253Bj%253Ak%252Cl%2521m%2527n%2528o%2529p%26DisplayName%3D%25E5%25BC%25A0%25E4%25B8%2589%2520%25E6%25B5%258B%25E8%25AF%2595%2520%25F0%259F%2599%2582%26Email%3D%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dd2bbb86f39cde37adad3eb7b4dd47ebf%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T09%253A59%253A12Z%26UserName%3Dcarol%26Version%3D2015-05-01",
            )?;
            stage(
                "signature",
                &rpc_v1::signature("fakeV2secret/NotReal+Vectors=002", &sts),
                "TbIbQyI3bcuWHc9DNTeONxsmcxI=",
            )
        }),
    ]
}

fn main() {
    let args = Arguments::from_args();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signatures.json"))
        .expect("tests/data/signatures.json");
    let entries: Vec<Entry> = serde_json::from_str(&text).expect("the vectors file parses");
    let mut trials = worked_examples();
    for e in entries {
        let e = std::sync::Arc::new(e);
        if e.expect == "valid" {
            let v = std::sync::Arc::clone(&e);
            trials.push(Trial::test(format!("verify_accepts::{}", e.id), move || {
                verify(&v).map_err(|err| format!("refused: {err}").into())
            }));
            let s = std::sync::Arc::clone(&e);
            trials.push(Trial::test(format!("sign_reproduces::{}", e.id), move || sign(&s)));
        } else {
            let v = std::sync::Arc::clone(&e);
            trials.push(Trial::test(format!("verify_refuses::{}", e.id), move || {
                match verify(&v) {
                    Ok(()) => Err("a tampered request was accepted".into()),
                    Err(_) => Ok(()),
                }
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
