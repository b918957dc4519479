//! The state file (`--state-file`): loaded at start, written after changes
//! and at shutdown.
//!
//! Every write goes to a temporary file in the same directory, is flushed to
//! disk, renamed over the state file and the directory is flushed: a crash
//! at any moment leaves the old snapshot or the new one, never a torn file.
//! Writes are debounced: a burst of changes costs one write.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::state::{Snapshot, SnapshotError, Store};

/// How long the writer waits after a change for more changes.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(25);

/// Why the state file could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadError {
    /// It exists but cannot be read.
    #[error("cannot read the state file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a snapshot this version reads.
    #[error("the state file {path} is refused: {source}")]
    Snapshot {
        /// The file.
        path: PathBuf,
        /// Why.
        source: SnapshotError,
    },
}

/// The snapshot in `path`, or `None` when there is no such file.
pub(crate) fn load(path: &Path) -> Result<Option<Snapshot>, LoadError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(LoadError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    Snapshot::from_json(&bytes)
        .map(Some)
        .map_err(|source| LoadError::Snapshot {
            path: path.to_owned(),
            source,
        })
}

/// Writes `bytes` to `path` atomically: temporary file in the same
/// directory, fsync, rename, fsync of the directory.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// Removes temporary files a killed writer left next to `path`.
pub(crate) fn remove_leftovers(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Writes the store's snapshot to `path` now.
pub(crate) async fn write_now(store: &Arc<Store>, path: &Path) -> std::io::Result<()> {
    let store = Arc::clone(store);
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || write_atomically(&path, &store.snapshot().to_json()))
        .await
        .map_err(std::io::Error::other)?
}

/// Writes the snapshot after every change (debounced) until `stop` fires,
/// then once more.
pub(crate) async fn run_writer(store: Arc<Store>, path: PathBuf, mut stop: oneshot::Receiver<()>) {
    loop {
        tokio::select! {
            _ = &mut stop => break,
            () = store.next_change() => {
                tokio::time::sleep(DEBOUNCE).await;
                if let Err(e) = write_now(&store, &path).await {
                    tracing::error!(path = %path.display(), error = %e, "cannot write the state file");
                }
            }
        }
    }
    match write_now(&store, &path).await {
        Ok(()) => tracing::info!(path = %path.display(), "state written"),
        Err(e) => tracing::error!(path = %path.display(), error = %e, "cannot write the state file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("state.json");
        write_atomically(&path, b"one").expect("first write");
        write_atomically(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("reads"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("lists").flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_state_file_loads_as_none_and_a_foreign_version_is_refused() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("state.json");
        assert!(load(&path).expect("no file is fine").is_none());
        std::fs::write(&path, br#"{"format_version": 2}"#).expect("writes");
        let err = load(&path).expect_err("refused");
        assert!(err.to_string().contains("format version 2 is not supported"), "{err}");
    }
}
