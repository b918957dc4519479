//! A change of the root's logon email or mobile, the one sequence both
//! follow: check both proofs, claim the new address in its global index (so
//! no other account can take it meanwhile), then under the account's lock
//! check the proofs again, use them up and set the address; release the old
//! address after, or the new one if the commit failed. No account lock is
//! held while an index is locked.

use super::proofs::Proofs;
use crate::actions::ActionCtx;
use crate::error::{ApiError, ErrorCode, account as codes};
use crate::state::{AccountScope, RootProfile};

/// Which of the root's contacts changes.
#[derive(Clone, Copy, Debug)]
pub(super) enum Contact {
    /// The logon email: unique across accounts, compared without case.
    Email,
    /// The mobile: bound to at most six accounts.
    Mobile,
}

impl Contact {
    fn slot(self, root: &mut RootProfile) -> &mut Option<String> {
        match self {
            Self::Email => &mut root.logon_email,
            Self::Mobile => &mut root.mobile,
        }
    }

    fn same(self, a: &str, b: &str) -> bool {
        match self {
            Self::Email => a.eq_ignore_ascii_case(b),
            Self::Mobile => a == b,
        }
    }

    /// The codes for a new-address code that is incorrect, expired, already used.
    fn new_code_errors(self) -> [ErrorCode; 3] {
        match self {
            Self::Email => [
                codes::NEW_EMAIL_CODE_INCORRECT,
                codes::NEW_EMAIL_CODE_EXPIRED,
                codes::NEW_EMAIL_CODE_USED,
            ],
            Self::Mobile => [
                codes::NEW_MOBILE_CODE_INCORRECT,
                codes::NEW_MOBILE_CODE_EXPIRED,
                codes::NEW_MOBILE_CODE_USED,
            ],
        }
    }

    fn unchanged(self) -> ErrorCode {
        match self {
            Self::Email => codes::NEW_EMAIL_UNCHANGED,
            Self::Mobile => codes::NEW_MOBILE_UNCHANGED,
        }
    }

    fn claim(self, account: &AccountScope, address: &str) -> Result<(), ApiError> {
        match self {
            Self::Email => account.claim_email(address).map_err(|_| codes::EMAIL_TAKEN.err()),
            Self::Mobile => account.claim_mobile(address).map_err(|_| codes::MOBILE_FULL.err()),
        }
    }

    fn release(self, account: &AccountScope, address: &str) {
        match self {
            Self::Email => account.release_email(address),
            Self::Mobile => account.release_mobile(address),
        }
    }
}

/// What the owner sent to change a contact.
pub(super) struct Change<'a> {
    /// `Email`, `Mobile` or `Totp`.
    pub verify_type: &'a str,
    /// The identity code.
    pub verify_code: &'a str,
    /// The new email or mobile.
    pub new_address: &'a str,
    /// The code sent to it.
    pub new_code: &'a str,
}

/// Changes `contact` to `change.new_address`, once `check_new` accepts the
/// address for this account and both proofs hold.
pub(super) fn change_contact(
    ctx: &ActionCtx,
    contact: Contact,
    change: &Change<'_>,
    check_new: impl Fn(&RootProfile) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let new = change.new_address;
    let proof = Proofs {
        verify_type: change.verify_type,
        verify_code: change.verify_code,
        new_address: new,
        new_code: change.new_code,
        new_code_errors: contact.new_code_errors(),
    };
    let now = ctx.now();
    ctx.account.with_state(|s| {
        check_new(&s.root)?;
        if contact
            .slot(&mut s.root)
            .as_deref()
            .is_some_and(|c| contact.same(c, new))
        {
            return Err(contact.unchanged().err());
        }
        proof.check(&s.root, now).map(|_| ())
    })?;
    contact.claim(&ctx.account, new)?;
    let committed = ctx.account.with_state(|s| {
        let found = proof.check(&s.root, now)?;
        found.consume(&mut s.root, now);
        Ok::<_, ApiError>(contact.slot(&mut s.root).replace(new.to_owned()))
    });
    match committed {
        // A concurrent change of this account may have set the same address
        // already: that one stays claimed.
        Ok(old) => {
            if let Some(old) = old.filter(|o| !contact.same(o, new)) {
                contact.release(&ctx.account, &old);
            }
            Ok(())
        }
        Err(e) => {
            contact.release(&ctx.account, new);
            Err(e)
        }
    }
}
