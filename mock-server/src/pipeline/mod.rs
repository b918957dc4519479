//! The pipeline every Alibaba-style request goes through, whether it
//! arrives at `/` in the canonical wire form or at a namespaced path. Its
//! stages, in the order they run, one module each:
//!
//! 1. [`normalize`]: query and form body merged; Action and Version found;
//!    what cannot be decoded refused.
//! 2. [`authenticate`]: who signed, and whether the signature, timestamp,
//!    nonce and STS token hold.
//! 3. [`resolve`]: the action and version to the contract's operation.
//! 4. [`validate`]: every parameter against the document's rules, once.
//! 5. [`authorize`]: whether the signer may call the action.
//! 6. [`faults`]: the control plane's injected faults (latency, errors).
//! 7. [`invoke`]: the typed operation, called directly, and the state
//!    change signalled for a write.
//!
//! Any stage may refuse; the refusal is rendered in the cloud's error JSON
//! and the request is logged either way.

mod authenticate;
mod authorize;
mod faults;
mod invoke;
mod normalize;
mod resolve;
mod validate;

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use compact_str::CompactString;
use poem::http::header::HOST;
use poem::http::{HeaderName, HeaderValue};
use poem::{Endpoint, Request, Response};

use crate::control::{Control, Entry, describe};
use crate::error::{ApiError, DEFAULT_HOST, gateway, render_for, write_request_id};
use crate::state::Store;

/// The header every answer carries its request id in.
const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-acs-request-id");

/// The largest request body accepted (the cloud's RPC requests are small).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Builds the operations' targets ahead of the first request.
pub(crate) fn warm_up() {
    resolve::warm_up();
}

/// The pipeline, as a poem endpoint.
pub(crate) struct Pipeline {
    store: Arc<Store>,
    control: Arc<Control>,
    operations: resolve::Operations,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").finish_non_exhaustive()
    }
}

/// What the pipeline learned about a request, for the request log.
#[derive(Default)]
struct Trace {
    /// The contract's name of the action, or the caller's for an unknown one.
    action: Option<Cow<'static, str>>,
    /// The resolved action's product, for the error's `Recommend` link.
    product: Option<&'static str>,
    account_id: Option<CompactString>,
    principal: Option<(&'static str, CompactString)>,
}

impl Pipeline {
    /// A pipeline over `control`'s state.
    pub(crate) fn new(control: Arc<Control>) -> Self {
        Self {
            store: Arc::clone(control.store()),
            control,
            operations: resolve::Operations::shared(),
        }
    }

    async fn handle(&self, mut req: Request) -> Response {
        let started = Instant::now();
        let time_ms = self.store.clock().now_ms();
        let mut trace = Trace::default();
        let id = uuid::Uuid::new_v4();
        let mut id_text = uuid::Uuid::encode_buffer();
        let request_id = write_request_id(id, &mut id_text);
        let outcome = match req.take_body().into_bytes_limit(MAX_BODY_BYTES).await {
            Ok(body) => self.run(&req, &body, request_id, &mut trace).await,
            Err(_) => Err(gateway::BODY_TOO_LARGE.err()),
        };
        let (resp, code) = match outcome {
            Ok(mut resp) => {
                if let Ok(v) = HeaderValue::from_str(request_id) {
                    resp.headers_mut().insert(REQUEST_ID_HEADER, v);
                }
                (resp, None)
            }
            Err(e) => {
                let host = req
                    .headers()
                    .get(HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or(DEFAULT_HOST);
                let resp = render_for(&e, request_id, host, trace.product.unwrap_or("Ram"));
                (resp, Some(e.code_text()))
            }
        };
        let entry = Entry {
            time_ms,
            request_id: id,
            action: trace.action,
            account_id: trace.account_id,
            principal: trace.principal,
            code,
            status: resp.status().as_u16(),
            latency_us: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        };
        tracing::debug!(
            request_id,
            action = entry.action.as_deref(),
            account_id = entry.account_id.as_deref(),
            code = entry.code.as_deref(),
            status = entry.status,
            latency_us = entry.latency_us,
            "request"
        );
        self.control.requests().record(entry);
        resp
    }

    /// The stages, in order.
    async fn run(&self, req: &Request, body: &[u8], request_id: &str, trace: &mut Trace) -> Result<Response, ApiError> {
        let wire = normalize::WireRequest::parse(req.method(), req.uri(), req.headers(), body)?;
        let key = authenticate::authenticate(&self.store, &wire)?;
        trace.account_id = Some(CompactString::new(key.account().id()));
        trace.principal = Some(describe(key.principal()));
        let (action, version) = wire.action_and_version()?;
        let target = self.operations.resolve(version, action).inspect_err(|_| {
            trace.action = Some(Cow::Owned(action.to_owned()));
        })?;
        trace.action = Some(Cow::Borrowed(target.operation.spec.action));
        trace.product = Some(target.operation.spec.product);
        let params = validate::validate(target.operation, &wire.params)?;
        authorize::authorize(&key, target.operation.spec, &params)?;
        faults::apply(&self.control, action, key.account().id()).await?;
        invoke::invoke(&self.store, target, params, &key, request_id).await
    }
}

impl Endpoint for Pipeline {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        Ok(self.handle(req).await)
    }
}
