//! What a citizen reaches without an account, by a link mailed to their address: the list of
//! reports made or followed with it ("Mijn meldingen").

use crate::error::AppError;
use crate::i18n::Lang;
use crate::report::domain::ReportStatus;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A link for "my reports" to store, by the hash of its token (the token is in the mail only).
#[derive(Debug, Clone, PartialEq)]
pub struct NewMineLink {
    pub email: String,
    pub lang: Lang,
    pub token_hash: String,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// At most this many links for one address since `recent_since` (asking more stores none).
    pub max_recent: u32,
    pub recent_since: DateTime<Utc>,
}

/// One report on a citizen's list.
#[derive(Debug, Clone, PartialEq)]
pub struct MyReport {
    pub reference: String,
    /// The category's code.
    pub category: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub address: Option<String>,
    pub address_near: bool,
    /// Made with this address (else followed).
    pub made: bool,
    /// The follower's token while its status mails go (for the link that stops them).
    pub follow_token: Option<String>,
    /// Hidden by the city: listed, without a link to a public page.
    pub hidden: bool,
}

#[async_trait]
pub trait CitizenStore: Send + Sync {
    /// Stores the link when the address made a report or follows one and has had fewer than
    /// `max_recent` links lately; answers whether it did (nothing else tells).
    async fn add_mine_link(&self, link: &NewMineLink) -> Result<bool, AppError>;
    /// Uses the unused, unexpired link with this token hash: it opens the view with
    /// `view_hash` until `view_until`. Answers whether it did.
    async fn open_mine_link(
        &self,
        token_hash: &str,
        view_hash: &str,
        now: DateTime<Utc>,
        view_until: DateTime<Utc>,
    ) -> Result<bool, AppError>;
    /// The address and language of the open view with this hash.
    async fn mine_view(
        &self,
        view_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(String, Lang)>, AppError>;
    /// Closes the view with this hash.
    async fn close_mine_view(&self, view_hash: &str) -> Result<(), AppError>;
    /// The reports made with the address or followed with it (confirmed, not stopped), newest
    /// first, at most `limit`.
    async fn my_reports(&self, email: &str, limit: u32) -> Result<Vec<MyReport>, AppError>;
    /// Forgets links made before `before` (they hold an address); answers how many.
    async fn forget_mine_links(&self, before: DateTime<Utc>) -> Result<u64, AppError>;
}

/// One row of personal data found by an e-mail address, for an access request: where it is
/// (`source`, e.g. "report"), what it belongs to and when, and the personal fields it holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonalRow {
    pub source: &'static str,
    pub reference: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A text the person wrote (a comment) or a mail's subject.
    pub text: Option<String>,
}

/// The store's side of access and erasure requests (GDPR articles 15 and 17).
#[async_trait]
pub trait PersonalDataStore: Send + Sync {
    /// Every row that holds the address (in any case) or personal data tied to it.
    async fn personal_data(&self, email: &str) -> Result<Vec<PersonalRow>, AppError>;
    /// Erases all of it in one transaction (contact fields emptied, follows, links and mails
    /// deleted); answers the rows changed per source.
    async fn erase_personal_data(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(&'static str, u64)>, AppError>;
}
