//! moto 5 (the AWS mock, Python) as a point of comparison: a venv under the
//! cargo target directory, `moto_server` pinned to CPU 0 like the mock.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The cargo target directory: the parent of the benches' scratch directory.
fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map(PathBuf::from).unwrap_or(tmp)
}

/// A running `moto_server`, killed when dropped.
pub struct Moto {
    child: Child,
    pub addr: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `<target>/bench-venv/bin/moto_server`, installed first if missing.
fn install() -> Result<PathBuf, String> {
    let venv = target_dir().join("bench-venv");
    let server = venv.join("bin").join("moto_server");
    if server.exists() {
        return Ok(server);
    }
    let started = Instant::now();
    let run = |cmd: &mut Command, what: &str| -> Result<(), String> {
        let out = cmd.output().map_err(|e| format!("cannot run {what}: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(3).collect();
        Err(format!("{what} failed ({}): {}", out.status, tail.join(" / ")))
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    )?;
    run(
        Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--timeout",
            "15",
            "--retries",
            "1",
            "moto[server]>=5,<6",
        ]),
        "pip install 'moto[server]>=5,<6'",
    )?;
    println!(
        "moto: installed into {} in {:.1} s",
        venv.display(),
        started.elapsed().as_secs_f64()
    );
    if server.exists() {
        Ok(server)
    } else {
        Err(format!("no {} after pip install", server.display()))
    }
}

/// Installs (if needed) and starts moto on a free port, on CPU 0 when
/// `pin`; returns once it accepts connections.
pub fn start(pin: bool) -> Result<Moto, String> {
    let server = install()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let mut cmd = if pin {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(&server);
        c
    } else {
        Command::new(&server)
    };
    // moto logs every request on stderr: nobody reads it.
    let child = cmd
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
    let mut moto = Moto {
        child,
        addr: format!("127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(status)) = moto.child.try_wait() {
            return Err(format!("moto_server exited at start ({status})"));
        }
        if std::net::TcpStream::connect(&moto.addr).is_ok() {
            println!(
                "moto: moto_server on {} answered after {:.2} s",
                moto.addr,
                started.elapsed().as_secs_f64()
            );
            return Ok(moto);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = moto.child.kill();
    Err("moto_server did not accept connections within 30 s".to_owned())
}
