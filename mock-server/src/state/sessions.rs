//! Console logon sessions, as the control plane simulates them. Password
//! rules only matter at logon, so sessions make them observable: a password
//! change ends the owner's sessions, and those of roles it assumed.

use serde::{Deserialize, Serialize};

/// Who a console session belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "Kind")]
pub enum SessionOwner {
    /// The account's owner (root).
    Root,
    /// A RAM user, by its immutable id.
    User {
        /// The user's `UserId`.
        user_id: String,
    },
    /// A role assumed from another console session.
    Role {
        /// The role's name.
        role_name: String,
        /// The RAM user whose session assumed it, if a RAM user did.
        assumed_by_user_id: Option<String>,
    },
}

/// One live console session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSession {
    /// Opaque id.
    pub id: String,
    /// Whose session it is.
    pub owner: SessionOwner,
    /// The source IP the logon came from.
    pub source_ip: String,
    /// When it started, Unix seconds on the mock clock.
    pub created_at: i64,
    /// When it ends by itself, Unix seconds on the mock clock.
    pub expires_at: i64,
}

/// An account's console sessions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsoleSessions {
    sessions: Vec<ConsoleSession>,
}

impl ConsoleSessions {
    /// Adds a session.
    pub fn open(&mut self, session: ConsoleSession) {
        self.sessions.push(session);
    }

    /// Sessions that have not expired at `now`, oldest first.
    pub fn live(&self, now: i64) -> impl Iterator<Item = &ConsoleSession> {
        self.sessions.iter().filter(move |s| s.expires_at > now)
    }

    /// The live session with this id.
    pub fn get(&self, id: &str, now: i64) -> Option<&ConsoleSession> {
        self.live(now).find(|s| s.id == id)
    }

    /// Ends one session; false when there was no such live session.
    pub fn end(&mut self, id: &str) -> bool {
        let before = self.sessions.len();
        self.sessions.retain(|s| s.id != id);
        before != self.sessions.len()
    }

    /// Ends every session of the root.
    pub fn end_root(&mut self) {
        self.sessions.retain(|s| s.owner != SessionOwner::Root);
    }

    /// Ends every session of a RAM user and of the roles it assumed.
    pub fn end_user(&mut self, user_id: &str) {
        self.sessions.retain(|s| match &s.owner {
            SessionOwner::User { user_id: u } => u != user_id,
            SessionOwner::Role {
                assumed_by_user_id: Some(u),
                ..
            } => u != user_id,
            _ => true,
        });
    }

    /// Forgets sessions that expired before `now`.
    pub fn sweep(&mut self, now: i64) {
        self.sessions.retain(|s| s.expires_at > now);
    }
}
