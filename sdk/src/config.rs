//! Client configuration.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::Url;

use crate::credentials::{DefaultCredentialsChain, ProvideCredentials};
use crate::error::Error;
use crate::retry::RetryConfig;

/// The public endpoint of RAM, the same for every region.
pub const DEFAULT_ENDPOINT: &str = "https://ram.aliyuncs.com";

/// How requests are signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// `ACS3-HMAC-SHA256` (signature V3): the default of Alibaba's current SDKs.
    #[default]
    AcsV3,
    /// The classic HMAC-SHA1 RPC signature (`SignatureVersion=1.0`).
    RpcV1,
}

/// The clock that dates each request (`x-acs-date` / `Timestamp`): the
/// system clock unless the configuration says otherwise.
#[derive(Clone)]
pub struct TimeSource(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl TimeSource {
    /// The system clock.
    #[allow(clippy::disallowed_methods)]
    pub fn system() -> Self {
        Self(Arc::new(SystemTime::now))
    }

    /// Any clock, e.g. a mock server's moved clock in a test.
    pub fn new(now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// The current time by this clock.
    pub fn now(&self) -> SystemTime {
        (self.0)()
    }
}

impl std::fmt::Debug for TimeSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TimeSource")
    }
}

/// Everything a [`Client`](crate::Client) needs.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) endpoint: Url,
    pub(crate) host: String,
    pub(crate) region_id: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) signature_algorithm: SignatureAlgorithm,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) user_agent: String,
    pub(crate) retry: RetryConfig,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) time_source: TimeSource,
}

impl Config {
    /// A builder with the defaults: the public RAM endpoint, region
    /// `cn-hangzhou`, V3 signatures, credentials from the
    /// [`DefaultCredentialsChain`] (environment, CLI profile, credentials
    /// file, ECS RAM role),
    /// 5 s to connect, 10 s per attempt, 3 attempts, 60 s per call.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The region id sent by the RPC scheme (`RegionId` is ignored by RAM).
    pub fn region_id(&self) -> &str {
        &self.region_id
    }

    /// The signature algorithm.
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.signature_algorithm
    }
}

/// Builds a [`Config`].
#[derive(Debug)]
pub struct ConfigBuilder {
    endpoint: String,
    region_id: String,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    signature_algorithm: SignatureAlgorithm,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    user_agent: String,
    retry: RetryConfig,
    operation_timeout: Option<Duration>,
    time_source: TimeSource,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Self {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            region_id: "cn-hangzhou".to_owned(),
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(10),
            signature_algorithm: SignatureAlgorithm::default(),
            credentials: None,
            user_agent: format!("ramkit/{} (Rust)", env!("CARGO_PKG_VERSION")),
            retry: RetryConfig::default(),
            operation_timeout: Some(Duration::from_secs(60)),
            time_source: TimeSource::system(),
        }
    }
}

impl ConfigBuilder {
    /// The endpoint: `https://ram.aliyuncs.com` by default; the mock's
    /// `http://127.0.0.1:PORT` for local work. A bare host means HTTPS.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The region id (RAM is global; the RPC scheme still sends it).
    pub fn region_id(mut self, region_id: impl Into<String>) -> Self {
        self.region_id = region_id.into();
        self
    }

    /// How long to wait for a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt (send and read the answer) may take.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The signature algorithm (V3 by default).
    pub fn signature_algorithm(mut self, algorithm: SignatureAlgorithm) -> Self {
        self.signature_algorithm = algorithm;
        self
    }

    /// Where credentials come from: fixed [`Credentials`](crate::Credentials)
    /// or any provider. When not set, the [`DefaultCredentialsChain`]:
    /// environment, CLI profile, credentials file, ECS RAM role.
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// How calls are retried (3 attempts with backoff by default; see
    /// [`retry`](crate::retry) for what is retried).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The most a call may take, all attempts and waits included (60 s by
    /// default; `None` for no limit).
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.operation_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The clock that dates requests; the system clock by default. The
    /// service refuses a request dated more than 15 minutes from its own
    /// time, so a test that moves a mock server's clock gives the client the
    /// same clock.
    pub fn time_source(mut self, time_source: TimeSource) -> Self {
        self.time_source = time_source;
        self
    }

    /// Checks and builds the configuration.
    pub fn build(self) -> Result<Config, Error> {
        let text = if self.endpoint.contains("://") {
            self.endpoint.clone()
        } else {
            format!("https://{}", self.endpoint)
        };
        let endpoint =
            Url::parse(&text).map_err(|e| Error::invalid_input(format!("endpoint {:?}: {e}", self.endpoint)))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(Error::invalid_input(format!(
                "endpoint {:?}: the scheme must be http or https",
                self.endpoint
            )));
        }
        if endpoint.query().is_some() || endpoint.path() != "/" {
            return Err(Error::invalid_input(format!(
                "endpoint {:?}: give only scheme, host and port",
                self.endpoint
            )));
        }
        let host = match (endpoint.host_str(), endpoint.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            (None, _) => {
                return Err(Error::invalid_input(format!(
                    "endpoint {:?} has no host",
                    self.endpoint
                )));
            }
        };
        Ok(Config {
            endpoint,
            host,
            region_id: self.region_id,
            connect_timeout: self.connect_timeout,
            attempt_timeout: self.attempt_timeout,
            signature_algorithm: self.signature_algorithm,
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::default())),
            user_agent: self.user_agent,
            retry: self.retry,
            operation_timeout: self.operation_timeout,
            time_source: self.time_source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_endpoint_is_public_ram_over_https() {
        let config = Config::builder().build().unwrap();
        assert_eq!(config.endpoint(), "https://ram.aliyuncs.com/");
        assert_eq!(config.host, "ram.aliyuncs.com");
    }

    #[test]
    fn a_mock_endpoint_keeps_its_port_in_the_signed_host() {
        let config = Config::builder().endpoint("http://127.0.0.1:41973").build().unwrap();
        assert_eq!(config.host, "127.0.0.1:41973");
    }

    #[test]
    fn an_unusable_endpoint_is_refused_when_building() {
        for bad in ["ftp://x", "http://", "https://ram.aliyuncs.com/path", "https://h/?q=1"] {
            assert!(Config::builder().endpoint(bad).build().is_err(), "{bad}");
        }
    }
}
