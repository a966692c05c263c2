//! Access and security through HTTP: the role × department × action matrix, cross-site
//! refusal, sessions, login throttling, cookies and the admin forms.

use meldpunt_app::staff::Role;
use meldpunt_tests::{report_json, report_with_email, TestApp, PASSWORD};
use serde_json::json;
#[tokio::test]
async fn the_role_department_action_matrix_holds() {
    let app = TestApp::spawn().await;
    let own = app
        .submit_ok(
            &report_with_email("road_damage", "Eigen", "m@example.org"),
            &[],
        )
        .await;
    let other = app
        .submit_ok(
            &report_with_email("graffiti", "Ander", "m@example.org"),
            &[],
        )
        .await;
    type Row = (Role, [(u16, bool, u16, u16, u16); 2]);
    let matrix: [Row; 7] = [
        (
            Role::Agent,
            [(200, true, 403, 403, 200), (200, true, 403, 403, 200)],
        ),
        (
            Role::Coordinator,
            [(200, true, 204, 204, 200), (404, false, 404, 404, 404)],
        ),
        (
            // The coordinator started its own report already: the crew may, but it is too late.
            Role::Crew,
            [(200, false, 403, 422, 403), (404, false, 404, 404, 403)],
        ),
        (
            Role::Planner,
            [(200, false, 403, 403, 403), (200, false, 403, 403, 403)],
        ),
        (
            Role::ComplaintsOfficer,
            [(200, false, 403, 403, 403), (200, false, 403, 403, 403)],
        ),
        (
            // Editors write the knowledge base; reports do not exist for them.
            Role::Editor,
            [(404, false, 404, 404, 403), (404, false, 404, 404, 403)],
        ),
        (
            Role::Admin,
            [(200, true, 204, 422, 200), (200, true, 204, 204, 200)],
        ),
    ];
    for (i, (role, cases)) in matrix.into_iter().enumerate() {
        let c = app
            .signed_in(&format!("u{i}@stad.test"), role, &["wegen"])
            .await;
        for (report, (read, contact, triage, field, follow)) in
            [&own, &other].into_iter().zip(cases)
        {
            let reference = report["ref"].as_str().unwrap();
            let (s, r) = app
                .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
                .await;
            assert_eq!(s, read, "{role:?} read {reference}");
            assert_eq!(
                r["contact"]["email"].is_string(),
                contact,
                "{role:?} contact {reference}"
            );
            let (s, _) = app
                .act(
                    &c,
                    reference,
                    json!({"action": "note", "internal": "gezien"}),
                )
                .await;
            assert_eq!(s, triage, "{role:?} triage {reference}");
            let (s, body) = app.act(&c, reference, json!({"action": "start"})).await;
            assert_eq!(s, field, "{role:?} field work {reference}: {body}");
            if s == 422 {
                // Allowed, but the report is already in progress: a workflow refusal.
                assert_eq!(body["field"], "status", "{role:?} field work {reference}");
            }
            let r = c
                .post(app.url("/api/v1/staff/intake"))
                .json(&json!({"channel": "phone", "category": "x", "description": "", "follow": reference,
                              "contact": {"phone": "011 22 33 44"}}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), follow, "{role:?} follow {reference}");
        }
    }
    let anonymous = app.new_client();
    let (s, _) = app
        .get_json_as(
            &anonymous,
            &format!("/api/v1/staff/reports/{}", own["ref"].as_str().unwrap()),
        )
        .await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn cross_site_state_changes_are_refused_on_forms_apis_and_server_functions() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("graffiti", "Tag"), &[]).await;
    let c = app
        .signed_in("c@stad.test", Role::Coordinator, &["netheid"])
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    for (path, body) in [
        (
            format!("/api/v1/staff/reports/{reference}/actions"),
            r#"{"action":"accept"}"#.to_owned(),
        ),
        ("/logout".to_owned(), String::new()),
        ("/api/signed_in_user".to_owned(), String::new()),
        ("/complaint".to_owned(), String::new()),
        (
            "/complaints/K-2026-000001/act".to_owned(),
            "action=close".to_owned(),
        ),
    ] {
        for (h, v) in [
            ("Origin", "https://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ] {
            let r = c
                .post(app.url(&path))
                .header(h, v)
                .header("Content-Type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 403, "{path} with {h}: {v}");
        }
    }
    let (_, r) = app
        .get_json_as(&c, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    assert_eq!(r["status"], "new", "nothing changed");
}

fn session_of(r: &reqwest::Response) -> String {
    r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn sessions_rotate_at_login_end_at_logout_and_die_when_the_user_is_disabled() {
    let app = TestApp::spawn().await;
    app.add_staff("c@stad.test", Role::Coordinator, PASSWORD, &["wegen"])
        .await;
    let raw = |cookie: String| {
        let app_url = app.url("/api/v1/staff/me");
        async move {
            reqwest::Client::new()
                .get(app_url)
                .header("Cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let c = app.new_client();
    let first = session_of(&app.login_as(&c, "c@stad.test", PASSWORD).await);
    let second = session_of(&app.login_as(&c, "c@stad.test", PASSWORD).await);
    assert_ne!(first, second, "a new session id at every login");
    assert_eq!(
        raw(first.clone()).await,
        401,
        "the old session was ended at the new login"
    );
    assert_eq!(raw(second.clone()).await, 200);
    let r = c.post(app.url("/logout")).send().await.unwrap();
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        raw(second).await,
        401,
        "logout destroys the session server-side"
    );

    let third = session_of(&app.login_as(&c, "c@stad.test", PASSWORD).await);
    assert_eq!(raw(third.clone()).await, 200);
    meldpunt_app::office::admin::update_user(
        &app.server.ctx,
        None,
        "c@stad.test",
        None,
        None,
        Some(false),
    )
    .await
    .unwrap();
    assert_eq!(raw(third).await, 401, "disabling ends the session at once");
    let r = app.login_as(&c, "c@stad.test", PASSWORD).await;
    assert!(
        r.headers()["location"].to_str().unwrap().contains("error"),
        "a disabled user cannot sign in"
    );
}

#[tokio::test]
async fn failed_sign_ins_lock_out_that_address_not_the_owner_elsewhere() {
    let app = TestApp::spawn().await;
    app.add_staff("c@stad.test", Role::Coordinator, PASSWORD, &["wegen"])
        .await;
    app.add_staff("d@stad.test", Role::Coordinator, PASSWORD, &["wegen"])
        .await;
    for i in 0..4 {
        // A fresh client each time, from one address: no cookie ties the attempts together.
        let r = app
            .login_as(
                &app.client_from("127.0.0.2"),
                "c@stad.test",
                &format!("wrong {i}"),
            )
            .await;
        assert_eq!(r.headers()["location"], "/login?error=login");
    }
    let r = app
        .login_as(&app.client_from("127.0.0.2"), "C@stad.test", "wrong again")
        .await;
    assert_eq!(r.status().as_u16(), 429, "the fifth failure locks");
    let r = app
        .login_as(&app.client_from("127.0.0.2"), "c@stad.test", PASSWORD)
        .await;
    assert_eq!(
        r.status().as_u16(),
        429,
        "even the right password waits there"
    );
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 800 && retry <= 900, "{retry}");
    let r = app
        .login_as(&app.client_from("127.0.0.2"), "d@stad.test", PASSWORD)
        .await;
    assert_eq!(r.status().as_u16(), 303, "another account is not affected");
    let r = app
        .login_as(&app.new_client(), "c@stad.test", PASSWORD)
        .await;
    assert_eq!(r.status().as_u16(), 303, "the owner elsewhere signs in");
    // An administrator lifts the lock.
    let lifted = meldpunt_app::signin::unlock(&app.server.ctx, "c@stad.test")
        .await
        .unwrap();
    assert_eq!(lifted, 1);
    let r = app
        .login_as(&app.client_from("127.0.0.2"), "c@stad.test", PASSWORD)
        .await;
    assert_eq!(r.status().as_u16(), 303, "unlocked");
}

#[tokio::test]
async fn an_attack_from_many_addresses_leaves_the_owner_at_a_known_address_in() {
    let app = TestApp::spawn().await;
    app.add_staff("c@stad.test", Role::Coordinator, PASSWORD, &["wegen"])
        .await;
    // The owner signed in from here before.
    let r = app
        .login_as(&app.client_from("127.0.0.1"), "c@stad.test", PASSWORD)
        .await;
    assert_eq!(r.status().as_u16(), 303);
    // Thirty failures from six addresses, five each (each address is then locked).
    for host in 10..16 {
        for i in 0..5 {
            let r = app
                .login_as(
                    &app.client_from(&format!("127.0.0.{host}")),
                    "c@stad.test",
                    &format!("guess {i}"),
                )
                .await;
            assert!(matches!(r.status().as_u16(), 303 | 429));
        }
    }
    let r = app
        .login_as(&app.client_from("127.0.0.99"), "c@stad.test", PASSWORD)
        .await;
    assert_eq!(r.status().as_u16(), 429, "a new address is refused for now");
    let body = r.text().await.unwrap();
    assert!(body.contains("new addresses"), "{body}");
    let r = app
        .login_as(&app.client_from("127.0.0.1"), "c@stad.test", PASSWORD)
        .await;
    assert_eq!(
        r.status().as_u16(),
        303,
        "the owner's known address still works"
    );
}

#[tokio::test]
async fn one_address_may_try_twenty_sign_ins_at_once_then_waits() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        // Twenty different accounts: no account's own lock plays a part.
        let r = app
            .login_as(
                &app.client_from("127.0.0.3"),
                &format!("x{i}@stad.test"),
                "wrong",
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "attempt {i}");
    }
    let r = app
        .login_as(&app.client_from("127.0.0.3"), "y@stad.test", "wrong")
        .await;
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let body = r.text().await.unwrap();
    assert!(body.contains("sign-in attempts"), "{body}");
    let r = app
        .login_as(&app.client_from("127.0.0.4"), "y@stad.test", "wrong")
        .await;
    assert_eq!(r.status().as_u16(), 303, "another address is not affected");
}

#[tokio::test]
async fn over_https_the_session_cookie_is_host_prefixed_secure_httponly_and_lax() {
    let app = TestApp::spawn_with(None, Some("https://meldpunt.example.be")).await;
    app.add_staff("c@stad.test", Role::Coordinator, PASSWORD, &["wegen"])
        .await;
    let r = app
        .login_as(&app.new_client(), "c@stad.test", PASSWORD)
        .await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-meldpunt_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert!(!cookie.contains("Domain"), "__Host- cookies have no Domain");
}

#[tokio::test]
async fn only_an_admin_manages_users_through_the_admin_forms_and_a_disabled_user_is_out() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@stad.test", Role::Admin, &[]).await;
    let coordinator = app
        .signed_in("c@stad.test", Role::Coordinator, &["wegen"])
        .await;
    let form = [
        ("email", "nieuw@stad.test"),
        ("name", "Nieuwe agent"),
        ("password", "een lang genoeg wachtwoord"),
        ("role", "agent"),
        ("department", "wegen"),
        ("department", "groen"),
    ];
    let r = coordinator
        .post(app.url("/admin/user/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = admin
        .post(app.url("/admin/user/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/admin?saved=1");
    let newcomer = app.new_client();
    assert_eq!(
        app.login_as(&newcomer, "nieuw@stad.test", "een lang genoeg wachtwoord")
            .await
            .headers()["location"],
        "/intake"
    );
    let (_, me) = app.get_json_as(&newcomer, "/api/v1/staff/me").await;
    assert_eq!(me["departments"], json!(["groen", "wegen"]));
    let r = admin
        .post(app.url("/admin/user"))
        .form(&[("email", "nieuw@stad.test"), ("role", "agent")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/admin?saved=1");
    assert_eq!(
        app.get_json_as(&newcomer, "/api/v1/staff/me").await.0,
        401,
        "disabled: session ended"
    );
    let r = admin
        .post(app.url("/admin/category"))
        .form(&[
            ("code", "graffiti"),
            ("name_nl", "Graffiti"),
            ("name_fr", "Graffiti"),
            ("name_en", "Graffiti"),
            ("department", "wegen"),
            ("target_days", "0"),
            ("icon", "🎨"),
            ("active", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("field=target_days"));
    let r = admin
        .post(app.url("/admin/category"))
        .form(&[
            ("code", "graffiti"),
            ("name_nl", "Graffiti"),
            ("name_fr", "Graffiti"),
            ("name_en", "Graffiti"),
            ("department", "wegen"),
            ("target_days", "7"),
            ("icon", "🎨"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/admin?saved=1");
    let (_, cats) = app.get_json("/api/v1/categories").await;
    assert!(
        !cats
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "graffiti"),
        "inactive categories are not offered"
    );
}

#[tokio::test]
async fn only_planners_coordinators_and_admins_use_the_planners_map_statistics_and_exports() {
    let app = TestApp::spawn().await;
    app.submit_ok(&report_json("road_damage", "Put"), &[]).await;
    let paths = [
        "/api/v1/staff/planner/clusters?bbox=5.1,50.7,5.3,50.9&zoom=12",
        "/api/v1/staff/planner/export.csv",
    ];
    for (i, (role, allowed)) in [
        (Role::Planner, true),
        (Role::Coordinator, true),
        (Role::Admin, true),
        (Role::Agent, false),
        (Role::Crew, false),
        (Role::ComplaintsOfficer, false),
    ]
    .into_iter()
    .enumerate()
    {
        let c = app
            .signed_in(&format!("p{i}@stad.test"), role, &["wegen"])
            .await;
        for path in paths {
            let r = c.get(app.url(path)).send().await.unwrap();
            let expected = if allowed { 200 } else { 403 };
            assert_eq!(r.status().as_u16(), expected, "{role:?} {path}");
        }
        // The staff bar offers the planners' pages to exactly these roles.
        let r = c.get(app.url("/search")).send().await.unwrap();
        let page = r.text().await.unwrap();
        assert!(
            page.contains("class=\"staffbar\""),
            "{role:?} sees a staff page"
        );
        assert_eq!(
            page.contains("href=\"/planner\""),
            allowed,
            "{role:?} planner link"
        );
    }
}
