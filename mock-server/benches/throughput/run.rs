//! The harness side of a measurement: launching the generator, rounds,
//! medians and the final table.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::scenarios::{Goal, Kind, Scenario};
use crate::spec::{Outcome, RESULT_PREFIX, ROLE_GENERATOR, ROLE_VAR, SPEC_VAR, Spec, main_thread_cpu};

/// Starts the generator role of this same binary, on CPU 1 when pinned.
pub struct Launcher {
    pub exe: PathBuf,
    pub pin: bool,
}

/// One generator run, with the harness thread's (the servers') CPU share
/// over it.
pub struct Run {
    pub outcome: Outcome,
    pub server_cpu: f64,
}

impl Launcher {
    /// Runs one load to its end while the servers keep serving on `rt`.
    pub fn generate(&self, rt: &tokio::runtime::Runtime, spec: &Spec) -> Result<Run, String> {
        let json = serde_json::to_string(spec).map_err(|e| e.to_string())?;
        let mut cmd = if self.pin {
            let mut c = Command::new("taskset");
            c.args(["-c", "1"]).arg(&self.exe);
            c
        } else {
            Command::new(&self.exe)
        };
        cmd.env(ROLE_VAR, ROLE_GENERATOR)
            .env(SPEC_VAR, json)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let cpu_before = main_thread_cpu();
        let started = Instant::now();
        let out = rt
            .block_on(async move { tokio::task::spawn_blocking(move || cmd.output()).await })
            .map_err(|e| format!("the generator's waiter failed: {e}"))?
            .map_err(|e| format!("cannot start the generator: {e}"))?;
        let wall = started.elapsed().as_secs_f64();
        let server_cpu = match (cpu_before, main_thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a).as_secs_f64() / wall,
            _ => f64::NAN,
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix(RESULT_PREFIX))
            .ok_or_else(|| {
                format!(
                    "the generator gave no result ({}): {}{}",
                    out.status,
                    stdout,
                    String::from_utf8_lossy(&out.stderr)
                )
            })?;
        let outcome = serde_json::from_str(line).map_err(|e| format!("unreadable result {line}: {e}"))?;
        Ok(Run { outcome, server_cpu })
    }
}

/// One row of the final table.
pub struct Row {
    pub row: String,
    pub baseline: Option<f64>,
    pub measured: Option<f64>,
    pub ratio: Option<(f64, f64, f64)>,
    /// The median ratio of requests per second of server-thread CPU (both
    /// targets ours, not moto): what a request costs, whatever else ran on
    /// CPU 0.
    pub cpu_ratio: Option<f64>,
    pub goal: Goal,
    /// A round of a target that must not fail failed.
    pub failed: bool,
}

