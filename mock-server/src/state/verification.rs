//! Verification codes and TOTP for the root account's settings (the ramkit
//! extension product).
//!
//! A code is 6 digits, valid for [`CODE_TTL_SECS`] on the mock clock and
//! good for one use. The account keeps only a salted hash of each code (the
//! outbox keeps the text, for the developer to read): a snapshot of the
//! account never holds a live code. Used and expired codes are remembered a
//! while so that reusing one says "already used" or "expired" rather than
//! "incorrect".

use rand::Rng;
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Secret, TOTP};

use super::PasswordHash;

/// How long a code is valid, in seconds (5 minutes).
pub const CODE_TTL_SECS: i64 = 5 * 60;

/// How long a used or expired code is remembered, to name the failure.
const REMEMBER_SECS: i64 = 60 * 60;

/// At most this many codes are remembered per account (the oldest go first).
const MAX_CODES: usize = 32;

/// What a code proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodePurpose {
    /// The owner controls the current logon email or mobile (identity check).
    Identity,
    /// The owner controls the new email or mobile it is moving to.
    NewAddress,
}

/// A code sent and not yet forgotten.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct PendingCode {
    /// The email or mobile it was sent to (emails lower-cased).
    pub address: String,
    /// What it proves.
    pub purpose: CodePurpose,
    /// The code, salted and hashed.
    pub code: PasswordHash,
    /// Unix seconds on the mock clock.
    pub sent_at: i64,
    /// Unix seconds on the mock clock.
    pub expires_at: i64,
    /// When it was used, if it was.
    pub used_at: Option<i64>,
}

/// Why a code was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeRefusal {
    /// No code sent to that address for that purpose matches.
    Incorrect,
    /// It matches a code whose five minutes are over.
    Expired,
    /// It matches a code that was used already.
    AlreadyUsed,
}

/// The codes an account has sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PendingCodes {
    codes: Vec<PendingCode>,
}

impl PendingCodes {
    /// Makes a fresh 6-digit code for `address`, remembers its hash and
    /// returns the text (for the outbox only).
    pub fn issue(&mut self, address: &str, purpose: CodePurpose, now: i64) -> String {
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        self.codes.retain(|c| c.sent_at + REMEMBER_SECS > now);
        if self.codes.len() >= MAX_CODES {
            self.codes.remove(0);
        }
        self.codes.push(PendingCode {
            address: normalize(address),
            purpose,
            code: PasswordHash::new(&code),
            sent_at: now,
            expires_at: now + CODE_TTL_SECS,
            used_at: None,
        });
        code
    }

    /// Checks `code` for `address` and `purpose` without using it up; the
    /// index of the matching live code.
    pub fn check(&self, address: &str, purpose: CodePurpose, code: &str, now: i64) -> Result<usize, CodeRefusal> {
        let address = normalize(address);
        let mut refusal = CodeRefusal::Incorrect;
        for (i, c) in self.codes.iter().enumerate().rev() {
            if c.address != address || c.purpose != purpose || !c.code.matches(code) {
                continue;
            }
            match (c.used_at, c.expires_at > now) {
                (None, true) => return Ok(i),
                (Some(_), _) => refusal = CodeRefusal::AlreadyUsed,
                (None, false) if refusal == CodeRefusal::Incorrect => refusal = CodeRefusal::Expired,
                (None, false) => {}
            }
        }
        Err(refusal)
    }

    /// Marks the code found by [`check`](Self::check) as used.
    pub fn consume(&mut self, index: usize, now: i64) {
        if let Some(c) = self.codes.get_mut(index) {
            c.used_at = Some(now);
        }
    }
}

/// Emails compare without case; mobiles as written.
fn normalize(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}

/// A root TOTP secret (RFC 6238: SHA-1, 6 digits, 30-second steps), kept as
/// base32. Redacted in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSecret {
    base32: String,
    /// The last time step a code was accepted for: a TOTP code is single use too.
    last_step: Option<u64>,
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(** redacted **)")
    }
}

/// The TOTP time step, in seconds.
pub(super) const TOTP_STEP_SECS: u64 = 30;

