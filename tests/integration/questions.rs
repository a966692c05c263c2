//! Category questions: set up by admins (admin page and its checks), asked and checked on the
//! public API, the agent's intake form and the crew's field report, stored with the report,
//! shown publicly unless internal, and exported.

use meldpunt_app::i18n::Names;
use meldpunt_app::office::admin;
use meldpunt_app::report::questions::{Choice, Question, QuestionKind};
use meldpunt_app::staff::Role;
use meldpunt_tests::{report_json, TestApp};
use serde_json::{json, Value};

fn question(code: &str, kind: QuestionKind, required: bool, choices: &[&str]) -> Question {
    Question {
        code: code.into(),
        names: Names::new(|lang| format!("{code} ({})", lang.code())),
        kind,
        required,
        internal: false,
        choices: choices.iter().map(|c| Choice::from_line(c)).collect(),
    }
}

/// Waste asks which container (required), how many bags, whether it is in the way, and (for
/// staff only) a remark.
async fn with_questions() -> TestApp {
    let app = TestApp::spawn().await;
    let ctx = &app.server.ctx;
    let asked = [
        question(
            "container",
            QuestionKind::Single,
            true,
            &[
                "rest|Restafval|Déchets résiduels|Residual waste",
                "pmd|PMD|PMC|PMD",
                "glass|Glas|Verre|Glass",
            ],
        ),
        question("bags", QuestionKind::Number, false, &[]),
        question("in_the_way", QuestionKind::YesNo, false, &[]),
        question(
            "kinds",
            QuestionKind::Multiple,
            false,
            &["paper", "plastic", "metal"],
        ),
        Question {
            internal: true,
            ..question("remark", QuestionKind::Text, false, &[])
        },
    ];
    for q in asked {
        admin::save_question(ctx, None, "waste_not_collected", q, None)
            .await
            .unwrap();
    }
    app
}

fn waste(answers: Value) -> Value {
    let mut r = report_json("waste_not_collected", "De zakken staan er nog");
    r["answers"] = answers;
    r
}

