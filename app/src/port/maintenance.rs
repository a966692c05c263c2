//! What operators' tools need from storage: which files rows point at (to find orphans) and
//! whether the database is sound.

use crate::error::AppError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The files rows point at, per file store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferencedFiles {
    /// Report photos and their thumbnails (the public photo store).
    pub photos: Vec<String>,
    /// Complaint attachments and their thumbnails (the private file store).
    pub private: Vec<String>,
}

/// Whether the database answers with the schema this build expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaState {
    /// Migrations recorded as applied in the database.
    pub applied: usize,
    /// Migrations this build knows.
    pub known: usize,
}

#[async_trait]
pub trait MaintenanceStore: Send + Sync {
    /// A cheap round trip to the database: its schema state.
    async fn schema_state(&self) -> Result<SchemaState, AppError>;
    /// Every file key a row points at.
    async fn referenced_files(&self) -> Result<ReferencedFiles, AppError>;
    /// What the database's own checks find wrong (structure, foreign keys); empty when sound.
    async fn integrity_problems(&self) -> Result<Vec<String>, AppError>;
    /// Claims the run of a periodic job that is due at `now`, moving its next run to
    /// `next_run`: true for the one caller that moved it (of all instances sharing the
    /// database), false while the job is not due.
    async fn claim_job(
        &self,
        job: &str,
        now: DateTime<Utc>,
        next_run: DateTime<Utc>,
    ) -> Result<bool, AppError>;
}
