//! RAM users end to end against the in-process mock: create users with
//! console passwords, page through them with the paginator, let a user
//! change its own password with its own AccessKey, and see what the
//! password policy and the permissions refuse.
//!
//! Run: `cargo run --example ram_users`

use futures::TryStreamExt;
use ramkit::{Client, Config, Credentials};
use ramkit_mock::MockServer;

fn client(endpoint: &str, id: &str, secret: &str) -> Result<Client, ramkit::Error> {
    Client::new(
        Config::builder()
            .endpoint(endpoint)
            .credentials(Credentials::new(id, secret))
            .build()?,
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let creds = mock.credentials();
    let root = client(mock.endpoint(), &creds.access_key_id, &creds.access_key_secret)?;

    root.set_password_policy()
        .minimum_password_length(12u32)
        .require_symbols(true)
        .password_reuse_prevention(3u32)
        .send()
        .await?;

    for name in ["alice", "bob", "carol", "dave", "erin"] {
        root.create_user()
            .user_name(name)
            .display_name(name.to_uppercase())
            .send()
            .await?;
        root.create_login_profile()
            .user_name(name)
            .password(format!("{name}#Initial1"))
            .password_reset_required(true)
            .send()
            .await?;
    }

    // Two users a page: the paginator follows `Marker` until the end.
    let names: Vec<String> = root
        .list_users()
        .max_items(2u32)
        .into_paginator()
        .items()
        .map_ok(|u| u.user_name)
        .try_collect()
        .await?;
    println!("users, in creation order: {names:?}");

    // alice signs with her own AccessKey and changes her own password.
    let key = root.create_access_key().user_name("alice").send().await?.access_key;
    println!("alice's new key: {key:?}"); // the secret is redacted in Debug
    let alice = client(mock.endpoint(), &key.access_key_id, &key.access_key_secret)?;
    alice
        .change_password()
        .old_password("alice#Initial1")
        .new_password("alice#Second22")
        .send()
        .await?;
    println!("alice changed her password; her AccessKey keeps working");

    // The policy and the permissions speak the cloud's codes.
    if let Err(e) = alice
        .change_password()
        .old_password("alice#Second22")
        .new_password("short")
        .send()
        .await
    {
        println!("too weak: {e}");
    }
    if let Err(e) = alice.delete_user().user_name("bob").send().await {
        let detail = e.as_service_error().and_then(|s| s.access_denied_detail());
        println!("not hers to do: {e}\n  denied: {detail:?}");
    }
    mock.shutdown().await;
    Ok(())
}
