//! Open311 out and webhooks: a report forwarded to a partner that runs Meldpunt too (a
//! second instance), its id kept and its status read back into the history; retries with
//! backoff against a partner that fails, and a refusing partner parked and shown failing;
//! status changes delivered to subscribers signed (checked with the Standard Webhooks
//! library from PyPI, `tests/webhook_verify.py`), each event once.

use crate::open311::partner_app;
use axum::http::{HeaderMap, StatusCode};
use meldpunt_app::office::{admin, links_admin};
use meldpunt_app::port::{DeliveryCounts, Open311Link};
use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, TestApp};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Waits up to 20 s for `check` to give something.
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..200 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("waited 20 s for {what}");
}

/// The city's delivery counts once `ready` holds for them (waits up to 20 s).
async fn deliveries_once(
    city: &TestApp,
    what: &str,
    ready: impl Fn(&DeliveryCounts) -> bool,
) -> DeliveryCounts {
    eventually(what, || async {
        let c = city
            .server
            .ctx
            .store
            .delivery_counts(chrono::Utc::now())
            .await
            .unwrap();
        ready(&c).then_some(c)
    })
    .await
}

/// A city whose partner "Afvalbedrijf" takes waste reports at `endpoint` with `key`; a
/// waste report with a photo and answers, forwarded to it by a coordinator.
async fn forwarded(endpoint: &str, key: &str) -> (TestApp, reqwest::Client, String) {
    let (city, _) = partner_app().await;
    let ctx = &city.server.ctx;
    admin::create_partner(ctx, None, "Afvalbedrijf", "ops@afval.test")
        .await
        .unwrap();
    links_admin::link_open311(
        ctx,
        None,
        "Afvalbedrijf",
        Some(Open311Link {
            endpoint: endpoint.to_owned(),
            api_key: key.to_owned(),
            jurisdiction: Some("sint-truiden.be".into()),
            services: vec![("waste_not_collected".into(), "waste_not_collected".into())],
        }),
    )
    .await
    .unwrap();
    let mut report = json!({"category": "waste_not_collected", "lat": 50.8166, "lon": 5.1866,
        "description": "PMD niet opgehaald aan de Markt",
        "answers": {"container": "pmd", "kinds": ["paper", "metal"]},
        "contact": {"email": "melder@example.org", "name": "An Peeters", "consent": true}});
    report["address"] = json!("Grote Markt 1");
    let receipt = city
        .submit_ok(&report, &[("a.jpg", fixture("small-gps.jpg"))])
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let coordinator = city
        .signed_in(
            "co@stad.test",
            Role::Coordinator,
            &meldpunt_tests::ALL_DEPARTMENTS,
        )
        .await;
    let partner_id = city.server.ctx.store.partners().await.unwrap()[0].id;
    // A category the partner has no service for cannot go there.
    let other = city
        .submit_ok(&meldpunt_tests::report_json("road_damage", "Gat"), &[])
        .await;
    let (s, e) = city
        .act(
            &coordinator,
            other["ref"].as_str().unwrap(),
            json!({"action": "forward", "partner_id": partner_id}),
        )
        .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("partner")), "{e}");
    let (s, e) = city
        .act(
            &coordinator,
            &reference,
            json!({"action": "forward", "partner_id": partner_id, "note": "graag snel"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    (city, coordinator, reference)
}

async fn staff_report(app: &TestApp, client: &reqwest::Client, reference: &str) -> Value {
    let (s, r) = app
        .get_json_as(client, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(s, 200, "{r}");
    r
}

#[tokio::test]
async fn a_report_forwarded_to_a_partner_running_meldpunt_comes_back_done() {
    let (partner, key) = partner_app().await;
    let (city, coordinator, reference) = forwarded(&partner.url("/open311/v2"), &key).await;

    // The partner's id for it is kept with the report.
    let partner_ref = eventually("the partner's id", || async {
        staff_report(&city, &coordinator, &reference).await["partner_ref"]
            .as_str()
            .map(str::to_owned)
    })
    .await;
    // The partner has it: what, where, the answers, the photo, our reference; no contact.
    let (s, theirs) = partner
        .get_json(&format!("/api/v1/reports/{partner_ref}"))
        .await;
    assert_eq!(s, 200, "{theirs}");
    let description = theirs["description"].as_str().unwrap();
    assert!(description.contains("PMD niet opgehaald aan de Markt"));
    assert!(description.contains(&reference), "{description}");
    assert_eq!(theirs["address"], "Grote Markt 1");
    let answers: Vec<(&str, Vec<&str>)> = theirs["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["question"].as_str().unwrap(),
                a["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("container", vec!["pmd"]),
            ("kinds", vec!["paper", "metal"])
        ]
    );
    assert_eq!(theirs["photos"].as_array().unwrap().len(), 1, "{theirs}");
    let partner_contact = meldpunt_app::port::ReportStore::report_contact(
        partner.server.store.as_ref(),
        &partner_ref,
    )
    .await
    .unwrap()
    .unwrap_or_default();
    assert_eq!(
        partner_contact.email, None,
        "the reporter's contact stays with the city"
    );
    let (_, their_staff_view) = {
        let c = partner
            .signed_in("co@afval.test", Role::Coordinator, &["netheid"])
            .await;
        let v = staff_report(&partner, &c, &partner_ref).await;
        // The partner's crew empties the container and closes it with a public note.
        let (s, e) = partner
            .act(
                &c,
                &partner_ref,
                json!({"action": "done", "note": "Container geledigd op 3/12"}),
            )
            .await;
        assert_eq!(s, 204, "{e}");
        (c, v)
    };
    assert_eq!(their_staff_view["channel"], "api", "{their_staff_view}");

    // The city reads it back: done, with the partner's note public, and the history says so.
    let public = eventually("the partner's close", || async {
        let (_, r) = city.get_json(&format!("/api/v1/reports/{reference}")).await;
        (r["status"] == "done").then_some(r)
    })
    .await;
    assert!(
        public.to_string().contains("Container geledigd op 3/12"),
        "{public}"
    );
    let staff = staff_report(&city, &coordinator, &reference).await;
    assert_eq!(
        staff["partner_status"],
        "closed: Container geledigd op 3/12"
    );
    let partner_health = &city.server.ctx.store.partners().await.unwrap()[0].health;
    assert_eq!(partner_health.failures, 0);
    assert!(partner_health.last_ok_at.is_some());
}

/// A partner server of the test's own making: answers the n-th POST with `answers[n]` (the
/// last one from then on) and counts what it got.
async fn scripted_partner(answers: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/open311/v2/requests.json",
        axum::routing::post(move |body: axum::body::Bytes| {
            let log = log.clone();
            let answers = answers.clone();
            async move {
                let mut log = log.lock().unwrap();
                log.push(String::from_utf8_lossy(&body).into_owned());
                let (status, body) = answers[(log.len() - 1).min(answers.len() - 1)];
                (StatusCode::from_u16(status).unwrap(), body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/open311/v2"), seen)
}

#[tokio::test]
async fn a_failing_partner_is_retried_with_backoff_and_a_refusing_one_shows_on_the_admin_page() {
    // Down twice, then a token (its id comes later).
    let (endpoint, seen) = scripted_partner(vec![
        (503, "busy"),
        (502, "<html>bad gateway</html>"),
        (200, r#"[{"token":"tok-77"}]"#),
    ])
    .await;
    let (city, coordinator, reference) = forwarded(&endpoint, "their-key").await;
    let token = eventually("the partner's token", || async {
        let r = staff_report(&city, &coordinator, &reference).await;
        // Only the token so far: the report does not show an id.
        assert!(r["partner_ref"].is_null(), "{r}");
        let store = city.server.ctx.store.clone();
        let polls = store
            .claim_partner_polls(chrono::Utc::now(), chrono::Utc::now(), 10)
            .await
            .unwrap();
        polls.into_iter().find_map(|p| p.partner_token)
    })
    .await;
    assert_eq!(token, "tok-77");
    assert_eq!(
        seen.lock().unwrap().len(),
        3,
        "two failures, then it went through"
    );
    assert!(seen.lock().unwrap()[0].contains("their-key"));
    // The token is kept with the report before the delivery is marked done: wait for that.
    let counts = deliveries_once(&city, "the delivery marked done", |c| c.waiting == 0).await;
    assert_eq!((counts.waiting, counts.parked, counts.done), (0, 0, 1));

    // A partner that refuses (400) is not retried: parked, and failing on the admin page
    // once it failed three times in a row.
    let (endpoint, seen) = scripted_partner(vec![(
        400,
        r#"[{"code":400,"description":"service_code unknown"}]"#,
    )])
    .await;
    let (city, coordinator, _) = forwarded(&endpoint, "k").await;
    let parked = deliveries_once(&city, "the refusal parked", |c| c.parked == 1).await;
    assert_eq!(parked.waiting, 0);
    assert_eq!(seen.lock().unwrap().len(), 1, "a refusal is not retried");
    for _ in 0..2 {
        // Two more reports refused: three failures in a row.
        let r = city
            .submit_ok(
                &meldpunt_tests::report_with_email(
                    "waste_not_collected",
                    "Rest niet opgehaald",
                    "x@example.org",
                )
                .as_object()
                .map(|o| {
                    let mut o = o.clone();
                    o.insert("answers".into(), json!({"container": "rest"}));
                    Value::Object(o)
                })
                .unwrap(),
                &[],
            )
            .await;
        let partner_id = city.server.ctx.store.partners().await.unwrap()[0].id;
        let (s, e) = city
            .act(
                &coordinator,
                r["ref"].as_str().unwrap(),
                json!({"action": "forward", "partner_id": partner_id}),
            )
            .await;
        assert_eq!(s, 204, "{e}");
    }
    eventually("three refusals", || async {
        (city.server.ctx.store.partners().await.unwrap()[0]
            .health
            .failures
            >= 3)
            .then_some(())
    })
    .await;
    let admin_client = city
        .signed_in("admin@stad.test", Role::Admin, &["netheid"])
        .await;
    let (s, page) = city.get_text_as(&admin_client, "/admin").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("data-failing"),
        "the admin page marks the failing partner"
    );
    assert!(page.contains("service_code unknown"), "with its last error");
    assert!(
        !page.contains("their-key") && !page.contains(">k<"),
        "never the key"
    );
}

/// Deliveries a receiver got: headers and body, and whether it answered 200.
type Received = Arc<Mutex<Vec<(HeaderMap, String, bool)>>>;

/// A webhook receiver that fails every event's first delivery (500), then takes it.
async fn receiver() -> (String, Received) {
    let got: Received = Arc::new(Mutex::new(Vec::new()));
    let log = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let mut log = log.lock().unwrap();
                let id = headers.get("webhook-id").cloned();
                let first = !log
                    .iter()
                    .any(|(h, _, _)| h.get("webhook-id") == id.as_ref());
                log.push((headers, body, !first));
                if first {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), got)
}

#[tokio::test]
async fn status_changes_reach_subscribers_signed_once_per_event() {
    let app = TestApp::spawn().await;
    let ctx = &app.server.ctx;
    let (url, got) = receiver().await;
    let secret = meldpunt_server::links::new_secret();
    links_admin::create_webhook(ctx, None, "dashboard", &url, &secret)
        .await
        .unwrap();
    // A stopped subscription gets nothing.
    let (stopped_url, stopped_got) = receiver().await;
    links_admin::create_webhook(
        ctx,
        None,
        "old",
        &stopped_url,
        &meldpunt_server::links::new_secret(),
    )
    .await
    .unwrap();
    links_admin::revoke_webhook(ctx, None, "old").await.unwrap();
    assert!(
        links_admin::create_webhook(ctx, None, "bad", "file:///etc/passwd", &secret)
            .await
            .is_err()
    );

    let receipt = app
        .submit_ok(
            &meldpunt_tests::report_with_email(
                "street_lighting",
                "Lamp 12 brandt niet",
                "geheim@example.org",
            ),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let c = app
        .signed_in("co@stad.test", Role::Coordinator, &["verlichting"])
        .await;
    for action in [
        json!({"action": "accept"}),
        json!({"action": "note", "internal": "intern: ladder nodig"}),
        json!({"action": "done", "note": "Lamp vervangen"}),
    ] {
        let (s, e) = app.act(&c, reference, action).await;
        assert_eq!(s, 204, "{e}");
    }
    // Two status changes (the note is none): each delivered twice (refused once, then taken).
    let deliveries = eventually("both events taken", || async {
        let got = got.lock().unwrap().clone();
        (got.iter().filter(|(_, _, ok)| *ok).count() >= 2).then_some(got)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let deliveries_after = got.lock().unwrap().clone();
    assert_eq!(
        deliveries_after.len(),
        deliveries.len(),
        "nothing more after it was taken"
    );
    assert_eq!(deliveries.len(), 4, "each event: one refusal, one delivery");
    let taken: Vec<Value> = deliveries
        .iter()
        .filter(|(_, _, ok)| *ok)
        .map(|(_, b, _)| serde_json::from_str(b).unwrap())
        .collect();
    let steps: Vec<(&str, &str)> = taken
        .iter()
        .map(|e| {
            (
                e["data"]["previous_status"].as_str().unwrap(),
                e["data"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(steps, [("new", "accepted"), ("accepted", "done")]);
    assert_eq!(taken[1]["type"], "report.status_changed");
    assert_eq!(taken[1]["data"]["ref"], reference);
    assert_eq!(taken[1]["data"]["note"], "Lamp vervangen");
    let ids: std::collections::BTreeSet<&str> = deliveries
        .iter()
        .map(|(h, _, _)| h["webhook-id"].to_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "a retry keeps its event id");
    for (h, body, _) in &deliveries {
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(
            serde_json::from_str::<Value>(body).unwrap()["id"].as_str(),
            h["webhook-id"].to_str().ok()
        );
        assert!(
            !body.contains("geheim") && !body.contains("ladder"),
            "no contact, no internal notes: {body}"
        );
    }
    assert!(
        stopped_got.lock().unwrap().is_empty(),
        "a stopped subscription gets nothing"
    );

    // The signatures check out with the Standard Webhooks library; a tampered body does not.
    let mut checks: Vec<Value> = deliveries
        .iter()
        .map(|(h, body, _)| {
            let headers: serde_json::Map<String, Value> =
                ["webhook-id", "webhook-timestamp", "webhook-signature"]
                    .iter()
                    .map(|n| (n.to_string(), json!(h[*n].to_str().unwrap())))
                    .collect();
            json!({"secret": secret, "headers": headers, "body": body})
        })
        .collect();
    // Any delivery, with one word of its body changed (every event names its type; which
    // delivery comes second depends on when the refused first tries were retried).
    let mut tampered = checks[1].clone();
    let body = tampered["body"].as_str().unwrap().to_owned();
    let changed = body.replacen("report.status_changed", "report.status_changes", 1);
    assert_ne!(changed, body, "the body names its type: {body}");
    tampered["body"] = json!(changed);
    checks.push(tampered);
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("webhook_verify.py");
    let input = serde_json::to_vec(&checks).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = std::process::Command::new(meldpunt_tests::python())
            .arg(script)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with standardwebhooks (scripts/setup --test installs it)");
        child.stdin.take().unwrap().write_all(&input).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let lines = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{lines}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<&str> = lines.lines().collect();
    assert_eq!(verdicts[..4], ["ok"; 4], "{lines}");
    assert!(verdicts[4].starts_with("bad"), "{lines}");

    // A hidden report's changes are not told.
    let hidden = app
        .submit_ok(
            &meldpunt_tests::report_json("street_lighting", "Verborgen"),
            &[],
        )
        .await;
    let hidden_ref = hidden["ref"].as_str().unwrap();
    meldpunt_app::port::ReportStore::set_hidden(app.server.store.as_ref(), hidden_ref, true)
        .await
        .unwrap();
    let before = got.lock().unwrap().len();
    let (s, e) = app.act(&c, hidden_ref, json!({"action": "accept"})).await;
    if s == 204 {
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(
            got.lock().unwrap().len(),
            before,
            "nothing about a hidden report"
        );
    } else {
        assert_eq!(s, 404, "{e}");
    }
}
