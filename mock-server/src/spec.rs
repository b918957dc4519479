//! The contract document: poem-openapi's document plus the wire identity and
//! error lists of each operation, built once per process. The same metadata
//! drives parameter validation, so the document and the behaviour cannot
//! drift apart.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::catalog::{ACTIONS, ActionSpec};
use crate::error::{ApiError, ErrorCode, gateway};

/// The built document and the per-operation rules derived from it.
#[derive(Debug)]
pub struct Contract {
    json: String,
    raw_json: String,
    operations: HashMap<&'static str, HashMap<&'static str, Operation>>,
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

/// A parameter's `pattern`, compiled when the contract is built.
#[derive(Debug, Clone)]
pub struct Pattern(regex::Regex);

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// The contract, built on first use.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(Contract::build)
}

impl Contract {
    fn build() -> Self {
        let raw_json = crate::api::service().spec();
        let mut doc: Value = serde_json::from_str(&raw_json).expect("poem-openapi emits JSON");
        let mut operations = HashMap::new();
        for spec in ACTIONS {
            let path = spec.path();
            let op = doc
                .pointer_mut(&format!("/paths/{}/post", path.replace('/', "~1")))
                .and_then(Value::as_object_mut)
                .unwrap_or_else(|| panic!("catalogue action {} has no operation at {path}", spec.action));
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| ps.iter().filter_map(param_rule).collect())
                .unwrap_or_default();
            let operation = Operation { spec, path, params };
            annotate(op, &operation);
            operations
                .entry(spec.version)
                .or_insert_with(HashMap::new)
                .insert(spec.action, operation);
        }
        let paths: Vec<String> = doc["paths"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        for path in paths.iter().filter(|p| !p.starts_with("/_ramkit")) {
            assert!(
                ACTIONS.iter().any(|a| &a.path() == path),
                "operation {path} is missing from the catalogue"
            );
        }
        if let Some(root) = doc.as_object_mut() {
            root.insert(
                "x-acs-common-errors".into(),
                Value::Array(gateway::ALL.iter().map(error_json).collect()),
            );
        }
        let mut json = serde_json::to_string_pretty(&doc).expect("a JSON value serializes");
        json.push('\n');
        Self {
            json,
            raw_json,
            operations,
        }
    }

    /// The document as committed under `openapi/`.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Swagger UI showing this document.
    pub fn swagger_ui_html(&self) -> String {
        crate::api::service()
            .swagger_ui_html()
            .replace(&self.raw_json, &self.json)
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
                if pattern.as_ref().is_some_and(|p| !p.0.is_match(value)) {
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
            pattern: schema
                .get("pattern")
                .and_then(Value::as_str)
                .map(|p| Pattern(regex::Regex::new(p).unwrap_or_else(|e| panic!("pattern {p}: {e}")))),
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
