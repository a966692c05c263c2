//! The API's OpenAPI 3.1 description at `/api/v1/openapi.json` and its docs page; and
//! schemathesis (PyPI) testing every public operation against it: generated valid and invalid
//! requests must get the answers the document promises (statuses, content types, JSON
//! shapes), invalid ones must be refused, nothing may answer 5xx.

use meldpunt_tests::TestApp;
use serde_json::Value;

#[tokio::test]
async fn the_document_is_openapi_3_1_and_describes_the_public_api() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let doc: Value = r.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    for (path, method) in [
        ("/api/v1/categories", "get"),
        ("/api/v1/reports", "get"),
        ("/api/v1/reports", "post"),
        ("/api/v1/reports/{ref}", "get"),
        ("/api/v1/complaints", "post"),
        ("/api/v1/appointments", "post"),
        ("/api/v1/appointments/{token}", "delete"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let schemas = &doc["components"]["schemas"];
    // The error type: one shape per kind, `error` telling which.
    assert!(schemas["AppError"].to_string().contains("validation"));
    // Unknown fields in a report are refused, and the document says so.
    assert_eq!(schemas["ReportInput"]["additionalProperties"], false);
    assert!(doc["components"]["securitySchemes"]["session"].is_object());

    let (s, page) = app.get_text("/api/docs").await;
    assert_eq!(s, 200);
    assert!(page.contains("/api/v1/openapi.json") && page.contains("/vendor/swagger-ui-"));
    assert!(!page.contains("https://"), "nothing from a CDN");
}

#[tokio::test]
async fn schemathesis_finds_nothing_wrong_with_the_public_operations() {
    let app = TestApp::spawn_configured(|c| c.limits.submit_per_hour = 0).await;
    let schema = app.url("/api/v1/openapi.json");
    let out = tokio::task::spawn_blocking(move || {
        // Through the Python that has it (the tests' virtual environment; its `st` script calls this).
        std::process::Command::new(meldpunt_tests::python())
            .args([
                "-c",
                "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'st'; schemathesis()",
                "run",
                &schema,
                "--checks",
                "all",
                // Valid by the schema is not always valid here: a category code or a place
                // outside the city is refused (422), as the document says.
                "--exclude-checks",
                "positive_data_acceptance,ignored_auth,use_after_free,ensure_resource_availability",
                "--max-examples",
                "40",
                "--seed",
                "20261203",
                "--no-color",
                "--exclude-path-regex",
                "^/api/v1/staff",
                "--generation-database",
                "none",
                // The stateful phase follows OpenAPI links, which the document has none of.
                "--phases",
                "examples,coverage,fuzzing",
            ])
            .output()
    })
    .await
    .unwrap()
    .expect("schemathesis (scripts/setup --test installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
}
