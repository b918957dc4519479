//! The control plane's side of verification: the outbox of "sent" codes
//! and the root's TOTP secret, so that tests and people can complete the
//! `RamkitAccount` flows without a mailbox or a phone.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};

use crate::contract::ApiTags;
use crate::control::Control;
use crate::state::{self, TotpSecret};

/// How a code travelled.
#[derive(Debug, Enum)]
pub(super) enum OutboxChannel {
    /// By email.
    Email,
    /// By SMS.
    Sms,
}

/// One code the mock "sent".
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct OutboxMessage {
    /// The email or mobile it went to.
    pub address: String,
    /// Email or SMS.
    pub channel: OutboxChannel,
    /// The 6-digit code, in the clear: the outbox exists to be read.
    pub code: String,
    /// The account that sent it.
    pub account_id: String,
    /// `Identity` (to the current email or mobile) or `NewAddress`.
    pub purpose: String,
    /// When it was sent, Unix seconds on the mock clock.
    pub sent_at: i64,
    /// When it stops being valid, Unix seconds on the mock clock.
    pub expires_at: i64,
}

impl From<state::SentCode> for OutboxMessage {
    fn from(m: state::SentCode) -> Self {
        Self {
            address: m.address,
            channel: match m.channel {
                state::Channel::Email => OutboxChannel::Email,
                state::Channel::Sms => OutboxChannel::Sms,
            },
            code: m.code,
            account_id: m.account_id,
            purpose: m.purpose.to_owned(),
            sent_at: m.sent_at,
            expires_at: m.expires_at,
        }
    }
}

/// The codes sent to one address.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct Outbox {
    /// Newest first; the outbox keeps the last 100 messages per address and
    /// forgets an address that got nothing for a day.
    pub messages: Vec<OutboxMessage>,
}

/// A root's TOTP secret.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub struct TotpBinding {
    /// The account.
    pub account_id: String,
    /// The base32 secret (RFC 6238: SHA-1, 6 digits, 30-second steps), for
    /// an authenticator app or a test to compute codes with.
    pub secret: String,
}

/// The answers of the TOTP operation.
#[derive(Debug, ApiResponse)]
pub enum TotpResponse {
    /// The secret is bound.
    #[oai(status = 200)]
    Bound(Json<TotpBinding>),
    /// The secret is not base32 of at least 128 bits.
    #[oai(status = 400)]
    BadSecret(PlainText<String>),
    /// No such account.
    #[oai(status = 404)]
    NoAccount(PlainText<String>),
}

/// The outbox and TOTP control operations.
#[derive(Debug)]
pub(crate) struct OutboxApi;

#[OpenApi(prefix_path = "/_ramkit", tag = "ApiTags::Control")]
impl OutboxApi {
    /// Lists the verification codes sent to an address, newest first.
    ///
    /// The mock "sends" the codes of SendAccountVerificationCode here (and
    /// logs them). They are in the clear by design: a code lives 5 minutes,
    /// serves once, and is meant to be read by whoever drives the mock.
    #[oai(path = "/outbox", method = "get", operation_id = "Control_Outbox")]
    async fn outbox(
        &self,
        control: Data<&Arc<Control>>,
        /// The email (any case) or mobile (`86-13800000000`).
        address: Query<String>,
    ) -> Json<Outbox> {
        Json(Outbox {
            messages: control
                .outbox(&address.0)
                .into_iter()
                .map(OutboxMessage::from)
                .collect(),
        })
    }

    /// Binds a TOTP authenticator to an account's root.
    ///
    /// With `secret`, binds that base32 secret; without, generates a random
    /// 160-bit one. Returns the secret, so that a test or an authenticator
    /// app can compute codes for `VerifyType=Totp`.
    #[oai(path = "/totp", method = "post", operation_id = "Control_BindTotp")]
    async fn bind_totp(
        &self,
        control: Data<&Arc<Control>>,
        /// The account whose root binds the authenticator.
        account_id: Query<String>,
        /// A base32 secret of at least 128 bits; generated when absent.
        secret: Query<Option<String>>,
    ) -> TotpResponse {
        let Some(account) = control.store().account(&account_id.0) else {
            return TotpResponse::NoAccount(PlainText(format!("no account {}", account_id.0)));
        };
        let totp = match secret.0 {
            None => TotpSecret::generate(),
            Some(s) => match TotpSecret::from_base32(&s) {
                Some(t) => t,
                None => {
                    return TotpResponse::BadSecret(PlainText(
                        "the secret must be base32 of at least 128 bits".to_owned(),
                    ));
                }
            },
        };
        let secret = totp.base32().to_owned();
        account.with_state(|s| s.root.totp = Some(totp));
        TotpResponse::Bound(Json(TotpBinding {
            account_id: account_id.0,
            secret,
        }))
    }
}
