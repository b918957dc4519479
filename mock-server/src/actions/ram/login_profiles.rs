//! Create/Get/Update/DeleteLoginProfile and ChangePassword (RAM 2015-05-01),
//! ram-contract.md §3.1, §4 and §7 rows 12-21.
//!
//! Every new password meets the current password policy and none of the
//! last `PasswordReusePrevention` passwords; any password change ends the
//! user's console sessions (and those of roles it assumed) and keeps its
//! AccessKeys. No response ever carries a password.

use crate::actions::Reply;
use poem::web::Data;
use poem_openapi::param::Query;
use ramkit_mock_macros::{actions, model};

use crate::actions::params::{Password, UserName};
use crate::actions::{ActionCtx, EmptyResponse, user_mut};
use crate::clock::format_secs;
use crate::error::{ApiError, PasswordCodes, ram};
use crate::state::{self, PasswordSetter, Principal};

/// A login profile as the cloud shows it: never the password.
#[model]
#[derive(Debug)]
pub(super) struct LoginProfile {
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
#[model]
#[derive(Debug)]
pub(super) struct LoginProfileResponse {
    /// The id of the request.
    pub request_id: String,
    /// The login profile.
    pub login_profile: LoginProfile,
}

/// Console logon of RAM users.
#[derive(Debug)]
pub(crate) struct LoginProfilesApi;

#[actions(Ram)]
impl LoginProfilesApi {
    /// Enables console logon for a RAM user.
    ///
    /// The password must meet the current password policy
    /// (`InvalidParameter.Password.TooWeak`); its age starts now.
    #[action(
        write,
        errors(ram::USER_NOT_FOUND, ram::LOGIN_PROFILE_EXISTS, ram::PASSWORD_TOO_WEAK)
    )]
    async fn create_login_profile(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
        /// The console password.
        password: Query<Password>,
        /// Whether the user must change the password at next logon (default false).
        password_reset_required: Query<Option<bool>>,
        /// Whether the user must bind an MFA device at next logon (default false).
        #[oai(name = "MFABindRequired")]
        mfa_bind_required: Query<Option<bool>>,
    ) -> Result<Reply<LoginProfileResponse>, ApiError> {
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
        Ok(Reply(LoginProfileResponse {
            request_id: ctx.request_id.clone(),
            login_profile: profile,
        }))
    }

    /// Reads a RAM user's login profile (never its password).
    #[action(read, errors(ram::USER_NOT_FOUND, ram::LOGIN_PROFILE_NOT_FOUND))]
    async fn get_login_profile(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<LoginProfileResponse>, ApiError> {
        let profile = ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            let profile = user
                .login_profile
                .as_ref()
                .ok_or_else(|| ram::LOGIN_PROFILE_NOT_FOUND.err())?;
            Ok(LoginProfile::of(&user.user_name, profile))
        })?;
        Ok(Reply(LoginProfileResponse {
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
    #[action(
        write,
        errors(
            ram::USER_NOT_FOUND,
            ram::LOGIN_PROFILE_NOT_FOUND,
            ram::PASSWORD_TOO_WEAK,
            ram::PASSWORD_REUSED
        )
    )]
    async fn update_login_profile(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
        /// The new console password.
        password: Query<Option<Password>>,
        /// Whether the user must change the password at next logon.
        password_reset_required: Query<Option<bool>>,
        /// Whether the user must bind an MFA device at next logon.
        #[oai(name = "MFABindRequired")]
        mfa_bind_required: Query<Option<bool>>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
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
                s.set_user_password(&user_id, password, PasswordSetter::Administrator, now)
                    .map_err(|r| r.error(PasswordCodes::LOGIN_PROFILE))?;
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
    #[action(write, errors(ram::USER_NOT_FOUND, ram::LOGIN_PROFILE_NOT_FOUND))]
    async fn delete_login_profile(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
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
    #[action(
        write,
        errors(
            ram::NOT_SUB_USER,
            ram::LOGIN_PROFILE_NOT_FOUND,
            ram::OLD_PASSWORD_INCORRECT,
            ram::NEW_PASSWORD_TOO_WEAK,
            ram::NEW_PASSWORD_REUSED
        )
    )]
    async fn change_password(
        &self,
        ctx: Data<&ActionCtx>,
        /// The current password.
        old_password: Query<Password>,
        /// The new password.
        new_password: Query<Password>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
        let Principal::User { user_id } = &ctx.principal else {
            return Err(ram::NOT_SUB_USER.err());
        };
        let now = ctx.now();
        let setter = PasswordSetter::User { old: &old_password };
        ctx.account
            .with_state(|s| s.set_user_password(user_id, &new_password, setter, now))
            .map_err(|r| r.error(PasswordCodes::CHANGE))?;
        Ok(ctx.done())
    }
}
