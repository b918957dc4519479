//! What the SDK puts on the wire, checked with wiremock: one server per test,
//! `.expect(n)` to count requests, and a matcher that verifies the signature
//! with the same verifier the mock uses.

use std::time::Duration;

use ramkit::{Client, Config, Credentials, SignatureAlgorithm};
use ramkit_signing::{RawRequest, rpc_v1, v3};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

const ID: &str = "LTAI5tWireTest000000000";
const SECRET: &str = "wire-test-secret-value";
const TOKEN: &str = "CAISwire+token/with=odd;chars";

/// Accepts only requests whose signature verifies with `SECRET`.
struct SignatureVerifies(SignatureAlgorithm);

impl Match for SignatureVerifies {
    fn matches(&self, req: &Request) -> bool {
        let headers: Vec<(String, String)> = req
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let raw = RawRequest {
            method: req.method.as_str(),
            path: req.url.path(),
            raw_query: req.url.query().unwrap_or(""),
            headers: &headers,
            body: &req.body,
        };
        match self.0 {
            SignatureAlgorithm::AcsV3 => v3::verify(&raw, SECRET).is_ok(),
            _ => rpc_v1::collect_params(&raw).is_ok_and(|p| rpc_v1::verify_params("POST", &p, SECRET).is_ok()),
        }
    }
}

fn client(server: &MockServer, algorithm: SignatureAlgorithm, creds: Credentials) -> Client {
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(creds)
        .signature_algorithm(algorithm)
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

/// The error a V3 GetPasswordPolicy gets when the server answers `reply`.
async fn error_for(reply: ResponseTemplate) -> ramkit::Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(reply)
        .expect(1)
        .mount(&server)
        .await;
    client(&server, SignatureAlgorithm::AcsV3, Credentials::new(ID, SECRET))
        .get_password_policy()
        .send()
        .await
        .expect_err("the server answers with a failure")
}

fn policy_body() -> serde_json::Value {
    serde_json::json!({
        "RequestId": "4C467B38-3910-447D-87BC-AC049166F216",
        "PasswordPolicy": {
            "MinimumPasswordLength": 12, "RequireLowercaseCharacters": false, "RequireUppercaseCharacters": true,
            "RequireNumbers": true, "RequireSymbols": false, "HardExpiry": false, "MaxPasswordAge": 90,
            "PasswordReusePrevention": 3, "MaxLoginAttemps": 5
        }
    })
}

fn query_pairs(req: &Request) -> Vec<(String, String)> {
    req.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn v3_request_is_a_signed_post_to_root_with_action_in_headers_not_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(SignatureVerifies(SignatureAlgorithm::AcsV3))
        .respond_with(ResponseTemplate::new(200).set_body_json(policy_body()))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server, SignatureAlgorithm::AcsV3, Credentials::new(ID, SECRET));
    let out = c
        .set_password_policy()
        .minimum_password_length(12u32)
        .require_numbers(true)
        .send()
        .await
        .expect("ok");
    assert_eq!(out.password_policy.minimum_password_length, 12);

    let req = &server.received_requests().await.expect("recorded")[0];
    let h = |n: &str| {
        req.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(h("x-acs-action"), "SetPasswordPolicy");
    assert_eq!(h("x-acs-version"), "2015-05-01");
    assert_eq!(h("x-acs-content-sha256"), v3::EMPTY_PAYLOAD_SHA256);
    assert_eq!(h("x-acs-signature-nonce").len(), 32);
    assert_eq!(h("x-acs-date").len(), 20);
    assert!(h("authorization").starts_with(&format!(
        "ACS3-HMAC-SHA256 Credential={ID},SignedHeaders=host;x-acs-action;"
    )));
    let q = query_pairs(req);
    assert_eq!(
        q,
        [
            ("MinimumPasswordLength".into(), "12".into()),
            ("RequireNumbers".into(), "true".into())
        ]
    );
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn rpc_request_carries_every_parameter_in_the_signed_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(SignatureVerifies(SignatureAlgorithm::RpcV1))
        .respond_with(ResponseTemplate::new(200).set_body_json(policy_body()))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server, SignatureAlgorithm::RpcV1, Credentials::new(ID, SECRET));
    c.get_password_policy().send().await.expect("ok");
    let req = &server.received_requests().await.expect("recorded")[0];
    let q = query_pairs(req);
    let get = |n: &str| q.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    assert_eq!(get("Action"), Some("GetPasswordPolicy"));
    assert_eq!(get("Version"), Some("2015-05-01"));
    assert_eq!(get("AccessKeyId"), Some(ID));
    assert_eq!(get("SignatureMethod"), Some("HMAC-SHA1"));
    assert_eq!(get("SignatureVersion"), Some("1.0"));
    assert_eq!(get("Format"), Some("JSON"));
    assert!(get("Signature").is_some_and(|s| s.len() == 28));
    assert!(req.headers.get("authorization").is_none());
}

