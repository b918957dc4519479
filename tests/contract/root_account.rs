//! The root account's own settings (`RamkitAccount` 2026-11-01, a ramkit
//! extension): logon email, mobile, password, basic information and
//! profile colour, through the real SDK against the in-process mock, with
//! the codes read from the outbox (ram-contract.md §5, §7 rows 1-11, 23).

use std::sync::Arc;
use std::time::Duration;

use ramkit::actions::{AccountType, IdentityVerificationStatus, ProfileColor};
use ramkit::{Client, Config, Credentials, Error, RetryConfig, SignatureAlgorithm};
use ramkit_mock::MockServer;
use ramkit_mock::state::{
    AccessKey, Account, ConsoleSession, LoginProfile, PasswordHash, Principal, SessionOwner, User,
};

use crate::common;

/// The error's code and HTTP status.
fn refusal(err: &Error) -> (String, u16) {
    let s = err.as_service_error().expect("a service error");
    (s.code().to_owned(), s.http_status())
}

fn logon_email(account: &Account) -> String {
    account.with_state(|s| s.root.logon_email.clone().expect("a logon email"))
}

fn mobile(account: &Account) -> String {
    account.with_state(|s| s.root.mobile.clone().expect("a mobile"))
}

/// Sends a code to `recipient` (and `new_address`) and reads it from the outbox.
async fn code_for(server: &MockServer, client: &Client, recipient: &str, address: &str, new: bool) -> String {
    let mut request = client.send_account_verification_code().recipient(recipient);
    if new {
        request = request.new_address(address);
    }
    request.send().await.expect("the code is sent");
    server.latest_code(address).expect("the code is in the outbox")
}

/// A code to the current logon email, proving the owner's identity.
async fn email_identity_code(server: &MockServer, client: &Client, account: &Account) -> String {
    code_for(server, client, "LogonEmail", &logon_email(account), false).await
}

/// Changes the default account's logon email to `new_email` with codes from the outbox.
async fn change_email(server: &MockServer, client: &Client, new_email: &str) -> Result<String, Error> {
    let identity = email_identity_code(server, client, server.account()).await;
    let new_code = code_for(server, client, "NewEmail", new_email, true).await;
    client
        .modify_account_email()
        .verify_type("Email")
        .verify_code(identity)
        .new_email(new_email)
        .new_email_verify_code(new_code)
        .send()
        .await
        .map(|r| r.logon_email)
}

fn no_retries(server: &MockServer) -> Client {
    let creds = server.credentials();
    Client::new(
        Config::builder()
            .endpoint(server.endpoint())
            .credentials(Credentials::new(&creds.access_key_id, creds.access_key_secret.as_str()))
            .retry(RetryConfig::disabled())
            .build()
            .expect("a config"),
    )
    .expect("a client")
}

fn ram_user(user_id: &str, name: &str, password: &str) -> User {
    User {
        user_id: user_id.into(),
        seq: 0,
        user_name: name.into(),
        display_name: name.into(),
        mobile_phone: String::new(),
        email: String::new(),
        comments: String::new(),
        create_date: 0,
        update_date: 0,
        last_login_date: None,
        login_profile: Some(LoginProfile {
            password: PasswordHash::new(password),
            previous: Vec::new(),
            password_set_at: 0,
            password_reset_required: false,
            mfa_bind_required: false,
            create_date: 0,
        }),
        policies: Vec::new(),
        access_keys: Vec::new(),
        failed_logons: Vec::new(),
        locked_until: None,
    }
}

fn session(id: &str, owner: SessionOwner, now: i64) -> ConsoleSession {
    ConsoleSession {
        id: id.into(),
        owner,
        source_ip: "192.0.2.1".into(),
        created_at: now,
        expires_at: now + 3600,
    }
}

