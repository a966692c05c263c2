//! Prometheus `/metrics`: on an address of its own, behind a bearer token on the main one, and
//! off by default; what it counts after a few requests.

use super::common::*;
use std::process::Stdio;
use std::sync::Arc;

/// The value of the series `name{labels}` (labels as Prometheus writes them, sorted), if any.
fn value(scrape: &str, series: &str) -> Option<f64> {
    scrape
        .lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l[series.len()..].trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn metrics_count_what_operators_watch_and_stay_private() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let server = Meldpunt::start_in(
        dir,
        &[
            "--metrics-addr",
            "127.0.0.1:0",
            "--metrics-token",
            "een-geheim-token",
            "--submit-rate-limit",
            "2",
        ],
        None,
        Stdio::null(),
        "warn",
    )
    .await;
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = http
            .post(format!("{}/api/v1/reports", server.base))
            .multipart(report_form(SMALL_JPEG.to_vec()))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 429]);
    http.post(format!("{}/login", server.base))
        .form(&[
            ("email", "iemand@stad.test"),
            ("password", "niet het wachtwoord"),
        ])
        .send()
        .await
        .unwrap();

    let scrape = http
        .get(
            server
                .metrics
                .as_deref()
                .expect("the metrics address is printed"),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for (series, expected) in [
        ("meldpunt_reports_created_total{channel=\"web\"}", 2.0),
        ("meldpunt_rate_limited_total{limit=\"reports\"}", 1.0),
        ("meldpunt_sign_in_failures_total{reason=\"wrong\"}", 1.0),
        (
            "meldpunt_http_requests_total{group=\"public_api\",status=\"201\"}",
            2.0,
        ),
        (
            "meldpunt_http_requests_total{group=\"public_api\",status=\"429\"}",
            1.0,
        ),
        (
            "meldpunt_http_request_duration_seconds_count{group=\"public_api\"}",
            4.0, // and the harness's wait for the start (the categories)
        ),
        ("meldpunt_work_seconds_count{gate=\"photos\"}", 2.0),
        ("meldpunt_work_seconds_count{gate=\"sign-ins\"}", 1.0),
        ("meldpunt_work_queued{gate=\"photos\"}", 0.0),
        ("meldpunt_outbox_messages{state=\"waiting\"}", 0.0),
        ("meldpunt_outbox_messages{state=\"parked\"}", 0.0),
        ("meldpunt_planner_index_reports", 0.0),
    ] {
        assert_eq!(value(&scrape, series), Some(expected), "{series}\n{scrape}");
    }
    assert!(
        scrape.contains(
            "meldpunt_http_request_duration_seconds_bucket{group=\"public_api\",le=\"0.05\"}"
        ),
        "latency as a histogram with buckets:\n{scrape}"
    );
    assert!(
        scrape.contains("# HELP meldpunt_reports_created_total"),
        "{scrape}"
    );
    assert!(!scrape.contains("iemand"), "no personal data: {scrape}");

    // On the main address: only with the token.
    let main = format!("{}/metrics", server.base);
    let r = http.get(&main).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let r = http
        .get(&main)
        .bearer_auth("een-ander-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .get(&main)
        .bearer_auth("een-geheim-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert_eq!(
        value(&text, "meldpunt_reports_created_total{channel=\"web\"}"),
        Some(2.0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_a_metrics_flag_there_is_no_metrics_page() {
    let server = Meldpunt::start(&[]).await;
    let r = reqwest::get(format!("{}/metrics", server.base))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}
