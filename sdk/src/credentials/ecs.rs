//! The RAM role attached to an ECS instance, from the instance metadata
//! service, as `credentials-go` `providers/ecs_ram_role.go` reads it:
//! an IMDSv2 token (`PUT /latest/api/token`), the role name (from
//! `ALIBABA_CLOUD_ECS_METADATA` or the listing), then the role's temporary
//! credentials. Off an ECS instance the service does not answer, which the
//! chain takes as "not configured".

use std::time::Duration as StdDuration;

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use tokio::sync::Mutex;

use super::{Credentials, CredentialsError, Env, ProvideCredentials, ProvideFuture};

const NAME: &str = "ECS RAM role";
const DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
const ROLE: &str = "ALIBABA_CLOUD_ECS_METADATA";
const IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";

/// The metadata service's address on every ECS instance.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
const TOKEN_TTL_SECONDS: &str = "21600";
/// Short, as in the official libraries: off ECS the address never answers.
const TIMEOUT: StdDuration = StdDuration::from_secs(1);
/// Credentials this close to their expiration are fetched again (the official 180 s).
const REFRESH_BEFORE: Duration = Duration::minutes(3);

/// Temporary credentials of the instance's RAM role, cached until three
/// minutes before they expire.
pub struct EcsRamRoleProvider {
    env: Env,
    endpoint: String,
    cache: Mutex<Option<Cached>>,
}

struct Cached {
    credentials: Credentials,
    expiration: OffsetDateTime,
}

impl std::fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("env", &self.env)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl EcsRamRoleProvider {
    /// A provider asking the real metadata service, with `env` for
    /// `ALIBABA_CLOUD_ECS_METADATA`, `ALIBABA_CLOUD_ECS_METADATA_DISABLED`
    /// and `ALIBABA_CLOUD_IMDSV1_DISABLED`.
    pub fn new(env: Env) -> Self {
        Self {
            env,
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            cache: Mutex::new(None),
        }
    }

