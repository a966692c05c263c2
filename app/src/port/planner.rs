//! Reads for planners: rows for the in-memory index and for exports.

use crate::error::AppError;
use crate::report::domain::{Channel, Contact, ReportStatus};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// One report as the index needs it (what storage hands over).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    pub id: i64,
    pub reference: String,
    pub lat: f64,
    pub lon: f64,
    pub category: String,
    pub department: String,
    pub status: ReportStatus,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// When it was first marked done.
    pub done_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub description: String,
    pub hidden: bool,
    /// Answers to the category's questions (they do not change after the report is made).
    pub answers: Vec<crate::report::questions::Answer>,
    /// The district's code, empty outside every district.
    pub district: String,
    /// When a question to the reporter that pauses the deadline was asked, while it waits.
    pub paused_since: Option<DateTime<Utc>>,
}

/// One report in an export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub reference: String,
    pub lat: f64,
    pub lon: f64,
    pub category: String,
    pub category_name: String,
    pub department: String,
    /// The district's name, if the report lies in one.
    pub district: Option<String>,
    pub status: ReportStatus,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub address: Option<String>,
    pub description: String,
    /// Answers to the category's questions (internal ones too: exports are for staff).
    pub answers: Vec<crate::report::questions::Answer>,
    /// Only when the export asked for it and the user may see it.
    pub contact: Option<Contact>,
}

/// What a saved planner index is checked against before use (the server's `planner_file`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannerMark {
    /// Reports with an id up to the one asked about.
    pub reports_up_to: u64,
    /// The newest change of any report (`updated_at`).
    pub newest_change: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait PlannerStore: Send + Sync {
    /// Reports for the planner index, by id after `after_id`: all, or those changed after
    /// `changed_since`.
    async fn planner_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<crate::port::IndexRow>, AppError>;
    /// A count that grows after every committed change of a report, by any instance, for a
    /// backend that hears of changes (PostgreSQL's notifications): while it stays the same,
    /// `planner_rows` has nothing new. `None` when the backend cannot tell (then the planner
    /// asks `planner_rows` at every request).
    fn report_changes(&self) -> Option<u64>;
    /// How many reports have an id up to `up_to_id`, and the newest change of any report.
    async fn planner_mark(&self, up_to_id: i64) -> Result<PlannerMark, AppError>;
    /// Reports to export, by id (contact data only when asked).
    async fn export_rows(
        &self,
        ids: &[i64],
        with_contact: bool,
    ) -> Result<Vec<ExportRow>, AppError>;
}
