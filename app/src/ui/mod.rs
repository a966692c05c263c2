//! Generic widgets and helpers shared by the pages; no domain rules here.

pub mod charts;
pub mod js;
pub mod policy;
pub mod questions;
pub mod staff;
pub mod texts;

use crate::i18n::Lang;
use crate::ui::texts::UiText;
use leptos::prelude::*;

/// What a day field takes: `31/12/2026` (also with `-` or `.`), or `2026-12-31`
/// ([`crate::time::parse_day`] reads the same, and the server has the last word).
const DAY_PATTERN: &str = r"\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{2}-\d{2}";

/// A day field in the page's language: a text box that takes `31/12/2026`, with the format in
/// the page's words as its placeholder. Not the browser's date control, which writes and asks
/// for days in the browser's language ("mm/dd/yyyy" on a Dutch page). `value` is shown as a
/// form writes days when it is one (a link's `2026-12-31` too), else as it was typed.
#[component]
pub fn DayInput(
    lang: Lang,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    /// The field's name for screen readers, where no `<label>` wraps it.
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    view! {
        <input type="text" name=name value=crate::time::day_input(&value) inputmode="numeric"
            autocomplete="off" size="10" maxlength="10" pattern=DAY_PATTERN data-day=""
            placeholder=t!(lang, UiText::DayFormat) required=required aria-label=label/>
    }
}

/// The language of this page: `?lang=`, then the `lang` cookie, then `Accept-Language` (server);
/// in the browser, whatever the server rendered into `<html lang>`.
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        if let Some(lang) = use_context::<Lang>() {
            return lang;
        }
        let Some(parts) = use_context::<http::request::Parts>() else {
            return Lang::default();
        };
        let lang = lang_from_request(&parts);
        provide_context(lang);
        lang
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::from_code(&l))
            .unwrap_or_default()
    }
}

/// The map tile URL template (server side; the browser reads it from a `<meta>` tag).
pub fn tile_url() -> String {
    #[cfg(feature = "ssr")]
    if let Some(ctx) = use_context::<crate::context::Ctx>() {
        return ctx.config.tile_url.clone();
    }
    String::new()
}

/// The app shell's version, for `?v=` on scripts whose names carry no hash.
pub fn asset_version() -> String {
    #[cfg(feature = "ssr")]
    if let Some(ctx) = use_context::<crate::context::Ctx>() {
        return ctx.config.asset_version.clone();
    }
    String::new()
}

/// The value of cookie `name` in a request's headers.
#[cfg(feature = "ssr")]
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.split(';').find_map(|kv| {
                let (k, v) = kv.trim().split_once('=')?;
                (k == name).then(|| v.to_owned())
            })
        })
}

/// Whether the request carries a session cookie (valid or not: it only decides which scripts a
/// page loads, see [`js::page_scripts`]).
pub fn has_session() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return [true, false].into_iter().any(|secure| {
            cookie(&parts.headers, crate::auth::session_cookie_name(secure)).is_some()
        });
    }
    false
}

/// The paths whose pages hold an island (`#[island]`, today the report form): only they load
/// the wasm bundle; every other page is whole as the server sends it (an integration test
/// checks each page against this list).
pub const ISLAND_PAGES: [&str; 1] = ["/"];

/// Whether this request's page holds an island (see [`ISLAND_PAGES`]).
pub fn page_has_islands() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return ISLAND_PAGES.contains(&parts.uri.path());
    }
    true
}

/// The web app manifest in `lang` (`/manifest.webmanifest`, in the language of the page that
/// links it): what a phone shows when the app is installed.
pub fn manifest(lang: Lang) -> serde_json::Value {
    let icon = |src: &str, sizes: &str, kind: &str, purpose: &str| serde_json::json!({ "src": src, "sizes": sizes, "type": kind, "purpose": purpose });
    serde_json::json!({
        "id": "/",
        "name": t!(lang, UiText::AppName),
        "short_name": "Meldpunt",
        "description": t!(lang, UiText::ManifestDescription),
        "lang": lang.tag(),
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            icon("/icons/icon-192.png", "192x192", "image/png", "any"),
            icon("/icons/icon-512.png", "512x512", "image/png", "any"),
            icon("/icons/maskable-512.png", "512x512", "image/png", "maskable"),
            icon("/icon.svg", "any", "image/svg+xml", "any"),
        ],
        "shortcuts": [{
            "name": t!(lang, UiText::ManifestCrewShortcut),
            "url": "/crew",
            "icons": [{ "src": "/icons/icon-192.png", "sizes": "192x192" }],
        }],
    })
}

