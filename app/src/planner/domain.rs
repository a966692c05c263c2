//! What planners ask for and get: the filter shared by the map, the statistics and the
//! exports, and the clustered answer for a map window.
#![warn(clippy::wildcard_enum_match_arm)]

use crate::error::{AppError, ErrorText};
use crate::report::domain::{Channel, ReportStatus};
use crate::ui::charts::Count;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which reports a planner looks at. Empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlannerFilter {
    pub category: Vec<String>,
    pub status: Vec<ReportStatus>,
    pub department: Vec<String>,
    /// District codes.
    pub district: Vec<String>,
    pub channel: Vec<Channel>,
    /// Created on or after this day.
    pub from: Option<NaiveDate>,
    /// Created on or before this day.
    pub to: Option<NaiveDate>,
    /// Only open reports past their due date.
    pub overdue: bool,
    /// Words in the description.
    pub q: Option<String>,
    /// Answers to category questions, as `(question, value)`: a report matches with one of
    /// the values asked for each question.
    pub answer: Vec<(String, String)>,
}

fn list(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn code_like(field: &str, v: &str) -> Result<String, AppError> {
    if v.len() <= 40
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        Ok(v.to_owned())
    } else {
        Err(AppError::validation(field, format!("not a code: {v:?}"))
            .explained(ErrorText::UnknownChoice))
    }
}

fn day(field: &str, v: &str) -> Result<NaiveDate, AppError> {
    crate::time::parse_day(field, v)
}

impl PlannerFilter {
    /// Reads the filter from query pairs (`category=a,b&status=new,done&department=wegen&
    /// channel=web&from=2026-01-01&to=2026-06-30&overdue=1&q=put`); repeated keys add up.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, AppError> {
        let mut f = PlannerFilter::default();
        for (k, v) in pairs {
            match k {
                "category" => {
                    for c in list(v) {
                        f.category.push(code_like("category", c)?);
                    }
                }
                "department" => {
                    for d in list(v) {
                        f.department.push(code_like("department", d)?);
                    }
                }
                "district" => {
                    for d in list(v) {
                        f.district.push(code_like("district", d)?);
                    }
                }
                "status" => {
                    for s in list(v) {
                        f.status.push(ReportStatus::parse(s)?);
                    }
                }
                "channel" => {
                    for c in list(v) {
                        f.channel.push(Channel::parse(c)?);
                    }
                }
                "from" if !v.is_empty() => f.from = Some(day("from", v)?),
                "to" if !v.is_empty() => f.to = Some(day("to", v)?),
                "overdue" => f.overdue = matches!(v, "1" | "true" | "on"),
                "answer" => {
                    for a in list(v) {
                        let (question, value) = a.split_once(':').ok_or_else(|| {
                            AppError::validation("answer", "an answer is QUESTION:VALUE")
                                .explained(ErrorText::UnknownChoice)
                        })?;
                        let pair = (
                            code_like("answer", question.trim())?,
                            code_like("answer", value.trim())?,
                        );
                        if f.answer.len() == 8 {
                            return Err(AppError::validation("answer", "at most 8 answers")
                                .explained(ErrorText::UnknownChoice));
                        }
                        if !f.answer.contains(&pair) {
                            f.answer.push(pair);
                        }
                    }
                }
                "q" => {
                    if v.chars().count() > 100 {
                        return Err(AppError::validation("q", "at most 100 characters")
                            .explained(ErrorText::TextTooLong));
                    }
                    f.q = Some(v.to_owned()).filter(|q| !q.trim().is_empty());
                }
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (f.from, f.to) {
            if a > b {
                return Err(
                    AppError::validation("to", "the period ends before it starts")
                        .explained(ErrorText::PeriodInvalid),
                );
            }
        }
        Ok(f)
    }

    /// The same filter as query pairs (for links to exports and statistics).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |k: &str, v: String| {
            if !v.is_empty() {
                parts.push(format!("{k}={}", urlencoding(&v)));
            }
        };
        push("category", self.category.join(","));
        push(
            "status",
            self.status
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        push("department", self.department.join(","));
        push("district", self.district.join(","));
        push(
            "channel",
            self.channel
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        push("from", self.from.map(|d| d.to_string()).unwrap_or_default());
        push("to", self.to.map(|d| d.to_string()).unwrap_or_default());
        if self.overdue {
            push("overdue", "1".into());
        }
        push("q", self.q.clone().unwrap_or_default());
        push(
            "answer",
            self.answer
                .iter()
                .map(|(q, v)| format!("{q}:{v}"))
                .collect::<Vec<_>>()
                .join(","),
        );
        parts.join("&")
    }
}

/// Percent-encodes a query value (keeping `,` for lists and `:` for answers).
pub fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b',' | b':' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One cluster of reports on the map (or one report, with its reference).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub count: u32,
    pub lat: f64,
    pub lon: f64,
    /// `[west, south, east, north]` of its reports: clicking zooms to it.
    pub bbox: [f64; 4],
    /// The most common status among its reports.
    pub status: ReportStatus,
    /// The most common category among its reports.
    pub category: String,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// When a single report's cluster was reported (its popup shows the date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A cell of the heat map.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatCell {
    pub lat: f64,
    pub lon: f64,
    pub count: u32,
}

