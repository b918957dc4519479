//! Shared set-up: an in-process mock on a free port and SDK clients for it.

use ramkit::{Client, Config, Credentials, SignatureAlgorithm, TimeSource};
use ramkit_mock::MockServer;
use ramkit_signing::v3;

/// A fresh mock (its own state) on 127.0.0.1:0.
pub async fn mock() -> MockServer {
    MockServer::start().await.expect("the mock starts")
}

/// An SDK client signing with `algorithm` as the given credentials.
pub fn client_as(server: &MockServer, creds: &ramkit_mock::Credentials, algorithm: SignatureAlgorithm) -> Client {
    let mut credentials = Credentials::new(&creds.access_key_id, creds.access_key_secret.as_str());
    if let Some(token) = &creds.security_token {
        credentials = credentials.with_security_token(token.as_str());
    }
    // The client dates its requests by the mock's clock, so that tests may
    // move it (password age, lockouts) and still sign fresh requests.
    let store = std::sync::Arc::clone(server.store());
    let config = Config::builder()
        .endpoint(server.endpoint())
        .credentials(credentials)
        .signature_algorithm(algorithm)
        .time_source(TimeSource::new(move || store.clock().now_system_time()))
        .build()
        .expect("a valid config");
    Client::new(config).expect("a client")
}

/// The root's client dating requests by the system clock, as a client on
/// another machine would.
pub fn root_client_on_system_clock(server: &MockServer) -> Client {
    let creds = server.credentials();
    let config = Config::builder()
        .endpoint(server.endpoint())
        .credentials(Credentials::new(&creds.access_key_id, creds.access_key_secret.as_str()))
        .build()
        .expect("a valid config");
    Client::new(config).expect("a client")
}

/// An SDK client of the default account's root, V3 signatures.
pub fn root_client(server: &MockServer) -> Client {
    client_as(server, server.credentials(), SignatureAlgorithm::AcsV3)
}

/// `yyyy-MM-ddTHH:mm:ssZ`, `offset_secs` from now.
pub fn acs_date(offset_secs: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .expect("formats")
}

/// A hand-built V3 request, so tests can tamper with what the SDK never would.
#[derive(Debug, Clone)]
pub struct RawV3 {
    pub action: String,
    pub version: String,
    pub query: Vec<(String, String)>,
    pub date: String,
    pub nonce: String,
}

impl RawV3 {
    pub fn new(action: &str, query: &[(&str, &str)]) -> Self {
        Self {
            action: action.to_owned(),
            version: "2015-05-01".to_owned(),
            query: query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            date: acs_date(0),
            nonce: format!("{:032x}", rand_nonce()),
        }
    }

    /// The signed headers (with `authorization`) for this request.
    pub fn headers(&self, server: &MockServer, id: &str, secret: &str) -> Vec<(String, String)> {
        let host = server.endpoint().trim_start_matches("http://").to_owned();
        let mut headers: Vec<(String, String)> = vec![
            ("host".into(), host),
            ("x-acs-action".into(), self.action.clone()),
            ("x-acs-content-sha256".into(), v3::EMPTY_PAYLOAD_SHA256.into()),
            ("x-acs-date".into(), self.date.clone()),
            ("x-acs-signature-nonce".into(), self.nonce.clone()),
            ("x-acs-version".into(), self.version.clone()),
        ];
        let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let query: Vec<(&str, &str)> = self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let auth = v3::sign(
            &v3::SigningRequest {
                method: "POST",
                path: "/",
                query: &query,
                headers: &borrowed,
                body: b"",
            },
            id,
            secret,
        );
        headers.push(("authorization".into(), auth));
        headers
    }

    /// The encoded query string.
    pub fn query_string(&self) -> String {
        self.query
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    ramkit_signing::percent::encode(k),
                    ramkit_signing::percent::encode(v)
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn rand_nonce() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    let t = time::OffsetDateTime::now_utc().unix_timestamp_nanos() as u128;
    t ^ (u128::from(N.fetch_add(1, Ordering::Relaxed)) << 64)
}

/// A reply: status and JSON body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: serde_json::Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["Code"].as_str().unwrap_or("")
    }
}

