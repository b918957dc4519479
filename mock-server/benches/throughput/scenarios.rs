//! The state the mock starts with (one fixture) and the scenarios measured
//! against it.

use std::fmt::Write;

use crate::spec::{Scheme, Spec};

/// The default account's root key (GetPasswordPolicy as the root).
pub const ROOT: (&str, &str) = ("LTAI5tBenchDefaultRoot01", "bench-default-root-secret");
/// The small account: three users, for the per-user actions.
const SMALL_ROOT: (&str, &str) = ("LTAI5tBenchSmallRoot0001", "bench-small-root-secret");
/// The account with 1000 users, for ListUsers.
const LIST_ROOT: (&str, &str) = ("LTAI5tBenchList1000Root1", "bench-list-root-secret");
/// The account with 5000 users (the account limit), each with an AccessKey.
const BIG_ROOT: (&str, &str) = ("LTAI5tBench5000Root00001", "bench-5000-root-secret");
const BIG_USERS: usize = 5000;
/// The account with one user.
const ONE_ROOT: (&str, &str) = ("LTAI5tBenchOneUserRoot01", "bench-one-root-secret");
const ONE_USER_KEY: (&str, &str) = ("LTAI5tBenchOneUserKey001", "bench-one-user-secret");
/// A password the default policy and the SetPasswordPolicy scenario's policy
/// both accept; `{n}` makes it differ per request.
const PASSWORD: &str = "Bench#Pass-{n}-Zz";

fn big_user_key(i: usize) -> (String, String) {
    (
        format!("LTAI5tBench5kUser{i:05}"),
        format!("bench-5k-user-secret-{i:05}"),
    )
}

/// The fixture: every account the scenarios use.
pub fn fixture() -> String {
    let mut y = String::from("accounts:\n");
    let account = |y: &mut String, root: (&str, &str)| {
        let _ = write!(
            y,
            "  - root_access_keys: [{{id: {}, secret: {}}}]\n    users:\n",
            root.0, root.1
        );
    };
    account(&mut y, SMALL_ROOT);
    y.push_str("      - {name: bench-user, display_name: Bench User}\n");
    y.push_str("      - {name: bench-update, display_name: Bench User 0}\n");
    y.push_str("      - {name: bench-login, password: \"Bench#Initial-0-Zz\"}\n");
    account(&mut y, LIST_ROOT);
    for i in 0..1000 {
        let _ = writeln!(y, "      - {{name: user-{i:05}, display_name: Bench user {i:05}}}");
    }
    account(&mut y, BIG_ROOT);
    for i in 0..BIG_USERS {
        let (id, secret) = big_user_key(i);
        let policies = if i == BIG_USERS - 1 {
            ", policies: [AliyunRAMReadOnlyAccess]"
        } else {
            ""
        };
        let _ = writeln!(
            y,
            "      - {{name: u-{i:05}, access_keys: [{{id: {id}, secret: {secret}}}]{policies}}}"
        );
    }
    account(&mut y, ONE_ROOT);
    let _ = writeln!(
        y,
        "      - {{name: only-user, access_keys: [{{id: {}, secret: {}}}], policies: [AliyunRAMReadOnlyAccess]}}",
        ONE_USER_KEY.0, ONE_USER_KEY.1
    );
    y
}

/// What a target is, for reporting and for how failures count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bare,
    Mock,
    Moto,
}

/// One server and request of a scenario.
pub struct Target {
    pub label: &'static str,
    pub kind: Kind,
    pub spec: Spec,
}

/// What a comparison must show.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// measured / baseline at least this many per cent.
    AtLeast(f64),
    /// measured / baseline within this many per cent of 100.
    Within(f64),
    /// Reported only.
    Report,
}

/// One row of the final table: targets `measured` against `baseline`.
pub struct Comparison {
    pub row: String,
    pub measured: usize,
    pub baseline: usize,
    pub goal: Goal,
}

/// A scenario: targets measured one after the other in every round.
pub struct Scenario {
    pub name: &'static str,
    pub targets: Vec<Target>,
    pub comparisons: Vec<Comparison>,
}

/// Every scenario name, in run order, for `RAMKIT_BENCH_ONLY`.
pub const NAMES: &[&str] = &[
    "GetPasswordPolicy",
    "SetPasswordPolicy",
    "GetUser",
    "UpdateUser",
    "UpdateLoginProfile",
    "ListUsers100",
    "ListUsers1000",
    "RamUser",
];

/// Where the servers listen and how the generator loads them.
pub struct Addrs {
    pub bare: String,
    pub mock: String,
    pub moto: Option<String>,
    pub concurrency: usize,
    pub secs: f64,
}

fn ram(addr: &str, path: String, action: &str, params: &[(&str, &str)], key: (&str, &str), a: &Addrs) -> Spec {
    Spec {
        addr: addr.to_owned(),
        path,
        scheme: Scheme::Acs3,
        action: action.to_owned(),
        version: "2015-05-01".to_owned(),
        params: params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        key_id: key.0.to_owned(),
        key_secret: key.1.to_owned(),
        concurrency: a.concurrency,
        secs: a.secs,
        requests: None,
    }
}