/// A ratio in per cent, or as a factor when it is ten times or more.
fn show(ratio: f64) -> String {
    if ratio >= 1000.0 {
        format!("{:.1}×", ratio / 100.0)
    } else {
        format!("{ratio:.1} %")
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// Measures a scenario over `rounds` rounds (its targets one after the
/// other in each) and returns its rows; prints every round.
/// Also returns how many runs had the server thread below 90 % of a core
/// (the core was shared: another process ran on CPU 0).
pub fn measure(rt: &tokio::runtime::Runtime, launcher: &Launcher, s: &Scenario, rounds: usize) -> (Vec<Row>, usize) {
    let mut shared_core = 0;
    // rps[target][round]: None when that run does not count.
    let mut rps: Vec<Vec<Option<f64>>> = vec![Vec::new(); s.targets.len()];
    // Requests per CPU-second of the server thread, for bare and mock runs.
    let mut per_cpu: Vec<Vec<Option<f64>>> = vec![Vec::new(); s.targets.len()];
    let mut failed = vec![false; s.targets.len()];
    for round in 0..rounds {
        let mut line = format!("  round {}:", round + 1);
        for (i, t) in s.targets.iter().enumerate() {
            let result = launcher.generate(rt, &t.spec);
            let problem = match &result {
                Ok(run) => run.outcome.problem(),
                Err(e) => Some(e.clone()),
            };
            match (result, problem) {
                (Ok(run), None) => {
                    let o = &run.outcome;
                    let server = if t.kind == Kind::Moto {
                        String::new()
                    } else if run.server_cpu < 0.9 {
                        shared_core += 1;
                        format!(", server cpu {:.0} % (!: CPU 0 shared)", 100.0 * run.server_cpu)
                    } else {
                        format!(", server cpu {:.0} %", 100.0 * run.server_cpu)
                    };
                    line.push_str(&format!(
                        " {} {:.0} req/s [{} B, generator cpu {:.0} %{server}];",
                        t.label,
                        o.rps,
                        o.body_bytes,
                        100.0 * o.cpu
                    ));
                    rps[i].push(Some(o.rps));
                    let cpu_counts = t.kind != Kind::Moto && run.server_cpu > 0.05;
                    per_cpu[i].push(cpu_counts.then(|| o.rps / run.server_cpu));
                }
                (_, problem) => {
                    let why = problem.unwrap_or_default();
                    if t.kind == Kind::Moto {
                        println!("  round {}, moto: not measured: {why}", round + 1);
                    } else {
                        failed[i] = true;
                        println!(
                            "  !!!!! FAILED MEASUREMENT, round {}, {} ({}): {why}",
                            round + 1,
                            t.label,
                            t.spec.action
                        );
                    }
                    line.push_str(&format!(" {} FAILED;", t.label));
                    rps[i].push(None);
                    per_cpu[i].push(None);
                }
            }
        }
        let mut ratios = Vec::new();
        for c in &s.comparisons {
            if let (Some(m), Some(b)) = (rps[c.measured][round], rps[c.baseline][round]) {
                ratios.push(format!("{} {}", c.row, show(100.0 * m / b)));
            }
        }
        println!("{line} {}", ratios.join("; "));
    }
    let rows = s
        .comparisons
        .iter()
        .map(|c| {
            let ratios: Vec<f64> = (0..rounds)
                .filter_map(|r| Some(100.0 * rps[c.measured][r]? / rps[c.baseline][r]?))
                .collect();
            let cpu_ratios: Vec<f64> = (0..rounds)
                .filter_map(|r| Some(100.0 * per_cpu[c.measured][r]? / per_cpu[c.baseline][r]?))
                .collect();
            let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
            let max = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Row {
                row: c.row.clone(),
                baseline: median(rps[c.baseline].iter().flatten().copied().collect()),
                measured: median(rps[c.measured].iter().flatten().copied().collect()),
                ratio: median(ratios).map(|m| (m, min, max)),
                cpu_ratio: median(cpu_ratios),
                goal: c.goal,
                failed: failed[c.measured] || failed[c.baseline],
            }
        })
        .collect();
    (rows, shared_core)
}

/// Prints the final table; returns whether every row's runs counted.
pub fn table(rows: &[Row]) -> bool {
    println!(
        "\n| scenario | baseline req/s (median) | measured req/s (median) | median ratio | min-max ratio | target | result | median ratio per server CPU-s |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let num = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{v:.0}"));
    for r in rows {
        let (median, range) = match r.ratio {
            Some((m, lo, hi)) => (show(m), format!("{}-{}", show(lo), show(hi))),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let target = match r.goal {
            Goal::AtLeast(p) => format!("≥ {p:.0} %"),
            Goal::Within(p) => format!("within {p:.0} %"),
            Goal::Report => "report only".to_owned(),
        };
        let result = match (r.failed, r.ratio, r.goal) {
            (true, _, _) => "**FAILED MEASUREMENT**",
            (false, None, _) => "not measured",
            (false, Some(_), Goal::Report) => "—",
            (false, Some((m, _, _)), Goal::AtLeast(p)) if m >= p => "met",
            (false, Some((m, _, _)), Goal::Within(p)) if (m - 100.0).abs() <= p => "met",
            (false, Some(_), _) => "missed",
        };
        println!(
            "| {} | {} | {} | {median} | {range} | {target} | {result} | {} |",
            r.row,
            num(r.baseline),
            num(r.measured),
            r.cpu_ratio.map_or("—".to_owned(), show)
        );
    }
    rows.iter().all(|r| !r.failed)
}
