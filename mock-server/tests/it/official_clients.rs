//! Alibaba Cloud's official Python SDKs, pointed at the `ramkit-mock` binary.
//!
//! Each test starts its own mock on `127.0.0.1:0` with a freshly generated root
//! AccessKey and runs one script of `tests/python/` against it: the script
//! sets and reads the password policy, provokes an out-of-range error and a
//! signature refusal, and checks what the SDK makes of each reply (see
//! `tests/python/README.md`). A script that exits non-zero fails the test,
//! which then shows the script's output and the mock's.
//!
//! The SDKs live in a venv at `<target dir>/ramkit-python-venv`, created with
//! `python3 -m venv` and filled from `tests/python/requirements.txt` on the
//! first run; a stamp file holding the installed requirements makes later
//! runs skip the install until the file changes. A missing `python3` or a
//! failing `pip install` fails the tests: they never skip.
//!
//! ```text
//! cargo test -p ramkit-mock --test official_clients
//! ```

use std::collections::hash_map::RandomState;
use std::fs;
use std::hash::BuildHasher;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long the mock may take to print its endpoint before the test gives up.
const MOCK_STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// Upper bound for one script: a hung SDK call fails the test instead of CI.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);
/// Upper bound for `python3 -m venv` plus `pip install` (about 15 s when PyPI is reachable).
const INSTALL_TIMEOUT: Duration = Duration::from_secs(900);
const POLL_INTERVAL: Duration = Duration::from_millis(20);

#[test]
fn official_tea_client_with_v3_signature_round_trips_the_password_policy() {
    run_official_client("tea_client.py", &["v3"]);
}

#[test]
fn official_tea_client_with_v2_signature_round_trips_the_password_policy() {
    run_official_client("tea_client.py", &["v2"]);
}

#[test]
fn classic_core_sdk_with_ram_request_classes_round_trips_the_password_policy() {
    run_official_client("core_client.py", &[]);
}

#[test]
fn official_tea_client_manages_ram_users_and_a_user_changes_its_own_password() {
    run_official_client("tea_users.py", &[]);
}

/// Starts a mock with its own root key, runs `script` against it, and fails
/// with both sides' output unless the script exits successfully.
fn run_official_client(script: &str, args: &[&str]) {
    let python = python_venv();
    let access_key_id = format!("LTAI5tRamkit{}", random_hex(12).to_uppercase());
    let access_key_secret = random_hex(30);
    let mock = MockProcess::start(&access_key_id, &access_key_secret);

    let mut command = Command::new(python);
    command
        .arg(python_dir().join(script))
        .args(args)
        .current_dir(python_dir())
        .env("RAMKIT_ENDPOINT", &mock.endpoint)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", &access_key_id)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", &access_key_secret)
        // Keep the source tree free of __pycache__ and see output as it comes.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1");
    // The mock is on loopback; a proxy meant for the real cloud must not see
    // these requests (the classic SDK hands proxies to `requests` explicitly,
    // which ignores NO_PROXY, so remove them).
    for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        command.env_remove(proxy).env_remove(proxy.to_lowercase());
    }
    let run = run_to_completion(command, SCRIPT_TIMEOUT);

    let description = format!("python {script} {}", args.join(" "));
    let description = description.trim_end();
    if !run.succeeded() {
        panic!(
            "{description} failed ({}) against {}\n\
             --- script stdout ---\n{}\n--- script stderr ---\n{}\n--- ramkit-mock output ---\n{}",
            run.outcome(),
            mock.endpoint,
            run.stdout,
            run.stderr,
            mock.output(),
        );
    }
    // Shown with `--nocapture`: one line per check.
    println!("{description}\n{}", run.stdout);
}

fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python")
}

/// `CARGO_TARGET_DIR` when set, else the workspace's `target/`. A relative
/// `CARGO_TARGET_DIR` is taken from the workspace root, where cargo is
/// normally invoked (tests themselves run in the package directory).
fn target_dir() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir.parent().unwrap_or(manifest_dir);
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir), // join keeps an absolute path as is
        None => workspace.join("target"),
    }
}

