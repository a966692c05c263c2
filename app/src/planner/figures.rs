//! Figures about how well reports are handled: time to done per category and what reporters
//! answered to "is it fixed?", as tables for the planners' statistics and the annual report,
//! and the public page `/cijfers` (the last twelve months for everyone, computed at most every
//! few minutes).

use super::domain::{DistrictFigures, FeedbackCount, FeedbackFigures, Pace, Statistics};
use super::texts::PlannerText;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ui::charts::{decimal, hours, percent, BarChart, ColumnChart, Count};
use crate::ui::current_lang;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A mean satisfaction score, as "4,2 / 5".
pub fn score(mean: Option<f64>, lang: Lang) -> String {
    mean.map_or_else(|| "–".to_owned(), |m| format!("{} / 5", decimal(m, lang)))
}

/// A table that may scroll sideways on a phone: a named region that takes the keyboard's
/// focus, so it can be scrolled without a mouse (WCAG 2.1.1).
#[component]
fn Scrolls(label: String, children: Children) -> impl IntoView {
    view! { <div class="table-scroll" tabindex="0" role="region" aria-label=label>{children()}</div> }
}

/// The three figures of "is it fixed?" at a glance.
#[component]
pub fn FeedbackKpis(total: FeedbackCount, lang: Lang) -> impl IntoView {
    view! {
        <div class="kpi"><span>{t!(lang, PlannerText::ReallyFixed)}</span>
            <strong data-kpi="fixed">{percent(total.fixed_pct())}</strong></div>
        <div class="kpi"><span>{t!(lang, PlannerText::Satisfaction)}</span>
            <strong data-kpi="satisfaction">{score(total.mean_score(), lang)}</strong></div>
        <div class="kpi"><span>{t!(lang, PlannerText::Answered)}</span>
            <strong data-kpi="answered">{format!("{} / {}", total.answered, total.asked)}</strong></div>
    }
}

