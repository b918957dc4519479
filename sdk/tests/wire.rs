//! What the SDK puts on the wire, checked with wiremock: one server per test,
//! `.expect(n)` to count requests, and a matcher that verifies the signature
//! with the same verifier the mock uses.

use std::time::Duration;

use ramkit::credentials::{Env, EnvironmentProvider};
use ramkit::{Client, Config, Credentials, RetryConfig, SignatureAlgorithm};
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

/// A client that tries once, so each test counts exactly what it sends.
fn client(server: &MockServer, algorithm: SignatureAlgorithm, creds: Credentials) -> Client {
    client_with_retry(server, algorithm, creds, RetryConfig::disabled())
}

fn client_with_retry(
    server: &MockServer,
    algorithm: SignatureAlgorithm,
    creds: Credentials,
    retry: RetryConfig,
) -> Client {
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(creds)
        .signature_algorithm(algorithm)
        .attempt_timeout(Duration::from_millis(300))
        .retry(retry)
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

/// Three attempts, 10 ms then 20 ms apart, no jitter: exact delays.
fn three_quick_attempts() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(10))
        .with_jitter(false)
}

fn retrying(server: &MockServer) -> Client {
    client_with_retry(
        server,
        SignatureAlgorithm::AcsV3,
        Credentials::new(ID, SECRET),
        three_quick_attempts(),
    )
}

fn throttled() -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(serde_json::json!({
        "RequestId": "R", "HostId": "ram.aliyuncs.com", "Code": "Throttling.User",
        "Message": "Request was denied due to user flow control.", "Recommend": ""
    }))
}

fn service_error(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(serde_json::json!({"RequestId": "R", "Code": code, "Message": code}))
}

