//! Hooks for tests only (`TestHooks`: the served binary never calls them): set up states the rules cannot reach in a test's time (a report
//! created two years ago) and look at what the API does not show (outbox attempts), without
//! SQL outside storage.

use super::{db_error, SqliteStore};
use crate::storage::{Tampering, TestHooks};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use meldpunt_app::error::AppError;
use sqlx::sqlite::SqliteArguments;
use sqlx::Sqlite;

impl SqliteStore {
    /// Runs one statement in a write transaction.
    async fn write_one<'q>(
        &self,
        query: sqlx::query::Query<'q, Sqlite, SqliteArguments<'q>>,
    ) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        query.execute(&mut *tx).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }
}

#[async_trait]
impl TestHooks for SqliteStore {
    /// Moves a report's creation (and last change) back in time.
    async fn backdate(&self, reference: &str, created_at: DateTime<Utc>) -> Result<(), AppError> {
        self.write_one(
            sqlx::query("UPDATE report SET created_at = ?1, updated_at = ?1 WHERE ref = ?2")
                .bind(created_at)
                .bind(reference),
        )
        .await
    }

    /// Sets when a report was made and when it is due, as if it had waited since.
    async fn set_report_dates(
        &self,
        reference: &str,
        created_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.write_one(
            sqlx::query("UPDATE report SET created_at = ?1, due_at = ?2 WHERE ref = ?3")
                .bind(created_at)
                .bind(due_at)
                .bind(reference),
        )
        .await
    }

    /// Sets the day a complaint was closed.
    async fn set_complaint_closed_on(
        &self,
        reference: &str,
        closed_on: NaiveDate,
    ) -> Result<(), AppError> {
        self.write_one(
            sqlx::query("UPDATE complaint SET closed_on = ? WHERE ref = ?")
                .bind(closed_on)
                .bind(reference),
        )
        .await
    }

    /// Delivery attempts of every outbox row, oldest row first.
    async fn outbox_attempts(&self) -> Result<Vec<i64>, AppError> {
        sqlx::query_scalar("SELECT attempts FROM outbox ORDER BY outbox_id")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)
    }

    /// Runs one change behind the rules' back.
    async fn tamper(&self, tampering: Tampering) -> Result<u64, String> {
        sqlx::query(tampering.sql())
            .execute(&self.writer)
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string())
    }
}
