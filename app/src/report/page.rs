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
                {t!(lang, ReportText::ReportStatus)} ": " <StatusBadge status=report.status lang/>
            </p>
            <p class="muted">
                {t!(lang, ReportText::ReportReported)} " " {format_datetime(report.created_at)} " · "
                {t!(lang, ReportText::ReportUpdated)} " " {format_datetime(report.updated_at)}
            </p>
            <p class="description">{report.description.clone()}</p>
            <crate::ui::questions::AnswerList answers=report.answers.clone() lang/>
            <h2>{t!(lang, ReportText::ReportLocation)}</h2>
            {address_line(lang, report.address.as_deref(), report.address_near).map(|a| view! { <p>{a}</p> })}
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
