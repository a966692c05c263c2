//! The planners' pages: the map of all reports with filters, the statistics dashboard and the
//! printable annual report. Charts are server-rendered SVG with a table beside them.

use super::domain::urlencoding;
#[cfg(feature = "ssr")]
use super::domain::PlannerFilter;
use super::domain::{Count, Statistics};
#[cfg(feature = "ssr")]
use super::service;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::office::pages::{office_options, staff_page, Options};
use crate::report::domain::{Channel, ReportStatus};
use crate::ui::current_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The query string of the current page, as the filter reads it.
fn query_string() -> String {
    let q = use_query_map();
    let map = q.read();
    let mut parts = Vec::new();
    for key in [
        "category",
        "status",
        "department",
        "channel",
        "from",
        "to",
        "overdue",
        "q",
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
    let user = crate::office::pages::me_or_401().await?;
    let ctx = crate::report::api::ctx()?;
    service::statistics(&ctx, &user, filter_of(&query)?, current_lang()).await
}

/// The annual report: one year against the two before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualFigures {
    pub year: i32,
    /// The year itself, then the year before, then the one before that.
    pub years: Vec<(i32, Statistics)>,
    /// The complaints register's figures of the year, for those who may see them.
    pub complaints: Option<crate::complaint::domain::ComplaintYearReport>,
}

