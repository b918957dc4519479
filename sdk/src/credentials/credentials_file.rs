//! The shared credentials file of Alibaba's credentials libraries: the path
//! in `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`
//! (Go, Node) or `~/.alibabacloud/credentials.ini` (Python). INI sections;
//! the section is `ALIBABA_CLOUD_PROFILE` or `default`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tokio::sync::OnceCell;

use super::{Credentials, CredentialsError, Env, ProvideCredentials, ProvideFuture};

const NAME: &str = "credentials file";
const FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Both names the official libraries use, in the order ramkit tries them.
const HOME_FILES: [&str; 2] = ["credentials", "credentials.ini"];

/// Credentials from an `access_key` section of the shared credentials file.
///
/// Other types (`ecs_ram_role`, `ram_role_arn`, ...) are a broken
/// configuration. The file is read until it yields credentials once; they are
/// kept from then on.
#[derive(Debug)]
pub struct CredentialsFileProvider {
    env: Env,
    home: Option<PathBuf>,
    cached: OnceCell<Credentials>,
}

impl CredentialsFileProvider {
    /// A provider reading the file named by `env`, else the one under `<home>/.alibabacloud/`.
    pub fn new(env: Env, home: Option<PathBuf>) -> Self {
        Self {
            env,
            home,
            cached: OnceCell::new(),
        }
    }

    /// The selected section's credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.cached.get_or_try_init(|| async { self.read() }).await.cloned()
    }

    fn read(&self) -> Result<Credentials, CredentialsError> {
        let (path, text, explicit) = self.find()?;
        let sections = parse_ini(&text)
            .map_err(|line| invalid(format!("{} is not a valid INI file (line {line})", path.display())))?;
        let name = self.env.get(PROFILE).unwrap_or_else(|| "default".to_owned());
        let Some(section) = sections.get(&name) else {
            let reason = format!("{} has no [{name}] section", path.display());
            // A file the user pointed at must hold the profile; the default one may just be elsewhere.
            return Err(if explicit {
                invalid(reason)
            } else {
                not_configured(reason)
            });
        };
        let field = |key: &str| section.get(key).filter(|v| !v.is_empty());
        let missing = |key: &str| invalid(format!("[{name}] in {} has no {key}", path.display()));
        match field("type").map(String::as_str) {
            Some("access_key") => {
                let id = field("access_key_id").ok_or_else(|| missing("access_key_id"))?;
                let secret = field("access_key_secret").ok_or_else(|| missing("access_key_secret"))?;
                Ok(Credentials::new(id.as_str(), secret.as_str()))
            }
            Some(other) => Err(invalid(format!(
                "[{name}] in {}: type {other:?} is not supported (ramkit reads access_key)",
                path.display()
            ))),
            None => Err(missing("type")),
        }
    }

    /// The file to read, its text, and whether the environment named it.
    fn find(&self) -> Result<(PathBuf, String, bool), CredentialsError> {
        if let Some(path) = self.env.get(FILE) {
            let path = PathBuf::from(path);
            return match read_optional(&path)? {
                Some(text) => Ok((path, text, true)),
                None => Err(invalid(format!(
                    "{FILE} names {}, which does not exist",
                    path.display()
                ))),
            };
        }
        let Some(home) = &self.home else {
            return Err(not_configured(format!(
                "{FILE} is not set and there is no home directory"
            )));
        };
        let dir = home.join(".alibabacloud");
        for file in HOME_FILES {
            let path = dir.join(file);
            if let Some(text) = read_optional(&path)? {
                return Ok((path, text, false));
            }
        }
        Err(not_configured(format!(
            "{FILE} is not set and there is no {} or {}",
            dir.join(HOME_FILES[0]).display(),
            dir.join(HOME_FILES[1]).display()
        )))
    }
}

impl ProvideCredentials for CredentialsFileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(invalid(format!("cannot read {}: {e}", path.display()))),
    }
}

type Sections = HashMap<String, HashMap<String, String>>;

/// The tiny INI dialect the credentials file uses: `[section]`, `key = value`,
/// `#` and `;` comments, optional double quotes around a value. Keys before
/// the first section are ignored. A malformed line yields its number (never
/// its text, which may hold a secret).
fn parse_ini(text: &str) -> Result<Sections, usize> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for (index, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name.strip_suffix(']').ok_or(index + 1)?.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let (key, value) = line.split_once('=').ok_or(index + 1)?;
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        if let Some(section) = current.as_ref().and_then(|name| sections.get_mut(name)) {
            section.insert(key.trim().to_owned(), value.to_owned());
        }
    }
    Ok(sections)
}

fn not_configured(reason: String) -> CredentialsError {
    CredentialsError::NotConfigured { provider: NAME, reason }
}

fn invalid(reason: String) -> CredentialsError {
    CredentialsError::Invalid { provider: NAME, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_sections_keys_comments_and_quotes_are_parsed() {
        let text = "\u{feff}# comment\n[default]\r\ntype = access_key\n; other\naccess_key_id=\"id\"\n\n[other]\ntype=ecs_ram_role\n";
        let sections = parse_ini(text).unwrap();
        assert_eq!(sections["default"]["type"], "access_key");
        assert_eq!(sections["default"]["access_key_id"], "id");
        assert_eq!(sections["other"]["type"], "ecs_ram_role");
    }

    #[test]
    fn a_malformed_ini_line_is_reported_by_number() {
        assert_eq!(
            parse_ini("[default]\ntype = access_key\nsecret-without-equals\n"),
            Err(3)
        );
        assert_eq!(parse_ini("[default\n"), Err(1));
    }
}
