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

/// The app shell's version, for `?v=` on scripts whose names carry no hash.
pub fn asset_version() -> String {
    #[cfg(feature = "ssr")]
    if let Some(ctx) = use_context::<crate::port::Ctx>() {
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
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/icon.svg" alt="" width="28" height="28"/>
                <span>{lang.t("app.name")}</span>
            </a>
            <nav>
                <a href="/">{lang.t("nav.report")}</a>
                <a href="/kaart">{lang.t("nav.map")}</a>
                <a href="/complaint">{lang.pick("Klacht", "Plainte", "Complaint")}</a>
                <a href="/login" class="staff-link">{lang.pick("Medewerkers", "Personnel", "Staff")}</a>
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

/// A moment as Belgians read it: `28/11/2026 15:05` in Brussels time (CET, or CEST from the last
/// Sunday of March to the last Sunday of October, switching at 01:00 UTC as in the whole EU).
/// Written out by hand so the browser bundle carries no time-zone database or strftime.
pub fn format_datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = at + chrono::Duration::hours(brussels_offset_hours(at));
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// The calendar day it is in Brussels at `at` (deadlines count in Belgian days).
pub fn brussels_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::hours(brussels_offset_hours(at))).date_naive()
}

fn brussels_offset_hours(at: chrono::DateTime<chrono::Utc>) -> i64 {
    use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
    let last_sunday = |month: u32| {
        let first_of_next = NaiveDate::from_ymd_opt(at.year(), month + 1, 1).unwrap_or_default();
        let last = first_of_next.pred_opt().unwrap_or_default();
        let back = last.weekday().num_days_from_sunday();
        let day = last - chrono::Duration::days(i64::from(back));
        debug_assert_eq!(day.weekday(), Weekday::Sun);
        chrono::Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).unwrap_or_default())
    };
    if at >= last_sunday(3) && at < last_sunday(10) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_are_shown_in_brussels_time_with_summer_time() {
        let winter = chrono::Utc
            .with_ymd_and_hms(2026, 11, 28, 14, 5, 0)
            .unwrap();
        assert_eq!(format_datetime(winter), "28/11/2026 15:05");
        let summer = chrono::Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 0).unwrap();
        assert_eq!(format_datetime(summer), "02/07/2026 00:30");
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let before = chrono::Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        let after = chrono::Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(format_datetime(before), "29/03/2026 01:59");
        assert_eq!(format_datetime(after), "29/03/2026 03:00");
        let autumn = chrono::Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap();
        assert_eq!(format_datetime(autumn), "25/10/2026 02:00");
    }
}
