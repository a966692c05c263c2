//! Planners: clusters that add up for every filter, statistics and the annual report on a
//! known fixture, streamed exports (CSV for Excel, GeoJSON that GDAL reads), and access.

use chrono::{DateTime, Duration, TimeZone, Utc};
use meldpunt_app::report::domain::{Channel, ReportStatus};
use meldpunt_app::staff::Role;
use meldpunt_server::storage::GeneratedReport;
use meldpunt_tests::{kpi, report_json, TestApp};
use serde_json::{json, Value};

const ST: [f64; 4] = [5.10, 50.75, 5.30, 50.88];
const CATEGORIES: [(&str, &str); 3] = [
    ("waste_not_collected", "netheid"),
    ("road_damage", "wegen"),
    ("street_lighting", "verlichting"),
];

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

/// A known set: 600 reports around Sint-Truiden over 2024–2026, every 10th still open
/// and overdue, the rest done after `i % 5 + 1` days (so within target when ≤ 3 days).
fn fixture() -> Vec<GeneratedReport> {
    (0..600)
        .map(|i| {
            let (category, department) = CATEGORIES[i % 3];
            let year = 2024 + (i % 3) as i32;
            let created = at(year, (i % 12) as u32 + 1, (i % 27) as u32 + 1);
            let open = i % 10 == 0;
            GeneratedReport {
                lat: 50.78 + (i % 37) as f64 * 0.002,
                lon: 5.15 + (i % 41) as f64 * 0.002,
                category: category.into(),
                department: department.into(),
                status: if open {
                    ReportStatus::Accepted
                } else {
                    ReportStatus::Done
                },
                channel: if i % 4 == 0 {
                    Channel::Phone
                } else {
                    Channel::Web
                },
                created_at: created,
                due_at: created + Duration::days(3),
                done_at: (!open).then(|| created + Duration::days((i % 5 + 1) as i64)),
                description: format!("Melding {i} over {category}"),
                photos: Vec::new(),
            }
        })
        .collect()
}

/// Which fixture reports a filter should select.
type Selects = Box<dyn Fn(&GeneratedReport) -> bool>;

async fn planner_app() -> (TestApp, reqwest::Client, Vec<GeneratedReport>) {
    let app = TestApp::spawn().await;
    let reports = fixture();
    app.server.store.insert_generated(&reports).await.unwrap();
    let planner = app.signed_in("planner@stad.test", Role::Planner, &[]).await;
    (app, planner, reports)
}

async fn clusters(app: &TestApp, c: &reqwest::Client, zoom: u32, filter: &str) -> Value {
    let (s, v) = app
        .get_json_as(
            c,
            &format!(
                "/api/v1/staff/planner/clusters?bbox={},{},{},{}&zoom={zoom}&{filter}",
                ST[0], ST[1], ST[2], ST[3]
            ),
        )
        .await;
    assert_eq!(s, 200, "{filter}: {v}");
    v
}

