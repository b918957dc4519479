//! Load benchmark: every kind of action the mock serves, its whole pipeline
//! on (V3 signature verified, timestamp window, nonce recorded, action
//! resolved, parameters validated, caller authorized, faults checked,
//! operation, JSON), against a bare poem-openapi handler answering the same
//! JSON, and against moto 5 (the AWS mock) for two actions; then the cold
//! start, in process and of the binary.
//!
//! Run: `cargo bench -p ramkit-mock --bench throughput` (needs `taskset`,
//! from util-linux; moto needs `python3` and PyPI once, else it is skipped).
//!
//! Method. One binary, two roles. The harness (this process) pins itself to
//! CPU 0 (`taskset -a -p -c 0`) and runs the servers there on one tokio
//! current-thread runtime: the bare server, and the mock, started afresh
//! for each scenario (`MockServer::builder()` with one fixture holding
//! every account the scenarios need: 3, 1000, 5000 and 1 users), so that
//! no scenario inherits the nonces another one left.
//! For each measurement it re-executes itself as the load generator
//! (`RAMKIT_BENCH_ROLE=generator`, the load as JSON in `RAMKIT_BENCH_SPEC`)
//! pinned to CPU 1 (`taskset -c 1`), so the generator never steals the
//! server's core. The generator, one tokio current-thread runtime, keeps C
//! HTTP/1.1 keep-alive connections with one request in flight each, on raw
//! `TcpStream`s with a minimal response reader, and signs EVERY request
//! when it sends it: a fresh nonce (random prefix + counter), `x-acs-date`
//! read from the real clock, `x-acs-content-sha256` of the body, V3
//! `ACS3-HMAC-SHA256` by `ramkit_signing::v3::sign`. Requests are sent as
//! ramkit's SDK sends RPC actions: an empty-bodied POST, the parameters in
//! the query, the action and version in signed `x-acs-*` headers. The mock
//! gets them at `/`; the bare server at `/ram/2015-05-01/<Action>`, signed
//! the same way (its path in the signature) so the generator works alike
//! for both. The bare operations take no validated parameters, ignore the
//! signature and build per request JSON of the mock's shape and size (the
//! round lines print each answer's size). moto runs as `moto_server`
//! pinned to CPU 0 and gets IAM query-API form POSTs signed with SigV4.
//!
//! Each scenario runs R rounds; in each round its targets (bare, mock, and
//! moto or a second mock account) run S seconds each, one after the other,
//! so a host whose speed drifts slows them alike. A round's ratio is
//! measured / baseline req/s; the median over rounds is the result. Any
//! non-2xx answer (or lost connection) in a bare or mock run makes that run
//! a FAILED MEASUREMENT, printed with the first error body, shown in the
//! table and turned into a non-zero exit. Each round line also shows the
//! generator's CPU share (near 100 % means the generator, not the server,
//! limits the rate) and the server thread's (below 90 % means another
//! process shared CPU 0: such runs are flagged and counted at the end).
//! The last column of the table divides each run's req/s by the server
//! thread's CPU share before taking the ratio: requests per CPU-second, the
//! cost of a request, which a busy host disturbs much less than req/s
//! (targets are judged on the plain req/s ratio).
//!
//! Options (env): `RAMKIT_BENCH_SECS` (default 3) per target and round,
//! `RAMKIT_BENCH_ROUNDS` (default 5), `RAMKIT_BENCH_CONCURRENCY` (default
//! 32), `RAMKIT_BENCH_STARTS` (default 20 cold starts of each kind),
//! `RAMKIT_BENCH_ONLY` (a comma list of scenario names, `ColdStart`
//! included; all when absent), `RAMKIT_BENCH_MOTO=0` to skip moto.

mod bare;
mod cold;
mod generator;
mod http;
mod moto;
mod run;
mod scenarios;
mod sigv4;
mod spec;

use std::process::Command;
use std::time::Instant;

use scenarios::{Addrs, NAMES};
use spec::{ROLE_GENERATOR, ROLE_VAR, env_or};

fn main() {
    if std::env::var(ROLE_VAR).as_deref() == Ok(ROLE_GENERATOR) {
        std::process::exit(generator::run());
    }
    std::process::exit(harness());
}

/// Pins every thread of this process to CPU 0; false when `taskset` fails
/// or there is no CPU 1 for the generator.
fn pin_to_cpu0() -> bool {
    if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        println!("one CPU only: running UNPINNED, numbers mix server and generator");
        return false;
    }
    match Command::new("taskset")
        .args(["-a", "-p", "-c", "0", &std::process::id().to_string()])
        .output()
    {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            println!(
                "taskset failed ({}): running UNPINNED, numbers mix server and generator: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
            false
        }
        Err(e) => {
            println!("taskset is missing ({e}; util-linux): running UNPINNED, numbers mix server and generator");
            false
        }
    }
}

