//! `ramkit-mock` embedded in a test: typed control-plane helpers and the
//! ready SDK client (`client` feature).

use std::time::Duration;

use ramkit_mock::MockServer;
use ramkit_mock::{FaultEffect, FaultRule};

use crate::common;

#[tokio::test]
async fn the_ready_client_signs_as_the_default_root() {
    let server = common::mock().await;
    let policy = server.client().get_password_policy().send().await.expect("answered");
    assert_eq!(policy.password_policy.minimum_password_length, 8);
}

#[tokio::test]
async fn many_servers_in_one_test_are_isolated_from_each_other() {
    let a = common::mock().await;
    let b = common::mock().await;
    a.client()
        .set_password_policy()
        .minimum_password_length(20u32)
        .send()
        .await
        .expect("set");
    let read = b.client().get_password_policy().send().await.expect("read");
    assert_eq!(read.password_policy.minimum_password_length, 8);
    assert_ne!(a.endpoint(), b.endpoint());
}

#[tokio::test]
async fn the_sdk_retries_a_throttled_call_and_the_log_shows_both_attempts() {
    let server = common::mock().await;
    server.throttle_next("GetPasswordPolicy", 1);
    server
        .client()
        .get_password_policy()
        .send()
        .await
        .expect("the retry succeeds");
    let outcomes: Vec<Option<String>> = server.requests().into_iter().map(|r| r.code).collect();
    assert_eq!(outcomes, [Some("Throttling.User".to_owned()), None]);
}

#[tokio::test]
async fn an_injected_error_reaches_the_sdk_with_its_code_and_status() {
    let server = common::mock().await;
    server
        .inject_fault(FaultRule {
            action: Some("SetPasswordPolicy".into()),
            account_id: None,
            effect: FaultEffect::Fail {
                code: "EntityAlreadyExists.Test".into(),
                status: 409,
                message: None,
            },
            times: Some(1),
            rate: None,
        })
        .expect("a valid rule");
    let err = server
        .client()
        .set_password_policy()
        .require_symbols(true)
        .send()
        .await
        .expect_err("refused");
    let service = err.as_service_error().expect("a service error");
    assert_eq!(
        (service.code(), service.http_status()),
        ("EntityAlreadyExists.Test", 409)
    );
    assert!(server.faults().is_empty(), "a one-time rule is gone once used");
}

#[tokio::test]
async fn moving_the_clock_from_the_test_refuses_a_client_signing_with_real_time() {
    let server = common::mock().await;
    server.freeze_clock();
    server.advance_clock(Duration::from_secs(20 * 60));
    let real_time = common::root_client_on_system_clock(&server);
    let err = real_time.get_password_policy().send().await.expect_err("stale");
    assert_eq!(err.code(), Some("InvalidTimeStamp.Expired"));
    server.reset();
    server
        .client()
        .get_password_policy()
        .send()
        .await
        .expect("reset puts the clock back");
}

#[tokio::test]
async fn a_snapshot_taken_in_a_test_restores_the_state_later() {
    let server = common::mock().await;
    let client = server.client();
    client
        .set_password_policy()
        .minimum_password_length(11u32)
        .send()
        .await
        .expect("set");
    let saved = server.snapshot();
    client
        .set_password_policy()
        .minimum_password_length(30u32)
        .send()
        .await
        .expect("set");
    server.import(saved).expect("imports");
    let read = client.get_password_policy().send().await.expect("read");
    assert_eq!(read.password_policy.minimum_password_length, 11);
}

#[tokio::test]
async fn a_fixture_given_at_start_is_there_from_the_first_request() {
    let fixture = "accounts:\n  - root_access_keys:\n      - {id: LTAI5tStartFixture00001, secret: start-secret}\n    password_policy: {minimum_password_length: 10}\n";
    let server = MockServer::builder().fixture(fixture).start().await.expect("starts");
    let creds = ramkit_mock::Credentials {
        access_key_id: "LTAI5tStartFixture00001".into(),
        access_key_secret: "start-secret".into(),
        security_token: None,
    };
    let client = common::client_as(&server, &creds, ramkit::SignatureAlgorithm::AcsV3);
    let read = client.get_password_policy().send().await.expect("read");
    assert_eq!(read.password_policy.minimum_password_length, 10);
    server.reset();
    client
        .get_password_policy()
        .send()
        .await
        .expect("a start-up fixture survives reset");
}

#[tokio::test]
async fn a_user_with_a_key_is_one_call_and_signs_as_that_user() {
    let server = common::mock().await;
    let reader = server
        .create_user_with_key("reader", &["AliyunRAMReadOnlyAccess"])
        .await
        .expect("created");
    let client = server.client_for(&reader);
    let users = client.list_users().send().await.expect("a reader may list");
    assert_eq!(users.users.user[0].user_name, "reader");
    let err = client
        .create_user()
        .user_name("x")
        .send()
        .await
        .expect_err("but not write");
    assert_eq!(err.code(), Some("NoPermission"));
}

#[tokio::test]
async fn the_ready_client_keeps_working_when_the_clock_moves() {
    let server = common::mock().await;
    server.advance_clock(Duration::from_secs(90 * 86_400));
    server
        .client()
        .get_password_policy()
        .send()
        .await
        .expect("dated by the mock's clock");
}

#[tokio::test]
async fn a_snapshot_carries_users_passwords_keys_and_the_root_identity_to_another_server() {
    let a = common::mock().await;
    let key = a
        .create_user_with_key("alice", &["ReadOnlyAccess"])
        .await
        .expect("created");
    a.client()
        .create_login_profile()
        .user_name("alice")
        .password("Alice#Pass1")
        .send()
        .await
        .expect("profile");
    let email = a
        .account()
        .with_state(|s| s.root.logon_email.clone())
        .expect("an email");

    let b = common::mock().await;
    b.import(a.snapshot()).expect("imported");
    b.client_for(&key)
        .list_users()
        .send()
        .await
        .expect("alice's key signs on b");
    let account = b
        .store()
        .account_by_logon_email(&email)
        .expect("the root email is indexed on b");
    assert_eq!(account.id(), a.account().id());
    let reply = reqwest::Client::new()
        .post(format!("{}/_ramkit/console/logon", b.endpoint()))
        .json(&serde_json::json!({
            "AccountId": a.account().id(), "UserName": "alice", "Password": "Alice#Pass1", "SourceIp": "10.0.0.1"
        }))
        .send()
        .await
        .expect("answer");
    assert_eq!(reply.status().as_u16(), 200, "alice's password survived as a hash");
}
