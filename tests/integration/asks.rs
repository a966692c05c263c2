//! The city asks, the reporter answers, through HTTP with mail through a real SMTP server:
//! the question mailed with its private link, the answer with a photo through the photo
//! pipeline (for staff only), the queue's flag, one question at a time, withdrawing, a
//! deadline that pauses and moves by the time waited, links that take one answer for two
//! weeks, garbage and hostile answers.

use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_json, report_with_email, token_after, SmtpSink, TestApp};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

/// Sends an answer form (text and photos) as the page does; answers the status and where it
/// leads.
async fn answer(
    c: &reqwest::Client,
    app: &TestApp,
    token: &str,
    text: &str,
    photos: &[(&str, Vec<u8>)],
) -> (u16, String) {
    let mut form = Form::new().text("answer", text.to_owned());
    for (name, bytes) in photos {
        form = form.part(
            "photo",
            Part::bytes(bytes.clone()).file_name(name.to_string()),
        );
    }
    let r = c
        .post(app.url(&format!("/vraag/{token}")))
        .multipart(form)
        .send()
        .await
        .expect("POST");
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (r.status().as_u16(), location)
}

async fn staff_report(app: &TestApp, staff: &reqwest::Client, reference: &str) -> Value {
    let (s, r) = app
        .get_json_as(staff, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(s, 200, "{r}");
    r
}

fn in_list<'a>(rows: &'a Value, reference: &str) -> Option<&'a Value> {
    rows.as_array()?.iter().find(|r| r["ref"] == reference)
}

