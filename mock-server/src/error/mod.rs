//! One error type for every refusal, rendered as the cloud renders it:
//! `{"RequestId", "HostId", "Code", "Message", "Recommend"}` with the cloud's
//! HTTP status (ram-contract.md §1.7-1.8).
//!
//! Handlers return an [`ApiError`]; the pipeline, which knows the request id
//! and host, turns it into the final JSON with [`render`]. That keeps request
//! bookkeeping out of every handler. This module is the ground floor: every
//! other module may import it, and it imports nothing of the mock's own.

use std::borrow::Cow;

mod codes;

pub(crate) use codes::{PasswordCodes, ROOT_ONLY, account, console, gateway, ram};

use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::http::header::CONTENT_TYPE;
use poem::{Body, Response};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaResponses, Registry};
use poem_openapi::{ApiResponse, Object};

/// A documented error code: its code, HTTP status and fixed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ErrorCode {
    /// The `Code` field, e.g. `SignatureNonceUsed`.
    pub(crate) code: &'static str,
    /// The HTTP status the cloud answers with.
    pub(crate) status: u16,
    /// The `Message` field (a template for codes whose message varies).
    pub(crate) message: &'static str,
}

impl ErrorCode {
    /// An error with this code and its fixed message.
    pub(crate) fn err(&self) -> ApiError {
        ApiError::new(self.status, self.code, self.message)
    }

    /// An error with this code and a message made for the occasion.
    pub(crate) fn with_message(&self, message: impl Into<Cow<'static, str>>) -> ApiError {
        ApiError::new(self.status, self.code, message)
    }
}

/// A refused request, before the pipeline adds its request id and host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: u16,
    code: Cow<'static, str>,
    message: Cow<'static, str>,
    access_denied: Option<Box<AccessDeniedDetail>>,
}

impl ApiError {
    /// An error with any code.
    pub(crate) fn new(status: u16, code: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            access_denied: None,
        }
    }

    /// Adds the explanation of a denied request, as the cloud's 403s carry.
    pub(crate) fn with_access_denied(mut self, detail: AccessDeniedDetail) -> Self {
        self.access_denied = Some(Box::new(detail));
        self
    }

    /// The HTTP status.
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The error code.
    pub(crate) fn code(&self) -> &str {
        &self.code
    }

    /// The error code, as kept (no copy for a code of the tables).
    pub(crate) fn code_text(&self) -> Cow<'static, str> {
        self.code.clone()
    }

    /// The message.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The cloud's JSON body for this error.
    pub(crate) fn body(&self, request_id: &str, host_id: &str, product: &str) -> ErrorBody {
        ErrorBody {
            request_id: request_id.to_owned(),
            host_id: host_id.to_owned(),
            code: self.code.to_string(),
            message: self.message.to_string(),
            recommend: format!(
                "https://api.aliyun.com/troubleshoot?q={}&product={product}&requestId={request_id}",
                self.code
            ),
            access_denied_detail: self.access_denied.as_deref().cloned(),
        }
    }
}

/// The body of every error response.
#[derive(Clone, Debug, Object, serde::Serialize)]
#[oai(rename_all = "PascalCase")]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ErrorBody {
    /// The id of the request, upper-case UUID.
    pub request_id: String,
    /// The host that answered (the endpoint's host).
    pub host_id: String,
    /// The error code, e.g. `InvalidParameter.MinimumPasswordLength.Range`.
    pub(crate) code: String,
    /// What went wrong, in words.
    pub(crate) message: String,
    /// A troubleshooting link, as the cloud's gateway gives one.
    pub recommend: String,
    /// Why a request was denied (403 `NoPermission` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_denied_detail: Option<AccessDeniedDetail>,
}

/// The cloud's explanation of a denied request.
#[derive(Clone, Debug, PartialEq, Eq, Object, serde::Serialize)]
#[oai(rename_all = "PascalCase")]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AccessDeniedDetail {
    /// The action checked, e.g. `ram:CreateUser`.
    pub auth_action: String,
    /// `SubUser` (a RAM user) or `AssumedRoleUser` (a role session).
    pub auth_principal_type: String,
    /// The caller's account id.
    pub auth_principal_owner_id: String,
    /// The caller's name (the user name, or `role/session`).
    pub auth_principal_display_name: String,
    /// Which kind of policy decided: `AccountLevelIdentityBasedPolicy`.
    pub policy_type: String,
    /// `ImplicitDeny`: no attached policy allows the action.
    pub no_permission_type: String,
}

/// The statuses an action can answer with when it fails; which codes each
/// operation returns is listed in its `x-acs-errors` extension.
#[derive(ApiResponse)]
#[allow(dead_code)] // only its metadata is used: it documents ApiError
enum ErrorResponses {
    /// A parameter is missing, malformed or out of range, the request is not
    /// well signed, or a business rule refuses it.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// The caller is not allowed to do this.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// The action, the AccessKey or an entity does not exist.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The request conflicts with the current state or a limit.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// The service failed.
    #[oai(status = 500)]
    InternalError(Json<ErrorBody>),
    /// The service is temporarily unavailable.
    #[oai(status = 503)]
    ServiceUnavailable(Json<ErrorBody>),
}

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        ErrorResponses::meta()
    }

    fn register(registry: &mut Registry) {
        ErrorResponses::register(registry);
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for ApiError {}

/// Handlers' errors travel as `poem::Error`; the pipeline downcasts them
/// back and renders the final body with the request id and host.
impl ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Outside the pipeline (the control plane) an error is still the
    /// cloud's JSON, with a request id of its own.
    fn as_response(&self) -> Response {
        render(self, &new_request_id(), DEFAULT_HOST)
    }
}

/// The host named in errors when the request names none.
pub(crate) const DEFAULT_HOST: &str = "ram.aliyuncs.com";

/// The cloud's error response: JSON body, HTTP status, request id header;
/// `Recommend` names RAM (before an action is known, and for the control plane).
pub(crate) fn render(err: &ApiError, request_id: &str, host: &str) -> Response {
    render_for(err, request_id, host, "Ram")
}

/// The cloud's error response for an action of `product`.
pub(crate) fn render_for(err: &ApiError, request_id: &str, host: &str, product: &str) -> Response {
    let body = err.body(request_id, host, product);
    let json = serde_json::to_vec(&body).unwrap_or_default();
    Response::builder()
        .status(StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(CONTENT_TYPE, "application/json;charset=utf-8")
        .header("x-acs-request-id", request_id)
        .body(Body::from(json))
}

/// A request id as the cloud writes them: an upper-case UUID.
pub(crate) fn new_request_id() -> String {
    format_request_id(uuid::Uuid::new_v4())
}

/// A request id as the cloud writes it: an upper-case hyphenated UUID.
pub(crate) fn format_request_id(id: uuid::Uuid) -> String {
    write_request_id(id, &mut uuid::Uuid::encode_buffer()).to_owned()
}

/// [`format_request_id`] into `buf` (`uuid::Uuid::encode_buffer()`), for
/// a caller that needs the text only for a while.
pub(crate) fn write_request_id(id: uuid::Uuid, buf: &mut [u8]) -> &str {
    id.hyphenated().encode_upper(buf)
}
