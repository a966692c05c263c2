//! Ports: what the app needs from the outside world (storage, photo files, configuration).
//! Defined here, implemented by the `server` crate, reached through [`Ctx`].

use crate::error::AppError;
use crate::report::domain::{
    BBox, Category, Contact, GeoPoint, HistoryEntry, PhotoKind, ReportStatus, ReportSummary,
    ValidReport,
};
use crate::staff::{Role, StaffUser};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Everything a request handler or server function needs.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub photos: Arc<dyn PhotoFiles>,
    pub config: Arc<PublicConfig>,
}

/// Configuration the app may read (never secrets).
#[derive(Debug, Clone)]
pub struct PublicConfig {
    /// Base URL used in links sent to citizens, without trailing slash.
    pub public_url: String,
    /// Tile URL template for Leaflet.
    pub tile_url: String,
    /// Cookies get `Secure` and the `__Host-` prefix when served over https.
    pub secure_cookies: bool,
}

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

/// What creating a report led to.
#[derive(Debug, Clone)]
pub enum CreateOutcome {
    Created {
        id: i64,
        reference: String,
    },
    /// The idempotency key was seen before with the same request: the first answer.
    Replayed {
        id: i64,
        reference: String,
        tracking_token: String,
    },
    /// The idempotency key was seen before with a different request.
    KeyReused,
}

/// A report as storage holds it, without contact data.
#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub id: i64,
    pub reference: String,
    pub category: Category,
    pub point: GeoPoint,
    pub address: Option<String>,
    pub description: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub history: Vec<HistoryEntry>,
    pub photos: Vec<PhotoRecord>,
}

/// Which reports a map or list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Open,
    Closed,
}

/// A status change to append to a report's history.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub report_id: i64,
    /// The status the change was decided from; the change fails if it moved on meanwhile.
    pub from: ReportStatus,
    pub to: ReportStatus,
    pub note: Option<String>,
    pub actor_user_id: i64,
    pub photos: Vec<NewPhoto>,
}

/// A staff account as storage holds it.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: StaffUser,
    pub password_hash: String,
    pub active: bool,
}

/// Storage of reports, users and sessions. SQL dialects stay behind this trait.
#[async_trait]
pub trait Store: Send + Sync {
    async fn categories(&self) -> Result<Vec<Category>, AppError>;
    async fn category(&self, code: &str) -> Result<Option<Category>, AppError>;

    /// Stores a report with its photos and first history entry, atomically; honours the
    /// idempotency key so a repeated request creates nothing new, also when run concurrently.
    async fn create_report(
        &self,
        report: &ValidReport,
        tracking_token: &str,
        photos: &[NewPhoto],
        idempotency: Option<&IdempotencyKey>,
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
    async fn change_status(
        &self,
        change: &StatusChange,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    async fn set_hidden(&self, reference: &str, hidden: bool) -> Result<bool, AppError>;
    /// The reporter's contact details (staff only; never in a public or crew view).
    async fn report_contact(&self, reference: &str) -> Result<Option<Contact>, AppError>;
    /// Erases contact details of reports closed before `closed_before`; returns how many.
    async fn erase_old_contacts(&self, closed_before: DateTime<Utc>) -> Result<u64, AppError>;

    async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, AppError>;
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, AppError>;
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<(), AppError>;
    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StaffUser>, AppError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), AppError>;
}

/// Where photo files live. Keys are opaque names that never come from user input.
#[async_trait]
pub trait PhotoFiles: Send + Sync {
    /// Writes durably (temp file, fsync, rename) and returns the key.
    async fn put(&self, bytes: &[u8], suffix: &str) -> Result<String, AppError>;
    async fn delete(&self, key: &str) -> Result<(), AppError>;
}
