//! The contact register in PostgreSQL: topics, contacts with their hand-overs, answers.

use super::{db_error, department_id, save_names, PgStore};
use crate::storage::contacts::{
    contact_from_row, contact_hours_query, contact_kinds_query, contact_select,
    contact_tally_from_rows, handover_from_row, handover_select, handover_states_query,
    topic_from_row, trail_from_row, trail_query, TopicRow,
};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use meldpunt_app::contact::domain::{ContactRecord, HandoverRecord, Topic, TrailItem};
use meldpunt_app::contact::figures::ContactTally;
use meldpunt_app::error::AppError;
use meldpunt_app::port::{ContactStore, NewContact};
use meldpunt_app::text::phone_digits;
use sqlx::QueryBuilder;

/// `AND d.code IN (…)` for the given departments; nothing for all.
fn in_departments<'a>(q: &mut QueryBuilder<'a, sqlx::Postgres>, departments: Option<&'a [String]>) {
    if let Some(codes) = departments {
        q.push(" AND d.code IN (");
        let mut list = q.separated(", ");
        list.push_bind("");
        for c in codes {
            list.push_bind(c.as_str());
        }
        q.push(")");
    }
}

#[async_trait]
impl ContactStore for PgStore {
    async fn topics(&self) -> Result<Vec<Topic>, AppError> {
        let rows: Vec<TopicRow> = sqlx::query_as(
            "SELECT t.code, t.group_code, t.active,
                (SELECT json_object_agg(n.lang, n.name)::text FROM contact_topic_name n WHERE n.topic_id = t.topic_id)
             FROM contact_topic t ORDER BY t.sort_order, t.topic_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(topic_from_row).collect())
    }

    async fn save_topic(&self, t: &Topic) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact_topic (code, group_code, sort_order, active)
             VALUES ($1, $2, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM contact_topic), $3)
             ON CONFLICT (code) DO UPDATE SET group_code = $2, active = $3
             RETURNING topic_id",
        )
        .bind(&t.code)
        .bind(&t.group)
        .bind(t.active)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        save_names(&mut tx, "contact_topic_name", "topic_id", id, &t.names).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn record_contact(&self, new: &NewContact, now: DateTime<Utc>) -> Result<i64, AppError> {
        let c = &new.contact;
        let mut tx = self.tx().await?;
        let topic: i64 =
            sqlx::query_scalar("SELECT topic_id FROM contact_topic WHERE code = $1 AND active")
                .bind(&c.topic)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| AppError::validation("topic", "unknown topic"))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact (topic_id, channel, outcome, summary, caller_name, caller_phone,
                 phone_digits, caller_email, started_at, duration_seconds, created_by, report_ref,
                 complaint_ref, appointment_ref, article_slug)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING contact_id",
        )
        .bind(topic)
        .bind(c.channel.as_str())
        .bind(c.outcome.as_str())
        .bind(&c.summary)
        .bind(&c.caller_name)
        .bind(&c.caller_phone)
        .bind(c.caller_phone.as_deref().map(phone_digits))
        .bind(&c.caller_email)
        .bind(c.started_at)
        .bind(c.duration_seconds)
        .bind(new.created_by)
        .bind(&c.report_ref)
        .bind(&c.complaint_ref)
        .bind(&c.appointment_ref)
        .bind(&c.article)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        if let (Some(code), Some(due)) = (&c.department, new.handover_due) {
            let department = department_id(&mut tx, code).await?;
            sqlx::query(
                "INSERT INTO handover (contact_id, department_id, due_at, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(department)
            .bind(due)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(id)
    }

    async fn caller_contacts(
        &self,
        phone_digits: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<ContactRecord>, AppError> {
        let rows = sqlx::query(&format!(
            "{} WHERE (c.phone_digits = $1::text AND $1::text IS NOT NULL) OR (c.caller_email = $2::text AND $2::text IS NOT NULL)
             ORDER BY c.started_at DESC LIMIT 50",
            contact_select(super::appointments::names)
        ))
        .bind(phone_digits)
        .bind(email)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(contact_from_row).collect()
    }

    async fn caller_trail(
        &self,
        phone_tail: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<TrailItem>, AppError> {
        let rows = trail_query(phone_tail, email)
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let mut trail = rows
            .iter()
            .map(trail_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        trail.sort_by_key(|t| std::cmp::Reverse(t.at));
        Ok(trail)
    }

    async fn linked_contacts(&self, reference: &str) -> Result<Vec<ContactRecord>, AppError> {
        let rows = sqlx::query(&format!(
            "{} WHERE c.report_ref = $1 OR c.complaint_ref = $1 OR c.appointment_ref = $1
             ORDER BY c.started_at LIMIT 100",
            contact_select(super::appointments::names)
        ))
        .bind(reference)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(contact_from_row).collect()
    }

    async fn handovers(
        &self,
        departments: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<Vec<HandoverRecord>, AppError> {
        let mut q = QueryBuilder::new(handover_select(super::appointments::names));
        q.push(" WHERE (h.answered_at IS NULL OR h.answered_at > ");
        q.push_bind(now - Duration::days(7));
        q.push(")");
        in_departments(&mut q, departments);
        q.push(" ORDER BY h.answered_at IS NOT NULL, h.due_at LIMIT 500");
        let rows = q.build().fetch_all(&self.pool).await.map_err(db_error)?;
        rows.iter().map(handover_from_row).collect()
    }

    async fn answer_handover(
        &self,
        id: i64,
        answer: &str,
        by: i64,
        departments: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let mut q = QueryBuilder::new("UPDATE handover SET answer = ");
        q.push_bind(answer);
        q.push(", answered_by = ");
        q.push_bind(by);
        q.push(", answered_at = ");
        q.push_bind(now);
        q.push(" WHERE handover_id = ");
        q.push_bind(id);
        q.push(" AND answered_at IS NULL AND department_id IN (SELECT d.department_id FROM department d WHERE 1 = 1");
        in_departments(&mut q, departments);
        q.push(")");
        let done = q.build().execute(&self.pool).await.map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn erase_contact_details(
        &self,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, AppError> {
        let done = sqlx::query(
            "UPDATE contact SET caller_name = NULL, caller_phone = NULL, phone_digits = NULL,
                 caller_email = NULL, erased_at = $1
             WHERE started_at < $2 AND erased_at IS NULL",
        )
        .bind(now)
        .bind(before)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn contact_tally(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ContactTally, AppError> {
        let hours = contact_hours_query(epoch, from, to)
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let kinds = contact_kinds_query(from, to)
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let states = handover_states_query(epoch, from, to, now)
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        contact_tally_from_rows(hours, kinds, states)
    }
}

/// Unix seconds of a column (whole seconds, rounded down).
pub(super) fn epoch(col: &str) -> String {
    format!("floor(extract(epoch from {col}))::bigint")
}
