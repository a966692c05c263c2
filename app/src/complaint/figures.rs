//! The complaints register's yearly figures for the council: what was received per channel,
//! admissibility and reasons, verdicts and ombuds norms, per department, handling times, and
//! the same as CSV.
#![warn(clippy::wildcard_enum_match_arm)]

use super::domain::{
    ComplaintChannel, ComplaintStatus, Deadlines, InadmissibleReason, OmbudsNorm, Verdict,
};
use crate::complaint::texts::ComplaintText;
use crate::i18n::Lang;
use crate::ui::charts::Count;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the yearly report needs of one complaint received in the year.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintYearRow {
    pub reference: String,
    pub channel: ComplaintChannel,
    pub status: ComplaintStatus,
    pub received_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    pub department: Option<String>,
    pub inadmissible_reason: Option<InadmissibleReason>,
    pub verdict: Option<Verdict>,
    pub norms: Vec<OmbudsNorm>,
    pub improvements: Vec<String>,
}

/// Counts per department: received and the verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentTally {
    pub department: String,
    pub label: String,
    pub received: u32,
    pub well_founded: u32,
    pub partly: u32,
    pub unfounded: u32,
    pub resolved: u32,
}

/// The yearly complaints report to the council.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintYearReport {
    pub year: i32,
    pub received: u32,
    pub by_channel: Vec<Count>,
    pub admissible: u32,
    pub inadmissible: u32,
    /// Not decided yet.
    pub pending_admissibility: u32,
    pub by_reason: Vec<Count>,
    pub by_verdict: Vec<Count>,
    pub by_norm: Vec<Count>,
    pub by_department: Vec<DepartmentTally>,
    pub answered: u32,
    pub answered_in_time: u32,
    pub answered_late: u32,
    /// Received in the year and not answered yet.
    pub unanswered: u32,
    pub mean_days: Option<f64>,
    pub median_days: Option<f64>,
    /// (complaint reference, improvement action).
    pub improvements: Vec<(String, String)>,
}