#[tokio::test]
async fn a_new_account_shows_its_basic_information_with_a_masked_mobile() {
    let server = common::mock().await;
    let info = common::root_client(&server)
        .get_account_basic_info()
        .send()
        .await
        .expect("the root reads its information")
        .account_basic_info;
    let id = server.account().id();
    assert_eq!(info.account_id, id);
    assert_eq!(info.account_type, AccountType::Personal);
    assert_eq!(info.logon_email, format!("account-{id}@ramkit.invalid"));
    let full = mobile(server.account());
    assert_eq!(
        info.mobile_phone,
        format!("{}****{}", &full[..6], &full[full.len() - 4..])
    );
    assert_eq!(info.registration_country_code, "86");
    assert_eq!(
        info.identity_verification_status,
        IdentityVerificationStatus::Unverified
    );
    assert_eq!(info.avatar_initial, "A");
    assert_eq!(info.avatar_background_color, ProfileColor::Blue);
    assert!(!info.totp_bound);
}

#[tokio::test]
async fn an_enterprise_account_with_verified_identity_shows_both() {
    let server = common::mock().await;
    server.account().with_state(|s| {
        s.root.account_type = ramkit_mock::state::AccountType::Enterprise;
        s.root.identity_verification = ramkit_mock::state::IdentityVerification::Verified;
    });
    let info = common::root_client(&server)
        .get_account_basic_info()
        .send()
        .await
        .expect("read")
        .account_basic_info;
    assert_eq!(info.account_type, AccountType::Enterprise);
    assert_eq!(info.identity_verification_status, IdentityVerificationStatus::Verified);
}

#[tokio::test]
async fn ram_users_and_assumed_roles_get_no_permission_for_the_root_account_settings() {
    let server = common::mock().await;
    let (id, secret) = ramkit_mock::state::generate_key_pair();
    server.store().insert_key(
        id.clone(),
        AccessKey::new(
            Arc::clone(server.account()),
            Principal::User {
                user_id: "2000000000000001".into(),
            },
            secret.clone(),
            None,
        ),
    );
    let user = ramkit_mock::Credentials {
        access_key_id: id,
        access_key_secret: secret,
        security_token: None,
    };
    let expires = server.store().clock().now_secs() + 3600;
    let admin_role =
        server
            .store()
            .issue_sts_credentials(server.account(), "admin", vec!["AdministratorAccess".into()], expires);
    for creds in [&user, &admin_role] {
        let client = common::client_as(&server, creds, SignatureAlgorithm::AcsV3);
        let errors = [
            client.get_account_basic_info().send().await.expect_err("root only"),
            client
                .modify_account_profile_color()
                .background_color("Red")
                .send()
                .await
                .expect_err("root only"),
            client
                .send_account_verification_code()
                .recipient("LogonEmail")
                .send()
                .await
                .expect_err("root only"),
            client
                .modify_account_password()
                .verify_type("Email")
                .verify_code("123456")
                .new_password("Str0ng#Password")
                .send()
                .await
                .expect_err("root only"),
        ];
        for err in errors {
            assert_eq!(refusal(&err), ("NoPermission".into(), 403));
            let message = err.as_service_error().expect("a service error").message();
            assert!(message.contains("RAM users, RAM roles and SSO users"), "{message}");
        }
    }
    assert!(
        server.outbox(&logon_email(server.account())).is_empty(),
        "nothing was sent"
    );
}

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

#[tokio::test]
async fn a_wrong_code_is_refused_as_incorrect_and_uses_up_neither_code() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let identity = email_identity_code(&server, &client, server.account()).await;
    let new_code = code_for(&server, &client, "NewEmail", "new@example.com", true).await;
    let wrong = if identity == "000000" { "000001" } else { "000000" };
    let attempt = |verify: String, new: String| {
        client
            .modify_account_email()
            .verify_type("Email")
            .verify_code(verify)
            .new_email("new@example.com")
            .new_email_verify_code(new)
            .send()
    };
    let err = attempt(wrong.into(), new_code.clone())
        .await
        .expect_err("wrong identity code");
    assert_eq!(refusal(&err), ("InvalidParameter.VerifyCode.Incorrect".into(), 400));
    let wrong_new = if new_code == "000000" { "000001" } else { "000000" };
    let err = attempt(identity.clone(), wrong_new.into())
        .await
        .expect_err("wrong new code");
    assert_eq!(
        refusal(&err),
        ("InvalidParameter.NewEmailVerifyCode.Incorrect".into(), 400)
    );
    attempt(identity, new_code).await.expect("both right codes still work");
}

