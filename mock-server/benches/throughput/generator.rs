//! The load generator role: one tokio current-thread runtime, `concurrency`
//! keep-alive HTTP/1.1 connections on raw `TcpStream`s, one request in
//! flight on each, every request signed when it is sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ramkit_signing::v3;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::http::Conn;
use crate::sigv4;
use crate::spec::{Outcome, RESULT_PREFIX, SPEC_VAR, Scheme, Spec, main_thread_cpu};

/// Runs the generator role: reads the spec, loads, prints the result line.
pub fn run() -> i32 {
    let spec: Spec = match std::env::var(SPEC_VAR)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("generator: no valid {SPEC_VAR}: {e}");
            return 2;
        }
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let outcome = rt.block_on(load(spec));
    println!(
        "{RESULT_PREFIX}{}",
        serde_json::to_string(&outcome).expect("an outcome serializes")
    );
    0
}

/// What every connection shares: the spec and the request counter.
struct Shared {
    spec: Spec,
    /// Random per run, so that nonces never repeat across runs.
    nonce_prefix: String,
    next: AtomicU64,
    limit: Option<u64>,
}

/// What one connection counted.
#[derive(Default)]
struct Tally {
    ok: u64,
    non_2xx: u64,
    first_error: Option<String>,
    io_errors: u64,
    first_io_error: Option<String>,
    body_bytes: usize,
    last_body: Option<String>,
}

async fn load(spec: Spec) -> Outcome {
    let conns = if spec.requests.is_some() {
        1
    } else {
        spec.concurrency.max(1)
    };
    let secs = spec.secs;
    let shared = Arc::new(Shared {
        nonce_prefix: format!("{:016x}", rand::random::<u64>()),
        next: AtomicU64::new(0),
        limit: spec.requests,
        spec,
    });
    let mut streams = Vec::with_capacity(conns);
    for _ in 0..conns {
        match connect(&shared.spec.addr).await {
            Ok(s) => streams.push(s),
            Err(e) => {
                return Outcome {
                    io_errors: 1,
                    first_io_error: Some(format!("connect {}: {e}", shared.spec.addr)),
                    ..Outcome::default()
                };
            }
        }
    }
    let cpu_before = main_thread_cpu();
    let started = Instant::now();
    let deadline = if shared.limit.is_some() {
        started + Duration::from_secs(3600)
    } else {
        started + Duration::from_secs_f64(secs)
    };
    let tasks: Vec<_> = streams
        .into_iter()
        .map(|stream| tokio::spawn(drive(stream, shared.clone(), deadline)))
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        let t = task.await.unwrap_or_else(|e| Tally {
            io_errors: 1,
            first_io_error: Some(format!("a connection task failed: {e}")),
            ..Tally::default()
        });
        total.ok += t.ok;
        total.non_2xx += t.non_2xx;
        total.io_errors += t.io_errors;
        total.first_error = total.first_error.or(t.first_error);
        total.first_io_error = total.first_io_error.or(t.first_io_error);
        total.body_bytes = total.body_bytes.max(t.body_bytes);
        total.last_body = total.last_body.or(t.last_body);
    }
    let wall = started.elapsed();
    let cpu = match (cpu_before, main_thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a).as_secs_f64() / wall.as_secs_f64(),
        _ => f64::NAN,
    };
    Outcome {
        rps: (total.ok + total.non_2xx) as f64 / wall.as_secs_f64(),
        ok: total.ok,
        non_2xx: total.non_2xx,
        first_error: total.first_error,
        io_errors: total.io_errors,
        first_io_error: total.first_io_error,
        body_bytes: total.body_bytes,
        last_body: total.last_body,
        cpu,
    }
}

