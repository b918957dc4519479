//! The typed operations of the cloud's products, one poem-openapi `impl`
//! per action group, each action declared once with `#[action(...)]` under
//! `#[actions(Product)]` (see the `ramkit-mock-macros` crate): RAM 2015-05-01
//! in [`ram`], the `RamkitAccount` extension in [`ramkit_account`].
//!
//! Handlers see an authenticated, validated and authorized request, through
//! an [`ActionCtx`] scoped to the signer's account: they never parse
//! signatures, and they cannot reach another account's state.

pub(crate) mod params;
mod ram;
mod ramkit_account;
mod reply;

use std::collections::HashMap;

use poem::endpoint::BoxEndpoint;
use poem::http::Method;
use poem_openapi::OpenApi;
use ramkit_mock_macros::model;

use crate::contract::{ActionGroup, ActionSpec};
use crate::error::{ApiError, ram as codes};
use crate::state::{AccountScope, AccountState, Principal, User};

pub(crate) use ram::RamApi;
pub(crate) use ramkit_account::AccountApi;
pub(crate) use reply::Reply;

/// What the pipeline learned about a request, handed to the handler.
#[derive(Clone, Debug)]
pub(crate) struct ActionCtx {
    /// The request id, also in the response body.
    pub(crate) request_id: String,
    /// Who signed.
    pub(crate) principal: Principal,
    /// The signer's account: all the handler may touch.
    pub(crate) account: AccountScope,
}

impl ActionCtx {
    /// The mock clock's time, Unix seconds.
    pub(crate) fn now(&self) -> i64 {
        self.account.now()
    }

    /// The response of an action that returns only its request id.
    pub(crate) fn done(&self) -> Reply<EmptyResponse> {
        Reply(EmptyResponse {
            request_id: self.request_id.clone(),
        })
    }
}

/// The response of actions that return nothing but their request id.
#[model]
#[derive(Debug)]
pub(crate) struct EmptyResponse {
    /// The id of the request.
    pub(crate) request_id: String,
}

/// RAM's operations.
pub(crate) fn ram_api() -> RamApi {
    ram::api()
}

/// Every action, in document order.
pub(crate) fn catalogue() -> Vec<&'static ActionSpec> {
    ram::catalogue().chain(AccountApi::ACTIONS).collect()
}

/// Each action's operation as its own endpoint, by path.
pub(crate) fn endpoints() -> HashMap<String, BoxEndpoint<'static>> {
    let mut table: HashMap<String, HashMap<Method, BoxEndpoint<'static>>> = HashMap::new();
    (ram::api(), AccountApi).add_routes(&mut table);
    table
        .into_iter()
        .filter_map(|(path, mut methods)| methods.remove(&Method::POST).map(|ep| (path, ep)))
        .collect()
}

/// Partial update: a given value replaces, an absent one keeps.
pub(crate) fn set_if<T, V: Into<T>>(slot: &mut T, value: Option<V>) {
    if let Some(v) = value {
        *slot = v.into();
    }
}

/// The user with this name, or `EntityNotExist.User`.
pub(crate) fn user_mut<'a>(state: &'a mut AccountState, name: &str) -> Result<&'a mut User, ApiError> {
    state.users.get_mut(name).ok_or_else(|| codes::USER_NOT_FOUND.err())
}
