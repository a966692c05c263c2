//! The outbox: e-mail queued in the same transaction as the change it reports, sent by a worker.

use crate::error::AppError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// An e-mail to send through the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// An iCalendar file sent along (`text/calendar`), e.g. an appointment to add to a diary.
    pub calendar: Option<String>,
    /// Where one stops such mails with one click (`List-Unsubscribe`, RFC 8058): for mails
    /// about something the recipient follows.
    pub unsubscribe: Option<String>,
}

impl OutgoingMail {
    /// A plain-text mail.
    pub fn text(
        to: impl Into<String>,
        subject: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Self {
            to: to.into(),
            subject: subject.into(),
            body: body.into(),
            calendar: None,
            unsubscribe: None,
        }
    }
}

/// An outbox row due for (another) delivery attempt.
#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub id: i64,
    pub mail: OutgoingMail,
    pub attempts: i64,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues one e-mail on its own (changes queue theirs inside [`Store::apply_update`]).
    async fn enqueue_mail(
        &self,
        report_id: Option<i64>,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Claims up to `limit` rows due at `now`, oldest first, for one delivery attempt: each
    /// is due again only at `lease_until` (when the worker that claimed it died before saying
    /// how it went). Rows one worker claimed are not handed to another, also when several
    /// instances share the database.
    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, AppError>;
    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError>;
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// How much mail is where, as of `now`.
    async fn outbox_counts(&self, now: DateTime<Utc>) -> Result<OutboxCounts, AppError>;
}

/// Mail in the outbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Not sent yet, to be tried (again).
    pub waiting: i64,
    /// Not sent and given up on (too many attempts, or refused for good): next attempt more
    /// than [`PARKED_AFTER_DAYS`] away, where no retry delay reaches.
    pub parked: i64,
    pub sent: i64,
}

/// Retry delays stop at an hour; a message whose next attempt lies further ahead is parked.
pub const PARKED_AFTER_DAYS: i64 = 30;