fn harness() -> i32 {
    let secs = std::env::var("RAMKIT_BENCH_SECS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(3.0);
    let rounds = env_or("RAMKIT_BENCH_ROUNDS", 5).max(1) as usize;
    let concurrency = env_or("RAMKIT_BENCH_CONCURRENCY", 32).max(1) as usize;
    let starts = env_or("RAMKIT_BENCH_STARTS", 20);
    let only: Option<Vec<String>> = std::env::var("RAMKIT_BENCH_ONLY").ok().map(|v| {
        v.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    });
    if let Some(only) = &only {
        let unknown: Vec<&String> = only
            .iter()
            .filter(|n| !NAMES.contains(&n.as_str()) && n.as_str() != "ColdStart")
            .collect();
        if !unknown.is_empty() {
            println!(
                "RAMKIT_BENCH_ONLY: unknown {unknown:?}; known: {}, ColdStart",
                NAMES.join(", ")
            );
            return 2;
        }
    }
    let selected = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|n| n == name));
    let names: Vec<&'static str> = NAMES.iter().copied().filter(|n| selected(n)).collect();

    let pin = pin_to_cpu0();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    if !sigv4::derivation_matches_aws_example() {
        println!("sigv4: the key derivation does not match AWS's example: moto's requests may be refused");
    }
    let launcher = run::Launcher {
        exe: std::env::current_exe().expect("the bench binary's path"),
        pin,
    };

    let started = Instant::now();
    let fixture = scenarios::fixture();
    let built = started.elapsed();
    let bare = rt.block_on(bare::start());
    println!(
        "setup: fixture text ({} KiB: 4 accounts, 3 + 1000 + 5000 + 1 users, 5001 user AccessKeys, one password) \
         built in {:.1} ms; a fresh mock starts with it for each scenario",
        fixture.len() / 1024,
        built.as_secs_f64() * 1000.0,
    );

    let mut addrs = Addrs {
        bare,
        mock: String::new(),
        moto: None,
        concurrency,
        secs,
    };
    let wants_moto = names
        .iter()
        .any(|n| *n == "GetPasswordPolicy" || *n == "UpdateLoginProfile");
    let moto = if std::env::var("RAMKIT_BENCH_MOTO").as_deref() == Ok("0") {
        println!("moto: not measured: RAMKIT_BENCH_MOTO=0");
        None
    } else if !wants_moto {
        None
    } else {
        match start_moto(&rt, &launcher, &addrs, pin) {
            Ok(moto) => Some(moto),
            Err(why) => {
                println!("moto: not measured: {why}");
                None
            }
        }
    };
    addrs.moto = moto.as_ref().map(|m| m.addr.clone());

    println!(
        "\nthroughput: servers on one tokio current-thread runtime on {}; load generator (this binary, \
         RAMKIT_BENCH_ROLE=generator) {}, {concurrency} keep-alive connections, every request signed when sent \
         (fresh nonce, current date; V3 for the mock and bare, SigV4 for moto); {rounds} rounds of {secs} s per \
         target, targets alternating within each round. Mock: POST /?<params>; bare: POST \
         /ram/2015-05-01/<Action>?<params>; moto: form POST / (IAM query API).",
        if pin { "CPU 0" } else { "any CPU (unpinned)" },
        if pin { "on CPU 1" } else { "unpinned" },
    );
    let mut rows = Vec::new();
    let mut shared_core = 0;
    for name in &names {
        // A fresh mock per scenario: every scenario starts with no nonce
        // remembered, whatever ran before it (a run of one scenario gives
        // the numbers of a full run).
        println!("\n### {name}");
        let mock = start_mock(&rt, &fixture);
        addrs.mock = mock.endpoint().trim_start_matches("http://").to_owned();
        let s = scenarios::scenario(name, &addrs);
        let (measured, shared) = run::measure(&rt, &launcher, &s, rounds);
        rows.extend(measured);
        shared_core += shared;
        rt.block_on(mock.shutdown());
    }
    if let Some(moto) = moto {
        drop(moto); // kills moto_server
        println!("moto: stopped");
    }

    if selected("ColdStart") {
        println!();
        cold::run(&rt, starts);
    }
    let clean = run::table(&rows);
    if shared_core > 0 {
        println!(
            "\n{shared_core} runs had the server thread below 90 % of CPU 0: another process shared the core \
             (a busy host); their numbers are low and noisy, re-run on an idle machine"
        );
    }
    if clean {
        0
    } else {
        println!("\nSOME MEASUREMENTS FAILED (non-2xx answers or lost connections): see the rows marked above");
        1
    }
}

/// Starts a mock with the bench fixture and prints how long that took.
fn start_mock(rt: &tokio::runtime::Runtime, fixture: &str) -> ramkit_mock::MockServer {
    rt.block_on(async {
        let started = Instant::now();
        let mock = ramkit_mock::MockServer::builder()
            .bind(([127, 0, 0, 1], 0).into())
            .root_credentials(scenarios::ROOT.0, scenarios::ROOT.1)
            .fixture(fixture.to_owned())
            .start()
            .await
            .expect("the mock starts with the bench fixture");
        println!(
            "  setup: mock started with the fixture in {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
        mock
    })
}

/// Starts moto and gives it the scenarios' state.
fn start_moto(
    rt: &tokio::runtime::Runtime,
    launcher: &run::Launcher,
    addrs: &Addrs,
    pin: bool,
) -> Result<moto::Moto, String> {
    let moto = moto::start(pin)?;
    for spec in scenarios::moto_setup(&moto.addr, addrs) {
        let run = launcher.generate(rt, &spec)?;
        if let Some(problem) = run.outcome.problem() {
            return Err(format!("set-up {} failed: {problem}", spec.action));
        }
    }
    Ok(moto)
}
