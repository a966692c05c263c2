//! Area alerts through HTTP with mail through a real SMTP server: asked on `/buurt`, nothing
//! before the address confirms (double opt-in), one mail for a new report in the district and
//! none for one elsewhere, within 500 m of an address and only the categories asked for, a
//! daily digest once, one-click unsubscribe from the mail's header, garbage and hostile input.

use meldpunt_app::district::{import, parse_districts};
use meldpunt_tests::{post_form, token_after, SmtpSink, TestApp};
use serde_json::{json, Value};

const CENTRE: (f64, f64) = (50.8166, 5.1866);
const VELM: (f64, f64) = (50.7770, 5.1270);
const BRUSTEM: (f64, f64) = (50.8020, 5.2250);

fn at(category: &str, (lat, lon): (f64, f64)) -> Value {
    json!({"category": category, "lat": lat, "lon": lon, "description": "Kapot, graag herstellen"})
}

async fn setup() -> (SmtpSink, TestApp) {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let read = parse_districts(meldpunt_server::demo::SAMPLE_DISTRICTS, "code", "name").unwrap();
    import(&app.server.ctx, &read).await.unwrap();
    app.import_sample_addresses().await;
    (sink, app)
}

/// Asks for an alert and answers its token (from the confirmation mail, the `n`th to `to`).
async fn ask(app: &TestApp, sink: &SmtpSink, to: &str, n: usize, form: &[(&str, &str)]) -> String {
    let mut body = form.to_vec();
    body.push(("email", to));
    let (s, location) = post_form(&app.new_client(), app.url("/buurt"), &body).await;
    assert_eq!((s, location.as_str()), (303, "/buurt?asked=1"), "{form:?}");
    let mail = sink.wait_for_to(to, n).await[n - 1].clone();
    assert!(mail.contains("Bevestig"), "{mail}");
    token_after(&mail, "/buurt/").unwrap()
}

