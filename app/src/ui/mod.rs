//! Generic widgets and helpers shared by the pages; no domain rules here.

pub mod js;

use crate::i18n::Lang;
use leptos::prelude::*;

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
    if let Some(ctx) = use_context::<crate::port::Ctx>() {
        return ctx.config.tile_url.clone();
    }
    String::new()
}

/// The language a request asks for.
#[cfg(feature = "ssr")]
pub fn lang_from_request(parts: &http::request::Parts) -> Lang {
    let from_query = parts.uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .and_then(Lang::from_code)
    });
    let from_cookie = || {
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                c.split(';')
                    .find_map(|kv| kv.trim().strip_prefix("lang="))
                    .and_then(Lang::from_code)
            })
    };
    let from_header = || {
        parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
    };
    from_query
        .or_else(from_cookie)
        .or_else(from_header)
        .unwrap_or_default()
}

/// The top bar: name, navigation and language switch.
#[component]
pub fn Header(lang: Lang) -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/icon.svg" alt="" width="28" height="28"/>
                <span>{lang.t("app.name")}</span>
            </a>
            <nav>
                <a href="/">{lang.t("nav.report")}</a>
                <a href="/kaart">{lang.t("nav.map")}</a>
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

/// A coloured status badge.
#[component]
pub fn StatusBadge(status: crate::report::domain::ReportStatus, lang: Lang) -> impl IntoView {
    view! {
        <span class="badge" data-status=status.as_str() style=format!("background:{}", status.colour())>
            {status.label(lang)}
        </span>
    }
}

/// A date as `28/11/2026 14:05` in Belgian time (UTC+1/+2 is not tracked here: shown as UTC
/// offset-free local approximation would mislead, so the date is shown in UTC with the zone).
pub fn format_datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%d/%m/%Y %H:%M UTC").to_string()
}
