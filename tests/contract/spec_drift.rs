//! The committed contract and the SDK code generated from it are what the
//! current sources would generate.

#[test]
fn committed_openapi_document_matches_what_the_mock_generates() {
    let committed = std::fs::read_to_string(xtask::openapi_path()).expect("openapi/ramkit.openapi.json is committed");
    assert!(
        committed == xtask::openapi_document(),
        "openapi/ramkit.openapi.json is out of date with the mock's operations; run `{}` and commit the diff",
        xtask::REGENERATE
    );
}

#[test]
fn committed_sdk_code_matches_what_the_generator_makes_from_the_committed_document() {
    let document = std::fs::read_to_string(xtask::openapi_path()).expect("openapi/ramkit.openapi.json is committed");
    let generated = xtask::generate_sdk(&document).expect("the committed document generates");
    let committed = xtask::committed_sdk().expect("sdk/src/generated is readable");
    assert!(
        committed == generated,
        "sdk/src/generated/ is out of date with openapi/ramkit.openapi.json; run `{}` and commit the diff",
        xtask::REGENERATE
    );
}

#[test]
fn every_catalogued_action_has_a_generated_sdk_method_with_its_wire_identity() {
    let document = std::fs::read_to_string(xtask::openapi_path()).expect("committed");
    let generated = xtask::generate_sdk(&document)
        .expect("generates")
        .into_values()
        .collect::<String>();
    for (_, _, action) in ramkit_mock::actions() {
        assert!(
            generated.contains(&format!("action: \"{action}\"")),
            "{action} has no SDK method"
        );
    }
}

#[tokio::test]
async fn the_mock_serves_the_committed_document_and_swagger_ui() {
    let server = ramkit_mock::MockServer::start().await.expect("the mock starts");
    let document = reqwest::get(format!("{}/openapi.json", server.endpoint()))
        .await
        .expect("served")
        .text()
        .await
        .expect("text");
    let committed = std::fs::read_to_string(xtask::openapi_path()).expect("committed");
    assert_eq!(document, committed);
    let docs = reqwest::get(format!("{}/docs", server.endpoint()))
        .await
        .expect("served")
        .text()
        .await
        .expect("text");
    assert!(
        docs.contains("swagger-ui") && docs.contains("x-acs-action"),
        "Swagger UI shows the annotated document"
    );
}
