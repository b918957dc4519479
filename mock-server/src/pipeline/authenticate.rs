//! Stage 2, authenticate: who signed the request, and whether the
//! signature, the timestamp, the nonce and the STS token hold. What the
//! signer may do is the authorize stage's business.
//!
//! Check order (ram-contract.md §1.8): AccessKey → signature → STS token →
//! timestamp → nonce. A nonce is recorded only once the signature holds, so a
//! forged request cannot burn a legitimate client's nonce.

use std::sync::Arc;

use ramkit_signing::{RawRequest, VerifyError, rpc_v1, v3};

use super::normalize::{Scheme, WireRequest};
use crate::error::{ApiError, gateway};
use crate::state::{AccessKey, KeyStatus, Store};

/// Largest allowed distance between the request's timestamp and the clock.
pub(crate) const TIMESTAMP_WINDOW_SECS: i64 = 15 * 60;

/// The key that signed `req`, once everything about the signature holds.
pub(crate) fn authenticate(store: &Store, req: &WireRequest<'_>) -> Result<Arc<AccessKey>, ApiError> {
    let raw = RawRequest {
        method: req.method.as_str(),
        path: req.path,
        raw_query: req.raw_query,
        headers: &req.headers,
        body: req.body,
    };
    let (key, key_id, timestamp, nonce, token) = match req.scheme {
        Scheme::Unsigned => return Err(gateway::MISSING_SIGNATURE.err()),
        Scheme::AcsV3 => {
            // Parsed once: the key id to look up, then the signature to check.
            let parsed = v3::authorization(&raw).map_err(|_| gateway::INCOMPLETE_SIGNATURE.err())?;
            let key = active_key(store, parsed.access_key_id)?;
            v3::verify_with_key(&raw, &parsed, key.verify_key()).map_err(|e| signature_error(&e))?;
            (
                key,
                parsed.access_key_id,
                req.header("x-acs-date").ok_or_else(|| gateway::missing("Timestamp"))?,
                req.header("x-acs-signature-nonce")
                    .ok_or_else(|| gateway::missing("SignatureNonce"))?,
                req.header("x-acs-security-token"),
            )
        }
        Scheme::RpcV1 => {
            let key_id = req
                .param("AccessKeyId")
                .ok_or_else(|| gateway::missing("AccessKeyId"))?;
            let key = active_key(store, key_id)?;
            rpc_v1::verify_params(req.method.as_str(), &req.params, key.secret()).map_err(|e| signature_error(&e))?;
            (
                key,
                key_id,
                req.param("Timestamp").ok_or_else(|| gateway::missing("Timestamp"))?,
                req.param("SignatureNonce")
                    .ok_or_else(|| gateway::missing("SignatureNonce"))?,
                req.param("SecurityToken"),
            )
        }
    };
    let now = store.clock().now_secs();
    if let Some((expected, expires_at)) = key.security_token() {
        match token {
            None | Some("") => return Err(gateway::MISSING_SECURITY_TOKEN.err()),
            Some(t) if t != expected => return Err(gateway::SECURITY_TOKEN_MISMATCH.err()),
            Some(_) if expires_at <= now => return Err(gateway::SECURITY_TOKEN_EXPIRED.err()),
            Some(_) => {}
        }
    }
    let at = parse_timestamp(timestamp)?;
    if (at - now).abs() > TIMESTAMP_WINDOW_SECS {
        return Err(gateway::TIMESTAMP_EXPIRED.err());
    }
    if nonce.is_empty() {
        return Err(gateway::missing("SignatureNonce"));
    }
    if !store.nonces().check_and_insert(key_id, nonce, now) {
        return Err(gateway::NONCE_USED.err());
    }
    Ok(key)
}

fn active_key(store: &Store, id: &str) -> Result<Arc<AccessKey>, ApiError> {
    let key = store
        .access_key(id)
        .ok_or_else(|| gateway::ACCESS_KEY_NOT_FOUND.err())?;
    match key.status() {
        KeyStatus::Active => Ok(key),
        KeyStatus::Inactive => Err(gateway::ACCESS_KEY_INACTIVE.err()),
    }
}

/// `yyyy-MM-ddTHH:mm:ssZ` → Unix seconds.
fn parse_timestamp(text: &str) -> Result<i64, ApiError> {
    crate::clock::parse_secs(text).ok_or_else(|| gateway::TIMESTAMP_FORMAT.err())
}

/// Maps a verifier refusal to the gateway's code. The server's string to
/// sign goes into `SignatureDoesNotMatch`, as the real gateway does, so that
/// a client can diff it with its own.
fn signature_error(e: &VerifyError) -> ApiError {
    match e {
        VerifyError::SignatureMismatch { string_to_sign } => gateway::SIGNATURE_DOES_NOT_MATCH
            .with_message(format!("{}{string_to_sign}", gateway::SIGNATURE_DOES_NOT_MATCH.message)),
        VerifyError::UnsupportedAlgorithm(_) => gateway::SIGNATURE_METHOD.err(),
        other => {
            gateway::INCOMPLETE_SIGNATURE.with_message(format!("{} {other}", gateway::INCOMPLETE_SIGNATURE.message))
        }
    }
}
