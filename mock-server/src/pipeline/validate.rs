//! Stage 4: the request's parameters against the document's rules
//! ([`crate::contract`]), each checked once. Returns the parameters the
//! operation takes, in canonical form and document order; unknown
//! parameters are ignored, as the cloud ignores them. The first refusal
//! answers, in document order of the parameters.

use crate::contract::Operation;
use crate::error::ApiError;

/// The parameters that passed: wire name and canonical value, as the
/// operation reads them.
pub(super) type Checked = Vec<(String, String)>;

/// Checks `params` against `operation`'s rules.
pub(super) fn validate(operation: &Operation, params: &[(String, String)]) -> Result<Checked, ApiError> {
    let mut out = Vec::with_capacity(operation.params.len());
    for rule in &operation.params {
        let value = params.iter().find(|(k, _)| *k == rule.name).map(|(_, v)| v.as_str());
        match value {
            None | Some("") if rule.required => return Err(rule.missing_error()),
            None => {}
            Some(v) => out.push((rule.name.clone(), rule.check(v)?)),
        }
    }
    Ok(out)
}
