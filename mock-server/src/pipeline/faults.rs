//! Stage 6: the control plane's injected faults for this action and
//! account, after the request was authenticated, validated and authorized
//! (so a fault never hides a refusal the cloud would give first): latency
//! is waited out, then the first error rule that fires answers.

use crate::control::Control;
use crate::error::ApiError;

/// Applies the fault rules in force for `action` in `account_id`.
pub(super) async fn apply(control: &Control, action: &str, account_id: &str) -> Result<(), ApiError> {
    let fault = control.faults().check(action, account_id);
    if !fault.delay.is_zero() {
        // Boxed: the timer is large, and every request's future would
        // carry room for it otherwise.
        Box::pin(tokio::time::sleep(fault.delay)).await;
    }
    match fault.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
