//! The one generic request path every action takes:
//! credentials → encode → sign (fresh date and nonce per attempt) → send →
//! classify → decode. Generated action code only names the action, its
//! parameters and its response type.

use std::sync::Arc;

use ramkit_signing::{percent, rpc_v1, v3};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use time::OffsetDateTime;
use time::macros::format_description;
use tracing::Instrument;

use crate::action::{Action, ActionInfo, Param};
use crate::config::{Config, SignatureAlgorithm};
use crate::credentials::Credentials;
use crate::error::{DecodeError, Error, ServiceError, TimeoutError, TransportError};
use crate::retry;
use std::time::Duration;

/// A client for Alibaba Cloud's account-security actions. Cheap to clone:
/// clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    http: reqwest::Client,
}

/// The date and nonce that make one attempt unique.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    date: String,
    nonce: String,
}

impl Stamp {
    /// The only place the SDK reads the clock and the random source.
    #[allow(clippy::disallowed_methods)]
    fn now() -> Self {
        let date = OffsetDateTime::now_utc()
            .format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"))
            .unwrap_or_default();
        let nonce = format!("{:032x}", rand::random::<u128>());
        Self { date, nonce }
    }

    /// A jitter sample in `[0, 1)`, from the same one random source.
    fn jitter_sample() -> f64 {
        rand::random::<f64>()
    }
}

/// A request ready to send.
struct Prepared {
    url: String,
    headers: HeaderMap,
}

