//! The catalogue: every action's wire identity and the codes it can return,
//! as each action group declares them with `#[actions(Product)]` and
//! `#[action(...)]` (the `ramkit-mock-macros` crate). Nothing here is
//! written by hand per action.

use crate::error::{ErrorCode, gateway};

/// One action's wire identity and its codes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ActionSpec {
    /// Product code as the cloud writes it (`Ram`); lower-cased in the path.
    pub(crate) product: &'static str,
    /// API version.
    pub(crate) version: &'static str,
    /// Action name, case-sensitive.
    pub(crate) action: &'static str,
    /// True when the action changes nothing.
    pub(crate) read_only: bool,
    /// Codes the action itself can return, single codes or groups
    /// (validation codes are derived from its parameters, gateway codes are
    /// common to all, `NoPermission` of root-only actions from `root_only`).
    pub(crate) errors: &'static [&'static dyn Codes],
    /// Only the account's root principal may call it: RAM users and role
    /// sessions get `NoPermission`, whatever their policies.
    pub(crate) root_only: bool,
    /// ramkit's own action: Alibaba Cloud publishes no API for it. The
    /// document marks it `x-ramkit-extension: true`.
    pub(crate) extension: bool,
}

/// A code, or a group of codes, an action declares.
pub(crate) trait Codes: Sync {
    /// The codes, in declaration order.
    fn codes(&self) -> &[ErrorCode];
}

impl Codes for ErrorCode {
    fn codes(&self) -> &[ErrorCode] {
        std::slice::from_ref(self)
    }
}

impl<const N: usize> Codes for [ErrorCode; N] {
    fn codes(&self) -> &[ErrorCode] {
        self
    }
}

impl std::fmt::Debug for dyn Codes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.codes().iter().map(|c| c.code)).finish()
    }
}

impl ActionSpec {
    /// The routable path of the operation in the document.
    pub(crate) fn path(&self) -> String {
        format!(
            "/{}/{}/{}",
            self.product.to_ascii_lowercase(),
            self.version,
            self.action
        )
    }

    /// The codes the action itself can return, in declaration order.
    pub(crate) fn own_errors(&self) -> impl Iterator<Item = &'static ErrorCode> + '_ {
        let root_only = self.root_only.then_some(&crate::error::ROOT_ONLY);
        root_only.into_iter().chain(self.errors.iter().flat_map(|c| c.codes()))
    }

    /// Whether the action may answer `code`: one of its own, of its
    /// parameters (`rules`), or of the gateway.
    pub(crate) fn may_return(&self, code: &str, rules: &[super::ParamRule]) -> bool {
        self.own_errors().any(|e| e.code == code)
            || gateway::ALL.iter().any(|e| e.code == code)
            || rules.iter().any(|r| r.errors().iter().any(|e| e.code() == code))
    }
}

/// A group of actions: an `impl` block under `#[actions(Product)]`.
pub(crate) trait ActionGroup {
    /// The group's actions, in declaration order.
    const ACTIONS: &'static [ActionSpec];
}

/// GetUser's declaration as written by hand, for tests of what reads
/// declarations.
#[cfg(test)]
pub(crate) const GET_USER: ActionSpec = ActionSpec {
    product: "Ram",
    version: "2015-05-01",
    action: "GetUser",
    read_only: true,
    errors: &[&crate::error::ram::USER_NOT_FOUND],
    root_only: false,
    extension: false,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::account;

    #[test]
    fn an_action_may_return_its_own_codes_and_the_gateways_but_no_other() {
        assert!(GET_USER.may_return("EntityNotExist.User", &[]));
        assert!(GET_USER.may_return("SignatureDoesNotMatch", &[]));
        assert!(!GET_USER.may_return("EntityAlreadyExists.User", &[]));
    }

    #[test]
    fn a_root_only_action_lists_no_permission_first_and_expands_code_groups() {
        let spec = ActionSpec {
            root_only: true,
            errors: &[&account::IDENTITY, &account::EMAIL_TAKEN],
            ..GET_USER
        };
        let codes: Vec<&str> = spec.own_errors().map(|e| e.code).collect();
        assert_eq!(codes[0], "NoPermission");
        assert_eq!(codes.len(), 1 + account::IDENTITY.len() + 1);
        assert_eq!(codes.last(), Some(&"EntityAlreadyExists.Email"));
    }
}
