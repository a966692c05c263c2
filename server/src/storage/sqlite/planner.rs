//! Planner reads: rows for the in-memory index and for exports, and generated reports stored in
//! bulk for benchmarks.

use super::{db_error, names_from_row, status_from_db, SqliteStore};
use crate::storage::backend::GeneratedReport;
use crate::storage::questions::answers_from_db;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::ExportRow;
use meldpunt_app::port::IndexRow;
use meldpunt_app::port::{PlannerMark, PlannerStore};
use meldpunt_app::report::domain::{Channel, Contact, ReportRef};
use sqlx::{QueryBuilder, Row, Sqlite};

#[async_trait]
impl PlannerStore for SqliteStore {
    async fn planner_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<IndexRow>, AppError> {
        self.index_rows(changed_since, after_id, limit).await
    }

    /// SQLite has no notifications between connections, and asking it what changed is a
    /// look into a local index (not measured on its own): the planner asks every time.
    fn report_changes(&self) -> Option<u64> {
        None
    }

    async fn planner_mark(&self, up_to_id: i64) -> Result<PlannerMark, AppError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM report WHERE report_id <= ?1),
                    (SELECT MAX(updated_at) FROM report)",
        )
        .bind(up_to_id)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(PlannerMark {
            reports_up_to: u64::try_from(row.get::<i64, _>(0)).unwrap_or_default(),
            newest_change: row.get(1),
        })
    }

    async fn export_rows(
        &self,
        ids: &[i64],
        with_contact: bool,
    ) -> Result<Vec<ExportRow>, AppError> {
        self.rows_for_export(ids, with_contact).await
    }
}

impl SqliteStore {
    /// Reports for the planner index (see `Store::planner_rows`).
    pub(super) async fn index_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<IndexRow>, AppError> {
        // All reports: in id order. Changes: through the `updated_at` index (a million-row
        // table must not be scanned to find the few rows changed since the last look).
        // The first "done" per report through the history's (report_id, …) index: a joined
        // GROUP BY would be materialised over the whole history for every page.
        const COLUMNS: &str =
            "r.report_id, r.ref, r.lat, r.lon, c.code, d.code, r.status, r.channel,
                    r.created_at, r.due_at, r.updated_at, r.description, r.hidden,
                    (SELECT MIN(h.at) FROM status_history h
                      WHERE h.report_id = r.report_id AND h.status = 'done'), r.answers,
                    COALESCE(di.code, ''),
                    (SELECT q.asked_at FROM reporter_question q
                      WHERE q.report_id = r.report_id AND q.ended_at IS NULL AND q.pauses = 1)";
        const JOINS: &str = "JOIN category c ON c.category_id = r.category_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN district di ON di.district_id = r.district_id";
        let sql = match changed_since {
            None => format!(
                "SELECT {COLUMNS} FROM report r {JOINS}
                 WHERE r.report_id > ?1 ORDER BY r.report_id LIMIT ?2"
            ),
            Some(_) => format!(
                "SELECT {COLUMNS} FROM report r INDEXED BY report_updated_idx {JOINS}
                 WHERE r.updated_at > ?3 AND r.report_id > ?1 ORDER BY r.report_id LIMIT ?2"
            ),
        };
        let mut query = sqlx::query(&sql).bind(after_id).bind(i64::from(limit));
        if let Some(since) = changed_since {
            query = query.bind(since);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db_error)?;
        // Columns by position: this runs over every report at start.
        rows.iter()
            .map(|r| {
                Ok(IndexRow {
                    id: r.get(0),
                    reference: r.get(1),
                    lat: r.get(2),
                    lon: r.get(3),
                    category: r.get(4),
                    department: r.get(5),
                    status: status_from_db(r.get(6))?,
                    channel: Channel::parse(r.get(7))
                        .map_err(|_| AppError::internal("unknown channel in database"))?,
                    created_at: r.get(8),
                    due_at: r.get(9),
                    updated_at: r.get(10),
                    description: r.get(11),
                    hidden: r.get::<i64, _>(12) != 0,
                    done_at: r.get(13),
                    answers: answers_from_db(r.get(14))?,
                    district: r.get(15),
                    paused_since: r.get(16),
                })
            })
            .collect()
    }

