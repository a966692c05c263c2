//! Area alerts (`report::alerts`): subscriptions by e-mail address and the new reports they
//! are told of.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::report::alerts::{AlertArea, AlertFrequency, AlertRequest};
use crate::report::domain::GeoPoint;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A subscription to add, waiting for confirmation through the link with `token`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    pub request: AlertRequest,
    pub lang: Lang,
    pub token: String,
    pub now: DateTime<Utc>,
    /// Not added when the address has this many that are not stopped.
    pub max_per_address: u32,
}

/// A subscription as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRecord {
    pub id: i64,
    pub email: String,
    pub lang: Lang,
    pub area: AlertArea,
    pub categories: Vec<String>,
    pub frequency: AlertFrequency,
    pub token: String,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// The next digest lists the reports made from here on.
    pub digest_from: Option<DateTime<Utc>>,
}

/// A new public report as alerts tell of it: nothing a public report page does not show.
#[derive(Debug, Clone, PartialEq)]
pub struct NewsItem {
    pub reference: String,
    pub category: String,
    pub point: GeoPoint,
    /// The district's code.
    pub district: Option<String>,
    pub address: Option<String>,
    pub address_near: bool,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait AlertStore: Send + Sync {
    /// Adds a subscription unless the address has `max_per_address` that are not stopped;
    /// answers whether it was added.
    async fn add_alert(&self, alert: &NewAlert) -> Result<bool, AppError>;
    async fn alert(&self, token: &str) -> Result<Option<AlertRecord>, AppError>;
    /// Confirms it (once; a stopped one stays stopped); the first digest starts now.
    async fn confirm_alert(&self, token: &str, now: DateTime<Utc>) -> Result<bool, AppError>;
    async fn stop_alert(&self, token: &str, now: DateTime<Utc>) -> Result<bool, AppError>;
    /// Confirmed subscriptions that did not stop, of one frequency.
    async fn live_alerts(&self, frequency: AlertFrequency) -> Result<Vec<AlertRecord>, AppError>;
    async fn set_digest_from(&self, id: i64, at: DateTime<Utc>) -> Result<(), AppError>;
    /// Visible reports made at or after `since`, oldest first, at most `limit`.
    async fn news_since(&self, since: DateTime<Utc>, limit: u32)
        -> Result<Vec<NewsItem>, AppError>;
    /// Deletes subscriptions never confirmed and made before `unconfirmed_before`, and those
    /// stopped before `stopped_before`; answers how many.
    async fn forget_alerts(
        &self,
        unconfirmed_before: DateTime<Utc>,
        stopped_before: DateTime<Utc>,
    ) -> Result<u64, AppError>;
}
