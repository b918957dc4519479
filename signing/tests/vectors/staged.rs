//! The worked examples whose intermediate values are published: the vectors
//! README (`py-v3-03-ChangePassword`, `py-v3-21-CreateUser-formbody`,
//! `py-v2-21-CreateUser-formbody`) and ram-contract.md §1.4 (vectors A, B,
//! C). Each asserts the canonical form first, then the string to sign, then
//! the signature, so a failure names its stage. Inputs come from the
//! captured entry where there is one, expected values from the documents.

use std::collections::HashMap;
use std::sync::Arc;

use libtest_mimic::{Failed, Trial};
use ramkit_signing::{rpc_v1, v3};

use super::{Entry, V3Inputs, stage};

/// ram-contract.md §1.4: the AccessKey of vectors A, B and C.
const CONTRACT_ID: &str = "LTAI5tTESTTESTTESTTEST00";
const CONTRACT_SECRET: &str = "testsecret";
const PYTHON_UA: &str = "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2";

pub fn trials(by_id: &HashMap<String, Arc<Entry>>) -> Vec<Trial> {
    let entry = |id: &str| by_id.get(id).map(Arc::clone);
    let (v3_03, v3_21, v2_21) = (
        entry("py-v3-03-ChangePassword"),
        entry("py-v3-21-CreateUser-formbody"),
        entry("py-v2-21-CreateUser-formbody"),
    );
    vec![
        Trial::test("staged::readme-py-v3-03-ChangePassword", move || {
            readme_v3_change_password(v3_03.as_deref().ok_or("entry missing")?)
        }),
        Trial::test("staged::readme-py-v3-21-CreateUser-formbody", move || {
            readme_v3_form_body(v3_21.as_deref().ok_or("entry missing")?)
        }),
        Trial::test("staged::readme-py-v2-21-CreateUser-formbody", move || {
            readme_rpc_form_body(v2_21.as_deref().ok_or("entry missing")?)
        }),
        Trial::test("staged::ram-contract-vector-A-rpc-SetPasswordPolicy", contract_vector_a),
        Trial::test("staged::ram-contract-vector-B-rpc-ChangePassword", contract_vector_b),
        Trial::test("staged::ram-contract-vector-C-v3-SetPasswordPolicy", contract_vector_c),
    ]
}

/// The V3 canonical request of an entry, from its inputs: the headers the
/// wire's `SignedHeaders` names, the decoded query, the body.
fn v3_canonical_request(e: &Entry) -> Result<(String, String), Failed> {
    let r = &e.request;
    let V3Inputs { auth, query, .. } = r.v3_inputs()?;
    let headers: Vec<(&str, &str)> = auth
        .signed_header_names()
        .map(|n| (n, r.header(n).unwrap_or_default()))
        .collect();
    let cq = v3::canonical_query(&query);
    let cr = v3::canonical_request(
        &r.method,
        &r.path,
        &cq,
        &headers,
        &v3::hashed_payload(r.body.as_bytes()),
    );
    Ok((cq, cr))
}

/// The V3 stages from a canonical request on: the request itself (given as
/// its published lines), the string to sign, the signature.
fn v3_stages(cr: &str, lines: &[&str], sts: &str, secret: &str, signature: &str) -> Result<(), Failed> {
    stage("canonical request", cr, &lines.join("\n"))?;
    let ours = v3::string_to_sign(cr);
    stage("string to sign", &ours, sts)?;
    stage("signature", &v3::signature(secret, &ours), signature)
}

/// The RPC stages from a canonical query on: the string to sign, the
/// signature.
fn rpc_stages(method: &str, cq: &str, sts: &str, secret: &str, signature: &str) -> Result<(), Failed> {
    let ours = rpc_v1::string_to_sign(method, cq);
    stage("string to sign", &ours, sts)?;
    stage("signature", &rpc_v1::signature(secret, &ours), signature)
}