async fn connect(addr: &str) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// One connection: sign, send, read the answer, until the deadline.
async fn drive(stream: TcpStream, shared: Arc<Shared>, deadline: Instant) -> Tally {
    let mut conn = Conn::new(stream);
    let mut clock = DateCache::default();
    let mut request = Vec::with_capacity(2048);
    let mut tally = Tally::default();
    while Instant::now() < deadline {
        let n = shared.next.fetch_add(1, Ordering::Relaxed);
        if shared.limit.is_some_and(|limit| n >= limit) {
            break;
        }
        request.clear();
        build_request(&shared, n, &mut clock, &mut request);
        let answer = match conn.stream.write_all(&request).await {
            Ok(()) => conn.read_response().await,
            Err(e) => Err(e),
        };
        match answer {
            Ok(response) => {
                let body = &conn.buf[response.body.clone()];
                if (200..300).contains(&response.status) {
                    tally.ok += 1;
                    tally.body_bytes = body.len();
                    if shared.limit.is_some() {
                        tally.last_body = Some(String::from_utf8_lossy(body).into_owned());
                    }
                } else {
                    tally.non_2xx += 1;
                    if tally.first_error.is_none() {
                        tally.first_error =
                            Some(format!("HTTP {}: {}", response.status, String::from_utf8_lossy(body)));
                    }
                }
                conn.consume(response.body.end);
                if response.close {
                    match connect(&shared.spec.addr).await {
                        Ok(s) => conn = Conn::new(s),
                        Err(e) => return io_failure(tally, format!("reconnect: {e}")),
                    }
                }
            }
            Err(e) => {
                tally = io_failure(tally, e.to_string());
                match connect(&shared.spec.addr).await {
                    Ok(s) => conn = Conn::new(s),
                    Err(e) => return io_failure(tally, format!("reconnect: {e}")),
                }
            }
        }
    }
    tally
}

fn io_failure(mut tally: Tally, why: String) -> Tally {
    tally.io_errors += 1;
    tally.first_io_error.get_or_insert(why);
    tally
}

/// The current time, formatted once per second (the clock is read for every
/// request; the text is rebuilt only when the second changes).
#[derive(Default)]
struct DateCache {
    secs: i64,
    acs: String,
    amz: String,
}

impl DateCache {
    #[allow(clippy::disallowed_methods)] // the generator signs with the real time, as a client does
    fn refresh(&mut self) {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0) as i64;
        if secs == self.secs && !self.acs.is_empty() {
            return;
        }
        let t = time::OffsetDateTime::from_unix_timestamp(secs).expect("a valid time");
        self.secs = secs;
        self.acs = t
            .format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .expect("formats");
        self.amz = t
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .expect("formats");
    }
}

/// Writes request number `n`, freshly signed, into `out`.
fn build_request(shared: &Shared, n: u64, clock: &mut DateCache, out: &mut Vec<u8>) {
    use std::io::Write;
    let spec = &shared.spec;
    let values: Vec<String> = spec
        .params
        .iter()
        .map(|(_, v)| v.replace("{n}", &n.to_string()))
        .collect();
    let mut pairs: Vec<(&str, &str)> = spec
        .params
        .iter()
        .zip(&values)
        .map(|((k, _), v)| (k.as_str(), v.as_str()))
        .collect();
    clock.refresh();
    let host = spec.addr.as_str();
    match spec.scheme {
        Scheme::Acs3 => {
            let nonce = format!("{}{n:08x}", shared.nonce_prefix);
            let body: &[u8] = b"";
            let content_sha = v3::hashed_payload(body);
            let headers = [
                ("host", host),
                ("x-acs-action", spec.action.as_str()),
                ("x-acs-content-sha256", content_sha.as_str()),
                ("x-acs-date", clock.acs.as_str()),
                ("x-acs-signature-nonce", nonce.as_str()),
                ("x-acs-version", spec.version.as_str()),
            ];
            let authorization = v3::sign(
                &v3::SigningRequest {
                    method: "POST",
                    path: &spec.path,
                    query: &pairs,
                    headers: &headers,
                    body,
                },
                &spec.key_id,
                &spec.key_secret,
            );
            let query = v3::canonical_query(&pairs);
            let sep = if query.is_empty() { "" } else { "?" };
            let _ = write!(out, "POST {}{sep}{query} HTTP/1.1\r\n", spec.path);
            for (name, value) in headers {
                let _ = write!(out, "{name}: {value}\r\n");
            }
            let _ = write!(
                out,
                "authorization: {authorization}\r\naccept: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            out.extend_from_slice(body);
        }
        Scheme::SigV4 => {
            pairs.push(("Action", &spec.action));
            pairs.push(("Version", &spec.version));
            let body = v3::canonical_query(&pairs);
            let signed = sigv4::sign(&sigv4::Request {
                path: &spec.path,
                host,
                amz_date: &clock.amz,
                content_type: sigv4::FORM,
                body: body.as_bytes(),
                key_id: &spec.key_id,
                secret: &spec.key_secret,
            });
            let _ = write!(
                out,
                "POST {} HTTP/1.1\r\nhost: {host}\r\ncontent-type: {}\r\nx-amz-date: {}\r\n\
                 authorization: {signed}\r\ncontent-length: {}\r\n\r\n{body}",
                spec.path,
                sigv4::FORM,
                clock.amz,
                body.len()
            );
        }
    }
}
