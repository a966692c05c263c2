//! Standard replies: kept by admins on the admin page (checked as typed, only by admins),
//! offered on a report's page for the notes to its reporter: those of its category and the
//! general ones, the reporter's language first; hostile text stays text.

use meldpunt_app::staff::Role;
use meldpunt_tests::{report_json, TestApp};

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    pairs: &[(&str, &str)],
) -> (u16, String) {
    let r = c.post(app.url(path)).form(pairs).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location)
}

/// The ids of the replies the admin page lists, in its order.
fn reply_ids(admin_page: &str) -> Vec<String> {
    admin_page
        .split("action=\"/admin/reply/remove\"")
        .skip(1)
        .filter_map(|s| s.split("name=\"id\" value=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn admins_keep_standard_replies_and_a_report_offers_those_that_fit_it() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@stad.test", Role::Admin, &[]).await;
    let add =
        |category: &'static str, lang: &'static str, title: &'static str, body: &'static str| {
            let admin = admin.clone();
            let app = &app;
            async move {
                post(
                    app,
                    &admin,
                    "/admin/reply",
                    &[
                        ("category", category),
                        ("lang", lang),
                        ("title", title),
                        ("body", body),
                    ],
                )
                .await
            }
        };
    for (category, lang, title, body) in [
        (
            "road_damage",
            "nl",
            "Herstel gepland",
            "We herstellen de put deze week.\r\nDank voor uw melding.",
        ),
        ("", "fr", "Merci", "Merci pour votre signalement."),
        (
            "street_lighting",
            "nl",
            "Lamp besteld",
            "De lamp is besteld.",
        ),
        ("", "nl", "Hostile", "</script><script>alert(1)</script>"),
    ] {
        let (status, location) = add(category, lang, title, body).await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/admin?saved=1"),
            "{title}"
        );
    }
    // Garbage is refused with the field it concerns, and nothing is stored.
    let long = "x".repeat(2001);
    for (pairs, field) in [
        (
            vec![
                ("category", "no_such"),
                ("lang", "nl"),
                ("title", "t"),
                ("body", "b"),
            ],
            "category",
        ),
        (
            vec![
                ("category", ""),
                ("lang", "de"),
                ("title", "t"),
                ("body", "b"),
            ],
            "lang",
        ),
        (
            vec![
                ("category", ""),
                ("lang", "nl"),
                ("title", "  "),
                ("body", "b"),
            ],
            "title",
        ),
        (
            vec![
                ("category", ""),
                ("lang", "nl"),
                ("title", "a\u{1b}[2J"),
                ("body", "b"),
            ],
            "title",
        ),
        (
            vec![
                ("category", ""),
                ("lang", "nl"),
                ("title", "t"),
                ("body", long.as_str()),
            ],
            "body",
        ),
        (vec![("category", "")], "lang"),
    ] {
        let (status, location) = post(&app, &admin, "/admin/reply", &pairs).await;
        assert_eq!(status, 303, "{pairs:?}");
        assert!(
            location.contains(&format!("field={field}")),
            "{pairs:?}: {location}"
        );
    }
    let (_, page) = app.get_text_as(&admin, "/admin").await;
    let ids = reply_ids(&page);
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(
        page.contains("&lt;/script&gt;&lt;script&gt;alert(1)"),
        "the admin page shows it as text"
    );

    // A road report of a Dutch reporter: its category's and the general replies, Dutch first.
    let receipt = app
        .submit_ok(&report_json("road_damage", "Put in de rijweg"), &[])
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let coordinator = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let (status, page) = app
        .get_text_as(&coordinator, &format!("/staff/r/{reference}"))
        .await;
    assert_eq!(status, 200);
    let picker = page
        .split("data-reply-fill")
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap();
    let offered: Vec<&str> = picker
        .split("<option value=\"")
        .skip(2)
        .filter_map(|o| o.split('>').nth(1)?.split('<').next())
        .collect();
    assert_eq!(
        offered,
        ["NL · Herstel gepland", "NL · Hostile", "FR · Merci"]
    );
    let data = page
        .split("id=\"standard-replies\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    assert!(
        data.contains("We herstellen de put deze week.\\nDank voor uw melding."),
        "{data}"
    );
    assert!(
        !data.contains('<'),
        "the data block cannot be closed from inside: {data}"
    );
    assert!(!picker.contains("Lamp besteld") && !data.contains("De lamp is besteld"));

    // Only admins keep them.
    let (status, _) = post(
        &app,
        &coordinator,
        "/admin/reply",
        &[
            ("category", ""),
            ("lang", "nl"),
            ("title", "t"),
            ("body", "b"),
        ],
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = post(
        &app,
        &coordinator,
        "/admin/reply/remove",
        &[("id", &ids[0])],
    )
    .await;
    assert_eq!(status, 403);

    // Removed, it is offered no more; removing it twice finds nothing.
    for id in &ids {
        let (status, location) = post(&app, &admin, "/admin/reply/remove", &[("id", id)]).await;
        assert_eq!((status, location.as_str()), (303, "/admin?saved=1"));
    }
    let (status, _) = post(&app, &admin, "/admin/reply/remove", &[("id", &ids[0])]).await;
    assert_eq!(status, 404);
    let (status, location) = post(&app, &admin, "/admin/reply/remove", &[("id", "een")]).await;
    assert!(
        status == 303 && location.contains("field=id"),
        "{status} {location}"
    );
    let (_, page) = app
        .get_text_as(&coordinator, &format!("/staff/r/{reference}"))
        .await;
    assert!(!page.contains("data-reply-fill"));
}
