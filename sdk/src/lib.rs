//! # ramkit
//!
//! A typed async client for Alibaba Cloud's account-security actions: RAM's
//! password policy, security preference, ChangePassword, users, login
//! profiles, AccessKeys and user policies; plus the root account's own settings (logon email, mobile,
//! password, basic information), a ramkit extension that Alibaba publishes
//! no API for and that only ramkit-mock serves
//! ([`actions::ramkit_account`]).
//!
//! It speaks the cloud's wire protocol exactly as Alibaba's official SDKs do
//! (RPC style, `POST /`), signs with `ACS3-HMAC-SHA256` by default or with
//! the classic HMAC-SHA1 RPC signature on request, and returns typed errors
//! that carry the cloud's code, message, request id, host id, recommendation
//! and HTTP status. It works against `https://ram.aliyuncs.com` and against
//! [ramkit-mock](https://docs.rs/ramkit-mock), the local mock.
//!
//! ## Quickstart
//!
//! ```no_run
//! use ramkit::{Client, Config, Credentials};
//!
//! # async fn run() -> Result<(), ramkit::Error> {
//! // Against the mock: `cargo run -p ramkit-mock` prints these values.
//! let config = Config::builder()
//!     .endpoint("http://127.0.0.1:8765")
//!     .credentials(Credentials::new("LTAI5t…", "secret…"))
//!     .build()?;
//! let client = Client::new(config)?;
//!
//! let policy = client.set_password_policy().minimum_password_length(12u32).require_symbols(true).send().await?;
//! println!("{:?}", policy.password_policy);
//!
//! match client.set_password_policy().minimum_password_length(40u32).send().await {
//!     Err(e) => println!("refused: {}", e.code().unwrap_or("?")),
//!     Ok(_) => unreachable!("40 is out of range"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Against the cloud, `Client::from_env().await?` finds credentials where
//! Alibaba's own tools look, in their order
//! ([`DefaultCredentialsChain`]): the variables
//! `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
//! `ALIBABA_CLOUD_SECURITY_TOKEN`; the CLI profile `~/.aliyun/config.json`;
//! the credentials file `~/.alibabacloud/credentials`; the ECS instance's RAM
//! role.
//!
//! # Layout
//!
//! | module | what |
//! | --- | --- |
//! | [`config`] | endpoint, region, timeouts, signature algorithm, the clock that dates requests ([`TimeSource`]) |
//! | [`credentials`] | [`Credentials`], [`ProvideCredentials`](credentials::ProvideCredentials) and its providers: static, environment, CLI profile, credentials file, ECS RAM role, the default chain |
//! | `transport` | the one request path: encode, sign, send, classify, decode |
//! | [`retry`] | what is retried, backoff, [`RetryConfig`] |
//! | [`error`] | [`Error`] and the service error's fields |
//! | [`action`] | the declarative description generated code provides |
//! | [`paginate`] | [`Paginator`](paginate::Paginator): a `Stream` of the pages or items of a marker-paged action (`client.list_users().into_paginator().items()`) |
//! | [`actions`] | generated from `openapi/ramkit.openapi.json`: one method per action on [`Client`], its input and response types; one module per product (`ram`, `ramkit_account`) |
//! | [`signing`] | the pure signers (re-export of `ramkit-signing`) |

#![warn(missing_docs)]

pub mod action;
pub mod config;
pub mod credentials;
pub mod error;
pub mod paginate;
pub mod retry;
mod transport;

// Generated code keeps prettyplease's layout so the drift test compares it
// byte for byte; rustfmt leaves it alone.
#[rustfmt::skip]
#[path = "generated/mod.rs"]
pub mod actions;

pub use actions::ErrorCode;
pub use config::{Config, ConfigBuilder, SignatureAlgorithm, TimeSource};
pub use credentials::{Credentials, DefaultCredentialsChain, EnvironmentProvider, Secret};
pub use error::Error;
pub use ramkit_signing as signing;
pub use retry::RetryConfig;
pub use transport::Client;