/// The reports of a map window, clustered.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterAnswer {
    /// Matching reports in the window (the clusters' counts add up to it).
    pub total: u64,
    pub clusters: Vec<Cluster>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heat: Vec<HeatCell>,
    /// The window holds too many cells at this zoom; zoom in.
    #[serde(default)]
    pub too_wide: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentLoad {
    pub code: String,
    pub name: String,
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hotspot {
    pub lat: f64,
    pub lon: f64,
    pub count: u64,
    pub category: String,
    /// One report there, for a link.
    #[serde(rename = "ref")]
    pub reference: String,
    pub address: Option<String>,
}

/// The planners' statistics for a filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    pub total: u64,
    pub by_category: Vec<Count>,
    pub by_month: Vec<Count>,
    pub by_channel: Vec<Count>,
    pub by_status: Vec<Count>,
    pub by_department: Vec<DepartmentLoad>,
    pub done: u64,
    pub median_hours_to_done: Option<f64>,
    pub p90_hours_to_done: Option<f64>,
    /// Share of done reports done by their due date, in %.
    pub within_target_pct: Option<f64>,
    pub open: u64,
    pub overdue: u64,
    pub hotspots: Vec<Hotspot>,
    /// Time to done and the share done in time, per category.
    pub pace: Vec<Pace>,
    /// What reporters answered to "is it fixed?".
    pub feedback: FeedbackFigures,
    /// Per district, largest first (empty without districts).
    #[serde(default)]
    pub by_district: Vec<DistrictFigures>,
}

/// One district's figures: how many reports, open and late, how fast they were done, and what
/// reporters answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DistrictFigures {
    /// The district's code; empty for the reports outside every district.
    pub key: String,
    pub label: String,
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
    pub done: u64,
    pub median_hours: Option<f64>,
    /// Share done by their due date, in %.
    pub within_target_pct: Option<f64>,
    /// Share of the answers to "is it fixed?" that said yes, in %.
    pub fixed_pct: Option<f64>,
}

/// How fast a category's reports are done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pace {
    pub key: String,
    pub label: String,
    pub done: u64,
    pub median_hours: Option<f64>,
    /// Share done by their due date, in %.
    pub within_target_pct: Option<f64>,
}

/// Answers to "is it fixed?" for a group of reports (one category, department or month, or
/// all), each report counted once with its latest question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackCount {
    pub key: String,
    pub label: String,
    /// Reports whose reporter was asked.
    pub asked: u64,
    pub answered: u64,
    /// Answered "yes, it is fixed".
    pub fixed: u64,
    /// Sum and number of satisfaction scores (1 to 5).
    pub score_sum: u64,
    pub scored: u64,
}

