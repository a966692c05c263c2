//! Categories, departments, teams and partners in PostgreSQL.

use super::{
    category_from_row, db_error, department_id, names_from_row, save_names, PgStore,
    CATEGORY_SELECT,
};
use crate::storage::links::partner_from_row;
use crate::storage::questions::{
    question_to_db, questions_from_rows, questions_query, reply_from_row, REPLIES_SELECT,
};
use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::office::domain::{Department, Partner, Team};
use meldpunt_app::office::replies::StandardReply;
use meldpunt_app::port::CatalogueStore;
use meldpunt_app::report::domain::Category;
use meldpunt_app::report::questions::Question;
use sqlx::Row;
use std::collections::BTreeMap;

#[async_trait]
impl CatalogueStore for PgStore {
    async fn categories(&self, all: bool) -> Result<Vec<Category>, AppError> {
        let rows = sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.active OR $1 ORDER BY c.sort_order, c.category_id"
        ))
        .bind(all)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(category_from_row).collect())
    }

    async fn category(&self, code: &str) -> Result<Option<Category>, AppError> {
        let row = sqlx::query(&format!("{CATEGORY_SELECT} WHERE c.code = $1 AND c.active"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.as_ref().map(category_from_row))
    }

    async fn save_category(&self, c: &Category) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        let d = department_id(&mut tx, &c.department).await?;
        // The sort order of a new category: after the last, counted under a lock so two
        // new categories do not share it.
        sqlx::query("LOCK TABLE category IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO category (code, department_id, target_days, icon, sort_order, active)
             VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM category), $5)
             ON CONFLICT (code) DO UPDATE SET department_id = $2, target_days = $3, icon = $4, active = $5
             RETURNING category_id",
        )
        .bind(&c.code)
        .bind(d)
        .bind(c.target_days)
        .bind(&c.icon)
        .bind(c.active)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        save_names(&mut tx, "category_name", "category_id", id, &c.names).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn departments(&self) -> Result<Vec<Department>, AppError> {
        // Ordered by the name in the default language, as the admin page lists them.
        let rows = sqlx::query(
            "SELECT d.code, d.active,
                    (SELECT json_object_agg(n.lang, n.name)::text FROM department_name n WHERE n.department_id = d.department_id) AS names,
                    (SELECT n.name COLLATE \"C\" FROM department_name n WHERE n.department_id = d.department_id AND n.lang = $1) AS sort_name
             FROM department d ORDER BY sort_name, d.code COLLATE \"C\"",
        )
        .bind(Lang::default().code())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Department {
                code: r.get("code"),
                names: names_from_row(r),
                active: r.get("active"),
            })
            .collect())
    }

    async fn save_department(&self, d: &Department) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO department (code, active) VALUES ($1, $2)
             ON CONFLICT (code) DO UPDATE SET active = $2 RETURNING department_id",
        )
        .bind(&d.code)
        .bind(d.active)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        save_names(&mut tx, "department_name", "department_id", id, &d.names).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn teams(&self) -> Result<Vec<Team>, AppError> {
        let rows = sqlx::query(
            "SELECT t.team_id, t.name, d.code FROM team t JOIN department d ON d.department_id = t.department_id
             ORDER BY t.name COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Team {
                id: r.get(0),
                name: r.get(1),
                department: r.get(2),
            })
            .collect())
    }

    async fn create_team(&self, name: &str, department: &str) -> Result<i64, AppError> {
        let mut tx = self.tx().await?;
        let d = department_id(&mut tx, department).await?;
        let id = sqlx::query_scalar(
            "INSERT INTO team (name, department_id) VALUES ($1, $2) RETURNING team_id",
        )
        .bind(name)
        .bind(d)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(id)
    }

    async fn set_team_members(&self, team_id: i64, user_ids: &[i64]) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        sqlx::query("DELETE FROM team_member WHERE team_id = $1")
            .bind(team_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("INSERT INTO team_member (team_id, user_id) SELECT $1, u FROM unnest($2::bigint[]) AS u")
            .bind(team_id)
            .bind(user_ids)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn partners(&self) -> Result<Vec<Partner>, AppError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            partner_columns!(),
            " FROM partner p WHERE p.active ORDER BY p.name COLLATE \"C\""
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().filter_map(partner_from_row).collect())
    }

    async fn create_partner(&self, name: &str, email: &str) -> Result<i64, AppError> {
        sqlx::query_scalar("INSERT INTO partner (name, email) VALUES ($1, $2) RETURNING partner_id")
            .bind(name)
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    async fn questions(
        &self,
        category: Option<&str>,
    ) -> Result<BTreeMap<String, Vec<Question>>, AppError> {
        let rows = sqlx::query(&questions_query("$1::text"))
            .bind(category)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        questions_from_rows(&rows)
    }

    async fn save_questions(&self, category: &str, questions: &[Question]) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        let id: i64 = sqlx::query_scalar("SELECT category_id FROM category WHERE code = $1")
            .bind(category)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?
            .ok_or_else(|| AppError::validation("category", "unknown category"))?;
        sqlx::query("DELETE FROM category_question WHERE category_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for (position, q) in questions.iter().enumerate() {
            sqlx::query("INSERT INTO category_question (category_id, code, position, definition) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(&q.code)
                .bind(position as i64)
                .bind(question_to_db(q)?)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn replies(&self) -> Result<Vec<StandardReply>, AppError> {
        let rows = sqlx::query(REPLIES_SELECT)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter().map(reply_from_row).collect()
    }

    async fn add_reply(&self, reply: &StandardReply) -> Result<i64, AppError> {
        sqlx::query_scalar(
            "INSERT INTO standard_reply (category_id, lang, title, body, created_at)
             VALUES ((SELECT category_id FROM category WHERE code = $1), $2, $3, $4, $5) RETURNING reply_id",
        )
        .bind(reply.category.as_deref())
        .bind(reply.lang.code())
        .bind(&reply.title)
        .bind(&reply.body)
        .bind(chrono::Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn remove_reply(&self, id: i64) -> Result<bool, AppError> {
        let n = sqlx::query("DELETE FROM standard_reply WHERE reply_id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected();
        Ok(n == 1)
    }
}
