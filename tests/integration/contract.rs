//! The wire contract: the shapes of the public and staff JSON, as insta snapshots
//! (`tests/integration/snapshots/`), so a renamed, added or removed field, or a new code, is
//! a visible diff in review. Update deliberately: `INSTA_UPDATE=always cargo test … contract`,
//! then read the diff.

use insta::assert_json_snapshot;
use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_with_email, TestApp};
use serde_json::{json, Map, Value};

/// Keys whose values are codes clients branch on: kept as they are.
const CODES: [&str; 8] = [
    "status", "error", "channel", "kind", "action", "outcome", "role", "field",
];

/// The shape of a JSON value: objects with their keys, the first element of each array
/// (and whether it was empty), codes as they are, other leaves as their type.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let kept = CODES.contains(&k.as_str()) && v.is_string();
                    (k.clone(), if kept { v.clone() } else { shape(v) })
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => match a.first() {
            Some(first) => json!([shape(first)]),
            None => json!([]),
        },
        Value::String(_) => json!("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!("integer"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => json!("null"),
    }
}

#[tokio::test]
async fn the_public_api_keeps_its_shape() {
    let app = TestApp::spawn().await;
    let (_, categories) = app.get_json("/api/v1/categories").await;
    assert_json_snapshot!("public_categories", shape(&categories));
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put in de weg", "melder@example.org"),
            &[("photo", fixture("small-gps.jpg"))],
        )
        .await;
    assert_json_snapshot!("public_receipt", shape(&receipt));
    let reference = receipt["ref"].as_str().unwrap();
    let (_, report) = app.get_json(&format!("/api/v1/reports/{reference}")).await;
    assert_json_snapshot!("public_report", shape(&report));
    let (_, list) = app.get_json("/api/v1/reports?bbox=5.1,50.7,5.3,50.9").await;
    assert_json_snapshot!("public_report_list", shape(&list));
    let r = app
        .submit(&json!({"category": "road_damage"}), &[], None)
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let error: Value = r.json().await.unwrap();
    assert_json_snapshot!("error", shape(&error));
}

#[tokio::test]
async fn the_staff_api_keeps_its_shape() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put in de weg", "melder@example.org"),
            &[("photo", fixture("small-gps.jpg"))],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let c = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let (s, _) = app
        .act(&c, reference, json!({"action": "accept", "note": "Gezien"}))
        .await;
    assert_eq!(s, 204);
    let (_, me) = app.get_json_as(&c, "/api/v1/staff/me").await;
    assert_json_snapshot!("staff_me", shape(&me));
    let (_, report) = app
        .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_json_snapshot!("staff_report", shape(&report));
    let (_, queue) = app.get_json_as(&c, "/api/v1/staff/queue").await;
    assert_json_snapshot!("staff_queue", shape(&queue));
    let r = c
        .post(app.url(&format!("/api/v1/staff/reports/{reference}/actions")))
        .header("If-Match", "\"1\"")
        .json(&json!({"action": "start"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412);
    let stale: Value = r.json().await.unwrap();
    assert_json_snapshot!("staff_stale", shape(&stale));
    let planner = app.signed_in("pl@stad.test", Role::Planner, &[]).await;
    let (s, clusters) = app
        .get_json_as(
            &planner,
            "/api/v1/staff/planner/clusters?bbox=5.1,50.7,5.3,50.9&zoom=12",
        )
        .await;
    assert_eq!(s, 200, "{clusters}");
    assert_json_snapshot!("staff_planner_clusters", shape(&clusters));
}
