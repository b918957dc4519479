//! Cold start: `MockServer::start()` in process, and the binary spawned,
//! each to its first answered signed request.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ramkit_signing::v3;

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

/// A V3-signed GetPasswordPolicy: its headers.
fn signed_headers(host: &str, id: &str, secret: &str, nonce: &str) -> Vec<(String, String)> {
    let mut headers = vec![
        ("host".to_owned(), host.to_owned()),
        ("x-acs-action".to_owned(), "GetPasswordPolicy".to_owned()),
        ("x-acs-content-sha256".to_owned(), v3::EMPTY_PAYLOAD_SHA256.to_owned()),
        ("x-acs-date".to_owned(), now_date()),
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

/// Spawns the binary, reads its endpoint line, sends one signed request.
fn binary_start(binary: &str) -> Option<Duration> {
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
    let headers = signed_headers(&host, "LTAI5tBenchColdStart00000", "bench-secret", "cold");
    let mut stream = std::net::TcpStream::connect(&host).ok()?;
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

/// Both measurements, `starts` times each, printed.
pub fn run(rt: &tokio::runtime::Runtime, starts: u64) {
    let in_process: Vec<Duration> = rt.block_on(async {
        let client = reqwest::Client::new();
        let mut times = Vec::new();
        for i in 0..starts {
            let started = Instant::now();
            let mock = ramkit_mock::MockServer::start().await.expect("the mock starts");
            let creds = mock.credentials().clone();
            let host = mock.endpoint().trim_start_matches("http://").to_owned();
            let headers = signed_headers(&host, &creds.access_key_id, &creds.access_key_secret, &format!("s{i}"));
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
    let times: Vec<Duration> = (0..starts).filter_map(|_| binary_start(binary)).collect();
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
