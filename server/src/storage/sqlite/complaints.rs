//! The complaints register in SQLite: complaints, their append-only events, attachments,
//! norms and improvement actions.

use super::{db_error, department_id, insert_mail, lang_from_db, SqliteStore};
use crate::storage::{code, opt_code};
use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use meldpunt_app::complaint::domain::{
    ComplainantContact, ComplaintChannel, ComplaintEvent, ComplaintHistory, ComplaintRef,
    ComplaintStatus, ComplaintSummary, Deadlines, InadmissibleReason, OmbudsNorm, Verdict,
};
use meldpunt_app::complaint::figures::ComplaintYearRow;
use meldpunt_app::error::AppError;
use meldpunt_app::port::{
    Anonymised, ComplaintCreated, ComplaintFileRecord, ComplaintQuery, ComplaintRecord,
    ComplaintStore, ComplaintUpdate, NewComplaint, NewComplaintFile,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

async fn optional_department_id(
    tx: &mut Transaction<'_, Sqlite>,
    code: Option<&str>,
) -> Result<Option<i64>, AppError> {
    match code {
        None => Ok(None),
        Some(c) => department_id(tx, c).await.map(Some),
    }
}

async fn next_complaint_ref(
    tx: &mut Transaction<'_, Sqlite>,
    year: i32,
) -> Result<ComplaintRef, AppError> {
    let last: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(CAST(substr(ref, 8) AS INTEGER)), 0) FROM complaint WHERE ref LIKE ?",
    )
    .bind(format!("K-{year}-%"))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(ComplaintRef::new(year, last + 1))
}

fn summary_from_row(r: &SqliteRow) -> Result<ComplaintSummary, AppError> {
    let received_on: NaiveDate = r.get("received_on");
    let description: String = r.get("description");
    Ok(ComplaintSummary {
        reference: r.get("ref"),
        channel: code(ComplaintChannel::parse, r.get("channel"))?,
        status: code(ComplaintStatus::parse, r.get("status"))?,
        received_on,
        deadlines: Deadlines::from_received(received_on),
        acknowledged_on: r.get("acknowledged_on"),
        answered_on: r.get("answered_on"),
        department: r.get("dept_code"),
        department_name: None,
        name: r.get("contact_name"),
        summary: description.chars().take(120).collect(),
    })
}

async fn norms_of(pool: &sqlx::SqlitePool, complaint_id: i64) -> Result<Vec<OmbudsNorm>, AppError> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT norm FROM complaint_norm WHERE complaint_id = ? ORDER BY norm")
            .bind(complaint_id)
            .fetch_all(pool)
            .await
            .map_err(db_error)?;
    codes.iter().map(|c| code(OmbudsNorm::parse, c)).collect()
}

async fn improvements_of(
    pool: &sqlx::SqlitePool,
    complaint_id: i64,
) -> Result<Vec<String>, AppError> {
    sqlx::query_scalar(
        "SELECT text FROM complaint_improvement WHERE complaint_id = ? ORDER BY improvement_id",
    )
    .bind(complaint_id)
    .fetch_all(pool)
    .await
    .map_err(db_error)
}

const SUMMARY_SELECT: &str = "SELECT c.ref, c.channel, c.status, c.received_on, c.acknowledged_on,
        c.answered_on, c.description, c.contact_name, d.code AS dept_code
     FROM complaint c LEFT JOIN department d ON d.department_id = c.department_id";

