//! Operators' checks in SQLite: the files rows point at, `PRAGMA integrity_check` and
//! `PRAGMA foreign_key_check`; and what backups need: a consistent copy of the live database
//! (`VACUUM INTO`), row counts, a copy opened as it is.

use super::{db_error, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{MaintenanceStore, ReferencedFiles, SchemaState};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::Row;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

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

    async fn claim_job(
        &self,
        job: &str,
        now: DateTime<Utc>,
        next_run: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let claimed = sqlx::query(
            "INSERT INTO job_schedule (job, next_run) VALUES (?1, ?2)
             ON CONFLICT (job) DO UPDATE SET next_run = ?2 WHERE job_schedule.next_run <= ?3",
        )
        .bind(job)
        .bind(next_run)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_error)?
        .rows_affected();
        Ok(claimed == 1)
    }
}

/// The file a `sqlite://` URL names; an in-memory database has none.
pub fn database_file(url: &str) -> anyhow::Result<std::path::PathBuf> {
    if !url.starts_with("sqlite:") {
        anyhow::bail!(
            "{} is not a SQLite database: back up PostgreSQL with its own tools (pg_dump, pg_basebackup) and the data directory with the files",
            url.split('@').next_back().unwrap_or_default()
        );
    }
    let options = SqliteConnectOptions::from_str(url)?;
    let path = options.get_filename();
    if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" {
        anyhow::bail!("{url} is not a database file");
    }
    Ok(path.to_path_buf())
}

impl SqliteStore {
    /// Opens an existing database file as it is: no migrations, its journal mode untouched
    /// (the live database, whose server keeps WAL), or set to a rollback journal when `copy`
    /// (a backup's copy being checked, so no `-wal` file is left beside it).
    pub async fn open_existing(path: &Path, copy: bool) -> anyhow::Result<Self> {
        let mut options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15));
        if copy {
            options = options.journal_mode(SqliteJournalMode::Delete);
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Self {
            report_writer: super::report_writer::ReportWriter::start(pool.clone()),
            writer: pool.clone(),
            pool,
        })
    }

    /// Writes a consistent copy of the whole database to `path` (which must not exist) while
    /// writes go on: `VACUUM INTO` reads in one transaction, and in WAL mode writers do not
    /// wait for it.
    pub async fn snapshot_into(&self, path: &Path) -> Result<(), AppError> {
        let target = path
            .to_str()
            .ok_or_else(|| AppError::internal(format!("{} is not a UTF-8 path", path.display())))?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Rows per counted table (see `COUNTED`).
    pub async fn row_counts(&self) -> Result<BTreeMap<String, i64>, AppError> {
        let mut counts = BTreeMap::new();
        for table in crate::storage::COUNTED {
            // The table names are the constants above, never input.
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await
                .map_err(db_error)?;
            counts.insert(table.to_owned(), n);
        }
        Ok(counts)
    }

    /// Closes the connections (before the file is moved or deleted).
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}
