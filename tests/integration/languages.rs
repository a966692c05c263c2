//! Every page as its users get it, in Dutch, French and English: no text of another language
//! and no raw code (`in_progress`, `before`) in what a person reads — the page's text and the
//! attributes read out or shown (`aria-label`, `title`, `placeholder`, `alt`). Codes shown as
//! codes, in `<code>`, are not language.

use meldpunt_app::i18n::{every_text, Lang};
use meldpunt_app::staff::Role;
use meldpunt_tests::{fixture, report_json, TestApp};

/// What a person reads on a page: text outside scripts, styles and `<code>`, and the attributes
/// above.
fn readable(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag = &rest[start..];
        let Some(end) = tag.find('>') else { break };
        let inside = &tag[1..end];
        for attr in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            let mut from = inside;
            while let Some(i) = from.find(attr) {
                // Whole attribute names only (`data-title=` is not read out).
                let whole = i == 0 || from.as_bytes()[i - 1] == b' ';
                let value = &from[i + attr.len()..];
                let v_end = value.find('"').unwrap_or(value.len());
                if whole {
                    out.push(' ');
                    out.push_str(&value[..v_end]);
                    out.push(' ');
                }
                from = &value[v_end..];
            }
        }
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &tag[end + 1..];
        if name == "script" || name == "style" || name == "code" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |i| &rest[i..]);
        }
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace('\u{a0}', " ")
}

/// A catalogue text long enough to belong to one language only: three words or more, cut at
/// its placeholders (the longest piece).
fn telling(text: &str) -> Option<String> {
    let piece = text
        .split(['{', '}'])
        .step_by(2)
        .max_by_key(|p| p.len())?
        .replace('\u{a0}', " ");
    let piece = piece.trim().trim_end_matches([':', '.', ',']).trim();
    (piece.split_whitespace().count() >= 3).then(|| piece.to_owned())
}

/// Problems on one page in `lang`: other languages' texts and raw codes.
fn problems(page: &str, lang: Lang, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let own: Vec<String> = every_text()
        .into_iter()
        .flat_map(|(_, entries)| entries)
        .map(|(_, texts)| texts[lang.index()].replace('\u{a0}', " "))
        .collect();
    for (catalogue, entries) in every_text() {
        for (name, texts) in entries {
            for other in Lang::ALL.into_iter().filter(|l| *l != lang) {
                let Some(piece) = telling(texts[other.index()]) else {
                    continue;
                };
                // Words both languages write the same way are not another language's.
                if own.iter().any(|o| o.contains(&piece)) {
                    continue;
                }
                if text.contains(&piece) {
                    found.push(format!(
                        "{page} ({lang:?}): {catalogue}::{name} in {other:?}: {piece:?}"
                    ));
                }
            }
        }
    }
    // Codes: words joined by underscores, and the English codes of photos and channels.
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let snake = word.contains('_')
            && word.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !word.starts_with('_');
        let english_code = lang != Lang::En && ["before", "after", "phone"].contains(&word);
        if snake || english_code {
            found.push(format!("{page} ({lang:?}): raw code {word:?}"));
        }
    }
    found
}

/// Controls the browser fills in its own language rather than the page's: a date control
/// writes and asks for "mm/dd/yyyy" on a Dutch page in an English browser (ui::DayInput is the
/// page's own).
fn browser_formatted(page: &str, lang: Lang, html: &str) -> Vec<String> {
    ["date", "datetime-local", "time", "month", "week"]
        .into_iter()
        .filter(|kind| html.contains(&format!("type=\"{kind}\"")))
        .map(|kind| format!("{page} ({lang:?}): a browser's own {kind} control"))
        .collect()
}

