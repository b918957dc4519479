//! What the mock refuses on the wire, and how: unsigned, tampered, replayed,
//! stale, unknown key, inactive key, STS token problems, unknown action or
//! version. Every refusal is the cloud's JSON with its HTTP status.

use std::time::Duration;

use ramkit::SignatureAlgorithm;
use ramkit_mock::state::KeyStatus;

use crate::common::{self, RawV3};

#[tokio::test]
async fn an_unsigned_request_is_refused_with_missing_signature() {
    let server = common::mock().await;
    let reply = common::send(&server, "POST", "/?Action=GetPasswordPolicy&Version=2015-05-01", &[]).await;
    assert_eq!((reply.status, reply.code()), (400, "MissingSignature"));
}

#[tokio::test]
async fn every_error_is_the_clouds_json_with_its_five_fields() {
    let server = common::mock().await;
    let reply = common::send(&server, "POST", "/?Action=GetPasswordPolicy&Version=2015-05-01", &[]).await;
    assert!(
        reply.content_type.starts_with("application/json"),
        "{}",
        reply.content_type
    );
    let keys: Vec<&str> = reply
        .body
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["RequestId", "HostId", "Code", "Message", "Recommend"]);
}

#[tokio::test]
async fn a_tampered_query_is_refused_and_the_message_holds_the_servers_string_to_sign() {
    let server = common::mock().await;
    let req = RawV3::new("SetPasswordPolicy", &[("MinimumPasswordLength", "12")]);
    let creds = server.credentials();
    let headers = req.headers(&server, &creds.access_key_id, &creds.access_key_secret);
    let reply = common::send(&server, "POST", "/?MinimumPasswordLength=13", &headers).await;
    assert_eq!((reply.status, reply.code()), (400, "SignatureDoesNotMatch"));
    let message = reply.body["Message"].as_str().expect("a message");
    assert!(
        message.contains("server string to sign is:ACS3-HMAC-SHA256\n"),
        "{message}"
    );
    let policy = common::root_client(&server)
        .get_password_policy()
        .send()
        .await
        .expect("read");
    assert_eq!(policy.password_policy.minimum_password_length, 8, "nothing changed");
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_secret_is_refused() {
    let server = common::mock().await;
    let mut creds = server.credentials().clone();
    creds.access_key_secret.push('x');
    for algorithm in [SignatureAlgorithm::AcsV3, SignatureAlgorithm::RpcV1] {
        let err = common::client_as(&server, &creds, algorithm)
            .get_password_policy()
            .send()
            .await
            .expect_err("wrong secret");
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{algorithm:?}");
    }
}

#[tokio::test]
async fn a_replayed_request_is_refused_with_signature_nonce_used() {
    let server = common::mock().await;
    let req = RawV3::new("GetPasswordPolicy", &[]);
    assert_eq!(common::send_v3(&server, &req).await.status, 200);
    let replay = common::send_v3(&server, &req).await;
    assert_eq!((replay.status, replay.code()), (400, "SignatureNonceUsed"));
}

#[tokio::test]
async fn a_timestamp_more_than_fifteen_minutes_away_is_refused_as_expired() {
    let server = common::mock().await;
    for offset in [-16 * 60, 16 * 60] {
        let mut req = RawV3::new("GetPasswordPolicy", &[]);
        req.date = common::acs_date(offset);
        let reply = common::send_v3(&server, &req).await;
        assert_eq!(
            (reply.status, reply.code()),
            (400, "InvalidTimeStamp.Expired"),
            "offset {offset}"
        );
    }
    let mut within = RawV3::new("GetPasswordPolicy", &[]);
    within.date = common::acs_date(-14 * 60);
    assert_eq!(common::send_v3(&server, &within).await.status, 200);
}

#[tokio::test]
async fn moving_the_mock_clock_makes_a_fresh_request_stale() {
    let server = common::mock().await;
    server.store().clock().advance(Duration::from_secs(20 * 60));
    let err = common::root_client_on_system_clock(&server)
        .get_password_policy()
        .send()
        .await
        .expect_err("stale");
    assert_eq!(err.code(), Some("InvalidTimeStamp.Expired"));
}

#[tokio::test]
async fn a_malformed_timestamp_is_refused_as_badly_formatted() {
    let server = common::mock().await;
    let mut req = RawV3::new("GetPasswordPolicy", &[]);
    req.date = "2026-11-22 10:00:00".into();
    let reply = common::send_v3(&server, &req).await;
    assert_eq!((reply.status, reply.code()), (400, "InvalidTimeStamp.Format"));
}

#[tokio::test]
async fn an_unknown_access_key_is_refused_with_404() {
    let server = common::mock().await;
    let creds = ramkit_mock::Credentials {
        access_key_id: "LTAI5tNoSuchKey000000000".into(),
        access_key_secret: "whatever".into(),
        security_token: None,
    };
    let err = common::client_as(&server, &creds, SignatureAlgorithm::AcsV3)
        .get_password_policy()
        .send()
        .await
        .expect_err("unknown");
    let service = err.as_service_error().expect("a service error");
    assert_eq!(
        (service.code(), service.http_status()),
        ("InvalidAccessKeyId.NotFound", 404)
    );
}

#[tokio::test]
async fn an_inactive_access_key_is_refused() {
    let server = common::mock().await;
    server
        .store()
        .access_key(&server.credentials().access_key_id)
        .expect("the root key")
        .set_status(KeyStatus::Inactive);
    let err = common::root_client(&server)
        .get_password_policy()
        .send()
        .await
        .expect_err("inactive");
    assert_eq!(err.code(), Some("InvalidAccessKeyId.Inactive"));
}

#[tokio::test]
async fn sts_credentials_work_with_their_token_and_are_refused_without_it_or_after_expiry() {
    let server = common::mock().await;
    let now = server.store().clock().now_secs();
    let sts =
        server
            .store()
            .issue_sts_credentials(server.account(), "ops", vec!["AdministratorAccess".into()], now + 600);
    for algorithm in [SignatureAlgorithm::AcsV3, SignatureAlgorithm::RpcV1] {
        common::client_as(&server, &sts, algorithm)
            .get_password_policy()
            .send()
            .await
            .expect("STS with token");
    }
    let mut without = sts.clone();
    without.security_token = None;
    let err = common::client_as(&server, &without, SignatureAlgorithm::AcsV3)
        .get_password_policy()
        .send()
        .await
        .expect_err("no token");
    assert_eq!(err.code(), Some("MissingSecurityToken"));
    let mut wrong = sts.clone();
    wrong.security_token = Some("CAISnotTheToken".into());
    let err = common::client_as(&server, &wrong, SignatureAlgorithm::AcsV3)
        .get_password_policy()
        .send()
        .await
        .expect_err("wrong token");
    assert_eq!(err.code(), Some("InvalidSecurityToken.MismatchWithAccessKey"));
    server.store().clock().advance(Duration::from_secs(601));
    let err = common::client_as(&server, &sts, SignatureAlgorithm::AcsV3)
        .get_password_policy()
        .send()
        .await
        .expect_err("expired");
    // The SDK's own clock is 10 minutes behind the mock's now, within the window.
    assert_eq!(err.code(), Some("InvalidSecurityToken.Expired"));
}

#[tokio::test]
async fn an_unknown_action_is_404_and_an_unknown_version_400() {
    let server = common::mock().await;
    let reply = common::send_v3(&server, &RawV3::new("FlyToTheMoon", &[])).await;
    assert_eq!((reply.status, reply.code()), (404, "InvalidAction.NotFound"));
    let mut req = RawV3::new("GetPasswordPolicy", &[]);
    req.version = "2099-01-01".into();
    let reply = common::send_v3(&server, &req).await;
    assert_eq!((reply.status, reply.code()), (400, "InvalidVersion"));
}

#[tokio::test]
async fn methods_other_than_get_and_post_are_refused() {
    let server = common::mock().await;
    let reply = common::send(&server, "PUT", "/?Action=GetPasswordPolicy&Version=2015-05-01", &[]).await;
    assert_eq!((reply.status, reply.code()), (400, "UnsupportedHTTPMethod"));
}

#[tokio::test]
async fn the_namespaced_path_runs_the_same_pipeline() {
    let server = common::mock().await;
    let unsigned = common::send(&server, "POST", "/ram/2015-05-01/GetPasswordPolicy", &[]).await;
    assert_eq!(unsigned.code(), "MissingSignature");
    let req = RawV3::new("GetPasswordPolicy", &[]);
    let creds = server.credentials();
    let headers = req.headers(&server, &creds.access_key_id, &creds.access_key_secret);
    // V3 signs the path: a request signed for `/` does not verify at another path.
    let moved = common::send(&server, "POST", "/ram/2015-05-01/GetPasswordPolicy", &headers).await;
    assert_eq!(moved.code(), "SignatureDoesNotMatch");
}

#[tokio::test]
async fn a_query_that_does_not_decode_is_refused_in_the_clouds_format() {
    let server = common::mock().await;
    let reply = common::send(&server, "POST", "/?Action=Get%ZZPolicy&Version=2015-05-01", &[]).await;
    assert_eq!((reply.status, reply.code()), (400, "InvalidParameter"));
    assert!(reply.body["RequestId"].is_string());
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_in_the_clouds_format() {
    let server = common::mock().await;
    let client = reqwest::Client::new();
    let body = "a".repeat(ramkit_mock::MAX_BODY_BYTES + 1);
    let resp = client
        .post(format!("{}/", server.endpoint()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("answers");
    assert_eq!(resp.status().as_u16(), 400);
    let json: serde_json::Value = resp.json().await.expect("JSON");
    assert_eq!(json["Code"], "InvalidParameter.BodyTooLarge");
}

#[tokio::test]
async fn a_path_no_route_knows_answers_in_the_clouds_format() {
    let server = common::mock().await;
    let reply = common::send(&server, "GET", "/favicon.ico/x/y/z", &[]).await;
    assert_eq!((reply.status, reply.code()), (404, "InvalidAction.NotFound"));
}
