//! Create/Get/Update/DeleteLoginProfile and ChangePassword (RAM 2015-05-01),
//! ram-contract.md §3.1, §4 and §7 rows 12-21.
//!
//! Every new password meets the current password policy and none of the
//! last `PasswordReusePrevention` passwords; any password change ends the
//! user's console sessions (and those of roles it assumed) and keeps its
//! AccessKeys. No response ever carries a password.

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::types::Password;
use poem_openapi::{Object, OpenApi};

use super::users::EmptyResponse;
use super::{ApiTags, RequestCtx, user_mut};
use crate::clock::format_secs;
use crate::error::{ApiError, ErrorCode, ram};
use crate::state::{self, AccountState, Principal};

/// A login profile as the cloud shows it: never the password.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct LoginProfile {
    /// The user's name.
    pub user_name: String,
    /// Whether the user must change the password at next logon.
    pub password_reset_required: bool,
    /// Whether the user must bind an MFA device at next logon.
    #[oai(rename = "MFABindRequired")]
    pub mfa_bind_required: bool,
    /// When console logon was enabled, `yyyy-MM-ddTHH:mm:ssZ`.
    pub create_date: String,
}

impl LoginProfile {
    fn of(user_name: &str, p: &state::LoginProfile) -> Self {
        Self {
            user_name: user_name.to_owned(),
            password_reset_required: p.password_reset_required,
            mfa_bind_required: p.mfa_bind_required,
            create_date: format_secs(p.create_date),
        }
    }
}

/// The response of CreateLoginProfile and GetLoginProfile.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct LoginProfileResponse {
    /// The id of the request.
    pub request_id: String,
    /// The login profile.
    pub login_profile: LoginProfile,
}

/// Console logon of RAM users.
#[derive(Debug)]
pub struct LoginProfilesApi;

#[OpenApi(prefix_path = "/ram/2015-05-01", tag = "ApiTags::Ram")]
impl LoginProfilesApi {
    /// Enables console logon for a RAM user.
    ///
    /// The password must meet the current password policy
    /// (`InvalidParameter.Password.TooWeak`); its age starts now.
    #[oai(
        path = "/CreateLoginProfile",
        method = "post",
        operation_id = "Ram_CreateLoginProfile"
    )]
    async fn create_login_profile(
        &self,
        ctx: Data<&RequestCtx>,
        /// The user's name.
        #[oai(
            name = "UserName",
            validator(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
        )]
        user_name: Query<String>,
        /// The console password.
        #[oai(name = "Password", validator(min_length = 1, max_length = 128))]
        password: Query<Password>,
        /// Whether the user must change the password at next logon (default false).
        #[oai(name = "PasswordResetRequired")]
        password_reset_required: Query<Option<bool>>,
        /// Whether the user must bind an MFA device at next logon (default false).
        #[oai(name = "MFABindRequired")]
        mfa_bind_required: Query<Option<bool>>,
    ) -> Result<Json<LoginProfileResponse>, ApiError> {
        let now = ctx.now();
        let profile = ctx.account.with_state(|s| {
            let policy = s.password_policy.clone();
            let user = user_mut(s, &user_name)?;
            if user.login_profile.is_some() {
                return Err(ram::LOGIN_PROFILE_EXISTS.err());
            }
            if !policy.admits(password.as_str()) {
                return Err(ram::PASSWORD_TOO_WEAK.err());
            }
            let profile = state::LoginProfile::new(
                password.as_str(),
                password_reset_required.0.unwrap_or(false),
                mfa_bind_required.0.unwrap_or(false),
                now,
            );
            let shown = LoginProfile::of(&user.user_name, &profile);
            user.login_profile = Some(profile);
            Ok(shown)
        })?;
        Ok(Json(LoginProfileResponse {
            request_id: ctx.request_id.clone(),
            login_profile: profile,
        }))
    }

    /// Reads a RAM user's login profile (never its password).
    #[oai(path = "/GetLoginProfile", method = "post", operation_id = "Ram_GetLoginProfile")]
    async fn get_login_profile(
        &self,
        ctx: Data<&RequestCtx>,
        /// The user's name.
        #[oai(
            name = "UserName",
            validator(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
        )]
        user_name: Query<String>,
    ) -> Result<Json<LoginProfileResponse>, ApiError> {
        let profile = ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            let profile = user
                .login_profile
                .as_ref()
                .ok_or_else(|| ram::LOGIN_PROFILE_NOT_FOUND.err())?;
            Ok(LoginProfile::of(&user.user_name, profile))
        })?;
        Ok(Json(LoginProfileResponse {
            request_id: ctx.request_id.clone(),
            login_profile: profile,
        }))
    }

    /// Changes a RAM user's console password or logon flags (an administrator's reset).
    ///
    /// Only the parameters given change. A new password meets the policy and
    /// reuse prevention, restarts the password's age, ends every console
    /// session of the user and of the roles it assumed, and leaves its
    /// AccessKeys working. A user without a login profile gets
    /// `EntityNotExist.User.LoginProfile`: enable console logon first.
    #[oai(
        path = "/UpdateLoginProfile",
        method = "post",
        operation_id = "Ram_UpdateLoginProfile"
    )]
    async fn update_login_profile(
        &self,
        ctx: Data<&RequestCtx>,
        /// The user's name.
        #[oai(
            name = "UserName",
            validator(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
        )]
        user_name: Query<String>,
        /// The new console password.
        #[oai(name = "Password", validator(min_length = 1, max_length = 128))]
        password: Query<Option<Password>>,
        /// Whether the user must change the password at next logon.
        #[oai(name = "PasswordResetRequired")]
        password_reset_required: Query<Option<bool>>,
        /// Whether the user must bind an MFA device at next logon.
        #[oai(name = "MFABindRequired")]
        mfa_bind_required: Query<Option<bool>>,
    ) -> Result<Json<EmptyResponse>, ApiError> {
        let now = ctx.now();
        ctx.account.with_state(|s| {
            let user_id = {
                let user = user_mut(s, &user_name)?;
                if user.login_profile.is_none() {
                    return Err(ram::LOGIN_PROFILE_NOT_FOUND.err());
                }
                user.user_id.clone()
            };
            if let Some(password) = &password.0 {
                set_password(s, &user_id, password.as_str(), now, PasswordCodes::LOGIN_PROFILE)?;
            }
            let user = user_mut(s, &user_name)?;
            if let Some(profile) = user.login_profile.as_mut() {
                if let Some(v) = password_reset_required.0 {
                    profile.password_reset_required = v;
                }
                if let Some(v) = mfa_bind_required.0 {
                    profile.mfa_bind_required = v;
                }
            }
            Ok(())
        })?;
        Ok(ctx.done())
    }

    /// Disables console logon for a RAM user.
    ///
    /// Its console sessions end; its AccessKeys keep working.
    #[oai(
        path = "/DeleteLoginProfile",
        method = "post",
        operation_id = "Ram_DeleteLoginProfile"
    )]
    async fn delete_login_profile(
        &self,
        ctx: Data<&RequestCtx>,
        /// The user's name.
        #[oai(
            name = "UserName",
            validator(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")
        )]
        user_name: Query<String>,
    ) -> Result<Json<EmptyResponse>, ApiError> {
        ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            user.login_profile
                .take()
                .ok_or_else(|| ram::LOGIN_PROFILE_NOT_FOUND.err())?;
            let user_id = user.user_id.clone();
            s.console_sessions.end_user(&user_id);
            Ok(())
        })?;
        Ok(ctx.done())
    }

    /// A RAM user changes its own console password.
    ///
    /// Only RAM users may call it (`NotSupport.Account` otherwise), while
    /// `AllowUserToChangePassword` is on or a policy allows it. The old
    /// password must match; the new one meets the policy and is none of the
    /// last `PasswordReusePrevention`. Success clears `PasswordResetRequired`,
    /// forgets failed logons, restarts the password's age and ends every
    /// console session of the user and of the roles it assumed; its
    /// AccessKeys keep working.
    #[oai(path = "/ChangePassword", method = "post", operation_id = "Ram_ChangePassword")]
    async fn change_password(
        &self,
        ctx: Data<&RequestCtx>,
        /// The current password.
        #[oai(name = "OldPassword", validator(min_length = 1, max_length = 128))]
        old_password: Query<Password>,
        /// The new password.
        #[oai(name = "NewPassword", validator(min_length = 1, max_length = 128))]
        new_password: Query<Password>,
    ) -> Result<Json<EmptyResponse>, ApiError> {
        let Principal::User { user_id } = &ctx.principal else {
            return Err(ram::NOT_SUB_USER.err());
        };
        let now = ctx.now();
        ctx.account
            .with_state(|s| change_own_password(s, user_id, old_password.as_str(), new_password.as_str(), now))?;
        Ok(ctx.done())
    }
}

