//! The planners' pages: the map of all reports with filters, the statistics dashboard and the
//! printable annual report. Charts are server-rendered SVG with a table beside them.

use super::domain::urlencoding;
#[cfg(feature = "ssr")]
use super::domain::PlannerFilter;
use super::domain::Statistics;
use super::figures::{DistrictTable, FeedbackSection, PaceTable};
#[cfg(feature = "ssr")]
use super::service;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::office::api::{office_options, Options};
use crate::planner::texts::PlannerText;
use crate::report::domain::{Channel, ReportStatus};
use crate::ui::charts::{hours, percent, BarChart, ColumnChart, Count};
use crate::ui::staff::staff_page;
use crate::ui::{current_lang, DayInput};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The query string of the current page, as the filter reads it.
fn query_string() -> String {
    let q = use_query_map();
    let map = q.read();
    let mut parts = Vec::new();
    for key in [
        "category",
        "status",
        "department",
        "district",
        "channel",
        "from",
        "to",
        "overdue",
        "q",
        "answer",
    ] {
        for v in map.get_all(key).unwrap_or_default() {
            parts.push(format!("{key}={}", urlencoding(&v)));
        }
    }
    parts.join("&")
}

#[cfg(feature = "ssr")]
fn filter_of(query: &str) -> Result<PlannerFilter, AppError> {
    let pairs: Vec<(String, String)> = form_urlencoded_pairs(query);
    PlannerFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

#[cfg(feature = "ssr")]
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

#[cfg(feature = "ssr")]
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[server]
pub async fn planner_statistics(query: String) -> Result<Statistics, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    service::statistics(&ctx, &user, filter_of(&query)?, current_lang()).await
}

