//! RAM user passwords (seeds/004, ram-contract.md §3.1 and §7 rows 12-21):
//! the policy on every new password, ChangePassword, reuse prevention, and
//! what a password change does to sessions and AccessKeys.

use std::time::Duration;

use serde_json::json;

use crate::common::{self, RawV3, refusal};

const GOOD: &str = "Initial#Pass1";

#[tokio::test]
async fn create_login_profile_refuses_a_password_that_breaks_the_policy() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.set_password_policy()
        .require_symbols(true)
        .send()
        .await
        .expect("policy");
    root.create_user().user_name("alice").send().await.expect("user");
    let weak = root
        .create_login_profile()
        .user_name("alice")
        .password("NoSymbols123")
        .send()
        .await;
    assert_eq!(refusal(weak), ("InvalidParameter.Password.TooWeak".into(), 400));
    let err = root.get_login_profile().user_name("alice").send().await;
    assert_eq!(
        refusal(err).0,
        "EntityNotExist.User.LoginProfile",
        "nothing was created"
    );
}

#[tokio::test]
async fn update_login_profile_refuses_a_password_that_breaks_the_policy() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    common::user_with_password(&server, &root, "alice", GOOD).await;
    root.set_password_policy()
        .minimum_password_length(20u32)
        .send()
        .await
        .expect("policy");
    let weak = root
        .update_login_profile()
        .user_name("alice")
        .password("Short#Pass1")
        .send()
        .await;
    assert_eq!(refusal(weak), ("InvalidParameter.Password.TooWeak".into(), 400));
    common::logon(&server, "alice", GOOD).await;
}

#[tokio::test]
async fn change_password_refuses_a_new_password_that_breaks_the_policy() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    root.set_password_policy()
        .require_numbers(true)
        .send()
        .await
        .expect("policy");
    let weak = alice
        .change_password()
        .old_password(GOOD)
        .new_password("NoDigits#Here")
        .send()
        .await;
    assert_eq!(refusal(weak), ("InvalidParameter.NewPassword.TooWeak".into(), 400));
}

#[tokio::test]
async fn the_root_cannot_call_change_password() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let err = root
        .change_password()
        .old_password(GOOD)
        .new_password("Other#Pass2")
        .send()
        .await;
    assert_eq!(refusal(err), ("NotSupport.Account".into(), 400));
}

#[tokio::test]
async fn change_password_needs_the_current_password() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    let err = alice
        .change_password()
        .old_password("Wrong#Pass1")
        .new_password("Other#Pass2")
        .send()
        .await;
    assert_eq!(refusal(err), ("InvalidParameter.OldPassword.Incorrect".into(), 400));
    common::logon(&server, "alice", GOOD).await;
}

#[tokio::test]
async fn change_password_refuses_the_last_password_reuse_prevention_passwords() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", "Pass#0001").await;
    root.set_password_policy()
        .password_reuse_prevention(3u32)
        .send()
        .await
        .expect("policy");
    for (old, new) in [("Pass#0001", "Pass#0002"), ("Pass#0002", "Pass#0003")] {
        alice
            .change_password()
            .old_password(old)
            .new_password(new)
            .send()
            .await
            .expect("a fresh password");
    }
    for reused in ["Pass#0003", "Pass#0002", "Pass#0001"] {
        let err = alice
            .change_password()
            .old_password("Pass#0003")
            .new_password(reused)
            .send()
            .await;
        assert_eq!(
            refusal(err),
            ("InvalidParameter.NewPassword.ReusePrevention".into(), 400),
            "{reused} is one of the last three"
        );
    }
    alice
        .change_password()
        .old_password("Pass#0003")
        .new_password("Pass#0004")
        .send()
        .await
        .expect("new");
    alice
        .change_password()
        .old_password("Pass#0004")
        .new_password("Pass#0001")
        .send()
        .await
        .expect("four generations back is allowed again");
}

#[tokio::test]
async fn change_password_clears_password_reset_required() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    root.update_login_profile()
        .user_name("alice")
        .password_reset_required(true)
        .send()
        .await
        .expect("flag");
    alice
        .change_password()
        .old_password(GOOD)
        .new_password("Second#Pass2")
        .send()
        .await
        .expect("change");
    let profile = root
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .expect("profile")
        .login_profile;
    assert!(!profile.password_reset_required);
    common::logon(&server, "alice", "Second#Pass2").await;
}

#[tokio::test]
async fn change_password_forgets_failed_logons() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    root.set_password_policy()
        .max_login_attemps(3u32)
        .send()
        .await
        .expect("policy");
    for _ in 0..2 {
        let reply = common::console_logon(&server, json!({"UserName": "alice", "Password": "Wrong#1"})).await;
        assert_eq!(reply.code(), "ConsoleLogon.PasswordIncorrect");
    }
    alice
        .change_password()
        .old_password(GOOD)
        .new_password("Second#Pass2")
        .send()
        .await
        .expect("change");
    for _ in 0..2 {
        let reply = common::console_logon(&server, json!({"UserName": "alice", "Password": "Wrong#1"})).await;
        assert_eq!(
            reply.code(),
            "ConsoleLogon.PasswordIncorrect",
            "the count restarted at zero"
        );
    }
    common::logon(&server, "alice", "Second#Pass2").await;
}

