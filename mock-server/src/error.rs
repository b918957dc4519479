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
    access_denied: Option<Box<AccessDeniedDetail>>,
}

impl ApiError {
    /// An error with any code.
    pub fn new(status: u16, code: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            access_denied: None,
        }
    }

    /// Adds the explanation of a denied request, as the cloud's 403s carry.
    pub fn with_access_denied(mut self, detail: AccessDeniedDetail) -> Self {
        self.access_denied = Some(Box::new(detail));
        self
    }

    /// The explanation of a denied request, if any.
    pub fn access_denied(&self) -> Option<&AccessDeniedDetail> {
        self.access_denied.as_deref()
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
            access_denied_detail: self.access_denied.as_deref().cloned(),
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
    /// Why a request was denied (403 `NoPermission` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_denied_detail: Option<AccessDeniedDetail>,
}

/// The cloud's explanation of a denied request.
#[derive(Clone, Debug, PartialEq, Eq, Object, serde::Serialize)]
#[oai(rename_all = "PascalCase")]
#[serde(rename_all = "PascalCase")]
pub struct AccessDeniedDetail {
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

/// Handlers' errors travel as `poem::Error`; the dispatcher downcasts them
/// back and renders the final body with the request id and host.
impl ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Outside the pipeline (the control plane) an error is still the
    /// cloud's JSON, with a request id of its own.
    fn as_response(&self) -> Response {
        crate::dispatch::render(self, &crate::dispatch::new_request_id(), crate::dispatch::DEFAULT_HOST)
    }
}

