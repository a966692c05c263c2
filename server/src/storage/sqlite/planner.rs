//! Planner reads: rows for the in-memory index and for exports, and generated reports stored in
//! bulk for benchmarks.

use super::{db_error, insert_rtree, names_from_row, next_reference, status_from_db, SqliteStore};
use crate::storage::backend::GeneratedReport;
use crate::storage::questions::answers_from_db;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::ExportRow;
use meldpunt_app::port::IndexRow;
use meldpunt_app::port::PlannerStore;
use meldpunt_app::report::domain::{Channel, Contact};
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

    /// Stores generated reports in bulk (one transaction per 50,000), numbered per year like
    /// real ones, each with its "created" history entry and, when done, its "done" entry.
    /// For benchmarks; categories and departments must exist.
    pub async fn insert_generated(&self, reports: &[GeneratedReport]) -> Result<(), AppError> {
        let categories: Vec<(String, i64)> =
            sqlx::query_as("SELECT code, category_id FROM category")
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        let departments: Vec<(String, i64)> =
            sqlx::query_as("SELECT code, department_id FROM department")
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        let id_of = |list: &[(String, i64)], code: &str, what: &str| {
            list.iter()
                .find(|(c, _)| c == code)
                .map(|(_, id)| *id)
                .ok_or_else(|| AppError::validation(what, format!("unknown {what} {code}")))
        };
        for chunk in reports.chunks(50_000) {
            let mut tx = self.write_tx().await?;
            for r in chunk {
                let reference = next_reference(&mut tx, r.created_at.year()).await?;
                let updated = r.done_at.unwrap_or(r.created_at);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO report (ref, tracking_token_hash, category_id, department_id, due_at, lang,
                                         lat, lon, description, channel, status, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, 'nl', ?, ?, ?, ?, ?, ?, ?) RETURNING report_id",
                )
                .bind(reference.as_str())
                .bind(format!("generated-{}", reference.as_str()))
                .bind(id_of(&categories, &r.category, "category")?)
                .bind(id_of(&departments, &r.department, "department")?)
                .bind(r.due_at)
                .bind(r.lat)
                .bind(r.lon)
                .bind(&r.description)
                .bind(r.channel.as_str())
                .bind(r.status.as_str())
                .bind(r.created_at)
                .bind(updated)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error)?;
                insert_rtree(&mut tx, id, r.lat, r.lon).await?;
                super::insert_photos(&mut tx, id, &r.photos, r.created_at).await?;
                sqlx::query("INSERT INTO status_history (report_id, kind, status, at) VALUES (?, 'created', 'new', ?)")
                    .bind(id)
                    .bind(r.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                if let Some(done) = r.done_at {
                    sqlx::query("INSERT INTO status_history (report_id, kind, status, at) VALUES (?, 'status', 'done', ?)")
                        .bind(id)
                        .bind(done)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                }
            }
            tx.commit().await.map_err(db_error)?;
        }
        Ok(())
    }
}
