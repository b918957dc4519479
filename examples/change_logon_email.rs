//! Change the root account's logon email, the whole flow, against the
//! embedded mock: verify the owner's identity with a code sent to the
//! current logon email, prove the new address with a code sent to it, then
//! change it. The codes are read from the mock's outbox
//! (`GET /_ramkit/outbox?address=...`), as a person would read their mail.
//!
//! Run: `cargo run --example change_logon_email`
//!
//! `ModifyAccountEmail` and its siblings are a ramkit extension: Alibaba
//! Cloud publishes no API for them, so only ramkit-mock serves them.

use ramkit::{Client, Config, Credentials};
use ramkit_mock::MockServer;

/// The newest code in the outbox for `address`, over the control plane.
async fn read_outbox(mock: &MockServer, address: &str) -> Result<String, Box<dyn std::error::Error>> {
    let outbox: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/_ramkit/outbox", mock.endpoint()))
        .query(&[("address", address)])
        .send()
        .await?
        .json()
        .await?;
    let code = outbox["Messages"][0]["Code"].as_str().ok_or("no code in the outbox")?;
    Ok(code.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let creds = mock.credentials();
    let client = Client::new(
        Config::builder()
            .endpoint(mock.endpoint())
            .credentials(Credentials::new(&creds.access_key_id, creds.access_key_secret.as_str()))
            .build()?,
    )?;

    let before = client.get_account_basic_info().send().await?.account_basic_info;
    println!(
        "account {} logs on as {} (mobile {})",
        before.account_id, before.logon_email, before.mobile_phone
    );

    // 1. Prove the owner's identity: a code to the current logon email.
    let sent = client
        .send_account_verification_code()
        .recipient("LogonEmail")
        .send()
        .await?;
    println!(
        "identity code sent to {}, valid {} s",
        sent.destination, sent.expires_in_seconds
    );
    let identity_code = read_outbox(&mock, &before.logon_email).await?;

    // 2. Prove the new address is the owner's: a code to the new email.
    let new_email = "owner@example.com";
    client
        .send_account_verification_code()
        .recipient("NewEmail")
        .new_address(new_email)
        .send()
        .await?;
    let new_email_code = read_outbox(&mock, new_email).await?;

    // 3. Change it.
    let changed = client
        .modify_account_email()
        .verify_type("Email")
        .verify_code(identity_code.as_str())
        .new_email(new_email)
        .new_email_verify_code(new_email_code.as_str())
        .send()
        .await?;
    println!("logon email is now {}", changed.logon_email);

    // Only the logon credential changed: same account id, same AccessKey.
    let after = client.get_account_basic_info().send().await?.account_basic_info;
    assert_eq!(after.account_id, before.account_id);
    assert_eq!(after.logon_email, new_email);

    // The codes are used up, and the identity code went to the old email,
    // which no longer identifies the account: trying again is refused.
    match client
        .modify_account_email()
        .verify_type("Email")
        .verify_code(identity_code.as_str())
        .new_email("again@example.com")
        .new_email_verify_code(new_email_code.as_str())
        .send()
        .await
    {
        Err(e) => println!("reusing the codes is refused: {e}"),
        Ok(_) => return Err("a used code must be refused".into()),
    }
    mock.shutdown().await;
    Ok(())
}
