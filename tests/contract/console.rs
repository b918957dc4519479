//! The simulated console logon (control plane): the password policy and the
//! security preference where they bite, at logon. Time is the mock's clock.

use std::time::Duration;

use serde_json::json;

use crate::common;

const PASSWORD: &str = "Alice#Pass1";

/// Freezes the mock's clock (so that moving it is exact to the second) and
/// creates alice with a login profile.
async fn alice(server: &ramkit_mock::MockServer) -> ramkit::Client {
    let clock = server.store().clock();
    clock.freeze_at(clock.now_secs() * 1000);
    let root = common::root_client(server);
    common::user_with_password(server, &root, "alice", PASSWORD).await;
    root
}

async fn logon_as(server: &ramkit_mock::MockServer, body: serde_json::Value) -> common::Reply {
    common::console_logon(server, body).await
}

#[tokio::test]
async fn a_user_logs_on_with_its_password_and_the_session_lasts_login_session_duration() {
    let server = common::mock().await;
    let root = alice(&server).await;
    let clock = server.store().clock();
    root.set_security_preference()
        .login_session_duration(2u32)
        .send()
        .await
        .expect("pref");
    let reply = logon_as(&server, json!({"UserName": "alice", "Password": PASSWORD})).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["PrincipalType"], "User");
    assert_eq!(reply.body["PrincipalName"], "alice");
    let user = root.get_user().user_name("alice").send().await.expect("user").user;
    assert!(user.last_login_date.is_some(), "the logon is recorded");

    clock.advance(Duration::from_secs(2 * 3600 - 1));
    assert_eq!(common::live_sessions(&server).await.len(), 1);
    clock.advance(Duration::from_secs(1));
    assert!(
        common::live_sessions(&server).await.is_empty(),
        "the session expired after 2 hours"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused() {
    let server = common::mock().await;
    alice(&server).await;
    let reply = logon_as(&server, json!({"UserName": "alice", "Password": "Wrong#Pass1"})).await;
    assert_eq!((reply.status, reply.code()), (400, "ConsoleLogon.PasswordIncorrect"));
    assert!(
        reply.body["RequestId"].is_string() && reply.body["Message"].is_string(),
        "the cloud's error format"
    );
}

#[tokio::test]
async fn max_login_attempts_wrong_passwords_lock_the_user_for_an_hour() {
    let server = common::mock().await;
    let root = alice(&server).await;
    root.set_password_policy()
        .max_login_attemps(3u32)
        .send()
        .await
        .expect("policy");
    for _ in 0..3 {
        let reply = logon_as(&server, json!({"UserName": "alice", "Password": "Wrong#Pass1"})).await;
        assert_eq!(reply.code(), "ConsoleLogon.PasswordIncorrect");
    }
    let locked = logon_as(&server, json!({"UserName": "alice", "Password": PASSWORD})).await;
    assert_eq!(
        (locked.status, locked.code()),
        (403, "ConsoleLogon.UserLocked"),
        "even the right password"
    );
    server.store().clock().advance(Duration::from_secs(3599));
    let still = logon_as(&server, json!({"UserName": "alice", "Password": PASSWORD})).await;
    assert_eq!(still.code(), "ConsoleLogon.UserLocked");
    server.store().clock().advance(Duration::from_secs(1));
    common::logon(&server, "alice", PASSWORD).await;
}

#[tokio::test]
async fn wrong_passwords_spread_over_more_than_an_hour_do_not_lock() {
    let server = common::mock().await;
    let root = alice(&server).await;
    root.set_password_policy()
        .max_login_attemps(2u32)
        .send()
        .await
        .expect("policy");
    logon_as(&server, json!({"UserName": "alice", "Password": "Wrong#Pass1"})).await;
    server.store().clock().advance(Duration::from_secs(3600));
    logon_as(&server, json!({"UserName": "alice", "Password": "Wrong#Pass1"})).await;
    common::logon(&server, "alice", PASSWORD).await;
}

#[tokio::test]
async fn an_expired_password_blocks_logon_under_hard_expiry() {
    let server = common::mock().await;
    let root = alice(&server).await;
    root.set_password_policy()
        .max_password_age(30u32)
        .hard_expiry(true)
        .send()
        .await
        .expect("policy");
    server.store().clock().advance(Duration::from_secs(30 * 86_400));
    let reply = logon_as(
        &server,
        json!({"UserName": "alice", "Password": PASSWORD, "NewPassword": "Fresh#Pass2"}),
    )
    .await;
    assert_eq!((reply.status, reply.code()), (403, "ConsoleLogon.PasswordExpired"));
    root.update_login_profile()
        .user_name("alice")
        .password("Admin#Reset3")
        .send()
        .await
        .expect("reset");
    common::logon(&server, "alice", "Admin#Reset3").await;
}

#[tokio::test]
async fn an_expired_password_demands_a_change_at_logon_without_hard_expiry() {
    let server = common::mock().await;
    let root = alice(&server).await;
    root.set_password_policy()
        .max_password_age(30u32)
        .send()
        .await
        .expect("policy");
    server.store().clock().advance(Duration::from_secs(31 * 86_400));
    let reply = logon_as(&server, json!({"UserName": "alice", "Password": PASSWORD})).await;
    assert_eq!(
        (reply.status, reply.code()),
        (403, "ConsoleLogon.PasswordChangeRequired")
    );
    let reused = logon_as(
        &server,
        json!({"UserName": "alice", "Password": PASSWORD, "NewPassword": "short"}),
    )
    .await;
    assert_eq!(
        reused.code(),
        "InvalidParameter.NewPassword.TooWeak",
        "the new one meets the policy"
    );
    let changed = logon_as(
        &server,
        json!({"UserName": "alice", "Password": PASSWORD, "NewPassword": "Fresh#Pass2"}),
    )
    .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    common::logon(&server, "alice", "Fresh#Pass2").await;
}

#[tokio::test]
async fn password_reset_required_demands_a_change_at_logon() {
    let server = common::mock().await;
    let root = alice(&server).await;
    root.update_login_profile()
        .user_name("alice")
        .password_reset_required(true)
        .send()
        .await
        .expect("flag");
    let reply = logon_as(&server, json!({"UserName": "alice", "Password": PASSWORD})).await;
    assert_eq!(reply.code(), "ConsoleLogon.PasswordChangeRequired");
    let changed = logon_as(
        &server,
        json!({"UserName": "alice", "Password": PASSWORD, "NewPassword": "Fresh#Pass2"}),
    )
    .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    let profile = root
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .expect("profile")
        .login_profile;
    assert!(!profile.password_reset_required);
}

#[tokio::test]
async fn login_network_masks_refuse_other_source_ips() {
    let server = common::mock().await;
    let root = alice(&server).await;
    root.set_security_preference()
        .login_network_masks("10.0.0.0/8;192.168.1.0/24")
        .send()
        .await
        .expect("pref");
    let outside = logon_as(
        &server,
        json!({"UserName": "alice", "Password": PASSWORD, "SourceIp": "203.0.113.5"}),
    )
    .await;
    assert_eq!(
        (outside.status, outside.code()),
        (403, "ConsoleLogon.SourceIpNotAllowed")
    );
    let inside = logon_as(
        &server,
        json!({"UserName": "alice", "Password": PASSWORD, "SourceIp": "10.1.2.3"}),
    )
    .await;
    assert_eq!(inside.status, 200, "{:?}", inside.body);
}

#[tokio::test]
async fn a_session_logged_off_is_gone() {
    let server = common::mock().await;
    alice(&server).await;
    let session = common::logon(&server, "alice", PASSWORD).await;
    let resp = reqwest::Client::new()
        .delete(format!(
            "{}/_ramkit/console/sessions/{session}?AccountId={}",
            server.endpoint(),
            server.account().id()
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(common::live_sessions(&server).await.is_empty());
}

#[tokio::test]
async fn the_root_logs_on_with_its_logon_email_and_password_once_both_exist() {
    let server = common::mock().await;
    let refused = logon_as(
        &server,
        json!({"LogonId": "owner@example.com", "Password": "Root#Pass1"}),
    )
    .await;
    assert_eq!(refused.code(), "ConsoleLogon.PasswordIncorrect");
    server.account().with_state(|s| {
        s.root.logon_email = Some("owner@example.com".into());
        s.root.password = Some(ramkit_mock::state::PasswordHash::new("Root#Pass1"));
    });
    let reply = logon_as(
        &server,
        json!({"LogonId": "Owner@Example.com", "Password": "Root#Pass1"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["PrincipalType"], "Root");
}

#[tokio::test]
async fn a_logon_to_an_unknown_account_is_refused_in_the_clouds_format() {
    let server = common::mock().await;
    let resp = reqwest::Client::new()
        .post(format!("{}/_ramkit/console/logon", server.endpoint()))
        .json(&json!({"AccountId": "0000000000000000", "UserName": "x", "Password": "y", "SourceIp": "10.0.0.1"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 404);
    let body: serde_json::Value = resp.json().await.expect("JSON");
    assert_eq!(body["Code"], "EntityNotExist.Account");
    let bad = reqwest::Client::new()
        .post(format!("{}/_ramkit/console/logon", server.endpoint()))
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("answer");
    assert_eq!(bad.status().as_u16(), 400);
    let body: serde_json::Value = bad.json().await.expect("JSON");
    assert_eq!(body["Code"], "InvalidRequest");
    assert!(body["RequestId"].is_string() && body["Message"].is_string(), "{body}");
}

#[tokio::test]
async fn the_root_logs_on_by_its_logon_email_or_mobile_alone() {
    let server = common::mock().await;
    let (email, mobile) = server.account().with_state(|s| {
        s.root.password = Some(ramkit_mock::state::PasswordHash::new("Root#Pass1"));
        (
            s.root.logon_email.clone().expect("an email"),
            s.root.mobile.clone().expect("a mobile"),
        )
    });
    for logon_id in [email, mobile] {
        let reply = reqwest::Client::new()
            .post(format!("{}/_ramkit/console/logon", server.endpoint()))
            .json(&json!({"LogonId": logon_id, "Password": "Root#Pass1", "SourceIp": "10.0.0.1"}))
            .send()
            .await
            .expect("answer");
        assert_eq!(reply.status().as_u16(), 200, "{logon_id}");
    }
    assert_eq!(common::live_sessions(&server).await.len(), 2);
}
