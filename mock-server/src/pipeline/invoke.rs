//! Stage 7: the typed operation, called directly through its own endpoint
//! (no router: the action is resolved already) with the validated
//! parameters handed over as they are (no query string written and parsed
//! again), and an [`ActionCtx`] scoped to the signer's account. A write that
//! succeeded signals the change (the state file's writer listens).
//!
//! A refusal the operation answers must be one its declaration lists: in
//! debug builds (every test) an undeclared code answers `InternalError`
//! naming it, so the document's `x-acs-errors` cannot silently fall behind
//! what the handlers really return.

use std::sync::Arc;

use poem::http::Method;
use poem::{Endpoint, Request, Response};
use poem_openapi::__private::UrlQuery;

use super::resolve::Target;
use super::validate::Checked;
use crate::actions::ActionCtx;
use crate::error::{ApiError, gateway};
use crate::state::{AccessKey, AccountScope, Store};

/// Runs the operation of `target` with `params`, signed by `key`.
pub(super) async fn invoke(
    store: &Arc<Store>,
    target: &Target,
    params: Checked,
    key: &AccessKey,
    request_id: &str,
) -> Result<Response, ApiError> {
    let ctx = ActionCtx {
        request_id: request_id.to_owned(),
        principal: key.principal().clone(),
        account: AccountScope::new(Arc::clone(store), Arc::clone(key.account())),
    };
    let mut inner = Request::builder().method(Method::POST).finish();
    inner.extensions_mut().insert(UrlQuery(params));
    inner.extensions_mut().insert(ctx);
    match target.endpoint.call(inner).await {
        Ok(resp) => {
            if !target.operation.spec.read_only {
                store.changed();
            }
            Ok(resp)
        }
        Err(e) => Err(match e.downcast_ref::<ApiError>() {
            Some(api) => declared(target, api.clone()),
            None => {
                // Validation makes this unreachable for documented
                // parameters; keep the cloud's format if it ever happens.
                tracing::warn!(error = %e, "operation refused a validated request");
                gateway::MALFORMED_REQUEST.with_message(e.to_string())
            }
        }),
    }
}

/// `error` as it is when the action declares its code; in debug builds an
/// `InternalError` naming the undeclared code otherwise.
fn declared(target: &Target, error: ApiError) -> ApiError {
    let spec = target.operation.spec;
    if cfg!(debug_assertions) && !spec.may_return(error.code(), &target.operation.params) {
        tracing::error!(action = spec.action, code = error.code(), "undeclared error code");
        return gateway::INTERNAL_ERROR.with_message(format!(
            "{} answered {}, a code its #[action] declaration does not list",
            spec.action,
            error.code()
        ));
    }
    error
}

#[cfg(test)]
mod tests {
    use poem::EndpointExt;

    use super::*;
    use crate::contract::{GET_USER, Operation};
    use crate::error::ram;

    fn answering(code: crate::error::ErrorCode) -> Target {
        let operation: &'static Operation = Box::leak(Box::new(Operation {
            spec: &GET_USER,
            path: GET_USER.path(),
            params: Vec::new(),
        }));
        let endpoint = poem::endpoint::make(move |_| async move { Err::<Response, _>(poem::Error::from(code.err())) });
        Target {
            operation,
            endpoint: endpoint.map_to_response().boxed(),
        }
    }

    fn root_key(store: &Arc<Store>) -> Arc<AccessKey> {
        let (_, creds) = store.create_account(None);
        store.access_key(&creds.access_key_id).expect("the root key")
    }

    #[tokio::test]
    async fn a_declared_code_reaches_the_caller_as_it_is() {
        let store = Arc::new(Store::default());
        let key = root_key(&store);
        let err = invoke(&store, &answering(ram::USER_NOT_FOUND), Vec::new(), &key, "R")
            .await
            .expect_err("refused");
        assert_eq!(err.code(), "EntityNotExist.User");
    }

    #[tokio::test]
    async fn an_undeclared_code_is_an_internal_error_naming_it_in_debug_builds() {
        let store = Arc::new(Store::default());
        let key = root_key(&store);
        let err = invoke(&store, &answering(ram::USER_EXISTS), Vec::new(), &key, "R")
            .await
            .expect_err("refused");
        if cfg!(debug_assertions) {
            assert_eq!(err.code(), "InternalError");
            assert!(err.message().contains("EntityAlreadyExists.User"), "{}", err.message());
        } else {
            assert_eq!(err.code(), "EntityAlreadyExists.User");
        }
    }
}
