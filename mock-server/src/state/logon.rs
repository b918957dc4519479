//! What a password and a console logon mean, as the help pages state them
//! (ram-contract.md §3, §7 rows 11, 14, 20): the rules behind
//! UpdateLoginProfile, ChangePassword and the simulated console, kept here so
//! that every face of the mock applies the same ones.
//!
//! - A new password meets the password policy and is none of the last
//!   `PasswordReusePrevention` (the current one counts).
//! - Setting it restarts the password's age, forgets failed logons and any
//!   lock, and ends every console session of the user and of the roles it
//!   assumed; the user's AccessKeys keep working. A change by the user
//!   itself also clears `PasswordResetRequired`.
//! - A RAM user's logon is checked in the cloud's order: the network masks,
//!   the lock, the password (`MaxLoginAttemps` wrong ones within an hour lock
//!   the user for an hour), then the password's age (`HardExpiry` refuses,
//!   otherwise a change is demanded, as `PasswordResetRequired` demands one).
//!   `LoginSessionDuration` sets the session's expiry.

use std::net::IpAddr;

use super::{AccountState, ConsoleSession, SessionOwner, parse_network_mask};
use crate::error::{ApiError, PasswordCodes, ram};

/// Wrong passwords are counted over this window, and lock for as long.
pub const LOCKOUT_SECS: i64 = 3600;
/// How long a root console session lasts.
pub const ROOT_SESSION_SECS: i64 = 6 * 3600;

/// Who sets a password: an administrator (UpdateLoginProfile) or the user
/// itself, knowing the old one (ChangePassword, a forced change at logon).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordSetter<'a> {
    /// An administrator's reset.
    Administrator,
    /// The user, with its current password.
    User {
        /// The current password, which must match.
        old: &'a str,
    },
}

/// Why a password was not set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordRefusal {
    /// No user has this id or name.
    NoUser,
    /// The user has no login profile.
    NoLoginProfile,
    /// The old password does not match.
    OldPasswordIncorrect,
    /// The new password breaks the password policy.
    TooWeak,
    /// The new password is one of the last ones.
    Reused,
}

impl PasswordRefusal {
    /// The refusal in the cloud's codes; `codes` name the parameter.
    pub(crate) fn error(self, codes: PasswordCodes) -> ApiError {
        match self {
            Self::NoUser => ram::USER_NOT_FOUND.err(),
            Self::NoLoginProfile => ram::LOGIN_PROFILE_NOT_FOUND.err(),
            Self::OldPasswordIncorrect => ram::OLD_PASSWORD_INCORRECT.err(),
            Self::TooWeak => codes.too_weak.err(),
            Self::Reused => codes.reused.err(),
        }
    }
}

/// Why a console logon was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogonRefusal {
    /// The source IP is outside `LoginNetworkMasks`.
    SourceIpNotAllowed,
    /// Too many wrong passwords within the hour.
    Locked,
    /// Wrong password (counted toward the lock).
    PasswordIncorrect,
    /// The password expired and `HardExpiry` is on.
    PasswordExpired,
    /// The password must be changed first: give a new one.
    ChangeRequired,
    /// The user or its profile is missing, or the demanded new password is refused.
    Password(PasswordRefusal),
}

/// A RAM user's logon attempt.
#[derive(Clone, Copy, Debug)]
pub struct UserLogon<'a> {
    /// The user's name.
    pub user_name: &'a str,
    /// The password given.
    pub password: &'a str,
    /// A new password, for a logon that demands a change.
    pub new_password: Option<&'a str>,
    /// Where the logon comes from.
    pub source_ip: IpAddr,
}

impl AccountState {
    /// Sets the password of the user with `user_id` under the policy, with
    /// every consequence a password change has (see the module docs).
    pub fn set_user_password(
        &mut self,
        user_id: &str,
        password: &str,
        setter: PasswordSetter<'_>,
        now: i64,
    ) -> Result<(), PasswordRefusal> {
        let policy = &self.password_policy;
        let user = self.users.by_id_mut(user_id).ok_or(PasswordRefusal::NoUser)?;
        let profile = user.login_profile.as_mut().ok_or(PasswordRefusal::NoLoginProfile)?;
        if let PasswordSetter::User { old } = setter {
            if !profile.password.matches(old) {
                return Err(PasswordRefusal::OldPasswordIncorrect);
            }
        }
        if !policy.admits(password) {
            return Err(PasswordRefusal::TooWeak);
        }
        if profile.recently_used(password, policy.password_reuse_prevention) {
            return Err(PasswordRefusal::Reused);
        }
        profile.set_password(password, now);
        if matches!(setter, PasswordSetter::User { .. }) {
            profile.password_reset_required = false;
        }
        user.clear_logon_failures();
        self.console_sessions.end_user(user_id);
        Ok(())
    }

