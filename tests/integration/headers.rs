//! What every answer tells the browser: the Content-Security-Policy (pages: one nonce for the
//! one inline script), framing, permissions, HSTS over https, and caching of personal pages;
//! server functions' error statuses; hidden reports' photos.

use leptos::server_fn::ServerFn;
use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_json, TestApp};
use reqwest::header::HeaderMap;

/// Where a server function answers.
fn path_of<F: ServerFn>() -> &'static str {
    F::PATH
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The headers every answer must carry, whatever it is.
fn assert_guarded(what: &str, h: &HeaderMap, https: bool) {
    let csp = header(h, "content-security-policy");
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{what}: CSP {csp:?} lacks {part}");
    }
    assert!(
        !csp.contains("script-src 'self' 'unsafe-inline'"),
        "{what}: {csp}"
    );
    assert!(!csp.contains("'unsafe-eval'"), "{what}: {csp}");
    assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(h, "x-frame-options"), "DENY", "{what}");
    let permissions = header(h, "permissions-policy");
    assert!(
        permissions.contains("geolocation=(self)") && permissions.contains("camera=(self)"),
        "{what}: {permissions:?}"
    );
    assert_eq!(
        h.contains_key("strict-transport-security"),
        https,
        "{what}: HSTS only over https"
    );
}