impl ComplaintYearReport {
    /// Computes the figures of `year` from the complaints received in it. `departments`
    /// names department codes as (code, label) in the order to show.
    pub fn compute(
        year: i32,
        rows: &[ComplaintYearRow],
        departments: &[(String, String)],
        lang: Lang,
    ) -> Self {
        fn tally<T: Copy + PartialEq>(
            all: &[T],
            code: impl Fn(T) -> &'static str,
            label: impl Fn(T) -> &'static str,
            count: impl Fn(T) -> usize,
        ) -> Vec<Count> {
            all.iter()
                .map(|&v| Count {
                    key: code(v).to_owned(),
                    label: label(v).to_owned(),
                    count: count(v) as u64,
                })
                .collect()
        }
        let rows: Vec<&ComplaintYearRow> = rows
            .iter()
            .filter(|r| chrono::Datelike::year(&r.received_on) == year)
            .collect();
        let n = |f: &dyn Fn(&ComplaintYearRow) -> bool| rows.iter().filter(|r| f(r)).count() as u32;
        let is_admissible = |r: &ComplaintYearRow| {
            r.inadmissible_reason.is_none()
                && match r.status {
                    ComplaintStatus::Investigating
                    | ComplaintStatus::Decided
                    | ComplaintStatus::Answered
                    | ComplaintStatus::Closed => true,
                    // Not decided yet, or decided not admissible.
                    ComplaintStatus::Received
                    | ComplaintStatus::Acknowledged
                    | ComplaintStatus::Inadmissible => false,
                }
        };
        let mut handling: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.answered_on.map(|a| (a - r.received_on).num_days()))
            .collect();
        handling.sort_unstable();
        let mean_days = (!handling.is_empty())
            .then(|| handling.iter().sum::<i64>() as f64 / handling.len() as f64);
        let median_days = (!handling.is_empty()).then(|| {
            let m = handling.len() / 2;
            if handling.len() % 2 == 1 {
                handling[m] as f64
            } else {
                (handling[m - 1] + handling[m]) as f64 / 2.0
            }
        });
        // Known departments in their order, then codes the list does not know (renamed or
        // removed ones still count), then complaints without a department.
        let mut groups: Vec<(Option<String>, String)> = departments
            .iter()
            .map(|(code, label)| (Some(code.clone()), label.clone()))
            .collect();
        for r in &rows {
            if let Some(d) = &r.department {
                if !groups.iter().any(|(c, _)| c.as_ref() == Some(d)) {
                    groups.push((Some(d.clone()), d.clone()));
                }
            }
        }
        groups.push((None, t!(lang, ComplaintText::NoDepartmentGiven).to_owned()));
        let by_department = groups
            .into_iter()
            .map(|(code, label)| {
                let of: Vec<&&ComplaintYearRow> =
                    rows.iter().filter(|r| r.department == code).collect();
                let verdicts =
                    |v: Verdict| of.iter().filter(|r| r.verdict == Some(v)).count() as u32;
                DepartmentTally {
                    received: of.len() as u32,
                    well_founded: verdicts(Verdict::WellFounded),
                    partly: verdicts(Verdict::PartlyWellFounded),
                    unfounded: verdicts(Verdict::Unfounded),
                    resolved: verdicts(Verdict::Resolved),
                    department: code.unwrap_or_default(),
                    label,
                }
            })
            .collect();
        Self {
            year,
            received: rows.len() as u32,
            by_channel: tally(
                ComplaintChannel::ALL,
                ComplaintChannel::as_str,
                |c| c.label(lang),
                |c| rows.iter().filter(|r| r.channel == c).count(),
            ),
            admissible: n(&|r| is_admissible(r)),
            inadmissible: n(&|r| r.inadmissible_reason.is_some()),
            pending_admissibility: n(&|r| {
                matches!(
                    r.status,
                    ComplaintStatus::Received | ComplaintStatus::Acknowledged
                )
            }),
            by_reason: tally(
                InadmissibleReason::ALL,
                InadmissibleReason::as_str,
                |c| c.label(lang),
                |c| {
                    rows.iter()
                        .filter(|r| r.inadmissible_reason == Some(c))
                        .count()
                },
            ),
            by_verdict: tally(
                Verdict::ALL,
                Verdict::as_str,
                |c| c.label(lang),
                |c| rows.iter().filter(|r| r.verdict == Some(c)).count(),
            ),
            by_norm: tally(
                OmbudsNorm::ALL,
                OmbudsNorm::as_str,
                |c| c.label(lang),
                |c| rows.iter().filter(|r| r.norms.contains(&c)).count(),
            ),
            by_department,
            answered: n(&|r| r.answered_on.is_some()),
            answered_in_time: n(&|r| {
                r.answered_on
                    .is_some_and(|a| a <= Deadlines::from_received(r.received_on).answer_due)
            }),
            answered_late: n(&|r| {
                r.answered_on
                    .is_some_and(|a| a > Deadlines::from_received(r.received_on).answer_due)
            }),
            unanswered: n(&|r| r.answered_on.is_none() && r.status != ComplaintStatus::Closed),
            mean_days,
            median_days,
            improvements: rows
                .iter()
                .flat_map(|r| {
                    r.improvements
                        .iter()
                        .map(|i| (r.reference.clone(), i.clone()))
                })
                .collect(),
        }
    }

    /// The figures as CSV lines (`section;key;label;count`), for the council's spreadsheet.
    pub fn csv_rows(&self, lang: Lang) -> Vec<[String; 4]> {
        let mut out = vec![[
            "section".to_owned(),
            "code".to_owned(),
            "label".to_owned(),
            "value".to_owned(),
        ]];
        let mut push = |s: &str, k: &str, l: &str, v: String| {
            out.push([s.to_owned(), k.to_owned(), l.to_owned(), v]);
        };
        push(
            "total",
            "received",
            t!(lang, ComplaintText::FigureReceived),
            self.received.to_string(),
        );
        for c in &self.by_channel {
            push("channel", &c.key, &c.label, c.count.to_string());
        }
        push(
            "admissibility",
            "admissible",
            t!(lang, ComplaintText::FigureAdmissible),
            self.admissible.to_string(),
        );
        push(
            "admissibility",
            "inadmissible",
            t!(lang, ComplaintText::FigureNotAdmissible),
            self.inadmissible.to_string(),
        );
        push(
            "admissibility",
            "pending",
            t!(lang, ComplaintText::NotDecidedYet),
            self.pending_admissibility.to_string(),
        );
        for c in &self.by_reason {
            push("reason", &c.key, &c.label, c.count.to_string());
        }
        for c in &self.by_verdict {
            push("verdict", &c.key, &c.label, c.count.to_string());
        }
        for c in &self.by_norm {
            push("norm", &c.key, &c.label, c.count.to_string());
        }
        for d in &self.by_department {
            push(
                "department",
                &d.department,
                &d.label,
                d.received.to_string(),
            );
            push(
                "department_well_founded",
                &d.department,
                &d.label,
                d.well_founded.to_string(),
            );
            push(
                "department_partly_well_founded",
                &d.department,
                &d.label,
                d.partly.to_string(),
            );
            push(
                "department_unfounded",
                &d.department,
                &d.label,
                d.unfounded.to_string(),
            );
            push(
                "department_resolved",
                &d.department,
                &d.label,
                d.resolved.to_string(),
            );
        }
        push(
            "answer",
            "answered",
            t!(lang, ComplaintText::FigureAnswered),
            self.answered.to_string(),
        );
        push(
            "answer",
            "in_time",
            t!(lang, ComplaintText::Within45Days),
            self.answered_in_time.to_string(),
        );
        push(
            "answer",
            "late",
            t!(lang, ComplaintText::After45Days),
            self.answered_late.to_string(),
        );
        push(
            "answer",
            "unanswered",
            t!(lang, ComplaintText::NotAnsweredYet),
            self.unanswered.to_string(),
        );
        let days = |v: Option<f64>| v.map(|d| format!("{d:.1}")).unwrap_or_default();
        push(
            "days",
            "mean",
            t!(lang, ComplaintText::MeanHandlingDays),
            days(self.mean_days),
        );
        push(
            "days",
            "median",
            t!(lang, ComplaintText::MedianHandlingDays),
            days(self.median_days),
        );
        for (reference, text) in &self.improvements {
            push("improvement", reference, text, String::new());
        }
        out
    }
}