/// Answers per group (category, department or month), with the group's name in the first
/// column.
#[component]
pub fn FeedbackTable(
    title: String,
    head: &'static str,
    rows: Vec<FeedbackCount>,
    lang: Lang,
) -> impl IntoView {
    view! {
        <Scrolls label=title.clone()>
        <table class="annual-table feedback-table">
            <caption>{title}</caption>
            <thead><tr>
                <th scope="col">{head}</th>
                <th scope="col">{t!(lang, PlannerText::Asked)}</th>
                <th scope="col">{t!(lang, PlannerText::Answered)}</th>
                <th scope="col">{t!(lang, PlannerText::ReallyFixed)}</th>
                <th scope="col">{t!(lang, PlannerText::Satisfaction)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-key=r.key.clone()>
                        <th scope="row">{r.label.clone()}</th>
                        <td>{r.asked}</td>
                        <td>{r.answered}</td>
                        <td data-cell="fixed">{percent(r.fixed_pct())}</td>
                        <td data-cell="satisfaction">{score(r.mean_score(), lang)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </Scrolls>
    }
}

/// "Is it fixed?" on the planners' dashboard: the figures, then the tables by category,
/// department and month.
#[component]
pub fn FeedbackSection(f: FeedbackFigures, lang: Lang) -> impl IntoView {
    view! {
        <section class="feedback-figures" data-testid="feedback-figures">
            <h2>{t!(lang, PlannerText::IsItFixed)}</h2>
            <p class="muted">{t!(lang, PlannerText::IsItFixedExplained)}</p>
            <div class="kpis"><FeedbackKpis total=f.total.clone() lang/></div>
            {(f.total.asked > 0).then(|| view! {
                <FeedbackTable title=t!(lang, PlannerText::PerCategory).to_owned()
                    head=t!(lang, PlannerText::Category) rows=f.by_category.clone() lang/>
                <FeedbackTable title=t!(lang, PlannerText::PerDepartment).to_owned()
                    head=t!(lang, PlannerText::Department) rows=f.by_department.clone() lang/>
                <FeedbackTable title=t!(lang, PlannerText::PerMonth).to_owned()
                    head=t!(lang, PlannerText::Month) rows=f.by_month.clone() lang/>
            })}
        </section>
    }
}

/// Time to done and the share done in time, per category.
#[component]
pub fn PaceTable(rows: Vec<Pace>, lang: Lang) -> impl IntoView {
    view! {
        <Scrolls label=t!(lang, PlannerText::PacePerCategory).to_owned()>
        <table class="annual-table pace-table">
            <caption>{t!(lang, PlannerText::PacePerCategory)}</caption>
            <thead><tr>
                <th scope="col">{t!(lang, PlannerText::Category)}</th>
                <th scope="col">{t!(lang, PlannerText::Done)}</th>
                <th scope="col">{t!(lang, PlannerText::MedianToDone)}</th>
                <th scope="col">{t!(lang, PlannerText::DoneInTime)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-key=r.key.clone()>
                        <th scope="row">{r.label.clone()}</th>
                        <td>{r.done}</td>
                        <td data-cell="median">{hours(r.median_hours, lang)}</td>
                        <td data-cell="within">{percent(r.within_target_pct)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </Scrolls>
    }
}

/// The figures per district (for planners, in the annual report and on `/cijfers`); nothing
/// without districts.
#[component]
pub fn DistrictTable(title: String, rows: Vec<DistrictFigures>, lang: Lang) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <Scrolls label=title.clone()>
            <table class="annual-table district-table" data-testid="district-table">
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col">{t!(lang, PlannerText::District)}</th>
                    <th scope="col">{t!(lang, PlannerText::Reports)}</th>
                    <th scope="col">{t!(lang, PlannerText::Open)}</th>
                    <th scope="col">{t!(lang, PlannerText::Done)}</th>
                    <th scope="col">{t!(lang, PlannerText::MedianToDone)}</th>
                    <th scope="col">{t!(lang, PlannerText::DoneInTime)}</th>
                    <th scope="col">{t!(lang, PlannerText::ReallyFixed)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr data-key=r.key.clone()>
                            <th scope="row">{r.label.clone()}</th>
                            <td data-cell="total">{r.total}</td>
                            <td data-cell="open">{r.open}</td>
                            <td data-cell="done">{r.done}</td>
                            <td data-cell="median">{hours(r.median_hours, lang)}</td>
                            <td data-cell="within">{percent(r.within_target_pct)}</td>
                            <td data-cell="fixed">{percent(r.fixed_pct)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </Scrolls>
        }
    })
}

/// What everyone may see of the last twelve months: counts, pace and answers, per category and
/// district; no places, no departments, no references.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: u64,
    pub done: u64,
    pub median_hours_to_done: Option<f64>,
    pub within_target_pct: Option<f64>,
    pub by_month: Vec<Count>,
    pub by_category: Vec<Count>,
    pub pace: Vec<Pace>,
    pub feedback: FeedbackCount,
    pub feedback_by_category: Vec<FeedbackCount>,
    #[serde(default)]
    pub by_district: Vec<DistrictFigures>,
}

impl PublicFigures {
    pub fn of(from: NaiveDate, to: NaiveDate, s: Statistics) -> Self {
        PublicFigures {
            from,
            to,
            total: s.total,
            done: s.done,
            median_hours_to_done: s.median_hours_to_done,
            within_target_pct: s.within_target_pct,
            by_month: s.by_month,
            by_category: s.by_category,
            pace: s.pace,
            feedback: s.feedback.total,
            feedback_by_category: s.feedback.by_category,
            by_district: s.by_district,
        }
    }
}

/// The public figures, computed at most once per [`FIGURES_MAX_AGE`] per language.
#[cfg(feature = "ssr")]
#[derive(Default)]
pub struct FiguresCache {
    by_lang: std::sync::Mutex<std::collections::HashMap<Lang, (std::time::Instant, PublicFigures)>>,
}

/// How long the public figures are served from memory before they are computed again.
#[cfg(feature = "ssr")]
pub const FIGURES_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(300);

#[cfg(feature = "ssr")]
impl FiguresCache {
    pub fn fresh(&self, lang: Lang) -> Option<PublicFigures> {
        let cache = self.by_lang.lock().ok()?;
        let (at, figures) = cache.get(&lang)?;
        (at.elapsed() < FIGURES_MAX_AGE).then(|| figures.clone())
    }

    pub fn keep(&self, lang: Lang, figures: &PublicFigures) {
        if let Ok(mut cache) = self.by_lang.lock() {
            cache.insert(lang, (std::time::Instant::now(), figures.clone()));
        }
    }
}

#[server]
pub async fn figures_of_the_year() -> Result<PublicFigures, AppError> {
    let ctx = crate::context::ctx()?;
    super::service::public_figures(&ctx, current_lang()).await
}

/// `/cijfers`: the last twelve months in figures, for everyone.
#[component]
pub fn PublicFiguresPage() -> impl IntoView {
    let lang = current_lang();
    let figures = Resource::new(|| (), |_| figures_of_the_year());
    view! {
        <section class="public-figures">
            <h1>{t!(lang, PlannerText::PublicFigures)}</h1>
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || figures.get().map(|f| match f {
                    Ok(f) => view! { <PublicFiguresView f lang/> }.into_any(),
                    Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PublicFiguresView(f: PublicFigures, lang: Lang) -> impl IntoView {
    let period = format!(
        "{} {} {} – {} {} {}",
        f.from.format("%-d"),
        lang.month_short(chrono::Datelike::month(&f.from)),
        f.from.format("%Y"),
        f.to.format("%-d"),
        lang.month_short(chrono::Datelike::month(&f.to)),
        f.to.format("%Y"),
    );
    // One row per category with a report: its count, pace and answers side by side.
    let rows: Vec<_> = f
        .by_category
        .iter()
        .map(|c| {
            let pace = f.pace.iter().find(|p| p.key == c.key);
            let answers = f.feedback_by_category.iter().find(|a| a.key == c.key);
            (
                c.clone(),
                pace.and_then(|p| p.median_hours),
                pace.and_then(|p| p.within_target_pct),
                answers.and_then(FeedbackCount::fixed_pct),
            )
        })
        .collect();
    view! {
        <p class="muted" data-period="">{t!(lang, PlannerText::LastTwelveMonths)} " (" {period} ")"</p>
        <div class="kpis">
            <div class="kpi"><span>{t!(lang, PlannerText::Reports)}</span><strong data-kpi="total">{f.total}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::Done)}</span><strong data-kpi="done">{f.done}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::MedianToDone)}</span><strong data-kpi="median">{hours(f.median_hours_to_done, lang)}</strong></div>
            <div class="kpi"><span>{t!(lang, PlannerText::DoneInTime)}</span><strong data-kpi="within">{percent(f.within_target_pct)}</strong></div>
            <FeedbackKpis total=f.feedback.clone() lang/>
        </div>
        <div class="charts">
            <ColumnChart title=t!(lang, PlannerText::ReportsPerMonth).to_owned() rows=f.by_month.clone() lang/>
            <BarChart title=t!(lang, PlannerText::ReportsPerCategory).to_owned() rows=f.by_category.clone() lang/>
        </div>
        <Scrolls label=t!(lang, PlannerText::PerCategory).to_owned()>
            <table class="annual-table public-table">
                <caption>{t!(lang, PlannerText::PerCategory)}</caption>
                <thead><tr>
                    <th scope="col">{t!(lang, PlannerText::Category)}</th>
                    <th scope="col">{t!(lang, PlannerText::Reports)}</th>
                    <th scope="col">{t!(lang, PlannerText::MedianToDone)}</th>
                    <th scope="col">{t!(lang, PlannerText::DoneInTime)}</th>
                    <th scope="col">{t!(lang, PlannerText::ReallyFixed)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(c, median, within, fixed)| view! {
                        <tr data-key=c.key.clone()>
                            <th scope="row">{c.label.clone()}</th>
                            <td>{c.count}</td>
                            <td data-cell="median">{hours(median, lang)}</td>
                            <td data-cell="within">{percent(within)}</td>
                            <td data-cell="fixed">{percent(fixed)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Scrolls>
        <DistrictTable title=t!(lang, PlannerText::PerDistrict).to_owned() rows=f.by_district.clone() lang/>
        <p class="muted">{t!(lang, PlannerText::ReallyFixedExplained)}</p>
    }
}
