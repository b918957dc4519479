//! The `ramkit-mock` binary: the state file across restarts and `kill -9`,
//! graceful shutdown, flags and logs.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use ramkit_mock::state::Snapshot;
use ramkit_signing::v3;

const ROOT_ID: &str = "LTAI5tPersistRoot000001";
const ROOT_SECRET: &str = "persist-root-secret-000000001";

/// A running binary; killed when dropped.
struct Mock {
    child: Child,
    endpoint: String,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ramkit-mock"));
    cmd.args([
        "--bind",
        "127.0.0.1:0",
        "--access-key-id",
        ROOT_ID,
        "--access-key-secret",
        ROOT_SECRET,
    ])
    .args(args)
    .env("NO_COLOR", "1")
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    cmd
}

fn lines_of(stream: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn start(args: &[&str]) -> Mock {
    let mut child = command(args).spawn().expect("the binary starts");
    let stdout = lines_of(child.stdout.take().expect("stdout"));
    let stderr = lines_of(child.stderr.take().expect("stderr"));
    // Owned by the guard at once, so the child is killed and reaped on any panic.
    let mut mock = Mock {
        child,
        endpoint: String::new(),
        stderr,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while mock.endpoint.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        match stdout.recv_timeout(left) {
            Ok(line) => {
                if let Some(endpoint) = line.strip_prefix("RAMKIT_ENDPOINT=") {
                    mock.endpoint = endpoint.to_owned();
                }
            }
            Err(_) => {
                let err: Vec<String> = mock.stderr.try_iter().collect();
                panic!("no endpoint line from ramkit-mock; stderr:\n{}", err.join("\n"));
            }
        }
    }
    mock
}

fn acs_date() -> String {
    time::OffsetDateTime::now_utc()
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .expect("formats")
}

/// A V3-signed SetPasswordPolicy as the root; the HTTP status, or `None`
/// when the server is gone.
async fn set_min_length(client: &reqwest::Client, endpoint: &str, n: u32) -> Option<u16> {
    let host = endpoint.trim_start_matches("http://").to_owned();
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let date = acs_date();
    let value = n.to_string();
    let query = [("MinimumPasswordLength", value.as_str())];
    let headers = [
        ("host", host.as_str()),
        ("x-acs-action", "SetPasswordPolicy"),
        ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256),
        ("x-acs-date", date.as_str()),
        ("x-acs-signature-nonce", nonce.as_str()),
        ("x-acs-version", "2015-05-01"),
    ];
    let auth = v3::sign(
        &v3::SigningRequest {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
        },
        ROOT_ID,
        ROOT_SECRET,
    );
    let mut req = client.post(format!("{endpoint}/?MinimumPasswordLength={n}"));
    for (k, v) in headers.iter().filter(|(k, _)| *k != "host") {
        req = req.header(*k, *v);
    }
    let resp = req.header("authorization", auth).send().await.ok()?;
    Some(resp.status().as_u16())
}

/// A fixture with many accounts, so that each snapshot takes a while to write.
fn big_fixture(accounts: usize) -> String {
    let mut text = String::from("accounts:\n");
    for i in 0..accounts {
        text.push_str(&format!(
            "  - id: \"{:016}\"\n    root_access_keys:\n      - {{id: LTAI5tBulk{i:08}, secret: bulk-secret-{i:08}-abcdefghij}}\n",
            2_000_000_000_000_000u64 + i as u64
        ));
    }
    text
}

/// The state file holds a whole snapshot: it parses, and has the root's
/// account and key and every bulk account.
fn assert_complete(path: &Path, bulk: usize, round: usize) -> Snapshot {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("round {round}: cannot read the state file: {e}"));
    let snapshot = Snapshot::from_json(&bytes)
        .unwrap_or_else(|e| panic!("round {round}: the state file is not a complete snapshot: {e}"));
    let root = snapshot
        .access_keys
        .iter()
        .find(|k| k.access_key_id == ROOT_ID)
        .unwrap_or_else(|| panic!("round {round}: the root key is missing"));
    assert_eq!(root.secret, ROOT_SECRET, "round {round}");
    assert_eq!(snapshot.accounts.len(), bulk + 1, "round {round}");
    assert_eq!(snapshot.access_keys.len(), bulk + 1, "round {round}");
    snapshot
}

