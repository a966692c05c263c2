//! Operators' checks in SQLite: the files rows point at, `PRAGMA integrity_check` and
//! `PRAGMA foreign_key_check`.

use super::{db_error, SqliteStore};
use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::port::{MaintenanceStore, ReferencedFiles, SchemaState};
use sqlx::Row;

#[async_trait]
impl MaintenanceStore for SqliteStore {
    async fn schema_state(&self) -> Result<SchemaState, AppError> {
        let applied: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1")
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
        let mut problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        problems.retain(|p| p != "ok");
        let violations = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        for v in violations {
            let table: String = v.get(0);
            let rowid: Option<i64> = v.get(1);
            let parent: String = v.get(2);
            problems.push(format!(
                "{table} row {} points at a missing {parent} row",
                rowid.map_or_else(|| "?".to_owned(), |r| r.to_string())
            ));
        }
        Ok(problems)
    }
}
