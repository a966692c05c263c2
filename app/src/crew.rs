//! The crew's pages: sign in, open reports nearest first, and a status change with note and
//! after-photo. Forms post to plain routes (see `server::web`), so they work without scripts.
#![warn(clippy::wildcard_enum_match_arm)]

#[cfg(feature = "ssr")]
use crate::auth::require_user;
use crate::auth::signed_in_user;
use crate::error::AppError;
use crate::office::texts::OfficeText;
use crate::report::domain::{address_line, ReportStatus};
use crate::report::page::ReportView;
use crate::ui::staff::{FormOutcome, LoginForm, StaffBar};
use crate::ui::texts::ScriptText;
use crate::ui::texts::UiText;
use crate::ui::{current_lang, NotFound, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server]
pub async fn crew_worklist(
    lat: Option<f64>,
    lon: Option<f64>,
) -> Result<Vec<crate::office::domain::StaffSummary>, AppError> {
    let user = require_user().await?;
    let point = match (lat, lon) {
        (Some(lat), Some(lon)) => Some(crate::report::domain::GeoPoint::new(lat, lon)?),
        _ => None,
    };
    crate::office::service::crew_worklist(&crate::context::ctx()?, &user, point).await
}

#[server]
pub async fn crew_categories() -> Result<Vec<crate::report::domain::Category>, AppError> {
    require_user().await?;
    crate::context::ctx()?.store.categories(false).await
}

/// A `geo:` link that opens the tablet's navigation app at the report.
fn geo_uri(lat: f64, lon: f64, label: &str) -> String {
    format!("geo:{lat:.6},{lon:.6}?q={lat:.6},{lon:.6}({label})")
}

