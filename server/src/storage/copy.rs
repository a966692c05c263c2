//! Moving a city from SQLite to PostgreSQL: every table copied as it is (ids, references,
//! versions, history), in one PostgreSQL transaction, then counted on both sides.
//!
//! Written by hand: the copy is table by table over the two schemas this crate owns, and no
//! crate converts between SQLite's and PostgreSQL's types the way these columns need (flags
//! stored as integers, moments and days as text).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgConnection, Postgres};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, QueryBuilder, Row};
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// Tables in an order where every row's parents come first. `report.duplicate_of` points
/// within its own table and is set after all reports are in.
const TABLES: [&str; 53] = [
    "department",
    "department_name",
    "category",
    "category_name",
    "category_question",
    "standard_reply",
    "app_user",
    "api_key",
    "session",
    "user_department",
    "team",
    "team_member",
    "partner",
    "partner_service",
    "webhook",
    "district",
    "routing_rule",
    "report",
    "ref_counter",
    "status_history",
    "photo",
    "idempotency_key",
    "follower",
    "feedback",
    "reporter_question",
    "mine_link",
    "alert_subscription",
    "outbox",
    "delivery",
    "login_throttle",
    "login_known_client",
    "address",
    "street",
    "change_receipt",
    "complaint",
    "complaint_norm",
    "complaint_event",
    "complaint_file",
    "complaint_improvement",
    "job_schedule",
    "service",
    "service_name",
    "service_opening",
    "service_closing",
    "appointment_type",
    "appointment_type_name",
    "appointment",
    "article",
    "article_version",
    "contact_topic",
    "contact_topic_name",
    "contact",
    "handover",
];

/// Rows per insert statement (PostgreSQL takes at most 65,535 parameters in one).
const CHUNK: usize = 500;

/// What was copied: rows per table in the source and in the target.
#[derive(Debug, Default)]
pub struct Copied {
    pub tables: BTreeMap<String, (i64, i64)>,
    pub skipped: Vec<String>,
}

/// One value on its way from SQLite to PostgreSQL, typed by the target column.
enum Cell {
    Int(Option<i64>),
    Float(Option<f64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Moment(Option<DateTime<Utc>>),
    Day(Option<NaiveDate>),
}

/// Copies the SQLite database at `from` into the PostgreSQL database at `to`, which must be
/// migrated and hold no reports, users, complaints or addresses. Sessions are copied only
/// with `sessions` (otherwise staff sign in again). With `files` (a data directory), every
/// photo, thumbnail and attachment the rows name is copied from it into the database, in the
/// same transaction (for `--file-store database`).
pub async fn sqlite_to_postgres(
    from: &str,
    to: &str,
    sessions: bool,
    files: Option<&Path>,
) -> anyhow::Result<Copied> {
    let mut source = SqliteConnectOptions::from_str(from)?
        .create_if_missing(false)
        .read_only(true)
        .connect()
        .await?;
    let mut target = PgConnection::connect(to).await?;
    let mut tx = target.begin().await?;
    for table in ["report", "app_user", "complaint", "address"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
        if n > 0 {
            anyhow::bail!(
                "the target database is not empty ({n} rows in {table}): refusing to copy into it"
            );
        }
    }
    // The catalogue a new PostgreSQL database starts with makes way for the city's own.
    for table in ["category_name", "category", "department_name", "department"] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    // A table added to the schema but not to the list above would be left behind silently.
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut *tx)
    .await?;
    let derived = [
        "_sqlx_migrations",
        "spatial_ref_sys",
        "complaint_ref_counter",
        "stored_file",
    ];
    if let Some(missing) = tables
        .iter()
        .find(|t| !TABLES.contains(&t.as_str()) && !derived.contains(&t.as_str()))
    {
        anyhow::bail!("this version does not know how to copy the table {missing}");
    }
    let mut copied = Copied::default();
    for table in TABLES {
        if table == "session" && !sessions {
            copied.skipped.push(table.to_owned());
            continue;
        }
        let rows = copy_table(&mut source, &mut tx, table).await?;
        copied.tables.insert(table.to_owned(), (rows, 0));
    }
    sqlx::query(
        "UPDATE report SET duplicate_of = d.duplicate_of FROM unnest($1::bigint[], $2::bigint[]) AS d (id, duplicate_of)
         WHERE report.report_id = d.id",
    )
    .bind(
        sqlx::query_scalar::<_, i64>("SELECT report_id FROM report WHERE duplicate_of IS NOT NULL ORDER BY report_id")
            .fetch_all(&mut source)
            .await?,
    )
    .bind(
        sqlx::query_scalar::<_, i64>("SELECT duplicate_of FROM report WHERE duplicate_of IS NOT NULL ORDER BY report_id")
            .fetch_all(&mut source)
            .await?,
    )
    .execute(&mut *tx)
    .await?;
    // SQLite numbers complaints from their references; PostgreSQL keeps a counter.
    sqlx::query(
        "INSERT INTO complaint_ref_counter (year, last)
         SELECT split_part(ref, '-', 2)::bigint, MAX(split_part(ref, '-', 3)::bigint)
         FROM complaint GROUP BY 1",
    )
    .execute(&mut *tx)
    .await?;
    // New rows continue after the copied ids (identity columns and `bigserial` ones).
    let identities: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema()
           AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (table, column) in identities {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                           COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        ))
        .execute(&mut *tx)
        .await?;
    }
    if let Some(data_dir) = files {
        let named = copy_files(&mut source, &mut tx, data_dir).await?;
        copied.tables.insert("stored_file".to_owned(), (named, 0));
    }
    for (table, counts) in copied.tables.iter_mut() {
        counts.1 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
    }
    let differ: Vec<String> = copied
        .tables
        .iter()
        .filter(|(_, (a, b))| a != b)
        .map(|(t, (a, b))| format!("{t}: {a} in SQLite, {b} in PostgreSQL"))
        .collect();
    if !differ.is_empty() {
        anyhow::bail!("counts differ, nothing was copied: {}", differ.join("; "));
    }
    tx.commit().await?;
    // Fresh statistics, or the first queries plan as if the tables were empty.
    sqlx::query("ANALYZE").execute(&mut target).await?;
    Ok(copied)
}

