//! Load benchmark: the mock's full pipeline (signature verification on)
//! against a bare poem-openapi handler that answers the same JSON, and the
//! binary's cold start to its first answered request.
//!
//! Run: `cargo bench -p ramkit-mock --bench throughput` (release build;
//! needs `wrk` and `taskset`: `apt-get install wrk`).
//! Options (env): `RAMKIT_BENCH_SECS` (default 3) per server and round,
//! `RAMKIT_BENCH_ROUNDS` (default 5; the servers alternate, the median ratio is the result),
//! `RAMKIT_BENCH_CONCURRENCY` (default 32), `RAMKIT_BENCH_STARTS` (default 20).
//! Requests are pre-signed before the clock starts, each with its own nonce,
//! and both servers get the same request bytes; only the mock checks them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
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

/// The wrk script: sends the pre-signed requests of `file` in order, one
/// line each (`date<TAB>nonce<TAB>authorization`), to `path`.
const WRK_SCRIPT: &str = r#"
local lines = {}
local i = 0
local host, path
init = function(args)
  host, path = args[1], args[2]
  for line in io.lines(args[3]) do lines[#lines + 1] = line end
end
request = function()
  i = i + 1
  local date, nonce, auth = lines[i]:match("([^\t]*)\t([^\t]*)\t([^\t]*)")
  return wrk.format("POST", path, {
    ["host"] = host, ["x-acs-action"] = "GetPasswordPolicy", ["x-acs-version"] = "2015-05-01",
    ["x-acs-date"] = date, ["x-acs-signature-nonce"] = nonce,
    ["x-acs-content-sha256"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ["authorization"] = auth
  }, "")
end
"#;

/// Runs wrk on CPU 1 against `url` for `secs`; returns requests per second,
/// or why not (wrk missing, non-2xx answers).
fn wrk(
    host: &str,
    path: &str,
    lines: &std::path::Path,
    script: &std::path::Path,
    concurrency: usize,
    secs: u64,
) -> Result<f64, String> {
    let out = Command::new("taskset")
        .args([
            "-c",
            "1",
            "wrk",
            "-t1",
            &format!("-c{concurrency}"),
            &format!("-d{secs}s"),
            "-s",
        ])
        .arg(script)
        .arg(format!("http://{host}{path}"))
        .arg("--")
        .args([host, path])
        .arg(lines)
        .output()
        .map_err(|e| format!("cannot run wrk (apt-get install wrk): {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if let Some(line) = text.lines().find(|l| l.contains("Non-2xx")) {
        return Err(format!("wrk saw errors: {line}\n{text}"));
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:").and_then(|v| v.trim().parse().ok()))
        .ok_or_else(|| {
            format!(
                "no Requests/sec in wrk's output:\n{text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
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
    let secs = env_or("RAMKIT_BENCH_SECS", 3);
    // Rounds alternate the two servers, so that a host whose speed drifts
    // (a shared VM) slows both alike; the median ratio is the result.
    let rounds = env_or("RAMKIT_BENCH_ROUNDS", 5) as usize;
    let concurrency = env_or("RAMKIT_BENCH_CONCURRENCY", 32) as usize;
    let starts = env_or("RAMKIT_BENCH_STARTS", 20);
    // The servers run on CPU 0 (one tokio thread), wrk on CPU 1, so the
    // numbers are the server's, not the load generator's.
    let _ = Command::new("taskset")
        .args(["-a", "-p", "-c", "0", &std::process::id().to_string()])
        .output();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = std::env::temp_dir().join(format!("ramkit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let script = dir.join("signed.lua");
    std::fs::write(&script, WRK_SCRIPT).expect("write the wrk script");

    let (bare_host, mock) = rt.block_on(async {
        let bare = TcpListener::bind("127.0.0.1:0").into_acceptor().await.expect("bind");
        let bare_addr = bare.local_addr()[0].as_socket_addr().copied().expect("an address");
        let service = OpenApiService::new(Bare, "bare", "1");
        tokio::spawn(poem::Server::new_with_acceptor(bare).run(poem::Route::new().nest("/", service)));
        (
            bare_addr.to_string(),
            ramkit_mock::MockServer::start().await.expect("the mock starts"),
        )
    });
    let creds = mock.credentials().clone();
    let mock_host = mock.endpoint().trim_start_matches("http://").to_owned();
    let date = now_date();
    // More requests than wrk can send in `secs`: a nonce is never reused.
    let n = (secs as usize) * 60_000;
    let write_lines = |host: &str, name: &str| {
        let path = dir.join(name);
        let mut text = String::with_capacity(n * 330);
        for i in 0..n {
            let nonce = format!("bench-{name}-{i:010}");
            let headers = signed_headers(host, &creds.access_key_id, &creds.access_key_secret, &nonce, &date);
            text.push_str(&format!(
                "{date}\t{nonce}\t{}\n",
                headers.last().map(|h| h.1.as_str()).unwrap_or_default()
            ));
        }
        std::fs::write(&path, text).expect("write the requests");
        path
    };
    let bare_lines = write_lines(&bare_host, "bare.tsv");
    // A nonce is used once: each round of the mock gets its own requests.
    let mock_lines: Vec<_> = (0..rounds)
        .map(|r| write_lines(&mock_host, &format!("mock-{r}.tsv")))
        .collect();

    // The server runs on this thread's runtime while wrk, another process, loads it.
    let measure = |host: &str, path: &str, lines: &std::path::Path| {
        let (host, path, lines, script) = (host.to_owned(), path.to_owned(), lines.to_owned(), script.clone());
        rt.block_on(async move {
            tokio::task::spawn_blocking(move || wrk(&host, &path, &lines, &script, concurrency, secs))
                .await
                .expect("wrk ran")
        })
    };
    println!(
        "throughput: server on 1 core (CPU 0), wrk -t1 -c{concurrency} on CPU 1, {rounds} rounds of {secs} s each, \
         the two servers alternating, same signed requests to both:"
    );
    let mut ratios = Vec::new();
    for (round, lines) in mock_lines.iter().enumerate() {
        let bare = measure(&bare_host, "/ram/2015-05-01/GetPasswordPolicy", &bare_lines);
        let full = measure(&mock_host, "/", lines);
        match (bare, full) {
            (Ok(bare), Ok(full)) => {
                let ratio = 100.0 * full / bare;
                ratios.push(ratio);
                println!(
                    "  round {}: bare poem-openapi {bare:>7.0} req/s, ramkit-mock (V3 verified, nonce recorded) {full:>7.0} req/s, ratio {ratio:>5.1} %",
                    round + 1
                );
            }
            (bare, full) => println!(
                "  round {}: not measured: {:?} / {:?}",
                round + 1,
                bare.err(),
                full.err()
            ),
        }
    }
    ratios.sort_by(f64::total_cmp);
    if let Some(median) = ratios.get(ratios.len() / 2) {
        println!(
            "  median ratio {median:.1} % (min {:.1} %, max {:.1} %)",
            ratios[0],
            ratios[ratios.len() - 1]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);

    let in_process: Vec<Duration> = rt.block_on(async {
        let client = reqwest::Client::new();
        let mut times = Vec::new();
        for i in 0..starts {
            let started = Instant::now();
            let mock = ramkit_mock::MockServer::start().await.expect("the mock starts");
            let creds = mock.credentials().clone();
            let host = mock.endpoint().trim_start_matches("http://").to_owned();
            let headers = signed_headers(
                &host,
                &creds.access_key_id,
                &creds.access_key_secret,
                &format!("s{i}"),
                &now_date(),
            );
            let mut req = client.post(format!("{}/", mock.endpoint()));
            for (k, v) in &headers {
                req = req.header(k, v);
            }
            if req.send().await.is_ok_and(|r| r.status().is_success()) {
                times.push(started.elapsed());
            }
            mock.shutdown().await;
        }
        times
    });
    report("in-process MockServer::start() to first answered request", in_process);

    let binary = env!("CARGO_BIN_EXE_ramkit-mock");
    let times: Vec<Duration> = (0..starts).filter_map(|_| cold_start(binary)).collect();
    report("binary cold start (spawn to first answered request)", times);
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    if times.is_empty() {
        println!("{what}: no successful start");
        return;
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what} ({} starts): min {:.2} ms, median {:.2} ms, max {:.2} ms",
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}
