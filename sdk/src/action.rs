//! The declarative description of one action: what generated code provides
//! and the generic request path ([`Client::execute`](crate::Client::execute))
//! consumes.
//!
//! Generated code names the action, its parameters and its response type, and
//! nothing else: encoding, signing, sending, retrying and decoding live once,
//! in the transport.

/// The wire identity of an action, as stated in the OpenAPI document's
/// `x-acs-*` extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionInfo {
    /// The product code, as Alibaba writes it (`Ram`).
    pub product: &'static str,
    /// The action name sent as `Action` / `x-acs-action` (`GetPasswordPolicy`).
    pub action: &'static str,
    /// The API version sent as `Version` / `x-acs-version` (`2015-05-01`).
    pub version: &'static str,
    /// True when the action changes nothing, so that it is always safe to
    /// retry, even after an ambiguous transport failure.
    pub read_only: bool,
}

/// One request parameter in wire form: its name and its value as text
/// (booleans `true`/`false`, integers in decimal).
pub type Param = (&'static str, String);

/// An action's input: its identity and its parameters.
pub trait Action: Send + Sync {
    /// The decoded success response.
    type Output: serde::de::DeserializeOwned + Send + 'static;

    /// The action's wire identity.
    const INFO: ActionInfo;

    /// The request parameters, in the order the document lists them. Absent
    /// optional parameters are left out.
    fn params(&self) -> Vec<Param>;
}