#[async_trait]
impl ComplaintStore for SqliteStore {
    async fn create_complaint(
        &self,
        new: &NewComplaint,
        files: &[NewComplaintFile],
        now: DateTime<Utc>,
    ) -> Result<ComplaintCreated, AppError> {
        let mut tx = self.write_tx().await?;
        if let Some((key, hash)) = &new.idempotency {
            let seen = sqlx::query("SELECT ref, request_hash FROM complaint WHERE idem_key = ?")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
            if let Some(seen) = seen {
                return Ok(
                    if seen.get::<Option<String>, _>("request_hash").as_ref() == Some(hash) {
                        ComplaintCreated::Replayed {
                            reference: seen.get("ref"),
                        }
                    } else {
                        ComplaintCreated::KeyReused
                    },
                );
            }
        }
        let c = &new.complaint;
        let department = optional_department_id(&mut tx, c.department.as_deref()).await?;
        let report_id: Option<i64> = match &c.report {
            None => None,
            Some(r) => Some(
                sqlx::query_scalar("SELECT report_id FROM report WHERE ref = ? AND hidden = 0")
                    .bind(r)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| {
                        AppError::validation("report", "no report with this reference")
                    })?,
            ),
        };
        let reference = next_complaint_ref(&mut tx, c.received_on.year()).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO complaint (ref, channel, status, received_on, created_at, updated_at, department_id,
                employee, happened_on, description, expectation, report_id, contact_name, contact_email,
                contact_phone, contact_address, lang, created_by, idem_key, request_hash)
             VALUES (?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING complaint_id",
        )
        .bind(reference.as_str())
        .bind(c.channel.as_str())
        .bind(c.received_on)
        .bind(now)
        .bind(now)
        .bind(department)
        .bind(&c.employee)
        .bind(c.happened_on)
        .bind(&c.description)
        .bind(&c.expectation)
        .bind(report_id)
        .bind(&c.contact.name)
        .bind(&c.contact.email)
        .bind(&c.contact.phone)
        .bind(&c.contact.address)
        .bind(c.lang.code())
        .bind(new.created_by)
        .bind(new.idempotency.as_ref().map(|(k, _)| k))
        .bind(new.idempotency.as_ref().map(|(_, h)| h))
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO complaint_event (complaint_id, kind, status, at, actor_user_id, note)
             VALUES (?, 'received', 'received', ?, ?, ?)",
        )
        .bind(id)
        .bind(now)
        .bind(new.created_by)
        .bind(c.channel.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        for f in files {
            sqlx::query(
                "INSERT INTO complaint_file (complaint_id, kind, name, content_type, bytes, sha256, storage_key, thumbnail_key, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(f.kind)
            .bind(&f.name)
            .bind(f.content_type)
            .bind(f.bytes)
            .bind(&f.sha256)
            .bind(&f.key)
            .bind(&f.thumbnail_key)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            super::keeps_no_files(&f.pending)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(ComplaintCreated::Created {
            id,
            reference: reference.as_str().to_owned(),
        })
    }

    async fn complaint(&self, reference: &str) -> Result<Option<ComplaintRecord>, AppError> {
        let Some(r) = sqlx::query(
            "SELECT c.*, d.code AS dept_code, rr.ref AS report_ref, cr.ref AS converted_ref,
                    u.display_name AS creator
             FROM complaint c
             LEFT JOIN department d ON d.department_id = c.department_id
             LEFT JOIN report rr ON rr.report_id = c.report_id
             LEFT JOIN report cr ON cr.report_id = c.converted_report_id
             LEFT JOIN app_user u ON u.user_id = c.created_by
             WHERE c.ref = ?",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        let id: i64 = r.get("complaint_id");
        let history = sqlx::query(
            "SELECT e.kind, e.status, e.at, e.note, u.display_name, d.code AS dept_code
             FROM complaint_event e
             LEFT JOIN app_user u ON u.user_id = e.actor_user_id
             LEFT JOIN department d ON d.department_id = e.department_id
             WHERE e.complaint_id = ? ORDER BY e.event_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?
        .iter()
        .map(|h| {
            Ok(ComplaintHistory {
                at: h.get("at"),
                kind: code(ComplaintEvent::parse, h.get("kind"))?,
                status: code(ComplaintStatus::parse, h.get("status"))?,
                actor: h.get("display_name"),
                department: h.get("dept_code"),
                note: h.get("note"),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
        let files = sqlx::query(
            "SELECT file_id, kind, name, content_type, bytes, storage_key, thumbnail_key
             FROM complaint_file WHERE complaint_id = ? ORDER BY file_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?
        .iter()
        .map(|f| ComplaintFileRecord {
            id: f.get("file_id"),
            kind: f.get("kind"),
            name: f.get("name"),
            content_type: f.get("content_type"),
            bytes: f.get("bytes"),
            key: f.get("storage_key"),
            thumbnail_key: f.get("thumbnail_key"),
        })
        .collect();
        Ok(Some(ComplaintRecord {
            id,
            reference: r.get("ref"),
            version: r.get("version"),
            channel: code(ComplaintChannel::parse, r.get("channel"))?,
            status: code(ComplaintStatus::parse, r.get("status"))?,
            received_on: r.get("received_on"),
            created_at: r.get("created_at"),
            acknowledged_on: r.get("acknowledged_on"),
            answered_on: r.get("answered_on"),
            closed_on: r.get("closed_on"),
            department: r.get("dept_code"),
            employee: r.get("employee"),
            happened_on: r.get("happened_on"),
            description: r.get("description"),
            expectation: r.get("expectation"),
            report: r.get("report_ref"),
            converted_report: r.get("converted_ref"),
            contact: ComplainantContact {
                name: r.get("contact_name"),
                email: r.get("contact_email"),
                phone: r.get("contact_phone"),
                address: r.get("contact_address"),
            },
            lang: lang_from_db(r.get("lang")),
            inadmissible_reason: opt_code(InadmissibleReason::parse, r.get("inadmissible_reason"))?,
            verdict: opt_code(Verdict::parse, r.get("verdict"))?,
            norms: norms_of(&self.pool, id).await?,
            answer: r.get("answer"),
            improvements: improvements_of(&self.pool, id).await?,
            anonymised_at: r.get("anonymised_at"),
            created_by: r.get("creator"),
            history,
            files,
        }))
    }

    async fn complaints(&self, q: &ComplaintQuery) -> Result<Vec<ComplaintSummary>, AppError> {
        let mut sql = format!("{SUMMARY_SELECT} WHERE 1 = 1");
        if q.open_only {
            sql.push_str(" AND c.status <> 'closed'");
        }
        if q.year.is_some() {
            sql.push_str(" AND c.received_on >= ?1 AND c.received_on < ?2");
        }
        // Always present (every numbered parameter must appear); `%%` matches every row.
        sql.push_str(
            " AND (c.ref LIKE ?4 ESCAPE '\\' OR c.contact_name LIKE ?4 ESCAPE '\\'
               OR c.contact_email LIKE ?4 ESCAPE '\\' OR c.description LIKE ?4 ESCAPE '\\')",
        );
        sql.push_str(" ORDER BY c.received_on, c.complaint_id LIMIT ?3");
        let year = q.year.unwrap_or(0);
        let pattern = format!(
            "%{}%",
            super::like_escape(q.text.as_deref().unwrap_or_default())
        );
        sqlx::query(&sql)
            .bind(format!("{year:04}-01-01"))
            .bind(format!("{:04}-01-01", year + 1))
            .bind(i64::from(q.limit.max(1)))
            .bind(pattern)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?
            .iter()
            .map(summary_from_row)
            .collect()
    }

    async fn apply_complaint_update(
        &self,
        u: &ComplaintUpdate,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let department = optional_department_id(&mut tx, u.department.as_deref()).await?;
        let event_department =
            optional_department_id(&mut tx, u.event_department.as_deref()).await?;
        let changed = sqlx::query(
            "UPDATE complaint SET version = version + 1, updated_at = ?1, status = ?2,
                department_id = COALESCE(?3, department_id),
                acknowledged_on = COALESCE(?4, acknowledged_on),
                answered_on = COALESCE(?5, answered_on),
                closed_on = COALESCE(?6, closed_on),
                inadmissible_reason = COALESCE(?7, inadmissible_reason),
                verdict = COALESCE(?8, verdict),
                answer = COALESCE(?9, answer),
                converted_report_id = COALESCE(?10, converted_report_id)
             WHERE complaint_id = ?11 AND version = ?12",
        )
        .bind(now)
        .bind(u.status.as_str())
        .bind(department)
        .bind(u.acknowledged_on)
        .bind(u.answered_on)
        .bind(u.closed_on)
        .bind(u.inadmissible_reason.map(InadmissibleReason::as_str))
        .bind(u.verdict.map(Verdict::as_str))
        .bind(&u.answer)
        .bind(u.converted_report_id)
        .bind(u.complaint_id)
        .bind(u.expected_version)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        if changed == 0 {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM complaint WHERE complaint_id = ?")
                    .bind(u.complaint_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
            return Err(match current {
                Some(v) => AppError::stale(v),
                None => AppError::not_found(),
            });
        }
        if let Some(norms) = &u.norms {
            sqlx::query("DELETE FROM complaint_norm WHERE complaint_id = ?")
                .bind(u.complaint_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            for n in norms {
                sqlx::query("INSERT INTO complaint_norm (complaint_id, norm) VALUES (?, ?)")
                    .bind(u.complaint_id)
                    .bind(n.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
            }
        }
        if let Some(text) = &u.improvement {
            sqlx::query(
                "INSERT INTO complaint_improvement (complaint_id, text, created_at, user_id) VALUES (?, ?, ?, ?)",
            )
            .bind(u.complaint_id)
            .bind(text)
            .bind(now)
            .bind(u.actor_user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        sqlx::query(
            "INSERT INTO complaint_event (complaint_id, kind, status, at, actor_user_id, department_id, note)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(u.complaint_id)
        .bind(u.event.as_str())
        .bind(u.status.as_str())
        .bind(now)
        .bind(u.actor_user_id)
        .bind(event_department.or(department))
        .bind(&u.note)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        for m in &u.mails {
            insert_mail(&mut *tx, None, m, now).await?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn complaint_year_rows(&self, year: i32) -> Result<Vec<ComplaintYearRow>, AppError> {
        let rows = sqlx::query(
            "SELECT c.complaint_id, c.ref, c.channel, c.status, c.received_on, c.answered_on,
                    c.inadmissible_reason, c.verdict, d.code AS dept_code
             FROM complaint c LEFT JOIN department d ON d.department_id = c.department_id
             WHERE c.received_on >= ? AND c.received_on < ? ORDER BY c.received_on, c.complaint_id",
        )
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{:04}-01-01", year + 1))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.get("complaint_id");
            out.push(ComplaintYearRow {
                reference: r.get("ref"),
                channel: code(ComplaintChannel::parse, r.get("channel"))?,
                status: code(ComplaintStatus::parse, r.get("status"))?,
                received_on: r.get("received_on"),
                answered_on: r.get("answered_on"),
                department: r.get("dept_code"),
                inadmissible_reason: opt_code(
                    InadmissibleReason::parse,
                    r.get("inadmissible_reason"),
                )?,
                verdict: opt_code(Verdict::parse, r.get("verdict"))?,
                norms: norms_of(&self.pool, id).await?,
                improvements: improvements_of(&self.pool, id).await?,
            });
        }
        Ok(out)
    }

    async fn anonymise_complaints(
        &self,
        closed_before: NaiveDate,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<Anonymised, AppError> {
        let mut tx = self.write_tx().await?;
        let due = sqlx::query(
            "SELECT complaint_id, ref FROM complaint
             WHERE status = 'closed' AND closed_on < ? AND anonymised_at IS NULL ORDER BY complaint_id",
        )
        .bind(closed_before)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
        let mut out = Anonymised::default();
        for r in &due {
            let id: i64 = r.get("complaint_id");
            out.references.push(r.get("ref"));
            for f in sqlx::query(
                "SELECT storage_key, thumbnail_key FROM complaint_file WHERE complaint_id = ?",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error)?
            {
                out.file_keys.push(f.get("storage_key"));
                out.file_keys
                    .extend(f.get::<Option<String>, _>("thumbnail_key"));
            }
            if dry_run {
                continue;
            }
            sqlx::query(
                "UPDATE complaint SET contact_name = NULL, contact_email = NULL, contact_phone = NULL,
                    contact_address = NULL, employee = NULL, description = '', expectation = NULL,
                    answer = NULL, idem_key = NULL, request_hash = NULL, anonymised_at = ?1,
                    updated_at = ?1, version = version + 1
                 WHERE complaint_id = ?2",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            sqlx::query("UPDATE complaint_event SET note = NULL WHERE complaint_id = ? AND note IS NOT NULL")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            sqlx::query("DELETE FROM complaint_file WHERE complaint_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            sqlx::query(
                "INSERT INTO complaint_event (complaint_id, kind, status, at) VALUES (?, 'anonymised', 'closed', ?)",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        if dry_run {
            tx.rollback().await.map_err(db_error)?;
        } else {
            tx.commit().await.map_err(db_error)?;
        }
        Ok(out)
    }
}