impl FeedbackCount {
    /// Counts one question and its answer, if any.
    pub fn add(&mut self, fixed: Option<bool>, satisfaction: Option<u8>) {
        self.asked += 1;
        if let Some(fixed) = fixed {
            self.answered += 1;
            self.fixed += u64::from(fixed);
        }
        if let Some(score) = satisfaction {
            self.score_sum += u64::from(score);
            self.scored += 1;
        }
    }

    /// The "really fixed" share of the answers, in %.
    pub fn fixed_pct(&self) -> Option<f64> {
        (self.answered > 0).then(|| 100.0 * self.fixed as f64 / self.answered as f64)
    }

    /// The share of questions answered, in %.
    pub fn answered_pct(&self) -> Option<f64> {
        (self.asked > 0).then(|| 100.0 * self.answered as f64 / self.asked as f64)
    }

    /// The mean satisfaction score (1 to 5).
    pub fn mean_score(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_sum as f64 / self.scored as f64)
    }
}

/// "Is it fixed?" in figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackFigures {
    pub total: FeedbackCount,
    pub by_category: Vec<FeedbackCount>,
    pub by_department: Vec<FeedbackCount>,
    #[serde(default)]
    pub by_district: Vec<FeedbackCount>,
    /// By the month the question was asked (the month the report was closed).
    pub by_month: Vec<FeedbackCount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_reads_from_the_query_and_writes_back_the_same() {
        let pairs = [
            ("category", "waste,road_damage"),
            ("status", "new,done"),
            ("department", "wegen"),
            ("district", "brustem,zepperen"),
            ("channel", "web,phone"),
            ("from", "2026-01-01"),
            ("to", "2026-06-30"),
            ("overdue", "1"),
            ("q", "put & gat"),
            ("answer", "container:pmd, kinds:metal"),
            ("answer", "container:pmd"),
        ];
        let f = PlannerFilter::from_pairs(pairs).unwrap();
        assert_eq!(f.category, ["waste", "road_damage"]);
        assert_eq!(f.status, [ReportStatus::New, ReportStatus::Done]);
        assert_eq!(f.district, ["brustem", "zepperen"]);
        assert!(f.overdue);
        assert_eq!(
            f.answer,
            [
                ("container".into(), "pmd".into()),
                ("kinds".into(), "metal".into())
            ]
        );
        let again = PlannerFilter::from_pairs(
            f.to_query()
                .split('&')
                .map(|p| p.split_once('=').unwrap())
                .collect::<Vec<_>>()
                .iter()
                .map(|(k, v)| (*k, if *k == "q" { "put & gat" } else { *v })),
        )
        .unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn feedback_counts_shares_and_means() {
        let mut c = FeedbackCount::default();
        assert_eq!(
            (c.fixed_pct(), c.answered_pct(), c.mean_score()),
            (None, None, None)
        );
        c.add(Some(true), Some(5));
        c.add(Some(false), Some(2));
        c.add(Some(true), None);
        c.add(None, None);
        assert_eq!((c.asked, c.answered, c.fixed, c.scored), (4, 3, 2, 2));
        assert_eq!(c.answered_pct(), Some(75.0));
        assert_eq!(c.fixed_pct(), Some(200.0 / 3.0));
        assert_eq!(c.mean_score(), Some(3.5));
    }

    #[test]
    fn garbage_in_a_filter_is_refused_by_field() {
        for (k, v, field) in [
            ("status", "exploded", "status"),
            ("channel", "pigeon", "channel"),
            ("from", "yesterday", "from"),
            ("category", "'; DROP TABLE report; --", "category"),
            ("district", "<script>", "district"),
            ("answer", "container", "answer"),
            ("answer", "container:'; DROP TABLE report; --", "answer"),
        ] {
            let e = PlannerFilter::from_pairs([(k, v)]).unwrap_err();
            assert_eq!(e.field(), Some(field), "{k}={v}");
        }
        let long = "x".repeat(101);
        assert!(PlannerFilter::from_pairs([("q", long.as_str())]).is_err());
        assert!(PlannerFilter::from_pairs([("from", "2026-02-01"), ("to", "2026-01-01")]).is_err());
    }
}
