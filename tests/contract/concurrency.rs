//! Many tasks at once on one account and on many: the final state is exact
//! (no lost update, no cross-account leak), because each account's state
//! changes under its own lock and accounts never share one.

use std::sync::Arc;

use futures::future::join_all;

use crate::common::{self, refusal};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_user_creation_and_password_resets_on_one_account_lose_nothing() {
    let server = Arc::new(common::mock().await);
    let (tasks, per_task) = (8, 25);
    let work = (0..tasks).map(|t| {
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let root = common::root_client(&server);
            for i in 0..per_task {
                let name = format!("t{t}-u{i}");
                root.create_user().user_name(&name).send().await.expect("created");
                root.create_login_profile()
                    .user_name(&name)
                    .password("First#Pass1")
                    .send()
                    .await
                    .expect("profile");
                root.update_login_profile()
                    .user_name(&name)
                    .password(format!("Final#{name}"))
                    .send()
                    .await
                    .expect("reset");
            }
        })
    });
    for result in join_all(work).await {
        result.expect("the task finished");
    }

    let root = common::root_client(&server);
    let mut names = Vec::new();
    let mut marker = None;
    loop {
        let mut request = root.list_users().max_items(1000u32);
        if let Some(m) = marker.take() {
            request = request.marker(m);
        }
        let page = request.send().await.expect("list");
        names.extend(page.users.user.into_iter().map(|u| u.user_name));
        if !page.is_truncated {
            break;
        }
        marker = page.marker;
    }
    names.sort();
    let mut expected: Vec<String> = (0..tasks)
        .flat_map(|t| (0..per_task).map(move |i| format!("t{t}-u{i}")))
        .collect();
    expected.sort();
    assert_eq!(names, expected, "every user, once");
    for name in ["t0-u0", "t3-u17", "t7-u24"] {
        common::logon(&server, name, &format!("Final#{name}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_password_changes_from_the_same_old_password_exactly_one_wins() {
    let server = Arc::new(common::mock().await);
    let root = common::root_client(&server);
    let alice = common::user_with_password(&server, &root, "alice", "Start#Pass0").await;
    let attempts = (0..16).map(|i| {
        let alice = alice.clone();
        tokio::spawn(async move {
            let new = format!("Winner#Pass{i}");
            let result = alice
                .change_password()
                .old_password("Start#Pass0")
                .new_password(&new)
                .send()
                .await;
            (new, result)
        })
    });
    let mut winners = Vec::new();
    for joined in join_all(attempts).await {
        let (new, result) = joined.expect("the task finished");
        match result {
            Ok(_) => winners.push(new),
            Err(e) => assert_eq!(refusal::<()>(Err(e)).0, "InvalidParameter.OldPassword.Incorrect"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one change applies: {winners:?}");
    common::logon(&server, "alice", &winners[0]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_work_on_many_accounts_stays_in_each_account() {
    let server = Arc::new(common::mock().await);
    let accounts: Vec<_> = (0..8).map(|_| server.store().create_account(None)).collect();
    let work = accounts.iter().enumerate().map(|(a, (_, creds))| {
        let server = Arc::clone(&server);
        let creds = creds.clone();
        tokio::spawn(async move {
            let root = common::client_as(&server, &creds, ramkit::SignatureAlgorithm::AcsV3);
            for i in 0..20 {
                root.create_user()
                    .user_name(format!("a{a}-u{i}"))
                    .send()
                    .await
                    .expect("created");
            }
            root.set_password_policy()
                .minimum_password_length(8 + a as u32)
                .send()
                .await
                .expect("policy");
        })
    });
    for result in join_all(work).await {
        result.expect("the task finished");
    }
    for (a, (_, creds)) in accounts.iter().enumerate() {
        let root = common::client_as(&server, creds, ramkit::SignatureAlgorithm::AcsV3);
        let users = root
            .list_users()
            .max_items(1000u32)
            .send()
            .await
            .expect("list")
            .users
            .user;
        assert_eq!(users.len(), 20, "account {a}");
        assert!(
            users.iter().all(|u| u.user_name.starts_with(&format!("a{a}-"))),
            "account {a} sees only its own"
        );
        let policy = root.get_password_policy().send().await.expect("policy").password_policy;
        assert_eq!(policy.minimum_password_length, 8 + a as u32);
        if a > 0 {
            let other = root.get_user().user_name("a0-u0").send().await;
            assert_eq!(
                refusal(other).0,
                "EntityNotExist.User",
                "account 0's user is invisible to account {a}"
            );
        }
    }
    let default = common::root_client(&server).list_users().send().await.expect("list");
    assert!(default.users.user.is_empty(), "the default account got nothing");
}
