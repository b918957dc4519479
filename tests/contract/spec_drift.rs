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
