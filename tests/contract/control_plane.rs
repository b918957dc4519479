//! The control plane over HTTP (`/_ramkit/…`), one test per rule, with the
//! Alibaba side driven by signed requests.

use serde_json::{Value, json};

use crate::common::{self, RawV3};
use ramkit_mock::MockServer;

/// Calls a control-plane operation; returns the status and the JSON body.
async fn ctl(server: &MockServer, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let mut req = client.request(
        reqwest::Method::from_bytes(method.as_bytes()).expect("a method"),
        format!("{}/_ramkit{path}", server.endpoint()),
    );
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("the mock answers");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// Posts a fixture as text with the given content type.
async fn post_fixture(server: &MockServer, content_type: &str, text: &str) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/_ramkit/fixture", server.endpoint()))
        .header("content-type", content_type)
        .body(text.to_owned())
        .send()
        .await
        .expect("the mock answers");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn get_policy(server: &MockServer) -> common::Reply {
    common::send_v3(server, &RawV3::new("GetPasswordPolicy", &[])).await
}

async fn set_min_length(server: &MockServer, n: u32) -> common::Reply {
    let n = n.to_string();
    common::send_v3(
        server,
        &RawV3::new("SetPasswordPolicy", &[("MinimumPasswordLength", &n)]),
    )
    .await
}

/// A signed GetPasswordPolicy as another key.
async fn get_policy_as(server: &MockServer, id: &str, secret: &str) -> common::Reply {
    let req = RawV3::new("GetPasswordPolicy", &[]);
    let headers = req.headers(server, id, secret);
    common::send(server, "POST", "/", &headers).await
}

const FIXTURE_YAML: &str = r#"
accounts:
  - id: "1000000000000001"
    root_access_keys:
      - id: LTAI5tFixtureRootKey0001
        secret: fixture-root-secret-0000000001
    password_policy:
      minimum_password_length: 14
      require_numbers: true
"#;

#[tokio::test]
async fn health_answers_ok_with_the_version() {
    let server = common::mock().await;
    let (status, body) = ctl(&server, "GET", "/health", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["Status"], "ok");
    let doc: Value = serde_json::from_str(ramkit_mock::openapi_json()).expect("JSON");
    assert_eq!(body["Version"], doc["info"]["version"], "the mock's version");
}

#[tokio::test]
async fn a_frozen_clock_stands_at_the_given_instant_and_moves_only_when_advanced() {
    let server = common::mock().await;
    let (status, body) = ctl(
        &server,
        "POST",
        "/clock/freeze",
        Some(json!({"At": "2030-01-02T03:04:05Z"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Now"], "2030-01-02T03:04:05Z");
    assert_eq!(body["Frozen"], true);
    let (_, read) = ctl(&server, "GET", "/clock", None).await;
    assert_eq!(read["NowMs"], body["NowMs"]);
    let (_, advanced) = ctl(&server, "POST", "/clock/advance", Some(json!({"Seconds": 3600}))).await;
    assert_eq!(advanced["Now"], "2030-01-02T04:04:05Z");
}

#[tokio::test]
async fn unfreezing_lets_the_clock_run_again_from_where_it_stood() {
    let server = common::mock().await;
    ctl(
        &server,
        "POST",
        "/clock/freeze",
        Some(json!({"AtMs": 4_000_000_000_000i64})),
    )
    .await;
    let (status, body) = ctl(&server, "POST", "/clock/unfreeze", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["Frozen"], false);
    let now = body["NowMs"].as_i64().expect("a number");
    assert!((4_000_000_000_000..4_000_000_060_000).contains(&now), "{now}");
}

#[tokio::test]
async fn a_clock_moved_an_hour_ahead_refuses_requests_signed_with_real_time() {
    let server = common::mock().await;
    assert_eq!(get_policy(&server).await.status, 200);
    let (status, _) = ctl(&server, "POST", "/clock/advance", Some(json!({"Seconds": 3600}))).await;
    assert_eq!(status, 200);
    let reply = get_policy(&server).await;
    assert_eq!((reply.status, reply.code()), (400, "InvalidTimeStamp.Expired"));
}

#[tokio::test]
async fn a_throttle_fault_refuses_the_next_n_calls_with_throttling_user_then_goes_away() {
    let server = common::mock().await;
    let (status, fault) = ctl(
        &server,
        "POST",
        "/faults",
        Some(json!({"Action": "GetPasswordPolicy", "Kind": "Throttle", "Times": 2})),
    )
    .await;
    assert_eq!(status, 200, "{fault}");
    assert_eq!(
        set_min_length(&server, 9).await.status,
        200,
        "another action is untouched"
    );
    for _ in 0..2 {
        let reply = get_policy(&server).await;
        assert_eq!((reply.status, reply.code()), (400, "Throttling.User"));
        assert!(reply.body["RequestId"].is_string(), "the cloud's error format");
    }
    assert_eq!(get_policy(&server).await.status, 200);
    let (_, list) = ctl(&server, "GET", "/faults", None).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn a_fail_fault_answers_with_the_given_code_status_and_message() {
    let server = common::mock().await;
    let rule = json!({"Kind": "Fail", "Code": "ServiceUnavailable", "Status": 503, "Message": "down for a test"});
    assert_eq!(ctl(&server, "POST", "/faults", Some(rule)).await.0, 200);
    let reply = get_policy(&server).await;
    assert_eq!((reply.status, reply.code()), (503, "ServiceUnavailable"));
    assert_eq!(reply.body["Message"], "down for a test");
}

#[tokio::test]
async fn a_fault_for_one_account_leaves_the_other_accounts_alone() {
    let server = common::mock().await;
    let (_, other) = server.store().create_account(None);
    let rule = json!({"Kind": "Throttle", "AccountId": server.account().id()});
    assert_eq!(ctl(&server, "POST", "/faults", Some(rule)).await.0, 200);
    assert_eq!(get_policy(&server).await.code(), "Throttling.User");
    let reply = get_policy_as(&server, &other.access_key_id, &other.access_key_secret).await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn a_latency_fault_delays_the_answer() {
    let server = common::mock().await;
    let rule = json!({"Kind": "Latency", "LatencyMs": 300, "Times": 1});
    assert_eq!(ctl(&server, "POST", "/faults", Some(rule)).await.0, 200);
    let started = std::time::Instant::now();
    assert_eq!(get_policy(&server).await.status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
}

#[tokio::test]
async fn a_fault_at_rate_zero_never_fires() {
    let server = common::mock().await;
    let rule = json!({"Kind": "Throttle", "Rate": 0.0});
    assert_eq!(ctl(&server, "POST", "/faults", Some(rule)).await.0, 200);
    for _ in 0..5 {
        assert_eq!(get_policy(&server).await.status, 200);
    }
}

#[tokio::test]
async fn fault_rules_are_listed_removed_one_by_one_and_cleared() {
    let server = common::mock().await;
    let (_, first) = ctl(&server, "POST", "/faults", Some(json!({"Kind": "Throttle"}))).await;
    ctl(
        &server,
        "POST",
        "/faults",
        Some(json!({"Kind": "Latency", "LatencyMs": 1})),
    )
    .await;
    let (_, list) = ctl(&server, "GET", "/faults", None).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[1]["Kind"], "Latency");
    let id = first["Id"].as_u64().expect("an id");
    assert_eq!(ctl(&server, "DELETE", &format!("/faults/{id}"), None).await.0, 200);
    assert_eq!(ctl(&server, "DELETE", &format!("/faults/{id}"), None).await.0, 404);
    let (status, cleared) = ctl(&server, "DELETE", "/faults", None).await;
    assert_eq!((status, &cleared["Removed"]), (200, &json!(1)));
    assert_eq!(get_policy(&server).await.status, 200);
}

#[tokio::test]
async fn a_fault_rule_out_of_range_or_incomplete_is_refused() {
    let server = common::mock().await;
    let (status, _) = ctl(
        &server,
        "POST",
        "/faults",
        Some(json!({"Kind": "Throttle", "Rate": 1.5})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, body) = ctl(&server, "POST", "/faults", Some(json!({"Kind": "Fail", "Status": 503}))).await;
    assert_eq!((status, &body["Code"]), (400, &json!("InvalidFault")));
    assert_eq!(ctl(&server, "GET", "/faults", None).await.1, json!([]));
}

#[tokio::test]
async fn the_request_log_names_action_principal_and_outcome_and_no_secret() {
    let server = common::mock().await;
    set_min_length(&server, 12).await;
    set_min_length(&server, 7).await;
    let (status, log) = ctl(&server, "GET", "/requests", None).await;
    assert_eq!(status, 200);
    let entries = log.as_array().expect("a list");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["Action"], "SetPasswordPolicy");
    assert_eq!(entries[0]["AccountId"], server.account().id());
    assert_eq!(entries[0]["PrincipalKind"], "Root");
    assert_eq!(
        (&entries[0]["Status"], &entries[0]["Code"]),
        (&json!(200), &Value::Null)
    );
    assert_eq!(entries[1]["Code"], "InvalidParameter.MinimumPasswordLength.Range");
    assert!(entries[1]["LatencyUs"].is_u64());
    let text = log.to_string();
    assert!(!text.contains(&server.credentials().access_key_secret), "{text}");
    assert!(!text.contains("Signature"), "{text}");
}

#[tokio::test]
async fn the_request_log_can_be_limited_and_cleared() {
    let server = common::mock().await;
    for _ in 0..3 {
        get_policy(&server).await;
    }
    let (_, last) = ctl(&server, "GET", "/requests?limit=1", None).await;
    assert_eq!(last.as_array().map(Vec::len), Some(1));
    let (_, cleared) = ctl(&server, "DELETE", "/requests", None).await;
    assert_eq!(cleared["Removed"], 3);
    assert_eq!(ctl(&server, "GET", "/requests", None).await.1, json!([]));
}

#[tokio::test]
async fn reset_restores_the_start_state_and_the_same_root_key_keeps_working() {
    let server = common::mock().await;
    set_min_length(&server, 20).await;
    server.store().create_account(None);
    ctl(
        &server,
        "POST",
        "/faults",
        Some(json!({"Kind": "Latency", "LatencyMs": 1})),
    )
    .await;
    let (status, summary) = ctl(&server, "POST", "/reset", None).await;
    assert_eq!(status, 200);
    assert_eq!((&summary["Accounts"], &summary["AccessKeys"]), (&json!(1), &json!(1)));
    let reply = get_policy(&server).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["PasswordPolicy"]["MinimumPasswordLength"], 8);
    assert_eq!(ctl(&server, "GET", "/faults", None).await.1, json!([]));
}

#[tokio::test]
async fn resetting_one_account_leaves_the_others_alone() {
    let server = common::mock().await;
    let (other, other_key) = server.store().create_account(None);
    other.with_state(|s| s.password_policy.minimum_password_length = 16);
    set_min_length(&server, 20).await;
    let (status, _) = ctl(&server, "POST", &format!("/accounts/{}/reset", other.id()), None).await;
    assert_eq!(status, 200);
    let reply = get_policy_as(&server, &other_key.access_key_id, &other_key.access_key_secret).await;
    assert_eq!(reply.status, 200, "its root key still signs");
    assert_eq!(reply.body["PasswordPolicy"]["MinimumPasswordLength"], 8);
    assert_eq!(
        get_policy(&server).await.body["PasswordPolicy"]["MinimumPasswordLength"],
        20
    );
}

#[tokio::test]
async fn resetting_an_account_from_the_start_restores_its_state_and_drops_keys_made_since() {
    let server = common::mock().await;
    set_min_length(&server, 21).await;
    let sts = server
        .store()
        .issue_sts_credentials(server.account(), "tester", vec!["ReadOnlyAccess".into()], i64::MAX);
    let path = format!("/accounts/{}/reset", server.account().id());
    assert_eq!(ctl(&server, "POST", &path, None).await.0, 200);
    let reply = get_policy(&server).await;
    assert_eq!(reply.body["PasswordPolicy"]["MinimumPasswordLength"], 8);
    let reply = get_policy_as(&server, &sts.access_key_id, &sts.access_key_secret).await;
    assert_eq!(reply.code(), "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn resetting_an_unknown_account_is_not_found() {
    let server = common::mock().await;
    let (status, body) = ctl(&server, "POST", "/accounts/9999999999999999/reset", None).await;
    assert_eq!((status, &body["Code"]), (404, &json!("AccountNotFound")));
}

#[tokio::test]
async fn a_yaml_fixture_posted_at_run_time_creates_accounts_whose_keys_sign() {
    let server = common::mock().await;
    let (status, body) = post_fixture(&server, "application/yaml", FIXTURE_YAML).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Accounts"][0]["AccountId"], "1000000000000001");
    assert_eq!(body["Accounts"][0]["AccessKeyIds"], json!(["LTAI5tFixtureRootKey0001"]));
    assert!(
        !body.to_string().contains("fixture-root-secret"),
        "no secret in the answer"
    );
    let reply = get_policy_as(&server, "LTAI5tFixtureRootKey0001", "fixture-root-secret-0000000001").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["PasswordPolicy"]["MinimumPasswordLength"], 14);
    assert_eq!(reply.body["PasswordPolicy"]["RequireNumbers"], true);
}

#[tokio::test]
async fn a_json_fixture_is_accepted_too() {
    let server = common::mock().await;
    let fixture = json!({"accounts": [{"root_access_keys": [{"id": "LTAI5tJsonFixture000001", "secret": "s3cret"}]}]});
    let (status, body) = ctl(&server, "POST", "/fixture", Some(fixture)).await;
    assert_eq!(status, 200, "{body}");
    let account_id = body["Accounts"][0]["AccountId"].as_str().expect("an id");
    assert_eq!(account_id.len(), 16, "a generated 16-digit id");
    assert_eq!(
        get_policy_as(&server, "LTAI5tJsonFixture000001", "s3cret").await.status,
        200
    );
}

#[tokio::test]
async fn a_fixture_creates_ram_users_with_keys_and_policies_and_keeps_no_password_text() {
    let server = common::mock().await;
    let text = format!(
        "{FIXTURE_YAML}    users:\n      - name: alice\n        password: \"Fixture#Pass12345\"\n        access_keys: [{{id: LTAI5tAliceFixture00001, secret: alice-secret-1}}]\n        policies: [AliyunRAMReadOnlyAccess]\n"
    );
    let (status, body) = post_fixture(&server, "application/yaml", &text).await;
    assert_eq!(status, 200, "{body}");
    let (_, snapshot) = ctl(&server, "GET", "/snapshot", None).await;
    let key = snapshot["access_keys"]
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["access_key_id"] == "LTAI5tAliceFixture00001"))
        .expect("the user's key");
    assert_eq!(key["principal"]["Kind"], "User");
    assert_eq!(key["account_id"], "1000000000000001");
    let text = snapshot.to_string();
    assert!(text.contains("AliyunRAMReadOnlyAccess"));
    assert!(!text.contains("Fixture#Pass12345"), "passwords only as salted hashes");
}

#[tokio::test]
async fn an_invalid_fixture_user_is_refused_with_where_it_is() {
    let server = common::mock().await;
    let text = format!("{FIXTURE_YAML}    users:\n      - name: \"no spaces\"\n");
    let (status, body) = post_fixture(&server, "application/yaml", &text).await;
    assert_eq!((status, &body["Code"]), (400, &json!("InvalidFixture")));
    assert!(
        body["Message"]
            .as_str()
            .is_some_and(|m| m.starts_with("accounts[0]: user")),
        "{body}"
    );
    assert_eq!(server.store().account_count(), 1);
}

#[tokio::test]
async fn a_fixture_reusing_a_taken_key_id_creates_nothing() {
    let server = common::mock().await;
    let taken = &server.credentials().access_key_id;
    let text = format!("{FIXTURE_YAML}  - root_access_keys:\n      - id: {taken}\n        secret: x\n");
    let (status, body) = post_fixture(&server, "text/plain", &text).await;
    assert_eq!((status, &body["Code"]), (400, &json!("FixtureConflict")));
    assert_eq!(
        server.store().account_count(),
        1,
        "the first account was not created either"
    );
}

#[tokio::test]
async fn an_exported_snapshot_imported_into_another_server_restores_accounts_and_keys() {
    let server = common::mock().await;
    set_min_length(&server, 17).await;
    let (status, snapshot) = ctl(&server, "GET", "/snapshot", None).await;
    assert_eq!(status, 200);
    assert_eq!(snapshot["format_version"], 1);

    let other = common::mock().await;
    let (status, summary) = ctl(&other, "PUT", "/snapshot", Some(snapshot)).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["Accounts"], 1);
    let creds = server.credentials();
    let reply = get_policy_as(&other, &creds.access_key_id, &creds.access_key_secret).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["PasswordPolicy"]["MinimumPasswordLength"], 17);
    let own = other.credentials();
    let reply = get_policy_as(&other, &own.access_key_id, &own.access_key_secret).await;
    assert_eq!(
        reply.code(),
        "InvalidAccessKeyId.NotFound",
        "the import replaced the state"
    );
}

#[tokio::test]
async fn a_snapshot_of_an_unknown_format_version_is_refused_and_changes_nothing() {
    let server = common::mock().await;
    let (_, mut snapshot) = ctl(&server, "GET", "/snapshot", None).await;
    snapshot["format_version"] = json!(99);
    snapshot["accounts"] = json!([]);
    let (status, body) = ctl(&server, "PUT", "/snapshot", Some(snapshot)).await;
    assert_eq!((status, &body["Code"]), (400, &json!("InvalidSnapshot")));
    assert!(
        body["Message"]
            .as_str()
            .is_some_and(|m| m.contains("format version 99 is not supported")),
        "{body}"
    );
    assert_eq!(get_policy(&server).await.status, 200);
}

#[tokio::test]
async fn a_control_request_that_does_not_parse_gets_a_json_problem() {
    let server = common::mock().await;
    let resp = reqwest::Client::new()
        .post(format!("{}/_ramkit/faults", server.endpoint()))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("answers");
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().await.expect("JSON");
    assert_eq!(body["Code"], "InvalidRequest");
    let (status, body) = ctl(&server, "GET", "/no-such-thing", None).await;
    assert_eq!((status, &body["Code"]), (404, &json!("NotFound")));
}

#[tokio::test]
async fn the_control_plane_is_in_the_document_under_its_own_tag() {
    let doc: Value = serde_json::from_str(ramkit_mock::openapi_json()).expect("JSON");
    for (path, method) in [
        ("/_ramkit/reset", "post"),
        ("/_ramkit/fixture", "post"),
        ("/_ramkit/snapshot", "put"),
        ("/_ramkit/clock/advance", "post"),
        ("/_ramkit/faults", "post"),
        ("/_ramkit/requests", "get"),
    ] {
        assert_eq!(doc["paths"][path][method]["tags"], json!(["Control"]), "{path}");
    }
}

#[tokio::test]
async fn a_fixture_user_whose_password_breaks_the_accounts_policy_creates_nothing() {
    let server = common::mock().await;
    let text = format!("{FIXTURE_YAML}    users:\n      - name: alice\n        password: \"short\"\n");
    let (status, body) = post_fixture(&server, "application/yaml", &text).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["Message"].as_str().is_some_and(|m| m.contains("password policy")),
        "{body}"
    );
    assert_eq!(server.store().account_count(), 1, "only the default account");
}

#[tokio::test]
async fn every_control_plane_refusal_is_the_clouds_error_json() {
    let server = common::mock().await;
    let (status, fixture) = post_fixture(&server, "application/yaml", "accounts: [{}]").await;
    assert_eq!(status, 400, "{fixture}");
    let (status, missing) = ctl(&server, "POST", "/accounts/0000000000000000/reset", None).await;
    assert_eq!(status, 404, "{missing}");
    for body in [fixture, missing] {
        for field in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
            assert!(body[field].is_string(), "{field} in {body}");
        }
    }
}
