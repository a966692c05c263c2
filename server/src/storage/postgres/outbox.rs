//! The outbox in PostgreSQL: queued mail, claimed with `FOR UPDATE SKIP LOCKED` so that the
//! workers of several instances never take the same row.

use super::{db_error, insert_mail, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::OutboxStore;
use meldpunt_app::port::{OutboxCounts, OutgoingMail, QueuedMail, PARKED_AFTER_DAYS};
use sqlx::Row;

#[async_trait]
impl OutboxStore for PgStore {
    async fn enqueue_mail(
        &self,
        report_id: Option<i64>,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        insert_mail(&self.pool, report_id, mail, now).await
    }

    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, AppError> {
        let mut rows = sqlx::query(
            "UPDATE outbox o SET next_attempt_at = $1 FROM
               (SELECT outbox_id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $2
                ORDER BY outbox_id LIMIT $3 FOR UPDATE SKIP LOCKED) due
             WHERE o.outbox_id = due.outbox_id
             RETURNING o.outbox_id, o.to_addr, o.subject, o.body, o.calendar, o.unsubscribe, o.attempts",
        )
        .bind(lease_until)
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.sort_by_key(|r| r.get::<i64, _>("outbox_id"));
        Ok(rows
            .iter()
            .map(|r| QueuedMail {
                id: r.get("outbox_id"),
                attempts: r.get("attempts"),
                mail: OutgoingMail {
                    to: r.get("to_addr"),
                    subject: r.get("subject"),
                    body: r.get("body"),
                    calendar: r.get("calendar"),
                    unsubscribe: r.get("unsubscribe"),
                },
            })
            .collect())
    }

    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
        sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE outbox_id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE outbox_id = $3")
            .bind(crate::storage::links::short_error(error))
            .bind(next_attempt_at)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn outbox_counts(&self, now: DateTime<Utc>) -> Result<OutboxCounts, AppError> {
        let parked_from = now + chrono::Duration::days(PARKED_AFTER_DAYS);
        let (waiting, parked, sent): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE sent_at IS NULL AND next_attempt_at <= $1),
                    COUNT(*) FILTER (WHERE sent_at IS NULL AND next_attempt_at > $1),
                    COUNT(*) FILTER (WHERE sent_at IS NOT NULL) FROM outbox",
        )
        .bind(parked_from)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(OutboxCounts {
            waiting,
            parked,
            sent,
        })
    }
}
