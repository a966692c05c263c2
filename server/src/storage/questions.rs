//! Category questions and reports' answers, as both stores keep them: a question's definition
//! and a report's answers are JSON documents this program writes and reads (they are only
//! ever read whole, never queried inside).

use super::db_error;
use meldpunt_app::error::AppError;
use meldpunt_app::report::questions::{Answer, Question};
use sqlx::Row;
use std::collections::BTreeMap;

/// A report's answers as stored: `NULL` when there are none.
pub(crate) fn answers_to_db(answers: &[Answer]) -> Result<Option<String>, AppError> {
    if answers.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(answers)
        .map(Some)
        .map_err(AppError::internal)
}

/// A report's answers as read back; an unreadable document is an internal error, not silence.
pub(crate) fn answers_from_db(json: Option<String>) -> Result<Vec<Answer>, AppError> {
    json.map_or(Ok(Vec::new()), |j| {
        serde_json::from_str(&j).map_err(AppError::internal)
    })
}

pub(crate) fn question_to_db(q: &Question) -> Result<String, AppError> {
    serde_json::to_string(q).map_err(AppError::internal)
}

/// Rows of (`category`, `definition`) in the questions' order, grouped by category.
pub(crate) fn questions_from_rows<R: Row>(
    rows: &[R],
) -> Result<BTreeMap<String, Vec<Question>>, AppError>
where
    for<'r> &'r str: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let mut all: BTreeMap<String, Vec<Question>> = BTreeMap::new();
    for row in rows {
        let category: String = row.try_get("category").map_err(db_error)?;
        let definition: String = row.try_get("definition").map_err(db_error)?;
        let question: Question = serde_json::from_str(&definition).map_err(AppError::internal)?;
        all.entry(category).or_default().push(question);
    }
    Ok(all)
}

/// The query both stores read questions with; `{p}` is the one parameter (the category's
/// code or NULL for all), written in the store's placeholder style.
pub(crate) fn questions_query(p: &str) -> String {
    format!(
        "SELECT c.code AS category, q.definition FROM category_question q
         JOIN category c ON c.category_id = q.category_id
         WHERE ({p} IS NULL OR c.code = {p})
         ORDER BY c.code, q.position"
    )
}

/// Standard replies with their category's code (`NULL` for every category), as both stores
/// read them: general ones first, then by category, language and title.
pub(crate) const REPLIES_SELECT: &str = "SELECT s.reply_id, c.code, s.lang, s.title, s.body
     FROM standard_reply s LEFT JOIN category c ON c.category_id = s.category_id
     ORDER BY c.code IS NOT NULL, c.code, s.lang, s.title, s.reply_id";

pub(crate) fn reply_from_row<R: Row>(
    r: &R,
) -> Result<meldpunt_app::office::replies::StandardReply, AppError>
where
    for<'r> &'r str: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let lang: String = r.try_get("lang").map_err(db_error)?;
    Ok(meldpunt_app::office::replies::StandardReply {
        id: r.try_get("reply_id").map_err(db_error)?,
        category: r.try_get("code").map_err(db_error)?,
        lang: meldpunt_app::i18n::Lang::from_code(&lang)
            .ok_or_else(|| AppError::internal(format!("a reply in an unknown language: {lang}")))?,
        title: r.try_get("title").map_err(db_error)?,
        body: r.try_get("body").map_err(db_error)?,
    })
}
