//! Where a report is: a pin or a GPS fix is named after the nearest address of the address
//! register ("bij Stationsstraat 12"), stored with the report and shown to everyone who reads it.

use meldpunt_app::port::AddressRow;
use meldpunt_app::report::domain::GeoPoint;
use meldpunt_app::staff::Role;
use meldpunt_tests::TestApp;
use serde_json::json;

async fn with_register() -> TestApp {
    let app = TestApp::spawn().await;
    app.import_sample_addresses().await;
    app
}

#[tokio::test]
async fn a_pin_is_named_after_the_nearest_address_and_a_given_address_is_kept() {
    let app = with_register().await;
    // Five metres north of Stationsstraat 12 (50.818757, 5.190022).
    let pinned = json!({"category": "street_lighting", "lat": 50.818802, "lon": 5.190022,
        "description": "De lamp voor het huis brandt niet."});
    let receipt = app.submit_ok(&pinned, &[]).await;
    let report = app.report_of(&receipt).await;
    assert_eq!(report["address"], "Stationsstraat 12, 3800 Sint-Truiden");
    assert_eq!(report["address_near"], true);
    let reference = receipt["ref"].as_str().unwrap();
    let (_, nl) = app.get_text(&format!("/r/{reference}")).await;
    assert!(
        nl.contains("bij Stationsstraat 12, 3800 Sint-Truiden"),
        "{nl}"
    );
    let (_, fr) = app.get_text(&format!("/r/{reference}?lang=fr")).await;
    assert!(fr.contains("près de Stationsstraat 12"), "{fr}");

    // The coordinator's queue and report page, and the crew's list, say the same.
    let coordinator = app
        .signed_in("coordinator@stad.test", Role::Coordinator, &["verlichting"])
        .await;
    for page in ["/queue".to_owned(), format!("/staff/r/{reference}")] {
        let (status, html) = app.get_text_as(&coordinator, &page).await;
        assert_eq!(status, 200, "{page}");
        assert!(html.contains("bij Stationsstraat 12"), "{page}: {html}");
    }

    // An address the reporter gave stays theirs, not "near".
    let given = json!({"category": "street_lighting", "lat": 50.818802, "lon": 5.190022,
        "address": "Stationsstraat 14, 3800 Sint-Truiden", "description": "Ook hier is het donker."});
    let report = app.report_of(&app.submit_ok(&given, &[]).await).await;
    assert_eq!(report["address"], "Stationsstraat 14, 3800 Sint-Truiden");
    assert_eq!(report["address_near"], false);

    // In a field, 75 m and more from every address: the place stays unnamed, not wrongly named.
    let field = json!({"category": "illegal_dumping", "lat": 50.7600, "lon": 5.1000,
        "description": "Afval gestort langs de veldweg."});
    let report = app.report_of(&app.submit_ok(&field, &[]).await).await;
    assert_eq!(report["address"], serde_json::Value::Null);
    assert_eq!(report["address_near"], false);
}

/// Brute force over the register: the address nearest to `p` within `within_m`.
fn closest(rows: &[AddressRow], p: GeoPoint, within_m: f64) -> Option<(f64, &AddressRow)> {
    rows.iter()
        .map(|a| (a.point.distance_m(&p), a))
        .filter(|(d, _)| *d <= within_m)
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

#[tokio::test]
async fn the_store_finds_the_same_nearest_address_as_a_search_of_the_whole_register() {
    let app = with_register().await;
    let rows = meldpunt_app::address::parse_csv(include_bytes!(
        "../../sample-data/addresses-sint-truiden.csv"
    ))
    .unwrap();
    let store = &app.server.store;
    // A grid over the centre and beyond it, every 23 m or so.
    let (mut named, mut unnamed) = (0, 0);
    for i in 0..40 {
        for j in 0..40 {
            let p = GeoPoint {
                lat: 50.806 + f64::from(i) * 0.0005,
                lon: 5.172 + f64::from(j) * 0.0008,
            };
            let found = store.nearest_address(p, 75.0).await.unwrap();
            let expected = closest(&rows, p, 75.0);
            match (found, expected) {
                (Some(f), Some((d, _))) => {
                    // Ties and the flat-earth ranking may pick another address at the same
                    // distance, never a farther one.
                    let fd = f.point.distance_m(&p);
                    assert!(
                        fd <= d + 0.5,
                        "{p:?}: {f:?} at {fd:.1} m, nearest at {d:.1} m"
                    );
                    named += 1;
                }
                (None, None) => unnamed += 1,
                (Some(f), None) => {
                    // The box reaches a little past the circle in its corners.
                    assert!(f.point.distance_m(&p) <= 75.0 * std::f64::consts::SQRT_2 + 1.0);
                    unnamed += 1;
                }
                (None, Some((d, a))) => panic!("{p:?}: nothing found, but {a:?} at {d:.1} m"),
            }
        }
    }
    assert!(named > 100 && unnamed > 100, "{named} named, {unnamed} not");
}

#[tokio::test]
async fn the_forms_nearest_address_call_refuses_garbage_with_a_clear_error() {
    use leptos::server_fn::ServerFn;
    let app = with_register().await;
    let path = <meldpunt_app::report::api::NearestAddress as ServerFn>::PATH;
    let call = |body: String| {
        app.client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let r = call("lat=50.81665&lon=5.18665".into()).await.unwrap();
    assert_eq!(r.status(), 200);
    let hit: serde_json::Value = r.json().await.unwrap();
    assert!(
        hit["label"].as_str().unwrap().starts_with("Grote Markt 24"),
        "{hit}"
    );
    let r = call("lat=51.5&lon=-0.12".into()).await.unwrap();
    assert_eq!(
        (r.status().as_u16(), r.text().await.unwrap().as_str()),
        (200, "null"),
        "far from every address"
    );
    for (body, status) in [
        ("lat=999&lon=5".to_owned(), 422),
        ("lat=NaN&lon=5".to_owned(), 422),
        ("lat=inf&lon=5".to_owned(), 422),
        ("lat=50.8&lon=-181".to_owned(), 422),
        ("lat=abc&lon=5".to_owned(), 400),
        ("lon=5".to_owned(), 400),
        (format!("lat={}&lon=5", "9".repeat(100_000)), 422),
    ] {
        let r = call(body.clone()).await.unwrap();
        let got = r.status().as_u16();
        let e: serde_json::Value = r.json().await.unwrap_or_default();
        assert_eq!(got, status, "{}: {e}", &body[..body.len().min(40)]);
        assert!(
            e["error"].is_string(),
            "{}: {e}",
            &body[..body.len().min(40)]
        );
    }
}
