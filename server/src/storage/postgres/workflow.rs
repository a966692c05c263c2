//! The back office's changes to reports (versioned, with history, photos, mail and receipt in one
//! transaction), recipients and staff lists.

use super::{db_error, department_id, insert_mail, insert_photos, names_from_row, PgStore};
use crate::storage::PHONE_DIGITS_SQL;
use crate::storage::{
    lang_from_db, like_escape, open_status_list, status_from_db, IDEMPOTENCY_DAYS,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::office::domain::{QueueSort, ReportQuery, StaffSummary};
use meldpunt_app::port::WorkflowStore;
use meldpunt_app::port::{
    FeedbackFact, FeedbackRecord, FollowAdded, Recipient, ReopenDecision, ReportUpdate,
    FOLLOW_CONFIRM_DAYS,
};
use meldpunt_app::report::feedback::{FeedbackAnswer, FeedbackView, ReopenState};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};

/// The columns [`feedback_view`] reads, from `feedback f`.
macro_rules! feedback_columns {
    () => {
        "f.closed_as, f.asked_at, f.answered_at, f.fixed, f.satisfaction, f.comment, f.reopen, \
         f.reopen_reason, f.follower_id, \
         (SELECT fo.email FROM follower fo WHERE fo.follower_id = f.follower_id) AS follower_email"
    };
}

fn feedback_view(r: &PgRow) -> Result<FeedbackView, AppError> {
    Ok(FeedbackView {
        closed_as: status_from_db(r.get("closed_as"))?,
        asked_at: r.get("asked_at"),
        answered_at: r.get("answered_at"),
        fixed: r.get("fixed"),
        satisfaction: r
            .get::<Option<i16>, _>("satisfaction")
            .and_then(|n| u8::try_from(n).ok()),
        comment: r.get("comment"),
        reopen: r
            .get::<Option<String>, _>("reopen")
            .and_then(|s| ReopenState::parse(&s)),
        reopen_reason: r.get("reopen_reason"),
        follower: r.get::<Option<i64>, _>("follower_id").is_some(),
        follower_email: r.get("follower_email"),
    })
}