#[tokio::test]
async fn every_route_group_answers_with_the_security_headers() {
    let app = TestApp::spawn_configured(|c| c.limits.submit_per_hour = 1).await;
    let receipt = app
        .submit_ok(
            &report_json("road_damage", "Put"),
            &[("p.jpg", fixture("small-gps.jpg"))],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let token = receipt["tracking_token"].as_str().unwrap();
    let photo = app.report_of(&receipt).await["photos"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let staff = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let anonymous = app.new_client();
    let get = |client: &reqwest::Client, path: &str| client.get(app.url(path)).send();
    let post = |client: &reqwest::Client, path: &str| {
        client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
    };
    let answers = [
        ("report form", get(&anonymous, "/").await.unwrap(), 200),
        (
            "public report page",
            get(&anonymous, &format!("/r/{reference}")).await.unwrap(),
            200,
        ),
        (
            "tracking page",
            get(&anonymous, &format!("/track/{token}")).await.unwrap(),
            200,
        ),
        ("staff page", get(&staff, "/queue").await.unwrap(), 200),
        (
            "JSON API",
            get(&anonymous, "/api/v1/categories").await.unwrap(),
            200,
        ),
        ("photo", get(&anonymous, &photo).await.unwrap(), 200),
        (
            "unknown file",
            get(&anonymous, "/nothing-here.js").await.unwrap(),
            404,
        ),
        (
            "server function",
            post(
                &anonymous,
                path_of::<meldpunt_app::report::api::ListCategories>(),
            )
            .await
            .unwrap(),
            200,
        ),
        (
            "server function, signed out",
            post(
                &anonymous,
                path_of::<meldpunt_app::office::api::OfficeOptions>(),
            )
            .await
            .unwrap(),
            401,
        ),
        (
            "cross-site post",
            anonymous
                .post(app.url("/api/v1/reports"))
                .header("origin", "https://evil.example")
                .send()
                .await
                .unwrap(),
            403,
        ),
        (
            "rate limited",
            app.submit(&report_json("road_damage", "Nog een"), &[], None)
                .await,
            429,
        ),
    ];
    for (what, r, status) in answers {
        assert_eq!(r.status().as_u16(), status, "{what}");
        assert_guarded(what, r.headers(), false);
        let cache = header(r.headers(), "cache-control").to_owned();
        let private = matches!(what, "tracking page" | "staff page");
        assert_eq!(cache == "private, no-store", private, "{what}: {cache}");
        let is_page = header(r.headers(), "content-type").starts_with("text/html");
        let csp = header(r.headers(), "content-security-policy").to_owned();
        let body = r.text().await.unwrap();
        if is_page {
            // The hydration script runs by the nonce the policy names, and nothing else inline.
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|n| n.split('\'').next())
                .unwrap_or_else(|| panic!("{what}: no nonce in {csp}"));
            assert!(nonce.len() >= 16, "{what}: {nonce}");
            assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{what}");
            assert!(!body.contains(" onclick="), "{what}: inline handler");
            for script in body.split("<script").skip(1) {
                let tag = script.split('>').next().unwrap_or_default();
                let inline_code = !tag.contains("src=") && !tag.contains("application/json");
                assert!(!inline_code || tag.contains(nonce), "{what}: <script{tag}>");
            }
        } else {
            assert!(!csp.contains("'nonce-"), "{what}: {csp}");
        }
    }
    // Over https, every answer also pins https.
    let secure = TestApp::spawn_with(None, Some("https://meldpunt.stad.test")).await;
    for path in ["/", "/api/v1/categories", "/nothing-here.js"] {
        let r = secure.get(path).await;
        assert_guarded(path, r.headers(), true);
        assert_eq!(
            header(r.headers(), "strict-transport-security"),
            "max-age=31536000"
        );
    }
}

#[tokio::test]
async fn server_functions_answer_with_the_status_their_error_means() {
    let app = TestApp::spawn().await;
    let call = |path: &str, body: &str| {
        app.client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
    };
    for (path, body, status, kind) in [
        (
            path_of::<meldpunt_app::office::api::OfficeOptions>(),
            "",
            401,
            "unauthorized",
        ),
        (
            path_of::<meldpunt_app::report::api::GetReport>(),
            "reference=M-2026-999999",
            404,
            "not_found",
        ),
        (
            path_of::<meldpunt_app::report::api::NearbyOpenReports>(),
            "category=road_damage&lat=999&lon=5",
            422,
            "validation",
        ),
        (
            path_of::<meldpunt_app::report::api::ListCategories>(),
            "",
            200,
            "",
        ),
    ] {
        let r = call(path, body).await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        if !kind.is_empty() {
            let e: serde_json::Value = r.json().await.unwrap();
            assert_eq!(e["error"], kind, "{path}: {e}");
        }
    }
}

#[tokio::test]
async fn a_hidden_reports_photos_are_gone_for_the_public_and_kept_for_staff() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(
            &report_json("road_damage", "Put"),
            &[("p.jpg", fixture("small-gps.jpg"))],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let view = app.report_of(&receipt).await;
    let urls = [
        view["photos"][0]["url"].as_str().unwrap().to_owned(),
        view["photos"][0]["thumbnail_url"]
            .as_str()
            .unwrap()
            .to_owned(),
    ];
    let staff = app
        .signed_in("co@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let anonymous = app.new_client();
    for url in &urls {
        let r = anonymous.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{url}");
        assert_eq!(header(r.headers(), "content-type"), "image/jpeg");
        // Cached a short while, then asked again: hiding takes effect within ten minutes.
        let cache = header(r.headers(), "cache-control").to_owned();
        assert_eq!(cache, "public, max-age=600, must-revalidate", "{url}");
        assert!(!cache.contains("immutable"));
        let etag = header(r.headers(), "etag").to_owned();
        let again = anonymous
            .get(app.url(url))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{url}");
    }
    assert!(app.server.store.set_hidden(reference, true).await.unwrap());
    for url in &urls {
        let r = anonymous.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{url} once hidden");
        let r = staff.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), 200, "staff still see {url}");
        assert_eq!(header(r.headers(), "cache-control"), "private, no-store");
    }
    // Guessed, hostile and foreign keys are 404 like unknown ones.
    for url in [
        "/photos/ab/0000000000000000000000000000000000000000.jpg",
        "/photos/../meldpunt.db",
        "/photos/..%2F..%2Fmeldpunt.db/x.jpg",
        "/photos/ab/x.png",
        "/photos/meldpunt.lock",
    ] {
        let r = anonymous.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{url}");
    }
    assert!(app.server.store.set_hidden(reference, false).await.unwrap());
    let r = anonymous.get(app.url(&urls[0])).send().await.unwrap();
    assert_eq!(r.status(), 200, "shown again");
}

#[tokio::test]
async fn an_unknown_address_gets_the_sites_not_found_page_in_its_language() {
    let mut site = std::path::PathBuf::new();
    let app = TestApp::spawn_configured(|c| site = c.site_root.clone()).await;
    for (path, heading) in [
        ("/no-such-page", "Deze pagina bestaat niet"),
        ("/oud/pad/naar/iets?lang=fr", "Cette page n'existe pas"),
        ("/pkg/missing.js?lang=en", "This page does not exist"),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), 404, "{path}");
        let h = r.headers().clone();
        assert!(
            header(&h, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert!(
            header(&h, "content-security-policy").contains("nonce-"),
            "{path}: the page's own policy"
        );
        let html = r.text().await.unwrap();
        assert!(html.contains(heading), "{path}: {html}");
        // In the site's layout, with the ways on.
        assert!(html.contains("class=\"topbar\""), "{path}");
        assert!(html.contains("href=\"/kaart\""), "{path}");
    }
    // A path that is a real file is still the file.
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("robots.txt"), "User-agent: *\n").unwrap();
    let (status, body) = app.get_text("/robots.txt").await;
    assert_eq!((status, body.as_str()), (200, "User-agent: *\n"));
}

