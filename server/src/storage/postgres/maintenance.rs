//! Operators' checks in PostgreSQL: the files rows point at, the schema's guards in place, and
//! periodic jobs claimed once across instances.

use super::{db_error, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{MaintenanceStore, ReferencedFiles, SchemaState};

/// The triggers that keep history append-only: a database without them is not sound.
const GUARDS: [&str; 4] = [
    "status_history_append_only",
    "status_history_no_truncate",
    "complaint_event_append_only",
    "complaint_event_no_truncate",
];

#[async_trait]
impl MaintenanceStore for PgStore {
    async fn schema_state(&self) -> Result<SchemaState, AppError> {
        let applied: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(SchemaState {
            applied: usize::try_from(applied).unwrap_or_default(),
            known: super::MIGRATOR.iter().count(),
        })
    }

    async fn referenced_files(&self) -> Result<ReferencedFiles, AppError> {
        let photos = sqlx::query_scalar(
            "SELECT storage_key FROM photo UNION ALL SELECT thumbnail_key FROM photo",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let private = sqlx::query_scalar(
            "SELECT storage_key FROM complaint_file
             UNION ALL SELECT thumbnail_key FROM complaint_file WHERE thumbnail_key IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(ReferencedFiles { photos, private })
    }

    async fn integrity_problems(&self) -> Result<Vec<String>, AppError> {
        // PostgreSQL enforces foreign keys on every statement and checks its pages itself;
        // what an operator can break is the schema's own guards.
        let present: Vec<String> = sqlx::query_scalar(
            "SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(GUARDS
            .iter()
            .filter(|g| !present.iter().any(|p| p == *g))
            .map(|g| format!("the trigger {g} is missing or disabled"))
            .collect())
    }

    async fn claim_job(
        &self,
        job: &str,
        now: DateTime<Utc>,
        next_run: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        // The row lock makes the check and the move one step: of instances claiming at
        // once, one moves `next_run`, the others then find it in the future.
        let claimed = sqlx::query(
            "INSERT INTO job_schedule (job, next_run) VALUES ($1, $2)
             ON CONFLICT (job) DO UPDATE SET next_run = $2 WHERE job_schedule.next_run <= $3",
        )
        .bind(job)
        .bind(next_run)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?
        .rows_affected();
        Ok(claimed == 1)
    }
}
