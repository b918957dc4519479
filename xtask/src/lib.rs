//! Repository tasks shared by the `cargo xtask` binary and the drift tests.
//!
//! The contract loop: the mock generates `openapi/ramkit.openapi.json`; the
//! SDK's action code is generated from that committed file.

use std::path::{Path, PathBuf};

/// The command that rewrites every generated file.
pub const REGENERATE: &str = "cargo xtask codegen";

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Where the committed OpenAPI document lives.
pub fn openapi_path() -> PathBuf {
    workspace_root().join("openapi/ramkit.openapi.json")
}

/// The document as the mock generates it now.
pub fn openapi_document() -> String {
    ramkit_mock::openapi_json().to_owned()
}

/// Rewrites the document (and, from it, the SDK's generated code).
pub fn write_all() -> Result<(), String> {
    let path = openapi_path();
    std::fs::write(&path, openapi_document()).map_err(|e| format!("writing {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Fails when a committed generated file differs from what would be generated.
pub fn check_all() -> Result<(), String> {
    let path = openapi_path();
    let committed = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    if committed != openapi_document() {
        return Err(format!("{} is out of date; run `{REGENERATE}`", path.display()));
    }
    Ok(())
}
