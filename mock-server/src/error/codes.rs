//! Every code the mock answers with, by product: the gateway's (common to
//! all actions), RAM's, the `RamkitAccount` extension's and the simulated
//! console's. Each is a constant with its HTTP status and message; actions
//! declare which of them they can return.

use super::ErrorCode;

/// Declares documented codes as `ErrorCode` constants; with `all;` first,
/// also `ALL`, every code of the group.
macro_rules! codes {
    (all; $($(#[$doc:meta])* $name:ident = ($code:literal, $status:literal, $message:literal);)*) => {
        codes! { $($(#[$doc])* $name = ($code, $status, $message);)* }
        /// Every code of this group, in declaration order.
        pub(crate) const ALL: &[ErrorCode] = &[$($name),*];
    };
    ($($(#[$doc:meta])* $name:ident = ($code:literal, $status:literal, $message:literal);)*) => {
        $($(#[$doc])* pub(crate) const $name: ErrorCode = ErrorCode { code: $code, status: $status, message: $message };)*
    };
}

/// `NoPermission` for a root-only action called by anyone but the root
/// (ram-contract.md §7 rows 1-2).
pub(crate) const ROOT_ONLY: ErrorCode = ErrorCode {
    code: "NoPermission",
    status: 403,
    message: "RAM users, RAM roles and SSO users cannot modify the Alibaba Cloud account's information.",
};

/// Codes the gateway returns for any action (ram-contract.md §1.8).
pub(crate) mod gateway {
    use super::super::ErrorCode;

    codes! { all;
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
    pub(crate) fn missing(name: &str) -> crate::error::ApiError {
        crate::error::ApiError::new(
            400,
            format!("Missing{name}"),
            format!("{name} is mandatory for this action."),
        )
    }
}

/// RAM's business codes (ram-contract.md §2-§4, §7).
pub(crate) mod ram {
    use super::super::ErrorCode;

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
        /// A policy type other than `System` or `Custom`.
        POLICY_TYPE = ("InvalidParameter.PolicyType", 400, "The parameter - \"PolicyType\" is not valid.");
        /// A marker this account never gave out.
        MARKER = ("InvalidParameter.Marker", 400, "The parameter - \"Marker\" is not valid.");
        /// A network mask that is not an IPv4 or IPv6 CIDR.
        NETWORK_MASKS_FORMAT = ("InvalidParameter.LoginNetworkMasks.Format", 400, "The parameter - \"LoginNetworkMasks\" must be CIDR blocks separated by semicolons.");
        /// More than 40 masks.
        NETWORK_MASKS_COUNT = ("InvalidParameter.LoginNetworkMasks.Count", 400, "The parameter - \"LoginNetworkMasks\" may hold at most 40 masks.");
    }
}

/// The codes a refused password gets: ChangePassword (and a forced change
/// at console logon) names `NewPassword`, the login-profile actions name
/// `Password`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PasswordCodes {
    /// The password breaks the policy.
    pub(crate) too_weak: ErrorCode,
    /// The password is one of the last ones.
    pub(crate) reused: ErrorCode,
}

impl PasswordCodes {
    /// CreateLoginProfile, UpdateLoginProfile.
    pub(crate) const LOGIN_PROFILE: Self = Self {
        too_weak: ram::PASSWORD_TOO_WEAK,
        reused: ram::PASSWORD_REUSED,
    };
    /// ChangePassword, a forced change at console logon.
    pub(crate) const CHANGE: Self = Self {
        too_weak: ram::NEW_PASSWORD_TOO_WEAK,
        reused: ram::NEW_PASSWORD_REUSED,
    };
}

/// Codes of the control plane's simulated console logon (ramkit's own).
pub(crate) mod console {
    use super::super::ErrorCode;

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

/// The `RamkitAccount` extension's codes. Alibaba publishes none for these
/// (there is no public API); they follow RAM's patterns (ram-contract.md
/// §7): `InvalidParameter.<Param>.<Reason>` 400, `EntityAlreadyExists.*` and
/// `LimitExceeded.*` 409.
pub(crate) mod account {
    use super::super::ErrorCode;

    codes! {
        /// `Recipient` is not one of the four.
        INVALID_RECIPIENT = ("InvalidParameter.Recipient", 400, "The parameter - \"Recipient\" must be one of LogonEmail, Mobile, NewEmail, NewMobilePhone.");
        /// `NewAddress` is required for `NewEmail` and `NewMobilePhone`.
        MISSING_NEW_ADDRESS = ("MissingNewAddress", 400, "NewAddress is mandatory for this action.");
        /// `NewAddress` of `NewEmail` is not an email.
        NEW_ADDRESS_EMAIL_FORMAT = ("InvalidParameter.NewAddress.Format", 400, "The format of the parameter - \"NewAddress\" is incorrect.");
        /// The new email is malformed.
        NEW_EMAIL_FORMAT = ("InvalidParameter.NewEmail.Format", 400, "The format of the parameter - \"NewEmail\" is incorrect.");
        /// The new email is the current one.
        NEW_EMAIL_UNCHANGED = ("InvalidParameter.NewEmail.Unchanged", 400, "The new email is already the account's logon email.");
        /// The new email is another account's logon email.
        EMAIL_TAKEN = ("EntityAlreadyExists.Email", 409, "The email is already the logon email of another Alibaba Cloud account.");
        /// The new mobile is not `<country code>-<number>`.
        NEW_MOBILE_FORMAT = ("InvalidParameter.NewMobilePhone.Format", 400, "The format of the parameter - \"NewMobilePhone\" is incorrect: use the country code, a hyphen and the number, e.g. 86-13800000000.");
        /// The new mobile is not of the country/region chosen at registration.
        NEW_MOBILE_REGION = ("InvalidParameter.NewMobilePhone.Region", 400, "The mobile phone number must be from the country or region selected at registration.");
        /// The new mobile is the current one.
        NEW_MOBILE_UNCHANGED = ("InvalidParameter.NewMobilePhone.Unchanged", 400, "The new mobile phone number is already the account's.");
        /// The mobile is bound to six accounts already.
        MOBILE_FULL = ("LimitExceeded.MobilePhone.Account", 409, "The mobile phone number is already bound to the maximum of 6 Alibaba Cloud accounts.");
        /// `VerifyType` is not one of the three.
        INVALID_VERIFY_TYPE = ("InvalidParameter.VerifyType", 400, "The parameter - \"VerifyType\" must be one of Email, Mobile, Totp.");
        /// `VerifyType=Totp` for an account without a TOTP secret.
        TOTP_NOT_BOUND = ("InvalidParameter.VerifyType.TotpNotBound", 400, "The account has no TOTP authenticator bound; verify with Email or Mobile.");
        /// The identity code matches no code sent.
        VERIFY_CODE_INCORRECT = ("InvalidParameter.VerifyCode.Incorrect", 400, "The verification code is incorrect.");
        /// The identity code is older than five minutes.
        VERIFY_CODE_EXPIRED = ("InvalidParameter.VerifyCode.Expired", 400, "The verification code has expired; request a new one.");
        /// The identity code was used already.
        VERIFY_CODE_USED = ("InvalidParameter.VerifyCode.AlreadyUsed", 400, "The verification code has already been used; request a new one.");
        /// The new email's code matches no code sent to it.
        NEW_EMAIL_CODE_INCORRECT = ("InvalidParameter.NewEmailVerifyCode.Incorrect", 400, "The verification code of the new email is incorrect.");
        /// The new email's code is older than five minutes.
        NEW_EMAIL_CODE_EXPIRED = ("InvalidParameter.NewEmailVerifyCode.Expired", 400, "The verification code of the new email has expired; request a new one.");
        /// The new email's code was used already.
        NEW_EMAIL_CODE_USED = ("InvalidParameter.NewEmailVerifyCode.AlreadyUsed", 400, "The verification code of the new email has already been used; request a new one.");
        /// The new mobile's code matches no code sent to it.
        NEW_MOBILE_CODE_INCORRECT = ("InvalidParameter.NewMobilePhoneVerifyCode.Incorrect", 400, "The verification code of the new mobile phone number is incorrect.");
        /// The new mobile's code is older than five minutes.
        NEW_MOBILE_CODE_EXPIRED = ("InvalidParameter.NewMobilePhoneVerifyCode.Expired", 400, "The verification code of the new mobile phone number has expired; request a new one.");
        /// The new mobile's code was used already.
        NEW_MOBILE_CODE_USED = ("InvalidParameter.NewMobilePhoneVerifyCode.AlreadyUsed", 400, "The verification code of the new mobile phone number has already been used; request a new one.");
        /// The new password lacks character classes.
        NEW_PASSWORD_WEAK = ("InvalidParameter.NewPassword.TooWeak", 400, "The password must contain at least three of: lower-case letters, upper-case letters, digits, symbols.");
        /// The colour is not in the palette.
        INVALID_COLOR = ("InvalidParameter.BackgroundColor", 400, "The parameter - \"BackgroundColor\" must be one of Blue, Green, Orange, Red, Purple, Cyan, Gray.");
    }

    /// What every identity check (`VerifyType`, `VerifyCode`) can answer.
    pub(crate) const IDENTITY: [ErrorCode; 5] = [
        INVALID_VERIFY_TYPE,
        TOTP_NOT_BOUND,
        VERIFY_CODE_INCORRECT,
        VERIFY_CODE_EXPIRED,
        VERIFY_CODE_USED,
    ];
}
