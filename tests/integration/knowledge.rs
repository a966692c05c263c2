//! The knowledge base through HTTP: search as you type in the page's language (synonyms,
//! prefixes, typos), the public pages with their booking link, editing with every version
//! kept, and refusals.

use chrono::NaiveTime;
use meldpunt_app::appointment::domain::{AppointmentType, Opening, SlotShape};
use meldpunt_app::i18n::Names;
use meldpunt_app::knowledge::domain::ArticleInput;
use meldpunt_app::office::admin;
use meldpunt_app::port::ServiceInput;
use meldpunt_tests::TestApp;
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
