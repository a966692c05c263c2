//! The knowledge base through HTTP: search as you type in the page's language (synonyms,
//! prefixes, typos), the public pages with their booking link, editing with every version
//! kept, and refusals.

use chrono::NaiveTime;
use meldpunt_app::appointment::domain::{AppointmentType, Opening, SlotShape};
use meldpunt_app::i18n::Names;
use meldpunt_app::knowledge::domain::ArticleInput;
use meldpunt_app::office::admin;
use meldpunt_app::port::ServiceInput;
use meldpunt_tests::{unmarked, TestApp};
use serde_json::Value;

/// The demo city's articles, with the appointment types they link to.
async fn with_articles(app: &TestApp) {
    let ctx = &app.server.ctx;
    let service = ServiceInput {
        code: "burgerzaken".into(),
        names: Names::new(|_| "Burgerzaken".into()),
        horizon_days: 30,
        openings: vec![Opening {
            weekday: chrono::Weekday::Mon,
            from: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        }],
        active: true,
    };
    admin::save_service(ctx, None, service).await.unwrap();
    for code in [
        "strafregister",
        "identiteitskaart",
        "omgevingsvergunning",
        "rijbewijs",
    ] {
        let t = AppointmentType {
            id: 0,
            code: code.into(),
            service: "burgerzaken".into(),
            names: Names::new(|_| code.to_uppercase()),
            shape: SlotShape {
                minutes: 15,
                places: 1,
            },
            active: true,
        };
        admin::save_appointment_type(ctx, None, t).await.unwrap();
    }
    let articles: Vec<ArticleInput> =
        serde_json::from_slice(meldpunt_server::demo::SAMPLE_ARTICLES).unwrap();
    for a in articles {
        meldpunt_app::knowledge::service::save(ctx, None, a)
            .await
            .unwrap();
    }
}

async fn info(app: &TestApp, q: &str, lang: &str) -> Vec<Value> {
    let url = format!("/api/v1/info?q={}&lang={lang}", form_urlencoded_value(q));
    let (s, v) = app.get_json(&url).await;
    assert_eq!(s, 200, "{q}: {v}");
    v.as_array().unwrap().clone()
}

