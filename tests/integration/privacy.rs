//! Access and erasure requests (GDPR) by e-mail address, against everything that holds one: a
//! report's contact details and the reporter's comment, follows, complaints, ContactCenter
//! contacts, appointments, "my reports" links and mails. The export finds each (in any case of
//! the address), erasure leaves nothing of it and touches nobody else.

use meldpunt_app::staff::Role;
use meldpunt_tests::{mail_text, report_with_email, token_after, SmtpSink, TestApp};
use serde_json::json;

const WHO: &str = "An.Peeters@Example.org";

async fn wait_until(sink: &SmtpSink, what: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        if let Some(m) = sink
            .messages()
            .iter()
            .map(|m| mail_text(m))
            .find(|m| what(m))
        {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no such mail");
}

#[tokio::test]
async fn everything_about_one_address_is_exported_and_erased_and_nobody_else_is_touched() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let citizen = app.new_client();

    // A report with a comment on "is it fixed?".
    let mine = app
        .submit_ok(&report_with_email("road_damage", "Put", WHO), &[])
        .await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    // The city's question, answered with a phone number in it.
    let (s, e) = app
        .act(
            &coordinator,
            &mine,
            json!({"action": "ask_reporter", "question": "Waar precies?"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let asked = wait_until(&sink, |m| m.contains("/vraag/") && m.contains(&mine)).await;
    let question = token_after(&asked, "/vraag/").unwrap();
    let r = citizen
        .post(app.url(&format!("/vraag/{question}")))
        .multipart(reqwest::multipart::Form::new().text("answer", "Aan de kerk, bel 0470 65 43 21"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], format!("/vraag/{question}?sent=1"));
    let (s, e) = app
        .act(
            &coordinator,
            &mine,
            json!({"action": "done", "note": "Hersteld"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let done = wait_until(&sink, |m| m.contains("/feedback/") && m.contains(&mine)).await;
    let token = token_after(&done, "/feedback/").unwrap();
    let r = citizen
        .post(app.url(&format!("/feedback/{token}")))
        .form(&[
            ("fixed", "no"),
            ("comment", "Nog altijd een put, bel me op 0470 12 34 56"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Somebody else's report, followed with the address (in another case).
    let theirs = app
        .submit_ok(
            &report_with_email("road_damage", "Put", "buur@example.org"),
            &[],
        )
        .await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = citizen
        .post(app.url(&format!("/r/{theirs}/follow")))
        .form(&[("email", "an.peeters@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // A complaint, a ContactCenter contact, an appointment and a "my reports" link.
    let complaint = crate::complaints::file_ok(&app, WHO).await;
    crate::contacts::with_topics(&app).await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let (_, page) = app.get_text_as(&agent, "/contact").await;
    let r = agent
        .post(app.url("/contact"))
        .form(&[
            ("started_at", crate::contacts::started_at(&page).as_str()),
            ("topic", "attest-strafregister"),
            ("channel", "phone"),
            ("caller_name", "An Peeters"),
            ("caller_email", "AN.PEETERS@example.org"),
            ("summary", "Vraag over een uittreksel"),
            ("outcome", "answered"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    crate::appointments::open_service(&app, 2).await;
    let start = crate::appointments::slots(&app, 2, 2).await[0]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, b) =
        crate::appointments::book(&app, &crate::appointments::booking(&start, WHO), None).await;
    assert_eq!(s, 201, "{b}");
    let r = citizen
        .post(app.url("/mijn-meldingen"))
        .form(&[("email", WHO)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    wait_until(&sink, |m| m.contains("/mijn-meldingen/")).await;
    // An area alert.
    let districts = meldpunt_app::district::parse_districts(
        meldpunt_server::demo::SAMPLE_DISTRICTS,
        "code",
        "name",
    )
    .unwrap();
    meldpunt_app::district::import(&app.server.ctx, &districts)
        .await
        .unwrap();
    let r = citizen
        .post(app.url("/buurt"))
        .form(&[
            ("area", "district"),
            ("district", "velm"),
            ("frequency", "daily"),
            ("email", WHO),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/buurt?asked=1");

    // The export finds every kind, whatever the case of the address asked with.
    let store = &app.server.ctx.store;
    let found = store.personal_data("an.peeters@EXAMPLE.org").await.unwrap();
    let sources: std::collections::BTreeSet<&str> = found.iter().map(|r| r.source).collect();
    assert_eq!(
        sources.into_iter().collect::<Vec<_>>(),
        [
            "alert_subscription",
            "appointment",
            "complaint",
            "contact",
            "feedback",
            "follower",
            "mail",
            "my_reports_link",
            "report",
            "reporter_question"
        ],
        "{found:#?}"
    );
    let of = |source: &str| {
        found
            .iter()
            .filter(|r| r.source == source)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("report")[0].reference.as_deref(), Some(mine.as_str()));
    assert!(of("feedback")[0]
        .text
        .as_deref()
        .unwrap()
        .contains("0470 12 34 56"));
    assert!(of("reporter_question")[0]
        .text
        .as_deref()
        .unwrap()
        .contains("0470 65 43 21"));
    // The reporter follows their own report; the neighbour's report is followed too.
    let followed: Vec<_> = of("follower")
        .iter()
        .filter_map(|r| r.reference.clone())
        .collect();
    assert!(
        followed.contains(&mine) && followed.contains(&theirs),
        "{followed:?}"
    );
    assert_eq!(
        of("complaint")[0].reference.as_deref(),
        Some(complaint.as_str())
    );
    assert!(of("mail").len() >= 3, "receipt, status, link …");
    let neighbour_before = store.personal_data("buur@example.org").await.unwrap();
    assert!(!neighbour_before.is_empty());

    // Erasing: every kind erased, nothing left, the neighbour untouched, the report kept.
    let erased = store
        .erase_personal_data(WHO, chrono::Utc::now())
        .await
        .unwrap();
    for (source, rows) in &erased {
        assert!(*rows > 0, "{source}: {erased:?}");
    }
    assert!(store.personal_data(WHO).await.unwrap().is_empty());
    assert_eq!(
        store.personal_data("buur@example.org").await.unwrap(),
        neighbour_before
    );
    let (s, staff) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{mine}"))
        .await;
    assert_eq!(s, 200);
    let text = staff.to_string();
    assert!(!text.to_lowercase().contains("an.peeters"), "{text}");
    assert!(
        !text.contains("0470 12 34 56") && !text.contains("0470 65 43 21"),
        "{text}"
    );
    assert_eq!(
        staff["feedback"][0]["fixed"], false,
        "the answer stays for the figures"
    );
    // Erasing again finds nothing.
    let again = store
        .erase_personal_data(WHO, chrono::Utc::now())
        .await
        .unwrap();
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
}
