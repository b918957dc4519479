//! Credentials and where they come from.
//!
//! A provider answers "these credentials", "not configured here" (a chain
//! moves on) or "configured but broken" (a chain stops and names the
//! provider). [`DefaultCredentialsChain`] tries the environment, the CLI
//! profile, the credentials file and the ECS RAM role, in Alibaba's official
//! order.

mod chain;
mod credentials_file;
mod ecs;
mod env;
mod profile;
mod static_;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

pub use chain::{ChainProvider, DefaultCredentialsChain, DefaultCredentialsChainBuilder};
pub use credentials_file::CredentialsFileProvider;
pub use ecs::{DEFAULT_METADATA_ENDPOINT, EcsRamRoleProvider};
pub use env::{Env, EnvironmentProvider};
pub use profile::ProfileProvider;

/// A secret string (AccessKey secret, STS token): never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// An AccessKey pair, with an STS token for temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
}

impl Credentials {
    /// A long-lived AccessKey pair.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// The same credentials with an STS security token.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The AccessKey id (not a secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret.
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The STS token, for temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

/// Why a provider gave no credentials.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// Nothing is configured for this provider; a chain tries the next one.
    #[error("{provider}: not configured ({reason})")]
    NotConfigured {
        /// The provider's name.
        provider: &'static str,
        /// What is missing.
        reason: String,
    },
    /// Something is configured but unusable; a chain stops here.
    #[error("{provider}: {reason}")]
    Invalid {
        /// The provider's name.
        provider: &'static str,
        /// What is wrong (never the secret itself).
        reason: String,
    },
}

/// The future a provider returns.
pub type ProvideFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Something that yields credentials, possibly after I/O.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}
