//! GetPasswordPolicy and SetPasswordPolicy (RAM 2015-05-01), ram-contract.md §3.1.

use crate::actions::Reply;
use poem::web::Data;
use poem_openapi::param::Query;
use ramkit_mock_macros::{actions, model};

use crate::actions::params::Bounded;
use crate::actions::{ActionCtx, set_if};
use crate::error::ApiError;
use crate::state;

/// The password policy that every new RAM user password must meet.
#[model]
#[derive(Debug)]
pub(super) struct PasswordPolicy {
    /// Minimum number of characters, 8-32 (default 8).
    pub minimum_password_length: u32,
    /// Whether a password needs at least one lower-case letter (default false).
    pub require_lowercase_characters: bool,
    /// Whether a password needs at least one upper-case letter (default false).
    pub require_uppercase_characters: bool,
    /// Whether a password needs at least one digit (default false).
    pub require_numbers: bool,
    /// Whether a password needs at least one symbol: a printable ASCII
    /// character that is neither a letter nor a digit (default false).
    pub require_symbols: bool,
    /// Whether an expired password blocks console logon until an
    /// administrator resets it (default false: the user must change it at logon).
    pub hard_expiry: bool,
    /// Days a password stays valid, 0-1095; 0 means it never expires (default 0).
    pub max_password_age: u32,
    /// How many previous passwords may not be reused, 0-24 (default 0).
    pub password_reuse_prevention: u32,
    /// Wrong passwords allowed within one hour before the user is locked
    /// for one hour, 0-32; 0 means no limit (default 0). The name keeps the
    /// cloud's spelling.
    #[oai(rename = "MaxLoginAttemps")]
    pub max_login_attemps: u32,
}

impl From<&state::PasswordPolicy> for PasswordPolicy {
    fn from(p: &state::PasswordPolicy) -> Self {
        Self {
            minimum_password_length: p.minimum_password_length,
            require_lowercase_characters: p.require_lowercase_characters,
            require_uppercase_characters: p.require_uppercase_characters,
            require_numbers: p.require_numbers,
            require_symbols: p.require_symbols,
            hard_expiry: p.hard_expiry,
            max_password_age: p.max_password_age,
            password_reuse_prevention: p.password_reuse_prevention,
            max_login_attemps: p.max_login_attempts,
        }
    }
}

/// The response of GetPasswordPolicy.
#[model]
#[derive(Debug)]
pub(super) struct GetPasswordPolicyResponse {
    /// The id of the request.
    pub request_id: String,
    /// The account's password policy.
    pub password_policy: PasswordPolicy,
}

/// The response of SetPasswordPolicy: the whole policy after the change.
#[model]
#[derive(Debug)]
pub(super) struct SetPasswordPolicyResponse {
    /// The id of the request.
    pub request_id: String,
    /// The account's password policy after the change.
    pub password_policy: PasswordPolicy,
}

/// GetPasswordPolicy and SetPasswordPolicy.
#[derive(Debug)]
pub(crate) struct PasswordPolicyApi;

#[actions(Ram)]
impl PasswordPolicyApi {
    /// Reads the password policy.
    ///
    /// Returns the account's password policy for RAM users. A new account
    /// has the defaults: 8 characters, no character class required, no
    /// expiry, no reuse prevention, no lockout.
    #[action(read)]
    async fn get_password_policy(&self, ctx: Data<&ActionCtx>) -> Result<Reply<GetPasswordPolicyResponse>, ApiError> {
        let policy = ctx.account.with_state(|s| PasswordPolicy::from(&s.password_policy));
        Ok(Reply(GetPasswordPolicyResponse {
            request_id: ctx.request_id.clone(),
            password_policy: policy,
        }))
    }

    /// Changes the password policy.
    ///
    /// Only the parameters given change; the others keep their value. The
    /// policy applies to passwords set from now on: existing passwords,
    /// users, sessions and AccessKeys are untouched. Returns the whole
    /// policy after the change.
    #[action(write)]
    #[allow(clippy::too_many_arguments)]
    async fn set_password_policy(
        &self,
        ctx: Data<&ActionCtx>,
        /// Minimum number of characters, 8-32.
        minimum_password_length: Query<Option<Bounded<8, 32>>>,
        /// Whether a password needs at least one lower-case letter.
        require_lowercase_characters: Query<Option<bool>>,
        /// Whether a password needs at least one upper-case letter.
        require_uppercase_characters: Query<Option<bool>>,
        /// Whether a password needs at least one digit.
        require_numbers: Query<Option<bool>>,
        /// Whether a password needs at least one symbol.
        require_symbols: Query<Option<bool>>,
        /// Whether an expired password blocks logon until an administrator resets it.
        hard_expiry: Query<Option<bool>>,
        /// Days a password stays valid, 0-1095; 0 means never.
        max_password_age: Query<Option<Bounded<0, 1095>>>,
        /// How many previous passwords may not be reused, 0-24.
        password_reuse_prevention: Query<Option<Bounded<0, 24>>>,
        /// Wrong passwords allowed within an hour before a one-hour lock, 0-32; 0 means no limit.
        max_login_attemps: Query<Option<Bounded<0, 32>>>,
    ) -> Result<Reply<SetPasswordPolicyResponse>, ApiError> {
        let policy = ctx.account.with_state(|s| {
            let p = &mut s.password_policy;
            set_if(&mut p.minimum_password_length, minimum_password_length.0);
            set_if(&mut p.require_lowercase_characters, require_lowercase_characters.0);
            set_if(&mut p.require_uppercase_characters, require_uppercase_characters.0);
            set_if(&mut p.require_numbers, require_numbers.0);
            set_if(&mut p.require_symbols, require_symbols.0);
            set_if(&mut p.hard_expiry, hard_expiry.0);
            set_if(&mut p.max_password_age, max_password_age.0);
            set_if(&mut p.password_reuse_prevention, password_reuse_prevention.0);
            set_if(&mut p.max_login_attempts, max_login_attemps.0);
            PasswordPolicy::from(&*p)
        });
        Ok(Reply(SetPasswordPolicyResponse {
            request_id: ctx.request_id.clone(),
            password_policy: policy,
        }))
    }
}
