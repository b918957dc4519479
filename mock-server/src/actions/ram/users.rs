//! CreateUser, GetUser, UpdateUser, ListUsers and DeleteUser (RAM
//! 2015-05-01), ram-contract.md §2 and §4.

use crate::actions::Reply;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use poem::web::Data;
use poem_openapi::param::Query;
use ramkit_mock_macros::{actions, model};

use crate::actions::params::{Comments, DisplayName, Email, MaxItems, MobilePhone, UserName};
use crate::actions::{ActionCtx, EmptyResponse, set_if, user_mut};
use crate::clock::format_secs;
use crate::error::{ApiError, ram};
use crate::state::{self, MAX_USERS};

/// A RAM user. Passwords and AccessKey secrets are never part of it.
#[model]
#[derive(Debug)]
pub(super) struct User {
    /// The user's immutable id.
    pub user_id: String,
    /// The user's name, unique in the account (compared without case).
    pub user_name: String,
    /// The display name.
    pub display_name: String,
    /// `<country code>-<number>`, or empty.
    pub mobile_phone: String,
    /// The email, or empty.
    pub email: String,
    /// Free text.
    pub comments: String,
    /// When it was created, `yyyy-MM-ddTHH:mm:ssZ`.
    pub create_date: String,
    /// When it last changed, `yyyy-MM-ddTHH:mm:ssZ`.
    pub update_date: String,
    /// Its last console logon, absent until one happens.
    pub last_login_date: Option<String>,
}

impl From<&state::User> for User {
    fn from(u: &state::User) -> Self {
        Self {
            user_id: u.user_id.clone(),
            user_name: u.user_name.clone(),
            display_name: u.display_name.clone(),
            mobile_phone: u.mobile_phone.clone(),
            email: u.email.clone(),
            comments: u.comments.clone(),
            create_date: format_secs(u.create_date),
            update_date: format_secs(u.update_date),
            last_login_date: u.last_login_date.map(format_secs),
        }
    }
}

/// The response of CreateUser, GetUser and UpdateUser.
#[model]
#[derive(Debug)]
pub(super) struct UserResponse {
    /// The id of the request.
    pub request_id: String,
    /// The user.
    pub user: User,
}

/// The cloud's list wrapper: `"Users": {"User": [...]}`.
#[model]
#[derive(Debug)]
pub(super) struct UserList {
    /// The users of this page, oldest first.
    #[oai(rename = "User")]
    pub user: Vec<User>,
}

/// The response of ListUsers.
#[model]
#[derive(Debug)]
pub(super) struct ListUsersResponse {
    /// The id of the request.
    pub request_id: String,
    /// Whether more users follow; pass `Marker` to read them.
    pub is_truncated: bool,
    /// Where the next page starts, present only when truncated.
    pub marker: Option<String>,
    /// This page of users.
    pub users: UserList,
}

/// RAM user management.
#[derive(Debug)]
pub(crate) struct UsersApi;

