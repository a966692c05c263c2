//! Staff accounts, memberships, sessions and sign-in throttling in PostgreSQL: all in the
//! database, so every instance sees the same sessions and lockouts.

use super::{db_error, department_id, PgStore};
use crate::storage::{api_key_from_row, API_KEY_SELECT};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::UserStore;
use meldpunt_app::port::{ApiKeyRecord, LoginThrottle, UserListing, UserRecord};
use meldpunt_app::staff::{Role, StaffUser};
use sqlx::postgres::PgPool;
use sqlx::Row;

#[async_trait]
impl UserStore for PgStore {
    async fn login_throttle(
        &self,
        email: &str,
        client: &str,
        failures_since: DateTime<Utc>,
    ) -> Result<LoginThrottle, AppError> {
        let row = sqlx::query(
            "SELECT
               (SELECT locked_until FROM login_throttle WHERE email = $1 AND client = $2),
               (SELECT COALESCE(SUM(failures), 0)::bigint FROM login_throttle
                 WHERE email = $1 AND last_failure >= $3),
               EXISTS (SELECT 1 FROM login_known_client WHERE email = $1 AND client = $2)",
        )
        .bind(email)
        .bind(client)
        .bind(failures_since)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(LoginThrottle {
            locked_until: row.try_get(0).map_err(db_error)?,
            account_failures: row.try_get(1).map_err(db_error)?,
            known_client: row.try_get(2).map_err(db_error)?,
        })
    }

    async fn login_failed(
        &self,
        email: &str,
        client: &str,
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<i64, AppError> {
        let mut tx = self.tx().await?;
        sqlx::query(
            "DELETE FROM login_throttle WHERE last_failure < $1
               AND (locked_until IS NULL OR locked_until < $2)",
        )
        .bind(forget_before)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO login_throttle (email, client, failures, last_failure) VALUES ($1, $2, 1, $3)
             ON CONFLICT (email, client) DO UPDATE SET
               failures = CASE WHEN login_throttle.last_failure < $4 THEN 1 ELSE login_throttle.failures + 1 END,
               last_failure = $3
             RETURNING failures",
        )
        .bind(email)
        .bind(client)
        .bind(now)
        .bind(forget_before)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(failures)
    }

    async fn lock_login(
        &self,
        email: &str,
        client: &str,
        until: DateTime<Utc>,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE email = $2 AND client = $3")
            .bind(until)
            .bind(email)
            .bind(client)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn login_succeeded(
        &self,
        email: &str,
        client: &str,
        now: DateTime<Utc>,
        forget_known_before: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        sqlx::query("DELETE FROM login_throttle WHERE email = $1 AND client = $2")
            .bind(email)
            .bind(client)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO login_known_client (email, client, last_success) VALUES ($1, $2, $3)
             ON CONFLICT (email, client) DO UPDATE SET last_success = $3",
        )
        .bind(email)
        .bind(client)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("DELETE FROM login_known_client WHERE last_success < $1")
            .bind(forget_known_before)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn unlock_login(&self, email: &str) -> Result<u64, AppError> {
        Ok(sqlx::query("DELETE FROM login_throttle WHERE email = $1")
            .bind(email)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected())
    }

    async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, AppError> {
        sqlx::query_scalar(
            "INSERT INTO app_user (email, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING user_id",
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
        let row = sqlx::query("SELECT user_id, email, display_name, role, password_hash, active FROM app_user WHERE email = $1")
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
            "SELECT user_id, email, display_name, role, active FROM app_user ORDER BY display_name COLLATE \"C\"",
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
        let mut tx = self.tx().await?;
        let n = sqlx::query("UPDATE app_user SET role = $1, active = $2 WHERE user_id = $3")
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
        sqlx::query("DELETE FROM user_department WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for code in departments {
            let d = department_id(&mut tx, code).await?;
            sqlx::query("INSERT INTO user_department (user_id, department_id) VALUES ($1, $2)")
                .bind(user_id)
                .bind(d)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        if !active {
            sqlx::query("DELETE FROM session WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        sqlx::query("UPDATE app_user SET password_hash = $1 WHERE user_id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        // A new password ends every session opened with the old one.
        sqlx::query("DELETE FROM session WHERE user_id = $1")
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
        sqlx::query("DELETE FROM session WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
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
        // One round trip, memberships included: every staff request asks this first.
        let row = sqlx::query(
            "SELECT u.user_id, u.email, u.display_name, u.role,
                    ARRAY(SELECT d.code FROM user_department ud JOIN department d ON d.department_id = ud.department_id
                          WHERE ud.user_id = u.user_id ORDER BY d.code COLLATE \"C\") AS departments,
                    ARRAY(SELECT team_id FROM team_member WHERE user_id = u.user_id ORDER BY team_id) AS teams
             FROM session s JOIN app_user u ON u.user_id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(StaffUser {
            id: r.get("user_id"),
            email: r.get("email"),
            display_name: r.get("display_name"),
            role: Role::parse(r.get("role"))?,
            departments: r.get("departments"),
            teams: r.get("teams"),
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM session WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }
    async fn create_api_key(
        &self,
        name: &str,
        key_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, AppError> {
        sqlx::query_scalar(
            "INSERT INTO api_key (name, key_hash, created_at) VALUES ($1, $2, $3) RETURNING api_key_id",
        )
        .bind(name)
        .bind(key_hash)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                AppError::validation("name", "a key with this name exists already")
            }
            _ => db_error(e),
        })
    }

    async fn api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKeyRecord>, AppError> {
        let row = sqlx::query(&format!("{API_KEY_SELECT} WHERE key_hash = $1"))
            .bind(key_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.map(|r| api_key_from_row(&r)))
    }

    async fn touch_api_key(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
        sqlx::query("UPDATE api_key SET last_used_at = $1 WHERE api_key_id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn api_keys(&self) -> Result<Vec<ApiKeyRecord>, AppError> {
        let rows = sqlx::query(&format!("{API_KEY_SELECT} ORDER BY name"))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(rows.iter().map(api_key_from_row).collect())
    }

    async fn revoke_api_key(&self, name: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
        let done = sqlx::query(
            "UPDATE api_key SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(name)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }
}

/// Departments and teams of a user.
async fn memberships(pool: &PgPool, user_id: i64) -> Result<(Vec<String>, Vec<i64>), AppError> {
    let departments = sqlx::query_scalar(
        "SELECT d.code FROM user_department ud JOIN department d ON d.department_id = ud.department_id
         WHERE ud.user_id = $1 ORDER BY d.code COLLATE \"C\"",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(db_error)?;
    let teams =
        sqlx::query_scalar("SELECT team_id FROM team_member WHERE user_id = $1 ORDER BY team_id")
            .bind(user_id)
            .fetch_all(pool)
            .await
            .map_err(db_error)?;
    Ok((departments, teams))
}
