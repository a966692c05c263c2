//! Offline work sent later: a crew's queued changes apply exactly once, changes made on an
//! older version become conflicts for a coordinator (nothing lost), and a network that loses
//! answers after the server committed neither loses nor duplicates anything.

use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_json, LossyProxy, TestApp, COORDINATOR, PASSWORD};
use serde_json::{json, Value};

/// A report in `wegen`, assigned to a team with the given crews; answers its reference.
async fn assigned_report(app: &TestApp, crews: &[&str], description: &str) -> (String, i64) {
    let receipt = app
        .submit_ok(&report_json("road_damage", description), &[])
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let team = app.assign_to_crew(&reference, "wegen", crews).await;
    (reference, team)
}

async fn version(app: &TestApp, client: &reqwest::Client, reference: &str) -> i64 {
    let (_, r) = app
        .get_json_as(client, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    r["version"].as_i64().unwrap()
}

fn action(reference: &str, base: i64, action: Value) -> Value {
    json!({"type": "action", "ref": reference, "base_version": base, "action": action,
           "made_at": "2026-11-28T09:30:00Z"})
}

async fn history(app: &TestApp, client: &reqwest::Client, reference: &str) -> Vec<Value> {
    let (_, r) = app
        .get_json_as(client, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    r["history"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_same_offline_change_sent_concurrently_and_again_is_applied_once() {
    let app = TestApp::spawn().await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["wegen"])
        .await;
    let (reference, _) = assigned_report(&app, &["crew@stad.test"], "Put").await;
    let base = version(&app, &crew, &reference).await;
    let change = action(
        &reference,
        base,
        json!({"action": "start", "note": "Onderweg"}),
    );
    let key = "6c1c7f8e-3a52-4a44-9d7e-0b9f6a2d1c01";
    let photo = [fixture("small-gps.jpg")];
    let answers =
        futures_util::future::join_all((0..8).map(|_| app.sync(&crew, key, &change, &photo))).await;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body["outcome"], "applied");
        assert_eq!(body["version"], base + 1);
    }
    assert_eq!(
        answers
            .iter()
            .filter(|(_, b)| b["replayed"] == false)
            .count(),
        1,
        "one request applied it, the others were told so"
    );
    let (status, again) = app
        .sync(&crew, key, &change, &[fixture("small-gps.jpg")])
        .await;
    assert_eq!((status, again["replayed"].clone()), (200, json!(true)));
    let started: Vec<_> = history(&app, &crew, &reference)
        .await
        .into_iter()
        .filter(|h| h["status"] == "in_progress")
        .collect();
    assert_eq!(started.len(), 1, "one history entry");
    let (_, report) = app.get_json(&format!("/api/v1/reports/{reference}")).await;
    assert_eq!(
        report["photos"].as_array().unwrap().len(),
        1,
        "one after-photo"
    );

    // The same key with another change is refused, not applied.
    let other = action(
        &reference,
        base + 1,
        json!({"action": "done", "note": "Klaar"}),
    );
    let (status, body) = app.sync(&crew, key, &other, &[]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "Idempotency-Key");
}

#[tokio::test]
async fn two_crews_changing_one_report_offline_lose_nothing_and_flag_it() {
    let app = TestApp::spawn().await;
    let anna = app
        .signed_in("anna@stad.test", Role::Crew, &["wegen"])
        .await;
    let bert = app
        .signed_in("bert@stad.test", Role::Crew, &["wegen"])
        .await;
    let (reference, _) =
        assigned_report(&app, &["anna@stad.test", "bert@stad.test"], "Verzakking").await;
    // Both prepared for offline at the same version.
    let base = version(&app, &anna, &reference).await;
    let (s, first) = app
        .sync(
            &anna,
            "a-1",
            &action(
                &reference,
                base,
                json!({"action": "done", "note": "Anna herstelde"}),
            ),
            &[],
        )
        .await;
    assert_eq!((s, first["outcome"].clone()), (200, json!("applied")));
    let (s, second) = app
        .sync(
            &bert,
            "b-1",
            &action(
                &reference,
                base,
                json!({"action": "start", "note": "Bert begint"}),
            ),
            &[fixture("small-gps.jpg")],
        )
        .await;
    assert_eq!(s, 200, "{second}");
    assert_eq!(second["outcome"], "conflict");
    assert_eq!(
        second["status"], "done",
        "the crew learns the report's state"
    );

    let coordinator = app.new_client();
    app.login_as(&coordinator, COORDINATOR, PASSWORD).await;
    let (_, r) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(
        r["status"], "done",
        "the conflicting change was not applied"
    );
    assert!(r["conflict_at"].is_string(), "the report is flagged");
    let kinds: Vec<_> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "conflict").count(),
        1,
        "{kinds:?}"
    );
    let conflict = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "conflict")
        .unwrap();
    assert_eq!(
        conflict["internal_note"],
        format!("v{base} → in_progress · 2026-11-28 09:30 UTC · Bert begint")
    );
    assert_eq!(
        r["photos"].as_array().unwrap().len(),
        1,
        "Bert's after-photo is kept"
    );
    let (_, public) = app.get_text(&format!("/r/{reference}")).await;
    assert!(!public.contains("Bert begint"), "conflicts are not public");

    // A replay of Bert's change answers the same; the coordinator resolves the conflict once.
    let (_, replay) = app
        .sync(
            &bert,
            "b-1",
            &action(
                &reference,
                base,
                json!({"action": "start", "note": "Bert begint"}),
            ),
            &[fixture("small-gps.jpg")],
        )
        .await;
    assert_eq!(replay["outcome"], "conflict");
    assert_eq!(replay["replayed"], true);
    let (s, _) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "resolve_conflict", "note": "Anna was eerst; Bert ingelicht"}),
        )
        .await;
    assert_eq!(s, 204);
    let (_, r) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert!(r["conflict_at"].is_null());
    let (s, body) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "resolve_conflict", "note": null}),
        )
        .await;
    assert_eq!(s, 422, "nothing left to resolve: {body}");
    let (s, _) = app
        .act(&bert, &reference, json!({"action": "resolve_conflict"}))
        .await;
    assert_eq!(s, 403, "crews do not resolve conflicts");
}

