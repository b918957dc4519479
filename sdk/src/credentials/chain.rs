//! Providers tried in turn, and the default chain in Alibaba's official
//! order (`credentials-go` `providers/default.go`): environment, CLI profile,
//! credentials file, ECS RAM role.

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::ecs::DEFAULT_METADATA_ENDPOINT;
use super::{
    Credentials, CredentialsError, CredentialsFileProvider, EcsRamRoleProvider, Env, EnvironmentProvider,
    ProfileProvider, ProvideCredentials, ProvideFuture,
};

/// No provider has answered yet.
const NONE: usize = usize::MAX;

/// Tries providers in order: the first success wins, "not configured" moves
/// on, "invalid" stops with that provider's error. When every provider is
/// not configured, the error lists each one's reason.
///
/// Like the official chain, it remembers the provider that answered and asks
/// it first from then on (going through the list again only if that one
/// becomes "not configured").
pub struct ChainProvider {
    name: &'static str,
    providers: Vec<Box<dyn ProvideCredentials>>,
    last: AtomicUsize,
}

impl fmt::Debug for ChainProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainProvider")
            .field("name", &self.name)
            .field("providers", &self.providers)
            .finish_non_exhaustive()
    }
}

impl ChainProvider {
    /// An empty chain; `name` is the provider its own errors carry.
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            providers: Vec::new(),
            last: AtomicUsize::new(NONE),
        }
    }

    /// The chain with `provider` tried after the ones already in it.
    pub fn or_else(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push(Box::new(provider));
        self
    }

    /// The first credentials a provider gives.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let last = self.last.load(Ordering::Relaxed);
        if let Some(provider) = self.providers.get(last) {
            match provider.provide_credentials().await {
                Err(CredentialsError::NotConfigured { .. }) => {}
                result => return result,
            }
        }
        let mut reasons = Vec::with_capacity(self.providers.len());
        for (index, provider) in self.providers.iter().enumerate() {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    self.last.store(index, Ordering::Relaxed);
                    return Ok(credentials);
                }
                Err(CredentialsError::NotConfigured { provider, reason }) => {
                    reasons.push(format!("{provider}: {reason}"));
                }
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::NotConfigured {
            provider: self.name,
            reason: format!("no provider has credentials; {}", reasons.join("; ")),
        })
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

/// The default chain, in Alibaba's official order: [`EnvironmentProvider`],
/// [`ProfileProvider`] (`~/.aliyun/config.json`), [`CredentialsFileProvider`]
/// (`~/.alibabacloud/credentials[.ini]`), [`EcsRamRoleProvider`].
///
/// `DefaultCredentialsChain::default()` reads the process environment,
/// `$HOME` and the real metadata service;
/// [`builder`](DefaultCredentialsChain::builder) injects each of them.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    chain: ChainProvider,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::builder().build()
    }
}

impl DefaultCredentialsChain {
    /// A builder to inject the environment, home directory and metadata endpoint.
    pub fn builder() -> DefaultCredentialsChainBuilder {
        DefaultCredentialsChainBuilder::default()
    }

    /// The chain over `env`, the home directory `home` (`None`: no files are
    /// read from it) and the metadata service at `metadata_endpoint`.
    pub fn new(env: Env, home: Option<PathBuf>, metadata_endpoint: impl Into<String>) -> Self {
        let chain = ChainProvider::new("default credentials chain")
            .or_else(EnvironmentProvider::new(env.clone()))
            .or_else(ProfileProvider::new(env.clone(), home.clone()))
            .or_else(CredentialsFileProvider::new(env.clone(), home))
            .or_else(EcsRamRoleProvider::new(env).with_endpoint(metadata_endpoint));
        Self { chain }
    }

    /// The first credentials a provider of the chain gives.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.chain.load().await
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

/// Builds a [`DefaultCredentialsChain`]; whatever is not set comes from the process.
#[derive(Clone, Debug, Default)]
pub struct DefaultCredentialsChainBuilder {
    env: Option<Env>,
    home: Option<Option<PathBuf>>,
    metadata_endpoint: Option<String>,
}

impl DefaultCredentialsChainBuilder {
    /// Where variables are read (default: the process environment).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The home directory holding `.aliyun/` and `.alibabacloud/`; `None`
    /// reads no file from a home directory (default: `HOME`, else
    /// `USERPROFILE`, of the chain's environment).
    pub fn home_dir(mut self, home: impl Into<Option<PathBuf>>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// The ECS metadata service, `http://host:port` (default: `http://100.100.100.200`).
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(endpoint.into());
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let env = self.env.unwrap_or_else(Env::process);
        let home = self
            .home
            .unwrap_or_else(|| env.get("HOME").or_else(|| env.get("USERPROFILE")).map(PathBuf::from));
        let endpoint = self
            .metadata_endpoint
            .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned());
        DefaultCredentialsChain::new(env, home, endpoint)
    }
}
