//! The contract document: poem-openapi's document plus the wire identity and
//! error lists of each operation, built once per process. The same metadata
//! drives parameter validation, so the document and the behaviour cannot
//! drift apart.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::catalog::{ACTIONS, ActionSpec};
use crate::error::{ApiError, ErrorCode, gateway};

/// The per-operation rules, and the document they are part of.
///
/// The rules come straight from poem-openapi's metadata (no JSON), so a
/// process can answer its first request without rendering the document; the
/// document is rendered on first use (`/openapi.json`, `/docs`, the drift
/// test), from the same metadata and annotated with the same rules. A test
/// checks that rules read back from the document equal these.
#[derive(Debug)]
pub struct Contract {
    document: OnceLock<Document>,
    operations: HashMap<&'static str, HashMap<&'static str, Operation>>,
}

/// The rendered document.
#[derive(Debug)]
struct Document {
    json: String,
    raw_json: String,
}
/// One operation: its action and its parameter rules.
#[derive(Debug)]
pub struct Operation {
    /// The action's identity.
    pub spec: &'static ActionSpec,
    /// The routable path.
    pub path: String,
    /// Its query parameters, in document order.
    pub params: Vec<ParamRule>,
}

/// What the document says about one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamRule {
    /// The wire name.
    pub name: String,
    /// Must be present (and non-empty).
    pub required: bool,
    /// Its type and bounds.
    pub kind: ParamKind,
}

/// A parameter's type and bounds.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamKind {
    /// A decimal integer, optionally bounded.
    Integer {
        /// Smallest allowed value.
        min: Option<i64>,
        /// Largest allowed value.
        max: Option<i64>,
    },
    /// `true`/`false`, any case.
    Boolean,
    /// Text, optionally bounded in characters and matching a pattern.
    String {
        /// Fewest characters.
        min_len: Option<usize>,
        /// Most characters.
        max_len: Option<usize>,
        /// The document's `pattern`, compiled once.
        pattern: Option<Pattern>,
    },
}

/// A parameter's `pattern`, compiled on first use (a Unicode class costs
/// about a millisecond to compile: not something a cold start should pay
/// for parameters it may never see).
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: OnceLock<regex::Regex>,
}

impl Pattern {
    fn new(source: &str) -> Self {
        Self {
            source: source.to_owned(),
            regex: OnceLock::new(),
        }
    }

    fn is_match(&self, value: &str) -> bool {
        self.regex
            .get_or_init(|| regex::Regex::new(&self.source).unwrap_or_else(|e| panic!("pattern {}: {e}", self.source)))
            .is_match(value)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// The contract, built on first use.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(Contract::build)
}

impl Contract {
    fn build() -> Self {
        use poem_openapi::OpenApi;
        use poem_openapi::registry::MetaParamIn;

        let mut rules: HashMap<String, Vec<ParamRule>> = HashMap::new();
        for api in <crate::api::Api as OpenApi>::meta() {
            for path in api.paths {
                for op in &path.operations {
                    let params = op
                        .params
                        .iter()
                        .filter(|p| p.in_type == MetaParamIn::Query)
                        .map(meta_param_rule)
                        .collect();
                    rules.insert(path.path.clone(), params);
                }
            }
        }
        for path in rules.keys().filter(|p| !p.starts_with("/_ramkit")) {
            assert!(
                ACTIONS.iter().any(|a| &a.path() == path),
                "operation {path} is missing from the catalogue"
            );
        }
        let mut operations = HashMap::new();
        for spec in ACTIONS {
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
            operations,
        }
    }

    fn document(&self) -> &Document {
        self.document.get_or_init(|| {
            let raw_json = crate::api::service().spec();
            let mut doc: Value = serde_json::from_str(&raw_json).expect("poem-openapi emits JSON");
            for operation in self.operations.values().flat_map(HashMap::values) {
                let pointer = format!("/paths/{}/post", operation.path.replace('/', "~1"));
                if let Some(op) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                    annotate(op, operation);
                }
            }
            if let Some(root) = doc.as_object_mut() {
                root.insert(
                    "x-acs-common-errors".into(),
                    Value::Array(gateway::ALL.iter().map(error_json).collect()),
                );
            }
            let mut json = serde_json::to_string_pretty(&doc).expect("a JSON value serializes");
            json.push('\n');
            Document { json, raw_json }
        })
    }

