//! Hooks for tests only (see `Backend`): states the rules cannot reach in a test's time.

use super::{db_error, PgStore};
use chrono::{DateTime, NaiveDate, Utc};
use meldpunt_app::error::AppError;

impl PgStore {
    pub(super) async fn hook_backdate(
        &self,
        reference: &str,
        created_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE report SET created_at = $1, updated_at = $1 WHERE ref = $2")
            .bind(created_at)
            .bind(reference)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub(super) async fn hook_report_dates(
        &self,
        reference: &str,
        created_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE report SET created_at = $1, due_at = $2 WHERE ref = $3")
            .bind(created_at)
            .bind(due_at)
            .bind(reference)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub(super) async fn hook_complaint_closed_on(
        &self,
        reference: &str,
        closed_on: NaiveDate,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE complaint SET closed_on = $1 WHERE ref = $2")
            .bind(closed_on)
            .bind(reference)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub(super) async fn hook_outbox_attempts(&self) -> Result<Vec<i64>, AppError> {
        sqlx::query_scalar("SELECT attempts FROM outbox ORDER BY outbox_id")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)
    }
}
