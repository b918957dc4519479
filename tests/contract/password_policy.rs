//! GetPasswordPolicy / SetPasswordPolicy through the real SDK against the
//! in-process mock (ram-contract.md §3.1).

use ramkit::SignatureAlgorithm;

use crate::common::{self, RawV3};

#[tokio::test]
async fn a_new_account_has_the_documented_default_password_policy() {
    let server = common::mock().await;
    let policy = common::root_client(&server)
        .get_password_policy()
        .send()
        .await
        .expect("the root reads its policy");
    let p = policy.password_policy;
    assert!(!policy.request_id.is_empty());
    assert_eq!(p.minimum_password_length, 8);
    assert!(
        !p.require_lowercase_characters && !p.require_uppercase_characters && !p.require_numbers && !p.require_symbols
    );
    assert!(!p.hard_expiry);
    assert_eq!(
        (p.max_password_age, p.password_reuse_prevention, p.max_login_attemps),
        (0, 0, 0)
    );
}

#[tokio::test]
async fn set_password_policy_changes_only_the_given_fields_and_returns_the_whole_policy() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let set = client
        .set_password_policy()
        .minimum_password_length(12u32)
        .require_symbols(true)
        .max_password_age(90u32)
        .send()
        .await
        .expect("a valid change");
    assert_eq!(set.password_policy.minimum_password_length, 12);
    assert!(set.password_policy.require_symbols);
    assert_eq!(set.password_policy.max_password_age, 90);

    let again = client
        .set_password_policy()
        .require_numbers(true)
        .send()
        .await
        .expect("a second change");
    let p = again.password_policy;
    assert_eq!(p.minimum_password_length, 12, "untouched fields keep their value");
    assert!(p.require_symbols && p.require_numbers);
    assert_eq!(p.max_password_age, 90);

    let read = client
        .get_password_policy()
        .send()
        .await
        .expect("read back")
        .password_policy;
    assert_eq!(read, p);
}

#[tokio::test]
async fn the_policy_round_trips_with_the_classic_rpc_signature() {
    let server = common::mock().await;
    let client = common::client_as(&server, server.credentials(), SignatureAlgorithm::RpcV1);
    client
        .set_password_policy()
        .password_reuse_prevention(5u32)
        .hard_expiry(true)
        .send()
        .await
        .expect("RPC-signed set");
    let p = client
        .get_password_policy()
        .send()
        .await
        .expect("RPC-signed get")
        .password_policy;
    assert_eq!(p.password_reuse_prevention, 5);
    assert!(p.hard_expiry);
}

#[tokio::test]
async fn out_of_range_values_are_refused_with_the_range_code_and_change_nothing() {
    let server = common::mock().await;
    let client = common::root_client(&server);
    let cases: [(&str, ramkit::actions::SetPasswordPolicy, &str); 6] = [
        (
            "MinimumPasswordLength",
            client.set_password_policy().minimum_password_length(7u32),
            "8 and 32",
        ),
        (
            "MinimumPasswordLength",
            client.set_password_policy().minimum_password_length(33u32),
            "8 and 32",
        ),
        (
            "MaxPasswordAge",
            client.set_password_policy().max_password_age(1096u32),
            "0 and 1095",
        ),
        (
            "PasswordReusePrevention",
            client.set_password_policy().password_reuse_prevention(25u32),
            "0 and 24",
        ),
        (
            "MaxLoginAttemps",
            client.set_password_policy().max_login_attemps(33u32),
            "0 and 32",
        ),
        (
            "MinimumPasswordLength",
            client
                .set_password_policy()
                .minimum_password_length(40u32)
                .require_numbers(true),
            "8 and 32",
        ),
    ];
    for (field, request, range) in cases {
        let err = request.send().await.expect_err("out of range");
        let service = err.as_service_error().expect("a service error");
        assert_eq!(service.code(), format!("InvalidParameter.{field}.Range"));
        assert_eq!(service.http_status(), 400);
        assert!(service.message().contains(range), "{}", service.message());
    }
    let p = client.get_password_policy().send().await.expect("read").password_policy;
    assert_eq!(p.minimum_password_length, 8);
    assert!(
        !p.require_numbers,
        "a refused request changes nothing, not even its valid fields"
    );
}

