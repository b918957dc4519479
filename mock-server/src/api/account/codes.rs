//! The codes of the `RamkitAccount` actions. Alibaba publishes none for
//! these (there is no public API); they follow RAM's patterns
//! (ram-contract.md §7): `InvalidParameter.<Param>.<Reason>` 400,
//! `EntityAlreadyExists.*` and `LimitExceeded.*` 409.

use crate::error::{ErrorCode, ROOT_ONLY, gateway};

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = ($code:literal, $status:literal, $message:literal);)*) => {
        $($(#[$doc])* pub const $name: ErrorCode = ErrorCode { code: $code, status: $status, message: $message };)*
    };
}

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

/// SendAccountVerificationCode.
pub const SEND: &[ErrorCode] = &[
    ROOT_ONLY,
    INVALID_RECIPIENT,
    MISSING_NEW_ADDRESS,
    NEW_ADDRESS_EMAIL_FORMAT,
    NEW_MOBILE_FORMAT,
    NEW_MOBILE_REGION,
    gateway::THROTTLING_USER,
];

const IDENTITY: [ErrorCode; 5] = [
    INVALID_VERIFY_TYPE,
    TOTP_NOT_BOUND,
    VERIFY_CODE_INCORRECT,
    VERIFY_CODE_EXPIRED,
    VERIFY_CODE_USED,
];

/// ModifyAccountEmail.
pub const MODIFY_EMAIL: &[ErrorCode] = &[
    ROOT_ONLY,
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    IDENTITY[4],
    NEW_EMAIL_FORMAT,
    NEW_EMAIL_UNCHANGED,
    NEW_EMAIL_CODE_INCORRECT,
    NEW_EMAIL_CODE_EXPIRED,
    NEW_EMAIL_CODE_USED,
    EMAIL_TAKEN,
];

/// ModifyAccountMobile.
pub const MODIFY_MOBILE: &[ErrorCode] = &[
    ROOT_ONLY,
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    IDENTITY[4],
    NEW_MOBILE_FORMAT,
    NEW_MOBILE_REGION,
    NEW_MOBILE_UNCHANGED,
    NEW_MOBILE_CODE_INCORRECT,
    NEW_MOBILE_CODE_EXPIRED,
    NEW_MOBILE_CODE_USED,
    MOBILE_FULL,
];

/// ModifyAccountPassword.
pub const MODIFY_PASSWORD: &[ErrorCode] = &[
    ROOT_ONLY,
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    IDENTITY[4],
    NEW_PASSWORD_WEAK,
];

/// GetAccountBasicInfo.
pub const GET_BASIC_INFO: &[ErrorCode] = &[ROOT_ONLY];

/// ModifyAccountProfileColor.
pub const MODIFY_COLOR: &[ErrorCode] = &[ROOT_ONLY, INVALID_COLOR];
