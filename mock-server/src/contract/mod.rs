//! The contract in one place: the catalogue of actions (their wire identity
//! and codes, [`catalogue`]), the parameter rules ([`rules`]) and the
//! document they are rendered into ([`document`]). All three come from the
//! typed operations' poem-openapi metadata and their `#[action]`
//! declarations, so the document, the checks and the catalogue cannot drift
//! apart. The contract knows nothing of HTTP requests; the pipeline asks it.

mod catalogue;
mod document;
mod rules;

use std::collections::HashMap;
use std::sync::OnceLock;

use poem_openapi::Tags;
use poem_openapi::registry::{MetaApi, MetaParamIn};

#[cfg(test)]
pub(crate) use catalogue::GET_USER;
pub(crate) use catalogue::{ActionGroup, ActionSpec};
pub(crate) use rules::ParamRule;

use document::Document;

/// Tags grouping the document's operations.
#[derive(Debug, Tags)]
pub(crate) enum ApiTags {
    /// Resource Access Management, version 2015-05-01: the cloud's own actions.
    Ram,
    /// ramkit's own product for the root account's settings (logon email,
    /// mobile, password, basic information), version 2026-11-01: a ramkit
    /// extension, Alibaba Cloud publishes no API for these.
    RamkitAccount,
    /// ramkit-mock's control plane, outside the Alibaba contract (unsigned).
    Control,
}

/// The per-operation rules, and the document they are part of.
///
/// The rules come straight from poem-openapi's metadata (no JSON), so a
/// process can answer its first request without rendering the document; the
/// document is rendered on first use (`/openapi.json`, `/docs`, the drift
/// test), from the same metadata and annotated with the same rules.
pub(crate) struct Contract {
    document: OnceLock<Document>,
    render: fn() -> String,
    operations: HashMap<&'static str, HashMap<&'static str, Operation>>,
}

impl std::fmt::Debug for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contract")
            .field("operations", &self.operations.values().map(HashMap::len).sum::<usize>())
            .finish_non_exhaustive()
    }
}

/// One operation: its action and its parameter rules.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The action's identity.
    pub(crate) spec: &'static ActionSpec,
    /// The routable path.
    pub(crate) path: String,
    /// Its query parameters, in document order.
    pub(crate) params: Vec<ParamRule>,
}

impl Contract {
    /// The contract of the operations described by `apis` (poem-openapi's
    /// metadata of the whole service) whose catalogue is `actions`;
    /// `render` renders the service's document as poem-openapi writes it.
    ///
    /// # Panics
    ///
    /// When an action of the catalogue has no operation at its path: the
    /// `#[actions]` macro writes both, so this is a bug of the mock.
    pub(crate) fn build(apis: Vec<MetaApi>, actions: &[&'static ActionSpec], render: fn() -> String) -> Self {
        let mut rules: HashMap<String, Vec<ParamRule>> = HashMap::new();
        for api in apis {
            for path in api.paths {
                for op in &path.operations {
                    let params = op
                        .params
                        .iter()
                        .filter(|p| p.in_type == MetaParamIn::Query)
                        .map(ParamRule::from_meta)
                        .collect();
                    rules.insert(path.path.clone(), params);
                }
            }
        }
        let mut operations = HashMap::new();
        for &spec in actions {
            let path = spec.path();
            let params = rules
                .remove(&path)
                .unwrap_or_else(|| panic!("catalogue action {} has no operation at {path}", spec.action));
            operations
                .entry(spec.version)
                .or_insert_with(HashMap::new)
                .insert(spec.action, Operation { spec, path, params });
        }
        Self {
            document: OnceLock::new(),
            render,
            operations,
        }
    }

    /// Whether any product the mock serves has this version (else
    /// `InvalidVersion`).
    pub(crate) fn knows_version(&self, version: &str) -> bool {
        self.operations.contains_key(version)
    }

    /// Every operation, in no particular order.
    pub(crate) fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.values().flat_map(HashMap::values)
    }

    fn document(&self) -> &Document {
        self.document.get_or_init(|| Document::render(self, (self.render)()))
    }

    /// The document as committed under `openapi/`.
    pub(crate) fn json(&self) -> &str {
        &self.document().json
    }

    /// Swagger UI showing this document, from poem-openapi's page for the
    /// undecorated one.
    pub(crate) fn swagger_ui_html(&self, undecorated_page: &str) -> String {
        let doc = self.document();
        undecorated_page.replace(&doc.raw_json, &doc.json)
    }
}
