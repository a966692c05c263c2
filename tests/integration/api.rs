//! The public JSON API: categories, submission, idempotency, reading, bbox, errors.

use meldpunt_tests::{report_json, TestApp};
use serde_json::{json, Value};

#[tokio::test]
async fn categories_are_listed_in_dutch_by_default_and_other_languages_on_request() {
    let app = TestApp::spawn().await;
    let (status, nl) = app.get_json("/api/v1/categories").await;
    assert_eq!(status, 200);
    let list = nl.as_array().unwrap();
    assert_eq!(list.len(), 11);
    let pothole = list.iter().find(|c| c["code"] == "road_damage").unwrap();
    assert_eq!(pothole["name"], "Wegdek beschadigd / put");
    assert_eq!(pothole["department"], "wegen");
    assert!(pothole["target_days"].as_i64().unwrap() > 0);
    let (_, fr) = app.get_json("/api/v1/categories?lang=fr").await;
    assert_eq!(fr[0]["name"], "Déchets non collectés");
    // A fresh client: `?lang=fr` above left a language cookie, which wins over the header.
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/categories"))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let en: Value = r.json().await.unwrap();
    assert_eq!(en[0]["name"], "Waste not collected");
    let (_, chosen) = app.get_json("/api/v1/categories").await;
    assert_eq!(
        chosen[0]["name"], "Déchets non collectés",
        "the chosen language sticks"
    );
}

#[tokio::test]
async fn a_valid_report_gets_a_reference_and_a_private_tracking_link() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(&report_json("road_damage", "Diepe put voor nummer 12"), &[])
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    assert!(
        reference.starts_with("M-20") && reference.len() == 13,
        "{reference}"
    );
    let token = receipt["tracking_token"].as_str().unwrap();
    assert!(token.len() >= 32, "at least 128 bits");
    assert_eq!(
        receipt["tracking_url"],
        format!("{}/track/{token}", app.base)
    );
    assert_eq!(receipt["status"], "new");

    let (status, report) = app.get_json(&format!("/api/v1/reports/{reference}")).await;
    assert_eq!(status, 200);
    assert_eq!(report["description"], "Diepe put voor nummer 12");
    assert_eq!(report["category"], "road_damage");
    assert_eq!(report["history"][0]["status"], "new");

    let (status, html) = app.get_text(&format!("/track/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(reference) && html.contains("Diepe put"),
        "tracking page shows the report"
    );
}

/// Starting a server builds its route list by running the app once, and Leptos keeps
/// every page's data from loading while any route list is being built in the process (a
/// process-wide switch): a page first asked for in that moment used to wait forever. The
/// route list is built once per process now, so a page asked for while other servers start
/// (as in this suite, and in an operator's restart within one process) still answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_while_another_server_starts_in_the_same_process() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(&report_json("road_damage", "Put bij de brug"), &[])
        .await;
    let path = format!("/track/{}", receipt["tracking_token"].as_str().unwrap());
    let starting = tokio::spawn(async {
        for _ in 0..20 {
            drop(TestApp::spawn().await);
        }
    });
    // Many requests at once, so that some start while a route list is being built.
    let asking = (0..12).map(|_| {
        let (client, url) = (app.client.clone(), app.url(&path));
        let starting = starting.abort_handle();
        tokio::spawn(async move {
            let mut asked = 0;
            while !starting.is_finished() || asked < 5 {
                let answer = tokio::time::timeout(
                    std::time::Duration::from_secs(10),
                    client.get(&url).send(),
                )
                .await
                .unwrap_or_else(|_| panic!("{url} did not answer within 10 s (request {asked})"))
                .expect("GET");
                assert_eq!(answer.status(), 200, "{url}");
                asked += 1;
            }
            asked
        })
    });
    let asked: usize = futures_util::future::join_all(asking)
        .await
        .into_iter()
        .map(|r| r.expect("every request answered"))
        .sum();
    assert!(asked >= 60, "{asked} requests");
    starting.await.expect("the other servers start");
}

