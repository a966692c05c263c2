//! "Is het opgelost?" through HTTP, with mail through a real SMTP server: the closing mail's
//! links, one answer per question, a "not fixed" that asks to reopen, the coordinator who
//! reopens or declines (and the reporter who is told), links that work only for two weeks,
//! garbage and hostile input.

use meldpunt_app::staff::Role;
use meldpunt_tests::{
    kpi, post_form, report_json, report_with_email, table_cell, token_after, unmarked, SmtpSink,
    TestApp,
};
use serde_json::{json, Value};

/// The mails sent to `to` so far.
fn mails_to(sink: &SmtpSink, to: &str) -> Vec<String> {
    sink.texts_to(to)
}

/// The token after `/feedback/` in a mail, if it has one.
fn feedback_token(text: &str) -> Option<String> {
    token_after(text, "/feedback/")
}

/// The questions "is it fixed?" asked about a report: the reporter's (`follower` false) or the
/// followers'.
async fn asked_of(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    follower: bool,
) -> Vec<Value> {
    let (s, r) = app
        .get_json_as(staff, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(s, 200, "{r}");
    let all = r["feedback"].as_array().cloned().unwrap_or_default();
    all.into_iter()
        .filter(|f| f["follower"] == follower)
        .collect()
}

async fn feedback_of(app: &TestApp, staff: &reqwest::Client, reference: &str) -> Vec<Value> {
    asked_of(app, staff, reference, false).await
}

/// Waits until `to` has `n` mails and answers the `n`th.
async fn last_mail(sink: &SmtpSink, to: &str, n: usize) -> String {
    sink.wait_for_to(to, n).await[n - 1].clone()
}

#[tokio::test]
async fn a_reporter_says_not_fixed_and_the_coordinator_reopens_then_declines() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put in het fietspad", "melder@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let citizen = app.new_client();

    // A follower, confirmed, gets the status mails; a closing asks them only whether the
    // problem is still there (a_follower_says_it_is_still_there_and_hears_the_decision).
    let (s, _) = post_form(
        &citizen,
        app.url(&format!("/r/{reference}/follow")),
        &[("email", "volger@example.org")],
    )
    .await;
    assert_eq!(s, 303);
    let ask = last_mail(&sink, "volger@example.org", 1).await;
    let follow = token_after(&ask, "/follow/").unwrap();
    let (s, _) = post_form(&citizen, app.url(&format!("/follow/{follow}/confirm")), &[]).await;
    assert_eq!(s, 303);

    // Accepting asks nothing; marking it done asks the reporter, with one link per answer.
    let (s, e) = app
        .act(&coordinator, &reference, json!({"action": "accept"}))
        .await;
    assert_eq!(s, 204, "{e}");
    let accepted = last_mail(&sink, "melder@example.org", 2).await;
    assert!(feedback_token(&accepted).is_none(), "{accepted}");
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "done", "note": "Hersteld"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let done = last_mail(&sink, "melder@example.org", 3).await;
    let token = feedback_token(&done).expect("a feedback link");
    assert_eq!(token.len(), 40, "{done}");
    for answer in ["fixed=yes", "fixed=no", "score=1", "score=5"] {
        assert!(
            done.contains(&format!("/feedback/{token}?{answer}")),
            "{answer}: {done}"
        );
    }
    let followers = last_mail(&sink, "volger@example.org", 3).await;
    assert!(followers.contains("Hersteld"), "{followers}");
    let still = feedback_token(&followers).expect("a follower's own link");
    assert_ne!(still, token);
    assert!(!followers.contains("score="), "{followers}");
    let asked = feedback_of(&app, &coordinator, &reference).await;
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["closed_as"], "done");
    assert!(asked[0]["answered_at"].is_null());

    // The link's page has the answer marked and changes nothing.
    let (s, page) = app
        .get_text_as(&citizen, &format!("/feedback/{token}?fixed=no&score=2"))
        .await;
    assert_eq!(s, 200);
    assert!(page.contains(&reference) && page.contains("Is het probleem opgelost?"));
    assert!(page.contains(&format!("action=\"/feedback/{token}\"")));
    let input = |value: &str| {
        let at = page.find(&format!("value=\"{value}\"")).expect(value);
        page[at..at + page[at..].find('>').unwrap()].to_owned()
    };
    assert!(input("no").contains("checked"), "{page}");
    assert!(!input("yes").contains("checked"), "{page}");
    assert!(input("2").contains("checked"), "{page}");
    assert!(feedback_of(&app, &coordinator, &reference).await[0]["answered_at"].is_null());

    // "Not fixed" with a score and a comment asks to reopen; a second answer is refused.
    let (s, to) = post_form(
        &citizen,
        app.url(&format!("/feedback/{token}")),
        &[
            ("fixed", "no"),
            ("satisfaction", "2"),
            ("comment", "De put is er nog, <b>dieper</b> zelfs."),
        ],
    )
    .await;
    assert_eq!(
        (s, to.as_str()),
        (303, format!("/feedback/{token}?sent=no").as_str())
    );
    let (s, to) = post_form(
        &citizen,
        app.url(&format!("/feedback/{token}")),
        &[("fixed", "yes")],
    )
    .await;
    assert_eq!(s, 303);
    assert!(to.contains("why=FeedbackAnswered"), "{to}");
    let f = feedback_of(&app, &coordinator, &reference).await;
    assert_eq!(f[0]["fixed"], false);
    assert_eq!(f[0]["satisfaction"], 2);
    assert_eq!(f[0]["comment"], "De put is er nog, <b>dieper</b> zelfs.");
    assert_eq!(f[0]["reopen"], "asked");
    // A planner sees the answer, not what the reporter wrote (it may name them).
    let planner = app
        .signed_in("plan@stad.test", Role::Planner, &["wegen"])
        .await;
    let seen = feedback_of(&app, &planner, &reference).await;
    assert_eq!(
        (seen[0]["fixed"].clone(), seen[0]["comment"].clone()),
        (json!(false), Value::Null)
    );
    // The request puts the closed report back in the queue, marked; not in a status's list.
    let in_queue = |rows: &Value| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["ref"] == reference.as_str())
            .map(|r| r["reopen_asked"].clone())
    };
    let (s, queue) = app.get_json_as(&coordinator, "/api/v1/staff/queue").await;
    assert_eq!(s, 200, "{queue}");
    assert_eq!(in_queue(&queue), Some(json!(true)), "{queue}");
    let (_, accepted) = app
        .get_json_as(&coordinator, "/api/v1/staff/queue?status=accepted")
        .await;
    assert_eq!(in_queue(&accepted), None);
    let (_, html) = app.get_text_as(&coordinator, "/queue").await;
    assert!(html.contains("data-reopen-asked"), "the queue marks it");
    let (_, staff_page) = app
        .get_text_as(&coordinator, &format!("/staff/r/{reference}"))
        .await;
    assert!(
        staff_page.contains("&lt;b&gt;dieper") && !staff_page.contains("<b>dieper"),
        "the comment is shown as text"
    );
    assert!(
        staff_page.contains("decline_reopen"),
        "the page offers to decline"
    );

    // Reopening settles the request and tells the reporter, as any status change.
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "reopen", "note": "We komen terug"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let reopened = last_mail(&sink, "melder@example.org", 4).await;
    assert!(reopened.contains("We komen terug"), "{reopened}");
    let f = feedback_of(&app, &coordinator, &reference).await;
    assert_eq!(f[0]["reopen"], "accepted");
    let (_, r) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(r["status"], "accepted");
    let (_, queue) = app.get_json_as(&coordinator, "/api/v1/staff/queue").await;
    assert_eq!(in_queue(&queue), None, "settled: {queue}");

    // Declining needs a request.
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "decline_reopen", "reason": "Geen put"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["code"], "ReopenNotAsked", "{e}");

    // Done again asks again; "not fixed" once more, and this time the coordinator declines.
    let (s, _) = app
        .act(&coordinator, &reference, json!({"action": "done"}))
        .await;
    assert_eq!(s, 204);
    let again = last_mail(&sink, "melder@example.org", 5).await;
    let second = feedback_token(&again).expect("asked again");
    assert_ne!(second, token);
    let (s, _) = post_form(
        &citizen,
        app.url(&format!("/feedback/{second}")),
        &[("fixed", "no")],
    )
    .await;
    assert_eq!(s, 303);
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "decline_reopen", "reason": ""}),
        )
        .await;
    assert_eq!(s, 422, "a reason is required: {e}");
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "decline_reopen", "reason": "Dit fietspad is van het Vlaams Gewest; we gaven het door."}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let declined = last_mail(&sink, "melder@example.org", 6).await;
    assert!(
        declined.contains("Vlaams Gewest") && declined.contains("niet heropend"),
        "{declined}"
    );
    assert_eq!(
        mails_to(&sink, "volger@example.org").len(),
        5,
        "followers get status changes, not the reporter's decline"
    );
    let f = feedback_of(&app, &coordinator, &reference).await;
    assert_eq!(f.len(), 2);
    assert_eq!(f[1]["reopen"], "declined");
    assert_eq!(
        f[1]["reopen_reason"],
        "Dit fietspad is van het Vlaams Gewest; we gaven het door."
    );
    let (_, r) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(r["status"], "done", "declining leaves it closed");
}

