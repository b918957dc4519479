//! The default credentials chain against scenario directories
//! (`tests/data/credentials/<scenario>/`, see the README there): an injected
//! environment and home directory in, credentials or an error out. ECS
//! scenarios get a wiremock metadata server; every other scenario disables
//! ECS, so no test reaches the real environment, home or network.

use std::path::PathBuf;

use ramkit::Credentials;
use ramkit::credentials::{CredentialsError, DefaultCredentialsChain, Env};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_PATH: &str = "/latest/api/token";
const LISTING_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const METADATA_TOKEN: &str = "imds-token-123";

fn scenario_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/credentials")
        .join(name)
}

fn read_json(name: &str, file: &str) -> Value {
    let path = scenario_dir(name).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {file} is not JSON: {e}"))
}

/// The scenario's chain: its `env.json`, its `home/`, and the metadata
/// service at `metadata` (`None`: the scenario must disable ECS).
fn chain(name: &str, metadata: Option<&str>) -> DefaultCredentialsChain {
    let dir = scenario_dir(name);
    let Value::Object(vars) = read_json(name, "env.json") else {
        panic!("{name}: env.json is not an object");
    };
    let vars: Vec<(String, String)> = vars
        .into_iter()
        .map(|(k, v)| {
            let v = v.as_str().unwrap_or_else(|| panic!("{name}: {k} is not a string"));
            (k, v.replace("${DIR}", &dir.display().to_string()))
        })
        .collect();
    let endpoint = match metadata {
        Some(endpoint) => endpoint.to_owned(),
        None => {
            assert!(
                vars.iter()
                    .any(|(k, v)| k == "ALIBABA_CLOUD_ECS_METADATA_DISABLED" && v == "true"),
                "{name}: a scenario without a metadata server must disable ECS"
            );
            // Never contacted: ECS is disabled.
            "http://127.0.0.1:1".to_owned()
        }
    };
    DefaultCredentialsChain::builder()
        .env(Env::from_map(vars))
        .home_dir(dir.join("home"))
        .metadata_endpoint(endpoint)
        .build()
}

fn check(name: &str, result: Result<Credentials, CredentialsError>) {
    let expected = read_json(name, "expected.json");
    if let Some(kind) = expected.get("error_kind").and_then(Value::as_str) {
        let err = match result {
            Err(e) => e,
            Ok(creds) => panic!("{name}: expected a {kind} error, got credentials {creds:?}"),
        };
        let shown = err.to_string();
        let actual_kind = match err {
            CredentialsError::Invalid { .. } => "invalid",
            CredentialsError::NotConfigured { .. } => "not_configured",
            _ => "other",
        };
        assert_eq!(actual_kind, kind, "{name}: error kind of {shown}");
        for part in strings(&expected, "error_contains") {
            assert!(shown.contains(&part), "{name}: error lacks {part:?}: {shown}");
        }
        for part in strings(&expected, "error_excludes") {
            assert!(!shown.contains(&part), "{name}: error shows {part:?}: {shown}");
        }
        return;
    }
    let creds = result.unwrap_or_else(|e| panic!("{name}: expected credentials, got: {e}"));
    assert_eq!(
        Some(creds.access_key_id()),
        expected["access_key_id"].as_str(),
        "{name}: access_key_id"
    );
    assert_eq!(
        Some(creds.access_key_secret().expose()),
        expected["access_key_secret"].as_str(),
        "{name}: access_key_secret"
    );
    assert_eq!(
        creds.security_token().map(|t| t.expose()),
        expected["security_token"].as_str(),
        "{name}: security_token"
    );
}

