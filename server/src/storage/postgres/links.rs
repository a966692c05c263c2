//! Partners' Open311 links, webhooks and the delivery queue in PostgreSQL; deliveries are
//! claimed with `FOR UPDATE SKIP LOCKED`, so the workers of several instances never take the
//! same row.

use super::{db_error, PgStore};
use crate::storage::links::{services_from_rows, short_error, webhook_from_row, WEBHOOK_COLUMNS};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{
    DeliveryCounts, DeliveryTarget, LinkRef, LinkStore, Open311Link, PartnerPoll, QueuedDelivery,
    ReportUpdate, PARKED_AFTER_DAYS,
};
use sqlx::{Postgres, Row, Transaction};

/// Queues what a change sends out: the forward it asks for, and its status-change event
/// for every active subscriber (not for a hidden report).
pub(super) async fn queue_deliveries(
    tx: &mut Transaction<'_, Postgres>,
    update: &ReportUpdate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(partner_id) = update.forward_to {
        sqlx::query(
            "INSERT INTO delivery (kind, report_id, partner_id, created_at, next_attempt_at)
             VALUES ('forward', $1, $2, $3, $3)",
        )
        .bind(update.report_id)
        .bind(partner_id)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    if let Some(event) = update.status_event(now) {
        sqlx::query(
            "INSERT INTO delivery (kind, report_id, webhook_id, event_id, payload, created_at, next_attempt_at)
             SELECT 'webhook', $1, webhook_id, $2, $3, $4, $4 FROM webhook
             WHERE revoked_at IS NULL
               AND EXISTS (SELECT 1 FROM report WHERE report_id = $1 AND NOT hidden)",
        )
        .bind(update.report_id)
        .bind(&event.id)
        .bind(&event.payload)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

#[async_trait]
impl LinkStore for PgStore {
    async fn set_open311_link(
        &self,
        partner_id: i64,
        link: Option<&Open311Link>,
    ) -> Result<(), AppError> {
        let mut tx = self.tx().await?;
        let found = sqlx::query(
            "UPDATE partner SET open311_endpoint = $1, open311_key = $2, open311_jurisdiction = $3,
               failures = 0, last_error = NULL WHERE partner_id = $4",
        )
        .bind(link.map(|l| l.endpoint.as_str()))
        .bind(link.map(|l| l.api_key.as_str()))
        .bind(link.and_then(|l| l.jurisdiction.as_deref()))
        .bind(partner_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        if found == 0 {
            return Err(AppError::not_found());
        }
        sqlx::query("DELETE FROM partner_service WHERE partner_id = $1")
            .bind(partner_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for (category, service) in link.map(|l| l.services.as_slice()).unwrap_or_default() {
            let inserted = sqlx::query(
                "INSERT INTO partner_service (partner_id, category_id, service_code)
                 SELECT $1, category_id, $2 FROM category WHERE code = $3",
            )
            .bind(partner_id)
            .bind(service)
            .bind(category)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
            if inserted == 0 {
                return Err(AppError::validation(
                    "services",
                    format!("unknown category: {category}"),
                ));
            }
        }
        tx.commit().await.map_err(db_error)
    }

    async fn open311_link(&self, partner_id: i64) -> Result<Option<Open311Link>, AppError> {
        let Some(row) = sqlx::query(
            "SELECT open311_endpoint, open311_key, open311_jurisdiction FROM partner
             WHERE partner_id = $1 AND open311_endpoint IS NOT NULL",
        )
        .bind(partner_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        let services = sqlx::query(
            "SELECT c.code, s.service_code FROM partner_service s
             JOIN category c ON c.category_id = s.category_id WHERE s.partner_id = $1 ORDER BY c.code",
        )
        .bind(partner_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(Some(Open311Link {
            endpoint: row.get(0),
            api_key: row.get::<Option<String>, _>(1).unwrap_or_default(),
            jurisdiction: row.get(2),
            services: services_from_rows(&services),
        }))
    }

    async fn create_webhook(
        &self,
        name: &str,
        url: &str,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, AppError> {
        sqlx::query_scalar(
            "INSERT INTO webhook (name, url, secret, created_at) VALUES ($1, $2, $3, $4) RETURNING webhook_id",
        )
        .bind(name)
        .bind(url)
        .bind(secret)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn webhooks(&self) -> Result<Vec<meldpunt_app::port::Webhook>, AppError> {
        let rows = sqlx::query(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhook w ORDER BY w.name"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(webhook_from_row).collect())
    }

    async fn revoke_webhook(&self, name: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
        let mut tx = self.tx().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE webhook SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL RETURNING webhook_id",
        )
        .bind(now)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        if let Some(id) = id {
            // What was still waiting for it is not sent any more.
            sqlx::query(
                "UPDATE delivery SET done_at = $1, last_error = 'subscription stopped'
                 WHERE webhook_id = $2 AND done_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(id.is_some())
    }

    async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<QueuedDelivery>, AppError> {
        // One writing connection: claims never overlap.
        let mut tx = self.tx().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE delivery d SET next_attempt_at = $1 FROM
               (SELECT delivery_id FROM delivery WHERE done_at IS NULL AND next_attempt_at <= $2
                ORDER BY delivery_id LIMIT $3 FOR UPDATE SKIP LOCKED) due
             WHERE d.delivery_id = due.delivery_id RETURNING d.delivery_id",
        )
        .bind(lease_until)
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            let r = sqlx::query(&format!(
                "SELECT d.delivery_id, d.report_id, r.ref, d.attempts, d.kind, d.partner_id,
                        d.event_id, d.payload, {WEBHOOK_COLUMNS}
                 FROM delivery d JOIN report r ON r.report_id = d.report_id
                 LEFT JOIN webhook w ON w.webhook_id = d.webhook_id WHERE d.delivery_id = $1"
            ))
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
            claimed.push(delivery_from_row(&r));
        }
        tx.commit().await.map_err(db_error)?;
        Ok(claimed)
    }

    async fn delivery_done(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE delivery SET done_at = $1, attempts = attempts + 1, last_error = NULL WHERE delivery_id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn delivery_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE delivery SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE delivery_id = $3",
        )
        .bind(short_error(error))
        .bind(next_attempt_at)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn delivery_counts(&self, now: DateTime<Utc>) -> Result<DeliveryCounts, AppError> {
        let parked_from = now + chrono::Duration::days(PARKED_AFTER_DAYS);
        let (waiting, parked, done): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE done_at IS NULL AND next_attempt_at <= $1),
                    COUNT(*) FILTER (WHERE done_at IS NULL AND next_attempt_at > $1),
                    COUNT(*) FILTER (WHERE done_at IS NOT NULL) FROM delivery",
        )
        .bind(parked_from)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(DeliveryCounts {
            waiting,
            parked,
            done,
        })
    }

    async fn record_link_outcome(
        &self,
        link: LinkRef,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let (table, id) = match link {
            LinkRef::Partner(id) => ("partner", id),
            LinkRef::Webhook(id) => ("webhook", id),
        };
        let sql = match error {
            None => format!(
                "UPDATE {table} SET failures = 0, last_error = NULL, last_ok_at = $1 WHERE {table}_id = $2"
            ),
            Some(_) => format!(
                "UPDATE {table} SET failures = failures + 1, last_error = $1 WHERE {table}_id = $2"
            ),
        };
        let query = match error {
            None => sqlx::query(&sql).bind(now),
            Some(e) => sqlx::query(&sql).bind(short_error(e)),
        };
        query.bind(id).execute(&self.pool).await.map_err(db_error)?;
        Ok(())
    }

    async fn claim_partner_polls(
        &self,
        asked_before: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<PartnerPoll>, AppError> {
        let rows = sqlx::query(
            "UPDATE report u SET partner_polled_at = $1 FROM
               (SELECT r.report_id FROM report r JOIN partner p ON p.partner_id = r.partner_id
                WHERE r.status = 'forwarded' AND p.open311_endpoint IS NOT NULL
                  AND (r.partner_ref IS NOT NULL OR r.partner_token IS NOT NULL)
                  AND (r.partner_polled_at IS NULL OR r.partner_polled_at < $2)
                ORDER BY r.partner_polled_at NULLS FIRST LIMIT $3 FOR UPDATE OF r SKIP LOCKED) due
             WHERE u.report_id = due.report_id
             RETURNING u.report_id, u.ref, u.partner_id, u.partner_ref, u.partner_token",
        )
        .bind(now)
        .bind(asked_before)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| PartnerPoll {
                report_id: r.get(0),
                reference: r.get(1),
                partner_id: r.get(2),
                partner_ref: r.get(3),
                partner_token: r.get(4),
            })
            .collect())
    }
}

fn delivery_from_row(r: &sqlx::postgres::PgRow) -> QueuedDelivery {
    let kind: String = r.get("kind");
    let target = if kind == "forward" {
        DeliveryTarget::Forward {
            partner_id: r.get("partner_id"),
        }
    } else {
        DeliveryTarget::Event {
            webhook: webhook_from_row(r),
            event_id: r.get("event_id"),
            payload: r.get("payload"),
        }
    };
    QueuedDelivery {
        id: r.get("delivery_id"),
        report_id: r.get("report_id"),
        reference: r.get("ref"),
        attempts: r.get("attempts"),
        target,
    }
}
