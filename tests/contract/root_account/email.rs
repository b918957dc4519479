//! The logon email: shape, uniqueness across accounts, and what a change leaves alone.

use super::*;

#[tokio::test]
async fn changing_the_logon_email_changes_only_the_logon_credential() {
    let server = common::mock().await;
    let account = server.account();
    account.with_state(|s| {
        s.users.insert(ram_user("2000000000000001", "alice", "Alice#Passw0rd"));
    });
    let users_before = account.with_state(|s| s.users.clone());
    let (user_key, user_secret) = ramkit_mock::state::generate_key_pair();
    server.store().insert_key(
        user_key.clone(),
        AccessKey::new(
            Arc::clone(account),
            Principal::User {
                user_id: "2000000000000001".into(),
            },
            user_secret.clone(),
            None,
        ),
    );
    let expires = server.store().clock().now_secs() + 3600;
    let auditor =
        server
            .store()
            .issue_sts_credentials(account, "auditor", vec!["AliyunRAMReadOnlyAccess".into()], expires);
    let old_email = logon_email(account);
    let client = common::root_client(&server);

    let changed = change_email(&server, &client, "Owner@Example.com")
        .await
        .expect("the change");
    assert_eq!(changed, "Owner@Example.com");

    // The new email identifies the account; the old one no longer does.
    let store = server.store();
    assert!(store.account_by_logon_email(&old_email).is_none());
    let found = store
        .account_by_logon_email("owner@example.com")
        .expect("the new email");
    assert_eq!(found.id(), account.id());
    // The root's AccessKey signs, and the account id is the same.
    let info = client.get_account_basic_info().send().await.expect("root key");
    assert_eq!(info.account_basic_info.account_id, account.id());
    assert_eq!(info.account_basic_info.logon_email, "Owner@Example.com");
    assert_eq!(info.account_basic_info.avatar_initial, "O");
    // RAM users and their login profiles are untouched; their passwords still match.
    let users_after = account.with_state(|s| s.users.clone());
    assert_eq!(users_after, users_before);
    let profile = users_after
        .get("alice")
        .and_then(|u| u.login_profile.clone())
        .expect("alice's profile");
    assert!(profile.password.matches("Alice#Passw0rd"));
    // Every other AccessKey still signs: the role session is served, the
    // RAM user's key authenticates (and is then judged by its permissions).
    common::client_as(&server, &auditor, SignatureAlgorithm::AcsV3)
        .get_password_policy()
        .send()
        .await
        .expect("the role session's key");
    let user_creds = ramkit_mock::Credentials {
        access_key_id: user_key,
        access_key_secret: user_secret,
        security_token: None,
    };
    let err = common::client_as(&server, &user_creds, SignatureAlgorithm::AcsV3)
        .get_password_policy()
        .send()
        .await
        .expect_err("the base mock grants RAM users nothing yet");
    assert_eq!(
        refusal(&err),
        ("NoPermission".into(), 403),
        "authenticated, not refused as a key"
    );
}

#[tokio::test]
async fn a_malformed_new_email_is_refused() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let err = client
        .send_account_verification_code()
        .recipient("NewEmail")
        .new_address("owner at example.com")
        .send()
        .await
        .expect_err("no code to a malformed address");
    assert_eq!(refusal(&err), ("InvalidParameter.NewAddress.Format".into(), 400));
    let identity = email_identity_code(&server, &client, server.account()).await;
    let err = client
        .modify_account_email()
        .verify_type("Email")
        .verify_code(identity)
        .new_email("owner@example")
        .new_email_verify_code("123456")
        .send()
        .await
        .expect_err("malformed");
    assert_eq!(refusal(&err), ("InvalidParameter.NewEmail.Format".into(), 400));
}

#[tokio::test]
async fn an_email_that_is_another_accounts_logon_email_is_refused() {
    let server = common::mock().await;
    let (other, _) = server.store().create_account(None);
    let taken = logon_email(&other).to_uppercase();
    let before = logon_email(server.account());
    let err = change_email(&server, &common::root_client(&server), &taken)
        .await
        .expect_err("taken");
    assert_eq!(refusal(&err), ("EntityAlreadyExists.Email".into(), 409));
    assert_eq!(logon_email(server.account()), before);
    let owner = server
        .store()
        .account_by_logon_email(&taken)
        .expect("still the other's");
    assert_eq!(owner.id(), other.id());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_accounts_racing_for_one_email_cannot_both_get_it() {
    let server = common::mock().await;
    let target = "contested@example.com";
    let mut racers = Vec::new();
    for _ in 0..2 {
        let (account, creds) = server.store().create_account(None);
        let client = common::client_as(&server, &creds, SignatureAlgorithm::AcsV3);
        // One code a minute may go to the contested address.
        server.store().clock().advance(Duration::from_secs(60));
        let identity = email_identity_code(&server, &client, &account).await;
        let new_code = code_for(&server, &client, "NewEmail", target, true).await;
        let request = client
            .modify_account_email()
            .verify_type("Email")
            .verify_code(identity)
            .new_email(target)
            .new_email_verify_code(new_code);
        racers.push((account, request));
    }
    let (a, b) = (racers.remove(0), racers.remove(0));
    let (ra, rb) = tokio::join!(a.1.send(), b.1.send());
    assert!(ra.is_ok() != rb.is_ok(), "exactly one wins: {ra:?} / {rb:?}");
    let (winner, loser, err) = match (ra, rb) {
        (Ok(_), Err(e)) => (a.0, b.0, e),
        (Err(e), Ok(_)) => (b.0, a.0, e),
        _ => unreachable!("checked above"),
    };
    assert_eq!(refusal(&err), ("EntityAlreadyExists.Email".into(), 409));
    assert_eq!(logon_email(&winner), target);
    assert_ne!(logon_email(&loser), target);
    let owner = server.store().account_by_logon_email(target).expect("claimed");
    assert_eq!(owner.id(), winner.id());
    let loser_email = logon_email(&loser);
    let loser_owner = server.store().account_by_logon_email(&loser_email).expect("kept");
    assert_eq!(loser_owner.id(), loser.id());
}
