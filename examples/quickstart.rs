//! Quickstart: start the mock in this process and use the SDK against it.
//!
//! Run: `cargo run --example quickstart`
//!
//! Against the real cloud, replace the mock and the explicit configuration
//! with `ramkit::Client::from_env().await?`, which reads
//! `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`.

use ramkit::{Client, Config, Credentials, SignatureAlgorithm};
use ramkit_mock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    println!("mock listening on {}", mock.endpoint());

    let creds = mock.credentials();
    let client = Client::new(
        Config::builder()
            .endpoint(mock.endpoint())
            .credentials(Credentials::new(&creds.access_key_id, creds.access_key_secret.as_str()))
            .build()?,
    )?;

    let before = client.get_password_policy().send().await?;
    println!("default policy: {:?}", before.password_policy);

    let after = client
        .set_password_policy()
        .minimum_password_length(14u32)
        .require_numbers(true)
        .require_symbols(true)
        .password_reuse_prevention(5u32)
        .send()
        .await?;
    println!("new policy:     {:?}", after.password_policy);

    // The classic HMAC-SHA1 RPC signature works the same way.
    let classic = Client::new(
        Config::builder()
            .endpoint(mock.endpoint())
            .credentials(Credentials::new(&creds.access_key_id, creds.access_key_secret.as_str()))
            .signature_algorithm(SignatureAlgorithm::RpcV1)
            .build()?,
    )?;
    let read = classic.get_password_policy().send().await?;
    assert_eq!(read.password_policy, after.password_policy);

    // Errors carry the cloud's code, message, request id and HTTP status.
    match client.set_password_policy().minimum_password_length(40u32).send().await {
        Err(e) => println!("refused as expected: {e}"),
        Ok(_) => return Err("40 characters is out of range and must be refused".into()),
    }
    mock.shutdown().await;
    Ok(())
}
