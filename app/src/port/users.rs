//! Staff accounts, sessions and sign-in throttling; partners' and apps' API keys.

use crate::error::AppError;
use crate::staff::{Role, StaffUser};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A partner's or app's API key as storage holds it (the key itself only as a hash).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKeyRecord {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A staff account with its memberships, for the admin pages.
#[derive(Debug, Clone)]
pub struct UserListing {
    pub user: StaffUser,
    pub active: bool,
}

/// A staff account as storage holds it.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: StaffUser,
    pub password_hash: String,
    pub active: bool,
}

/// What storage knows about sign-ins to one account from one client.
#[derive(Debug, Clone, Default)]
pub struct LoginThrottle {
    /// Until when this client may not try this account.
    pub locked_until: Option<DateTime<Utc>>,
    /// Failures for the account from any client since the time asked about.
    pub account_failures: i64,
    /// Whether this client signed in to this account before.
    pub known_client: bool,
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// The throttle state of `email` from `client` (a hash, see `signin::client_key`), with
    /// the account's failures since `failures_since`.
    async fn login_throttle(
        &self,
        email: &str,
        client: &str,
        failures_since: DateTime<Utc>,
    ) -> Result<LoginThrottle, AppError>;
    /// Records a failed sign-in and returns the client's failures for the account, counted
    /// from 1 again when the last one was before `forget_before`. Purges pairs whose last
    /// failure was before `forget_before` and that are not locked at `now`.
    async fn login_failed(
        &self,
        email: &str,
        client: &str,
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<i64, AppError>;
    /// Locks `client` out of `email` until `until`.
    async fn lock_login(
        &self,
        email: &str,
        client: &str,
        until: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Forgets the client's failures and remembers it as known to the account; forgets
    /// known clients whose last success was before `forget_known_before`.
    async fn login_succeeded(
        &self,
        email: &str,
        client: &str,
        now: DateTime<Utc>,
        forget_known_before: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Lifts every lock and forgets every failure of an account; returns the rows removed.
    async fn unlock_login(&self, email: &str) -> Result<u64, AppError>;
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
    /// Stores a new API key by name (a name already taken is a conflict).
    async fn create_api_key(
        &self,
        name: &str,
        key_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, AppError>;
    /// The key with this hash, revoked or not.
    async fn api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKeyRecord>, AppError>;
    /// Notes that a key was used (shown to admins).
    async fn touch_api_key(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError>;
    /// Every key, by name.
    async fn api_keys(&self) -> Result<Vec<ApiKeyRecord>, AppError>;
    /// Revokes the key with this name; false when there is none still valid.
    async fn revoke_api_key(&self, name: &str, now: DateTime<Utc>) -> Result<bool, AppError>;
}