impl TotpSecret {
    /// A secret from its base32 text; `None` when it is not base32 or is
    /// shorter than RFC 4226's 128 bits.
    pub fn from_base32(base32: &str) -> Option<Self> {
        let base32 = base32.trim().trim_end_matches('=').to_ascii_uppercase();
        let secret = Self {
            base32,
            last_step: None,
        };
        secret.totp().map(|_| secret)
    }

    /// A fresh random 160-bit secret.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 20];
        rand::rng().fill(&mut bytes[..]);
        let Secret::Encoded(base32) = Secret::Raw(bytes.to_vec()).to_encoded() else {
            unreachable!("to_encoded always encodes")
        };
        Self {
            base32,
            last_step: None,
        }
    }

    /// The base32 text, for the control plane that set it.
    pub fn base32(&self) -> &str {
        &self.base32
    }

    fn totp(&self) -> Option<TOTP> {
        let bytes = Secret::Encoded(self.base32.clone()).to_bytes().ok()?;
        TOTP::new(Algorithm::SHA1, 6, 1, TOTP_STEP_SECS, bytes).ok()
    }

    /// Checks a code at `now` (one step of skew either way) without using
    /// it up; the time step it belongs to.
    pub fn check(&self, code: &str, now: i64) -> Result<u64, CodeRefusal> {
        let totp = self.totp().ok_or(CodeRefusal::Incorrect)?;
        let now = u64::try_from(now).unwrap_or(0);
        let first = (now / TOTP_STEP_SECS).saturating_sub(1);
        match (first..=first + 2).find(|s| totp.generate(s * TOTP_STEP_SECS) == code) {
            None => Err(CodeRefusal::Incorrect),
            Some(s) if self.last_step.is_some_and(|last| s <= last) => Err(CodeRefusal::AlreadyUsed),
            Some(s) => Ok(s),
        }
    }

    /// Uses up the codes of `step` and earlier (found by [`check`](Self::check)).
    pub fn consume(&mut self, step: u64) {
        self.last_step = Some(step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_good_once_then_already_used() {
        let mut codes = PendingCodes::default();
        let code = codes.issue("Owner@Example.com", CodePurpose::Identity, 1000);
        assert_eq!(code.len(), 6);
        let i = codes
            .check("owner@example.com", CodePurpose::Identity, &code, 1001)
            .expect("valid");
        codes.consume(i, 1001);
        assert_eq!(
            codes.check("owner@example.com", CodePurpose::Identity, &code, 1002),
            Err(CodeRefusal::AlreadyUsed)
        );
    }

    #[test]
    fn a_code_expires_after_five_minutes_and_serves_one_purpose() {
        let mut codes = PendingCodes::default();
        let code = codes.issue("a@b.c", CodePurpose::NewAddress, 0);
        assert!(codes.check("a@b.c", CodePurpose::NewAddress, &code, 299).is_ok());
        assert_eq!(
            codes.check("a@b.c", CodePurpose::NewAddress, &code, 300),
            Err(CodeRefusal::Expired)
        );
        assert_eq!(
            codes.check("a@b.c", CodePurpose::Identity, &code, 10),
            Err(CodeRefusal::Incorrect)
        );
    }

    #[test]
    fn a_totp_code_is_accepted_once_within_its_step() {
        let mut secret = TotpSecret::generate();
        let totp = secret.totp().expect("a valid secret");
        let now: i64 = 1_800_000_000;
        let code = totp.generate(now as u64);
        let step = secret.check(&code, now).expect("the current code");
        secret.consume(step);
        assert_eq!(secret.check(&code, now), Err(CodeRefusal::AlreadyUsed));
        assert_eq!(secret.check("000000x", now), Err(CodeRefusal::Incorrect));
    }

    #[test]
    fn short_or_non_base32_secrets_are_refused() {
        assert!(TotpSecret::from_base32("ABC").is_none());
        assert!(TotpSecret::from_base32("not base32 at all!!").is_none());
        assert!(TotpSecret::from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").is_some());
    }

    #[test]
    fn debug_never_shows_a_secret() {
        assert_eq!(format!("{:?}", TotpSecret::generate()), "TotpSecret(** redacted **)");
    }
}
