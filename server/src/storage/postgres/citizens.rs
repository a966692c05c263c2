//! "Mijn meldingen" in PostgreSQL: mailed links, their one-hour views and the list by address.

use super::{db_error, PgStore};
use crate::storage::personal::for_postgres;
use crate::storage::personal::SOURCES;
use crate::storage::{lang_from_db, status_from_db};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::{CitizenStore, MyReport, NewMineLink, PersonalDataStore, PersonalRow};
use sqlx::Row;

#[async_trait]
impl CitizenStore for PgStore {
    async fn add_mine_link(&self, link: &NewMineLink) -> Result<bool, AppError> {
        let done = sqlx::query(
            "INSERT INTO mine_link (email, lang, token_hash, created_at, expires_at)
             SELECT $1, $2, $3, $4, $5
             WHERE (SELECT count(*) FROM mine_link
                    WHERE lower(email) = lower($1) AND created_at > $6) < $7
               AND (EXISTS (SELECT 1 FROM report WHERE lower(contact_email) = lower($1))
                    OR EXISTS (SELECT 1 FROM follower WHERE lower(email) = lower($1)
                               AND confirmed_at IS NOT NULL AND stopped_at IS NULL))",
        )
        .bind(&link.email)
        .bind(link.lang.code())
        .bind(&link.token_hash)
        .bind(link.now)
        .bind(link.expires_at)
        .bind(link.recent_since)
        .bind(i64::from(link.max_recent))
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn open_mine_link(
        &self,
        token_hash: &str,
        view_hash: &str,
        now: DateTime<Utc>,
        view_until: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let done = sqlx::query(
            "UPDATE mine_link SET used_at = $2, view_hash = $3, view_expires_at = $4
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .bind(view_hash)
        .bind(view_until)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn mine_view(
        &self,
        view_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(String, Lang)>, AppError> {
        let row = sqlx::query(
            "SELECT email, lang FROM mine_link WHERE view_hash = $1 AND view_expires_at > $2",
        )
        .bind(view_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(|r| (r.get("email"), lang_from_db(r.get("lang")))))
    }

    async fn close_mine_view(&self, view_hash: &str) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE mine_link SET view_hash = NULL, view_expires_at = NULL WHERE view_hash = $1",
        )
        .bind(view_hash)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn my_reports(&self, email: &str, limit: u32) -> Result<Vec<MyReport>, AppError> {
        let rows = sqlx::query(
            "SELECT r.ref, c.code AS category, r.status, r.created_at, r.address, r.address_near,
                    r.hidden, coalesce(lower(r.contact_email) = lower($1), false) AS made,
                    (SELECT f.token FROM follower f WHERE f.report_id = r.report_id
                       AND lower(f.email) = lower($1) AND f.confirmed_at IS NOT NULL
                       AND f.stopped_at IS NULL AND f.token IS NOT NULL
                     ORDER BY f.follower_id LIMIT 1) AS follow_token
             FROM report r JOIN category c ON c.category_id = r.category_id
             WHERE lower(r.contact_email) = lower($1)
                OR r.report_id IN (SELECT f.report_id FROM follower f WHERE lower(f.email) = lower($1)
                                   AND f.confirmed_at IS NOT NULL AND f.stopped_at IS NULL)
             ORDER BY r.created_at DESC, r.report_id DESC LIMIT $2",
        )
        .bind(email)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(MyReport {
                    reference: r.get("ref"),
                    category: r.get("category"),
                    status: status_from_db(r.get("status"))?,
                    created_at: r.get("created_at"),
                    address: r.get("address"),
                    address_near: r.get("address_near"),
                    made: r.get("made"),
                    follow_token: r.get("follow_token"),
                    hidden: r.get("hidden"),
                })
            })
            .collect()
    }

    async fn forget_mine_links(&self, before: DateTime<Utc>) -> Result<u64, AppError> {
        let done = sqlx::query("DELETE FROM mine_link WHERE created_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }
}

#[async_trait]
impl PersonalDataStore for PgStore {
    async fn personal_data(&self, email: &str) -> Result<Vec<PersonalRow>, AppError> {
        let mut found = Vec::new();
        for s in SOURCES {
            let rows = sqlx::query(&for_postgres(s.find))
                .bind(email)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
            found.extend(rows.iter().map(|r| PersonalRow {
                source: s.name,
                reference: r.get("reference"),
                at: r.get("at"),
                name: r.get("name"),
                email: r.get("email"),
                phone: r.get("phone"),
                text: r.get("text"),
            }));
        }
        Ok(found)
    }

    async fn erase_personal_data(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(&'static str, u64)>, AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let mut erased = Vec::new();
        for s in SOURCES {
            let done = sqlx::query(&for_postgres(s.erase))
                .bind(email)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            erased.push((s.name, done.rows_affected()));
        }
        tx.commit().await.map_err(db_error)?;
        Ok(erased)
    }
}
