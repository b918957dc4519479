//! AttachPolicyToUser, DetachPolicyFromUser and ListPoliciesForUser (RAM
//! 2015-05-01) over the built-in system policies
//! ([`crate::authorize::SYSTEM_POLICIES`]).

use crate::actions::Reply;
use poem::web::Data;
use poem_openapi::param::Query;
use ramkit_mock_macros::{actions, model};

use crate::actions::params::{PolicyName, UserName};
use crate::actions::{ActionCtx, EmptyResponse, user_mut};
use crate::clock::format_secs;
use crate::error::{ApiError, ram};
use crate::policy::{SystemPolicy, system_policy};
use crate::state::{AttachedPolicy, MAX_USER_POLICIES};

/// A policy attached to a user.
#[model]
#[derive(Debug)]
pub(super) struct Policy {
    /// The policy's name.
    pub policy_name: String,
    /// `System`.
    pub policy_type: String,
    /// What it allows.
    pub description: String,
    /// The policy version in force (`v1`).
    pub default_version: String,
    /// When it was attached, `yyyy-MM-ddTHH:mm:ssZ`.
    pub attach_date: String,
}

/// The cloud's list wrapper: `"Policies": {"Policy": [...]}`.
#[model]
#[derive(Debug)]
pub(super) struct PolicyList {
    /// The policies, in attach order.
    #[oai(rename = "Policy")]
    pub policy: Vec<Policy>,
}

/// The response of ListPoliciesForUser.
#[model]
#[derive(Debug)]
pub(super) struct ListPoliciesForUserResponse {
    /// The id of the request.
    pub request_id: String,
    /// The user's policies.
    pub policies: PolicyList,
}

/// Policies attached to users.
#[derive(Debug)]
pub(crate) struct UserPoliciesApi;

#[actions(Ram)]
impl UserPoliciesApi {
    /// Attaches a system policy to a RAM user.
    ///
    /// `AdministratorAccess` and `AliyunRAMFullAccess` make the user a RAM
    /// administrator; `AliyunRAMReadOnlyAccess` and `ReadOnlyAccess` allow
    /// Get*/List* actions. At most 20 system policies per user.
    #[action(
        write,
        errors(
            ram::POLICY_TYPE,
            ram::USER_NOT_FOUND,
            ram::POLICY_NOT_FOUND,
            ram::POLICY_ATTACHED,
            ram::POLICY_LIMIT
        )
    )]
    async fn attach_policy_to_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// `System` (the mock has no custom policies).
        policy_type: Query<String>,
        /// The policy's name: 1-128 letters, digits and `-`.
        policy_name: Query<PolicyName>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
        let policy = find(&policy_type, &policy_name)?;
        let now = ctx.now();
        ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            if user.policies.iter().any(|p| p.policy_name == policy.name) {
                return Err(ram::POLICY_ATTACHED.err());
            }
            if user.policies.len() >= MAX_USER_POLICIES {
                return Err(ram::POLICY_LIMIT.err());
            }
            user.policies.push(AttachedPolicy {
                policy_name: policy.name.to_owned(),
                policy_type: "System".into(),
                attach_date: now,
            });
            Ok(())
        })?;
        Ok(ctx.done())
    }

    /// Detaches a policy from a RAM user.
    #[action(
        write,
        errors(
            ram::POLICY_TYPE,
            ram::USER_NOT_FOUND,
            ram::POLICY_NOT_FOUND,
            ram::POLICY_NOT_ATTACHED
        )
    )]
    async fn detach_policy_from_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// `System`.
        policy_type: Query<String>,
        /// The policy's name.
        policy_name: Query<PolicyName>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<EmptyResponse>, ApiError> {
        let policy = find(&policy_type, &policy_name)?;
        ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            let index = user
                .policies
                .iter()
                .position(|p| p.policy_name == policy.name)
                .ok_or_else(|| ram::POLICY_NOT_ATTACHED.err())?;
            user.policies.remove(index);
            Ok(())
        })?;
        Ok(ctx.done())
    }

    /// Lists the policies attached to a RAM user.
    #[action(read, errors(ram::USER_NOT_FOUND))]
    async fn list_policies_for_user(
        &self,
        ctx: Data<&ActionCtx>,
        /// The user's name.
        user_name: Query<UserName>,
    ) -> Result<Reply<ListPoliciesForUserResponse>, ApiError> {
        let policies = ctx.account.with_state(|s| {
            let user = user_mut(s, &user_name)?;
            Ok::<_, ApiError>(
                user.policies
                    .iter()
                    .map(|p| Policy {
                        policy_name: p.policy_name.clone(),
                        policy_type: p.policy_type.clone(),
                        description: system_policy(&p.policy_name)
                            .map(|s| s.description.to_owned())
                            .unwrap_or_default(),
                        default_version: "v1".into(),
                        attach_date: format_secs(p.attach_date),
                    })
                    .collect(),
            )
        })?;
        Ok(Reply(ListPoliciesForUserResponse {
            request_id: ctx.request_id.clone(),
            policies: PolicyList { policy: policies },
        }))
    }
}

/// The system policy named, or the cloud's code for a bad type or an unknown name.
fn find(policy_type: &str, name: &str) -> Result<&'static SystemPolicy, ApiError> {
    match policy_type {
        "System" => system_policy(name).ok_or_else(|| ram::POLICY_NOT_FOUND.err()),
        "Custom" => {
            Err(ram::POLICY_NOT_FOUND.with_message("The policy does not exist. The mock has no custom policies."))
        }
        _ => Err(ram::POLICY_TYPE.err()),
    }
}
