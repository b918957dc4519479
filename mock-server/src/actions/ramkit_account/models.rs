//! The responses and value types of the `RamkitAccount` actions.

use ramkit_mock_macros::model;

use crate::state;

/// The kind of account.
#[model]
#[derive(Debug)]
pub(crate) enum AccountType {
    /// An individual's account.
    Personal,
    /// An enterprise's, government's or public institution's account.
    Enterprise,
}

/// Whether the owner's identity (real name) is verified.
#[model]
#[derive(Debug)]
pub(crate) enum IdentityVerificationStatus {
    /// Not verified yet.
    Unverified,
    /// Verified.
    Verified,
}

/// A profile picture background colour, from the fixed palette.
#[model]
#[derive(Debug)]
pub(crate) enum ProfileColor {
    /// The default.
    Blue,
    /// Green.
    Green,
    /// Orange.
    Orange,
    /// Red.
    Red,
    /// Purple.
    Purple,
    /// Cyan.
    Cyan,
    /// Gray.
    Gray,
}

impl From<state::AvatarColor> for ProfileColor {
    fn from(c: state::AvatarColor) -> Self {
        use state::AvatarColor as C;
        match c {
            C::Blue => Self::Blue,
            C::Green => Self::Green,
            C::Orange => Self::Orange,
            C::Red => Self::Red,
            C::Purple => Self::Purple,
            C::Cyan => Self::Cyan,
            C::Gray => Self::Gray,
        }
    }
}

/// The account's basic information, as the Account Center shows it.
#[model]
#[derive(Debug)]
pub(crate) struct AccountBasicInfo {
    /// The 16-digit account id (UID); it never changes.
    pub account_id: String,
    /// Personal or Enterprise.
    pub account_type: AccountType,
    /// The logon email (the logon name). A new mock account has
    /// `account-<AccountId>@ramkit.invalid`.
    pub logon_email: String,
    /// The mobile, masked: `86-138****5678`.
    pub mobile_phone: String,
    /// The country/region calling code chosen at registration, e.g. `86`;
    /// a new mobile must carry it.
    pub registration_country_code: String,
    /// Whether the owner's identity is verified.
    pub identity_verification_status: IdentityVerificationStatus,
    /// The profile picture: the logon email's first letter, upper-case.
    pub avatar_initial: String,
    /// The profile picture's background colour (default `Blue`).
    pub avatar_background_color: ProfileColor,
    /// Whether a TOTP authenticator is bound (then `VerifyType=Totp` works).
    pub totp_bound: bool,
}

/// The response of SendAccountVerificationCode.
#[model]
#[derive(Debug)]
pub(crate) struct SendAccountVerificationCodeResponse {
    /// The id of the request.
    pub request_id: String,
    /// Where the code went, masked (`a***@example.com`, `86-138****5678`).
    pub destination: String,
    /// Seconds the code stays valid: 300.
    pub expires_in_seconds: u32,
    /// Seconds before another code may be sent to the same address: 60.
    pub resend_interval_seconds: u32,
}

/// The response of ModifyAccountEmail.
#[model]
#[derive(Debug)]
pub(crate) struct ModifyAccountEmailResponse {
    /// The id of the request.
    pub request_id: String,
    /// The new logon email.
    pub logon_email: String,
}

/// The response of ModifyAccountMobile.
#[model]
#[derive(Debug)]
pub(crate) struct ModifyAccountMobileResponse {
    /// The id of the request.
    pub request_id: String,
    /// The new mobile, masked.
    pub mobile_phone: String,
}

/// The response of ModifyAccountPassword.
#[model]
#[derive(Debug)]
pub(crate) struct ModifyAccountPasswordResponse {
    /// The id of the request.
    pub request_id: String,
    /// How many root console sessions the change ended.
    pub ended_console_sessions: u32,
}

/// The response of GetAccountBasicInfo.
#[model]
#[derive(Debug)]
pub(crate) struct GetAccountBasicInfoResponse {
    /// The id of the request.
    pub request_id: String,
    /// The account's basic information.
    pub account_basic_info: AccountBasicInfo,
}

/// The response of ModifyAccountProfileColor.
#[model]
#[derive(Debug)]
pub(crate) struct ModifyAccountProfileColorResponse {
    /// The id of the request.
    pub request_id: String,
    /// The profile picture's background colour now.
    pub avatar_background_color: ProfileColor,
}
