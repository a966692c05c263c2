//! Appointments through HTTP: the offered types, free slots, booking with a confirmation
//! mail (and its calendar file) through a real SMTP server, cancelling and moving by the
//! private link, the race for the last place, and every refusal by field.

use chrono::{DateTime, Duration, NaiveTime, Utc, Weekday};
use mail_parser::MimeHeaders;
use meldpunt_app::appointment::domain::{AppointmentType, Opening, SlotShape};
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::office::admin;
use meldpunt_app::port::ServiceInput;
use meldpunt_tests::{SmtpSink, TestApp};
use serde_json::{json, Value};

/// A service open every day 08:00–18:00 (so tests run whatever day it is), with a type of
/// 20 minutes for `places` people at once.
pub(crate) async fn open_service(app: &TestApp, places: u32) {
    let ctx = &app.server.ctx;
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let service = ServiceInput {
        code: "burgerzaken".into(),
        names: Names::new(|l| match l {
            Lang::Nl => "Burgerzaken".into(),
            Lang::Fr => "Population".into(),
            Lang::En => "Civil affairs".into(),
        }),
        horizon_days: 30,
        openings: days
            .into_iter()
            .map(|weekday| Opening {
                weekday,
                from: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                to: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            })
            .collect(),
        active: true,
    };
    admin::save_service(ctx, None, service).await.unwrap();
    let t = AppointmentType {
        id: 0,
        code: "id-card".into(),
        service: "burgerzaken".into(),
        names: Names::new(|l| match l {
            Lang::Nl => "Identiteitskaart".into(),
            Lang::Fr => "Carte d'identité".into(),
            Lang::En => "Identity card".into(),
        }),
        shape: SlotShape {
            minutes: 20,
            places,
        },
        active: true,
    };
    admin::save_appointment_type(ctx, None, t).await.unwrap();
}

fn day(offset: i64) -> String {
    (meldpunt_app::time::brussels_date(Utc::now()) + Duration::days(offset)).to_string()
}

pub(crate) async fn slots(app: &TestApp, from: i64, to: i64) -> Vec<Value> {
    let (s, v) = app
        .get_json(&format!(
            "/api/v1/appointments/slots?type=id-card&from={}&to={}",
            day(from),
            day(to)
        ))
        .await;
    assert_eq!(s, 200, "{v}");
    v.as_array().unwrap().clone()
}

