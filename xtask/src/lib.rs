//! Repository tasks shared by the `cargo xtask` binary and the drift tests.
//!
//! The contract loop: the mock generates `openapi/ramkit.openapi.json`; the
//! SDK's action code in `sdk/src/generated/` is generated from that
//! committed file (never from the mock directly), so the SDK sees only the
//! contract.

mod sdkgen;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use sdkgen::generate_sdk;

/// The command that rewrites every generated file.
pub const REGENERATE: &str = "cargo xtask codegen";

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where the committed OpenAPI document lives.
pub fn openapi_path() -> PathBuf {
    workspace_root().join("openapi/ramkit.openapi.json")
}

/// Where the SDK's generated code lives.
pub fn generated_dir() -> PathBuf {
    workspace_root().join("sdk/src/generated")
}

/// The document as the mock generates it now.
pub fn openapi_document() -> String {
    ramkit_mock::openapi_json().to_owned()
}

/// The committed generated SDK files, by name.
pub fn committed_sdk() -> Result<BTreeMap<String, String>, String> {
    let dir = generated_dir();
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.insert(
                name,
                std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?,
            );
        }
    }
    Ok(files)
}

/// Rewrites the document from the mock, then the SDK code from the document.
pub fn write_all() -> Result<(), String> {
    let path = openapi_path();
    std::fs::write(&path, openapi_document()).map_err(|e| format!("writing {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    let committed = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let dir = generated_dir();
    for stale in committed_sdk()?.keys() {
        std::fs::remove_file(dir.join(stale)).map_err(|e| format!("removing {stale}: {e}"))?;
    }
    for (name, contents) in generate_sdk(&committed)? {
        std::fs::write(dir.join(&name), contents).map_err(|e| format!("writing {name}: {e}"))?;
        println!("wrote {}", dir.join(&name).display());
    }
    Ok(())
}

/// Fails when a committed generated file differs from what would be generated.
pub fn check_all() -> Result<(), String> {
    let path = openapi_path();
    let committed = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    if committed != openapi_document() {
        return Err(format!("{} is out of date; run `{REGENERATE}`", path.display()));
    }
    let stale = stale_files(&committed_sdk()?, &generate_sdk(&committed)?);
    if !stale.is_empty() {
        return Err(format!(
            "{} is out of date ({}); run `{REGENERATE}`",
            generated_dir().display(),
            stale.join(", ")
        ));
    }
    Ok(())
}

/// The generated files that differ, are missing or should not exist.
pub fn stale_files(committed: &BTreeMap<String, String>, generated: &BTreeMap<String, String>) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = committed.keys().chain(generated.keys()).collect();
    names
        .into_iter()
        .filter(|n| committed.get(*n) != generated.get(*n))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
            .collect()
    }

    #[test]
    fn stale_files_names_changed_missing_and_extra_files() {
        let committed = files(&[("mod.rs", "a"), ("ram.rs", "old"), ("gone.rs", "x")]);
        let generated = files(&[("mod.rs", "a"), ("ram.rs", "new"), ("account.rs", "y")]);
        assert_eq!(stale_files(&committed, &generated), ["account.rs", "gone.rs", "ram.rs"]);
        assert!(stale_files(&generated, &generated).is_empty());
    }
}
