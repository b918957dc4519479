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

use crate::clock::format_secs;
use crate::contract::ApiTags;
use crate::control::Control;
use crate::error::{ApiError, PasswordCodes, console, ram};
use crate::state::{Account, AccountState, ConsoleSession, LogonRefusal, SessionOwner, Store, UserLogon};

/// A console logon attempt.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct ConsoleLogonRequest {
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
pub(super) struct ConsoleSessionView {
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
pub(super) struct ConsoleSessionList {
    /// Oldest first.
    pub sessions: Vec<ConsoleSessionView>,
}

/// Assume a role from a console session.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct AssumeRoleRequest {
    /// The account of the session.
    pub account_id: String,
    /// The role to assume.
    pub role_name: String,
}

/// The simulated console.
#[derive(Debug)]
pub(crate) struct ConsoleApi;

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
        control: Data<&Arc<Control>>,
        body: Json<ConsoleLogonRequest>,
    ) -> Result<Json<ConsoleSessionView>, ApiError> {
        let req = body.0;
        let store = control.store();
        let account = match (&req.account_id, &req.user_name, &req.logon_id) {
            (Some(id), _, _) => find_account(store, id)?,
            (None, None, Some(logon_id)) => root_account(store, logon_id, req.password.as_str())?,
            (None, _, _) => return Err(console::ACCOUNT_ID_MISSING.err()),
        };
        let ip: IpAddr = req
            .source_ip
            .trim()
            .parse()
            .map_err(|_| console::SOURCE_IP_FORMAT.err())?;
        let now = store.clock().now_secs();
        let id = new_session_id();
        let view = account.with_state(|s| {
            s.console_sessions.sweep(now);
            let session = match (&req.user_name, &req.logon_id) {
                (Some(name), _) => {
                    let logon = UserLogon {
                        user_name: name,
                        password: req.password.as_str(),
                        new_password: req.new_password.as_deref().map(String::as_str),
                        source_ip: ip,
                    };
                    s.log_user_on(logon, id, now)
                }
                (None, Some(logon_id)) => s.log_root_on(logon_id, req.password.as_str(), ip, id, now),
                (None, None) => return Err(console::LOGON_ID_MISSING.err()),
            };
            session.map(|session| view(s, &session)).map_err(refusal)
        })?;
        Ok(Json(view))
    }

    /// Lists live console sessions of an account, or of one RAM user.
    #[oai(path = "/sessions", method = "get", operation_id = "Control_ListConsoleSessions")]
    async fn sessions(
        &self,
        control: Data<&Arc<Control>>,
        /// The account.
        #[oai(name = "AccountId")]
        account_id: Query<String>,
        /// Only this RAM user's sessions.
        #[oai(name = "UserName")]
        user_name: Query<Option<String>>,
    ) -> Result<Json<ConsoleSessionList>, ApiError> {
        let account = find_account(control.store(), &account_id)?;
        let now = control.store().clock().now_secs();
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
        control: Data<&Arc<Control>>,
        /// The session.
        session_id: Path<String>,
        /// The account.
        #[oai(name = "AccountId")]
        account_id: Query<String>,
    ) -> Result<Json<ConsoleSessionList>, ApiError> {
        let account = find_account(control.store(), &account_id)?;
        let now = control.store().clock().now_secs();
        account.with_state(|s| {
            if s.console_sessions.get(&session_id, now).is_none() || !s.console_sessions.end(&session_id) {
                return Err(console::SESSION_NOT_FOUND.err());
            }
            Ok(())
        })?;
        self.sessions(control, account_id, Query(None)).await
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
        control: Data<&Arc<Control>>,
        /// The RAM user's session.
        session_id: Path<String>,
        body: Json<AssumeRoleRequest>,
    ) -> Result<Json<ConsoleSessionView>, ApiError> {
        let account = find_account(control.store(), &body.account_id)?;
        let now = control.store().clock().now_secs();
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

/// A logon refusal in the console's codes (a refused new password in
/// ChangePassword's).
fn refusal(r: LogonRefusal) -> ApiError {
    match r {
        LogonRefusal::SourceIpNotAllowed => console::SOURCE_IP_NOT_ALLOWED.err(),
        LogonRefusal::Locked => console::USER_LOCKED.err(),
        LogonRefusal::PasswordIncorrect => console::PASSWORD_INCORRECT.err(),
        LogonRefusal::PasswordExpired => console::PASSWORD_EXPIRED.err(),
        LogonRefusal::ChangeRequired => console::PASSWORD_CHANGE_REQUIRED.err(),
        LogonRefusal::Password(p) => p.error(PasswordCodes::CHANGE),
    }
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
