//! `RamkitAccount` 2026-11-01: the root account's own settings (logon email,
//! mobile, logon password, basic information, profile picture colour).
//!
//! Alibaba Cloud publishes no API for these (ram-contract.md §5): the
//! console flows of the help pages are modelled as a small extension product
//! of ramkit's own, marked `x-ramkit-extension` in the document. Every
//! action is root only (§7 rows 1-2): RAM users and role sessions get
//! `NoPermission` from the pipeline before reaching these handlers.

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::types::Password;
use poem_openapi::{Enum, Object, OpenApi};

use super::account_codes as codes;
use super::{ApiTags, RequestCtx};
use crate::error::{ApiError, gateway};
use crate::state::{
    self, Channel, ClaimRefusal, CodePurpose, CodeRefusal, RootProfile, SentCode, is_valid_email, mask_mobile,
    mobile_country_code,
};

/// The kind of account.
#[derive(Debug, Enum)]
pub enum AccountType {
    /// An individual's account.
    Personal,
    /// An enterprise's, government's or public institution's account.
    Enterprise,
}

/// Whether the owner's identity (real name) is verified.
#[derive(Debug, Enum)]
pub enum IdentityVerificationStatus {
    /// Not verified yet.
    Unverified,
    /// Verified.
    Verified,
}

/// A profile picture background colour, from the fixed palette.
#[derive(Debug, Enum)]
pub enum ProfileColor {
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
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct AccountBasicInfo {
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
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct SendAccountVerificationCodeResponse {
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
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ModifyAccountEmailResponse {
    /// The id of the request.
    pub request_id: String,
    /// The new logon email.
    pub logon_email: String,
}

/// The response of ModifyAccountMobile.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ModifyAccountMobileResponse {
    /// The id of the request.
    pub request_id: String,
    /// The new mobile, masked.
    pub mobile_phone: String,
}

/// The response of ModifyAccountPassword.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ModifyAccountPasswordResponse {
    /// The id of the request.
    pub request_id: String,
    /// How many root console sessions the change ended.
    pub ended_console_sessions: u32,
}

/// The response of GetAccountBasicInfo.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct GetAccountBasicInfoResponse {
    /// The id of the request.
    pub request_id: String,
    /// The account's basic information.
    pub account_basic_info: AccountBasicInfo,
}

/// The response of ModifyAccountProfileColor.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ModifyAccountProfileColorResponse {
    /// The id of the request.
    pub request_id: String,
    /// The profile picture's background colour now.
    pub avatar_background_color: ProfileColor,
}

/// The root account's settings.
#[derive(Debug)]
pub struct AccountApi;

