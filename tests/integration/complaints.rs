//! The complaints register through HTTP: filing and registering, the handling steps in their
//! order with the letters mailed through a real SMTP server, deadlines from the day received,
//! admissibility reasons, conversion to a report, access, attachments, hostile input, the
//! retention job and the yearly figures on a known fixture.

use chrono::{Datelike, Duration, NaiveDate};
use meldpunt_app::complaint::domain::{
    ComplainantContact, ComplaintChannel, ComplaintEvent, ComplaintStatus, InadmissibleReason,
    OmbudsNorm, ValidComplaint, Verdict,
};
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::{ComplaintCreated, ComplaintUpdate, NewComplaint};
use meldpunt_app::staff::Role;
use meldpunt_server::storage::Tampering;
use meldpunt_tests::{fixture, mail_text, SmtpSink, TestApp};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

fn today() -> NaiveDate {
    meldpunt_app::complaint::service::today()
}

fn complaint_json(email: &str) -> Value {
    json!({
        "description": "De medewerker aan het loket weigerde mijn aanvraag zonder uitleg.",
        "happened_on": (today() - Duration::days(2)).to_string(),
        "department": "onthaal",
        "employee": "de baliemedewerker",
        "expectation": "Een verklaring.",
        "name": "An Peeters",
        "email": email,
        "phone": "011 12 34 56",
    })
}