    /// The document as committed under `openapi/`.
    pub fn json(&self) -> &str {
        &self.document().json
    }

    /// Swagger UI showing this document.
    pub fn swagger_ui_html(&self) -> String {
        let doc = self.document();
        crate::api::service()
            .swagger_ui_html()
            .replace(&doc.raw_json, &doc.json)
    }

    /// The operation for an action of a version.
    pub fn operation(&self, version: &str, action: &str) -> Option<&Operation> {
        self.operations.get(version)?.get(action)
    }
}

impl Operation {
    /// Checks the request's parameters against the document and returns the
    /// ones the operation takes, in canonical form (booleans lower-case,
    /// integers plain decimal). Unknown parameters are ignored, as the cloud
    /// ignores them.
    pub fn validate(&self, params: &[(String, String)]) -> Result<Vec<(&str, String)>, ApiError> {
        let mut out = Vec::with_capacity(self.params.len());
        for rule in &self.params {
            let value = params.iter().find(|(k, _)| *k == rule.name).map(|(_, v)| v.as_str());
            match value {
                None | Some("") if rule.required => return Err(gateway::missing(&rule.name)),
                None => {}
                Some(v) => out.push((rule.name.as_str(), rule.check(v)?)),
            }
        }
        Ok(out)
    }
}

impl ParamRule {
    fn check(&self, value: &str) -> Result<String, ApiError> {
        match self.kind {
            ParamKind::Boolean => match value.to_ascii_lowercase().as_str() {
                b @ ("true" | "false") => Ok(b.to_owned()),
                _ => Err(self.format_error()),
            },
            ParamKind::Integer { min, max } => {
                let n: i64 = value.trim().parse().map_err(|_| self.format_error())?;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    return Err(self.range_error(min, max));
                }
                Ok(n.to_string())
            }
            ParamKind::String {
                min_len,
                max_len,
                ref pattern,
            } => {
                let len = value.chars().count();
                if min_len.is_some_and(|m| len < m) || max_len.is_some_and(|m| len > m) {
                    return Err(self.length_error());
                }
                if pattern.as_ref().is_some_and(|p| !p.is_match(value)) {
                    return Err(self.pattern_error());
                }
                Ok(value.to_owned())
            }
        }
    }

    fn format_error(&self) -> ApiError {
        ApiError::new(
            400,
            format!("InvalidParameter.{}.Format", self.name),
            format!("The format of the parameter - \"{}\" is incorrect.", self.name),
        )
    }

    fn range_error(&self, min: Option<i64>, max: Option<i64>) -> ApiError {
        let (min, max) = (
            min.map_or("-".into(), |m| m.to_string()),
            max.map_or("-".into(), |m| m.to_string()),
        );
        ApiError::new(
            400,
            format!("InvalidParameter.{}.Range", self.name),
            format!(
                "The parameter - \"{}\" MUST be in the range of {min} and {max}.",
                self.name
            ),
        )
    }

    /// A value outside the pattern: `InvalidChars` for names (the cloud's
    /// code for `UserName`, `DisplayName`, `PolicyName`), `Format` for other
    /// values (`Email`, `MobilePhone`).
    fn pattern_error(&self) -> ApiError {
        if self.name.ends_with("Name") {
            ApiError::new(
                400,
                format!("InvalidParameter.{}.InvalidChars", self.name),
                format!("The parameter - \"{}\" contains invalid chars.", self.name),
            )
        } else {
            self.format_error()
        }
    }

    fn length_error(&self) -> ApiError {
        ApiError::new(
            400,
            format!("InvalidParameter.{}.Length", self.name),
            format!("The parameter - \"{}\" is beyond the length limit.", self.name),
        )
    }

    /// The codes a request can get for this parameter.
    fn errors(&self) -> Vec<ApiError> {
        let mut errors = Vec::new();
        if self.required {
            errors.push(gateway::missing(&self.name));
        }
        match self.kind {
            ParamKind::Boolean => errors.push(self.format_error()),
            ParamKind::Integer { min, max } => {
                errors.push(self.format_error());
                if min.is_some() || max.is_some() {
                    errors.push(self.range_error(min, max));
                }
            }
            ParamKind::String {
                min_len,
                max_len,
                ref pattern,
            } => {
                if min_len.is_some() || max_len.is_some() {
                    errors.push(self.length_error());
                }
                if pattern.is_some() {
                    errors.push(self.pattern_error());
                }
            }
        }
        errors
    }
}

