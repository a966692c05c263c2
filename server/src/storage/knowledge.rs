//! What both stores share for the knowledge base: reading article rows into articles.

use super::{db_error, lang_from_db};
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::knowledge::domain::{Article, ArticleText};

/// The current versions, with their article: slug, appointment type, active, lang, title,
/// summary, body, synonyms, version, edited_at; ordered by slug.
pub(super) const CURRENT_SELECT: &str = "SELECT a.slug, a.appointment_type, a.active, v.lang, v.title, v.summary, v.body, v.synonyms, v.version_id, v.edited_at
     FROM article a
     LEFT JOIN article_version v ON v.article_id = a.article_id
      AND v.version_id = (SELECT MAX(w.version_id) FROM article_version w
                          WHERE w.article_id = a.article_id AND w.lang = v.lang)
     ORDER BY a.slug, v.lang";

/// Articles from rows of [`CURRENT_SELECT`].
pub(super) fn articles_from_rows<R>(rows: &[R]) -> Result<Vec<Article>, AppError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<DateTime<Utc>>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let mut out: Vec<Article> = Vec::new();
    for r in rows {
        let slug: String = r.try_get(0).map_err(db_error)?;
        if out.last().is_none_or(|a| a.slug != slug) {
            out.push(Article {
                slug: slug.clone(),
                appointment_type: r.try_get(1).map_err(db_error)?,
                active: r.try_get(2).map_err(db_error)?,
                texts: Vec::new(),
            });
        }
        let version: Option<i64> = r.try_get(8).map_err(db_error)?;
        let (Some(version), Some(article)) = (version, out.last_mut()) else {
            continue;
        };
        let text = |i: usize| -> Result<String, AppError> {
            Ok(r.try_get::<Option<String>, _>(i)
                .map_err(db_error)?
                .unwrap_or_default())
        };
        let synonyms = text(7)?;
        article.texts.push(ArticleText {
            lang: lang_from_db(&text(3)?),
            title: text(4)?,
            summary: text(5)?,
            body: text(6)?,
            synonyms: synonyms
                .split('\n')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            version,
            edited_at: r
                .try_get::<Option<DateTime<Utc>>, _>(9)
                .map_err(db_error)?
                .unwrap_or_default(),
        });
    }
    Ok(out)
}