#[tokio::test]
async fn references_count_up_per_year() {
    let app = TestApp::spawn().await;
    let a = app.submit_ok(&report_json("graffiti", "een"), &[]).await;
    let b = app.submit_ok(&report_json("graffiti", "twee"), &[]).await;
    let n = |r: &Value| r["ref"].as_str().unwrap()[7..].parse::<u32>().unwrap();
    assert_eq!(n(&b), n(&a) + 1);
}

#[tokio::test]
async fn contact_data_never_appears_in_public_json_or_html() {
    let app = TestApp::spawn().await;
    let mut body = report_json("illegal_dumping", "Zetel in de gracht");
    body["contact"] = json!({"name": "Griet Geheim", "email": "griet.geheim@example.be", "phone": "+32 470 12 34 56", "consent": true});
    let receipt = app.submit_ok(&body, &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    let token = receipt["tracking_token"].as_str().unwrap();
    let bbox = "/api/v1/reports?bbox=5.1,50.7,5.3,50.9";
    for path in [
        format!("/api/v1/reports/{reference}"),
        format!("/r/{reference}"),
        format!("/track/{token}"),
        bbox.to_owned(),
    ] {
        let (status, text) = app.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            text.contains(reference) && text.contains("Zetel in de gracht"),
            "{path} shows the report itself"
        );
        for secret in ["Griet", "Geheim", "griet.geheim", "470 12 34"] {
            assert!(!text.contains(secret), "{secret} leaked in {path}");
        }
    }
}

#[tokio::test]
async fn invalid_reports_get_a_clear_error_naming_the_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "   "}),
            422,
            "description",
        ),
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "x".repeat(4001)}),
            422,
            "description",
        ),
        (
            json!({"category": "road_damage", "lat": 95.0, "lon": 5.1, "description": "x"}),
            422,
            "lat",
        ),
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 500, "description": "x"}),
            422,
            "lon",
        ),
        (
            json!({"category": "no_such_thing", "lat": 50.8, "lon": 5.1, "description": "x"}),
            422,
            "category",
        ),
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "x", "contact": {"email": "nope"}}),
            422,
            "contact.email",
        ),
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "x", "status": "done"}),
            422,
            "report",
        ),
        (
            json!({"category": "road_damage", "lat": "50.8", "lon": 5.1, "description": "x"}),
            422,
            "report",
        ),
        (json!(["not", "an", "object"]), 422, "report"),
        // Outside the area the city serves: the middle of the ocean, Sydney, Leuven.
        (
            json!({"category": "road_damage", "lat": 0.0, "lon": 0.0, "description": "x"}),
            422,
            "location",
        ),
        (
            json!({"category": "road_damage", "lat": -33.8688, "lon": 151.2093, "description": "x"}),
            422,
            "location",
        ),
        (
            json!({"category": "road_damage", "lat": 50.8798, "lon": 4.7005, "description": "x"}),
            422,
            "location",
        ),
        // Addresses the mailer could not send to.
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "x", "contact": {"email": "a@x.org,b@x.org"}}),
            422,
            "contact.email",
        ),
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "x", "contact": {"email": "\"a b\"@x.org"}}),
            422,
            "contact.email",
        ),
        // Only invisible characters is nothing.
        (
            json!({"category": "road_damage", "lat": 50.8, "lon": 5.1, "description": "\u{200B}\u{202E}\u{FEFF}"}),
            422,
            "description",
        ),
    ];
    for (body, status, field) in cases {
        let r = app.submit(&body, &[], None).await;
        assert_eq!(r.status().as_u16(), status, "{body}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"], "validation");
        assert_eq!(e["field"], field, "{e}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
}

