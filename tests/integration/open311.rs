//! Open311 GeoReport v2 at `/open311/v2`: discovery, services and their definitions, request
//! lists and single requests, tokens, and filing requests with an API key, in JSON and XML,
//! from hand-written requests the way real clients differ, and through a real client library
//! from PyPI (georeport, in `tests/open311_client.py`).

use meldpunt_app::i18n::Names;
use meldpunt_app::office::admin;
use meldpunt_app::report::questions::{Choice, Question, QuestionKind};
use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_json, TestApp};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

const JSON: &str = "application/json; charset=utf-8";
const XML: &str = "text/xml; charset=utf-8";

/// An app with the waste category's container question and a partner's key.
pub(crate) async fn partner_app() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let ctx = &app.server.ctx;
    let container = Question {
        code: "container".into(),
        names: Names::new(|lang| format!("Welke container ({})", lang.code())),
        kind: QuestionKind::Single,
        required: true,
        internal: false,
        choices: ["rest|Restafval", "pmd|PMD", "glass|Glas|Verre|Glass"]
            .iter()
            .map(|c| Choice::from_line(c))
            .collect(),
    };
    let kinds = Question {
        code: "kinds".into(),
        names: Names::new(|_| "Soorten".into()),
        kind: QuestionKind::Multiple,
        required: false,
        internal: false,
        choices: ["paper", "metal", "wood"]
            .iter()
            .map(|c| Choice::from_line(c))
            .collect(),
    };
    for q in [container, kinds] {
        admin::save_question(ctx, None, "waste_not_collected", q, None)
            .await
            .unwrap();
    }
    app.import_sample_addresses().await;
    let key = admin::create_api_key(ctx, None, "Afvalbedrijf")
        .await
        .unwrap();
    (app, key)
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .send()
        .await
        .unwrap();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status().as_u16(), kind, r.text().await.unwrap())
}

/// POSTs an url-encoded body exactly as given (keys percent-encoded by the caller).
async fn post_form(
    app: &TestApp,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> (u16, String, String) {
    let mut r = reqwest::Client::new()
        .post(app.url(path))
        .body(body.to_owned());
    if let Some(t) = content_type {
        r = r.header("content-type", t);
    }
    let r = r.send().await.unwrap();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status().as_u16(), kind, r.text().await.unwrap())
}

fn leaf_elements_have_no_whitespace_or_attributes(xml: &str) {
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><"),
        "{xml}"
    );
    let body = &xml[xml.find("?>").unwrap() + 2..];
    assert!(!body.contains(" xmlns"), "no namespace");
    for tag in body.split('<').skip(1) {
        let name = tag.split('>').next().unwrap();
        assert!(
            !name.trim_start_matches('/').contains(' '),
            "no attributes: <{name}>"
        );
    }
    assert!(
        !body.contains(">\n") && !body.contains("> <"),
        "no whitespace between elements"
    );
}