#[actions(Ram)]
impl UsersApi {
    /// Creates a RAM user.
    ///
    /// The user starts with no login profile, no AccessKey and no policy. An
    /// account holds at most 5000 users; names are unique without regard to
    /// case.
    #[action(write, errors(ram::USER_EXISTS, ram::USER_LIMIT))]
    async fn create_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// 1-64 characters: letters, digits, `.`, `_`, `-`.
        user_name: Query<UserName>,
        /// 1-128 characters: letters, digits, `@`, `.`, `_`, `-` and spaces.
        display_name: Query<Option<DisplayName>>,
        /// `<country code>-<number>`, e.g. `86-18600008888`.
        mobile_phone: Query<Option<MobilePhone>>,
        /// An email address.
        email: Query<Option<Email>>,
        /// Free text, 1-128 characters.
        comments: Query<Option<Comments>>,
    ) -> Result<Reply<UserResponse>, ApiError> {
        let now = ctx.now();
        let user = ctx.account.with_state(|s| {
            if s.users.get(&user_name).is_some() {
                return Err(ram::USER_EXISTS.err());
            }
            if s.users.len() >= MAX_USERS {
                return Err(ram::USER_LIMIT.err());
            }
            let mut user = state::User::new(s.users.unused_id(), user_name.0.into_string(), now);
            set_if(&mut user.display_name, display_name.0);
            set_if(&mut user.mobile_phone, mobile_phone.0);
            set_if(&mut user.email, email.0);
            set_if(&mut user.comments, comments.0);
            Ok(User::from(s.users.insert(user)))
        })?;
        Ok(Reply(UserResponse {
            request_id: ctx.request_id.clone(),
            user,
        }))
    }

    /// Reads a RAM user.
    #[action(read, errors(ram::USER_NOT_FOUND))]
    async fn get_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<UserResponse>, ApiError> {
        let user = ctx
            .account
            .with_state(|s| user_mut(s, &user_name).map(|u| User::from(&*u)))?;
        Ok(Reply(UserResponse {
            request_id: ctx.request_id.clone(),
            user,
        }))
    }

    /// Changes a RAM user's name or profile.
    ///
    /// Only the `New*` parameters given change. A renamed user keeps its id,
    /// its place in ListUsers, its login profile, policies and AccessKeys.
    #[action(write, errors(ram::USER_NOT_FOUND, ram::USER_EXISTS))]
    #[allow(clippy::too_many_arguments)]
    async fn update_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's current name.
        user_name: Query<UserName>,
        /// The new name: 1-64 characters, letters, digits, `.`, `_`, `-`.
        new_user_name: Query<Option<UserName>>,
        /// The new display name.
        new_display_name: Query<Option<DisplayName>>,
        /// The new mobile, `<country code>-<number>`.
        new_mobile_phone: Query<Option<MobilePhone>>,
        /// The new email.
        new_email: Query<Option<Email>>,
        /// The new comments.
        new_comments: Query<Option<Comments>>,
    ) -> Result<Reply<UserResponse>, ApiError> {
        let now = ctx.now();
        let user = ctx.account.with_state(|s| {
            user_mut(s, &user_name)?;
            let mut name = user_name.as_str().to_owned();
            if let Some(new) = new_user_name.0 {
                let taken = s
                    .users
                    .get(&new)
                    .is_some_and(|u| !u.user_name.eq_ignore_ascii_case(&user_name));
                if taken {
                    return Err(ram::USER_EXISTS.err());
                }
                s.users.rename(&user_name, &new);
                name = new.into_string();
            }
            let u = user_mut(s, &name)?;
            set_if(&mut u.display_name, new_display_name.0);
            set_if(&mut u.mobile_phone, new_mobile_phone.0);
            set_if(&mut u.email, new_email.0);
            set_if(&mut u.comments, new_comments.0);
            u.update_date = now;
            Ok(User::from(&*u))
        })?;
        Ok(Reply(UserResponse {
            request_id: ctx.request_id.clone(),
            user,
        }))
    }

    /// Lists RAM users, oldest first, a page at a time.
    ///
    /// When `IsTruncated` is true, pass the returned `Marker` to read the next
    /// page. Markers are opaque and stay valid while users come and go.
    #[action(read, errors(ram::MARKER))]
    async fn list_users(
        &self,
        ctx: Data<&ActionCtx>,
        /// Where to start: the `Marker` of the previous page.
        marker: Query<Option<String>>,
        /// Users per page, 1-1000 (default 100).
        max_items: Query<Option<MaxItems>>,
    ) -> Result<Reply<ListUsersResponse>, ApiError> {
        let from = marker.0.as_deref().map(decode_marker).transpose()?.unwrap_or(0);
        let page = max_items.0.map_or(100, |n| n.get() as usize);
        let (users, next) = ctx.account.with_state(|s| {
            let mut it = s.users.from_seq(from);
            let users: Vec<User> = it.by_ref().take(page).map(User::from).collect();
            (users, it.next().map(|u| u.seq))
        });
        Ok(Reply(ListUsersResponse {
            request_id: ctx.request_id.clone(),
            is_truncated: next.is_some(),
            marker: next.map(encode_marker),
            users: UserList { user: users },
        }))
    }

    /// Deletes a RAM user.
    ///
    /// Refused with `DeleteConflict.User.Policy` while policies are attached
    /// (detach them first). The user's login profile and AccessKeys go with
    /// it: its keys stop working at once, its console sessions end.
    #[action(write, errors(ram::USER_NOT_FOUND, ram::DELETE_CONFLICT_POLICY))]
    async fn delete_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
        ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            if !user.policies.is_empty() {
                return Err(ram::DELETE_CONFLICT_POLICY.err());
            }
            let user = s.users.remove(&user_name).ok_or_else(|| ram::USER_NOT_FOUND.err())?;
            for key in &user.access_keys {
                ctx.account.remove_key(&key.access_key_id);
            }
            s.console_sessions.end_user(&user.user_id);
            Ok(())
        })?;
        Ok(ctx.done())
    }
}

const MARKER_PREFIX: &str = "ramkit-users:";

fn encode_marker(seq: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{MARKER_PREFIX}{seq}"))
}

fn decode_marker(marker: &str) -> Result<u64, ApiError> {
    URL_SAFE_NO_PAD
        .decode(marker)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix(MARKER_PREFIX)?.parse().ok())
        .ok_or_else(|| ram::MARKER.err())
}
