//! One error type for every refusal, rendered as the cloud renders it:
//! `{"RequestId", "HostId", "Code", "Message", "Recommend"}` with the cloud's
//! HTTP status (ram-contract.md §1.7-1.8).
//!
//! Handlers return an [`ApiError`]; the dispatcher, which knows the request id
//! and host, turns it into the final JSON. That keeps request bookkeeping out of
//! every handler.

use std::borrow::Cow;

use poem::Response;
use poem::error::ResponseError;
use poem::http::StatusCode;
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaResponses, Registry};
use poem_openapi::{ApiResponse, Object};

/// A documented error code: its code, HTTP status and fixed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCode {
    /// The `Code` field, e.g. `SignatureNonceUsed`.
    pub code: &'static str,
    /// The HTTP status the cloud answers with.
    pub status: u16,
    /// The `Message` field (a template for codes whose message varies).
    pub message: &'static str,
}

impl ErrorCode {
    /// An error with this code and its fixed message.
    pub fn err(&self) -> ApiError {
        ApiError::new(self.status, self.code, self.message)
    }

    /// An error with this code and a message made for the occasion.
    pub fn with_message(&self, message: impl Into<Cow<'static, str>>) -> ApiError {
        ApiError::new(self.status, self.code, message)
    }
}

/// A refused request, before the dispatcher adds its request id and host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    status: u16,
    code: Cow<'static, str>,
    message: Cow<'static, str>,
}

impl ApiError {
    /// An error with any code.
    pub fn new(status: u16, code: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The cloud's JSON body for this error.
    pub fn body(&self, request_id: &str, host_id: &str, product: &str) -> ErrorBody {
        ErrorBody {
            request_id: request_id.to_owned(),
            host_id: host_id.to_owned(),
            code: self.code.to_string(),
            message: self.message.to_string(),
            recommend: format!(
                "https://api.aliyun.com/troubleshoot?q={}&product={product}&requestId={request_id}",
                self.code
            ),
        }
    }
}

/// The body of every error response.
#[derive(Clone, Debug, Object, serde::Serialize)]
#[oai(rename_all = "PascalCase")]
#[serde(rename_all = "PascalCase")]
pub struct ErrorBody {
    /// The id of the request, upper-case UUID.
    pub request_id: String,
    /// The host that answered (the endpoint's host).
    pub host_id: String,
    /// The error code, e.g. `InvalidParameter.MinimumPasswordLength.Range`.
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
    /// A troubleshooting link, as the cloud's gateway gives one.
    pub recommend: String,
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

/// Handlers' errors travel as `poem::Error`; the dispatcher downcasts them
/// back and renders the final body with the request id and host.
impl ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn as_response(&self) -> Response {
        Response::builder()
            .status(ResponseError::status(self))
            .body(self.to_string())
    }
}

/// `NoPermission` for a root-only action called by anyone but the root
/// (ram-contract.md §7 rows 1-2).
pub const ROOT_ONLY: ErrorCode = ErrorCode {
    code: "NoPermission",
    status: 403,
    message: "RAM users, RAM roles and SSO users cannot modify the Alibaba Cloud account's information.",
};

/// Codes the gateway returns for any action (ram-contract.md §1.8).
pub mod gateway {
    use super::ErrorCode;

    macro_rules! codes {
        ($($(#[$doc:meta])* $name:ident = ($code:literal, $status:literal, $message:literal);)*) => {
            $($(#[$doc])* pub const $name: ErrorCode = ErrorCode { code: $code, status: $status, message: $message };)*
            /// Every gateway code, for the document.
            pub const ALL: &[ErrorCode] = &[$($name),*];
        };
    }

    codes! {
        /// The signature does not match; the message ends with the server's string to sign.
        SIGNATURE_DOES_NOT_MATCH = ("SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation. server string to sign is:");
        /// The signature is malformed or incomplete.
        INCOMPLETE_SIGNATURE = ("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards.");
        /// The request carries no signature at all.
        MISSING_SIGNATURE = ("MissingSignature", 400, "Signature is mandatory for this action.");
        /// The AccessKey does not exist (or was deleted).
        ACCESS_KEY_NOT_FOUND = ("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");
        /// The AccessKey is disabled.
        ACCESS_KEY_INACTIVE = ("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled.");
        /// The timestamp is more than 15 minutes away from the server's clock.
        TIMESTAMP_EXPIRED = ("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.");
        /// The timestamp is not `yyyy-MM-ddTHH:mm:ssZ`.
        TIMESTAMP_FORMAT = ("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted.");
        /// The nonce was seen within the last 15 minutes.
        NONCE_USED = ("SignatureNonceUsed", 400, "Specified signature nonce was used already.");
        /// The signature method or algorithm is not supported.
        SIGNATURE_METHOD = ("InvalidSignatureMethod", 400, "Specified signature method is not valid.");
        /// An STS AccessKey was used without its token.
        MISSING_SECURITY_TOKEN = ("MissingSecurityToken", 400, "SecurityToken is mandatory for this action.");
        /// The STS token has expired.
        SECURITY_TOKEN_EXPIRED = ("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired.");
        /// The STS token does not belong to the AccessKey.
        SECURITY_TOKEN_MISMATCH = ("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey.");
        /// The action is unknown for this version.
        ACTION_NOT_FOUND = ("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method.");
        /// The version is not one of the product's.
        INVALID_VERSION = ("InvalidVersion", 400, "Specified parameter Version is not valid.");
        /// Neither GET nor POST.
        UNSUPPORTED_METHOD = ("UnsupportedHTTPMethod", 400, "Specified HTTP method is not supported.");
        /// The request body could not be read or decoded.
        MALFORMED_REQUEST = ("InvalidParameter", 400, "The request could not be decoded.");
        /// The request body is larger than the server accepts.
        BODY_TOO_LARGE = ("InvalidParameter.BodyTooLarge", 400, "The request body is larger than the server accepts.");
        /// The caller lacks the permission.
        NO_PERMISSION = ("NoPermission", 403, "You are not authorized to do this action. You should be authorized by RAM.");
        /// Anything unexpected.
        INTERNAL_ERROR = ("InternalError", 500, "An internal error occurred.");
        /// The caller sends too fast (retry after a delay).
        THROTTLING_USER = ("Throttling.User", 400, "Request was denied due to user flow control.");
        /// The action is called too often across callers (retry after a delay).
        THROTTLING_API = ("Throttling.Api", 400, "Request was denied due to api flow control.");
        /// The service is temporarily unavailable (retry after a delay).
        SERVICE_UNAVAILABLE = ("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server.");
    }

    /// `Missing<Param>`: a required parameter (protocol or business) is absent.
    pub fn missing(name: &str) -> super::ApiError {
        super::ApiError::new(
            400,
            format!("Missing{name}"),
            format!("{name} is mandatory for this action."),
        )
    }
}