fn min_length(snapshot: &Snapshot) -> u32 {
    let root = snapshot
        .access_keys
        .iter()
        .find(|k| k.access_key_id == ROOT_ID)
        .expect("the root key");
    snapshot
        .accounts
        .iter()
        .find(|a| a.account_id == root.account_id)
        .map(|a| a.state.password_policy.minimum_password_length)
        .expect("the root's account")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_file_killed_at_random_moments_is_always_a_complete_snapshot() {
    const ROUNDS: usize = 30;
    const BULK: usize = 200;
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("state.json");
    let path_arg = path.to_str().expect("a UTF-8 path").to_owned();
    let fixture = dir.path().join("fixture.yaml");
    std::fs::write(&fixture, big_fixture(BULK)).expect("writes the fixture");
    let fixture_arg = fixture.to_str().expect("a UTF-8 path").to_owned();
    let client = reqwest::Client::new();
    let mut mid_write = 0;

    for round in 0..ROUNDS {
        let mock = start(&["--state-file", &path_arg, "--fixture", &fixture_arg]);
        // The file exists from the start, and the fixture is applied only once.
        assert_complete(&path, BULK, round);
        let endpoint = mock.endpoint.clone();
        let writer_client = client.clone();
        let writes = tokio::spawn(async move {
            let mut n = 0u32;
            while let Some(status) = set_min_length(&writer_client, &endpoint, 8 + n % 25).await {
                assert_eq!(status, 200);
                n += 1;
            }
            n
        });
        let pause = Duration::from_millis(5 + (rand::random::<u64>() % 120));
        tokio::time::sleep(pause).await;
        let mut mock = mock;
        mock.child.kill().expect("kill -9");
        mock.child.wait().expect("reaped");
        let sent = writes.await.expect("the writer task ends");
        // A temporary file left behind means the kill came mid-write.
        let leftovers = std::fs::read_dir(dir.path())
            .expect("lists")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        mid_write += usize::from(leftovers > 0);
        let snapshot = assert_complete(&path, BULK, round);
        assert!((8..=32).contains(&min_length(&snapshot)), "round {round}");
        assert!(
            sent > 0 || pause < Duration::from_millis(50),
            "round {round}: no write went through"
        );
    }
    eprintln!("{mid_write} of {ROUNDS} rounds were killed while a snapshot was being written");
}

#[tokio::test]
async fn sigterm_finishes_and_writes_the_last_change_to_the_state_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("state.json");
    let path_arg = path.to_str().expect("a UTF-8 path").to_owned();
    let mut mock = start(&["--state-file", &path_arg]);
    let client = reqwest::Client::new();
    assert_eq!(set_min_length(&client, &mock.endpoint, 23).await, Some(200));
    let pid = mock.child.id().to_string();
    let term = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(term.success());
    let status = mock.child.wait().expect("exits");
    assert!(status.success(), "{status}");
    let snapshot = assert_complete(&path, 0, 0);
    assert_eq!(min_length(&snapshot), 23);

    let again = start(&["--state-file", &path_arg]);
    let loaded = assert_complete(&path, 0, 1);
    assert_eq!(min_length(&loaded), 23, "the state is loaded at the next start");
    drop(again);
}

#[test]
fn a_state_file_of_an_unknown_format_version_is_refused_at_start_and_left_alone() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("state.json");
    std::fs::write(&path, br#"{"format_version": 7, "accounts": []}"#).expect("writes");
    let out = command(&["--state-file", path.to_str().expect("UTF-8")])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("format version 7 is not supported"), "{stderr}");
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        br#"{"format_version": 7, "accounts": []}"#
    );
}

#[test]
fn help_documents_every_flag_with_its_environment_variable() {
    let out = Command::new(env!("CARGO_BIN_EXE_ramkit-mock"))
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for var in [
        "RAMKIT_BIND",
        "RAMKIT_ACCESS_KEY_ID",
        "RAMKIT_ACCESS_KEY_SECRET",
        "RAMKIT_FIXTURE",
        "RAMKIT_STATE_FILE",
        "RAMKIT_LOG_FORMAT",
    ] {
        assert!(help.contains(var), "{var} missing from --help:\n{help}");
    }
}

#[test]
fn json_logs_are_one_json_object_per_line() {
    let mut mock = start(&["--log-format", "json"]);
    let pid = mock.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    mock.child.wait().expect("exits");
    let lines: Vec<String> = mock.stderr.iter().collect();
    assert!(!lines.is_empty(), "at least the shutdown line");
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(value["level"].is_string(), "{line}");
    }
}

#[tokio::test]
async fn sigterm_lets_an_in_flight_request_finish() {
    let mut mock = start(&[]);
    let client = reqwest::Client::new();
    let fault = client
        .post(format!("{}/_ramkit/faults", mock.endpoint))
        .json(&serde_json::json!({"Kind": "Latency", "LatencyMs": 700}))
        .send()
        .await
        .expect("the control plane answers");
    assert_eq!(fault.status().as_u16(), 200);
    let endpoint = mock.endpoint.clone();
    let slow = tokio::spawn(async move { set_min_length(&reqwest::Client::new(), &endpoint, 12).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pid = mock.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs")
            .success()
    );
    assert_eq!(
        slow.await.expect("joins"),
        Some(200),
        "the in-flight request got its answer"
    );
    assert!(mock.child.wait().expect("exits").success());
}

#[test]
fn flags_can_be_given_as_ramkit_environment_variables() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("from-env.json");
    let fixture = dir.path().join("fixture.yaml");
    std::fs::write(&fixture, big_fixture(1)).expect("writes");
    let mut cmd = command(&[]);
    cmd.env("RAMKIT_STATE_FILE", &path).env("RAMKIT_FIXTURE", &fixture);
    let child = cmd.spawn().expect("starts");
    let mut mock = Mock {
        child,
        endpoint: String::new(),
        stderr: mpsc::channel().1,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.exists() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    let pid = mock.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    mock.child.wait().expect("exits");
    assert_complete(&path, 1, 0);
}
