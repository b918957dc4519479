//! What the harness asks of the generator (one JSON value in an environment
//! variable) and what the generator answers (one JSON line on stdout).

use serde::{Deserialize, Serialize};

/// The environment variable that makes the bench binary a load generator.
pub const ROLE_VAR: &str = "RAMKIT_BENCH_ROLE";
/// Its value for the generator role.
pub const ROLE_GENERATOR: &str = "generator";
/// The environment variable holding the [`Spec`] as JSON.
pub const SPEC_VAR: &str = "RAMKIT_BENCH_SPEC";
/// The prefix of the generator's result line.
pub const RESULT_PREFIX: &str = "RAMKIT_BENCH_RESULT ";

/// How a request is signed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum Scheme {
    /// Alibaba Cloud V3 (`ACS3-HMAC-SHA256`): parameters in the query of an
    /// empty POST, protocol values in signed `x-acs-*` headers, as ramkit's
    /// SDK and the official V3 SDKs send RPC actions.
    Acs3,
    /// AWS SigV4 for IAM (service `iam`, region `us-east-1`): the query API
    /// as a form POST to `/` (`Action=…&Version=2010-05-08&…`).
    SigV4,
}

/// One load to generate.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Spec {
    /// `host:port` to connect to.
    pub addr: String,
    /// The request path (`/` for the mock and moto, the action's own path for
    /// the bare server).
    pub path: String,
    /// The signing scheme.
    pub scheme: Scheme,
    /// The action name.
    pub action: String,
    /// The API version (`2015-05-01` for RAM, `2010-05-08` for IAM).
    pub version: String,
    /// The action's parameters; `{n}` in a value becomes the request's
    /// sequence number, so that values may differ from request to request.
    pub params: Vec<(String, String)>,
    /// The AccessKey id that signs.
    pub key_id: String,
    /// Its secret.
    pub key_secret: String,
    /// Keep-alive connections, each with one request in flight.
    pub concurrency: usize,
    /// How long to send, in seconds (ignored when `requests` is set).
    pub secs: f64,
    /// Send exactly this many requests, one connection, then stop (set-up).
    pub requests: Option<u64>,
}

/// What one load gave.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Answered requests per second over the whole run.
    pub rps: f64,
    /// Answers with a 2xx status.
    pub ok: u64,
    /// Answers with another status.
    pub non_2xx: u64,
    /// The status and body of the first non-2xx answer.
    pub first_error: Option<String>,
    /// Connection or protocol failures (no answer read).
    pub io_errors: u64,
    /// The first of them.
    pub first_io_error: Option<String>,
    /// The size of the last 2xx body, in bytes.
    pub body_bytes: usize,
    /// The last 2xx body (only with `requests` set).
    pub last_body: Option<String>,
    /// CPU time the generator used per second of wall time (1.0 = one core
    /// saturated).
    pub cpu: f64,
}

impl Outcome {
    /// True when every request was answered 2xx.
    pub fn clean(&self) -> bool {
        self.non_2xx == 0 && self.io_errors == 0 && self.ok > 0
    }

    /// Why the run does not count, when it does not.
    pub fn problem(&self) -> Option<String> {
        if self.clean() {
            return None;
        }
        let mut why = format!(
            "{} answered 2xx, {} non-2xx, {} without an answer",
            self.ok, self.non_2xx, self.io_errors
        );
        if let Some(e) = &self.first_error {
            why.push_str(&format!("; first non-2xx: {e}"));
        }
        if let Some(e) = &self.first_io_error {
            why.push_str(&format!("; first I/O error: {e}"));
        }
        Some(why)
    }
}

/// CPU time used so far by the calling process's main thread, from
/// `/proc/self/schedstat` (nanoseconds on CPU); `None` where there is none.
pub fn main_thread_cpu() -> Option<std::time::Duration> {
    let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(ns))
}

/// An environment variable as a number, or `default`.
pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
