//! Basic information, the profile colour, who may call the settings, and how the document marks them.

use super::*;

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
            let service = err.as_service_error().expect("a service error");
            let message = service.message();
            assert!(message.contains("RAM users, RAM roles and SSO users"), "{message}");
            let recommend = service.recommend().unwrap_or_default();
            assert!(recommend.contains("product=RamkitAccount"), "{recommend}");
        }
    }
    assert!(
        server.outbox(&logon_email(server.account())).is_empty(),
        "nothing was sent"
    );
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
async fn the_account_settings_answer_the_classic_rpc_signature_too() {
    let server = common::mock().await;
    let client = common::client_as(&server, server.credentials(), SignatureAlgorithm::RpcV1);
    let info = client.get_account_basic_info().send().await.expect("RPC-signed");
    assert_eq!(info.account_basic_info.account_id, server.account().id());
    let changed = client
        .modify_account_profile_color()
        .background_color("Cyan")
        .send()
        .await
        .expect("RPC-signed change");
    assert_eq!(changed.avatar_background_color, ProfileColor::Cyan);
}