/// A query parameter's rule, from poem-openapi's metadata.
fn meta_param_rule(p: &poem_openapi::registry::MetaOperationParam) -> ParamRule {
    use poem_openapi::registry::MetaSchemaRef;
    let kind = match &p.schema {
        MetaSchemaRef::Inline(schema) => match schema.ty {
            "integer" => ParamKind::Integer {
                min: schema.minimum.map(|f| f as i64),
                max: schema.maximum.map(|f| f as i64),
            },
            "boolean" => ParamKind::Boolean,
            _ => ParamKind::String {
                min_len: schema.min_length,
                max_len: schema.max_length,
                pattern: schema.pattern.as_deref().map(Pattern::new),
            },
        },
        MetaSchemaRef::Reference(_) => ParamKind::String {
            min_len: None,
            max_len: None,
            pattern: None,
        },
    };
    ParamRule {
        name: p.name.clone(),
        required: p.required,
        kind,
    }
}

/// A query parameter's rule, read back from the rendered document (the
/// test that the document and the metadata agree).
#[cfg(test)]
fn param_rule(p: &Value) -> Option<ParamRule> {
    if p.get("in")?.as_str()? != "query" {
        return None;
    }
    let schema = p.get("schema")?;
    let int = |k: &str| schema.get(k).and_then(Value::as_f64).map(|f| f as i64);
    let len = |k: &str| schema.get(k).and_then(Value::as_u64).map(|n| n as usize);
    let kind = match schema.get("type").and_then(Value::as_str) {
        Some("integer") => ParamKind::Integer {
            min: int("minimum"),
            max: int("maximum"),
        },
        Some("boolean") => ParamKind::Boolean,
        _ => ParamKind::String {
            min_len: len("minLength"),
            max_len: len("maxLength"),
            pattern: schema.get("pattern").and_then(Value::as_str).map(Pattern::new),
        },
    };
    Some(ParamRule {
        name: p.get("name")?.as_str()?.to_owned(),
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        kind,
    })
}

fn annotate(op: &mut Map<String, Value>, operation: &Operation) {
    let spec = operation.spec;
    let mut errors: Vec<Value> = operation
        .params
        .iter()
        .flat_map(ParamRule::errors)
        .map(|e| json!({"Code": e.code(), "HttpStatus": e.status(), "Message": e.message()}))
        .collect();
    errors.extend(spec.errors.iter().map(error_json));
    op.insert("x-acs-product".into(), json!(spec.product));
    op.insert("x-acs-action".into(), json!(spec.action));
    op.insert("x-acs-version".into(), json!(spec.version));
    op.insert("x-acs-read-only".into(), json!(spec.read_only));
    op.insert("x-acs-errors".into(), Value::Array(errors));
    if spec.root_only {
        op.insert("x-ramkit-root-only".into(), json!(true));
    }
    if spec.extension {
        op.insert("x-ramkit-extension".into(), json!(true));
    }
}

fn error_json(e: &ErrorCode) -> Value {
    json!({"Code": e.code, "HttpStatus": e.status, "Message": e.message})
}

#[cfg(test)]
mod agreement {
    use super::*;

    #[test]
    fn the_rules_read_back_from_the_rendered_document_equal_the_metadata_rules() {
        let contract = contract();
        let doc: Value = serde_json::from_str(contract.json()).expect("JSON");
        let mut checked = 0;
        for operation in contract.operations.values().flat_map(HashMap::values) {
            let pointer = format!("/paths/{}/post/parameters", operation.path.replace('/', "~1"));
            let from_doc: Vec<ParamRule> = doc
                .pointer(&pointer)
                .and_then(Value::as_array)
                .map(|ps| ps.iter().filter_map(param_rule).collect())
                .unwrap_or_default();
            assert_eq!(from_doc, operation.params, "{}", operation.path);
            checked += 1;
        }
        assert_eq!(checked, ACTIONS.len());
    }

    #[test]
    fn a_pattern_is_enforced_once_compiled_lazily() {
        let p = Pattern::new("^[a-z]+$");
        assert!(p.is_match("abc"));
        assert!(!p.is_match("ab c"));
    }
}
