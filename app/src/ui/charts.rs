//! Figures as charts: server-rendered SVG with the numbers as a table beside them (for screen
//! readers and printing), shared by the planners' statistics, the complaints' yearly report
//! and the annual report.

use crate::i18n::Lang;
use crate::ui::texts::UiText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A count with its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: u64,
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
                <summary>{t!(lang, UiText::Table)}</summary>
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
                <summary>{t!(lang, UiText::Table)}</summary>
                <table><tbody>
                    {rows.iter().map(|r| view! { <tr><th scope="row">{r.label.clone()}</th><td>{r.count}</td></tr> }).collect_view()}
                </tbody></table>
            </details>
        </figure>
    }
}

/// Hours, or days from two days on.
pub fn hours(h: Option<f64>, lang: Lang) -> String {
    match h {
        None => "–".to_owned(),
        Some(h) if h < 48.0 => format!("{h:.0} {}", t!(lang, UiText::H)),
        Some(h) => format!("{} {}", decimal(h / 24.0, lang), t!(lang, UiText::Days)),
    }
}

/// A number with one decimal, with the language's decimal sign ("4,5" in Dutch and French).
pub fn decimal(v: f64, lang: Lang) -> String {
    let s = format!("{v:.1}");
    match lang {
        Lang::Nl | Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A percentage, rounded.
pub fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "–".to_owned(), |p| format!("{p:.0} %"))
}
