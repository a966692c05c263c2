//! Ports: what the app needs from the outside world (storage, photo files, configuration).
//! Defined here, implemented by the `server` crate, reached through [`Ctx`].

use crate::error::AppError;
use crate::i18n::Lang;
use crate::office::domain::{
    Department, EventKind, HistoryRecord, Partner, ReportQuery, StaffSummary, Team,
};
use crate::report::domain::{
    BBox, Category, Channel, Contact, GeoPoint, PhotoKind, ReportStatus, ReportSummary, ValidReport,
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
    /// Files that are never public (complaint attachments): served only through routes
    /// that check access.
    pub private_files: Arc<dyn PhotoFiles>,
    pub config: Arc<PublicConfig>,
    /// The planners' in-memory index of all reports (filled from `store` on first use).
    pub planner: Arc<crate::planner::index::PlannerIndex>,
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
    /// The app shell's version: names the service worker's caches and versions scripts.
    pub asset_version: String,
    /// Years after closing that a complaint's personal data is kept.
    pub complaint_retention_years: u32,
}

impl PublicConfig {
    /// The public page of a report, as sent in e-mails.
    pub fn report_url(&self, reference: &str) -> String {
        format!("{}/r/{reference}", self.public_url)
    }
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
    pub version: i64,
    pub category: Category,
    /// Code of the department handling it (the category's, unless re-routed).
    pub department: String,
    pub channel: Channel,
    pub point: GeoPoint,
    pub address: Option<String>,
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
}

/// An e-mail to send through the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An outbox row due for (another) delivery attempt.
#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub id: i64,
    pub mail: OutgoingMail,
    pub attempts: i64,
}

/// Someone to tell about a report's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub email: String,
    pub lang: Lang,
}

/// A caller who wants updates about an existing report.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFollower {
    pub contact: Contact,
    pub lang: Lang,
}

/// One change to a report: a history entry plus the fields it sets, applied atomically and
/// only if the report is still at `expected_version` (optimistic concurrency).
#[derive(Debug, Clone)]
pub struct ReportUpdate {
    pub report_id: i64,
    pub expected_version: i64,
    pub kind: EventKind,
    /// The status after the change (the current one when it does not change).
    pub status: ReportStatus,
    pub department: Option<String>,
    /// `Some(None)` clears the assignment.
    pub team: Option<Option<(i64, u8)>>,
    pub partner_id: Option<i64>,
    pub partner_ref: Option<Option<String>>,
    pub partner_status: Option<Option<String>>,
    /// Marks the report a duplicate of this one; its reporter and followers follow the original.
    pub duplicate_of: Option<i64>,
    pub follower: Option<NewFollower>,
    pub note: Option<String>,
    pub internal_note: Option<String>,
    pub actor_user_id: Option<i64>,
    pub photos: Vec<NewPhoto>,
    pub mails: Vec<OutgoingMail>,
    /// `Some(true)` flags an unresolved conflict, `Some(false)` clears it.
    pub conflict: Option<bool>,
    /// An offline change's id: recorded with the update, so a replay is not applied twice.
    pub receipt: Option<NewReceipt>,
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
    pub status: ReportStatus,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub address: Option<String>,
    pub description: String,
    /// Only when the export asked for it and the user may see it.
    pub contact: Option<Contact>,
}

/// What became of an offline change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOutcome {
    Applied,
    /// Based on an older version: kept in the history and flagged for a coordinator.
    Conflict,
}

impl ChangeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Conflict => "conflict",
        }
    }
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "applied" => Ok(Self::Applied),
            "conflict" => Ok(Self::Conflict),
            _ => Err(AppError::internal(format!("unknown change outcome {s}"))),
        }
    }
}

/// The receipt an offline change leaves, claimed in the same transaction as the change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReceipt {
    pub key: String,
    pub user_id: i64,
    pub request_hash: String,
    pub outcome: ChangeOutcome,
}

/// A stored receipt: the answer a replay of the same change gets.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeReceipt {
    pub user_id: i64,
    pub request_hash: String,
    pub reference: String,
    pub outcome: ChangeOutcome,
    pub version: i64,
}

impl ReportUpdate {
    /// An update that only appends a history entry; set the fields that change.
    pub fn new(report: &ReportRecord, kind: EventKind, actor_user_id: Option<i64>) -> Self {
        Self {
            report_id: report.id,
            expected_version: report.version,
            kind,
            status: report.status,
            department: None,
            team: None,
            partner_id: None,
            partner_ref: None,
            partner_status: None,
            duplicate_of: None,
            follower: None,
            note: None,
            internal_note: None,
            actor_user_id,
            photos: vec![],
            mails: vec![],
            conflict: None,
            receipt: None,
        }
    }
}

/// A row of the address register.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressRow {
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub municipality: String,
    pub point: GeoPoint,
}