fn due(r: &Value) -> chrono::DateTime<chrono::Utc> {
    r["due_at"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_city_asks_and_the_reporter_answers_with_a_photo() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put in de weg", "melder@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let citizen = app.new_client();

    // The page offers to ask; asking mails the reporter the question and a private link.
    let (_, page) = app
        .get_text_as(&coordinator, &format!("/staff/r/{reference}"))
        .await;
    assert!(page.contains("data-action=\"ask_reporter\""), "offered");
    let question = "Aan welke kant van de straat, <b>ter hoogte van</b> welk nummer?";
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "ask_reporter", "question": question, "pause": true}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let mail = sink.wait_for_to("melder@example.org", 2).await[1].clone();
    assert!(
        mail.contains(question) && mail.contains("een vraag van de stad"),
        "{mail}"
    );
    let token = token_after(&mail, "/vraag/").expect("a link to answer");
    assert_eq!(token.len(), 40, "{mail}");
    let r = staff_report(&app, &coordinator, &reference).await;
    assert_eq!(r["questions"][0]["question"], question);
    assert!(r["questions"][0]["ended_at"].is_null());
    assert!(r["paused_since"].is_string(), "{r}");
    assert_eq!(
        r["history"].as_array().unwrap().last().unwrap()["kind"],
        "asked"
    );
    let (_, queue) = app.get_json_as(&coordinator, "/api/v1/staff/queue").await;
    let line = in_list(&queue, &reference).expect("in the queue");
    assert_eq!(
        (line["asking"].clone(), line["answer_waiting"].clone()),
        (json!(true), json!(false))
    );
    assert!(line["paused_since"].is_string());

    // One question at a time.
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "ask_reporter", "question": "Nog iets?"}),
        )
        .await;
    assert_eq!(
        (s, e["code"].clone()),
        (409, json!("QuestionWaiting")),
        "{e}"
    );

    // The link's page shows the question as text and changes nothing.
    let (s, page) = app.get_text_as(&citizen, &format!("/vraag/{token}")).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("&lt;b&gt;ter hoogte van") && !page.contains("<b>ter hoogte"),
        "as text"
    );
    assert!(
        page.contains(&format!("action=\"/vraag/{token}\"")),
        "{page}"
    );
    assert!(
        staff_report(&app, &coordinator, &reference).await["questions"][0]["answered_at"].is_null()
    );

    // The answer with a photo: stored, the photo stripped and for staff only.
    let (s, to) = answer(
        &citizen,
        &app,
        &token,
        "Links, aan nummer 12",
        &[("put.jpg", fixture("small-gps.jpg"))],
    )
    .await;
    assert_eq!(
        (s, to.as_str()),
        (303, format!("/vraag/{token}?sent=1").as_str())
    );
    let (s, to) = answer(&citizen, &app, &token, "Nog eens", &[]).await;
    assert_eq!(s, 303);
    assert!(to.contains("why=QuestionAnswered"), "{to}");
    let r = staff_report(&app, &coordinator, &reference).await;
    let q = &r["questions"][0];
    assert_eq!(
        (q["answer"].clone(), q["photos"].clone()),
        (json!("Links, aan nummer 12"), json!(1))
    );
    assert!(r["paused_since"].is_null(), "the pause ended: {r}");
    assert_eq!(
        r["history"].as_array().unwrap().last().unwrap()["kind"],
        "answered"
    );
    let photo = r["photos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "answer")
        .expect("the answer's photo")
        .clone();
    let url = photo["url"].as_str().unwrap();
    let (_, public) = app
        .get_json_as(&citizen, &format!("/api/v1/reports/{reference}"))
        .await;
    assert!(public["photos"].as_array().unwrap().is_empty(), "{public}");
    assert_eq!(app.get(url).await.status().as_u16(), 404, "not public");
    let r = coordinator.get(app.url(url)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    let bytes = r.bytes().await.unwrap();
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&bytes[..]))
            .is_err(),
        "no EXIF left"
    );

    // The queue flags the answer until staff next change the report.
    let (_, queue) = app.get_json_as(&coordinator, "/api/v1/staff/queue").await;
    assert_eq!(in_list(&queue, &reference).unwrap()["answer_waiting"], true);
    let (_, html) = app.get_text_as(&coordinator, "/queue").await;
    assert!(html.contains("data-answer-waiting"), "the queue marks it");
    // A planner sees that an answer came, not what it says.
    let planner = app
        .signed_in("plan@stad.test", Role::Planner, &["wegen"])
        .await;
    let seen = staff_report(&app, &planner, &reference).await;
    assert!(seen["questions"][0]["answer"].is_null(), "{seen}");
    let (s, _) = app
        .act(&coordinator, &reference, json!({"action": "accept"}))
        .await;
    assert_eq!(s, 204);
    let (_, queue) = app
        .get_json_as(&coordinator, "/api/v1/staff/queue?status=accepted")
        .await;
    assert_eq!(
        in_list(&queue, &reference).unwrap()["answer_waiting"],
        false
    );

    // A new question can be withdrawn; its link then takes no answer.
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "ask_reporter", "question": "Is de put dieper dan 10 cm?", "pause": "no"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let second = token_after(
        &sink.wait_for_to("melder@example.org", 4).await[3],
        "/vraag/",
    )
    .unwrap();
    assert!(
        staff_report(&app, &coordinator, &reference).await["paused_since"].is_null(),
        "no pause asked"
    );
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "withdraw_question"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "withdraw_question"}),
        )
        .await;
    assert_eq!(
        (s, e["code"].clone()),
        (422, json!("QuestionNotWaiting")),
        "{e}"
    );
    let (_, page) = app.get_text_as(&citizen, &format!("/vraag/{second}")).await;
    assert!(page.contains("Deze vraag wacht niet meer"), "{page}");
    let (s, to) = answer(&citizen, &app, &second, "Ja", &[]).await;
    assert_eq!(s, 303);
    assert!(to.contains("why=QuestionClosed"), "{to}");

    // Closing the report ends a waiting question.
    let (s, _) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "ask_reporter", "question": "Nog een foto?"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = app
        .act(&coordinator, &reference, json!({"action": "done"}))
        .await;
    assert_eq!(s, 204);
    let r = staff_report(&app, &coordinator, &reference).await;
    assert!(
        r["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| !q["ended_at"].is_null()),
        "{r}"
    );
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "ask_reporter", "question": "En nu?"}),
        )
        .await;
    assert_eq!(s, 422, "a closed report is not asked about: {e}");

    // A report without an address cannot be asked about; the page says why.
    let anonymous = app.submit_ok(&report_json("road_damage", "Put"), &[]).await;
    let anonymous = anonymous["ref"].as_str().unwrap();
    let (s, e) = app
        .act(
            &coordinator,
            anonymous,
            json!({"action": "ask_reporter", "question": "Waar?"}),
        )
        .await;
    assert_eq!(
        (s, e["code"].clone()),
        (422, json!("ReporterUnreachable")),
        "{e}"
    );
}

