//! Receipts of offline changes in PostgreSQL.

use super::{db_error, PgStore};
use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::port::ReceiptStore;
use meldpunt_app::port::{ChangeOutcome, ChangeReceipt};
use sqlx::Row;

#[async_trait]
impl ReceiptStore for PgStore {
    async fn change_receipt(&self, key: &str) -> Result<Option<ChangeReceipt>, AppError> {
        let Some(row) = sqlx::query(
            "SELECT c.user_id, c.request_hash, r.ref, c.outcome, c.version
             FROM change_receipt c JOIN report r ON r.report_id = c.report_id WHERE c.idem_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        Ok(Some(ChangeReceipt {
            user_id: row.get("user_id"),
            request_hash: row.get("request_hash"),
            reference: row.get("ref"),
            outcome: ChangeOutcome::parse(row.get("outcome"))?,
            version: row.get("version"),
        }))
    }
}
