//! Staff accounts, sessions and sign-in throttling.

use crate::error::AppError;
use crate::staff::{Role, StaffUser};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

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

#[async_trait]
pub trait UserStore: Send + Sync {
    /// Records a failed login; returns until when the account is locked, if it now is.
    async fn login_failed(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, AppError>;
    async fn login_locked_until(&self, email: &str) -> Result<Option<DateTime<Utc>>, AppError>;
    async fn login_succeeded(&self, email: &str) -> Result<(), AppError>;
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
