//! The PostgreSQL store, for several Meldpunt instances on one database: PostGIS points with
//! GiST indexes for map windows, pg_trgm for street search, triggers keeping history
//! append-only, and every guarantee that SQLite gets from its single writer held by the
//! database instead: unique constraints for idempotency keys and receipts, row locks for
//! reference counters and version checks, `FOR UPDATE SKIP LOCKED` for the outbox.
//! One module per storage port, as for SQLite; what several share is here.

use super::{db_error, names_from_json};
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Names;
use meldpunt_app::port::{NewPhoto, OutgoingMail, Store};
use meldpunt_app::report::domain::{Category, ReportRef};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{Postgres, Row, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// How long a pooled connection may lie idle and still be used without asking first.
const IDLE_CHECK: Duration = Duration::from_secs(10);

/// The schema's migrations, compiled in.
use super::migrations::POSTGRES as MIGRATOR;

/// The PostgreSQL store.
pub struct PgStore {
    pool: PgPool,
    changes: changes::ReportChanges,
}

/// All ports, each implemented in its module below.
impl Store for PgStore {}

impl PgStore {
    /// Connects to the database at `url` and applies the migrations.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)?
            .application_name("meldpunt")
            // Statements that would wait on a lock for long fail instead of piling up.
            .options([
                ("lock_timeout", "15s"),
                ("idle_in_transaction_session_timeout", "60s"),
            ]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(30))
            // A connection is asked whether it is alive before use only after it lay idle for
            // a while (a server restart or a proxy's timeout kills those), not before every
            // query: that cost every request a second round trip to the database.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_CHECK {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            changes: changes::ReportChanges::listen(options),
        })
    }

    async fn tx(&self) -> Result<Transaction<'_, Postgres>, AppError> {
        self.pool.begin().await.map_err(db_error)
    }
}

/// Makes a new database on the server `server_url` names (no database in its path) with the
/// schema in place; its URL. For tests and benchmarks. When the server has the template
/// `meldpunt_template` (extensions installed once, as `scripts/pg-cluster` makes it), the new
/// database is a copy of a second template made from it once with this build's migrations
/// applied: copying takes a fraction of the time migrating takes, and a test suite makes a
/// database per test. Opening the store then finds every migration applied.
pub async fn create_database(server_url: &str) -> anyhow::Result<String> {
    new_database(server_url, true).await
}

/// Makes a new database as [`create_database`] does but without the schema (the extensions
/// only, when the server has `meldpunt_template`): for a test of what opening the store does
/// to an empty database, such as instances starting at once migrating it once.
pub async fn create_empty_database(server_url: &str) -> anyhow::Result<String> {
    new_database(server_url, false).await
}

async fn new_database(server_url: &str, migrated: bool) -> anyhow::Result<String> {
    use sqlx::Connection;
    let base = server_url.trim_end_matches('/');
    let name = format!(
        "meldpunt_{}_{}",
        std::process::id(),
        rand::random::<u64>() % 1_000_000_000_000
    );
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres")).await?;
    let template = if !has_database(&mut admin, "meldpunt_template").await? {
        None
    } else if migrated {
        Some(migrated_template(&mut admin, base).await?)
    } else {
        Some("meldpunt_template".to_owned())
    };
    // The names are made here from digits, never input.
    let sql = match template {
        Some(template) => format!("CREATE DATABASE {name} TEMPLATE {template}"),
        None => format!("CREATE DATABASE {name}"),
    };
    sqlx::query(&sql).execute(&mut admin).await?;
    admin.close().await?;
    Ok(format!("{base}/{name}"))
}