/// The bare server's target and the mock's for one action: the mock gets
/// the request at `/` (as the SDKs send RPC actions), the bare server at
/// `/ram/2015-05-01/<Action>`; both signed afresh, same parameters.
fn pair(action: &str, params: &[(&str, &str)], key: (&str, &str), a: &Addrs) -> Vec<Target> {
    vec![
        Target {
            label: "bare",
            kind: Kind::Bare,
            spec: ram(&a.bare, format!("/ram/2015-05-01/{action}"), action, params, key, a),
        },
        Target {
            label: "mock",
            kind: Kind::Mock,
            spec: ram(&a.mock, "/".to_owned(), action, params, key, a),
        },
    ]
}

fn vs_bare(name: &str, goal: Goal) -> Vec<Comparison> {
    vec![Comparison {
        row: format!("{name}: mock / bare"),
        measured: 1,
        baseline: 0,
        goal,
    }]
}

/// An IAM request to moto, SigV4-signed (moto reads the key, not the signature).
pub fn moto_spec(addr: &str, action: &str, params: &[(&str, &str)], a: &Addrs) -> Spec {
    Spec {
        addr: addr.to_owned(),
        path: "/".to_owned(),
        scheme: Scheme::SigV4,
        action: action.to_owned(),
        version: "2010-05-08".to_owned(),
        params: params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
        key_secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
        concurrency: a.concurrency,
        secs: a.secs,
        requests: None,
    }
}

/// Adds moto as a third target, and its comparison, when moto runs.
fn with_moto(s: &mut Scenario, a: &Addrs, action: &str, params: &[(&str, &str)]) {
    if let Some(moto) = &a.moto {
        s.targets.push(Target {
            label: "moto",
            kind: Kind::Moto,
            spec: moto_spec(moto, action, params, a),
        });
        s.comparisons.push(Comparison {
            row: format!("{}: mock / moto {action}", s.name),
            measured: 1,
            baseline: s.targets.len() - 1,
            goal: Goal::Report,
        });
    }
}

/// The scenario called `name`.
pub fn scenario(name: &'static str, a: &Addrs) -> Scenario {
    let simple = |action: &str, params: &[(&str, &str)], key, goal| Scenario {
        name,
        targets: pair(action, params, key, a),
        comparisons: vs_bare(name, goal),
    };
    match name {
        "GetPasswordPolicy" => {
            let mut s = simple("GetPasswordPolicy", &[], ROOT, Goal::AtLeast(85.0));
            with_moto(&mut s, a, "GetAccountPasswordPolicy", &[]);
            s
        }
        "SetPasswordPolicy" => simple(
            "SetPasswordPolicy",
            &[
                ("MinimumPasswordLength", "12"),
                ("RequireNumbers", "true"),
                ("RequireLowercaseCharacters", "true"),
            ],
            SMALL_ROOT,
            Goal::AtLeast(80.0),
        ),
        "GetUser" => simple(
            "GetUser",
            &[("UserName", "bench-user")],
            SMALL_ROOT,
            Goal::AtLeast(80.0),
        ),
        "UpdateUser" => simple(
            "UpdateUser",
            &[("UserName", "bench-update"), ("NewDisplayName", "Bench User {n}")],
            SMALL_ROOT,
            Goal::AtLeast(80.0),
        ),
        "UpdateLoginProfile" => {
            let params = [("UserName", "bench-login"), ("Password", PASSWORD)];
            let mut s = simple("UpdateLoginProfile", &params, SMALL_ROOT, Goal::AtLeast(80.0));
            with_moto(&mut s, a, "UpdateLoginProfile", &params);
            s
        }
        "ListUsers100" => simple("ListUsers", &[("MaxItems", "100")], LIST_ROOT, Goal::AtLeast(50.0)),
        "ListUsers1000" => simple("ListUsers", &[("MaxItems", "1000")], LIST_ROOT, Goal::Report),
        _ => {
            // GetPasswordPolicy signed by a RAM user's key: the last of 5000
            // users against the only user of another account.
            let (id, secret) = big_user_key(BIG_USERS - 1);
            let mut targets = pair("GetPasswordPolicy", &[], (&id, &secret), a);
            targets[1].label = "mock, user 5000 of 5000";
            targets.push(Target {
                label: "mock, user 1 of 1",
                kind: Kind::Mock,
                spec: ram(&a.mock, "/".to_owned(), "GetPasswordPolicy", &[], ONE_USER_KEY, a),
            });
            let row = |row: &str, measured, baseline, goal| Comparison {
                row: row.to_owned(),
                measured,
                baseline,
                goal,
            };
            Scenario {
                name,
                targets,
                comparisons: vec![
                    row("RamUser: 5000-user account / 1-user account", 1, 2, Goal::Within(5.0)),
                    row("RamUser: 5000-user account / bare", 1, 0, Goal::AtLeast(85.0)),
                    row("RamUser: 1-user account / bare", 2, 0, Goal::AtLeast(85.0)),
                ],
            }
        }
    }
}

/// moto's state for the scenarios: a password policy, a user with a login
/// profile. Each request is sent once, in order.
pub fn moto_setup(addr: &str, a: &Addrs) -> Vec<Spec> {
    let once = |action: &str, params: &[(&str, &str)]| Spec {
        requests: Some(1),
        ..moto_spec(addr, action, params, a)
    };
    vec![
        once("UpdateAccountPasswordPolicy", &[("MinimumPasswordLength", "8")]),
        once("CreateUser", &[("UserName", "bench-login")]),
        once(
            "CreateLoginProfile",
            &[("UserName", "bench-login"), ("Password", "Bench#Initial-0-Zz")],
        ),
    ]
}