#[tokio::test]
async fn an_expired_code_is_refused_as_expired() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let identity = email_identity_code(&server, &client, server.account()).await;
    let new_code = code_for(&server, &client, "NewEmail", "new@example.com", true).await;
    server.store().clock().advance(Duration::from_secs(5 * 60));
    let err = client
        .modify_account_email()
        .verify_type("Email")
        .verify_code(identity)
        .new_email("new@example.com")
        .new_email_verify_code(new_code)
        .send()
        .await
        .expect_err("five minutes are over");
    assert_eq!(refusal(&err), ("InvalidParameter.VerifyCode.Expired".into(), 400));
}

#[tokio::test]
async fn a_used_code_is_refused_as_already_used() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let identity = code_for(&server, &client, "Mobile", &mobile(server.account()), false).await;
    let new_code = code_for(&server, &client, "NewEmail", "new@example.com", true).await;
    client
        .modify_account_email()
        .verify_type("Mobile")
        .verify_code(identity.clone())
        .new_email("new@example.com")
        .new_email_verify_code(new_code)
        .send()
        .await
        .expect("first use");
    let err = client
        .modify_account_password()
        .verify_type("Mobile")
        .verify_code(identity)
        .new_password("Str0ng#Password")
        .send()
        .await
        .expect_err("second use");
    assert_eq!(refusal(&err), ("InvalidParameter.VerifyCode.AlreadyUsed".into(), 400));
}

#[tokio::test]
async fn a_totp_code_proves_the_owners_identity_once() {
    let server = common::mock().await;
    let bound: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/_ramkit/totp?account_id={}",
            server.endpoint(),
            server.account().id()
        ))
        .send()
        .await
        .expect("the control plane answers")
        .json()
        .await
        .expect("JSON");
    let secret = bound["Secret"].as_str().expect("a secret");
    let bytes = totp_rs::Secret::Encoded(secret.to_owned()).to_bytes().expect("base32");
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).expect("RFC 6238");
    let code = totp.generate(server.store().clock().now_secs() as u64);

    let client = common::root_client(&server);
    let new_code = code_for(&server, &client, "NewEmail", "totp@example.com", true).await;
    client
        .modify_account_email()
        .verify_type("Totp")
        .verify_code(code.clone())
        .new_email("totp@example.com")
        .new_email_verify_code(new_code)
        .send()
        .await
        .expect("TOTP proves identity");
    let err = client
        .modify_account_password()
        .verify_type("Totp")
        .verify_code(code)
        .new_password("Str0ng#Password")
        .send()
        .await
        .expect_err("a TOTP code serves once");
    assert_eq!(refusal(&err), ("InvalidParameter.VerifyCode.AlreadyUsed".into(), 400));
}

#[tokio::test]
async fn a_new_mobile_must_carry_the_registration_country_code() {
    let server = common::mock().await;
    let client = no_retries(&server);
    for (number, code) in [
        ("1-2025550123", "InvalidParameter.NewMobilePhone.Region"),
        ("13812345678", "InvalidParameter.NewMobilePhone.Format"),
        ("86-2381234567", "InvalidParameter.NewMobilePhone.Format"),
    ] {
        let err = client
            .send_account_verification_code()
            .recipient("NewMobilePhone")
            .new_address(number)
            .send()
            .await
            .expect_err("refused");
        assert_eq!(refusal(&err), (code.into(), 400), "{number}");
        let err = client
            .modify_account_mobile()
            .verify_type("Email")
            .verify_code("123456")
            .new_mobile_phone(number)
            .new_mobile_phone_verify_code("123456")
            .send()
            .await
            .expect_err("refused");
        assert_eq!(refusal(&err), (code.into(), 400), "{number}");
    }
}

#[tokio::test]
async fn the_root_mobile_changes_and_the_old_number_no_longer_identifies_the_account() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let old = mobile(server.account());
    let identity = code_for(&server, &client, "Mobile", &old, false).await;
    let new_code = code_for(&server, &client, "NewMobilePhone", "86-13900001111", true).await;
    let changed = client
        .modify_account_mobile()
        .verify_type("Mobile")
        .verify_code(identity)
        .new_mobile_phone("86-13900001111")
        .new_mobile_phone_verify_code(new_code)
        .send()
        .await
        .expect("the change");
    assert_eq!(changed.mobile_phone, "86-139****1111");
    assert!(server.store().accounts_by_mobile(&old).is_empty());
    let bound = server.store().accounts_by_mobile("86-13900001111");
    assert_eq!(
        bound.iter().map(|a| a.id()).collect::<Vec<_>>(),
        [server.account().id()]
    );
}