/// The name of the template with this build's migrations applied, made from
/// `meldpunt_template` the first time it is asked for (under an advisory lock, so that tests
/// starting at once make it once). The name carries a digest of the migrations, so a build
/// with other migrations makes its own.
async fn migrated_template(admin: &mut sqlx::PgConnection, base: &str) -> anyhow::Result<String> {
    use std::hash::{Hash, Hasher};
    let mut digest = std::hash::DefaultHasher::new();
    for migration in MIGRATOR.iter() {
        migration.version.hash(&mut digest);
        migration.checksum.hash(&mut digest);
    }
    let template = format!("meldpunt_template_{:016x}", digest.finish());
    // Advisory locks are per database: every caller takes this one in `postgres`.
    const MAKING_TEMPLATE: i64 = 0x6d65_6c64_7075_6e74;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MAKING_TEMPLATE)
        .execute(&mut *admin)
        .await?;
    let made = async {
        if has_database(admin, &template).await? {
            return anyhow::Ok(());
        }
        // Made under another name and renamed when complete: a run stopped halfway leaves
        // no template that lacks a migration, and the next run starts that one again.
        let making = format!("{template}_making");
        sqlx::query(&format!("DROP DATABASE IF EXISTS {making}"))
            .execute(&mut *admin)
            .await?;
        sqlx::query(&format!(
            "CREATE DATABASE {making} TEMPLATE meldpunt_template"
        ))
        .execute(&mut *admin)
        .await?;
        let db = PgPoolOptions::new()
            .max_connections(1)
            .connect(&format!("{base}/{making}"))
            .await?;
        MIGRATOR.run(&db).await?;
        db.close().await;
        // The rename fails while another session is in that database ("being accessed by
        // other users", 55006): the closed connection's server process ends a moment after the
        // client closed it, and an autovacuum worker may come in to analyse the migrated
        // tables (seen in the planner benchmark, after waiting until no session was left).
        // The database is ours alone, made above under the lock: end whoever is in it and
        // try again, for at most 10 s.
        let rename = format!("ALTER DATABASE {making} RENAME TO {template}");
        let mut attempts = 0;
        loop {
            match sqlx::query(&rename).execute(&mut *admin).await {
                Ok(_) => break,
                Err(sqlx::Error::Database(e))
                    if e.code().as_deref() == Some("55006") && attempts < 400 =>
                {
                    attempts += 1;
                    sqlx::query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = $1 AND pid <> pg_backend_pid()",
                    )
                    .bind(&making)
                    .execute(&mut *admin)
                    .await?;
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
    .await;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MAKING_TEMPLATE)
        .execute(&mut *admin)
        .await?;
    made.map(|()| template)
}

async fn has_database(admin: &mut sqlx::PgConnection, name: &str) -> anyhow::Result<bool> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(admin)
            .await?,
    )
}

/// What a load benchmark compares Meldpunt against: how many durable one-row transactions
/// the database at `url` commits per second, one after another on one connection.
pub async fn durable_commit_rate(url: &str, how_long: Duration) -> anyhow::Result<f64> {
    use sqlx::Connection;
    let mut db = sqlx::PgConnection::connect(url).await?;
    sqlx::query("CREATE TABLE reference (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL)")
        .execute(&mut db)
        .await?;
    let started = std::time::Instant::now();
    let mut commits = 0u64;
    while started.elapsed() < how_long {
        let mut tx = db.begin().await?;
        sqlx::query("INSERT INTO reference (body) VALUES ($1)")
            .bind("Put in de weg voor huisnummer 12")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        commits += 1;
    }
    sqlx::query("DROP TABLE reference").execute(&mut db).await?;
    db.close().await?;
    Ok(commits as f64 / started.elapsed().as_secs_f64())
}

/// A category's names as a JSON object from language code to name: a column for queries that
/// have the category as `c`, spliced in with `concat!`.
macro_rules! pg_category_names {
    () => {
        "(SELECT json_object_agg(n.lang, n.name)::text FROM category_name n WHERE n.category_id = c.category_id) AS names"
    };
}

/// Selects a category with its names and its department's code; `category_from_row` reads it.
const CATEGORY_SELECT: &str = concat!(
    "SELECT c.code, c.target_days, c.icon, c.active, d.code AS dept_code, ",
    pg_category_names!(),
    " FROM category c JOIN department d ON d.department_id = c.department_id"
);

fn category_from_row(r: &PgRow) -> Category {
    Category {
        code: r.get("code"),
        names: names_from_row(r),
        department: r.get("dept_code"),
        target_days: r.get("target_days"),
        icon: r.get("icon"),
        active: r.get("active"),
    }
}

fn names_from_row(r: &PgRow) -> Names {
    names_from_json(r.get("names"))
}