/// The venv's interpreter, after creating the venv and installing the
/// requirements if the stamp says they are not installed yet. Runs once per
/// test process; every test waits for it and sees the same result.
fn python_venv() -> &'static Path {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match VENV.get_or_init(install_venv) {
        Ok(python) => python,
        Err(why) => panic!("cannot prepare the Python SDKs:\n{why}"),
    }
}

fn install_venv() -> Result<PathBuf, String> {
    let venv = target_dir().join("ramkit-python-venv");
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    let requirements_path = python_dir().join("requirements.txt");
    let requirements = fs::read_to_string(&requirements_path)
        .map_err(|e| format!("cannot read {}: {e}", requirements_path.display()))?;
    let stamp = venv.join("ramkit-requirements.stamp");
    if python.exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(requirements.as_str()) {
        return Ok(python);
    }

    // Start from scratch: a venv left by an interrupted or older install may
    // hold packages the requirements no longer name.
    if venv.exists() {
        fs::remove_dir_all(&venv).map_err(|e| format!("cannot remove {}: {e}", venv.display()))?;
    }
    let started = Instant::now();
    let mut create = Command::new("python3");
    create.args(["-m", "venv"]).arg(&venv);
    run_to_completion(create, INSTALL_TIMEOUT).require_success("python3 -m venv")?;
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "-r",
    ])
    .arg(&requirements_path);
    run_to_completion(pip, INSTALL_TIMEOUT).require_success("pip install -r requirements.txt")?;
    fs::write(&stamp, &requirements).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    eprintln!(
        "official_clients: installed the Python SDKs into {} in {:.1} s",
        venv.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(python)
}

/// A running `ramkit-mock` child; killed when dropped, so a failing test
/// leaves no server behind.
#[derive(Debug)]
pub(crate) struct MockProcess {
    child: Child,
    pub(crate) endpoint: String,
    /// Everything the mock printed so far, stdout and stderr interleaved.
    output: Arc<Mutex<String>>,
}

impl MockProcess {
    pub(crate) fn start(access_key_id: &str, access_key_secret: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ramkit-mock"))
            .args(["--bind", "127.0.0.1:0", "--access-key-id", access_key_id])
            .args(["--access-key-secret", access_key_secret])
            .env("NO_COLOR", "1") // plain log lines in a failure report
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot spawn the ramkit-mock binary");
        let output = Arc::new(Mutex::new(String::new()));
        let (lines_tx, lines) = mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            drain_lines(stdout, Arc::clone(&output), Some(lines_tx));
        }
        if let Some(stderr) = child.stderr.take() {
            drain_lines(stderr, Arc::clone(&output), None);
        }
        let mut mock = MockProcess {
            child,
            endpoint: String::new(),
            output,
        };
        match mock.read_banner(&lines, access_key_id, access_key_secret) {
            Ok(endpoint) => mock.endpoint = endpoint,
            Err(why) => panic!(
                "ramkit-mock did not start: {why}\n--- ramkit-mock output ---\n{}",
                mock.output()
            ),
        }
        mock
    }

    /// Waits for the three `NAME=value` lines of the start-up banner and
    /// returns the endpoint, checking that the mock took the given key.
    fn read_banner(
        &mut self,
        lines: &Receiver<String>,
        access_key_id: &str,
        access_key_secret: &str,
    ) -> Result<String, String> {
        let deadline = Instant::now() + MOCK_STARTUP_TIMEOUT;
        let (mut endpoint, mut id, mut secret) = (None, None, None);
        while endpoint.is_none() || id.is_none() || secret.is_none() {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let line = match lines.recv_timeout(remaining) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "no RAMKIT_ENDPOINT / ALIBABA_CLOUD_ACCESS_KEY_* lines on stdout within {MOCK_STARTUP_TIMEOUT:?}"
                    ));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = match self.child.try_wait() {
                        Ok(Some(status)) => status.to_string(),
                        _ => "still running".to_owned(),
                    };
                    return Err(format!("stdout closed before the banner was complete ({status})"));
                }
            };
            let line = line.trim_end();
            if let Some(value) = line.strip_prefix("RAMKIT_ENDPOINT=") {
                endpoint = Some(value.to_owned());
            } else if let Some(value) = line.strip_prefix("ALIBABA_CLOUD_ACCESS_KEY_ID=") {
                id = Some(value.to_owned());
            } else if let Some(value) = line.strip_prefix("ALIBABA_CLOUD_ACCESS_KEY_SECRET=") {
                secret = Some(value.to_owned());
            }
        }
        if id.as_deref() != Some(access_key_id) || secret.as_deref() != Some(access_key_secret) {
            return Err(format!(
                "the banner names AccessKey id {id:?}, not the {access_key_id:?} passed with \
                 --access-key-id/--access-key-secret (or its secret differs)"
            ));
        }
        endpoint.ok_or_else(|| "no endpoint".to_owned())
    }

    pub(crate) fn output(&self) -> String {
        snapshot(&self.output)
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies `stream` line by line into `sink` (and to `lines`, while someone
/// listens) on a background thread until it closes, so a chatty child never
/// blocks on a full pipe.
fn drain_lines(
    stream: impl Read + Send + 'static,
    sink: Arc<Mutex<String>>,
    lines: Option<mpsc::Sender<String>>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut raw = Vec::new();
        loop {
            raw.clear();
            match reader.read_until(b'\n', &mut raw) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&raw).into_owned();
            if let Ok(mut out) = sink.lock() {
                out.push_str(&line);
                if !line.ends_with('\n') {
                    out.push('\n');
                }
            }
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    })
}