/// Copies every file the source's rows name from `data_dir` into `stored_file`, one at a
/// time (a city's photos do not fit in memory at once); how many.
async fn copy_files(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    data_dir: &Path,
) -> anyhow::Result<i64> {
    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT 'photos', storage_key FROM photo UNION SELECT 'photos', thumbnail_key FROM photo
         UNION SELECT 'private', storage_key FROM complaint_file
         UNION SELECT 'private', thumbnail_key FROM complaint_file WHERE thumbnail_key IS NOT NULL",
    )
    .fetch_all(&mut *source)
    .await?;
    for (area, key) in &keys {
        // Keys are made by the file store, but this one comes from a database file.
        if !super::photos::is_valid_key(key) {
            anyhow::bail!("a row names the file {key:?}, which no file store makes");
        }
        let path = data_dir.join(area).join(key);
        let bytes = tokio::fs::read(&path)
            .await
            .map_err(|e| anyhow::anyhow!("{}: {e} (a row names it)", path.display()))?;
        sqlx::query("INSERT INTO stored_file (area, key, bytes) VALUES ($1, $2, $3)")
            .bind(area)
            .bind(key)
            .bind(bytes)
            .execute(&mut *target)
            .await?;
    }
    Ok(keys.len() as i64)
}

/// Copies one table: the target's columns (less generated ones), each read from the source
/// as the target's type wants it. The table and column names come from the lists above and
/// from PostgreSQL's catalogue, never from input.
async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &str,
) -> anyhow::Result<i64> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?;
    let source_columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
        .bind(table)
        .fetch_all(&mut *source)
        .await?;
    if source_columns.is_empty() {
        anyhow::bail!(
            "the SQLite database has no table {table}: migrate it first (meldpunt migrate)"
        );
    }
    let columns: Vec<(String, String)> = columns
        .into_iter()
        .filter(|(name, _)| source_columns.contains(name))
        .collect();
    let list = columns
        .iter()
        .map(|(c, _)| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    // Ids are copied as they are, so the order rows arrive in does not matter.
    let rows = sqlx::query(&format!("SELECT {list} FROM {table}"))
        .fetch_all(&mut *source)
        .await?;
    let mut cells = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut out = Vec::with_capacity(columns.len());
        for (i, (name, kind)) in columns.iter().enumerate() {
            let cell = match kind.as_str() {
                "bigint" | "integer" => Cell::Int(row.try_get(i)?),
                "double precision" => Cell::Float(row.try_get(i)?),
                "boolean" => Cell::Bool(row.try_get(i)?),
                "timestamp with time zone" => Cell::Moment(row.try_get(i)?),
                "date" => Cell::Day(row.try_get(i)?),
                "text" => Cell::Text(row.try_get(i)?),
                other => anyhow::bail!("{table}.{name}: no copy for the type {other}"),
            };
            out.push(cell);
        }
        // `duplicate_of` points into this table: set once every report is in.
        if table == "report" {
            if let Some(p) = columns.iter().position(|(c, _)| c == "duplicate_of") {
                out[p] = Cell::Int(None);
            }
        }
        cells.push(out);
    }
    for chunk in cells.chunks(CHUNK) {
        let mut q: QueryBuilder<Postgres> =
            QueryBuilder::new(format!("INSERT INTO {table} ({list}) "));
        q.push_values(chunk, |mut b, row| {
            for cell in row {
                match cell {
                    Cell::Int(v) => b.push_bind(*v),
                    Cell::Float(v) => b.push_bind(*v),
                    Cell::Text(v) => b.push_bind(v.clone()),
                    Cell::Bool(v) => b.push_bind(*v),
                    Cell::Moment(v) => b.push_bind(*v),
                    Cell::Day(v) => b.push_bind(*v),
                };
            }
        });
        q.build().execute(&mut *target).await?;
    }
    Ok(rows.len() as i64)
}
