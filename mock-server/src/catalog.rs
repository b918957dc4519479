//! The actions the mock serves: their wire identity and the codes each can
//! return besides the gateway's. Adding an action means one line here and one
//! poem-openapi operation at `/{product}/{version}/{Action}`.

use crate::error::ErrorCode;

/// One action's wire identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionSpec {
    /// Product code as the cloud writes it (`Ram`); lower-cased in the path.
    pub product: &'static str,
    /// API version.
    pub version: &'static str,
    /// Action name, case-sensitive.
    pub action: &'static str,
    /// True when the action changes nothing.
    pub read_only: bool,
    /// Codes the action itself can return (validation codes are derived
    /// from its parameters, gateway codes are common to all).
    pub errors: &'static [ErrorCode],
}

impl ActionSpec {
    /// The routable path of the operation in the document.
    pub fn path(&self) -> String {
        format!(
            "/{}/{}/{}",
            self.product.to_ascii_lowercase(),
            self.version,
            self.action
        )
    }
}

const fn ram(action: &'static str, read_only: bool, errors: &'static [ErrorCode]) -> ActionSpec {
    ActionSpec {
        product: "Ram",
        version: "2015-05-01",
        action,
        read_only,
        errors,
    }
}

/// Every action, in document order.
pub const ACTIONS: &[ActionSpec] = &[
    ram("GetPasswordPolicy", true, &[]),
    ram("SetPasswordPolicy", false, &[]),
];

/// The products and versions the mock knows, for `InvalidVersion`.
pub fn known_version(version: &str) -> bool {
    ACTIONS.iter().any(|a| a.version == version)
}
