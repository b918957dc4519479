//! The Alibaba Cloud CLI's profiles, `~/.aliyun/config.json`, read as the
//! official credentials libraries read them (`credentials-go`
//! `providers/cli_profile.go`): the profile named by `ALIBABA_CLOUD_PROFILE`,
//! else the file's `current`; skipped when
//! `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tokio::sync::OnceCell;

use super::{Credentials, CredentialsError, Env, ProvideCredentials, ProvideFuture};

const NAME: &str = "CLI profile";
const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
const DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// The part of the CLI's `config.json` that holds credentials.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    current: String,
    #[serde(default)]
    profiles: Vec<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
}

/// Credentials from a profile of the Alibaba Cloud CLI (`~/.aliyun/config.json`).
///
/// Modes `AK` and `StsToken` are supported; any other mode is a broken
/// configuration (the chain stops and says so). The file is read until it
/// yields credentials once; they are kept from then on.
#[derive(Debug)]
pub struct ProfileProvider {
    env: Env,
    home: Option<PathBuf>,
    cached: OnceCell<Credentials>,
}

impl ProfileProvider {
    /// A provider reading `<home>/.aliyun/config.json`, with `env` for
    /// `ALIBABA_CLOUD_PROFILE` and `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`.
    pub fn new(env: Env, home: Option<PathBuf>) -> Self {
        Self {
            env,
            home,
            cached: OnceCell::new(),
        }
    }

    /// The selected profile's credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.cached.get_or_try_init(|| async { self.read() }).await.cloned()
    }

    fn read(&self) -> Result<Credentials, CredentialsError> {
        if self.env.get(DISABLED).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            return Err(not_configured(format!("disabled by {DISABLED}=true")));
        }
        let Some(home) = &self.home else {
            return Err(not_configured("no home directory".to_owned()));
        };
        let path = home.join(".aliyun").join("config.json");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(not_configured(format!("no file at {}", path.display())));
            }
            Err(e) => return Err(invalid(format!("cannot read {}: {e}", path.display()))),
        };
        // Only the position: serde's message may quote a value, and values are secrets.
        let file: ConfigFile = serde_json::from_str(&text).map_err(|e| {
            invalid(format!(
                "{} is not a valid CLI configuration (line {}, column {})",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        let (name, from_env) = match self.env.get(PROFILE) {
            Some(name) => (name, true),
            None => (file.current.clone(), false),
        };
        if name.is_empty() {
            return Err(not_configured(format!(
                "{} has no current profile and {PROFILE} is not set",
                path.display()
            )));
        }
        match file.profiles.iter().find(|p| p.name == name) {
            Some(profile) => profile.credentials(&path),
            // The variable is shared with the credentials file: its profile may live there.
            None if from_env => Err(not_configured(format!(
                "{} has no profile '{name}' (named by {PROFILE})",
                path.display()
            ))),
            None => Err(invalid(format!(
                "{}: the current profile '{name}' is not in the file",
                path.display()
            ))),
        }
    }
}

impl Profile {
    fn credentials(&self, path: &Path) -> Result<Credentials, CredentialsError> {
        let missing = |field: &str| {
            invalid(format!(
                "profile '{}' in {} (mode {}) has no {field}",
                self.name,
                path.display(),
                self.mode
            ))
        };
        let pair = || {
            if self.access_key_id.is_empty() {
                return Err(missing("access_key_id"));
            }
            if self.access_key_secret.is_empty() {
                return Err(missing("access_key_secret"));
            }
            Ok(Credentials::new(
                self.access_key_id.as_str(),
                self.access_key_secret.as_str(),
            ))
        };
        match self.mode.as_str() {
            "AK" => pair(),
            "StsToken" => {
                let creds = pair()?;
                if self.sts_token.is_empty() {
                    return Err(missing("sts_token"));
                }
                Ok(creds.with_security_token(self.sts_token.as_str()))
            }
            other => Err(invalid(format!(
                "profile '{}' in {}: mode {other:?} is not supported (ramkit reads AK and StsToken)",
                self.name,
                path.display()
            ))),
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

fn not_configured(reason: String) -> CredentialsError {
    CredentialsError::NotConfigured { provider: NAME, reason }
}

fn invalid(reason: String) -> CredentialsError {
    CredentialsError::Invalid { provider: NAME, reason }
}