/// Replaces the names of one category or department (`table` is `category_name` or
/// `department_name`, `id_column` its key) within a transaction.
async fn save_names(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
    id_column: &str,
    id: i64,
    names: &Names,
) -> Result<(), AppError> {
    sqlx::query(&format!("DELETE FROM {table} WHERE {id_column} = $1"))
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    for (lang, name) in names.iter().filter(|(_, name)| !name.is_empty()) {
        sqlx::query(&format!(
            "INSERT INTO {table} ({id_column}, lang, name) VALUES ($1, $2, $3)"
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
    E: sqlx::Executor<'e, Database = Postgres>,
{
    sqlx::query(
        "INSERT INTO outbox (to_addr, subject, body, calendar, unsubscribe, report_id, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.calendar)
    .bind(&mail.unsubscribe)
    .bind(report_id)
    .bind(now)
    .execute(executor)
    .await
    .map_err(db_error)?;
    Ok(())
}

async fn department_id(tx: &mut Transaction<'_, Postgres>, code: &str) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT department_id FROM department WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::validation("department", "unknown department"))
}

async fn insert_photos(
    tx: &mut Transaction<'_, Postgres>,
    report_id: i64,
    photos: &[NewPhoto],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for p in photos {
        sqlx::query(
            "INSERT INTO photo (report_id, kind, width, height, bytes, sha256, storage_key, thumbnail_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(report_id)
        .bind(p.kind.as_str())
        .bind(i64::from(p.width))
        .bind(i64::from(p.height))
        .bind(p.bytes as i64)
        .bind(&p.sha256)
        .bind(&p.key)
        .bind(&p.thumbnail_key)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
        files::insert_files(tx, &p.pending).await?;
    }
    Ok(())
}

/// The next number of `year` in a per-year counter table (`ref_counter` or
/// `complaint_ref_counter`). The upsert locks the year's row until the transaction ends: a
/// concurrent insert waits, then takes the next number; a rolled-back one gives its number
/// back. No gaps, no duplicates.
async fn next_number(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
    year: i32,
) -> Result<i64, AppError> {
    sqlx::query_scalar(&format!(
        "INSERT INTO {table} (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    ))
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)
}

/// The next reference of `year` (`M-<year>-<seq>`), counted in the transaction.
async fn next_reference(
    tx: &mut Transaction<'_, Postgres>,
    year: i32,
) -> Result<ReportRef, AppError> {
    Ok(ReportRef::new(
        year,
        next_number(tx, "ref_counter", year).await?,
    ))
}

#[async_trait::async_trait]
impl crate::storage::Backend for PgStore {
    fn kind(&self) -> &'static str {
        "postgres"
    }
    fn as_sqlite(&self) -> Option<&crate::storage::sqlite::SqliteStore> {
        None
    }
    fn as_postgres(&self) -> Option<&PgStore> {
        Some(self)
    }

    fn database_files(
        &self,
        area: meldpunt_app::port::FileArea,
    ) -> Option<std::sync::Arc<dyn meldpunt_app::port::PhotoFiles>> {
        Some(self.file_store(area))
    }
    async fn count_reports(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM report")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }
    async fn count_addresses(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM address")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }
    async fn row_counts(&self) -> Result<std::collections::BTreeMap<String, i64>, AppError> {
        let mut counts = std::collections::BTreeMap::new();
        for table in crate::storage::COUNTED {
            // The table names are constants, never input.
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await
                .map_err(db_error)?;
            counts.insert(table.to_owned(), n);
        }
        Ok(counts)
    }
    async fn insert_generated(
        &self,
        reports: &[crate::storage::GeneratedReport],
    ) -> Result<(), AppError> {
        self.store_generated(reports).await
    }
    async fn close(&self) {
        self.pool.close().await;
    }
}

// After the macro above: `macro_rules!` is in scope only below its definition.
mod addresses;
mod alerts;
mod appointments;
mod asks;
mod catalogue;
mod changes;
mod citizens;
mod complaints;
mod contacts;
mod districts;
mod files;
mod knowledge;
mod links;
mod maintenance;
mod outbox;
mod planner;
mod receipts;
mod reports;
mod test_hooks;
mod users;
mod workflow;
