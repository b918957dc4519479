//! Credentials given in code.

use super::{Credentials, ProvideCredentials, ProvideFuture};

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let creds = self.clone();
        Box::pin(async move { Ok(creds) })
    }
}