impl Client {
    /// A client with this configuration.
    pub fn new(config: Config) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.attempt_timeout)
            .build()
            .map_err(|e| {
                Error::Transport(TransportError::new(
                    "cannot build the HTTP client",
                    false,
                    Some(Box::new(e)),
                ))
            })?;
        Ok(Self {
            inner: Arc::new(Inner { config, http }),
        })
    }

    /// A client for the public endpoint with credentials from the
    /// environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`, …).
    pub async fn from_env() -> Result<Self, Error> {
        Self::new(Config::builder().build()?)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends one action and decodes its answer, retrying as
    /// [`RetryConfig`](crate::RetryConfig) says; every attempt is signed
    /// afresh. Generated methods call this; it is public so that callers can
    /// send an [`Action`] they hold.
    pub async fn execute<A: Action>(&self, input: &A) -> Result<A::Output, Error> {
        let info = A::INFO;
        // No secret is ever recorded: the action, the request id, the number
        // of attempts and the outcome's code.
        let span = tracing::info_span!(
            "ramkit.call",
            action = info.action,
            version = info.version,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let params = input.params();
        let attempts = self.attempts::<A::Output>(&info, &params).instrument(span.clone());
        let result = match self.inner.config.operation_timeout {
            Some(limit) => tokio::time::timeout(limit, attempts)
                .await
                .unwrap_or_else(|_| Err(Error::Timeout(TimeoutError::new(info.action, limit)))),
            None => attempts.await,
        };
        let outcome = match &result {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.code().map_or_else(|| error_kind(e).to_owned(), str::to_owned),
        };
        span.record("outcome", outcome.as_str());
        tracing::debug!(parent: &span, "call finished");
        result
    }

    /// The retry loop: sign, send, classify, wait, again.
    async fn attempts<T: serde::de::DeserializeOwned>(&self, info: &ActionInfo, params: &[Param]) -> Result<T, Error> {
        let config = &self.inner.config;
        let retry = config.retry;
        let mut delay_before: Option<Duration> = None;
        let mut attempt = 1u32;
        loop {
            let creds = config.credentials.provide_credentials().await?;
            let retry_headers = delay_before.map(|d| (attempt - 1, d));
            let prepared = self.prepare(info, params, &creds, &Stamp::now(), retry_headers)?;
            let result = self.send(info, prepared).await;
            tracing::Span::current().record("attempts", attempt);
            match result {
                Err(e) if attempt < retry.max_attempts() && retry::should_retry(&e, info.read_only) => {
                    let asked = e.as_service_error().and_then(ServiceError::retry_after);
                    let delay = asked.map_or_else(|| retry.delay(attempt, Stamp::jitter_sample()), |d| retry.capped(d));
                    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, error = %e, "retrying");
                    tokio::time::sleep(delay).await;
                    delay_before = Some(delay);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Encodes and signs one attempt.
    fn prepare(
        &self,
        info: &ActionInfo,
        params: &[Param],
        creds: &Credentials,
        stamp: &Stamp,
        retry: Option<(u32, Duration)>,
    ) -> Result<Prepared, Error> {
        let config = &self.inner.config;
        let mut headers = HeaderMap::new();
        let mut insert = |name: &'static str, value: &str| -> Result<(), Error> {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::invalid_input(format!("header {name} holds characters HTTP cannot carry")))?;
            headers.insert(HeaderName::from_static(name), value);
            Ok(())
        };
        let secret = creds.access_key_secret().expose();
        // As the official SDKs do on retries: which retry this is, and the
        // delay waited before it in milliseconds.
        let retry_text = retry.map(|(n, d)| (n.to_string(), d.as_millis().to_string()));
        let base = config.endpoint.as_str();
        let url = match config.signature_algorithm {
            SignatureAlgorithm::AcsV3 => {
                // Business parameters in the query; protocol values in
                // signed x-acs-* headers (V3 request structure).
                let mut signed: Vec<(&str, &str)> = vec![
                    ("host", &config.host),
                    ("x-acs-action", info.action),
                    ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256),
                    ("x-acs-date", &stamp.date),
                    ("x-acs-signature-nonce", &stamp.nonce),
                    ("x-acs-version", info.version),
                ];
                if let Some(token) = creds.security_token() {
                    signed.push(("x-acs-accesskey-id", creds.access_key_id()));
                    signed.push(("x-acs-security-token", token.expose()));
                }
                if let Some((retries, delay)) = &retry_text {
                    signed.push(("x-acs-retry-attempts", retries));
                    signed.push(("x-acs-retry-delay", delay));
                }
                let query: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let authorization = v3::sign(
                    &v3::SigningRequest {
                        method: "POST",
                        path: "/",
                        query: &query,
                        headers: &signed,
                        body: b"",
                    },
                    creds.access_key_id(),
                    secret,
                );
                for (name, value) in &signed {
                    if *name != "host" {
                        insert(name, value)?;
                    }
                }
                headers.insert(
                    AUTHORIZATION,
                    HeaderValue::from_str(&authorization)
                        .map_err(|_| Error::invalid_input("the AccessKey id holds characters HTTP cannot carry"))?,
                );
                with_query(base, &query)
            }
            SignatureAlgorithm::RpcV1 => {
                // Every parameter in the query, signed as one sorted set.
                let mut all: Vec<(&str, &str)> = vec![
                    ("AccessKeyId", creds.access_key_id()),
                    ("Action", info.action),
                    ("Format", "JSON"),
                    ("RegionId", &config.region_id),
                    ("SignatureMethod", rpc_v1::SIGNATURE_METHOD),
                    ("SignatureNonce", &stamp.nonce),
                    ("SignatureVersion", rpc_v1::SIGNATURE_VERSION),
                    ("Timestamp", &stamp.date),
                    ("Version", info.version),
                ];
                if let Some(token) = creds.security_token() {
                    all.push(("SecurityToken", token.expose()));
                }
                all.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
                let signature = rpc_v1::sign("POST", &all, secret);
                all.push(("Signature", &signature));
                insert("x-acs-action", info.action)?;
                insert("x-acs-version", info.version)?;
                if let Some((retries, delay)) = &retry_text {
                    insert("x-acs-retry-attempts", retries)?;
                    insert("x-acs-retry-delay", delay)?;
                }
                with_query(base, &all)
            }
        };
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Ok(ua) = HeaderValue::from_str(&config.user_agent) {
            headers.insert(USER_AGENT, ua);
        }
        Ok(Prepared { url, headers })
    }

    /// Sends one attempt and classifies the answer.
    async fn send<T: serde::de::DeserializeOwned>(&self, info: &ActionInfo, prepared: Prepared) -> Result<T, Error> {
        let response = self
            .inner
            .http
            .post(&prepared.url)
            .headers(prepared.headers)
            .send()
            .await
            .map_err(|e| self.transport_error(info, e))?;
        let status = response.status();
        let request_id = response
            .headers()
            .get("x-acs-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(id) = &request_id {
            tracing::Span::current().record("request_id", id.as_str());
        }
        let retry_after = response
            .headers()
            .get("x-acs-retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        let body = response.bytes().await.map_err(|e| self.transport_error(info, e))?;
        if status.is_success() {
            serde_json::from_slice(&body).map_err(|e| Error::Decode(DecodeError::new(info.action, e)))
        } else {
            Err(Error::Service(Box::new(ServiceError::from_response(
                status.as_u16(),
                request_id,
                retry_after,
                &body,
            ))))
        }
    }

    /// reqwest errors without their URL: an RPC query holds the signature
    /// and the STS token.
    fn transport_error(&self, info: &ActionInfo, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout(TimeoutError::new(info.action, self.inner.config.attempt_timeout));
        }
        let (message, may_have_been_sent) = if e.is_connect() {
            ("cannot connect to the endpoint", false)
        } else {
            ("the request failed in transit", true)
        };
        Error::Transport(TransportError::new(
            message,
            may_have_been_sent,
            Some(Box::new(e.without_url())),
        ))
    }
}

fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::Service(_) => "service",
        Error::Transport(_) => "transport",
        Error::Timeout(_) => "timeout",
        Error::Credentials(_) => "credentials",
        Error::Decode(_) => "decode",
        _ => "invalid-input",
    }
}

/// `base` + `?` + the pairs, each side `enc`'d: the exact bytes the
/// signature covered.
fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut url =
        String::with_capacity(base.len() + pairs.iter().map(|(k, v)| k.len() + v.len() * 3 + 2).sum::<usize>());
    url.push_str(base);
    for (i, (k, v)) in pairs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        percent::encode_into(k, &mut url);
        url.push('=');
        percent::encode_into(v, &mut url);
    }
    url
}
