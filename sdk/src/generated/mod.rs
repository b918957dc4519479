//! PLACEHOLDER, hand-written until `cargo xtask codegen` generates this module
//! from `openapi/ramkit.openapi.json`. Shape only: one action.

use crate::action::{Action, ActionInfo, Param};
use crate::{Client, Error};

/// The account's password policy.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct PasswordPolicy {
    /// Minimum number of characters in a password.
    #[serde(rename = "MinimumPasswordLength")]
    pub minimum_password_length: i64,
}

/// Response of `GetPasswordPolicy`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct GetPasswordPolicyResponse {
    /// The request id.
    #[serde(rename = "RequestId")]
    pub request_id: String,
    /// The policy.
    #[serde(rename = "PasswordPolicy")]
    pub password_policy: PasswordPolicy,
}

/// Input of `GetPasswordPolicy`.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct GetPasswordPolicyInput {}

impl Action for GetPasswordPolicyInput {
    type Output = GetPasswordPolicyResponse;
    const INFO: ActionInfo = ActionInfo {
        product: "Ram",
        action: "GetPasswordPolicy",
        version: "2015-05-01",
        read_only: true,
    };
    fn params(&self) -> Vec<Param> {
        Vec::new()
    }
}

/// Fluent builder for `GetPasswordPolicy`.
#[derive(Debug)]
pub struct GetPasswordPolicy {
    client: Client,
    input: GetPasswordPolicyInput,
}

impl GetPasswordPolicy {
    /// Sends the request.
    pub async fn send(self) -> Result<GetPasswordPolicyResponse, Error> {
        self.client.execute(&self.input).await
    }
}

impl Client {
    /// Reads the account's password policy.
    pub fn get_password_policy(&self) -> GetPasswordPolicy {
        GetPasswordPolicy {
            client: self.clone(),
            input: GetPasswordPolicyInput::default(),
        }
    }
}