#[tokio::test]
async fn garbage_bodies_are_refused_with_json_errors() {
    let app = TestApp::spawn().await;
    // Not multipart at all.
    let r = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let e: Value = r.json().await.unwrap();
    assert!(e["error"].is_string());
    // Multipart without the report part.
    let form = reqwest::multipart::Form::new().text("other", "x");
    let r = app
        .client
        .post(app.url("/api/v1/reports"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // Broken multipart framing.
    let r = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n{\"a\":")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    // Report JSON that is not UTF-8 JSON.
    let form = reqwest::multipart::Form::new().part(
        "report",
        reqwest::multipart::Part::bytes(vec![0xff, 0xfe, 0x00]),
    );
    let r = app
        .client
        .post(app.url("/api/v1/reports"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
}

#[tokio::test]
async fn many_small_parts_a_repeated_report_and_an_oversize_field_are_refused_clearly() {
    let app = TestApp::spawn().await;
    let post = |form: reqwest::multipart::Form| {
        app.client
            .post(app.url("/api/v1/reports"))
            .multipart(form)
            .send()
    };
    // Ten thousand empty photo parts: cheap to send, each one work to read.
    let mut form = reqwest::multipart::Form::new()
        .text("report", report_json("road_damage", "put").to_string());
    for _ in 0..10_000 {
        form = form.part("photo", reqwest::multipart::Part::bytes(Vec::new()));
    }
    let r = post(form).await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["message"], "too many parts: at most 80");
    // Two report parts: which one would count?
    let form = reqwest::multipart::Form::new()
        .text("report", report_json("road_damage", "een").to_string())
        .text("report", report_json("graffiti", "twee").to_string());
    let r = post(form).await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["message"], "the `report` part is sent more than once");
    // A text field over its 8 KB says so (it said "larger than 0 MB").
    let form = reqwest::multipart::Form::new()
        .text("report", report_json("road_damage", "put").to_string())
        .text("note", "x".repeat(9 * 1024));
    let r = post(form).await.unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["message"], "a form field is larger than 8 KB");
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
}

#[tokio::test]
async fn an_oversized_request_is_refused_from_its_declared_length() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .header("content-length", "100000000")
        .body(vec![b'x'; 1024])
        .send()
        .await;
    // The server answers before reading the body; the client may see the answer or a reset.
    if let Ok(r) = r {
        assert_eq!(r.status().as_u16(), 413);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"], "too_large");
    }
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
}

