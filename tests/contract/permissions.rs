//! Who may call what (ram-contract.md §7 rows 12-15): the root everything,
//! RAM users what their system policies allow, plus self-service under the
//! security preference; everything else `NoPermission` with its detail.

use crate::common::{self, refusal};

#[tokio::test]
async fn the_root_may_call_every_ram_action() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("CreateUser");
    root.attach_policy_to_user()
        .policy_type("System")
        .policy_name("ReadOnlyAccess")
        .user_name("alice")
        .send()
        .await
        .expect("AttachPolicyToUser");
    root.list_users().send().await.expect("ListUsers");
    root.set_security_preference()
        .login_session_duration(8u32)
        .send()
        .await
        .expect("SetSecurityPreference");
    root.create_access_key()
        .send()
        .await
        .expect("CreateAccessKey for itself");
}

#[tokio::test]
async fn a_user_with_administrator_access_may_manage_other_users() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (admin, _) = common::user_with_key(&server, &root, "admin").await;
    attach(&root, "admin", "AdministratorAccess").await;
    admin.create_user().user_name("bob").send().await.expect("CreateUser");
    admin
        .create_login_profile()
        .user_name("bob")
        .password("Bob#Pass123")
        .send()
        .await
        .expect("profile");
    admin
        .update_login_profile()
        .user_name("bob")
        .password("Bob#Pass456")
        .send()
        .await
        .expect("reset");
    admin
        .delete_login_profile()
        .user_name("bob")
        .send()
        .await
        .expect("DeleteLoginProfile");
    admin.delete_user().user_name("bob").send().await.expect("DeleteUser");
}

#[tokio::test]
async fn a_user_with_ram_full_access_may_change_the_password_policy() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (ram_admin, _) = common::user_with_key(&server, &root, "ramadmin").await;
    attach(&root, "ramadmin", "AliyunRAMFullAccess").await;
    let set = ram_admin
        .set_password_policy()
        .minimum_password_length(14u32)
        .send()
        .await;
    assert_eq!(set.expect("allowed").password_policy.minimum_password_length, 14);
}

#[tokio::test]
async fn a_user_with_ram_read_only_access_may_read_but_not_write() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (reader, _) = common::user_with_key(&server, &root, "reader").await;
    attach(&root, "reader", "AliyunRAMReadOnlyAccess").await;
    reader.list_users().send().await.expect("ListUsers");
    reader.get_user().user_name("reader").send().await.expect("GetUser");
    reader.get_password_policy().send().await.expect("GetPasswordPolicy");
    let err = reader.create_user().user_name("carol").send().await;
    assert_eq!(refusal(err), ("NoPermission".into(), 403));
}

#[tokio::test]
async fn a_user_without_policies_is_refused_with_an_access_denied_detail() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (plain, _) = common::user_with_key(&server, &root, "plain").await;
    let err = plain.get_user().user_name("plain").send().await.expect_err("refused");
    let service = err.as_service_error().expect("a service error");
    assert_eq!((service.code(), service.http_status()), ("NoPermission", 403));
    let detail = service.access_denied_detail().expect("an AccessDeniedDetail");
    assert_eq!(detail.auth_action.as_deref(), Some("ram:GetUser"));
    assert_eq!(detail.auth_principal_type.as_deref(), Some("SubUser"));
    assert_eq!(detail.auth_principal_display_name.as_deref(), Some("plain"));
    assert_eq!(detail.auth_principal_owner_id.as_deref(), Some(server.account().id()));
    assert_eq!(detail.no_permission_type.as_deref(), Some("ImplicitDeny"));
}

#[tokio::test]
async fn a_user_may_manage_its_own_access_keys_only_while_the_preference_allows_it() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (alice, _) = common::user_with_key(&server, &root, "alice").await;
    root.create_user().user_name("bob").send().await.expect("bob");
    assert_eq!(refusal(alice.list_access_keys().send().await).0, "NoPermission");

    root.set_security_preference()
        .allow_user_to_manage_access_keys(true)
        .send()
        .await
        .expect("pref");
    let own = alice.list_access_keys().send().await.expect("its own keys");
    assert_eq!(own.access_keys.access_key.len(), 1);
    alice.create_access_key().send().await.expect("a second key of its own");
    let others = alice.list_access_keys().user_name("bob").send().await;
    assert_eq!(
        refusal(others).0,
        "NoPermission",
        "another user's keys stay out of reach"
    );
}

#[tokio::test]
async fn a_role_session_may_do_what_its_policies_allow() {
    let server = common::mock().await;
    let far_future = server.store().clock().now_secs() + 3600;
    let sts = server.store().issue_sts_credentials(
        server.account(),
        "auditor",
        vec!["AliyunRAMReadOnlyAccess".into()],
        far_future,
    );
    let role = common::client_as(&server, &sts, ramkit::SignatureAlgorithm::AcsV3);
    role.list_users().send().await.expect("read");
    let err = role
        .create_user()
        .user_name("x")
        .send()
        .await
        .expect_err("write refused");
    let detail = err
        .as_service_error()
        .and_then(|e| e.access_denied_detail())
        .expect("detail");
    assert_eq!(detail.auth_principal_type.as_deref(), Some("AssumedRoleUser"));
}

#[tokio::test]
async fn an_inactive_key_is_refused_until_enabled_again() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (alice, key_id) = common::user_with_key(&server, &root, "alice").await;
    attach(&root, "alice", "ReadOnlyAccess").await;
    root.update_access_key()
        .user_name("alice")
        .user_access_key_id(&key_id)
        .status("Inactive")
        .send()
        .await
        .expect("disable");
    assert_eq!(
        refusal(alice.list_users().send().await),
        ("InvalidAccessKeyId.Inactive".into(), 400)
    );
    root.update_access_key()
        .user_name("alice")
        .user_access_key_id(&key_id)
        .status("Active")
        .send()
        .await
        .expect("enable");
    alice.list_users().send().await.expect("works again");
}

#[tokio::test]
async fn a_deleted_key_stops_working_at_once() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (alice, key_id) = common::user_with_key(&server, &root, "alice").await;
    attach(&root, "alice", "ReadOnlyAccess").await;
    alice.list_users().send().await.expect("works");
    root.delete_access_key()
        .user_name("alice")
        .user_access_key_id(&key_id)
        .send()
        .await
        .expect("delete");
    assert_eq!(
        refusal(alice.list_users().send().await),
        ("InvalidAccessKeyId.NotFound".into(), 404)
    );
}

#[tokio::test]
async fn the_key_of_a_deleted_user_stops_working_at_once() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (alice, _) = common::user_with_key(&server, &root, "alice").await;
    attach(&root, "alice", "ReadOnlyAccess").await;
    root.detach_policy_from_user()
        .policy_type("System")
        .policy_name("ReadOnlyAccess")
        .user_name("alice")
        .send()
        .await
        .expect("detach");
    root.delete_user().user_name("alice").send().await.expect("delete");
    assert_eq!(
        refusal(alice.list_users().send().await),
        ("InvalidAccessKeyId.NotFound".into(), 404)
    );
}

pub(crate) async fn attach(root: &ramkit::Client, user: &str, policy: &str) {
    root.attach_policy_to_user()
        .policy_type("System")
        .policy_name(policy)
        .user_name(user)
        .send()
        .await
        .expect("the policy is attached");
}