#[OpenApi(prefix_path = "/ramkitaccount/2026-11-01", tag = "ApiTags::RamkitAccount")]
impl AccountApi {
    /// Sends a verification code (ramkit extension).
    ///
    /// Sends a 6-digit code to the current logon email (`LogonEmail`), the
    /// current mobile (`Mobile`), or a new address the owner wants to move
    /// to (`NewEmail`, `NewMobilePhone`, with `NewAddress`). A code is valid
    /// for 5 minutes on the mock clock and for one use; codes to the current
    /// email or mobile prove the owner's identity (`VerifyType` Email or
    /// Mobile), codes to a new address prove it is the owner's. Sending again
    /// to the same address within 60 seconds is refused with
    /// `Throttling.User`. The mock "sends" into its outbox
    /// (`GET /_ramkit/outbox?address=...`) and logs the code. Whether a new
    /// email is free is checked by ModifyAccountEmail, not here.
    #[oai(
        path = "/SendAccountVerificationCode",
        method = "post",
        operation_id = "RamkitAccount_SendAccountVerificationCode"
    )]
    async fn send_account_verification_code(
        &self,
        ctx: Data<&RequestCtx>,
        /// Where to send: `LogonEmail`, `Mobile`, `NewEmail` or `NewMobilePhone`.
        #[oai(name = "Recipient")]
        recipient: Query<String>,
        /// The new email or mobile (`<country code>-<number>`), for
        /// `NewEmail` and `NewMobilePhone`.
        #[oai(name = "NewAddress", validator(max_length = 254))]
        new_address: Query<Option<String>>,
    ) -> Result<Json<SendAccountVerificationCodeResponse>, ApiError> {
        let now = ctx.store.clock().now_secs();
        let new_address = new_address.0.filter(|a| !a.is_empty());
        let (address, channel, purpose) = match recipient.0.as_str() {
            "LogonEmail" | "Mobile" => {
                let email = recipient.0 == "LogonEmail";
                let current = ctx.account.with_state(|s| {
                    if email {
                        s.root.logon_email.clone()
                    } else {
                        s.root.mobile.clone()
                    }
                });
                let current = current.ok_or_else(|| codes::INVALID_RECIPIENT.err())?;
                let channel = if email { Channel::Email } else { Channel::Sms };
                (current, channel, CodePurpose::Identity)
            }
            "NewEmail" => {
                let a = new_address.ok_or_else(|| codes::MISSING_NEW_ADDRESS.err())?;
                if !is_valid_email(&a) {
                    return Err(codes::NEW_ADDRESS_EMAIL_FORMAT.err());
                }
                (a, Channel::Email, CodePurpose::NewAddress)
            }
            "NewMobilePhone" => {
                let a = new_address.ok_or_else(|| codes::MISSING_NEW_ADDRESS.err())?;
                let region = ctx.account.with_state(|s| s.root.registration_country_code.clone());
                check_mobile(&a, &region)?;
                (a, Channel::Sms, CodePurpose::NewAddress)
            }
            _ => return Err(codes::INVALID_RECIPIENT.err()),
        };
        if !ctx.store.outbox().reserve(&address, now) {
            return Err(gateway::THROTTLING_USER.err());
        }
        let code = ctx.account.with_state(|s| s.root.codes.issue(&address, purpose, now));
        let destination = match channel {
            Channel::Email => mask_email(&address),
            Channel::Sms => mask_mobile(&address),
        };
        ctx.store.outbox().deliver(SentCode {
            address,
            channel,
            code,
            account_id: ctx.account.id().to_owned(),
            purpose: match purpose {
                CodePurpose::Identity => "Identity",
                CodePurpose::NewAddress => "NewAddress",
            },
            sent_at: now,
            expires_at: now + state::CODE_TTL_SECS,
        });
        Ok(Json(SendAccountVerificationCodeResponse {
            request_id: ctx.request_id.clone(),
            destination,
            expires_in_seconds: state::CODE_TTL_SECS as u32,
            resend_interval_seconds: state::RESEND_INTERVAL_SECS as u32,
        }))
    }

    /// Changes the logon email (ramkit extension).
    ///
    /// The owner proves its identity (`VerifyType` and `VerifyCode`: a code
    /// sent to the current logon email or mobile, or a TOTP code), and that
    /// the new email is its own (`NewEmailVerifyCode`, a code sent to
    /// `NewEmail`). The new email must be well formed and must not be
    /// another account's logon email. Only the logon credential changes: the
    /// account id, RAM users and their passwords, AccessKeys, policies and
    /// resources stay as they are; the old email no longer identifies the
    /// account. Both codes are used up only when the change succeeds.
    #[oai(
        path = "/ModifyAccountEmail",
        method = "post",
        operation_id = "RamkitAccount_ModifyAccountEmail"
    )]
    async fn modify_account_email(
        &self,
        ctx: Data<&RequestCtx>,
        /// How the owner proves its identity: `Email`, `Mobile` or `Totp`.
        #[oai(name = "VerifyType")]
        verify_type: Query<String>,
        /// The code sent to the current email or mobile, or the TOTP code.
        #[oai(name = "VerifyCode", validator(max_length = 16))]
        verify_code: Query<Password>,
        /// The new logon email, `local@domain.tld`.
        #[oai(name = "NewEmail", validator(max_length = 254))]
        new_email: Query<String>,
        /// The code sent to the new email.
        #[oai(name = "NewEmailVerifyCode", validator(max_length = 16))]
        new_email_verify_code: Query<Password>,
    ) -> Result<Json<ModifyAccountEmailResponse>, ApiError> {
        let new_email = new_email.0;
        if !is_valid_email(&new_email) {
            return Err(codes::NEW_EMAIL_FORMAT.err());
        }
        let proof = Proofs {
            verify_type: &verify_type.0,
            verify_code: verify_code.0.as_str(),
            new_address: &new_email,
            new_code: new_email_verify_code.0.as_str(),
            new_code_errors: [
                codes::NEW_EMAIL_CODE_INCORRECT,
                codes::NEW_EMAIL_CODE_EXPIRED,
                codes::NEW_EMAIL_CODE_USED,
            ],
        };
        let now = ctx.store.clock().now_secs();
        let account_id = ctx.account.id();
        ctx.account.with_state(|s| {
            if s.root
                .logon_email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(&new_email))
            {
                return Err(codes::NEW_EMAIL_UNCHANGED.err());
            }
            proof.check(&s.root, now).map(|_| ())
        })?;
        // Claim first, so no other account can take the email meanwhile.
        let contacts = ctx.store.contacts();
        contacts
            .claim_email(&new_email, account_id)
            .map_err(|_| codes::EMAIL_TAKEN.err())?;
        let committed = ctx.account.with_state(|s| {
            let found = proof.check(&s.root, now)?;
            found.consume(&mut s.root, now);
            Ok::<_, ApiError>(s.root.logon_email.replace(new_email.clone()))
        });
        match committed {
            Ok(old) => {
                if let Some(old) = old.filter(|o| !o.eq_ignore_ascii_case(&new_email)) {
                    contacts.release_email(&old, account_id);
                }
            }
            Err(e) => {
                contacts.release_email(&new_email, account_id);
                return Err(e);
            }
        }
        Ok(Json(ModifyAccountEmailResponse {
            request_id: ctx.request_id.clone(),
            logon_email: new_email,
        }))
    }

    /// Changes the root mobile (ramkit extension).
    ///
    /// The owner proves its identity as for ModifyAccountEmail, and the new
    /// number with a code sent to it. The number must be
    /// `<country code>-<number>` with the country/region code chosen at
    /// registration; one number can be bound to at most six accounts. The
    /// new number is used for logon and codes from now on; the old one no
    /// longer is.
    #[oai(
        path = "/ModifyAccountMobile",
        method = "post",
        operation_id = "RamkitAccount_ModifyAccountMobile"
    )]
    async fn modify_account_mobile(
        &self,
        ctx: Data<&RequestCtx>,
        /// How the owner proves its identity: `Email`, `Mobile` or `Totp`.
        #[oai(name = "VerifyType")]
        verify_type: Query<String>,
        /// The code sent to the current email or mobile, or the TOTP code.
        #[oai(name = "VerifyCode", validator(max_length = 16))]
        verify_code: Query<Password>,
        /// The new mobile, `<country code>-<number>`, e.g. `86-13800000000`.
        #[oai(name = "NewMobilePhone", validator(max_length = 20))]
        new_mobile_phone: Query<String>,
        /// The code sent to the new mobile.
        #[oai(name = "NewMobilePhoneVerifyCode", validator(max_length = 16))]
        new_mobile_phone_verify_code: Query<Password>,
    ) -> Result<Json<ModifyAccountMobileResponse>, ApiError> {
        let new_mobile = new_mobile_phone.0;
        let now = ctx.store.clock().now_secs();
        let account_id = ctx.account.id();
        let proof = Proofs {
            verify_type: &verify_type.0,
            verify_code: verify_code.0.as_str(),
            new_address: &new_mobile,
            new_code: new_mobile_phone_verify_code.0.as_str(),
            new_code_errors: [
                codes::NEW_MOBILE_CODE_INCORRECT,
                codes::NEW_MOBILE_CODE_EXPIRED,
                codes::NEW_MOBILE_CODE_USED,
            ],
        };
        ctx.account.with_state(|s| {
            check_mobile(&new_mobile, &s.root.registration_country_code)?;
            if s.root.mobile.as_deref() == Some(new_mobile.as_str()) {
                return Err(codes::NEW_MOBILE_UNCHANGED.err());
            }
            proof.check(&s.root, now).map(|_| ())
        })?;
        let contacts = ctx.store.contacts();
        contacts
            .claim_mobile(&new_mobile, account_id)
            .map_err(|_: ClaimRefusal| codes::MOBILE_FULL.err())?;
        let committed = ctx.account.with_state(|s| {
            let found = proof.check(&s.root, now)?;
            found.consume(&mut s.root, now);
            Ok::<_, ApiError>(s.root.mobile.replace(new_mobile.clone()))
        });
        match committed {
            Ok(old) => {
                if let Some(old) = old.filter(|o| *o != new_mobile) {
                    contacts.release_mobile(&old, account_id);
                }
            }
            Err(e) => {
                contacts.release_mobile(&new_mobile, account_id);
                return Err(e);
            }
        }
        Ok(Json(ModifyAccountMobileResponse {
            request_id: ctx.request_id.clone(),
            mobile_phone: mask_mobile(&new_mobile),
        }))
    }

    /// Changes the root logon password (ramkit extension).
    ///
    /// The owner proves its identity first (`VerifyType`, `VerifyCode`).
    /// The new password has 8-32 characters and at least three of:
    /// lower-case letters, upper-case letters, digits, symbols. It is stored
    /// only as a salted hash. Every root console session ends at once (the
    /// owner is logged out of all devices); the root AccessKeys keep working.
    #[oai(
        path = "/ModifyAccountPassword",
        method = "post",
        operation_id = "RamkitAccount_ModifyAccountPassword"
    )]
    async fn modify_account_password(
        &self,
        ctx: Data<&RequestCtx>,
        /// How the owner proves its identity: `Email`, `Mobile` or `Totp`.
        #[oai(name = "VerifyType")]
        verify_type: Query<String>,
        /// The code sent to the current email or mobile, or the TOTP code.
        #[oai(name = "VerifyCode", validator(max_length = 16))]
        verify_code: Query<Password>,
        /// The new logon password, 8-32 characters.
        #[oai(name = "NewPassword", validator(min_length = 8, max_length = 32))]
        new_password: Query<Password>,
    ) -> Result<Json<ModifyAccountPasswordResponse>, ApiError> {
        let password = new_password.0.as_str();
        if !strong_enough(password) {
            return Err(codes::NEW_PASSWORD_WEAK.err());
        }
        let now = ctx.store.clock().now_secs();
        let ended = ctx.account.with_state(|s| {
            let proof = identity(&s.root, &verify_type.0, verify_code.0.as_str(), now)?;
            proof.consume(&mut s.root, now);
            s.root.password = Some(state::PasswordHash::new(password));
            let ended = s
                .console_sessions
                .live(now)
                .filter(|x| x.owner == state::SessionOwner::Root)
                .count();
            s.console_sessions.end_root();
            Ok::<_, ApiError>(u32::try_from(ended).unwrap_or(u32::MAX))
        })?;
        Ok(Json(ModifyAccountPasswordResponse {
            request_id: ctx.request_id.clone(),
            ended_console_sessions: ended,
        }))
    }

    /// Reads the account's basic information (ramkit extension).
    ///
    /// Account id, type, logon email, masked mobile, registration
    /// country/region, identity verification status and profile picture.
    #[oai(
        path = "/GetAccountBasicInfo",
        method = "post",
        operation_id = "RamkitAccount_GetAccountBasicInfo"
    )]
    async fn get_account_basic_info(
        &self,
        ctx: Data<&RequestCtx>,
    ) -> Result<Json<GetAccountBasicInfoResponse>, ApiError> {
        let info = ctx.account.with_state(|s| {
            let r = &s.root;
            AccountBasicInfo {
                account_id: ctx.account.id().to_owned(),
                account_type: match r.account_type {
                    state::AccountType::Personal => AccountType::Personal,
                    state::AccountType::Enterprise => AccountType::Enterprise,
                },
                logon_email: r.logon_email.clone().unwrap_or_default(),
                mobile_phone: r.mobile.as_deref().map(mask_mobile).unwrap_or_default(),
                registration_country_code: r.registration_country_code.clone(),
                identity_verification_status: match r.identity_verification {
                    state::IdentityVerification::Unverified => IdentityVerificationStatus::Unverified,
                    state::IdentityVerification::Verified => IdentityVerificationStatus::Verified,
                },
                avatar_initial: r.avatar_initial(),
                avatar_background_color: r.avatar_color.into(),
                totp_bound: r.totp.is_some(),
            }
        });
        Ok(Json(GetAccountBasicInfoResponse {
            request_id: ctx.request_id.clone(),
            account_basic_info: info,
        }))
    }

    /// Changes the profile picture's background colour (ramkit extension).
    ///
    /// The picture is the logon email's first letter on a coloured
    /// background; custom pictures are not supported. The colour comes from
    /// a fixed palette: Blue (default), Green, Orange, Red, Purple, Cyan, Gray.
    #[oai(
        path = "/ModifyAccountProfileColor",
        method = "post",
        operation_id = "RamkitAccount_ModifyAccountProfileColor"
    )]
    async fn modify_account_profile_color(
        &self,
        ctx: Data<&RequestCtx>,
        /// One of Blue, Green, Orange, Red, Purple, Cyan, Gray.
        #[oai(name = "BackgroundColor", validator(max_length = 16))]
        background_color: Query<String>,
    ) -> Result<Json<ModifyAccountProfileColorResponse>, ApiError> {
        let color = state::AvatarColor::from_name(&background_color.0).ok_or_else(|| codes::INVALID_COLOR.err())?;
        ctx.account.with_state(|s| s.root.avatar_color = color);
        Ok(Json(ModifyAccountProfileColorResponse {
            request_id: ctx.request_id.clone(),
            avatar_background_color: color.into(),
        }))
    }
}

