//! `ramkit-mock`: runs the mock server until Ctrl-C or SIGTERM.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ramkit_mock::MockServer;

/// A stateful mock of Alibaba Cloud's account-security API that verifies
/// real signatures (ACS3-HMAC-SHA256 and HMAC-SHA1 RPC).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "RAMKIT_BIND", default_value = "127.0.0.1:8765")]
    bind: SocketAddr,
    /// AccessKey id of the default account's root (generated when absent).
    #[arg(long, env = "RAMKIT_ACCESS_KEY_ID", requires = "access_key_secret")]
    access_key_id: Option<String>,
    /// AccessKey secret of the default account's root (generated when absent).
    #[arg(
        long,
        env = "RAMKIT_ACCESS_KEY_SECRET",
        hide_env_values = true,
        requires = "access_key_id"
    )]
    access_key_secret: Option<String>,
    /// Fixture (YAML or JSON) of accounts to create at start; ignored when
    /// --state-file names an existing file. Schema: README, "Control plane".
    #[arg(long, env = "RAMKIT_FIXTURE")]
    fixture: Option<PathBuf>,
    /// File the state is loaded from at start and written to (atomically)
    /// after changes and at shutdown.
    #[arg(long, env = "RAMKIT_STATE_FILE")]
    state_file: Option<PathBuf>,
    /// Log format on stderr. Filter with RUST_LOG (default `info`).
    #[arg(long, env = "RAMKIT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Human)]
    log_format: LogFormat,
}

/// How log lines look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// Lines for people.
    Human,
    /// One JSON object per line.
    Json,
}

fn main() -> ExitCode {
    // Build the contract's rules and the operations' router on the other
    // core while the runtime starts, the flags are read and the port is
    // bound: the first request would otherwise wait for them.
    let warm_up = std::thread::spawn(ramkit_mock::warm_up);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ramkit-mock: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(run());
    drop(warm_up);
    code
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Human => logs.init(),
        LogFormat::Json => logs.json().init(),
    }

    let mut builder = MockServer::builder().bind(cli.bind);
    if let (Some(id), Some(secret)) = (cli.access_key_id, cli.access_key_secret) {
        builder = builder.root_credentials(id, secret);
    }
    if let Some(path) = &cli.fixture {
        match std::fs::read_to_string(path) {
            Ok(text) => builder = builder.fixture(text),
            Err(e) => {
                eprintln!("ramkit-mock: cannot read the fixture {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if let Some(path) = cli.state_file {
        builder = builder.state_file(path);
    }
    let server = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ramkit-mock: cannot start on {}: {e}", cli.bind);
            return ExitCode::FAILURE;
        }
    };
    let creds = server.credentials();
    // Printed as shell assignments so that `eval` or a test harness can use
    // them; the secret is the mock's own, printed by design.
    let banner = format!(
        "ramkit-mock {} listening; docs at {}/docs\nRAMKIT_ENDPOINT={}\nALIBABA_CLOUD_ACCESS_KEY_ID={}\nALIBABA_CLOUD_ACCESS_KEY_SECRET={}\n",
        env!("CARGO_PKG_VERSION"),
        server.endpoint(),
        server.endpoint(),
        creds.access_key_id,
        creds.access_key_secret,
    );
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
    drop(out);

    shutdown_signal().await;
    tracing::info!("shutting down");
    server.shutdown().await;
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
