//! Area alerts in SQLite: subscriptions by address and the new reports they are told of.

use super::{db_error, SqliteStore};
use crate::storage::lang_from_db;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{AlertRecord, AlertStore, NewAlert, NewsItem};
use meldpunt_app::report::alerts::{AlertArea, AlertFrequency};
use meldpunt_app::report::domain::GeoPoint;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

const COLUMNS: &str = "alert_id, email, lang, area, lat, lon, label, district, categories, \
                       frequency, token, created_at, confirmed_at, stopped_at, digest_from";

fn record(r: &SqliteRow) -> Result<AlertRecord, AppError> {
    let area = match r.get::<String, _>("area").as_str() {
        "around" => AlertArea::Around {
            point: GeoPoint {
                lat: r.get("lat"),
                lon: r.get("lon"),
            },
            label: r.get("label"),
        },
        _ => AlertArea::District {
            code: r.get("district"),
        },
    };
    Ok(AlertRecord {
        id: r.get("alert_id"),
        email: r.get("email"),
        lang: lang_from_db(r.get("lang")),
        area,
        categories: serde_json::from_str(r.get("categories")).map_err(AppError::internal)?,
        frequency: AlertFrequency::parse(r.get("frequency"))
            .ok_or_else(|| AppError::internal("an alert of unknown frequency"))?,
        token: r.get("token"),
        created_at: r.get("created_at"),
        confirmed_at: r.get("confirmed_at"),
        stopped_at: r.get("stopped_at"),
        digest_from: r.get("digest_from"),
    })
}

#[async_trait]
impl AlertStore for SqliteStore {
    async fn add_alert(&self, alert: &NewAlert) -> Result<bool, AppError> {
        let (kind, point, label, district) = match &alert.request.area {
            AlertArea::Around { point, label } => ("around", Some(*point), Some(label), None),
            AlertArea::District { code } => ("district", None, None, Some(code)),
        };
        let done = sqlx::query(
            "INSERT INTO alert_subscription (email, lang, area, lat, lon, label, district,
                                             categories, frequency, token, created_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11
             WHERE (SELECT count(*) FROM alert_subscription
                    WHERE lower(email) = lower(?1) AND stopped_at IS NULL) < ?12",
        )
        .bind(&alert.request.email)
        .bind(alert.lang.code())
        .bind(kind)
        .bind(point.map(|p| p.lat))
        .bind(point.map(|p| p.lon))
        .bind(label)
        .bind(district)
        .bind(serde_json::to_string(&alert.request.categories).map_err(AppError::internal)?)
        .bind(alert.request.frequency.as_str())
        .bind(&alert.token)
        .bind(alert.now)
        .bind(i64::from(alert.max_per_address))
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn alert(&self, token: &str) -> Result<Option<AlertRecord>, AppError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alert_subscription WHERE token = ?"
        ))
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.as_ref().map(record).transpose()
    }

    async fn confirm_alert(&self, token: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
        let done = sqlx::query(
            "UPDATE alert_subscription SET confirmed_at = ?2, digest_from = ?2
             WHERE token = ?1 AND confirmed_at IS NULL AND stopped_at IS NULL",
        )
        .bind(token)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn stop_alert(&self, token: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
        let done = sqlx::query(
            "UPDATE alert_subscription SET stopped_at = ?2 WHERE token = ?1 AND stopped_at IS NULL",
        )
        .bind(token)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn live_alerts(&self, frequency: AlertFrequency) -> Result<Vec<AlertRecord>, AppError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alert_subscription
             WHERE frequency = ? AND confirmed_at IS NOT NULL AND stopped_at IS NULL
             ORDER BY alert_id"
        ))
        .bind(frequency.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(record).collect()
    }

    async fn set_digest_from(&self, id: i64, at: DateTime<Utc>) -> Result<(), AppError> {
        sqlx::query("UPDATE alert_subscription SET digest_from = ? WHERE alert_id = ?")
            .bind(at)
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn news_since(
        &self,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<NewsItem>, AppError> {
        let rows = sqlx::query(
            "SELECT r.ref, c.code AS category, r.lat, r.lon, di.code AS district, r.address,
                    r.address_near, r.created_at
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             LEFT JOIN district di ON di.district_id = r.district_id
             WHERE r.hidden = 0 AND r.created_at >= ?
             ORDER BY r.created_at, r.report_id LIMIT ?",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| NewsItem {
                reference: r.get("ref"),
                category: r.get("category"),
                point: GeoPoint {
                    lat: r.get("lat"),
                    lon: r.get("lon"),
                },
                district: r.get("district"),
                address: r.get("address"),
                address_near: r.get("address_near"),
                created_at: r.get("created_at"),
            })
            .collect())
    }

    async fn forget_alerts(
        &self,
        unconfirmed_before: DateTime<Utc>,
        stopped_before: DateTime<Utc>,
    ) -> Result<u64, AppError> {
        let done = sqlx::query(
            "DELETE FROM alert_subscription
             WHERE (confirmed_at IS NULL AND created_at < ?1)
                OR (stopped_at IS NOT NULL AND stopped_at < ?2)",
        )
        .bind(unconfirmed_before)
        .bind(stopped_before)
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected())
    }
}
