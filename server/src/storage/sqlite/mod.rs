//! The SQLite store: WAL mode with full sync, foreign keys on, an R*Tree for spatial lookups.
//! One module per storage port (`catalogue`, `reports`, `workflow`, `receipts`, `outbox`,
//! `users`, `addresses`, `planner`, `complaints`); what several of them share is here.

use super::db_error;
use super::{lang_from_db, like_escape, open_status_list, status_from_db, IDEMPOTENCY_DAYS};
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Names;
use meldpunt_app::port::{NewPhoto, OutgoingMail, Store};
use meldpunt_app::report::domain::{Category, ReportRef};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// The schema's migrations, compiled in.
use super::migrations::SQLITE as MIGRATOR;

/// The SQLite store.
pub struct SqliteStore {
    /// Readers: WAL lets them run beside the writer.
    pool: SqlitePool,
    /// The one writing connection. SQLite writes one transaction at a time anyway; when
    /// several connections compete for its lock, the losers sleep in SQLite's busy handler
    /// (1, 2, 5 … 100 ms steps) and a burst of submissions waits up to 100 ms for nothing.
    /// Queued here, each waits in line in the pool and starts the moment the last one
    /// commits.
    writer: SqlitePool,
    /// New reports, stored in batches on `writer` (group commit).
    report_writer: report_writer::ReportWriter,
}

