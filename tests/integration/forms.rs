//! A refused form says why in the page's language, next to the field, never in English text
//! from the server; the JSON API names the same explanation as `code`.

use meldpunt_app::staff::Role;
use meldpunt_tests::TestApp;

#[tokio::test]
async fn a_refused_intake_names_the_field_and_its_page_explains_in_the_pages_language() {
    let app = TestApp::spawn().await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    // An address typed without picking a suggestion, and not in the register.
    let form = reqwest::multipart::Form::new()
        .text("channel", "phone")
        .text("category", "graffiti")
        .text("address", "Nergensstraat 999")
        .text("description", "Tags op de gevel")
        .text("contact_email", "beller@example.org");
    let r = agent
        .post(app.url("/intake"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        to.starts_with("/intake?error=validation&field=address&why=AddressNotFound"),
        "{to}"
    );
    assert!(!to.contains("message"), "no English text travels: {to}");
    assert!(
        !to.contains("beller"),
        "no contact data in the address: {to}"
    );
    for (lang, says) in [
        ("nl", "Dit adres staat niet in het adressenregister."),
        (
            "fr",
            "Cette adresse ne figure pas dans le registre des adresses.",
        ),
        ("en", "This address is not in the address register."),
    ] {
        let (status, page) = app.get_text_as(&agent, &format!("{to}&lang={lang}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("data-error-field=\"address\""), "{lang}");
        assert!(page.contains(says), "{lang}: {says}");
        assert!(!page.contains("pick it on the map"), "{lang}");
    }
    // A forged explanation name is no text of ours: the generic one is shown.
    let (_, page) = app
        .get_text_as(
            &agent,
            "/intake?error=validation&field=x&why=%3Cscript%3E&lang=nl",
        )
        .await;
    assert!(page.contains("Er ging iets mis. Probeer het opnieuw."));
    assert!(!page.contains("<script>"));
}

#[tokio::test]
async fn api_errors_carry_the_code_of_their_explanation() {
    let app = TestApp::spawn().await;
    let mut report = meldpunt_tests::report_json("graffiti", "");
    report["description"] = "".into();
    let r = app.submit(&report, &[], None).await;
    assert_eq!(r.status().as_u16(), 422);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["field"], "description");
    assert_eq!(e["code"], "DescriptionRequired");
    assert_eq!(
        e["message"], "description is required",
        "for developers, in English"
    );
    report["description"] = "Tags".into();
    report["contact"] = serde_json::json!({"email": "niet-een-adres"});
    let e: serde_json::Value = app.submit(&report, &[], None).await.json().await.unwrap();
    assert_eq!(
        (e["field"].as_str(), e["code"].as_str()),
        (Some("contact.email"), Some("EmailInvalid"))
    );
}