#[tokio::test]
async fn discovery_services_and_definitions_in_both_formats() {
    let (app, _) = partner_app().await;
    let (s, kind, body) = get(&app, "/open311/v2/discovery.json").await;
    assert_eq!((s, kind.as_str()), (200, JSON));
    let d: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        d["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(d["endpoints"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/open311/v2"));
    let (s, kind, xml) = get(&app, "/open311/v2/discovery.xml").await;
    assert_eq!((s, kind.as_str()), (200, XML));
    leaf_elements_have_no_whitespace_or_attributes(&xml);
    assert!(xml
        .contains("<formats><format>text/xml</format><format>application/json</format></formats>"));

    let (s, kind, body) = get(
        &app,
        "/open311/v2/services.json?jurisdiction_id=sint-truiden.be&unknown=1",
    )
    .await;
    assert_eq!((s, kind.as_str()), (200, JSON));
    let services: Value = serde_json::from_str(&body).unwrap();
    let list = services.as_array().expect("a top-level array");
    assert_eq!(list.len(), 11);
    let waste = list
        .iter()
        .find(|s| s["service_code"] == "waste_not_collected")
        .unwrap();
    assert_eq!(waste["metadata"], true);
    assert_eq!(waste["type"], "realtime");
    assert_eq!(waste["service_name"], "Afval niet opgehaald");
    let road = list
        .iter()
        .find(|s| s["service_code"] == "road_damage")
        .unwrap();
    assert_eq!(road["metadata"], false);
    assert_eq!(road["group"], "Wegen");
    let (_, _, fr) = get(&app, "/open311/v2/services.json?locale=fr_BE").await;
    assert!(fr.contains("Déchets non collectés"), "{fr}");
    let (_, _, xml) = get(&app, "/open311/v2/services.xml").await;
    leaf_elements_have_no_whitespace_or_attributes(&xml);
    assert!(xml.contains("<services><service><service_code>"), "{xml}");
    assert!(xml.contains("<metadata>true</metadata>"));

    let (s, _, body) = get(&app, "/open311/v2/services/waste_not_collected.json").await;
    assert_eq!(s, 200);
    let def: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(def["service_code"], "waste_not_collected");
    let a = &def["attributes"][0];
    assert_eq!(
        (
            a["code"].as_str(),
            a["datatype"].as_str(),
            a["required"].as_bool(),
            a["order"].as_i64(),
            a["variable"].as_bool()
        ),
        (
            Some("container"),
            Some("singlevaluelist"),
            Some(true),
            Some(1),
            Some(true)
        )
    );
    assert_eq!(a["values"][2], json!({"key": "glass", "name": "Glas"}));
    assert_eq!(def["attributes"][1]["datatype"], "multivaluelist");
    let (_, _, xml) = get(&app, "/open311/v2/services/waste_not_collected.xml").await;
    leaf_elements_have_no_whitespace_or_attributes(&xml);
    assert!(
        xml.contains("<values><value><key>rest</key><name>Restafval</name></value>"),
        "{xml}"
    );

    // Errors in the asked format, with the specification's shape; no redirects.
    let (s, kind, body) = get(&app, "/open311/v2/services/no_such_service.json").await;
    assert_eq!((s, kind.as_str()), (404, JSON));
    let e: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(e[0]["code"], 404);
    let (s, kind, xml) = get(&app, "/open311/v2/services/no_such_service.xml").await;
    assert_eq!((s, kind.as_str()), (404, XML));
    assert!(
        xml.contains("<errors><error><code>404</code><description>"),
        "{xml}"
    );
    for path in [
        "/open311/v2/services",
        "/open311/v2/services.html",
        "/open311/v2/services.json/",
        "/open311/v2/nothing.json",
    ] {
        let (s, _, _) = get(&app, path).await;
        assert_eq!(s, 404, "{path}");
    }
}

