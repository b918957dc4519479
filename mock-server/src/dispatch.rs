//! The pipeline every Alibaba-style request goes through, whether it arrives
//! at `/` in the canonical wire form or at a namespaced path:
//! normalize → authenticate → resolve the action → authorize → validate →
//! the typed poem-openapi operation → the cloud's JSON.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use poem::http::header::{CONTENT_TYPE, HOST};
use poem::http::{HeaderValue, Method, StatusCode, Uri};
use poem::{Body, Endpoint, IntoEndpoint, Request, Response};
use ramkit_signing::percent;

use crate::api::{self, RequestCtx};
use crate::catalog;
use crate::error::{ApiError, gateway};
use crate::normalize::WireRequest;
use crate::plane::RequestRecord;
use crate::plane::requests::describe;
use crate::spec::{self, Contract};
use crate::state::Store;
use crate::{auth, authorize};

/// The largest request body accepted (the cloud's RPC requests are small).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The host named in errors when the request names none.
pub(crate) const DEFAULT_HOST: &str = "ram.aliyuncs.com";

/// The pipeline, as a poem endpoint.
pub struct Pipeline {
    store: Arc<Store>,
    operations: Arc<poem::endpoint::BoxEndpoint<'static>>,
    contract: &'static Contract,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").finish_non_exhaustive()
    }
}

impl Pipeline {
    /// A pipeline over the given state.
    pub fn new(store: Arc<Store>) -> Self {
        Self {
            store,
            operations: operations(),
            contract: spec::contract(),
        }
    }

    async fn handle(&self, mut req: Request) -> Response {
        let started = Instant::now();
        let time_ms = self.store.clock().now_ms();
        let mut trace = Trace::default();
        let request_id = new_request_id();
        let host = req
            .headers()
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or(DEFAULT_HOST)
            .to_owned();
        let outcome = match req.take_body().into_bytes_limit(MAX_BODY_BYTES).await {
            Ok(body) => self.run(req, body.to_vec(), &request_id, &mut trace).await,
            Err(_) => Err(gateway::BODY_TOO_LARGE.err()),
        };
        let (resp, code) = match outcome {
            Ok(mut resp) => {
                if let Ok(v) = HeaderValue::from_str(&request_id) {
                    resp.headers_mut().insert("x-acs-request-id", v);
                }
                (resp, None)
            }
            Err(e) => (
                render_for(&e, &request_id, &host, trace.product.unwrap_or("Ram")),
                Some(e.code().to_owned()),
            ),
        };
        let record = RequestRecord {
            time_ms,
            request_id,
            action: trace.action,
            account_id: trace.account_id,
            principal_kind: trace.principal.as_ref().map(|(kind, _)| (*kind).to_owned()),
            principal_name: trace.principal.map(|(_, name)| name),
            code,
            status: resp.status().as_u16(),
            latency_us: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        };
        tracing::debug!(
            request_id = %record.request_id,
            action = record.action.as_deref(),
            account_id = record.account_id.as_deref(),
            code = record.code.as_deref(),
            status = record.status,
            latency_us = record.latency_us,
            "request"
        );
        self.store.plane().requests().record(record);
        resp
    }

    async fn run(
        &self,
        req: Request,
        body: Vec<u8>,
        request_id: &str,
        trace: &mut Trace,
    ) -> Result<Response, ApiError> {
        let (parts, _) = req.into_parts();
        let wire = WireRequest::parse(
            parts.method,
            parts.uri.path(),
            parts.uri.query().unwrap_or(""),
            parts.headers,
            body,
        )?;
        let key = auth::authenticate(&self.store, &wire)?;
        trace.account_id = Some(key.account().id().to_owned());
        trace.principal = Some(describe(key.principal()));
        let (action, version) = wire.action_and_version()?;
        trace.action = Some(action.to_owned());
        let operation = self.contract.operation(version, action).ok_or_else(|| {
            if catalog::known_version(version) {
                gateway::ACTION_NOT_FOUND.err()
            } else {
                gateway::INVALID_VERSION.err()
            }
        })?;
        trace.product = Some(operation.spec.product);
        let params = operation.validate(&wire.params)?;
        authorize::authorize(&key, operation.spec, &params)?;
        // Injected faults (control plane), per action and account.
        let fault = self.store.plane().faults().check(action, key.account().id());
        if !fault.delay.is_zero() {
            tokio::time::sleep(fault.delay).await;
        }
        if let Some(e) = fault.error {
            return Err(e);
        }

        let mut uri = operation.path.clone();
        for (i, (name, value)) in params.iter().enumerate() {
            uri.push(if i == 0 { '?' } else { '&' });
            uri.push_str(name);
            uri.push('=');
            uri.push_str(&percent::encode(value));
        }
        let ctx = RequestCtx {
            request_id: request_id.to_owned(),
            account: Arc::clone(key.account()),
            principal: key.principal().clone(),
            store: Arc::clone(&self.store),
        };
        let inner = Request::builder()
            .method(Method::POST)
            .uri(uri.parse::<Uri>().map_err(|_| gateway::MALFORMED_REQUEST.err())?)
            .extension(ctx)
            .finish();
        match self.operations.call(inner).await {
            Ok(resp) => {
                if !operation.spec.read_only {
                    self.store.plane().changed();
                }
                Ok(resp)
            }
            Err(e) => Err(e.downcast_ref::<ApiError>().cloned().unwrap_or_else(|| {
                // Validation above makes this unreachable for documented
                // parameters; keep the cloud's format if it ever happens.
                tracing::warn!(error = %e, "operation refused a validated request");
                gateway::MALFORMED_REQUEST.with_message(e.to_string())
            })),
        }
    }
}

impl Endpoint for Pipeline {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        Ok(self.handle(req).await)
    }
}

/// The typed operations as one endpoint, built once per process: routing
/// every operation takes about a millisecond to build, and the endpoint
/// holds nothing of one server's own (state comes with each request).
pub(crate) fn operations() -> Arc<poem::endpoint::BoxEndpoint<'static>> {
    static OPERATIONS: OnceLock<Arc<poem::endpoint::BoxEndpoint<'static>>> = OnceLock::new();
    Arc::clone(OPERATIONS.get_or_init(|| Arc::new(api::service().into_endpoint())))
}

/// What the pipeline learned about a request, for the request log.
#[derive(Default)]
struct Trace {
    action: Option<String>,
    /// The resolved action's product, for the error's `Recommend` link.
    product: Option<&'static str>,
    account_id: Option<String>,
    principal: Option<(&'static str, String)>,
}

/// The cloud's error response: JSON body, HTTP status, request id header;
/// `Recommend` names RAM (before an action is known, and for the control plane).
pub fn render(err: &ApiError, request_id: &str, host: &str) -> Response {
    render_for(err, request_id, host, "Ram")
}

/// The cloud's error response for an action of `product`.
pub fn render_for(err: &ApiError, request_id: &str, host: &str, product: &str) -> Response {
    let body = err.body(request_id, host, product);
    let json = serde_json::to_vec(&body).unwrap_or_default();
    Response::builder()
        .status(StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(CONTENT_TYPE, "application/json;charset=utf-8")
        .header("x-acs-request-id", request_id)
        .body(Body::from(json))
}

/// A request id as the cloud writes them: an upper-case UUID.
pub(crate) fn new_request_id() -> String {
    let mut buf = uuid::Uuid::encode_buffer();
    uuid::Uuid::new_v4().hyphenated().encode_upper(&mut buf).to_owned()
}