#[tokio::test]
async fn a_seventh_account_cannot_bind_the_same_mobile() {
    let server = common::mock().await;
    let shared = "86-13700000007";
    let mut accounts: Vec<(Arc<Account>, Client)> = (0..6)
        .map(|_| {
            let (account, creds) = server.store().create_account(None);
            let client = common::client_as(&server, &creds, SignatureAlgorithm::AcsV3);
            (account, client)
        })
        .collect();
    accounts.push((Arc::clone(server.account()), common::root_client(&server)));
    for (i, (account, client)) in accounts.iter().enumerate() {
        // One code a minute may go to the shared number.
        server.store().clock().advance(Duration::from_secs(60));
        let identity = email_identity_code(&server, client, account).await;
        let new_code = code_for(&server, client, "NewMobilePhone", shared, true).await;
        let result = client
            .modify_account_mobile()
            .verify_type("Email")
            .verify_code(identity)
            .new_mobile_phone(shared)
            .new_mobile_phone_verify_code(new_code)
            .send()
            .await;
        if i < 6 {
            result.expect("up to six accounts share a number");
        } else {
            let err = result.expect_err("the seventh is refused");
            assert_eq!(refusal(&err), ("LimitExceeded.MobilePhone.Account".into(), 409));
            assert_ne!(mobile(account), shared);
        }
    }
    assert_eq!(server.store().accounts_by_mobile(shared).len(), 6);
}

#[tokio::test]
async fn resending_a_code_to_the_same_address_within_a_minute_is_throttled() {
    let server = common::mock().await;
    let client = no_retries(&server);
    let send = || client.send_account_verification_code().recipient("LogonEmail").send();
    let sent = send().await.expect("the first code");
    assert_eq!((sent.expires_in_seconds, sent.resend_interval_seconds), (300, 60));
    server.store().clock().advance(Duration::from_secs(59));
    let err = send().await.expect_err("too soon");
    assert_eq!(refusal(&err), ("Throttling.User".into(), 400));
    server.store().clock().advance(Duration::from_secs(1));
    send().await.expect("a minute later");
    assert_eq!(server.outbox(&logon_email(server.account())).len(), 2);
}

#[tokio::test]
async fn the_outbox_lists_the_codes_of_an_address_newest_first_and_no_response_shows_one() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let email = logon_email(server.account());
    let first = client
        .send_account_verification_code()
        .recipient("LogonEmail")
        .send()
        .await
        .expect("sent");
    server.store().clock().advance(Duration::from_secs(60));
    client
        .send_account_verification_code()
        .recipient("LogonEmail")
        .send()
        .await
        .expect("sent again");
    let listed: serde_json::Value = reqwest::Client::new()
        .get(format!(
            "{}/_ramkit/outbox?address={}",
            server.endpoint(),
            email.to_uppercase()
        ))
        .send()
        .await
        .expect("the control plane answers")
        .json()
        .await
        .expect("JSON");
    let messages = listed["Messages"].as_array().expect("messages");
    let codes: Vec<&str> = messages.iter().filter_map(|m| m["Code"].as_str()).collect();
    let local: Vec<String> = server.outbox(&email).into_iter().map(|m| m.code).collect();
    assert_eq!(codes, local);
    assert_eq!(codes.len(), 2);
    assert!(
        messages[0]["SentAt"].as_i64() > messages[1]["SentAt"].as_i64(),
        "newest first"
    );
    assert_eq!(messages[0]["Channel"], "Email");
    assert_eq!(messages[0]["AccountId"], server.account().id());
    assert!(first.destination.starts_with("a***@"), "{}", first.destination);
    assert!(
        !format!("{first:?}").contains(codes[1]),
        "the response never carries the code"
    );
}