    /// A RAM user's console logon; the session opened, with id `session_id`.
    pub fn log_user_on(
        &mut self,
        logon: UserLogon<'_>,
        session_id: String,
        now: i64,
    ) -> Result<ConsoleSession, LogonRefusal> {
        if !ip_allowed(&self.security_preference.login_network_masks, logon.source_ip) {
            return Err(LogonRefusal::SourceIpNotAllowed);
        }
        let max_attempts = self.password_policy.max_login_attempts as usize;
        let duration = i64::from(self.security_preference.login_session_duration) * 3600;
        let user = self
            .users
            .get_mut(logon.user_name)
            .ok_or(LogonRefusal::Password(PasswordRefusal::NoUser))?;
        let user_id = user.user_id.clone();
        if user.locked_until.is_some_and(|until| now < until) {
            return Err(LogonRefusal::Locked);
        }
        let profile = user
            .login_profile
            .as_ref()
            .ok_or(LogonRefusal::Password(PasswordRefusal::NoLoginProfile))?;
        if !profile.password.matches(logon.password) {
            user.failed_logons.retain(|t| now - t < LOCKOUT_SECS);
            user.failed_logons.push(now);
            if max_attempts > 0 && user.failed_logons.len() >= max_attempts {
                user.locked_until = Some(now + LOCKOUT_SECS);
                user.failed_logons.clear();
            }
            return Err(LogonRefusal::PasswordIncorrect);
        }
        let expired = self.password_policy.expired(profile.password_set_at, now);
        if expired && self.password_policy.hard_expiry {
            return Err(LogonRefusal::PasswordExpired);
        }
        if expired || profile.password_reset_required {
            let new = logon.new_password.ok_or(LogonRefusal::ChangeRequired)?;
            let setter = PasswordSetter::User { old: logon.password };
            self.set_user_password(&user_id, new, setter, now)
                .map_err(LogonRefusal::Password)?;
        }
        let user = self
            .users
            .by_id_mut(&user_id)
            .ok_or(LogonRefusal::Password(PasswordRefusal::NoUser))?;
        user.clear_logon_failures();
        user.last_login_date = Some(now);
        let session = ConsoleSession {
            id: session_id,
            owner: SessionOwner::User { user_id },
            source_ip: logon.source_ip.to_string(),
            created_at: now,
            expires_at: now + duration,
        };
        self.console_sessions.open(session.clone());
        Ok(session)
    }

    /// The root's console logon by its logon email or mobile; the session
    /// opened, with id `session_id`.
    pub fn log_root_on(
        &mut self,
        logon_id: &str,
        password: &str,
        source_ip: IpAddr,
        session_id: String,
        now: i64,
    ) -> Result<ConsoleSession, LogonRefusal> {
        if !self.root.accepts_logon(logon_id, password) {
            return Err(LogonRefusal::PasswordIncorrect);
        }
        let session = ConsoleSession {
            id: session_id,
            owner: SessionOwner::Root,
            source_ip: source_ip.to_string(),
            created_at: now,
            expires_at: now + ROOT_SESSION_SECS,
        };
        self.console_sessions.open(session.clone());
        Ok(session)
    }
}

/// Whether `ip` is inside one of the `;`-separated masks (all, when none).
fn ip_allowed(masks: &str, ip: IpAddr) -> bool {
    let mut masks = masks.split(';').map(str::trim).filter(|m| !m.is_empty()).peekable();
    masks.peek().is_none() || masks.any(|m| parse_network_mask(m).is_some_and(|net| net.contains(&ip)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_masks_allow_every_address() {
        assert!(ip_allowed("", "203.0.113.9".parse().expect("ip")));
    }

    #[test]
    fn an_address_must_fall_in_one_of_the_masks() {
        let masks = "10.0.0.0/8; 192.168.1.7";
        assert!(ip_allowed(masks, "10.20.30.40".parse().expect("ip")));
        assert!(ip_allowed(masks, "192.168.1.7".parse().expect("ip")));
        assert!(!ip_allowed(masks, "192.168.1.8".parse().expect("ip")));
    }
}
