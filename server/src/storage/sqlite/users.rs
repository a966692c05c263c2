//! Staff accounts, memberships, sessions and sign-in throttling in SQLite.

use super::{db_error, department_id, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::UserStore;
use meldpunt_app::port::{UserListing, UserRecord};
use meldpunt_app::staff::{Role, StaffUser};
use sqlx::sqlite::SqlitePool;
use sqlx::Row;

#[async_trait]
impl UserStore for SqliteStore {
    async fn login_failed(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        use meldpunt_app::service::{LOGIN_LOCK_MINUTES, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES};
        let mut tx = self.write_tx().await?;
        let window_start = now - chrono::Duration::minutes(LOGIN_WINDOW_MINUTES);
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO login_throttle (email, failures, window_start) VALUES (?1, 1, ?2)
             ON CONFLICT (email) DO UPDATE SET
               failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END,
               window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END
             RETURNING failures",
        )
        .bind(email)
        .bind(now)
        .bind(window_start)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let locked = if failures >= LOGIN_MAX_FAILURES {
            let until = now + chrono::Duration::minutes(LOGIN_LOCK_MINUTES);
            sqlx::query("UPDATE login_throttle SET locked_until = ? WHERE email = ?")
                .bind(until)
                .bind(email)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            Some(until)
        } else {
            None
        };
        tx.commit().await.map_err(db_error)?;
        Ok(locked)
    }

    async fn login_locked_until(&self, email: &str) -> Result<Option<DateTime<Utc>>, AppError> {
        Ok(sqlx::query_scalar::<_, Option<DateTime<Utc>>>(
            "SELECT locked_until FROM login_throttle WHERE email = ?",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        .flatten())
    }

    async fn login_succeeded(&self, email: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM login_throttle WHERE email = ?")
            .bind(email)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, AppError> {
        sqlx::query_scalar(
            "INSERT INTO app_user (email, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING user_id",
        )
        .bind(email)
        .bind(display_name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, AppError> {
        let row = sqlx::query("SELECT user_id, email, display_name, role, password_hash, active FROM app_user WHERE email = ?")
            .bind(email)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        let Some(r) = row else { return Ok(None) };
        let id: i64 = r.get("user_id");
        let (departments, teams) = memberships(&self.pool, id).await?;
        Ok(Some(UserRecord {
            user: StaffUser {
                id,
                email: r.get("email"),
                display_name: r.get("display_name"),
                role: Role::parse(r.get("role"))?,
                departments,
                teams,
            },
            password_hash: r.get("password_hash"),
            active: r.get("active"),
        }))
    }

    async fn users(&self) -> Result<Vec<UserListing>, AppError> {
        let rows = sqlx::query(
            "SELECT user_id, email, display_name, role, active FROM app_user ORDER BY display_name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.get("user_id");
            let (departments, teams) = memberships(&self.pool, id).await?;
            out.push(UserListing {
                user: StaffUser {
                    id,
                    email: r.get("email"),
                    display_name: r.get("display_name"),
                    role: Role::parse(r.get("role"))?,
                    departments,
                    teams,
                },
                active: r.get("active"),
            });
        }
        Ok(out)
    }

    async fn update_user(
        &self,
        user_id: i64,
        role: Role,
        departments: &[String],
        active: bool,
    ) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE app_user SET role = ?, active = ? WHERE user_id = ?")
            .bind(role.as_str())
            .bind(active)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        if n != 1 {
            return Err(AppError::not_found());
        }
        sqlx::query("DELETE FROM user_department WHERE user_id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for code in departments {
            let d = department_id(&mut tx, code).await?;
            sqlx::query("INSERT INTO user_department (user_id, department_id) VALUES (?, ?)")
                .bind(user_id)
                .bind(d)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        if !active {
            sqlx::query("DELETE FROM session WHERE user_id = ?")
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE app_user SET password_hash = ? WHERE user_id = ?")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        // A new password ends every session opened with the old one.
        sqlx::query("DELETE FROM session WHERE user_id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let now = Utc::now();
        sqlx::query("DELETE FROM session WHERE expires_at < ?")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StaffUser>, AppError> {
        let row = sqlx::query(
            "SELECT u.user_id, u.email, u.display_name, u.role FROM session s JOIN app_user u ON u.user_id = s.user_id
             WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        let Some(r) = row else { return Ok(None) };
        let id: i64 = r.get("user_id");
        let (departments, teams) = memberships(&self.pool, id).await?;
        Ok(Some(StaffUser {
            id,
            email: r.get("email"),
            display_name: r.get("display_name"),
            role: Role::parse(r.get("role"))?,
            departments,
            teams,
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM session WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}

/// Departments and teams of a user.
async fn memberships(pool: &SqlitePool, user_id: i64) -> Result<(Vec<String>, Vec<i64>), AppError> {
    let departments = sqlx::query_scalar(
        "SELECT d.code FROM user_department ud JOIN department d ON d.department_id = ud.department_id
         WHERE ud.user_id = ? ORDER BY d.code",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(db_error)?;
    let teams =
        sqlx::query_scalar("SELECT team_id FROM team_member WHERE user_id = ? ORDER BY team_id")
            .bind(user_id)
            .fetch_all(pool)
            .await
            .map_err(db_error)?;
    Ok((departments, teams))
}