    /// Asks the metadata service at `endpoint` (`http://host:port`) instead, for tests.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// The role's credentials, from the cache while they are fresh.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        if flag(&self.env, DISABLED) {
            return Err(not_configured(format!("disabled by {DISABLED}=true")));
        }
        // A tokio mutex: concurrent callers wait for one refresh instead of each fetching.
        let mut cache = self.cache.lock().await;
        let now = OffsetDateTime::now_utc();
        if let Some(cached) = cache.as_ref().filter(|c| is_fresh(c.expiration, now)) {
            return Ok(cached.credentials.clone());
        }
        match self.fetch().await {
            Ok(fetched) => {
                let credentials = fetched.credentials.clone();
                *cache = Some(fetched);
                Ok(credentials)
            }
            // Credentials about to expire still sign until they do.
            Err(e) => match cache.as_ref().filter(|c| c.expiration > now) {
                Some(cached) => {
                    tracing::warn!(error = %e, "refreshing ECS RAM role credentials failed; using the cached ones");
                    Ok(cached.credentials.clone())
                }
                None => Err(e),
            },
        }
    }

    async fn fetch(&self) -> Result<Cached, CredentialsError> {
        let http = reqwest::Client::builder()
            .connect_timeout(TIMEOUT)
            .read_timeout(TIMEOUT)
            // The metadata address is link-local: never through a proxy.
            .no_proxy()
            .build()
            .map_err(|e| invalid(format!("cannot build an HTTP client: {e}")))?;
        let token = self.token(&http).await?;
        let role = match self.env.get(ROLE) {
            Some(role) => role,
            None => {
                let listing = self.get(&http, CREDENTIALS_PATH, token.as_deref()).await?;
                listing
                    .lines()
                    .map(str::trim)
                    .find(|line| !line.is_empty())
                    .ok_or_else(|| invalid("the metadata service lists no RAM role for this instance".to_owned()))?
                    .to_owned()
            }
        };
        let body = self
            .get(&http, &format!("{CREDENTIALS_PATH}{role}"), token.as_deref())
            .await?;
        parse_credentials(&body, &role)
    }

    /// The IMDSv2 token; `None` falls back to IMDSv1 unless that is disabled.
    async fn token(&self, http: &reqwest::Client) -> Result<Option<String>, CredentialsError> {
        let response = http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if status.is_success() {
            let token = response.text().await.map_err(|e| self.transport_error(e))?;
            return Ok(Some(token.trim().to_owned()));
        }
        if flag(&self.env, IMDSV1_DISABLED) {
            return Err(invalid(format!(
                "PUT {TOKEN_PATH} answered HTTP {} and {IMDSV1_DISABLED}=true forbids IMDSv1",
                status.as_u16()
            )));
        }
        tracing::debug!(status = status.as_u16(), "no IMDSv2 token; falling back to IMDSv1");
        Ok(None)
    }

    async fn get(&self, http: &reqwest::Client, path: &str, token: Option<&str>) -> Result<String, CredentialsError> {
        let mut request = http.get(format!("{}{path}", self.endpoint));
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        let response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(invalid(format!("GET {path} answered HTTP {}", status.as_u16())));
        }
        response.text().await.map_err(|e| self.transport_error(e))
    }

    fn transport_error(&self, e: reqwest::Error) -> CredentialsError {
        if e.is_connect() || e.is_timeout() {
            not_configured(format!(
                "the metadata service at {} is unreachable (not on ECS?)",
                self.endpoint
            ))
        } else {
            invalid(format!(
                "talking to the metadata service at {} failed: {e}",
                self.endpoint
            ))
        }
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetadataCredentials {
    code: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

fn parse_credentials(body: &str, role: &str) -> Result<Cached, CredentialsError> {
    // Only the position: serde's message may quote a value, and values are secrets.
    let answer: MetadataCredentials = serde_json::from_str(body).map_err(|e| {
        invalid(format!(
            "the credentials of role {role} are not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if answer.code.as_deref() != Some("Success") {
        return Err(invalid(format!(
            "the metadata service answered Code {:?} for role {role}",
            answer.code.unwrap_or_default()
        )));
    }
    let field = |value: Option<String>, name: &str| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| invalid(format!("the credentials of role {role} have no {name}")))
    };
    let id = field(answer.access_key_id, "AccessKeyId")?;
    let secret = field(answer.access_key_secret, "AccessKeySecret")?;
    let token = field(answer.security_token, "SecurityToken")?;
    let expiration = field(answer.expiration, "Expiration")?;
    let expiration = OffsetDateTime::parse(&expiration, &Rfc3339).map_err(|_| {
        invalid(format!(
            "the credentials of role {role} have an unreadable Expiration {expiration:?}"
        ))
    })?;
    Ok(Cached {
        credentials: Credentials::new(id, secret).with_security_token(token),
        expiration,
    })
}

/// Whether credentials expiring at `expiration` can still be handed out at `now`.
fn is_fresh(expiration: OffsetDateTime, now: OffsetDateTime) -> bool {
    expiration - now > REFRESH_BEFORE
}

fn flag(env: &Env, name: &str) -> bool {
    env.get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn not_configured(reason: String) -> CredentialsError {
    CredentialsError::NotConfigured { provider: NAME, reason }
}

fn invalid(reason: String) -> CredentialsError {
    CredentialsError::Invalid { provider: NAME, reason }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn credentials_are_refreshed_three_minutes_before_they_expire() {
        let expiration = datetime!(2030-01-01 12:00:00 UTC);
        assert!(is_fresh(expiration, datetime!(2030-01-01 11:56:59 UTC)));
        assert!(!is_fresh(expiration, datetime!(2030-01-01 11:57:00 UTC)));
        assert!(!is_fresh(expiration, datetime!(2030-01-01 12:30:00 UTC)));
    }

    #[test]
    fn metadata_credentials_are_parsed_with_their_expiration() {
        let body = r#"{"AccessKeyId":"STS.id","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T12:00:00Z","Code":"Success","LastUpdated":"2030-01-01T06:00:00Z"}"#;
        let cached = parse_credentials(body, "role").unwrap();
        assert_eq!(cached.credentials.access_key_id(), "STS.id");
        assert_eq!(cached.credentials.security_token().map(|t| t.expose()), Some("t"));
        assert_eq!(cached.expiration, datetime!(2030-01-01 12:00:00 UTC));
    }

    #[test]
    fn an_unparsable_answer_never_quotes_its_values() {
        let body = r#"{"AccessKeyId":"STS.id","AccessKeySecret":12345678,"Code":"Success"}"#;
        let err = match parse_credentials(body, "role") {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a numeric secret is not valid"),
        };
        assert!(!err.contains("12345678"), "{err}");
    }
}
