//! The city's questions to reporters in PostgreSQL: asked, answered and ended within a report's
//! change (`apply_question`, called by `apply_update`), read for the link's page and the staff
//! report, and ended when they waited their full time.

use super::{db_error, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::port::{AskStore, QuestionChange, QuestionRecord, ReportUpdate};
use meldpunt_app::report::ask::{resumed_due, QuestionView};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row, Transaction};

/// The columns [`question_view`] reads, from `reporter_question q`.
macro_rules! question_columns {
    () => {
        "q.question, q.asked_at, q.pauses, q.answered_at, q.answer, q.photos, q.ended_at, \
         q.seen_at IS NOT NULL AS seen"
    };
}

fn question_view(r: &PgRow) -> QuestionView {
    QuestionView {
        question: r.get("question"),
        asked_at: r.get("asked_at"),
        pauses: r.get("pauses"),
        answered_at: r.get("answered_at"),
        answer: r.get("answer"),
        photos: u32::try_from(r.get::<i32, _>("photos")).unwrap_or(0),
        ended_at: r.get("ended_at"),
        seen: r.get("seen"),
    }
}

/// Moves the report's due date by the pause of a question asked at `asked_at` that stopped
/// waiting at `until`.
async fn resume(
    tx: &mut Transaction<'_, Postgres>,
    report_id: i64,
    asked_at: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<(), AppError> {
    let due: DateTime<Utc> =
        sqlx::query_scalar("SELECT due_at FROM report WHERE report_id = $1 FOR UPDATE")
            .bind(report_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_error)?;
    sqlx::query("UPDATE report SET due_at = $1 WHERE report_id = $2")
        .bind(resumed_due(due, asked_at, until))
        .bind(report_id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(())
}

/// What a report change does to its question, in the change's transaction. Staff changing
/// the report have seen an answer that came (the queue's flag goes).
pub(super) async fn apply_question(
    tx: &mut Transaction<'_, Postgres>,
    update: &ReportUpdate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if update.actor_user_id.is_some() {
        sqlx::query(
            "UPDATE reporter_question SET seen_at = $1
             WHERE report_id = $2 AND answered_at IS NOT NULL AND seen_at IS NULL",
        )
        .bind(now)
        .bind(update.report_id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    let Some(change) = &update.question else {
        return Ok(());
    };
    let ended = match change {
        QuestionChange::Ask(q) => {
            let waiting: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM reporter_question
                                WHERE report_id = $1 AND ended_at IS NULL)",
            )
            .bind(update.report_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_error)?;
            if waiting {
                return Err(
                    AppError::conflict("a question already waits for the reporter")
                        .explained(ErrorText::QuestionWaiting),
                );
            }
            sqlx::query(
                "INSERT INTO reporter_question (report_id, token_hash, lang, question, pauses, asked_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(update.report_id)
            .bind(&q.token_hash)
            .bind(q.lang.code())
            .bind(&q.question)
            .bind(q.pauses)
            .bind(now)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
            None
        }
        QuestionChange::Answer { id, answer, photos } => {
            let row = sqlx::query(
                "UPDATE reporter_question SET answered_at = $1, answer = $2, photos = $3, ended_at = $1
                 WHERE question_id = $4 AND report_id = $5 AND ended_at IS NULL
                 RETURNING asked_at, pauses",
            )
            .bind(now)
            .bind(answer)
            .bind(i32::try_from(*photos).unwrap_or(i32::MAX))
            .bind(id)
            .bind(update.report_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_error)?;
            let Some(row) = row else {
                return Err(AppError::conflict("this question takes no answer any more")
                    .explained(ErrorText::QuestionClosed));
            };
            Some(row)
        }
        QuestionChange::End => sqlx::query(
            "UPDATE reporter_question SET ended_at = $1
             WHERE report_id = $2 AND ended_at IS NULL RETURNING asked_at, pauses",
        )
        .bind(now)
        .bind(update.report_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?,
    };
    if let Some(row) = ended {
        if row.get::<bool, _>("pauses") {
            resume(tx, update.report_id, row.get("asked_at"), now).await?;
        }
    }
    Ok(())
}

#[async_trait]
impl AskStore for PgStore {
    async fn question_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<QuestionRecord>, AppError> {
        let row = sqlx::query(concat!(
            "SELECT q.question_id, q.report_id, r.ref, ",
            question_columns!(),
            " FROM reporter_question q JOIN report r ON r.report_id = q.report_id
             WHERE q.token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(|r| QuestionRecord {
            id: r.get("question_id"),
            report_id: r.get("report_id"),
            reference: r.get("ref"),
            view: question_view(&r),
        }))
    }

    async fn report_questions(&self, report_id: i64) -> Result<Vec<QuestionView>, AppError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            question_columns!(),
            " FROM reporter_question q WHERE q.report_id = $1 ORDER BY q.question_id"
        ))
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(question_view).collect())
    }

    async fn end_expired_questions(
        &self,
        asked_before: DateTime<Utc>,
        days: i64,
    ) -> Result<u64, AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let rows = sqlx::query(
            "SELECT question_id, report_id, asked_at, pauses FROM reporter_question
             WHERE ended_at IS NULL AND asked_at < $1 FOR UPDATE",
        )
        .bind(asked_before)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
        for r in &rows {
            let asked_at: DateTime<Utc> = r.get("asked_at");
            let until = asked_at + Duration::days(days);
            sqlx::query("UPDATE reporter_question SET ended_at = $1 WHERE question_id = $2 AND ended_at IS NULL")
                .bind(until)
                .bind(r.get::<i64, _>("question_id"))
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            if r.get::<bool, _>("pauses") {
                resume(&mut tx, r.get("report_id"), asked_at, until).await?;
            }
        }
        tx.commit().await.map_err(db_error)?;
        Ok(rows.len() as u64)
    }
}
