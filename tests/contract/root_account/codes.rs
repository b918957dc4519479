//! Verification codes: wrong, expired and used codes each refused with their own code, TOTP, resend throttling, the outbox.

use super::*;

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
async fn resending_a_code_to_the_same_address_within_a_minute_is_throttled() {
    let server = common::mock().await;
    // Stopped, so that only the test moves it: 59 s stay 59 s on a slow machine.
    let clock = server.store().clock();
    clock.freeze_at(clock.now_ms());
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
        codes
            .iter()
            .all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit()))
    );
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
