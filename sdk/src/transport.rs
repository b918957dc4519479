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
    /// The only place the SDK reads the clock (through the configured
    /// [`TimeSource`](crate::config::TimeSource)) and the random source.
    fn now(time: &crate::config::TimeSource) -> Self {
        let date = OffsetDateTime::from(time.now())
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
    /// [`DefaultCredentialsChain`](crate::credentials::DefaultCredentialsChain),
    /// as Alibaba's official SDKs find them: the environment
    /// (`ALIBABA_CLOUD_ACCESS_KEY_ID`, …), the CLI profile
    /// (`~/.aliyun/config.json`), the credentials file
    /// (`~/.alibabacloud/credentials`), the ECS instance's RAM role.
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
            let prepared = self.prepare(
                info,
                params,
                &creds,
                &Stamp::now(&self.inner.config.time_source),
                retry_headers,
            )?;
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

#[cfg(test)]
mod tests {
    //! One attempt prepared with a fixed [`Stamp`]: the seam through which
    //! tests pin the clock and the random source.

    use ramkit_signing::RawRequest;

    use super::*;

    const ID: &str = "LTAI5tUnitTest0000000001";
    const SECRET: &str = "unit-test-secret";
    const INFO: ActionInfo = ActionInfo {
        product: "Ram",
        action: "GetUser",
        version: "2015-05-01",
        read_only: true,
    };

    fn stamp() -> Stamp {
        Stamp {
            date: "2026-11-22T09:59:11Z".to_owned(),
            nonce: "71f9c6a4db055280e956e516ef8313be".to_owned(),
        }
    }

    fn prepare(algorithm: SignatureAlgorithm, creds: &Credentials) -> Prepared {
        let config = Config::builder()
            .endpoint("http://127.0.0.1:41973")
            .signature_algorithm(algorithm)
            .credentials(creds.clone())
            .build()
            .unwrap();
        let params: Vec<Param> = vec![("UserName", "alice 张".to_owned())];
        Client::new(config)
            .unwrap()
            .prepare(&INFO, &params, creds, &stamp(), None)
            .unwrap()
    }

    /// What the server receives: the prepared headers plus the `host` that
    /// reqwest adds from the URL.
    fn received(prepared: &Prepared) -> (String, Vec<(String, String)>) {
        let query = prepared.url.split_once('?').map_or("", |(_, q)| q).to_owned();
        let mut headers = vec![("host".to_owned(), "127.0.0.1:41973".to_owned())];
        headers.extend(
            prepared
                .headers
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned())),
        );
        (query, headers)
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_v3_attempt_carries_the_given_stamp_and_its_signature_verifies() {
        let creds = Credentials::new(ID, SECRET).with_security_token("CAIS+token/=;");
        let prepared = prepare(SignatureAlgorithm::AcsV3, &creds);
        assert_eq!(prepared.url, "http://127.0.0.1:41973/?UserName=alice%20%E5%BC%A0");
        let (query, headers) = received(&prepared);
        assert_eq!(header(&headers, "x-acs-date"), Some("2026-11-22T09:59:11Z"));
        assert_eq!(
            header(&headers, "x-acs-signature-nonce"),
            Some("71f9c6a4db055280e956e516ef8313be")
        );
        assert_eq!(header(&headers, "x-acs-accesskey-id"), Some(ID));
        assert_eq!(header(&headers, "x-acs-security-token"), Some("CAIS+token/=;"));
        assert_eq!(header(&headers, "accept"), Some("application/json"));
        let raw = RawRequest {
            method: "POST",
            path: "/",
            raw_query: &query,
            headers: &headers,
            body: b"",
        };
        v3::verify(&raw, SECRET).unwrap();
        let again = prepare(SignatureAlgorithm::AcsV3, &creds);
        assert_eq!(again.headers.get(AUTHORIZATION), prepared.headers.get(AUTHORIZATION));
    }

    #[test]
    fn an_rpc_attempt_signs_every_parameter_and_puts_the_signature_last() {
        let prepared = prepare(SignatureAlgorithm::RpcV1, &Credentials::new(ID, SECRET));
        let (query, headers) = received(&prepared);
        let names: Vec<&str> = query.split('&').map(|p| p.split('=').next().unwrap_or("")).collect();
        assert_eq!(
            names,
            [
                "AccessKeyId",
                "Action",
                "Format",
                "RegionId",
                "SignatureMethod",
                "SignatureNonce",
                "SignatureVersion",
                "Timestamp",
                "Version",
                "UserName",
                "Signature"
            ]
        );
        assert!(query.contains("&Timestamp=2026-11-22T09%3A59%3A11Z&"));
        assert!(query.contains("&SignatureNonce=71f9c6a4db055280e956e516ef8313be&"));
        assert_eq!(header(&headers, "x-acs-action"), Some("GetUser"));
        assert_eq!(header(&headers, "x-acs-version"), Some("2015-05-01"));
        assert_eq!(header(&headers, "authorization"), None);
        let raw = RawRequest {
            method: "POST",
            path: "/",
            raw_query: &query,
            headers: &headers,
            body: b"",
        };
        let params = rpc_v1::collect_params(&raw).unwrap();
        rpc_v1::verify_params("POST", &params, SECRET).unwrap();
    }

    #[test]
    fn a_fresh_stamp_is_a_utc_second_and_32_random_hex_digits() {
        let system = crate::config::TimeSource::system();
        let (a, b) = (Stamp::now(&system), Stamp::now(&system));
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        assert!(time::PrimitiveDateTime::parse(&a.date, format).is_ok(), "{}", a.date);
        for nonce in [&a.nonce, &b.nonce] {
            assert_eq!(nonce.len(), 32);
            assert!(nonce.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')), "{nonce}");
        }
        assert_ne!(a.nonce, b.nonce);
    }

    #[test]
    fn the_stamp_is_dated_by_the_configured_time_source() {
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000);
        let stamp = Stamp::now(&crate::config::TimeSource::new(move || at));
        assert_eq!(stamp.date, "2026-11-18T11:06:40Z");
    }
}
