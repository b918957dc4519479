//! Simulated console logon under `/_ramkit/console`: outside the Alibaba
//! contract, unsigned, so that the password rules that only matter at logon
//! can be exercised (ram-contract.md §3, §7 rows 11, 14, 20).
//!
//! A RAM user logs on with its account id, name and password from a source
//! IP; the root with its logon email or mobile and password (the account id
//! is then optional). Logon honours the password
//! policy and the security preference: `MaxLoginAttemps` wrong passwords
//! within an hour lock the user for an hour; an expired password blocks the
//! logon when `HardExpiry` is on and demands a change otherwise, as does
//! `PasswordResetRequired`; `LoginNetworkMasks` refuses other source IPs;
//! `LoginSessionDuration` sets the session's expiry (root sessions last 6
//! hours). Time is the mock clock's.

use std::net::IpAddr;
use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::Password;
use poem_openapi::{Object, OpenApi};
use rand::Rng;
use rand::distr::Alphanumeric;

use super::ApiTags;
use super::login_profiles::change_own_password;
use crate::clock::format_secs;
use crate::error::{ApiError, console, ram};
use crate::state::{Account, AccountState, ConsoleSession, SessionOwner, Store, parse_network_mask};

/// Wrong passwords are counted over this window, and lock for as long.
pub const LOCKOUT_SECS: i64 = 3600;
/// How long a root console session lasts.
pub const ROOT_SESSION_SECS: i64 = 6 * 3600;

/// A console logon attempt.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ConsoleLogonRequest {
    /// The account logged on to; the root may leave it out and be found by
    /// its logon email or mobile.
    pub account_id: Option<String>,
    /// A RAM user's name; absent for the root.
    pub user_name: Option<String>,
    /// The root's logon email or mobile; absent for a RAM user.
    pub logon_id: Option<String>,
    /// The password.
    pub password: Password,
    /// A new password, when the logon demands a change (expired password or
    /// `PasswordResetRequired`); it meets the policy and reuse prevention.
    pub new_password: Option<Password>,
    /// The IP address the logon comes from.
    pub source_ip: String,
}

/// A live console session.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ConsoleSessionView {
    /// The session's id.
    pub session_id: String,
    /// `Root`, `User` or `Role`.
    pub principal_type: String,
    /// The user's name, the role's name, or `root`.
    pub principal_name: String,
    /// For a role session, the RAM user that assumed it.
    pub assumed_by: Option<String>,
    /// Where the logon came from.
    pub source_ip: String,
    /// `yyyy-MM-ddTHH:mm:ssZ` on the mock clock.
    pub created_at: String,
    /// `yyyy-MM-ddTHH:mm:ssZ` on the mock clock.
    pub expires_at: String,
}

/// The live sessions asked for.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct ConsoleSessionList {
    /// Oldest first.
    pub sessions: Vec<ConsoleSessionView>,
}

/// Assume a role from a console session.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct AssumeRoleRequest {
    /// The account of the session.
    pub account_id: String,
    /// The role to assume.
    pub role_name: String,
}

/// The simulated console.
#[derive(Debug)]
pub struct ConsoleApi;

#[OpenApi(prefix_path = "/_ramkit/console", tag = "ApiTags::Control")]
impl ConsoleApi {
    /// Logs a RAM user or the root on to the console.
    ///
    /// Refusals: `ConsoleLogon.PasswordIncorrect` (400), `ConsoleLogon.UserLocked`,
    /// `ConsoleLogon.PasswordExpired`, `ConsoleLogon.PasswordChangeRequired`,
    /// `ConsoleLogon.SourceIpNotAllowed` (403), `EntityNotExist.Account`,
    /// `EntityNotExist.User`, `EntityNotExist.User.LoginProfile` (404), and the
    /// password-policy codes of ChangePassword for `NewPassword`.
    #[oai(path = "/logon", method = "post", operation_id = "Control_ConsoleLogon")]
    async fn logon(
        &self,
        store: Data<&Arc<Store>>,
        body: Json<ConsoleLogonRequest>,
    ) -> Result<Json<ConsoleSessionView>, ApiError> {
        let req = body.0;
        let account = match (&req.account_id, &req.user_name, &req.logon_id) {
            (Some(id), _, _) => find_account(&store, id)?,
            (None, None, Some(logon_id)) => root_account(&store, logon_id, req.password.as_str())?,
            (None, _, _) => return Err(console::ACCOUNT_ID_MISSING.err()),
        };
        let ip: IpAddr = req
            .source_ip
            .trim()
            .parse()
            .map_err(|_| console::SOURCE_IP_FORMAT.err())?;
        let now = store.clock().now_secs();
        let id = new_session_id();
        let session = account.with_state(|s| {
            s.console_sessions.sweep(now);
            let session = match (&req.user_name, &req.logon_id) {
                (Some(name), _) => user_logon(s, name, &req, ip, now, id)?,
                (None, Some(logon_id)) => {
                    if !s.root.accepts_logon(logon_id, req.password.as_str()) {
                        return Err(console::PASSWORD_INCORRECT.err());
                    }
                    ConsoleSession {
                        id,
                        owner: SessionOwner::Root,
                        source_ip: ip.to_string(),
                        created_at: now,
                        expires_at: now + ROOT_SESSION_SECS,
                    }
                }
                (None, None) => return Err(console::LOGON_ID_MISSING.err()),
            };
            s.console_sessions.open(session.clone());
            Ok(view(s, &session))
        })?;
        Ok(Json(session))
    }

