//! The system policies the mock knows and what each allows: pure data, no
//! HTTP and no state. The authorize stage asks them; attaching a policy
//! checks its name here.

use crate::contract::ActionSpec;

/// A built-in system policy: its name, what it says, and what it allows.
#[derive(Debug)]
pub(crate) struct SystemPolicy {
    /// The policy name, e.g. `AliyunRAMFullAccess`.
    pub(crate) name: &'static str,
    /// Its description, as the console shows it.
    pub(crate) description: &'static str,
    allows: fn(&ActionSpec) -> bool,
}

impl SystemPolicy {
    /// Whether the policy allows the action.
    pub(crate) fn allows(&self, action: &ActionSpec) -> bool {
        (self.allows)(action)
    }
}

/// The system policies the mock knows: the four that decide RAM access, and
/// common ones of other products (attachable, counted toward the limit of 20
/// per user, allowing nothing the mock serves).
pub(crate) const SYSTEM_POLICIES: &[SystemPolicy] = &[
    SystemPolicy {
        name: "AdministratorAccess",
        description: "Provides full access to Alibaba Cloud services and resources.",
        allows: |_| true,
    },
    SystemPolicy {
        name: "AliyunRAMFullAccess",
        description: "Provides full access to Resource Access Management (RAM).",
        allows: |a| a.product == "Ram",
    },
    SystemPolicy {
        name: "AliyunRAMReadOnlyAccess",
        description: "Provides read-only access to Resource Access Management (RAM).",
        allows: |a| a.product == "Ram" && a.read_only,
    },
    SystemPolicy {
        name: "ReadOnlyAccess",
        description: "Provides read-only access to Alibaba Cloud services and resources.",
        allows: |a| a.read_only,
    },
    other(
        "AliyunSTSAssumeRoleAccess",
        "Provides access to call AssumeRole of Security Token Service (STS).",
    ),
    other(
        "AliyunECSFullAccess",
        "Provides full access to Elastic Compute Service (ECS).",
    ),
    other(
        "AliyunECSReadOnlyAccess",
        "Provides read-only access to Elastic Compute Service (ECS).",
    ),
    other(
        "AliyunOSSFullAccess",
        "Provides full access to Object Storage Service (OSS).",
    ),
    other(
        "AliyunOSSReadOnlyAccess",
        "Provides read-only access to Object Storage Service (OSS).",
    ),
    other("AliyunRDSFullAccess", "Provides full access to ApsaraDB RDS."),
    other("AliyunRDSReadOnlyAccess", "Provides read-only access to ApsaraDB RDS."),
    other(
        "AliyunSLBFullAccess",
        "Provides full access to Server Load Balancer (SLB).",
    ),
    other(
        "AliyunSLBReadOnlyAccess",
        "Provides read-only access to Server Load Balancer (SLB).",
    ),
    other(
        "AliyunVPCFullAccess",
        "Provides full access to Virtual Private Cloud (VPC).",
    ),
    other(
        "AliyunVPCReadOnlyAccess",
        "Provides read-only access to Virtual Private Cloud (VPC).",
    ),
    other(
        "AliyunKMSFullAccess",
        "Provides full access to Key Management Service (KMS).",
    ),
    other(
        "AliyunLogFullAccess",
        "Provides full access to Simple Log Service (SLS).",
    ),
    other("AliyunCDNFullAccess", "Provides full access to Alibaba Cloud CDN."),
    other("AliyunDNSFullAccess", "Provides full access to Alibaba Cloud DNS."),
    other("AliyunCloudMonitorFullAccess", "Provides full access to CloudMonitor."),
    other("AliyunActionTrailFullAccess", "Provides full access to ActionTrail."),
    other(
        "AliyunContainerRegistryFullAccess",
        "Provides full access to Container Registry.",
    ),
    other("AliyunFCFullAccess", "Provides full access to Function Compute."),
    other("AliyunMNSFullAccess", "Provides full access to Message Service (MNS)."),
    other("AliyunBSSFullAccess", "Provides full access to Billing Management."),
];

/// A system policy of another product: the mock serves none of its actions.
const fn other(name: &'static str, description: &'static str) -> SystemPolicy {
    SystemPolicy {
        name,
        description,
        allows: |_| false,
    }
}

/// The system policy with this name (exact case, as the cloud compares).
pub(crate) fn system_policy(name: &str) -> Option<&'static SystemPolicy> {
    SYSTEM_POLICIES.iter().find(|p| p.name == name)
}