/// The filter form shared by the map and the statistics (a GET form: links keep the filter).
#[component]
fn FilterForm(o: Options, lang: Lang, action: &'static str) -> impl IntoView {
    let query = use_query_map();
    let has = move |key: &str, value: &str| {
        query
            .read()
            .get_all(key)
            .unwrap_or_default()
            .iter()
            .any(|v| v.split(',').any(|x| x == value))
    };
    let get = move |key: &str| query.read().get(key).unwrap_or_default();
    view! {
        <form class="planner-filter" method="get" action=action data-planner-filter>
            <fieldset>
                <legend>{t!(lang, PlannerText::Category)}</legend>
                {o.categories.iter().map(|c| view! {
                    <label class="check"><input type="checkbox" name="category" value=c.code.clone() checked=has("category", &c.code)/>
                        {format!("{} {}", c.icon, c.name(lang))}</label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t!(lang, PlannerText::Status)}</legend>
                {ReportStatus::ALL.iter().map(|s| view! {
                    <label class="check"><input type="checkbox" name="status" value=s.as_str() checked=has("status", s.as_str())/>
                        {s.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t!(lang, PlannerText::Channel)}</legend>
                {Channel::ALL.iter().map(|c| view! {
                    <label class="check"><input type="checkbox" name="channel" value=c.as_str() checked=has("channel", c.as_str())/>
                        {c.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <AnswerChoices o=o.clone() lang chosen=query
                .read()
                .get_all("answer")
                .unwrap_or_default()
                .iter()
                .flat_map(|v| v.split(',').map(|x| x.trim().to_owned()).collect::<Vec<_>>())
                .collect()/>
            <div class="filter-row">
                <label class="field"><span>{t!(lang, PlannerText::Department)}</span>
                    <select name="department">
                        <option value="">{t!(lang, PlannerText::All)}</option>
                        {o.departments.iter().map(|d| view! {
                            <option value=d.code.clone() selected=has("department", &d.code)>{d.name(lang).to_owned()}</option>
                        }).collect_view()}
                    </select></label>
                {(!o.districts.is_empty()).then(|| view! {
                    <label class="field"><span>{t!(lang, PlannerText::District)}</span>
                        <select name="district">
                            <option value="">{t!(lang, PlannerText::All)}</option>
                            {o.districts.iter().map(|(code, name)| view! {
                                <option value=code.clone() selected=has("district", code)>{name.clone()}</option>
                            }).collect_view()}
                        </select></label>
                })}
                <label class="field"><span>{t!(lang, PlannerText::From)}</span>
                    <DayInput lang name="from" value=get("from")/></label>
                <label class="field"><span>{t!(lang, PlannerText::To)}</span>
                    <DayInput lang name="to" value=get("to")/></label>
                <label class="field"><span>{t!(lang, PlannerText::Words)}</span>
                    <input type="search" name="q" maxlength="100" value=get("q")/></label>
                <label class="check"><input type="checkbox" name="overdue" value="1" checked=has("overdue", "1")/>
                    {t!(lang, PlannerText::OverdueOnly)}</label>
                <button type="submit" class="primary">{t!(lang, PlannerText::Apply)}</button>
            </div>
        </form>
    }
}

/// The category questions' choices as filters (`answer=QUESTION:VALUE`): one fieldset per
/// category that asks a choice or yes/no question.
#[component]
fn AnswerChoices(o: Options, lang: Lang, chosen: Vec<String>) -> impl IntoView {
    o.categories
        .iter()
        .filter_map(|c| {
            let asked: Vec<_> = o
                .questions
                .get(&c.code)?
                .iter()
                .filter(|q| !q.options(lang).is_empty())
                .cloned()
                .collect();
            (!asked.is_empty()).then(|| {
                view! {
                    <fieldset class="answer-filter" data-category=c.code.clone()>
                        <legend>{format!("{} {}", c.icon, c.name(lang))}</legend>
                        {asked.into_iter().map(|q| {
                            let label = q.label(lang).to_owned();
                            let code = q.code.clone();
                            view! {
                                <span class="muted">{label}</span>
                                {q.options(lang).into_iter().map(|(value, text)| {
                                    let key = format!("{code}:{value}");
                                    view! {
                                        <label class="check"><input type="checkbox" name="answer" value=key.clone() checked=chosen.contains(&key)/>
                                            {text}</label>
                                    }
                                }).collect_view()}
                            }
                        }).collect_view()}
                    </fieldset>
                }
            })
        })
        .collect_view()
}

/// `/planner`: every report on a map, clustered by the server for the window and filter.
#[component]
pub fn PlannerMapPage() -> impl IntoView {
    let lang = current_lang();
    let options = Resource::new(|| (), |_| office_options());
    staff_page(lang, move |_user| {
        let query = query_string();
        view! {
            <section class="planner">
                <div class="planner-head">
                    <h1>{t!(lang, PlannerText::MapOfAll)}</h1>
                    <p class="planner-total" aria-live="polite"><strong data-testid="planner-total">"…"</strong> " "
                        {t!(lang, PlannerText::ReportsInView)}</p>
                    <nav class="planner-links">
                        <a href=format!("/planner/stats?{query}")>{t!(lang, PlannerText::Statistics)}</a>
                        <a href=format!("/api/v1/staff/planner/export.csv?{query}") data-export="csv">"CSV"</a>
                        <a href=format!("/api/v1/staff/planner/export.csv?sep=semicolon&{query}") data-export="csv">"CSV (;)"</a>
                        <a href=format!("/api/v1/staff/planner/export.geojson?{query}") data-export="geojson">"GeoJSON"</a>
                        <a href="/planner/annual">{t!(lang, PlannerText::AnnualReport)}</a>
                    </nav>
                </div>
                <div class="planner-body">
                    <Suspense fallback=|| ()>
                        {move || options.get().and_then(Result::ok).map(|o| view! { <FilterForm o lang action="/planner"/> })}
                    </Suspense>
                    <div class="planner-map-wrap">
                        <div class="map-controls" role="group" aria-label=t!(lang, PlannerText::MapView)>
                            <label class="check"><input type="checkbox" data-heat/>{t!(lang, PlannerText::HeatMap)}</label>
                            <label>{t!(lang, PlannerText::ColourBy)} " "
                                <select data-colour>
                                    <option value="status">{t!(lang, PlannerText::ColourByStatus)}</option>
                                    <option value="category">{t!(lang, PlannerText::ColourByCategory)}</option>
                                </select></label>
                        </div>
                        // What the colours mean: statuses here, categories filled in by
                        // maps.js when the map is coloured by category.
                        <ul class="legend" data-legend aria-label=t!(lang, PlannerText::MapLegend)>
                            {ReportStatus::ALL.into_iter().map(|s| view! {
                                <li data-status=s.as_str()><span class="swatch" style=format!("background:{}", s.colour())></span>{s.label(lang)}</li>
                            }).collect_view()}
                        </ul>
                        <ul class="legend" data-legend-category hidden aria-label=t!(lang, PlannerText::MapLegend)></ul>
                        <div id="planner-map" class="map planner-map" data-map="planner" data-query=query.clone()
                            role="application" aria-label=t!(lang, PlannerText::MapOfReports)></div>
                    </div>
                </div>
            </section>
        }
        .into_any()
    })
}

/// `/planner/stats`: the dashboard for the filter in the address bar.
#[component]
pub fn PlannerStatsPage() -> impl IntoView {
    let lang = current_lang();
    let options = Resource::new(|| (), |_| office_options());
    let stats = Resource::new(query_string, planner_statistics);
    staff_page(lang, move |_user| {
        let query = query_string();
        view! {
            <section class="planner stats">
                <div class="planner-head">
                    <h1>{t!(lang, PlannerText::Statistics)}</h1>
                    <nav class="planner-links">
                        <a href=format!("/planner?{query}")>{t!(lang, PlannerText::Map)}</a>
                        <a href=format!("/api/v1/staff/planner/export.csv?sep=semicolon&{query}")>"CSV (;)"</a>
                    </nav>
                </div>
                <details class="filter-box">
                    <summary>{t!(lang, PlannerText::Filter)}</summary>
                    <Suspense fallback=|| ()>
                        {move || options.get().and_then(Result::ok).map(|o| view! { <FilterForm o lang action="/planner/stats"/> })}
                    </Suspense>
                </details>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || stats.get().map(|s| match s {
                        Ok(s) => view! { <Dashboard s lang/> }.into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

#[component]
fn Dashboard(s: Statistics, lang: Lang) -> impl IntoView {
    let dept_rows: Vec<Count> = s
        .by_department
        .iter()
        .map(|d| Count {
            key: d.code.clone(),
            label: d.name.clone(),
            count: d.open,
        })
        .collect();
    let overdue_rows: Vec<Count> = s
        .by_department
        .iter()
        .map(|d| Count {
            key: d.code.clone(),
            label: d.name.clone(),
            count: d.overdue,
        })
        .collect();
    view! {
        <div class="kpis" data-testid="kpis">
            <div class="kpi"><span>{t!(lang, PlannerText::Reports)}</span><strong data-kpi="total">{s.total}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::Open)}</span><strong data-kpi="open">{s.open}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::Overdue)}</span><strong data-kpi="overdue">{s.overdue}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::MedianToDone)}</span><strong data-kpi="median">{hours(s.median_hours_to_done, lang)}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::P90ToDone)}</span><strong data-kpi="p90">{hours(s.p90_hours_to_done, lang)}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::DoneInTime)}</span><strong data-kpi="within">{percent(s.within_target_pct)}</strong></div>
        </div>
        <div class="charts">
            <BarChart title=t!(lang, PlannerText::PerCategory).to_owned() rows=s.by_category.clone() lang/>
            <ColumnChart title=t!(lang, PlannerText::PerMonth).to_owned() rows=s.by_month.clone() lang/>
            <BarChart title=t!(lang, PlannerText::PerChannel).to_owned() rows=s.by_channel.clone() lang/>
            <BarChart title=t!(lang, PlannerText::OpenPerDepartment).to_owned() rows=dept_rows lang/>
            <BarChart title=t!(lang, PlannerText::OverduePerDepartment).to_owned() rows=overdue_rows lang/>
            <BarChart title=t!(lang, PlannerText::PerStatus).to_owned() rows=s.by_status.clone() lang/>
        </div>
        <PaceTable rows=s.pace.clone() lang/>
        <DistrictTable title=t!(lang, PlannerText::PerDistrict).to_owned() rows=s.by_district.clone() lang/>
        <FeedbackSection f=s.feedback.clone() lang/>
        <Hotspots s=s.clone() lang/>
    }
}

#[component]
pub(crate) fn Hotspots(s: Statistics, lang: Lang) -> impl IntoView {
    view! {
        <section class="hotspots">
            <h2>{t!(lang, PlannerText::PlacesWithMost)}</h2>
            // On screen a map with streets (`public/js/maps.js` hotspotMap); the plan below stays
            // for print and for a browser without script.
            {(!s.hotspots.is_empty()).then(|| view! {
                <div class="hotspot-tiles" data-map="hotspots" hidden
                    data-points=serde_json::to_string(&s.hotspots).unwrap_or_default()></div>
            })}
            <HotspotMap s=s.clone() lang/>
            <ol>
                {s.hotspots.iter().map(|h| view! {
                    <li><strong>{h.count}</strong> " · " {h.category.clone()} " · "
                        {h.address.clone().unwrap_or_else(|| format!("{:.4}, {:.4}", h.lat, h.lon))} " · "
                        <a href=format!("/staff/r/{}", h.reference)>{h.reference.clone()}</a></li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The hotspots as circles on a small SVG plan (no tiles: it prints and works offline).
#[component]
fn HotspotMap(s: Statistics, lang: Lang) -> impl IntoView {
    let pts = &s.hotspots;
    if pts.is_empty() {
        return ().into_any();
    }
    let (mut w, mut e, mut so, mut n) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for h in pts {
        w = w.min(h.lon);
        e = e.max(h.lon);
        so = so.min(h.lat);
        n = n.max(h.lat);
    }
    let pad = 0.004;
    let (w, e, so, n) = (w - pad, e + pad, so - pad, n + pad);
    let max = pts.iter().map(|h| h.count).max().unwrap_or(1).max(1) as f64;
    view! {
        <svg class="hotspot-map" viewBox="0 0 400 260" role="img" aria-label=t!(lang, PlannerText::PlacesWithMost)>
            <rect x="0" y="0" width="400" height="260" class="plan"/>
            {pts.iter().enumerate().map(|(i, h)| {
                let x = (h.lon - w) / (e - w) * 400.0;
                let y = (n - h.lat) / (n - so) * 260.0;
                let r = 6.0 + 18.0 * (h.count as f64 / max).sqrt();
                view! {
                    <g>
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r=format!("{r:.1}") class="hotspot"/>
                        <text x=format!("{x:.1}") y=format!("{:.1}", y + 4.0) text-anchor="middle" class="hotspot-rank">{i + 1}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}
