//! "Mijn meldingen" through HTTP with a real SMTP server: the mailed link (24 hours, once), the
//! list it opens in one browser only (reports made and followed with the address, whatever its
//! case, nobody else's), closing it, links forgotten by the retention job, garbage and hostile
//! input, and nothing that tells whether an address made a report.

use meldpunt_tests::{post_form, report_with_email, token_after, SmtpSink, TestApp};

fn mails_to(sink: &SmtpSink, to: &str) -> Vec<String> {
    sink.texts_to(to)
}

async fn wait_for_mails(sink: &SmtpSink, to: &str, n: usize) -> Vec<String> {
    sink.wait_for_to(to, n).await
}

#[tokio::test]
async fn a_mailed_link_opens_the_list_of_reports_made_and_followed_once_in_one_browser() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let submit = |category: &'static str, email: &'static str| {
        let app = &app;
        async move {
            let r = app
                .submit_ok(&report_with_email(category, "Kapot", email), &[])
                .await;
            r["ref"].as_str().unwrap().to_owned()
        }
    };
    let made = submit("road_damage", "burger@example.org").await;
    let made_upper = submit("graffiti", "Burger@Example.ORG").await;
    let followed = submit("street_lighting", "buur@example.org").await;
    let other = submit("road_damage", "ander@example.org").await;
    let citizen = app.new_client();
    // Follows the neighbour's report, confirmed.
    let (s, _) = post_form(
        &citizen,
        app.url(&format!("/r/{followed}/follow")),
        &[("email", "burger@example.org")],
    )
    .await;
    assert_eq!(s, 303);
    // The receipt, then the confirmation.
    let asked = wait_for_mails(&sink, "burger@example.org", 2).await;
    let confirmation = asked
        .iter()
        .find(|m| m.contains("volg melding"))
        .expect("a confirmation mail");
    let confirm = token_after(confirmation, "/follow/").unwrap();
    let (s, _) = post_form(
        &citizen,
        app.url(&format!("/follow/{confirm}/confirm")),
        &[],
    )
    .await;
    assert_eq!(s, 303);

    // Asking says the same with or without reports; only the address with reports gets a mail.
    let (s, to) = post_form(
        &citizen,
        app.url("/mijn-meldingen"),
        &[("email", "niemand@example.org")],
    )
    .await;
    assert_eq!((s, to.as_str()), (303, "/mijn-meldingen?sent=1"));
    let (s, to) = post_form(
        &citizen,
        app.url("/mijn-meldingen"),
        &[("email", " BURGER@example.org "), ("lang", "nl")],
    )
    .await;
    assert_eq!((s, to.as_str()), (303, "/mijn-meldingen?sent=1"));
    let mails = wait_for_mails(&sink, "BURGER@example.org", 1).await;
    let token = token_after(&mails[0], "/mijn-meldingen/").expect("a link");
    assert_eq!(token.len(), 40, "{}", mails[0]);
    assert!(mails[0].contains("24 uur"), "{}", mails[0]);
    assert!(mails_to(&sink, "niemand@example.org").is_empty());

    // The link's page changes nothing; the list is not open before its button is pressed.
    let phone = app.new_client();
    for _ in 0..2 {
        let r = phone
            .get(app.url(&format!("/mijn-meldingen/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        let page = r.text().await.unwrap();
        assert!(page.contains(&format!("action=\"/mijn-meldingen/{token}\"")));
    }
    let (_, page) = app.get_text_as(&phone, "/mijn-meldingen").await;
    assert!(!page.contains(&made) && page.contains("name=\"email\""));

    // The button opens the list in this browser for an hour, with a private cookie.
    let r = phone
        .post(app.url(&format!("/mijn-meldingen/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/mijn-meldingen");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("meldpunt_mine=")
            && cookie.contains("HttpOnly")
            && cookie.contains("Max-Age=3600"),
        "{cookie}"
    );
    let r = phone.get(app.url("/mijn-meldingen")).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    let list = r.text().await.unwrap();
    for reference in [&made, &made_upper, &followed] {
        assert!(
            list.contains(&format!("data-ref=\"{reference}\"")),
            "{reference}: {list}"
        );
        assert!(list.contains(&format!("href=\"/r/{reference}\"")));
    }
    assert!(!list.contains(&other), "nobody else's report");
    assert!(list.contains("BURGER@example.org") && !list.contains("buur@example.org"));
    assert!(list.contains("Door u gemeld") && list.contains("Gevolgd"));
    let row = |reference: &str| {
        let at = list.find(&format!("data-ref=\"{reference}\"")).unwrap();
        list[at..at + list[at..].find("</li>").unwrap()].to_owned()
    };
    assert!(row(&followed).contains("Gevolgd"));
    assert!(row(&made).contains("Door u gemeld"));
    // Newest first.
    assert!(list.find(&followed).unwrap() < list.find(&made).unwrap());

    // Used once: the same link again is refused with its explanation, also in another browser.
    for c in [&phone, &app.new_client()] {
        let (s, to) = post_form(c, app.url(&format!("/mijn-meldingen/{token}")), &[]).await;
        assert_eq!(s, 303);
        assert!(
            to.starts_with("/mijn-meldingen?") && to.contains("why=MineLinkUsed"),
            "{to}"
        );
    }
    let (_, refused) = app
        .get_text_as(&citizen, "/mijn-meldingen?error=conflict&why=MineLinkUsed")
        .await;
    assert!(refused.contains("Deze link is al gebruikt of verlopen"));
    // Another browser without the cookie sees the form only.
    let (_, elsewhere) = app.get_text_as(&app.new_client(), "/mijn-meldingen").await;
    assert!(!elsewhere.contains(&made));

    // Stopping a follow from the list takes it off the list.
    let stop = {
        let r = row(&followed);
        let at = r.find("action=\"").unwrap() + "action=\"".len();
        r[at..at + r[at..].find('"').unwrap()].to_owned()
    };
    assert!(stop.ends_with("/stop"), "{stop}");
    let path = &stop[stop.find("/follow/").unwrap()..];
    let (s, _) = post_form(&phone, app.url(path), &[]).await;
    assert_eq!(s, 303);
    let (_, list) = app.get_text_as(&phone, "/mijn-meldingen").await;
    assert!(!list.contains(&followed) && list.contains(&made));

    // Closing ends the view: the old cookie value opens nothing any more.
    let value = cookie.split(';').next().unwrap().to_owned();
    let r = phone
        .post(app.url("/mijn-meldingen/sluiten"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let stale = app
        .new_client()
        .get(app.url("/mijn-meldingen"))
        .header("cookie", value)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!stale.contains(&made), "closed");
}

#[tokio::test]
async fn links_expire_are_limited_per_address_are_forgotten_and_garbage_is_refused() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    app.submit_ok(
        &report_with_email("road_damage", "Kapot", "veel@example.org"),
        &[],
    )
    .await;
    let c = app.new_client();

    // Three links an hour per address; a fourth request mails nothing (and says the same).
    for _ in 0..4 {
        let (s, to) = post_form(
            &c,
            app.url("/mijn-meldingen"),
            &[("email", "veel@example.org")],
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/mijn-meldingen?sent=1"));
    }
    // The receipt, then three links.
    wait_for_mails(&sink, "veel@example.org", 4).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mails_to(&sink, "veel@example.org").len(), 4);

    // Garbage, oversize and hostile addresses are refused with the field's explanation.
    for bad in [
        "geen-adres",
        "a@b",
        "<script>@example.org",
        &format!("{}@example.org", "x".repeat(300)),
        "veel@example.org\r\nBcc: x@example.org",
        "",
    ] {
        let (s, to) = post_form(&c, app.url("/mijn-meldingen"), &[("email", bad)]).await;
        assert_eq!(s, 303, "{bad}");
        assert!(to.contains("why=EmailInvalid"), "{bad}: {to}");
    }
    let r = c
        .post(app.url("/mijn-meldingen"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, 0x00, b'=', 0x80])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("why=EmailInvalid"));

    // Malformed tokens are not found; an unknown one of the right shape is "used or expired".
    for bad in ["x".repeat(40), "..%2F..%2Fetc".into(), "1".repeat(500)] {
        let (s, _) = post_form(&c, app.url(&format!("/mijn-meldingen/{bad}")), &[]).await;
        assert_eq!(s, 404, "{bad}");
        let (s, _) = app.get_text_as(&c, &format!("/mijn-meldingen/{bad}")).await;
        assert_eq!(s, 404, "{bad}");
    }
    let (s, to) = post_form(
        &c,
        app.url(&format!("/mijn-meldingen/{}", "ab".repeat(20))),
        &[],
    )
    .await;
    assert_eq!(s, 303);
    assert!(to.contains("why=MineLinkUsed"), "{to}");

    // A link of 25 hours ago has expired; one made three days ago is forgotten by the
    // retention job (even if it had not expired).
    let store = &app.server.ctx.store;
    let now = chrono::Utc::now();
    let link =
        |token: &str, made_hours_ago: i64, valid_hours: i64| meldpunt_app::port::NewMineLink {
            email: "veel@example.org".into(),
            lang: meldpunt_app::i18n::Lang::Nl,
            token_hash: meldpunt_app::service::sha256_hex(token.as_bytes()),
            now: now - chrono::Duration::hours(made_hours_ago),
            expires_at: now - chrono::Duration::hours(made_hours_ago)
                + chrono::Duration::hours(valid_hours),
            max_recent: 100,
            recent_since: now - chrono::Duration::hours(made_hours_ago + 1),
        };
    let expired = "cd".repeat(20);
    let old = "ef".repeat(20);
    let fresh = "12".repeat(20);
    assert!(store.add_mine_link(&link(&expired, 25, 24)).await.unwrap());
    assert!(store.add_mine_link(&link(&old, 72, 96)).await.unwrap());
    assert!(store.add_mine_link(&link(&fresh, 0, 24)).await.unwrap());
    let (_, to) = post_form(&c, app.url(&format!("/mijn-meldingen/{expired}")), &[]).await;
    assert!(to.contains("why=MineLinkUsed"), "{to}");
    meldpunt_app::service::apply_retention(&app.server.ctx)
        .await
        .unwrap();
    let (_, to) = post_form(&c, app.url(&format!("/mijn-meldingen/{old}")), &[]).await;
    assert!(to.contains("why=MineLinkUsed"), "forgotten: {to}");
    let (s, to) = post_form(&c, app.url(&format!("/mijn-meldingen/{fresh}")), &[]).await;
    assert_eq!((s, to.as_str()), (303, "/mijn-meldingen"), "kept");
    let (_, list) = app.get_text_as(&c, "/mijn-meldingen").await;
    assert!(list.contains("veel@example.org") && list.contains("data-ref="));
    // An address without reports never gets a link, also not through the store.
    let mut nobody = link(&"34".repeat(20), 0, 24);
    nobody.email = "niemand@example.org".into();
    assert!(!store.add_mine_link(&nobody).await.unwrap());
}

#[tokio::test]
async fn a_citizens_small_forms_refuse_a_large_body_before_reading_it() {
    let app = TestApp::spawn().await;
    let reference = app
        .submit_ok(
            &report_with_email("road_damage", "Kapot", "a@example.org"),
            &[],
        )
        .await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = "ab".repeat(20);
    let c = app.new_client();
    let big = format!("email={}", "a".repeat(100 * 1024));
    // Every route of these forms that reads its body (opening a list or confirming a follow
    // reads none).
    for path in [
        "/mijn-meldingen".to_owned(),
        format!("/r/{reference}/follow"),
        format!("/follow/{token}/stop"),
        format!("/feedback/{token}"),
    ] {
        let r = c
            .post(app.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413, "{path}");
    }
    // A comment of 2,000 characters, each percent-encoded at its longest, still fits.
    let longest = format!("comment={}", "%F0%9F%98%80".repeat(2000));
    assert!(longest.len() < meldpunt_server::web::SMALL_FORM_BYTES);
}