/// The codes a refused password gets: ChangePassword names `NewPassword`,
/// the login-profile actions name `Password`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PasswordCodes {
    too_weak: ErrorCode,
    reused: ErrorCode,
    by_user: bool,
}

impl PasswordCodes {
    pub(crate) const LOGIN_PROFILE: Self = Self {
        too_weak: ram::PASSWORD_TOO_WEAK,
        reused: ram::PASSWORD_REUSED,
        by_user: false,
    };
    pub(crate) const CHANGE: Self = Self {
        too_weak: ram::NEW_PASSWORD_TOO_WEAK,
        reused: ram::NEW_PASSWORD_REUSED,
        by_user: true,
    };
}

/// A user changes its own password, knowing the old one (ChangePassword,
/// and the console's forced change at logon).
pub(crate) fn change_own_password(
    s: &mut AccountState,
    user_id: &str,
    old: &str,
    new: &str,
    now: i64,
) -> Result<(), ApiError> {
    let user = s.users.by_id(user_id).ok_or_else(|| ram::USER_NOT_FOUND.err())?;
    let profile = user
        .login_profile
        .as_ref()
        .ok_or_else(|| ram::LOGIN_PROFILE_NOT_FOUND.err())?;
    if !profile.password.matches(old) {
        return Err(ram::OLD_PASSWORD_INCORRECT.err());
    }
    set_password(s, user_id, new, now, PasswordCodes::CHANGE)
}

/// Sets a user's new password under the policy and its consequences: age
/// restarts, failed logons are forgotten, the user's console sessions (and
/// its roles') end. A change by the user clears `PasswordResetRequired`.
pub(crate) fn set_password(
    s: &mut AccountState,
    user_id: &str,
    password: &str,
    now: i64,
    codes: PasswordCodes,
) -> Result<(), ApiError> {
    let policy = &s.password_policy;
    let user = s.users.by_id_mut(user_id).ok_or_else(|| ram::USER_NOT_FOUND.err())?;
    let profile = user
        .login_profile
        .as_mut()
        .ok_or_else(|| ram::LOGIN_PROFILE_NOT_FOUND.err())?;
    if !policy.admits(password) {
        return Err(codes.too_weak.err());
    }
    if profile.recently_used(password, policy.password_reuse_prevention) {
        return Err(codes.reused.err());
    }
    profile.set_password(password, now);
    if codes.by_user {
        profile.password_reset_required = false;
    }
    user.clear_logon_failures();
    s.console_sessions.end_user(user_id);
    Ok(())
}
