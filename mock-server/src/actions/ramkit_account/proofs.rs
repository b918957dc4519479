//! What the `RamkitAccount` changes check: the owner's identity (a code to
//! the current email or mobile, or TOTP), the new address's code, a new
//! mobile's shape and region, a new password's strength. Checks never use a
//! code up; the caller consumes what it found once the change is certain.

use crate::error::{ApiError, ErrorCode, account as codes};
use crate::state::{CodePurpose, CodeRefusal, RootProfile, mobile_country_code};

/// A proof of identity found, not yet used up.
#[derive(Clone, Copy)]
pub(super) enum Identity {
    /// The index of a code sent to the current email or mobile.
    Code(usize),
    /// The TOTP time step of the code.
    Totp(u64),
}

impl Identity {
    pub(super) fn consume(self, root: &mut RootProfile, now: i64) {
        match self {
            Self::Code(i) => root.codes.consume(i, now),
            Self::Totp(step) => {
                if let Some(t) = root.totp.as_mut() {
                    t.consume(step);
                }
            }
        }
    }
}

/// Checks the identity proof without using it up.
pub(super) fn identity(root: &RootProfile, verify_type: &str, code: &str, now: i64) -> Result<Identity, ApiError> {
    let refused = |r: CodeRefusal| match r {
        CodeRefusal::Incorrect => codes::VERIFY_CODE_INCORRECT.err(),
        CodeRefusal::Expired => codes::VERIFY_CODE_EXPIRED.err(),
        CodeRefusal::AlreadyUsed => codes::VERIFY_CODE_USED.err(),
    };
    let address = match verify_type {
        "Email" => root.logon_email.as_deref(),
        "Mobile" => root.mobile.as_deref(),
        "Totp" => {
            let totp = root.totp.as_ref().ok_or_else(|| codes::TOTP_NOT_BOUND.err())?;
            return totp.check(code, now).map(Identity::Totp).map_err(refused);
        }
        _ => return Err(codes::INVALID_VERIFY_TYPE.err()),
    };
    let address = address.ok_or_else(|| codes::VERIFY_CODE_INCORRECT.err())?;
    root.codes
        .check(address, CodePurpose::Identity, code, now)
        .map(Identity::Code)
        .map_err(refused)
}

/// The two proofs of a change of address: identity, and the new address's code.
pub(super) struct Proofs<'a> {
    pub verify_type: &'a str,
    pub verify_code: &'a str,
    pub new_address: &'a str,
    pub new_code: &'a str,
    /// Incorrect, expired, already used.
    pub new_code_errors: [ErrorCode; 3],
}

/// Both proofs, found.
pub(super) struct Found {
    identity: Identity,
    new_code: usize,
}

impl Found {
    pub(super) fn consume(self, root: &mut RootProfile, now: i64) {
        self.identity.consume(root, now);
        root.codes.consume(self.new_code, now);
    }
}

impl Proofs<'_> {
    pub(super) fn check(&self, root: &RootProfile, now: i64) -> Result<Found, ApiError> {
        let identity = identity(root, self.verify_type, self.verify_code, now)?;
        let [incorrect, expired, used] = self.new_code_errors;
        let new_code = root
            .codes
            .check(self.new_address, CodePurpose::NewAddress, self.new_code, now)
            .map_err(|r| match r {
                CodeRefusal::Incorrect => incorrect.err(),
                CodeRefusal::Expired => expired.err(),
                CodeRefusal::AlreadyUsed => used.err(),
            })?;
        Ok(Found { identity, new_code })
    }
}

/// A new mobile: well formed, and of the registration country/region.
pub(super) fn check_mobile(mobile: &str, registration_country_code: &str) -> Result<(), ApiError> {
    match mobile_country_code(mobile) {
        None => Err(codes::NEW_MOBILE_FORMAT.err()),
        Some(cc) if cc != registration_country_code => Err(codes::NEW_MOBILE_REGION.err()),
        Some(_) => Ok(()),
    }
}

/// At least three of the four character classes.
pub(super) fn strong_enough(password: &str) -> bool {
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    classes.iter().filter(|&&c| c).count() >= 3
}

/// `a***@example.com`.
pub(super) fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_needs_three_character_classes() {
        assert!(strong_enough("Abcdefg1"));
        assert!(strong_enough("abcdefg1!"));
        assert!(!strong_enough("abcdefgh1"));
        assert!(!strong_enough("ABCDEFGH"));
    }

    #[test]
    fn emails_are_masked_after_the_first_letter() {
        assert_eq!(mask_email("owner@example.com"), "o***@example.com");
    }
}