#[tokio::test]
async fn the_exact_message_of_the_documented_range_error_is_kept() {
    let server = common::mock().await;
    let err = common::root_client(&server)
        .set_password_policy()
        .minimum_password_length(40u32)
        .send()
        .await
        .expect_err("40");
    assert_eq!(
        err.as_service_error().expect("a service error").message(),
        "The parameter - \"MinimumPasswordLength\" MUST be in the range of 8 and 32."
    );
}

#[tokio::test]
async fn booleans_are_accepted_in_any_case_as_the_python_sdk_sends_them() {
    let server = common::mock().await;
    let reply = common::send_v3(
        &server,
        &RawV3::new(
            "SetPasswordPolicy",
            &[("RequireSymbols", "True"), ("HardExpiry", "FALSE")],
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["PasswordPolicy"]["RequireSymbols"], true);
    assert_eq!(reply.body["PasswordPolicy"]["HardExpiry"], false);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_refused_with_the_format_code() {
    let server = common::mock().await;
    for (name, value) in [("RequireSymbols", "yes"), ("MaxPasswordAge", "ninety")] {
        let reply = common::send_v3(&server, &RawV3::new("SetPasswordPolicy", &[(name, value)])).await;
        assert_eq!(
            (reply.status, reply.code()),
            (400, format!("InvalidParameter.{name}.Format").as_str())
        );
    }
}

#[tokio::test]
async fn accounts_are_isolated_by_the_access_key_that_signs() {
    let server = common::mock().await;
    let (_, other) = server.store().create_account(None);
    let other_client = common::client_as(&server, &other, SignatureAlgorithm::AcsV3);
    other_client
        .set_password_policy()
        .minimum_password_length(20u32)
        .send()
        .await
        .expect("the other root sets its own");
    let mine = common::root_client(&server)
        .get_password_policy()
        .send()
        .await
        .expect("read")
        .password_policy;
    assert_eq!(mine.minimum_password_length, 8);
    let theirs = other_client
        .get_password_policy()
        .send()
        .await
        .expect("read")
        .password_policy;
    assert_eq!(theirs.minimum_password_length, 20);
}

#[tokio::test]
async fn a_read_only_role_session_can_read_the_policy_but_not_change_it() {
    let server = common::mock().await;
    let expires = server.store().clock().now_secs() + 3600;
    let sts = server.store().issue_sts_credentials(
        server.account(),
        "auditor",
        vec!["AliyunRAMReadOnlyAccess".into()],
        expires,
    );
    let client = common::client_as(&server, &sts, SignatureAlgorithm::AcsV3);
    client.get_password_policy().send().await.expect("read-only may read");
    let err = client
        .set_password_policy()
        .require_numbers(true)
        .send()
        .await
        .expect_err("read-only may not write");
    let service = err.as_service_error().expect("a service error");
    assert_eq!((service.code(), service.http_status()), ("NoPermission", 403));
}

#[tokio::test]
async fn sdk_errors_carry_the_request_id_host_and_recommendation_and_show_them() {
    let server = common::mock().await;
    let err = common::root_client(&server)
        .set_password_policy()
        .max_login_attemps(99u32)
        .send()
        .await
        .expect_err("99");
    let service = err.as_service_error().expect("a service error");
    let request_id = service.request_id().expect("a request id");
    assert_eq!(request_id.len(), 36);
    assert_eq!(request_id, request_id.to_uppercase());
    assert_eq!(service.host_id(), Some(server.endpoint().trim_start_matches("http://")));
    assert!(
        service
            .recommend()
            .expect("a recommendation")
            .contains("InvalidParameter.MaxLoginAttemps.Range")
    );
    let shown = err.to_string();
    for part in ["InvalidParameter.MaxLoginAttemps.Range", "400", request_id] {
        assert!(shown.contains(part), "{shown} lacks {part}");
    }
    assert!(!shown.contains(&server.credentials().access_key_secret));
}