#[tokio::test]
async fn citizens_pages_leave_out_the_staff_scripts_and_staff_pages_load_them() {
    let app = TestApp::spawn().await;
    let scripts = |html: &str| -> Vec<String> {
        html.split("<script src=\"")
            .skip(1)
            .filter_map(|s| s.split('?').next())
            .map(str::to_owned)
            .collect()
    };
    let (status, form) = app.get_text("/").await;
    assert_eq!(status, 200);
    let public = scripts(&form);
    assert!(public.contains(&"/js/report.js".to_owned()), "{public:?}");
    assert!(public.contains(&"/meldpunt.js".to_owned()), "{public:?}");
    for staff_only in ["/js/intake.js", "/js/crew.js", "/js/contact.js"] {
        assert!(
            !public.contains(&staff_only.to_owned()),
            "{staff_only} on the form: {public:?}"
        );
    }
    let crew = app
        .signed_in("ploeg@stad.test", Role::Crew, &["wegen"])
        .await;
    let (status, page) = app.get_text_as(&crew, "/crew").await;
    assert_eq!(status, 200);
    let staff = scripts(&page);
    for staff_only in ["/js/intake.js", "/js/crew.js", "/js/contact.js"] {
        assert!(
            staff.contains(&staff_only.to_owned()),
            "{staff_only} missing for a crew: {staff:?}"
        );
    }
    assert_eq!(staff.last().map(String::as_str), Some("/meldpunt.js"));
}

#[tokio::test]
async fn only_pages_with_an_island_load_the_wasm_bundle() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(&report_json("road_damage", "Put in de stoep"), &[])
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let crew = app
        .signed_in("ploeg@stad.test", Role::Crew, &["wegen"])
        .await;
    let planner = app.signed_in("plan@stad.test", Role::Planner, &[]).await;
    let anonymous = app.new_client();
    let mut islands = 0;
    for (client, path) in [
        (&anonymous, "/".to_owned()),
        (&anonymous, "/?lang=fr".to_owned()),
        (&anonymous, "/kaart".to_owned()),
        (&anonymous, format!("/r/{reference}")),
        (&anonymous, "/complaint".to_owned()),
        (&anonymous, "/login".to_owned()),
        (&anonymous, "/info".to_owned()),
        (&anonymous, "/appointments".to_owned()),
        (&anonymous, "/cijfers".to_owned()),
        (&anonymous, "/mijn-meldingen".to_owned()),
        (&anonymous, "/buurt".to_owned()),
        (&anonymous, "/no-such-page".to_owned()),
        (&crew, "/crew".to_owned()),
        (&crew, format!("/crew/r/{reference}")),
        (&planner, "/planner".to_owned()),
        (&planner, "/planner/stats".to_owned()),
    ] {
        let (_, html) = app.get_text_as(client, &path).await;
        let island = html.contains("<leptos-island");
        let wasm = html.contains(".wasm");
        assert_eq!(island, wasm, "{path}: island {island}, wasm {wasm}");
        islands += usize::from(island);
    }
    assert_eq!(islands, 2, "the form, in both languages");
}

#[tokio::test]
async fn the_app_manifest_speaks_the_language_of_the_page_that_links_it() {
    let app = TestApp::spawn().await;
    let (_, page) = app.get_text("/?lang=fr").await;
    assert!(
        page.contains("href=\"/manifest.webmanifest?lang=fr\""),
        "the French page links the French manifest"
    );
    for (query, accept, name, tag) in [
        ("?lang=fr", "nl-BE", "Point de signalement", "fr-BE"),
        ("?lang=en", "fr-BE", "Report point", "en"),
        ("", "fr-BE,fr;q=0.9", "Point de signalement", "fr-BE"),
        ("?lang=xx", "nl-BE", "Meldpunt", "nl-BE"),
        ("?lang=%3Cscript%3E", "", "Meldpunt", "nl-BE"),
    ] {
        let r = app
            .new_client()
            .get(app.url(&format!("/manifest.webmanifest{query}")))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{query}");
        assert_eq!(r.headers()["content-type"], "application/manifest+json");
        let m: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            (m["name"].as_str(), m["lang"].as_str()),
            (Some(name), Some(tag)),
            "{query} {accept}"
        );
        assert_eq!(m["start_url"], "/?source=app");
        assert!(m["icons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["purpose"] == "maskable"));
    }
}
