//! Hooks for tests only (`TestHooks`: the served binary never calls them): states the rules cannot reach in a test's time.

use super::{db_error, PgStore};
use crate::storage::{Tampering, TestHooks};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use meldpunt_app::error::AppError;

#[async_trait]
impl TestHooks for PgStore {
    async fn backdate(&self, reference: &str, created_at: DateTime<Utc>) -> Result<(), AppError> {
        sqlx::query("UPDATE report SET created_at = $1, updated_at = $1 WHERE ref = $2")
            .bind(created_at)
            .bind(reference)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn set_report_dates(
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

    async fn set_complaint_closed_on(
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

    async fn outbox_attempts(&self) -> Result<Vec<i64>, AppError> {
        sqlx::query_scalar("SELECT attempts FROM outbox ORDER BY outbox_id")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)
    }

    async fn tamper(&self, tampering: Tampering) -> Result<u64, String> {
        sqlx::query(tampering.sql())
            .execute(&self.pool)
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string())
    }
}
