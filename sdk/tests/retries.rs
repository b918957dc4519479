//! Retries and timeouts under paused tokio time.
//!
//! The scripted server runs on the test's own runtime (not on a thread of its
//! own as wiremock's does), so with the clock paused every delay, backoff and
//! timeout is virtual: a one-hour hang takes no wall time, and the instants at
//! which attempts arrive are exact. Loopback I/O on one runtime is always ready
//! when the runtime looks, so the clock only jumps when every task waits for a
//! timer.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use poem::http::StatusCode;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Body, EndpointExt, Request, Response, Route, Server, handler, web::Data};
use ramkit::{Client, Config, Credentials, ErrorCode, RetryConfig};
use tokio::time::Instant;

/// One scripted answer: status, Alibaba error code (`None`: a success body),
/// extra headers, and how long to wait before answering.
#[derive(Clone)]
struct Reply {
    status: u16,
    code: Option<&'static str>,
    retry_after_ms: Option<u64>,
    delay: Duration,
}

fn ok() -> Reply {
    Reply {
        status: 200,
        code: None,
        retry_after_ms: None,
        delay: Duration::ZERO,
    }
}

fn error(status: u16, code: &'static str) -> Reply {
    Reply {
        code: Some(code),
        status,
        ..ok()
    }
}

fn throttled() -> Reply {
    error(400, "Throttling.User")
}

fn hang() -> Reply {
    Reply {
        delay: Duration::from_secs(3600),
        ..ok()
    }
}

/// What the server saw of one attempt.
#[derive(Clone, Debug)]
struct Seen {
    at: Instant,
    nonce: Option<String>,
    retry_attempts: Option<String>,
    retry_delay: Option<String>,
}

/// Answers with the script in order, the last reply again once it runs out.
struct Script {
    replies: Vec<Reply>,
    seen: Mutex<Vec<Seen>>,
}

impl Script {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("no test panics holding it").clone()
    }

    fn gaps(&self) -> Vec<Duration> {
        self.seen().windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

#[handler]
async fn answer(req: &Request, script: Data<&Arc<Script>>) -> Response {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let index = {
        let mut seen = script.seen.lock().expect("no test panics holding it");
        seen.push(Seen {
            at: Instant::now(),
            nonce: header("x-acs-signature-nonce"),
            retry_attempts: header("x-acs-retry-attempts"),
            retry_delay: header("x-acs-retry-delay"),
        });
        seen.len() - 1
    };
    let reply = script.replies[index.min(script.replies.len() - 1)].clone();
    tokio::time::sleep(reply.delay).await;
    let body = match reply.code {
        None => serde_json::json!({
            "RequestId": format!("R{index}"),
            "PasswordPolicy": {
                "MinimumPasswordLength": 8, "RequireLowercaseCharacters": false, "RequireUppercaseCharacters": false,
                "RequireNumbers": false, "RequireSymbols": false, "HardExpiry": false, "MaxPasswordAge": 0,
                "PasswordReusePrevention": 0, "MaxLoginAttemps": 0
            }
        }),
        Some(code) => serde_json::json!({
            "RequestId": format!("R{index}"), "HostId": "ram.aliyuncs.com", "Code": code, "Message": code, "Recommend": ""
        }),
    };
    let mut response = Response::builder()
        .status(StatusCode::from_u16(reply.status).expect("a scripted status"))
        .content_type("application/json");
    if let Some(ms) = reply.retry_after_ms {
        response = response.header("x-acs-retry-after", ms.to_string());
    }
    response.body(Body::from_json(body).expect("JSON"))
}

/// Starts the script on this runtime; returns its endpoint and its record.
async fn serve(replies: Vec<Reply>) -> (String, Arc<Script>) {
    let script = Arc::new(Script {
        replies,
        seen: Mutex::new(Vec::new()),
    });
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .expect("a free port");
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .expect("a TCP address");
    let app = Route::new().at("/", poem::post(answer)).data(Arc::clone(&script));
    tokio::spawn(Server::new_with_acceptor(acceptor).run(app));
    (format!("http://{addr}"), script)
}

/// Ten-second attempts, three of them, 100 ms then 200 ms apart (no jitter).
fn client(endpoint: &str, configure: impl FnOnce(ramkit::ConfigBuilder) -> ramkit::ConfigBuilder) -> Client {
    let builder = Config::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new("LTAI5tRetryTest00000000", "retry-test-secret"))
        .attempt_timeout(Duration::from_secs(10))
        .operation_timeout(None)
        .retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(100))
                .with_jitter(false),
        );
    Client::new(configure(builder).build().expect("config")).expect("client")
}