/// Sends a raw request to the mock.
pub async fn send(server: &MockServer, method: &str, path_and_query: &str, headers: &[(String, String)]) -> Reply {
    let client = reqwest::Client::new();
    let url = format!("{}{path_and_query}", server.endpoint());
    let mut req = client.request(reqwest::Method::from_bytes(method.as_bytes()).expect("a method"), url);
    for (k, v) in headers {
        if k != "host" {
            req = req.header(k, v);
        }
    }
    let resp = req.send().await.expect("the mock answers");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = resp.json().await.unwrap_or(serde_json::Value::Null);
    Reply {
        status,
        content_type,
        body,
    }
}

/// Sends a signed V3 request as the default root.
pub async fn send_v3(server: &MockServer, req: &RawV3) -> Reply {
    let creds = server.credentials();
    let headers = req.headers(server, &creds.access_key_id, &creds.access_key_secret);
    send(server, "POST", &format!("/?{}", req.query_string()), &headers).await
}

/// The error code and HTTP status of a failed SDK call.
pub fn refusal<T: std::fmt::Debug>(result: Result<T, ramkit::Error>) -> (String, u16) {
    let err = result.expect_err("the call is refused");
    let service = err
        .as_service_error()
        .unwrap_or_else(|| panic!("a service error, got {err}"));
    (service.code().to_owned(), service.http_status())
}

/// Creates a RAM user with an AccessKey through the SDK as `admin`, and
/// returns a V3 client signing as that user, with the key's id.
pub async fn user_with_key(server: &MockServer, admin: &Client, name: &str) -> (Client, String) {
    admin
        .create_user()
        .user_name(name)
        .send()
        .await
        .expect("the user is created");
    let key = admin
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .expect("the key is created")
        .access_key;
    let creds = ramkit_mock::Credentials {
        access_key_id: key.access_key_id.clone(),
        access_key_secret: key.access_key_secret.clone(),
        security_token: None,
    };
    (client_as(server, &creds, SignatureAlgorithm::AcsV3), key.access_key_id)
}

/// Creates a RAM user with a login profile, and returns a client signing as it.
pub async fn user_with_password(server: &MockServer, admin: &Client, name: &str, password: &str) -> Client {
    let (client, _) = user_with_key(server, admin, name).await;
    admin
        .create_login_profile()
        .user_name(name)
        .password(password)
        .send()
        .await
        .expect("the login profile is created");
    client
}

/// A console logon through the control plane: the reply's status and body.
pub async fn console_logon(server: &MockServer, body: serde_json::Value) -> Reply {
    let mut body = body;
    body["AccountId"] = server.account().id().into();
    if body.get("SourceIp").is_none() {
        body["SourceIp"] = "198.51.100.7".into();
    }
    let resp = reqwest::Client::new()
        .post(format!("{}/_ramkit/console/logon", server.endpoint()))
        .json(&body)
        .send()
        .await
        .expect("the mock answers");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Reply {
        status,
        content_type,
        body: resp.json().await.unwrap_or(serde_json::Value::Null),
    }
}

/// Logs a RAM user on; panics unless a session opens. Returns the session id.
pub async fn logon(server: &MockServer, user: &str, password: &str) -> String {
    let reply = console_logon(server, serde_json::json!({"UserName": user, "Password": password})).await;
    assert_eq!(reply.status, 200, "logon refused: {:?}", reply.body);
    reply.body["SessionId"].as_str().expect("a session id").to_owned()
}

/// The ids of the live console sessions of the account.
pub async fn live_sessions(server: &MockServer) -> Vec<String> {
    let body: serde_json::Value = reqwest::Client::new()
        .get(format!(
            "{}/_ramkit/console/sessions?AccountId={}",
            server.endpoint(),
            server.account().id()
        ))
        .send()
        .await
        .expect("the mock answers")
        .json()
        .await
        .expect("JSON");
    body["Sessions"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["SessionId"].as_str().expect("an id").to_owned())
        .collect()
}