#[tokio::test]
async fn a_root_password_change_ends_every_root_console_session_and_keeps_the_access_keys_working() {
    let server = common::mock().await;
    let now = server.store().clock().now_secs();
    let user_session = SessionOwner::User {
        user_id: "2000000000000001".into(),
    };
    server.account().with_state(|s| {
        s.console_sessions.open(session("root-1", SessionOwner::Root, now));
        s.console_sessions.open(session("root-2", SessionOwner::Root, now));
        s.console_sessions.open(session("user-1", user_session.clone(), now));
    });
    let client = common::root_client(&server);
    let identity = code_for(&server, &client, "Mobile", &mobile(server.account()), false).await;
    let changed = client
        .modify_account_password()
        .verify_type("Mobile")
        .verify_code(identity)
        .new_password("N3w#RootPassword")
        .send()
        .await
        .expect("the change");
    assert_eq!(changed.ended_console_sessions, 2);
    let live: Vec<SessionOwner> = server
        .account()
        .with_state(|s| s.console_sessions.live(now).map(|x| x.owner.clone()).collect());
    assert_eq!(live, [user_session], "only the root's sessions end");
    // The console logon seam: the root logs on with its email or mobile and the new password.
    let (email, number) = (logon_email(server.account()), mobile(server.account()));
    let root = server
        .store()
        .account_by_logon_email(&email)
        .expect("the email names the account");
    let accepts = |id: &str, password: &str| root.with_state(|s| s.root.accepts_logon(id, password));
    assert!(accepts(&email, "N3w#RootPassword") && accepts(&number, "N3w#RootPassword"));
    assert!(!accepts(&email, "n3w#rootpassword"));
    client
        .get_account_basic_info()
        .send()
        .await
        .expect("the root AccessKey keeps working");
}

#[tokio::test]
async fn a_weak_root_password_is_refused() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    for (password, code) in [
        ("alllowercase1", "InvalidParameter.NewPassword.TooWeak"),
        ("Sh0rt#", "InvalidParameter.NewPassword.Length"),
    ] {
        let err = client
            .modify_account_password()
            .verify_type("Email")
            .verify_code("123456")
            .new_password(password)
            .send()
            .await
            .expect_err("weak");
        assert_eq!(refusal(&err), (code.into(), 400));
    }
}

#[tokio::test]
async fn the_profile_colour_changes_within_the_fixed_palette_only() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let changed = client
        .modify_account_profile_color()
        .background_color("Purple")
        .send()
        .await
        .expect("in the palette");
    assert_eq!(changed.avatar_background_color, ProfileColor::Purple);
    let err = client
        .modify_account_profile_color()
        .background_color("Magenta")
        .send()
        .await
        .expect_err("not in the palette");
    assert_eq!(refusal(&err), ("InvalidParameter.BackgroundColor".into(), 400));
    let info = client.get_account_basic_info().send().await.expect("read");
    assert_eq!(info.account_basic_info.avatar_background_color, ProfileColor::Purple);
}

#[tokio::test]
async fn every_account_setting_is_marked_in_the_document_as_ramkits_own_and_root_only() {
    let doc: serde_json::Value = serde_json::from_str(ramkit_mock::openapi_json()).expect("the document");
    let paths = doc["paths"].as_object().expect("paths");
    let mut seen = 0;
    for (path, item) in paths {
        let Some(op) = item.get("post") else { continue };
        let ours = op["x-acs-product"] == "RamkitAccount";
        assert_eq!(path.starts_with("/ramkitaccount/2026-11-01/"), ours, "{path}");
        assert_eq!(
            op.get("x-ramkit-extension") == Some(&serde_json::json!(true)),
            ours,
            "{path}"
        );
        assert_eq!(
            op.get("x-ramkit-root-only") == Some(&serde_json::json!(true)),
            ours,
            "{path}"
        );
        seen += usize::from(ours);
    }
    assert_eq!(seen, 6);
}

#[tokio::test]
async fn codes_and_passwords_stay_out_of_the_sdks_debug_output() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let shown = format!(
        "{:?} {:?}",
        client
            .modify_account_password()
            .verify_type("Email")
            .verify_code("482915")
            .new_password("N3w#RootPassword"),
        client
            .modify_account_email()
            .verify_type("Email")
            .verify_code("482915")
            .new_email("new@example.com")
            .new_email_verify_code("771204"),
    );
    for secret in ["482915", "771204", "N3w#RootPassword"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