pub(crate) async fn book(app: &TestApp, body: &Value, key: Option<&str>) -> (u16, Value) {
    let mut req = app.client.post(app.url("/api/v1/appointments")).json(body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub(crate) fn booking(start: &str, email: &str) -> Value {
    json!({"type": "id-card", "start": start, "name": "An Peeters", "email": email, "lang": "fr"})
}

fn free_at(slots: &[Value], start: &str) -> u64 {
    slots
        .iter()
        .find(|s| s["start"] == start)
        .map(|s| s["free"].as_u64().unwrap())
        .unwrap_or_else(|| panic!("no slot at {start}"))
}

#[tokio::test]
async fn types_and_free_slots_come_from_the_schedule() {
    let app = TestApp::spawn().await;
    open_service(&app, 2).await;
    let (s, types) = app.get_json("/api/v1/appointment-types?lang=fr").await;
    assert_eq!(s, 200);
    assert_eq!(
        types,
        json!([{"code": "id-card", "service": "burgerzaken", "service_name": "Population",
                "name": "Carte d'identité", "duration_minutes": 20}])
    );
    let week = slots(&app, 1, 7).await;
    // Every day 08:00–18:00 in 20 minutes: 30 a day, on the days that are not holidays.
    assert!(
        week.len() >= 30 * 5 && week.len() % 30 == 0,
        "{}",
        week.len()
    );
    for s in &week {
        let start = DateTime::parse_from_rfc3339(s["start"].as_str().unwrap()).unwrap();
        let end = DateTime::parse_from_rfc3339(s["end"].as_str().unwrap()).unwrap();
        assert_eq!(end - start, Duration::minutes(20));
        let offset = start.offset().local_minus_utc();
        assert!(offset == 3600 || offset == 7200, "Brussels offset: {s}");
        assert_eq!(s["free"], 2);
    }
    // Refusals by field.
    for (query, field) in [
        ("from=2026-01-01&to=2026-01-02", "type"),
        ("type=id-card&to=2026-01-02", "from"),
        ("type=id-card&from=tomorrow&to=2026-01-02", "from"),
        ("type=id-card&from=2026-01-05&to=2026-01-02", "to"),
        ("type=id-card&from=2026-01-01&to=2026-06-01", "to"),
        ("type=nothing&from=2026-01-01&to=2026-01-02", "type"),
        (
            "type=id-card&type=id-card&from=2026-01-01&to=2026-01-02",
            "type",
        ),
    ] {
        let (s, v) = app
            .get_json(&format!("/api/v1/appointments/slots?{query}"))
            .await;
        assert_eq!((s, v["field"].as_str()), (422, Some(field)), "{query}: {v}");
    }
}

#[tokio::test]
async fn a_booking_is_confirmed_with_a_calendar_file_and_cancelled_by_its_link() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    open_service(&app, 2).await;
    let start = slots(&app, 2, 2).await[3]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, receipt) = book(&app, &booking(&start, "an@example.be"), None).await;
    assert_eq!(s, 201, "{receipt}");
    let reference = receipt["ref"].as_str().unwrap();
    assert!(reference.starts_with("A-"), "{receipt}");
    assert_eq!(receipt["start"], start);
    let manage = receipt["manage_url"].as_str().unwrap();
    let cancel = receipt["cancel_url"].as_str().unwrap();
    assert!(manage.starts_with(&app.base) && cancel.starts_with(&app.base));
    assert_eq!(free_at(&slots(&app, 2, 2).await, &start), 1);
    // The confirmation, in French, with the appointment as a calendar file.
    let mails = sink.wait_for(1).await;
    let mail = mail_parser::MessageParser::default()
        .parse(mails[0].as_bytes())
        .unwrap();
    assert!(
        mail.subject()
            .unwrap()
            .starts_with(&format!("Votre rendez-vous {reference}")),
        "{:?}",
        mail.subject()
    );
    let text = mail.body_text(0).unwrap();
    assert!(
        text.contains(manage) && text.contains("Carte d'identité"),
        "{text}"
    );
    let ics = mail.attachment(0).expect("an .ics attachment");
    assert_eq!(ics.attachment_name(), Some("afspraak.ics"));
    let ics = String::from_utf8_lossy(ics.contents()).to_string();
    let utc = DateTime::parse_from_rfc3339(&start)
        .unwrap()
        .with_timezone(&Utc);
    assert!(
        ics.contains(&format!("DTSTART:{}", utc.format("%Y%m%dT%H%M%SZ"))),
        "{ics}"
    );
    assert!(ics.contains(&format!("UID:{reference}@")), "{ics}");
    // The private link shows the booking; DELETE frees the place at once, twice is fine.
    let (s, b) = app.get_json(cancel.trim_start_matches(&app.base)).await;
    assert_eq!(
        (s, b["ref"].as_str(), b["status"].as_str()),
        (200, Some(reference), Some("booked"))
    );
    for _ in 0..2 {
        let r = app.client.delete(cancel).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 204);
    }
    assert_eq!(free_at(&slots(&app, 2, 2).await, &start), 2);
    let mails = sink.wait_for(2).await;
    assert_eq!(
        mails.len(),
        2,
        "one cancellation mail, however often cancelled"
    );
    assert!(
        meldpunt_tests::mail_text(&mails[1]).contains("annul"),
        "{}",
        mails[1]
    );
    // A link that is no token, or someone else's, is simply not found.
    for bad in ["nothing", "0123456789abcdef0123456789abcdef01234567"] {
        let r = app
            .client
            .delete(app.url(&format!("/api/v1/appointments/{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 404, "{bad}");
    }
}

#[tokio::test]
async fn the_last_place_goes_to_one_of_fifty_and_the_others_hear_the_next_free_times() {
    let app = TestApp::spawn_configured(|c| c.limits.submit_per_hour = 0).await;
    open_service(&app, 1).await;
    let day_slots = slots(&app, 3, 3).await;
    let start = day_slots[0]["start"].as_str().unwrap().to_owned();
    let answers = futures_util::future::join_all((0..50).map(|n| {
        let body = booking(&start, &format!("p{n}@example.be"));
        let app = &app;
        async move { book(app, &body, None).await }
    }))
    .await;
    let won: Vec<_> = answers.iter().filter(|(s, _)| *s == 201).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    for (s, v) in answers.iter().filter(|(s, _)| *s != 201) {
        assert_eq!((*s, v["error"].as_str()), (409, Some("slot_taken")), "{v}");
        let next: Vec<&str> = v["next"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        let expected: Vec<&str> = day_slots[1..4]
            .iter()
            .map(|s| s["start"].as_str().unwrap())
            .collect();
        assert_eq!(next, expected, "the next three free starts");
    }
    assert_eq!(free_at(&slots(&app, 3, 3).await, &start), 0);
}

#[tokio::test]
async fn bad_bookings_are_refused_by_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    open_service(&app, 2).await;
    let tomorrow = slots(&app, 1, 1).await;
    let start = tomorrow[0]["start"].as_str().unwrap().to_owned();
    let (s, _) = book(&app, &booking(&start, "first@example.be"), None).await;
    assert_eq!(s, 201);
    let closed = (meldpunt_app::time::brussels_date(Utc::now()) + Duration::days(4)).to_string();
    admin::add_closing_day(
        &app.server.ctx,
        None,
        "burgerzaken",
        closed.parse().unwrap(),
        "opleiding",
    )
    .await
    .unwrap();
    let base = booking(&start, "an@example.be");
    let with = |key: &str, value: Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };
    let past = (Utc::now() - Duration::hours(1)).to_rfc3339();
    let off_slot = DateTime::parse_from_rfc3339(&start).unwrap() + Duration::minutes(7);
    let far = format!("{}T09:00:00+01:00", day(45));
    let on_closed = format!("{closed}T10:00");
    let cases = [
        (with("start", json!(past)), "start", "passed"),
        (
            with("start", json!(off_slot.to_rfc3339())),
            "start",
            "receives",
        ),
        (with("start", json!(on_closed)), "start", "closed"),
        (with("start", json!(far)), "start", "30 days"),
        (with("start", json!("soon")), "start", "date and time"),
        (with("type", json!("passport")), "type", "unknown"),
        (with("type", json!("<script>")), "type", "choose"),
        (with("name", json!("")), "name", "name"),
        (with("name", json!("An\u{0}Peeters")), "name", "one line"),
        (with("name", json!("x".repeat(500))), "name", "at most"),
        (with("email", json!(null)), "email", "phone"),
        (with("email", json!("an@")), "email", "valid"),
        (with("email", json!("first@example.be")), "email", "already"),
        (with("phone", json!("call me")), "phone", "valid"),
        (with("lang", json!("de")), "lang", "nl, fr or en"),
    ];
    for (body, field, words) in cases {
        let (s, v) = book(&app, &body, None).await;
        assert_eq!((s, v["field"].as_str()), (422, Some(field)), "{body}: {v}");
        assert!(
            v["message"].as_str().unwrap().contains(words),
            "{body}: {v}"
        );
    }
    // Not JSON, not a booking, too big.
    let raw = |ctype: &'static str, body: Vec<u8>| {
        app.client
            .post(app.url("/api/v1/appointments"))
            .header("content-type", ctype)
            .body(body)
            .send()
    };
    let r = raw("text/plain", b"type=id-card".to_vec()).await.unwrap();
    assert_eq!(r.status().as_u16(), 415);
    let r = raw("application/json", b"{\"type\": ".to_vec())
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let r = raw("application/json", b"[1,2,3]".to_vec()).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(64 * 1024));
    let r = raw("application/json", huge.into_bytes()).await.unwrap();
    assert_eq!(r.status().as_u16(), 413);
    // Nothing of that was stored: one place taken, by the first booking.
    let after = slots(&app, 1, 1).await;
    assert_eq!(free_at(&after, &start), 1);
    assert!(after[1..].iter().all(|s| s["free"] == 2));
}