/// Asks a question about `reference` as if at `at` (a past moment), with a known token.
async fn asked_at(app: &TestApp, reference: &str, token: &str, at: chrono::DateTime<chrono::Utc>) {
    let report = app
        .server
        .ctx
        .store
        .report(reference)
        .await
        .unwrap()
        .unwrap();
    let mut update = meldpunt_app::port::ReportUpdate::new(
        &report,
        meldpunt_app::office::domain::EventKind::Asked,
        None,
    );
    update.question = Some(meldpunt_app::port::QuestionChange::Ask(
        meldpunt_app::port::NewQuestion {
            token_hash: meldpunt_app::service::sha256_hex(token.as_bytes()),
            lang: meldpunt_app::i18n::Lang::Nl,
            question: "Welke kant?".into(),
            pauses: true,
        },
    ));
    app.server
        .ctx
        .store
        .apply_update(&update, at)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_paused_deadline_moves_by_the_time_waited_and_links_expire() {
    let app = TestApp::spawn().await;
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let c = app.new_client();
    let now = chrono::Utc::now();
    let day = chrono::Duration::days(1);

    // Due two days ago, but asked five days ago with a pause: not late, not in "overdue".
    let waiting = app
        .submit_ok(
            &report_with_email("road_damage", "Put", "a@example.org"),
            &[],
        )
        .await;
    let waiting = waiting["ref"].as_str().unwrap().to_owned();
    app.hooks()
        .set_report_dates(&waiting, now - day * 12, now - day * 2)
        .await
        .unwrap();
    let token = "ab".repeat(20);
    asked_at(&app, &waiting, &token, now - day * 5).await;
    let r = staff_report(&app, &coordinator, &waiting).await;
    assert_eq!(r["days_overdue"], 0, "{r}");
    let (_, late) = app
        .get_json_as(&coordinator, "/api/v1/staff/queue?overdue=true")
        .await;
    assert!(in_list(&late, &waiting).is_none(), "{late}");

    // Garbage, oversize and hostile answers are refused with their field; nothing is kept.
    let long = "x".repeat(2001);
    let heavy = vec![0xFF_u8; 16 * 1024 * 1024];
    let photo = || ("p.jpg", fixture("small-gps.jpg"));
    for (text, photos, want) in [
        ("", vec![], "field=answer"),
        ("   ", vec![], "field=answer"),
        (long.as_str(), vec![], "field=answer"),
        ("a\u{7}b", vec![], "field=answer"),
        ("x", vec![photo(), photo(), photo(), photo()], "field=photo"),
        (
            "x",
            vec![("n.jpg", fixture("not-an-image.jpg"))],
            "error=unsupported_media",
        ),
        (
            "x",
            vec![("b.png", fixture("bomb-50000x50000.png"))],
            "error=",
        ),
        ("x", vec![("h.jpg", heavy)], "error=too_large"),
    ] {
        let (s, to) = answer(&c, &app, &token, text, &photos).await;
        assert_eq!(s, 303, "{text:.10} {}", photos.len());
        assert!(
            to.starts_with(&format!("/vraag/{token}?")) && to.contains(want),
            "{want}: {to}"
        );
    }
    let r = staff_report(&app, &coordinator, &waiting).await;
    assert!(r["questions"][0]["answered_at"].is_null());
    assert!(
        r["photos"].as_array().unwrap().is_empty(),
        "no photo kept: {r}"
    );

    // Answered now: the due date moves by the five days waited, and it is no longer late.
    let before = due(&r);
    let (s, _) = answer(&c, &app, &token, "Links", &[]).await;
    assert_eq!(s, 303);
    let r = staff_report(&app, &coordinator, &waiting).await;
    let moved = due(&r) - before;
    assert!((moved - day * 5).num_seconds().abs() < 120, "moved {moved}");
    assert_eq!(r["days_overdue"], 0);

    // Asked fifteen days ago: the link takes no answer; the retention job ends the question
    // and moves the due date by the fourteen days it could wait, no more.
    let expired = app
        .submit_ok(
            &report_with_email("road_damage", "Put", "b@example.org"),
            &[],
        )
        .await;
    let expired = expired["ref"].as_str().unwrap().to_owned();
    let old = "cd".repeat(20);
    asked_at(&app, &expired, &old, now - day * 15).await;
    let (_, page) = app.get_text_as(&c, &format!("/vraag/{old}")).await;
    assert!(page.contains("Deze vraag wacht niet meer"), "{page}");
    let (s, to) = answer(&c, &app, &old, "Te laat", &[]).await;
    assert_eq!(s, 303);
    assert!(to.contains("why=QuestionClosed"), "{to}");
    let before = due(&staff_report(&app, &coordinator, &expired).await);
    let ended = meldpunt_app::report::ask::end_expired(&app.server.ctx)
        .await
        .unwrap();
    assert_eq!(ended, 1);
    let r = staff_report(&app, &coordinator, &expired).await;
    assert_eq!(due(&r) - before, day * 14);
    assert!(!r["questions"][0]["ended_at"].is_null() && r["paused_since"].is_null());
    assert_eq!(
        meldpunt_app::report::ask::end_expired(&app.server.ctx)
            .await
            .unwrap(),
        0,
        "once"
    );

    // Unknown and malformed links are not found, for the page and the form.
    for bad in [
        "ef".repeat(20),
        "x".repeat(40),
        "..%2F..%2Fetc".into(),
        "1".repeat(500),
    ] {
        let (s, _) = answer(&c, &app, &bad, "x", &[]).await;
        assert!(s == 404 || s == 400, "{bad}: {s}");
        let (s, _) = app.get_text_as(&c, &format!("/vraag/{bad}")).await;
        assert_eq!(s, 404, "{bad}");
    }
}