/// A proof of identity found, not yet used up.
#[derive(Clone, Copy)]
enum Identity {
    /// The index of a code sent to the current email or mobile.
    Code(usize),
    /// The TOTP time step of the code.
    Totp(u64),
}

impl Identity {
    fn consume(self, root: &mut RootProfile, now: i64) {
        match self {
            Self::Code(i) => root.codes.consume(i, now),
            Self::Totp(step) => {
                if let Some(t) = root.totp.as_mut() {
                    t.consume(step);
                }
            }
        }
    }
}

/// Checks the identity proof without using it up.
fn identity(root: &RootProfile, verify_type: &str, code: &str, now: i64) -> Result<Identity, ApiError> {
    let refused = |r: CodeRefusal| match r {
        CodeRefusal::Incorrect => codes::VERIFY_CODE_INCORRECT.err(),
        CodeRefusal::Expired => codes::VERIFY_CODE_EXPIRED.err(),
        CodeRefusal::AlreadyUsed => codes::VERIFY_CODE_USED.err(),
    };
    let address = match verify_type {
        "Email" => root.logon_email.as_deref(),
        "Mobile" => root.mobile.as_deref(),
        "Totp" => {
            let totp = root.totp.as_ref().ok_or_else(|| codes::TOTP_NOT_BOUND.err())?;
            return totp.check(code, now).map(Identity::Totp).map_err(refused);
        }
        _ => return Err(codes::INVALID_VERIFY_TYPE.err()),
    };
    let address = address.ok_or_else(|| codes::VERIFY_CODE_INCORRECT.err())?;
    root.codes
        .check(address, CodePurpose::Identity, code, now)
        .map(Identity::Code)
        .map_err(refused)
}