#[tokio::test]
async fn filing_takes_the_bodies_real_clients_send_and_needs_a_valid_key() {
    let (app, key) = partner_app().await;
    // Something listening where a media_url points: it must never be asked.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let media = format!("http://{}/photo.jpg", listener.local_addr().unwrap());
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();

    // No key, an unknown one: 403 in the asked format.
    let body = "service_code=waste_not_collected&lat=50.8166&long=5.1866&description=x";
    let (s, kind, text) = post_form(
        &app,
        "/open311/v2/requests.json",
        Some("application/x-www-form-urlencoded"),
        body,
    )
    .await;
    assert_eq!((s, kind.as_str()), (403, JSON), "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()[0]["code"],
        403
    );
    let (s, kind, text) = post_form(
        &app,
        "/open311/v2/requests.xml",
        None,
        &format!("api_key=nope&{body}"),
    )
    .await;
    assert_eq!((s, kind.as_str()), (403, XML), "{text}");
    assert!(text.contains("<errors><error><code>403</code>"));

    // Url-encoded with a charset, percent-encoded attribute keys, a repeated multiple choice,
    // the key and jurisdiction in the query, empty and unknown parameters.
    let body = format!(
        "service_code=waste_not_collected&lat=50.8166&long=5.1866&address_string=&description={}&{}=pmd&{}=paper&{}=metal&email=an%40example.be&first_name=An&last_name=Peeters&phone=&device_id=abc&media_url={}&unknown=1",
        enc("Zakken niet opgehaald — één week"),
        enc("attribute[container]"),
        enc("attribute[kinds][]"),
        enc("attribute[kinds][]"),
        enc(&media),
    );
    let (s, kind, text) = post_form(
        &app,
        &format!("/open311/v2/requests.json?api_key={key}&jurisdiction_id=sint-truiden.be"),
        Some("application/x-www-form-urlencoded; charset=UTF-8"),
        &body,
    )
    .await;
    assert_eq!((s, kind.as_str()), (200, JSON), "{text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    let id = answer[0]["service_request_id"]
        .as_str()
        .expect("an id as a string")
        .to_owned();
    let token = answer[0]["token"]
        .as_str()
        .expect("a token as a string")
        .to_owned();
    let agent = app.signed_in("agent@stad.test", Role::Agent, &[]).await;
    let (_, staff) = app
        .get_json_as(&agent, &format!("/api/v1/staff/reports/{id}"))
        .await;
    assert_eq!(staff["channel"], "api");
    assert_eq!(staff["api_client"], "Afvalbedrijf");
    assert_eq!(staff["description"], "Zakken niet opgehaald — één week");
    assert_eq!(staff["contact"]["name"], "An Peeters");
    assert_eq!(staff["contact"]["email"], "an@example.be");
    let answers: Vec<&Value> = staff["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["values"])
        .collect();
    assert_eq!(answers, [&json!(["pmd"]), &json!(["paper", "metal"])]);
    // The token names the request.
    let (s, _, text) = get(&app, &format!("/open311/v2/tokens/{token}.json")).await;
    assert_eq!(s, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()[0]["service_request_id"],
        id.as_str()
    );
    let (s, _, xml) = get(&app, &format!("/open311/v2/tokens/{token}.xml")).await;
    assert_eq!(s, 200);
    assert!(xml.contains(&format!(
        "<service_request_id>{id}</service_request_id><token>{token}</token>"
    )));
    assert_eq!(
        get(
            &app,
            "/open311/v2/tokens/0123456789abcdef0123456789abcdef01234567.json"
        )
        .await
        .0,
        404
    );

    // Multipart, every field a part and the photo as `media`, XML answer, an address instead
    // of coordinates, the key in the body.
    let form = Form::new()
        .text("api_key", key.clone())
        .text("service_code", "waste_not_collected")
        .text("address_string", "Stationsstraat 12")
        .text("description", "Glas")
        .text("attribute[container]", "glass")
        .part(
            "media",
            Part::bytes(fixture("phone-12mp-gps-orient6.jpg"))
                .file_name("p.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let r = reqwest::Client::new()
        .post(app.url("/open311/v2/requests.xml"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let xml = r.text().await.unwrap();
    assert_eq!(status, 200, "{xml}");
    leaf_elements_have_no_whitespace_or_attributes(&xml);
    let second = xml
        .split("<service_request_id>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let (_, _, one) = get(&app, &format!("/open311/v2/requests/{second}.json")).await;
    let one: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one[0]["address"], "Stationsstraat 12, 3800 Sint-Truiden");
    let photo = one[0]["media_url"].as_str().unwrap();
    let r = reqwest::get(photo).await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "the display photo at {photo}");
    assert!(r.bytes().await.unwrap().len() > 1000);

    // What is wrong is said, in the asked format; a validation names its field.
    for (body, status, says) in [
        (
            "service_code=road_damage&lat=50.8166&long=5.1866",
            400,
            "description",
        ),
        (
            "service_code=waste_not_collected&lat=50.8166&long=5.1866&description=x",
            400,
            "container",
        ),
        (
            "service_code=no_such&lat=50.8166&long=5.1866&description=x",
            404,
            "not found",
        ),
        ("lat=50.8166&long=5.1866&description=x", 400, "service_code"),
        (
            "service_code=road_damage&description=x",
            400,
            "address_string",
        ),
        (
            "service_code=road_damage&lat=north&long=5.1&description=x",
            400,
            "lat",
        ),
        (
            "service_code=road_damage&address_string=Nergensstraat%20999&description=x",
            400,
            "address_string",
        ),
    ] {
        let (s, kind, text) = post_form(
            &app,
            &format!("/open311/v2/requests.json?api_key={key}"),
            Some("application/x-www-form-urlencoded"),
            body,
        )
        .await;
        assert_eq!((s, kind.as_str()), (status, JSON), "{body}: {text}");
        let e: Value = serde_json::from_str(&text).unwrap();
        assert!(
            e[0]["description"].as_str().unwrap().contains(says),
            "{body}: {text}"
        );
    }
    // Oversize: a clear 413, not a crash.
    let (s, _, _) = post_form(
        &app,
        &format!("/open311/v2/requests.json?api_key={key}"),
        Some("application/x-www-form-urlencoded"),
        &"a".repeat(300 * 1024),
    )
    .await;
    assert_eq!(s, 413);

    // The key's use shows; revoked, it is refused.
    let keys = admin::api_keys(&app.server.ctx, None).await.unwrap();
    assert!(keys[0].last_used_at.is_some());
    admin::revoke_api_key(&app.server.ctx, None, "Afvalbedrijf")
        .await
        .unwrap();
    let (s, _, _) = post_form(
        &app,
        &format!("/open311/v2/requests.json?api_key={key}"),
        None,
        "service_code=road_damage&lat=50.8166&long=5.1866&description=x",
    )
    .await;
    assert_eq!(s, 403);

    // The media_url was never fetched.
    let asked =
        tokio::time::timeout(std::time::Duration::from_millis(200), listener.accept()).await;
    assert!(asked.is_err(), "no request to a URL from outside");
}

#[tokio::test]
async fn lists_show_public_reports_only_with_their_open311_fields() {
    let (app, key) = partner_app().await;
    let mut with_contact = report_json("road_damage", "Put in de weg");
    with_contact["contact"] =
        json!({"email": "geheim@example.be", "phone": "0470 12 34 56", "consent": true});
    let open = app.submit_ok(&with_contact, &[]).await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    let closed = app
        .submit_ok(&report_json("road_damage", "Put gedicht"), &[])
        .await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    let hidden = app
        .submit_ok(&report_json("road_damage", "Verborgen"), &[])
        .await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    let waste = app
        .submit_ok(
            &{
                let mut r = report_json("waste_not_collected", "Rest");
                r["answers"] = json!({"container": "rest"});
                r
            },
            &[],
        )
        .await["ref"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(app.server.store.set_hidden(&hidden, true).await.unwrap());
    let coordinator = app.signed_in("co@stad.test", Role::Admin, &[]).await;
    for action in [
        json!({"action": "accept"}),
        json!({"action": "start"}),
        json!({"action": "done", "note": "Hersteld door de ploeg."}),
    ] {
        let (s, body) = app.act(&coordinator, &closed, action).await;
        assert!(s < 300, "{body}");
    }

    let (s, kind, body) = get(&app, "/open311/v2/requests.json?service_code=road_damage").await;
    assert_eq!((s, kind.as_str()), (200, JSON));
    assert!(
        !body.contains("geheim@example.be") && !body.contains("0470"),
        "never contact data"
    );
    let list: Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [closed.as_str(), open.as_str()],
        "newest first; hidden ones do not exist"
    );
    let done = &list[0];
    assert_eq!(done["status"], "closed");
    assert_eq!(done["status_notes"], "Hersteld door de ploeg.");
    assert_eq!(done["expected_datetime"], Value::Null);
    assert_eq!(done["agency_responsible"], "Wegen");
    let open_one = &list[1];
    assert_eq!(open_one["status"], "open");
    let requested = open_one["requested_datetime"].as_str().unwrap();
    assert!(
        requested.ends_with("+01:00") || requested.ends_with("+02:00"),
        "W3C with a zone: {requested}"
    );
    assert!(open_one["expected_datetime"]
        .as_str()
        .unwrap()
        .contains('T'));
    assert!(open_one["lat"].is_f64() && open_one["long"].is_f64());
    assert!(open_one["service_notice"]
        .as_str()
        .unwrap()
        .contains("dagen"));

    let (_, _, body) = get(
        &app,
        "/open311/v2/requests.json?status=open&service_code=road_damage,waste_not_collected",
    )
    .await;
    let list: Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [waste.as_str(), open.as_str()]);
    let (_, _, body) = get(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={closed},{hidden}&status=open"),
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&body)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1,
        "ids override the rest"
    );
    let (_, _, body) = get(
        &app,
        "/open311/v2/requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00Z",
    )
    .await;
    assert_eq!(body, "[]");
    let (s, _, body) = get(&app, "/open311/v2/requests.json?start_date=gisteren").await;
    assert_eq!(s, 400, "{body}");
    let (s, _, _) = get(&app, &format!("/open311/v2/requests/{hidden}.json")).await;
    assert_eq!(s, 404);
    let (_, _, xml) = get(&app, &format!("/open311/v2/requests/{open}.xml")).await;
    leaf_elements_have_no_whitespace_or_attributes(&xml);
    assert!(xml.contains(&format!("<service_requests><request><service_request_id>{open}</service_request_id><status>open</status>")), "{xml}");

    // A real client library from PyPI, unchanged, in both formats.
    for format in ["json", "xml"] {
        // Off the test's runtime thread, which serves the app meanwhile.
        let mut client = std::process::Command::new(meldpunt_tests::python());
        client
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/open311_client.py"))
            .arg(app.url("/open311/v2"))
            .arg(format)
            .arg("waste_not_collected")
            .arg(&open);
        let out = tokio::task::spawn_blocking(move || client.output())
            .await
            .unwrap()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(seen["services"].as_array().unwrap().len(), 11, "{format}");
        assert_eq!(seen["definition_code"], "waste_not_collected");
        assert_eq!(
            seen["attributes"][0]["code"], "container",
            "{format}: {seen}"
        );
        assert_eq!(
            seen["attributes"][0]["values"][0]["key"], "rest",
            "{format}"
        );
        let listed: Vec<&str> = seen["listed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap())
            .collect();
        assert_eq!(listed, [waste.as_str()], "{format}");
        assert_eq!(seen["one"]["service_request_id"], open.as_str(), "{format}");
        assert_eq!(seen["one"]["status"], "open", "{format}");
        assert_eq!(
            seen["by_id"][0]["service_request_id"],
            open.as_str(),
            "{format}"
        );
    }
    let _ = key;
}

#[tokio::test]
async fn each_key_is_rate_limited_on_its_own() {
    let (app, key) = partner_app().await;
    let other = admin::create_api_key(&app.server.ctx, None, "App")
        .await
        .unwrap();
    let post = |k: String| {
        let url = app.url(&format!("/open311/v2/requests.json?api_key={k}"));
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .body("description=no+service")
                .send()
                .await
                .unwrap();
            (
                r.status().as_u16(),
                r.headers().get("retry-after").is_some(),
            )
        }
    };
    for _ in 0..60 {
        assert_eq!(post(key.clone()).await.0, 400);
    }
    assert_eq!(post(key.clone()).await, (429, true));
    assert_eq!(post(other).await.0, 400, "another key has its own budget");
}
