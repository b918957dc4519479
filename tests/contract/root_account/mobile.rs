//! The root mobile: registration region, the six-account limit, the old number released.

use super::*;

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
