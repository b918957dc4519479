//! [`Reply`]: how an action's answer is sent.

use poem::http::{HeaderValue, StatusCode, header};
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::{Json, Payload};
use poem_openapi::registry::{MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use serde::Serialize;

/// An action's answer: JSON, documented exactly as poem-openapi's
/// [`Json`] documents it, but written straight from the value by serde
/// instead of through a `serde_json::Value` built first (a map and a key
/// string per field: the largest cost of a small answer). The models are
/// declared with `#[model]`, which gives both faces the same wire names; in
/// debug builds (every test) each answer is also compared with what
/// poem-openapi would have sent, so the document and the bytes cannot
/// drift apart.
#[derive(Debug)]
pub(crate) struct Reply<T>(pub(crate) T);

impl<T: Type> Payload for Reply<T> {
    const CONTENT_TYPE: &'static str = <Json<T> as Payload>::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        <Json<T> as Payload>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ToJSON + Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        let body = match serde_json::to_vec(&self.0) {
            Ok(body) => body,
            Err(e) => {
                return Response::builder()
                    .status(StatusCode::INTERNAL_SERVER_ERROR)
                    .body(e.to_string());
            }
        };
        if cfg!(debug_assertions) {
            let sent: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            assert_eq!(
                Some(sent),
                self.0.to_json(),
                "the answer's serde form differs from its documented form"
            );
        }
        let mut resp = Response::from(body);
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(<Self as Payload>::CONTENT_TYPE),
        );
        resp
    }
}

/// Serializes a secret a model sends on purpose (a new AccessKey's): as its
/// text. Its `Debug` stays redacted.
pub(crate) fn reveal<S: serde::Serializer>(secret: &poem_openapi::types::Password, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.as_str())
}

impl<T: ToJSON + Serialize> ApiResponse for Reply<T> {
    fn meta() -> MetaResponses {
        <Json<T> as ApiResponse>::meta()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

#[cfg(test)]
mod tests {
    use ramkit_mock_macros::model;

    use super::*;

    /// A model with a renamed field, an absent value and a nested list.
    #[model]
    #[derive(Debug)]
    struct Sample {
        user_id: String,
        #[oai(rename = "MFABindRequired")]
        mfa_bind_required: bool,
        last_login_date: Option<String>,
        items: Vec<Item>,
    }

    #[model]
    #[derive(Debug)]
    struct Item {
        key_status: Status,
    }

    #[model]
    #[derive(Debug)]
    enum Status {
        Active,
    }

    #[tokio::test]
    async fn an_answer_is_the_json_poem_openapi_documents() {
        let sample = Sample {
            user_id: "u1".to_owned(),
            mfa_bind_required: true,
            last_login_date: None,
            items: vec![Item {
                key_status: Status::Active,
            }],
        };
        let documented = sample.to_json();
        let resp = Reply(sample).into_response();
        assert_eq!(
            resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
            Some("application/json; charset=utf-8")
        );
        let body = resp.into_body().into_vec().await.expect("a body");
        let sent: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(Some(sent.clone()), documented);
        assert_eq!(
            sent,
            serde_json::json!({
                "UserId": "u1",
                "MFABindRequired": true,
                "LastLoginDate": null,
                "Items": [{"KeyStatus": "Active"}],
            })
        );
    }
}