#[tokio::test]
async fn the_same_idempotency_key_returns_the_first_answer_and_creates_nothing_new() {
    let app = TestApp::spawn().await;
    let body = report_json("street_lighting", "Lamp uit");
    let key = "key-6f1d9a0c2b7e";
    let first = app.submit(&body, &[], Some(key)).await;
    assert_eq!(first.status().as_u16(), 201);
    let first: Value = first.json().await.unwrap();
    let again = app.submit(&body, &[], Some(key)).await;
    assert_eq!(again.status().as_u16(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(app.server.store.count_reports().await.unwrap(), 1);
    // The database files hold neither the tracking token nor the key that could unseal it.
    let token = first["tracking_token"].as_str().unwrap();
    assert_eq!(token.len(), 40);
    for file in ["meldpunt.db", "meldpunt.db-wal"] {
        let bytes = std::fs::read(app.dir.path().join(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(token), "{file} holds the tracking token");
        assert!(!text.contains(key), "{file} holds the idempotency key");
    }

    let different = app
        .submit(
            &report_json("street_lighting", "Andere lamp"),
            &[],
            Some(key),
        )
        .await;
    assert_eq!(different.status().as_u16(), 409);
    let e: Value = different.json().await.unwrap();
    assert_eq!(e["error"], "conflict");
    assert_eq!(app.server.store.count_reports().await.unwrap(), 1);
}

#[tokio::test]
async fn concurrent_requests_with_one_idempotency_key_create_one_report() {
    let app = TestApp::spawn().await;
    let body = report_json("sidewalk", "Losse tegels");
    let photo = meldpunt_tests::fixture("orient3.jpg");
    let photos = [("a.jpg", photo)];
    let answers = futures_util::future::join_all(
        (0..8).map(|_| app.submit(&body, &photos, Some("same-key"))),
    )
    .await;
    let mut refs = Vec::new();
    for a in answers {
        assert_eq!(a.status().as_u16(), 201);
        let v: Value = a.json().await.unwrap();
        refs.push(v["ref"].as_str().unwrap().to_owned());
    }
    refs.dedup();
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert_eq!(app.server.store.count_reports().await.unwrap(), 1);
    // Only the winner's photo files remain: one display image and one thumbnail.
    assert_eq!(app.stored_files().await.len(), 2);
}

#[tokio::test]
async fn reports_in_a_box_come_as_geojson_with_public_fields() {
    let app = TestApp::spawn().await;
    app.submit_ok(&report_json("graffiti", "In het centrum"), &[])
        .await;
    // Within the city, west of the box asked for.
    let mut far = report_json("graffiti", "Aan de rand");
    far["lat"] = json!(50.8);
    far["lon"] = json!(5.07);
    app.submit_ok(&far, &[]).await;

    let (status, fc) = app.get_json("/api/v1/reports?bbox=5.1,50.7,5.3,50.9").await;
    assert_eq!(status, 200);
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    let f = &features[0];
    assert_eq!(f["geometry"]["coordinates"], json!([5.1866, 50.8166]));
    let reference = f["properties"]["ref"].as_str().unwrap();
    assert_eq!(f["properties"]["url"], format!("/r/{reference}"));

    let (_, open) = app
        .get_json("/api/v1/reports?bbox=5.1,50.7,5.3,50.9&status=closed")
        .await;
    assert_eq!(open["features"].as_array().unwrap().len(), 0);
    let (_, other_cat) = app
        .get_json("/api/v1/reports?bbox=5.1,50.7,5.3,50.9&category=noise")
        .await;
    assert_eq!(other_cat["features"].as_array().unwrap().len(), 0);

    for bad in [
        "",
        "?bbox=1,2,3",
        "?bbox=5.3,50.7,5.1,50.9",
        "?bbox=a,b,c,d",
        "?bbox=-20,40,20,60",
        "?bbox=5.1,50.7,5.3,50.9&status=maybe",
    ] {
        let (status, e) = app.get_json(&format!("/api/v1/reports{bad}")).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(e["error"], "validation");
    }
}

#[tokio::test]
async fn unknown_and_hidden_reports_answer_the_same_404() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("noise", "Lawaai"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    assert!(app.server.store.set_hidden(reference, true).await.unwrap());

    let (s1, hidden) = app.get_json(&format!("/api/v1/reports/{reference}")).await;
    let (s2, unknown) = app.get_json("/api/v1/reports/M-2020-999999").await;
    let (s3, garbage) = app.get_json("/api/v1/reports/..%2F..%2Fetc%2Fpasswd").await;
    assert_eq!((s1, s2, s3), (404, 404, 404));
    assert_eq!(hidden, unknown);
    assert_eq!(garbage, unknown);
    let (_, fc) = app.get_json("/api/v1/reports?bbox=5.1,50.7,5.3,50.9").await;
    assert_eq!(fc["features"].as_array().unwrap().len(), 0);
    let token = receipt["tracking_token"].as_str().unwrap();
    for page in [
        format!("/track/{token}"),
        format!("/r/{reference}"),
        "/r/M-2020-999999".to_owned(),
        "/track/nonsense".to_owned(),
    ] {
        let (status, html) = app.get_text(&page).await;
        assert_eq!(status, 404, "{page}");
        assert!(html.contains("bestaat niet"), "{page} says so in Dutch");
        assert!(
            !html.contains("Lawaai"),
            "{page} shows nothing of the hidden report"
        );
    }
    let (status, _) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    let form =
        reqwest::multipart::Form::new().text("report", report_json("noise", "x").to_string());
    let r = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("Sec-Fetch-Site", "cross-site")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = app
        .client
        .post(app.url("/crew/login"))
        .header("Origin", "https://evil.example")
        .form(&[("email", "a"), ("password", "b")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
}

#[tokio::test]
async fn contact_details_are_erased_a_year_after_the_report_is_closed() {
    let app = TestApp::spawn().await;
    let mut body = report_json("graffiti", "oud");
    body["contact"] = json!({"email": "oud@example.be"});
    let old = app.submit_ok(&body, &[]).await;
    let old_ref = old["ref"].as_str().unwrap();
    body["description"] = json!("open maar oud");
    let still_open = app.submit_ok(&body, &[]).await;
    let open_ref = still_open["ref"].as_str().unwrap();

    app.add_user(
        "crew@stad.test",
        meldpunt_app::staff::Role::Crew,
        "a long enough password",
    )
    .await;
    app.login("crew@stad.test", "a long enough password").await;
    app.crew_set_status(old_ref, "done", "", None).await;
    let store = &app.server.store;
    let two_years_ago = chrono::Utc::now() - chrono::Duration::days(730);
    app.hooks().backdate(old_ref, two_years_ago).await.unwrap();
    app.hooks().backdate(open_ref, two_years_ago).await.unwrap();

    let erased = meldpunt_app::service::apply_retention(&app.server.ctx)
        .await
        .unwrap();
    // The closed report's contact, and its reporter's follow (with the address) with it.
    assert_eq!(erased, 2);
    assert_eq!(store.report_contact(old_ref).await.unwrap(), None);
    assert_eq!(
        store
            .report_contact(open_ref)
            .await
            .unwrap()
            .unwrap()
            .email
            .as_deref(),
        Some("oud@example.be")
    );
    let (status, report) = app.get_json(&format!("/api/v1/reports/{old_ref}")).await;
    assert_eq!(
        (status, report["status"].as_str()),
        (200, Some("done")),
        "the report itself stays"
    );
}

#[tokio::test]
async fn a_flood_of_submissions_from_one_client_gets_429_with_retry_after() {
    let app = TestApp::spawn().await;
    // The burst (20) is judged on its content; the 21st within a minute is refused unread.
    for i in 0..20 {
        let r = app.submit(&json!({"garbage": true}), &[], None).await;
        assert_eq!(r.status().as_u16(), 422, "submission {} is judged", i + 1);
    }
    let r = app.submit(&json!({"garbage": true}), &[], None).await;
    assert_eq!(r.status().as_u16(), 429, "the 21st submission is refused");
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"], "rate_limited");
    let (status, _) = app.get_json("/api/v1/categories").await;
    assert_eq!(status, 200, "reading is not limited");
}

/// Posts a report that is judged and refused (422) unless the limit refuses it first (429).
async fn garbage_from(app: &TestApp, client: &reqwest::Client, forwarded: &str) -> u16 {
    let form = reqwest::multipart::Form::new().text("report", r#"{"garbage":true}"#);
    client
        .post(app.url("/api/v1/reports"))
        .header("X-Forwarded-For", forwarded)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let app = TestApp::spawn_configured(|c| {
        c.limits.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    // The proxy (127.0.0.1) forwards for two citizens.
    let proxy = app.new_client();
    for _ in 0..20 {
        assert_eq!(garbage_from(&app, &proxy, "198.51.100.1").await, 422);
    }
    assert_eq!(garbage_from(&app, &proxy, "198.51.100.1").await, 429);
    assert_eq!(
        garbage_from(&app, &proxy, "198.51.100.2").await,
        422,
        "another citizen behind the same proxy is not limited"
    );
    // A client that is not a trusted proxy cannot dodge the limit with forged headers.
    let direct = app.client_from("127.0.0.2");
    for i in 0..20 {
        assert_eq!(
            garbage_from(&app, &direct, &format!("203.0.113.{i}")).await,
            422
        );
    }
    assert_eq!(garbage_from(&app, &direct, "203.0.113.99").await, 429);
}

#[tokio::test]
async fn a_proxy_that_rewrites_host_still_gets_browser_posts_through() {
    let app = TestApp::spawn_with(None, Some("http://meldpunt.stad.test")).await;
    let post = |origin: &'static str| {
        app.client
            .post(app.url("/api/v1/reports"))
            .header("Host", "10.0.0.5:3000")
            .header("Origin", origin)
            .multipart(reqwest::multipart::Form::new().text(
                "report",
                report_json("road_damage", "Achter de proxy").to_string(),
            ))
            .send()
    };
    assert_eq!(
        post("http://meldpunt.stad.test")
            .await
            .unwrap()
            .status()
            .as_u16(),
        201,
        "the public URL's origin is this site's"
    );
    assert_eq!(
        post("https://evil.example")
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
}

#[tokio::test]
async fn demo_data_is_added_once_and_never_to_a_database_with_reports() {
    let app = TestApp::spawn().await;
    let store = &app.server.store;
    let added = meldpunt_server::demo::seed(&app.server.ctx, store.as_ref(), 20)
        .await
        .unwrap();
    assert_eq!(added, 20);
    assert_eq!(store.count_reports().await.unwrap(), 20);
    assert_eq!(
        meldpunt_server::demo::seed(&app.server.ctx, store.as_ref(), 20)
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.count_reports().await.unwrap(), 20);
    // The sample districts, with every demo report placed in one of them (the demo's reports
    // lie within the districts' box), spread over more than one.
    assert_eq!(store.districts().await.unwrap().len(), 16);
    let (_, geo) = app
        .get_json_as(
            &app.new_client(),
            "/api/v1/reports?bbox=5.05,50.72,5.35,50.90",
        )
        .await;
    let placed: std::collections::BTreeSet<String> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["properties"]["district"]
                .as_str()
                .unwrap_or("none")
                .to_owned()
        })
        .collect();
    assert!(!placed.contains("none") && placed.len() > 1, "{placed:?}");
    // A week of the ContactCenter, seeded once: some 600 contacts, call-backs answered on
    // time, late, or waiting.
    let now = chrono::Utc::now();
    let week = store
        .contact_tally(now - chrono::Duration::days(8), now, now)
        .await
        .unwrap();
    let contacts: u64 = week.hours.iter().map(|h| h.1).sum();
    assert!((500..900).contains(&contacts), "{contacts}");
    let h = &week.handovers;
    assert!(
        h.on_time > 0 && h.late > 0 && h.total > h.on_time + h.late,
        "{h:?}"
    );
    // Demo photos went through the real pipeline and are in the photo store.
    let keys = store.referenced_files().await.unwrap().photos;
    assert!(!keys.is_empty());
    for k in &keys {
        let bytes = app.server.ctx.photos.get(k).await.unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "{k} is a JPEG");
    }
    let r = app
        .login(
            meldpunt_server::demo::DEMO_CREW_EMAIL,
            meldpunt_server::demo::DEMO_CREW_PASSWORD,
        )
        .await;
    assert_eq!(
        r.headers()["location"],
        "/crew",
        "the demo crew account works"
    );
}

#[tokio::test]
async fn invisible_characters_that_reorder_or_hide_text_are_removed() {
    let app = TestApp::spawn().await;
    let mut body = report_json(
        "road_damage",
        "Put in de \u{202E}gew\u{202C} voor nr\u{200B} 12",
    );
    body["address"] = json!("Grote\u{2066} Markt\u{FEFF} 1");
    let receipt = app.submit_ok(&body, &[]).await;
    let report = app.report_of(&receipt).await;
    assert_eq!(report["description"], "Put in de gew voor nr 12");
    assert_eq!(report["address"], "Grote Markt 1");
}

#[tokio::test]
async fn the_health_and_readiness_probes_say_what_they_checked() {
    let app = TestApp::spawn().await;
    let (status, health) = app.get_json("/healthz").await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let (status, ready) = app.get_json("/readyz").await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["database"], "ok");
    let applied = ready["migrations"]["applied"].as_u64().unwrap();
    assert!(applied >= 1, "{ready}");
    assert_eq!(ready["migrations"]["known"].as_u64(), Some(applied));
    assert_eq!(ready["outbox"], "not configured");
    // With mail configured the worker runs, also while the mail server is down.
    let with_mail = TestApp::spawn_with_smtp(Some(meldpunt_tests::free_port())).await;
    let (status, ready) = with_mail.get_json("/readyz").await;
    assert_eq!(
        (status, ready["outbox"].as_str()),
        (200, Some("running")),
        "{ready}"
    );
    let r = with_mail.get("/readyz").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
}