#[tokio::test(start_paused = true)]
async fn throttling_twice_then_success_takes_three_freshly_signed_attempts_after_exponential_backoff() {
    let (endpoint, script) = serve(vec![throttled(), throttled(), ok()]).await;
    client(&endpoint, |b| b)
        .set_password_policy()
        .require_numbers(true)
        .send()
        .await
        .expect("the third attempt succeeds");
    let seen = script.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(script.gaps(), [Duration::from_millis(100), Duration::from_millis(200)]);
    let nonces: std::collections::BTreeSet<_> = seen.iter().map(|s| s.nonce.clone()).collect();
    assert_eq!(nonces.len(), 3, "every attempt is signed afresh");
    let retry_headers: Vec<_> = seen
        .iter()
        .map(|s| (s.retry_attempts.as_deref(), s.retry_delay.as_deref()))
        .collect();
    assert_eq!(
        retry_headers,
        [(None, None), (Some("1"), Some("100")), (Some("2"), Some("200"))]
    );
}

#[tokio::test(start_paused = true)]
async fn a_503_then_success_is_retried_even_for_a_write() {
    let (endpoint, script) = serve(vec![error(503, "ServiceUnavailable"), ok()]).await;
    client(&endpoint, |b| b)
        .set_password_policy()
        .hard_expiry(true)
        .send()
        .await
        .expect("the second attempt succeeds");
    assert_eq!(script.seen().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_servers_retry_after_replaces_the_backoff() {
    let throttled_for_a_while = Reply {
        retry_after_ms: Some(1500),
        ..throttled()
    };
    let (endpoint, script) = serve(vec![throttled_for_a_while, ok()]).await;
    client(&endpoint, |b| b).get_password_policy().send().await.expect("ok");
    assert_eq!(script.gaps(), [Duration::from_millis(1500)]);
    assert_eq!(script.seen()[1].retry_delay.as_deref(), Some("1500"));
}

#[tokio::test(start_paused = true)]
async fn throttling_that_never_ends_gives_up_after_the_configured_attempts_with_the_last_answer() {
    let (endpoint, script) = serve(vec![throttled()]).await;
    let err = client(&endpoint, |b| b)
        .get_password_policy()
        .send()
        .await
        .expect_err("always throttled");
    assert_eq!(script.seen().len(), 3);
    let e = err.as_service_error().expect("the last answer");
    assert_eq!(
        (e.error_code(), e.request_id()),
        (ErrorCode::ThrottlingUser, Some("R2"))
    );
    assert!(err.is_retryable());
}

#[tokio::test(start_paused = true)]
async fn an_internal_error_is_retried_for_a_read_but_not_for_a_write() {
    let (endpoint, script) = serve(vec![error(500, "InternalError")]).await;
    let client = client(&endpoint, |b| b);
    client
        .get_password_policy()
        .send()
        .await
        .expect_err("a read, three times");
    assert_eq!(script.seen().len(), 3);
    client
        .set_password_policy()
        .require_symbols(true)
        .send()
        .await
        .expect_err("a write, once: it may have been applied");
    assert_eq!(script.seen().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_hang_times_out_each_attempt_and_is_retried_for_a_read() {
    let (endpoint, script) = serve(vec![hang()]).await;
    let started = Instant::now();
    let err = client(&endpoint, |b| b)
        .get_password_policy()
        .send()
        .await
        .expect_err("every attempt hangs");
    assert!(matches!(err, ramkit::Error::Timeout(_)), "{err:?}");
    assert_eq!(script.seen().len(), 3);
    // Three 10 s attempts and the 100 ms and 200 ms waits between them.
    assert_eq!(started.elapsed(), Duration::from_millis(30_300));
}

#[tokio::test(start_paused = true)]
async fn a_hang_is_never_retried_for_a_write() {
    let (endpoint, script) = serve(vec![hang()]).await;
    let err = client(&endpoint, |b| b)
        .set_password_policy()
        .require_symbols(true)
        .send()
        .await
        .expect_err("one ambiguous attempt");
    assert!(matches!(err, ramkit::Error::Timeout(_)), "{err:?}");
    assert_eq!(script.seen().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_bounds_all_attempts_together() {
    let (endpoint, script) = serve(vec![hang()]).await;
    let started = Instant::now();
    let err = client(&endpoint, |b| {
        b.operation_timeout(Some(Duration::from_secs(15)))
            .retry(RetryConfig::default().with_max_attempts(10).with_jitter(false))
    })
    .get_password_policy()
    .send()
    .await
    .expect_err("too slow");
    assert!(matches!(err, ramkit::Error::Timeout(_)), "{err:?}");
    assert_eq!(started.elapsed(), Duration::from_secs(15));
    assert_eq!(script.seen().len(), 2, "the second attempt was cut short");
}