/// A street found by the address search, before ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetRecord {
    pub id: i64,
    pub name: String,
    pub postcode: String,
    pub municipality: String,
    pub point: GeoPoint,
}

/// A staff account with its memberships, for the admin pages.
#[derive(Debug, Clone)]
pub struct UserListing {
    pub user: StaffUser,
    pub active: bool,
}

/// Which reports a map or list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Open,
    Closed,
}

/// A staff account as storage holds it.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: StaffUser,
    pub password_hash: String,
    pub active: bool,
}

/// Storage of reports, users and sessions (and, through its supertrait, complaints). SQL
/// dialects stay behind this trait.
#[async_trait]
pub trait Store: crate::complaint::store::ComplaintStore + Send + Sync {
    /// Active categories (`all`: inactive ones too).
    async fn categories(&self, all: bool) -> Result<Vec<Category>, AppError>;
    async fn category(&self, code: &str) -> Result<Option<Category>, AppError>;
    /// Creates or updates a category by code.
    async fn save_category(&self, category: &Category) -> Result<(), AppError>;
    async fn departments(&self) -> Result<Vec<Department>, AppError>;
    /// Creates or updates a department by code.
    async fn save_department(&self, department: &Department) -> Result<(), AppError>;
    async fn teams(&self) -> Result<Vec<Team>, AppError>;
    async fn create_team(&self, name: &str, department: &str) -> Result<i64, AppError>;
    async fn set_team_members(&self, team_id: i64, user_ids: &[i64]) -> Result<(), AppError>;
    async fn partners(&self) -> Result<Vec<Partner>, AppError>;
    async fn create_partner(&self, name: &str, email: &str) -> Result<i64, AppError>;

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
    /// Reports for the planner index, by id after `after_id`: all, or those changed after
    /// `changed_since`.
    async fn planner_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<crate::planner::index::IndexRow>, AppError>;
    /// Reports to export, by id (contact data only when asked).
    async fn export_rows(
        &self,
        ids: &[i64],
        with_contact: bool,
    ) -> Result<Vec<ExportRow>, AppError>;
    /// The receipt of an offline change, by its idempotency key.
    async fn change_receipt(&self, key: &str) -> Result<Option<ChangeReceipt>, AppError>;
    /// Applies one change atomically, with its history entry, photos, outgoing mail and
    /// receipt; `Stale` when the report is no longer at the expected version, `Conflict`
    /// when the receipt's key was already used.
    async fn apply_update(&self, update: &ReportUpdate, now: DateTime<Utc>)
        -> Result<(), AppError>;
    /// Reporter and followers with an e-mail address, without duplicates.
    async fn recipients(&self, report_id: i64) -> Result<Vec<Recipient>, AppError>;
    /// Reports for staff lists and searches.
    async fn find_reports(
        &self,
        query: &ReportQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffSummary>, AppError>;

    /// Queues one e-mail on its own (changes queue theirs inside [`Store::apply_update`]).
    async fn enqueue_mail(
        &self,
        report_id: Option<i64>,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Outbox rows due now, oldest first.
    async fn due_mail(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<QueuedMail>, AppError>;
    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError>;
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// (waiting, sent) counts.
    async fn outbox_counts(&self) -> Result<(i64, i64), AppError>;

    /// Records a failed login; returns until when the account is locked, if it now is.
    async fn login_failed(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, AppError>;
    async fn login_locked_until(&self, email: &str) -> Result<Option<DateTime<Utc>>, AppError>;
    async fn login_succeeded(&self, email: &str) -> Result<(), AppError>;

    /// Replaces the address register's rows for the given postcodes' municipalities;
    /// returns the number of addresses stored.
    async fn import_addresses(&self, rows: &[AddressRow]) -> Result<u64, AppError>;
    /// Streets whose name matches an FTS5 trigram query, best first.
    async fn search_streets(
        &self,
        fts_query: &str,
        limit: u32,
    ) -> Result<Vec<StreetRecord>, AppError>;
    /// Addresses on a street whose house number starts with `number`.
    async fn street_addresses(
        &self,
        street_id: i64,
        number: &str,
        limit: u32,
    ) -> Result<Vec<AddressRow>, AppError>;
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
    async fn users(&self) -> Result<Vec<UserListing>, AppError>;
    /// Sets role, departments and active flag; disabling also ends the user's sessions.
    async fn update_user(
        &self,
        user_id: i64,
        role: Role,
        departments: &[String],
        active: bool,
    ) -> Result<(), AppError>;
    async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<(), AppError>;
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
    /// Reads a file back (404 when it is gone).
    async fn get(&self, key: &str) -> Result<Vec<u8>, AppError>;
    async fn delete(&self, key: &str) -> Result<(), AppError>;
}