/// How a child process ended.
#[derive(Debug)]
enum Outcome {
    Exited(ExitStatus),
    /// Still running at the time limit, so it was killed.
    TimedOut(Duration),
    /// Could not be spawned (e.g. no `python3` on `PATH`).
    NotStarted(String),
}

/// What a finished (or abandoned) child process left behind.
#[derive(Debug)]
struct Completed {
    outcome: Outcome,
    stdout: String,
    stderr: String,
}

impl Completed {
    fn succeeded(&self) -> bool {
        matches!(&self.outcome, Outcome::Exited(status) if status.success())
    }

    fn outcome(&self) -> String {
        match &self.outcome {
            Outcome::Exited(status) => status.to_string(),
            Outcome::TimedOut(limit) => format!("killed after {limit:?}"),
            Outcome::NotStarted(why) => format!("not started: {why}"),
        }
    }

    fn require_success(self, what: &str) -> Result<(), String> {
        if self.succeeded() {
            return Ok(());
        }
        Err(format!(
            "`{what}` failed ({})\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.outcome(),
            self.stdout,
            self.stderr
        ))
    }
}

/// Runs `command` with piped output, polling for its exit until `timeout`,
/// then kills it.
fn run_to_completion(mut command: Command, timeout: Duration) -> Completed {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = match command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return Completed {
                outcome: Outcome::NotStarted(format!("cannot run {program}: {e}")),
                stdout: String::new(),
                stderr: String::new(),
            };
        }
    };
    let stdout = Arc::new(Mutex::new(String::new()));
    let stderr = Arc::new(Mutex::new(String::new()));
    let readers = [
        child.stdout.take().map(|s| drain_lines(s, Arc::clone(&stdout), None)),
        child.stderr.take().map(|s| drain_lines(s, Arc::clone(&stderr), None)),
    ];
    let deadline = Instant::now() + timeout;
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Outcome::Exited(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(POLL_INTERVAL),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break Outcome::TimedOut(timeout);
            }
        }
    };
    for reader in readers.into_iter().flatten() {
        let _ = reader.join();
    }
    Completed {
        outcome,
        stdout: snapshot(&stdout),
        stderr: snapshot(&stderr),
    }
}

/// The text collected so far, even if a reader thread panicked while holding the lock.
fn snapshot(buffer: &Mutex<String>) -> String {
    match buffer.lock() {
        Ok(text) => text.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

/// `len` random lower-case hex digits, from the standard library's per-process
/// random hash keys (no `rand` dev-dependency needed for test credentials).
fn random_hex(len: usize) -> String {
    let mut out = String::with_capacity(len + 16);
    while out.len() < len {
        out.push_str(&format!("{:016x}", RandomState::new().hash_one(out.len())));
    }
    out.truncate(len);
    out
}
