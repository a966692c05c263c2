//! The contact register through HTTP: an agent registers contacts by keyboard-friendly form
//! (duration from the screen's opening), finds a caller's earlier ones by phone, hands a
//! question over to a department, which sees only its own and answers; refusals by field.

use meldpunt_app::staff::Role;
use meldpunt_tests::TestApp;

pub(crate) async fn with_topics(app: &TestApp) {
    for (code, group, names) in meldpunt_server::demo::DEMO_TOPICS {
        let topic = meldpunt_app::contact::domain::Topic {
            code: code.into(),
            group: group.map(str::to_owned),
            names: meldpunt_app::i18n::Names::new(|l| names[l.index()].into()),
            active: true,
        };
        meldpunt_app::contact::service::save_topic(&app.server.ctx, None, topic)
            .await
            .unwrap();
    }
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The hidden `started_at` of a freshly opened contact screen.
pub(crate) fn started_at(page: &str) -> String {
    let at = page
        .split(r#"name="started_at" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the screen carries its opening time");
    at.replace("&#x2B;", "+").replace("&amp;", "&")
}

#[tokio::test]
async fn an_agent_registers_contacts_finds_the_caller_again_and_a_department_calls_back() {
    let app = TestApp::spawn().await;
    with_topics(&app).await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let page = agent
        .get(app.url("/contact"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Klantcontact registreren"), "{page}");
    // Groups with topics under them are not chosen themselves.
    assert!(page.contains("Vraag › Omgevingsvergunning"), "{page}");
    assert!(!page.contains(r#"<option value="vraag">"#), "{page}");
    let opened = started_at(&page);
    let post =
        |form: Vec<(&'static str, String)>| agent.post(app.url("/contact")).form(&form).send();
    let answered = vec![
        ("started_at", opened.clone()),
        ("topic", "attest-strafregister".into()),
        ("channel", "phone".into()),
        ("caller_name", "Jan Peeters".into()),
        ("caller_phone", "+32 11 70 17 00".into()),
        ("summary", "Hoe vraag ik een uittreksel aan?".into()),
        ("outcome", "answered".into()),
        ("reference", "".into()),
    ];
    let r = post(answered.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/contact?saved=1");
    // The same caller, written another way, with a question for a department.
    let mut handed = answered.clone();
    handed[4] = ("caller_phone", "011/70.17.00".into());
    handed[1] = ("topic", "vraag-omgevingsvergunning".into());
    handed[5] = (
        "summary",
        "Mag een carport tot 40 m² zonder vergunning?".into(),
    );
    handed[6] = ("outcome", "handed_over".into());
    handed.push(("department", "wegen".into()));
    let r = post(handed.clone()).await.unwrap();
    assert_eq!(location(&r), "/contact?saved=1");
    let page = agent
        .get(app.url("/contact?phone=0032%2011%2070%2017%2000"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("data-contact=").count(), 2, "{page}");
    assert!(page.contains("carport"), "{page}");
    // Refused by field, nothing stored.
    for (i, value, field) in [
        (1, "bestaat-niet", "topic"),
        (2, "fax", "channel"),
        (6, "misschien", "outcome"),
        (0, "gisteren", "started_at"),
        (4, "bel me", "caller_phone"),
        (7, "X-1", "reference"),
    ] {
        let mut form = answered.clone();
        form[i].1 = value.into();
        let r = post(form).await.unwrap();
        assert!(
            location(&r).contains(&format!("field={field}")),
            "{field}: {}",
            location(&r)
        );
    }
    let mut no_department = handed.clone();
    no_department.pop();
    let r = post(no_department).await.unwrap();
    assert!(
        location(&r).contains("field=department"),
        "{}",
        location(&r)
    );
    let contacts = app
        .server
        .ctx
        .store
        .caller_contacts(Some("011701700"), None)
        .await
        .unwrap();
    assert_eq!(contacts.len(), 2);
    assert!(contacts
        .iter()
        .all(|c| c.duration_seconds >= 0 && c.duration_seconds < 600));
    // The roads department sees its hand-over, flagged when overdue, and answers it; another
    // department does not see it and cannot answer it; a crew member registers no contacts.
    let roads = app
        .signed_in("wegen@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let green = app
        .signed_in("groen@stad.test", Role::Coordinator, &["groen"])
        .await;
    let list = roads
        .get(app.url("/handovers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("carport") && list.contains("Jan Peeters"),
        "{list}"
    );
    let id: i64 = list
        .split("data-handover=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("a hand-over");
    let other = green
        .get(app.url("/handovers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!other.contains("carport"), "{other}");
    let answer = |client: &reqwest::Client| {
        client
            .post(app.url(&format!("/handovers/{id}/answer")))
            .form(&[("answer", "Teruggebeld: tot 40 m² mag het, bij de woning.")])
            .send()
    };
    let r = answer(&green).await.unwrap();
    assert!(location(&r).contains("error=conflict"), "{}", location(&r));
    let r = answer(&roads).await.unwrap();
    assert_eq!(location(&r), "/handovers?saved=1");
    let r = answer(&roads).await.unwrap();
    assert!(
        location(&r).contains("error=conflict"),
        "answered once: {}",
        location(&r)
    );
    let list = roads
        .get(app.url("/handovers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("Teruggebeld") && !list.contains("name=\"answer\""),
        "{list}"
    );
    let crew = app
        .signed_in("ploeg@stad.test", Role::Crew, &["wegen"])
        .await;
    let r = crew
        .post(app.url("/contact"))
        .form(&answered)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // Retention erases who called, keeps what it was about.
    let now = chrono::Utc::now();
    let erased = meldpunt_app::contact::service::apply_retention(
        &app.server.ctx,
        0,
        now + chrono::Duration::seconds(1),
    )
    .await
    .unwrap();
    assert_eq!(erased, 2);
    assert!(app
        .server
        .ctx
        .store
        .caller_contacts(Some("011701700"), None)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn the_supervisor_sees_the_figures_move_and_exports_them() {
    let app = TestApp::spawn().await;
    with_topics(&app).await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let planner = app.signed_in("planner@stad.test", Role::Planner, &[]).await;
    let url = app.url("/contactcenter");
    let figures = |client: reqwest::Client| {
        let url = url.clone();
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let before = figures(planner.clone()).await;
    assert!(before.contains(r#"data-contacts="0""#), "{before}");
    let page = agent
        .get(app.url("/contact"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let opened = started_at(&page);
    for (topic, outcome, department) in [
        ("attest-strafregister", "answered", ""),
        ("vraag-afval", "not_reached", ""),
        ("vraag-omgevingsvergunning", "handed_over", "wegen"),
    ] {
        let r = agent
            .post(app.url("/contact"))
            .form(&[
                ("started_at", opened.as_str()),
                ("topic", topic),
                ("channel", "phone"),
                ("outcome", outcome),
                ("summary", "Vraag"),
                ("department", department),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/contact?saved=1");
    }
    let after = figures(planner.clone()).await;
    assert!(after.contains(r#"data-contacts="3""#), "{after}");
    // One of the two people reached was answered at once: 50 %.
    assert!(after.contains("50 %"), "{after}");
    assert!(
        after.contains("Attest › Uittreksel strafregister"),
        "{after}"
    );
    let today = meldpunt_app::time::brussels_date(chrono::Utc::now());
    let csv = planner
        .get(app.url(&format!(
            "/api/v1/staff/contactcenter/figures.csv?from={today}&to={today}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("section,key,label,count\n"), "{csv}");
    assert!(csv.contains("channel,\"phone\",\"Telefoon\",3"), "{csv}");
    assert!(csv.contains("handovers,open,open,1"), "{csv}");
    // The annual report has the ContactCenter's section; a crew sees no figures.
    let year = chrono::Datelike::year(&today);
    let annual = planner
        .get(app.url(&format!("/planner/annual?year={year}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        annual.contains(r#"data-contactcenter="filled""#),
        "{annual}"
    );
    let crew = app
        .signed_in("ploeg@stad.test", Role::Crew, &["wegen"])
        .await;
    let r = crew
        .get(app.url(&format!(
            "/api/v1/staff/contactcenter/figures.csv?from={today}&to={today}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

/// The agent's screen as its script uses it: booking for the caller through the staff API,
/// saving the contact with a JSON answer (refusals by field, nothing stored), then finding
/// everything the caller has with the city by phone, and the contact on what it produced.
#[tokio::test]
async fn an_agent_books_for_the_caller_and_finds_all_the_caller_has_with_the_city() {
    use serde_json::{json, Value};
    let app = TestApp::spawn().await;
    with_topics(&app).await;
    super::appointments::open_service(&app, 1).await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let crew = app
        .signed_in("ploeg@stad.test", Role::Crew, &["wegen"])
        .await;
    let tomorrow = (meldpunt_app::time::brussels_date(chrono::Utc::now())
        + chrono::Duration::days(1))
    .to_string();
    let (_, slots) = app
        .get_json(&format!(
            "/api/v1/appointments/slots?type=id-card&from={tomorrow}&to={tomorrow}"
        ))
        .await;
    let start = slots[0]["start"].as_str().unwrap().to_owned();
    let booking = json!({"type": "id-card", "start": start, "name": "Jan Peeters",
                         "phone": "+32 11 70 17 00", "channel": "counter"});
    let url = app.url("/api/v1/staff/appointments");
    // Only signed-in staff with the appointments right book for someone else.
    let r = app.client.post(&url).json(&booking).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = crew.post(&url).json(&booking).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let mut bad = booking.clone();
    bad["channel"] = json!("fax");
    let r = agent.post(&url).json(&bad).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["field"], "channel", "{body}");
    let r = agent.post(&url).json(&booking).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let receipt: Value = r.json().await.unwrap();
    let appointment = receipt["ref"].as_str().unwrap().to_owned();
    let stored = app
        .server
        .ctx
        .store
        .booking(&appointment)
        .await
        .unwrap()
        .expect("booked");
    assert_eq!(stored.channel, "counter");
    // The place is taken: the same slot again is a 409 with the next free times.
    let r = agent.post(&url).json(&booking).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 409);

    // The contact, saved by the screen's script: a JSON answer and the next timer's start.
    let page = agent
        .get(app.url("/contact"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-kb-search") && page.contains("data-contact-form"));
    let contact = vec![
        ("started_at", started_at(&page)),
        ("topic", "afspraak-burgerzaken".to_owned()),
        ("channel", "counter".to_owned()),
        ("caller_name", "Jan Peeters".to_owned()),
        ("caller_phone", "011 70 17 00".to_owned()),
        ("summary", "Identiteitskaart".to_owned()),
        ("outcome", "appointment_booked".to_owned()),
        ("reference", appointment.to_lowercase()),
        ("article", "".to_owned()),
    ];
    let save = |form: Vec<(&'static str, String)>| {
        agent
            .post(app.url("/contact"))
            .header("Accept", "application/json")
            .form(&form)
            .send()
    };
    let mut refused = contact.clone();
    refused[1].1 = "bestaat-niet".into();
    let r = save(refused).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["field"], "topic", "{body}");
    let r = save(contact.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let body: Value = r.json().await.unwrap();
    assert!(body["id"].as_i64().unwrap() > 0, "{body}");
    assert!(
        chrono::DateTime::parse_from_rfc3339(body["started_at"].as_str().unwrap()).is_ok(),
        "{body}"
    );

    // A report and a complaint for the same caller, made by the agent.
    let r = agent
        .post(app.url("/api/v1/staff/intake"))
        .json(&json!({"channel": "phone", "category": "illegal_dumping", "lat": 50.8159, "lon": 5.1851,
                      "description": "Zetel op het voetpad", "contact": {"name": "Jan", "phone": "0032 11 70 17 00"}, "lang": "nl"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.json::<Value>().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let report = body["ref"].as_str().unwrap().to_owned();
    let r = agent
        .post(app.url("/api/v1/staff/complaints"))
        .json(&json!({"description": "Niemand belde terug.", "department": "onthaal", "name": "Jan Peeters",
                      "phone": "011/70.17.00", "address": "Grote Markt 1, 3800 Sint-Truiden", "channel": "phone",
                      "received_on": meldpunt_app::time::brussels_date(chrono::Utc::now()).to_string()}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.json::<Value>().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let complaint = body["ref"].as_str().unwrap().to_owned();
    let mut about_report = contact.clone();
    about_report[6].1 = "report_made".into();
    about_report[7].1 = report.clone();
    assert_eq!(save(about_report).await.unwrap().status().as_u16(), 201);

    // One search by phone, written yet another way, finds all of it.
    let page = agent
        .get(app.url("/contact?phone=%2B3211701700"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for reference in [&appointment, &report, &complaint] {
        assert!(
            page.contains(&format!(r#"data-trail="{reference}""#)),
            "{reference} in {page}"
        );
    }
    assert_eq!(page.matches("data-contact=").count(), 2, "{page}");
    // Names, not codes.
    assert!(page.contains("Burgerzaken · Identiteitskaart"), "{page}");
    // The report shows the contact that produced it.
    let staff_page = agent
        .get(app.url(&format!("/staff/r/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        staff_page.contains("data-linked-contacts") && staff_page.contains("Identiteitskaart"),
        "{staff_page}"
    );
    let linked = app
        .server
        .ctx
        .store
        .linked_contacts(&appointment)
        .await
        .unwrap();
    assert_eq!(linked.len(), 1);
    assert!(linked[0].duration_seconds >= 0);
}
