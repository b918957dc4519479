//! Control plane: reset, fixtures, snapshots (`/_ramkit/…`, unsigned).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiRequest, Object, OpenApi};

use crate::contract::ApiTags;
use crate::control::{Control, Fixture, FixtureError, LoadedAccount};
use crate::error::ApiError;
use crate::state::{Snapshot, Store};

/// A control-plane refusal: an [`ApiError`], so it answers in the cloud's
/// error JSON (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`) like
/// every other refusal of the mock; 400 with this code and message.
pub(super) fn bad(code: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::new(400, code.to_owned(), message.to_string())
}

/// A 404 control-plane refusal with this code and message.
pub(super) fn not_found(code: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::new(404, code.to_owned(), message.to_string())
}

/// A fixture, as YAML or JSON.
#[derive(Debug, ApiRequest)]
pub(super) enum FixtureBody {
    /// The fixture as JSON.
    Json(Json<serde_json::Value>),
    /// The fixture as YAML.
    #[oai(content_type = "application/yaml")]
    Yaml(PlainText<String>),
    /// The fixture as YAML or JSON text.
    Text(PlainText<String>),
}

/// An account a fixture created.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct CreatedAccount {
    /// The account id.
    pub account_id: String,
    /// Its root AccessKey ids (the secrets are those of the fixture).
    pub access_key_ids: Vec<String>,
}

impl From<LoadedAccount> for CreatedAccount {
    fn from(a: LoadedAccount) -> Self {
        Self {
            account_id: a.account_id,
            access_key_ids: a.access_key_ids,
        }
    }
}

/// What a fixture created.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct FixtureLoaded {
    /// The accounts created, in fixture order.
    pub accounts: Vec<CreatedAccount>,
}

/// How many accounts and keys the store holds after a change.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct StateSummary {
    /// Accounts.
    pub accounts: u64,
    /// AccessKeys.
    pub access_keys: u64,
}

fn summary(store: &Store) -> StateSummary {
    StateSummary {
        accounts: store.account_count() as u64,
        access_keys: store.access_key_count() as u64,
    }
}

/// Reset, fixtures and snapshots.
#[derive(Debug)]
pub(crate) struct ControlStateApi;

#[OpenApi(prefix_path = "/_ramkit", tag = "ApiTags::Control")]
impl ControlStateApi {
    /// Resets everything.
    ///
    /// Goes back to the state the server started with (its default account,
    /// with the same root AccessKey, and the start-up fixture or state file),
    /// sets the clock as it was then, and clears fault rules and the request log.
    #[oai(path = "/reset", method = "post", operation_id = "Control_Reset")]
    async fn reset(&self, control: Data<&Arc<Control>>) -> Json<StateSummary> {
        control.reset();
        Json(summary(control.store()))
    }

    /// Resets one account.
    ///
    /// An account that existed at start goes back to its start state and
    /// AccessKeys; one created later becomes a new account that keeps only
    /// its root AccessKeys.
    #[oai(
        path = "/accounts/:account_id/reset",
        method = "post",
        operation_id = "Control_ResetAccount"
    )]
    async fn reset_account(
        &self,
        control: Data<&Arc<Control>>,
        /// The 16-digit account id.
        account_id: Path<String>,
    ) -> Result<Json<StateSummary>, ApiError> {
        if control.reset_account(&account_id.0) {
            Ok(Json(summary(control.store())))
        } else {
            Err(not_found("AccountNotFound", format!("no account {}", account_id.0)))
        }
    }

    /// Loads a fixture.
    ///
    /// Creates the fixture's accounts with their root AccessKeys and password
    /// policies, all or none: an invalid fixture, or one whose account or key
    /// ids are taken, creates nothing. Accepts YAML (`application/yaml`,
    /// `text/plain`) or JSON. Schema: README, section "Control plane".
    #[oai(path = "/fixture", method = "post", operation_id = "Control_LoadFixture")]
    async fn load_fixture(
        &self,
        control: Data<&Arc<Control>>,
        body: FixtureBody,
    ) -> Result<Json<FixtureLoaded>, ApiError> {
        let fixture = match body {
            FixtureBody::Json(Json(value)) => {
                serde_json::from_value(value).map_err(|e| FixtureError::Malformed(e.to_string()))
            }
            FixtureBody::Yaml(PlainText(text)) | FixtureBody::Text(PlainText(text)) => Fixture::parse(&text),
        }
        .map_err(|e| bad("InvalidFixture", e))?;
        let loaded = control.apply_fixture(&fixture).map_err(|e| match e {
            FixtureError::Conflict(e) => bad("FixtureConflict", e),
            e => bad("InvalidFixture", e),
        })?;
        Ok(Json(FixtureLoaded {
            accounts: loaded.into_iter().map(Into::into).collect(),
        }))
    }

    /// Exports the whole state.
    ///
    /// Every account's state and every AccessKey, with its secret (the
    /// mock's own test data; passwords only as salted hashes), the clock
    /// and a `format_version`. Fault rules, the request log and nonces are
    /// not state and are left out.
    #[oai(path = "/snapshot", method = "get", operation_id = "Control_ExportSnapshot")]
    async fn export_snapshot(&self, control: Data<&Arc<Control>>) -> Json<serde_json::Value> {
        Json(serde_json::to_value(control.snapshot()).unwrap_or_default())
    }

    /// Imports a snapshot.
    ///
    /// Replaces the whole state with the snapshot's, or changes nothing when
    /// the snapshot is refused (an unknown `format_version`, a malformed or
    /// inconsistent snapshot).
    #[oai(path = "/snapshot", method = "put", operation_id = "Control_ImportSnapshot")]
    async fn import_snapshot(
        &self,
        control: Data<&Arc<Control>>,
        body: Json<serde_json::Value>,
    ) -> Result<Json<StateSummary>, ApiError> {
        let snapshot = Snapshot::from_value(body.0).map_err(|e| bad("InvalidSnapshot", e))?;
        control.import(snapshot).map_err(|e| bad("InvalidSnapshot", e))?;
        Ok(Json(summary(control.store())))
    }
}