#[async_trait]
impl WorkflowStore for PgStore {
    async fn apply_update(
        &self,
        update: &ReportUpdate,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        if let Some(receipt) = &update.receipt {
            // Claiming the key is the transaction's first statement: a concurrent request with
            // the same key, on any instance, waits on the unique index, then finds it taken.
            let claimed = sqlx::query(
                "INSERT INTO change_receipt (idem_key, user_id, request_hash, report_id, outcome, version, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idem_key) DO NOTHING",
            )
            .bind(&receipt.key)
            .bind(receipt.user_id)
            .bind(&receipt.request_hash)
            .bind(update.report_id)
            .bind(receipt.outcome.as_str())
            .bind(update.expected_version + 1)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected()
                == 1;
            if !claimed {
                return Err(AppError::conflict("this change was already received"));
            }
        }
        let department_id = match &update.department {
            Some(code) => Some(department_id(&mut tx, code).await?),
            None => None,
        };
        let mut q: QueryBuilder<Postgres> =
            QueryBuilder::new("UPDATE report SET version = version + 1, updated_at = ");
        q.push_bind(now)
            .push(", status = ")
            .push_bind(update.status.as_str());
        if let Some(d) = department_id {
            q.push(", department_id = ").push_bind(d);
        }
        if let Some(team) = update.team {
            q.push(", team_id = ").push_bind(team.map(|t| t.0));
            if let Some((_, priority)) = team {
                q.push(", priority = ").push_bind(i64::from(priority));
            }
        }
        if let Some(p) = update.partner_id {
            q.push(", partner_id = ").push_bind(p);
        }
        if let Some(r) = &update.partner_ref {
            q.push(", partner_ref = ").push_bind(r.clone());
        }
        if let Some(r) = &update.partner_status {
            q.push(", partner_status = ").push_bind(r.clone());
        }
        if let Some(t) = &update.partner_token {
            q.push(", partner_token = ").push_bind(t.clone());
        }
        if let Some(o) = update.duplicate_of {
            q.push(", duplicate_of = ").push_bind(o);
        }
        if let Some(flag) = update.conflict {
            q.push(", conflict_at = ").push_bind(flag.then_some(now));
        }
        q.push(" WHERE report_id = ")
            .push_bind(update.report_id)
            .push(" AND version = ")
            .push_bind(update.expected_version);
        let updated = q
            .build()
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        if updated != 1 {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM report WHERE report_id = $1")
                    .bind(update.report_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
            return Err(match current {
                Some(v) => AppError::stale(v),
                None => AppError::not_found(),
            });
        }
        sqlx::query(
            "INSERT INTO status_history (report_id, kind, status, note, internal_note, actor_user_id, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(update.report_id)
        .bind(update.kind.as_str())
        .bind(update.status.as_str())
        .bind(&update.note)
        .bind(&update.internal_note)
        .bind(update.actor_user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if let Some(original) = update.duplicate_of {
            // The duplicate's followers (its reporter among them) now follow the original,
            // each with a token of their own; a reporter from before following comes along too.
            sqlx::query(
                "INSERT INTO follower (report_id, name, email, phone, lang, created_at, confirmed_at, token)
                 SELECT $1, name, email, phone, lang, $2, $2, replace(gen_random_uuid()::text, '-', '') FROM follower
                 WHERE report_id = $3 AND confirmed_at IS NOT NULL AND stopped_at IS NULL
                 UNION ALL
                 SELECT $1, contact_name, contact_email, contact_phone, lang, $2, $2, replace(gen_random_uuid()::text, '-', '') FROM report r
                 WHERE report_id = $3 AND (contact_email IS NOT NULL OR contact_phone IS NOT NULL)
                 AND NOT EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id
                                 AND (lower(f.email) = lower(r.contact_email) OR f.phone = r.contact_phone))",
            )
            .bind(original)
            .bind(now)
            .bind(update.report_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        if let Some(f) = &update.follower {
            sqlx::query(
                "INSERT INTO follower (report_id, name, email, phone, lang, created_at, confirmed_at, token) VALUES ($1, $2, $3, $4, $5, $6, $6, replace(gen_random_uuid()::text, '-', ''))",
            )
            .bind(update.report_id)
            .bind(&f.contact.name)
            .bind(&f.contact.email)
            .bind(&f.contact.phone)
            .bind(f.lang.code())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        insert_photos(&mut tx, update.report_id, &update.photos, now).await?;
        super::asks::apply_question(&mut tx, update, now).await?;
        if update.receipt.is_some() {
            sqlx::query("DELETE FROM change_receipt WHERE created_at < $1")
                .bind(now - chrono::Duration::days(IDEMPOTENCY_DAYS))
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for f in &update.feedback {
            // A follower's question names the follower (the first with the address).
            sqlx::query(
                "INSERT INTO feedback (report_id, token_hash, lang, closed_as, asked_at, follower_id)
                 VALUES ($1, $2, $3, $4, $5,
                         (SELECT MIN(follower_id) FROM follower
                           WHERE report_id = $1 AND lower(email) = lower($6)))",
            )
            .bind(update.report_id)
            .bind(&f.token_hash)
            .bind(f.lang.code())
            .bind(f.closed_as.as_str())
            .bind(now)
            .bind(&f.follower)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        if let Some(decision) = &update.reopen {
            let (state, reason) = match decision {
                ReopenDecision::Accepted => (ReopenState::Accepted, None),
                ReopenDecision::Declined { reason } => (ReopenState::Declined, Some(reason)),
            };
            sqlx::query(
                "UPDATE feedback SET reopen = $1, reopen_reason = $2, decided_at = $3
                 WHERE report_id = $4 AND reopen = 'asked'",
            )
            .bind(state.as_str())
            .bind(reason)
            .bind(now)
            .bind(update.report_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        for m in &update.mails {
            insert_mail(&mut *tx, Some(update.report_id), m, now).await?;
        }
        super::links::queue_deliveries(&mut tx, update, now).await?;
        tx.commit().await.map_err(db_error)?;
        self.changes.made_here();
        Ok(())
    }

    async fn recipients(&self, report_id: i64) -> Result<Vec<Recipient>, AppError> {
        let rows = sqlx::query(
            "SELECT f.email, f.lang, f.token, 0 AS source, f.follower_id,
                    coalesce(lower(f.email) = lower(r.contact_email), false) AS reporter
               FROM follower f JOIN report r ON r.report_id = f.report_id
               WHERE f.report_id = $1 AND f.email IS NOT NULL AND f.confirmed_at IS NOT NULL
                 AND f.stopped_at IS NULL
             UNION ALL
             SELECT contact_email, lang, NULL::text, 1, 0, true FROM report r
               WHERE report_id = $1 AND contact_email IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id
                               AND lower(f.email) = lower(r.contact_email))
             ORDER BY source, follower_id",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out: Vec<Recipient> = Vec::new();
        for r in rows {
            let email: String = r.get("email");
            if !out.iter().any(|o| o.email.eq_ignore_ascii_case(&email)) {
                out.push(Recipient {
                    email,
                    lang: lang_from_db(r.get("lang")),
                    unsubscribe: r.get("token"),
                    reporter: r.get("reporter"),
                });
            }
        }
        Ok(out)
    }

    async fn add_follow(
        &self,
        report_id: i64,
        email: &str,
        lang: Lang,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<FollowAdded, AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let found: Option<(i64, bool)> = sqlx::query_as(
            "SELECT follower_id, confirmed_at IS NOT NULL AND stopped_at IS NULL FROM follower
             WHERE report_id = $1 AND lower(email) = lower($2) ORDER BY follower_id LIMIT 1",
        )
        .bind(report_id)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        match found {
            Some((_, true)) => return Ok(FollowAdded::AlreadyFollowing),
            Some((id, false)) => {
                sqlx::query(
                    "UPDATE follower SET token = $1, asked_at = $2, lang = $3,
                     confirmed_at = NULL, stopped_at = NULL WHERE follower_id = $4",
                )
                .bind(token)
                .bind(now)
                .bind(lang.code())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO follower (report_id, email, lang, created_at, asked_at, token)
                     VALUES ($1, $2, $3, $4, $4, $5)",
                )
                .bind(report_id)
                .bind(email)
                .bind(lang.code())
                .bind(now)
                .bind(token)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            }
        }
        tx.commit().await.map_err(db_error)?;
        Ok(FollowAdded::Pending {
            token: token.to_owned(),
        })
    }

    async fn confirm_follow(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, AppError> {
        sqlx::query(
            "UPDATE follower SET confirmed_at = $1
             WHERE token = $2 AND confirmed_at IS NULL AND stopped_at IS NULL AND asked_at >= $3",
        )
        .bind(now)
        .bind(token)
        .bind(now - chrono::Duration::days(FOLLOW_CONFIRM_DAYS))
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        sqlx::query_scalar(
            "SELECT r.ref FROM follower f JOIN report r ON r.report_id = f.report_id
             WHERE f.token = $1 AND f.confirmed_at IS NOT NULL AND f.stopped_at IS NULL",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn stop_follow(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, AppError> {
        sqlx::query("UPDATE follower SET stopped_at = $1 WHERE token = $2 AND stopped_at IS NULL")
            .bind(now)
            .bind(token)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        sqlx::query_scalar(
            "SELECT r.ref FROM follower f JOIN report r ON r.report_id = f.report_id WHERE f.token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn feedback(&self, token_hash: &str) -> Result<Option<FeedbackRecord>, AppError> {
        let row = sqlx::query(concat!(
            "SELECT f.feedback_id, f.report_id, r.ref, c.code AS category, r.status, ",
            feedback_columns!(),
            " FROM feedback f JOIN report r ON r.report_id = f.report_id
             JOIN category c ON c.category_id = r.category_id WHERE f.token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.map(|r| {
            Ok(FeedbackRecord {
                id: r.get("feedback_id"),
                report_id: r.get("report_id"),
                reference: r.get("ref"),
                category: r.get("category"),
                status: status_from_db(r.get("status"))?,
                view: feedback_view(&r)?,
            })
        })
        .transpose()
    }

    async fn answer_feedback(
        &self,
        id: i64,
        answer: &FeedbackAnswer,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let done = sqlx::query(
            "UPDATE feedback SET answered_at = $1, fixed = $2, satisfaction = $3, comment = $4,
                    reopen = CASE WHEN $2 THEN NULL ELSE 'asked' END
             WHERE feedback_id = $5 AND answered_at IS NULL",
        )
        .bind(now)
        .bind(answer.fixed)
        .bind(answer.satisfaction.map(i16::from))
        .bind(&answer.comment)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?
        .rows_affected();
        Ok(done == 1)
    }

    async fn report_feedback(&self, report_id: i64) -> Result<Vec<FeedbackView>, AppError> {
        sqlx::query(concat!(
            "SELECT ",
            feedback_columns!(),
            " FROM feedback f WHERE f.report_id = $1 ORDER BY f.feedback_id"
        ))
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?
        .iter()
        .map(feedback_view)
        .collect()
    }

    async fn feedback_facts(&self) -> Result<Vec<FeedbackFact>, AppError> {
        let rows = sqlx::query(
            "SELECT f.report_id, f.asked_at, f.fixed, f.satisfaction FROM feedback f
             WHERE f.follower_id IS NULL
               AND f.feedback_id = (SELECT MAX(l.feedback_id) FROM feedback l
                                    WHERE l.report_id = f.report_id AND l.follower_id IS NULL)
             ORDER BY f.report_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| FeedbackFact {
                report_id: r.get("report_id"),
                asked_at: r.get("asked_at"),
                fixed: r.get("fixed"),
                satisfaction: r
                    .get::<Option<i16>, _>("satisfaction")
                    .and_then(|n| u8::try_from(n).ok()),
            })
            .collect())
    }

    async fn find_reports(
        &self,
        query: &ReportQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffSummary>, AppError> {
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
            "SELECT r.ref, c.code, ",
            pg_category_names!(),
            ", d.code AS dept_code, r.status, r.lat, r.lon, r.address, r.address_near, r.description,
                    r.created_at, r.updated_at, r.due_at, r.priority, t.name AS team_name,
                    EXISTS (SELECT 1 FROM feedback fb WHERE fb.report_id = r.report_id
                            AND fb.reopen = 'asked') AS reopen_asked,
                    EXISTS (SELECT 1 FROM reporter_question q WHERE q.report_id = r.report_id
                            AND q.ended_at IS NULL) AS asking,
                    EXISTS (SELECT 1 FROM reporter_question q WHERE q.report_id = r.report_id
                            AND q.answered_at IS NOT NULL AND q.seen_at IS NULL) AS answer_waiting,
                    (SELECT q.asked_at FROM reporter_question q WHERE q.report_id = r.report_id
                            AND q.ended_at IS NULL AND q.pauses) AS paused_since
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN team t ON t.team_id = r.team_id
             WHERE NOT r.hidden"
        ));
        if let Some(departments) = &query.departments {
            q.push(" AND d.code IN (");
            let mut sep = q.separated(", ");
            sep.push_bind("");
            for d in departments {
                sep.push_bind(d.clone());
            }
            q.push(")");
        }
        if let Some(teams) = &query.teams {
            q.push(" AND r.team_id IN (");
            let mut sep = q.separated(", ");
            sep.push_bind(-1_i64);
            for t in teams {
                sep.push_bind(*t);
            }
            q.push(")");
        }
        if !query.statuses.is_empty() {
            q.push(" AND (r.status IN (");
            let mut sep = q.separated(", ");
            for s in &query.statuses {
                sep.push_bind(s.as_str());
            }
            q.push(")");
            // A reporter's request to reopen puts a closed report back in the queue.
            if query.with_reopen_requests {
                q.push(
                    " OR EXISTS (SELECT 1 FROM feedback fb WHERE fb.report_id = r.report_id
                       AND fb.reopen = 'asked')",
                );
            }
            q.push(")");
        }
        if let Some(c) = &query.category {
            q.push(" AND c.code = ").push_bind(c.clone());
        }
        if query.overdue_only || query.past_three_times {
            q.push(format_args!(" AND r.status IN ({})", open_status_list()));
        }
        if query.overdue_only {
            // A deadline paused for a question to the reporter stands still.
            q.push(" AND r.due_at < COALESCE((SELECT q.asked_at FROM reporter_question q WHERE q.report_id = r.report_id AND q.ended_at IS NULL AND q.pauses), ")
                .push_bind(now)
                .push(")");
        }
        if query.past_three_times {
            q.push(" AND ")
                .push_bind(now)
                .push(" - r.created_at > 3 * (r.due_at - r.created_at)");
        }
        if let Some(reference) = &query.reference {
            q.push(" AND r.ref = ").push_bind(reference.clone());
        }
        if let Some(street) = &query.street {
            q.push(" AND r.address ILIKE ")
                .push_bind(format!("%{}%", like_escape(street)))
                .push(" ESCAPE '\\'");
        }
        if let Some(email) = &query.email {
            q.push(" AND (lower(r.contact_email) = ")
                .push_bind(email.to_lowercase())
                .push(" OR EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id AND lower(f.email) = ")
                .push_bind(email.to_lowercase())
                .push("))");
        }
        if let Some(digits) = &query.phone_digits {
            let pattern = format!("%{}", like_escape(digits));
            q.push(" AND (").push(PHONE_DIGITS_SQL.replace("{col}", "r.contact_phone")).push(" LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id AND ")
                .push(PHONE_DIGITS_SQL.replace("{col}", "f.phone"))
                .push(" LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\'))");
        }
        if let Some(from) = query.created_from {
            q.push(" AND r.created_at >= ").push_bind(from);
        }
        if let Some(to) = query.created_to {
            q.push(" AND r.created_at < ").push_bind(to);
        }
        q.push(match query.sort {
            QueueSort::Age => " ORDER BY r.created_at ASC",
            QueueSort::Newest => " ORDER BY r.created_at DESC",
            QueueSort::Deadline => " ORDER BY r.due_at ASC, r.priority ASC",
            QueueSort::Category => " ORDER BY c.sort_order, r.created_at ASC",
            QueueSort::Work => " ORDER BY r.priority ASC, r.due_at ASC",
        });
        q.push(" LIMIT ")
            .push_bind(i64::from(query.limit.clamp(1, 5000)));
        let rows = q.build().fetch_all(&self.pool).await.map_err(db_error)?;
        rows.iter().map(|r| summary_from_row(r, now)).collect()
    }
}

fn summary_from_row(r: &PgRow, now: DateTime<Utc>) -> Result<StaffSummary, AppError> {
    let status = status_from_db(r.get("status"))?;
    let due_at: DateTime<Utc> = r.get("due_at");
    let paused_since: Option<DateTime<Utc>> = r.try_get("paused_since").unwrap_or(None);
    Ok(StaffSummary {
        reference: r.get("ref"),
        category: r.get("code"),
        category_names: names_from_row(r),
        department: r.get("dept_code"),
        status,
        lat: r.get("lat"),
        lon: r.get("lon"),
        address: r.get("address"),
        address_near: r.get("address_near"),
        description: r.get("description"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
        due_at,
        priority: r.get::<i64, _>("priority") as u8,
        team: r.get("team_name"),
        days_overdue: meldpunt_app::office::domain::days_overdue(
            status,
            due_at,
            paused_since.unwrap_or(now),
        ),
        distance_m: None,
        reopen_asked: r.try_get("reopen_asked").unwrap_or(false),
        asking: r.try_get("asking").unwrap_or(false),
        answer_waiting: r.try_get("answer_waiting").unwrap_or(false),
        paused_since,
    })
}
