//! One error type for every way a call can fail.
//!
//! Variants wrap structs with private fields and accessors, so that fields
//! can be added without breaking callers (smithy-rs RFC 0022). No secret ever
//! reaches a `Display` or `Debug`: URLs are not kept (an RPC query holds the
//! signature and the STS token), and bodies are not quoted.

use std::fmt;

use serde::Deserialize;

pub use crate::credentials::CredentialsError;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error.
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The request did not reach the service or no answer came back.
    #[error(transparent)]
    Transport(TransportError),
    /// An attempt took longer than its timeout.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// No credentials could be found.
    #[error("no credentials: {0}")]
    Credentials(#[from] CredentialsError),
    /// A success response did not have the documented shape.
    #[error(transparent)]
    Decode(DecodeError),
    /// The client's configuration or the request's input is unusable.
    #[error(transparent)]
    InvalidInput(InvalidInputError),
}

impl Error {
    /// The service's error code, for service errors.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().map(ServiceError::code)
    }

    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// Whether trying again later may succeed: throttling, the service's
    /// transient failures (`ServiceUnavailable`, `InternalError`, 5xx),
    /// transport failures and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service(e) => e.is_retryable(),
            Self::Transport(_) | Self::Timeout(_) => true,
            Self::Credentials(_) | Self::Decode(_) | Self::InvalidInput(_) => false,
        }
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInputError {
            message: message.into(),
        })
    }
}

/// The body of the cloud's error response.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody {
    request_id: Option<String>,
    host_id: Option<String>,
    code: Option<String>,
    message: Option<String>,
    recommend: Option<String>,
    #[serde(alias = "accessDeniedDetail")]
    access_denied_detail: Option<AccessDeniedDetail>,
}

/// An error answered by the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    code: String,
    message: String,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    http_status: u16,
    access_denied_detail: Option<AccessDeniedDetail>,
    retry_after: Option<std::time::Duration>,
}

impl ServiceError {
    /// Builds the error from a non-2xx response. A body that is not the
    /// cloud's JSON still gives an error carrying the HTTP status.
    pub(crate) fn from_response(
        http_status: u16,
        request_id_header: Option<String>,
        retry_after: Option<std::time::Duration>,
        body: &[u8],
    ) -> Self {
        let mut error = Self::from_body(http_status, request_id_header, body);
        error.retry_after = retry_after;
        error
    }

    fn from_body(http_status: u16, request_id_header: Option<String>, body: &[u8]) -> Self {
        match serde_json::from_slice::<ErrorBody>(body) {
            Ok(b) => Self {
                code: b.code.unwrap_or_else(|| format!("HTTP{http_status}")),
                message: b.message.unwrap_or_default(),
                request_id: b.request_id.or(request_id_header),
                host_id: b.host_id,
                recommend: b.recommend,
                http_status,
                access_denied_detail: b.access_denied_detail,
                retry_after: None,
            },
            Err(_) => Self {
                code: format!("HTTP{http_status}"),
                message: format!(
                    "the service answered HTTP {http_status} with a body that is not the cloud's error JSON"
                ),
                request_id: request_id_header,
                host_id: None,
                recommend: None,
                http_status,
                access_denied_detail: None,
                retry_after: None,
            },
        }
    }

    /// The error code, e.g. `InvalidParameter.MinimumPasswordLength.Range`
    /// (`HTTP<status>` when the body had none).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The service's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The host that answered.
    pub fn host_id(&self) -> Option<&str> {
        self.host_id.as_deref()
    }

    /// The service's troubleshooting link.
    pub fn recommend(&self) -> Option<&str> {
        self.recommend.as_deref()
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// Why access was denied, on `NoPermission` errors that say.
    pub fn access_denied_detail(&self) -> Option<&AccessDeniedDetail> {
        self.access_denied_detail.as_ref()
    }

    /// The known code, or [`ErrorCode::Other`](crate::ErrorCode::Other).
    pub fn error_code(&self) -> crate::ErrorCode {
        crate::ErrorCode::from_code(&self.code)
    }

    /// Whether the service throttled the request (`Throttling*`).
    pub fn is_throttling(&self) -> bool {
        self.code.starts_with("Throttling")
    }

    /// How long the service asked to wait (`x-acs-retry-after`), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after
    }

    /// Throttling, `ServiceUnavailable`, `InternalError` and 5xx.
    pub fn is_retryable(&self) -> bool {
        self.code.starts_with("Throttling")
            || matches!(self.code.as_str(), "ServiceUnavailable" | "InternalError")
            || self.http_status >= 500
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.http_status, self.message)?;
        let context: Vec<String> = [
            self.request_id.as_ref().map(|id| format!("request id {id}")),
            self.host_id.as_ref().map(|host| format!("host {host}")),
            self.recommend.as_ref().map(|link| format!("see {link}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !context.is_empty() {
            write!(f, " [{}]", context.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// The cloud's explanation of a denied request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[non_exhaustive]
pub struct AccessDeniedDetail {
    /// The action that was checked, e.g. `ram:CreateUser`.
    pub auth_action: Option<String>,
    /// The kind of caller, e.g. `SubUser` or `AssumedRoleUser`.
    pub auth_principal_type: Option<String>,
    /// The account that owns the caller.
    pub auth_principal_owner_id: Option<String>,
    /// The caller's display name.
    pub auth_principal_display_name: Option<String>,
    /// Which kind of policy decided.
    pub policy_type: Option<String>,
    /// `ImplicitDeny` or `ExplicitDeny`.
    pub no_permission_type: Option<String>,
    /// An encoded diagnostic for support.
    pub encoded_diagnostic_message: Option<String>,
}

/// The request could not be sent or its answer not received.
#[derive(Debug, thiserror::Error)]
#[error("transport failure: {message}")]
pub struct TransportError {
    message: String,
    may_have_been_sent: bool,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    pub(crate) fn new(
        message: impl Into<String>,
        may_have_been_sent: bool,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            may_have_been_sent,
            source,
        }
    }

    /// False when the request certainly never reached the service (the
    /// connection could not be made); true when it may have been applied.
    pub fn may_have_been_sent(&self) -> bool {
        self.may_have_been_sent
    }
}

/// An attempt timed out.
#[derive(Debug, thiserror::Error)]
#[error("{action} timed out after {after:?}")]
pub struct TimeoutError {
    action: &'static str,
    after: std::time::Duration,
}

impl TimeoutError {
    pub(crate) fn new(action: &'static str, after: std::time::Duration) -> Self {
        Self { action, after }
    }

    /// How long the attempt was allowed.
    pub fn after(&self) -> std::time::Duration {
        self.after
    }
}

/// A 2xx body that does not decode as the action's response.
#[derive(Debug, thiserror::Error)]
#[error("the {action} response does not have the documented shape: {source}")]
pub struct DecodeError {
    action: &'static str,
    #[source]
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(action: &'static str, source: serde_json::Error) -> Self {
        Self { action, source }
    }
}

/// The configuration or the request's input is unusable.
#[derive(Debug, thiserror::Error)]
#[error("invalid input: {message}")]
pub struct InvalidInputError {
    message: String,
}
