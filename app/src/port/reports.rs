//! Reports as citizens make and see them: creation (idempotent), public reads, hiding, contact data
//! and its retention.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::office::domain::{HistoryRecord, Partner, Team};
use crate::report::domain::{
    BBox, Category, Channel, Contact, GeoPoint, PhotoKind, ReportStatus, ReportSummary, ValidReport,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A photo ready to store: re-encoded, metadata-free JPEG bytes.
#[derive(Debug, Clone)]
pub struct ProcessedPhoto {
    pub display: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// SHA-256 of `display`, hex.
    pub sha256: String,
}

/// A photo written to the photo store, to be recorded in the database.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub kind: PhotoKind,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub sha256: String,
    pub key: String,
    pub thumbnail_key: String,
    /// The photo's and thumbnail's bytes when the file store is the database.
    pub pending: Vec<super::PendingFile>,
}

/// A photo row as read back.
#[derive(Debug, Clone)]
pub struct PhotoRecord {
    pub kind: PhotoKind,
    pub width: u32,
    pub height: u32,
    pub key: String,
    pub thumbnail_key: String,
}

/// An idempotency key with the hash of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub key: String,
    pub request_hash: String,
}

/// A report submission's idempotency key as stored: only the key's hash, and the tracking
/// token sealed with the key itself, so a copy of the database reveals neither while a replay
/// (which brings the key) still gets the same answer as the first time.
#[derive(Debug, Clone)]
pub struct StoredIdempotency {
    pub key_hash: String,
    pub request_hash: String,
    pub sealed_token: String,
}

/// What creating a report led to.
#[derive(Debug, Clone)]
pub enum CreateOutcome {
    Created {
        id: i64,
        reference: String,
        /// New, or assigned when a routing rule sends it straight to a team.
        status: crate::report::domain::ReportStatus,
    },
    /// The idempotency key was seen before with the same request: the first answer.
    Replayed {
        id: i64,
        reference: String,
        /// The tracking token as stored, sealed with the idempotency key.
        sealed_token: String,
    },
    /// The idempotency key was seen before with a different request.
    KeyReused,
}

/// A report as storage holds it, without contact data.
#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub id: i64,
    pub reference: String,
    pub version: i64,
    pub category: Category,
    /// Code of the department handling it (the category's, unless re-routed).
    pub department: String,
    pub channel: Channel,
    pub point: GeoPoint,
    pub address: Option<String>,
    /// `address` is the nearest address of the register, not one a person gave.
    pub address_near: bool,
    pub description: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub team: Option<Team>,
    pub priority: u8,
    pub duplicate_of: Option<String>,
    pub partner: Option<Partner>,
    pub partner_ref: Option<String>,
    pub partner_status: Option<String>,
    /// When an offline change met a newer version, until a coordinator resolves it.
    pub conflict_at: Option<DateTime<Utc>>,
    pub lang: Lang,
    pub followers: usize,
    pub history: Vec<HistoryRecord>,
    pub photos: Vec<PhotoRecord>,
    /// Answers to the category's questions as checked when it was made.
    pub answers: Vec<crate::report::questions::Answer>,
    /// The API key's name it came with (Open311).
    pub api_client: Option<String>,
    /// The district it lies in: code and name.
    pub district: Option<(String, String)>,
}

/// Which visible reports an Open311 list asks for (an empty list means any).
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    pub references: Vec<String>,
    pub categories: Vec<String>,
    /// Made at or after.
    pub from: Option<DateTime<Utc>>,
    /// Made at or before.
    pub to: Option<DateTime<Utc>>,
    pub status: StatusFilter,
    pub limit: u32,
}

/// Which reports a map or list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Open,
    Closed,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Stores a report with its photos and first history entry, atomically; honours the
    /// idempotency key so a repeated request creates nothing new, also when run concurrently.
    async fn create_report(
        &self,
        report: &ValidReport,
        tracking_token: &str,
        photos: &[NewPhoto],
        idempotency: Option<&StoredIdempotency>,
        now: DateTime<Utc>,
    ) -> Result<CreateOutcome, AppError>;
    /// A visible report by reference (hidden ones are `None`, like unknown ones).
    async fn report(&self, reference: &str) -> Result<Option<ReportRecord>, AppError>;
    /// The reference of the visible report a tracking token belongs to.
    async fn reference_for_token(&self, tracking_token: &str) -> Result<Option<String>, AppError>;
    /// Visible reports in a box, newest first, at most `limit`.
    async fn reports_in_bbox(
        &self,
        bbox: BBox,
        status: StatusFilter,
        category: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ReportSummary>, AppError>;
    /// Visible open reports within `radius_m` metres of `point` (on the sphere of
    /// `GeoPoint::distance_m`), of `category` when given, nearest first, each with its
    /// distance; at most `limit`.
    async fn open_reports_near(
        &self,
        point: GeoPoint,
        category: Option<&str>,
        radius_m: f64,
        limit: u32,
    ) -> Result<Vec<ReportSummary>, AppError>;
    /// References of visible reports for an Open311 list, newest first.
    async fn request_references(&self, query: &RequestQuery) -> Result<Vec<String>, AppError>;
    async fn set_hidden(&self, reference: &str, hidden: bool) -> Result<bool, AppError>;
    /// Whether a photo file (or its thumbnail) is for staff only: its report is hidden, or it
    /// came with a reporter's answer; `None` when no photo has this key.
    async fn photo_hidden(&self, key: &str) -> Result<Option<bool>, AppError>;
    /// The reporter's contact details (staff only; never in a public or crew view).
    async fn report_contact(&self, reference: &str) -> Result<Option<Contact>, AppError>;
    /// Erases contact details of reports closed before `closed_before`; returns how many.
    async fn erase_old_contacts(&self, closed_before: DateTime<Utc>) -> Result<u64, AppError>;
}
