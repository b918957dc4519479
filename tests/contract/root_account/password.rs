//! The root logon password: strength, and the console sessions a change ends.

use super::*;

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