/// Mounts `first` for the first `n` requests, then `then` for the rest.
async fn script(server: &MockServer, first: ResponseTemplate, n: u64, then: ResponseTemplate) {
    Mock::given(SignatureVerifies(SignatureAlgorithm::AcsV3))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(SignatureVerifies(SignatureAlgorithm::AcsV3))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
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

/// `yyyy-MM-ddTHH:mm:ssZ`, as both schemes want their timestamp.
fn is_utc_second(text: &str) -> bool {
    let shape = "dddd-dd-ddTdd:dd:ddZ";
    text.len() == shape.len()
        && text
            .chars()
            .zip(shape.chars())
            .all(|(c, s)| if s == 'd' { c.is_ascii_digit() } else { c == s })
}

fn is_32_hex(text: &str) -> bool {
    text.len() == 32 && text.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
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
    assert!(is_32_hex(&h("x-acs-signature-nonce")), "{}", h("x-acs-signature-nonce"));
    assert!(is_utc_second(&h("x-acs-date")), "{}", h("x-acs-date"));
    assert_eq!(
        h("host"),
        server.address().to_string(),
        "the signed host keeps the port"
    );
    assert_eq!(h("accept"), "application/json");
    assert_eq!(h("x-acs-security-token"), "", "no token without STS credentials");
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
    assert!(get("Timestamp").is_some_and(is_utc_second), "{:?}", get("Timestamp"));
    assert!(
        get("SignatureNonce").is_some_and(is_32_hex),
        "{:?}",
        get("SignatureNonce")
    );
    assert_eq!(get("SecurityToken"), None, "no token without STS credentials");
    assert!(get("Signature").is_some_and(|s| s.len() == 28));
    assert_eq!(
        q.last().map(|(k, _)| k.as_str()),
        Some("Signature"),
        "the signature comes last"
    );
    assert!(req.headers.get("authorization").is_none());
    // Informational, as the official SDKs send them; not signed in this scheme.
    assert_eq!(header(req, "x-acs-action").as_deref(), Some("GetPasswordPolicy"));
    assert_eq!(header(req, "x-acs-version").as_deref(), Some("2015-05-01"));
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
            SignatureAlgorithm::AcsV3 => {
                assert_eq!(header(req, "x-acs-accesskey-id").as_deref(), Some(ID));
                header(req, "x-acs-security-token")
            }
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
    let creds = Credentials::new(ID, SECRET).with_security_token(TOKEN);
    let mut shown = vec![
        format!("{creds:?}"),
        format!("{:?}", c.config()),
        format!("{c:?}"),
        format!("{err:?}"),
        format!("{transport:?}"),
    ];
    // Display of each error and of every error in its source chain.
    for e in [&err, &transport] {
        let mut next: Option<&dyn std::error::Error> = Some(e);
        while let Some(e) = next {
            shown.push(e.to_string());
            next = e.source();
        }
    }
    assert!(shown[0].contains(ID), "the AccessKey id is not a secret: {}", shown[0]);
    for shown in shown {
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

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(service_error(400, "InvalidParameter.MinimumPasswordLength.Range"))
        .expect(1)
        .mount(&server)
        .await;
    let err = retrying(&server)
        .set_password_policy()
        .minimum_password_length(40u32)
        .send()
        .await
        .expect_err("400");
    assert_eq!(
        err.as_service_error().map(|e| e.error_code()),
        Some(ramkit::ErrorCode::InvalidParameterMinimumPasswordLengthRange)
    );
}

#[tokio::test]
async fn each_call_logs_one_span_with_action_attempts_and_outcome_and_no_secret() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("not poisoned").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // tracing computes a callsite's interest from the registered
    // dispatchers, but with at most one registered it asks the default of
    // whichever thread hits the callsite first: another test's thread (no
    // subscriber) could then mark `ramkit.call` as never enabled for good. A
    // second registered dispatcher makes tracing consult the list instead.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    script(
        &server,
        throttled(),
        1,
        ResponseTemplate::new(200)
            .set_body_json(policy_body())
            .insert_header("x-acs-request-id", "REQ-42"),
    )
    .await;
    let creds = Credentials::new(ID, SECRET).with_security_token(TOKEN);
    client_with_retry(&server, SignatureAlgorithm::AcsV3, creds, three_quick_attempts())
        .get_password_policy()
        .send()
        .await
        .expect("ok");

    let logs = String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    for expected in [
        "ramkit.call",
        "action=\"GetPasswordPolicy\"",
        "attempts=2",
        "outcome=\"ok\"",
        "request_id=\"REQ-42\"",
    ] {
        assert!(logs.contains(expected), "{expected} missing from:\n{logs}");
    }
    let signature = server.received_requests().await.expect("recorded")[1]
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.rsplit("Signature=").next())
        .map(str::to_owned)
        .expect("signed");
    for secret in [SECRET, TOKEN, signature.as_str()] {
        assert!(!logs.contains(secret), "a secret reached the logs:\n{logs}");
    }
}

#[tokio::test]
async fn credentials_from_an_injected_environment_sign_the_request() {
    let server = MockServer::start().await;
    Mock::given(SignatureVerifies(SignatureAlgorithm::AcsV3))
        .respond_with(ResponseTemplate::new(200).set_body_json(policy_body()))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::from_map([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]);
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(EnvironmentProvider::new(env))
        .retry(RetryConfig::disabled())
        .build()
        .expect("config");
    Client::new(config)
        .expect("client")
        .get_password_policy()
        .send()
        .await
        .expect("signed with the environment's key");
    let req = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(header(req, "x-acs-security-token").as_deref(), Some(TOKEN));
}

#[tokio::test]
async fn an_environment_with_an_id_but_no_secret_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(policy_body()))
        .expect(0)
        .mount(&server)
        .await;
    let env = Env::from_map([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ""),
    ]);
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(EnvironmentProvider::new(env))
        .build()
        .expect("config");
    let err = Client::new(config)
        .expect("client")
        .get_password_policy()
        .send()
        .await
        .expect_err("no secret");
    assert!(matches!(err, ramkit::Error::Credentials(_)), "{err:?}");
    assert!(err.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), "{err}");
    assert!(!err.is_retryable());
}
