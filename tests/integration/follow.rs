//! Following a report by e-mail through HTTP, with mail through a real SMTP server: double
//! opt-in, status mails only once confirmed, the one-click stop of RFC 8058 from the mail's
//! own header, links that work only for their follower and only for a week, hostile input.

use meldpunt_app::i18n::Lang;
use meldpunt_app::staff::Role;
use meldpunt_tests::{mail_text, post_form, report_with_email, token_after, SmtpSink, TestApp};
use serde_json::json;

/// The mails sent to `to` so far.
fn mails_to(sink: &SmtpSink, to: &str) -> Vec<String> {
    sink.raw_to(to)
}

/// The value of header `name` in a raw mail.
fn header(raw: &str, name: &str) -> Option<String> {
    raw.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .map(|v| v.trim().to_owned())
}

/// The 40-hex token after `/follow/` in a mail.
fn token_in(raw: &str) -> String {
    token_after(&mail_text(raw), "/follow/").expect("a follow link")
}

#[tokio::test]
async fn a_citizen_follows_confirms_gets_status_mails_and_stops_with_one_click() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put in het fietspad", "melder@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    sink.wait_for(1).await;
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let citizen = app.new_client();
    let follow = app.url(&format!("/r/{reference}/follow"));

    // Asking mails a link to confirm, in the page's language; the page says so.
    let (s, to) = post_form(
        &citizen,
        follow.clone(),
        &[("email", "volger@example.org"), ("lang", "fr")],
    )
    .await;
    assert_eq!(
        (s, to.as_str()),
        (303, format!("/r/{reference}?follow=asked#follow").as_str())
    );
    sink.wait_for(2).await;
    let ask = mails_to(&sink, "volger@example.org");
    assert_eq!(ask.len(), 1);
    assert!(mail_text(&ask[0]).contains("Confirmez"), "{}", ask[0]);
    assert!(
        header(&ask[0], "List-Unsubscribe").is_none(),
        "nothing to stop yet"
    );
    let token = token_in(&ask[0]);
    assert_eq!(token.len(), 40, "{}", ask[0]);

    // Not confirmed: a status change mails only the reporter.
    let (s, e) = app
        .act(&coordinator, &reference, json!({"action": "accept"}))
        .await;
    assert_eq!(s, 204, "{e}");
    sink.wait_for(3).await;
    assert_eq!(mails_to(&sink, "volger@example.org").len(), 1);

    // The link's page changes nothing (mail filters open links); its button confirms.
    let page = citizen
        .get(app.url(&format!("/follow/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains(&format!("/follow/{token}/confirm")));
    let (s, to) = post_form(&citizen, app.url(&format!("/follow/{token}/confirm")), &[]).await;
    assert_eq!(
        (s, to.as_str()),
        (
            303,
            format!("/r/{reference}?follow=confirmed#follow").as_str()
        )
    );
    let (_, staff) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(
        staff["followers"], 1,
        "the reporter is not counted: {staff}"
    );

    // Asking again with a followed address mails nothing, and says the same.
    let (s, to) = post_form(
        &citizen,
        follow.clone(),
        &[("email", "VOLGER@example.org"), ("lang", "fr")],
    )
    .await;
    assert_eq!(
        (s, to.as_str()),
        (303, format!("/r/{reference}?follow=asked#follow").as_str())
    );

    // Confirmed: the status mail comes in French, with the stop link for the mail program.
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "done", "note": "Hersteld"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    sink.wait_for(5).await;
    let follower = mails_to(&sink, "volger@example.org");
    assert_eq!(follower.len(), 2);
    let done = &follower[1];
    assert!(mail_text(done).contains("Résolu"), "{done}");
    let stop = header(done, "List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        stop,
        format!("<{}>", app.url(&format!("/follow/{token}/stop")))
    );
    assert_eq!(
        header(done, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(mail_text(done).contains(&format!("/follow/{token}/stop")));
    // The reporter's mail has a stop link of its own.
    let reporter = mails_to(&sink, "melder@example.org");
    let reporter_stop =
        header(reporter.last().unwrap(), "List-Unsubscribe").expect("reporter's link");
    assert_ne!(reporter_stop, stop);

    // A GET of the stop link shows the button and stops nothing; the mail program's
    // one-click POST (no cookie, no page) stops.
    let r = citizen
        .get(app.url(&format!("/follow/{token}/stop")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // Also from a web mail page in another site: the token is the authority, not a cookie.
    let mail_program = reqwest::Client::builder()
        .default_headers(
            [
                ("origin", "https://mail.example.net"),
                ("sec-fetch-site", "cross-site"),
            ]
            .into_iter()
            .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
            .collect(),
        )
        .build()
        .unwrap();
    // The confirm button is no capability link for other sites.
    let (s, _) = {
        let r = mail_program
            .post(app.url(&format!("/follow/{token}/confirm")))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), ())
    };
    assert_eq!(s, 403);
    let r = mail_program
        .post(stop.trim_matches(['<', '>']))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "reopen", "note": "Nog niet goed"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    sink.wait_for(6).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mails_to(&sink, "volger@example.org").len(), 2, "stopped");
    assert_eq!(mails_to(&sink, "melder@example.org").len(), 4);

    // The reporter stops too, with a person's click: the report page says so.
    let reporter_token = reporter_stop
        .rsplit("/follow/")
        .next()
        .unwrap()
        .trim_end_matches("/stop>")
        .to_owned();
    let (s, to) = post_form(
        &citizen,
        app.url(&format!("/follow/{reporter_token}/stop")),
        &[],
    )
    .await;
    assert_eq!(
        (s, to.as_str()),
        (
            303,
            format!("/r/{reference}?follow=stopped#follow").as_str()
        )
    );
    let (s, _) = app
        .act(&coordinator, &reference, json!({"action": "done"}))
        .await;
    assert_eq!(s, 204);
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(sink.messages().len(), 6, "nobody follows any more");

    // Following again after stopping asks for confirmation again.
    post_form(&citizen, follow, &[("email", "volger@example.org")]).await;
    sink.wait_for(7).await;
    let again = mails_to(&sink, "volger@example.org");
    assert_ne!(token_in(&again[2]), token, "a new link");
}

#[tokio::test]
async fn follow_links_work_once_for_their_follower_for_a_week_and_garbage_is_refused() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let receipt = app
        .submit_ok(
            &report_with_email("graffiti", "Tags op de muur", "m@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let c = app.new_client();

    // A link asked for eight days ago no longer confirms.
    let report = app
        .server
        .ctx
        .store
        .report(&reference)
        .await
        .unwrap()
        .unwrap();
    let old = "ab".repeat(20);
    let added = app
        .server
        .ctx
        .store
        .add_follow(
            report.id,
            "laat@example.org",
            Lang::Nl,
            &old,
            chrono::Utc::now() - chrono::Duration::days(8),
        )
        .await
        .unwrap();
    assert_eq!(
        added,
        meldpunt_app::port::FollowAdded::Pending { token: old.clone() }
    );
    let (s, _) = post_form(&c, app.url(&format!("/follow/{old}/confirm")), &[]).await;
    assert_eq!(s, 404);

    // Unknown and malformed tokens, bad addresses, unknown and hidden reports.
    for token in [
        "cd".repeat(20),
        "x".repeat(40),
        "..%2F..%2Fetc".into(),
        "1".repeat(500),
    ] {
        for step in ["confirm", "stop"] {
            let (s, _) = post_form(&c, app.url(&format!("/follow/{token}/{step}")), &[]).await;
            assert!(s == 404 || s == 400, "{token} {step}: {s}");
        }
    }
    for email in [
        "",
        "geen-adres",
        "a@b",
        "x@example.org\r\nBcc: y@example.org",
        &format!("{}@example.org", "a".repeat(300)),
    ] {
        let (s, to) = post_form(
            &c,
            app.url(&format!("/r/{reference}/follow")),
            &[("email", email)],
        )
        .await;
        assert_eq!(s, 303, "{email:?}");
        assert!(
            to.contains("error=validation") && to.contains("field=email"),
            "{email:?}: {to}"
        );
    }
    let (s, _) = post_form(
        &c,
        app.url("/r/M-2026-999999/follow"),
        &[("email", "a@example.org")],
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = post_form(
        &c,
        app.url("/r/'%20OR%201=1/follow"),
        &[("email", "a@example.org")],
    )
    .await;
    assert!(s == 404 || s == 422 || s == 303, "{s}");
    app.server
        .ctx
        .store
        .set_hidden(&reference, true)
        .await
        .unwrap();
    let (s, _) = post_form(
        &c,
        app.url(&format!("/r/{reference}/follow")),
        &[("email", "a@example.org")],
    )
    .await;
    assert_eq!(s, 404, "a hidden report cannot be followed");
    // Only the reporter's receipt was mailed.
    sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 1);
}
