//! Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and `ALIBABA_CLOUD_SECURITY_TOKEN`, as
//! Alibaba's own SDKs and CLI read them. An empty variable counts as absent.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};

const ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Where environment variables are read: the process, or a map (tests).
#[derive(Clone)]
pub struct Env(Source);

#[derive(Clone)]
enum Source {
    Process,
    Map(Arc<HashMap<String, String>>),
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values may be secrets: never shown.
        match &self.0 {
            Source::Process => f.write_str("Env(process)"),
            Source::Map(m) => write!(f, "Env(map of {} variables)", m.len()),
        }
    }
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Self(Source::Process)
    }

    /// A fixed set of variables, for tests and embedding.
    pub fn from_map<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Self(Source::Map(Arc::new(
            vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        )))
    }

    /// A variable's value; empty counts as absent.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.0 {
            Source::Process => std::env::var(name).ok(),
            Source::Map(m) => m.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }
}

/// Reads credentials from the environment on every call.
#[derive(Clone, Debug)]
pub struct EnvironmentProvider {
    env: Env,
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new(Env::process())
    }
}

impl EnvironmentProvider {
    /// A provider over `env`.
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    /// The credentials the environment holds now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        const NAME: &str = "environment";
        match (self.env.get(ID), self.env.get(SECRET)) {
            (None, None) => Err(CredentialsError::NotConfigured {
                provider: NAME,
                reason: format!("{ID} is not set"),
            }),
            (Some(_), None) => Err(CredentialsError::Invalid {
                provider: NAME,
                reason: format!("{ID} is set but {SECRET} is not"),
            }),
            (None, Some(_)) => Err(CredentialsError::Invalid {
                provider: NAME,
                reason: format!("{SECRET} is set but {ID} is not"),
            }),
            (Some(id), Some(secret)) => {
                let creds = Credentials::new(id, secret);
                Ok(match self.env.get(TOKEN) {
                    Some(token) => creds.with_security_token(token),
                    None => creds,
                })
            }
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_credentials_are_read_with_their_token() {
        let env = Env::from_map([(ID, "LTAI5tX"), (SECRET, "s"), (TOKEN, "t")]);
        let creds = EnvironmentProvider::new(env).load().unwrap();
        assert_eq!(creds.access_key_id(), "LTAI5tX");
        assert_eq!(creds.access_key_secret().expose(), "s");
        assert_eq!(creds.security_token().map(|t| t.expose()), Some("t"));
    }

    #[test]
    fn empty_environment_variables_count_as_absent() {
        let env = Env::from_map([(ID, ""), (SECRET, "")]);
        assert!(matches!(
            EnvironmentProvider::new(env).load(),
            Err(CredentialsError::NotConfigured { .. })
        ));
        let env = Env::from_map([(ID, "a"), (SECRET, "b"), (TOKEN, "")]);
        assert_eq!(EnvironmentProvider::new(env).load().unwrap().security_token(), None);
    }

    #[test]
    fn an_id_without_a_secret_is_a_broken_configuration() {
        let env = Env::from_map([(ID, "LTAI5tX")]);
        let err = EnvironmentProvider::new(env).load().unwrap_err();
        assert!(matches!(err, CredentialsError::Invalid { .. }));
        assert!(err.to_string().contains(SECRET));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let env = Env::from_map([(ID, "LTAI5tX"), (SECRET, "very-secret"), (TOKEN, "tok-secret")]);
        let creds = EnvironmentProvider::new(env.clone()).load().unwrap();
        for shown in [
            format!("{creds:?}"),
            format!("{env:?}"),
            format!("{:?}", EnvironmentProvider::new(env)),
        ] {
            assert!(
                !shown.contains("very-secret") && !shown.contains("tok-secret"),
                "{shown}"
            );
        }
    }
}
