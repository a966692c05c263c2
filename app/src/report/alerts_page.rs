//! `/buurt` (ask for an area alert: where, which reports, how often, the address) and
//! `/buurt/:token` (the subscription's own page: confirm it, see it, stop it). The forms post
//! to plain routes (server/src/alerts.rs), so they work without script; with script a refusal
//! keeps what was typed (`data-keep`, public/js/forms.js).

use crate::i18n::Lang;
use crate::report::alerts::{AlertFrequency, AlertOptions, AlertView};
use crate::report::texts::ReportText;
use crate::ui::{current_lang, NotFound};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server]
pub async fn area_alert_options() -> Result<AlertOptions, crate::error::AppError> {
    crate::report::alerts::options(&crate::context::ctx()?, current_lang()).await
}

#[server]
pub async fn area_alert_view(token: String) -> Result<AlertView, crate::error::AppError> {
    crate::report::alerts::page(&crate::context::ctx()?, &token, current_lang()).await
}

/// A refusal sent back with the form, where the page's script can move it next to its field.
fn refusal(lang: Lang) -> Option<AnyView> {
    let query = use_query_map();
    let q = query.read_untracked();
    let field = q.get("field").unwrap_or_default();
    crate::ui::refusal(&q, lang).map(|t| {
        view! { <p class="field-error" role="alert" data-error-field=field>{t}</p> }.into_any()
    })
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let lang = current_lang();
    let options = Resource::new(|| (), |_| area_alert_options());
    let asked = use_query_map().read_untracked().get("asked").is_some();
    view! {
        <article class="alerts-page">
            <h1>{t!(lang, ReportText::AlertsTitle)}</h1>
            <p>{t!(lang, ReportText::AlertsIntro)}</p>
            {asked.then(|| view! { <p class="notice" role="status" data-alerts-asked>{t!(lang, ReportText::AlertsAsked)}</p> })}
            {refusal(lang)}
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || options.get().map(|o| match o {
                    Ok(o) => view! { <AlertForm o lang/> }.into_any(),
                    Err(_) => view! { <NotFound lang/> }.into_any(),
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn AlertForm(o: AlertOptions, lang: Lang) -> impl IntoView {
    let has_districts = !o.districts.is_empty();
    view! {
        <form method="post" action="/buurt" class="alerts" data-keep="">
            <input type="hidden" name="lang" value=lang.code()/>
            <fieldset class="choices">
                <legend>{t!(lang, ReportText::AlertsWhere)}</legend>
                <label><input type="radio" name="area" value="around" checked/> " " {t!(lang, ReportText::AlertsAround)}</label>
                <label class="field"><span>{t!(lang, crate::office::texts::OfficeText::Address)}</span>
                    <input type="text" name="address" maxlength="200" autocomplete="street-address" placeholder="Grote Markt 1"/></label>
                {has_districts.then(|| view! {
                    <label><input type="radio" name="area" value="district"/> " " {t!(lang, ReportText::AlertsInDistrict)}</label>
                    <label class="field"><span>{t!(lang, ReportText::District)}</span>
                        <select name="district">
                            {o.districts.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
                        </select></label>
                })}
            </fieldset>
            <fieldset class="choices">
                <legend>{t!(lang, ReportText::AlertsWhat)}</legend>
                {o.categories.iter().map(|(code, name)| view! {
                    <label><input type="checkbox" name="category" value=code.clone()/> " " {name.clone()}</label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices">
                <legend>{t!(lang, ReportText::AlertsHowOften)}</legend>
                <label><input type="radio" name="frequency" value="immediate" checked/> " " {t!(lang, ReportText::AlertsImmediate)}</label>
                <label><input type="radio" name="frequency" value="daily"/> " " {t!(lang, ReportText::AlertsDaily)}</label>
            </fieldset>
            <label class="field"><span>{t!(lang, ReportText::AlertsEmail)}</span>
                <input type="email" name="email" required maxlength="254" autocomplete="email"/></label>
            <button type="submit" class="primary">{t!(lang, ReportText::AlertsAsk)}</button>
        </form>
    }
}

#[component]
pub fn AlertPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let view_data = Resource::new(token, area_alert_view);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || view_data.get().map(|a| match a {
                Ok(a) => view! { <AlertSettings a token=token() lang/> }.into_any(),
                Err(_) => view! { <NotFound lang/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn AlertSettings(a: AlertView, token: String, lang: Lang) -> impl IntoView {
    let what = if a.categories.is_empty() {
        t!(lang, ReportText::AlertsAll).to_owned()
    } else {
        a.categories.join(", ")
    };
    let how = match a.frequency {
        AlertFrequency::Immediate => t!(lang, ReportText::AlertsImmediate),
        AlertFrequency::Daily => t!(lang, ReportText::AlertsDaily),
    };
    let state = if a.stopped {
        t!(lang, ReportText::AlertsStopped)
    } else if a.confirmed {
        t!(lang, ReportText::AlertsConfirmed)
    } else if a.expired {
        crate::error::ErrorText::AlertLinkExpired.text(lang)
    } else {
        t!(lang, ReportText::AlertsNotConfirmed)
    };
    view! {
        <article class="alerts-page">
            <h1>{t!(lang, ReportText::AlertsManageTitle)}</h1>
            {refusal(lang)}
            <p class="notice" role="status" data-alert-state>{state}</p>
            <dl class="facts">
                <dt>{t!(lang, ReportText::AlertsWhere)}</dt><dd>{a.area.clone()}</dd>
                <dt>{t!(lang, ReportText::AlertsWhat)}</dt><dd>{what}</dd>
                <dt>{t!(lang, ReportText::AlertsHowOften)}</dt><dd>{how}</dd>
            </dl>
            {(!a.confirmed && !a.stopped && !a.expired).then(|| view! {
                <form method="post" action=format!("/buurt/{token}/confirm") data-native="">
                    <button type="submit" class="primary">{t!(lang, ReportText::AlertsConfirm)}</button>
                </form>
            })}
            {(!a.stopped).then(|| view! {
                <form method="post" action=format!("/buurt/{token}/stop") data-native="">
                    <button type="submit" class="secondary">{t!(lang, ReportText::AlertsStop)}</button>
                </form>
            })}
            <p><a href="/buurt">{t!(lang, ReportText::AlertsTitle)}</a></p>
        </article>
    }
}
