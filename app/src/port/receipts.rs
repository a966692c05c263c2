//! Offline changes' receipts: a replayed change answers its first outcome.

use crate::error::AppError;
use async_trait::async_trait;

/// What became of an offline change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOutcome {
    Applied,
    /// Based on an older version: kept in the history and flagged for a coordinator.
    Conflict,
}

impl ChangeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Conflict => "conflict",
        }
    }
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "applied" => Ok(Self::Applied),
            "conflict" => Ok(Self::Conflict),
            _ => Err(AppError::internal(format!("unknown change outcome {s}"))),
        }
    }
}

/// The receipt an offline change leaves, claimed in the same transaction as the change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReceipt {
    pub key: String,
    pub user_id: i64,
    pub request_hash: String,
    pub outcome: ChangeOutcome,
}

/// A stored receipt: the answer a replay of the same change gets.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeReceipt {
    pub user_id: i64,
    pub request_hash: String,
    pub reference: String,
    pub outcome: ChangeOutcome,
    pub version: i64,
}

#[async_trait]
pub trait ReceiptStore: Send + Sync {
    /// The receipt of an offline change, by its idempotency key.
    async fn change_receipt(&self, key: &str) -> Result<Option<ChangeReceipt>, AppError>;
}
