//! Knowledge-base articles in PostgreSQL; versions are append-only (a trigger refuses changes).

use super::{db_error, PgStore};
use crate::storage::knowledge::{articles_from_rows, CURRENT_SELECT};
use crate::storage::lang_from_db;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::knowledge::domain::{Article, ArticleVersion, ValidArticle};
use meldpunt_app::port::KnowledgeStore;
use sqlx::Row;

#[async_trait]
impl KnowledgeStore for PgStore {
    async fn articles(&self) -> Result<Vec<Article>, AppError> {
        let rows = sqlx::query(CURRENT_SELECT)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        articles_from_rows(&rows)
    }

    async fn knowledge_mark(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COALESCE(MAX(version_id), 0) FROM article_version")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    async fn save_article(
        &self,
        a: &ValidArticle,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO article (slug, appointment_type, active, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (slug) DO UPDATE SET appointment_type = $2, active = $3
             RETURNING article_id",
        )
        .bind(&a.slug)
        .bind(&a.appointment_type)
        .bind(a.active)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO article_version (article_id, lang, title, summary, body, synonyms, edited_by, edited_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(a.lang.code())
        .bind(&a.title)
        .bind(&a.summary)
        .bind(&a.body)
        .bind(a.synonyms.join("\n"))
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn article_versions(&self, slug: &str) -> Result<Vec<ArticleVersion>, AppError> {
        let rows = sqlx::query(
            "SELECT v.version_id, v.lang, v.title, u.display_name, v.edited_at
             FROM article_version v JOIN article a ON a.article_id = v.article_id
             LEFT JOIN app_user u ON u.user_id = v.edited_by
             WHERE a.slug = $1 ORDER BY v.version_id DESC",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| ArticleVersion {
                version: r.get(0),
                lang: lang_from_db(r.get(1)),
                title: r.get(2),
                edited_by: r.get(3),
                edited_at: r.get(4),
            })
            .collect())
    }
}