#[tokio::test]
async fn offline_changes_without_version_key_or_valid_content_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["wegen"])
        .await;
    let (reference, _) = assigned_report(&app, &["crew@stad.test"], "Put").await;
    let before = history(&app, &crew, &reference).await.len();
    let no_version =
        json!({"type": "action", "ref": reference, "action": {"action": "start", "note": null}});
    let (s, body) = app.sync(&crew, "k-1", &no_version, &[]).await;
    assert_eq!(s, 428, "{body}");

    // No Idempotency-Key.
    let r = crew
        .post(app.url("/api/v1/staff/sync"))
        .multipart(reqwest::multipart::Form::new().text(
            "change",
            action(&reference, 1, json!({"action": "start", "note": null})).to_string(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);

    for (garbage, expected) in [
        (json!({"type": "teleport"}), 422),
        (json!("just a string"), 422),
        (
            action(
                &reference,
                9_000_000_000,
                json!({"action": "start", "note": "x".repeat(2001)}),
            ),
            422, // judged before anything is recorded, also as a conflict
        ),
        (
            action("M-2026-999999", 1, json!({"action": "start", "note": null})),
            404,
        ),
        (
            action(
                "'; DROP TABLE report; --",
                1,
                json!({"action": "start", "note": null}),
            ),
            404, // not a reference: unknown, like any other
        ),
    ] {
        let key = format!("garbage-{}", garbage.to_string().len());
        let (s, body) = app.sync(&crew, &key, &garbage, &[]).await;
        assert_eq!(s, expected, "{garbage}: {body}");
    }
    let base = version(&app, &crew, &reference).await;
    let (s, body) = app
        .sync(
            &crew,
            "too-long",
            &action(
                &reference,
                base,
                json!({"action": "start", "note": "x".repeat(2001)}),
            ),
            &[],
        )
        .await;
    assert_eq!((s, body["field"].clone()), (422, json!("note")));
    let (s, body) = app
        .sync(
            &crew,
            "not-a-photo",
            &action(&reference, base, json!({"action": "start", "note": null})),
            &[b"<html>not an image</html>".to_vec()],
        )
        .await;
    assert_eq!(s, 415, "{body}");
    // Coordinators' actions are not field work.
    let (s, _) = app
        .sync(
            &crew,
            "reject",
            &action(
                &reference,
                base,
                json!({"action": "reject", "reason": "nee"}),
            ),
            &[],
        )
        .await;
    assert_eq!(s, 403);
    let after = history(&app, &crew, &reference).await;
    assert_eq!(after.len(), before, "nothing was recorded: {after:?}");
}

#[tokio::test]
async fn a_report_a_crew_made_offline_is_created_once() {
    let app = TestApp::spawn().await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["wegen"])
        .await;
    let change = json!({"type": "new_report", "input": {
        "category": "road_damage", "description": "Losse tegel", "lat": 50.8166, "lon": 5.1866}});
    let (s1, a) = app
        .sync(&crew, "new-1", &change, &[fixture("small-gps.jpg")])
        .await;
    let (s2, b) = app
        .sync(&crew, "new-1", &change, &[fixture("small-gps.jpg")])
        .await;
    assert_eq!((s1, s2), (200, 200), "{a} {b}");
    assert_eq!(a["outcome"], "created");
    assert_eq!(a["ref"], b["ref"], "the replay names the same report");
    assert_eq!(report_count(&app).await, 1);
    let report = app
        .server
        .store
        .report(a["ref"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.channel, meldpunt_app::report::domain::Channel::Field);
    assert_eq!(report.photos.len(), 1);
}

async fn report_count(app: &TestApp) -> i64 {
    app.server.store.count_reports().await.unwrap()
}

/// A client that opens a new connection per request (so the proxy sees each one).
fn lossy_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::CONNECTION,
        reqwest::header::HeaderValue::from_static("close"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(0)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_network_losing_30_percent_of_answers_loses_nothing_and_duplicates_nothing() {
    let app = TestApp::spawn().await;
    let proxy = LossyProxy::start(app.server.addr, 30).await;
    let citizen = lossy_client();

    // 10 citizens' reports with a photo, each retried with its key until acknowledged.
    let mut references = Vec::new();
    for i in 0..10 {
        let key = format!("citizen-{i}");
        let report = report_json("road_damage", &format!("Melding {i}"));
        let mut attempts = 0;
        let receipt = loop {
            attempts += 1;
            assert!(attempts < 20, "report {i} never got through");
            let form = reqwest::multipart::Form::new()
                .part(
                    "report",
                    reqwest::multipart::Part::text(report.to_string())
                        .mime_str("application/json")
                        .unwrap(),
                )
                .part(
                    "photo",
                    reqwest::multipart::Part::bytes(fixture("small-gps.jpg")).file_name("p.jpg"),
                );
            let Ok(r) = citizen
                .post(format!("{}/api/v1/reports", proxy.url()))
                .header("Idempotency-Key", &key)
                .multipart(form)
                .send()
                .await
            else {
                continue;
            };
            let status = r.status().as_u16();
            let Ok(body) = r.json::<Value>().await else {
                continue;
            };
            if status == 201 || status == 200 {
                break body;
            }
            panic!("report {i}: {status} {body}");
        };
        references.push(receipt["ref"].as_str().unwrap().to_owned());
    }

    // A crew with 5 of them: in progress, then done, each change retried until acknowledged,
    // each based on the version the tablet knows (its own last applied change).
    app.add_staff("crew@stad.test", Role::Crew, PASSWORD, &["wegen"])
        .await;
    let crew = lossy_client();
    assert_eq!(
        app.login_as(&crew, "crew@stad.test", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    let mut changes = 0;
    for reference in references.iter().take(5) {
        {
            let team = meldpunt_app::office::admin::create_team(
                &app.server.ctx,
                None,
                &format!("Ploeg {reference}"),
                "wegen",
                &["crew@stad.test".to_owned()],
            )
            .await
            .unwrap();
            let report = app.server.store.report(reference).await.unwrap().unwrap();
            let mut assign = meldpunt_app::port::ReportUpdate::new(
                &report,
                meldpunt_app::office::domain::EventKind::Assign,
                None,
            );
            assign.status = meldpunt_app::report::domain::ReportStatus::Assigned;
            assign.team = Some(Some((team, 2)));
            app.server
                .store
                .apply_update(&assign, chrono::Utc::now())
                .await
                .unwrap();
        }
        let mut base = app
            .server
            .store
            .report(reference)
            .await
            .unwrap()
            .unwrap()
            .version;
        for (n, step) in [
            json!({"action": "start", "note": "Onderweg"}),
            json!({"action": "done", "note": "Hersteld"}),
        ]
        .into_iter()
        .enumerate()
        {
            let key = format!("{reference}-{n}");
            let change = action(reference, base, step);
            let mut attempts = 0;
            let answer = loop {
                attempts += 1;
                assert!(attempts < 20, "change {key} never got through");
                match app.sync_via(&proxy.url(), &crew, &key, &change, &[]).await {
                    Ok((200, body)) if body.is_object() => break body,
                    Ok((status, body)) if status != 200 => panic!("{key}: {status} {body}"),
                    _ => continue,
                }
            };
            assert_eq!(answer["outcome"], "applied", "{key}: {answer}");
            base = answer["version"].as_i64().unwrap();
            changes += 1;
        }
    }
    let lost = proxy.lost.load(std::sync::atomic::Ordering::SeqCst);
    let connections = proxy.connections.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        lost * 100 >= connections * 25,
        "the proxy lost {lost} of {connections} answers"
    );

    assert_eq!(report_count(&app).await, 10, "every report once");
    for (i, reference) in references.iter().enumerate() {
        let r = app.server.store.report(reference).await.unwrap().unwrap();
        assert_eq!(r.photos.len(), 1, "{reference}: its photo once");
        if i < 5 {
            let statuses: Vec<_> = r.history.iter().map(|h| h.status.as_str()).collect();
            assert_eq!(
                statuses,
                ["new", "assigned", "in_progress", "done"],
                "{reference}: each change once"
            );
            assert!(r.conflict_at.is_none());
        }
    }
    assert_eq!(changes, 10);
}
