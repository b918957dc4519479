//! The HTTP application and the embeddable server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use poem::endpoint::make_sync;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Html;
use poem::{Endpoint, EndpointExt, Response, Route};
use tokio::sync::oneshot;

use crate::control::{Control, persist};
use crate::error::{ApiError, DEFAULT_HOST, gateway, new_request_id, render};
use crate::pipeline::Pipeline;
use crate::service;
use crate::state::{Account, Credentials, Store};

/// The whole HTTP application over `store`: the Alibaba wire form at `/`,
/// the namespaced operation paths, the document (`/openapi.json`), Swagger UI
/// (`/docs`) and the control plane (`/_ramkit/…`).
pub fn app(store: Arc<Store>) -> impl Endpoint<Output = Response> + 'static {
    routes(Arc::new(Control::new(store)))
}

fn routes(control: Arc<Control>) -> impl Endpoint<Output = Response> + 'static {
    let pipeline = Arc::new(Pipeline::new(Arc::clone(&control)));
    Route::new()
        .at("/", Arc::clone(&pipeline))
        .at("/:product/:version/:action", pipeline)
        .at(
            "/openapi.json",
            make_sync(|_| {
                Response::builder()
                    .content_type("application/json")
                    .body(service::document_json())
            }),
        )
        .at("/docs", make_sync(|_| Html(service::swagger_ui_html())))
        .nest_no_strip(
            "/_ramkit",
            service::control_endpoint()
                .data(control)
                .catch_all_error(control_problem),
        )
        // Paths no route knows still answer in the cloud's format.
        .catch_error(|_: poem::error::NotFoundError| async move {
            render(&gateway::ACTION_NOT_FOUND.err(), &new_request_id(), DEFAULT_HOST)
        })
        .map_to_response()
}

/// A control-plane refusal in the cloud's error JSON (`RequestId`, `HostId`,
/// `Code`, `Message`, `Recommend`): an operation's [`ApiError`] as it is, or
/// what poem refused before an operation ran (an unknown path, a body that
/// does not parse) with poem's status and `InvalidRequest` or `NotFound`.
/// Responses the operations made themselves pass through.
async fn control_problem(err: poem::Error) -> Response {
    if let Some(api) = err.downcast_ref::<ApiError>() {
        return render(api, &new_request_id(), DEFAULT_HOST);
    }
    if !err.has_source() {
        // A response an operation made itself.
        return err.into_response();
    }
    let status = err.status();
    let code = if status == poem::http::StatusCode::NOT_FOUND {
        "NotFound"
    } else {
        "InvalidRequest"
    };
    let error = ApiError::new(status.as_u16(), code, err.to_string());
    render(&error, &new_request_id(), DEFAULT_HOST)
}

/// How to start a [`MockServer`].
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    bind: SocketAddr,
    root_key: Option<(String, String)>,
    fixture: Option<String>,
    state_file: Option<PathBuf>,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            root_key: None,
            fixture: None,
            state_file: None,
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

    /// A fixture (YAML or JSON text, schema in the README) to load at start,
    /// after the default account. Ignored when a state file is loaded: the
    /// state file already holds what the fixture created the first time.
    pub fn fixture(mut self, text: impl Into<String>) -> Self {
        self.fixture = Some(text.into());
        self
    }

    /// A file the state is loaded from at start (when it exists) and
    /// written to, atomically, after changes and at shutdown.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// The state to start with: the state file's, or a new default account
    /// and the fixture.
    fn initial_state(&self, control: &Control) -> std::io::Result<(Arc<Account>, Credentials)> {
        let store = control.store();
        let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        let loaded = match &self.state_file {
            Some(path) => {
                persist::remove_leftovers(path);
                persist::load(path).map_err(|e| invalid(e.to_string()))?
            }
            None => None,
        };
        let loaded = match loaded {
            Some(snapshot) => {
                store.import(snapshot).map_err(|e| invalid(e.to_string()))?;
                true
            }
            None => false,
        };
        // The default key: the one asked for, else the state file's, if present.
        let wanted = self
            .root_key
            .as_ref()
            .map(|(id, _)| id.clone())
            .or_else(|| store.default_key());
        let existing = wanted.and_then(|id| store.access_key(&id).map(|k| (id, k)));
        let (account, credentials) = match existing {
            Some((id, key)) => (
                Arc::clone(key.account()),
                Credentials {
                    access_key_id: id,
                    access_key_secret: key.secret().to_owned(),
                    security_token: None,
                },
            ),
            None => store.create_account(self.root_key.clone()),
        };
        store.set_default_key(Some(credentials.access_key_id.clone()));
        if let (Some(text), false) = (&self.fixture, loaded) {
            control
                .load_fixture(text)
                .map_err(|e| invalid(format!("the fixture is refused: {e}")))?;
        }
        control.record_baseline();
        Ok((account, credentials))
    }

    /// Binds and starts serving on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let store = Arc::new(Store::default());
        let control = Arc::new(Control::new(Arc::clone(&store)));
        let (account, credentials) = self.initial_state(&control)?;
        let writer = match &self.state_file {
            Some(path) => {
                store.watch_changes();
                persist::write_now(&store, path).await.map_err(|e| {
                    std::io::Error::new(e.kind(), format!("cannot write the state file {}: {e}", path.display()))
                })?;
                let (stop, stopped) = oneshot::channel::<()>();
                let task = tokio::spawn(persist::run_writer(Arc::clone(&store), path.clone(), stopped));
                Some((stop, task))
            }
            None => None,
        };
        let acceptor = TcpListener::bind(self.bind).into_acceptor().await?;
        let addr = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .ok_or_else(|| std::io::Error::other("the listener has no socket address"))?;
        let (tx, rx) = oneshot::channel::<()>();
        let server = poem::Server::new_with_acceptor(acceptor);
        let app = routes(Arc::clone(&control));
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
            control,
            account,
            shutdown: Some(tx),
            task: Some(task),
            writer,
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
    control: Arc<Control>,
    account: Arc<Account>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    writer: Option<(oneshot::Sender<()>, tokio::task::JoinHandle<()>)>,
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

    /// The control plane (the in-process face's façade).
    pub(crate) fn control(&self) -> &Control {
        &self.control
    }

    /// Stops accepting, lets in-flight requests finish, writes the state
    /// file (if any) a last time, and waits.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some((stop, task)) = self.writer.take() {
            let _ = stop.send(());
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((stop, _)) = self.writer.take() {
            let _ = stop.send(());
        }
    }
}
