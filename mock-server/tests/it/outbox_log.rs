//! The `ramkit-mock` binary logs every verification code it "sends", and
//! the control plane's outbox lists the same code: a developer running the
//! binary can complete a `RamkitAccount` flow from either.

use std::time::{Duration, Instant};

use ramkit_signing::v3;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::official_clients::MockProcess;

/// A request signed with ACS3-HMAC-SHA256, as the official SDKs send it.
async fn send_signed(endpoint: &str, action: &str, query: &[(&str, &str)], id: &str, secret: &str) -> u16 {
    let host = endpoint.trim_start_matches("http://");
    let date = OffsetDateTime::now_utc()
        .format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"))
        .expect("formats");
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let mut headers = vec![
        ("host", host),
        ("x-acs-action", action),
        ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256),
        ("x-acs-date", date.as_str()),
        ("x-acs-signature-nonce", nonce.as_str()),
        ("x-acs-version", "2026-11-01"),
    ];
    let authorization = v3::sign(
        &v3::SigningRequest {
            method: "POST",
            path: "/",
            query,
            headers: &headers,
            body: b"",
        },
        id,
        secret,
    );
    headers.push(("authorization", authorization.as_str()));
    let mut request = reqwest::Client::new().post(format!("{endpoint}/")).query(query);
    for (name, value) in headers.iter().filter(|(n, _)| *n != "host") {
        request = request.header(*name, *value);
    }
    request.send().await.expect("the mock answers").status().as_u16()
}

#[tokio::test]
async fn the_binary_logs_each_sent_code_and_the_outbox_lists_it() {
    let (id, secret) = ("LTAI5tOutboxLogTest0001", "outbox-log-test-secret-000000");
    let mock = MockProcess::start(id, secret);
    let status = send_signed(
        &mock.endpoint,
        "SendAccountVerificationCode",
        &[("NewAddress", "dev@example.com"), ("Recipient", "NewEmail")],
        id,
        secret,
    )
    .await;
    assert_eq!(status, 200, "{}", mock.output());

    let outbox: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/_ramkit/outbox?address=dev@example.com", mock.endpoint))
        .send()
        .await
        .expect("the control plane answers")
        .json()
        .await
        .expect("JSON");
    let code = outbox["Messages"][0]["Code"].as_str().expect("a code").to_owned();
    assert_eq!(code.len(), 6);

    // The log line is written on the request path; give the pipe a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let output = mock.output();
        let logged = output
            .lines()
            .any(|l| l.contains("verification code sent") && l.contains("dev@example.com") && l.contains(&code));
        if logged {
            break;
        }
        assert!(Instant::now() < deadline, "no log line with the code:\n{output}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