fn form_urlencoded_value(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn first_slug(hits: &[Value]) -> &str {
    hits.first()
        .and_then(|h| h["slug"].as_str())
        .unwrap_or("(none)")
}

#[tokio::test]
async fn agents_and_citizens_find_the_answer_by_the_words_they_use() {
    let app = TestApp::spawn().await;
    with_articles(&app).await;
    for (q, slug) in [
        ("strafblad", "uittreksel-strafregister"),
        ("strafreg", "uittreksel-strafregister"),
        ("bewijs van goed gedrag", "uittreksel-strafregister"),
        ("identiteitskart", "identiteitskaart"),
        ("bouwvergunning", "omgevingsvergunning"),
        ("pmd ophaling", "afvalkalender"),
        ("matras", "grofvuil"),
    ] {
        let hits = info(&app, q, "nl").await;
        assert_eq!(first_slug(&hits), slug, "{q}: {hits:?}");
    }
    let hits = info(&app, "strafblad", "nl").await;
    assert_eq!(hits[0]["title"], "Uittreksel uit het strafregister");
    assert!(hits[0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/info/uittreksel-strafregister"));
    // In French, the French text; Dutch where none was written.
    let hits = info(&app, "casier", "fr").await;
    assert_eq!(hits[0]["title"], "Extrait de casier judiciaire");
    let hits = info(&app, "matras", "fr").await;
    assert_eq!(hits[0]["title"], "Grofvuil laten ophalen");
    // Nothing asked: every article, by title. Nonsense: nothing.
    assert_eq!(info(&app, "", "nl").await.len(), 12);
    assert!(info(&app, "xyzzy qwerty", "nl").await.is_empty());
    let (s, v) = app
        .get_json(&format!("/api/v1/info?q={}", "a".repeat(201)))
        .await;
    assert_eq!((s, v["field"].as_str()), (422, Some("q")));
}

#[tokio::test]
async fn an_answer_page_links_to_booking_and_edits_show_at_once_with_their_history() {
    let app = TestApp::spawn().await;
    with_articles(&app).await;
    let (s, page) = app.get_text("/info?q=strafblad").await;
    assert_eq!(s, 200);
    assert!(
        page.contains(r#"href="/info/uittreksel-strafregister""#),
        "{page}"
    );
    let (s, page) = app.get_text("/info/uittreksel-strafregister").await;
    let page = unmarked(&page);
    assert_eq!(s, 200);
    assert!(page.contains("Hiervoor maakt u een afspraak"), "{page}");
    assert!(
        page.contains(r#"href="/appointments?type=strafregister""#),
        "{page}"
    );
    assert!(
        page.contains("<li>Uw identiteitskaart.</li>"),
        "lists: {page}"
    );
    let (s, page) = app.get_text("/info/afvalkalender").await;
    assert_eq!(s, 200);
    assert!(!page.contains("data-book"), "no appointment needed: {page}");
    let (s, _) = app.get_text("/info/bestaat-niet").await;
    assert_eq!(s, 404);
    // An admin edits: the new text is found at once, the old version is kept.
    let ctx = &app.server.ctx;
    let edit = ArticleInput {
        slug: "afvalkalender".into(),
        lang: "nl".into(),
        title: "Afvalkalender 2027".into(),
        summary: "Ophaaldagen per straat.".into(),
        body: "Nieuw: glas wordt tweewekelijks opgehaald.".into(),
        synonyms: "ophaling, glasbak".into(),
        appointment_type: None,
        active: true,
    };
    meldpunt_app::knowledge::service::save(ctx, None, edit.clone())
        .await
        .unwrap();
    assert_eq!(
        first_slug(&info(&app, "glasbak", "nl").await),
        "afvalkalender"
    );
    let versions = ctx.store.article_versions("afvalkalender").await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].title, "Afvalkalender 2027");
    assert_eq!(versions[1].title, "Afvalkalender en ophaling");
    // Taken offline: no longer found, no page.
    let off = ArticleInput {
        active: false,
        ..edit.clone()
    };
    meldpunt_app::knowledge::service::save(ctx, None, off)
        .await
        .unwrap();
    assert!(info(&app, "glasbak", "nl").await.is_empty());
    let (s, _) = app.get_text("/info/afvalkalender").await;
    assert_eq!(s, 404);
    // Refused: an unknown appointment type, a bad slug; nothing stored.
    let bad = ArticleInput {
        appointment_type: Some("paspoort".into()),
        ..edit.clone()
    };
    let e = meldpunt_app::knowledge::service::save(ctx, None, bad)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("appointment_type"));
    let bad = ArticleInput {
        slug: "../etc".into(),
        ..edit
    };
    let e = meldpunt_app::knowledge::service::save(ctx, None, bad)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("slug"));
    assert_eq!(
        ctx.store
            .article_versions("afvalkalender")
            .await
            .unwrap()
            .len(),
        3
    );
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// An editor writes an article in two languages on `/knowledge`; every version is listed with
/// who wrote it; agents and crews may not write; refusals come back by field.
#[tokio::test]
async fn an_editor_writes_the_knowledge_base_and_others_may_not() {
    use meldpunt_app::staff::Role;
    let app = TestApp::spawn().await;
    with_articles(&app).await;
    let editor = app.signed_in("redactie@stad.test", Role::Editor, &[]).await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let page = editor
        .get(app.url("/knowledge"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"data-article="uittreksel-strafregister""#),
        "{page}"
    );
    let article = |lang: &str, title: &str| {
        vec![
            ("slug", "Reispas".to_owned()),
            ("lang", lang.to_owned()),
            ("title", title.to_owned()),
            ("summary", "Voor reizen buiten Europa.".to_owned()),
            ("body", "Wat brengt u mee?\n- Een pasfoto.".to_owned()),
            ("synonyms", "paspoort, pas".to_owned()),
            ("appointment_type", "identiteitskaart".to_owned()),
            ("active", "1".to_owned()),
        ]
    };
    let post = |client: &reqwest::Client, form: Vec<(&'static str, String)>| {
        client
            .post(app.url("/knowledge/article"))
            .form(&form)
            .send()
    };
    let r = post(&editor, article("nl", "Reispas aanvragen"))
        .await
        .unwrap();
    assert_eq!(location(&r), "/knowledge?slug=reispas&lang=nl&saved=1");
    let r = post(&editor, article("fr", "Demander un passeport"))
        .await
        .unwrap();
    assert_eq!(location(&r), "/knowledge?slug=reispas&lang=fr&saved=1");
    let (_, hits) = app.get_json("/api/v1/info?q=paspoort&lang=nl").await;
    assert_eq!(hits[0]["slug"], "reispas", "{hits}");
    assert_eq!(hits[0]["appointment_type"], "identiteitskaart", "{hits}");
    let (_, hits) = app.get_json("/api/v1/info?q=passeport&lang=fr").await;
    assert_eq!(hits[0]["title"], "Demander un passeport", "{hits}");
    let page = editor
        .get(app.url("/knowledge?slug=reispas&lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("data-versions") && page.matches("Test user").count() >= 2,
        "{page}"
    );
    assert!(page.contains("Demander un passeport"), "{page}");
    // Refused by field; nothing stored.
    let mut bad = article("nl", "");
    bad[0].1 = "ander-artikel".into();
    let r = post(&editor, bad).await.unwrap();
    assert!(location(&r).contains("field=title"), "{}", location(&r));
    let mut bad = article("nl", "Iets");
    bad[6].1 = "bestaat-niet".into();
    let r = post(&editor, bad).await.unwrap();
    assert!(
        location(&r).contains("field=appointment_type"),
        "{}",
        location(&r)
    );
    // Agents read the knowledge base but do not write it.
    let r = post(&agent, article("nl", "Gewijzigd")).await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = agent.get(app.url("/knowledge")).send().await.unwrap();
    let page = r.text().await.unwrap();
    assert!(!page.contains("data-article="), "{page}");
    // An editor does nothing else.
    let r = editor
        .get(app.url("/api/v1/staff/queue"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

/// The admin sets the ContactCenter up on `/admin`: a topic under another, a service with
/// its openings, an appointment type, a closing day; bad input comes back by field; others
/// may not.
#[tokio::test]
async fn the_admin_sets_up_topics_services_types_and_closing_days() {
    use meldpunt_app::staff::Role;
    let app = TestApp::spawn().await;
    let admin_user = app.signed_in("beheer@stad.test", Role::Admin, &[]).await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let post = |client: &reqwest::Client, path: &str, form: &[(&str, &str)]| {
        client.post(app.url(path)).form(form).send()
    };
    let names = [
        ("name_nl", "Vraag"),
        ("name_fr", "Question"),
        ("name_en", "Question"),
    ];
    let mut topic = vec![("code", "vraag"), ("active", "1")];
    topic.extend(names);
    let r = post(&admin_user, "/admin/topic", &topic).await.unwrap();
    assert_eq!(location(&r), "/admin?saved=1");
    let mut sub = vec![
        ("code", "vraag-parkeren"),
        ("group", "vraag"),
        ("active", "1"),
        ("name_nl", "Parkeren"),
        ("name_fr", "Stationnement"),
        ("name_en", "Parking"),
    ];
    let r = post(&admin_user, "/admin/topic", &sub).await.unwrap();
    assert_eq!(location(&r), "/admin?saved=1");
    sub[0].1 = "Fout Code!";
    let r = post(&admin_user, "/admin/topic", &sub).await.unwrap();
    assert!(location(&r).contains("field=code"), "{}", location(&r));
    let mut service = vec![
        ("code", "omgevingsloket"),
        ("name_nl", "Omgevingsloket"),
        ("name_fr", "Guichet environnement"),
        ("name_en", "Environment desk"),
        ("openings", "mon-fri 09:00-12:00; wed 13:30-16:00"),
        ("horizon_days", "45"),
        ("active", "1"),
    ];
    let r = post(&admin_user, "/admin/service", &service).await.unwrap();
    assert_eq!(location(&r), "/admin?saved=1");
    service[4].1 = "maandag 9 tot 12";
    let r = post(&admin_user, "/admin/service", &service).await.unwrap();
    assert!(location(&r).contains("field=openings"), "{}", location(&r));
    let mut kind = vec![
        ("code", "bouwvraag"),
        ("service", "omgevingsloket"),
        ("name_nl", "Bouwvraag"),
        ("name_fr", "Question de construction"),
        ("name_en", "Building question"),
        ("minutes", "30"),
        ("places", "2"),
        ("active", "1"),
    ];
    let r = post(&admin_user, "/admin/appointment-type", &kind)
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin?saved=1");
    kind[5].1 = "2";
    let r = post(&admin_user, "/admin/appointment-type", &kind)
        .await
        .unwrap();
    assert!(location(&r).contains("field=minutes"), "{}", location(&r));
    let r = post(
        &admin_user,
        "/admin/closing-day",
        &[
            ("service", "omgevingsloket"),
            ("day", "2027-02-01"),
            ("label", "opleiding"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(location(&r), "/admin?saved=1");
    let r = post(
        &admin_user,
        "/admin/closing-day",
        &[("service", "omgevingsloket"), ("day", "1 februari")],
    )
    .await
    .unwrap();
    assert!(location(&r).contains("field=day"), "{}", location(&r));
    // What was saved, as the admin page shows it and the stores keep it.
    let page = admin_user
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-contactcenter-admin"), "{page}");
    assert!(
        page.contains("mon,tue,wed,thu,fri 09:00-12:00; wed 13:30-16:00"),
        "{page}"
    );
    assert!(page.contains("01/02/2027"), "{page}");
    let services = app.server.ctx.store.services().await.unwrap();
    let s = services
        .iter()
        .find(|s| s.code == "omgevingsloket")
        .unwrap();
    assert_eq!(s.schedule.horizon_days, 45);
    assert_eq!(s.types[0].shape.places, 2);
    let topics = app.server.ctx.store.topics().await.unwrap();
    assert!(topics
        .iter()
        .any(|t| t.code == "vraag-parkeren" && t.group.as_deref() == Some("vraag")));
    // Only admins.
    let r = post(&agent, "/admin/topic", &topic).await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
}
