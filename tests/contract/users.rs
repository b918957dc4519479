//! RAM users (ram-contract.md §2 and §4): create, read, rename, list with
//! markers, delete, and the limits.

use futures::TryStreamExt;

use crate::common::{self, refusal};
use crate::permissions::attach;

#[tokio::test]
async fn a_created_user_reads_back_with_its_profile_and_no_logon_yet() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let created = root
        .create_user()
        .user_name("alice")
        .display_name("Alice Liddell")
        .email("alice@example.com")
        .mobile_phone("86-18600008888")
        .comments("first user")
        .send()
        .await
        .expect("created")
        .user;
    let read = root.get_user().user_name("alice").send().await.expect("read").user;
    assert_eq!(read.user_id, created.user_id);
    assert_eq!(read.user_id.len(), 16);
    assert_eq!(read.display_name, "Alice Liddell");
    assert_eq!(
        (read.email.as_str(), read.mobile_phone.as_str()),
        ("alice@example.com", "86-18600008888")
    );
    assert_eq!(read.comments, "first user");
    assert!(read.last_login_date.is_none());
}

#[tokio::test]
async fn user_names_are_unique_without_regard_to_case() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("created");
    let err = root.create_user().user_name("ALICE").send().await;
    assert_eq!(refusal(err), ("EntityAlreadyExists.User".into(), 409));
    assert_eq!(
        root.get_user()
            .user_name("Alice")
            .send()
            .await
            .expect("found")
            .user
            .user_name,
        "alice"
    );
}

#[tokio::test]
async fn malformed_user_fields_are_refused_with_their_codes() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let cases = [
        (
            root.create_user().user_name("bad name"),
            "InvalidParameter.UserName.InvalidChars",
        ),
        (
            root.create_user().user_name("a".repeat(65)),
            "InvalidParameter.UserName.Length",
        ),
        (
            root.create_user().user_name("ok").email("not-an-email"),
            "InvalidParameter.Email.Format",
        ),
        (
            root.create_user().user_name("ok").mobile_phone("18600008888"),
            "InvalidParameter.MobilePhone.Format",
        ),
        (
            root.create_user().user_name("ok").display_name("semi;colon"),
            "InvalidParameter.DisplayName.InvalidChars",
        ),
    ];
    for (request, code) in cases {
        assert_eq!(refusal(request.send().await), (code.into(), 400));
    }
    assert!(
        root.list_users().send().await.expect("list").users.user.is_empty(),
        "nothing was created"
    );
}

#[tokio::test]
async fn a_renamed_user_keeps_its_id_its_place_and_its_keys() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let (alice, _) = common::user_with_key(&server, &root, "alice").await;
    root.create_user().user_name("bob").send().await.expect("bob");
    attach(&root, "alice", "ReadOnlyAccess").await;
    let before = root.get_user().user_name("alice").send().await.expect("read").user;
    let renamed = root
        .update_user()
        .user_name("alice")
        .new_user_name("alicia")
        .new_display_name("Alicia")
        .send()
        .await
        .expect("renamed")
        .user;
    assert_eq!(
        (renamed.user_id, renamed.user_name.as_str()),
        (before.user_id, "alicia")
    );
    assert_eq!(
        refusal(root.get_user().user_name("alice").send().await).0,
        "EntityNotExist.User"
    );
    let names: Vec<String> = root
        .list_users()
        .send()
        .await
        .expect("list")
        .users
        .user
        .into_iter()
        .map(|u| u.user_name)
        .collect();
    assert_eq!(names, ["alicia", "bob"]);
    alice
        .list_users()
        .send()
        .await
        .expect("the renamed user's key and policy still work");
}

#[tokio::test]
async fn list_users_pages_in_creation_order_and_the_paginator_follows_the_marker() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    for i in 0..25 {
        root.create_user()
            .user_name(format!("user{i:02}"))
            .send()
            .await
            .expect("created");
    }
    let first = root.list_users().max_items(10u32).send().await.expect("page");
    assert!(first.is_truncated);
    assert_eq!(first.users.user.len(), 10);
    let marker = first.marker.expect("a marker");
    root.delete_user()
        .user_name("user11")
        .send()
        .await
        .expect("a user goes between pages");
    let second = root
        .list_users()
        .max_items(10u32)
        .marker(&marker)
        .send()
        .await
        .expect("page 2");
    assert_eq!(
        second.users.user[0].user_name, "user10",
        "the marker survives deletions"
    );

    let all: Vec<String> = root
        .list_users()
        .max_items(7u32)
        .into_paginator()
        .items()
        .map_ok(|u| u.user_name)
        .try_collect()
        .await
        .expect("every page");
    let expected: Vec<String> = (0..25).filter(|i| *i != 11).map(|i| format!("user{i:02}")).collect();
    assert_eq!(all, expected);
    let pages: Vec<_> = root
        .list_users()
        .max_items(7u32)
        .into_paginator()
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 4);
    assert!(pages.last().is_some_and(|p| !p.is_truncated && p.marker.is_none()));
}

#[tokio::test]
async fn a_marker_the_mock_never_gave_is_refused() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    let err = root.list_users().marker("not-a-marker").send().await;
    assert_eq!(refusal(err), ("InvalidParameter.Marker".into(), 400));
}

