//! The public report page (`/r/:reference`) and the reporter's tracking page (`/track/:token`).

use crate::i18n::Lang;
use crate::report::api::{get_report, get_tracked_report};
use crate::report::domain::{address_line, PhotoKind, PublicReport};
use crate::report::texts::ReportText;
use crate::time::format_datetime;
use crate::ui::{current_lang, NotFound, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = current_lang();
    let params = use_params_map();
    let report = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        get_report,
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || report.get().map(|r| match r {
                Ok(r) => view! { <ReportView report=r lang yours=false/> }.into_any(),
                Err(_) => view! { <NotFound lang/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn TrackPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let report = Resource::new(
        move || params.read().get("token").unwrap_or_default(),
        get_tracked_report,
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || report.get().map(|r| match r {
                Ok(r) => view! { <ReportView report=r lang yours=true/> }.into_any(),
                Err(_) => view! { <NotFound lang/> }.into_any(),
            })}
        </Suspense>
    }
}

/// One report: status, place, description, photos and the timeline. Never contact data
/// (`PublicReport` does not have any).
#[component]
pub fn ReportView(report: PublicReport, lang: Lang, yours: bool) -> impl IntoView {
    let (lat, lon, colour) = (report.lat, report.lon, report.status.colour());
    let photo_label = move |k: PhotoKind| k.label(lang);
    view! {
        <article class="report" data-ref=report.reference.clone()>
            {yours.then(|| view! { <p class="notice">{t!(lang, ReportText::ReportYours)}</p> })}
            <h1>{report.category_name.clone()} <small>" " {report.reference.clone()}</small></h1>
            <p class="status-line">
                {t!(lang, ReportText::ReportStatus)} {lang.colon()} <StatusBadge status=report.status lang/>
            </p>
            <p class="muted">
                {t!(lang, ReportText::ReportReported)} " " {format_datetime(report.created_at)} " · "
                {t!(lang, ReportText::ReportUpdated)} " " {format_datetime(report.updated_at)}
            </p>
            <p class="description">{report.description.clone()}</p>
            <crate::ui::questions::AnswerList answers=report.answers.clone() lang/>
            <h2>{t!(lang, ReportText::ReportLocation)}</h2>
            {address_line(lang, report.address.as_deref(), report.address_near).map(|a| view! { <p>{a}</p> })}
            {report.district.clone().map(|d| view! {
                <p data-district>{t!(lang, ReportText::District)} {lang.colon()} {d}</p>
            })}
            <div class="map small" data-map="point" data-lat=lat.to_string() data-lon=lon.to_string() data-colour=colour></div>
            {(!report.photos.is_empty()).then(|| view! {
                <h2>{t!(lang, ReportText::ReportPhotos)}</h2>
                <ul class="photo-grid">
                    {report.photos.iter().map(|p| view! {
                        <li>
                            <a href=p.url.clone()>
                                <img src=p.thumbnail_url.clone() alt=photo_label(p.kind) loading="lazy"
                                    width=p.width.min(400) height=(u64::from(p.height) * u64::from(p.width.min(400)) / u64::from(p.width.max(1))).to_string()/>
                            </a>
                            <span class="caption">{photo_label(p.kind)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <h2>{t!(lang, ReportText::ReportHistory)}</h2>
            <ol class="timeline">
                {report.history.iter().rev().map(|h| view! {
                    <li data-status=h.status.as_str()>
                        <StatusBadge status=h.status lang/>
                        " " <time datetime=h.at.to_rfc3339()>{format_datetime(h.at)}</time>
                        {h.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            {(!yours).then(|| view! { <FollowForm reference=report.reference.clone() lang/> })}
            {yours.then(|| view! {
                <p class="complaint-link">
                    {t!(lang, ReportText::NotSatisfiedWith)}
                    " " <a href=format!("/complaint?report={}", report.reference) data-complaint-link>
                        {t!(lang, ReportText::FileAComplaint)}</a>
                </p>
            })}
        </article>
    }
}

/// "Volg deze melding": an e-mail address gets the report's status mails once it confirms the
/// link mailed to it (`POST /r/{ref}/follow`, server/src/follow.rs). The page says what came
/// of it (`?follow=asked|confirmed|stopped`, or the refusal's explanation).
#[component]
fn FollowForm(reference: String, lang: Lang) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let outcome = move || {
        let q = query.read();
        let said = match q.get("follow").as_deref() {
            Some("asked") => Some(t!(lang, ReportText::FollowAsked)),
            Some("confirmed") => Some(t!(lang, ReportText::FollowConfirmed)),
            Some("stopped") => Some(t!(lang, ReportText::FollowStopped)),
            _ => None,
        };
        let refused = crate::ui::refusal(&q, lang);
        (said, refused)
    };
    view! {
        <section class="follow" id="follow">
            <h2>{t!(lang, ReportText::FollowTitle)}</h2>
            {move || {
                let (said, refused) = outcome();
                view! {
                    {said.map(|t| view! { <p class="notice" role="status" data-follow-outcome>{t}</p> })}
                    {refused.map(|t| view! { <p class="field-error" role="alert" data-error-field="email">{t}</p> })}
                }
            }}
            <form method="post" action=format!("/r/{reference}/follow") class="follow-form" data-native="">
                <input type="hidden" name="lang" value=lang.code()/>
                <label class="field"><span>{t!(lang, ReportText::FollowEmail)}</span>
                    <input type="email" name="email" required maxlength="254" autocomplete="email"/></label>
                <p class="muted">{t!(lang, ReportText::FollowExplain)}</p>
                <button type="submit" class="secondary">{t!(lang, ReportText::FollowButton)}</button>
            </form>
        </section>
    }
}

/// `/follow/:token`, the page the confirmation mail and a mail's stop link lead to: a button to
/// confirm, and one to stop (first when the stop link brought the person here). Opening the
/// page changes nothing: mail filters open links too.
#[component]
pub fn FollowPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let token = move || {
        let token = params.read().get("token").unwrap_or_default();
        crate::report::domain::link_token(&token).map(str::to_owned)
    };
    let stopping = move || query.read().get("stop").is_some();
    move || {
        let Some(token) = token() else {
            return view! { <crate::ui::NotFound lang/> }.into_any();
        };
        let confirm = view! {
            <form method="post" action=format!("/follow/{token}/confirm") data-native="">
                <button type="submit" class="primary">{t!(lang, ReportText::FollowConfirmButton)}</button>
            </form>
        };
        let stop = view! {
            <form method="post" action=format!("/follow/{token}/stop") data-native="">
                <button type="submit" class=if stopping() { "primary" } else { "secondary" }>{t!(lang, ReportText::FollowStopButton)}</button>
            </form>
        };
        view! {
            <article class="follow-page">
                <h1>{t!(lang, ReportText::FollowTitle)}</h1>
                {if stopping() {
                    view! { <p>{t!(lang, ReportText::FollowStopLead)}</p> {stop} }.into_any()
                } else {
                    view! { <p>{t!(lang, ReportText::FollowConfirmLead)}</p> {confirm} {stop} }.into_any()
                }}
            </article>
        }
        .into_any()
    }
}