/// vectors/README.md, "Worked example: py-v3-03-ChangePassword".
fn readme_v3_change_password(e: &Entry) -> Result<(), Failed> {
    let (cq, cr) = v3_canonical_request(e)?;
    stage(
        "canonical query",
        &cq,
        "NewPassword=N3w%2APass~%2B%2F%3D%26%25%3B%3A%2C%21%27%28%29&OldPassword=Old%20Pass%20word%201",
    )?;
    let signature = "6da2332242b5fc538d596373eef76a67cf333e1947d125730a99c17ae673a552";
    stage(
        "signature on the wire",
        e.request.v3_inputs()?.auth.signature,
        signature,
    )?;
    v3_stages(
        &cr,
        &[
            "POST",
            "/",
            "NewPassword=N3w%2APass~%2B%2F%3D%26%25%3B%3A%2C%21%27%28%29&OldPassword=Old%20Pass%20word%201",
            "accept:application/json",
            "host:127.0.0.1:41973",
            &format!("user-agent:{PYTHON_UA}"),
            "x-acs-action:ChangePassword",
            "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "x-acs-credentials-provider:static_ak",
            "x-acs-date:2026-11-22T09:59:11Z",
            "x-acs-signature-nonce:b30aabaa9198af5096005d955654255e",
            "x-acs-version:2015-05-01",
            "",
            "accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ],
        "ACS3-HMAC-SHA256\n97c9e07aba31dd0b406286a8faffc6967f7b038c04d24b63938eea9ae1da5c55",
        &e.access_key_secret,
        signature,
    )
}

/// vectors/README.md: with a form body the query line is empty,
/// `content-type` is signed and HashedPayload is the hash of the body as
/// sent.
fn readme_v3_form_body(e: &Entry) -> Result<(), Failed> {
    let body_hash = "d43216362f2d8b8944af4cfd591ded252df9a3122666202aeac028b7d28169ea";
    stage(
        "hashed payload",
        &v3::hashed_payload(e.request.body.as_bytes()),
        body_hash,
    )?;
    let (cq, cr) = v3_canonical_request(e)?;
    stage("canonical query", &cq, "")?;
    let lines: Vec<&str> = cr.split('\n').collect();
    stage(
        "canonical request: query line",
        lines.get(2).copied().unwrap_or_default(),
        "",
    )?;
    if !cr.contains("\ncontent-type:application/x-www-form-urlencoded\n") {
        return Err(format!("stage `canonical request` lacks the signed content-type:\n{cr}").into());
    }
    stage(
        "canonical request: payload line",
        lines.last().copied().unwrap_or_default(),
        body_hash,
    )?;
    let sts = v3::string_to_sign(&cr);
    stage(
        "signature",
        &v3::signature(&e.access_key_secret, &sts),
        e.request.v3_inputs()?.auth.signature,
    )
}

/// vectors/README.md, "Worked example: py-v2-21-CreateUser-formbody".
fn readme_rpc_form_body(e: &Entry) -> Result<(), Failed> {
    let (params, wire) = e.request.rpc_params()?;
    let cq = rpc_v1::canonical_query(&params);
    stage(
        "canonical query",
        &cq,
        "AccessKeyId=LTAI5tFakeV2Capture0000002&Action=CreateUser&Comments=a%20b%2Ac~d%2Be%2Ff%3Dg%26h%25i%3Bj%3Ak%2Cl%21m%27n%28o%29p&DisplayName=%E5%BC%A0%E4%B8%89%20%E6%B5%8B%E8%AF%95%20%F0%9F%99%82&Email=&Format=json&SignatureMethod=HMAC-SHA1&SignatureNonce=d2bbb86f39cde37adad3eb7b4dd47ebf&SignatureVersion=1.0&Timestamp=2026-11-22T09%3A59%3A12Z&UserName=carol&Version=2015-05-01",
    )?;
    stage("signature on the wire", &wire, "TbIbQyI3bcuWHc9DNTeONxsmcxI=")?;
    rpc_stages(
        &e.request.method,
        &cq,
        "POST&%2F&AccessKeyId%3DLTAI5tFakeV2Capture0000002%26Action%3DCreateUser%26Comments%3Da%2520b%252Ac~d%252Be%252Ff%253Dg%2526h%2525i%253Bj%253Ak%252Cl%2521m%2527n%2528o%2529p%26DisplayName%3D%25E5%25BC%25A0%25E4%25B8%2589%2520%25E6%25B5%258B%25E8%25AF%2595%2520%25F0%259F%2599%2582%26Email%3D%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dd2bbb86f39cde37adad3eb7b4dd47ebf%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T09%253A59%253A12Z%26UserName%3Dcarol%26Version%3D2015-05-01",
        &e.access_key_secret,
        "TbIbQyI3bcuWHc9DNTeONxsmcxI=",
    )
}

/// ram-contract.md §1.4, vector A (Tea SDK, V2, SetPasswordPolicy).
fn contract_vector_a() -> Result<(), Failed> {
    let params = [
        ("AccessKeyId", CONTRACT_ID),
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
    rpc_stages(
        "POST",
        &rpc_v1::canonical_query(&params),
        "POST&%2F&AccessKeyId%3DLTAI5tTESTTESTTESTTEST00%26Action%3DSetPasswordPolicy%26Format%3Djson%26HardExpiry%3DFalse%26MinimumPasswordLength%3D12%26RequireSymbols%3DTrue%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dcf3a90018d79672e63dd3e3872ac297a%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T09%253A23%253A42Z%26Version%3D2015-05-01",
        CONTRACT_SECRET,
        "rlwJfjSh3BCG+egxbJjThzqB00g=",
    )
}

/// ram-contract.md §1.4, vector B (core SDK, ChangePassword, with the
/// empty `SignatureType` and `RegionId` the old SDK signs).
fn contract_vector_b() -> Result<(), Failed> {
    // Given in a shuffled order: sorting is part of what is checked.
    let params = [
        ("Version", "2015-05-01"),
        ("OldPassword", "Old#Pass 1"),
        ("NewPassword", "New*Pass~2"),
        ("SignatureType", ""),
        ("Action", "ChangePassword"),
        ("Format", "JSON"),
        ("RegionId", "cn-hangzhou"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "b7eefe2969d662bfe4fdff93eb539b04"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2026-11-22T09:23:56Z"),
        ("AccessKeyId", CONTRACT_ID),
    ];
    rpc_stages(
        "POST",
        &rpc_v1::canonical_query(&params),
        "POST&%2F&AccessKeyId%3DLTAI5tTESTTESTTESTTEST00%26Action%3DChangePassword%26Format%3DJSON%26NewPassword%3DNew%252APass~2%26OldPassword%3DOld%2523Pass%25201%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Db7eefe2969d662bfe4fdff93eb539b04%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T09%253A23%253A56Z%26Version%3D2015-05-01",
        CONTRACT_SECRET,
        "WeUE95mgFgo3GIdkyPOlKAdAStA=",
    )
}

/// ram-contract.md §1.4, vector C (Tea SDK, V3, SetPasswordPolicy).
fn contract_vector_c() -> Result<(), Failed> {
    let headers = [
        ("accept", "application/json"),
        ("host", "127.0.0.1:18765"),
        ("user-agent", PYTHON_UA),
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
    let cr = v3::canonical_request("POST", "/", &cq, &headers, &v3::hashed_payload(b""));
    v3_stages(
        &cr,
        &[
            "POST",
            "/",
            "HardExpiry=False&MinimumPasswordLength=12&RequireSymbols=True",
            "accept:application/json",
            "host:127.0.0.1:18765",
            &format!("user-agent:{PYTHON_UA}"),
            "x-acs-action:SetPasswordPolicy",
            "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "x-acs-credentials-provider:static_ak",
            "x-acs-date:2026-11-22T09:23:42Z",
            "x-acs-signature-nonce:c31d4ec8a622477414fb2c451107562b",
            "x-acs-version:2015-05-01",
            "",
            "accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ],
        "ACS3-HMAC-SHA256\na5d289e63a36704dac2745dc2c4f521bce18d0876f493caf8a0a89e30af61e18",
        CONTRACT_SECRET,
        "2fc18d293e9e4e6dc583be8a54eb96b0822a60253723dd25d13db6f8f6bbdbec",
    )
}