fn strings(expected: &Value, key: &str) -> Vec<String> {
    expected[key]
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// A scenario without ECS: load once, compare.
async fn run(name: &str) {
    check(name, chain(name, None).load().await);
}

#[tokio::test]
async fn environment_wins_over_every_file() {
    run("environment_wins").await;
}

#[tokio::test]
async fn empty_environment_falls_through_to_the_current_cli_profile() {
    run("empty_environment_current_profile").await;
}

#[tokio::test]
async fn alibaba_cloud_profile_selects_the_cli_profile() {
    run("profile_variable_selects_cli_profile").await;
}

#[tokio::test]
async fn sts_token_mode_gives_a_security_token() {
    run("sts_token_mode").await;
}

#[tokio::test]
async fn an_unsupported_cli_mode_stops_the_chain_naming_the_provider() {
    run("unsupported_cli_mode").await;
}

#[tokio::test]
async fn a_malformed_cli_config_is_an_error_that_shows_no_secret() {
    run("malformed_cli_config").await;
}

#[tokio::test]
async fn a_disabled_cli_profile_falls_through_to_the_credentials_file() {
    run("cli_profile_disabled_uses_credentials_file").await;
}

#[tokio::test]
async fn the_credentials_file_named_by_the_environment_is_read_instead_of_home() {
    run("credentials_file_from_variable").await;
}

#[tokio::test]
async fn a_credentials_file_variable_naming_a_missing_file_is_an_error() {
    run("credentials_file_variable_names_missing_file").await;
}

#[tokio::test]
async fn credentials_ini_is_read_when_credentials_is_absent() {
    run("credentials_ini_fallback").await;
}

#[tokio::test]
async fn alibaba_cloud_profile_missing_from_the_cli_selects_the_credentials_file_section() {
    run("profile_variable_selects_credentials_file_section").await;
}

#[tokio::test]
async fn an_unsupported_credentials_file_type_is_an_error() {
    run("unsupported_credentials_file_type").await;
}

#[tokio::test]
async fn nothing_configured_lists_every_providers_reason() {
    let name = "nothing_configured";
    // A port nobody listens on: the metadata service is unreachable, as off ECS.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    check(name, chain(name, Some(&endpoint)).load().await);
}

// ---- ECS RAM role, against a wiremock metadata service ----

fn metadata_credentials(code: &str, expiration: &str) -> Value {
    serde_json::json!({
        "AccessKeyId": "STS.ecs",
        "AccessKeySecret": "ecs-secret",
        "SecurityToken": "ecs-token",
        "Expiration": expiration,
        "LastUpdated": "2024-01-01T00:00:00Z",
        "Code": code,
    })
}

/// The IMDSv2 token, asked for with its TTL header.
async fn mount_token(server: &MockServer, times: u64) {
    Mock::given(method("PUT"))
        .and(path(TOKEN_PATH))
        .and(header("X-aliyun-ecs-metadata-token-ttl-seconds", "21600"))
        .respond_with(ResponseTemplate::new(200).set_body_string(METADATA_TOKEN))
        .expect(times)
        .named("IMDSv2 token")
        .mount(server)
        .await;
}

/// The role listing and the role's credentials, both requiring the token
/// (so they only answer after the token was fetched).
async fn mount_role(server: &MockServer, role: &str, listings: u64, fetches: u64, body: Value) {
    Mock::given(method("GET"))
        .and(path(LISTING_PATH))
        .and(header("X-aliyun-ecs-metadata-token", METADATA_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{role}\n")))
        .expect(listings)
        .named("role listing")
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{LISTING_PATH}{role}")))
        .and(header("X-aliyun-ecs-metadata-token", METADATA_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(fetches)
        .named("role credentials")
        .mount(server)
        .await;
}

#[tokio::test]
async fn ecs_credentials_come_from_the_listed_role_after_an_imdsv2_token() {
    let name = "ecs_role_listed";
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_role(
        &server,
        "ecs-role",
        1,
        1,
        metadata_credentials("Success", "2999-01-01T00:00:00Z"),
    )
    .await;
    check(name, chain(name, Some(&server.uri())).load().await);
}

#[tokio::test]
async fn ecs_role_named_by_the_environment_skips_the_listing() {
    let name = "ecs_role_from_variable";
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_role(
        &server,
        "named-role",
        0,
        1,
        metadata_credentials("Success", "2999-01-01T00:00:00Z"),
    )
    .await;
    check(name, chain(name, Some(&server.uri())).load().await);
}

#[tokio::test]
async fn ecs_credentials_are_cached_until_close_to_their_expiration() {
    let name = "ecs_cached_until_close_to_expiry";
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_role(
        &server,
        "ecs-role",
        1,
        1,
        metadata_credentials("Success", "2999-01-01T00:00:00Z"),
    )
    .await;
    let chain = chain(name, Some(&server.uri()));
    for _ in 0..3 {
        check(name, chain.load().await);
    }
}

#[tokio::test]
async fn ecs_credentials_are_fetched_again_once_expired() {
    let name = "ecs_refreshed_after_expiry";
    let server = MockServer::start().await;
    mount_token(&server, 2).await;
    mount_role(
        &server,
        "ecs-role",
        2,
        2,
        metadata_credentials("Success", "2000-01-01T00:00:00Z"),
    )
    .await;
    let chain = chain(name, Some(&server.uri()));
    check(name, chain.load().await);
    check(name, chain.load().await);
}

#[tokio::test]
async fn ecs_without_imdsv2_falls_back_to_imdsv1() {
    let name = "ecs_without_imdsv2_uses_imdsv1";
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(403))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LISTING_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("ecs-role"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{LISTING_PATH}ecs-role")))
        .respond_with(ResponseTemplate::new(200).set_body_json(metadata_credentials("Success", "2999-01-01T00:00:00Z")))
        .expect(1)
        .mount(&server)
        .await;
    check(name, chain(name, Some(&server.uri())).load().await);
}

#[tokio::test]
async fn ecs_with_imdsv1_disabled_requires_a_token() {
    let name = "ecs_imdsv1_disabled";
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(403))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    check(name, chain(name, Some(&server.uri())).load().await);
}

#[tokio::test]
async fn ecs_answer_without_success_code_is_an_error() {
    let name = "ecs_failure_code";
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_role(
        &server,
        "ecs-role",
        1,
        1,
        metadata_credentials("Failed", "2999-01-01T00:00:00Z"),
    )
    .await;
    check(name, chain(name, Some(&server.uri())).load().await);
}

#[tokio::test]
async fn ecs_disabled_never_asks_the_metadata_service() {
    let name = "ecs_disabled";
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    check(name, chain(name, Some(&server.uri())).load().await);
}

#[tokio::test]
async fn the_chain_debug_shows_no_secret() {
    let name = "ecs_role_listed";
    let server = MockServer::start().await;
    mount_token(&server, 1).await;
    mount_role(
        &server,
        "ecs-role",
        1,
        1,
        metadata_credentials("Success", "2999-01-01T00:00:00Z"),
    )
    .await;
    let chain = chain(name, Some(&server.uri()));
    check(name, chain.load().await);
    let profile = DefaultCredentialsChain::builder()
        .env(Env::from_map([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]))
        .home_dir(scenario_dir("sts_token_mode").join("home"))
        .build();
    check("sts_token_mode", profile.load().await);
    for shown in [format!("{chain:?}"), format!("{profile:?}")] {
        for secret in ["ecs-secret", "ecs-token", "sts-secret", "sts-token", METADATA_TOKEN] {
            assert!(!shown.contains(secret), "Debug shows {secret}: {shown}");
        }
    }
}
