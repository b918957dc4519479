//! The document: poem-openapi's rendering, annotated per operation with the
//! wire identity (`x-acs-product`, `x-acs-action`, `x-acs-version`,
//! `x-acs-read-only`) and every code it can return
//! (`x-acs-errors`: its parameters' rules, then its own declared codes), and
//! at the top with the gateway's codes common to all (`x-acs-common-errors`).

use serde_json::{Map, Value, json};

use super::{Contract, Operation};
use crate::error::{ErrorCode, gateway};

/// The rendered document.
#[derive(Debug)]
pub(super) struct Document {
    /// As committed.
    pub(super) json: String,
    /// As poem-openapi wrote it, before the annotations (Swagger UI embeds it).
    pub(super) raw_json: String,
}

impl Document {
    pub(super) fn render(contract: &Contract, raw_json: String) -> Self {
        let mut doc: Value = serde_json::from_str(&raw_json).expect("poem-openapi emits JSON");
        for operation in contract.operations() {
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
        Self { json, raw_json }
    }
}

fn annotate(op: &mut Map<String, Value>, operation: &Operation) {
    let spec = operation.spec;
    let mut errors: Vec<Value> = operation
        .params
        .iter()
        .flat_map(super::ParamRule::errors)
        .map(|e| json!({"Code": e.code(), "HttpStatus": e.status(), "Message": e.message()}))
        .collect();
    errors.extend(spec.own_errors().map(error_json));
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
mod tests {
    use serde_json::Value;

    use crate::contract::rules::{ParamKind, ParamRule, Pattern};

    /// A query parameter's rule, read back from the rendered document.
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

    #[test]
    fn the_rules_read_back_from_the_rendered_document_equal_the_metadata_rules() {
        let contract = crate::service::contract();
        let doc: Value = serde_json::from_str(contract.json()).expect("JSON");
        let mut checked = 0;
        for operation in contract.operations() {
            let pointer = format!("/paths/{}/post/parameters", operation.path.replace('/', "~1"));
            let from_doc: Vec<ParamRule> = doc
                .pointer(&pointer)
                .and_then(Value::as_array)
                .map(|ps| ps.iter().filter_map(param_rule).collect())
                .unwrap_or_default();
            assert_eq!(from_doc, operation.params, "{}", operation.path);
            checked += 1;
        }
        assert_eq!(checked, crate::service::catalogue().len());
    }
}
