//! Partners' systems and apps linked over HTTP: a partner reached through Open311 (reports
//! are forwarded to it and its status read back), subscriptions to status changes
//! (webhooks), and the deliveries to both: queued in the transaction of the change they
//! carry (see [`super::ReportUpdate`]), sent by a worker with retries.

use crate::error::AppError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a partner's Open311 server is reached (the key is ours there, never shown again).
#[derive(Debug, Clone, PartialEq)]
pub struct Open311Link {
    /// The base URL, e.g. `https://partner.example/open311/v2` (no trailing slash).
    pub endpoint: String,
    pub api_key: String,
    pub jurisdiction: Option<String>,
    /// Our category code → the partner's service code.
    pub services: Vec<(String, String)>,
}

impl Open311Link {
    /// The partner's service code for one of our categories.
    pub fn service_for(&self, category: &str) -> Option<&str> {
        self.services
            .iter()
            .find(|(c, _)| c == category)
            .map(|(_, s)| s.as_str())
    }
}

pub use crate::office::domain::LinkHealth;

/// A subscription to status changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// `whsec_` and the base64 of the signing key (Standard Webhooks).
    pub secret: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub health: LinkHealth,
}

/// One link's side of an attempt: which partner or subscriber it went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRef {
    Partner(i64),
    Webhook(i64),
}

/// What a queued delivery carries.
#[derive(Debug, Clone)]
pub enum DeliveryTarget {
    /// The report, to the partner's Open311 server.
    Forward { partner_id: i64 },
    /// One event to one subscriber.
    Event {
        webhook: Webhook,
        event_id: String,
        payload: String,
    },
}

/// A delivery due for (another) attempt.
#[derive(Debug, Clone)]
pub struct QueuedDelivery {
    pub id: i64,
    pub report_id: i64,
    pub reference: String,
    pub attempts: i64,
    pub target: DeliveryTarget,
}

/// A report forwarded to an Open311 partner, due to be asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerPoll {
    pub report_id: i64,
    pub reference: String,
    pub partner_id: i64,
    pub partner_ref: Option<String>,
    pub partner_token: Option<String>,
}

/// Deliveries in the queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryCounts {
    pub waiting: i64,
    /// Given up on (refused for good or too many attempts), as in the mail outbox.
    pub parked: i64,
    pub done: i64,
}

#[async_trait]
pub trait LinkStore: Send + Sync {
    /// Links a partner to its Open311 server (`None` unlinks it: forwarding by e-mail again).
    async fn set_open311_link(
        &self,
        partner_id: i64,
        link: Option<&Open311Link>,
    ) -> Result<(), AppError>;
    async fn open311_link(&self, partner_id: i64) -> Result<Option<Open311Link>, AppError>;
    async fn create_webhook(
        &self,
        name: &str,
        url: &str,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, AppError>;
    /// Every subscription, stopped ones too, by name.
    async fn webhooks(&self) -> Result<Vec<Webhook>, AppError>;
    /// Stops a subscription; `false` when no active one has this name.
    async fn revoke_webhook(&self, name: &str, now: DateTime<Utc>) -> Result<bool, AppError>;
    /// Claims up to `limit` deliveries due at `now`, oldest first, each due again only at
    /// `lease_until` (should the worker die mid-way); never the same row to two workers.
    async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<QueuedDelivery>, AppError>;
    async fn delivery_done(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError>;
    async fn delivery_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), AppError>;
    async fn delivery_counts(&self, now: DateTime<Utc>) -> Result<DeliveryCounts, AppError>;
    /// Notes how an attempt to reach a partner or subscriber went (`Some(error)`: failed).
    async fn record_link_outcome(
        &self,
        link: LinkRef,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Reports forwarded to an Open311 partner, still forwarded, not asked about since
    /// `asked_before`, longest unasked first; each is marked asked at `now` (so another
    /// instance does not ask too).
    async fn claim_partner_polls(
        &self,
        asked_before: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<PartnerPoll>, AppError>;
}