#[tokio::test]
async fn feedback_links_work_once_for_two_weeks_and_garbage_is_refused() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen", "netheid"])
        .await;
    let c = app.new_client();

    // Without an address nobody is asked; a duplicate is not a closing that asks.
    let anonymous = app.submit_ok(&report_json("graffiti", "Tags"), &[]).await;
    let anonymous = anonymous["ref"].as_str().unwrap().to_owned();
    let (s, _) = app
        .act(
            &coordinator,
            &anonymous,
            json!({"action": "reject", "reason": "Privé-eigendom"}),
        )
        .await;
    assert_eq!(s, 204);
    assert!(feedback_of(&app, &coordinator, &anonymous).await.is_empty());
    let copy = app
        .submit_ok(
            &report_with_email("graffiti", "Tags", "dubbel@example.org"),
            &[],
        )
        .await;
    let copy = copy["ref"].as_str().unwrap().to_owned();
    let (s, e) = app
        .act(
            &coordinator,
            &copy,
            json!({"action": "duplicate", "of": anonymous}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    assert!(feedback_of(&app, &coordinator, &copy).await.is_empty());

    // A rejection asks.
    let receipt = app
        .submit_ok(
            &report_with_email("graffiti", "Tags op de muur", "m@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let (s, _) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "reject", "reason": "Geen graffiti"}),
        )
        .await;
    assert_eq!(s, 204);
    let mail = last_mail(&sink, "m@example.org", 2).await;
    let token = feedback_token(&mail).expect("a rejection asks");

    // Garbage, oversize and hostile answers are refused with the field and its explanation,
    // and leave the question open.
    let long = "x".repeat(2001);
    for (body, field) in [
        (vec![("satisfaction", "3")], "fixed"),
        (vec![("fixed", "misschien")], "fixed"),
        (
            vec![("fixed", "yes"), ("satisfaction", "9")],
            "satisfaction",
        ),
        (
            vec![("fixed", "yes"), ("satisfaction", "1e9")],
            "satisfaction",
        ),
        (
            vec![("fixed", "yes"), ("comment", long.as_str())],
            "comment",
        ),
    ] {
        let (s, to) = post_form(&c, app.url(&format!("/feedback/{token}")), &body).await;
        assert_eq!(s, 303, "{body:?}");
        assert!(
            to.contains("error=validation") && to.contains(&format!("field={field}")),
            "{body:?}: {to}"
        );
        assert!(to.starts_with(&format!("/feedback/{token}?")), "{to}");
    }
    assert!(feedback_of(&app, &coordinator, &reference).await[0]["answered_at"].is_null());
    let (s, to) = post_form(
        &c,
        app.url(&format!("/feedback/{token}")),
        &[("fixed", "yes"), ("satisfaction", "5")],
    )
    .await;
    assert_eq!(
        (s, to.as_str()),
        (303, format!("/feedback/{token}?sent=yes").as_str())
    );
    let f = feedback_of(&app, &coordinator, &reference).await;
    assert_eq!(
        (f[0]["fixed"].clone(), f[0]["reopen"].clone()),
        (json!(true), Value::Null)
    );
    let (s, page) = app.get_text_as(&c, &format!("/feedback/{token}")).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("U gaf voor deze melding al een antwoord"),
        "{page}"
    );

    // Unknown and malformed links are not found, for the page and the form.
    for bad in [
        "cd".repeat(20),
        "x".repeat(40),
        "..%2F..%2Fetc".into(),
        "1".repeat(500),
    ] {
        let (s, _) = post_form(
            &c,
            app.url(&format!("/feedback/{bad}")),
            &[("fixed", "yes")],
        )
        .await;
        assert!(s == 404 || s == 400, "{bad}: {s}");
        let (s, _) = app.get_text_as(&c, &format!("/feedback/{bad}")).await;
        assert_eq!(s, 404, "{bad}");
    }

    // A question asked fifteen days ago takes no answer; its page says so.
    let report = app
        .server
        .ctx
        .store
        .report(&reference)
        .await
        .unwrap()
        .unwrap();
    let old = "ef".repeat(20);
    let mut update = meldpunt_app::port::ReportUpdate::new(
        &report,
        meldpunt_app::office::domain::EventKind::Note,
        None,
    );
    update.internal_note = Some("test".into());
    update.feedback = vec![meldpunt_app::port::NewFeedback {
        token_hash: meldpunt_app::service::sha256_hex(old.as_bytes()),
        lang: meldpunt_app::i18n::Lang::Nl,
        closed_as: report.status,
        follower: None,
    }];
    app.server
        .ctx
        .store
        .apply_update(&update, chrono::Utc::now() - chrono::Duration::days(15))
        .await
        .unwrap();
    let (s, page) = app.get_text_as(&c, &format!("/feedback/{old}")).await;
    assert_eq!(s, 200);
    assert!(page.contains("Deze link is verlopen"), "{page}");
    let (s, to) = post_form(&c, app.url(&format!("/feedback/{old}")), &[("fixed", "no")]).await;
    assert_eq!(s, 303);
    assert!(to.contains("why=FeedbackExpired"), "{to}");
    assert!(feedback_of(&app, &coordinator, &reference).await[1]["answered_at"].is_null());
}

/// Closes a new report of `category` by `reporter` as done and answers its question with
/// `answer` (none: left unanswered); returns the reference.
async fn closed_and_answered(
    app: &TestApp,
    sink: &SmtpSink,
    coordinator: &reqwest::Client,
    category: &str,
    reporter: &str,
    answer: Option<&[(&str, &str)]>,
) -> String {
    let receipt = app
        .submit_ok(&report_with_email(category, "Kapot", reporter), &[])
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let (s, e) = app
        .act(
            coordinator,
            &reference,
            json!({"action": "done", "note": "Hersteld"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let done = last_mail(sink, reporter, 2).await;
    let token = feedback_token(&done).expect("a feedback link");
    if let Some(answer) = answer {
        let (s, to) = post_form(
            &app.new_client(),
            app.url(&format!("/feedback/{token}")),
            answer,
        )
        .await;
        assert_eq!(s, 303);
        assert!(to.contains("sent="), "{to}");
    }
    reference
}

#[tokio::test]
async fn answers_make_the_figures_for_planners_the_annual_report_and_everyone() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen", "netheid"])
        .await;
    let yes = [("fixed", "yes"), ("satisfaction", "5")];
    let no = [("fixed", "no"), ("satisfaction", "2")];
    let first = closed_and_answered(
        &app,
        &sink,
        &coordinator,
        "road_damage",
        "a@example.org",
        Some(&yes),
    )
    .await;
    closed_and_answered(
        &app,
        &sink,
        &coordinator,
        "road_damage",
        "b@example.org",
        Some(&no),
    )
    .await;
    closed_and_answered(&app, &sink, &coordinator, "graffiti", "c@example.org", None).await;
    closed_and_answered(
        &app,
        &sink,
        &coordinator,
        "graffiti",
        "d@example.org",
        Some(&[("fixed", "yes")]),
    )
    .await;

    // The planners' dashboard: 3 of 4 answered, 2 of 3 fixed, scores 5 and 2.
    let planner = app.signed_in("plan@stad.test", Role::Planner, &[]).await;
    let (s, page) = app.get_text_as(&planner, "/planner/stats").await;
    assert_eq!(s, 200);
    assert_eq!(kpi(&page, "answered"), "3 / 4");
    assert_eq!(kpi(&page, "fixed"), "67 %");
    assert_eq!(kpi(&page, "satisfaction"), "3,5 / 5");
    let section = "data-testid=\"feedback-figures\"";
    assert_eq!(
        table_cell(&page, section, "road_damage", "fixed").as_deref(),
        Some("50 %")
    );
    assert_eq!(
        table_cell(&page, section, "graffiti", "fixed").as_deref(),
        Some("100 %")
    );
    assert_eq!(
        table_cell(&page, section, "netheid", "satisfaction").as_deref(),
        Some("–")
    );
    assert_eq!(
        table_cell(&page, section, "wegen", "satisfaction").as_deref(),
        Some("3,5 / 5")
    );
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    assert_eq!(
        table_cell(&page, section, &month, "fixed").as_deref(),
        Some("67 %")
    );
    // The planners' filter applies: graffiti only.
    let (_, only) = app
        .get_text_as(&planner, "/planner/stats?category=graffiti")
        .await;
    assert_eq!(kpi(&only, "answered"), "1 / 2");
    assert_eq!(kpi(&only, "fixed"), "100 %");
    // In English the decimal sign is a point.
    let (_, en) = app.get_text_as(&planner, "/planner/stats?lang=en").await;
    assert_eq!(kpi(&en, "satisfaction"), "3.5 / 5");
    // Time to done per category (all four were done at once: in time).
    assert_eq!(
        table_cell(&page, "pace-table", "graffiti", "within").as_deref(),
        Some("100 %")
    );

    // The annual report has both shares for the year.
    let year = chrono::Utc::now().format("%Y").to_string();
    let (s, annual) = app
        .get_text_as(&planner, &format!("/planner/annual?year={year}&lang=nl"))
        .await;
    assert_eq!(s, 200);
    let row = |key: &str| {
        let at = annual.find(&format!("data-key=\"{key}\"")).expect(key);
        unmarked(&annual[at..at + annual[at..].find("</tr>").unwrap()])
    };
    assert!(row("fixed").contains("<td>67 %</td>"), "{}", row("fixed"));
    assert!(
        row("satisfaction").contains("<td>3,5 / 5</td>"),
        "{}",
        row("satisfaction")
    );
    assert!(annual.contains("id=\"feedback\""));

    // Everyone: /cijfers, linked from every page's footer, with no reference and no place.
    let citizen = app.new_client();
    let (s, home) = app.get_text_as(&citizen, "/info").await;
    assert_eq!(s, 200);
    assert!(home.contains("href=\"/cijfers\""), "a footer link");
    let (s, public) = app.get_text_as(&citizen, "/cijfers").await;
    assert_eq!(s, 200);
    assert_eq!(kpi(&public, "total"), "4");
    assert_eq!(kpi(&public, "done"), "4");
    assert_eq!(kpi(&public, "fixed"), "67 %");
    assert_eq!(
        table_cell(&public, "public-table", "road_damage", "fixed").as_deref(),
        Some("50 %")
    );
    assert_eq!(
        table_cell(&public, "public-table", "graffiti", "within").as_deref(),
        Some("100 %")
    );
    assert!(
        !public.contains(&first),
        "no reference on the public figures"
    );
    assert!(!public.contains("example.org"));
    let (s, fr) = app.get_text_as(&citizen, "/cijfers?lang=fr").await;
    assert_eq!(s, 200);
    assert!(fr.contains("Meldpunt en chiffres") && fr.contains("Vraiment résolus"));

    // Kept a few minutes: a new answer shows on the planners' page at once, on the public
    // page later.
    closed_and_answered(
        &app,
        &sink,
        &coordinator,
        "graffiti",
        "e@example.org",
        Some(&no),
    )
    .await;
    let (_, page) = app.get_text_as(&planner, "/planner/stats").await;
    assert_eq!(kpi(&page, "answered"), "4 / 5");
    let (_, public) = app.get_text_as(&citizen, "/cijfers").await;
    assert_eq!(kpi(&public, "total"), "4", "served from memory");
}

#[tokio::test]
async fn a_follower_says_it_is_still_there_and_hears_the_decision() {
    let sink = SmtpSink::start(tempfile::tempdir().unwrap().keep(), None);
    let app = TestApp::spawn_with_smtp(Some(sink.port)).await;
    let receipt = app
        .submit_ok(
            &report_with_email("road_damage", "Put in de stoep", "melder@example.org"),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let citizen = app.new_client();
    let (s, _) = post_form(
        &citizen,
        app.url(&format!("/r/{reference}/follow")),
        &[("email", "buur@example.org"), ("lang", "fr")],
    )
    .await;
    assert_eq!(s, 303);
    let ask = last_mail(&sink, "buur@example.org", 1).await;
    let follow = token_after(&ask, "/follow/").unwrap();
    let (s, _) = post_form(&citizen, app.url(&format!("/follow/{follow}/confirm")), &[]).await;
    assert_eq!(s, 303);
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "done", "note": "Hersteld"}),
        )
        .await;
    assert_eq!(s, 204, "{e}");

    // The follower's closing mail has one link: "still there".
    let done = last_mail(&sink, "buur@example.org", 2).await;
    let token = feedback_token(&done).expect("a link");
    assert!(
        done.contains(&format!("/feedback/{token}?fixed=no")),
        "{done}"
    );
    assert!(
        !done.contains("fixed=yes") && !done.contains("score="),
        "{done}"
    );
    let (s, page) = app
        .get_text_as(&citizen, &format!("/feedback/{token}?fixed=no&lang=fr"))
        .await;
    assert_eq!(s, 200);
    assert!(page.contains("Le problème est-il toujours là"), "{page}");
    assert!(
        !page.contains("name=\"satisfaction\""),
        "no score for a follower"
    );

    // "Still there" with a comment (a score sent anyway is not kept) asks to reopen.
    let (s, to) = post_form(
        &citizen,
        app.url(&format!("/feedback/{token}")),
        &[
            ("fixed", "no"),
            ("satisfaction", "1"),
            ("comment", "Toujours un trou"),
        ],
    )
    .await;
    assert_eq!((s, to), (303, format!("/feedback/{token}?sent=no")));
    let (s, to) = post_form(
        &citizen,
        app.url(&format!("/feedback/{token}")),
        &[("fixed", "no")],
    )
    .await;
    assert_eq!(s, 303);
    assert!(to.contains("why=FeedbackAnswered"), "once: {to}");
    let theirs = asked_of(&app, &coordinator, &reference, true).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["fixed"], false);
    assert_eq!(theirs[0]["satisfaction"], Value::Null);
    assert_eq!(theirs[0]["reopen"], "asked");
    assert_eq!(theirs[0]["comment"], "Toujours un trou");
    assert!(
        theirs[0].get("follower_email").is_none(),
        "the address stays on the server"
    );
    let (_, r) = app
        .get_json_as(&coordinator, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert!(!r.to_string().contains("buur@example.org"), "{r}");
    let (_, queue) = app.get_json_as(&coordinator, "/api/v1/staff/queue").await;
    let row = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["ref"] == reference.as_str())
        .cloned();
    assert_eq!(row.map(|q| q["reopen_asked"].clone()), Some(json!(true)));
    let (_, staff_page) = app
        .get_text_as(&coordinator, &format!("/staff/r/{reference}"))
        .await;
    assert!(
        staff_page.contains("Een volger:"),
        "the page says who answered"
    );

    // A follower's answer counts in no figure: the reporter was asked and did not answer.
    let planner = app.signed_in("plan@stad.test", Role::Planner, &[]).await;
    let (_, stats) = app.get_text_as(&planner, "/planner/stats").await;
    assert_eq!(kpi(&stats, "answered"), "0 / 1");

    // Declining tells the follower who asked, in their language, and not the reporter.
    let (s, e) = app
        .act(
            &coordinator,
            &reference,
            json!({"action": "decline_reopen", "reason": "Hersteld op 3 december; de put is gevuld."}),
        )
        .await;
    assert_eq!(s, 204, "{e}");
    let declined = last_mail(&sink, "buur@example.org", 3).await;
    assert!(declined.contains("3 december"), "{declined}");
    assert_eq!(
        mails_to(&sink, "melder@example.org").len(),
        2,
        "the reporter got the receipt and the closing, not the decline"
    );

    // Erasing the follower's data erases their answer too.
    let store = &app.server.ctx.store;
    let found = store.personal_data("buur@example.org").await.unwrap();
    assert!(
        found
            .iter()
            .any(|f| f.source == "feedback" && f.text.as_deref() == Some("Toujours un trou")),
        "{found:?}"
    );
    assert!(
        !store
            .personal_data("melder@example.org")
            .await
            .unwrap()
            .iter()
            .any(|f| f.text.as_deref() == Some("Toujours un trou")),
        "the reporter's data does not hold the follower's answer"
    );
    store
        .erase_personal_data("buur@example.org", chrono::Utc::now())
        .await
        .unwrap();
    assert!(asked_of(&app, &coordinator, &reference, true)
        .await
        .is_empty());
}
