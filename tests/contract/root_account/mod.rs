//! The root account's own settings (`RamkitAccount` 2026-11-01, a ramkit
//! extension): logon email, mobile, password, basic information and
//! profile colour, through the real SDK against the in-process mock, with
//! the codes read from the outbox (ram-contract.md §5, §7 rows 1-11, 23).

use std::sync::Arc;
use std::time::Duration;

use ramkit::actions::{AccountType, IdentityVerificationStatus, ProfileColor};
use ramkit::{Client, Config, Credentials, Error, RetryConfig, SignatureAlgorithm};
use ramkit_mock::MockServer;
use ramkit_mock::state::{AccessKey, Account, ConsoleSession, LoginProfile, Principal, SessionOwner, User};

use crate::common;

mod codes;
mod email;
mod mobile;
mod password;
mod profile;

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
    let mut user = User::new(user_id.into(), name.into(), 0);
    user.login_profile = Some(LoginProfile::new(password, false, false, 0));
    user
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
