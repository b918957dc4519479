//! What the document says of each parameter, as rules the validate stage
//! checks: required, integer bounds, string lengths and patterns. They are
//! read from poem-openapi's metadata, that is from the parameter types of
//! `actions::params`, so the document and the checks cannot disagree; each
//! distinct pattern is compiled once per process, when the contract is
//! built, never on the request path. The codes a rule can answer are next to
//! the check that answers them, and the document lists them from here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use poem_openapi::registry::{MetaOperationParam, MetaSchemaRef};

use crate::error::{ApiError, gateway};

/// What the document says about one parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParamRule {
    /// The wire name.
    pub(crate) name: String,
    /// Must be present (and non-empty).
    pub(crate) required: bool,
    /// Its type and bounds.
    pub(crate) kind: ParamKind,
}

/// A parameter's type and bounds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamKind {
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
        /// The document's `pattern`, compiled.
        pattern: Option<Pattern>,
    },
}

/// A parameter's `pattern`, compiled once per process and shared by every
/// parameter with the same pattern.
#[derive(Clone)]
pub(crate) struct Pattern {
    source: String,
    regex: Arc<regex::Regex>,
}

impl Pattern {
    /// The compiled pattern for `source` (compiled on the first call for it).
    pub(crate) fn new(source: &str) -> Self {
        static COMPILED: OnceLock<Mutex<HashMap<String, Arc<regex::Regex>>>> = OnceLock::new();
        let mut compiled = COMPILED
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let regex = compiled
            .entry(source.to_owned())
            .or_insert_with(|| {
                Arc::new(regex::Regex::new(source).unwrap_or_else(|e| panic!("the pattern {source} is invalid: {e}")))
            })
            .clone();
        Self {
            source: source.to_owned(),
            regex,
        }
    }

    fn is_match(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl ParamRule {
    /// A query parameter's rule, from poem-openapi's metadata.
    pub(crate) fn from_meta(p: &MetaOperationParam) -> Self {
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
        Self {
            name: p.name.clone(),
            required: p.required,
            kind,
        }
    }

    /// Checks one value and returns it in canonical form (booleans
    /// lower-case, integers plain decimal).
    pub(crate) fn check(&self, value: &str) -> Result<String, ApiError> {
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

    /// `Missing<Name>`.
    pub(crate) fn missing_error(&self) -> ApiError {
        gateway::missing(&self.name)
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

    /// The codes a request can get for this parameter: exactly those
    /// [`ParamRule::check`] and [`ParamRule::missing_error`] answer.
    pub(crate) fn errors(&self) -> Vec<ApiError> {
        let mut errors = Vec::new();
        if self.required {
            errors.push(self.missing_error());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_is_compiled_once_and_shared_by_every_parameter_that_has_it() {
        let a = Pattern::new("^[a-z]+$");
        let b = Pattern::new("^[a-z]+$");
        assert!(Arc::ptr_eq(&a.regex, &b.regex));
        assert!(a.is_match("abc"));
        assert!(!a.is_match("ab c"));
    }
}
