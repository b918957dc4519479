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
use ramkit_mock_macros::actions;

use crate::actions::Reply;

mod change;
mod models;
mod proofs;

use change::{Change, Contact, change_contact};
pub(crate) use models::*;
use proofs::{check_mobile, identity, mask_email, strong_enough};

use crate::actions::ActionCtx;
use crate::actions::params::{Address, Color, LogonEmail, RootMobile, RootPassword, VerifyCode};
use crate::error::{ApiError, account as codes, gateway};
use crate::state::{self, Channel, CodePurpose, SentCode, is_valid_email, mask_mobile};

/// The root account's settings.
#[derive(Debug)]
pub(crate) struct AccountApi;

#[actions(RamkitAccount)]
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
    #[action(
        write,
        errors(
            codes::INVALID_RECIPIENT,
            codes::MISSING_NEW_ADDRESS,
            codes::NEW_ADDRESS_EMAIL_FORMAT,
            codes::NEW_MOBILE_FORMAT,
            codes::NEW_MOBILE_REGION,
            gateway::THROTTLING_USER
        )
    )]
    async fn send_account_verification_code(
        &self,
        ctx: Data<&ActionCtx>,
        /// Where to send: `LogonEmail`, `Mobile`, `NewEmail` or `NewMobilePhone`.
        recipient: Query<String>,
        /// The new email or mobile (`<country code>-<number>`), for
        /// `NewEmail` and `NewMobilePhone`.
        new_address: Query<Option<Address>>,
    ) -> Result<Reply<SendAccountVerificationCodeResponse>, ApiError> {
        let now = ctx.now();
        let new_address = new_address.0.map(String::from).filter(|a| !a.is_empty());
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
        if !ctx.account.outbox().reserve(&address, now) {
            return Err(gateway::THROTTLING_USER.err());
        }
        let code = ctx.account.with_state(|s| s.root.codes.issue(&address, purpose, now));
        let destination = match channel {
            Channel::Email => mask_email(&address),
            Channel::Sms => mask_mobile(&address),
        };
        ctx.account.outbox().deliver(SentCode {
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
        Ok(Reply(SendAccountVerificationCodeResponse {
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
    #[action(
        write,
        errors(
            codes::IDENTITY,
            codes::NEW_EMAIL_FORMAT,
            codes::NEW_EMAIL_UNCHANGED,
            codes::NEW_EMAIL_CODE_INCORRECT,
            codes::NEW_EMAIL_CODE_EXPIRED,
            codes::NEW_EMAIL_CODE_USED,
            codes::EMAIL_TAKEN
        )
    )]
    async fn modify_account_email(
        &self,
        ctx: Data<&ActionCtx>,
        /// How the owner proves its identity: `Email`, `Mobile` or `Totp`.
        verify_type: Query<String>,
        /// The code sent to the current email or mobile, or the TOTP code.
        verify_code: Query<VerifyCode>,
        /// The new logon email, `local@domain.tld`.
        new_email: Query<LogonEmail>,
        /// The code sent to the new email.
        new_email_verify_code: Query<VerifyCode>,
    ) -> Result<Reply<ModifyAccountEmailResponse>, ApiError> {
        let new_email = new_email.0;
        let change = Change {
            verify_type: &verify_type.0,
            verify_code: verify_code.0.as_str(),
            new_address: &new_email,
            new_code: new_email_verify_code.0.as_str(),
        };
        change_contact(&ctx, Contact::Email, &change, |_| {
            if is_valid_email(&new_email) {
                Ok(())
            } else {
                Err(codes::NEW_EMAIL_FORMAT.err())
            }
        })?;
        Ok(Reply(ModifyAccountEmailResponse {
            request_id: ctx.request_id.clone(),
            logon_email: new_email.into_string(),
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
    #[action(
        write,
        errors(
            codes::IDENTITY,
            codes::NEW_MOBILE_FORMAT,
            codes::NEW_MOBILE_REGION,
            codes::NEW_MOBILE_UNCHANGED,
            codes::NEW_MOBILE_CODE_INCORRECT,
            codes::NEW_MOBILE_CODE_EXPIRED,
            codes::NEW_MOBILE_CODE_USED,
            codes::MOBILE_FULL
        )
    )]
    async fn modify_account_mobile(
        &self,
        ctx: Data<&ActionCtx>,
        /// How the owner proves its identity: `Email`, `Mobile` or `Totp`.
        verify_type: Query<String>,
        /// The code sent to the current email or mobile, or the TOTP code.
        verify_code: Query<VerifyCode>,
        /// The new mobile, `<country code>-<number>`, e.g. `86-13800000000`.
        new_mobile_phone: Query<RootMobile>,
        /// The code sent to the new mobile.
        new_mobile_phone_verify_code: Query<VerifyCode>,
    ) -> Result<Reply<ModifyAccountMobileResponse>, ApiError> {
        let new_mobile = new_mobile_phone.0;
        let change = Change {
            verify_type: &verify_type.0,
            verify_code: verify_code.0.as_str(),
            new_address: &new_mobile,
            new_code: new_mobile_phone_verify_code.0.as_str(),
        };
        change_contact(&ctx, Contact::Mobile, &change, |root| {
            check_mobile(&new_mobile, &root.registration_country_code)
        })?;
        Ok(Reply(ModifyAccountMobileResponse {
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
    #[action(write, errors(codes::IDENTITY, codes::NEW_PASSWORD_WEAK))]
    async fn modify_account_password(
        &self,
        ctx: Data<&ActionCtx>,
        /// How the owner proves its identity: `Email`, `Mobile` or `Totp`.
        verify_type: Query<String>,
        /// The code sent to the current email or mobile, or the TOTP code.
        verify_code: Query<VerifyCode>,
        /// The new logon password, 8-32 characters.
        new_password: Query<RootPassword>,
    ) -> Result<Reply<ModifyAccountPasswordResponse>, ApiError> {
        let password = new_password.0.as_str();
        if !strong_enough(password) {
            return Err(codes::NEW_PASSWORD_WEAK.err());
        }
        let now = ctx.now();
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
        Ok(Reply(ModifyAccountPasswordResponse {
            request_id: ctx.request_id.clone(),
            ended_console_sessions: ended,
        }))
    }

    /// Reads the account's basic information (ramkit extension).
    ///
    /// Account id, type, logon email, masked mobile, registration
    /// country/region, identity verification status and profile picture.
    #[action(read)]
    async fn get_account_basic_info(
        &self,
        ctx: Data<&ActionCtx>,
    ) -> Result<Reply<GetAccountBasicInfoResponse>, ApiError> {
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
        Ok(Reply(GetAccountBasicInfoResponse {
            request_id: ctx.request_id.clone(),
            account_basic_info: info,
        }))
    }

    /// Changes the profile picture's background colour (ramkit extension).
    ///
    /// The picture is the logon email's first letter on a coloured
    /// background; custom pictures are not supported. The colour comes from
    /// a fixed palette: Blue (default), Green, Orange, Red, Purple, Cyan, Gray.
    #[action(write, errors(codes::INVALID_COLOR))]
    async fn modify_account_profile_color(
        &self,
        ctx: Data<&ActionCtx>,
        /// One of Blue, Green, Orange, Red, Purple, Cyan, Gray.
        background_color: Query<Color>,
    ) -> Result<Reply<ModifyAccountProfileColorResponse>, ApiError> {
        let color = state::AvatarColor::from_name(&background_color.0).ok_or_else(|| codes::INVALID_COLOR.err())?;
        ctx.account.with_state(|s| s.root.avatar_color = color);
        Ok(Reply(ModifyAccountProfileColorResponse {
            request_id: ctx.request_id.clone(),
            avatar_background_color: color.into(),
        }))
    }
}
