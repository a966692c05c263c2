//! Planner reads in PostgreSQL: rows for the in-memory index and for exports, and generated
//! reports stored in bulk for benchmarks.

use super::{db_error, names_from_row, next_number, PgStore};
use crate::storage::backend::GeneratedReport;
use crate::storage::questions::answers_from_db;
use crate::storage::status_from_db;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::ExportRow;
use meldpunt_app::port::IndexRow;
use meldpunt_app::port::{PlannerMark, PlannerStore};
use meldpunt_app::report::domain::{Channel, Contact, ReportRef};
use sqlx::{Postgres, QueryBuilder, Row};

#[async_trait]
impl PlannerStore for PgStore {
    async fn planner_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<IndexRow>, AppError> {
        self.index_rows(changed_since, after_id, limit).await
    }

    fn report_changes(&self) -> Option<u64> {
        self.changes.count()
    }

    async fn planner_mark(&self, up_to_id: i64) -> Result<PlannerMark, AppError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM report WHERE report_id <= $1),
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

impl PgStore {
    /// Reports for the planner index (see `Store::planner_rows`).
    pub(super) async fn index_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<IndexRow>, AppError> {
        // All reports: in id order. Changes: through the `updated_at` index (a million-row
        // table must not be scanned to find the few rows changed since the last look).
        // The first "done" is kept on the report by a trigger on the history.
        const COLUMNS: &str =
            "r.report_id, r.ref, r.lat, r.lon, c.code, d.code, r.status, r.channel,
                    r.created_at, r.due_at, r.updated_at, r.description, r.hidden, r.first_done_at, r.answers,
                    COALESCE(di.code, ''),
                    (SELECT q.asked_at FROM reporter_question q
                      WHERE q.report_id = r.report_id AND q.ended_at IS NULL AND q.pauses)";
        const JOINS: &str = "JOIN category c ON c.category_id = r.category_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN district di ON di.district_id = r.district_id";
        let sql = match changed_since {
            None => format!(
                "SELECT {COLUMNS} FROM report r {JOINS}
                 WHERE r.report_id > $1 ORDER BY r.report_id LIMIT $2"
            ),
            Some(_) => format!(
                "SELECT {COLUMNS} FROM report r {JOINS}
                 WHERE r.updated_at > $3 AND r.report_id > $1 ORDER BY r.report_id LIMIT $2"
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
                    hidden: r.get(12),
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
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
            "SELECT r.ref, r.lat, r.lon, c.code AS category, ",
            pg_category_names!(),
            ", d.code AS department, di.name AS district,
                    r.status, r.channel, r.created_at, r.due_at, r.updated_at, r.address, r.description, r.answers,
                    r.contact_name, r.contact_email, r.contact_phone, r.first_done_at AS done_at
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN district di ON di.district_id = r.district_id
             WHERE r.report_id = ANY("),
        );
        q.push_bind(ids).push(") ORDER BY r.report_id");
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

    /// Stores generated reports in bulk (see `Backend::insert_generated`): per 50,000, the
    /// year counters moved once per year, then one statement per table over arrays.
    pub(super) async fn store_generated(
        &self,
        reports: &[GeneratedReport],
    ) -> Result<(), AppError> {
        for chunk in reports.chunks(50_000) {
            let mut tx = self.tx().await?;
            let mut per_year: std::collections::BTreeMap<i32, i64> = Default::default();
            for r in chunk {
                *per_year.entry(r.created_at.year()).or_default() += 1;
            }
            // The first number of each year in this chunk.
            let mut next: std::collections::BTreeMap<i32, i64> = Default::default();
            for (&year, &count) in &per_year {
                let first = next_number(&mut tx, "ref_counter", year).await?;
                sqlx::query("UPDATE ref_counter SET last = last + $1 WHERE year = $2")
                    .bind(count - 1)
                    .bind(i64::from(year))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                next.insert(year, first);
            }
            let mut refs = Vec::with_capacity(chunk.len());
            for r in chunk {
                let seq = next.entry(r.created_at.year()).or_default();
                refs.push(
                    ReportRef::new(r.created_at.year(), *seq)
                        .as_str()
                        .to_owned(),
                );
                *seq += 1;
            }
            let strings = |f: &dyn Fn(&GeneratedReport) -> String| -> Vec<String> {
                chunk.iter().map(f).collect()
            };
            let stored: Vec<(String, i64)> = sqlx::query_as(
                "INSERT INTO report (ref, tracking_token_hash, category_id, department_id, due_at, lang,
                                     lat, lon, description, channel, status, created_at, updated_at,
                                     first_done_at)
                 SELECT g.ref, 'generated-' || g.ref, c.category_id, d.department_id, g.due_at, 'nl',
                        g.lat, g.lon, g.description, g.channel, g.status, g.created_at, g.updated_at,
                        g.done_at
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::float8[],
                             $6::float8[], $7::text[], $8::text[], $9::text[], $10::timestamptz[],
                             $11::timestamptz[], $12::timestamptz[]) WITH ORDINALITY
                        AS g (ref, category, department, due_at, lat, lon, description, channel,
                              status, created_at, updated_at, done_at, n)
                 JOIN category c ON c.code = g.category
                 JOIN department d ON d.code = g.department
                 ORDER BY g.n
                 RETURNING ref, report_id",
            )
            .bind(&refs)
            .bind(strings(&|r| r.category.clone()))
            .bind(strings(&|r| r.department.clone()))
            .bind(chunk.iter().map(|r| r.due_at).collect::<Vec<_>>())
            .bind(chunk.iter().map(|r| r.lat).collect::<Vec<_>>())
            .bind(chunk.iter().map(|r| r.lon).collect::<Vec<_>>())
            .bind(strings(&|r| r.description.clone()))
            .bind(strings(&|r| r.channel.as_str().to_owned()))
            .bind(strings(&|r| r.status.as_str().to_owned()))
            .bind(chunk.iter().map(|r| r.created_at).collect::<Vec<_>>())
            .bind(
                chunk
                    .iter()
                    .map(|r| r.done_at.unwrap_or(r.created_at))
                    .collect::<Vec<_>>(),
            )
            // Set here, so the history's trigger finds nothing to change.
            .bind(chunk.iter().map(|r| r.done_at).collect::<Vec<_>>())
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error)?;
            // Rows come back in no promised order: matched by reference.
            let id_of: std::collections::HashMap<String, i64> = stored.into_iter().collect();
            let report_ids = refs
                .iter()
                .map(|r| id_of.get(r).copied())
                .collect::<Option<Vec<i64>>>()
                .ok_or_else(|| {
                    AppError::validation(
                        "category",
                        "a generated report names an unknown category or department",
                    )
                })?;
            sqlx::query(
                "INSERT INTO status_history (report_id, kind, status, at)
                 SELECT id, 'created', 'new', at FROM unnest($1::bigint[], $2::timestamptz[]) AS h (id, at)",
            )
            .bind(&report_ids)
            .bind(chunk.iter().map(|r| r.created_at).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            let (done_ids, done_at): (Vec<i64>, Vec<DateTime<Utc>>) = chunk
                .iter()
                .zip(&report_ids)
                .filter_map(|(r, id)| r.done_at.map(|d| (*id, d)))
                .unzip();
            sqlx::query(
                "INSERT INTO status_history (report_id, kind, status, at)
                 SELECT id, 'status', 'done', at FROM unnest($1::bigint[], $2::timestamptz[]) AS h (id, at)",
            )
            .bind(&done_ids)
            .bind(&done_at)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            for (r, id) in chunk.iter().zip(&report_ids) {
                super::insert_photos(&mut tx, *id, &r.photos, r.created_at).await?;
            }
            tx.commit().await.map_err(db_error)?;
            self.changes.made_here();
        }
        analyze(&self.pool).await
    }
}

/// Refreshes the planner's statistics after a bulk load. Without them, "reports changed since"
/// looks like a third of the table and is answered by reading all of it (measured: 130 ms on
/// every planner request at 100,000 fresh reports, until autovacuum came by).
pub(super) async fn analyze(pool: &sqlx::PgPool) -> Result<(), AppError> {
    sqlx::query("ANALYZE")
        .execute(pool)
        .await
        .map_err(db_error)?;
    Ok(())
}