    /// Reports to export (see `Store::export_rows`).
    pub(super) async fn rows_for_export(
        &self,
        ids: &[i64],
        with_contact: bool,
    ) -> Result<Vec<ExportRow>, AppError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(concat!(
            "SELECT r.ref, r.lat, r.lon, c.code AS category, ",
            category_names!(),
            ", d.code AS department, di.name AS district,
                    r.status, r.channel, r.created_at, r.due_at, r.updated_at, r.address, r.description, r.answers,
                    r.contact_name, r.contact_email, r.contact_phone,
                    (SELECT MIN(h.at) FROM status_history h
                      WHERE h.report_id = r.report_id AND h.status = 'done') AS done_at
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN district di ON di.district_id = r.district_id
             WHERE r.report_id IN ("),
        );
        let mut sep = q.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        q.push(") ORDER BY r.report_id");
        let rows = q.build().fetch_all(&self.pool).await.map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(ExportRow {
                    reference: r.get("ref"),
                    lat: r.get("lat"),
                    lon: r.get("lon"),
                    category: r.get("category"),
                    category_name: names_from_row(r).get(Lang::default()).to_owned(),
                    department: r.get("department"),
                    district: r.get("district"),
                    status: status_from_db(r.get("status"))?,
                    channel: Channel::parse(r.get("channel"))
                        .map_err(|_| AppError::internal("unknown channel in database"))?,
                    created_at: r.get("created_at"),
                    due_at: r.get("due_at"),
                    done_at: r.get("done_at"),
                    updated_at: r.get("updated_at"),
                    address: r.get("address"),
                    description: r.get("description"),
                    answers: crate::storage::questions::answers_from_db(r.get("answers"))?,
                    contact: with_contact.then(|| Contact {
                        name: r.get("contact_name"),
                        email: r.get("contact_email"),
                        phone: r.get("contact_phone"),
                        consent: true,
                    }),
                })
            })
            .collect()
    }

    /// Stores generated reports in bulk (see `Backend::insert_generated`), like the PostgreSQL
    /// store: per 50,000, the year counters moved once per year, ids given here, then one
    /// statement per table over the chunk as a JSON array (`json_each`) instead of five
    /// statements per report. Categories and departments must exist.
    pub async fn insert_generated(&self, reports: &[GeneratedReport]) -> Result<(), AppError> {
        use chrono::SecondsFormat;
        // The text sqlx writes for a time, so that stored times compare as they always do.
        let at = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::AutoSi, false);
        for chunk in reports.chunks(50_000) {
            let mut tx = self.write_tx().await?;
            let mut per_year: std::collections::BTreeMap<i32, i64> = Default::default();
            for r in chunk {
                *per_year.entry(r.created_at.year()).or_default() += 1;
            }
            // The first number of each year in this chunk.
            let mut next: std::collections::BTreeMap<i32, i64> = Default::default();
            for (&year, &count) in &per_year {
                let last: i64 = sqlx::query_scalar(
                    "INSERT INTO ref_counter (year, last) VALUES (?1, ?2)
                     ON CONFLICT (year) DO UPDATE SET last = last + ?2 RETURNING last",
                )
                .bind(year)
                .bind(count)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error)?;
                next.insert(year, last - count + 1);
            }
            let first_id: i64 =
                sqlx::query_scalar("SELECT COALESCE(MAX(report_id), 0) + 1 FROM report")
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?;
            let mut rows = Vec::with_capacity(chunk.len());
            for (i, r) in chunk.iter().enumerate() {
                let seq = next.entry(r.created_at.year()).or_default();
                let reference = ReportRef::new(r.created_at.year(), *seq);
                *seq += 1;
                rows.push(serde_json::json!({
                    "id": first_id + i as i64,
                    "ref": reference.as_str(),
                    "category": r.category,
                    "department": r.department,
                    "due_at": at(r.due_at),
                    "lat": r.lat,
                    "lon": r.lon,
                    "description": r.description,
                    "channel": r.channel.as_str(),
                    "status": r.status.as_str(),
                    "created_at": at(r.created_at),
                    "updated_at": at(r.done_at.unwrap_or(r.created_at)),
                    "done_at": r.done_at.map(at),
                }));
            }
            let rows = serde_json::Value::Array(rows).to_string();
            let stored = sqlx::query(
                "INSERT INTO report (report_id, ref, tracking_token_hash, category_id, department_id,
                                     due_at, lang, lat, lon, description, channel, status,
                                     created_at, updated_at)
                 SELECT g.value ->> 'id', g.value ->> 'ref', 'generated-' || (g.value ->> 'ref'),
                        c.category_id, d.department_id, g.value ->> 'due_at', 'nl',
                        g.value ->> 'lat', g.value ->> 'lon', g.value ->> 'description',
                        g.value ->> 'channel', g.value ->> 'status', g.value ->> 'created_at',
                        g.value ->> 'updated_at'
                 FROM json_each(?1) g
                 JOIN category c ON c.code = g.value ->> 'category'
                 JOIN department d ON d.code = g.value ->> 'department'
                 ORDER BY g.key",
            )
            .bind(&rows)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
            if stored != chunk.len() as u64 {
                return Err(AppError::validation(
                    "category",
                    "a generated report names an unknown category or department",
                ));
            }
            for sql in [
                "INSERT INTO report_rtree (report_id, min_lon, max_lon, min_lat, max_lat)
                 SELECT g.value ->> 'id', g.value ->> 'lon', g.value ->> 'lon',
                        g.value ->> 'lat', g.value ->> 'lat'
                 FROM json_each(?1) g",
                "INSERT INTO status_history (report_id, kind, status, at)
                 SELECT g.value ->> 'id', 'created', 'new', g.value ->> 'created_at'
                 FROM json_each(?1) g",
                "INSERT INTO status_history (report_id, kind, status, at)
                 SELECT g.value ->> 'id', 'status', 'done', g.value ->> 'done_at'
                 FROM json_each(?1) g WHERE g.value ->> 'done_at' IS NOT NULL",
            ] {
                sqlx::query(sql)
                    .bind(&rows)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
            }
            for (i, r) in chunk.iter().enumerate() {
                if !r.photos.is_empty() {
                    super::insert_photos(&mut tx, first_id + i as i64, &r.photos, r.created_at)
                        .await?;
                }
            }
            tx.commit().await.map_err(db_error)?;
        }
        Ok(())
    }
}