async fn report(app: &TestApp, category: &str, place: (f64, f64)) -> String {
    app.submit_ok(&at(category, place), &[]).await["ref"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_district_alert_mails_new_reports_there_after_opt_in_until_one_click_stops_it() {
    let (sink, app) = setup().await;
    let c = app.new_client();
    let who = "buur@example.org";
    let token = ask(
        &app,
        &sink,
        who,
        1,
        &[
            ("area", "district"),
            ("district", "velm"),
            ("frequency", "immediate"),
        ],
    )
    .await;
    assert_eq!(token.len(), 40);

    // Nothing before the address confirms; the page says so and changes nothing.
    let before = report(&app, "graffiti", VELM).await;
    let (s, page) = app.get_text_as(&c, &format!("/buurt/{token}")).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Nog niet bevestigd") && page.contains("in Velm"),
        "{page}"
    );
    let (s, to) = post_form(&c, app.url(&format!("/buurt/{token}/confirm")), &[]).await;
    assert_eq!((s, to), (303, format!("/buurt/{token}")));
    let (_, page) = app.get_text_as(&c, &format!("/buurt/{token}")).await;
    assert!(page.contains("Het alarm staat aan"), "{page}");

    // Then one mail per new report in Velm, none for Brustem; only what the public page shows.
    let elsewhere = report(&app, "graffiti", BRUSTEM).await;
    let there = report(&app, "road_damage", VELM).await;
    let mails = sink.wait_for_to(who, 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mails_now = sink.texts_to(who);
    assert_eq!(mails_now.len(), 2, "{mails_now:#?}");
    let alert = &mails[1];
    assert!(
        alert.contains(&there) && alert.contains("in Velm"),
        "{alert}"
    );
    assert!(
        !alert.contains(&before) && !alert.contains(&elsewhere),
        "{alert}"
    );
    assert!(
        alert.contains(&format!("/buurt/{token}")),
        "the management link"
    );
    let raw = sink.raw_to(who).last().unwrap().clone();
    assert!(
        raw.contains("List-Unsubscribe: <")
            && raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{raw}"
    );

    // One click from the mail program stops it: no page, no cookie, 200.
    let r = reqwest::Client::new()
        .post(app.url(&format!("/buurt/{token}/stop")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let after = report(&app, "graffiti", VELM).await;
    // A second subscriber in Velm gets it, the stopped one does not.
    let other = "ander@example.org";
    let t2 = ask(
        &app,
        &sink,
        other,
        1,
        &[
            ("area", "district"),
            ("district", "velm"),
            ("frequency", "immediate"),
        ],
    )
    .await;
    post_form(&c, app.url(&format!("/buurt/{t2}/confirm")), &[]).await;
    let last = report(&app, "graffiti", VELM).await;
    let got = sink.wait_for_to(other, 2).await;
    assert!(got[1].contains(&last));
    assert_eq!(
        sink.texts_to(who).len(),
        2,
        "stopped: nothing about {after} or {last}"
    );
    let (_, page) = app.get_text_as(&c, &format!("/buurt/{token}")).await;
    assert!(page.contains("Het alarm staat uit"), "{page}");
}

#[tokio::test]
async fn an_address_alert_keeps_to_its_radius_categories_and_daily_digest() {
    let (sink, app) = setup().await;
    let c = app.new_client();
    let who = "markt@example.org";
    let token = ask(
        &app,
        &sink,
        who,
        1,
        &[
            ("area", "around"),
            ("address", "Grote Markt 1"),
            ("category", "road_damage"),
            ("frequency", "daily"),
        ],
    )
    .await;
    post_form(&c, app.url(&format!("/buurt/{token}/confirm")), &[]).await;
    let (_, page) = app.get_text_as(&c, &format!("/buurt/{token}")).await;
    assert!(
        page.contains("Grote Markt 1") && page.contains("Eén e-mail per dag"),
        "{page}"
    );

    // Near and of the category; near but another category; of the category but far.
    let near = report(&app, "road_damage", (CENTRE.0 + 0.002, CENTRE.1)).await;
    let other_kind = report(&app, "graffiti", CENTRE).await;
    let far = report(&app, "road_damage", VELM).await;
    let now = chrono::Utc::now() + chrono::Duration::seconds(1);
    let sent = meldpunt_app::report::alerts::send_digests(&app.server.ctx, now)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let digest = sink.wait_for_to(who, 2).await[1].clone();
    assert!(digest.contains(&near), "{digest}");
    assert!(
        !digest.contains(&other_kind) && !digest.contains(&far),
        "{digest}"
    );
    // Once: the next digest starts where this one ended, and nothing new means no mail.
    let again = meldpunt_app::report::alerts::send_digests(
        &app.server.ctx,
        now + chrono::Duration::days(1),
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
}

#[tokio::test]
async fn alert_requests_are_checked_and_links_are_private() {
    let (sink, app) = setup().await;
    let c = app.new_client();
    let long = "x".repeat(300);
    for (form, field) in [
        (
            vec![
                ("area", "district"),
                ("district", "velm"),
                ("frequency", "immediate"),
                ("email", "geen-adres"),
            ],
            "email",
        ),
        (
            vec![
                ("area", "district"),
                ("district", "velm"),
                ("frequency", "immediate"),
                ("email", long.as_str()),
            ],
            "email",
        ),
        (
            vec![
                ("area", "district"),
                ("district", "atlantis"),
                ("frequency", "immediate"),
                ("email", "a@example.org"),
            ],
            "district",
        ),
        (
            vec![
                ("area", "around"),
                ("address", "Onbestaande Dreef 999"),
                ("frequency", "daily"),
                ("email", "a@example.org"),
            ],
            "address",
        ),
        (
            vec![
                ("area", "nowhere"),
                ("frequency", "daily"),
                ("email", "a@example.org"),
            ],
            "area",
        ),
        (
            vec![
                ("area", "district"),
                ("district", "velm"),
                ("frequency", "hourly"),
                ("email", "a@example.org"),
            ],
            "frequency",
        ),
        (
            vec![
                ("area", "district"),
                ("district", "velm"),
                ("category", "nothing"),
                ("frequency", "daily"),
                ("email", "a@example.org"),
            ],
            "category",
        ),
    ] {
        let (s, to) = post_form(&c, app.url("/buurt"), &form).await;
        assert_eq!(s, 303, "{form:?}");
        assert!(
            to.starts_with("/buurt?") && to.contains(&format!("field={field}")),
            "{form:?}: {to}"
        );
    }
    // At most ten per address; the answer is the same, no mail for the eleventh.
    for i in 1..=11 {
        let (s, to) = post_form(
            &c,
            app.url("/buurt"),
            &[
                ("area", "district"),
                ("district", "velm"),
                ("frequency", "daily"),
                ("email", "veel@example.org"),
            ],
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/buurt?asked=1"), "{i}");
    }
    sink.wait_for_to("veel@example.org", 10).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.texts_to("veel@example.org").len(), 10);
    // Unknown and malformed links are not found.
    for bad in ["ef".repeat(20), "x".repeat(40), "1".repeat(500)] {
        let (s, _) = app.get_text_as(&c, &format!("/buurt/{bad}")).await;
        assert_eq!(s, 404, "{bad}");
        let (s, _) = post_form(&c, app.url(&format!("/buurt/{bad}/confirm")), &[]).await;
        assert!(s == 404 || s == 303, "{bad}: {s}");
    }
    // Found and erased by address.
    let store = &app.server.ctx.store;
    let found = store.personal_data("VEEL@example.org").await.unwrap();
    assert_eq!(
        found
            .iter()
            .filter(|r| r.source == "alert_subscription")
            .count(),
        10
    );
    store
        .erase_personal_data("veel@example.org", chrono::Utc::now())
        .await
        .unwrap();
    assert!(store
        .personal_data("veel@example.org")
        .await
        .unwrap()
        .is_empty());
}
