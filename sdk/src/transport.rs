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
            .map_err(|e| Error::Transport(TransportError::new("cannot build the HTTP client", Some(Box::new(e)))))?;
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

    /// Sends one action and decodes its answer. Generated methods call this;
    /// it is public so that callers can send an [`Action`] they hold.
    pub async fn execute<A: Action>(&self, input: &A) -> Result<A::Output, Error> {
        let info = A::INFO;
        let span = tracing::debug_span!(
            "ramkit",
            action = info.action,
            version = info.version,
            request_id = tracing::field::Empty
        );
        async {
            let creds = self.inner.config.credentials.provide_credentials().await?;
            let params = input.params();
            let prepared = self.prepare(&info, &params, &creds, &Stamp::now())?;
            let result = self.send(&info, prepared).await;
            match &result {
                Ok(_) => tracing::debug!("succeeded"),
                Err(e) => tracing::debug!(error = %e, "failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    /// Encodes and signs one attempt.
    fn prepare(
        &self,
        info: &ActionInfo,
        params: &[Param],
        creds: &Credentials,
        stamp: &Stamp,
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
        let body = response.bytes().await.map_err(|e| self.transport_error(info, e))?;
        if status.is_success() {
            serde_json::from_slice(&body).map_err(|e| Error::Decode(DecodeError::new(info.action, e)))
        } else {
            Err(Error::Service(Box::new(ServiceError::from_response(
                status.as_u16(),
                request_id,
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
        let message = if e.is_connect() {
            "cannot connect to the endpoint"
        } else {
            "the request failed in transit"
        };
        Error::Transport(TransportError::new(message, Some(Box::new(e.without_url()))))
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
