//! The control plane under `/_ramkit/`: outside the Alibaba contract,
//! unsigned, for people and test suites driving the mock.

use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use crate::contract::ApiTags;

/// The mock's health.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// The mock's version.
    pub version: String,
}

/// Control-plane operations.
#[derive(Debug)]
pub(crate) struct ControlApi;

#[OpenApi(prefix_path = "/_ramkit", tag = "ApiTags::Control")]
impl ControlApi {
    /// Health and version.
    #[oai(path = "/health", method = "get", operation_id = "Control_Health")]
    async fn health(&self) -> Json<Health> {
        Json(Health {
            status: "ok".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
    }
}
