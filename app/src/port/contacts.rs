//! The contact register: topics, contacts (with the hand-over they make) and hand-overs.

use crate::contact::domain::{ContactRecord, HandoverRecord, Topic, TrailItem, ValidContact};
use crate::contact::figures::ContactTally;
use crate::error::AppError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A contact to store, with who registered it and, for a hand-over, when it is due.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub contact: ValidContact,
    pub created_by: Option<i64>,
    pub handover_due: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait ContactStore: Send + Sync {
    /// The topic list, inactive topics included, in order.
    async fn topics(&self) -> Result<Vec<Topic>, AppError>;
    /// Adds a topic or changes the one with this code.
    async fn save_topic(&self, topic: &Topic) -> Result<(), AppError>;
    /// Stores a contact and its hand-over in one transaction; its id. Refuses an unknown
    /// topic or department by field.
    async fn record_contact(&self, new: &NewContact, now: DateTime<Utc>) -> Result<i64, AppError>;
    /// A caller's contacts, newest first, found by phone digits or e-mail (at most 50).
    async fn caller_contacts(
        &self,
        phone_digits: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<ContactRecord>, AppError>;
    /// A caller's complaints and appointments (at most 20 of each, newest first), found by
    /// the last digits of a phone number (matching `0…` and `+32…` alike) or an e-mail
    /// address (any case).
    async fn caller_trail(
        &self,
        phone_tail: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<TrailItem>, AppError>;
    /// The contacts that produced the report, complaint or appointment `reference`, oldest
    /// first.
    async fn linked_contacts(&self, reference: &str) -> Result<Vec<ContactRecord>, AppError>;
    /// Hand-overs of the given departments (`None`: all), open ones first by due time, then
    /// those answered in the last week.
    async fn handovers(
        &self,
        departments: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<Vec<HandoverRecord>, AppError>;
    /// Records the answer to an open hand-over of one of `departments` (`None`: any); false
    /// when it is not open or not theirs.
    async fn answer_handover(
        &self,
        id: i64,
        answer: &str,
        by: i64,
        departments: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError>;
    /// Erases callers' names, phone numbers and e-mail addresses of contacts that started
    /// before `before`; how many.
    async fn erase_contact_details(
        &self,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, AppError>;
    /// The contacts that started in `[from, to)` counted for the figures, hand-overs by
    /// their state as of `now`.
    async fn contact_tally(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ContactTally, AppError>;
}
