//! `cargo xtask codegen`: rewrites the committed contract and the SDK code
//! generated from it. `cargo xtask check` says whether either has drifted.

use std::process::ExitCode;

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("codegen") => xtask::write_all(),
        Some("check") => xtask::check_all(),
        _ => {
            eprintln!(
                "usage: cargo xtask <codegen|check>\n  codegen  rewrite openapi/ramkit.openapi.json from the mock and the SDK's generated code from it\n  check    fail if either committed file is out of date"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