#[tokio::test]
async fn sts_tokens_travel_signed_in_both_schemes() {
    for algorithm in [SignatureAlgorithm::AcsV3, SignatureAlgorithm::RpcV1] {
        let server = MockServer::start().await;
        Mock::given(SignatureVerifies(algorithm))
            .respond_with(ResponseTemplate::new(200).set_body_json(policy_body()))
            .expect(1)
            .mount(&server)
            .await;
        let c = client(
            &server,
            algorithm,
            Credentials::new(ID, SECRET).with_security_token(TOKEN),
        );
        c.get_password_policy().send().await.expect("ok");
        let req = &server.received_requests().await.expect("recorded")[0];
        let carried = match algorithm {
            SignatureAlgorithm::AcsV3 => req
                .headers
                .get("x-acs-security-token")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            _ => query_pairs(req)
                .into_iter()
                .find(|(k, _)| k == "SecurityToken")
                .map(|(_, v)| v),
        };
        assert_eq!(carried.as_deref(), Some(TOKEN), "{algorithm:?}");
    }
}

#[tokio::test]
async fn every_call_is_signed_with_a_fresh_nonce() {
    let server = MockServer::start().await;
    Mock::given(SignatureVerifies(SignatureAlgorithm::AcsV3))
        .respond_with(ResponseTemplate::new(200).set_body_json(policy_body()))
        .expect(2)
        .mount(&server)
        .await;
    let c = client(&server, SignatureAlgorithm::AcsV3, Credentials::new(ID, SECRET));
    c.get_password_policy().send().await.expect("first");
    c.get_password_policy().send().await.expect("second");
    let reqs = server.received_requests().await.expect("recorded");
    assert_ne!(
        reqs[0].headers.get("x-acs-signature-nonce"),
        reqs[1].headers.get("x-acs-signature-nonce")
    );
}

#[tokio::test]
async fn a_cloud_error_is_decoded_into_its_fields_and_shown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "RequestId": "7463B73D-35CC-4D19-A010-6B8D65D242EF", "HostId": "ram.aliyuncs.com",
            "Code": "NoPermission", "Message": "You are not authorized to do this action. You should be authorized by RAM.",
            "Recommend": "https://api.aliyun.com/troubleshoot?q=NoPermission&product=Ram",
            "AccessDeniedDetail": {"AuthAction": "ram:SetPasswordPolicy", "AuthPrincipalType": "SubUser", "NoPermissionType": "ImplicitDeny"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server, SignatureAlgorithm::AcsV3, Credentials::new(ID, SECRET))
        .set_password_policy()
        .require_symbols(true)
        .send()
        .await
        .expect_err("403");
    let e = err.as_service_error().expect("a service error");
    assert_eq!(e.code(), "NoPermission");
    assert_eq!(e.http_status(), 403);
    assert_eq!(e.request_id(), Some("7463B73D-35CC-4D19-A010-6B8D65D242EF"));
    assert_eq!(e.host_id(), Some("ram.aliyuncs.com"));
    assert!(e.recommend().is_some_and(|r| r.contains("troubleshoot")));
    let detail = e.access_denied_detail().expect("a detail");
    assert_eq!(detail.auth_action.as_deref(), Some("ram:SetPasswordPolicy"));
    assert!(!err.is_retryable());
    let shown = err.to_string();
    for part in [
        "NoPermission",
        "403",
        "7463B73D-35CC-4D19-A010-6B8D65D242EF",
        "ram.aliyuncs.com",
        "troubleshoot",
    ] {
        assert!(shown.contains(part), "{shown} lacks {part}");
    }
}

#[tokio::test]
async fn a_non_json_server_error_still_gives_a_typed_retryable_error() {
    let err = error_for(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>")).await;
    let e = err.as_service_error().expect("a service error");
    assert_eq!((e.code(), e.http_status()), ("HTTP502", 502));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn an_attempt_that_outlives_its_timeout_fails_as_a_timeout() {
    // The client's attempt timeout is 300 ms.
    let err = error_for(
        ResponseTemplate::new(200)
            .set_body_json(policy_body())
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    assert!(matches!(err, ramkit::Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error() {
    let err = error_for(ResponseTemplate::new(200).set_body_json(serde_json::json!({"RequestId": "x"}))).await;
    assert!(matches!(err, ramkit::Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn secrets_and_signatures_never_appear_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string("not json"))
        .mount(&server)
        .await;
    let c = client(
        &server,
        SignatureAlgorithm::RpcV1,
        Credentials::new(ID, SECRET).with_security_token(TOKEN),
    );
    let err = c.get_password_policy().send().await.expect_err("400");
    // An unreachable endpoint gives a transport error: its URL would hold the RPC query.
    let dead = Client::new(
        Config::builder()
            .endpoint("http://127.0.0.1:1")
            .credentials(Credentials::new(ID, SECRET).with_security_token(TOKEN))
            .signature_algorithm(SignatureAlgorithm::RpcV1)
            .build()
            .expect("config"),
    )
    .expect("client");
    let transport = dead.get_password_policy().send().await.expect_err("no server");
    let signature = server.received_requests().await.expect("recorded")[0]
        .url
        .query_pairs()
        .find(|(k, _)| k == "Signature")
        .map(|(_, v)| v.into_owned())
        .expect("signed");
    for shown in [
        format!("{c:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{transport:?}"),
        transport.to_string(),
    ] {
        for secret in [SECRET, TOKEN, signature.as_str()] {
            assert!(!shown.contains(secret), "{shown} shows a secret");
        }
    }
}

#[tokio::test]
async fn an_unusable_endpoint_is_refused_when_the_configuration_is_built() {
    let err = Config::builder()
        .endpoint("ftp://ram.aliyuncs.com")
        .build()
        .expect_err("ftp");
    assert!(matches!(err, ramkit::Error::InvalidInput(_)));
}
