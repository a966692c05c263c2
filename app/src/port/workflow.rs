//! The back office's work on reports: versioned changes with their history, who to tell, staff
//! lists and queues.

use super::{NewPhoto, NewReceipt, OutgoingMail, ReportRecord};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::office::domain::{EventKind, ReportQuery, StaffSummary};
use crate::report::domain::{Contact, ReportStatus};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Someone to tell about a report's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub email: String,
    pub lang: Lang,
    /// The follower's token, for the link that stops the mails (none for a reporter whose
    /// report predates following).
    pub unsubscribe: Option<String>,
    /// The person who made the report (only they are asked "is it fixed?").
    pub reporter: bool,
}

/// How long a link to confirm following works, in days.
pub const FOLLOW_CONFIRM_DAYS: i64 = 7;

/// What asking to follow a report did.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowAdded {
    /// Waits for confirmation through the link with this token (new, or asked again).
    Pending { token: String },
    /// The address follows the report already: nothing to confirm, nothing mailed.
    AlreadyFollowing,
}

/// "Is it fixed?", asked with a closing mail: the token's hash (the link is in the mail only)
/// and the status it was closed with. Asked of the reporter, and of each follower (whose
/// "still there" asks to reopen too, but counts in no figure).
#[derive(Debug, Clone, PartialEq)]
pub struct NewFeedback {
    pub token_hash: String,
    pub lang: Lang,
    pub closed_as: crate::report::domain::ReportStatus,
    /// The follower's e-mail address; `None` for the reporter.
    pub follower: Option<String>,
}

/// A coordinator's decision on the reporter's request to reopen (a "not fixed" answer).
#[derive(Debug, Clone, PartialEq)]
pub enum ReopenDecision {
    Accepted,
    Declined { reason: String },
}

/// A question "is it fixed?" as stored, for its link's page and the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRecord {
    pub id: i64,
    pub report_id: i64,
    pub reference: String,
    pub category: String,
    pub status: crate::report::domain::ReportStatus,
    pub view: crate::report::feedback::FeedbackView,
}

/// The latest "is it fixed?" question of a report and its answer, for the figures (no comment,
/// no address: nothing personal).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackFact {
    pub report_id: i64,
    pub asked_at: DateTime<Utc>,
    /// `None` while unanswered.
    pub fixed: Option<bool>,
    pub satisfaction: Option<u8>,
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
    /// The partner's token for its request while its id is not known (Open311).
    pub partner_token: Option<Option<String>>,
    /// Queues the report for this partner's Open311 server (with the change, so a forward
    /// is sent once the change is stored, and only then).
    pub forward_to: Option<i64>,
    /// Marks the report a duplicate of this one; its reporter and followers follow the original.
    pub duplicate_of: Option<i64>,
    pub follower: Option<NewFollower>,
    /// Asks the reporter "is it fixed?" and followers whether it is still there (with the
    /// closing mails that carry the links).
    pub feedback: Vec<NewFeedback>,
    /// Settles the reporter's pending request to reopen.
    pub reopen: Option<ReopenDecision>,
    /// Asks the reporter a question, takes their answer or ends the waiting question.
    pub question: Option<super::QuestionChange>,
    pub note: Option<String>,
    pub internal_note: Option<String>,
    pub actor_user_id: Option<i64>,
    pub photos: Vec<NewPhoto>,
    pub mails: Vec<OutgoingMail>,
    /// `Some(true)` flags an unresolved conflict, `Some(false)` clears it.
    pub conflict: Option<bool>,
    /// An offline change's id: recorded with the update, so a replay is not applied twice.
    pub receipt: Option<NewReceipt>,
    /// The report's public reference, category and status before the change: what a
    /// status-change event tells subscribers.
    pub reference: String,
    pub category: String,
    pub previous_status: ReportStatus,
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
            partner_token: None,
            forward_to: None,
            duplicate_of: None,
            follower: None,
            feedback: vec![],
            reopen: None,
            question: None,
            note: None,
            internal_note: None,
            actor_user_id,
            photos: vec![],
            mails: vec![],
            conflict: None,
            receipt: None,
            reference: report.reference.clone(),
            category: report.category.code.clone(),
            previous_status: report.status,
        }
    }

    /// The event subscribers get when this change moves the report to another status:
    /// a new event id and its JSON (Standard Webhooks' `type`, `timestamp`, `data`). Only
    /// what the public report page shows: no contact data, no internal notes.
    pub fn status_event(&self, now: DateTime<Utc>) -> Option<StatusEvent> {
        if self.status == self.previous_status {
            return None;
        }
        let id = format!("evt_{}", crate::service::random_token());
        let note = self.note.as_deref().filter(|_| self.kind.is_public());
        let payload = serde_json::json!({
            "id": id,
            "type": "report.status_changed",
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "data": {
                "ref": self.reference,
                "category": self.category,
                "status": self.status.as_str(),
                "previous_status": self.previous_status.as_str(),
                "note": note,
            },
        });
        Some(StatusEvent {
            id,
            payload: payload.to_string(),
        })
    }
}

/// One status change as subscribers receive it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEvent {
    /// Unique per event; receivers use it to drop a repeated delivery.
    pub id: String,
    pub payload: String,
}

#[async_trait]
pub trait WorkflowStore: Send + Sync {
    /// Applies one change atomically, with its history entry, photos, outgoing mail and
    /// receipt; `Stale` when the report is no longer at the expected version, `Conflict`
    /// when the receipt's key was already used.
    async fn apply_update(&self, update: &ReportUpdate, now: DateTime<Utc>)
        -> Result<(), AppError>;
    /// Confirmed followers who did not stop, and a reporter without a follower row of their
    /// own (reports from before following), with an e-mail address, without duplicates.
    async fn recipients(&self, report_id: i64) -> Result<Vec<Recipient>, AppError>;
    /// Asks for `email` to follow the report: a new follower waits for confirmation with
    /// `token`; one that stopped or never confirmed waits again with `token`.
    async fn add_follow(
        &self,
        report_id: i64,
        email: &str,
        lang: Lang,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<FollowAdded, AppError>;
    /// Confirms the follower with this token; answers its report's reference.
    async fn confirm_follow(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, AppError>;
    /// Stops the mails of the follower with this token; answers its report's reference.
    async fn stop_follow(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, AppError>;
    /// The question "is it fixed?" whose link has the token with this hash.
    async fn feedback(&self, token_hash: &str) -> Result<Option<FeedbackRecord>, AppError>;
    /// Stores the answer to question `id` unless it has one (`false` then); "not fixed"
    /// asks to reopen the report.
    async fn answer_feedback(
        &self,
        id: i64,
        answer: &crate::report::feedback::FeedbackAnswer,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError>;
    /// Every question asked about a report, oldest first.
    async fn report_feedback(
        &self,
        report_id: i64,
    ) -> Result<Vec<crate::report::feedback::FeedbackView>, AppError>;
    /// Each report's latest question "is it fixed?" with its answer, for the figures.
    async fn feedback_facts(&self) -> Result<Vec<FeedbackFact>, AppError>;
    /// Reports for staff lists and searches.
    async fn find_reports(
        &self,
        query: &ReportQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffSummary>, AppError>;
}
