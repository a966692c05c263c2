//! Categories, departments, teams and partners in SQLite.

use super::{category_from_row, db_error, department_id, SqliteStore, CATEGORY_SELECT};
use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::office::domain::{Department, Partner, Team};
use meldpunt_app::port::CatalogueStore;
use meldpunt_app::report::domain::Category;
use sqlx::Row;

#[async_trait]
impl CatalogueStore for SqliteStore {
    async fn categories(&self, all: bool) -> Result<Vec<Category>, AppError> {
        let rows = sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.active = 1 OR ? ORDER BY c.sort_order, c.category_id"
        ))
        .bind(all)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(category_from_row).collect())
    }

    async fn category(&self, code: &str) -> Result<Option<Category>, AppError> {
        let row = sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.code = ? AND c.active = 1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.as_ref().map(category_from_row))
    }

    async fn save_category(&self, c: &Category) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let d = department_id(&mut tx, &c.department).await?;
        sqlx::query(
            "INSERT INTO category (code, name_nl, name_fr, name_en, department_id, target_days, icon, sort_order, active)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM category), ?8)
             ON CONFLICT (code) DO UPDATE SET name_nl = ?2, name_fr = ?3, name_en = ?4, department_id = ?5,
               target_days = ?6, icon = ?7, active = ?8",
        )
        .bind(&c.code)
        .bind(&c.name_nl)
        .bind(&c.name_fr)
        .bind(&c.name_en)
        .bind(d)
        .bind(c.target_days)
        .bind(&c.icon)
        .bind(c.active)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn departments(&self) -> Result<Vec<Department>, AppError> {
        let rows = sqlx::query(
            "SELECT code, name_nl, name_fr, name_en, active FROM department ORDER BY name_nl",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Department {
                code: r.get("code"),
                name_nl: r.get("name_nl"),
                name_fr: r.get("name_fr"),
                name_en: r.get("name_en"),
                active: r.get("active"),
            })
            .collect())
    }

    async fn save_department(&self, d: &Department) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO department (code, name_nl, name_fr, name_en, active) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (code) DO UPDATE SET name_nl = ?2, name_fr = ?3, name_en = ?4, active = ?5",
        )
        .bind(&d.code)
        .bind(&d.name_nl)
        .bind(&d.name_fr)
        .bind(&d.name_en)
        .bind(d.active)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn teams(&self) -> Result<Vec<Team>, AppError> {
        let rows = sqlx::query(
            "SELECT t.team_id, t.name, d.code FROM team t JOIN department d ON d.department_id = t.department_id ORDER BY t.name",
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
        let mut tx = self.write_tx().await?;
        let d = department_id(&mut tx, department).await?;
        let id = sqlx::query_scalar(
            "INSERT INTO team (name, department_id) VALUES (?, ?) RETURNING team_id",
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
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM team_member WHERE team_id = ?")
            .bind(team_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for u in user_ids {
            sqlx::query("INSERT INTO team_member (team_id, user_id) VALUES (?, ?)")
                .bind(team_id)
                .bind(u)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn partners(&self) -> Result<Vec<Partner>, AppError> {
        let rows = sqlx::query(
            "SELECT partner_id, name, email FROM partner WHERE active = 1 ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Partner {
                id: r.get(0),
                name: r.get(1),
                email: r.get(2),
            })
            .collect())
    }

    async fn create_partner(&self, name: &str, email: &str) -> Result<i64, AppError> {
        sqlx::query_scalar("INSERT INTO partner (name, email) VALUES (?, ?) RETURNING partner_id")
            .bind(name)
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }
}