    /// Lists live console sessions of an account, or of one RAM user.
    #[oai(path = "/sessions", method = "get", operation_id = "Control_ListConsoleSessions")]
    async fn sessions(
        &self,
        store: Data<&Arc<Store>>,
        /// The account.
        #[oai(name = "AccountId")]
        account_id: Query<String>,
        /// Only this RAM user's sessions.
        #[oai(name = "UserName")]
        user_name: Query<Option<String>>,
    ) -> Result<Json<ConsoleSessionList>, ApiError> {
        let account = find_account(&store, &account_id)?;
        let now = store.clock().now_secs();
        let sessions = account.with_state(|s| {
            let only = match user_name.0.as_deref() {
                Some(name) => Some(
                    s.users
                        .get(name)
                        .ok_or_else(|| ram::USER_NOT_FOUND.err())?
                        .user_id
                        .clone(),
                ),
                None => None,
            };
            Ok::<_, ApiError>(
                s.console_sessions
                    .live(now)
                    .filter(|c| match (&only, &c.owner) {
                        (None, _) => true,
                        (Some(id), SessionOwner::User { user_id }) => id == user_id,
                        _ => false,
                    })
                    .map(|c| view(s, c))
                    .collect(),
            )
        })?;
        Ok(Json(ConsoleSessionList { sessions }))
    }

    /// Logs a session off.
    #[oai(
        path = "/sessions/:session_id",
        method = "delete",
        operation_id = "Control_ConsoleLogoff"
    )]
    async fn logoff(
        &self,
        store: Data<&Arc<Store>>,
        /// The session.
        session_id: Path<String>,
        /// The account.
        #[oai(name = "AccountId")]
        account_id: Query<String>,
    ) -> Result<Json<ConsoleSessionList>, ApiError> {
        let account = find_account(&store, &account_id)?;
        let now = store.clock().now_secs();
        account.with_state(|s| {
            if s.console_sessions.get(&session_id, now).is_none() || !s.console_sessions.end(&session_id) {
                return Err(console::SESSION_NOT_FOUND.err());
            }
            Ok(())
        })?;
        self.sessions(store, account_id, Query(None)).await
    }

    /// From a RAM user's session, assumes a role: a new session that ends
    /// with the user's next password change.
    #[oai(
        path = "/sessions/:session_id/assume-role",
        method = "post",
        operation_id = "Control_ConsoleAssumeRole"
    )]
    async fn assume_role(
        &self,
        store: Data<&Arc<Store>>,
        /// The RAM user's session.
        session_id: Path<String>,
        body: Json<AssumeRoleRequest>,
    ) -> Result<Json<ConsoleSessionView>, ApiError> {
        let account = find_account(&store, &body.account_id)?;
        let now = store.clock().now_secs();
        let id = new_session_id();
        let view = account.with_state(|s| {
            let from = s
                .console_sessions
                .get(&session_id, now)
                .cloned()
                .ok_or_else(|| console::SESSION_NOT_FOUND.err())?;
            let assumed_by_user_id = match from.owner {
                SessionOwner::User { user_id } => Some(user_id),
                _ => None,
            };
            let session = ConsoleSession {
                id,
                owner: SessionOwner::Role {
                    role_name: body.role_name.clone(),
                    assumed_by_user_id,
                },
                source_ip: from.source_ip,
                created_at: now,
                expires_at: from.expires_at,
            };
            s.console_sessions.open(session.clone());
            Ok::<_, ApiError>(view(s, &session))
        })?;
        Ok(Json(view))
    }
}