/// The two proofs of a change of address: identity, and the new address's code.
struct Proofs<'a> {
    verify_type: &'a str,
    verify_code: &'a str,
    new_address: &'a str,
    new_code: &'a str,
    /// Incorrect, expired, already used.
    new_code_errors: [crate::error::ErrorCode; 3],
}

/// Both proofs, found.
struct Found {
    identity: Identity,
    new_code: usize,
}

impl Found {
    fn consume(self, root: &mut RootProfile, now: i64) {
        self.identity.consume(root, now);
        root.codes.consume(self.new_code, now);
    }
}

impl Proofs<'_> {
    fn check(&self, root: &RootProfile, now: i64) -> Result<Found, ApiError> {
        let identity = identity(root, self.verify_type, self.verify_code, now)?;
        let [incorrect, expired, used] = self.new_code_errors;
        let new_code = root
            .codes
            .check(self.new_address, CodePurpose::NewAddress, self.new_code, now)
            .map_err(|r| match r {
                CodeRefusal::Incorrect => incorrect.err(),
                CodeRefusal::Expired => expired.err(),
                CodeRefusal::AlreadyUsed => used.err(),
            })?;
        Ok(Found { identity, new_code })
    }
}

/// A new mobile: well formed, and of the registration country/region.
fn check_mobile(mobile: &str, registration_country_code: &str) -> Result<(), ApiError> {
    match mobile_country_code(mobile) {
        None => Err(codes::NEW_MOBILE_FORMAT.err()),
        Some(cc) if cc != registration_country_code => Err(codes::NEW_MOBILE_REGION.err()),
        Some(_) => Ok(()),
    }
}

/// At least three of the four character classes.
fn strong_enough(password: &str) -> bool {
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    classes.iter().filter(|&&c| c).count() >= 3
}

/// `a***@example.com`.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_needs_three_character_classes() {
        assert!(strong_enough("Abcdefg1"));
        assert!(strong_enough("abcdefg1!"));
        assert!(!strong_enough("abcdefgh1"));
        assert!(!strong_enough("ABCDEFGH"));
    }

    #[test]
    fn emails_are_masked_after_the_first_letter() {
        assert_eq!(mask_email("owner@example.com"), "o***@example.com");
    }
}
