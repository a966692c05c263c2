//! Districts through the app: imported from GeoJSON (the demo's sample), every report placed
//! in its district when made and again when the districts change, the district on the public
//! report (page, JSON, GeoJSON) and the staff page, and routing rules by category and
//! district applied when a report is made.

use meldpunt_app::district::{import, parse_districts};
use meldpunt_app::port::RoutingRule;
use meldpunt_app::staff::Role;
use meldpunt_tests::{kpi, table_cell, unmarked, TestApp};
use serde_json::{json, Value};

/// Grote Markt (Sint-Truiden itself) and a point in Velm.
const CENTRE: (f64, f64) = (50.8166, 5.1866);
const VELM: (f64, f64) = (50.7770, 5.1270);

fn at(category: &str, (lat, lon): (f64, f64)) -> Value {
    json!({"category": category, "lat": lat, "lon": lon, "description": "Kapot, graag herstellen"})
}

async fn sample(app: &TestApp) {
    let read = parse_districts(meldpunt_server::demo::SAMPLE_DISTRICTS, "code", "name").unwrap();
    let done = import(&app.server.ctx, &read).await.unwrap();
    assert_eq!(done.districts, 16);
}

async fn public(app: &TestApp, reference: &str) -> Value {
    let (s, r) = app
        .get_json_as(&app.new_client(), &format!("/api/v1/reports/{reference}"))
        .await;
    assert_eq!(s, 200, "{r}");
    r
}

#[tokio::test]
async fn reports_get_their_district_and_show_it() {
    let app = TestApp::spawn().await;
    // Made before there are districts: none.
    let early = app.submit_ok(&at("graffiti", VELM), &[]).await;
    let early = early["ref"].as_str().unwrap().to_owned();
    assert_eq!(public(&app, &early).await["district"], Value::Null);

    // Importing places the reports already made; new ones are placed when made.
    sample(&app).await;
    assert_eq!(public(&app, &early).await["district"], "Velm");
    let centre = app.submit_ok(&at("graffiti", CENTRE), &[]).await;
    let centre = centre["ref"].as_str().unwrap().to_owned();
    assert_eq!(public(&app, &centre).await["district"], "Sint-Truiden");
    let (_, page) = app
        .get_text_as(&app.new_client(), &format!("/r/{centre}"))
        .await;
    assert!(
        page.contains("data-district") && page.contains("Deelgemeente"),
        "the page says it"
    );
    let (s, geo) = app
        .get_json_as(
            &app.new_client(),
            "/api/v1/reports?bbox=5.05,50.72,5.35,50.90",
        )
        .await;
    assert_eq!(s, 200);
    let district_of = |reference: &str| {
        geo["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["ref"] == reference)
            .map(|f| f["properties"]["district"].clone())
    };
    assert_eq!(district_of(&centre), Some(json!("Sint-Truiden")));
    assert_eq!(district_of(&early), Some(json!("Velm")));
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["netheid"])
        .await;
    let (_, staff) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{early}"))
        .await;
    assert_eq!(staff["district"], "Velm");

    // Imported anew with other districts: one big area; the old ones and their places go.
    let one = r#"{"type":"Feature","properties":{"code":"alles","name":"Heel de stad"},
        "geometry":{"type":"Polygon","coordinates":[[[5.0,50.7],[5.4,50.7],[5.4,50.95],[5.0,50.95],[5.0,50.7]]]}}"#;
    let done = import(
        &app.server.ctx,
        &parse_districts(one, "code", "name").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!((done.districts, done.reports), (1, 2));
    assert_eq!(public(&app, &early).await["district"], "Heel de stad");
    assert_eq!(app.server.ctx.store.districts().await.unwrap().len(), 1);
}

