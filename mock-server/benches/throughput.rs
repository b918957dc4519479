//! Load benchmark: the mock's full pipeline (signature verification on)
//! against a bare poem-openapi handler that answers the same JSON, and the
//! binary's cold start to its first answered request.
//!
//! Run: `cargo bench -p ramkit-mock --bench throughput` (release build).
//! Options (env): `RAMKIT_BENCH_SECS` (default 5) per server,
//! `RAMKIT_BENCH_CONCURRENCY` (default 32), `RAMKIT_BENCH_STARTS` (default 20).
//! Requests are pre-signed before the clock starts, each with its own nonce,
//! so the load generator spends no time signing.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use poem::listener::{Acceptor, Listener, TcpListener};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, OpenApiService};
use ramkit_signing::v3;

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct Policy {
    minimum_password_length: u32,
    require_lowercase_characters: bool,
    require_uppercase_characters: bool,
    require_numbers: bool,
    require_symbols: bool,
    hard_expiry: bool,
    max_password_age: u32,
    password_reuse_prevention: u32,
    #[oai(rename = "MaxLoginAttemps")]
    max_login_attemps: u32,
}

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct Reply {
    request_id: String,
    password_policy: Policy,
}

struct Bare;

#[OpenApi]
impl Bare {
    /// The baseline: no parsing of signatures, no state, the same JSON.
    #[oai(path = "/ram/2015-05-01/GetPasswordPolicy", method = "post")]
    async fn get(&self) -> Json<Reply> {
        Json(Reply {
            request_id: uuid_like(),
            password_policy: Policy {
                minimum_password_length: 8,
                require_lowercase_characters: false,
                require_uppercase_characters: false,
                require_numbers: false,
                require_symbols: false,
                hard_expiry: false,
                max_password_age: 0,
                password_reuse_prevention: 0,
                max_login_attemps: 0,
            },
        })
    }
}

fn uuid_like() -> String {
    "45996C19-7970-46A1-8C9B-3C2B108FC52C".to_owned()
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[allow(clippy::disallowed_methods)] // the benchmark signs with the real time
fn now_date() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let t = time::OffsetDateTime::from_unix_timestamp(secs).expect("a valid time");
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .expect("formats")
}

/// A V3-signed GetPasswordPolicy: (headers) for one request.
fn signed_headers(host: &str, id: &str, secret: &str, nonce: &str, date: &str) -> Vec<(String, String)> {
    let mut headers = vec![
        ("host".to_owned(), host.to_owned()),
        ("x-acs-action".to_owned(), "GetPasswordPolicy".to_owned()),
        ("x-acs-content-sha256".to_owned(), v3::EMPTY_PAYLOAD_SHA256.to_owned()),
        ("x-acs-date".to_owned(), date.to_owned()),
        ("x-acs-signature-nonce".to_owned(), nonce.to_owned()),
        ("x-acs-version".to_owned(), "2015-05-01".to_owned()),
    ];
    let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let auth = v3::sign(
        &v3::SigningRequest {
            method: "POST",
            path: "/",
            query: &[],
            headers: &borrowed,
            body: b"",
        },
        id,
        secret,
    );
    headers.push(("authorization".to_owned(), auth));
    headers
}

/// Sends the prepared requests from `concurrency` tasks for `secs` seconds;
/// returns requests per second (only 200s count).
async fn load(url: String, requests: Vec<Vec<(String, String)>>, concurrency: usize, secs: u64) -> f64 {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("a client");
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let ok = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url, requests, next, ok) = (
            client.clone(),
            url.clone(),
            Arc::clone(&requests),
            Arc::clone(&next),
            Arc::clone(&ok),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(headers) = requests.get(i % requests.len().max(1)) else {
                    break;
                };
                let mut req = client.post(&url);
                for (k, v) in headers {
                    req = req.header(k, v);
                }
                if let Ok(resp) = req.send().await {
                    let good = resp.status().is_success();
                    let _ = resp.bytes().await;
                    if good {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    ok.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

fn cold_start(binary: &str) -> Option<Duration> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--access-key-id",
            "LTAI5tBenchColdStart00000",
            "--access-key-secret",
            "bench-secret",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take()?;
    let endpoint = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("RAMKIT_ENDPOINT=").map(str::to_owned))?;
    let host = endpoint.trim_start_matches("http://").to_owned();
    let headers = signed_headers(&host, "LTAI5tBenchColdStart00000", "bench-secret", "cold", &now_date());
    let mut stream = std::net::TcpStream::connect(&host).ok()?;
    use std::io::{Read, Write};
    let mut raw = String::from("POST / HTTP/1.1\r\ncontent-length: 0\r\nconnection: close\r\n");
    for (k, v) in &headers {
        raw.push_str(&format!("{k}: {v}\r\n"));
    }
    raw.push_str("\r\n");
    stream.write_all(raw.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let elapsed = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    response.starts_with("HTTP/1.1 200").then_some(elapsed)
}

fn main() {
    let secs = env_or("RAMKIT_BENCH_SECS", 5);
    let concurrency = env_or("RAMKIT_BENCH_CONCURRENCY", 32) as usize;
    let starts = env_or("RAMKIT_BENCH_STARTS", 20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    let (bare_rps, mock_rps) = rt.block_on(async {
        let bare = TcpListener::bind("127.0.0.1:0").into_acceptor().await.expect("bind");
        let bare_addr = bare.local_addr()[0].as_socket_addr().copied().expect("an address");
        let service = OpenApiService::new(Bare, "bare", "1");
        tokio::spawn(poem::Server::new_with_acceptor(bare).run(poem::Route::new().nest("/", service)));
        let bare_url = format!("http://{bare_addr}/ram/2015-05-01/GetPasswordPolicy");
        let bare_requests = vec![Vec::new(); 1];

        let mock = ramkit_mock::MockServer::start().await.expect("the mock starts");
        let creds = mock.credentials().clone();
        let host = mock.endpoint().trim_start_matches("http://").to_owned();
        let date = now_date();
        // More than can be sent in `secs`: nonces are never reused.
        let n = (secs as usize) * 40_000;
        let mock_requests: Vec<_> = (0..n)
            .map(|i| {
                signed_headers(
                    &host,
                    &creds.access_key_id,
                    &creds.access_key_secret,
                    &format!("bench-{i:08}"),
                    &date,
                )
            })
            .collect();

        // Warm both up, then measure.
        load(bare_url.clone(), bare_requests.clone(), concurrency, 1).await;
        let bare_rps = load(bare_url, bare_requests, concurrency, secs).await;
        let mock_rps = load(format!("{}/", mock.endpoint()), mock_requests, concurrency, secs).await;
        (bare_rps, mock_rps)
    });
    println!("throughput, {concurrency} connections, {secs} s each, client and server on this machine:");
    println!("  bare poem-openapi handler      {bare_rps:>10.0} req/s");
    println!("  ramkit-mock GetPasswordPolicy  {mock_rps:>10.0} req/s (V3 signature verified, nonce recorded)");
    println!(
        "  ratio                          {:>10.1} %",
        100.0 * mock_rps / bare_rps
    );

    let binary = env!("CARGO_BIN_EXE_ramkit-mock");
    let mut times: Vec<Duration> = (0..starts).filter_map(|_| cold_start(binary)).collect();
    times.sort();
    if times.is_empty() {
        println!("cold start: no successful start");
    } else {
        println!(
            "cold start to first answered request ({} starts): median {:.2} ms, max {:.2} ms",
            times.len(),
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
    }
}
