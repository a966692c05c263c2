//! The annual report for the council: the planners' figures of a year against the two before,
//! the complaints register's and the ContactCenter's figures, on one printable page. The one place that combines
//! features.

use crate::complaint::pages::ComplaintFigures;
use crate::error::AppError;
use crate::i18n::Lang;
#[cfg(feature = "ssr")]
use crate::planner::domain::PlannerFilter;
use crate::planner::domain::Statistics;
use crate::planner::figures::{score, DistrictTable, FeedbackTable, PaceTable};
use crate::planner::pages::Hotspots;
use crate::planner::texts::PlannerText;
use crate::ui::charts::{hours, percent, BarChart, ColumnChart, Count};
use crate::ui::staff::staff_page;
use crate::ui::{current_lang, query_year};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The annual report: one year against the two before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualFigures {
    pub year: i32,
    /// The year itself, then the year before, then the one before that.
    pub years: Vec<(i32, Statistics)>,
    /// The complaints register's figures of the year, for those who may see them.
    pub complaints: Option<crate::complaint::figures::ComplaintYearReport>,
    /// The ContactCenter's figures of the year, for those who may see them.
    pub contactcenter: Option<crate::contact::figures::ContactCenterFigures>,
}

#[server]
pub async fn annual_report(year: i32) -> Result<AnnualFigures, AppError> {
    let user = crate::auth::require_user().await?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::validation("year", "choose a year")
            .explained(crate::error::ErrorText::UnknownChoice));
    }
    let ctx = crate::context::ctx()?;
    let mut years = Vec::new();
    for y in [year, year - 1, year - 2] {
        let filter = PlannerFilter {
            from: chrono::NaiveDate::from_ymd_opt(y, 1, 1),
            to: chrono::NaiveDate::from_ymd_opt(y, 12, 31),
            ..PlannerFilter::default()
        };
        years.push((
            y,
            crate::planner::service::statistics(&ctx, &user, filter, current_lang()).await?,
        ));
    }
    let complaints = crate::complaint::service::yearly_report(&ctx, &user, year, current_lang())
        .await
        .ok();
    let contactcenter = match (
        chrono::NaiveDate::from_ymd_opt(year, 1, 1),
        chrono::NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(from), Some(to)) => {
            crate::contact::service::figures(&ctx, &user, from, to, current_lang())
                .await
                .ok()
        }
        _ => None,
    };
    Ok(AnnualFigures {
        year,
        years,
        complaints,
        contactcenter,
    })
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
                    <th scope="col">{t!(lang, PlannerText::Change)}</th>
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
                <h1>{format!("{} {}", t!(lang, PlannerText::AnnualReportOn), r.year)}</h1>
                <form method="get" action="/planner/annual" class="no-print">
                    <label>{t!(lang, PlannerText::Year)} " "
                        <input type="number" name="year" min="2000" max="2100" value=r.year/></label>
                    " " <button type="submit" class="secondary">{t!(lang, PlannerText::Show)}</button>
                    " " <button type="button" class="secondary" data-print="">{t!(lang, PlannerText::PrintPDF)}</button>
                </form>
            </header>
            <section class="annual-summary">
                <h2>{t!(lang, PlannerText::KeyFigures)}</h2>
                <table class="annual-table">
                    <thead><tr><th scope="col"></th>
                        {years2.iter().map(|(y, _)| view! { <th scope="col">{*y}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        <tr data-key="total"><th scope="row">{t!(lang, PlannerText::Reports)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{s.total}</td> }).collect_view()}</tr>
                        <tr data-key="done"><th scope="row">{t!(lang, PlannerText::Done)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{s.done}</td> }).collect_view()}</tr>
                        <tr data-key="median"><th scope="row">{t!(lang, PlannerText::MedianToDone)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{hours(s.median_hours_to_done, lang)}</td> }).collect_view()}</tr>
                        <tr data-key="p90"><th scope="row">{t!(lang, PlannerText::P90ToDone)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{hours(s.p90_hours_to_done, lang)}</td> }).collect_view()}</tr>
                        <tr data-key="within"><th scope="row">{t!(lang, PlannerText::DoneInTime)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{percent(s.within_target_pct)}</td> }).collect_view()}</tr>
                        <tr data-key="fixed"><th scope="row">{t!(lang, PlannerText::ReallyFixed)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{percent(s.feedback.total.fixed_pct())}</td> }).collect_view()}</tr>
                        <tr data-key="satisfaction"><th scope="row">{t!(lang, PlannerText::Satisfaction)}</th>
                            {years2.iter().map(|(_, s)| view! { <td>{score(s.feedback.total.mean_score(), lang)}</td> }).collect_view()}</tr>
                    </tbody>
                </table>
            </section>
            <section class="annual-section">
                <h2>{t!(lang, PlannerText::PerCategory)}</h2>
                {table(category_keys, |s| &s.by_category, t!(lang, PlannerText::Category))}
                <BarChart title=format!("{} {}", t!(lang, PlannerText::ReportsPerCategory), r.year) rows=this.by_category.clone() lang/>
                <PaceTable rows=this.pace.clone() lang/>
            </section>
            {(!this.by_district.is_empty()).then(|| view! {
                <section class="annual-section" id="districts">
                    <h2>{t!(lang, PlannerText::PerDistrict)}</h2>
                    <DistrictTable title=format!("{} {}", t!(lang, PlannerText::PerDistrict), r.year)
                        rows=this.by_district.clone() lang/>
                </section>
            })}
            <section class="annual-section" id="feedback">
                <h2>{t!(lang, PlannerText::IsItFixed)}</h2>
                <p class="muted">{t!(lang, PlannerText::IsItFixedExplained)}</p>
                <FeedbackTable title=format!("{} {}", t!(lang, PlannerText::PerCategory), r.year)
                    head=t!(lang, PlannerText::Category) rows=this.feedback.by_category.clone() lang/>
                <FeedbackTable title=format!("{} {}", t!(lang, PlannerText::PerDepartment), r.year)
                    head=t!(lang, PlannerText::Department) rows=this.feedback.by_department.clone() lang/>
            </section>
            <section class="annual-section">
                <h2>{t!(lang, PlannerText::PerChannel)}</h2>
                {table(channel_keys, |s| &s.by_channel, t!(lang, PlannerText::Channel))}
                <ColumnChart title=format!("{} {}", t!(lang, PlannerText::ReportsPerMonth), r.year) rows=this.by_month.clone() lang/>
            </section>
            <section class="annual-section">
                <Hotspots s=this.clone() lang/>
            </section>
            <section class="annual-section" id="complaints" data-complaints=if r.complaints.is_some() { "filled" } else { "hidden" }>
                <h2>{t!(lang, PlannerText::Complaints)}</h2>
                {match r.complaints.clone() {
                    Some(c) => view! { <ComplaintFigures r=c lang/> }.into_any(),
                    None => view! { <p class="muted">{t!(lang, PlannerText::NotVisibleFor)}</p> }.into_any(),
                }}
            </section>
            <section class="annual-section" id="contactcenter" data-contactcenter=if r.contactcenter.is_some() { "filled" } else { "hidden" }>
                <h2>{t!(lang, crate::contact::texts::ContactText::Figures)}</h2>
                {match r.contactcenter.clone() {
                    Some(f) => view! { <crate::contact::pages::ContactCenterSection f lang by_day=false/> }.into_any(),
                    None => view! { <p class="muted">{t!(lang, PlannerText::NotVisibleFor)}</p> }.into_any(),
                }}
            </section>
        </article>
    }
}