#[tokio::test]
async fn change_password_restarts_the_password_age() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    root.set_password_policy()
        .max_password_age(90u32)
        .send()
        .await
        .expect("policy");
    server.store().clock().advance(Duration::from_secs(80 * 86_400));
    alice
        .change_password()
        .old_password(GOOD)
        .new_password("Second#Pass2")
        .send()
        .await
        .expect("change");
    server.store().clock().advance(Duration::from_secs(20 * 86_400));
    common::logon(&server, "alice", "Second#Pass2").await;
}

#[tokio::test]
async fn a_password_change_by_the_user_ends_its_sessions_and_its_roles_sessions_but_not_its_access_keys() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    common::user_with_password(&server, &root, "bob", GOOD).await;
    let session = common::logon(&server, "alice", GOOD).await;
    let role = assume_role(&server, &session, "Auditor").await;
    let bobs = common::logon(&server, "bob", GOOD).await;
    assert_eq!(common::live_sessions(&server).await.len(), 3);

    alice
        .change_password()
        .old_password(GOOD)
        .new_password("Second#Pass2")
        .send()
        .await
        .expect("change");

    let live = common::live_sessions(&server).await;
    assert!(
        !live.contains(&session) && !live.contains(&role),
        "alice's and her role's sessions ended"
    );
    assert_eq!(live, vec![bobs], "other users' sessions go on");
    alice.list_access_keys().send().await.map(drop).unwrap_or_else(|e| {
        // alice has no policy and AccessKey self-service is off: what matters
        // is that her key still authenticates and is only refused by RAM.
        assert_eq!(e.code(), Some("NoPermission"), "the key still signs: {e}");
    });
    alice
        .change_password()
        .old_password("Second#Pass2")
        .new_password("Third#Pass3")
        .send()
        .await
        .expect("the user's AccessKey keeps working after the change");
}

#[tokio::test]
async fn an_administrator_reset_ends_the_users_sessions_and_keeps_its_access_keys() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    let session = common::logon(&server, "alice", GOOD).await;
    root.update_login_profile()
        .user_name("alice")
        .password("Reset#Pass9")
        .send()
        .await
        .expect("reset");
    assert!(!common::live_sessions(&server).await.contains(&session));
    alice
        .change_password()
        .old_password("Reset#Pass9")
        .new_password("Mine#Pass10")
        .send()
        .await
        .expect("the key still signs");
}

#[tokio::test]
async fn update_login_profile_without_a_login_profile_fails_with_entity_not_exist() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    let err = root
        .update_login_profile()
        .user_name("alice")
        .password(GOOD)
        .send()
        .await;
    assert_eq!(refusal(err), ("EntityNotExist.User.LoginProfile".into(), 404));
}

#[tokio::test]
async fn change_password_is_refused_while_users_may_not_change_their_password() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", GOOD).await;
    root.set_security_preference()
        .allow_user_to_change_password(false)
        .send()
        .await
        .expect("pref");
    let err = alice
        .change_password()
        .old_password(GOOD)
        .new_password("Second#Pass2")
        .send()
        .await;
    assert_eq!(refusal(err), ("NoPermission".into(), 403));
}

#[tokio::test]
async fn no_response_ever_contains_a_password() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    let secret = "Very#Secret#Pass1";
    let requests = [
        RawV3::new("CreateLoginProfile", &[("UserName", "alice"), ("Password", secret)]),
        RawV3::new("GetLoginProfile", &[("UserName", "alice")]),
        RawV3::new(
            "UpdateLoginProfile",
            &[("UserName", "alice"), ("Password", "Other#Secret#2")],
        ),
        RawV3::new("GetUser", &[("UserName", "alice")]),
        RawV3::new("ListUsers", &[]),
    ];
    for req in &requests {
        let reply = common::send_v3(&server, req).await;
        assert_eq!(reply.status, 200, "{}: {:?}", req.action, reply.body);
        let text = reply.body.to_string();
        assert!(
            !text.contains(secret) && !text.contains("Other#Secret#2"),
            "{}: {text}",
            req.action
        );
        assert!(
            !text.to_ascii_lowercase().contains("\"password\""),
            "{}: {text}",
            req.action
        );
    }
}

async fn assume_role(server: &ramkit_mock::MockServer, session: &str, role: &str) -> String {
    let body: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/_ramkit/console/sessions/{session}/assume-role",
            server.endpoint()
        ))
        .json(&json!({"AccountId": server.account().id(), "RoleName": role}))
        .send()
        .await
        .expect("the mock answers")
        .json()
        .await
        .expect("JSON");
    body["SessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("a role session: {body}"))
        .to_owned()
}