#[tokio::test]
async fn every_page_speaks_the_language_it_is_asked_in_without_raw_codes() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(
            &report_json("graffiti", "Tags op de gevel van de bibliotheek."),
            &[("small-gps.jpg", fixture("small-gps.jpg"))],
        )
        .await;
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let tracking = receipt["tracking_url"].as_str().unwrap().to_owned();
    let track = tracking
        .find("/track/")
        .map_or(String::new(), |i| tracking[i..].to_owned());
    // A question to the reporter waits: its page, and the staff page that lists it.
    let question = "ab".repeat(20);
    let report = app
        .server
        .ctx
        .store
        .report(&reference)
        .await
        .unwrap()
        .unwrap();
    let mut update = meldpunt_app::port::ReportUpdate::new(
        &report,
        meldpunt_app::office::domain::EventKind::Asked,
        None,
    );
    update.question = Some(meldpunt_app::port::QuestionChange::Ask(
        meldpunt_app::port::NewQuestion {
            token_hash: meldpunt_app::service::sha256_hex(question.as_bytes()),
            lang: Lang::Nl,
            question: "Welke kant?".into(),
            pauses: true,
        },
    ));
    app.server
        .ctx
        .store
        .apply_update(&update, chrono::Utc::now())
        .await
        .unwrap();
    let anonymous = app.new_client();
    let public = [
        format!("/vraag/{question}"),
        "/".to_owned(),
        "/kaart".to_owned(),
        format!("/r/{reference}"),
        track,
        "/login".to_owned(),
        "/info".to_owned(),
        "/appointments".to_owned(),
        "/complaint".to_owned(),
        "/cijfers".to_owned(),
        "/mijn-meldingen".to_owned(),
        "/buurt".to_owned(),
        "/crew".to_owned(),
        "/no-such-page".to_owned(),
    ];
    let mut pages: Vec<(reqwest::Client, String)> =
        public.into_iter().map(|p| (anonymous.clone(), p)).collect();
    let staff = [
        (
            Role::Coordinator,
            vec![
                "/queue".to_owned(),
                "/search".to_owned(),
                format!("/staff/r/{reference}"),
            ],
        ),
        (
            Role::Agent,
            vec![
                "/intake".to_owned(),
                "/contact".to_owned(),
                "/handovers".to_owned(),
                "/desk".to_owned(),
                "/knowledge".to_owned(),
            ],
        ),
        (
            Role::Crew,
            vec!["/crew".to_owned(), format!("/crew/r/{reference}")],
        ),
        (
            Role::Planner,
            vec![
                "/planner".to_owned(),
                "/planner/stats".to_owned(),
                "/planner/annual?year=2026".to_owned(),
                "/contactcenter".to_owned(),
            ],
        ),
        (
            Role::ComplaintsOfficer,
            vec![
                "/complaints".to_owned(),
                "/complaints/new".to_owned(),
                "/complaints/report".to_owned(),
            ],
        ),
        (Role::Admin, vec!["/admin".to_owned()]),
    ];
    for (i, (role, paths)) in staff.into_iter().enumerate() {
        let client = app
            .signed_in(
                &format!("user{i}@stad.test"),
                role,
                &["netheid", "wegen", "groen"],
            )
            .await;
        pages.extend(paths.into_iter().map(|p| (client.clone(), p)));
    }
    let mut found = Vec::new();
    for (client, page) in &pages {
        for lang in Lang::ALL {
            let sep = if page.contains('?') { '&' } else { '?' };
            let r = client
                .get(app.url(&format!("{page}{sep}lang={}", lang.code())))
                .send()
                .await
                .unwrap();
            let html = r.text().await.unwrap();
            found.extend(problems(page, lang, &readable(&html)));
            found.extend(browser_formatted(page, lang, &html));
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_dutch_text_on_a_french_page_and_a_raw_code() {
    let page = readable(
        "<p title=\"Kies een categorie.\">Bonjour</p><script>var hidden_code = 1;</script>\
         <span>état : in_progress</span><img alt=\"after\">",
    );
    let found = problems("/x", Lang::Fr, &page);
    assert!(
        found.iter().any(|p| p.contains("Kies een categorie")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("raw code \"in_progress\"")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("raw code \"after\"")),
        "{found:?}"
    );
    assert!(
        found.iter().all(|p| !p.contains("hidden_code")),
        "scripts are not read: {found:?}"
    );
    assert_eq!(
        browser_formatted("/x", Lang::Nl, "<input type=\"date\" name=\"from\">").len(),
        1
    );
    assert!(browser_formatted("/x", Lang::Nl, "<input type=\"text\" data-day>").is_empty());
    assert!(problems("/x", Lang::Nl, &page)
        .iter()
        .all(|p| !p.contains("Kies een")));
}