/// All ports, each implemented in its module below.
impl Store for SqliteStore {}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` and applies the migrations.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a report acknowledged to a citizen survives a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        // Migrations run with foreign keys off (table rebuilds need it), then the whole
        // database is checked before the app's connections, with foreign keys on, open.
        {
            let migrating = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone().foreign_keys(false))
                .await?;
            MIGRATOR.run(&migrating).await?;
            let violations = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&migrating)
                .await?;
            if !violations.is_empty() {
                anyhow::bail!(
                    "the database has {} rows breaking foreign keys after migrating",
                    violations.len()
                );
            }
            migrating.close().await;
        }
        // An embedded database's connection cannot be cut off: not asked whether it is alive
        // before each use (a round trip to its thread for nothing).
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(options)
            .await?;
        Ok(Self {
            report_writer: report_writer::ReportWriter::start(writer.clone()),
            pool,
            writer,
        })
    }

    /// Counts reports; used by `demo` and tests.
    pub async fn count_reports(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM report")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    /// Counts rows of the address register.
    pub async fn count_addresses(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM address")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    /// A transaction that takes the write lock at once (`BEGIN IMMEDIATE`): a deferred one
    /// that reads first fails with "database is locked" when another writer got there between
    /// its read and its write, instead of waiting its turn.
    async fn write_tx(&self) -> Result<sqlx::Transaction<'_, Sqlite>, AppError> {
        self.writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)
    }
}

/// A category's names as a JSON object from language code to name (`names_from_row` reads
/// it): a column for queries that have the category as `c`, spliced in with `concat!`.
macro_rules! category_names {
    () => {
        "(SELECT json_group_object(n.lang, n.name) FROM category_name n WHERE n.category_id = c.category_id) AS names"
    };
}

/// Selects a category with its names and its department's code; `category_from_row` reads it.
const CATEGORY_SELECT: &str = concat!(
    "SELECT c.code, c.target_days, c.icon, c.active, d.code AS dept_code, ",
    category_names!(),
    " FROM category c JOIN department d ON d.department_id = c.department_id"
);

fn category_from_row(r: &SqliteRow) -> Category {
    Category {
        code: r.get("code"),
        names: names_from_row(r),
        department: r.get("dept_code"),
        target_days: r.get("target_days"),
        icon: r.get("icon"),
        active: r.get("active"),
    }
}

/// The `names` column: a JSON object from language code to name. A language the program does
/// not know (a row from a newer version) is skipped; one without a row stays empty.
fn names_from_row(r: &SqliteRow) -> Names {
    super::names_from_json(r.get("names"))
}

/// Replaces the names of one category or department (`table` is `category_name` or
/// `department_name`, `id_column` its key) within a transaction.
async fn save_names(
    tx: &mut Transaction<'_, Sqlite>,
    table: &str,
    id_column: &str,
    id: i64,
    names: &Names,
) -> Result<(), AppError> {
    sqlx::query(&format!("DELETE FROM {table} WHERE {id_column} = ?"))
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    for (lang, name) in names.iter().filter(|(_, name)| !name.is_empty()) {
        sqlx::query(&format!(
            "INSERT INTO {table} ({id_column}, lang, name) VALUES (?, ?, ?)"
        ))
        .bind(id)
        .bind(lang.code())
        .bind(name)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

/// Queues one e-mail, due at once.
async fn insert_mail<'e, E>(
    executor: E,
    report_id: Option<i64>,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    sqlx::query(
        "INSERT INTO outbox (to_addr, subject, body, calendar, unsubscribe, report_id, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.calendar)
    .bind(&mail.unsubscribe)
    .bind(report_id)
    .bind(now)
    .bind(now)
    .execute(executor)
    .await
    .map_err(db_error)?;
    Ok(())
}

async fn department_id(tx: &mut Transaction<'_, Sqlite>, code: &str) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT department_id FROM department WHERE code = ?")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::validation("department", "unknown department"))
}

async fn insert_photos(
    tx: &mut Transaction<'_, Sqlite>,
    report_id: i64,
    photos: &[NewPhoto],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for p in photos {
        sqlx::query(
            "INSERT INTO photo (report_id, kind, width, height, bytes, sha256, storage_key, thumbnail_key, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(p.kind.as_str())
        .bind(p.width)
        .bind(p.height)
        .bind(p.bytes as i64)
        .bind(&p.sha256)
        .bind(&p.key)
        .bind(&p.thumbnail_key)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
        keeps_no_files(&p.pending)?;
    }
    Ok(())
}

/// SQLite's files live in the data directory, written before their rows; a file handed over
/// to be written with its rows means the server was configured wrongly (`main` refuses
/// `--file-store database` with SQLite), and the rows are refused rather than left without it.
fn keeps_no_files(pending: &[meldpunt_app::port::PendingFile]) -> Result<(), AppError> {
    match pending.first() {
        None => Ok(()),
        Some(f) => Err(AppError::internal(format!(
            "the SQLite store keeps no files, but was handed {}",
            f.key
        ))),
    }
}

/// The next reference of `year` (`M-<year>-<seq>`), counted in the transaction.
async fn next_reference(
    tx: &mut Transaction<'_, Sqlite>,
    year: i32,
) -> Result<ReportRef, AppError> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO ref_counter (year, last) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(ReportRef::new(year, seq))
}

/// A report's point in the R*Tree that answers map windows.
async fn insert_rtree(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    lat: f64,
    lon: f64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO report_rtree (report_id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(lon)
    .bind(lon)
    .bind(lat)
    .bind(lat)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}
mod addresses;
mod alerts;
mod appointments;
mod asks;
mod catalogue;
mod citizens;
mod complaints;
mod contacts;
mod districts;
mod knowledge;
mod links;
mod maintenance;
mod outbox;
mod planner;
mod receipts;
pub mod reference;
mod report_writer;
mod reports;
mod test_hooks;
#[cfg(test)]
mod tests;
mod users;
mod workflow;

pub use maintenance::database_file;

#[async_trait::async_trait]
impl crate::storage::Backend for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }
    fn as_sqlite(&self) -> Option<&SqliteStore> {
        Some(self)
    }
    fn as_postgres(&self) -> Option<&crate::storage::postgres::PgStore> {
        None
    }

    fn database_files(
        &self,
        _area: meldpunt_app::port::FileArea,
    ) -> Option<std::sync::Arc<dyn meldpunt_app::port::PhotoFiles>> {
        None
    }
    async fn count_reports(&self) -> Result<i64, AppError> {
        SqliteStore::count_reports(self).await
    }
    async fn count_addresses(&self) -> Result<i64, AppError> {
        SqliteStore::count_addresses(self).await
    }
    async fn row_counts(&self) -> Result<std::collections::BTreeMap<String, i64>, AppError> {
        SqliteStore::row_counts(self).await
    }
    async fn insert_generated(
        &self,
        reports: &[crate::storage::backend::GeneratedReport],
    ) -> Result<(), AppError> {
        SqliteStore::insert_generated(self, reports).await
    }
    async fn close(&self) {
        SqliteStore::close(self).await
    }
}