#[server]
pub async fn annual_report(year: i32) -> Result<AnnualFigures, AppError> {
    let user = crate::office::pages::me_or_401().await?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::validation("year", "choose a year"));
    }
    let ctx = crate::report::api::ctx()?;
    let mut years = Vec::new();
    for y in [year, year - 1, year - 2] {
        let filter = PlannerFilter {
            from: chrono::NaiveDate::from_ymd_opt(y, 1, 1),
            to: chrono::NaiveDate::from_ymd_opt(y, 12, 31),
            ..PlannerFilter::default()
        };
        years.push((
            y,
            service::statistics(&ctx, &user, filter, current_lang()).await?,
        ));
    }
    let complaints = crate::complaint::service::yearly_report(&ctx, &user, year, current_lang())
        .await
        .ok();
    Ok(AnnualFigures {
        year,
        years,
        complaints,
    })
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
                <legend>{lang.pick("Categorie", "Catégorie", "Category")}</legend>
                {o.categories.iter().map(|c| view! {
                    <label class="check"><input type="checkbox" name="category" value=c.code.clone() checked=has("category", &c.code)/>
                        {format!("{} {}", c.icon, c.name(lang))}</label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{lang.pick("Status", "Statut", "Status")}</legend>
                {ReportStatus::ALL.iter().map(|s| view! {
                    <label class="check"><input type="checkbox" name="status" value=s.as_str() checked=has("status", s.as_str())/>
                        {s.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{lang.pick("Kanaal", "Canal", "Channel")}</legend>
                {Channel::ALL.iter().map(|c| view! {
                    <label class="check"><input type="checkbox" name="channel" value=c.as_str() checked=has("channel", c.as_str())/>
                        {c.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <div class="filter-row">
                <label class="field"><span>{lang.pick("Dienst", "Service", "Department")}</span>
                    <select name="department">
                        <option value="">{lang.pick("Alle", "Tous", "All")}</option>
                        {o.departments.iter().map(|d| view! {
                            <option value=d.code.clone() selected=has("department", &d.code)>{d.name(lang).to_owned()}</option>
                        }).collect_view()}
                    </select></label>
                <label class="field"><span>{lang.pick("Van", "Du", "From")}</span>
                    <input type="date" name="from" value=get("from")/></label>
                <label class="field"><span>{lang.pick("Tot en met", "Au", "To")}</span>
                    <input type="date" name="to" value=get("to")/></label>
                <label class="field"><span>{lang.pick("Zoekwoorden", "Mots", "Words")}</span>
                    <input type="search" name="q" maxlength="100" value=get("q")/></label>
                <label class="check"><input type="checkbox" name="overdue" value="1" checked=has("overdue", "1")/>
                    {lang.pick("Enkel te laat", "En retard seulement", "Overdue only")}</label>
                <button type="submit" class="primary">{lang.pick("Toepassen", "Appliquer", "Apply")}</button>
            </div>
        </form>
    }
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
                    <h1>{lang.pick("Kaart van alle meldingen", "Carte de tous les signalements", "Map of all reports")}</h1>
                    <p class="planner-total" aria-live="polite"><strong data-testid="planner-total">"…"</strong> " "
                        {lang.pick("meldingen in beeld", "signalements visibles", "reports in view")}</p>
                    <nav class="planner-links">
                        <a href=format!("/planner/stats?{query}")>{lang.pick("Statistieken", "Statistiques", "Statistics")}</a>
                        <a href=format!("/api/v1/staff/planner/export.csv?{query}") data-export="csv">"CSV"</a>
                        <a href=format!("/api/v1/staff/planner/export.csv?sep=semicolon&{query}") data-export="csv">"CSV (;)"</a>
                        <a href=format!("/api/v1/staff/planner/export.geojson?{query}") data-export="geojson">"GeoJSON"</a>
                        <a href="/planner/annual">{lang.pick("Jaarverslag", "Rapport annuel", "Annual report")}</a>
                    </nav>
                </div>
                <div class="planner-body">
                    <Suspense fallback=|| ()>
                        {move || options.get().and_then(Result::ok).map(|o| view! { <FilterForm o lang action="/planner"/> })}
                    </Suspense>
                    <div class="planner-map-wrap">
                        <div class="map-controls" role="group" aria-label=lang.pick("Kaartweergave", "Affichage", "Map view")>
                            <label class="check"><input type="checkbox" data-heat/>{lang.pick("Hittekaart", "Carte de chaleur", "Heat map")}</label>
                            <label>{lang.pick("Kleur volgens", "Couleur selon", "Colour by")} " "
                                <select data-colour>
                                    <option value="status">{lang.pick("status", "statut", "status")}</option>
                                    <option value="category">{lang.pick("categorie", "catégorie", "category")}</option>
                                </select></label>
                        </div>
                        <div id="planner-map" class="map planner-map" data-map="planner" data-query=query.clone()
                            role="application" aria-label=lang.pick("Kaart van de meldingen", "Carte des signalements", "Map of reports")></div>
                    </div>
                </div>
            </section>
        }
        .into_any()
    })
}

/// A horizontal bar chart with its numbers as a table, for screen readers and printing.
#[component]
pub fn BarChart(title: String, rows: Vec<Count>, lang: Lang) -> impl IntoView {
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let bar_h = 22;
    let height = rows.len() * bar_h + 4;
    let label_w = 150.0;
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 400 {height}") role="img" aria-label=title.clone() preserveAspectRatio="xMinYMin meet">
                {rows.iter().enumerate().map(|(i, r)| {
                    let y = i * bar_h + 2;
                    let w = (400.0 - label_w - 50.0) * r.count as f64 / max as f64;
                    view! {
                        <g>
                            <text x="0" y=y + 15 class="chart-label">{r.label.chars().take(22).collect::<String>()}</text>
                            <rect x=label_w y=y width=format!("{w:.1}") height=bar_h - 6 rx="3" class="chart-bar"/>
                            <text x=format!("{:.1}", label_w + w + 4.0) y=y + 15 class="chart-value">{r.count}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{lang.pick("Tabel", "Tableau", "Table")}</summary>
                <table>
                    <tbody>
                        {rows.iter().map(|r| view! { <tr><th scope="row">{r.label.clone()}</th><td>{r.count}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// A column chart over time (months), with its table.
#[component]
pub fn ColumnChart(title: String, rows: Vec<Count>, lang: Lang) -> impl IntoView {
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let n = rows.len().max(1);
    let col_w = 400.0 / n as f64;
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox="0 0 400 170" role="img" aria-label=title.clone() preserveAspectRatio="xMinYMin meet">
                {rows.iter().enumerate().map(|(i, r)| {
                    let h = 130.0 * r.count as f64 / max as f64;
                    let x = i as f64 * col_w;
                    view! {
                        <g>
                            <rect x=format!("{:.1}", x + 2.0) y=format!("{:.1}", 140.0 - h) width=format!("{:.1}", (col_w - 4.0).max(1.0)) height=format!("{h:.1}") rx="2" class="chart-bar"/>
                            <text x=format!("{:.1}", x + col_w / 2.0) y="156" text-anchor="middle" class="chart-label small">{r.label.split(' ').next().unwrap_or_default().to_owned()}</text>
                            <text x=format!("{:.1}", x + col_w / 2.0) y=format!("{:.1}", 136.0 - h) text-anchor="middle" class="chart-value small">{r.count}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{lang.pick("Tabel", "Tableau", "Table")}</summary>
                <table><tbody>
                    {rows.iter().map(|r| view! { <tr><th scope="row">{r.label.clone()}</th><td>{r.count}</td></tr> }).collect_view()}
                </tbody></table>
            </details>
        </figure>
    }
}

pub fn hours(h: Option<f64>, lang: Lang) -> String {
    match h {
        None => "–".to_owned(),
        Some(h) if h < 48.0 => format!("{h:.0} {}", lang.pick("uur", "h", "h")),
        Some(h) => format!("{:.1} {}", h / 24.0, lang.pick("dagen", "jours", "days")),
    }
}

pub fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "–".to_owned(), |p| format!("{p:.0} %"))
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
                    <h1>{lang.pick("Statistieken", "Statistiques", "Statistics")}</h1>
                    <nav class="planner-links">
                        <a href=format!("/planner?{query}")>{lang.pick("Kaart", "Carte", "Map")}</a>
                        <a href=format!("/api/v1/staff/planner/export.csv?sep=semicolon&{query}")>"CSV (;)"</a>
                    </nav>
                </div>
                <details class="filter-box">
                    <summary>{lang.pick("Filter", "Filtre", "Filter")}</summary>
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
            <div class="kpi"><span>{lang.pick("Meldingen", "Signalements", "Reports")}</span><strong data-kpi="total">{s.total}</strong></div>
            <div class="kpi"><span>{lang.pick("Open", "Ouverts", "Open")}</span><strong data-kpi="open">{s.open}</strong></div>
            <div class="kpi"><span>{lang.pick("Te laat", "En retard", "Overdue")}</span><strong data-kpi="overdue">{s.overdue}</strong></div>
            <div class="kpi"><span>{lang.pick("Mediaan tot opgelost", "Médiane jusqu'à résolution", "Median to done")}</span><strong data-kpi="median">{hours(s.median_hours_to_done, lang)}</strong></div>
            <div class="kpi"><span>{lang.pick("P90 tot opgelost", "P90 jusqu'à résolution", "P90 to done")}</span><strong data-kpi="p90">{hours(s.p90_hours_to_done, lang)}</strong></div>
            <div class="kpi"><span>{lang.pick("Op tijd opgelost", "Résolus à temps", "Done in time")}</span><strong data-kpi="within">{percent(s.within_target_pct)}</strong></div>
        </div>
        <div class="charts">
            <BarChart title=lang.pick("Per categorie", "Par catégorie", "Per category").to_owned() rows=s.by_category.clone() lang/>
            <ColumnChart title=lang.pick("Per maand", "Par mois", "Per month").to_owned() rows=s.by_month.clone() lang/>
            <BarChart title=lang.pick("Per kanaal", "Par canal", "Per channel").to_owned() rows=s.by_channel.clone() lang/>
            <BarChart title=lang.pick("Open per dienst", "Ouverts par service", "Open per department").to_owned() rows=dept_rows lang/>
            <BarChart title=lang.pick("Te laat per dienst", "En retard par service", "Overdue per department").to_owned() rows=overdue_rows lang/>
            <BarChart title=lang.pick("Per status", "Par statut", "Per status").to_owned() rows=s.by_status.clone() lang/>
        </div>
        <Hotspots s=s.clone() lang/>
    }
}

#[component]
fn Hotspots(s: Statistics, lang: Lang) -> impl IntoView {
    view! {
        <section class="hotspots">
            <h2>{lang.pick("Plaatsen met de meeste meldingen", "Lieux les plus signalés", "Places with most reports")}</h2>
            <HotspotMap s=s.clone()/>
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
fn HotspotMap(s: Statistics) -> impl IntoView {
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
        <svg class="hotspot-map" viewBox="0 0 400 260" role="img" aria-label="hotspots">
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

/// `/planner/annual?year=`: the report the council discusses, made to print.
#[component]
pub fn AnnualReportPage() -> impl IntoView {
    let lang = current_lang();
    let report = Resource::new(query_year(), annual_report);
    staff_page(lang, move |_user| {
        view! {
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || report.get().map(|r| match r {
                    Ok(r) => view! { <AnnualReportView r lang/> }.into_any(),
                    Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        }
        .into_any()
    })
}

/// The `?year=` of a yearly report page, this year when absent.
pub fn query_year() -> impl Fn() -> i32 + Clone + Send + Sync + 'static {
    use chrono::Datelike;
    let query = use_query_map();
    move || {
        query
            .read()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or_else(|| chrono::Utc::now().year())
    }
}

fn trend(now: u64, before: u64) -> String {
    if before == 0 {
        return "–".to_owned();
    }
    let change = 100.0 * (now as f64 - before as f64) / before as f64;
    format!("{}{change:.0} %", if change > 0.0 { "+" } else { "" })
}

#[component]
fn AnnualReportView(r: AnnualFigures, lang: Lang) -> impl IntoView {
    let this = r.years[0].1.clone();
    let years = r.years.clone();
    let count_in = |s: &Statistics, pick: fn(&Statistics) -> &Vec<Count>, key: &str| {
        pick(s).iter().find(|c| c.key == key).map_or(0, |c| c.count)
    };
    let mut category_keys: Vec<(String, String)> = Vec::new();
    for (_, s) in &years {
        for c in &s.by_category {
            if !category_keys.iter().any(|(k, _)| k == &c.key) {
                category_keys.push((c.key.clone(), c.label.clone()));
            }
        }
    }
    let mut channel_keys: Vec<(String, String)> = Vec::new();
    for (_, s) in &years {
        for c in &s.by_channel {
            if !channel_keys.iter().any(|(k, _)| k == &c.key) {
                channel_keys.push((c.key.clone(), c.label.clone()));
            }
        }
    }
    let table = move |keys: Vec<(String, String)>,
                      pick: fn(&Statistics) -> &Vec<Count>,
                      head: &'static str| {
        let years = years.clone();
        view! {
            <table class="annual-table">
                <thead><tr>
                    <th scope="col">{head}</th>
                    {years.iter().map(|(y, _)| view! { <th scope="col">{*y}</th> }).collect_view()}
                    <th scope="col">{lang.pick("Evolutie", "Évolution", "Change")}</th>
                </tr></thead>
                <tbody>
                    {keys.into_iter().map(|(key, label)| {
                        let counts: Vec<u64> = years.iter().map(|(_, s)| count_in(s, pick, &key)).collect();
                        view! {
                            <tr data-key=key.clone()>
                                <th scope="row">{label}</th>
                                {counts.iter().map(|c| view! { <td>{*c}</td> }).collect_view()}
                                <td>{trend(counts[0], counts.get(1).copied().unwrap_or(0))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    let years2 = r.years.clone();
    view! {
        <article class="annual-report" data-year=r.year>
            <header class="annual-cover">
                <p class="muted">"Meldpunt"</p>
                <h1>{format!("{} {}", lang.pick("Jaarverslag meldingen", "Rapport annuel des signalements", "Annual report on reports"), r.year)}</h1>
                <form method="get" action="/planner/annual" class="no-print">
                    <label>{lang.pick("Jaar", "Année", "Year")} " "
                        <input type="number" name="year" min="2000" max="2100" value=r.year/></label>
                    " " <button type="submit" class="secondary">{lang.pick("Tonen", "Afficher", "Show")}</button>
                    " " <button type="button" class="secondary" onclick="window.print()">{lang.pick("Afdrukken / PDF", "Imprimer / PDF", "Print / PDF")}</button>
                </form>
            </header>
            <section class="annual-summary">
                <h2>{lang.pick("Kerncijfers", "Chiffres clés", "Key figures")}</h2>
                <table class="annual-table">
                    <thead><tr><th scope="col"></th>
                        {years2.iter().map(|(y, _)| view! { <th scope="col">{*y}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        <tr data-key="total"><th scope="row">{lang.pick("Meldingen", "Signalements", "Reports")}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{s.total}</td> }).collect_view()}</tr>
                        <tr data-key="done"><th scope="row">{lang.pick("Opgelost", "Résolus", "Done")}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{s.done}</td> }).collect_view()}</tr>
                        <tr data-key="median"><th scope="row">{lang.pick("Mediaan tot opgelost", "Médiane jusqu'à résolution", "Median to done")}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{hours(s.median_hours_to_done, lang)}</td> }).collect_view()}</tr>
                        <tr data-key="p90"><th scope="row">{lang.pick("P90 tot opgelost", "P90 jusqu'à résolution", "P90 to done")}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{hours(s.p90_hours_to_done, lang)}</td> }).collect_view()}</tr>
                        <tr data-key="within"><th scope="row">{lang.pick("Op tijd opgelost", "Résolus à temps", "Done in time")}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{percent(s.within_target_pct)}</td> }).collect_view()}</tr>
                    </tbody>
                </table>
            </section>
            <section class="annual-section">
                <h2>{lang.pick("Per categorie", "Par catégorie", "Per category")}</h2>
                {table(category_keys, |s| &s.by_category, lang.pick("Categorie", "Catégorie", "Category"))}
                <BarChart title=format!("{} {}", lang.pick("Meldingen per categorie", "Signalements par catégorie", "Reports per category"), r.year) rows=this.by_category.clone() lang/>
            </section>
            <section class="annual-section">
                <h2>{lang.pick("Per kanaal", "Par canal", "Per channel")}</h2>
                {table(channel_keys, |s| &s.by_channel, lang.pick("Kanaal", "Canal", "Channel"))}
                <ColumnChart title=format!("{} {}", lang.pick("Meldingen per maand", "Signalements par mois", "Reports per month"), r.year) rows=this.by_month.clone() lang/>
            </section>
            <section class="annual-section">
                <Hotspots s=this.clone() lang/>
            </section>
            <section class="annual-section" id="complaints" data-complaints=if r.complaints.is_some() { "filled" } else { "hidden" }>
                <h2>{lang.pick("Klachten", "Plaintes", "Complaints")}</h2>
                {match r.complaints.clone() {
                    Some(c) => view! { <crate::complaint::pages::ComplaintFigures r=c lang/> }.into_any(),
                    None => view! { <p class="muted">{lang.pick("Niet zichtbaar voor uw rol.", "Non visible pour votre rôle.", "Not visible for your role.")}</p> }.into_any(),
                }}
            </section>
        </article>
    }
}
