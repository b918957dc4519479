//! The control plane's HTTP face: unsigned poem-openapi operations under
//! `/_ramkit/`, each a thin call of the [`Control`](super::Control) façade,
//! handed to them as request data.

mod clock;
mod console;
mod faults;
mod health;
mod outbox;
mod state;

use clock::ControlClockApi;
use console::ConsoleApi;
use faults::ControlFaultsApi;
use health::ControlApi;
pub(crate) use outbox::OutboxApi;
use state::ControlStateApi;

/// The control plane's operations but the outbox's, in document order (the
/// outbox and TOTP operations, [`OutboxApi`], come after the `RamkitAccount`
/// actions in the document: [`crate::service`] registers them there).
pub(crate) type Api = (
    ControlApi,
    ControlStateApi,
    ControlClockApi,
    ControlFaultsApi,
    ConsoleApi,
);

/// The operations of [`Api`].
pub(crate) fn api() -> Api {
    (
        ControlApi,
        ControlStateApi,
        ControlClockApi,
        ControlFaultsApi,
        ConsoleApi,
    )
}