#[tokio::test]
async fn a_retried_booking_answers_the_first_and_a_move_frees_the_old_place() {
    let app = TestApp::spawn().await;
    open_service(&app, 1).await;
    let day_slots = slots(&app, 2, 2).await;
    let (first, second) = (
        day_slots[0]["start"].as_str().unwrap().to_owned(),
        day_slots[1]["start"].as_str().unwrap().to_owned(),
    );
    let body = booking(&first, "an@example.be");
    let (s1, r1) = book(&app, &body, Some("key-1")).await;
    let (s2, r2) = book(&app, &body, Some("key-1")).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(r1, r2, "the same reference and links");
    let (s, v) = book(&app, &booking(&second, "an@example.be"), Some("key-1")).await;
    assert_eq!((s, v["error"].as_str()), (409, Some("conflict")), "{v}");
    // Move to the next slot: the old place is free, the old link says it moved.
    let cancel = r1["cancel_url"].as_str().unwrap();
    let r = app
        .client
        .post(format!("{cancel}/move"))
        .json(&json!({"start": second}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["start"], second);
    assert_ne!(moved["cancel_url"], r1["cancel_url"]);
    let now = slots(&app, 2, 2).await;
    assert_eq!((free_at(&now, &first), free_at(&now, &second)), (1, 0));
    let (_, old) = app.get_json(cancel.trim_start_matches(&app.base)).await;
    assert_eq!(old["status"], "moved");
    let r = app.client.delete(cancel).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 409, "the old link no longer cancels");
    let r = app
        .client
        .delete(moved["cancel_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(free_at(&slots(&app, 2, 2).await, &second), 1);
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_citizen_books_on_the_page_without_script_and_cancels_by_the_link() {
    let app = TestApp::spawn().await;
    open_service(&app, 2).await;
    let (s, page) = app.get_text("/appointments").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Afspraak maken") && page.contains("Identiteitskaart"),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/appointments?type=id-card""#),
        "{page}"
    );
    let (s, page) = app.get_text("/appointments?type=id-card").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Kies een dag") && page.contains(r#"name="start""#),
        "{page}"
    );
    let tomorrow = day(1);
    let start = slots(&app, 1, 1).await[2]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    // A refusal comes back to the chosen type and day, in Dutch, without the person's
    // details in the address.
    let r = app
        .client
        .post(app.url("/appointments/book"))
        .form(&[
            ("type", "id-card"),
            ("day", tomorrow.as_str()),
            ("start", start.as_str()),
            ("name", ""),
            ("email", "an@example.be"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let back = location(&r);
    assert!(
        back.starts_with("/appointments?type=id-card&day="),
        "{back}"
    );
    assert!(
        back.contains("field=name") && !back.contains("example"),
        "{back}"
    );
    let (_, page) = app.get_text(&back).await;
    assert!(page.contains("Vul de naam in"), "{page}");
    // Booked: to the private page.
    let r = app
        .client
        .post(app.url("/appointments/book"))
        .form(&[
            ("type", "id-card"),
            ("day", tomorrow.as_str()),
            ("start", start.as_str()),
            ("name", "An Peeters"),
            ("email", "an@example.be"),
            ("phone", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let manage = location(&r);
    assert!(
        manage.starts_with("/appointments/manage/") && manage.ends_with("?booked=1"),
        "{manage}"
    );
    let r = app.get(&manage).await;
    assert_eq!(
        r.headers()["cache-control"].to_str().unwrap(),
        "private, no-store"
    );
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Uw afspraak is geboekt") && page.contains("data-appointment-ref"),
        "{page}"
    );
    assert!(
        page.contains("Identiteitskaart") && page.contains("Burgerzaken"),
        "{page}"
    );
    assert_eq!(free_at(&slots(&app, 1, 1).await, &start), 1);
    // Cancelled from the page: the place is free again and the page says so.
    let path = manage.trim_end_matches("?booked=1");
    let r = app
        .client
        .post(app.url(&format!("{path}/cancel")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = app.get_text(&location(&r)).await;
    assert!(page.contains("Deze afspraak is geannuleerd"), "{page}");
    assert!(!page.contains("data-cancel"), "no cancel button any more");
    assert_eq!(free_at(&slots(&app, 1, 1).await, &start), 2);
    // Someone else's link is a page not found.
    let (s, _) = app
        .get_text("/appointments/manage/0123456789abcdef0123456789abcdef01234567")
        .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn the_desk_sees_the_day_and_marks_who_came_and_crews_do_not() {
    let app = TestApp::spawn().await;
    open_service(&app, 2).await;
    let start = slots(&app, 1, 1).await[0]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, receipt) = book(&app, &booking(&start, "an@example.be"), None).await;
    assert_eq!(s, 201);
    let reference = receipt["ref"].as_str().unwrap();
    let agent = app
        .signed_in("balie@stad.test", meldpunt_app::staff::Role::Agent, &[])
        .await;
    let desk = format!("/desk?service=burgerzaken&day={}", day(1));
    let page = agent
        .get(app.url(&desk))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(reference) && page.contains("An Peeters"),
        "{page}"
    );
    assert!(page.contains(r#"data-status="booked""#), "{page}");
    let mark = |client: &reqwest::Client, status: &'static str| {
        client
            .post(app.url("/desk/attendance"))
            .form(&[
                ("reference", reference),
                ("status", status),
                ("back", desk.as_str()),
            ])
            .send()
    };
    let r = mark(&agent, "arrived").await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(location(&r).starts_with(&desk), "{}", location(&r));
    let page = agent
        .get(app.url(&desk))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"data-status="arrived""#), "{page}");
    // An arrived booking keeps its place; a cancelled status cannot be set from the desk.
    assert_eq!(free_at(&slots(&app, 1, 1).await, &start), 1);
    let r = mark(&agent, "cancelled").await.unwrap();
    assert!(location(&r).contains("field=status"), "{}", location(&r));
    // A crew member sees no one's appointments and marks nothing.
    let crew = app
        .signed_in(
            "ploeg@stad.test",
            meldpunt_app::staff::Role::Crew,
            &["wegen"],
        )
        .await;
    let page = crew
        .get(app.url(&desk))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("An Peeters"), "{page}");
    let r = mark(&crew, "no_show").await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
}