/// Declares documented codes as `ErrorCode` constants, plus `ALL`.
macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = ($code:literal, $status:literal, $message:literal);)*) => {
        $($(#[$doc])* pub const $name: ErrorCode = ErrorCode { code: $code, status: $status, message: $message };)*
        /// Every code of this group, for the document.
        #[allow(dead_code)]
        pub const ALL: &[ErrorCode] = &[$($name),*];
    };
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

/// RAM's business codes (ram-contract.md §2-§4, §7).
pub mod ram {
    use super::ErrorCode;

    codes! {
        /// The user does not exist.
        USER_NOT_FOUND = ("EntityNotExist.User", 404, "The user does not exist.");
        /// The user has no login profile.
        LOGIN_PROFILE_NOT_FOUND = ("EntityNotExist.User.LoginProfile", 404, "The user login profile does not exist.");
        /// The AccessKey is not the user's.
        ACCESS_KEY_NOT_FOUND = ("EntityNotExist.User.AccessKey", 404, "The user access key does not exist.");
        /// No such system policy.
        POLICY_NOT_FOUND = ("EntityNotExist.Policy", 404, "The policy does not exist.");
        /// The policy is not attached to the user.
        POLICY_NOT_ATTACHED = ("EntityNotExist.User.Policy", 404, "The policy is not attached to the user.");
        /// A user with this name exists.
        USER_EXISTS = ("EntityAlreadyExists.User", 409, "The user does already EXIST.");
        /// The user already has a login profile.
        LOGIN_PROFILE_EXISTS = ("EntityAlreadyExists.User.LoginProfile", 409, "The user login profile does already EXIST.");
        /// The policy is already attached.
        POLICY_ATTACHED = ("EntityAlreadyExists.User.Policy", 409, "The user has already been attached this policy.");
        /// 5000 users per account.
        USER_LIMIT = ("LimitExceeded.User", 409, "The count of users beyond the current limits.");
        /// 2 AccessKeys per user.
        ACCESS_KEY_LIMIT = ("LimitExceeded.User.AccessKey", 409, "The access key count of the user access keys beyond the current limits.");
        /// 20 system policies per user.
        POLICY_LIMIT = ("LimitExceeded.User.Policy", 409, "The count of system policies attached to the user beyond the current limits.");
        /// DeleteUser while policies are attached.
        DELETE_CONFLICT_POLICY = ("DeleteConflict.User.Policy", 409, "The user CAN NOT has any attached policy while deleting the user.");
        /// ChangePassword by a principal that is not a RAM user.
        NOT_SUB_USER = ("NotSupport.Account", 400, "This method can be only invoked by sub user.");
        /// The old password is wrong.
        OLD_PASSWORD_INCORRECT = ("InvalidParameter.OldPassword.Incorrect", 400, "The parameter - \"OldPassword\" is incorrect.");
        /// The new password (ChangePassword) breaks the password policy.
        NEW_PASSWORD_TOO_WEAK = ("InvalidParameter.NewPassword.TooWeak", 400, "The parameter - \"NewPassword\" is not compliant with the password policy.");
        /// The new password is one of the last ones.
        NEW_PASSWORD_REUSED = ("InvalidParameter.NewPassword.ReusePrevention", 400, "The parameter - \"NewPassword\" is not compliant with the reuse prevention password policy.");
        /// The password (login profile) breaks the password policy.
        PASSWORD_TOO_WEAK = ("InvalidParameter.Password.TooWeak", 400, "The parameter - \"Password\" is not compliant with the password policy.");
        /// The password (login profile) is one of the last ones.
        PASSWORD_REUSED = ("InvalidParameter.Password.ReusePrevention", 400, "The parameter - \"Password\" is not compliant with the reuse prevention password policy.");
        /// A user name with characters outside `[A-Za-z0-9._-]`.
        USER_NAME_CHARS = ("InvalidParameter.UserName.InvalidChars", 400, "The parameter - \"UserName\" contains invalid chars.");
        /// A new user name with characters outside `[A-Za-z0-9._-]`.
        NEW_USER_NAME_CHARS = ("InvalidParameter.NewUserName.InvalidChars", 400, "The parameter - \"NewUserName\" contains invalid chars.");
        /// A display name with characters outside letters, digits, `@ . _ -` and spaces.
        DISPLAY_NAME_CHARS = ("InvalidParameter.DisplayName.InvalidChars", 400, "The parameter - \"DisplayName\" contains invalid chars.");
        /// A malformed mobile number.
        MOBILE_FORMAT = ("InvalidParameter.MobilePhone.Format", 400, "The format of the parameter - \"MobilePhone\" is incorrect.");
        /// A malformed email.
        EMAIL_FORMAT = ("InvalidParameter.Email.Format", 400, "The format of the parameter - \"Email\" is incorrect.");
        /// A policy type other than `System` or `Custom`.
        POLICY_TYPE = ("InvalidParameter.PolicyType", 400, "The parameter - \"PolicyType\" is not valid.");
        /// A policy name with characters outside letters, digits and `-`.
        POLICY_NAME_CHARS = ("InvalidParameter.PolicyName.InvalidChars", 400, "The parameter - \"PolicyName\" contains invalid chars.");
        /// A marker this account never gave out.
        MARKER = ("InvalidParameter.Marker", 400, "The parameter - \"Marker\" is not valid.");
        /// A network mask that is not an IPv4 or IPv6 CIDR.
        NETWORK_MASKS_FORMAT = ("InvalidParameter.LoginNetworkMasks.Format", 400, "The parameter - \"LoginNetworkMasks\" must be CIDR blocks separated by semicolons.");
        /// More than 40 masks.
        NETWORK_MASKS_COUNT = ("InvalidParameter.LoginNetworkMasks.Count", 400, "The parameter - \"LoginNetworkMasks\" may hold at most 40 masks.");
    }
}

/// Codes of the control plane's simulated console logon (ramkit's own).
pub mod console {
    use super::ErrorCode;

    codes! {
        /// No account has this id.
        ACCOUNT_NOT_FOUND = ("EntityNotExist.Account", 404, "The account does not exist.");
        /// A RAM user's logon without the account it belongs to.
        ACCOUNT_ID_MISSING = ("MissingAccountId", 400, "AccountId is mandatory for a RAM user's logon.");
        /// The logon names neither a RAM user nor the root's logon email or mobile.
        LOGON_ID_MISSING = ("MissingUserName", 400, "UserName (a RAM user) or LogonId (the root's logon email or mobile) is mandatory.");
        /// Wrong password (counts toward MaxLoginAttemps).
        PASSWORD_INCORRECT = ("ConsoleLogon.PasswordIncorrect", 400, "The user name or password is incorrect.");
        /// Too many wrong passwords within an hour: locked for an hour.
        USER_LOCKED = ("ConsoleLogon.UserLocked", 403, "The user is locked after too many failed logons; try again in an hour.");
        /// The password expired and HardExpiry is on: only an administrator can reset it.
        PASSWORD_EXPIRED = ("ConsoleLogon.PasswordExpired", 403, "The password has expired; an administrator must reset it (HardExpiry).");
        /// The password must be changed first (expired, or PasswordResetRequired).
        PASSWORD_CHANGE_REQUIRED = ("ConsoleLogon.PasswordChangeRequired", 403, "The password must be changed at this logon; send NewPassword with the current one.");
        /// The source IP is outside LoginNetworkMasks.
        SOURCE_IP_NOT_ALLOWED = ("ConsoleLogon.SourceIpNotAllowed", 403, "Console logon is not allowed from this IP address (LoginNetworkMasks).");
        /// The source IP is not an IP address.
        SOURCE_IP_FORMAT = ("InvalidParameter.SourceIp.Format", 400, "The format of the parameter - \"SourceIp\" is incorrect.");
        /// No live session has this id.
        SESSION_NOT_FOUND = ("EntityNotExist.ConsoleSession", 404, "The console session does not exist or has ended.");
    }
}