/// The language a query string chooses with `lang=`.
pub fn lang_in_query(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::from_code)
}

/// The language a request asks for.
#[cfg(feature = "ssr")]
pub fn lang_from_request(parts: &http::request::Parts) -> Lang {
    let from_cookie = || cookie(&parts.headers, "lang").and_then(|c| Lang::from_code(&c));
    let from_header = || {
        parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
    };
    lang_in_query(parts.uri.query())
        .or_else(from_cookie)
        .or_else(from_header)
        .unwrap_or_default()
}

/// The top bar: name, navigation and language switch.
#[component]
pub fn Header(lang: Lang) -> impl IntoView {
    view! {
        <a class="skip-link" href="#content">{t!(lang, UiText::SkipToContent)}</a>
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/icon.svg" alt="" width="28" height="28"/>
                <span>{t!(lang, UiText::AppName)}</span>
            </a>
            <nav>
                <a href="/">{t!(lang, UiText::NavReport)}</a>
                <a href="/kaart">{t!(lang, UiText::NavMap)}</a>
                <a href="/complaint">{t!(lang, UiText::Complaint)}</a>
                <a href="/login" class="staff-link">{t!(lang, UiText::Staff)}</a>
            </nav>
            <span class="langs">
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <a href=format!("?lang={}", l.code()) hreflang=l.code() aria-current=(l == lang).then_some("true")>
                                {l.code().to_uppercase()}
                            </a>
                        }
                    })
                    .collect_view()}
            </span>
        </header>
    }
}

/// "This does not exist", answered with HTTP 404 (the routes render in async mode, so the status
/// is still unsent when the data is known).
#[component]
pub fn NotFound(lang: Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <p class="notice">{t!(lang, UiText::ReportNotfound)}</p> }
}

/// Why a form post was refused, in the page's language, from the query it was sent back with
/// (`back_to` in server/src/web.rs: `error` names the kind, `why` the explanation); `None` when
/// nothing was refused.
pub fn refusal(q: &leptos_router::params::ParamsMap, lang: Lang) -> Option<&'static str> {
    q.get("error").map(|_| {
        q.get("why")
            .and_then(|w| crate::error::ErrorText::from_name(&w))
            .unwrap_or(crate::error::ErrorText::Internal)
            .text(lang)
    })
}

/// An address the site does not know, in the site's layout with the ways on, answered with
/// HTTP 404: the router's fallback, also for paths no route or file matches.
#[component]
pub fn PageNotFound(lang: Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="not-found">
            <h1>{t!(lang, UiText::PageNotFound)}</h1>
            <p>{t!(lang, UiText::PageNotFoundHelp)}</p>
            <ul>
                <li><a href="/">{t!(lang, UiText::FormTitle)}</a></li>
                <li><a href="/kaart">{t!(lang, UiText::MapTitle)}</a></li>
                <li><a href="/info">{t!(lang, crate::knowledge::texts::KnowledgeText::InfoTitle)}</a></li>
                <li><a href="/complaint">{t!(lang, UiText::Complaint)}</a></li>
            </ul>
        </section>
    }
}

/// The links at the foot of every page: a citizen's reports, the public figures and the
/// information pages.
#[component]
pub fn Footer(lang: Lang) -> impl IntoView {
    view! {
        <footer class="site-footer">
            <a href="/mijn-meldingen">{t!(lang, crate::report::texts::ReportText::MyReports)}</a>
            <a href="/buurt">{t!(lang, crate::report::texts::ReportText::AlertsTitle)}</a>
            <a href="/cijfers">{t!(lang, crate::planner::texts::PlannerText::PublicFigures)}</a>
            <a href="/info">{t!(lang, crate::knowledge::texts::KnowledgeText::InfoTitle)}</a>
        </footer>
    }
}

/// A coloured status badge.
#[component]
pub fn StatusBadge(status: crate::report::domain::ReportStatus, lang: Lang) -> impl IntoView {
    view! {
        <span class="badge" data-status=status.as_str() style=format!("background:{}", status.colour())>
            {status.label(lang)}
        </span>
    }
}

/// The `?year=` of a yearly report page, this year when absent.
pub fn query_year() -> impl Fn() -> i32 + Clone + Send + Sync + 'static {
    use chrono::Datelike;
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .read()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or_else(|| chrono::Utc::now().year())
    }
}