#[tokio::test]
async fn clusters_add_up_to_the_filtered_total_at_every_zoom_and_for_every_filter() {
    let (app, planner, reports) = planner_app().await;
    let now = Utc::now();
    let filters: Vec<(&str, Selects)> = vec![
        ("", Box::new(|_| true)),
        (
            "status=accepted",
            Box::new(|r| r.status == ReportStatus::Accepted),
        ),
        (
            "category=road_damage,street_lighting",
            Box::new(|r| r.category != "waste_not_collected"),
        ),
        ("channel=phone", Box::new(|r| r.channel == Channel::Phone)),
        ("department=wegen", Box::new(|r| r.department == "wegen")),
        (
            "from=2025-01-01&to=2025-12-31",
            Box::new(|r| r.created_at.format("%Y").to_string() == "2025"),
        ),
        (
            "overdue=1",
            Box::new(move |r| r.status == ReportStatus::Accepted && r.due_at < now),
        ),
        (
            "q=MELDING%20123%20over",
            Box::new(|r| r.description.starts_with("Melding 123 over")),
        ),
    ];
    for (filter, keep) in &filters {
        let expected = reports.iter().filter(|r| keep(r)).count() as u64;
        assert!(
            expected > 0 || filter.is_empty(),
            "{filter} selects something"
        );
        for zoom in [8, 10, 12, 14] {
            let v = clusters(&app, &planner, zoom, filter).await;
            assert_eq!(v["too_wide"], false);
            let total = v["total"].as_u64().unwrap();
            let sum: u64 = v["clusters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["count"].as_u64().unwrap())
                .sum();
            assert_eq!(total, expected, "{filter} at zoom {zoom}");
            assert_eq!(sum, expected, "{filter} at zoom {zoom}: clusters add up");
        }
    }
    // Zooming in splits clusters; single reports carry their reference.
    let low = clusters(&app, &planner, 8, "").await["clusters"]
        .as_array()
        .unwrap()
        .len();
    let high = clusters(&app, &planner, 14, "").await;
    assert!(high["clusters"].as_array().unwrap().len() > low);
    assert!(high["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["count"] == 1 && c["ref"].as_str().is_some_and(|r| r.starts_with("M-"))));
}

/// The public map's clusters for the fixture's box: status code and answer.
async fn public_clusters(app: &TestApp, zoom: u32, filter: &str) -> (u16, Value) {
    app.get_json(&format!(
        "/api/v1/reports/clusters?bbox={},{},{},{}&zoom={zoom}&{filter}",
        ST[0], ST[1], ST[2], ST[3]
    ))
    .await
}

fn cluster_sum(v: &Value) -> u64 {
    v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn the_public_map_clusters_add_up_leave_out_hidden_reports_and_carry_no_personal_data() {
    let (app, _planner, reports) = planner_app().await;
    let open = reports
        .iter()
        .filter(|r| r.status == ReportStatus::Accepted)
        .count() as u64;
    let road = reports
        .iter()
        .filter(|r| r.category == "road_damage")
        .count() as u64;
    for zoom in [9, 12, 15] {
        for (filter, expected) in [
            ("", open),
            ("status=open", open),
            ("status=all", 600),
            ("status=closed", 600 - open),
            ("status=all&category=road_damage", road),
            ("status=all&category=no_such_category", 0),
        ] {
            let (s, v) = public_clusters(&app, zoom, filter).await;
            assert_eq!(s, 200, "{filter}: {v}");
            assert_eq!(
                v["total"].as_u64(),
                Some(expected),
                "{filter} at zoom {zoom}"
            );
            assert_eq!(
                cluster_sum(&v),
                expected,
                "{filter} at zoom {zoom}: clusters add up"
            );
        }
    }

    // A report with its reporter's contact: the answer names it by reference only.
    let receipt = app
        .submit_ok(
            &meldpunt_tests::report_with_email(
                "road_damage",
                "Put vol water",
                "an.peeters@example.org",
            ),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    // At street level around it (the whole box is too wide at zoom 19).
    let near = "/api/v1/reports/clusters?bbox=5.1850,50.8155,5.1880,50.8175&zoom=19&status=all";
    let (s, high) = app.get_json(near).await;
    assert_eq!(s, 200, "{high}");
    assert_eq!(high["too_wide"], false);
    let text = high.to_string();
    assert!(text.contains(&reference), "{text}");
    for private in [
        "an.peeters",
        "example.org",
        "Put vol water",
        "email",
        "description",
    ] {
        assert!(!text.contains(private), "{private} in the public clusters");
    }
    let before = high["total"].as_u64().unwrap();
    let (_, all) = public_clusters(&app, 12, "status=all").await;
    assert_eq!(all["total"].as_u64(), Some(601));

    // Hidden, it is gone from every public answer.
    assert!(app.server.store.set_hidden(&reference, true).await.unwrap());
    let (_, v) = app.get_json(near).await;
    assert_eq!(v["total"].as_u64(), Some(before - 1));
    assert!(!v.to_string().contains(&reference));
    let (_, all) = public_clusters(&app, 12, "status=all").await;
    assert_eq!(all["total"].as_u64(), Some(600));

    for bad in [
        "bbox=1,2,3&zoom=10",
        "bbox=a,b,c,d&zoom=10",
        "bbox=5.3,50.9,5.1,50.7&zoom=10",
        "bbox=0,40,10,50&zoom=10",
        "bbox=5.1,50.7,5.3,50.9&zoom=99",
        "bbox=5.1,50.7,5.3,50.9&zoom=-1",
        "bbox=5.1,50.7,5.3,50.9&zoom=veel",
        "bbox=5.1,50.7,5.3,50.9&zoom=10&status=exploded",
        "zoom=10",
    ] {
        let (s, v) = app
            .get_json(&format!("/api/v1/reports/clusters?{bad}"))
            .await;
        assert_eq!(s, 422, "{bad}: {v}");
        assert!(v["field"].is_string(), "{bad} names its field: {v}");
    }
}

/// A coordinator of `wegen` accepts the report of `receipt`; the coordinator's client.
async fn accepted(app: &TestApp, receipt: &Value) -> reqwest::Client {
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let (s, _) = app
        .act(
            &coordinator,
            receipt["ref"].as_str().unwrap(),
            json!({"action": "accept", "note": null}),
        )
        .await;
    assert_eq!(s, 204);
    coordinator
}

#[tokio::test]
async fn the_map_follows_changes_and_hides_what_a_user_may_not_read() {
    let (app, planner, _) = planner_app().await;
    let before = clusters(&app, &planner, 10, "status=new").await["total"]
        .as_u64()
        .unwrap();
    let receipt = app
        .submit_ok(&report_json("road_damage", "Nieuwe put"), &[])
        .await;
    let v = clusters(&app, &planner, 10, "status=new").await;
    assert_eq!(
        v["total"].as_u64().unwrap(),
        before + 1,
        "a new report shows at once"
    );
    let coordinator = accepted(&app, &receipt).await;
    let v = clusters(&app, &planner, 10, "status=new").await;
    assert_eq!(
        v["total"].as_u64().unwrap(),
        before,
        "and follows its status"
    );

    // A coordinator of one department sees only that department, whatever they ask.
    let own = clusters(&app, &coordinator, 10, "").await["total"]
        .as_u64()
        .unwrap();
    let wegen = clusters(&app, &planner, 10, "department=wegen").await["total"]
        .as_u64()
        .unwrap();
    assert_eq!(own, wegen);
    let other = clusters(&app, &coordinator, 10, "department=netheid").await;
    assert_eq!(other["total"], 0);

    // Without signing in, and with garbage.
    let (s, _) = app
        .get_json(&format!(
            "/api/v1/staff/planner/clusters?bbox={},{},{},{}&zoom=10",
            ST[0], ST[1], ST[2], ST[3]
        ))
        .await;
    assert_eq!(s, 401);
    for bad in [
        "bbox=1,2,3&zoom=10",
        "bbox=a,b,c,d&zoom=10",
        "bbox=5.3,50.9,5.1,50.7&zoom=10",
        "bbox=5.1,50.7,5.3,50.9&zoom=99",
        "bbox=5.1,50.7,5.3,50.9&zoom=10&status=exploded",
        "bbox=5.1,50.7,5.3,50.9&zoom=10&from=gisteren",
    ] {
        let (s, v) = app
            .get_json_as(&planner, &format!("/api/v1/staff/planner/clusters?{bad}"))
            .await;
        assert_eq!(s, 422, "{bad}: {v}");
    }
}

#[tokio::test]
async fn statistics_and_the_annual_report_give_the_fixtures_numbers() {
    let (app, planner, reports) = planner_app().await;
    let in_2025: Vec<&GeneratedReport> = reports
        .iter()
        .filter(|r| r.created_at.format("%Y").to_string() == "2025")
        .collect();
    let page = planner
        .get(app.url("/planner/stats?from=2025-01-01&to=2025-12-31"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(kpi(&page, "total"), in_2025.len().to_string());
    let open = in_2025
        .iter()
        .filter(|r| r.status == ReportStatus::Accepted)
        .count();
    assert_eq!(kpi(&page, "open"), open.to_string());
    assert_eq!(kpi(&page, "overdue"), open.to_string());
    // Time to done, computed here by nearest rank like the dashboard.
    let mut hours: Vec<f64> = in_2025
        .iter()
        .filter_map(|r| r.done_at.map(|d| (d - r.created_at).num_hours() as f64))
        .collect();
    hours.sort_by(f64::total_cmp);
    let rank = |q: f64| hours[((q * hours.len() as f64).ceil() as usize).max(1) - 1];
    let lang = meldpunt_app::i18n::Lang::Nl;
    use meldpunt_app::ui::charts::{hours as shown, percent};
    assert_eq!(kpi(&page, "median"), shown(Some(rank(0.5)), lang));
    assert_eq!(kpi(&page, "p90"), shown(Some(rank(0.9)), lang));
    let within = hours.iter().filter(|h| **h <= 72.0).count() as f64 / hours.len() as f64;
    assert_eq!(kpi(&page, "within"), percent(Some(100.0 * within)));
    assert_ne!(rank(0.5), rank(0.9), "the fixture spreads");
    assert!(page.contains("<svg"), "charts");
    // Months in the page's language.
    let months = in_2025
        .iter()
        .map(|r| {
            r.created_at
                .format("%m")
                .to_string()
                .parse::<u32>()
                .unwrap()
        })
        .collect::<std::collections::BTreeSet<u32>>();
    let m = *months.iter().next().unwrap();
    for lang in meldpunt_app::i18n::Lang::ALL {
        let (status, html) = app
            .get_text_as(
                &planner,
                &format!(
                    "/planner/stats?from=2025-01-01&to=2025-12-31&lang={}",
                    lang.code()
                ),
            )
            .await;
        assert_eq!(status, 200, "{lang:?}");
        let name = format!("{} 2025", lang.month_short(m));
        assert!(html.contains(&name), "{lang:?}: {name}");
    }
    assert!(
        page.contains("role=\"img\""),
        "charts have a role and label"
    );

    let annual = planner
        .get(app.url("/planner/annual?year=2026"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let count = |y: &str| {
        reports
            .iter()
            .filter(|r| r.created_at.format("%Y").to_string() == y)
            .count()
    };
    let totals = annual
        .split("data-key=\"total\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    let cells: Vec<&str> = totals
        .split("<td>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(
        cells,
        [
            count("2026").to_string(),
            count("2025").to_string(),
            count("2024").to_string()
        ]
    );
    assert!(
        annual.contains("data-complaints"),
        "a section for complaints"
    );
}

async fn download(c: &reqwest::Client, url: String) -> (u16, String, String) {
    let r = c.get(url).send().await.unwrap();
    let status = r.status().as_u16();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, r.text().await.unwrap())
}

#[tokio::test]
async fn exports_stream_the_selection_for_excel_and_gis_without_personal_data_unless_allowed() {
    let (app, planner, reports) = planner_app().await;
    app.submit_ok(
        &json!({"category": "road_damage", "lat": 50.8166, "lon": 5.1866,
                "description": "=1+1 met \"aanhalingstekens\"; en puntkomma",
                "contact": {"email": "burger@example.be", "consent": true}}),
        &[],
    )
    .await;
    let wegen = reports.iter().filter(|r| r.department == "wegen").count() + 1;

    let (s, kind, csv) = download(
        &planner,
        app.url("/api/v1/staff/planner/export.csv?department=wegen&sep=semicolon"),
    )
    .await;
    assert_eq!(s, 200);
    assert!(kind.starts_with("text/csv"));
    assert!(
        csv.starts_with("\u{feff}referentie;aangemaakt;"),
        "BOM and ; header"
    );
    assert!(
        !csv.contains("burger@example.be"),
        "no personal data by default"
    );
    assert!(csv.contains("'=1+1 met"), "formulas are defused");
    assert_eq!(csv.matches("\r\nM-").count(), wegen, "one line per report");

    let (s, _, _) = download(
        &planner,
        app.url("/api/v1/staff/planner/export.csv?contact=1"),
    )
    .await;
    assert_eq!(s, 403, "planners never get contact data");
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let (s, _, with_contact) = download(
        &coordinator,
        app.url("/api/v1/staff/planner/export.csv?contact=1"),
    )
    .await;
    assert_eq!(s, 200);
    assert!(with_contact.contains("burger@example.be"));
    assert_eq!(
        with_contact.matches("\r\nM-").count(),
        wegen,
        "own department only"
    );

    let (s, kind, geojson) = download(
        &planner,
        app.url("/api/v1/staff/planner/export.geojson?status=accepted"),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(kind, "application/geo+json");
    let v: Value = serde_json::from_str(&geojson).unwrap();
    let accepted = reports
        .iter()
        .filter(|r| r.status == ReportStatus::Accepted)
        .count();
    assert_eq!(v["features"].as_array().unwrap().len(), accepted);
    // GDAL (what QGIS uses) reads it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.geojson");
    std::fs::write(&file, &geojson).unwrap();
    let out = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&file)
        .output()
        .expect("ogrinfo (gdal-bin) is installed by scripts/setup --test");
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        info.contains(&format!("Feature Count: {accepted}")),
        "{info}"
    );
    assert!(info.contains("Point"), "{info}");

    let (s, _, empty) = download(
        &planner,
        app.url("/api/v1/staff/planner/export.geojson?q=bestaat-niet"),
    )
    .await;
    assert_eq!(s, 200);
    let v: Value = serde_json::from_str(&empty).unwrap();
    assert_eq!(
        v["features"].as_array().unwrap().len(),
        0,
        "empty is still valid"
    );
    let (s, _, _) = download(
        &planner,
        app.url("/api/v1/staff/planner/export.csv?status=exploded"),
    )
    .await;
    assert_eq!(s, 422);
}

/// Waits until the server has written its planners' index to the data directory (once, after
/// it loaded; the next time is ten minutes later).
async fn index_file(app: &TestApp) -> std::path::PathBuf {
    let waiting = std::time::Instant::now();
    while app
        .server
        .ctx
        .planner
        .written
        .load(std::sync::atomic::Ordering::Relaxed)
        == 0
    {
        assert!(
            waiting.elapsed() < std::time::Duration::from_secs(10),
            "the index is written after it loads"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    app.config
        .data_dir
        .join(meldpunt_server::planner_file::FILE)
}

fn restored(app: &TestApp) -> u64 {
    app.server
        .ctx
        .planner
        .restored
        .load(std::sync::atomic::Ordering::Relaxed)
}

/// What planners get for a few filters and zooms, to compare servers by.
async fn answers(app: &TestApp, c: &reqwest::Client) -> Vec<Value> {
    let mut out = Vec::new();
    for filter in [
        "",
        "status=new",
        "category=road_damage&channel=web",
        "overdue=1",
        "q=put",
    ] {
        for zoom in [9, 13, 16] {
            out.push(clusters(app, c, zoom, filter).await);
        }
    }
    out
}

#[tokio::test]
async fn a_restarted_server_starts_from_its_saved_index_and_reads_what_changed_and_never_a_wrong_file(
) {
    let (app, planner, reports) = planner_app().await;
    // The first start had nothing to save; the next one loads from the database and then
    // writes the index to its file.
    let app = app.restart().await;
    assert_eq!(restored(&app), 0, "no file at the first start");
    let file = index_file(&app).await;
    let saved = std::fs::read(&file).unwrap();
    // Changes after the file was written: a new report, and another one accepted.
    let receipt = app
        .submit_ok(&report_json("road_damage", "Een put na het bewaren"), &[])
        .await;
    accepted(&app, &receipt).await;
    let running = answers(&app, &planner).await;
    assert_eq!(running[0]["total"], reports.len() + 1);

    // Restarted: the file's reports, then what changed since its mark; the same answers.
    let app = app.restart().await;
    assert_eq!(restored(&app), reports.len() as u64, "read from the file");
    assert_eq!(answers(&app, &planner).await, running);
    index_file(&app).await;

    // A file newer than its database (an older copy of the database put back) is left alone:
    // the index is read from the database, and answers the same.
    let tag = meldpunt_server::planner_file::tag(&app.server.ctx, app.server.store.kind())
        .await
        .unwrap();
    let future = {
        let index = &app.server.ctx.planner;
        let mark = *index.synced_to.lock().unwrap();
        *index.synced_to.lock().unwrap() = Some(Utc::now() + Duration::days(3650));
        let bytes = index.snapshot(&tag).unwrap();
        *index.synced_to.lock().unwrap() = mark;
        bytes
    };
    std::fs::write(&file, &future).unwrap();
    let app = app.restart().await;
    assert_eq!(restored(&app), 0, "a file newer than its database");
    assert_eq!(answers(&app, &planner).await, running);
    index_file(&app).await;

    // Another database's file, and damaged ones, are left alone too.
    let mut other = TestApp::spawn().await;
    other
        .server
        .store
        .insert_generated(&fixture()[..10])
        .await
        .unwrap();
    let mut truncated = saved.clone();
    truncated.truncate(saved.len() / 2);
    let mut flipped = saved.clone();
    flipped[saved.len() / 3] ^= 1;
    for (what, bytes) in [
        ("another database's", saved),
        ("truncated", truncated),
        ("a flipped bit", flipped),
        ("garbage", meldpunt_tests::fixture("not-an-image.jpg")),
        ("empty", Vec::new()),
    ] {
        std::fs::write(
            other
                .config
                .data_dir
                .join(meldpunt_server::planner_file::FILE),
            &bytes,
        )
        .unwrap();
        other = other.restart().await;
        assert_eq!(restored(&other), 0, "{what}");
        assert_eq!(other.server.ctx.planner.len(), 10, "{what}");
        index_file(&other).await;
    }
    // And the file it wrote itself is read at the next start.
    let other = other.restart().await;
    assert_eq!(restored(&other), 10);
    drop(app);
}
