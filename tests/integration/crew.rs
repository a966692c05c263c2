//! Crew sign-in and status changes, seen on the tracking page.

use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_json, TestApp};

const PASSWORD: &str = "a long enough password";

#[tokio::test]
async fn crew_marks_a_report_done_with_a_note_and_after_photo_and_the_citizen_sees_it() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(&report_json("road_damage", "Put in de weg"), &[])
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let token = receipt["tracking_token"].as_str().unwrap();
    app.add_user("crew@stad.test", Role::Crew, PASSWORD).await;
    app.assign_to_crew(reference, "wegen", &["crew@stad.test"])
        .await;

    let r = app.login("crew@stad.test", PASSWORD).await;
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let (status, list) = app.get_text("/crew").await;
    assert_eq!(status, 200);
    assert!(list.contains(reference), "work list shows the report");

    let r = app
        .crew_set_status(reference, "in_progress", "Ploeg is onderweg", None)
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = app
        .crew_set_status(
            reference,
            "done",
            "Put gevuld",
            Some(fixture("small-gps.jpg")),
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("saved=1"));

    let report = app.report_of(&receipt).await;
    assert_eq!(report["status"], "done");
    let statuses: Vec<_> = report["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["new", "assigned", "in_progress", "done"]);
    assert_eq!(report["history"][3]["note"], "Put gevuld");
    assert_eq!(report["photos"][0]["kind"], "after");

    let (_, page) = app.get_text(&format!("/track/{token}")).await;
    assert!(
        page.contains("Opgelost") && page.contains("Put gevuld"),
        "tracking page shows done with the note"
    );
}

#[tokio::test]
async fn a_disallowed_transition_is_refused_and_history_is_unchanged() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("road_damage", "x"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    app.add_user("crew@stad.test", Role::Crew, PASSWORD).await;
    app.login("crew@stad.test", PASSWORD).await;
    app.crew_set_status(reference, "done", "", None).await;
    let r = app
        .crew_set_status(reference, "in_progress", "", None)
        .await;
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("error=validation"));
    let r = app.crew_set_status(reference, "exploded", "", None).await;
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("error=validation&field=status"));
    let report = app.report_of(&receipt).await;
    assert_eq!(report["history"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn wrong_passwords_and_anonymous_status_changes_are_refused() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("road_damage", "x"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    app.add_user("crew@stad.test", Role::Crew, PASSWORD).await;
    let r = app.login("crew@stad.test", "not the password").await;
    assert_eq!(r.headers()["location"], "/crew?error=login");
    assert!(r.headers().get("set-cookie").is_none());
    let r = app.login("nobody@stad.test", PASSWORD).await;
    assert_eq!(r.headers()["location"], "/crew?error=login");
    let r = app.crew_set_status(reference, "done", "", None).await;
    assert_eq!(r.status().as_u16(), 401);
    let report = app.report_of(&receipt).await;
    assert_eq!(report["status"], "new");
}

#[tokio::test]
async fn a_planner_cannot_change_status_and_logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let receipt = app.submit_ok(&report_json("road_damage", "x"), &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    app.add_user("planner@stad.test", Role::Planner, PASSWORD)
        .await;
    app.login("planner@stad.test", PASSWORD).await;
    let r = app.crew_set_status(reference, "done", "", None).await;
    assert_eq!(r.status().as_u16(), 403);
    app.client
        .post(app.url("/crew/logout"))
        .send()
        .await
        .unwrap();
    let r = app.crew_set_status(reference, "done", "", None).await;
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn crew_pages_never_show_reporter_contact_data() {
    let app = TestApp::spawn().await;
    let mut body = report_json("road_damage", "Put");
    body["contact"] = serde_json::json!({"name": "Karel Contact", "email": "karel@example.be", "phone": "0470 99 88 77"});
    let receipt = app.submit_ok(&body, &[]).await;
    let reference = receipt["ref"].as_str().unwrap();
    app.add_user("crew@stad.test", Role::Crew, PASSWORD).await;
    // Assigned to the crew, so its pages really show the report.
    app.assign_to_crew(reference, "wegen", &["crew@stad.test"])
        .await;
    app.login("crew@stad.test", PASSWORD).await;
    for path in ["/crew".to_owned(), format!("/crew/r/{reference}")] {
        let (status, html) = app.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(reference), "{path} shows the report");
        for secret in ["Karel", "karel@", "99 88 77"] {
            assert!(!html.contains(secret), "{secret} in {path}");
        }
    }
}
