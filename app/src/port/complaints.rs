//! The complaints register: complaints, their append-only events, attachments, norms and
//! improvement actions.

use super::OutgoingMail;
use crate::complaint::domain::{
    ComplainantContact, ComplaintChannel, ComplaintEvent, ComplaintHistory, ComplaintStatus,
    ComplaintSummary, InadmissibleReason, OmbudsNorm, ValidComplaint, Verdict,
};
use crate::complaint::figures::ComplaintYearRow;
use crate::error::AppError;
use crate::i18n::Lang;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// A complaint to store, with who registered it and the form's one-time key.
#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub complaint: ValidComplaint,
    pub created_by: Option<i64>,
    /// The key a citizen's form carried, with a hash of what was sent: a double submit
    /// answers the first complaint instead of filing a second.
    pub idempotency: Option<(String, String)>,
}

/// An attachment written to the private file store, to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComplaintFile {
    /// `photo` or `pdf`.
    pub kind: &'static str,
    pub name: String,
    pub content_type: &'static str,
    pub bytes: i64,
    pub sha256: String,
    pub key: String,
    pub thumbnail_key: Option<String>,
    /// The file's (and thumbnail's) bytes when the file store is the database.
    pub pending: Vec<super::PendingFile>,
}

/// What storing a complaint led to.
#[derive(Debug, Clone, PartialEq)]
pub enum ComplaintCreated {
    Created {
        id: i64,
        reference: String,
    },
    /// The form's key was seen before with the same content: the first complaint.
    Replayed {
        reference: String,
    },
    /// The form's key was seen before with other content.
    KeyReused,
}

/// A stored attachment.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintFileRecord {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub content_type: String,
    pub bytes: i64,
    pub key: String,
    pub thumbnail_key: Option<String>,
}

/// A complaint as storage holds it, personal data included (officers only).
#[derive(Debug, Clone)]
pub struct ComplaintRecord {
    pub id: i64,
    pub reference: String,
    pub version: i64,
    pub channel: ComplaintChannel,
    pub status: ComplaintStatus,
    pub received_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub acknowledged_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub department: Option<String>,
    pub employee: Option<String>,
    pub happened_on: Option<NaiveDate>,
    pub description: String,
    pub expectation: Option<String>,
    pub report: Option<String>,
    pub converted_report: Option<String>,
    pub contact: ComplainantContact,
    pub lang: Lang,
    pub inadmissible_reason: Option<InadmissibleReason>,
    pub verdict: Option<Verdict>,
    pub norms: Vec<OmbudsNorm>,
    pub answer: Option<String>,
    pub improvements: Vec<String>,
    pub anonymised_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    pub history: Vec<ComplaintHistory>,
    pub files: Vec<ComplaintFileRecord>,
}

/// One handling step: a history entry plus the fields it sets, applied atomically and only
/// if the complaint is still at `expected_version`.
#[derive(Debug, Clone)]
pub struct ComplaintUpdate {
    pub complaint_id: i64,
    pub expected_version: i64,
    pub event: ComplaintEvent,
    /// The status after the step (the current one when it does not change).
    pub status: ComplaintStatus,
    pub actor_user_id: Option<i64>,
    pub note: Option<String>,
    /// The department an input request or answer is about.
    pub event_department: Option<String>,
    /// Sets the department complained about.
    pub department: Option<String>,
    pub acknowledged_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub inadmissible_reason: Option<InadmissibleReason>,
    pub verdict: Option<Verdict>,
    pub norms: Option<Vec<OmbudsNorm>>,
    pub answer: Option<String>,
    pub improvement: Option<String>,
    pub converted_report_id: Option<i64>,
    pub mails: Vec<OutgoingMail>,
}

impl ComplaintUpdate {
    /// An update that only appends `event`; set the fields that change.
    pub fn new(c: &ComplaintRecord, event: ComplaintEvent, actor_user_id: i64) -> Self {
        Self {
            complaint_id: c.id,
            expected_version: c.version,
            event,
            status: c.status,
            actor_user_id: Some(actor_user_id),
            note: None,
            event_department: None,
            department: None,
            acknowledged_on: None,
            answered_on: None,
            closed_on: None,
            inadmissible_reason: None,
            verdict: None,
            norms: None,
            answer: None,
            improvement: None,
            converted_report_id: None,
            mails: vec![],
        }
    }
}

/// Which complaints a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComplaintQuery {
    /// Only those not closed.
    pub open_only: bool,
    /// Only those received in this year.
    pub year: Option<i32>,
    /// Only those whose reference, complainant's name or e-mail, or text contains this.
    pub text: Option<String>,
    pub limit: u32,
}

/// What the retention job found (and, unless a dry run, erased).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anonymised {
    pub references: Vec<String>,
    /// Attachment files to delete from the private store once the rows are gone.
    pub file_keys: Vec<String>,
}

/// Storage of complaints. SQL dialects stay behind this trait.
#[async_trait]
pub trait ComplaintStore: Send + Sync {
    /// Stores a complaint with its attachments and first history entry, atomically; numbers
    /// it `K-<year>-<seq>` by the year received.
    async fn create_complaint(
        &self,
        new: &NewComplaint,
        files: &[NewComplaintFile],
        now: DateTime<Utc>,
    ) -> Result<ComplaintCreated, AppError>;
    async fn complaint(&self, reference: &str) -> Result<Option<ComplaintRecord>, AppError>;
    /// Complaints for the officers' list, oldest received first.
    async fn complaints(&self, query: &ComplaintQuery) -> Result<Vec<ComplaintSummary>, AppError>;
    /// Applies one step with its history entry and outgoing mail; `Stale` when the complaint
    /// is no longer at the expected version.
    async fn apply_complaint_update(
        &self,
        update: &ComplaintUpdate,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// What the yearly report needs of every complaint received in `year`.
    async fn complaint_year_rows(&self, year: i32) -> Result<Vec<ComplaintYearRow>, AppError>;
    /// Erases the personal data of complaints closed before `closed_before` (names, contact
    /// details, texts, notes, attachments), keeping what the yearly figures need. With
    /// `dry_run` only lists them.
    async fn anonymise_complaints(
        &self,
        closed_before: NaiveDate,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<Anonymised, AppError>;
}
