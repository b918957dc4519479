//! CreateAccessKey, ListAccessKeys, UpdateAccessKey and DeleteAccessKey (RAM
//! 2015-05-01), ram-contract.md §4.
//!
//! Without `UserName` each acts on the caller's own keys (the root's, or a
//! RAM user's own, which `AllowUserToManageAccessKeys` permits without a
//! policy). A deleted or disabled key stops signing at once.

use crate::actions::Reply;
use poem::web::Data;
use poem_openapi::param::Query;
use ramkit_mock_macros::{actions, model};

use crate::actions::params::{AccessKeyId, KeyStatus as KeyStatusParam, UserName};
use crate::actions::{ActionCtx, EmptyResponse};
use crate::clock::format_secs;
use crate::error::{ApiError, ram};
use crate::state::{AccountScope, AccountState, KeyRecord, KeyStatus, MAX_USER_KEYS, Principal};

/// AccessKeys of the root (ramkit's choice; the cloud's current console allows 5).
pub(super) const MAX_ROOT_KEYS: usize = 5;

/// A new AccessKey: the only response that ever carries its secret.
#[model]
#[derive(Debug)]
pub(super) struct NewAccessKey {
    /// The AccessKey id.
    pub access_key_id: String,
    /// The secret, shown this once.
    #[serde(serialize_with = "crate::actions::reply::reveal")]
    pub access_key_secret: poem_openapi::types::Password,
    /// `Active`.
    pub status: String,
    /// `yyyy-MM-ddTHH:mm:ssZ`.
    pub create_date: String,
}

/// The response of CreateAccessKey.
#[model]
#[derive(Debug)]
pub(super) struct CreateAccessKeyResponse {
    /// The id of the request.
    pub request_id: String,
    /// The new key, with its secret.
    pub access_key: NewAccessKey,
}

/// An AccessKey as its owner lists it: never its secret.
#[model]
#[derive(Debug)]
pub(super) struct AccessKey {
    /// The AccessKey id.
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub status: String,
    /// `yyyy-MM-ddTHH:mm:ssZ`.
    pub create_date: String,
}

/// The cloud's list wrapper: `"AccessKeys": {"AccessKey": [...]}`.
#[model]
#[derive(Debug)]
pub(super) struct AccessKeyList {
    /// The keys, oldest first.
    #[oai(rename = "AccessKey")]
    pub access_key: Vec<AccessKey>,
}

/// The response of ListAccessKeys.
#[model]
#[derive(Debug)]
pub(super) struct ListAccessKeysResponse {
    /// The id of the request.
    pub request_id: String,
    /// The keys.
    pub access_keys: AccessKeyList,
}

/// AccessKey management.
#[derive(Debug)]
pub(crate) struct AccessKeysApi;

#[actions(Ram)]
impl AccessKeysApi {
    /// Creates an AccessKey for a RAM user, or for the caller.
    ///
    /// The secret is in this response only. A RAM user holds at most 2
    /// keys (`LimitExceeded.User.AccessKey`), the root at most 5.
    #[action(write, errors(ram::USER_NOT_FOUND, ram::ACCESS_KEY_LIMIT))]
    async fn create_access_key(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name; absent means the caller.
        user_name: Query<Option<UserName>>,
    ) -> Result<Reply<CreateAccessKeyResponse>, ApiError> {
        let now = ctx.now();
        let key = ctx.account.with_state(|s| {
            let owner = Owner::resolve(s, &ctx.principal, user_name.0.as_deref())?;
            let (records, limit, principal) = owner.keys(s)?;
            if records.len() >= limit {
                return Err(ram::ACCESS_KEY_LIMIT.err());
            }
            let creds = ctx.account.create_key(principal);
            records.push(KeyRecord {
                access_key_id: creds.access_key_id.clone(),
                create_date: now,
            });
            Ok(creds)
        })?;
        Ok(Reply(CreateAccessKeyResponse {
            request_id: ctx.request_id.clone(),
            access_key: NewAccessKey {
                access_key_id: key.access_key_id,
                access_key_secret: poem_openapi::types::Password(key.access_key_secret),
                status: "Active".into(),
                create_date: format_secs(now),
            },
        }))
    }

    /// Lists the AccessKeys of a RAM user, or of the caller (never their secrets).
    #[action(read, errors(ram::USER_NOT_FOUND))]
    async fn list_access_keys(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name; absent means the caller.
        user_name: Query<Option<UserName>>,
    ) -> Result<Reply<ListAccessKeysResponse>, ApiError> {
        let keys = ctx.account.with_state(|s| {
            let owner = Owner::resolve(s, &ctx.principal, user_name.0.as_deref())?;
            let (records, _, _) = owner.keys(s)?;
            Ok::<_, ApiError>(records.iter().map(|r| listed(&ctx.account, r)).collect())
        })?;
        Ok(Reply(ListAccessKeysResponse {
            request_id: ctx.request_id.clone(),
            access_keys: AccessKeyList { access_key: keys },
        }))
    }

