//! Ports: what the app needs from storage and files, split by feature. Defined here,
//! implemented by the `server` crate (one module per port and backend), reached through
//! [`crate::context::Ctx`]. Ports speak domain types only; SQL dialects stay behind them.

mod addresses;
mod alerts;
mod appointments;
mod asks;
mod catalogue;
mod citizens;
mod complaints;
mod contacts;
mod districts;
mod knowledge;
mod links;
mod maintenance;
mod outbox;
mod planner;
mod receipts;
mod reports;
mod users;
mod workflow;

pub use addresses::*;
pub use alerts::*;
pub use appointments::*;
pub use asks::*;
pub use catalogue::*;
pub use citizens::*;
pub use complaints::*;
pub use contacts::*;
pub use districts::*;
pub use knowledge::*;
pub use links::*;
pub use maintenance::*;
pub use outbox::*;
pub use planner::*;
pub use receipts::*;
pub use reports::*;
pub use users::*;
pub use workflow::*;

use crate::error::AppError;
use async_trait::async_trait;

/// Every storage port at once: what [`crate::context::Ctx`] holds. A backend implements each
/// port, then this one with an empty `impl`.
/// Through `Ctx` (a `dyn Store`) every port's methods are at hand; code that holds a concrete
/// store brings them into scope with `use crate::port::prelude::*`.
pub trait Store:
    CatalogueStore
    + ReportStore
    + WorkflowStore
    + ReceiptStore
    + OutboxStore
    + UserStore
    + AddressStore
    + PlannerStore
    + ComplaintStore
    + AppointmentStore
    + KnowledgeStore
    + ContactStore
    + LinkStore
    + MaintenanceStore
    + CitizenStore
    + PersonalDataStore
    + AskStore
    + DistrictStore
    + AlertStore
    + Send
    + Sync
{
}

/// The storage ports' methods, without their names in the way.
pub mod prelude {
    pub use super::{
        AddressStore as _, AlertStore as _, AppointmentStore as _, AskStore as _,
        CatalogueStore as _, CitizenStore as _, ComplaintStore as _, ContactStore as _,
        DistrictStore as _, KnowledgeStore as _, LinkStore as _, MaintenanceStore as _,
        OutboxStore as _, PersonalDataStore as _, PlannerStore as _, ReceiptStore as _,
        ReportStore as _, Store, UserStore as _, WorkflowStore as _,
    };
}

/// A file in a file store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFile {
    pub key: String,
    pub modified: std::time::SystemTime,
    /// Left by a write that never finished (a crash between writing and renaming).
    pub partial: bool,
}

/// Which file store a file belongs to: public photos, or the private files of complaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileArea {
    Photos,
    Private,
}

impl FileArea {
    pub fn as_str(self) -> &'static str {
        match self {
            FileArea::Photos => "photos",
            FileArea::Private => "private",
        }
    }
}

/// A file whose bytes the database store writes in the transaction that stores the rows
/// naming it, so that one never exists without the other.
#[derive(Clone, PartialEq)]
pub struct PendingFile {
    pub area: FileArea,
    pub key: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for PendingFile {
    // The bytes are someone's photo or letter: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingFile")
            .field("area", &self.area)
            .field("key", &self.key)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A file a store has taken: its key, and its bytes when they still have to be written with
/// the rows (a store in the database); `None` when the file is already durably written.
#[derive(Debug, Clone)]
pub struct PutFile {
    pub key: String,
    pub pending: Option<PendingFile>,
}

/// Where photo files live. Keys are opaque names that never come from user input.
#[async_trait]
pub trait PhotoFiles: Send + Sync {
    /// Takes a file and returns its key: a file store writes it durably (temp file, fsync,
    /// rename) at once; the database store hands it back to be written with its rows.
    async fn put(&self, bytes: &[u8], suffix: &str) -> Result<PutFile, AppError>;
    /// Reads a file back (404 when it is gone).
    async fn get(&self, key: &str) -> Result<Vec<u8>, AppError>;
    async fn delete(&self, key: &str) -> Result<(), AppError>;
    /// Every file in the store, finished or not: what an orphan sweep looks at.
    async fn list(&self) -> Result<Vec<StoredFile>, AppError>;
    /// Whether files are written in the transaction of their rows (the database store):
    /// then none is ever left over, and sweeps skip the store.
    fn written_with_rows(&self) -> bool {
        false
    }

    /// Deletes a file nobody will read (cleaning up after a failed request); a failure leaves
    /// an orphan file behind, which is logged rather than failing the request again.
    async fn discard(&self, key: &str) {
        if let Err(e) = self.delete(key).await {
            tracing::warn!(key, error = %e, "a file that is no longer needed could not be deleted");
        }
    }
}