#[tokio::test]
async fn routing_rules_send_a_categorys_reports_in_a_district_elsewhere() {
    let app = TestApp::spawn().await;
    sample(&app).await;
    let store = &app.server.ctx.store;
    store.create_team("Ploeg Velm", "wegen").await.unwrap();
    let rule = |category: &str, district: &str, department: &str, team: Option<&str>| RoutingRule {
        category: category.into(),
        district: district.into(),
        department: department.into(),
        team: team.map(str::to_owned),
    };
    // Road damage in Velm goes straight to its team; graffiti in Velm to the green department.
    store
        .set_routing_rule(&rule("road_damage", "velm", "wegen", Some("Ploeg Velm")))
        .await
        .unwrap();
    store
        .set_routing_rule(&rule("graffiti", "velm", "groen", None))
        .await
        .unwrap();
    // Unknown names are refused by field; a team of another department too.
    for (bad, field) in [
        (rule("graffiti", "atlantis", "groen", None), "district"),
        (rule("nothing", "velm", "groen", None), "category"),
        (rule("graffiti", "velm", "nowhere", None), "department"),
        (
            rule("graffiti", "velm", "groen", Some("Ploeg Velm")),
            "team",
        ),
    ] {
        let e = store.set_routing_rule(&bad).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{bad:?}: {e:?}");
    }
    assert_eq!(store.routing_rules().await.unwrap().len(), 2);

    let coordinator = app
        .signed_in(
            "co@stad.test",
            Role::Coordinator,
            &["wegen", "groen", "netheid"],
        )
        .await;
    let staff = |reference: String| {
        let c = coordinator.clone();
        let app = &app;
        async move {
            let (_, r) = app
                .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
                .await;
            r
        }
    };
    let road = app.submit_ok(&at("road_damage", VELM), &[]).await;
    assert_eq!(road["status"], "assigned", "the receipt says so: {road}");
    let r = staff(road["ref"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        (
            r["status"].clone(),
            r["department"].clone(),
            r["team"].clone()
        ),
        (json!("assigned"), json!("wegen"), json!("Ploeg Velm"))
    );
    let graffiti = app.submit_ok(&at("graffiti", VELM), &[]).await;
    let r = staff(graffiti["ref"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        (
            r["status"].clone(),
            r["department"].clone(),
            r["team"].clone()
        ),
        (json!("new"), json!("groen"), Value::Null)
    );
    // Elsewhere, and other categories, the category's department as before.
    let elsewhere = app.submit_ok(&at("graffiti", CENTRE), &[]).await;
    let r = staff(elsewhere["ref"].as_str().unwrap().to_owned()).await;
    assert_eq!(r["department"], "netheid");
    // Without the rule, its category's department again.
    assert!(store.remove_routing_rule("graffiti", "velm").await.unwrap());
    assert!(!store.remove_routing_rule("graffiti", "velm").await.unwrap());
    let again = app.submit_ok(&at("graffiti", VELM), &[]).await;
    let r = staff(again["ref"].as_str().unwrap().to_owned()).await;
    assert_eq!(r["department"], "netheid");
}

#[tokio::test]
async fn planners_filter_and_count_by_district_and_so_do_the_public_figures() {
    let app = TestApp::spawn().await;
    let early = app.submit_ok(&at("graffiti", VELM), &[]).await;
    let early = early["ref"].as_str().unwrap().to_owned();
    let planner = app.signed_in("plan@stad.test", Role::Planner, &[]).await;
    // Without districts: no district table and no district filter.
    let (s, page) = app.get_text_as(&planner, "/planner/stats").await;
    assert_eq!(s, 200);
    assert!(!page.contains("data-testid=\"district-table\""));
    assert!(!page.contains("name=\"district\""));

    // The import moves the report made before into Velm, also in the planners' index, which
    // had read it already.
    sample(&app).await;
    app.submit_ok(&at("graffiti", CENTRE), &[]).await;
    app.submit_ok(&at("road_damage", CENTRE), &[]).await;
    app.submit_ok(&at("road_damage", VELM), &[]).await;
    let table = "data-testid=\"district-table\"";
    let (_, page) = app.get_text_as(&planner, "/planner/stats").await;
    assert_eq!(kpi(&page, "total"), "4");
    assert_eq!(
        table_cell(&page, table, "velm", "total").as_deref(),
        Some("2")
    );
    assert_eq!(
        table_cell(&page, table, "sint-truiden", "total").as_deref(),
        Some("2")
    );
    assert_eq!(
        table_cell(&page, table, "velm", "open").as_deref(),
        Some("2")
    );
    assert!(page.contains("name=\"district\"") && unmarked(&page).contains(">Velm</option>"));

    // The filter: the dashboard, the map's clusters and the export.
    let (_, velm) = app
        .get_text_as(&planner, "/planner/stats?district=velm")
        .await;
    assert_eq!(kpi(&velm, "total"), "2");
    assert!(table_cell(&velm, table, "sint-truiden", "total").is_none());
    let (s, clusters) = app
        .get_json_as(
            &planner,
            "/api/v1/staff/planner/clusters?bbox=5.0,50.7,5.4,50.9&zoom=10&district=velm,zepperen",
        )
        .await;
    assert_eq!(s, 200, "{clusters}");
    assert_eq!(clusters["total"], 2);
    let (s, csv) = app
        .get_text_as(&planner, "/api/v1/staff/planner/export.csv?district=velm")
        .await;
    assert_eq!(s, 200);
    assert!(csv.contains(&early), "{csv}");
    assert!(
        csv.contains("deelgemeente") && csv.contains(",Velm,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3, "a header and two reports: {csv}");
    // A district code that is not a code is refused by field.
    let (s, bad) = app
        .get_json_as(
            &planner,
            "/api/v1/staff/planner/clusters?bbox=5.0,50.7,5.4,50.9&zoom=10&district=%3Cscript%3E",
        )
        .await;
    assert_eq!((s, bad["field"].as_str()), (422, Some("district")), "{bad}");

    // The annual report and the public figures have the table too, in every language.
    let year = chrono::Utc::now().format("%Y").to_string();
    let (_, annual) = app
        .get_text_as(&planner, &format!("/planner/annual?year={year}"))
        .await;
    assert!(annual.contains("id=\"districts\""));
    assert_eq!(
        table_cell(&annual, table, "velm", "total").as_deref(),
        Some("2")
    );
    let (s, public) = app.get_text_as(&app.new_client(), "/cijfers").await;
    assert_eq!(s, 200);
    assert!(public.contains("Per deelgemeente"));
    assert_eq!(
        table_cell(&public, table, "velm", "total").as_deref(),
        Some("2")
    );
    let (_, fr) = app.get_text_as(&app.new_client(), "/cijfers?lang=fr").await;
    assert!(fr.contains("Par section"));
}