/// The crew's tablet page: assigned work and its map side by side (landscape) or stacked
/// (portrait), and a form for something found in the field.
#[component]
pub fn CrewPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let me = Resource::new(|| (), |_| signed_in_user());
    let position = move || {
        let q = query.read();
        (
            q.get("lat").and_then(|v| v.parse().ok()),
            q.get("lon").and_then(|v| v.parse().ok()),
        )
    };
    let list = Resource::new(position, |(lat, lon)| crew_worklist(lat, lon));
    let categories = Resource::new(|| (), |_| crew_categories());
    let questions = Resource::new(|| (), |_| crate::report::api::list_questions());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || me.get().map(|me| match me {
                Ok(Some(user)) => view! {
                    <StaffBar user=user.clone() lang/>
                    <section class="crew">
                        <div class="crew-head">
                            <h1>{t!(lang, OfficeText::MyWork)}</h1>
                            <a class="button secondary" href="/crew" data-locate-link>"📍 " {t!(lang, OfficeText::CrewFromHere)}</a>
                        </div>
                        {query.read().get("created").map(|r| view! { <p class="notice" role="status">{t!(lang, OfficeText::ReportRegistered)} " " {r}</p> })}
                        // Filled in by public/js/crew.js, which hides it where the browser cannot
                        // work offline (shown from the start, so nothing moves when it fills in).
                        <div class="offline-panel" data-crew-offline>
                            <button type="button" class="secondary" data-prepare>"⬇ " {t!(lang, ScriptText::Prepare)}</button>
                            <span data-package-age></span>
                            <span data-prepare-estimate></span>
                            <progress max="1" value="0" hidden></progress>
                            <span data-prepare-status role="status"></span>
                            <div data-crew-changes aria-live="polite"></div>
                        </div>
                        <FormOutcome lang/>
                        <Suspense fallback=|| ()>
                            {move || list.get().map(|l| {
                                let l = l.unwrap_or_default();
                                let points = serde_json::to_string(&l.iter().map(|r| serde_json::json!({
                                    "ref": r.reference, "lat": r.lat, "lon": r.lon, "status": r.status.as_str(), "colour": r.status.colour()
                                })).collect::<Vec<_>>()).unwrap_or_default();
                                view! {
                                    <div class="work">
                                        {if l.is_empty() {
                                            view! { <p>{t!(lang, OfficeText::NoAssignedReports)}</p> }.into_any()
                                        } else {
                                            view! {
                                                <ol class="worklist">
                                                    {l.into_iter().map(|r| view! {
                                                        <li class:overdue={r.days_overdue > 0}>
                                                            <a href=format!("/crew/r/{}", r.reference)>
                                                                <StatusBadge status=r.status lang/>
                                                                " " <strong>{r.category_name(lang).to_owned()}</strong>
                                                                " · " {r.reference.clone()}
                                                                " · P" {r.priority}
                                                                {r.distance_m.map(|d| format!(" · {:.1} km", d / 1000.0))}
                                                                {(r.days_overdue > 0).then(|| view! { " " <strong class="late">{format!("{} {}", r.days_overdue, t!(lang, OfficeText::DLate))}</strong> })}
                                                                <span class="muted">" " {address_line(lang, r.address.as_deref(), r.address_near).unwrap_or_default()}</span>
                                                                <span class="desc">{r.description.chars().take(100).collect::<String>()}</span>
                                                            </a>
                                                            <a class="button secondary nav" href=geo_uri(r.lat, r.lon, &r.reference)
                                                                aria-label=format!("{} {}", t!(lang, OfficeText::Navigate), r.reference)>
                                                                <span aria-hidden="true">"🧭"</span>
                                                                <span class="nav-label" aria-hidden="true">{t!(lang, OfficeText::Navigate)}</span>
                                                            </a>
                                                        </li>
                                                    }).collect_view()}
                                                </ol>
                                            }.into_any()
                                        }}
                                        <div class="map worklist-map" data-map="worklist" data-points=points></div>
                                    </div>
                                }
                            })}
                        </Suspense>
                        <details class="field-report">
                            <summary>{t!(lang, OfficeText::FoundSomethingNew)}</summary>
                            <form method="post" action="/crew/new" enctype="multipart/form-data" data-locate-fill data-offline="new">
                                <label class="field"><span>{t!(lang, OfficeText::Category)}</span>
                                    <select name="category" required>
                                        <Suspense fallback=|| ()>
                                            {move || categories.get().and_then(Result::ok).map(|cs| cs.into_iter().map(|c| view! {
                                                <option value=c.code.clone()>{format!("{} {}", c.icon, c.name(lang))}</option>
                                            }).collect_view())}
                                        </Suspense>
                                    </select></label>
                                <Suspense fallback=|| ()>
                                    {move || questions.get().and_then(Result::ok).map(|qs| qs.into_iter().map(|(category, questions)| view! {
                                        <crate::ui::questions::QuestionFields category questions lang/>
                                    }).collect_view())}
                                </Suspense>
                                <label class="field"><span>{t!(lang, OfficeText::Description)}</span>
                                    <textarea name="description" rows="2" maxlength="4000" required></textarea></label>
                                <label class="field"><span>{t!(lang, OfficeText::AddressIfNo)}</span>
                                    <input type="text" name="address" maxlength="200"/></label>
                                <input type="hidden" name="lat"/>
                                <input type="hidden" name="lon"/>
                                <label class="field"><span>{t!(lang, OfficeText::Photo)}</span>
                                    <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" capture="environment"/></label>
                                <button type="submit" class="primary">{t!(lang, OfficeText::CreateReport)}</button>
                            </form>
                        </details>
                    </section>
                }.into_any(),
                _ => view! { <LoginForm lang action="/crew/login"/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn CrewReportPage() -> impl IntoView {
    let lang = current_lang();
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let report = Resource::new(reference, crate::report::api::get_report);
    let staff = Resource::new(reference, crate::office::api::staff_report_data);
    let me = Resource::new(|| (), |_| signed_in_user());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || match (me.get(), report.get(), staff.get()) {
                (Some(Ok(Some(user))), Some(Ok(mut r)), Some(Ok(staff))) => {
                    // Crews read every answer, internal ones too.
                    r.answers = staff.answers.clone();
                    let action = format!("/crew/r/{}/status", r.reference);
                    let version = staff.version;
                    let next: Vec<ReportStatus> = [ReportStatus::InProgress, ReportStatus::Done]
                        .into_iter()
                        .filter(|s| r.status.can_transition_to(*s))
                        .collect();
                    view! {
                        <p class="crew-top">
                            <a href="/crew">"← " {t!(lang, OfficeText::CrewBack)}</a>
                            " " <span class="sync-status" data-sync-status data-user=user.id.to_string() hidden aria-live="polite"></span>
                        </p>
                        <FormOutcome lang/>
                        <div class="pending-here" data-pending-for=r.reference.clone() aria-live="polite"></div>
                        // What the report is first, then what to do about it.
                        <ReportView report=r.clone() lang yours=false/>
                        {(!next.is_empty()).then(|| view! {
                            <form class="status-form" method="post" action=action enctype="multipart/form-data"
                                data-offline="status" data-ref=r.reference.clone() data-version=version.to_string()>
                                <input type="hidden" name="version" value=version.to_string()/>
                                <h2>{t!(lang, OfficeText::CrewChange)}</h2>
                                <div class="choices">
                                    // Nothing chosen beforehand: one stray tap must not close a report and mail
                                    // the reporter.
                                    {next.iter().enumerate().map(|(i, s)| view! {
                                        <label class="choice">
                                            <input type="radio" name="status" value=s.as_str() required=i == 0/>
                                            {match s {
                                                ReportStatus::Done => t!(lang, OfficeText::CrewMarkDone),
                                                ReportStatus::InProgress => t!(lang, OfficeText::CrewMarkInProgress),
                                                // Not offered to crews (see `next`).
                                                ReportStatus::New
                                                | ReportStatus::Accepted
                                                | ReportStatus::Assigned
                                                | ReportStatus::Rejected
                                                | ReportStatus::Duplicate
                                                | ReportStatus::Forwarded => s.label(lang),
                                            }}
                                        </label>
                                    }).collect_view()}
                                    <label class="choice">
                                        <input type="radio" name="status" value=crate::office::domain::CREW_REMARK/>
                                        {t!(lang, OfficeText::OnlyARemark)}
                                    </label>
                                </div>
                                <label class="field"><span>{t!(lang, OfficeText::CrewNote)}</span>
                                    <textarea name="note" rows="3" maxlength="2000"></textarea></label>
                                // A large button that opens the camera, with the chosen photos' names
                                // under it (`public/js/crew.js`).
                                <label class="button secondary photo-take">"📷 " {t!(lang, OfficeText::CrewAfterPhoto)}
                                    <input type="file" name="photo" class="visually-hidden" accept="image/jpeg,image/png,image/webp" capture="environment" multiple/></label>
                                <output class="photo-chosen muted" data-photo-chosen></output>
                                <button type="submit" class="primary">{t!(lang, OfficeText::CrewSave)}</button>
                            </form>
                        })}
                    }.into_any()
                }
                (Some(Ok(None)), _, _) => view! { <p><a href="/crew">{t!(lang, UiText::CrewLogin)}</a></p> }.into_any(),
                (Some(_), Some(Err(_)), _) | (Some(_), _, Some(Err(_))) => view! { <NotFound lang/> }.into_any(),
                _ => view! { <p class="muted">"…"</p> }.into_any(),
            }}
        </Suspense>
    }
}