/// Files a complaint through the public API with attachments; status and body.
async fn file(
    app: &TestApp,
    complaint: &Value,
    attachments: &[(&str, Vec<u8>)],
    key: Option<&str>,
) -> (u16, Value) {
    let mut form = Form::new().part(
        "complaint",
        Part::text(complaint.to_string())
            .mime_str("application/json")
            .unwrap(),
    );
    for (name, bytes) in attachments {
        form = form.part(
            "attachment",
            Part::bytes(bytes.clone()).file_name(name.to_string()),
        );
    }
    let mut req = app
        .client
        .post(app.url("/api/v1/complaints"))
        .multipart(form);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn file_ok(app: &TestApp, email: &str) -> String {
    file_with(app, email, &[]).await
}

/// Files a valid complaint from `email` with attachments; answers its reference.
async fn file_with(app: &TestApp, email: &str, attachments: &[(&str, Vec<u8>)]) -> String {
    let (s, body) = file(app, &complaint_json(email), attachments, None).await;
    assert_eq!(s, 201, "{body}");
    body["ref"].as_str().unwrap().to_owned()
}

/// A handling step through the staff API with the version just read.
async fn step(
    app: &TestApp,
    client: &reqwest::Client,
    reference: &str,
    action: Value,
) -> (u16, Value) {
    let etag = client
        .get(app.url(&format!("/api/v1/staff/complaints/{reference}")))
        .send()
        .await
        .unwrap()
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_else(|| "\"0\"".into());
    let r = client
        .post(app.url(&format!("/api/v1/staff/complaints/{reference}/actions")))
        .header("If-Match", etag)
        .json(&action)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn view(app: &TestApp, client: &reqwest::Client, reference: &str) -> Value {
    let (s, v) = app
        .get_json_as(client, &format!("/api/v1/staff/complaints/{reference}"))
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn a_complaint_is_acknowledged_judged_and_answered_and_the_complainant_gets_each_letter() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let (s, body) = file(
        &app,
        &complaint_json("an@example.org"),
        &[
            ("brief.pdf", fixture("letter.pdf")),
            ("loket.jpg", fixture("small-gps.jpg")),
        ],
        None,
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let reference = body["ref"].as_str().unwrap().to_owned();
    assert!(reference.starts_with(&format!("K-{}-", today().year())));
    assert_eq!(body["received_on"], today().to_string());
    assert_eq!(
        body["deadlines"]["answer_due"],
        (today() + Duration::days(45)).to_string()
    );
    let receipt = mail_text(&sink.wait_for(1).await[0]);
    assert!(receipt.contains(&reference), "{receipt}");

    // Steps out of order are refused; changes need the version they were made on.
    let (s, e) = step(
        &app,
        &officer,
        &reference,
        json!({"action": "verdict", "verdict": "unfounded"}),
    )
    .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("status")), "{e}");
    let r = officer
        .post(app.url(&format!("/api/v1/staff/complaints/{reference}/actions")))
        .json(&json!({"action": "acknowledge"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 428);
    let r = officer
        .post(app.url(&format!("/api/v1/staff/complaints/{reference}/actions")))
        .header("If-Match", "\"99\"")
        .json(&json!({"action": "acknowledge"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412);

    let (s, e) = step(&app, &officer, &reference, json!({"action": "acknowledge"})).await;
    assert_eq!(s, 204, "{e}");
    let ack = mail_text(&sink.wait_for(2).await[1]);
    assert!(ack.contains("Ontvangstbevestiging klacht"), "{ack}");
    assert!(
        ack.contains("Test user"),
        "the acknowledgement names the officer: {ack}"
    );
    assert!(
        ack.contains(
            &(today() + Duration::days(45))
                .format("%d/%m/%Y")
                .to_string()
        ),
        "and the answer's deadline: {ack}"
    );
    for action in [
        json!({"action": "admissible", "note": "Ontvankelijk."}),
        json!({"action": "ask_input", "department": "onthaal", "question": "Wat gebeurde er aan het loket op die dag?"}),
        json!({"action": "record_input", "department": "onthaal", "answer": "De aanvraag was onvolledig; dat werd niet uitgelegd."}),
    ] {
        let (s, e) = step(&app, &officer, &reference, action).await;
        assert_eq!(s, 204, "{e}");
    }
    // A well-founded verdict names the norms concerned.
    let (s, e) = step(
        &app,
        &officer,
        &reference,
        json!({"action": "verdict", "verdict": "well_founded"}),
    )
    .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("norm")));
    let (s, e) = step(
        &app,
        &officer,
        &reference,
        json!({"action": "verdict", "verdict": "well_founded", "norms": ["courtesy", "politeness"]}),
    )
    .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (422, Some("norm")),
        "unknown norm: {e}"
    );
    let (s, e) = step(&app, &officer, &reference, json!({"action": "verdict", "verdict": "partly_well_founded", "norms": ["courtesy", "information", "courtesy"]})).await;
    assert_eq!(s, 204, "{e}");
    let (s, e) = step(&app, &officer, &reference, json!({"action": "answer", "text": "Wij bieden onze verontschuldigingen aan; de aanvraag wordt opnieuw bekeken."})).await;
    assert_eq!(s, 204, "{e}");
    let answer = mail_text(&sink.wait_for(3).await[2]);
    assert!(answer.contains("Antwoord op uw klacht"), "{answer}");
    assert!(answer.contains("deels gegrond"), "the verdict: {answer}");
    assert!(
        answer.contains("Vlaamse Ombudsdienst"),
        "the second line: {answer}"
    );
    let (s, _) = step(&app, &officer, &reference, json!({"action": "improvement", "text": "Checklist aan het loket voor onvolledige aanvragen."})).await;
    assert_eq!(s, 204);
    let (s, _) = step(&app, &officer, &reference, json!({"action": "close"})).await;
    assert_eq!(s, 204);
    let (s, _) = step(
        &app,
        &officer,
        &reference,
        json!({"action": "answer", "text": "Nog een antwoord na het afsluiten."}),
    )
    .await;
    assert_eq!(s, 422, "nothing after closing");

    let v = view(&app, &officer, &reference).await;
    assert_eq!(v["status"], "closed");
    assert_eq!(v["verdict"], "partly_well_founded");
    assert_eq!(v["norms"], json!(["courtesy", "information"]));
    assert_eq!(v["acknowledged_on"], today().to_string());
    assert_eq!(v["ack_state"]["state"], "met");
    assert_eq!(v["answer_state"]["state"], "met");
    assert_eq!(v["contact"]["email"], "an@example.org");
    let kinds: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "received",
            "acknowledged",
            "admissible",
            "input_requested",
            "input_received",
            "verdict",
            "answered",
            "improvement",
            "closed"
        ]
    );
    let input = &v["history"][4];
    assert_eq!(
        (input["department"].as_str(), input["note"].as_str()),
        (
            Some("onthaal"),
            Some("De aanvraag was onvolledig; dat werd niet uitgelegd.")
        )
    );
    // Both attachments are there and readable by the officer: the PDF as sent, the photo
    // re-encoded without its GPS position.
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let pdf = officer
        .get(app.url(files[0]["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(pdf.bytes().await.unwrap().to_vec(), fixture("letter.pdf"));
    let photo = officer
        .get(app.url(files[1]["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status().as_u16(), 200);
    let bytes = photo.bytes().await.unwrap().to_vec();
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes));
    assert!(
        exif.map(|e| e
            .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_none())
            .unwrap_or(true),
        "no GPS in the stored photo"
    );
    // The history is append-only in the database too.
    let store = app.hooks();
    let r = store.tamper(Tampering::RewriteComplaintEvents).await;
    assert!(
        r.unwrap_err().contains("append-only"),
        "history rows cannot be rewritten"
    );
    let r = store.tamper(Tampering::DeleteComplaintEvents).await;
    assert!(r.unwrap_err().contains("append-only"), "nor deleted");
}

#[tokio::test]
async fn deadlines_count_from_the_day_received_also_when_it_is_registered_days_later() {
    let app = TestApp::spawn().await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let register = |days_ago: i64, channel: &str| {
        let mut c = complaint_json("");
        c["email"] = Value::Null;
        c["address"] = json!("Grote Markt 1, 3800 Sint-Truiden");
        c["channel"] = json!(channel);
        c["happened_on"] = Value::Null;
        c["received_on"] = json!((today() - Duration::days(days_ago)).to_string());
        let agent = agent.clone();
        let url = app.url("/api/v1/staff/complaints");
        async move {
            let r = agent.post(url).json(&c).send().await.unwrap();
            (
                r.status().as_u16(),
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    // A letter that arrived 12 days ago, typed in today: the acknowledgement is 2 days late.
    let (s, late) = register(12, "letter").await;
    assert_eq!(s, 201, "{late}");
    assert_eq!(
        late["received_on"],
        (today() - Duration::days(12)).to_string()
    );
    assert_eq!(
        late["deadlines"]["ack_due"],
        (today() - Duration::days(2)).to_string()
    );
    assert_eq!(
        late["deadlines"]["answer_due"],
        (today() + Duration::days(33)).to_string()
    );
    // Received 8 days ago: two days left, a warning.
    let (_, soon) = register(8, "phone").await;
    // Received today at the counter: ten days left.
    let (_, fresh) = register(0, "counter").await;
    for (days, channel, field) in [
        (-1, "letter", "received_on"),
        (400, "letter", "received_on"),
        (0, "web", "channel"),
        (0, "fax", "channel"),
    ] {
        let (s, e) = register(days, channel).await;
        assert_eq!(
            (s, e["field"].as_str()),
            (422, Some(field)),
            "{days} {channel}: {e}"
        );
    }
    let late_ref = late["ref"].as_str().unwrap();
    let v = view(&app, &officer, late_ref).await;
    assert_eq!(v["ack_state"], json!({"state": "overdue", "days": 2}));
    assert_eq!(v["answer_state"], json!({"state": "open", "days": 33}));
    assert_eq!(v["channel"], "letter");
    assert_eq!(v["created_by"], "Test user");
    let v = view(&app, &officer, soon["ref"].as_str().unwrap()).await;
    assert_eq!(v["ack_state"], json!({"state": "soon", "days": 2}));
    // The officers' list puts the late one first and can show only the overdue.
    let (s, list) = app.get_json_as(&officer, "/api/v1/staff/complaints").await;
    assert_eq!(s, 200);
    let refs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs,
        [
            late_ref,
            soon["ref"].as_str().unwrap(),
            fresh["ref"].as_str().unwrap()
        ]
    );
    let (_, overdue) = app
        .get_json_as(&officer, "/api/v1/staff/complaints?show=overdue")
        .await;
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    let (_, found) = app
        .get_json_as(
            &officer,
            &format!("/api/v1/staff/complaints?show=all&q={}", &late_ref[7..]),
        )
        .await;
    assert_eq!(
        found.as_array().unwrap().len(),
        1,
        "found by its number: {found}"
    );
    let (_, none) = app
        .get_json_as(&officer, "/api/v1/staff/complaints?show=all&q=%25")
        .await;
    assert_eq!(
        none.as_array().unwrap().len(),
        0,
        "% is a character, not a wildcard"
    );
    let (_, by_text) = app
        .get_json_as(&officer, "/api/v1/staff/complaints?q=weigerde")
        .await;
    assert_eq!(by_text.as_array().unwrap().len(), 3);
    let (s, _) = app
        .get_json_as(&officer, "/api/v1/staff/complaints?show=everything")
        .await;
    assert_eq!(s, 422);
    // The page flags it too.
    let html = officer
        .get(app.url("/complaints"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("data-overdue-count=\"1\""),
        "the list counts the overdue one"
    );
    // Acknowledging late is recorded as late.
    let (s, _) = step(&app, &officer, late_ref, json!({"action": "acknowledge"})).await;
    assert_eq!(s, 204);
    let v = view(&app, &officer, late_ref).await;
    assert_eq!(v["ack_state"], json!({"state": "met_late", "days": 2}));
    // Without an e-mail address the acknowledgement is a letter to print.
    assert_eq!(v["letters"].as_array().unwrap().len(), 1);
    assert!(v["letters"][0][1].as_str().unwrap().contains(late_ref));
}

#[tokio::test]
async fn a_complaint_is_inadmissible_for_a_standard_reason_and_a_question_becomes_a_report() {
    let app = TestApp::spawn().await;
    app.import_sample_addresses().await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    for reason in InadmissibleReason::ALL {
        let reference = file_ok(&app, "an@example.org").await;
        let (s, _) = step(&app, &officer, &reference, json!({"action": "acknowledge"})).await;
        assert_eq!(s, 204);
        let (s, e) = step(
            &app,
            &officer,
            &reference,
            json!({"action": "inadmissible", "reason": "boring"}),
        )
        .await;
        assert_eq!((s, e["field"].as_str()), (422, Some("reason")));
        let (s, e) = step(
            &app,
            &officer,
            &reference,
            json!({"action": "inadmissible", "reason": reason.as_str(), "note": "Zie reglement."}),
        )
        .await;
        assert_eq!(s, 204, "{reason:?}: {e}");
        let v = view(&app, &officer, &reference).await;
        assert_eq!(
            (v["status"].as_str(), v["inadmissible_reason"].as_str()),
            (Some("inadmissible"), Some(reason.as_str()))
        );
        if *reason != InadmissibleReason::NotAComplaint {
            let (s, e) = step(&app, &officer, &reference, json!({"action": "convert", "category": "road_damage", "address": "Stationsstraat 12"})).await;
            assert_eq!(
                (s, e["field"].as_str()),
                (422, Some("reason")),
                "only questions convert"
            );
            continue;
        }
        let (s, e) = step(
            &app,
            &officer,
            &reference,
            json!({"action": "convert", "category": "road_damage", "address": "Nergensstraat 999"}),
        )
        .await;
        assert_eq!((s, e["field"].as_str()), (422, Some("address")), "{e}");
        let (s, e) = step(
            &app,
            &officer,
            &reference,
            json!({"action": "convert", "category": "road_damage", "address": "Stationstraat 12"}),
        )
        .await;
        assert_eq!(s, 204, "{e}");
        let v = view(&app, &officer, &reference).await;
        assert_eq!(v["status"], "closed");
        let report = v["converted_report"].as_str().unwrap();
        let (s, r) = app.get_json(&format!("/api/v1/reports/{report}")).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(r["address"], "Stationsstraat 12, 3800 Sint-Truiden");
        assert_eq!(r["category"], "road_damage");
        let contact = app
            .server
            .store
            .report_contact(report)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            contact.email.as_deref(),
            Some("an@example.org"),
            "the complainant follows the report"
        );
        let (s, _) = step(
            &app,
            &officer,
            &reference,
            json!({"action": "convert", "category": "road_damage", "address": "Stationstraat 12"}),
        )
        .await;
        assert_eq!(s, 422, "converted once");
    }
}

#[tokio::test]
async fn only_complaints_officers_and_admins_see_complaints_never_the_department_concerned() {
    let app = TestApp::spawn().await;
    let reference = file_with(
        &app,
        "an@example.org",
        &[("brief.pdf", fixture("letter.pdf"))],
    )
    .await;
    let reference = reference.as_str();
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let file_url = view(&app, &officer, reference).await["files"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = app.signed_in("admin@stad.test", Role::Admin, &[]).await;
    assert_eq!(view(&app, &admin, reference).await["reference"], reference);

    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["onthaal"])
        .await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["onthaal"])
        .await;
    let planner = app.signed_in("planner@stad.test", Role::Planner, &[]).await;
    for (who, client) in [
        ("coordinator of the department", &coordinator),
        ("agent", &agent),
        ("crew", &crew),
        ("planner", &planner),
    ] {
        let (s, _) = app
            .get_json_as(client, &format!("/api/v1/staff/complaints/{reference}"))
            .await;
        assert_eq!(s, 404, "{who} does not see the complaint");
        let (s, _) = app.get_json_as(client, "/api/v1/staff/complaints").await;
        assert_eq!(s, 403, "{who} gets no list");
        let r = client.get(app.url(&file_url)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404, "{who} gets no attachment");
        let html = client
            .get(app.url(&format!("/complaints/{reference}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !html.contains("An Peeters") && !html.contains("weigerde mijn aanvraag"),
            "{who} sees nothing of it on the page"
        );
        let (s, _) = step(&app, client, reference, json!({"action": "acknowledge"})).await;
        assert_eq!(s, 404, "{who} cannot handle it");
    }
    // Nobody signed in.
    let (s, _) = app
        .get_json(&format!("/api/v1/staff/complaints/{reference}"))
        .await;
    assert_eq!(s, 401);
    assert_eq!(app.get(&file_url).await.status().as_u16(), 401);
    // Attachments are not in the public photo store either.
    let stored = app.stored_files().await;
    assert!(
        stored.is_empty(),
        "no complaint file under photos/: {stored:?}"
    );
    // Agents register complaints but do not read them; crews and planners do neither.
    let mut c = complaint_json("b@example.org");
    c["channel"] = json!("phone");
    c["received_on"] = json!(today().to_string());
    let r = agent
        .post(app.url("/api/v1/staff/complaints"))
        .json(&c)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    for client in [&crew, &planner, &coordinator] {
        let r = client
            .post(app.url("/api/v1/staff/complaints"))
            .json(&c)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
    }
    // The officer's home is the complaints list, with a link in the staff bar.
    let html = officer
        .get(app.url("/complaints"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(reference), "the officer's list shows it");
}

#[tokio::test]
async fn hostile_and_broken_input_gets_a_clear_error_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let base = complaint_json("an@example.org");
    let with = |k: &str, v: Value| {
        let mut c = base.clone();
        c[k] = v;
        c
    };
    let cases = [
        (with("description", json!("kort")), "description"),
        (with("description", json!("x".repeat(6001))), "description"),
        (
            with("description", json!("Tekst met \u{0} een nul-byte erin.")),
            "description",
        ),
        (with("name", Value::Null), "name"),
        (with("name", json!("<script>\nalert(1)</script>")), "name"),
        (with("email", json!("an@@example")), "email"),
        (with("phone", json!("call me")), "phone"),
        (with("report", json!("M-2026-000001' OR 1=1 --")), "report"),
        (with("report", json!("M-2026-999999")), "report"),
        (with("department", json!("../../etc")), "department"),
        (with("happened_on", json!("2026-13-45")), "happened_on"),
        (
            with(
                "happened_on",
                json!((today() + Duration::days(3)).to_string()),
            ),
            "happened_on",
        ),
    ];
    for (c, field) in cases {
        let (s, e) = file(&app, &c, &[], None).await;
        assert_eq!((s, e["field"].as_str()), (422, Some(field)), "{field}: {e}");
    }
    // Attachments: a PDF with a script, a damaged PDF, a file that is no image, too many.
    let mut scripted = fixture("letter.pdf");
    let at = scripted.windows(5).position(|w| w == b"/Type").unwrap();
    scripted.splice(
        at..at,
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "
            .iter()
            .copied(),
    );
    let mut cut = fixture("letter.pdf");
    cut.truncate(cut.len() / 2);
    for (name, bytes, status) in [
        ("script.pdf", scripted, 422),
        ("cut.pdf", cut, 422),
        ("page.jpg", fixture("not-an-image.jpg"), 415),
        ("bomb.png", fixture("bomb-50000x50000.png"), 422),
    ] {
        let (s, e) = file(&app, &base, &[(name, bytes)], None).await;
        assert_eq!(s, status, "{name}: {e}");
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{name}: a message"
        );
    }
    let four: Vec<(&str, Vec<u8>)> = (0..4)
        .map(|_| ("p.jpg", fixture("small-gps.jpg")))
        .collect();
    let (s, e) = file(&app, &base, &four, None).await;
    assert_eq!((s, e["field"].as_str()), (422, Some("attachment")));
    let (s, list) = app
        .get_json_as(&officer, "/api/v1/staff/complaints?show=all")
        .await;
    assert_eq!(
        (s, list.as_array().unwrap().len()),
        (200, 0),
        "nothing was stored"
    );
    let private: Vec<_> = app.private_stored_files().await;
    assert!(private.is_empty(), "no attachment left behind: {private:?}");
}

#[tokio::test]
async fn broken_bodies_and_hostile_references_are_refused_and_a_retry_files_once() {
    let app = TestApp::spawn().await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let base = complaint_json("an@example.org");
    let with = |k: &str, v: Value| {
        let mut c = base.clone();
        c[k] = v;
        c
    };
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(&base)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400, "not multipart");
    let form = Form::new().part("complaint", Part::text("{not json"));
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .multipart(Form::new().text("x", "y"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422, "no complaint part");
    // Hostile references answer like unknown ones.
    for r in [
        "K-2026-000001",
        "../etc/passwd",
        "K-2026-000001%27",
        "M-2026-000001",
    ] {
        let (s, _) = app
            .get_json_as(&officer, &format!("/api/v1/staff/complaints/{r}"))
            .await;
        assert_eq!(s, 404, "{r}");
    }
    // Retrying with the same key files once; the same key with other content is refused.
    let (s1, a) = file(&app, &base, &[], Some("key-1")).await;
    let (s2, b) = file(&app, &base, &[], Some("key-1")).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(a["ref"], b["ref"]);
    let (s, _) = file(
        &app,
        &with("expectation", json!("Iets anders.")),
        &[],
        Some("key-1"),
    )
    .await;
    assert_eq!(s, 409);
    let (_, list) = app
        .get_json_as(&officer, "/api/v1/staff/complaints?show=all")
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // One client cannot flood the register.
    let mut limited = 0;
    for _ in 0..25 {
        if file(&app, &with("description", json!("x")), &[], None)
            .await
            .0
            == 429
        {
            limited += 1;
        }
    }
    assert!(limited > 0, "submissions are rate limited");
}

#[tokio::test]
async fn the_citizens_form_files_a_complaint_without_script_and_a_double_submit_files_it_once() {
    let app = TestApp::spawn().await;
    let (s, html) = app.get_text("/complaint?report=M-2026-000001").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("value=\"M-2026-000001\""),
        "the report is prefilled"
    );
    let key = html
        .split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let form = || {
        Form::new()
            .text("form_key", key.clone())
            .text(
                "description",
                "Mijn vraag aan de dienst bleef twee maanden onbeantwoord.",
            )
            .text("name", "Jan Peeters")
            .text("email", "jan@example.org")
            .text("department", "")
            // The day as the form's day field takes it, in the page's order (ui::DayInput).
            .text(
                "happened_on",
                meldpunt_app::time::day_text(today() - Duration::days(3)),
            )
            .part(
                "attachment",
                Part::bytes(fixture("orient3.jpg")).file_name("foto.jpg"),
            )
    };
    let r1 = app
        .client
        .post(app.url("/complaint"))
        .multipart(form())
        .send()
        .await
        .unwrap();
    assert_eq!(r1.status().as_u16(), 303);
    let to = r1.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/complaint/sent?ref=K-"), "{to}");
    let r2 = app
        .client
        .post(app.url("/complaint"))
        .multipart(form())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r2.headers()["location"].to_str().unwrap(),
        to,
        "the same complaint"
    );
    let (s, page) = app.get_text(&to).await;
    assert_eq!(s, 200);
    assert!(page.contains("Uw klacht is ontvangen"));
    let reference = to
        .trim_start_matches("/complaint/sent?ref=")
        .split('&')
        .next()
        .unwrap();
    let stored = app
        .server
        .ctx
        .store
        .complaint(reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.happened_on, Some(today() - Duration::days(3)));
    // A day written another way (a year first with slashes, a month first, no such day) goes
    // back to the form naming the day's field.
    for day in ["2026/12/05", "12/31/2026", "31/02/2026", "gisteren"] {
        let r = app
            .client
            .post(app.url("/complaint"))
            .multipart(
                Form::new()
                    .text("description", "Een klacht met een datum die niet bestaat.")
                    .text("name", "Jan Peeters")
                    .text("email", "jan@example.org")
                    .text("happened_on", day),
            )
            .send()
            .await
            .unwrap();
        let back = r.headers()["location"].to_str().unwrap();
        assert!(back.contains("field=happened_on"), "{day}: {back}");
    }
    // Without the name it goes back to the form saying what is missing.
    let r = app
        .client
        .post(app.url("/complaint"))
        .multipart(Form::new().text("description", "Een klacht zonder naam, dat kan niet."))
        .send()
        .await
        .unwrap();
    let back = r.headers()["location"].to_str().unwrap();
    assert!(
        back.starts_with("/complaint?") && back.contains("field=name"),
        "{back}"
    );
    // The page's script asks for JSON and gets the error as JSON.
    let r = app
        .client
        .post(app.url("/complaint"))
        .header("Accept", "application/json")
        .multipart(Form::new().text("description", "Een klacht zonder naam, dat kan niet."))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "name");
    // The tracking page offers a complaint about the report.
    let receipt = app
        .submit_ok(
            &meldpunt_tests::report_json("road_damage", "Put in de weg"),
            &[],
        )
        .await;
    let (_, track) = app
        .get_text(&format!(
            "/track/{}",
            receipt["tracking_token"].as_str().unwrap()
        ))
        .await;
    assert!(
        track.contains(&format!(
            "/complaint?report={}",
            receipt["ref"].as_str().unwrap()
        )),
        "tracking page links to the complaint form"
    );
}

/// A complaint of the fixture, stored with its dates.
struct Fixture<'a> {
    received: &'a str,
    channel: ComplaintChannel,
    department: Option<&'a str>,
    reason: Option<InadmissibleReason>,
    verdict: Option<(Verdict, &'a [OmbudsNorm])>,
    answered: Option<&'a str>,
    improvement: Option<&'a str>,
}

/// One stored handling step of a fixture complaint, dated.
struct Step {
    reference: String,
    officer: i64,
    event: ComplaintEvent,
    status: ComplaintStatus,
    at: chrono::DateTime<chrono::Utc>,
}

impl Step {
    async fn apply(self, app: &TestApp, set: impl FnOnce(&mut ComplaintUpdate)) {
        let store = &app.server.store;
        let c = store.complaint(&self.reference).await.unwrap().unwrap();
        let mut u = ComplaintUpdate::new(&c, self.event, self.officer);
        u.status = self.status;
        set(&mut u);
        store.apply_complaint_update(&u, self.at).await.unwrap();
    }
}

async fn store_fixture(app: &TestApp, f: &Fixture<'_>) -> String {
    let store = &app.server.store;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let at = |d: NaiveDate| d.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let received = day(f.received);
    let new = NewComplaint {
        complaint: ValidComplaint {
            channel: f.channel,
            received_on: received,
            description: "Fixture complaint about the administration.".into(),
            happened_on: None,
            department: f.department.map(str::to_owned),
            employee: None,
            expectation: None,
            contact: ComplainantContact {
                name: Some("Fixture".into()),
                email: Some("fixture@example.org".into()),
                ..ComplainantContact::default()
            },
            report: None,
            lang: Lang::Nl,
        },
        created_by: None,
        idempotency: None,
    };
    let ComplaintCreated::Created { reference, .. } = store
        .create_complaint(&new, &[], at(received))
        .await
        .unwrap()
    else {
        panic!("created")
    };
    let officer = store
        .user_by_email("klachten@stad.test")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let step = |event, status, on: NaiveDate| Step {
        reference: reference.clone(),
        officer,
        event,
        status,
        at: at(on),
    };
    step(
        ComplaintEvent::Acknowledged,
        ComplaintStatus::Acknowledged,
        received,
    )
    .apply(app, |u| u.acknowledged_on = Some(received))
    .await;
    match (f.reason, f.verdict) {
        (Some(r), _) => {
            step(
                ComplaintEvent::Inadmissible,
                ComplaintStatus::Inadmissible,
                received,
            )
            .apply(app, |u| u.inadmissible_reason = Some(r))
            .await
        }
        (None, verdict) => {
            step(
                ComplaintEvent::Admissible,
                ComplaintStatus::Investigating,
                received,
            )
            .apply(app, |_| {})
            .await;
            if let Some((v, norms)) = verdict {
                step(ComplaintEvent::Verdict, ComplaintStatus::Decided, received)
                    .apply(app, |u| {
                        u.verdict = Some(v);
                        u.norms = Some(norms.to_vec());
                    })
                    .await;
            }
        }
    }
    if let Some(a) = f.answered {
        let d = day(a);
        step(ComplaintEvent::Answered, ComplaintStatus::Answered, d)
            .apply(app, |u| {
                u.answered_on = Some(d);
                u.answer = Some("Answer.".into());
            })
            .await;
        step(ComplaintEvent::Closed, ComplaintStatus::Closed, d)
            .apply(app, |u| u.closed_on = Some(d))
            .await;
    }
    if let Some(text) = f.improvement {
        let status = store.complaint(&reference).await.unwrap().unwrap().status;
        step(ComplaintEvent::Improvement, status, received)
            .apply(app, |u| u.improvement = Some(text.to_owned()))
            .await;
    }
    reference
}

#[tokio::test]
async fn the_yearly_report_counts_a_known_fixture_and_fills_the_annual_report() {
    use ComplaintChannel::*;
    use InadmissibleReason::*;
    use OmbudsNorm::*;
    use Verdict::*;
    let app = TestApp::spawn().await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let planner = app.signed_in("planner@stad.test", Role::Planner, &[]).await;
    let crew = app
        .signed_in("crew@stad.test", Role::Crew, &["wegen"])
        .await;
    let fixture = [
        // Answered in 10, 45 (the last day in time), 46 and 60 days; one not answered yet.
        Fixture {
            received: "2025-01-10",
            channel: Web,
            department: Some("wegen"),
            reason: None,
            verdict: Some((WellFounded, &[Courtesy, ReasonableTerm])),
            answered: Some("2025-01-20"),
            improvement: Some("Wegwerkers krijgen een script voor bewoners."),
        },
        Fixture {
            received: "2025-03-01",
            channel: Letter,
            department: Some("wegen"),
            reason: None,
            verdict: Some((Unfounded, &[])),
            answered: Some("2025-04-15"),
            improvement: None,
        },
        Fixture {
            received: "2025-05-01",
            channel: Phone,
            department: Some("onthaal"),
            reason: None,
            verdict: Some((PartlyWellFounded, &[Courtesy])),
            answered: Some("2025-06-16"),
            improvement: None,
        },
        Fixture {
            received: "2025-07-01",
            channel: Web,
            department: None,
            reason: Some(TooOld),
            verdict: None,
            answered: Some("2025-08-30"),
            improvement: None,
        },
        Fixture {
            received: "2025-11-20",
            channel: Email,
            department: Some("onthaal"),
            reason: Some(NotAComplaint),
            verdict: None,
            answered: None,
            improvement: None,
        },
        Fixture {
            received: "2025-12-31",
            channel: Counter,
            department: Some("groen"),
            reason: None,
            verdict: None,
            answered: None,
            improvement: None,
        },
        // Other years do not count.
        Fixture {
            received: "2024-12-31",
            channel: Web,
            department: Some("wegen"),
            reason: None,
            verdict: Some((WellFounded, &[Law])),
            answered: Some("2025-01-05"),
            improvement: None,
        },
        Fixture {
            received: "2026-01-01",
            channel: Web,
            department: Some("wegen"),
            reason: None,
            verdict: None,
            answered: None,
            improvement: None,
        },
    ];
    for f in &fixture {
        store_fixture(&app, f).await;
    }
    let (s, r) = app
        .get_json_as(&officer, "/api/v1/staff/complaints/report.json?year=2025")
        .await;
    assert_eq!(s, 200, "{r}");
    let count = |section: &str, key: &str| {
        r[section]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(r["received"], 6);
    assert_eq!(
        (
            count("by_channel", "web"),
            count("by_channel", "letter"),
            count("by_channel", "phone"),
            count("by_channel", "email"),
            count("by_channel", "counter")
        ),
        (2, 1, 1, 1, 1)
    );
    assert_eq!(
        (r["admissible"].as_u64(), r["inadmissible"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(
        (
            count("by_reason", "too_old"),
            count("by_reason", "not_a_complaint"),
            count("by_reason", "court_case")
        ),
        (1, 1, 0)
    );
    assert_eq!(
        (
            count("by_verdict", "well_founded"),
            count("by_verdict", "partly_well_founded"),
            count("by_verdict", "unfounded"),
            count("by_verdict", "resolved")
        ),
        (1, 1, 1, 0)
    );
    assert_eq!(
        (
            count("by_norm", "courtesy"),
            count("by_norm", "reasonable_term"),
            count("by_norm", "law")
        ),
        (2, 1, 0)
    );
    assert_eq!(
        (
            r["answered"].as_u64(),
            r["answered_in_time"].as_u64(),
            r["answered_late"].as_u64(),
            r["unanswered"].as_u64()
        ),
        (Some(4), Some(2), Some(2), Some(2))
    );
    // 10, 45, 46 and 60 days.
    assert_eq!(r["median_days"], 45.5);
    assert_eq!(r["mean_days"], 40.25);
    let dept = |code: &str| {
        r["by_department"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["department"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            dept("wegen")["received"].as_u64(),
            dept("wegen")["well_founded"].as_u64(),
            dept("wegen")["unfounded"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(dept("onthaal")["received"], 2);
    assert_eq!(dept("")["received"], 1, "no department given");
    assert_eq!(
        r["improvements"][0][1],
        "Wegwerkers krijgen een script voor bewoners."
    );
    // The CSV carries the same figures.
    let csv = officer
        .get(app.url("/api/v1/staff/complaints/report.csv?year=2025&sep=semicolon"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    for line in [
        "total;received;Ontvangen;6",
        "answer;in_time;Binnen 45 dagen;2",
        "answer;late;Later dan 45 dagen;2",
        "reason;too_old;Feiten ouder dan een jaar;1",
        "days;median;Mediaan behandelduur (dagen);45.5",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in\n{csv}");
    }
    // Planners see the figures (not the officer's improvement texts); crews see nothing.
    let (s, p) = app
        .get_json_as(&planner, "/api/v1/staff/complaints/report.json?year=2025")
        .await;
    assert_eq!((s, p["received"].as_u64()), (200, Some(6)));
    assert_eq!(p["improvements"], json!([]));
    let (s, _) = app
        .get_json_as(&crew, "/api/v1/staff/complaints/report.json?year=2025")
        .await;
    assert_eq!(s, 403);
    let (s, _) = app
        .get_json_as(&officer, "/api/v1/staff/complaints/report.json?year=1700")
        .await;
    assert_eq!(s, 422);
    // The printable page and the annual report's complaints section.
    let page = officer
        .get(app.url("/complaints/report?year=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("data-kpi=\"received\"") && page.contains("Wegwerkers krijgen een script")
    );
    let annual = planner
        .get(app.url("/planner/annual?year=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        annual.contains("data-complaints=\"filled\""),
        "the annual report has the complaints"
    );
    assert!(annual.contains("Feiten ouder dan een jaar"));
}

#[tokio::test]
async fn the_retention_job_anonymises_closed_complaints_and_its_dry_run_changes_nothing() {
    let app = TestApp::spawn().await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let old = file_with(
        &app,
        "old@example.org",
        &[
            ("brief.pdf", fixture("letter.pdf")),
            ("p.jpg", fixture("small-gps.jpg")),
        ],
    )
    .await;
    let recent = file_ok(&app, "recent@example.org").await;
    let open = file_ok(&app, "open@example.org").await;
    for reference in [&old, &recent] {
        for action in [
            json!({"action": "acknowledge"}),
            json!({"action": "admissible"}),
            json!({"action": "verdict", "verdict": "unfounded", "note": "Geen fout van de medewerker An."}),
            json!({"action": "answer", "text": "Beste An Peeters, wij vonden geen fout."}),
            json!({"action": "close"}),
        ] {
            let (s, e) = step(&app, &officer, reference, action).await;
            assert_eq!(s, 204, "{e}");
        }
    }
    // The old one was closed six years ago.
    let six_years_ago = today() - Duration::days(6 * 366);
    app.hooks()
        .set_complaint_closed_on(&old, six_years_ago)
        .await
        .unwrap();
    let ctx = &app.server.ctx;
    let files_before = app.private_stored_files().await;
    assert_eq!(files_before.len(), 3, "a PDF, a photo and its thumbnail");
    let dry = meldpunt_app::complaint::service::apply_retention(ctx, 5, true)
        .await
        .unwrap();
    assert_eq!(dry.references, vec![old.clone()]);
    assert_eq!(dry.file_keys.len(), 3);
    let v = view(&app, &officer, &old).await;
    assert_eq!(
        v["contact"]["email"], "old@example.org",
        "a dry run changes nothing"
    );
    assert_eq!(app.private_stored_files().await.len(), 3);

    let done = meldpunt_app::complaint::service::apply_retention(ctx, 5, false)
        .await
        .unwrap();
    assert_eq!(done.references, vec![old.clone()]);
    let v = view(&app, &officer, &old).await;
    assert_eq!(v["anonymised"], true);
    assert_eq!(
        v["contact"],
        json!({"name": null, "email": null, "phone": null, "address": null})
    );
    assert_eq!(
        (
            v["description"].as_str(),
            v["employee"].as_str(),
            v["answer"].as_str()
        ),
        (Some(""), None, None)
    );
    assert!(
        v["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["note"].is_null()),
        "no notes left: {}",
        v["history"]
    );
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["kind"],
        "anonymised"
    );
    assert_eq!(v["files"], json!([]));
    assert!(
        app.private_stored_files().await.is_empty(),
        "the files are gone"
    );
    // What the yearly figures need stays.
    assert_eq!(
        (
            v["verdict"].as_str(),
            v["channel"].as_str(),
            v["department"].as_str()
        ),
        (Some("unfounded"), Some("web"), Some("onthaal"))
    );
    let (s, _) = step(
        &app,
        &officer,
        &old,
        json!({"action": "note", "text": "Nog iets."}),
    )
    .await;
    assert_eq!(s, 422, "an anonymised complaint is not handled any more");
    // The others keep their data; a second run finds nothing.
    assert_eq!(
        view(&app, &officer, &recent).await["contact"]["email"],
        "recent@example.org"
    );
    assert_eq!(
        view(&app, &officer, &open).await["contact"]["email"],
        "open@example.org"
    );
    let again = meldpunt_app::complaint::service::apply_retention(ctx, 5, false)
        .await
        .unwrap();
    assert!(again.references.is_empty());
}

/// The letter a form's step would send, read through the officer's preview route.
async fn preview(
    app: &TestApp,
    client: &reqwest::Client,
    reference: &str,
    fields: &[(&str, &str)],
) -> (u16, Value) {
    let r = client
        .post(app.url(&format!("/complaints/{reference}/letter")))
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_officer_reads_each_letter_before_it_is_sent_and_reading_it_changes_nothing() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let officer = app
        .signed_in("klachten@stad.test", Role::ComplaintsOfficer, &[])
        .await;
    let reference = file_ok(&app, "an@example.org").await;
    sink.wait_for(1).await;
    let before = view(&app, &officer, &reference).await;

    let note = "Wij bellen u deze week nog op.";
    let (s, letter) = preview(
        &app,
        &officer,
        &reference,
        &[("action", "acknowledge"), ("note", note)],
    )
    .await;
    assert_eq!(s, 200, "{letter}");
    assert_eq!(letter["email"], "an@example.org");
    assert!(letter["postal"].is_null());
    let subject = letter["subject"].as_str().unwrap();
    let body = letter["body"].as_str().unwrap();
    assert!(subject.contains("Ontvangstbevestiging klacht"), "{subject}");
    for part in [note, reference.as_str(), "Test user", "An Peeters"] {
        assert!(body.contains(part), "{part} in {body}");
    }
    // Reading changed nothing and mailed nothing.
    let after = view(&app, &officer, &reference).await;
    assert_eq!(
        (&after["status"], &after["version"], &after["history"]),
        (&before["status"], &before["version"], &before["history"])
    );

    // A step that is not due yet, a step without a letter and a step that does not exist say
    // why, in words people read; a citizen or a coordinator cannot read the letter.
    for (fields, code) in [
        (
            vec![("action", "answer"), ("text", "Ons antwoord op uw klacht.")],
            "ComplaintStepDone",
        ),
        (
            vec![("action", "note"), ("text", "intern")],
            "ComplaintNoLetter",
        ),
    ] {
        let (s, e) = preview(&app, &officer, &reference, &fields).await;
        assert_eq!((s, e["code"].as_str()), (422, Some(code)), "{e}");
    }
    let (s, _) = preview(&app, &officer, &reference, &[("action", "drop_table")]).await;
    assert_eq!(s, 422);
    let (s, _) = preview(&app, &app.client, &reference, &[("action", "acknowledge")]).await;
    assert_eq!(s, 401);
    let coordinator = app
        .signed_in("coord@stad.test", Role::Coordinator, &[])
        .await;
    let (s, _) = preview(&app, &coordinator, &reference, &[("action", "acknowledge")]).await;
    assert!(s == 403 || s == 404, "{s}");

    // The acknowledgement sent is the one read.
    let (s, e) = step(
        &app,
        &officer,
        &reference,
        json!({"action": "acknowledge", "note": note}),
    )
    .await;
    assert_eq!(s, 204, "{e}");
    let mails = sink.wait_for(2).await;
    assert_eq!(mails.len(), 2, "reading the letter mailed nothing");
    let sent = mail_text(&mails[1]);
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        assert!(sent.contains(line.trim()), "{line:?} in {sent}");
    }

    // The answer: too short is refused with its reason; then the letter holds the text and the
    // Ombudsman's details.
    for action in [
        json!({"action": "admissible"}),
        json!({"action": "verdict", "verdict": "unfounded"}),
    ] {
        let (s, e) = step(&app, &officer, &reference, action).await;
        assert_eq!(s, 204, "{e}");
    }
    let (s, e) = preview(
        &app,
        &officer,
        &reference,
        &[("action", "answer"), ("text", "Kort")],
    )
    .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (422, Some("ComplaintAnswerShort")),
        "{e}"
    );
    let text = "Na onderzoek blijkt dat de weigering volgens de regels was.";
    let (s, letter) = preview(
        &app,
        &officer,
        &reference,
        &[("action", "answer"), ("text", text)],
    )
    .await;
    assert_eq!(s, 200, "{letter}");
    let body = letter["body"].as_str().unwrap();
    assert!(
        body.contains(text) && body.contains("Ombudsdienst"),
        "{body}"
    );
    assert_eq!(view(&app, &officer, &reference).await["status"], "decided");

    // Without an e-mail address the letter is printed for the postal address.
    let mut postal = complaint_json("");
    postal["email"] = Value::Null;
    postal["address"] = json!("Stationsstraat 12, 3800 Sint-Truiden");
    let (s, filed) = file(&app, &postal, &[], None).await;
    assert_eq!(s, 201, "{filed}");
    let (s, letter) = preview(
        &app,
        &officer,
        filed["ref"].as_str().unwrap(),
        &[("action", "acknowledge")],
    )
    .await;
    assert_eq!(s, 200, "{letter}");
    assert!(letter["email"].is_null());
    assert_eq!(
        letter["postal"],
        "An Peeters\nStationsstraat 12, 3800 Sint-Truiden"
    );
}
