//! What the server needs from a store beyond the app's ports: opening one by its URL, counts
//! for the demo and the checks, generated reports for benchmarks, and (for tests only) hooks
//! that set up states the rules cannot reach.

use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{FileArea, NewPhoto, PhotoFiles, Store};
use meldpunt_app::report::domain::{Channel, ReportStatus};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A made-up report for benchmarks and load tests, stored as it is (not through the rules).
#[derive(Debug, Clone)]
pub struct GeneratedReport {
    pub lat: f64,
    pub lon: f64,
    pub category: String,
    pub department: String,
    pub status: ReportStatus,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub description: String,
    /// Photo rows to add (their files already stored).
    pub photos: Vec<NewPhoto>,
}

/// A store the server runs on: every port, plus what the server itself asks.
#[async_trait]
pub trait Backend: Store {
    /// `sqlite` or `postgres`, for logs and metrics.
    fn kind(&self) -> &'static str;
    /// The SQLite store, for what only it does (backups of its file).
    fn as_sqlite(&self) -> Option<&SqliteStore>;
    /// The PostgreSQL store, for what only tests do ([`test_hooks`]).
    fn as_postgres(&self) -> Option<&PgStore>;
    /// A file store of `area` in this database (`--file-store database`); `None` when the
    /// backend keeps no files.
    fn database_files(&self, area: FileArea) -> Option<Arc<dyn PhotoFiles>>;
    async fn count_reports(&self) -> Result<i64, AppError>;
    async fn count_addresses(&self) -> Result<i64, AppError>;
    /// Rows per counted table (`storage::COUNTED`).
    async fn row_counts(&self) -> Result<BTreeMap<String, i64>, AppError>;
    /// Stores generated reports in bulk, numbered per year like real ones, each with its
    /// "created" history entry and, when done, its "done" entry. Categories and departments
    /// must exist.
    async fn insert_generated(&self, reports: &[GeneratedReport]) -> Result<(), AppError>;
    /// Closes the connections.
    async fn close(&self);
}

/// What tests do behind the rules' back: set up states the rules cannot reach in a test's
/// time (a report made two years ago) and look at what the API does not show (outbox
/// attempts), without SQL outside storage. Reached only through [`test_hooks`], which the
/// served binary never calls; being always compiled, the server library builds once for the
/// binary and the tests alike.
#[async_trait]
pub trait TestHooks: Send + Sync {
    /// Moves a report's creation (and last change) back in time.
    async fn backdate(&self, reference: &str, created_at: DateTime<Utc>) -> Result<(), AppError>;
    /// Sets when a report was made and when it is due, as if it had waited since.
    async fn set_report_dates(
        &self,
        reference: &str,
        created_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Sets the day a complaint was closed.
    async fn set_complaint_closed_on(
        &self,
        reference: &str,
        closed_on: chrono::NaiveDate,
    ) -> Result<(), AppError>;
    /// Delivery attempts of every outbox row, oldest row first.
    async fn outbox_attempts(&self) -> Result<Vec<i64>, AppError>;
    /// Runs one change behind the rules' back: the number of rows it changed, or the
    /// database's refusal.
    async fn tamper(&self, tampering: Tampering) -> Result<u64, String>;
}

/// The test hooks of a store (`None` for a backend without them; both of ours have them).
pub fn test_hooks(store: &dyn Backend) -> Option<&dyn TestHooks> {
    match (store.as_sqlite(), store.as_postgres()) {
        (Some(sqlite), _) => Some(sqlite),
        (None, Some(postgres)) => Some(postgres),
        (None, None) => None,
    }
}

/// Changes made in the database behind the app's back: to append-only tables, which the
/// database itself must refuse, or deletions it must carry through (files go with their rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tampering {
    RewriteReportHistory,
    DeleteReportHistory,
    RewriteComplaintEvents,
    DeleteComplaintEvents,
    DeleteComplaintFiles,
}

impl Tampering {
    /// The statement, the same in both dialects.
    pub(super) fn sql(self) -> &'static str {
        match self {
            Tampering::RewriteReportHistory => "UPDATE status_history SET note = 'changed'",
            Tampering::DeleteReportHistory => "DELETE FROM status_history",
            Tampering::RewriteComplaintEvents => "UPDATE complaint_event SET kind = 'note'",
            Tampering::DeleteComplaintEvents => "DELETE FROM complaint_event",
            Tampering::DeleteComplaintFiles => "DELETE FROM complaint_file",
        }
    }
}

/// Whether a database URL names PostgreSQL (else SQLite, or nothing `open` accepts).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens the store a URL names (`sqlite://…` or `postgres://…`), applying migrations.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Backend>> {
    if is_postgres(url) {
        Ok(Arc::new(PgStore::open(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        anyhow::bail!("the database URL must start with sqlite:// or postgres://")
    }
}