    /// Enables or disables an AccessKey.
    ///
    /// A disabled key is refused with `InvalidAccessKeyId.Inactive` until
    /// enabled again.
    #[action(write, errors(ram::USER_NOT_FOUND, ram::ACCESS_KEY_NOT_FOUND))]
    async fn update_access_key(
        &self,
        ctx: Data<&ActionCtx>,
        /// The AccessKey id.
        user_access_key_id: Query<AccessKeyId>,
        /// `Active` or `Inactive`.
        status: Query<KeyStatusParam>,
        /// The user's name; absent means the caller.
        user_name: Query<Option<UserName>>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
        let status = match status.as_str() {
            "Active" => KeyStatus::Active,
            _ => KeyStatus::Inactive,
        };
        ctx.account.with_state(|s| {
            let owner = Owner::resolve(s, &ctx.principal, user_name.0.as_deref())?;
            let (records, _, _) = owner.keys(s)?;
            if !records.iter().any(|r| r.access_key_id == user_access_key_id.as_str()) {
                return Err(ram::ACCESS_KEY_NOT_FOUND.err());
            }
            if let Some(key) = ctx.account.key(&user_access_key_id) {
                key.set_status(status);
            }
            Ok(())
        })?;
        Ok(ctx.done())
    }

    /// Deletes an AccessKey; it stops signing at once.
    #[action(write, errors(ram::USER_NOT_FOUND, ram::ACCESS_KEY_NOT_FOUND))]
    async fn delete_access_key(
        &self,
        ctx: Data<&ActionCtx>,
        /// The AccessKey id.
        user_access_key_id: Query<AccessKeyId>,
        /// The user's name; absent means the caller.
        user_name: Query<Option<UserName>>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
        ctx.account.with_state(|s| {
            let owner = Owner::resolve(s, &ctx.principal, user_name.0.as_deref())?;
            let (records, _, _) = owner.keys(s)?;
            let index = records
                .iter()
                .position(|r| r.access_key_id == user_access_key_id.as_str())
                .ok_or_else(|| ram::ACCESS_KEY_NOT_FOUND.err())?;
            records.remove(index);
            ctx.account.remove_key(&user_access_key_id);
            Ok(())
        })?;
        Ok(ctx.done())
    }
}

/// Whose keys an AccessKey action touches.
enum Owner {
    Root,
    User(String),
}

impl Owner {
    /// `UserName` when given, else the caller itself.
    fn resolve(s: &AccountState, caller: &Principal, user_name: Option<&str>) -> Result<Self, ApiError> {
        match (user_name, caller) {
            (Some(name), _) => s
                .users
                .get(name)
                .map(|u| Self::User(u.user_id.clone()))
                .ok_or_else(|| ram::USER_NOT_FOUND.err()),
            (None, Principal::Root) => Ok(Self::Root),
            (None, Principal::User { user_id }) => Ok(Self::User(user_id.clone())),
            (None, Principal::AssumedRole { .. }) => Err(ram::USER_NOT_FOUND
                .with_message("A role session has no AccessKeys of its own; name the user with UserName.")),
        }
    }

    /// The owner's key records, its limit, and the principal its keys sign as.
    fn keys<'a>(&self, s: &'a mut AccountState) -> Result<(&'a mut Vec<KeyRecord>, usize, Principal), ApiError> {
        match self {
            Self::Root => Ok((&mut s.root_access_keys, MAX_ROOT_KEYS, Principal::Root)),
            Self::User(user_id) => {
                let user = s.users.by_id_mut(user_id).ok_or_else(|| ram::USER_NOT_FOUND.err())?;
                let principal = Principal::User {
                    user_id: user_id.clone(),
                };
                Ok((&mut user.access_keys, MAX_USER_KEYS, principal))
            }
        }
    }
}

fn listed(account: &AccountScope, record: &KeyRecord) -> AccessKey {
    let status = account
        .key(&record.access_key_id)
        .map_or(KeyStatus::Inactive, |k| k.status());
    AccessKey {
        access_key_id: record.access_key_id.clone(),
        status: match status {
            KeyStatus::Active => "Active",
            KeyStatus::Inactive => "Inactive",
        }
        .into(),
        create_date: format_secs(record.create_date),
    }
}
