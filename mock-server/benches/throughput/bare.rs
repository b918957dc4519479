//! The baseline: one poem-openapi operation per action at
//! `/ram/2015-05-01/<Action>`, POST. No parameter goes through a validator,
//! the signature is ignored, nothing is stored: each answer is built per
//! request (a fresh upper-case UUID request id, as the mock makes) in the
//! same shape and of about the same size as the mock's.

use poem::listener::{Acceptor, Listener, TcpListener};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, OpenApiService};

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct Policy {
    minimum_password_length: u32,
    require_lowercase_characters: bool,
    require_uppercase_characters: bool,
    require_numbers: bool,
    require_symbols: bool,
    hard_expiry: bool,
    max_password_age: u32,
    password_reuse_prevention: u32,
    #[oai(rename = "MaxLoginAttemps")]
    max_login_attemps: u32,
}

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct PolicyReply {
    request_id: String,
    password_policy: Policy,
}

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct User {
    user_id: String,
    user_name: String,
    display_name: String,
    mobile_phone: String,
    email: String,
    comments: String,
    create_date: String,
    update_date: String,
    last_login_date: Option<String>,
}

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct UserReply {
    request_id: String,
    user: User,
}

#[derive(Object)]
struct UserList {
    #[oai(rename = "User")]
    user: Vec<User>,
}

#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct ListReply {
    request_id: String,
    is_truncated: bool,
    marker: Option<String>,
    users: UserList,
}

/// UpdateLoginProfile's answer: the request id alone.
#[derive(Object)]
#[oai(rename_all = "PascalCase")]
struct EmptyReply {
    request_id: String,
}

fn request_id() -> String {
    let mut buf = uuid::Uuid::encode_buffer();
    uuid::Uuid::new_v4().hyphenated().encode_upper(&mut buf).to_owned()
}

fn policy(min: u32, numbers: bool) -> Policy {
    Policy {
        minimum_password_length: min,
        require_lowercase_characters: false,
        require_uppercase_characters: false,
        require_numbers: numbers,
        require_symbols: false,
        hard_expiry: false,
        max_password_age: 0,
        password_reuse_prevention: 0,
        max_login_attemps: 0,
    }
}

const DATE: &str = "2026-11-30T10:00:00Z";

/// A user like the mock's: an id of the cloud's length, the name, a display name.
fn user(seq: usize, name: String, display_name: String) -> User {
    User {
        user_id: format!("{:016}", 200_000_000_000_000_u64 + seq as u64),
        user_name: name,
        display_name,
        mobile_phone: String::new(),
        email: String::new(),
        comments: String::new(),
        create_date: DATE.to_owned(),
        update_date: DATE.to_owned(),
        last_login_date: None,
    }
}

/// `MaxItems` read from the raw query, not validated: 100 when absent.
fn max_items(req: &poem::Request) -> usize {
    req.uri()
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("MaxItems=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
}

struct Bare;

#[OpenApi(prefix_path = "/ram/2015-05-01")]
impl Bare {
    #[oai(path = "/GetPasswordPolicy", method = "post")]
    async fn get_password_policy(&self) -> Json<PolicyReply> {
        Json(PolicyReply {
            request_id: request_id(),
            password_policy: policy(8, false),
        })
    }

    #[oai(path = "/SetPasswordPolicy", method = "post")]
    async fn set_password_policy(&self) -> Json<PolicyReply> {
        Json(PolicyReply {
            request_id: request_id(),
            password_policy: policy(12, true),
        })
    }

    #[oai(path = "/GetUser", method = "post")]
    async fn get_user(&self) -> Json<UserReply> {
        Json(UserReply {
            request_id: request_id(),
            user: user(1, "bench-user".to_owned(), "Bench User".to_owned()),
        })
    }

    #[oai(path = "/UpdateUser", method = "post")]
    async fn update_user(&self) -> Json<UserReply> {
        Json(UserReply {
            request_id: request_id(),
            user: user(2, "bench-update".to_owned(), "Bench User 12345678".to_owned()),
        })
    }

    #[oai(path = "/UpdateLoginProfile", method = "post")]
    async fn update_login_profile(&self) -> Json<EmptyReply> {
        Json(EmptyReply {
            request_id: request_id(),
        })
    }

    #[oai(path = "/ListUsers", method = "post")]
    async fn list_users(&self, req: &poem::Request) -> Json<ListReply> {
        let n = max_items(req).min(1000);
        let users = (0..n)
            .map(|i| user(i, format!("user-{i:05}"), format!("Bench user {i:05}")))
            .collect();
        Json(ListReply {
            request_id: request_id(),
            is_truncated: n < 1000,
            marker: (n < 1000).then(|| format!("{n:x}")),
            users: UserList { user: users },
        })
    }
}

/// Starts the bare server on the current runtime; returns its `host:port`.
pub async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .expect("bind the bare server");
    let addr = listener.local_addr()[0].as_socket_addr().copied().expect("an address");
    let service = OpenApiService::new(Bare, "bare", "1");
    tokio::spawn(poem::Server::new_with_acceptor(listener).run(poem::Route::new().nest("/", service)));
    addr.to_string()
}