/// The account whose root this logon email or mobile and password identify
/// (a mobile may be bound to up to six accounts: the password decides).
fn root_account(store: &Store, logon_id: &str, password: &str) -> Result<Arc<Account>, ApiError> {
    let candidates = match store.account_by_logon_email(logon_id) {
        Some(account) => vec![account],
        None => store.accounts_by_mobile(logon_id),
    };
    candidates
        .into_iter()
        .find(|a| a.with_state(|s| s.root.accepts_logon(logon_id, password)))
        .ok_or_else(|| console::PASSWORD_INCORRECT.err())
}

fn find_account(store: &Store, id: &str) -> Result<Arc<Account>, ApiError> {
    store.account(id).ok_or_else(|| console::ACCOUNT_NOT_FOUND.err())
}

fn new_session_id() -> String {
    let tail: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    format!("cs-{tail}")
}

/// A RAM user's logon, in the cloud's order: the network, the lock, the
/// password, then the password's age and the reset flag.
fn user_logon(
    s: &mut AccountState,
    name: &str,
    req: &ConsoleLogonRequest,
    ip: IpAddr,
    now: i64,
    id: String,
) -> Result<ConsoleSession, ApiError> {
    if !ip_allowed(&s.security_preference.login_network_masks, ip) {
        return Err(console::SOURCE_IP_NOT_ALLOWED.err());
    }
    let policy = s.password_policy.clone();
    let duration = i64::from(s.security_preference.login_session_duration) * 3600;
    let user = s.users.get_mut(name).ok_or_else(|| ram::USER_NOT_FOUND.err())?;
    let user_id = user.user_id.clone();
    if user.locked_until.is_some_and(|until| now < until) {
        return Err(console::USER_LOCKED.err());
    }
    let profile = user
        .login_profile
        .as_ref()
        .ok_or_else(|| ram::LOGIN_PROFILE_NOT_FOUND.err())?;
    if !profile.password.matches(req.password.as_str()) {
        user.failed_logons.retain(|t| now - t < LOCKOUT_SECS);
        user.failed_logons.push(now);
        let max = policy.max_login_attempts as usize;
        if max > 0 && user.failed_logons.len() >= max {
            user.locked_until = Some(now + LOCKOUT_SECS);
            user.failed_logons.clear();
        }
        return Err(console::PASSWORD_INCORRECT.err());
    }
    let expired = policy.expired(profile.password_set_at, now);
    if expired && policy.hard_expiry {
        return Err(console::PASSWORD_EXPIRED.err());
    }
    if expired || profile.password_reset_required {
        let new = req
            .new_password
            .as_ref()
            .ok_or_else(|| console::PASSWORD_CHANGE_REQUIRED.err())?;
        change_own_password(s, &user_id, req.password.as_str(), new.as_str(), now)?;
    }
    let user = s.users.by_id_mut(&user_id).ok_or_else(|| ram::USER_NOT_FOUND.err())?;
    user.clear_logon_failures();
    user.last_login_date = Some(now);
    Ok(ConsoleSession {
        id,
        owner: SessionOwner::User { user_id },
        source_ip: ip.to_string(),
        created_at: now,
        expires_at: now + duration,
    })
}

/// Whether `ip` is inside one of the `;`-separated masks (all, when none).
fn ip_allowed(masks: &str, ip: IpAddr) -> bool {
    let mut masks = masks.split(';').map(str::trim).filter(|m| !m.is_empty()).peekable();
    masks.peek().is_none() || masks.any(|m| parse_network_mask(m).is_some_and(|net| net.contains(&ip)))
}

fn view(s: &AccountState, c: &ConsoleSession) -> ConsoleSessionView {
    let user_name = |id: &str| s.users.by_id(id).map(|u| u.user_name.clone()).unwrap_or_default();
    let (principal_type, principal_name, assumed_by) = match &c.owner {
        SessionOwner::Root => ("Root", "root".to_owned(), None),
        SessionOwner::User { user_id } => ("User", user_name(user_id), None),
        SessionOwner::Role {
            role_name,
            assumed_by_user_id,
        } => ("Role", role_name.clone(), assumed_by_user_id.as_deref().map(user_name)),
    };
    ConsoleSessionView {
        session_id: c.id.clone(),
        principal_type: principal_type.into(),
        principal_name,
        assumed_by,
        source_ip: c.source_ip.clone(),
        created_at: format_secs(c.created_at),
        expires_at: format_secs(c.expires_at),
    }
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
