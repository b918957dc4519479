//! The HTTP application and the embeddable server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use poem::endpoint::make_sync;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Html;
use poem::{Endpoint, EndpointExt, IntoEndpoint, Response, Route};
use tokio::sync::oneshot;

use crate::dispatch::{self, Pipeline};
use crate::error::gateway;
use crate::spec;
use crate::state::{Account, Credentials, SentCode, Store};

/// The whole HTTP application over `store`: the Alibaba wire form at `/`,
/// the namespaced operation paths, the document (`/openapi.json`), Swagger UI
/// (`/docs`) and the control plane (`/_ramkit/…`).
pub fn app(store: Arc<Store>) -> impl Endpoint<Output = Response> + 'static {
    let pipeline = Arc::new(Pipeline::new(Arc::clone(&store)));
    let contract = spec::contract();
    Route::new()
        .at("/", Arc::clone(&pipeline))
        .at("/:product/:version/:action", pipeline)
        .at(
            "/openapi.json",
            make_sync(move |_| {
                Response::builder()
                    .content_type("application/json")
                    .body(contract.json())
            }),
        )
        .at("/docs", make_sync(move |_| Html(contract.swagger_ui_html())))
        .nest_no_strip(
            "/_ramkit",
            crate::api::service()
                .into_endpoint()
                .data(store)
                .catch_all_error(control_error),
        )
        // Paths no route knows still answer in the cloud's format.
        .catch_error(|_: poem::error::NotFoundError| async move {
            dispatch::render(
                &gateway::ACTION_NOT_FOUND.err(),
                &dispatch::new_request_id(),
                dispatch::DEFAULT_HOST,
            )
        })
        .map_to_response()
}

/// The control plane's refusals in the cloud's JSON, whatever refused.
async fn control_error(e: poem::Error) -> Response {
    let error = match e.downcast_ref::<crate::error::ApiError>() {
        Some(api) => api.clone(),
        None if e.status() == poem::http::StatusCode::NOT_FOUND => gateway::ACTION_NOT_FOUND.err(),
        None => crate::error::console::MALFORMED_BODY.with_message(e.to_string()),
    };
    dispatch::render(&error, &dispatch::new_request_id(), dispatch::DEFAULT_HOST)
}

/// How to start a [`MockServer`].
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    bind: SocketAddr,
    root_key: Option<(String, String)>,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            root_key: None,
        }
    }
}

impl MockServerBuilder {
    /// The address to listen on; port 0 picks a free port (the default is
    /// `127.0.0.1:0`).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// The default account's root AccessKey (generated when not given).
    pub fn root_credentials(mut self, access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        self.root_key = Some((access_key_id.into(), access_key_secret.into()));
        self
    }

    /// Binds and starts serving on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let store = Arc::new(Store::default());
        let (account, credentials) = store.create_account(self.root_key);
        let acceptor = TcpListener::bind(self.bind).into_acceptor().await?;
        let addr = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .ok_or_else(|| std::io::Error::other("the listener has no socket address"))?;
        let (tx, rx) = oneshot::channel::<()>();
        let server = poem::Server::new_with_acceptor(acceptor);
        let app = app(Arc::clone(&store));
        let task = tokio::spawn(async move {
            let signal = async {
                let _ = rx.await;
            };
            if let Err(e) = server
                .run_with_graceful_shutdown(app, signal, Some(Duration::from_secs(5)))
                .await
            {
                tracing::error!(error = %e, "mock server stopped");
            }
        });
        Ok(MockServer {
            addr,
            endpoint: format!("http://{addr}"),
            credentials,
            store,
            account,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// A running mock server; it stops when dropped or shut down.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    endpoint: String,
    credentials: Credentials,
    store: Arc<Store>,
    account: Arc<Account>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server on a free loopback port with a fresh default account.
    pub async fn start() -> std::io::Result<Self> {
        Self::builder().start().await
    }

    /// Options for starting a server.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The base URL, e.g. `http://127.0.0.1:41973`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The default account's root AccessKey.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The server's state, for tests that set up or inspect it directly.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// The default account.
    pub fn account(&self) -> &Arc<Account> {
        &self.account
    }

    /// The verification codes sent to `address` (email any case, or
    /// mobile), newest first, as `GET /_ramkit/outbox` lists them.
    pub fn outbox(&self, address: &str) -> Vec<SentCode> {
        self.store.outbox().to_address(address)
    }

    /// The newest code sent to `address`, if any.
    pub fn latest_code(&self, address: &str) -> Option<String> {
        self.outbox(address).into_iter().next().map(|m| m.code)
    }

    /// Stops accepting, lets in-flight requests finish, and waits.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
