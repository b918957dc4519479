//! The one OpenAPI service: the cloud's actions and the control plane,
//! whose metadata is the contract and whose document is committed under
//! `openapi/`. Built once per process; servers share it (state comes with
//! each request).

use std::sync::{Arc, OnceLock};

use poem::endpoint::BoxEndpoint;
use poem_openapi::{OpenApi, OpenApiService};

use crate::actions;
use crate::contract::{ActionSpec, Contract};
use crate::control;

/// Every operation of the document, in document order.
type Everything = (
    actions::RamApi,
    control::http::Api,
    actions::AccountApi,
    control::http::OutboxApi,
);

fn service() -> OpenApiService<Everything, ()> {
    OpenApiService::new(
        (
            actions::ram_api(),
            control::http::api(),
            actions::AccountApi,
            control::http::OutboxApi,
        ),
        "ramkit",
        env!("CARGO_PKG_VERSION"),
    )
    .description(include_str!("contract/description.md"))
}

/// Every action the mock serves, in document order.
pub(crate) fn catalogue() -> &'static [&'static ActionSpec] {
    static CATALOGUE: OnceLock<Vec<&'static ActionSpec>> = OnceLock::new();
    CATALOGUE.get_or_init(actions::catalogue)
}

/// The contract, built on first use.
pub(crate) fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| Contract::build(<Everything as OpenApi>::meta(), catalogue(), || service().spec()))
}

/// The document, as committed.
pub(crate) fn document_json() -> &'static str {
    contract().json()
}

/// Swagger UI showing the document.
pub(crate) fn swagger_ui_html() -> String {
    contract().swagger_ui_html(&service().swagger_ui_html())
}

/// The control plane's operations behind poem-openapi's router, built once.
pub(crate) fn control_endpoint() -> Arc<BoxEndpoint<'static>> {
    static CONTROL: OnceLock<Arc<BoxEndpoint<'static>>> = OnceLock::new();
    Arc::clone(CONTROL.get_or_init(|| {
        use poem::IntoEndpoint;
        let ops = (control::http::api(), control::http::OutboxApi);
        Arc::new(OpenApiService::new(ops, "ramkit", env!("CARGO_PKG_VERSION")).into_endpoint())
    }))
}
