//! Back office through HTTP: workflow, routing, deadlines, merge, partners, intake, search,
//! field reports, hostile input, and mail through a real SMTP server.

use meldpunt_app::staff::Role;
use meldpunt_tests::{free_port, mail_text, report_json, report_with_email, SmtpSink, TestApp};
use serde_json::{json, Value};

async fn team(app: &TestApp, name: &str, department: &str, members: &[&str]) -> i64 {
    let members: Vec<String> = members.iter().map(|m| m.to_string()).collect();
    meldpunt_app::office::admin::create_team(&app.server.ctx, None, name, department, &members)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_report_goes_from_new_to_done_with_who_did_what_and_the_reporter_is_mailed_each_step() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put", "burger@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let received = sink.wait_for(1).await;
    assert!(
        mail_text(&received[0]).contains(reference),
        "receipt mail names the reference"
    );

    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["wegen"])
        .await;
    let team_id = team(&app, "Ploeg Wegen", "wegen", &["crew@stad.test"]).await;

    // Rules: a rejection needs a reason; nothing goes back to new; only closed reports reopen.
    let (s, e) = app
        .act(
            &coordinator,
            reference,
            json!({"action": "reject", "reason": " "}),
        )
        .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("reason")));
    let (s, _) = app
        .act(&coordinator, reference, json!({"action": "reopen"}))
        .await;
    assert_eq!(s, 422);
    let (s, _) = app.act(&crew, reference, json!({"action": "accept"})).await;
    assert_eq!(s, 403, "a crew does not triage");

    for action in [
        json!({"action": "accept", "note": "We bekijken dit."}),
        json!({"action": "assign", "team_id": team_id, "priority": 1}),
    ] {
        let (s, e) = app.act(&coordinator, reference, action).await;
        assert_eq!(s, 204, "{e}");
    }
    let (_, list) = app
        .get_json_as(&crew, "/api/v1/staff/worklist?lat=50.81&lon=5.18")
        .await;
    assert_eq!(
        list[0]["ref"], reference,
        "the assigned report is on the crew's list"
    );
    assert_eq!(list[0]["priority"], 1);
    let (s, _) = app
        .act(
            &crew,
            reference,
            json!({"action": "done", "note": "Hersteld"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = app.act(&crew, reference, json!({"action": "start"})).await;
    assert_eq!(s, 422, "done cannot become in progress");
    let (s, _) = app
        .act(
            &coordinator,
            reference,
            json!({"action": "reopen", "note": "Nog niet goed"}),
        )
        .await;
    assert_eq!(s, 204);

    let (_, r) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    let steps: Vec<(String, String)> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_owned(),
                h["actor"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        steps.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["created", "status", "assign", "status", "reopen"]
    );
    assert!(steps[1..].iter().all(|s| s.1 == "Test user"), "{steps:?}");
    assert_eq!(r["status"], "accepted");
    assert_eq!(r["contact"]["email"], "burger@example.org");

    // Receipt plus one mail per status change: accepted, assigned, done, reopened.
    let mails = sink.wait_for(5).await;
    let done = mail_text(&mails[3]);
    assert!(
        done.contains("Opgelost") && done.contains("Hersteld"),
        "{done}"
    );
    assert!(done.contains(&format!("/r/{reference}")));
    assert!(mails.iter().all(|m| m.contains("burger@example.org")));
}

#[tokio::test]
async fn another_departments_report_is_unknown_and_rerouting_moves_it() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("graffiti", "Tag"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    let netheid = app
        .signed_in("n@stad.test", Role::Coordinator, &["netheid"])
        .await;
    let wegen = app
        .signed_in("w@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let path = format!("/api/v1/staff/reports/{reference}");
    assert_eq!(app.get_json_as(&netheid, &path).await.0, 200);
    assert_eq!(app.get_json_as(&wegen, &path).await.0, 404);
    let (s, _) = app
        .act(&wegen, reference, json!({"action": "accept"}))
        .await;
    assert_eq!(
        s, 404,
        "changing another department's report looks like an unknown one"
    );

    let (s, e) = app
        .act(
            &netheid,
            reference,
            json!({"action": "route", "department": "wegen", "note": "Op het wegdek"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    assert_eq!(app.get_json_as(&netheid, &path).await.0, 404);
    let (_, r) = app.get_json_as(&wegen, &path).await;
    assert_eq!(r["department"], "wegen");
    let (_, q) = app.get_json_as(&wegen, "/api/v1/staff/queue").await;
    assert_eq!(q[0]["ref"], reference);
    let (_, q) = app.get_json_as(&netheid, "/api/v1/staff/queue").await;
    assert_eq!(q.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn overdue_reports_are_flagged_and_the_worst_are_listed() {
    let app = TestApp::spawn().await;
    let fresh = app
        .submit_ok(&report_json("road_damage", "Nieuw"), &[])
        .await;
    let late = app
        .submit_ok(&report_json("road_damage", "Laat"), &[])
        .await;
    let worst = app
        .submit_ok(&report_json("road_damage", "Heel laat"), &[])
        .await;
    let now = chrono::Utc::now();
    // road_damage has 14 target days.
    for (r, days) in [(&late, 20), (&worst, 50)] {
        app.hooks()
            .set_report_dates(
                r["ref"].as_str().unwrap(),
                now - chrono::Duration::days(days),
                now - chrono::Duration::days(days - 14),
            )
            .await
            .unwrap();
    }
    let c = app
        .signed_in("c@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let (_, q) = app
        .get_json_as(&c, "/api/v1/staff/queue?sort=deadline")
        .await;
    let refs: Vec<&str> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ref"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs,
        [
            worst["ref"].as_str().unwrap(),
            late["ref"].as_str().unwrap(),
            fresh["ref"].as_str().unwrap()
        ]
    );
    assert_eq!(q[0]["days_overdue"], 37);
    assert_eq!(q[2]["days_overdue"], 0);
    let (_, q) = app
        .get_json_as(&c, "/api/v1/staff/queue?overdue=true")
        .await;
    assert_eq!(q.as_array().unwrap().len(), 2);
    let (_, w) = app.get_json_as(&c, "/api/v1/staff/overdue").await;
    assert_eq!(
        w.as_array().unwrap().len(),
        1,
        "only the one past 3× its term: {w}"
    );
    assert_eq!(w[0]["ref"], worst["ref"]);
}

#[tokio::test]
async fn a_merged_duplicates_reporter_follows_the_original_and_gets_its_updates() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let original = app
        .submit_ok(
            &report_with_email("street_lighting", "Lamp uit", "a@example.org"),
            &[],
        )
        .await;
    let duplicate = app
        .submit_ok(
            &report_with_email("street_lighting", "Lamp kapot", "b@example.org"),
            &[],
        )
        .await;
    sink.wait_for(2).await;
    let c = app
        .signed_in("c@stad.test", Role::Coordinator, &["verlichting"])
        .await;
    let (s, _) = app
        .act(
            &c,
            duplicate["ref"].as_str().unwrap(),
            json!({"action": "duplicate", "of": duplicate["ref"]}),
        )
        .await;
    assert_eq!(s, 422, "not a duplicate of itself");
    let (s, e) = app
        .act(
            &c,
            duplicate["ref"].as_str().unwrap(),
            json!({"action": "duplicate", "of": original["ref"]}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let (s, _) = app
        .act(
            &c,
            original["ref"].as_str().unwrap(),
            json!({"action": "done", "note": "Lamp vervangen"}),
        )
        .await;
    assert_eq!(s, 204);
    // receipts (2) + duplicate notice to b (1) + done to a and b (2)
    let mails = sink.wait_for(5).await;
    let done: Vec<&String> = mails
        .iter()
        .filter(|m| mail_text(m).contains("Lamp vervangen"))
        .collect();
    assert_eq!(done.len(), 2, "{mails:?}");
    assert!(done.iter().any(|m| m.contains("b@example.org")));
    let (_, d) = app
        .get_json_as(
            &c,
            &format!(
                "/api/v1/staff/reports/{}",
                duplicate["ref"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(d["duplicate_of"], original["ref"]);
}

#[tokio::test]
async fn mail_waits_while_the_smtp_server_is_down_and_arrives_once_it_is_up() {
    let port = free_port();
    let app = TestApp::spawn_with_smtp(Some(port)).await;
    app.submit_ok(
        &report_with_email("graffiti", "Tag", "wacht@example.org"),
        &[],
    )
    .await;
    let mut attempts = 0;
    for _ in 0..50 {
        attempts = app.hooks().outbox_attempts().await.unwrap()[0];
        if attempts > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(attempts > 0, "a delivery was tried and failed");
    let outbox = || async {
        let c = app
            .server
            .store
            .outbox_counts(chrono::Utc::now())
            .await
            .unwrap();
        (c.waiting, c.parked, c.sent)
    };
    assert_eq!(outbox().await, (1, 0, 0));
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), Some(port));
    let mails = sink.wait_for(1).await;
    assert!(mails[0].contains("wacht@example.org"));
    // The worker marks the row sent after the server accepted it: wait for that, bounded.
    let mut counts = (1, 0, 0);
    for _ in 0..100 {
        counts = outbox().await;
        if counts == (0, 0, 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(counts, (0, 0, 1), "sent once, nothing waiting");
}

#[tokio::test]
async fn an_agent_registers_a_call_by_address_follows_a_report_and_finds_it_by_phone() {
    let app = TestApp::spawn().await;
    app.import_sample_addresses().await;
    let (s, hits) = app.get_json("/api/v1/addresses?q=stationstraat%2012").await;
    assert_eq!(s, 200);
    assert_eq!(
        hits[0]["label"], "Stationsstraat 12, 3800 Sint-Truiden",
        "typo tolerated: {hits}"
    );
    let (_, hits) = app.get_json("/api/v1/addresses?q=Hasselts").await;
    assert!(
        hits[0]["label"].as_str().unwrap().starts_with("Hasseltse"),
        "{hits}"
    );

    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let r = agent
        .post(app.url("/api/v1/staff/intake"))
        .json(&json!({"channel": "phone", "category": "illegal_dumping", "address": "Stationsstraat 12",
                      "description": "Zetel op het voetpad", "contact": {"name": "Jan", "phone": "011 70 21 00"}, "lang": "nl"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let created: Value = r.json().await.unwrap();
    let reference = created["tracking_url"]
        .as_str()
        .map(|_| created["ref"].as_str().unwrap().to_owned())
        .unwrap();
    let (_, report) = app
        .get_json_as(&agent, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(report["channel"], "phone");
    assert_eq!(report["address"], "Stationsstraat 12, 3800 Sint-Truiden");
    assert_eq!(report["history"][0]["actor"], "Test user");

    let r = agent
        .post(app.url("/api/v1/staff/intake"))
        .json(&json!({"channel": "phone", "category": "illegal_dumping", "description": "", "follow": reference,
                      "contact": {"email": "buur@example.org"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (_, report) = app
        .get_json_as(&agent, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(report["followers"], 1);

    for q in [
        "+32 11 70 21 00",
        "011702100",
        "buur@example.org",
        "stationsstraat",
        reference.as_str(),
    ] {
        let (s, found) = app
            .get_json_as(&agent, &format!("/api/v1/staff/search?q={}", urlencode(q)))
            .await;
        assert_eq!(s, 200, "{q}");
        assert_eq!(found[0]["ref"], reference, "search by {q}: {found}");
    }
    let (_, none) = app
        .get_json_as(
            &agent,
            "/api/v1/staff/search?q=stationsstraat&from=2000-01-01&to=2000-12-31",
        )
        .await;
    assert_eq!(none.as_array().unwrap().len(), 0, "outside the date range");
    let planner = app.signed_in("p@stad.test", Role::Planner, &[]).await;
    let (s, _) = app
        .get_json_as(&planner, "/api/v1/staff/search?q=buur%40example.org")
        .await;
    assert_eq!(
        s, 403,
        "searching by contact data needs the right to see it"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Expected answers per role for a report of the user's own department and of another one:
/// (read, contact visible, triage, field work, follow).
#[tokio::test]
async fn a_forwarded_report_mails_the_partner_its_public_link_and_keeps_their_reference() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let partner = meldpunt_app::office::admin::create_partner(
        &app.server.ctx,
        None,
        "Afvalophaler",
        "partner@example.org",
    )
    .await
    .unwrap();
    let receipt = app
        .submit_ok(
            &report_json("waste_not_collected", "PMD niet opgehaald"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let c = app
        .signed_in("c@stad.test", Role::Coordinator, &["netheid"])
        .await;
    let (s, _) = app
        .act(
            &c,
            reference,
            json!({"action": "partner", "partner_ref": "X-1"}),
        )
        .await;
    assert_eq!(s, 422, "no partner details before forwarding");
    let (s, e) = app
        .act(
            &c,
            reference,
            json!({"action": "forward", "partner_id": partner, "note": "Straat 12 vergeten"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let mails = sink.wait_for(1).await;
    let mail = mail_text(&mails[0]);
    assert!(mail.contains("partner@example.org"));
    assert!(mail.contains(&format!("/r/{reference}")), "{mail}");
    assert!(mail.contains("Straat 12 vergeten") && mail.contains("PMD niet opgehaald"));
    let (s, _) = app
        .act(&c, reference, json!({"action": "partner", "partner_ref": "AFV-2026-77", "partner_status": "ingepland"}))
        .await;
    assert_eq!(s, 204);
    let (_, r) = app
        .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(r["status"], "forwarded");
    assert_eq!(
        (
            r["partner"].as_str(),
            r["partner_ref"].as_str(),
            r["partner_status"].as_str()
        ),
        (Some("Afvalophaler"), Some("AFV-2026-77"), Some("ingepland"))
    );
    let public = app.report_of(&receipt).await;
    let last = public["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["status"], "forwarded",
        "the public sees the forward, not the internal note"
    );
    assert!(!public.to_string().contains("Straat 12 vergeten"));
}

#[tokio::test]
async fn staff_inputs_refuse_garbage_oversize_and_hostile_values() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("graffiti", "Tag"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    let c = app
        .signed_in("c@stad.test", Role::Coordinator, &["netheid"])
        .await;
    let url = app.url(&format!("/api/v1/staff/reports/{reference}/actions"));
    let etag = c
        .get(app.url(&format!("/api/v1/staff/reports/{reference}")))
        .send()
        .await
        .unwrap()
        .headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    for (body, status) in [
        ("not json", 422),
        (r#"{"action":"explode"}"#, 422),
        (r#"{"action":"assign","team_id":999,"priority":1}"#, 422),
        (
            r#"{"action":"route","department":"'; DROP TABLE report; --"}"#,
            422,
        ),
        (r#"{"action":"duplicate","of":"M-9999-999999"}"#, 422),
    ] {
        let r = c
            .post(&url)
            .header("Content-Type", "application/json")
            .header("If-Match", &etag)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{body}");
        let e: Value = r.json().await.unwrap();
        assert!(e["error"].is_string(), "{e}");
    }
    let long = "x".repeat(2001);
    let (s, e) = app
        .act(&c, reference, json!({"action": "note", "internal": long}))
        .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("internal_note")));
    let (s, _) = app
        .act(
            &c,
            reference,
            json!({"action": "accept", "note": "<script>alert(1)</script>"}),
        )
        .await;
    assert_eq!(s, 204);
    let (_, page) = app.get_text(&format!("/r/{reference}")).await;
    assert!(
        !page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;"),
        "notes are escaped"
    );
    let r = c
        .post(app.url(&format!("/api/v1/staff/reports/{reference}/actions")))
        .header("If-Match", "\"1\"")
        .json(&json!({"action": "note", "internal": "stale"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412, "a stale version is refused");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "stale");
    assert_eq!(body["current_version"], 2);
    let r = c
        .post(app.url(&format!("/api/v1/staff/reports/{reference}/actions")))
        .json(&json!({"action": "note", "internal": "no version"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        428,
        "a change without If-Match is refused"
    );
    let r = c
        .post(app.url(&format!("/api/v1/staff/reports/{reference}/actions")))
        .header("If-Match", "\"two\"")
        .json(&json!({"action": "note", "internal": "garbage version"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400, "If-Match must hold a version");
    let (s, _) = app
        .get_json(&format!("/api/v1/addresses?q={}", "a".repeat(101)))
        .await;
    assert_eq!(s, 422);
    let (_, r) = app
        .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(
        r["history"].as_array().unwrap().len(),
        2,
        "only the accept was recorded"
    );
}

#[tokio::test]
async fn a_crew_registers_what_it_finds_in_the_field_without_seeing_contact_data() {
    let app = TestApp::spawn().await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["wegen"])
        .await;
    let r = crew
        .post(app.url("/api/v1/staff/intake"))
        .json(&json!({"channel": "phone", "category": "road_damage", "lat": 50.81, "lon": 5.18, "description": "Put"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        422,
        "a crew registers field reports only"
    );
    let r = crew
        .post(app.url("/api/v1/staff/intake"))
        .json(&json!({"channel": "field", "category": "road_damage", "lat": 50.81, "lon": 5.18, "description": "Put in fietspad"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let created: Value = r.json().await.unwrap();
    let reference = created["ref"].as_str().unwrap();
    let (_, report) = app
        .get_json_as(&crew, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(report["channel"], "field");
    assert!(report["contact"].is_null());
}

#[tokio::test]
async fn the_staff_page_forms_post_the_actions_the_json_api_takes() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("road_damage", "Put"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    app.add_user("ploeg@stad.test", Role::Crew, "a long enough password")
        .await;
    let team = meldpunt_app::office::admin::create_team(
        &app.server.ctx,
        None,
        "Ploeg West",
        "wegen",
        &["ploeg@stad.test".to_owned()],
    )
    .await
    .unwrap();
    let c = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    // Posts one form of the staff report page as the browser does (multipart, text fields);
    // answers the redirect's query.
    let post = |fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = app.url(&format!("/staff/r/{reference}/act"));
        async move {
            let mut form = reqwest::multipart::Form::new();
            for (name, value) in fields {
                form = form.text(name, value);
            }
            let r = c.post(url).multipart(form).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 303);
            r.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let version = |app: &TestApp| {
        let c = c.clone();
        let url = app.url(&format!("/api/v1/staff/reports/{reference}"));
        async move {
            let r = c.get(url).send().await.unwrap();
            r.headers()["etag"]
                .to_str()
                .unwrap()
                .trim_matches('"')
                .to_owned()
        }
    };
    // The assign form: the team and priority come as text, as a select sends them.
    let v = version(&app).await;
    let to = post(vec![
        ("action", "assign".into()),
        ("version", v),
        ("team_id", team.to_string()),
        ("priority", "1".into()),
        ("note", String::new()),
    ])
    .await;
    assert!(to.ends_with("saved=1"), "{to}");
    let (_, r) = app
        .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(r["status"], "assigned");
    assert_eq!(r["priority"], 1);
    // A missing or unreadable field is named; an unknown action too; nothing changes.
    let v = version(&app).await;
    for (fields, field) in [
        (vec![("action", "forward".to_owned())], "partner_id"),
        (
            vec![
                ("action", "forward".to_owned()),
                ("partner_id", "drie".to_owned()),
            ],
            "action",
        ),
        (vec![("action", "resolve".to_owned())], "action"),
        (vec![("action", "note".to_owned())], "internal"),
    ] {
        let mut fields = fields;
        fields.push(("version", v.clone()));
        let to = post(fields).await;
        assert!(to.contains("error=validation"), "{to}");
        assert!(to.contains(&format!("field={field}&")), "{field}: {to}");
    }
    assert_eq!(version(&app).await, v, "nothing changed");
    // The internal note form and the reject form, with their JSON field names.
    let to = post(vec![
        ("action", "note".into()),
        ("version", v),
        ("internal", "Bewoner belt terug".into()),
    ])
    .await;
    assert!(to.ends_with("saved=1"), "{to}");
    let v = version(&app).await;
    let to = post(vec![
        ("action", "reject".into()),
        ("version", v),
        ("reason", "Privéterrein".into()),
    ])
    .await;
    assert!(to.ends_with("saved=1"), "{to}");
    let (_, r) = app
        .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(r["status"], "rejected");
    let notes: Vec<String> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{} {}", h["note"], h["internal_note"]))
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("Bewoner belt terug")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("Privéterrein")),
        "{notes:?}"
    );
}