#[tokio::test]
async fn an_account_holds_at_most_5000_users() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    // 4999 users straight into the state; the last two through the API.
    server.account().with_state(|s| {
        for i in 0..4999 {
            let id = format!("{:016}", 1_000_000_000_000_000u64 + i);
            s.users.insert(ramkit_mock::state::User::new(id, format!("bulk{i}"), 0));
        }
    });
    root.create_user()
        .user_name("number5000")
        .send()
        .await
        .expect("the 5000th fits");
    let err = root.create_user().user_name("number5001").send().await;
    assert_eq!(refusal(err), ("LimitExceeded.User".into(), 409));
}

#[tokio::test]
async fn a_user_holds_at_most_two_access_keys() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    for _ in 0..2 {
        root.create_access_key().user_name("alice").send().await.expect("a key");
    }
    let err = root.create_access_key().user_name("alice").send().await;
    assert_eq!(refusal(err), ("LimitExceeded.User.AccessKey".into(), 409));
}

#[tokio::test]
async fn listed_access_keys_never_show_their_secret() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    let created = root
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .expect("key")
        .access_key;
    assert_eq!(created.access_key_secret.len(), 30);
    assert!(
        !format!("{created:?}").contains(&created.access_key_secret),
        "Debug redacts the secret"
    );
    let raw = common::send_v3(&server, &common::RawV3::new("ListAccessKeys", &[("UserName", "alice")])).await;
    assert_eq!(
        raw.body["AccessKeys"]["AccessKey"][0]["AccessKeyId"],
        created.access_key_id.as_str()
    );
    assert_eq!(raw.body["AccessKeys"]["AccessKey"][0]["Status"], "Active");
    assert!(!raw.body.to_string().contains(&created.access_key_secret));
}

#[tokio::test]
async fn a_user_holds_at_most_twenty_system_policies() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    let names = [
        "ReadOnlyAccess",
        "AliyunSTSAssumeRoleAccess",
        "AliyunECSFullAccess",
        "AliyunECSReadOnlyAccess",
        "AliyunOSSFullAccess",
        "AliyunOSSReadOnlyAccess",
        "AliyunRDSFullAccess",
        "AliyunRDSReadOnlyAccess",
        "AliyunSLBFullAccess",
        "AliyunSLBReadOnlyAccess",
        "AliyunVPCFullAccess",
        "AliyunVPCReadOnlyAccess",
        "AliyunKMSFullAccess",
        "AliyunLogFullAccess",
        "AliyunCDNFullAccess",
        "AliyunDNSFullAccess",
        "AliyunCloudMonitorFullAccess",
        "AliyunActionTrailFullAccess",
        "AliyunContainerRegistryFullAccess",
        "AliyunFCFullAccess",
    ];
    for name in names {
        attach(&root, "alice", name).await;
    }
    let err = root
        .attach_policy_to_user()
        .policy_type("System")
        .policy_name("AliyunMNSFullAccess")
        .user_name("alice")
        .send()
        .await;
    assert_eq!(refusal(err), ("LimitExceeded.User.Policy".into(), 409));
    let listed = root
        .list_policies_for_user()
        .user_name("alice")
        .send()
        .await
        .expect("list");
    assert_eq!(listed.policies.policy.len(), 20);
}

#[tokio::test]
async fn attaching_unknown_or_duplicate_policies_is_refused_with_their_codes() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    attach(&root, "alice", "ReadOnlyAccess").await;
    let attach_as = |ty: &str, name: &str| {
        root.attach_policy_to_user()
            .policy_type(ty)
            .policy_name(name)
            .user_name("alice")
            .send()
    };
    assert_eq!(
        refusal(attach_as("System", "ReadOnlyAccess").await),
        ("EntityAlreadyExists.User.Policy".into(), 409)
    );
    assert_eq!(
        refusal(attach_as("System", "NoSuchPolicy").await),
        ("EntityNotExist.Policy".into(), 404)
    );
    assert_eq!(
        refusal(attach_as("Managed", "ReadOnlyAccess").await),
        ("InvalidParameter.PolicyType".into(), 400)
    );
}

#[tokio::test]
async fn delete_user_is_refused_while_a_policy_is_attached() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    root.create_user().user_name("alice").send().await.expect("user");
    attach(&root, "alice", "ReadOnlyAccess").await;
    let err = root.delete_user().user_name("alice").send().await;
    assert_eq!(refusal(err), ("DeleteConflict.User.Policy".into(), 409));
    root.get_user()
        .user_name("alice")
        .send()
        .await
        .expect("the user is still there");
}

#[tokio::test]
async fn delete_user_takes_its_login_profile_keys_and_sessions_with_it() {
    let server = common::mock().await;
    let root = common::root_client(&server);
    common::user_with_password(&server, &root, "alice", "Alice#Pass1").await;
    common::logon(&server, "alice", "Alice#Pass1").await;
    root.delete_user().user_name("alice").send().await.expect("deleted");
    assert_eq!(
        refusal(root.get_user().user_name("alice").send().await),
        ("EntityNotExist.User".into(), 404)
    );
    assert!(common::live_sessions(&server).await.is_empty());
    root.create_user()
        .user_name("alice")
        .send()
        .await
        .expect("the name is free again");
    let err = root.get_login_profile().user_name("alice").send().await;
    assert_eq!(
        refusal(err).0,
        "EntityNotExist.User.LoginProfile",
        "nothing of the old user remains"
    );
}