async fn refused_field(app: &TestApp, answers: Value) -> String {
    let r = app.submit(&waste(answers.clone()), &[], None).await;
    assert_eq!(r.status().as_u16(), 422, "{answers}");
    let body: Value = r.json().await.unwrap();
    body["field"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_api_lists_the_questions_and_checks_every_answer_by_its_code() {
    let app = with_questions().await;
    let (_, cats) = app.get_json("/api/v1/categories?lang=fr").await;
    let waste_cat = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "waste_not_collected")
        .unwrap();
    let asked = waste_cat["questions"].as_array().unwrap();
    assert_eq!(asked.len(), 5, "{asked:?}");
    assert_eq!(asked[0]["code"], "container");
    assert_eq!(asked[0]["kind"], "single");
    assert_eq!(asked[0]["required"], true);
    assert_eq!(
        asked[0]["choices"][1],
        json!({"code": "pmd", "label": "PMC"})
    );
    assert_eq!(asked[4]["internal"], true);
    let road = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "road_damage")
        .unwrap();
    assert_eq!(road["questions"], json!([]));

    assert_eq!(
        refused_field(&app, json!({})).await,
        "container",
        "required"
    );
    assert_eq!(
        refused_field(&app, json!({"container": "  "})).await,
        "container"
    );
    assert_eq!(
        refused_field(&app, json!({"container": "paper"})).await,
        "container",
        "unknown choice"
    );
    assert_eq!(
        refused_field(&app, json!({"container": ["rest", "pmd"]})).await,
        "container",
        "one choice"
    );
    assert_eq!(
        refused_field(&app, json!({"container": "rest", "bags": "veel"})).await,
        "bags"
    );
    assert_eq!(
        refused_field(
            &app,
            json!({"container": "rest", "in_the_way": "misschien"})
        )
        .await,
        "in_the_way"
    );
    assert_eq!(
        refused_field(
            &app,
            json!({"container": "rest", "kinds": ["paper", "wood"]})
        )
        .await,
        "kinds"
    );
    assert_eq!(
        refused_field(
            &app,
            json!({"container": "rest", "remark": "x".repeat(501)})
        )
        .await,
        "remark",
        "oversize"
    );
    assert_eq!(
        refused_field(&app, json!({"container": "rest", "remark": "a\u{202e}b"})).await,
        "remark",
        "hostile"
    );
    // Garbage in the answers' shape is a clear 4xx, not a crash.
    let r = app
        .submit(&waste(json!({"container": {"nested": 1}})), &[], None)
        .await;
    assert!(r.status().is_client_error(), "{}", r.status());
    let r = app
        .submit(&waste(json!(["container", "rest"])), &[], None)
        .await;
    assert!(r.status().is_client_error(), "{}", r.status());

    let receipt = app
        .submit_ok(
            &waste(json!({"container": "pmd", "bags": 3, "in_the_way": true,
                          "kinds": ["metal", "paper", "metal"], "remark": "Bewoner belt elke week",
                          "not_asked": "ignored"})),
            &[],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap();
    let (_, public) = app
        .get_json(&format!("/api/v1/reports/{reference}?lang=fr"))
        .await;
    let answers = public["answers"].as_array().unwrap();
    let codes: Vec<&str> = answers
        .iter()
        .map(|a| a["question"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["container", "bags", "in_the_way", "kinds"],
        "internal and unasked left out"
    );
    assert_eq!(answers[0]["values"], json!(["pmd"]));
    assert_eq!(answers[0]["text"], "PMC");
    assert_eq!(answers[0]["label"], "container (fr)");
    assert_eq!(answers[1]["values"], json!(["3"]));
    assert_eq!(answers[2]["text"], "Oui");
    assert_eq!(
        answers[3]["values"],
        json!(["paper", "metal"]),
        "in the choices' order, once"
    );
    let (_, html) = app.get_text(&format!("/r/{reference}")).await;
    // The page speaks French: `?lang=fr` above left the language cookie.
    assert!(
        html.contains("PMC") && !html.contains("Bewoner belt"),
        "public page"
    );

    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let (_, staff) = app
        .get_json_as(&agent, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    let remark = staff["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["question"] == "remark")
        .unwrap();
    assert_eq!(remark["text"], "Bewoner belt elke week");
    assert_eq!(remark["internal"], true);
}

#[tokio::test]
async fn the_intake_and_crew_forms_send_the_chosen_categorys_answers_only() {
    let app = with_questions().await;
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let (_, page) = app.get_text_as(&agent, "/intake").await;
    assert!(
        page.contains("name=\"q.waste_not_collected.container\""),
        "the form asks"
    );
    let form = |container: &str| {
        reqwest::multipart::Form::new()
            .text("channel", "phone")
            .text("category", "waste_not_collected")
            .text("lat", "50.8166")
            .text("lon", "5.1866")
            .text("description", "Glas niet opgehaald")
            .text("q.waste_not_collected.container", container.to_owned())
            .text("q.waste_not_collected.kinds", "paper")
            .text("q.waste_not_collected.kinds", "metal")
            // Another category's field with the same code is not this report's answer.
            .text("q.street_lighting.container", "pmd")
    };
    let r = agent
        .post(app.url("/intake"))
        .multipart(form(""))
        .send()
        .await
        .unwrap();
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.contains("field=container"), "{to}");
    let r = agent
        .post(app.url("/intake"))
        .multipart(form("glass"))
        .send()
        .await
        .unwrap();
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let reference = to.split("created=").nth(1).unwrap().to_owned();
    let (_, staff) = app
        .get_json_as(&agent, &format!("/api/v1/staff/reports/{reference}"))
        .await;
    let answers: Vec<(String, Value)> = staff["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["question"].as_str().unwrap().to_owned(),
                a["values"].clone(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("container".to_owned(), json!(["glass"])),
            ("kinds".to_owned(), json!(["paper", "metal"]))
        ]
    );

    // The staff JSON API takes them as the public API does (a tablet's queued field report).
    let r = agent
        .post(app.url("/api/v1/staff/intake"))
        .json(&json!({"channel": "phone", "category": "waste_not_collected", "lat": 50.8166, "lon": 5.1866,
                      "description": "Rest", "answers": {"container": "rest", "in_the_way": "nee"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
}

#[tokio::test]
async fn admins_set_questions_up_on_the_admin_page_with_the_same_checks() {
    let app = TestApp::spawn().await;
    let admin_client = app.signed_in("admin@stad.test", Role::Admin, &[]).await;
    let post = |pairs: Vec<(&'static str, String)>| {
        let c = admin_client.clone();
        let url = app.url("/admin/question");
        async move {
            let r = c.post(url).form(&pairs).send().await.unwrap();
            r.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let base = |code: &str, kind: &str, choices: &str| {
        vec![
            ("category", "street_lighting".to_owned()),
            ("code", code.to_owned()),
            ("kind", kind.to_owned()),
            ("label_nl", "Is het één lamp of de hele straat?".to_owned()),
            ("label_fr", "Une lampe ou toute la rue ?".to_owned()),
            ("label_en", "One lamp or the whole street?".to_owned()),
            ("choices", choices.to_owned()),
            ("required", "1".to_owned()),
        ]
    };
    assert!(
        post(base("extent", "single", "one|Eén lamp"))
            .await
            .contains("field=choices"),
        "two choices at least"
    );
    assert!(
        post(base("extent", "text", "one|Eén lamp"))
            .await
            .contains("field=choices"),
        "text has none"
    );
    assert!(post(base("Extent!", "single", "one\nstreet"))
        .await
        .contains("field=code"));
    assert!(post(base("extent", "essay", ""))
        .await
        .contains("field=kind"));
    let mut no_label = base("extent", "yes_no", "");
    no_label[4].1 = String::new();
    assert!(
        post(no_label).await.contains("field=label_fr"),
        "every language"
    );
    assert_eq!(
        post(base("extent", "single", "one|Eén lamp|Une lampe|One lamp\r\nstreet|De hele straat|Toute la rue|The whole street\r\n")).await,
        "/admin?saved=1"
    );
    assert_eq!(post(base("pole", "text", "")).await, "/admin?saved=1");
    // Changing a question keeps its place; a position moves it.
    let mut first = base("pole", "text", "");
    first.push(("position", "1".to_owned()));
    assert_eq!(post(first).await, "/admin?saved=1");
    let (_, page) = app.get_text_as(&admin_client, "/admin").await;
    assert!(
        page.contains("De hele straat") || page.contains("street"),
        "listed"
    );
    let (_, cats) = app.get_json("/api/v1/categories").await;
    let lights = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "street_lighting")
        .unwrap();
    let codes: Vec<&str> = lights["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["pole", "extent"]);

    let r = admin_client
        .post(app.url("/admin/question/remove"))
        .form(&[("category", "street_lighting"), ("code", "pole")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/admin?saved=1");
    let (_, cats) = app.get_json("/api/v1/categories").await;
    let lights = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "street_lighting")
        .unwrap();
    assert_eq!(lights["questions"].as_array().unwrap().len(), 1);

    // Only admins.
    let coordinator = app.signed_in("co@stad.test", Role::Coordinator, &[]).await;
    let r = coordinator
        .post(app.url("/admin/question"))
        .form(&base("x1", "text", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

#[tokio::test]
async fn exports_carry_the_answers() {
    let app = with_questions().await;
    app.submit_ok(
        &waste(json!({"container": "glass", "kinds": ["paper", "plastic"]})),
        &[],
    )
    .await;
    let planner = app.signed_in("pl@stad.test", Role::Planner, &[]).await;
    let csv = planner
        .get(app.url("/api/v1/staff/planner/export.csv?sep=semicolon"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(";container=glass; kinds=paper|plastic")
            || csv.contains(";\"container=glass; kinds=paper|plastic\""),
        "{csv}"
    );
    let geojson: Value = planner
        .get(app.url("/api/v1/staff/planner/export.geojson"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        geojson["features"][0]["properties"]["answers"],
        json!({"container": "glass", "kinds": ["paper", "plastic"]})
    );

    // The planner filters by answers: one of the values per question, every question asked.
    app.submit_ok(&waste(json!({"container": "pmd"})), &[])
        .await;
    let total = |filter: &'static str| {
        let planner = planner.clone();
        let url = app.url(&format!(
            "/api/v1/staff/planner/clusters?bbox=5.1,50.7,5.3,50.9&zoom=12&{filter}"
        ));
        async move {
            let r: Value = planner.get(url).send().await.unwrap().json().await.unwrap();
            r["total"].as_u64().unwrap_or_else(|| panic!("{r}"))
        }
    };
    assert_eq!(total("").await, 2);
    assert_eq!(total("answer=container:glass").await, 1);
    assert_eq!(total("answer=container:glass,container:pmd").await, 2);
    assert_eq!(total("answer=container:pmd&answer=kinds:paper").await, 0);
    assert_eq!(total("answer=kinds:paper").await, 1);
    assert_eq!(total("answer=container:rest").await, 0);
    let (s, e) = app
        .get_json_as(
            &planner,
            "/api/v1/staff/planner/clusters?bbox=5.1,50.7,5.3,50.9&zoom=12&answer=container",
        )
        .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("answer")), "{e}");
    let csv = planner
        .get(app.url("/api/v1/staff/planner/export.csv?sep=semicolon&answer=container:pmd"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv.lines().count(),
        2,
        "the header and the PMD report: {csv}"
    );
    assert!(csv.contains("container=pmd"), "{csv}");
    // The planner page offers the choices.
    let (_, page) = app
        .get_text_as(&planner, "/planner?answer=container:glass")
        .await;
    assert!(
        page.contains(r#"value="container:glass""#),
        "the filter offers the choice"
    );
}
